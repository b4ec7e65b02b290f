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
        CodeKind::Drawing
    } else {
        CodeKind::Program
    }
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
