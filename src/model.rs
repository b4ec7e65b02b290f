//! The document model: the one structure every reader produces and every
//! writer consumes.
//!
//! `Book → Chapter (one issue) → Article → Block → Inline`. Readers (in
//! `source`) turn issue files into [`Chapter`]s; `assemble` groups them into
//! [`Book`]s; writers (`epub`, `pdf`) only ever read these types. Nothing
//! downstream of this module looks at Markdown or at the source text.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use crate::highlight::Token;

/// The identity of one issue of the series: issue `number` of `year`,
/// written `YYYY-NN` ("EnqueueZero Techshack 2019-07" is issue 7 of 2019).
///
/// The series is weekly, so `number` is a sequence number, never a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IssueId {
    /// The year the issue belongs to.
    pub year: u16,
    /// The issue's sequence number within its year (1-based).
    pub number: u16,
}

impl fmt::Display for IssueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.number)
    }
}

/// Where something came from in the input: the issue file and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePos {
    /// The issue file, as found under `issues/`.
    pub file: PathBuf,
    /// 1-based line number in that file.
    pub line: usize,
}

/// Book-level metadata, from `book.yaml` or defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct BookMeta {
    /// Full title, e.g. "EnqueueZero Techshack 2019".
    pub title: String,
    /// Series name, e.g. "EnqueueZero Techshack".
    pub series: String,
    /// The year this annual collection covers.
    pub year: u16,
    /// Author or editor shown on the title page and in metadata.
    pub author: String,
    /// BCP 47 language tag, e.g. "en".
    pub language: String,
    /// Unique identifier (a URN) used by the EPUB package.
    pub identifier: String,
    /// Publication date as `YYYY-MM-DD`.
    pub date: String,
    /// The file stem for outputs, e.g. "enqueuezero-techshack-2019".
    pub file_stem: String,
    /// The edition (see [`edition_key`]) when it is not the book's default
    /// one, e.g. `Some("zh")` for the Chinese edition of an English series;
    /// `None` for the default edition.
    pub edition: Option<String>,
}

/// The edition a BCP 47 language tag belongs to: its primary subtag in
/// lower case (`en-GB` → `en`, `zh-Hans` → `zh`), except that Chinese in
/// traditional characters (`zh-Hant`, `zh-TW`, `zh-HK`, `zh-MO`) is an
/// edition of its own, `zh-hant`.
pub fn edition_key(tag: &str) -> String {
    let lower = tag.trim().replace('_', "-").to_ascii_lowercase();
    let mut subtags = lower.split('-').filter(|s| !s.is_empty());
    let primary = subtags.next().unwrap_or_default().to_string();
    if primary == "zh"
        && subtags
            .clone()
            .any(|s| matches!(s, "hant" | "tw" | "hk" | "mo"))
    {
        return "zh-hant".to_string();
    }
    primary
}

/// One annual collection: everything a writer needs to produce a book.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    /// Title, author, language and the other metadata.
    pub meta: BookMeta,
    /// The series intro that every issue repeats, shown once before the
    /// chapters. Empty when no issue carried it.
    pub preface: Vec<Block>,
    /// The issues of the year, ordered by [`IssueId`].
    pub chapters: Vec<Chapter>,
    /// Images, drawn diagrams and highlighted code resolved before the
    /// writers run; writers look figures up here and show a linked
    /// placeholder for what is missing, and code plain when it is not here.
    pub assets: Assets,
}

/// What the steps between reading and writing resolved for a book: image
/// data by the URL written in the issue, drawn Mermaid diagrams by their
/// source text, the cover, and the highlighted program text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assets {
    /// Images by the URL or path as written in the issue ([`Image::url`]).
    pub images: BTreeMap<String, ImageAsset>,
    /// Drawn diagrams (SVG) by the Mermaid source of [`Block::Mermaid`].
    pub diagrams: BTreeMap<String, ImageAsset>,
    /// The cover image named in `book.yaml`, its bytes as given, checked
    /// by the assets stage to be an image the EPUB can carry; `None` draws
    /// a cover.
    pub cover: Option<ImageAsset>,
    /// Program text split into highlighted tokens by the highlighting step
    /// ([`crate::highlight::highlight_book`]); both writers read it. Code
    /// that is not here is shown plain.
    pub code: HighlightedCode,
}

/// Highlighted program text, by the language and the text of the code
/// block it was found in (the same code written twice is kept once).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HighlightedCode {
    by_language: BTreeMap<String, BTreeMap<String, Vec<Token>>>,
}

