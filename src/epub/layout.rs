//! Where everything goes inside the EPUB: a file name for every chapter and
//! an `id` for every article.
//!
//! Computed once, before any document is written, so that the chapter
//! documents, the contents page and the navigation document all agree. Names
//! depend only on the book's content (issue numbers and article titles), so
//! the same input always gives the same links.

use std::collections::HashSet;

use super::xml::clean_text;
use crate::model::{Article, Book, Chapter};

/// The file of the cover page.
pub const COVER_FILE: &str = "cover.xhtml";
/// The file of the title page.
pub const TITLE_PAGE_FILE: &str = "title.xhtml";
/// The file of the contents page.
pub const CONTENTS_FILE: &str = "contents.xhtml";
/// The file of the preface.
pub const PREFACE_FILE: &str = "preface.xhtml";
/// The longest slug taken from an article title, in bytes.
const MAX_SLUG_LEN: usize = 48;

/// The file, anchors and navigation labels of one chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterLayout {
    /// The chapter's file name inside the EPUB, e.g. `chapter-2019-07.xhtml`.
    pub file: String,
    /// The chapter's label in tables of contents: its title as plain text,
    /// or "Issue YYYY-NN" when the title is empty.
    pub label: String,
    /// The `id` of each article's `<section>`, in article order; unique
    /// within the chapter.
    pub article_ids: Vec<String>,
    /// Each article's label in tables of contents, in article order: its
    /// title as plain text, or "Article N" when nothing visible is left.
    pub article_labels: Vec<String>,
}

impl ChapterLayout {
    /// The ids defined in the chapter's document, for checking in-document
    /// links.
    pub fn ids(&self) -> HashSet<String> {
        self.article_ids.iter().cloned().collect()
    }
}

/// Files and anchors of every chapter, in `book.chapters` order.
pub fn chapter_layouts(book: &Book) -> Vec<ChapterLayout> {
    let words = crate::locale::Locale::for_language(&book.meta.language);
    let mut used_files = HashSet::new();
    book.chapters
        .iter()
        .map(|chapter| ChapterLayout {
            file: unique(&mut used_files, chapter_file_stem(chapter), ".xhtml"),
            label: nav_label(&chapter.title, || words.issue_label(chapter.id)),
            article_ids: article_ids(&chapter.articles),
            article_labels: chapter
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| nav_label(&a.title_text(), || words.article_label(i + 1)))
                .collect(),
        })
        .collect()
}

/// `label` cleaned for navigation (forbidden characters dropped, runs of
/// white space collapsed), or `fallback()` when nothing visible is left: an
/// entry without a label would vanish from a table of contents.
fn nav_label(label: &str, fallback: impl FnOnce() -> String) -> String {
    let cleaned = clean_text(label);
    let collapsed = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        fallback()
    } else {
        collapsed
    }
}

/// `chapter-YYYY-NN`, from the issue id.
fn chapter_file_stem(chapter: &Chapter) -> String {
    format!("chapter-{}", chapter.id)
}

/// A unique id per article, from its title (`a-` and a lowercase ASCII
/// slug), numbered when titles repeat or give no slug.
fn article_ids(articles: &[Article]) -> Vec<String> {
    let mut used = HashSet::new();
    articles
        .iter()
        .enumerate()
        .map(|(index, article)| {
            let slug = slug(&article.title_text());
            let base = if slug.is_empty() {
                format!("a-{}", index + 1)
            } else {
                format!("a-{slug}")
            };
            unique(&mut used, base, "")
        })
        .collect()
}

/// `base + suffix`, or `base-2 + suffix`, `base-3 + suffix`... whichever is
/// not in `used` yet; the result is added to `used`.
fn unique(used: &mut HashSet<String>, base: String, suffix: &str) -> String {
    let mut candidate = format!("{base}{suffix}");
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{base}-{n}{suffix}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// Lowercase ASCII letters and digits of `text`, runs of anything else
/// turned into one `-`, cut at a word boundary near [`MAX_SLUG_LEN`].
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.len() > MAX_SLUG_LEN {
        let cut = out[..MAX_SLUG_LEN].rfind('-').unwrap_or(MAX_SLUG_LEN);
        out.truncate(cut);
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Inline, SourcePos};

    fn article(title: &str) -> Article {
        Article {
            title: vec![Inline::Text(title.into())],
            sources: vec![],
            blocks: vec![],
            notes: Vec::new(),
            pos: SourcePos {
                file: "x.md".into(),
                line: 1,
            },
        }
    }

    #[test]
    fn slugs_are_ascii_and_bounded() {
        assert_eq!(slug("Hello, World! <script>"), "hello-world-script");
        assert_eq!(slug("日本語"), "");
        let long = slug(&"word ".repeat(40));
        assert!(long.len() <= MAX_SLUG_LEN && !long.ends_with('-'));
    }

    #[test]
    fn article_ids_are_unique() {
        let ids = article_ids(&[
            article("Same"),
            article("Same"),
            article("???"),
            article("Same 2"),
        ]);
        assert_eq!(ids, ["a-same", "a-same-2", "a-3", "a-same-2-2"]);
    }
}
