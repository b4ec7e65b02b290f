//! Page layout: the book's structure (title page, contents, preface,
//! chapters, articles) and every kind of [`Block`], turned into strips and
//! placed by [`Flow`].
//!
//! Running text is set by [`super::text`]; this module decides sizes,
//! indents, spacing, what stays together and what starts a page. Chapters
//! are laid out each on pages of its own, in parallel, and put together;
//! the table of contents, which lists their page numbers, is laid out
//! after them (see [`layout_book`]).
//!
//! This file holds the `Layouter` itself: the entry point, the regions
//! that give the page map its places, placing lines and paragraphs, and
//! the dispatch over blocks with the simple ones (paragraphs, headings,
//! lists, quotes, rules). The other kinds of content have a file each:
//!
//! - `frontmatter.rs`: the title page and the table of contents;
//! - `openings.rs`: chapter and article openings, with the URL notes that
//!   end an article;
//! - `footnotes.rs`: notes at the foot of the page;
//! - `code.rs`: code blocks and ASCII drawings;
//! - `figures.rs`: images, diagrams and their captions;
//! - `tables.rs`: tables;
//! - `section.rs`: laid-out parts of the book put together;
//! - `pagemap.rs`: which page begins where, for the EPUB's page list.

mod code;
mod figures;
mod footnotes;
mod frontmatter;
mod openings;
mod pagemap;
mod section;
mod tables;

use super::flow::{Band, BandKind, Flow, Strip};
use super::fonts::{Face, FontLibrary, Fonts};
use super::page::{Color, Item, LaidOutBook, OutlineEntry, RuleLine};
use super::setup::{LinkUrls, PageSetup, PdfStyle};
use super::structure::{ElementId, Role};
use super::style::{self, TextStyle};
use super::text::{set_paragraph, set_paragraph_in, set_plain, Alignment, SetLine};
use super::units::{Point, Pt};
use rayon::prelude::*;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::locale::Locale;
use crate::model::{Assets, Block, Book, CodeBlock, CodeKind, Inline, Part, Place};

use footnotes::NoteScope;
use section::Section;

/// Lays `book` out into pages with the faces of `library`, chapters on
/// every core (each worker with [`Fonts`] of its own: their caches are
/// not shared between threads).
///
/// Chapters open on a right-hand page and share nothing but their page
/// numbers, so each is laid out on pages of its own and the pages are put
/// together after. The table of contents needs those page numbers: the
/// front matter is laid out last, once to count its pages and once with
/// the numbers (the contents take the same space both times, because page
/// numbers sit in a fixed-width column).
pub fn layout_book(
    book: &Book,
    library: &Arc<FontLibrary>,
    style: &PdfStyle,
) -> Result<LaidOutBook> {
    let setup = &style.page_setup();
    let links = style.link_urls;
    let chapters = book
        .chapters
        .par_iter()
        .enumerate()
        .map_init(
            || library.fonts(),
            |fonts, (index, chapter)| {
                let mut l = Layouter::new(book, fonts, setup, links);
                l.flow.start_body();
                l.chapter(index, chapter);
                l.note_missing(&chapter.source);
                l.into_section()
            },
        )
        .collect::<Vec<Section>>();
    let mut body = Section::new(setup);
    body.flow.start_body();
    for chapter in chapters {
        body.append(chapter);
    }

    let fonts = &library.fonts();
    let front_pages = Layouter::front_matter(book, fonts, setup, links, None)
        .flow
        .page_count();
    let targets: Vec<(usize, Pt, String)> = body
        .toc_targets
        .iter()
        .map(|&(page, y)| {
            let folio = body.flow.folio(page).map(|f| f.to_string());
            (front_pages + page, y, folio.unwrap_or_default())
        })
        .collect();
    let mut front = Layouter::front_matter(book, fonts, setup, links, Some(&targets));
    if front.flow.page_count() != front_pages {
        return Err(Error::Render {
            format: "PDF",
            message: "the table of contents changed the page numbers it lists".into(),
        });
    }
    front.flow.start_body();
    front.append(body);
    Ok(front.finish(book, fonts))
}