impl HighlightedCode {
    /// The tokens of `code`, if it was highlighted (program text in a
    /// language the highlighter knows).
    pub fn of(&self, code: &CodeBlock) -> Option<&[Token]> {
        self.get(code.language.as_deref()?, &code.text)
    }

    /// The tokens of `text` in `language`, if it was highlighted.
    pub fn get(&self, language: &str, text: &str) -> Option<&[Token]> {
        self.by_language.get(language)?.get(text).map(Vec::as_slice)
    }

    /// Whether `text` in `language` was highlighted.
    pub fn contains(&self, language: &str, text: &str) -> bool {
        self.get(language, text).is_some()
    }

    /// Keeps `tokens` as the highlighting of `text` in `language`.
    pub fn insert(&mut self, language: &str, text: &str, tokens: Vec<Token>) {
        self.by_language
            .entry(language.to_string())
            .or_default()
            .insert(text.to_string(), tokens);
    }

    /// Adds everything `other` holds.
    pub fn extend(&mut self, other: HighlightedCode) {
        for (language, texts) in other.by_language {
            self.by_language.entry(language).or_default().extend(texts);
        }
    }
}

/// Image data ready to embed: converted to a format every e-reader and the
/// PDF writer accept.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageAsset {
    /// The media type: `image/png`, `image/jpeg` or `image/svg+xml`.
    pub media_type: String,
    /// The bytes.
    pub data: Vec<u8>,
    /// Width in pixels (for SVG, in CSS pixels from its view box).
    pub width: u32,
    /// Height in pixels (for SVG, in CSS pixels from its view box).
    pub height: u32,
    /// What the picture shows, in words, when the assets stage knows it: a
    /// drawn diagram's labels, gathered when it is drawn. `None` for
    /// images, whose alternative text is written in the issue.
    pub alt: Option<String>,
}

/// One issue of the series, one chapter of the book.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// Which issue this is; chapters are ordered by it.
    pub id: IssueId,
    /// The issue's title as the book shows it (contents, opening, running
    /// heads, outline, navigation), made from [`Chapter::id`] by the
    /// book's `chapter_title:` pattern when books are assembled, e.g.
    /// "EnqueueZero Techshack 2019-07".
    pub title: String,
    /// The title as the issue file writes it (front matter `title:`, else
    /// its first heading or line), e.g. "Techshack 2018-50": kept for
    /// messages and listings, not shown in the book.
    pub source_title: String,
    /// A `date:` from front matter, shown as given, if any.
    pub date: Option<String>,
    /// The file the issue was read from.
    pub source: PathBuf,
    /// Blocks that come before the first article and are not the series
    /// intro (rare; usually empty).
    pub lead: Vec<Block>,
    /// The footnotes referenced from [`Chapter::lead`] (numbered like an
    /// article's, see [`Article::notes`]).
    pub lead_notes: Vec<Note>,
    /// The articles of the issue, in file order.
    pub articles: Vec<Article>,
}

/// One article of an issue: a title, where it came from, and a summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The article title as inline content (may hold code spans or emphasis).
    pub title: Vec<Inline>,
    /// The source links printed under the title (often one; some articles
    /// have "Part I | Part II").
    pub sources: Vec<SourceLink>,
    /// The summary.
    pub blocks: Vec<Block>,
    /// The article's footnotes. Note `n` is `notes[n - 1]`, and an
    /// [`Inline::NoteRef`] with `number: n` in the title, the blocks or
    /// another note of this article refers to it. Footnotes are numbered
    /// per article, from 1, in the order of their first reference (title
    /// and blocks first, then the notes' own references); a definition
    /// that nothing refers to comes after them, so its text is not lost.
    pub notes: Vec<Note>,
    /// Where the article's heading stands in the issue file.
    pub pos: SourcePos,
}

/// A footnote: text that belongs to a place in an article (or in a
/// chapter's lead), shown at the foot of the page in print and as a
/// pop-up note in the EPUB.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Note {
    /// The note's text.
    pub blocks: Vec<Block>,
}

impl Article {
    /// The title as plain text, for navigation, outlines and tests.
    pub fn title_text(&self) -> String {
        inline_text(&self.title)
    }
}

/// A link to the article's original source, as shown under its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLink {
    /// What the reader sees, e.g. "medium.com" or "part 1".
    pub label: String,
    /// The target; `None` when the input only named a site and no URL could
    /// be recovered.
    pub url: Option<String>,
}

