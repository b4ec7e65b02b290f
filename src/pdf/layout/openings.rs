//! Chapter and article openings: the chapter's title page head, an
//! article's title and source line, and the notes that print an article's
//! link URLs after its text (paper has no links; see
//! [`crate::pdf::link_notes`]).

use super::{keep_with_next, Layouter};
use crate::model::{for_each_inline_in, for_each_inline_mut};
use crate::model::{Article, Chapter, Inline, Part};
use crate::pdf::fonts::Face;
use crate::pdf::link_notes::{self, is_external, url_mark};
use crate::pdf::setup::LinkUrls;
use crate::pdf::structure::Role;
use crate::pdf::style::{self, TextStyle};
use crate::pdf::text::{set_paragraph, set_plain, Alignment, SetLine};
use crate::pdf::units::Pt;
use std::borrow::Cow;

/// Chapter and article openings, and an article's URL notes.
impl<'a> Layouter<'a> {
    /// The head of a chapter's (or the preface's, or the contents') first
    /// page: its title, its date if any, a full-width rule.
    pub(super) fn chapter_heading(&mut self, title: &str, date: Option<&str>) {
        let width = self.flow.measure();
        self.flow.skip(style::CHAPTER_TOP);
        let style = TextStyle::new(Face::Bold, style::CHAPTER_TITLE_SIZE);
        let lines = set_plain(self.fonts, title, &style, width, Alignment::Left, 1.15);
        let h = self.open(Role::H(1));
        self.flow.structure.set_title(h, title.to_string());
        self.place_lines(lines, Pt::ZERO);
        self.close();
        if let Some(date) = date.filter(|d| !d.trim().is_empty()) {
            self.flow.gap(style::CHAPTER_DATE_GAP);
            let style = TextStyle::new(Face::Italic, style::CHAPTER_DATE_SIZE)
                .with_color(style::MUTED_COLOR);
            let lines = set_plain(self.fonts, date, &style, width, Alignment::Left, 1.3);
            self.open(Role::P);
            self.place_lines(lines, Pt::ZERO);
            self.close();
        }
        self.flow.gap(style::CHAPTER_RULE_GAP);
        self.place_rule(
            Pt::ZERO,
            (Pt::ZERO, width),
            (style::HEADING_RULE_STRIP, style::HEADING_RULE_DROP),
            style::CHAPTER_RULE_THICKNESS,
            style::TEXT_COLOR,
        );
        self.flow.gap(style::CHAPTER_HEAD_AFTER);
    }

    /// Chapter `index`: from a right-hand page, its head, its lead text
    /// and its articles, its footnotes kept inside it.
    pub(super) fn chapter(&mut self, index: usize, chapter: &'a Chapter) {
        self.part = Part::Chapter(index);
        let region = self.enter();
        self.flow.set_chapter(&chapter.title);
        self.flow.open_recto();
        self.flow.new_page(true, true);
        let mark = self.outline_mark(0, &chapter.title);
        self.toc_targets.push(mark);
        self.open(Role::Part);
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
        self.close();
    }

    /// An article: its title and source line kept with the first lines
    /// of its text, its footnotes, then the URLs of its links if they are
    /// printed as notes at its end.
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
        self.open(Role::Sect);
        let region = self.enter();
        self.flow
            .gap(if first { Pt::ZERO } else { style::ARTICLE_GAP });
        self.flow.ensure(head + keep_with_next());
        let mark = self.outline_mark(1, &article.title_text());
        self.toc_targets.push(mark);
        let h = self.open(Role::H(2));
        self.flow.structure.set_title(h, article.title_text());
        self.place_lines(title, Pt::ZERO);
        self.close();
        if !sources.is_empty() {
            self.flow.gap(style::SOURCE_GAP);
            self.open(Role::P);
            self.place_lines(sources, Pt::ZERO);
            self.close();
        }
        self.leave(region);
        self.flow.gap(style::ARTICLE_HEAD_AFTER);
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
        self.close();
        self.note_missing_at(&article.pos.file, Some(article.pos.line));
    }

    /// The numbered list of an article's URLs, small, after its text.
    fn url_notes(&mut self, urls: &[String], width: Pt, letters: bool) {
        self.flow.gap(style::URL_NOTES_GAP);
        let size = style::SOURCE_SIZE * 0.95;
        let label_width = self
            .fonts
            .text_width(
                Face::Regular,
                size,
                &format!("{}.", url_mark(urls.len().saturating_sub(1), letters)),
            )
            .max(self.fonts.text_width(Face::Regular, size, "9."))
            + style::URL_NOTE_LABEL_GAP;
        let rule_width = width / 5.0;
        self.flow
            .ensure(style::URL_NOTES_RULE_STRIP + size * 1.3 * 2.0);
        self.place_rule(
            Pt::ZERO,
            (Pt::ZERO, rule_width),
            (style::URL_NOTES_RULE_STRIP, style::URL_NOTES_RULE_DROP),
            style::URL_NOTES_RULE_THICKNESS,
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
            self.hang_label(
                &mut lines,
                label,
                size,
                style::URL_NOTE_LABEL_GAP,
                style::MUTED_COLOR,
            );
            self.open(Role::Note);
            self.place_paragraph(lines, label_width);
            self.close();
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
        let mut inlines = vec![Inline::Text(self.words.source_label.into())];
        for (i, source) in article.sources.iter().enumerate() {
            if i > 0 {
                inlines.push(Inline::Text(" · ".into()));
            }
            let label = Inline::Text(source.label.clone());
            inlines.push(match source.address() {
                Some(url) => Inline::Link {
                    url: url.to_string(),
                    content: vec![label],
                },
                None => label,
            });
            if let Some(url) = source.address().filter(|u| is_external(u)) {
                inlines.extend(mark(i, url));
            }
        }
        let style = TextStyle::new(Face::Italic, style::SOURCE_SIZE).with_color(style::MUTED_COLOR);
        set_paragraph(self.fonts, &inlines, &style, width, Alignment::Left, 1.3)
    }
}
