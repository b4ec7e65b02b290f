//! Indented code written after a list.
//!
//! CommonMark reads four-space-indented lines after a list item (and a
//! blank line) as more of that item, not as an indented code block: an
//! ASCII drawing there becomes a garbled paragraph, and a `# pseudo code`
//! line becomes a heading. The archive's authors meant code. A run of such
//! lines that looks like code — a line starting with `#`, or a drawing by
//! the rule of [`code::is_drawing_line`] — is fenced before parsing, so it
//! reads as the code block it was meant to be, a drawing or program text
//! by the same rule as any other block. Every line stays where it was: the
//! fences take the blank lines around the run.

use super::components::Fence;
use crate::model::CodeKind;
use crate::source::code;

/// The fence put around a run (longer than any fence an issue uses).
const FENCE: &str = "~~~~~~~~~~~";

/// Fences the code-like indented runs that follow a list in `body`.
pub(super) fn fence_code_after_lists(body: &str) -> String {
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut in_list = false;
    let mut fence: Option<Fence> = None;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        if let Some(open) = &fence {
            if open.is_closed_by(line) {
                fence = None;
            }
            index += 1;
            continue;
        }
        if let Some(open) = Fence::opened_by(line) {
            fence = Some(open);
            index += 1;
            continue;
        }
        let blank = line.trim().is_empty();
        let indent = indent_of(line);
        if !blank && indent < 4 {
            if is_list_item(line) {
                in_list = true;
            } else if indent == 0 && index > 0 && lines[index - 1].trim().is_empty() {
                in_list = false;
            }
        }
        let after_blank = index > 0 && lines[index - 1].trim().is_empty();
        if in_list && after_blank && !blank && indent >= 4 && !is_list_item(line) {
            let end = run_end(&lines, index);
            let run = &lines[index..end];
            let closes = end == lines.len() || lines[end].trim().is_empty();
            if closes && looks_like_code(run) {
                out[index - 1] = format!("{FENCE}\n");
                for (offset, code) in run.iter().enumerate() {
                    out[index + offset] = strip_indent(code).to_string();
                }
                match out.get_mut(end) {
                    Some(after) => *after = format!("{FENCE}\n"),
                    None => {
                        if !out.last().is_some_and(|l| l.ends_with('\n')) {
                            out.push("\n".into());
                        }
                        out.push(format!("{FENCE}\n"));
                    }
                }
                in_list = false;
                index = end + 1;
                continue;
            }
            index = end;
            continue;
        }
        index += 1;
    }
    out.concat()
}

/// Where the indented run starting at `start` ends: past its last
/// indented line (blank lines inside it belong to it).
fn run_end(lines: &[&str], start: usize) -> usize {
    let mut end = start;
    let mut index = start;
    while index < lines.len() {
        let line = lines[index];
        if line.trim().is_empty() {
            index += 1;
            continue;
        }
        if indent_of(line) < 4 {
            break;
        }
        index += 1;
        end = index;
    }
    end
}

/// Whether an indented run is code rather than more of a list item: a
/// line of it would be a heading, or it is a drawing.
fn looks_like_code(run: &[&str]) -> bool {
    let text: String = run.iter().map(|l| strip_indent(l)).collect();
    run.iter().any(|l| l.trim_start().starts_with('#'))
        || code::classify(None, &text) == CodeKind::Drawing
}

/// The line without its first four columns of indentation.
fn strip_indent(line: &str) -> &str {
    match line.strip_prefix('\t') {
        Some(rest) => rest,
        None => {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            &line[spaces.min(4)..]
        }
    }
}

/// The indentation of a line in columns (a tab counts four).
fn indent_of(line: &str) -> usize {
    let mut columns = 0;
    for c in line.chars() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4 - columns % 4,
            _ => break,
        }
    }
    columns
}

/// Whether a line opens a list item: `-`, `*`, `+`, `1.` or `1)` and a
/// space.
fn is_list_item(line: &str) -> bool {
    let rest = line.trim_start();
    if let Some(after) = rest.strip_prefix(['-', '*', '+']) {
        return after.starts_with([' ', '\t']) || after.trim().is_empty();
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    (1..=9).contains(&digits)
        && rest[digits..]
            .strip_prefix(['.', ')'])
            .is_some_and(|after| after.starts_with([' ', '\t']) || after.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawing_after_a_list_is_fenced_in_place() {
        let body =
            "- one\n- two\n\n    +---+   +---+\n    | a |-->| b |\n    +---+   +---+\n\nText.\n";
        let fenced = fence_code_after_lists(body);
        assert_eq!(
            fenced,
            "- one\n- two\n~~~~~~~~~~~\n+---+   +---+\n| a |-->| b |\n+---+   +---+\n~~~~~~~~~~~\nText.\n"
        );
        assert_eq!(fenced.lines().count(), body.lines().count());
    }

    #[test]
    fn pseudo_code_after_a_list_at_the_end_is_fenced() {
        let body = "* a\n\n    # pseudo code\n    x = 1";
        assert_eq!(
            fence_code_after_lists(body),
            "* a\n~~~~~~~~~~~\n# pseudo code\nx = 1\n~~~~~~~~~~~\n"
        );
    }

    #[test]
    fn continuation_paragraphs_and_other_code_stay() {
        for body in [
            // More text of the item.
            "- item\n\n    more of the item, with | one bar\n",
            // A nested list.
            "- item\n\n    - nested\n",
            // Not after a list: CommonMark's own indented code.
            "Text.\n\n    # comment\n",
            // Inside a fence.
            "- a\n\n```\n\n    # not touched\n```\n",
        ] {
            assert_eq!(fence_code_after_lists(body), body);
        }
    }
}