impl SourceLink {
    /// The address a writer links the source to (and prints, on paper):
    /// its URL, unless that URL is only the host its label names
    /// (`https://medium.com` labelled `medium.com`, all a scraped page
    /// shows), which would lead to a homepage, not to the article
    /// ([`crate::weburl::is_host_only`]); such a source is text.
    pub fn address(&self) -> Option<&str> {
        self.url
            .as_deref()
            .filter(|url| !crate::weburl::is_host_only(url, &self.label))
    }
}

/// What a code block holds, which decides how writers may treat it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// Program text, commands or output: may be highlighted, may wrap with a
    /// continuation mark.
    Program,
    /// An ASCII or box-drawing diagram: never wrapped, columns exact.
    Drawing,
}

/// A block of verbatim text; every character and space is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The info string's language (`bash`, `c`, `python`), if any.
    pub language: Option<String>,
    /// The text, lines separated by `\n`, no trailing newline.
    pub text: String,
    /// Program text or drawing.
    pub kind: CodeKind,
}

/// An image reference. Until images are fetched, writers show it as a
/// placeholder with its alt text and URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Where the image lives (a URL or a path as written in the issue).
    pub url: String,
    /// The alt text ("" when the author gave none).
    pub alt: String,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// No alignment given.
    None,
    /// Left aligned.
    Left,
    /// Centred.
    Center,
    /// Right aligned.
    Right,
}

/// A block-level element of an article.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of running text.
    Paragraph(Vec<Inline>),
    /// A heading inside an article; `level` 1 is the highest level below the
    /// article title.
    Heading {
        /// 1 = sub-heading of the article, 2 = below that, and so on.
        level: u8,
        /// The heading text.
        content: Vec<Inline>,
    },
    /// A bulleted (`start: None`) or numbered list; each item is a sequence
    /// of blocks, so lists nest.
    List {
        /// The first number of a numbered list; `None` for bullets.
        start: Option<u64>,
        /// The items, each a sequence of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A block quotation.
    Quote(Vec<Block>),
    /// Verbatim code or a drawing.
    Code(CodeBlock),
    /// A Mermaid diagram, kept as its source until a renderer draws it.
    Mermaid(String),
    /// An image standing alone, with an optional caption.
    Figure {
        /// The image.
        image: Image,
        /// A caption (the `^ ...` line after an image), if any.
        caption: Option<Vec<Inline>>,
    },
    /// A GFM table.
    Table {
        /// Column alignments.
        align: Vec<Align>,
        /// Header cells.
        header: Vec<Vec<Inline>>,
        /// Body rows of cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A thematic break.
    Rule,
}

/// Inline content inside a paragraph, heading, list item or table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text (soft line breaks arrive here as spaces).
    Text(String),
    /// Emphasis (italic).
    Emph(Vec<Inline>),
    /// Strong emphasis (bold).
    Strong(Vec<Inline>),
    /// Struck-out text.
    Strike(Vec<Inline>),
    /// Superscript (`<sup>`).
    Sup(Vec<Inline>),
    /// Subscript (`<sub>`).
    Sub(Vec<Inline>),
    /// A code span; spaces are kept.
    Code(String),
    /// A hyperlink.
    Link {
        /// The link target.
        url: String,
        /// The link text.
        content: Vec<Inline>,
    },
    /// An image inside running text, shown as a placeholder.
    Image(Image),
    /// A hard line break.
    LineBreak,
    /// A reference to a footnote of the enclosing article (or chapter
    /// lead): shown as its number, superscript.
    NoteRef {
        /// The note's number: 1 for the first of [`Article::notes`].
        number: u32,
    },
}

/// The plain text of inline content: what a reader would read aloud.
/// Footnote references are left out (titles and labels are made from it).
pub fn inline_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_inline_text(inlines, &mut out);
    out
}

fn push_inline_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Link { content: c, .. } => push_inline_text(c, out),
            Inline::Image(img) => out.push_str(&img.alt),
            Inline::LineBreak => out.push(' '),
            Inline::NoteRef { .. } => {}
        }
    }
}

/// Where the pages of the print edition begin, in terms of the model: made
/// by the PDF layout ([`crate::pdf::LaidOutBook::page_map`]) and read by the
/// EPUB writer, which marks each page's start and lists the pages (its
/// page list), so that "p. 42" means the same place in both editions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMap {
    /// What the page numbers refer to, in words (the EPUB's `dc:source`),
    /// e.g. "EnqueueZero Techshack 2019, print edition (PDF)".
    pub source: String,
    /// Every page of the print edition, in page order, blank ones included.
    pub pages: Vec<PageStart>,
}

