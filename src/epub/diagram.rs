//! ASCII and box-drawing diagrams as inline SVG.
//!
//! A drawing only means something when every character stands in its
//! column. A `<pre>` cannot promise that in an e-reader: it wraps or clips
//! on a narrow screen, and the reader's own font (often proportional, often
//! without box-drawing characters) shifts the columns. So a
//! [`CodeKind::Drawing`](crate::model::CodeKind) becomes an SVG picture
//! that scales to the width of the screen, in which
//!
//! - each line is one `<text>` element holding the line's characters as
//!   they are (`xml:space="preserve"`), so the diagram stays text: it can
//!   be searched, selected, and read by a screen reader line by line;
//! - every character gets its own `x` (SVG allows a list, one value per
//!   character), so the columns hold whatever font the reading system ends
//!   up using; wide (East Asian) characters take two columns, as in a
//!   terminal;
//! - the glyphs come from a subset of JetBrains Mono embedded in the book
//!   (see [`super::fontsubset`]), whose advance is exactly one column, so
//!   no glyph is squeezed or spread in the common case.
//!
//! The SVG is sized in `em` (via its `viewBox` and a `max-width`) so it
//! takes the size of code text on a wide screen and shrinks to fit a
//! narrow one: it never scrolls sideways.

use std::collections::BTreeSet;

use unicode_width::UnicodeWidthChar;

use super::xml::{clean_text, XmlWriter};
use crate::model::{Block, Book, CodeKind};

/// The width of one column, in SVG user units.
pub const CELL_WIDTH: u32 = 6;
/// The font size, in SVG user units (a monospace advance is 0.6 em).
pub const FONT_SIZE: u32 = 10;
/// The distance between baselines, in SVG user units: a little more than the
/// box-drawing glyphs are tall, so vertical strokes join.
pub const LINE_PITCH: u32 = 13;
/// Where the baseline stands below the top of a line's cell.
const BASELINE: u32 = 10;
/// Space around the drawing, in SVG user units.
const PADDING: u32 = 4;
/// The columns a tab advances to (a multiple of this).
const TAB_STOP: usize = 8;
/// The size the drawing is shown at on a wide screen, relative to the
/// body font: one column is this many `em` (the code font is 0.85 em, and
/// a monospace column is 0.6 of that).
const EM_PER_COLUMN: f64 = 0.51;
/// The font family of the embedded subset, as named in the stylesheet.
pub const FONT_FAMILY: &str = "techshack-diagram-mono";

/// One line of a diagram, prepared for the SVG: its characters and the
/// column each starts in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramLine {
    /// The characters of the line, cleaned of what XML forbids.
    pub chars: Vec<char>,
    /// The column of each character (same length as `chars`).
    pub columns: Vec<usize>,
    /// How many columns the line spans.
    pub width: usize,
}

/// Splits `text` into lines and assigns every character its column.
///
/// A carriage return at a line's end (a CRLF line break) is dropped; tabs
/// advance to the next multiple of 8 columns; wide characters take two
/// columns and combining marks none.
pub fn layout(text: &str) -> Vec<DiagramLine> {
    text.split('\n')
        .map(|line| {
            let line = clean_text(line.strip_suffix('\r').unwrap_or(line));
            let mut chars = Vec::with_capacity(line.len());
            let mut columns = Vec::with_capacity(line.len());
            let mut column = 0;
            for c in line.chars() {
                chars.push(c);
                columns.push(column);
                column += match c {
                    '\t' => TAB_STOP - column % TAB_STOP,
                    c => c.width().unwrap_or(0),
                };
            }
            DiagramLine {
                chars,
                columns,
                width: column,
            }
        })
        .collect()
}

/// Every character shown by the drawings of `book` (for the font subset);
/// empty when the book has no drawing.
pub fn drawing_characters(book: &Book) -> BTreeSet<char> {
    fn walk(blocks: &[Block], found: &mut BTreeSet<char>) {
        for block in blocks {
            match block {
                Block::Code(code) if code.kind == CodeKind::Drawing => {
                    found.extend(code.text.chars().filter(|c| !c.is_control()));
                }
                Block::List { items, .. } => items.iter().for_each(|item| walk(item, found)),
                Block::Quote(blocks) => walk(blocks, found),
                _ => {}
            }
        }
    }
    let mut found = BTreeSet::new();
    walk(&book.preface, &mut found);
    for chapter in &book.chapters {
        walk(&chapter.lead, &mut found);
        for article in &chapter.articles {
            walk(&article.blocks, &mut found);
        }
    }
    found
}

