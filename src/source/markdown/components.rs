//! VuePress components, rewritten into Markdown the parser understands
//! before parsing, each line kept where it was.

use crate::source::intro;

/// Rewrites the VuePress components into Markdown the parser understands,
/// keeping every line where it was: `<mermaid>` … `</mermaid>` becomes a
/// `mermaid` fence, and `<TechshackHeader />` an empty line (reported back).
pub(super) fn expand_components(body: &str) -> (String, bool) {
    let mut out = String::with_capacity(body.len());
    let mut had_header = false;
    let mut in_mermaid = false;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim();
        let newline = if line.ends_with('\n') { "\n" } else { "" };
        if !in_mermaid && is_component_tag(trimmed, intro::COMPONENT) {
            had_header = true;
            out.push_str(newline);
        } else if !in_mermaid && trimmed.eq_ignore_ascii_case("<mermaid>") {
            in_mermaid = true;
            out.push_str("~~~~~~~~mermaid");
            out.push_str(newline);
        } else if in_mermaid && trimmed.eq_ignore_ascii_case("</mermaid>") {
            in_mermaid = false;
            out.push_str("~~~~~~~~");
            out.push_str(newline);
        } else {
            out.push_str(line);
        }
    }
    if in_mermaid {
        out.push_str("\n~~~~~~~~\n");
    }
    (out, had_header)
}

/// True for `<Name />`, `<Name/>` or `<Name></Name>` alone on a line.
pub(super) fn is_component_tag(line: &str, name: &str) -> bool {
    let Some(rest) = line.strip_prefix('<').and_then(|r| r.strip_prefix(name)) else {
        return false;
    };
    let rest = rest.trim();
    rest == "/>" || rest == ">" || rest == format!("></{name}>")
}
