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

/// Space above and below a code block or drawing.
pub const CODE_GAP: Pt = Pt(PARAGRAPH_GAP.0 + 2.0);
/// Space between the label "Mermaid diagram (source)" and the diagram's
/// source printed as code below it.
pub const MERMAID_SOURCE_GAP: Pt = Pt(2.0);

/// Space above the book's title on the title page.
pub const TITLE_PAGE_TOP: Pt = Pt(150.0);
/// The book's title on the title page.
pub const TITLE_PAGE_TITLE_SIZE: Pt = Pt(30.0);
/// Space above and below the short rule under the title on the title page.
pub const TITLE_PAGE_RULE_GAP: Pt = Pt(18.0);
/// Length of the short rule under the title on the title page.
pub const TITLE_PAGE_RULE_LENGTH: Pt = Pt(80.0);
/// Thickness of the short rule under the title on the title page.
pub const TITLE_PAGE_RULE_THICKNESS: Pt = Pt(0.6);
/// The series and year line on the title page.
pub const TITLE_PAGE_SERIES_SIZE: Pt = Pt(14.0);
/// Space above the author on the title page.
pub const TITLE_PAGE_AUTHOR_GAP: Pt = Pt(120.0);
/// The author on the title page.
pub const TITLE_PAGE_AUTHOR_SIZE: Pt = Pt(13.0);
/// Space between the author and the date on the title page.
pub const TITLE_PAGE_DATE_GAP: Pt = Pt(8.0);
/// The date on the title page.
pub const TITLE_PAGE_DATE_SIZE: Pt = Pt(10.0);
/// Height of the strip that holds a heading rule (the title page's and a
/// chapter's).
pub const HEADING_RULE_STRIP: Pt = Pt(1.0);
/// How far below the top of its strip a heading rule is drawn.
pub const HEADING_RULE_DROP: Pt = Pt(0.5);

/// Width of the contents' page-number column, right of the titles.
pub const CONTENTS_NUMBER_COLUMN: Pt = Pt(28.0);
/// Least space between a contents title and the page-number column.
pub const CONTENTS_TITLE_GAP: Pt = Pt(6.0);
/// Space between the dot leaders and the title or page number around them.
pub const CONTENTS_LEADER_GAP: Pt = Pt(4.0);
/// A chapter's entry in the contents.
pub const CONTENTS_CHAPTER_SIZE: Pt = Pt(10.5);
/// Space above a chapter's entry in the contents.
pub const CONTENTS_CHAPTER_GAP: Pt = Pt(7.0);
/// An article's entry in the contents.
pub const CONTENTS_ARTICLE_SIZE: Pt = Pt(9.5);
/// Space above an article's entry in the contents.
pub const CONTENTS_ARTICLE_GAP: Pt = Pt(1.5);
/// Indentation of an article's entry in the contents.
pub const CONTENTS_ARTICLE_INDENT: Pt = Pt(14.0);

/// Space above a chapter title, at the top of its first page.
pub const CHAPTER_TOP: Pt = Pt(40.0);
/// Space between a chapter title and its date.
pub const CHAPTER_DATE_GAP: Pt = Pt(4.0);
/// A chapter's date under its title.
pub const CHAPTER_DATE_SIZE: Pt = Pt(11.0);
/// Space above the rule under a chapter title (and date).
pub const CHAPTER_RULE_GAP: Pt = Pt(10.0);
/// Thickness of the rule under a chapter title.
pub const CHAPTER_RULE_THICKNESS: Pt = Pt(0.8);
/// Space between the rule under a chapter title and the chapter's text.
pub const CHAPTER_HEAD_AFTER: Pt = Pt(26.0);
/// Space above an article's title (except the chapter's first article).
pub const ARTICLE_GAP: Pt = Pt(22.0);
/// Space between an article's title and its source line.
pub const SOURCE_GAP: Pt = Pt(1.0);
/// Space between an article's head (title, source line) and its text.
pub const ARTICLE_HEAD_AFTER: Pt = Pt(8.0);

