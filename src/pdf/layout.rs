//! Block layout: the book's structure (title page, contents, preface,
//! chapters, articles) and every kind of [`Block`], turned into strips and
//! placed by [`Flow`].
//!
//! Running text is set by [`super::text`]; this module decides sizes,
//! indents, spacing, what stays together and what starts a page. Chapters
//! are laid out each on pages of its own, in parallel, and put together;
//! the table of contents, which lists their page numbers, is laid out
//! after them (see [`layout_book`]).

use super::flow::{Band, BandKind, Flow, Strip};
use super::fonts::{Face, FontLibrary, Fonts};
use super::highlight;
use super::link_notes::{self, is_external, url_mark};
use super::page::ImageBox;
use super::page::{
    Color, Item, LaidOutBook, LineText, Link, LinkTarget, OutlineEntry, RuleLine, TextRun,
};
use super::setup::{LinkUrls, PageSetup, PdfStyle};
use super::style::{self, TextStyle};
use super::text::{set_paragraph, set_paragraph_in, set_plain, Alignment, SetLine};
use super::units::{Point, Pt, Rect};
use rayon::prelude::*;
use std::borrow::Cow;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::highlight::Class;
use crate::model::{for_each_inline_in, for_each_inline_mut};
use crate::model::{
    Align, Article, Block, Book, Chapter, CodeBlock, CodeKind, Image, Inline, Note,
};
use crate::model::{Assets, ImageAsset, PageMap, PageStart, Part, Place, Precision};

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

/// A part of the book laid out on pages of its own (the front matter, a
/// chapter, the body), with what refers to its pages by index.
struct Section {
    flow: Flow,
    outline: Vec<OutlineEntry>,
    /// Where the headings listed in the contents are, in contents order.
    toc_targets: Vec<(usize, Pt)>,
    /// Per page, where in the book it begins (see [`Layouter::leave`]).
    page_places: Vec<Option<(Place, bool)>>,
    /// Characters no font had, each with the issue it was found in.
    missing: Vec<(std::path::PathBuf, char)>,
}

impl Section {
    /// An empty section on pages of `setup`.
    fn new(setup: &PageSetup) -> Self {
        Section {
            flow: Flow::new(*setup),
            outline: Vec::new(),
            toc_targets: Vec::new(),
            page_places: Vec::new(),
            missing: Vec::new(),
        }
    }

    /// Puts the pages of `other` after this section's, from a right-hand
    /// page, and moves what refers to them by index along.
    fn append(&mut self, other: Section) {
        let mut places = other.page_places;
        places.resize(other.flow.page_count(), None);
        let offset = self.flow.append(other.flow);
        // A blank page before `other` belongs to no place of its own.
        self.page_places.resize(offset, None);
        self.page_places.extend(places);
        self.outline
            .extend(other.outline.into_iter().map(|mut entry| {
                entry.page += offset;
                entry
            }));
        self.toc_targets.extend(
            other
                .toc_targets
                .iter()
                .map(|&(page, y)| (page + offset, y)),
        );
        for (file, ch) in other.missing {
            if !self.missing.iter().any(|(_, c)| *c == ch) {
                self.missing.push((file, ch));
            }
        }
    }

    /// The finished book: running heads and folios added, page map made.
    fn finish(self, book: &Book, fonts: &Fonts) -> LaidOutBook {
        let strips: Vec<usize> = (0..self.flow.page_count())
            .map(|p| self.flow.strips_on(p))
            .collect();
        let pages = self.flow.finish(fonts, &book.meta.title);
        let page_map = page_map(book, &pages, &strips, &self.page_places);
        LaidOutBook {
            title: book.meta.title.clone(),
            author: book.meta.author.clone(),
            language: book.meta.language.clone(),
            subject: format!(
                "{} {}: {} issues collected",
                book.meta.series,
                book.meta.year,
                book.chapters.len()
            ),
            keywords: std::iter::once(book.meta.series.clone())
                .chain(std::iter::once(book.meta.year.to_string()))
                .chain(book.chapters.iter().map(|c| c.id.to_string()))
                .filter(|k| !k.is_empty())
                .collect(),
            pages,
            outline: self.outline,
            missing_chars: self.missing,
            page_map,
        }
    }
}

/// One entry of the table of contents.
struct TocEntry {
    level: u8,
    title: Vec<Inline>,
}

struct Layouter<'a> {
    fonts: &'a Fonts,
    /// The book's resolved images and drawn diagrams.
    assets: &'a Assets,
    flow: Flow,
    outline: Vec<OutlineEntry>,
    toc_targets: Vec<(usize, Pt)>,
    list_depth: usize,
    body: TextStyle,
    /// Hyphenation language of running text, from the book's language.
    lang: Option<hypher::Lang>,
    missing: Vec<(std::path::PathBuf, char)>,
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
}

/// The footnotes of one article or chapter lead as the layout places them:
/// each at the foot of the page of its first reference (see
/// [`Flow::place_noted`]).
struct NoteScope<'a> {
    notes: Cow<'a, [Note]>,
    /// The number of the first of `notes` (notes are numbered through the
    /// chapter in print, so that a page never shows two notes of one
    /// number).
    first: u32,
    /// Each note's lines and the notes its own text refers to, set on
    /// first use (index: number - first).
    set: Vec<Option<(Vec<Strip>, Vec<u32>)>>,
    /// Whether each note is placed.
    placed: Vec<bool>,
    /// The width of the column the note numbers hang in.
    label_width: Pt,
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

