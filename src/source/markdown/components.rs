//! VuePress components, rewritten into Markdown the parser understands
//! before parsing, each line kept where it was.
//!
//! The site's pages carry components of its own (`<TechshackHeader />`,
//! `<SubscribeList />`, `<mermaid>`): the header stands for the series
//! intro, Mermaid is a diagram, and the rest is site chrome that a book
//! has no use for. Which components are chrome is a list in `book.yaml`
//! (`components: drop:`); any other component is reported once per file,
//! so the author can add it to the list or remove it.

use std::collections::HashMap;

use crate::source::{html, intro};

/// The components of one file: which are dropped quietly, and which
/// unknown ones were reported already.
pub(super) struct Components<'a> {
    /// The names dropped quietly (`components: drop:` of `book.yaml`).
    dropped: &'a [String],
    /// The unknown components met, by [`normalized`] name: the name as
    /// first written and the first file line it stands on.
    unknown: HashMap<String, (String, usize)>,
}

impl<'a> Components<'a> {
    /// The components of a file, with the names dropped quietly.
    pub(super) fn new(dropped: &'a [String]) -> Self {
        Components {
            dropped,
            unknown: HashMap::new(),
        }
    }

    /// Whether `name` is site chrome, dropped without a word (the intro
    /// component always is: it goes to the preface).
    pub(super) fn is_dropped(&self, name: &str) -> bool {
        let name = normalized(name);
        name == normalized(intro::COMPONENT) || self.dropped.iter().any(|d| normalized(d) == name)
    }

    /// Notes a component met at a file line: dropped quietly when it is
    /// site chrome, else kept for [`Components::unknown`].
    pub(super) fn met(&mut self, name: &str, line: usize) {
        if self.is_dropped(name) {
            return;
        }
        let first = self
            .unknown
            .entry(normalized(name))
            .or_insert_with(|| (name.to_string(), line));
        if line < first.1 {
            *first = (name.to_string(), line);
        }
    }

    /// The unknown components met, each once, with the first line it
    /// stands on, in line order.
    pub(super) fn unknown(self) -> Vec<(String, usize)> {
        let mut unknown: Vec<(String, usize)> = self.unknown.into_values().collect();
        unknown.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
        unknown
    }
}

/// A component name as Vue matches it: `<SubscribeList>` and
/// `<subscribe-list>` are the same component.
fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '-' && *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The issue body with the components rewritten.
pub(super) struct Expanded {
    /// The body to parse: as many lines as the input.
    pub(super) text: String,
    /// Whether `<TechshackHeader />` stood in it.
    pub(super) had_header: bool,
}

/// Rewrites the VuePress components into Markdown the parser understands,
/// keeping every line where it was: `<mermaid>` … `</mermaid>` becomes a
/// `mermaid` fence, and a component alone on a line (`<TechshackHeader />`,
/// `<SubscribeList/>`, `<Badge text="x"></Badge>`) an empty line, noted in
/// `components` at its file line (`line_offset` is the body's first line
/// minus one). Lines inside fenced code are left alone.
pub(super) fn expand_components(
    body: &str,
    line_offset: usize,
    components: &mut Components<'_>,
) -> Expanded {
    let mut out = String::with_capacity(body.len());
    let mut had_header = false;
    let mut in_mermaid = false;
    let mut fence: Option<Fence> = None;
    for (index, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        let newline = if line.ends_with('\n') { "\n" } else { "" };
        if let Some(open) = &fence {
            if open.is_closed_by(line) {
                fence = None;
            }
            out.push_str(line);
        } else if in_mermaid {
            if trimmed.eq_ignore_ascii_case("</mermaid>") {
                in_mermaid = false;
                out.push_str("~~~~~~~~");
                out.push_str(newline);
            } else {
                out.push_str(line);
            }
        } else if trimmed.eq_ignore_ascii_case("<mermaid>") {
            in_mermaid = true;
            out.push_str("~~~~~~~~mermaid");
            out.push_str(newline);
        } else if let Some(name) = lone_component(line) {
            if is_component_tag(trimmed, intro::COMPONENT) {
                had_header = true;
            } else {
                components.met(&name, line_offset + index + 1);
            }
            out.push_str(newline);
        } else {
            fence = Fence::opened_by(line);
            out.push_str(line);
        }
    }
    if in_mermaid {
        out.push_str("\n~~~~~~~~\n");
    }
    Expanded {
        text: out,
        had_header,
    }
}

/// An open code fence: its character and length.
pub(super) struct Fence {
    mark: char,
    len: usize,
}

impl Fence {
    /// The fence `line` opens, if it opens one (three or more backticks or
    /// tildes, indented less than a code block).
    pub(super) fn opened_by(line: &str) -> Option<Fence> {
        let (indent, rest) = split_indent(line);
        let mark = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
        let len = rest.chars().take_while(|c| *c == mark).count();
        (indent < 4 && len >= 3).then_some(Fence { mark, len })
    }

    /// Whether `line` closes this fence.
    pub(super) fn is_closed_by(&self, line: &str) -> bool {
        let (indent, rest) = split_indent(line);
        let len = rest.chars().take_while(|c| *c == self.mark).count();
        indent < 4 && len >= self.len && rest.trim_start_matches(self.mark).trim().is_empty()
    }
}

/// The width of a line's leading spaces, and the rest.
fn split_indent(line: &str) -> (usize, &str) {
    let rest = line.trim_start_matches(' ');
    (line.len() - rest.len(), rest)
}

/// The name of the component when `line` is one alone: `<Name … />`,
/// `<Name …>`, `<Name …></Name>` or `</Name>`, indented less than a code
/// block, where the name is a component's (see [`html::is_component_name`]).
fn lone_component(line: &str) -> Option<String> {
    let (indent, rest) = split_indent(line.trim_end());
    if indent >= 4 || !rest.starts_with('<') {
        return None;
    }
    let tokens: Vec<html::Token> = html::tokenize(rest)
        .into_iter()
        .filter(|t| !matches!(t, html::Token::Text(text) if text.trim().is_empty()))
        .collect();
    let name = match tokens.as_slice() {
        [html::Token::Open { name, .. }] | [html::Token::Close { name }] => name,
        [html::Token::Open {
            name,
            self_closing: false,
            ..
        }, html::Token::Close { name: closing }]
            if closing == name =>
        {
            name
        }
        _ => return None,
    };
    let plain_name = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (plain_name && html::is_component_name(name)).then(|| name.clone())
}

/// True for `<Name />`, `<Name/>` or `<Name></Name>` alone on a line.
pub(super) fn is_component_tag(line: &str, name: &str) -> bool {
    let Some(rest) = line.strip_prefix('<').and_then(|r| r.strip_prefix(name)) else {
        return false;
    };
    let rest = rest.trim();
    rest == "/>" || rest == ">" || rest == format!("></{name}>")
}
