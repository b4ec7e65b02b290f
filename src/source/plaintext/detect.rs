//! Plain text or Markdown? Decided from the whole file: the marks each kind
//! of file leaves are counted, and the larger count wins.
//!
//! A capture of the web page shows "(opens new window)" after links,
//! typographic bullets (`•`, `◦`, `▪`), the link numbers and "References"
//! list of a text browser, and article headings made of a title line over a
//! bare source line (`medium.com`). Markdown shows fences, `[text](url)`
//! links, `##` headings and components (`<TechshackHeader />`). Bullets
//! such as `- ` and a `# ` title are common to both, so they decide only a
//! file with no other mark.

use super::classify::{hash_heading, is_blank, list_marker, parse_source_line};
use super::references::link_list_start;
use super::{strip_new_window, NEW_WINDOW, PAGE_BULLETS};

/// How many marks of each kind a file carries.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Evidence {
    /// Marks only a capture of the page leaves.
    pub(crate) capture: usize,
    /// Marks only Markdown leaves.
    pub(crate) markdown: usize,
    /// The first line (1-based) that decided, for explanations.
    pub(crate) first_capture_line: Option<usize>,
    /// The first line (1-based) of a Markdown mark.
    pub(crate) first_markdown_line: Option<usize>,
}

/// True for a line that only Markdown writes: a fence, a `##` heading (a
/// capture keeps at most the article title's `#`), a component tag.
fn markdown_line(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```")
        || t.starts_with("~~~")
        || hash_heading(line).is_some_and(|(level, _)| level >= 2)
        || (t.starts_with('<')
            && t.chars().nth(1).is_some_and(|c| c.is_ascii_uppercase())
            && t.trim_end().ends_with("/>"))
}

/// Counts the marks of `text`.
pub(crate) fn evidence(text: &str) -> Evidence {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let mut e = Evidence::default();
    let capture_at = |e: &mut Evidence, n: usize, no: usize| {
        e.capture += n;
        if n > 0 && e.first_capture_line.is_none() {
            e.first_capture_line = Some(no);
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let no = i + 1;
        if line.contains('(') {
            capture_at(&mut e, line.matches(NEW_WINDOW).count(), no);
        }
        if line.trim_start().starts_with(PAGE_BULLETS) {
            capture_at(&mut e, 1, no);
        }
        let links = if line.contains(']') {
            line.matches("](").count()
        } else {
            0
        };
        let md = links + usize::from(markdown_line(line));
        if md > 0 {
            e.markdown += md;
            e.first_markdown_line.get_or_insert(no);
        }
        // A title over a bare source line: the article heading of a capture.
        if !is_blank(line)
            && line.len() <= 1000
            && (i == 0 || is_blank(lines[i - 1]))
            && hash_heading(line).is_none_or(|(level, _)| level == 1)
            && list_marker(line).is_none()
        {
            let next = (i + 1..lines.len().min(i + 5)).find(|&k| !is_blank(lines[k]));
            // A source line is short, does not end a sentence, and names a
            // site (a `.`).
            let may_be_source = |k: &usize| {
                let t = lines[*k].trim_end();
                t.len() <= 1600 && !t.ends_with(['.', ':', ',', ';', '!', '?']) && t.contains('.')
            };
            if let Some(k) = next.filter(may_be_source) {
                let source = strip_new_window(lines[k]);
                if !source.contains("](") && parse_source_line(&source).is_some() {
                    capture_at(&mut e, 1, no);
                }
            }
        }
    }
    if let Some(start) = link_list_start(&lines) {
        capture_at(&mut e, 1, start + 1);
    }
    e
}

impl Evidence {
    /// True when the marks say "a capture of the page".
    pub(crate) fn is_plain_text(&self, text: &str) -> bool {
        if self.capture != self.markdown {
            return self.capture > self.markdown;
        }
        // No mark either way (or as many): `#` headings, `-`/`*` lists and
        // `>` quotes mean Markdown, anything else is plain text.
        !text.lines().any(|l| {
            let t = l.trim_start();
            hash_heading(l).is_some()
                || ((t.starts_with("- ") || t.starts_with("* ")) && t.len() > 2)
                || t.starts_with('>')
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> bool {
        evidence(text).is_plain_text(text)
    }

    #[test]
    fn captures_with_markdown_like_bullets_are_plain_text() {
        let text = "# EnqueueZero Techshack 2020-01\r\n\r\nA title  \r\nmedium.com  \r\n\r\n- one\r\n- two\r\n\r\nOther title\r\n\r\nlwn.net\r\n\r\n* three\r\n";
        assert!(plain(text));
    }

    #[test]
    fn markdown_with_a_bare_domain_is_markdown() {
        let text = "# Issue\n\n## An article\n\n[medium.com](https://medium.com/x)\n\nSee\nexample.com\n\n```\ncode\n```\n";
        assert!(!plain(text));
        // Headings over bare domains, but `##` headings: Markdown.
        assert!(!plain("# Issue\n\n## A\n\nmedium.com\n\n## B\n\nlwn.net\n"));
    }

    #[test]
    fn one_capture_mark_does_not_outweigh_many_markdown_marks() {
        let text = "# Issue\n\n## A\n\n[a.com](https://a.com) (opens new window)\n\n## B\n\n[b.com](https://b.com)\n";
        assert!(!plain(text));
    }

    #[test]
    fn a_sentence_over_a_domain_in_markdown_is_not_a_heading_mark() {
        // A prose line followed by a line that is a domain is one mark,
        // against the `##` and link of the Markdown around it.
        let text = "## Title\n\n[x.org](https://x.org)\n\nRead more at\nexample.com\n";
        assert!(!plain(text));
    }
}
