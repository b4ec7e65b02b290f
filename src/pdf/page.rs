//! The laid-out book: pages of positioned items, plus the outline.
//!
//! This is the contract between layout and writer. Layout decides *where*
//! everything goes and records it here in plain, inspectable values; the
//! writer only translates these items into PDF operators. Tests assert on
//! this structure instead of parsing PDF.
//!
//! All coordinates are layout coordinates (see [`super::units`]): from the
//! top-left corner of the page, `y` growing downwards.

use std::sync::Arc;

use super::fonts::Face;
use super::structure::{Structure, Tag};
use super::units::{Point, Pt, Rect, Size};
use crate::model::ImageAsset;

/// A colour in RGB, each channel 0.0–1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color {
    /// Red.
    pub r: f32,
    /// Green.
    pub g: f32,
    /// Blue.
    pub b: f32,
}

impl Color {
    /// Black, the text colour.
    pub const BLACK: Color = Color::grey(0.0);

    /// A grey: 0.0 is black, 1.0 white.
    pub const fn grey(level: f32) -> Color {
        Color {
            r: level,
            g: level,
            b: level,
        }
    }

    /// A colour from its three channels.
    pub const fn rgb(r: f32, g: f32, b: f32) -> Color {
        Color { r, g, b }
    }
}

/// One shaped glyph of a run: what is drawn, how far it advances, and the
/// text it stands for when the PDF's text is extracted (several characters
/// for a ligature, empty for the second glyph of a cluster).
#[derive(Debug, Clone, PartialEq)]
pub struct RunGlyph {
    /// Glyph id in the run's face.
    pub id: u16,
    /// Advance, kerning included.
    pub advance: Pt,
    /// The characters it stands for.
    pub text: String,
}

/// A run of text in one face, size and colour, drawn from one point.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// The face the text is set in; it has a glyph for every character.
    pub face: Face,
    /// Font size.
    pub size: Pt,
    /// The characters, exactly as they are drawn.
    pub text: String,
    /// Where the baseline of the first character starts.
    pub origin: Point,
    /// The advance width of the whole run.
    pub width: Pt,
    /// Fill colour.
    pub color: Color,
    /// The shaped glyphs, when the run was shaped; empty when it is drawn
    /// one character, one glyph at the font's own advances (code).
    pub glyphs: Vec<RunGlyph>,
    /// Set on the first run of a line whose text must be extracted exactly
    /// as it stands, spaces included (a line of code or of a drawing); `None`
    /// everywhere else.
    pub line_text: Option<LineText>,
}

/// The exact text of a line drawn by consecutive runs, for text extraction.
///
/// A reader that extracts text from the PDF drops the space glyphs and
/// guesses the spacing from where the other glyphs stand, which shrinks a
/// run of spaces to one. The writer marks the runs of such a line as
/// standing for this text (the PDF's `ActualText`), so that the line comes
/// back character for character.
#[derive(Debug, Clone, PartialEq)]
pub struct LineText {
    /// The characters from the first run's first one to the last run's
    /// last one, every space in between included.
    pub text: String,
    /// How many runs, in painting order and starting with this one, draw
    /// the line.
    pub runs: usize,
}

impl TextRun {
    /// The box the run occupies: from ascent above the baseline to descent
    /// below it, as given by the caller (the run itself does not know the
    /// font metrics).
    pub fn bounds(&self, ascent: Pt, descent: Pt) -> Rect {
        Rect::new(
            self.origin.x,
            self.origin.y - ascent,
            self.width,
            ascent + descent,
        )
    }
}

/// A straight stroked line.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleLine {
    /// Start point.
    pub from: Point,
    /// End point.
    pub to: Point,
    /// Stroke width.
    pub thickness: Pt,
    /// Stroke colour.
    pub color: Color,
}

/// A filled (and optionally outlined) rectangle, e.g. a code background.
#[derive(Debug, Clone, PartialEq)]
pub struct RectShape {
    /// Where the rectangle is.
    pub rect: Rect,
    /// Fill colour, if filled.
    pub fill: Option<Color>,
    /// Outline colour and width, if outlined.
    pub stroke: Option<(Color, Pt)>,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// A URL outside the document.
    External(String),
    /// A place in the document: a page index (0-based) and a `y` on it.
    Internal {
        /// 0-based page index.
        page: usize,
        /// Layout `y` of the place (top of the heading).
        y: Pt,
    },
}

/// A clickable area.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The area that reacts to a click.
    pub rect: Rect,
    /// Where the click leads.
    pub target: LinkTarget,
}

/// A picture (raster image or SVG drawing) scaled into a box.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageBox {
    /// Where the picture is drawn; it fills the box.
    pub rect: Rect,
    /// The picture (PNG, JPEG or SVG).
    pub asset: Arc<ImageAsset>,
}

/// Something drawn (or made clickable) on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text.
    Text(TextRun),
    /// A line.
    Line(RuleLine),
    /// A rectangle.
    Rect(RectShape),
    /// A link area (not drawn).
    Link(Link),
    /// A picture.
    Image(ImageBox),
}