/// Lays out one part of the book (the front matter or a chapter) on
/// pages of its own; see [`Section`] for putting the parts together.
struct Layouter<'a> {
    /// The faces text is set in (this worker's own caches).
    fonts: &'a Fonts,
    /// The book's resolved images and drawn diagrams.
    assets: &'a Assets,
    /// The pages so far and the position on the current one.
    flow: Flow,
    /// The bookmarks so far, with page indices into `flow`.
    outline: Vec<OutlineEntry>,
    /// Where the headings the contents list are, in contents order.
    toc_targets: Vec<(usize, Pt)>,
    /// How many lists enclose the block being laid out (picks the bullet).
    list_depth: usize,
    /// The style of running text (italic inside quotes).
    body: TextStyle,
    /// Hyphenation language of running text, from the book's language.
    lang: Option<hypher::Lang>,
    /// Characters no font had, each with the issue it was found in.
    missing: Vec<crate::pdf::page::MissingChar>,
    /// Whether link URLs are printed as numbered notes after each article.
    link_urls: LinkUrls,
    /// The part of the book being laid out, and the path of the block
    /// within it: where the pages that begin now begin ([`Place`]).
    part: Part,
    path: Vec<usize>,
    /// For each page so far, the place where it begins and whether it
    /// begins exactly there; `None` until a region claims it.
    page_places: Vec<Option<(Place, bool)>>,
    /// How many footnotes the chapter being laid out has numbered so far.
    chapter_notes: u32,
    /// The footnotes of the article (or chapter lead) being laid out.
    notes: Option<NoteScope<'a>>,
    /// The book's own words, in its language.
    words: &'static Locale,
}

/// A region of the book being laid out: see [`Layouter::enter`].
#[must_use]
struct Region {
    /// The page count when the region began.
    first_new: usize,
    /// The strips already on the then current page.
    strips_before: usize,
}

/// The hyphenation patterns for a BCP 47 tag (`en`, `en-GB`, `de`), if
/// compiled in.
pub fn hyphenation_language(tag: &str) -> Option<hypher::Lang> {
    let code: Vec<u8> = tag
        .trim()
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    match code.as_slice() {
        [a, b] => hypher::Lang::from_iso([*a, *b]),
        _ => None,
    }
}

/// Height kept free below a heading for the lines that must follow it.
fn keep_with_next() -> Pt {
    style::BODY_SIZE * style::LEADING * 3.0
}

/// Regions, placing lines and paragraphs, and the dispatch over blocks.
impl<'a> Layouter<'a> {
    /// A layouter for `book` on empty pages of `setup`.
    fn new(book: &'a Book, fonts: &'a Fonts, setup: &PageSetup, link_urls: LinkUrls) -> Self {
        fonts.take_missing();
        Layouter {
            fonts,
            assets: &book.assets,
            flow: Flow::new(*setup),
            outline: Vec::new(),
            toc_targets: Vec::new(),
            list_depth: 0,
            body: TextStyle::body(),
            lang: hyphenation_language(&book.meta.language),
            missing: Vec::new(),
            link_urls,
            part: Part::TitlePage,
            path: Vec::new(),
            page_places: Vec::new(),
            chapter_notes: 0,
            notes: None,
            words: Locale::for_language(&book.meta.language),
        }
    }

    /// What this layouter laid out, as a [`Section`].
    fn into_section(self) -> Section {
        Section {
            flow: self.flow,
            outline: self.outline,
            toc_targets: self.toc_targets,
            page_places: self.page_places,
            missing: self.missing,
        }
    }

    /// Records the characters no font had since the last call, as found in
    /// `file`, each character once per book.
    fn note_missing(&mut self, file: &std::path::Path) {
        self.note_missing_at(file, None);
    }

    /// Records the characters no font had since the last call, as found in
    /// `file` at `line` (an article's heading), each character once per book.
    fn note_missing_at(&mut self, file: &std::path::Path, line: Option<usize>) {
        for ch in self.fonts.take_missing() {
            if !self.missing.iter().any(|m| m.ch == ch) {
                self.missing.push(crate::pdf::page::MissingChar {
                    ch,
                    file: file.to_path_buf(),
                    line,
                });
            }
        }
    }

    /// Starts a region of the book at the current part and path; what is
    /// laid out until [`Self::leave`] belongs to it.
    fn enter(&self) -> Region {
        Region {
            first_new: self.flow.page_count(),
            strips_before: self.flow.strips_on(self.flow.page_index()),
        }
    }