/// One printed page: its number and the place in the book where it begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageStart {
    /// The page number as printed (and as the PDF page label): `iii`, `42`.
    pub label: String,
    /// Where the page begins: the start of the block whose text comes
    /// first on the page, or of the block the page begins inside.
    pub place: Place,
    /// How the page relates to [`PageStart::place`].
    pub precision: Precision,
}

/// How precisely a [`PageStart`]'s place marks where the page begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// The page begins exactly at the place.
    Exact,
    /// The page begins inside the block at the place (in the middle of a
    /// paragraph, a code block, a table): the place is the start of that
    /// block, on an earlier page.
    WithinBlock,
    /// The page is blank; the place is where the next page begins.
    Blank,
}

/// A place in the book at the start of a block (or of a part's heading).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    /// The part of the book.
    pub part: Part,
    /// The block within the part, as indices from the outside in: a block
    /// of the part's blocks, then, inside a [`Block::List`], an item and a
    /// block of that item, or inside a [`Block::Quote`], a block of the
    /// quote. Empty for the part's own heading (the chapter or article
    /// title). In [`Part::Contents`] the one index is an entry of the table
    /// of contents: chapters and their articles, in book order.
    pub path: Vec<usize>,
}

/// A part of the book that holds blocks, or has a heading of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// The title page.
    TitlePage,
    /// The table of contents.
    Contents,
    /// The preface ([`Book::preface`]).
    Preface,
    /// A chapter's heading and its lead blocks ([`Chapter::lead`]).
    Chapter(usize),
    /// An article (chapter index, article index): its title and blocks.
    Article(usize, usize),
    /// What follows an article's blocks in print (the notes listing its
    /// link addresses); in the EPUB, the end of the article.
    ArticleEnd(usize, usize),
}

/// One level of the walk of [`for_each_inline_mut`].
enum Work<'a> {
    Blocks(std::slice::IterMut<'a, Block>),
    Items(std::slice::IterMut<'a, Vec<Block>>),
    Rows(std::slice::IterMut<'a, Vec<Vec<Inline>>>),
    Cells(std::slice::IterMut<'a, Vec<Inline>>),
    Inlines(std::slice::IterMut<'a, Inline>),
}

/// Calls `f` on every inline of `blocks`, in document order (a container
/// before its content), without recursion: nesting depth is bounded only
/// by the input.
pub fn for_each_inline_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    walk(Work::Blocks(blocks.iter_mut()), f);
}

/// [`for_each_inline_mut`] for a run of inline content.
pub fn for_each_inline_in(inlines: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    walk(Work::Inlines(inlines.iter_mut()), f);
}

fn walk(start: Work<'_>, f: &mut dyn FnMut(&mut Inline)) {
    let mut stack = vec![start];
    while let Some(top) = stack.last_mut() {
        // `None`: this level is done; otherwise the levels to enter next
        // (the last pushed is walked first).
        let next: Option<[Option<Work<'_>>; 2]> = match top {
            Work::Blocks(it) => it.next().map(|block| match block {
                Block::Paragraph(c) | Block::Heading { content: c, .. } => {
                    [Some(Work::Inlines(c.iter_mut())), None]
                }
                Block::List { items, .. } => [Some(Work::Items(items.iter_mut())), None],
                Block::Quote(blocks) => [Some(Work::Blocks(blocks.iter_mut())), None],
                Block::Figure {
                    caption: Some(c), ..
                } => [Some(Work::Inlines(c.iter_mut())), None],
                Block::Table { header, rows, .. } => [
                    Some(Work::Rows(rows.iter_mut())),
                    Some(Work::Cells(header.iter_mut())),
                ],
                _ => [None, None],
            }),
            Work::Items(it) => it
                .next()
                .map(|item| [Some(Work::Blocks(item.iter_mut())), None]),
            Work::Rows(it) => it
                .next()
                .map(|row| [Some(Work::Cells(row.iter_mut())), None]),
            Work::Cells(it) => it
                .next()
                .map(|cell| [Some(Work::Inlines(cell.iter_mut())), None]),
            Work::Inlines(it) => it.next().map(|inline| {
                f(inline);
                match inline {
                    Inline::Emph(c)
                    | Inline::Strong(c)
                    | Inline::Strike(c)
                    | Inline::Sup(c)
                    | Inline::Sub(c)
                    | Inline::Link { content: c, .. } => [Some(Work::Inlines(c.iter_mut())), None],
                    _ => [None, None],
                }
            }),
        };
        match next {
            None => {
                stack.pop();
            }
            Some(levels) => stack.extend(levels.into_iter().flatten()),
        }
    }
}