impl<'a> Layouter<'a> {
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
        }
    }

    /// The title page, the contents (with the page numbers of `targets`,
    /// or zeros) and the preface, up to the right-hand page where the first
    /// chapter will open.
    fn front_matter(
        book: &'a Book,
        fonts: &'a Fonts,
        setup: &PageSetup,
        link_urls: LinkUrls,
        targets: Option<&[(usize, Pt, String)]>,
    ) -> Section {
        let mut l = Layouter::new(book, fonts, setup, link_urls);
        let region = l.enter();
        l.title_page(book);
        l.leave(region);
        let toc = toc_entries(book);
        l.contents(&toc, targets);
        if !book.preface.is_empty() {
            l.part = Part::Preface;
            let region = l.enter();
            l.flow.set_chapter("Preface");
            l.flow.open_recto();
            l.flow.new_page(true, true);
            l.outline_mark(0, "Preface");
            l.chapter_heading("Preface", None);
            l.leave(region);
            let width = l.flow.measure();
            l.blocks(&book.preface, Pt::ZERO, width);
            l.flow.flush_notes();
        }
        l.flow.open_recto();
        // The front matter's text comes from the issues' shared intro.
        if let Some(first) = book.chapters.first() {
            l.note_missing(&first.source);
        }
        l.into_section()
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
        for ch in self.fonts.take_missing() {
            if !self.missing.iter().any(|(_, c)| *c == ch) {
                self.missing.push((file.to_path_buf(), ch));
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

    // ---- helpers -------------------------------------------------------

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
                },
                dx,
                notes,
            );
        }
    }

    // ---- footnotes -------------------------------------------------------

    /// Starts laying out content whose footnotes are `notes`.
    fn begin_notes(&mut self, notes: Cow<'a, [Note]>) {
        let size = style::FOOTNOTE_SIZE;
        let count = notes.len();
        let first = self.chapter_notes + 1;
        let widest = format!("{}.", (first as usize + count).max(9));
        self.notes = Some(NoteScope {
            notes,
            first,
            set: vec![None; count],
            placed: vec![false; count],
            label_width: self.fonts.text_width(Face::Regular, size, &widest) + Pt(4.0),
        });
    }

    /// Ends the footnote scope: notes nothing placed (those no reference
    /// points to) go to the foot of the current page, or continue on the
    /// next.
    fn end_notes(&mut self) {
        let Some((first, count)) = self.notes.as_ref().map(|s| (s.first, s.notes.len())) else {
            return;
        };
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        let all: Vec<u32> = (first..first.saturating_add(count)).collect();
        let lines = self.take_notes(&all);
        self.flow.add_notes(lines);
        self.chapter_notes = self.chapter_notes.saturating_add(count);
        self.notes = None;
    }

    /// The lines of the notes `refs` refer to that are not placed yet, and
    /// of the notes their text refers to in turn; marks them placed.
    fn take_notes(&mut self, refs: &[u32]) -> Vec<Strip> {
        self.note_lines(refs).0
    }

    /// The heights of the lines [`Self::take_notes`] would give for each
    /// of `lines` in turn (a note is counted at its first reference).
    fn note_heights(&mut self, lines: &[SetLine]) -> Vec<Pt> {
        if self.notes.is_none() || lines.iter().all(|l| l.notes.is_empty()) {
            return vec![Pt::ZERO; lines.len()];
        }
        let mut marked = Vec::new();
        let heights = lines
            .iter()
            .map(|line| {
                let (strips, newly) = self.note_lines(&line.notes);
                marked.extend(newly);
                let heights: Vec<Pt> = strips.iter().map(|s| s.height).collect();
                self.flow.foot_need(&heights)
            })
            .collect();
        if let Some(scope) = self.notes.as_mut() {
            for index in marked {
                scope.placed[index] = false;
            }
        }
        heights
    }

    /// See [`Self::take_notes`]; also returns the indices of the notes it
    /// marked placed.
    fn note_lines(&mut self, refs: &[u32]) -> (Vec<Strip>, Vec<usize>) {
        let mut out = Vec::new();
        let mut marked = Vec::new();
        if refs.is_empty() || self.notes.is_none() {
            return (out, marked);
        }
        let mut queue: std::collections::VecDeque<u32> = refs.iter().copied().collect();
        while let Some(n) = queue.pop_front() {
            let Some(scope) = self.notes.as_mut() else {
                break;
            };
            let index = n.wrapping_sub(scope.first) as usize;
            if scope.placed.get(index).is_none_or(|&p| p) {
                continue;
            }
            scope.placed[index] = true;
            marked.push(index);
            if scope.set[index].is_none() {
                // Set once per note: a copy frees `self` for setting it.
                let (note, label_width) = (scope.notes[index].clone(), scope.label_width);
                let set = self.set_note(n, &note, label_width);
                if let Some(scope) = self.notes.as_mut() {
                    scope.set[index] = Some(set);
                }
            }
            if let Some((lines, inner)) = self.notes.as_ref().and_then(|s| s.set[index].as_ref()) {
                out.extend(lines.iter().cloned());
                queue.extend(inner.iter().copied());
            }
        }
        (out, marked)
    }

    /// Sets note `n` for the foot of the page: its number hanging in a
    /// column of `label_width`, its text small beside it. Returns the lines
    /// (as strips whose items are placed from the text block's left) and
    /// the notes its text refers to.
    ///
    /// Notes are short: their blocks are set as paragraphs (a list item
    /// with its mark, a code line as code, a table row with its cells
    /// joined by `|`, an image as its description and address).
    fn set_note(&self, n: u32, note: &Note, label_width: Pt) -> (Vec<Strip>, Vec<u32>) {
        let size = style::FOOTNOTE_SIZE;
        let width = self.flow.measure() - label_width;
        let mut paragraphs = Vec::new();
        note_paragraphs(&note.blocks, Face::Regular, &mut paragraphs);
        if paragraphs.is_empty() {
            paragraphs.push(NoteParagraph {
                inlines: Vec::new(),
                face: Face::Regular,
                justify: false,
            });
        }
        let mut strips = Vec::new();
        let mut refs = Vec::new();
        for (i, paragraph) in paragraphs.iter().enumerate() {
            let style = TextStyle::new(paragraph.face, size);
            let mut lines = if paragraph.justify {
                set_paragraph_in(
                    self.fonts,
                    &paragraph.inlines,
                    &style,
                    width,
                    Alignment::Justify,
                    style::FOOTNOTE_LEADING,
                    self.lang,
                )
            } else {
                set_paragraph(
                    self.fonts,
                    &paragraph.inlines,
                    &style,
                    width,
                    Alignment::Left,
                    style::FOOTNOTE_LEADING,
                )
            };
            if lines.is_empty() {
                lines = set_plain(
                    self.fonts,
                    " ",
                    &style,
                    width,
                    Alignment::Left,
                    style::FOOTNOTE_LEADING,
                );
            }
            if i == 0 {
                let label = format!("{n}.");
                self.hang_label(&mut lines, label, size, Pt(4.0), style::TEXT_COLOR);
            }
            for line in lines {
                for &r in &line.notes {
                    if !refs.contains(&r) {
                        refs.push(r);
                    }
                }
                strips.push(Strip {
                    height: line.height,
                    baseline: Some(line.baseline),
                    items: line
                        .items
                        .into_iter()
                        .map(|item| item.translated(label_width, Pt::ZERO))
                        .collect(),
                });
            }
        }
        (strips, refs)
    }

    /// Hangs `label` (a note's number) in the margin left of the first of
    /// `lines`, `gap` before the text, in the regular face at `size`.
    fn hang_label(&self, lines: &mut [SetLine], label: String, size: Pt, gap: Pt, color: Color) {
        let Some(first) = lines.first_mut() else {
            return;
        };
        let width = self.fonts.text_width(Face::Regular, size, &label);
        first.items.push(Item::Text(TextRun {
            face: Face::Regular,
            size,
            text: label,
            origin: Point::new(-width - gap, first.baseline),
            width,
            color,
            glyphs: Vec::new(),
            line_text: None,
        }));
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

    fn lines_height(lines: &[SetLine]) -> Pt {
        lines.iter().map(|l| l.height).sum()
    }

    // ---- front matter ----------------------------------------------------

    fn title_page(&mut self, book: &Book) {
        self.flow.new_page(true, false);
        let width = self.flow.measure();
        let meta = &book.meta;
        self.flow.skip(Pt(150.0));
        let title = TextStyle::new(Face::Bold, Pt(30.0));
        let lines = set_plain(
            self.fonts,
            &meta.title,
            &title,
            width,
            Alignment::Center,
            1.2,
        );
        self.place_lines(lines, Pt::ZERO);
        self.flow.gap(Pt(18.0));
        let rule_width = Pt(80.0);
        self.place_rule(
            Pt::ZERO,
            ((width - rule_width) / 2.0, (width + rule_width) / 2.0),
            (Pt(1.0), Pt(0.5)),
            Pt(0.6),
            style::RULE_COLOR,
        );
        self.flow.gap(Pt(18.0));
        let series = if meta.series.is_empty() {
            meta.year.to_string()
        } else {
            format!("{} · {}", meta.series, meta.year)
        };
        let sub = TextStyle::new(Face::Italic, Pt(14.0)).with_color(style::MUTED_COLOR);
        let lines = set_plain(self.fonts, &series, &sub, width, Alignment::Center, 1.3);
        self.place_lines(lines, Pt::ZERO);
        if !meta.author.is_empty() {
            self.flow.gap(Pt(120.0));
            let author = TextStyle::new(Face::Regular, Pt(13.0));
            let lines = set_plain(
                self.fonts,
                &meta.author,
                &author,
                width,
                Alignment::Center,
                1.3,
            );
            self.place_lines(lines, Pt::ZERO);
        }
        if !meta.date.is_empty() {
            self.flow.gap(Pt(8.0));
            let date = TextStyle::new(Face::Regular, Pt(10.0)).with_color(style::MUTED_COLOR);
            let lines = set_plain(self.fonts, &meta.date, &date, width, Alignment::Center, 1.3);
            self.place_lines(lines, Pt::ZERO);
        }
    }

    fn contents(&mut self, toc: &[TocEntry], targets: Option<&[(usize, Pt, String)]>) {
        self.part = Part::Contents;
        let region = self.enter();
        self.flow.set_chapter("Contents");
        self.flow.open_recto();
        self.flow.new_page(true, true);
        self.outline_mark(0, "Contents");
        self.chapter_heading("Contents", None);
        self.leave(region);
        let width = self.flow.measure();
        let number_column = Pt(28.0);
        for (i, entry) in toc.iter().enumerate() {
            let (indent, base, gap) = if entry.level == 0 {
                (Pt::ZERO, TextStyle::new(Face::Bold, Pt(10.5)), Pt(7.0))
            } else {
                (Pt(14.0), TextStyle::new(Face::Regular, Pt(9.5)), Pt(1.5))
            };
            let target = targets.and_then(|t| t.get(i)).cloned();
            let number = target
                .as_ref()
                .map_or_else(|| "0".to_string(), |(_, _, label)| label.clone());
            let title_width = width - indent - number_column - Pt(6.0);
            let mut lines = set_paragraph(
                self.fonts,
                &plain_inlines(&entry.title),
                &base,
                title_width,
                Alignment::Left,
                1.3,
            );
            let Some(last) = lines.last_mut() else {
                continue;
            };
            // Page number, right-aligned, on the last line; dot leaders before it.
            let num_width = self.fonts.text_width(base.face, base.size, &number);
            let num_x = width - indent - num_width;
            let dot = ". ";
            let dot_width = self.fonts.text_width(Face::Regular, base.size, dot);
            let leader_start = last.width + Pt(4.0);
            let leader_end = num_x - Pt(4.0);
            if dot_width > Pt::ZERO && leader_end > leader_start + dot_width {
                let count = ((leader_end - leader_start) / dot_width).floor() as usize;
                let leader_width = dot_width * count as f32;
                last.items.push(Item::Text(TextRun {
                    face: Face::Regular,
                    size: base.size,
                    text: dot.repeat(count).trim_end().to_string(),
                    origin: Point::new(leader_end - leader_width, last.baseline),
                    width: leader_width - self.fonts.char_width(Face::Regular, base.size, ' '),
                    color: style::MUTED_COLOR,
                    glyphs: Vec::new(),
                    line_text: None,
                }));
            }
            last.items.push(Item::Text(TextRun {
                face: base.face,
                size: base.size,
                text: number,
                origin: Point::new(num_x, last.baseline),
                width: num_width,
                color: style::TEXT_COLOR,
                glyphs: Vec::new(),
                line_text: None,
            }));
            let total = Self::lines_height(&lines);
            if let Some((page, y, _)) = target {
                // One link over the whole entry, attached to its first line.
                if let Some(first) = lines.first_mut() {
                    first.items.push(Item::Link(Link {
                        rect: Rect::new(Pt::ZERO, Pt::ZERO, width - indent, total),
                        target: LinkTarget::Internal { page, y },
                    }));
                }
            }
            let region = self.enter_block(i);
            self.flow.gap(gap);
            self.flow.ensure(total);
            self.place_lines(lines, indent);
            self.leave_block(region);
        }
    }

    // ---- chapters and articles -----------------------------------------

    fn chapter_heading(&mut self, title: &str, date: Option<&str>) {
        let width = self.flow.measure();
        self.flow.skip(Pt(40.0));
        let style = TextStyle::new(Face::Bold, style::CHAPTER_TITLE_SIZE);
        let lines = set_plain(self.fonts, title, &style, width, Alignment::Left, 1.15);
        self.place_lines(lines, Pt::ZERO);
        if let Some(date) = date.filter(|d| !d.trim().is_empty()) {
            self.flow.gap(Pt(4.0));
            let style = TextStyle::new(Face::Italic, Pt(11.0)).with_color(style::MUTED_COLOR);
            let lines = set_plain(self.fonts, date, &style, width, Alignment::Left, 1.3);
            self.place_lines(lines, Pt::ZERO);
        }
        self.flow.gap(Pt(10.0));
        self.place_rule(
            Pt::ZERO,
            (Pt::ZERO, width),
            (Pt(1.0), Pt(0.5)),
            Pt(0.8),
            style::TEXT_COLOR,
        );
        self.flow.gap(Pt(26.0));
    }

    fn chapter(&mut self, index: usize, chapter: &'a Chapter) {
        self.part = Part::Chapter(index);
        let region = self.enter();
        self.flow.set_chapter(&chapter.title);
        self.flow.open_recto();
        self.flow.new_page(true, true);
        let mark = self.outline_mark(0, &chapter.title);
        self.toc_targets.push(mark);
        self.chapter_heading(&chapter.title, chapter.date.as_deref());
        self.leave(region);
        let width = self.flow.measure();
        self.chapter_notes = 0;
        self.begin_notes(Cow::Borrowed(&chapter.lead_notes));
        self.blocks(&chapter.lead, Pt::ZERO, width);
        self.end_notes();
        for (i, article) in chapter.articles.iter().enumerate() {
            self.part = Part::Article(index, i);
            self.article(article, i == 0);
        }
        // A chapter's notes stay in the chapter.
        self.flow.flush_notes();
    }

    fn article(&mut self, article: &'a Article, first: bool) {
        let width = self.flow.measure();
        // Paper has no links: each external link's URL is printed, in a
        // note at the end of the article (the sources' first, as the source
        // line comes first) or in a footnote (see `link_notes`).
        let mut urls = Vec::new();
        // When the article has footnotes (numbered), its URL notes are
        // lettered, so that a mark in the text leads to one place only.
        let letters = !article.notes.is_empty();
        let (title_inlines, sources, blocks, notes) = match self.link_urls {
            LinkUrls::Notes => {
                let mark = |n| Inline::Sup(vec![Inline::Text(url_mark(n, letters))]);
                let sources = self.sources_lines(article, width, &mut |_, url| {
                    Some(mark(link_notes::place_of(&mut urls, url)))
                });
                let blocks = link_notes::mark_links(&article.blocks, &mut urls, &mark);
                let notes = Cow::Borrowed(&article.notes[..]);
                (
                    Cow::Borrowed(&article.title[..]),
                    sources,
                    Cow::Owned(blocks),
                    notes,
                )
            }
            LinkUrls::Footnotes => {
                let noted = link_notes::url_footnotes(article);
                let sources = self.sources_lines(article, width, &mut |i, _| {
                    let number = noted.source_notes.get(i).copied().flatten()?;
                    Some(Inline::NoteRef { number })
                });
                let blocks = Cow::Owned(noted.blocks);
                (
                    Cow::Owned(noted.title),
                    sources,
                    blocks,
                    Cow::Owned(noted.notes),
                )
            }
            LinkUrls::None => {
                let sources = self.sources_lines(article, width, &mut |_, _| None);
                let blocks = Cow::Borrowed(&article.blocks[..]);
                let notes = Cow::Borrowed(&article.notes[..]);
                (Cow::Borrowed(&article.title[..]), sources, blocks, notes)
            }
        };
        // Notes are numbered through the chapter in print: this article's
        // come after the notes of the articles before it.
        let (title_inlines, blocks, notes) = match self.chapter_notes {
            0 => (title_inlines, blocks, notes),
            _ if notes.is_empty() => (title_inlines, blocks, notes),
            before => {
                let (mut title, mut blocks, mut notes) = (
                    title_inlines.into_owned(),
                    blocks.into_owned(),
                    notes.into_owned(),
                );
                let mut shift = |i: &mut Inline| {
                    if let Inline::NoteRef { number } = i {
                        *number = number.saturating_add(before);
                    }
                };
                for_each_inline_in(&mut title, &mut shift);
                for_each_inline_mut(&mut blocks, &mut shift);
                for note in &mut notes {
                    for_each_inline_mut(&mut note.blocks, &mut shift);
                }
                (Cow::Owned(title), Cow::Owned(blocks), Cow::Owned(notes))
            }
        };
        let title_style = TextStyle::new(Face::Bold, style::ARTICLE_TITLE_SIZE);
        let title = set_paragraph(
            self.fonts,
            &title_inlines,
            &title_style,
            width,
            Alignment::Left,
            1.22,
        );
        self.begin_notes(notes);
        let head = Self::lines_height(&title) + Self::lines_height(&sources);
        let region = self.enter();
        self.flow.gap(if first { Pt::ZERO } else { Pt(22.0) });
        self.flow.ensure(head + keep_with_next());
        let mark = self.outline_mark(1, &article.title_text());
        self.toc_targets.push(mark);
        self.place_lines(title, Pt::ZERO);
        if !sources.is_empty() {
            self.flow.gap(Pt(1.0));
            self.place_lines(sources, Pt::ZERO);
        }
        self.leave(region);
        self.flow.gap(Pt(8.0));
        self.blocks(&blocks, Pt::ZERO, width);
        self.end_notes();
        if !urls.is_empty() {
            if let Part::Article(chapter, article) = self.part {
                self.part = Part::ArticleEnd(chapter, article);
            }
            let region = self.enter();
            self.url_notes(&urls, width, letters);
            self.leave(region);
        }
    }

    /// The numbered list of an article's URLs, small, after its text.
    fn url_notes(&mut self, urls: &[String], width: Pt, letters: bool) {
        self.flow.gap(Pt(10.0));
        let size = style::SOURCE_SIZE * 0.95;
        let label_width = self
            .fonts
            .text_width(
                Face::Regular,
                size,
                &format!("{}.", url_mark(urls.len().saturating_sub(1), letters)),
            )
            .max(self.fonts.text_width(Face::Regular, size, "9."))
            + Pt(5.0);
        let rule_width = width / 5.0;
        self.flow.ensure(Pt(4.0) + size * 1.3 * 2.0);
        self.place_rule(
            Pt::ZERO,
            (Pt::ZERO, rule_width),
            (Pt(4.0), Pt(0.25)),
            Pt(0.4),
            style::RULE_COLOR,
        );
        let base = TextStyle::new(Face::Regular, size).with_color(style::MUTED_COLOR);
        for (i, url) in urls.iter().enumerate() {
            let label = format!("{}.", url_mark(i, letters));
            let inlines = [Inline::Link {
                url: url.clone(),
                content: vec![Inline::Text(url.clone())],
            }];
            let mut lines = set_paragraph(
                self.fonts,
                &inlines,
                &base,
                width - label_width,
                Alignment::Left,
                1.3,
            );
            self.hang_label(&mut lines, label, size, Pt(5.0), style::MUTED_COLOR);
            self.place_paragraph(lines, label_width);
        }
    }

    /// The source line under an article's title, `mark(i, url)` after
    /// source `i` that links to `url` (the mark of its printed URL).
    fn sources_lines(
        &self,
        article: &Article,
        width: Pt,
        mark: &mut dyn FnMut(usize, &str) -> Option<Inline>,
    ) -> Vec<SetLine> {
        if article.sources.is_empty() {
            return Vec::new();
        }
        let mut inlines = vec![Inline::Text("Source: ".into())];
        for (i, source) in article.sources.iter().enumerate() {
            if i > 0 {
                inlines.push(Inline::Text(" · ".into()));
            }
            let label = Inline::Text(source.label.clone());
            inlines.push(match &source.url {
                Some(url) => Inline::Link {
                    url: url.clone(),
                    content: vec![label],
                },
                None => label,
            });
            if let Some(url) = source.url.as_deref().filter(|u| is_external(u)) {
                inlines.extend(mark(i, url));
            }
        }
        let style = TextStyle::new(Face::Italic, style::SOURCE_SIZE).with_color(style::MUTED_COLOR);
        set_paragraph(self.fonts, &inlines, &style, width, Alignment::Left, 1.3)
    }

    // ---- blocks ----------------------------------------------------------

    fn blocks(&mut self, blocks: &[Block], x: Pt, width: Pt) {
        for (i, block) in blocks.iter().enumerate() {
            let region = self.enter_block(i);
            self.block(block, x, width);
            self.leave_block(region);
        }
    }

    fn block(&mut self, block: &Block, x: Pt, width: Pt) {
        match block {
            Block::Paragraph(inlines) => {
                self.flow.gap(style::PARAGRAPH_GAP);
                let lines = self.body_lines(inlines, width);
                self.place_paragraph(lines, x);
            }
            Block::Heading { level, content } => self.heading(*level, content, x, width),
            Block::List { start, items } => self.list(*start, items, x, width),
            Block::Quote(blocks) => self.quote(blocks, x, width),
            Block::Code(code) => self.code(code, x, width),
            Block::Mermaid(source) if self.assets.diagrams.contains_key(source) => {
                if let Some(asset) = self.assets.diagrams.get(source) {
                    self.picture(asset, None, x, width);
                }
            }
            Block::Mermaid(source) => {
                self.caption_line("Mermaid diagram (source)", x, width, Alignment::Left);
                let code = CodeBlock {
                    language: Some("mermaid".into()),
                    text: source.clone(),
                    kind: CodeKind::Program,
                };
                self.code_with_gap(&code, x, width, Pt(2.0));
            }
            Block::Figure { image, caption } if self.assets.images.contains_key(&image.url) => {
                if let Some(asset) = self.assets.images.get(&image.url) {
                    let alt = [Inline::Text(image.alt.trim().to_string())];
                    let caption = caption
                        .as_deref()
                        .or((!image.alt.trim().is_empty()).then_some(&alt[..]));
                    self.picture(asset, caption, x, width);
                }
            }
            Block::Figure { image, caption } => self.figure(image, caption.as_deref(), x, width),
            Block::Table {
                align,
                header,
                rows,
            } => self.table(align, header, rows, x, width),
            Block::Rule => {
                self.flow.gap(Pt(10.0));
                let len = width / 4.0;
                self.place_rule(
                    x,
                    ((width - len) / 2.0, (width + len) / 2.0),
                    (Pt(10.0), Pt(5.0)),
                    Pt(0.5),
                    style::RULE_COLOR,
                );
                self.flow.gap(Pt(10.0));
            }
        }
    }

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
        self.flow.gap(Pt(14.0 - index as f32 * 2.0));
        self.flow
            .ensure(Self::lines_height(&lines) + keep_with_next());
        self.place_lines(lines, x);
        self.flow.gap(Pt(3.0));
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], x: Pt, width: Pt) {
        self.flow.gap(style::PARAGRAPH_GAP);
        let depth = self.list_depth;
        self.list_depth += 1;
        let indent = style::LIST_INDENT;
        for (i, item) in items.iter().enumerate() {
            let region = self.enter_block(i);
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
                let gap = Pt(5.0);
                let lx = x + indent - gap - line.width;
                let items = line
                    .items
                    .into_iter()
                    .map(|item| item.translated(Pt::ZERO, -line.baseline))
                    .collect();
                self.flow.attach_label(lx, items);
            }
            if i > 0 {
                self.flow.gap(Pt(2.0));
            }
            // Items are compact: the first paragraph follows the label directly.
            self.item_blocks(item, x + indent, width - indent);
            self.leave_block(region);
        }
        self.list_depth -= 1;
        self.flow.gap(style::PARAGRAPH_GAP);
    }

    fn item_blocks(&mut self, blocks: &[Block], x: Pt, width: Pt) {
        for (i, block) in blocks.iter().enumerate() {
            let region = self.enter_block(i);
            match block {
                Block::Paragraph(inlines) => {
                    if i > 0 {
                        self.flow.gap(Pt(3.0));
                    }
                    let lines = self.body_lines(inlines, width);
                    self.place_paragraph(lines, x);
                }
                Block::List { start, items } => {
                    self.flow.gap(Pt(1.0));
                    self.list(*start, items, x, width);
                    self.flow.gap(Pt(1.0));
                }
                other => self.block(other, x, width),
            }
            self.leave_block(region);
        }
    }

    fn quote(&mut self, blocks: &[Block], x: Pt, width: Pt) {
        self.flow.gap(style::PARAGRAPH_GAP);
        let saved = self.body.clone();
        self.body = self.body.clone().with_color(Color::grey(0.22));
        self.body.face = self.body.face.italicized();
        self.flow.begin_band(Band {
            kind: BandKind::LeftRule(style::RULE_COLOR, Pt(1.5)),
            x: x + Pt(2.0),
            width: Pt(1.5),
        });
        // The first block's own gap would leave white above the rule.
        self.flow.gap(Pt::ZERO);
        let inner = style::QUOTE_INDENT;
        self.blocks_tight(blocks, x + inner, width - inner);
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
                    self.place_paragraph(lines, x);
                }
                _ => self.block(block, x, width),
            }
            self.leave_block(region);
        }
    }

    fn caption_line(&mut self, text: &str, x: Pt, width: Pt, align: Alignment) {
        self.flow.gap(style::PARAGRAPH_GAP);
        let style =
            TextStyle::new(Face::Italic, style::CAPTION_SIZE).with_color(style::MUTED_COLOR);
        let lines = set_plain(self.fonts, text, &style, width, align, 1.3);
        self.flow.ensure(Self::lines_height(&lines) + Pt(40.0));
        self.place_lines(lines, x);
    }

    // ---- code --------------------------------------------------------------

    fn code(&mut self, code: &CodeBlock, x: Pt, width: Pt) {
        self.code_with_gap(code, x, width, style::PARAGRAPH_GAP + Pt(2.0));
    }

    fn code_with_gap(&mut self, code: &CodeBlock, x: Pt, width: Pt, gap: Pt) {
        let pad = style::CODE_PAD;
        let inner = width - pad * 2.0;
        let lines: Vec<Vec<char>> = code.text.split('\n').map(expand_tabs).collect();
        let cell_at = |size: Pt| self.fonts.char_width(Face::Mono, size, 'M');
        let (size, rows) = match code.kind {
            CodeKind::Program => {
                let size = style::CODE_SIZE;
                let cols = ((inner / cell_at(size)).floor() as usize).max(8);
                let by_line =
                    crate::highlight::classes_by_line(self.assets.code.of(code), &code.text);
                let classes: Vec<Vec<Option<Class>>> = code
                    .text
                    .split('\n')
                    .zip(&by_line)
                    .map(|(line, classes)| expand_tabs_classed(line, classes).1)
                    .collect();
                (size, wrap_program(&lines, &classes, cols))
            }
            CodeKind::Drawing => {
                let cols = lines.iter().map(Vec::len).max().unwrap_or(0);
                let natural = cell_at(style::CODE_SIZE) * cols as f32;
                let size = if natural > inner && natural > Pt::ZERO {
                    // Scale the whole drawing; a hair smaller so rounding never overflows.
                    (style::CODE_SIZE * (inner / natural) * 0.999).max(style::DRAWING_MIN_SIZE)
                } else {
                    style::CODE_SIZE
                };
                let rows = lines
                    .into_iter()
                    .map(|l| CodeRow {
                        indent: 0,
                        continuation: false,
                        classes: vec![None; l.len()],
                        chars: l,
                    })
                    .collect();
                (size, rows)
            }
        };
        let line_height = size * style::CODE_LEADING;
        let total = line_height * rows.len() as f32 + pad * 2.0;
        self.flow.gap(gap);
        match code.kind {
            // A drawing stays on one page when it fits on one.
            CodeKind::Drawing if total <= self.flow.page_height() => self.flow.ensure(total),
            // A block that breaks leaves at least two lines at the foot of
            // the page (or goes whole to the next one).
            _ => self
                .flow
                .ensure((line_height * rows.len().min(2) as f32) + pad * 2.0),
        }
        self.flow.begin_band(Band {
            kind: BandKind::Fill(style::CODE_BACKGROUND),
            x,
            width,
        });
        self.flow.place(Strip::space(pad), x);
        let cell = cell_at(size);
        let n = rows.len();
        let mut page = self.flow.page_index();
        let mut rows_on_page = 0;
        for (i, row) in rows.into_iter().enumerate() {
            if self.flow.page_index() != page {
                page = self.flow.page_index();
                rows_on_page = 0;
            }
            // Never one lone line at the top of the next page: when only the
            // last line would go over, the last two go over together.
            if n >= 4
                && i + 2 == n
                && rows_on_page >= 2
                && self.flow.fitting([line_height, line_height + pad]) == 1
            {
                self.flow.break_page();
                page = self.flow.page_index();
                rows_on_page = 0;
            }
            if i + 1 == n {
                // The last line keeps the bottom padding with it.
                self.flow.ensure(line_height + pad);
            }
            let mut items = Vec::new();
            let baseline = (line_height - size) / 2.0 + size * 0.78;
            let mut col = row.indent;
            if row.continuation {
                let mark: Vec<char> = style::CONTINUATION_MARK.chars().collect();
                let plain = vec![Some(Class::Comment); mark.len()];
                items.extend(self.code_runs(&mark, &plain, col, cell, size, baseline, false));
                col += mark.len();
            }
            // Every line of code and drawing is extracted as it stands, its
            // runs of spaces (columns, alignment) kept.
            items.extend(self.code_runs(&row.chars, &row.classes, col, cell, size, baseline, true));
            self.flow.place(
                Strip {
                    height: line_height,
                    baseline: Some(baseline),
                    items,
                },
                x + pad,
            );
            rows_on_page += 1;
        }
        self.flow.place(Strip::space(pad), x);
        self.flow.end_band();
        self.flow.gap(style::PARAGRAPH_GAP + Pt(2.0));
    }

    /// Text runs for one code line starting at column `col`: one run per
    /// stretch of characters in one face and colour, each placed at its
    /// column so that columns stay exact even where a character comes from
    /// a fallback face. With `exact_text` (a line of code or drawing) the first
    /// run carries the line's text from its first drawn character to its
    /// last, so that text extraction keeps every space of it.
    #[allow(clippy::too_many_arguments)]
    fn code_runs(
        &self,
        chars: &[char],
        classes: &[Option<Class>],
        col: usize,
        cell: Pt,
        size: Pt,
        baseline: Pt,
        exact_text: bool,
    ) -> Vec<Item> {
        let mut runs: Vec<(Face, Color, usize, String)> = Vec::new();
        for (i, &ch) in chars.iter().enumerate() {
            let (bold, color) = highlight::style_of(classes.get(i).copied().flatten());
            let wanted = if bold { Face::MonoBold } else { Face::Mono };
            let (face, ch) = match self.fonts.face_for_char(wanted, ch) {
                Some(f) => (f, ch),
                None => {
                    self.fonts.note_missing(ch);
                    (wanted, '?')
                }
            };
            // Spaces need no glyph, but keeping them in the run keeps text
            // extraction faithful.
            match runs.last_mut() {
                Some((f, c, _, text))
                    if *f == face && face.is_mono() && (*c == color || ch == ' ') =>
                {
                    text.push(ch)
                }
                _ => runs.push((face, color, col + i, ch.to_string())),
            }
        }
        let drawn = |run: &(Face, Color, usize, String)| !run.3.trim().is_empty();
        // Every character is in exactly one run, in order: the line's text
        // is the runs' texts from the first drawn run to the last.
        let line_text = match (runs.iter().position(drawn), runs.iter().rposition(drawn)) {
            (Some(first), Some(last)) if exact_text => Some(
                runs[first..=last]
                    .iter()
                    .map(|run| run.3.as_str())
                    .collect::<String>(),
            ),
            _ => None,
        };
        let mut items: Vec<Item> = runs
            .into_iter()
            .filter(drawn)
            .map(|(face, color, start, text)| {
                let n = text.chars().count();
                let width = if face.is_mono() {
                    cell * n as f32
                } else {
                    self.fonts.text_width(face, size, &text)
                };
                Item::Text(TextRun {
                    face,
                    size,
                    text,
                    origin: Point::new(cell * start as f32, baseline),
                    width,
                    color,
                    glyphs: Vec::new(),
                    line_text: None,
                })
            })
            .collect();
        let count = items.len();
        if let (Some(text), Some(Item::Text(first))) = (line_text, items.first_mut()) {
            first.line_text = Some(LineText { text, runs: count });
        }
        items
    }

    // ---- figures and tables --------------------------------------------

    fn figure(&mut self, image: &Image, caption: Option<&[Inline]>, x: Pt, width: Pt) {
        let pad = Pt(14.0);
        let inner = width - pad * 2.0;
        let alt = if image.alt.trim().is_empty() {
            "Image".to_string()
        } else {
            format!("Image: {}", image.alt.trim())
        };
        let label_style = TextStyle::new(Face::Italic, Pt(10.0)).with_color(style::MUTED_COLOR);
        let mut lines = set_plain(
            self.fonts,
            &alt,
            &label_style,
            inner,
            Alignment::Center,
            1.3,
        );
        let url_inlines = [Inline::Link {
            url: image.url.clone(),
            content: vec![Inline::Code(image.url.clone())],
        }];
        let url_style = TextStyle::new(Face::Regular, Pt(8.5));
        lines.extend(set_paragraph(
            self.fonts,
            &url_inlines,
            &url_style,
            inner,
            Alignment::Center,
            1.3,
        ));
        let caption_lines = caption.map(|c| {
            let style = TextStyle::new(Face::Italic, style::CAPTION_SIZE);
            set_paragraph(self.fonts, c, &style, width, Alignment::Center, 1.3)
        });
        let box_height = Self::lines_height(&lines) + pad * 2.0;
        let caption_height = caption_lines
            .as_deref()
            .map_or(Pt::ZERO, Self::lines_height);
        self.flow.gap(style::PARAGRAPH_GAP + Pt(4.0));
        self.flow.ensure(box_height + caption_height + Pt(4.0));
        self.flow.begin_band(Band {
            kind: BandKind::Frame(style::RULE_COLOR, Pt(0.6)),
            x,
            width,
        });
        self.flow.place(Strip::space(pad), x);
        self.place_lines(lines, x + pad);
        self.flow.place(Strip::space(pad), x);
        self.flow.end_band();
        if let Some(lines) = caption_lines {
            self.flow.gap(Pt(4.0));
            self.place_lines(lines, x);
        }
        self.flow.gap(style::PARAGRAPH_GAP + Pt(4.0));
    }

    /// A resolved image or drawn diagram, scaled to the measure (never
    /// split: it moves to the next page with its caption), the caption
    /// centred below.
    fn picture(&mut self, asset: &ImageAsset, caption: Option<&[Inline]>, x: Pt, width: Pt) {
        let caption_lines = caption.map(|c| {
            let style = TextStyle::new(Face::Italic, style::CAPTION_SIZE);
            set_paragraph(self.fonts, c, &style, width, Alignment::Center, 1.3)
        });
        let caption_height = caption_lines
            .as_deref()
            .map_or(Pt::ZERO, Self::lines_height);
        let max_height = self.flow.page_height() * 0.8 - caption_height;
        let size = super::image::fitted_size(asset, width, max_height);
        self.flow.gap(style::PARAGRAPH_GAP + Pt(4.0));
        self.flow.ensure(size.height + caption_height + Pt(4.0));
        let item = Item::Image(ImageBox {
            rect: Rect::new(Pt::ZERO, Pt::ZERO, size.width, size.height),
            asset: std::sync::Arc::new(asset.clone()),
        });
        self.flow.place(
            Strip {
                height: size.height,
                baseline: None,
                items: vec![item],
            },
            x + (width - size.width) / 2.0,
        );
        if let Some(lines) = caption_lines {
            self.flow.gap(Pt(4.0));
            self.place_lines(lines, x);
        }
        self.flow.gap(style::PARAGRAPH_GAP + Pt(4.0));
    }

    fn table(
        &mut self,
        align: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        x: Pt,
        width: Pt,
    ) {
        let columns = rows
            .iter()
            .map(Vec::len)
            .chain(std::iter::once(header.len()))
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return;
        }
        let cell_pad = Pt(4.0);
        let body_style = TextStyle::new(Face::Regular, style::TABLE_SIZE);
        let head_style = TextStyle::new(Face::Bold, style::TABLE_SIZE);
        // Natural (one-line) width of every column's widest cell.
        let mut natural = vec![Pt(12.0); columns];
        let all_rows = std::iter::once((header, &head_style))
            .chain(rows.iter().map(|r| (r.as_slice(), &body_style)));
        for (row, style) in all_rows.clone() {
            for (c, cell) in row.iter().enumerate() {
                let w = set_paragraph(self.fonts, cell, style, Pt(10_000.0), Alignment::Left, 1.0)
                    .iter()
                    .map(|l| l.width)
                    .fold(Pt::ZERO, Pt::max);
                if let Some(n) = natural.get_mut(c) {
                    *n = n.max(w + cell_pad * 2.0);
                }
            }
        }
        let widths = column_widths(&natural, width);
        self.flow.gap(style::PARAGRAPH_GAP + Pt(2.0));
        let row_count = rows.len() + usize::from(!header.is_empty());
        let mut first = true;
        let mut header_strip: Option<Strip> = None;
        for (r, (row, style)) in all_rows.enumerate() {
            if r == 0 && header.is_empty() {
                continue;
            }
            let is_header = r == 0;
            let is_last = r == row_count - usize::from(header.is_empty());
            let mut items = Vec::new();
            let mut height = Pt::ZERO;
            let mut cx = Pt::ZERO;
            let mut cells = Vec::new();
            for (c, &w) in widths.iter().enumerate() {
                let cell = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                let alignment = match align.get(c) {
                    Some(Align::Center) => Alignment::Center,
                    Some(Align::Right) => Alignment::Right,
                    _ => Alignment::Left,
                };
                let lines =
                    set_paragraph(self.fonts, cell, style, w - cell_pad * 2.0, alignment, 1.3);
                height = height.max(Self::lines_height(&lines));
                cells.push((cx, lines));
                cx += w;
            }
            height += cell_pad * 2.0;
            let mut row_notes = Vec::new();
            for (_, lines) in &cells {
                for line in lines {
                    row_notes.extend(line.notes.iter().copied());
                }
            }
            let notes = self.take_notes(&row_notes);
            let note_heights: Vec<Pt> = notes.iter().map(|s| s.height).collect();
            let need = self.flow.foot_need(&note_heights);
            for (cx, lines) in cells {
                let mut y = cell_pad;
                for line in lines {
                    let h = line.height;
                    items.extend(
                        line.items
                            .into_iter()
                            .map(|i| i.translated(cx + cell_pad, y)),
                    );
                    y += h;
                }
            }
            let rule = |y: Pt, thickness: Pt| {
                Item::Line(RuleLine {
                    from: Point::new(Pt::ZERO, y),
                    to: Point::new(width, y),
                    thickness,
                    color: style::TEXT_COLOR,
                })
            };
            if first {
                items.push(rule(Pt(0.4), Pt(0.8)));
                first = false;
            }
            if is_header {
                items.push(rule(height, Pt(0.5)));
            }
            if is_last {
                items.push(rule(height - Pt(0.4), Pt(0.8)));
            }
            let strip = Strip {
                height,
                baseline: None,
                items,
            };
            if is_header {
                // Keep the header with the first row.
                let first_row = rows.first().map_or(Pt::ZERO, |_| height);
                self.flow.ensure(height + first_row);
                header_strip = Some(strip.clone());
            } else if self.flow.fitting_noted([(height, need)]) == 0
                && self.flow.room() < self.flow.page_height()
            {
                // The table breaks here: repeat the header on the new page.
                self.flow.break_page();
                if let Some(header) = header_strip.clone() {
                    self.flow.place(header, x);
                }
            }
            self.flow.place_noted(strip, x, notes);
        }
        self.flow.gap(style::PARAGRAPH_GAP + Pt(4.0));
    }
}

