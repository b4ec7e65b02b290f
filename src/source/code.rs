//! Tells program text from drawings. Drawings (ASCII or box-drawing
//! diagrams) must never be wrapped or highlighted, so writers need to know
//! which is which; every reader uses this one rule.

use crate::model::CodeKind;

/// Languages that mean "plain text": a block with one of these (or none)
/// may be a drawing.
const PLAIN_LANGUAGES: [&str; 6] = ["", "text", "txt", "plain", "ascii", "diagram"];

/// Classifies a code block by its language and text: a block with no
/// programming language whose lines are mostly drawing (box characters,
/// `+---+` corners, `|` columns) is a drawing; everything else is program
/// text.
pub fn classify(language: Option<&str>, text: &str) -> CodeKind {
    let language = language.unwrap_or("").trim().to_ascii_lowercase();
    if !PLAIN_LANGUAGES.contains(&language.as_str()) {
        return CodeKind::Program;
    }
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() < 2 {
        return CodeKind::Program;
    }
    let drawn = lines.iter().filter(|line| is_drawing_line(line)).count();
    if drawn * 2 >= lines.len() {
        return CodeKind::Drawing;
    }
    // A drawing made of labels set in columns and joined by lines of
    // connectors only (`\  \  \`, a lone `|` or `v`), with no box: a
    // connector line, and most lines drawn, connectors or columns.
    let connectors = lines.iter().filter(|line| is_connector_line(line)).count();
    let laid_out = lines
        .iter()
        .filter(|line| is_drawing_line(line) || is_connector_line(line) || has_column_gap(line))
        .count();
    if connectors > 0 && laid_out * 2 >= lines.len() {
        CodeKind::Drawing
    } else {
        CodeKind::Program
    }
}

/// A line of connectors and nothing else: `|`, `v`, `^`, `\`, `/`, with
/// arrows and rules (`-`, `=`, `<`, `>`, `+`) between them, as drawings
/// join their boxes. A rule alone (`---`) is not one: Markdown, YAML and
/// SQL write those.
fn is_connector_line(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && line.chars().all(|c| " \\/|^vV<>-=+*".contains(c))
        && line.chars().any(|c| "\\/|^vV".contains(c))
}

/// A line with two things set apart by three spaces or more inside it:
/// labels in columns.
fn has_column_gap(line: &str) -> bool {
    line.trim().contains("   ")
}

/// A line that looks drawn: Unicode box drawing, a `+--` / `--+` corner or
/// edge, or two or more `|` column bars.
pub fn is_drawing_line(line: &str) -> bool {
    let has_box_char = line.chars().any(|c| ('\u{2500}'..='\u{257F}').contains(&c));
    let has_corner = line.contains("+--") || line.contains("--+") || line.contains("-+-");
    let bars = line.matches('|').count();
    has_box_char || has_corner || bars >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_diagram_is_a_drawing() {
        let text = "  +-----+\n  | NAT |\n  +-----+\n";
        assert_eq!(classify(None, text), CodeKind::Drawing);
        assert_eq!(classify(Some("text"), text), CodeKind::Drawing);
    }

    #[test]
    fn box_drawing_is_a_drawing() {
        assert_eq!(classify(None, "┌──┐\n└──┘"), CodeKind::Drawing);
    }

    #[test]
    fn labels_in_columns_joined_by_connectors_are_a_drawing() {
        let log = "leader    [1][1][2][3][3]\n            \\  \\  \\\nfollower  [1][1][2]\n                    ^ next index";
        assert_eq!(classify(None, log), CodeKind::Drawing);
        let flow = "client     writes\n   |\n   v\nWAL        fsync\n   |\n   v\ndata pages";
        assert_eq!(classify(None, flow), CodeKind::Drawing);
    }

    #[test]
    fn columns_without_connectors_and_rules_are_program_text() {
        let ps = "PID   TTY      TIME CMD\n1     ?        0:01 init\n42    pts/0    0:00 bash";
        assert_eq!(classify(None, ps), CodeKind::Program);
        assert_eq!(classify(None, "---\ntitle: x\n---"), CodeKind::Program);
        assert_eq!(
            classify(None, "a = 1\n\\\nb = 2\nc = 3\nd = 4"),
            CodeKind::Program
        );
    }

    #[test]
    fn program_text_is_not() {
        let sql = "CREATE TABLE t (\n  a int,\n  b int\n);";
        assert_eq!(classify(None, sql), CodeKind::Program);
        assert_eq!(
            classify(Some("bash"), "+--+\n|  |\n+--+"),
            CodeKind::Program
        );
        assert_eq!(classify(None, "ls | grep x"), CodeKind::Program);
    }
}
