//! One XHTML document per chapter (one issue of the series).
//!
//! The document is a `<section epub:type="chapter">` holding the issue title
//! as `<h1>`, the issue date when the issue gave one, the lead blocks, and a
//! `<section>` per article with its title (`<h2>`), its source links, its
//! blocks and its footnotes (asides at the end of the article, which
//! reading systems show as pop-ups from their references).

use super::images::EpubImages;
use super::layout::ChapterLayout;
use super::links::safe_href;
use super::pagelist::PageMarkers;
use super::xhtml::{page, BlockWriter};
use super::xml::{clean_text, XmlWriter};
use crate::locale::Locale;
use crate::model::{Article, Chapter, HighlightedCode, Part, SourceLink};

/// The HTML heading level of an article's own sub-headings (`h1` is the
/// issue, `h2` the article title).
const ARTICLE_SUBHEADING_LEVEL: u8 = 3;

/// The complete XHTML document of `chapter`, in language `lang`, with the
/// file name and article ids of `layout`.
pub fn chapter_document(chapter: &Chapter, layout: &ChapterLayout, lang: &str) -> String {
    let no_markers = PageMarkers::default();
    chapter_document_with_images(
        chapter,
        0,
        layout,
        lang,
        &EpubImages::default(),
        &HighlightedCode::default(),
        &no_markers,
    )
}

/// [`chapter_document`] for chapter `index` of the book, showing the
/// resolved images of `images`, the highlighted program text of `code` and
/// the page-break markers of `markers`.
pub fn chapter_document_with_images(
    chapter: &Chapter,
    index: usize,
    layout: &ChapterLayout,
    lang: &str,
    images: &EpubImages<'_>,
    code: &HighlightedCode,
    markers: &PageMarkers,
) -> String {
    let local_ids = layout.ids();
    let words = Locale::for_language(lang);
    let blocks = BlockWriter::new(&local_ids, ARTICLE_SUBHEADING_LEVEL)
        .with_locale(words)
        .with_images(images)
        .with_highlighting(code)
        .with_page_markers(markers, Part::Chapter(index));
    page(&layout.label, lang, |w| {
        w.open(
            "section",
            &[
                ("epub:type", "chapter"),
                ("role", "doc-chapter"),
                ("class", "chapter"),
            ],
        );
        w.newline();
        markers.write(w, Part::Chapter(index), &[]);
        w.element("h1", &[("class", "issue-title")], &layout.label);
        w.newline();
        if let Some(date) = chapter.date.as_deref().filter(|d| !d.trim().is_empty()) {
            w.element("p", &[("class", "issue-date")], date);
            w.newline();
        }
        blocks.under_heading(1);
        blocks.begin_notes("lead", chapter.lead_notes.len());
        blocks.blocks(w, &chapter.lead);
        blocks.notes(w, &chapter.lead_notes);
        let anchors = layout.article_ids.iter().zip(&layout.article_labels);
        for (a, (article, (id, label))) in chapter.articles.iter().zip(anchors).enumerate() {
            let parts = ArticleParts {
                body: Part::Article(index, a),
                end: Part::ArticleEnd(index, a),
                markers,
                words,
            };
            article_section(w, &blocks, article, id, label, &parts);
        }
        w.close("section");
    })
}

/// An article's parts of the book, for its page-break markers.
struct ArticleParts<'a> {
    /// Its title and blocks.
    body: Part,
    /// What follows its blocks.
    end: Part,
    markers: &'a PageMarkers,
    /// The book's words.
    words: &'static Locale,
}