/// One printed row of a code block.
struct CodeRow {
    /// Columns left blank before a continuation mark.
    indent: usize,
    /// Whether it continues the previous source line.
    continuation: bool,
    chars: Vec<char>,
    /// The highlighting class of each character (`None`: plain).
    classes: Vec<Option<Class>>,
}

/// Expands tabs to the next multiple of [`style::TAB_WIDTH`] and drops a
/// trailing carriage return.
fn expand_tabs(line: &str) -> Vec<char> {
    expand_tabs_classed(line, &[]).0
}

/// [`expand_tabs`], carrying each character's highlighting class along
/// (`classes` holds one per character of `line`; missing ones are plain).
fn expand_tabs_classed(line: &str, classes: &[Option<Class>]) -> (Vec<char>, Vec<Option<Class>>) {
    let mut out = Vec::new();
    let mut out_classes = Vec::new();
    for (i, ch) in line.trim_end_matches('\r').chars().enumerate() {
        let class = classes.get(i).copied().flatten();
        let n = if ch == '\t' {
            style::TAB_WIDTH - out.len() % style::TAB_WIDTH
        } else {
            1
        };
        out.extend(std::iter::repeat_n(if ch == '\t' { ' ' } else { ch }, n));
        out_classes.extend(std::iter::repeat_n(class, n));
    }
    (out, out_classes)
}

