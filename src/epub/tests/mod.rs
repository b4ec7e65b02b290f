//! Whole-book tests: build a book by hand, render it, open the EPUB and
//! check every document in it.
//!
//! Set `EPUB_SAMPLE_DIR=/some/folder` to also write the EPUBs there
//! (`sample.epub`, `edge.epub`, `empty.epub`), for EPUBCheck and for
//! looking at them in a browser.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::*;
use crate::model::*;

mod books;
mod themes;

use books::*;

/// The files of an EPUB: name to content.
fn unpack(epub: &[u8]) -> HashMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).expect("EPUB is a zip");
    let mut files = HashMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("zip entry");
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("zip entry data");
        files.insert(file.name().to_string(), data);
    }
    files
}

/// Renders `book`, writes it as `name` into `$EPUB_SAMPLE_DIR` when that is
/// set, and returns the EPUB's files.
fn render_and_keep(book: &Book, name: &str) -> HashMap<String, Vec<u8>> {
    let epub = render(book, &Resources::builtin()).expect("render");
    if let Ok(dir) = std::env::var("EPUB_SAMPLE_DIR") {
        std::fs::write(std::path::Path::new(&dir).join(name), &epub).expect("write sample EPUB");
    }
    unpack(&epub)
}

fn render_sample() -> HashMap<String, Vec<u8>> {
    render_and_keep(&sample_book(), "sample.epub")
}

/// Parses `text` as XML, accepting the `<!DOCTYPE html>` of XHTML.
fn parse_xml(text: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options)
}

