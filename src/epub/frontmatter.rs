//! The documents before the first chapter: the title page, the contents
//! page and the preface.

use std::collections::HashSet;

use super::layout::ChapterLayout;
use super::pagelist::PageMarkers;
use super::xhtml::{page, BlockWriter};
use super::xml::clean_text;
use crate::locale::Locale;
use crate::model::{Book, BookMeta, Part};

/// The HTML heading level of `Block::Heading { level: 1 }` in the preface,
/// whose own title is `h1`.
const PREFACE_SUBHEADING_LEVEL: u8 = 2;

/// The book's title as shown and recorded: `meta.title`, or the series and
/// year when the title is empty.
pub fn book_title(meta: &BookMeta) -> String {
    let title = clean_text(meta.title.trim());
    if !title.trim().is_empty() {
        return title;
    }
    let series = clean_text(meta.series.trim());
    if series.trim().is_empty() {
        format!("Techshack {}", meta.year)
    } else {
        format!("{} {}", series.trim(), meta.year)
    }
}

/// The cover page: the cover image `image_href`, scaled to the screen, with
/// the book's title as its alt text.
pub fn cover_page(book: &Book, image_href: &str, lang: &str) -> String {
    let title = book_title(&book.meta);
    let words = Locale::for_language(lang);
    let alt = words.labelled(words.cover, &title);
    page(words.cover, lang, |w| {
        w.open("section", &[("epub:type", "cover"), ("class", "cover")]);
        w.newline();
        w.empty(
            "img",
            &[
                ("src", image_href),
                ("alt", &alt),
                ("role", "doc-cover"),
                ("class", "cover-image"),
            ],
        );
        w.newline();
        w.close("section");
    })
}

/// The title page: the book title, the series, the author and the year,
/// with the page-break marker of the printed title page.
pub fn title_page(book: &Book, lang: &str, markers: &PageMarkers) -> String {
    let meta = &book.meta;
    let title = book_title(meta);
    page(&title, lang, |w| {
        w.open(
            "section",
            &[("epub:type", "titlepage"), ("class", "titlepage")],
        );
        w.newline();
        markers.write(w, Part::TitlePage, &[]);
        w.element("h1", &[("class", "book-title")], &title);
        w.newline();
        if !meta.series.trim().is_empty() && !title.contains(meta.series.trim()) {
            w.element("p", &[("class", "book-series")], &meta.series);
            w.newline();
        }
        let author = clean_text(&meta.author);
        if !author.trim().is_empty() {
            w.element("p", &[("class", "book-author")], &author);
            w.newline();
        }
        w.element("p", &[("class", "book-year")], &meta.year.to_string());
        w.newline();
        w.close("section");
    })
}

/// The contents page: every chapter (with its date) and, nested under it,
/// every article, each linked to its place in the book. The page-break
/// markers of the printed contents stand before the heading and at the
/// start of the entry that begins each printed page.
pub fn contents_page(
    book: &Book,
    layouts: &[ChapterLayout],
    lang: &str,
    markers: &PageMarkers,
) -> String {
    let mut entry = 0;
    let mut next_entry = || {
        entry += 1;
        entry - 1
    };
    let words = Locale::for_language(lang);
    page(words.contents, lang, |w| {
        w.open(
            "section",
            &[
                ("epub:type", "toc"),
                ("role", "doc-toc"),
                ("class", "contents"),
            ],
        );
        w.newline();
        markers.write(w, Part::Contents, &[]);
        w.element("h1", &[], words.contents);
        w.newline();
        w.open("ol", &[("class", "toc-chapters")]);
        w.newline();
        for (chapter, layout) in book.chapters.iter().zip(layouts) {
            w.open("li", &[]);
            markers.write(w, Part::Contents, &[next_entry()]);
            w.element("a", &[("href", &layout.file)], &layout.label);
            if let Some(date) = chapter.date.as_deref().filter(|d| !d.trim().is_empty()) {
                w.text(" ");
                w.element("span", &[("class", "toc-date")], date);
            }
            if !layout.article_ids.is_empty() {
                w.newline();
                w.open("ol", &[("class", "toc-articles")]);
                w.newline();
                for (id, label) in layout.article_ids.iter().zip(&layout.article_labels) {
                    w.open("li", &[]);
                    markers.write(w, Part::Contents, &[next_entry()]);
                    let href = format!("{}#{}", layout.file, id);
                    w.element("a", &[("href", &href)], label);
                    w.close("li");
                    w.newline();
                }
                w.close("ol");
                w.newline();
            }
            w.close("li");
            w.newline();
        }
        w.close("ol");
        w.newline();
        w.close("section");
    })
}

/// The preface document from `book.preface`, with its page-break
/// markers, or `None` when the book has none.
pub fn preface_page(book: &Book, lang: &str, markers: &PageMarkers) -> Option<String> {
    if book.preface.is_empty() {
        return None;
    }
    let no_ids = HashSet::new();
    let words = Locale::for_language(lang);
    let blocks = BlockWriter::new(&no_ids, PREFACE_SUBHEADING_LEVEL)
        .with_locale(words)
        .with_highlighting(&book.assets.code)
        .with_page_markers(markers, Part::Preface);
    Some(page(words.preface, lang, |w| {
        w.open(
            "section",
            &[
                ("epub:type", "preface"),
                ("role", "doc-preface"),
                ("class", "preface"),
            ],
        );
        w.newline();
        markers.write(w, Part::Preface, &[]);
        w.element("h1", &[], words.preface);
        w.newline();
        blocks.under_heading(1);
        blocks.blocks(w, &book.preface);
        w.close("section");
    }))
}