/// Wraps program lines longer than `cols`. A continuation row is indented
/// like its source line, starts with the continuation mark, and the cut is
/// made after a space or punctuation when one is near the end of the row.
fn wrap_program(lines: &[Vec<char>], classes: &[Vec<Option<Class>>], cols: usize) -> Vec<CodeRow> {
    let mark = style::CONTINUATION_MARK.chars().count();
    let mut rows = Vec::new();
    for (line, class) in lines.iter().zip(classes) {
        let leading = line.iter().take_while(|c| **c == ' ').count();
        let indent = leading.min(cols / 3);
        let mut start = 0;
        let mut first = true;
        while first || start < line.len() {
            let room = if first {
                cols
            } else {
                cols.saturating_sub(mark + indent).max(4)
            };
            let mut end = (start + room).min(line.len());
            if end < line.len() {
                // Prefer to cut after a space or punctuation in the last third.
                let floor = start + room * 2 / 3;
                if let Some(cut) = (floor..end).rev().find(|&k| {
                    matches!(line[k], ' ' | ',' | ';' | '/' | '&' | '|' | '.' | '(' | '=')
                }) {
                    end = cut + 1;
                }
            }
            rows.push(CodeRow {
                indent: if first { 0 } else { indent },
                continuation: !first,
                chars: line[start..end].to_vec(),
                classes: class[start..end].to_vec(),
            });
            first = false;
            start = end;
        }
    }
    rows
}