/// Writes one article as `<section id=...>`; `label` is its navigation
/// label, used as the heading when the title shows nothing.
fn article_section(
    w: &mut XmlWriter,
    blocks: &BlockWriter<'_>,
    article: &Article,
    id: &str,
    label: &str,
    parts: &ArticleParts<'_>,
) {
    w.open("section", &[("id", id), ("class", "article")]);
    w.newline();
    parts.markers.write(w, parts.body, &[]);
    // Article ids start with `a-`, so the notes' `fn-a-…` ids are unique.
    blocks.begin_notes(id, article.notes.len());
    w.open("h2", &[("class", "article-title")]);
    if clean_text(&article.title_text()).trim().is_empty() {
        w.text(label);
    } else {
        blocks.inlines(w, &article.title);
    }
    w.close("h2");
    w.newline();
    if !article.sources.is_empty() {
        source_line(w, &article.sources, parts.words);
        w.newline();
    }
    blocks.under_heading(2);
    blocks.set_part(parts.body);
    blocks.blocks(w, &article.blocks);
    parts.markers.write(w, parts.end, &[]);
    blocks.notes(w, &article.notes);
    w.close("section");
    w.newline();
}

/// Writes `<p class="source">` with the source links joined by " | "; a
/// source without a usable URL, or known only by its host
/// ([`SourceLink::address`]), is plain text.
fn source_line(w: &mut XmlWriter, sources: &[SourceLink], words: &Locale) {
    let no_local_ids = Default::default();
    w.open("p", &[("class", "source")]);
    w.element("span", &[("class", "source-label")], words.source_label);
    for (i, source) in sources.iter().enumerate() {
        if i > 0 {
            w.text(" | ");
        }
        let cleaned = clean_text(&source.label);
        let label = if !cleaned.trim().is_empty() {
            cleaned.trim()
        } else {
            source
                .url
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .unwrap_or("source")
        };
        match source.address().and_then(|u| safe_href(u, &no_local_ids)) {
            Some(href) => w.element("a", &[("href", &href)], label),
            None => w.text(label),
        }
    }
    w.close("p");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Inline, IssueId, SourcePos};

    #[test]
    fn chapter_has_title_date_articles_and_sources() {
        let chapter = Chapter {
            id: IssueId {
                year: 2019,
                number: 7,
            },
            title: "EnqueueZero Techshack 2019-07".into(),
            source_title: String::new(),
            date: Some("2019-02-18".into()),
            source: "issues/2019-07.md".into(),
            lead: vec![],
            lead_notes: Vec::new(),
            articles: vec![Article {
                title: vec![Inline::Text("Raft & Paxos".into())],
                sources: vec![
                    SourceLink {
                        label: "part 1".into(),
                        url: Some("https://example.com/1".into()),
                    },
                    SourceLink {
                        label: "part 2".into(),
                        url: None,
                    },
                    SourceLink {
                        label: "medium.com".into(),
                        url: Some("https://medium.com".into()),
                    },
                    SourceLink {
                        label: "evil".into(),
                        url: Some("javascript:alert(1)".into()),
                    },
                ],
                blocks: vec![Block::Paragraph(vec![Inline::Text("Body".into())])],
                notes: Vec::new(),
                pos: SourcePos {
                    file: "issues/2019-07.md".into(),
                    line: 3,
                },
            }],
        };
        let layout = ChapterLayout {
            file: "chapter-2019-07.xhtml".into(),
            label: "EnqueueZero Techshack 2019-07".into(),
            article_ids: vec!["a-raft-paxos".into()],
            article_labels: vec!["Raft & Paxos".into()],
        };
        let doc = chapter_document(&chapter, &layout, "en");
        assert!(
            doc.contains("<section epub:type=\"chapter\" role=\"doc-chapter\" class=\"chapter\">")
        );
        assert!(doc.contains(">EnqueueZero Techshack 2019-07</h1>"));
        assert!(doc.contains("<p class=\"issue-date\">2019-02-18</p>"));
        assert!(doc.contains("<section id=\"a-raft-paxos\" class=\"article\">"));
        assert!(doc.contains(">Raft &amp; Paxos</h2>"));
        assert!(doc.contains(
            "<a href=\"https://example.com/1\">part 1</a> | part 2 | medium.com | evil</p>"
        ));
        assert!(!doc.contains("javascript"));
    }
}