    /// Ends `region`: each page that began in it, and that no region inside
    /// it has claimed, begins at its place, exactly there when none of the
    /// region's strips came before the page.
    fn leave(&mut self, region: Region) {
        let start_page = region.first_new.saturating_sub(1);
        let mut placed_before = if region.first_new == 0 {
            0
        } else {
            self.flow.strips_on(start_page) - region.strips_before
        };
        let end = self.flow.page_count();
        if self.page_places.len() < end {
            self.page_places.resize(end, None);
        }
        for page in region.first_new..end {
            if self.page_places[page].is_none() {
                let place = Place {
                    part: self.part,
                    path: self.path.clone(),
                };
                self.page_places[page] = Some((place, placed_before == 0));
            }
            placed_before += self.flow.strips_on(page);
        }
    }

    /// [`Self::enter`] for block `index` of the blocks being laid out.
    fn enter_block(&mut self, index: usize) -> Region {
        self.path.push(index);
        self.enter()
    }

    /// [`Self::leave`] for a block entered with [`Self::enter_block`].
    fn leave_block(&mut self, region: Region) {
        self.leave(region);
        self.path.pop();
    }

    /// Opens a structure element: what is placed until [`Self::close`]
    /// belongs to it (see [`crate::pdf::structure`]).
    fn open(&mut self, role: Role) -> ElementId {
        self.flow.structure.open(role)
    }

    /// Closes the innermost structure element.
    fn close(&mut self) {
        self.flow.structure.close();
    }

    /// Adds a bookmark at the current position; returns that position
    /// (page index, height) for the contents to link to.
    fn outline_mark(&mut self, level: u8, title: &str) -> (usize, Pt) {
        let (page, y) = self.flow.mark();
        self.outline.push(OutlineEntry {
            level,
            title: title.to_string(),
            page,
            y,
        });
        (page, y)
    }

    /// Places a strip of `height` holding a horizontal rule from `from` to
    /// `to` (x within the strip, which starts at `at`), `y` below the
    /// strip's top: the chapter rule, ornaments, note separators and
    /// thematic breaks.
    fn place_rule(
        &mut self,
        at: Pt,
        (from, to): (Pt, Pt),
        (height, y): (Pt, Pt),
        thickness: Pt,
        color: Color,
    ) {
        self.flow.place(
            Strip {
                height,
                baseline: None,
                items: vec![Item::Line(RuleLine {
                    from: Point::new(from, y),
                    to: Point::new(to, y),
                    thickness,
                    color,
                })],
                tags: Vec::new(),
            },
            at,
        );
    }

    /// Places set lines as strips at `dx`, each with the footnotes it
    /// refers to first at the foot of its page.
    fn place_lines(&mut self, lines: Vec<SetLine>, dx: Pt) {
        for line in lines {
            let notes = self.take_notes(&line.notes);
            self.flow.place_noted(
                Strip {
                    height: line.height,
                    baseline: Some(line.baseline),
                    items: line.items,
                    tags: Vec::new(),
                },
                dx,
                notes,
            );
        }
    }

    /// Places set lines at `dx` as one structure element of `role`.
    fn place_as(&mut self, role: Role, lines: Vec<SetLine>, dx: Pt) {
        self.open(role);
        self.place_lines(lines, dx);
        self.close();
    }

    /// Places the lines of a paragraph, avoiding a lone first line at the
    /// foot of a page (orphan) and a lone last line at the head of the next
    /// (widow) when the paragraph is long enough to give a line away.
    fn place_paragraph(&mut self, lines: Vec<SetLine>, dx: Pt) {
        let n = lines.len();
        let notes = self.note_heights(&lines);
        let fit = self
            .flow
            .fitting_noted(lines.iter().map(|l| l.height).zip(notes));
        if n >= 2 && fit == 1 {
            self.flow.break_page();
        } else if n >= 4 && fit + 1 == n {
            let mut lines = lines;
            let rest = lines.split_off(fit - 1);
            self.place_lines(lines, dx);
            self.flow.break_page();
            self.place_lines(rest, dx);
            return;
        }
        self.place_lines(lines, dx);
    }

    /// A paragraph of running text: justified and hyphenated.
    fn body_lines(&self, inlines: &[Inline], width: Pt) -> Vec<SetLine> {
        set_paragraph_in(
            self.fonts,
            inlines,
            &self.body,
            width,
            Alignment::Justify,
            style::LEADING,
            self.lang,
        )
    }

