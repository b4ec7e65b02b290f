//! The front matter: the title page and the table of contents (with its
//! dot leaders and page numbers), and the preface that follows them.
//!
//! The contents are laid out after the chapters, whose page numbers they
//! list (see [`super::layout_book`]).

use super::{Layouter, Section};
use crate::model::{Book, Inline, Part};
use crate::pdf::fonts::{Face, Fonts};
use crate::pdf::page::{Item, Link, LinkTarget, TextRun};
use crate::pdf::setup::{LinkUrls, PageSetup};
use crate::pdf::style::{self, TextStyle};
use crate::pdf::text::{set_paragraph, set_plain, Alignment};
use crate::pdf::units::{Point, Pt, Rect};

/// One entry of the table of contents.
struct TocEntry {
    level: u8,
    title: Vec<Inline>,
}

/// The front matter: title page, contents, preface.
impl<'a> Layouter<'a> {
    /// The title page, the contents (with the page numbers of `targets`,
    /// or zeros) and the preface, up to the right-hand page where the first
    /// chapter will open.
    pub(super) fn front_matter(
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

    /// The title page: title, a short rule, series and year, author, date.
    fn title_page(&mut self, book: &Book) {
        self.flow.new_page(true, false);
        let width = self.flow.measure();
        let meta = &book.meta;
        self.flow.skip(style::TITLE_PAGE_TOP);
        let title = TextStyle::new(Face::Bold, style::TITLE_PAGE_TITLE_SIZE);
        let lines = set_plain(
            self.fonts,
            &meta.title,
            &title,
            width,
            Alignment::Center,
            1.2,
        );
        self.place_lines(lines, Pt::ZERO);
        self.flow.gap(style::TITLE_PAGE_RULE_GAP);
        let rule_width = style::TITLE_PAGE_RULE_LENGTH;
        self.place_rule(
            Pt::ZERO,
            ((width - rule_width) / 2.0, (width + rule_width) / 2.0),
            (style::HEADING_RULE_STRIP, style::HEADING_RULE_DROP),
            style::TITLE_PAGE_RULE_THICKNESS,
            style::RULE_COLOR,
        );
        self.flow.gap(style::TITLE_PAGE_RULE_GAP);
        let series = if meta.series.is_empty() {
            meta.year.to_string()
        } else {
            format!("{} · {}", meta.series, meta.year)
        };
        let sub = TextStyle::new(Face::Italic, style::TITLE_PAGE_SERIES_SIZE)
            .with_color(style::MUTED_COLOR);
        let lines = set_plain(self.fonts, &series, &sub, width, Alignment::Center, 1.3);
        self.place_lines(lines, Pt::ZERO);
        if !meta.author.is_empty() {
            self.flow.gap(style::TITLE_PAGE_AUTHOR_GAP);
            let author = TextStyle::new(Face::Regular, style::TITLE_PAGE_AUTHOR_SIZE);
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
            self.flow.gap(style::TITLE_PAGE_DATE_GAP);
            let date = TextStyle::new(Face::Regular, style::TITLE_PAGE_DATE_SIZE)
                .with_color(style::MUTED_COLOR);
            let lines = set_plain(self.fonts, &meta.date, &date, width, Alignment::Center, 1.3);
            self.place_lines(lines, Pt::ZERO);
        }
    }

    /// The table of contents: an entry per chapter and article, each a
    /// link to its heading, with dot leaders and the page number
    /// (`targets`: page index, height and folio per entry, in `toc` order).
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
        let number_column = style::CONTENTS_NUMBER_COLUMN;
        for (i, entry) in toc.iter().enumerate() {
            let (indent, base, gap) = if entry.level == 0 {
                (
                    Pt::ZERO,
                    TextStyle::new(Face::Bold, style::CONTENTS_CHAPTER_SIZE),
                    style::CONTENTS_CHAPTER_GAP,
                )
            } else {
                (
                    style::CONTENTS_ARTICLE_INDENT,
                    TextStyle::new(Face::Regular, style::CONTENTS_ARTICLE_SIZE),
                    style::CONTENTS_ARTICLE_GAP,
                )
            };
            let target = targets.and_then(|t| t.get(i)).cloned();
            let number = target
                .as_ref()
                .map_or_else(|| "0".to_string(), |(_, _, label)| label.clone());
            let title_width = width - indent - number_column - style::CONTENTS_TITLE_GAP;
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
            if let Some(leader) = dot_leader(last.width, num_x, dot_width) {
                last.items.push(Item::Text(TextRun {
                    face: Face::Regular,
                    size: base.size,
                    text: dot.repeat(leader.dots).trim_end().to_string(),
                    origin: Point::new(leader.x, last.baseline),
                    // The last dot's trailing space is not drawn.
                    width: leader.width - self.fonts.char_width(Face::Regular, base.size, ' '),
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
}

/// The dot leader between a contents title and its page number.
#[derive(Debug, PartialEq)]
struct DotLeader {
    /// How many dots (each a dot and a space).
    dots: usize,
    /// Where the first dot starts.
    x: Pt,
    /// The width of the dots with their spaces.
    width: Pt,
}

/// The dots of `dot_width` that fit between a title's last line ending at
/// `title_end` and its page number starting at `number_x`, keeping
/// [`style::CONTENTS_LEADER_GAP`] clear on both sides; the dots are set
/// flush against the number so that the leaders of all entries line up.
/// `None` when not even one dot and its space fit.
fn dot_leader(title_end: Pt, number_x: Pt, dot_width: Pt) -> Option<DotLeader> {
    let start = title_end + style::CONTENTS_LEADER_GAP;
    let end = number_x - style::CONTENTS_LEADER_GAP;
    (dot_width > Pt::ZERO && end > start + dot_width).then(|| {
        let dots = ((end - start) / dot_width).floor() as usize;
        let width = dot_width * dots as f32;
        DotLeader {
            dots,
            x: end - width,
            width,
        }
    })
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
