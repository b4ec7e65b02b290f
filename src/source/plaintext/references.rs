//! The link numbers of a text browser's dump: `lynx -dump` writes `[3]`
//! before the text of every link and lists the addresses at the end under
//! "References". Both are taken out before the text is read, so that a
//! source line `[3]medium.com` is `medium.com` again; the addresses are not
//! words of the issue.

use super::blocks::Line;

/// True for a line of the link list: `   3. https://…` (or `file://…`).
fn is_reference(line: &str) -> bool {
    let t = line.trim();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && t[digits..].starts_with(". ") && t[digits + 2..].contains("://")
}

/// The index of the "References" line that starts the link list at the end
/// of `lines`, when there is one: the heading, then only blank lines,
/// numbered addresses and "Visible links"/"Hidden links" sub-headings.
pub(crate) fn link_list_start(lines: &[&str]) -> Option<usize> {
    let start = lines.iter().rposition(|l| l.trim() == "References")?;
    let rest = &lines[start + 1..];
    let listed = rest.iter().filter(|l| is_reference(l)).count();
    let only_links = rest.iter().all(|l| {
        let t = l.trim();
        t.is_empty() || is_reference(l) || t == "Visible links:" || t == "Hidden links:"
    });
    (listed > 0 && only_links).then_some(start)
}

/// Removes a text browser's link list and the `[n]` link numbers it
/// refers to; other bracketed numbers stay.
pub(crate) fn strip_link_numbers(lines: &mut Vec<Line>) {
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let Some(start) = link_list_start(&texts) else {
        return;
    };
    let count = lines[start..]
        .iter()
        .filter(|l| is_reference(&l.text))
        .count();
    lines.truncate(start);
    for line in lines.iter_mut() {
        if line.text.contains('[') {
            let (text, links) = without_numbers(&line.text, count);
            line.text = text;
            line.links += links;
        }
    }
}

/// `text` without the `[n]` marks for `n` in `1..=count`, and how many
/// there were (each marks a link).
fn without_numbers(text: &str, count: usize) -> (String, usize) {
    let mut links = 0;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let number = after[..digits].parse::<usize>().ok();
        if digits > 0
            && after[digits..].starts_with(']')
            && number.is_some_and(|n| (1..=count).contains(&n))
        {
            // A mark at the start of the line or of a ` | ` piece starts a
            // piece that is all link text.
            let before = out.trim_end();
            if before.is_empty() || before.ends_with('|') {
                links += 1;
            }
            rest = &after[digits + 1..];
        } else {
            out.push('[');
            rest = after;
        }
    }
    out.push_str(rest);
    (out, links)
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::blocks::numbered_lines as lines;

    #[test]
    fn link_numbers_and_list_go() {
        let mut l = lines("Title\n\n   [1]medium.com\n\n   See [2]this and a[0] b[9].\n\nReferences\n\n   1. https://medium.com/x\n   2. https://y.org/\n");
        strip_link_numbers(&mut l);
        let texts: Vec<&str> = l.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Title",
                "",
                "   medium.com",
                "",
                "   See this and a[0] b[9].",
                ""
            ]
        );
        assert_eq!(l[2].links, 1);
        assert_eq!(l[4].links, 0);
    }

    #[test]
    fn a_references_heading_in_the_text_stays() {
        let mut l = lines("References\n\nThe papers [1] and [2] are classics.\n");
        strip_link_numbers(&mut l);
        assert_eq!(l[2].text, "The papers [1] and [2] are classics.");
    }
}