/// Column widths summing to `width`: natural widths when they fit (spread
/// to fill), otherwise shares in proportion to the natural widths, with a
/// floor so no column becomes unreadably narrow.
fn column_widths(natural: &[Pt], width: Pt) -> Vec<Pt> {
    let n = natural.len().max(1) as f32;
    let total: Pt = natural.iter().copied().sum();
    if total <= Pt::ZERO {
        return vec![width / n; natural.len()];
    }
    let floor = (width / n) * 0.5;
    let wanted: Vec<Pt> = natural
        .iter()
        .map(|&w| (width * (w / total)).max(floor.min(w)))
        .collect();
    let sum: Pt = wanted.iter().copied().sum();
    wanted.into_iter().map(|w| w * (width / sum)).collect()
}

/// The page map of a laid-out book: each page's folio and the place it
/// begins, from the places the regions claimed (`places`) and the strips
/// on each page (`strips`). A page without strips is blank and begins
/// where the next page with content begins; a page with strips that no
/// region claimed (there should be none) continues the page before it.
fn page_map(
    book: &Book,
    pages: &[super::page::Page],
    strips: &[usize],
    places: &[Option<(Place, bool)>],
) -> PageMap {
    let mut starts: Vec<Option<(Place, Precision)>> = (0..pages.len())
        .map(|p| match places.get(p).cloned().flatten() {
            _ if strips.get(p).copied().unwrap_or(0) == 0 => None,
            Some((place, true)) => Some((place, Precision::Exact)),
            Some((place, false)) => Some((place, Precision::WithinBlock)),
            None => None,
        })
        .collect();
    for p in 0..starts.len() {
        if starts[p].is_none() && strips.get(p).copied().unwrap_or(0) > 0 && p > 0 {
            starts[p] = starts[p - 1]
                .clone()
                .map(|(place, _)| (place, Precision::WithinBlock));
        }
    }
    let mut next: Option<Place> = None;
    for p in (0..starts.len()).rev() {
        match &starts[p] {
            Some((place, _)) => next = Some(place.clone()),
            None => starts[p] = next.clone().map(|place| (place, Precision::Blank)),
        }
    }
    PageMap {
        source: format!(
            "{}, print edition (PDF)",
            if book.meta.title.trim().is_empty() {
                format!("{} {}", book.meta.series, book.meta.year)
            } else {
                book.meta.title.clone()
            }
        ),
        pages: pages
            .iter()
            .zip(starts)
            .filter_map(|(page, start)| {
                let (place, precision) = start?;
                Some(PageStart {
                    label: page.folio.to_string(),
                    place,
                    precision,
                })
            })
            .collect(),
    }
}