    /// The height of set lines, one under the other.
    fn lines_height(lines: &[SetLine]) -> Pt {
        lines.iter().map(|l| l.height).sum()
    }

    /// Blocks one after the other, each a region of its own.
    fn blocks(&mut self, blocks: &[Block], x: Pt, width: Pt) {
        for (i, block) in blocks.iter().enumerate() {
            let region = self.enter_block(i);
            self.block(block, x, width);
            self.leave_block(region);
        }
    }

    /// One block, `width` wide from `x`.
    fn block(&mut self, block: &Block, x: Pt, width: Pt) {
        match block {
            Block::Paragraph(inlines) => {
                self.flow.gap(style::PARAGRAPH_GAP);
                let lines = self.body_lines(inlines, width);
                self.open(Role::P);
                self.place_paragraph(lines, x);
                self.close();
            }
            Block::Heading { level, content } => self.heading(*level, content, x, width),
            Block::List { start, items } => self.list(*start, items, x, width),
            Block::Quote(blocks) => self.quote(blocks, x, width),
            Block::Code(code) => self.code(code, x, width),
            Block::Mermaid(source) if self.assets.diagrams.contains_key(source) => {
                if let Some(asset) = self.assets.diagrams.get(source) {
                    let alt = self.words.labelled(self.words.diagram, source.trim());
                    self.picture(asset, None, alt, x, width);
                }
            }
            Block::Mermaid(source) => {
                self.open(Role::P);
                self.caption_line(self.words.mermaid_source, x, width, Alignment::Left);
                self.close();
                let code = CodeBlock {
                    language: Some("mermaid".into()),
                    text: source.clone(),
                    kind: CodeKind::Program,
                };
                self.code_with_gap(&code, x, width, style::MERMAID_SOURCE_GAP);
            }
            Block::Figure { image, caption } if self.assets.images.contains_key(&image.url) => {
                if let Some(asset) = self.assets.images.get(&image.url) {
                    let alt = [Inline::Text(image.alt.trim().to_string())];
                    let caption = caption
                        .as_deref()
                        .or((!image.alt.trim().is_empty()).then_some(&alt[..]));
                    let text = figure_alt(self.words, &image.alt, caption);
                    self.picture(asset, caption, text, x, width);
                }
            }
            Block::Figure { image, caption } => self.figure(image, caption.as_deref(), x, width),
            Block::Table {
                align,
                header,
                rows,
            } => self.table(align, header, rows, x, width),
            Block::Rule => {
                self.flow.gap(style::BREAK_GAP);
                let len = width / 4.0;
                self.place_rule(
                    x,
                    ((width - len) / 2.0, (width + len) / 2.0),
                    (style::BREAK_STRIP, style::BREAK_DROP),
                    style::BREAK_THICKNESS,
                    style::RULE_COLOR,
                );
                self.flow.gap(style::BREAK_GAP);
            }
        }
    }

    /// A sub-heading inside an article, kept with the lines after it.
    fn heading(&mut self, level: u8, content: &[Inline], x: Pt, width: Pt) {
        let index = usize::from(level.clamp(1, 3)) - 1;
        let size = style::SUBHEADING_SIZES[index];
        let face = if level >= 3 {
            Face::BoldItalic
        } else {
            Face::Bold
        };
        let lines = set_paragraph(
            self.fonts,
            content,
            &TextStyle::new(face, size),
            width,
            Alignment::Left,
            1.25,
        );
        self.flow.gap(style::SUBHEADING_GAPS[index]);
        self.flow
            .ensure(Self::lines_height(&lines) + keep_with_next());
        // Below the H1 and the article's H2.
        let h = self.open(Role::H(level.clamp(1, 4) + 2));
        let title = crate::model::inline_text(content);
        self.flow.structure.set_title(h, title.trim().to_string());
        self.place_lines(lines, x);
        self.close();
        self.flow.gap(style::SUBHEADING_AFTER);
    }

