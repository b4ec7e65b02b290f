//! Drawings in scraped text: where an ASCII diagram starts and ends.
//!
//! A drawing is more than its boxes. Between two boxes there are sparse
//! lines that hold only a connector (`|`, `v`, `^`, `\`, an arrow), a
//! connector with a label (`| fsync on commit`), or a label alone on its
//! line (`append to WAL`) between two drawn lines; a drawing may also start
//! with a label that a connector leaves (`clients` over a `|`) and end with
//! one that a connector points to. All of these belong to the drawing and
//! are kept character for character.

use super::blocks::Line;
use super::classify::{
    internal_gaps, is_blank, is_column_line, is_drawing_line, is_prose, list_marker,
};
use super::code_lines::strong_code;

/// What one line can be inside a drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Boxes, corners, column bars, aligned columns.
    Drawn,
    /// Connectors, perhaps with a label after them.
    Connector,
    /// Other text: a label if it is not a sentence (see [`is_label`]) and
    /// drawn lines are around it. Told apart only where it matters, as
    /// telling a sentence costs more than the rest.
    Text,
    /// Nothing.
    Blank,
    /// A page bullet or a very long line: never part of a drawing.
    Other,
}

/// A token made of connector characters that draws a connection: a bar, a
/// slash, a caret, an arrow head `v`, or an arrow (`-->`, `<--`, `==>`).
fn is_connector_token(token: &str) -> bool {
    token.chars().all(|c| "|vV^\\/<>-=+*.".contains(c))
        && (token.contains(['|', '^', '\\', '/'])
            || token == "v"
            || token == "V"
            || token.contains("->")
            || token.contains("<-")
            || token.contains("=>"))
}

/// True for a sparse line of a drawing: it starts with a connector
/// (`|`, `v`, `^`, `\`, `/`, an arrow) and holds only connectors or, after
/// them, a short label that is not a sentence (`| fsync on commit`).
pub(crate) fn is_connector_line(line: &str) -> bool {
    let mut tokens = line.split_whitespace();
    if !tokens.next().is_some_and(is_connector_token) {
        return false;
    }
    let label: Vec<&str> = tokens.filter(|t| !is_connector_token(t)).collect();
    label.len() <= 6 && (label.is_empty() || !is_prose(&label.join(" ")))
}

/// True for a line with text set apart by a gap of spaces inside it (a
/// column), which is not a list item.
fn is_gap_line(line: &str) -> bool {
    !is_blank(line) && internal_gaps(line) >= 1 && list_marker(line).is_none()
}

/// True when line `i` and a neighbour both have a column gap: two such
/// lines in a row are aligned columns (a table of figures), whatever their
/// words.
fn gap_lines_around(lines: &[Line], i: usize) -> bool {
    let gap = |k: usize| lines.get(k).is_some_and(|l| is_gap_line(&l.text));
    gap(i) && ((i > 0 && gap(i - 1)) || gap(i + 1))
}

/// Lines longer than this are running text, never part of a drawing (the
/// widest drawings of the archive are about 130 columns).
const MAX_DRAWING_WIDTH: usize = 240;

fn role(lines: &[Line], i: usize) -> Role {
    let Some(line) = lines.get(i) else {
        return Role::Blank;
    };
    let t = line.text.as_str();
    if is_blank(t) {
        return Role::Blank;
    }
    if t.len() > MAX_DRAWING_WIDTH * 4 || t.chars().count() > MAX_DRAWING_WIDTH {
        return Role::Other;
    }
    let marker = list_marker(t);
    if marker.is_some_and(|m| m.typographic) {
        return Role::Other;
    }
    if is_drawing_line(t) {
        return Role::Drawn;
    }
    if is_column_line(t) || (marker.is_none() && gap_lines_around(lines, i)) {
        Role::Drawn
    } else if t
        .trim_start()
        .starts_with(|c: char| "|vV^\\/<>-=+*.".contains(c))
        && is_connector_line(t)
    {
        Role::Connector
    } else {
        Role::Text
    }
}

/// True when line `i` is text that may be a label: not a sentence.
fn is_label(lines: &[Line], i: usize) -> bool {
    lines.get(i).is_some_and(|l| !is_prose(&l.text))
}

