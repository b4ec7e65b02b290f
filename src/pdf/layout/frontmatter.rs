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