/// The `@font-face` rule for the embedded diagram font at `href` (relative
/// to the stylesheet).
pub fn font_face_rule(href: &str) -> String {
    format!(
        "/* The diagrams' font: a subset of JetBrains Mono (Apache License 2.0), \
         added by techshack-book. */\n\
         @font-face {{\n  font-family: \"{FONT_FAMILY}\";\n  font-style: normal;\n  \
         font-weight: normal;\n  src: url(\"{href}\") format(\"truetype\");\n}}\n\n"
    )
}

/// Writes the diagram `text` as a `<div class="diagram">` holding an
/// inline SVG (see the module documentation).
pub fn diagram(w: &mut XmlWriter, text: &str) {
    let lines = layout(text);
    let columns = lines.iter().map(|l| l.width).max().unwrap_or(0).max(1);
    let rows = lines.len().max(1);
    let width = columns as u32 * CELL_WIDTH + 2 * PADDING;
    let height = rows as u32 * LINE_PITCH + 2 * PADDING;
    let view_box = format!("0 0 {width} {height}");
    let max_width = format!(
        "max-width: {:.2}em",
        (columns as f64 + 2.0 * f64::from(PADDING) / f64::from(CELL_WIDTH)) * EM_PER_COLUMN
    );
    let label = format!(
        "Diagram, {rows} line{} of text",
        if rows == 1 { "" } else { "s" }
    );
    w.open("div", &[("class", "diagram")]);
    w.newline();
    w.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("class", "diagram"),
            ("viewBox", &view_box),
            ("width", "100%"),
            ("style", &max_width),
        ],
    );
    w.newline();
    w.element("title", &[], &label);
    w.newline();
    // The font attributes go on a group: on the <svg> itself, font-size
    // would also change what the `em` of its max-width means. They repeat
    // what the stylesheet says, for converters that turn the picture into
    // a separate image file (Calibre for Kindle does), where the book's
    // stylesheet no longer applies.
    let family = format!("{FONT_FAMILY}, 'DejaVu Sans Mono', Menlo, Consolas, monospace");
    w.open(
        "g",
        &[
            ("font-family", &family),
            ("font-size", &FONT_SIZE.to_string()),
            ("fill", "currentColor"),
        ],
    );
    w.newline();
    for (row, line) in lines.iter().enumerate() {
        let y = PADDING + row as u32 * LINE_PITCH + BASELINE;
        let xs = line
            .columns
            .iter()
            .map(|&c| (PADDING + c as u32 * CELL_WIDTH).to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let text: String = line.chars.iter().collect();
        if text.is_empty() {
            // An empty line is a gap in the picture: no element needed, but
            // a newline keeps the document's text the diagram's text.
            w.newline();
            continue;
        }
        w.element(
            "text",
            &[("xml:space", "preserve"), ("x", &xs), ("y", &y.to_string())],
            &text,
        );
        w.newline();
    }
    w.close("g");
    w.newline();
    w.close("svg");
    w.newline();
    w.close("div");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_the_characters() {
        let lines = layout("+-+\r\n|\t|\n日本|\n");
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].chars, ['+', '-', '+']);
        assert_eq!(lines[0].columns, [0, 1, 2]);
        assert_eq!(lines[1].columns, [0, 1, 8]);
        assert_eq!(lines[1].width, 9);
        assert_eq!(lines[2].columns, [0, 2, 4]);
        assert_eq!(lines[3].width, 0);
    }

    #[test]
    fn every_character_has_its_own_x() {
        let mut w = XmlWriter::new();
        diagram(&mut w, "a <b>\n\n  ┌─┐");
        let svg = w.finish();
        assert!(svg.contains("viewBox=\"0 0 38 47\""), "{svg}");
        assert!(svg.contains(
            "<text xml:space=\"preserve\" x=\"4 10 16 22 28\" y=\"14\">a &lt;b&gt;</text>\n\n\
             <text xml:space=\"preserve\" x=\"4 10 16 22 28\" y=\"40\">  ┌─┐</text>"
        ));
        assert!(svg.contains("<title>Diagram, 3 lines of text</title>"));
    }
}
