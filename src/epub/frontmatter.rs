//! The documents before the first chapter: the title page, the contents
//! page and the preface.

use std::collections::HashSet;

use super::layout::ChapterLayout;
use super::xhtml::{page, BlockWriter};
use crate::model::Book;

/// The heading of the contents page (and the name of the table of contents
/// in the navigation).
pub const CONTENTS_TITLE: &str = "Contents";
/// The heading of the preface.
pub const PREFACE_TITLE: &str = "Preface";
/// The HTML heading level of `Block::Heading { level: 1 }` in the preface,
/// whose own title is `h1`.
const PREFACE_SUBHEADING_LEVEL: u8 = 2;

/// The title page: the book title, the series, the author and the year.
pub fn title_page(book: &Book, lang: &str) -> String {
    let meta = &book.meta;
    page(&meta.title, lang, |w| {
        w.open(
            "section",
            &[("epub:type", "titlepage"), ("class", "titlepage")],
        );
        w.newline();
        w.element("h1", &[("class", "book-title")], &meta.title);
        w.newline();
        if !meta.series.trim().is_empty() && meta.series != meta.title {
            w.element("p", &[("class", "book-series")], &meta.series);
            w.newline();
        }
        if !meta.author.trim().is_empty() {
            w.element("p", &[("class", "book-author")], &meta.author);
            w.newline();
        }
        w.element("p", &[("class", "book-year")], &meta.year.to_string());
        w.newline();
        w.close("section");
    })
}

/// The contents page: every chapter (with its date) and, nested under it,
/// every article, each linked to its place in the book.
pub fn contents_page(book: &Book, layouts: &[ChapterLayout], lang: &str) -> String {
    page(CONTENTS_TITLE, lang, |w| {
        w.open("section", &[("epub:type", "toc"), ("class", "contents")]);
        w.newline();
        w.element("h1", &[], CONTENTS_TITLE);
        w.newline();
        w.open("ol", &[("class", "toc-chapters")]);
        w.newline();
        for (chapter, layout) in book.chapters.iter().zip(layouts) {
            w.open("li", &[]);
            w.element("a", &[("href", &layout.file)], &chapter.title);
            if let Some(date) = chapter.date.as_deref().filter(|d| !d.trim().is_empty()) {
                w.text(" ");
                w.element("span", &[("class", "toc-date")], date);
            }
            if !chapter.articles.is_empty() {
                w.newline();
                w.open("ol", &[("class", "toc-articles")]);
                w.newline();
                for (article, id) in chapter.articles.iter().zip(&layout.article_ids) {
                    w.open("li", &[]);
                    let href = format!("{}#{}", layout.file, id);
                    w.element("a", &[("href", &href)], &article.title_text());
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

/// The preface document from `book.preface`, or `None` when the book has
/// none.
pub fn preface_page(book: &Book, lang: &str) -> Option<String> {
    if book.preface.is_empty() {
        return None;
    }
    let no_ids = HashSet::new();
    let blocks = BlockWriter::new(&no_ids, PREFACE_SUBHEADING_LEVEL);
    Some(page(PREFACE_TITLE, lang, |w| {
        w.open("section", &[("epub:type", "preface"), ("class", "preface")]);
        w.newline();
        w.element("h1", &[], PREFACE_TITLE);
        w.newline();
        blocks.blocks(w, &book.preface);
        w.close("section");
    }))
}