/// True for a line that draws: boxes, columns or connectors.
fn draws(r: Role) -> bool {
    matches!(r, Role::Drawn | Role::Connector)
}

/// The number of lines of the drawing that starts at line `i`, if one
/// starts there.
///
/// A drawing starts at a drawn line followed by another drawn line (or by
/// a label and a drawn line), at a connector line followed by a drawn
/// line, or at a label standing over a connector; a lone line of corners
/// (`+---+`) is a drawing too. It goes on over drawn lines, connector
/// lines, a label between two of them, and one blank line between two
/// parts; it ends after its last drawn line, or after a label a connector
/// points to. Program text never starts one.
pub(crate) fn drawing_len(lines: &[Line], i: usize) -> Option<usize> {
    let first = &lines.get(i)?.text;
    let r0 = role(lines, i);
    // Cheap refusals first: this is asked of every line that may start a
    // block. Text starts a drawing only over a connector line.
    let over_connector = || lines.get(i + 1).is_some_and(|l| is_connector_line(&l.text));
    if matches!(r0, Role::Blank | Role::Other)
        || (r0 == Role::Text && !over_connector())
        || strong_code(first).is_some()
    {
        return None;
    }
    let strong = r0 != Role::Text && is_drawing_line(first);
    // The roles of the next lines are worked out only when needed: most
    // lines start no drawing, and this is asked of every line of text.
    let r1 = || role(lines, i + 1);
    let r2 = || role(lines, i + 2);
    let starts = match r0 {
        Role::Drawn => {
            let r1 = r1();
            matches!(r1, Role::Drawn)
                || (matches!(r1, Role::Connector) && (strong || draws(r2())))
                || (strong
                    && r1 == Role::Text
                    && lines.get(i + 2).is_some_and(|l| is_drawing_line(&l.text))
                    && is_label(lines, i + 1))
                // A single drawing line with corners still stands as a drawing.
                || (strong && first.contains(['+', '|']) && !first.trim().contains(' '))
        }
        Role::Connector => {
            let r1 = r1();
            draws(r1) && (strong || r1 == Role::Drawn || draws(r2()))
        }
        Role::Text => {
            let r2 = r2();
            (draws(r2) || (r2 == Role::Text && is_label(lines, i + 2))) && is_label(lines, i)
        }
        _ => false,
    };
    if !starts {
        return None;
    }
    let mut end = i + 1; // exclusive
    let mut connectors = usize::from(r0 == Role::Connector);
    let mut drawn = usize::from(strong);
    loop {
        let here = role(lines, end);
        let next = role(lines, end + 1);
        match here {
            Role::Drawn | Role::Connector => {
                connectors += usize::from(here == Role::Connector);
                drawn += usize::from(is_drawing_line(&lines[end].text));
                end += 1;
            }
            // A label between drawn lines.
            Role::Text if draws(next) && is_label(lines, end) => end += 1,
            // A label a connector points to, closing the drawing.
            Role::Text
                if next == Role::Blank
                    && is_connector_line(&lines[end - 1].text)
                    && is_label(lines, end) =>
            {
                end += 1;
                break;
            }
            // One blank line between two parts of the drawing.
            Role::Blank
                if lines.get(end + 1).is_some_and(|l| is_drawing_line(&l.text))
                    && matches!(role(lines, end + 2), Role::Drawn) =>
            {
                end += 1;
            }
            _ => break,
        }
    }
    // Sparse lines alone prove little: two connector lines, or one drawn
    // line, make a drawing.
    let columns_only = r0 == Role::Drawn;
    (drawn > 0 || connectors >= 2 || columns_only).then_some(end - i)
}

