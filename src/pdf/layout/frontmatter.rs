//! The front matter: the title page and the table of contents (with its
//! dot leaders and page numbers), and the preface that follows them.
//!
//! The contents are laid out after the chapters, whose page numbers they
//! list (see [`super::layout_book`]).

use super::{Layouter, Section};
use crate::model::{Book, Inline, Part};
use crate::pdf::flow::Strip;
use crate::pdf::fonts::{Face, Fonts};
use crate::pdf::page::{Item, Link, LinkTarget, TextRun};
use crate::pdf::setup::{LinkUrls, PageSetup};
use crate::pdf::structure::{Role, Tag};
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
        l.open(Role::Sect);
        l.title_page(book);
        l.close();
        l.leave(region);
        let toc = toc_entries(book);
        l.open(Role::Sect);
        l.contents(&toc, targets);
        l.close();
        if !book.preface.is_empty() {
            l.open(Role::Sect);
            l.open_front_section(Part::Preface, l.words.preface);
            let width = l.flow.measure();
            l.blocks(&book.preface, Pt::ZERO, width);
            l.flow.flush_notes();
            l.close();
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
        self.place_as(Role::P, lines, Pt::ZERO);
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
        self.place_as(Role::P, lines, Pt::ZERO);
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
            self.place_as(Role::P, lines, Pt::ZERO);
        }
        if !meta.date.is_empty() {
            self.flow.gap(style::TITLE_PAGE_DATE_GAP);
            let date = TextStyle::new(Face::Regular, style::TITLE_PAGE_DATE_SIZE)
                .with_color(style::MUTED_COLOR);
            let shown = self.words.title_page_date(&meta.date);
            let lines = set_plain(self.fonts, &shown, &date, width, Alignment::Center, 1.3);
            self.place_as(Role::P, lines, Pt::ZERO);
        }
    }

    /// Opens a section of the front matter (the contents, the preface) on
    /// a new right-hand page, under its heading `title`, which the outline
    /// and the running heads name.
    fn open_front_section(&mut self, part: Part, title: &str) {
        self.part = part;
        let region = self.enter();
        self.flow.set_chapter(title);
        self.flow.open_recto();
        self.flow.new_page(true, true);
        self.outline_mark(0, title);
        self.chapter_heading(title, None);
        self.leave(region);
    }

    /// The table of contents: an entry per chapter and article, each a
    /// link to its heading, with dot leaders and the page number
    /// (`targets`: page index, height and folio per entry, in `toc` order).
    fn contents(&mut self, toc: &[TocEntry], targets: Option<&[(usize, Pt, String)]>) {
        self.open_front_section(Part::Contents, self.words.contents);
        self.open(Role::TOC);
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
            // The leader is not read (an artifact): its place in the line.
            let mut leader_at = None;
            if let Some(leader) = dot_leader(last.width, num_x, dot_width) {
                leader_at = Some(last.items.len());
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
            // An entry is one link as a whole.
            self.open(Role::TOCI);
            let link = Tag::Element(self.open(Role::Link));
            let count = lines.len();
            for (j, line) in lines.into_iter().enumerate() {
                let tags = match leader_at.filter(|_| j + 1 == count) {
                    Some(at) => (0..line.items.len())
                        .map(|k| if k == at { Tag::Artifact } else { link })
                        .collect(),
                    None => Vec::new(),
                };
                let strip = Strip {
                    height: line.height,
                    baseline: Some(line.baseline),
                    items: line.items,
                    tags,
                };
                self.flow.place(strip, indent);
            }
            self.close();
            self.close();
            self.leave_block(region);
        }
        self.close();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Image};
    use crate::pdf::page::Page;
    use crate::pdf::sample::sample_book;
    use crate::resources::Resources;

    fn t(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    /// The sample book with two chapters of its own: "One" with articles
    /// titled `a1`, `a2`, and "Two" with one article, `b1`, that has a
    /// long title with a link in it.
    fn book() -> Book {
        let mut book = sample_book();
        let chapter = book.chapters[0].clone();
        let template = chapter.articles[0].clone();
        let article = |title: Vec<Inline>| Article {
            title,
            ..template.clone()
        };
        let mut one = chapter.clone();
        one.title = "One".into();
        one.articles = vec![article(vec![t("a1")]), article(vec![t("a2")])];
        let mut two = chapter;
        two.title = "Two".into();
        two.articles = vec![article(vec![
            t("b1 has a title long enough to take two lines in the contents: "),
            Inline::Link {
                url: "https://example.com".into(),
                content: vec![t("a linked part of it")],
            },
            t(" and more words after it to be sure of the wrap"),
        ])];
        book.chapters = vec![one, two];
        book
    }

    #[test]
    fn entries_follow_chapters_and_their_articles() {
        let entries = toc_entries(&book());
        let shape: Vec<(u8, String)> = entries
            .iter()
            .map(|e| (e.level, crate::model::inline_text(&e.title)))
            .collect();
        assert_eq!(shape.len(), 5);
        assert_eq!(shape[0], (0, "One".to_string()));
        assert_eq!(shape[1], (1, "a1".to_string()));
        assert_eq!(shape[2], (1, "a2".to_string()));
        assert_eq!(shape[3], (0, "Two".to_string()));
        assert_eq!(shape[4].0, 1);
        assert!(shape[4].1.starts_with("b1 has"));
    }

    #[test]
    fn entry_titles_lose_their_links_and_note_marks_but_keep_their_text() {
        let title = [
            t("See "),
            Inline::Link {
                url: "https://example.com".into(),
                content: vec![Inline::Emph(vec![t("this")])],
            },
            Inline::NoteRef { number: 3 },
            Inline::Image(Image {
                url: "logo.png".into(),
                alt: "logo".into(),
            }),
        ];
        let plain = plain_inlines(&title);
        assert_eq!(
            plain,
            vec![t("See "), Inline::Emph(vec![t("this")]), t("logo")]
        );
    }

    #[test]
    fn leaders_end_a_gap_before_the_number_and_fill_whole_dots() {
        let gap = style::CONTENTS_LEADER_GAP;
        let leader = dot_leader(Pt(100.0), Pt(300.0), Pt(5.0)).expect("room for dots");
        // 200 pt less a gap on each side holds 38 whole dots of 5 pt.
        assert_eq!(leader.dots, ((200.0 - 2.0 * gap.0) / 5.0).floor() as usize);
        assert!((leader.x.0 + leader.width.0 - (300.0 - gap.0)).abs() < 1e-3);
        assert!(leader.x >= Pt(100.0) + gap);
        assert_eq!(leader.width, Pt(5.0) * leader.dots as f32);
    }

    #[test]
    fn no_leader_where_not_one_dot_fits() {
        let gap = style::CONTENTS_LEADER_GAP;
        let tight = Pt(100.0) + gap * 2.0 + Pt(5.0);
        assert_eq!(dot_leader(Pt(100.0), tight, Pt(5.0)), None);
        assert!(dot_leader(Pt(100.0), tight + Pt(0.5), Pt(5.0)).is_some());
        assert_eq!(dot_leader(Pt(0.0), Pt(300.0), Pt::ZERO), None);
    }

    /// The front matter of `book` laid out with the built-in fonts, every
    /// contents entry pointing to page `folio`.
    fn front_pages(book: &Book, folio: &str) -> Vec<Page> {
        let resources = Resources::builtin();
        let fonts = Fonts::load(&resources.fonts).expect("fonts");
        let style = resources.pdf_style.clone();
        let setup = style.page_setup();
        let targets: Vec<(usize, Pt, String)> = (0..toc_entries(book).len())
            .map(|_| (0, Pt::ZERO, folio.to_string()))
            .collect();
        let section = Layouter::front_matter(book, &fonts, &setup, style.link_urls, Some(&targets));
        section.flow.finish(&fonts, &book.meta.title).0
    }

    #[test]
    fn contents_numbers_are_flush_right_with_leaders_before_them() {
        let book = book();
        let pages = front_pages(&book, "417");
        let contents: Vec<&Page> = pages
            .iter()
            .filter(|p| p.plain_text().contains("Contents"))
            .collect();
        assert!(!contents.is_empty(), "no contents page");
        let mut numbers = 0;
        for page in contents {
            let right = page.text_area.right();
            for run in page.text_runs().filter(|r| r.text == "417") {
                numbers += 1;
                let end = run.origin.x + run.width;
                assert!(
                    (end - right).0.abs() < 0.01,
                    "number ends at {end:?}, not {right:?}"
                );
                // The leader of the same line ends before the number.
                let leader = page
                    .text_runs()
                    .find(|r| r.text.starts_with(". .") && r.origin.y == run.origin.y)
                    .expect("a leader on the number's line");
                assert!(leader.origin.x + leader.width < run.origin.x);
            }
        }
        assert_eq!(numbers, toc_entries(&book).len());
    }
}