    /// A list: each item's mark hangs left of its blocks, nested lists
    /// change the bullet.
    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], x: Pt, width: Pt) {
        self.flow.gap(style::PARAGRAPH_GAP);
        let depth = self.list_depth;
        self.list_depth += 1;
        let indent = style::LIST_INDENT;
        self.open(Role::L);
        for (i, item) in items.iter().enumerate() {
            let region = self.enter_block(i);
            self.open(Role::LI);
            self.open(Role::Lbl);
            let label = match start {
                Some(n) => format!("{}.", n.saturating_add(i as u64)),
                None => ["•", "–", "◦"][depth % 3].to_string(),
            };
            let label_style = TextStyle::new(self.body.face, self.body.size);
            let line = set_plain(
                self.fonts,
                &label,
                &label_style,
                indent,
                Alignment::Left,
                1.0,
            );
            if let Some(line) = line.into_iter().next() {
                let gap = style::LIST_LABEL_GAP;
                let lx = x + indent - gap - line.width;
                let items = line
                    .items
                    .into_iter()
                    .map(|item| item.translated(Pt::ZERO, -line.baseline))
                    .collect();
                self.flow.attach_label(lx, items);
            }
            self.close();
            if i > 0 {
                self.flow.gap(style::LIST_ITEM_GAP);
            }
            // Items are compact: the first paragraph follows the label directly.
            self.open(Role::LBody);
            self.item_blocks(item, x + indent, width - indent);
            self.close();
            self.close();
            self.leave_block(region);
        }
        self.close();
        self.list_depth -= 1;
        self.flow.gap(style::PARAGRAPH_GAP);
    }

    /// The blocks of a list item, closer together than in running text.
    fn item_blocks(&mut self, blocks: &[Block], x: Pt, width: Pt) {
        for (i, block) in blocks.iter().enumerate() {
            let region = self.enter_block(i);
            match block {
                Block::Paragraph(inlines) => {
                    if i > 0 {
                        self.flow.gap(style::LIST_PARAGRAPH_GAP);
                    }
                    let lines = self.body_lines(inlines, width);
                    self.open(Role::P);
                    self.place_paragraph(lines, x);
                    self.close();
                }
                Block::List { start, items } => {
                    self.flow.gap(style::NESTED_LIST_GAP);
                    self.list(*start, items, x, width);
                    self.flow.gap(style::NESTED_LIST_GAP);
                }
                other => self.block(other, x, width),
            }
            self.leave_block(region);
        }
    }

    /// A block quote: indented, italic, with a rule on its left.
    fn quote(&mut self, blocks: &[Block], x: Pt, width: Pt) {
        self.flow.gap(style::PARAGRAPH_GAP);
        let saved = self.body.clone();
        self.body = self.body.clone().with_color(Color::grey(0.22));
        self.body.face = self.body.face.italicized();
        self.flow.begin_band(Band {
            kind: BandKind::LeftRule(style::RULE_COLOR, style::QUOTE_RULE_THICKNESS),
            x: x + style::QUOTE_RULE_INSET,
            width: style::QUOTE_RULE_THICKNESS,
        });
        // The first block's own gap would leave white above the rule.
        self.flow.gap(Pt::ZERO);
        let inner = style::QUOTE_INDENT;
        self.open(Role::BlockQuote);
        self.blocks_tight(blocks, x + inner, width - inner);
        self.close();
        self.flow.end_band();
        self.body = saved;
        self.flow.gap(style::PARAGRAPH_GAP);
    }

    /// Like [`Self::blocks`], but the first block starts without a gap.
    fn blocks_tight(&mut self, blocks: &[Block], x: Pt, width: Pt) {
        for (i, block) in blocks.iter().enumerate() {
            let region = self.enter_block(i);
            match block {
                Block::Paragraph(inlines) if i == 0 => {
                    let lines = self.body_lines(inlines, width);
                    self.open(Role::P);
                    self.place_paragraph(lines, x);
                    self.close();
                }
                _ => self.block(block, x, width),
            }
            self.leave_block(region);
        }
    }
}

/// The alternative text of an image: its description, else its caption,
/// else the word for an image.
fn figure_alt(words: &Locale, alt: &str, caption: Option<&[Inline]>) -> String {
    let alt = alt.trim();
    if !alt.is_empty() {
        return alt.to_string();
    }
    let caption = caption.map(crate::model::inline_text).unwrap_or_default();
    if caption.trim().is_empty() {
        words.image.to_string()
    } else {
        caption.trim().to_string()
    }
}