impl Item {
    /// The box the item covers on the page. For text this is the em box
    /// the glyphs can ink: 0.75 em above the baseline to 0.23 em below it,
    /// which holds the ascenders and descenders of the faces we ship.
    pub fn bounds(&self) -> Rect {
        match self {
            Item::Text(run) => run.bounds(run.size * 0.75, run.size * 0.23),
            Item::Line(l) => {
                let (x0, x1) = (l.from.x.min(l.to.x), l.from.x.max(l.to.x));
                let (y0, y1) = (l.from.y.min(l.to.y), l.from.y.max(l.to.y));
                Rect::new(x0, y0, x1 - x0, y1 - y0)
            }
            Item::Rect(r) => r.rect,
            Item::Link(l) => l.rect,
            Item::Image(i) => i.rect,
        }
    }

    /// The item moved by `dx`, `dy`.
    pub fn translated(mut self, dx: Pt, dy: Pt) -> Item {
        let shift = |p: &mut Point| {
            p.x += dx;
            p.y += dy;
        };
        match &mut self {
            Item::Text(t) => shift(&mut t.origin),
            Item::Line(l) => {
                shift(&mut l.from);
                shift(&mut l.to);
            }
            Item::Rect(r) => {
                r.rect.x += dx;
                r.rect.y += dy;
            }
            Item::Link(l) => {
                l.rect.x += dx;
                l.rect.y += dy;
            }
            Item::Image(i) => {
                i.rect.x += dx;
                i.rect.y += dy;
            }
        }
        self
    }
}

/// Where on the page an item belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// Inside the text area, like all content.
    Body,
    /// Page furniture (running head, folio), placed in the margins.
    Margin,
}

/// An item and the zone it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct PositionedItem {
    /// What is drawn.
    pub item: Item,
    /// Body or margin furniture.
    pub zone: Zone,
    /// What the item is to a reader: part of a structure element, or an
    /// artifact (see [`super::structure`]).
    pub tag: Tag,
}

/// How a part of the book numbers its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// i, ii, iii: front matter.
    Roman,
    /// 1, 2, 3: the body.
    Arabic,
}

/// The number of a page, printed as its folio and used as its PDF page label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Folio {
    /// Roman or arabic.
    pub numbering: Numbering,
    /// 1-based number within its part.
    pub number: usize,
}

impl std::fmt::Display for Folio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.numbering {
            Numbering::Arabic => write!(f, "{}", self.number),
            Numbering::Roman => f.write_str(&roman(self.number)),
        }
    }
}

/// `n` in lower-case roman numerals (`n` > 0).
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// One page: its size and what is on it, in painting order.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The page's number (printed or not).
    pub folio: Folio,
    /// Page size.
    pub size: Size,
    /// The text area of this page (it differs between left and right pages).
    pub text_area: Rect,
    /// Items, painted in this order (later items on top).
    pub items: Vec<PositionedItem>,
}

impl Page {
    /// The text runs on the page.
    pub fn text_runs(&self) -> impl Iterator<Item = &TextRun> {
        self.items.iter().filter_map(|i| match &i.item {
            Item::Text(t) => Some(t),
            _ => None,
        })
    }

    /// All text on the page, runs joined by spaces (for tests and search).
    pub fn plain_text(&self) -> String {
        self.text_runs()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// One entry of the PDF outline (bookmarks) and the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// 0 for chapters and front matter, 1 for articles.
    pub level: u8,
    /// The title as plain text.
    pub title: String,
    /// 0-based page index where the heading stands.
    pub page: usize,
    /// Layout `y` of the top of the heading.
    pub y: Pt,
}

/// The whole book, laid out: what [`super::writer`] turns into a PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct LaidOutBook {
    /// Document title, for the PDF metadata.
    pub title: String,
    /// Author, for the PDF metadata.
    pub author: String,
    /// BCP 47 language tag.
    pub language: String,
    /// What the book is, for the PDF metadata.
    pub subject: String,
    /// Keywords for the PDF metadata.
    pub keywords: Vec<String>,
    /// The pages in order.
    pub pages: Vec<Page>,
    /// Outline entries in document order.
    pub outline: Vec<OutlineEntry>,
    /// Characters that no configured font has (printed as `?`), each once,
    /// with where it first occurs.
    pub missing_chars: Vec<MissingChar>,
    /// Where in the book each page begins, for the EPUB's page list.
    pub page_map: crate::model::PageMap,
    /// The book's logical structure, which the items' tags refer to.
    pub structure: Structure,
}

impl LaidOutBook {
    /// The folio printed on (and shown in the TOC for) page `index`:
    /// roman in the front matter, arabic from the first chapter.
    pub fn folio(&self, index: usize) -> String {
        self.pages
            .get(index)
            .map_or_else(String::new, |p| p.folio.to_string())
    }
}

/// A character that no configured font has, printed as `?`, and where it
/// first occurs in the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingChar {
    /// The character.
    pub ch: char,
    /// The issue file it is in.
    pub file: std::path::PathBuf,
    /// The line of the heading of the article it is in, when it is in an
    /// article (not in a chapter's lead or the front matter).
    pub line: Option<usize>,
}