/// Every XML file of `files` parses; returns how many there were.
fn assert_well_formed(files: &HashMap<String, Vec<u8>>) -> usize {
    let mut checked = 0;
    for (name, data) in files {
        if [".xhtml", ".opf", ".ncx", ".xml"]
            .iter()
            .any(|ext| name.ends_with(ext))
        {
            let text = as_text(data);
            if let Err(e) = parse_xml(text) {
                panic!("{name} is not well-formed: {e}\n{text}");
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn edge_book_is_well_formed() {
    let files = render_and_keep(&edge_book(), "edge.epub");
    assert!(assert_well_formed(&files) >= 8);
    assert!(files.contains_key("OEBPS/chapter-2019-01.xhtml"));
    assert!(files.contains_key("OEBPS/chapter-2019-01-2.xhtml"));
    let nav = as_text(&files["OEBPS/nav.xhtml"]);
    // A Chinese book: the fallback labels are the Chinese table's.
    assert!(nav.contains(">第 2019-01 期</a>"));
    let chapter = as_text(&files["OEBPS/chapter-2019-01-2.xhtml"]);
    assert!(chapter.contains("<h2 class=\"article-title\">第 1 篇</h2>"));
    assert!(chapter.contains("<p class=\"placeholder-alt\">无说明的图片</p>"));
    assert!(chapter.contains("<span class=\"source-label\">来源：</span>"));
    assert!(nav.contains(">目录</a>") && !nav.contains(">Contents<"));
    assert!(chapter.contains("| ftp://example.com/</p>"));
    assert!(!chapter.contains("<ul>\n</ul>") && !chapter.contains("<table>\n</table>"));
    assert!(nav.contains("lang=\"zh-Hant-TW\""));
    let opf = as_text(&files["OEBPS/content.opf"]);
    assert!(opf.contains("<dc:title>Techshack 2019</dc:title>"));
    assert!(!opf.contains("dc:creator"));
    assert!(!opf.contains("dc:date"));
}

fn as_text(data: &[u8]) -> &str {
    std::str::from_utf8(data).expect("UTF-8")
}

#[test]
fn every_xml_file_is_well_formed() {
    let files = render_sample();
    let mut checked = 0;
    for (name, data) in &files {
        if [".xhtml", ".opf", ".ncx", ".xml"]
            .iter()
            .any(|ext| name.ends_with(ext))
        {
            let text = as_text(data);
            let options = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            if let Err(e) = roxmltree::Document::parse_with_options(text, options) {
                panic!("{name} is not well-formed: {e}\n{text}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} XML files");
}

#[test]
fn mimetype_comes_first_and_documents_are_in_order() {
    let epub = render(&sample_book(), &Resources::builtin()).expect("render");
    let archive = zip::ZipArchive::new(Cursor::new(&epub)).expect("zip");
    assert_eq!(archive.name_for_index(0), Some("mimetype"));
    let files = unpack(&epub);
    let opf = as_text(&files["OEBPS/content.opf"]);
    // A diagram's full-size page follows its chapter, out of the reading
    // order.
    assert!(opf.contains("<itemref idref=\"id_chapter-2019-07-diagram-1.xhtml\" linear=\"no\"/>"));
    let spine: Vec<&str> = opf
        .split("<itemref idref=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(
        spine,
        [
            "id_cover.xhtml",
            "id_title.xhtml",
            "id_contents.xhtml",
            "id_preface.xhtml",
            "id_chapter-2019-07.xhtml",
            "id_chapter-2019-07-diagram-1.xhtml",
            "id_chapter-2019-08.xhtml",
            "id_chapter-2019-09.xhtml"
        ]
    );
}

#[test]
fn navigation_lists_every_chapter_and_article() {
    let files = render_sample();
    let nav = as_text(&files["OEBPS/nav.xhtml"]);
    let ncx = as_text(&files["OEBPS/toc.ncx"]);
    let contents = as_text(&files["OEBPS/contents.xhtml"]);
    let book = sample_book();
    let layouts = layout::chapter_layouts(&book);
    for (chapter, layout) in book.chapters.iter().zip(&layouts) {
        let chapter_doc = as_text(&files[&format!("OEBPS/{}", layout.file)]);
        for doc in [nav, ncx, contents] {
            assert!(
                doc.contains(&format!("\"{}\"", layout.file)),
                "{}",
                layout.file
            );
        }
        assert_eq!(layout.article_ids.len(), chapter.articles.len());
        for id in &layout.article_ids {
            let href = format!("\"{}#{}\"", layout.file, id);
            for doc in [nav, ncx, contents] {
                assert!(doc.contains(&href), "{href} missing");
            }
            assert!(chapter_doc.contains(&format!("<section id=\"{id}\"")));
        }
    }
    assert!(nav.contains("Raft &lt;vs&gt; Paxos &amp; \"friends\""));
    assert!(
        nav.contains(">Article 1</a>"),
        "fallback label for an empty title"
    );
}

/// The text of an element and all its descendants, in document order.
pub(super) fn text_content(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// The lines of every diagram SVG in `doc`, rebuilt from where its text
/// elements stand: the row from `y`, and each character checked to stand
/// in its column (ASCII drawings: column = index).
pub(super) fn diagram_texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
    let cell = diagram::CELL_WIDTH as usize;
    let pitch = diagram::LINE_PITCH as usize;
    doc.descendants()
        .filter(|n| n.has_tag_name("svg") && n.attribute("class") == Some("diagram"))
        .map(|svg| {
            let mut lines: Vec<String> = Vec::new();
            for text in svg.descendants().filter(|n| n.has_tag_name("text")) {
                let y: usize = text.attribute("y").unwrap().parse().unwrap();
                let row = (y - 14) / pitch;
                let content = text.text().unwrap_or_default().to_string();
                let xs: Vec<usize> = text
                    .attribute("x")
                    .unwrap()
                    .split(' ')
                    .map(|x| x.parse().unwrap())
                    .collect();
                assert_eq!(xs.len(), content.chars().count(), "one x per character");
                for (i, x) in xs.iter().enumerate() {
                    assert_eq!(
                        *x,
                        4 + i * cell,
                        "character {i} of {content:?} is in its column"
                    );
                }
                assert_eq!(
                    text.attribute(("http://www.w3.org/XML/1998/namespace", "space")),
                    Some("preserve")
                );
                if lines.len() <= row {
                    lines.resize(row + 1, String::new());
                }
                lines[row] = content;
            }
            lines.join("\n")
        })
        .collect()
}

#[test]
fn code_and_diagrams_are_kept_exactly() {
    let files = render_sample();
    let doc_text = as_text(&files["OEBPS/chapter-2019-07.xhtml"]);
    let doc = parse_xml(doc_text).expect("well-formed");
    let code_texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("code") && n.parent().is_some_and(|p| p.has_tag_name("pre")))
        .map(text_content)
        .collect();
    assert!(code_texts.contains(&INDENTED_CODE.to_string()));
    assert_eq!(diagram_texts(&doc), [wide_diagram()]);
    assert!(
        !code_texts.contains(&wide_diagram()),
        "a diagram is not a <pre>"
    );
    assert!(doc_text.contains("<code class=\"language-python\">"));
    let opf = as_text(&files["OEBPS/content.opf"]);
    assert!(opf.contains("href=\"chapter-2019-07.xhtml\" properties=\"svg\"/>"));
    assert!(opf.contains("href=\"chapter-2019-08.xhtml\"/>"));
}

#[test]
fn hostile_text_stays_text() {
    let files = render_sample();
    for (name, data) in &files {
        if !name.ends_with(".xhtml") {
            continue;
        }
        let doc = as_text(data);
        assert!(!doc.contains("<script"), "{name}");
        for scheme in ["javascript:", "file:", "data:"] {
            assert!(
                !doc.contains(&format!("href=\"{scheme}")),
                "{name}: {scheme}"
            );
        }
        assert_eq!(
            doc.contains("<img"),
            name.ends_with("cover.xhtml") || name.contains("-diagram-"),
            "{name}: only the cover and full-size diagrams are images"
        );
        assert!(!doc.contains('\u{1}'), "{name}");
        assert!(
            doc.contains("lang=\"en\"") || name.ends_with("nav.xhtml"),
            "{name}"
        );
    }
    let chapter = as_text(&files["OEBPS/chapter-2019-07.xhtml"]);
    assert!(chapter.contains("&lt;script&gt;alert('x')&lt;/script&gt;"));
    assert!(chapter.contains("O a javascript link and"));
    assert!(!chapter.contains("javascript:"));
    assert!(chapter.contains("<a href=\"#a-raft-vs-paxos-friends\">"));
}

#[test]
fn metadata_comes_from_the_book() {
    let files = render_sample();
    let opf = as_text(&files["OEBPS/content.opf"]);
    assert!(opf.contains("<dc:title>EnqueueZero Techshack 2019</dc:title>"));
    assert!(opf.contains(">Enqueue Zero &amp; Friends</dc:creator>"));
    assert!(opf.contains(">en</dc:language>"));
    assert!(opf.contains("urn:enqueuezero:techshack:2019"));
    // The date of the last issue; without a build time, modified then too.
    assert!(opf.contains("<dc:date>2019-03-04"), "{opf}");
    assert!(opf.contains("<meta property=\"dcterms:modified\">2019-03-04T00:00:00Z</meta>"));
    // The series, with the year as the volume's position, and a
    // description made from the issues.
    assert!(
        opf.contains(
            "<meta id=\"series\" property=\"belongs-to-collection\">EnqueueZero Techshack</meta>"
        ),
        "{opf}"
    );
    assert!(opf.contains("<meta refines=\"#series\" property=\"collection-type\">series</meta>"));
    assert!(opf.contains("<meta refines=\"#series\" property=\"group-position\">2019</meta>"));
    assert!(opf.contains(
        "<dc:description>The EnqueueZero Techshack issues of 2019 in one book: 3 issues (2019-07 to 2019-09), "
    ), "{opf}");
    // Same book, same identifier.
    let again = render_sample();
    assert_eq!(opf, as_text(&again["OEBPS/content.opf"]));
}

#[test]
fn preface_is_omitted_when_empty() {
    let mut book = sample_book();
    book.preface.clear();
    let files = unpack(&render(&book, &Resources::builtin()).expect("render"));
    assert!(!files.contains_key("OEBPS/preface.xhtml"));
    assert!(!as_text(&files["OEBPS/content.opf"]).contains("preface"));
}

#[test]
fn chapter_shows_date_only_when_given() {
    let files = render_sample();
    assert!(as_text(&files["OEBPS/chapter-2019-07.xhtml"]).contains("2019-02-18"));
    let eight = as_text(&files["OEBPS/chapter-2019-08.xhtml"]);
    assert!(!eight.contains("issue-date"));
    assert!(!eight.contains("February") && !eight.contains("August"));
}

#[test]
fn odd_metadata_still_renders() {
    let mut book = sample_book();
    book.meta.language = "not a tag!".into();
    book.meta.identifier = "urn:uuid:0f8b7c1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f".into();
    book.meta.date = "sometime".into();
    book.meta.author.clear();
    book.meta.title = "T\u{0}itle <&>".into();
    let files = unpack(&render(&book, &Resources::builtin()).expect("render"));
    let opf = as_text(&files["OEBPS/content.opf"]);
    assert!(opf.contains(">en</dc:language>"));
    assert!(opf.contains("urn:uuid:0f8b7c1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f"));
    assert!(opf.contains("<dc:title>Title &lt;&amp;&gt;</dc:title>"));
    assert!(!opf.contains("dc:creator"));
    // No book date: the last issue's.
    assert!(
        opf.contains("<dc:date>2019-03-04T00:00:00Z</dc:date>"),
        "{opf}"
    );
    for chapter in &mut book.chapters {
        chapter.date = None;
    }
    let files = unpack(&render(&book, &Resources::builtin()).expect("render"));
    let opf = as_text(&files["OEBPS/content.opf"]);
    assert!(!opf.contains("dc:date"));
    assert!(opf.contains("2019-01-01T00:00:00Z"));
}

#[test]
fn given_dates_and_description_win() {
    let options = EpubOptions {
        description: Some("Weekly <notes>.".into()),
        date: Some("2020-01-05".into()),
        modified: Some(1_700_000_000),
        ..Default::default()
    };
    let epub = render_with(&sample_book(), &Resources::builtin(), options).expect("render");
    let files = unpack(&epub);
    let opf = as_text(&files["OEBPS/content.opf"]);
    assert!(
        opf.contains("<dc:description>Weekly &lt;notes&gt;.</dc:description>"),
        "{opf}"
    );
    assert!(opf.contains("<dc:date>2020-01-05T00:00:00Z</dc:date>"));
    assert!(opf.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"));
}

#[test]
fn empty_book_renders() {
    let mut book = sample_book();
    book.chapters.clear();
    book.preface.clear();
    let files = render_and_keep(&book, "empty.epub");
    assert_well_formed(&files);
    assert!(files.contains_key("OEBPS/nav.xhtml"));
}

#[test]
fn same_book_gives_identical_bytes() {
    let first = render(&sample_book(), &Resources::builtin()).expect("render");
    let second = render(&sample_book(), &Resources::builtin()).expect("render");
    assert!(first == second, "EPUB output is not reproducible");
}

#[test]
fn a_cover_is_drawn_and_marked() {
    let files = render_sample();
    let png = &files["OEBPS/images/cover.png"];
    assert!(png.starts_with(b"\x89PNG"));
    let image = image::load_from_memory(png).expect("the cover decodes");
    assert_eq!(
        (image.width(), image.height()),
        (cover::WIDTH, cover::HEIGHT)
    );
    let opf = as_text(&files["OEBPS/content.opf"]);
    assert!(opf.contains(
        "<item media-type=\"image/png\" properties=\"cover-image\" id=\"cover-image\" href=\"images/cover.png\"/>"
    ));
    assert!(opf.contains("<meta name=\"cover\" content=\"cover-image\"/>"));
    assert!(opf.contains("<reference type=\"cover\" title=\"Cover\" href=\"cover.xhtml\"/>"));
    let nav = as_text(&files["OEBPS/nav.xhtml"]);
    assert!(nav.contains("<li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>"));
    assert!(nav.contains("<li><a epub:type=\"titlepage\" href=\"title.xhtml\">Title page</a></li>"));
    let toc = &nav[..nav.find("landmarks").unwrap()];
    assert!(
        !toc.contains("cover.xhtml"),
        "the cover is not in the contents"
    );
    let page = as_text(&files["OEBPS/cover.xhtml"]);
    assert!(page.contains(
        "<img src=\"images/cover.png\" alt=\"Cover: EnqueueZero Techshack 2019\" role=\"doc-cover\""
    ));
    assert!(page.contains("epub:type=\"cover\""));
}

#[test]
fn a_given_cover_is_used_as_it_is() {
    let mut jpeg = Vec::new();
    image::RgbImage::from_pixel(10, 16, image::Rgb([20, 90, 160]))
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .expect("encodes");
    let settings = crate::assets::convert::ConvertSettings::default();
    let asset = crate::assets::convert::check(jpeg.clone(), &settings).expect("a JPEG");
    assert_eq!((asset.width, asset.height), (10, 16));
    // Only its first bytes look like a JPEG: the decoder refuses it.
    assert!(crate::assets::convert::check(jpeg[..40].to_vec(), &settings).is_err());
    let options = EpubOptions {
        cover: Some(CoverImage::from_asset(&asset).expect("a JPEG")),
        ..Default::default()
    };
    let epub = render_with(&sample_book(), &Resources::builtin(), options).expect("render");
    let files = unpack(&epub);
    assert_eq!(files["OEBPS/images/cover.jpg"], jpeg);
    assert!(!files.contains_key("OEBPS/images/cover.png"));
    let opf = as_text(&files["OEBPS/content.opf"]);
    assert!(opf.contains("media-type=\"image/jpeg\" properties=\"cover-image\""));
    assert!(as_text(&files["OEBPS/cover.xhtml"]).contains("src=\"images/cover.jpg\""));
}

#[test]
fn semantics_and_accessibility_metadata() {
    let files = render_sample();
    let opf = as_text(&files["OEBPS/content.opf"]);
    assert!(opf.contains("<package xml:lang=\"en\" "));
    for meta in [
        "<meta property=\"schema:accessMode\">visual</meta>",
        "<meta property=\"schema:accessModeSufficient\">textual,visual</meta>",
        "<meta property=\"schema:accessibilityFeature\">alternativeText</meta>",
        "<meta property=\"schema:accessibilityHazard\">none</meta>",
    ] {
        assert!(opf.contains(meta), "{meta}");
    }
    // The sample has a drawing, whose layout has no text equivalent.
    assert!(!opf.contains("<meta property=\"schema:accessModeSufficient\">textual</meta>"));
    let nav = as_text(&files["OEBPS/nav.xhtml"]);
    assert!(nav.contains("role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\""));
    assert!(nav.contains("<nav epub:type=\"landmarks\" aria-label=\"Landmarks\">"));
    assert!(as_text(&files["OEBPS/contents.xhtml"]).contains("role=\"doc-toc\""));
    assert!(as_text(&files["OEBPS/preface.xhtml"]).contains("role=\"doc-preface\""));
    assert!(as_text(&files["OEBPS/chapter-2019-08.xhtml"]).contains("role=\"doc-chapter\""));

    let mut book = sample_book();
    book.chapters.truncate(0);
    let files = unpack(&render(&book, &Resources::builtin()).expect("render"));
    let opf = as_text(&files["OEBPS/content.opf"]);
    assert!(opf.contains("<meta property=\"schema:accessModeSufficient\">textual</meta>"));
    assert!(
        !opf.contains("diagram-mono"),
        "no drawings, no diagram font"
    );
}