/// `drawing` with its first line moved back to its column when a capture
/// lost that line's indent: copying a page's drawing from a browser starts
/// the selection at its first character, so a box top drawn at column 40
/// (`+-------+` over `| ig-1  |`) arrives at column 0 (or at the indent of
/// the text around the drawing). The line is moved
/// only when it is nothing but a box top, its corners stand over no edge
/// where it is, and exactly one place in the line below has an edge under
/// each corner; any other drawing is kept as it came.
pub(crate) fn realign_first_line(drawing: String) -> String {
    let mut lines = drawing.lines();
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
        return drawing;
    };
    let indent = first.len() - first.trim_start_matches(' ').len();
    let top: Vec<char> = first[indent..].chars().collect();
    let is_corner = |c: char| matches!(c, '+' | '┌' | '┐' | '╭' | '╮' | '.');
    let is_edge = |c: Option<&char>| c.is_some_and(|&c| matches!(c, '|' | '│' | '+'));
    let width = top.len();
    let box_top = width >= 3
        && is_corner(top[0])
        && is_corner(top[width - 1])
        && top[1..width - 1]
            .iter()
            .all(|&c| matches!(c, '-' | '─' | '='));
    let below: Vec<char> = second.chars().collect();
    if !box_top || is_edge(below.get(indent)) || is_edge(below.get(indent + width - 1)) {
        return drawing;
    }
    let mut places = (indent + 1..below.len()).filter(|&c| {
        is_edge(below.get(c))
            && is_edge(below.get(c + width - 1))
            && below[c + 1..c + width - 1]
                .iter()
                .all(|&ch| !is_edge(Some(&ch)))
    });
    match (places.next(), places.next()) {
        (Some(column), None) => format!("{}{}", " ".repeat(column - indent), drawing),
        _ => drawing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::blocks::numbered_lines as lines;

    #[test]
    fn a_box_top_that_lost_its_indent_goes_back_over_its_box() {
        let captured = "+-------+\n          | ig-1  |\n          +-------+";
        assert_eq!(
            realign_first_line(captured.to_string()),
            "          +-------+\n          | ig-1  |\n          +-------+"
        );
        let indented = "  +---+\n  text  | a |";
        assert_eq!(
            realign_first_line(indented.to_string()),
            "        +---+\n  text  | a |"
        );
        // Already over its edges, not only a box top, or two places it
        // could go: kept as it came.
        for kept in [
            "+-----+\n|  A  |     +---+",
            "+--+ label\n    |  |",
            "+---+\n  | a |  | b |",
            "-----\n  | a |",
        ] {
            assert_eq!(realign_first_line(kept.to_string()), kept, "{kept}");
        }
    }

    #[test]
    fn connector_lines() {
        for yes in [
            "    |",
            "    v",
            "   ^     |",
            "  | fsync on commit",
            " \\  \\",
            "  -->",
        ] {
            assert!(is_connector_line(yes), "{yes}");
        }
        for no in [
            "",
            "very good",
            "v1.2 is out",
            "| This is a whole sentence that goes on and on.",
            "- item",
            "> quoted",
            "/usr/bin is a folder",
            "---",
        ] {
            assert!(!is_connector_line(no), "{no}");
        }
    }

    #[test]
    fn sparse_lines_keep_a_drawing_whole() {
        let text = "+--------+\n| client |\n+--------+\n    |\n    v\n append to WAL\n    |\n    | fsync on commit\n    v\n+------+\n| disk |\n+------+\n\nAfter.";
        assert_eq!(drawing_len(&lines(text), 0), Some(12));
        let text = "Rough numbers:\n\nL1 cache reference      0.5 ns\nRead 1 MB from SSD  1,000,000 ns\n\nAfter.";
        assert_eq!(drawing_len(&lines(text), 2), Some(2));
        let text = "  clients\n     |\n     v\n  limiter\n     |\n     v\n  redis\n\nAfter.";
        assert_eq!(drawing_len(&lines(text), 0), Some(7));
    }

    #[test]
    fn prose_and_lists_do_not_start_drawings() {
        for text in [
            "Use a | b to pipe.\n|\nv",
            "Rules of thumb\n\n- one\n- two",
            "Read this first.\n    |\n    v\nThen this sentence, which is prose.",
            "  • item\n    |\n    v",
            "just a label\n    |\nThe end of the story is a sentence.",
            "One sentence.  Another one.\nA third.  And a fourth.",
            "Only one line  with a gap.\nThe next line has none.",
        ] {
            assert_eq!(drawing_len(&lines(text), 0), None, "{text}");
        }
    }
}
