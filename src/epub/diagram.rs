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
//! The SVG is sized in `em` (via its `viewBox`, a `max-width` and a
//! `min-width`) so it takes the size of code text on a wide screen and
//! shrinks to fit a narrower one, but never below [`MIN_TEXT_EM`] of the
//! body text: past that its frame scrolls sideways, and a link opens it
//! full size ([`super::figures`]).

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

/// The size a diagram's text keeps at least, relative to the body text:
/// on a narrow screen the picture scrolls sideways (or opens full size)
/// rather than shrink its text below this.
pub const MIN_TEXT_EM: f64 = 0.75;

/// The size of the picture of `lines`, in SVG user units.
fn picture_size(lines: &[DiagramLine]) -> (u32, u32, usize) {
    let columns = lines.iter().map(|l| l.width).max().unwrap_or(0).max(1);
    let rows = lines.len().max(1);
    let width = columns as u32 * CELL_WIDTH + 2 * PADDING;
    let height = rows as u32 * LINE_PITCH + 2 * PADDING;
    (width, height, rows)
}

/// The inline style of a picture `width` user units wide whose text is
/// `font_size` units: no narrower than keeps the text at
/// [`MIN_TEXT_EM`], no wider than `max_em`.
pub fn sizing_style(width: u32, font_size: f64, max_em: f64) -> String {
    let min_em = f64::from(width) * MIN_TEXT_EM / font_size;
    format!(
        "min-width: {:.2}em; max-width: {:.2}em",
        min_em.min(max_em),
        max_em
    )
}

/// Writes the diagram `text` as a `<div class="diagram">` holding an
/// inline SVG (see the module documentation).
pub fn diagram(w: &mut XmlWriter, text: &str) {
    w.open("div", &[("class", "diagram")]);
    w.newline();
    inline_svg(w, text, None);
    w.close("div");
}

/// Writes the diagram `text` as an inline `<svg>` that takes the reader's
/// text colour, named `label` for assistive technology when given (else
/// by its number of lines).
pub fn inline_svg(w: &mut XmlWriter, text: &str, label: Option<&str>) {
    let lines = layout(text);
    let (width, height, rows) = picture_size(&lines);
    let columns = f64::from(width) / f64::from(CELL_WIDTH);
    let style = sizing_style(width, f64::from(FONT_SIZE), columns * EM_PER_COLUMN);
    let view_box = format!("0 0 {width} {height}");
    let label = label.map_or_else(
        || {
            format!(
                "Diagram, {rows} line{} of text",
                if rows == 1 { "" } else { "s" }
            )
        },
        str::to_string,
    );
    w.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("class", "diagram"),
            ("viewBox", &view_box),
            ("width", "100%"),
            ("style", &style),
        ],
    );
    w.newline();
    w.element("title", &[], &label);
    w.newline();
    // The font attributes go on a group: on the <svg> itself, font-size
    // would also change what the `em` of its sizes means. They repeat
    // what the stylesheet says, for converters that turn the picture into
    // a separate image file (Calibre for Kindle does), where the book's
    // stylesheet no longer applies.
    let family = format!("{FONT_FAMILY}, 'DejaVu Sans Mono', Menlo, Consolas, monospace");
    write_lines(w, &lines, &family, "currentColor");
    w.close("svg");
    w.newline();
}

/// The diagram `text` as a stand-alone SVG file: dark text on a light
/// card, so that it reads on any page colour where it is shown as an
/// image (the full-size page, the Kindle profile's PNG). `family` names
/// the monospace font first tried.
pub fn card_svg(text: &str, family: &str) -> String {
    let lines = layout(text);
    let (width, height, _) = picture_size(&lines);
    let mut w = XmlWriter::new();
    w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let (ws, hs) = (width.to_string(), height.to_string());
    w.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("width", &ws),
            ("height", &hs),
            ("viewBox", &format!("0 0 {width} {height}")),
        ],
    );
    w.newline();
    w.empty(
        "rect",
        &[
            ("width", &ws),
            ("height", &hs),
            ("rx", "3"),
            ("fill", CARD_PAPER),
        ],
    );
    w.newline();
    let family = format!("{family}, 'DejaVu Sans Mono', Menlo, Consolas, monospace");
    write_lines(&mut w, &lines, &family, CARD_INK);
    w.close("svg");
    w.newline();
    w.finish()
}

/// The page of a diagram shown as an image.
pub const CARD_PAPER: &str = "#ffffff";
/// The text of a diagram shown as an image.
pub const CARD_INK: &str = "#1a1a1a";

/// Writes the `<g>` of text lines of a picture.
fn write_lines(w: &mut XmlWriter, lines: &[DiagramLine], family: &str, fill: &str) {
    w.open(
        "g",
        &[
            ("font-family", family),
            ("font-size", &FONT_SIZE.to_string()),
            ("fill", fill),
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
}

/// The words of the diagram `text`, each once, in reading order, without
/// the characters that draw its lines and boxes: what a description of
/// the picture can say of it ("ig-1, vpc-123: 10.0.0.0/16, NAT, …").
pub fn words(text: &str) -> Vec<String> {
    let is_stroke =
        |c: char| matches!(c, '|' | '+' | '\u{2500}'..='\u{259f}' | '\u{2190}'..='\u{21ff}');
    let mut found: Vec<String> = Vec::new();
    for line in text.lines() {
        let line: String = line
            .chars()
            .map(|c| if is_stroke(c) { '\u{0}' } else { c })
            .collect();
        for piece in line.split('\u{0}').flat_map(|p| p.split("  ")) {
            // Runs of dashes, equals signs and dots are lines, not words.
            let words: Vec<&str> = piece
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .collect();
            let piece = words.join(" ");
            let piece = piece.trim_matches(|c: char| !c.is_alphanumeric() && c != ':');
            let piece = piece.trim_end_matches(':');
            if !piece.is_empty() && !found.iter().any(|f| f == piece) {
                found.push(piece.to_string());
            }
        }
    }
    found
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
        assert!(
            svg.contains("style=\"min-width: 2.85em; max-width: 3.23em\""),
            "{svg}"
        );
    }

    #[test]
    fn the_words_of_a_drawing() {
        let text = "      +-------+\n      | ig-1  |\nvpc-123: 10.0.0.0/16  |   |\npublic |  | NAT |\nsubnets|  +-----+\n       | AZ 1 |  AZ 2 |\n┌─┐ ─── web ──→ db";
        assert_eq!(
            words(text),
            [
                "ig-1",
                "vpc-123: 10.0.0.0/16",
                "public",
                "NAT",
                "subnets",
                "AZ 1",
                "AZ 2",
                "web",
                "db"
            ]
        );
    }

    #[test]
    fn a_card_is_dark_on_light() {
        let svg = card_svg("a\nb", "JetBrains Mono");
        assert!(svg.starts_with("<?xml"));
        assert!(svg.contains("fill=\"#ffffff\"") && svg.contains("fill=\"#1a1a1a\""));
        assert!(svg.contains("font-family=\"JetBrains Mono, 'DejaVu Sans Mono'"));
        assert!(!svg.contains("currentColor"));
    }
}