/// Space above the list of an article's URLs at its end.
pub const URL_NOTES_GAP: Pt = Pt(10.0);
/// Space between a URL note's number and its URL.
pub const URL_NOTE_LABEL_GAP: Pt = Pt(5.0);
/// Height of the strip holding the short rule above an article's URLs.
pub const URL_NOTES_RULE_STRIP: Pt = Pt(4.0);
/// How far below the top of its strip the rule above the URLs is drawn.
pub const URL_NOTES_RULE_DROP: Pt = Pt(0.25);
/// Thickness of the rule above an article's URLs.
pub const URL_NOTES_RULE_THICKNESS: Pt = Pt(0.4);
/// Space between a footnote's number and its text.
pub const FOOTNOTE_LABEL_GAP: Pt = Pt(4.0);

/// Space above a sub-heading, by level (1, 2, 3+).
pub const SUBHEADING_GAPS: [Pt; 3] = [Pt(14.0), Pt(12.0), Pt(10.0)];
/// Space between a sub-heading and the text under it.
pub const SUBHEADING_AFTER: Pt = Pt(3.0);
/// Space between a list item's mark and its text.
pub const LIST_LABEL_GAP: Pt = Pt(5.0);
/// Space between list items.
pub const LIST_ITEM_GAP: Pt = Pt(2.0);
/// Space between paragraphs inside a list item.
pub const LIST_PARAGRAPH_GAP: Pt = Pt(3.0);
/// Space above and below a list nested in a list item.
pub const NESTED_LIST_GAP: Pt = Pt(1.0);
/// Thickness of the rule left of a block quote.
pub const QUOTE_RULE_THICKNESS: Pt = Pt(1.5);
/// How far right of the quote's left edge its rule is drawn.
pub const QUOTE_RULE_INSET: Pt = Pt(2.0);
/// Space above and below a thematic break.
pub const BREAK_GAP: Pt = Pt(10.0);
/// Height of the strip holding a thematic break's rule.
pub const BREAK_STRIP: Pt = Pt(10.0);
/// How far below the top of its strip a thematic break's rule is drawn.
pub const BREAK_DROP: Pt = Pt(5.0);
/// Thickness of a thematic break's rule.
pub const BREAK_THICKNESS: Pt = Pt(0.5);

/// Space above and below a figure (image, diagram or image stand-in).
pub const FIGURE_GAP: Pt = Pt(PARAGRAPH_GAP.0 + 4.0);
/// Space between a figure and its caption.
pub const CAPTION_GAP: Pt = Pt(4.0);
/// Height kept free below a one-line label for the block it introduces.
pub const LABEL_KEEP: Pt = Pt(40.0);
/// Padding inside the frame that stands in for an image not fetched.
pub const IMAGE_STANDIN_PAD: Pt = Pt(14.0);
/// Thickness of the frame that stands in for an image not fetched.
pub const IMAGE_STANDIN_FRAME: Pt = Pt(0.6);
/// The image's description inside the stand-in frame.
pub const IMAGE_STANDIN_LABEL_SIZE: Pt = Pt(10.0);
/// The image's address inside the stand-in frame.
pub const IMAGE_STANDIN_URL_SIZE: Pt = Pt(8.5);

/// Space above a table.
pub const TABLE_GAP_ABOVE: Pt = Pt(PARAGRAPH_GAP.0 + 2.0);
/// Space below a table.
pub const TABLE_GAP_BELOW: Pt = Pt(PARAGRAPH_GAP.0 + 4.0);
/// Padding around the text of a table cell.
pub const TABLE_CELL_PAD: Pt = Pt(4.0);
/// The narrowest natural width a table column is given.
pub const TABLE_MIN_COLUMN: Pt = Pt(12.0);
/// Thickness of the rules above and below a table.
pub const TABLE_OUTER_RULE: Pt = Pt(0.8);
/// Thickness of the rule under a table's header.
pub const TABLE_HEAD_RULE: Pt = Pt(0.5);

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
