//! The book's typographic decisions in one place: page size, margins, type
//! sizes, leading, spacing and colours.
//!
//! Layout code refers to these names instead of repeating numbers, so the
//! look of the book can be tuned here without reading the layout logic.

use super::fonts::Face;
use super::page::Color;
use super::units::Pt;

/// Body text size.
pub const BODY_SIZE: Pt = Pt(10.5);
/// Baseline-to-baseline distance as a multiple of the type size.
pub const LEADING: f32 = 1.36;
/// Space between paragraphs and most blocks.
pub const PARAGRAPH_GAP: Pt = Pt(6.0);

/// Inline code relative to the surrounding text size.
pub const INLINE_CODE_SCALE: f32 = 0.86;
/// Superscript and subscript relative to the surrounding text size.
pub const SCRIPT_SCALE: f32 = 0.7;

/// Code block text size.
pub const CODE_SIZE: Pt = Pt(8.5);
/// Code line pitch as a multiple of the code size.
pub const CODE_LEADING: f32 = 1.3;
/// Padding between a code block's background edge and its text.
pub const CODE_PAD: Pt = Pt(6.0);
/// Columns a tab advances to (multiples of).
pub const TAB_WIDTH: usize = 4;
/// The mark that starts a wrapped continuation of a program line.
pub const CONTINUATION_MARK: &str = "→ ";
/// Smallest size a drawing is scaled down to before it may overflow.
pub const DRAWING_MIN_SIZE: Pt = Pt(3.0);

/// Chapter title size.
pub const CHAPTER_TITLE_SIZE: Pt = Pt(24.0);
/// Article title size.
pub const ARTICLE_TITLE_SIZE: Pt = Pt(14.0);
/// Source-link line under an article title.
pub const SOURCE_SIZE: Pt = Pt(9.0);
/// Sub-heading sizes inside an article, by level (1, 2, 3+).
pub const SUBHEADING_SIZES: [Pt; 3] = [Pt(12.0), Pt(11.0), Pt(10.5)];
/// Table text size.
pub const TABLE_SIZE: Pt = Pt(9.0);
/// Running head and folio size.
pub const FURNITURE_SIZE: Pt = Pt(8.5);
/// Caption size.
pub const CAPTION_SIZE: Pt = Pt(9.0);
/// Footnote text size (at the foot of the page).
pub const FOOTNOTE_SIZE: Pt = Pt(8.5);
/// Footnote line pitch as a multiple of the footnote size.
pub const FOOTNOTE_LEADING: f32 = 1.3;
/// The height the rule above a page's footnotes takes, with the space
/// around it; the rule is drawn [`FOOTNOTE_RULE_DROP`] below its top.
pub const FOOTNOTE_RULE_SPACE: Pt = Pt(12.0);
/// How far below the top of the footnote area its rule is drawn.
pub const FOOTNOTE_RULE_DROP: Pt = Pt(5.0);
/// The most of a page that footnote lines carried over from the page
/// before may take, as a share of the text block's height.
pub const FOOTNOTE_CARRY_SHARE: f32 = 0.5;

/// Indentation per list level.
pub const LIST_INDENT: Pt = Pt(18.0);
/// Indentation of block quotes.
pub const QUOTE_INDENT: Pt = Pt(16.0);

/// Ordinary text.
pub const TEXT_COLOR: Color = Color::BLACK;
/// Links in running text.
pub const LINK_COLOR: Color = Color::rgb(0.08, 0.22, 0.50);
/// Secondary text: source lines, captions, running heads.
pub const MUTED_COLOR: Color = Color::grey(0.35);
/// Background of code blocks.
pub const CODE_BACKGROUND: Color = Color::grey(0.94);
/// Rules and frames.
pub const RULE_COLOR: Color = Color::grey(0.55);

/// How a run of text is set: face, size, colour, vertical shift, link.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    /// The face.
    pub face: Face,
    /// The size.
    pub size: Pt,
    /// The colour.
    pub color: Color,
    /// Shift of the baseline upwards (superscript > 0, subscript < 0).
    pub rise: Pt,
    /// The link target, when the text is a link.
    pub link: Option<String>,
    /// Whether the text is struck out.
    pub strike: bool,
    /// Whether spaces are kept as written (code spans).
    pub verbatim: bool,
    /// The footnote this text is the reference mark of, if any: the lines
    /// holding it report the note ([`super::text::SetLine::notes`]).
    pub note: Option<u32>,
}

impl TextStyle {
    /// Plain text in `face` at `size`, black.
    pub fn new(face: Face, size: Pt) -> Self {
        TextStyle {
            face,
            size,
            color: TEXT_COLOR,
            rise: Pt::ZERO,
            link: None,
            strike: false,
            verbatim: false,
            note: None,
        }
    }

    /// Body text.
    pub fn body() -> Self {
        Self::new(Face::Regular, BODY_SIZE)
    }

    /// The same style in another colour.
    pub fn with_color(mut self, color: Color) -> Self {
        self.color = color;
        self
    }
}