/// TOC entries in the order chapters and articles are laid out.
fn toc_entries(book: &Book) -> Vec<TocEntry> {
    let mut out = Vec::new();
    for chapter in &book.chapters {
        out.push(TocEntry {
            level: 0,
            title: vec![Inline::Text(chapter.title.clone())],
        });
        for article in &chapter.articles {
            out.push(TocEntry {
                level: 1,
                title: article.title.clone(),
            });
        }
    }
    out
}

/// One paragraph of a footnote as the foot of the page shows it.
struct NoteParagraph {
    inlines: Vec<Inline>,
    face: Face,
    /// Running text is justified; code and table rows are not.
    justify: bool,
}

/// The blocks of a footnote as paragraphs (see [`Layouter::set_note`]).
fn note_paragraphs(blocks: &[Block], face: Face, out: &mut Vec<NoteParagraph>) {
    let text = |inlines: Vec<Inline>, face: Face, justify: bool| NoteParagraph {
        inlines,
        face,
        justify,
    };
    for block in blocks {
        match block {
            Block::Paragraph(c) => out.push(text(c.clone(), face, true)),
            Block::Heading { content, .. } => out.push(text(content.clone(), face.bolder(), false)),
            Block::List { start, items } => {
                for (i, item) in items.iter().enumerate() {
                    let mark = match start {
                        Some(n) => format!("{}. ", n.saturating_add(i as u64)),
                        None => "• ".to_string(),
                    };
                    let first = out.len();
                    note_paragraphs(item, face, out);
                    match out.get_mut(first) {
                        Some(p) => p.inlines.insert(0, Inline::Text(mark)),
                        None => out.push(text(vec![Inline::Text(mark)], face, false)),
                    }
                }
            }
            Block::Quote(b) => note_paragraphs(b, face.italicized(), out),
            Block::Code(code) => {
                for line in code.text.split('\n') {
                    out.push(text(vec![Inline::Code(line.to_string())], face, false));
                }
            }
            Block::Mermaid(source) => {
                out.push(text(
                    vec![Inline::Text("Mermaid diagram (source):".into())],
                    face.italicized(),
                    false,
                ));
                for line in source.split('\n') {
                    out.push(text(vec![Inline::Code(line.to_string())], face, false));
                }
            }
            Block::Figure { image, caption } => {
                let alt = if image.alt.trim().is_empty() {
                    "[image] ".to_string()
                } else {
                    format!("[image: {}] ", image.alt.trim())
                };
                out.push(text(
                    vec![
                        Inline::Text(alt),
                        Inline::Link {
                            url: image.url.clone(),
                            content: vec![Inline::Code(image.url.clone())],
                        },
                    ],
                    face,
                    false,
                ));
                if let Some(caption) = caption {
                    out.push(text(caption.clone(), face.italicized(), true));
                }
            }
            Block::Table { header, rows, .. } => {
                for row in std::iter::once(header).chain(rows) {
                    let mut inlines = Vec::new();
                    for (i, cell) in row.iter().enumerate() {
                        if i > 0 {
                            inlines.push(Inline::Text(" | ".into()));
                        }
                        inlines.extend(cell.iter().cloned());
                    }
                    if !inlines.is_empty() {
                        out.push(text(inlines, face, false));
                    }
                }
            }
            Block::Rule => {}
        }
    }
}

/// Inline content without links (a TOC entry is one link as a whole).
fn plain_inlines(inlines: &[Inline]) -> Vec<Inline> {
    let mut out = Vec::new();
    for inline in inlines {
        match inline {
            Inline::Link { content, .. } => out.extend(plain_inlines(content)),
            Inline::Emph(c) => out.push(Inline::Emph(plain_inlines(c))),
            Inline::Strong(c) => out.push(Inline::Strong(plain_inlines(c))),
            Inline::Strike(c) => out.push(Inline::Strike(plain_inlines(c))),
            Inline::Sup(c) => out.push(Inline::Sup(plain_inlines(c))),
            Inline::Sub(c) => out.push(Inline::Sub(plain_inlines(c))),
            Inline::Image(img) => out.push(Inline::Text(img.alt.clone())),
            Inline::NoteRef { .. } => {}
            other => out.push(other.clone()),
        }
    }
    out
}
