//! End-to-end tests of the EPUB's page list: built with the PDF, the EPUB
//! marks where each printed page begins and lists the pages; built alone,
//! it has no page numbers.

mod common;

use common::{epub_entries, sample_book, sample_options, unescape_xml};
use techshack_book::diagnostics::Diagnostics;
use techshack_book::model::Precision;
use techshack_book::pdf::LaidOutBook;
use techshack_book::Format;

/// The PDF layout of the sample book exactly as the build makes it (the
/// book folder's fonts and styles, the assets resolved offline).
fn sample_layout() -> LaidOutBook {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = sample_options(dir.path(), &[Format::Pdf]);
    let mut diags = Diagnostics::new();
    let (books, resources) = techshack_book::prepare(&options, &mut diags).expect("prepares");
    assert_eq!(books.len(), 1);
    techshack_book::pdf::layout(&books[0], &resources).expect("lays out")
}

/// The entries of the page-list nav: (label, href).
fn page_list(nav: &str) -> Vec<(String, String)> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(nav, options).expect("nav.xhtml is XML");
    let ops = "http://www.idpf.org/2007/ops";
    let navs: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("nav") && n.attribute((ops, "type")) == Some("page-list"))
        .collect();
    assert_eq!(navs.len(), 1, "one page-list nav");
    assert_eq!(
        navs[0].attribute("hidden"),
        Some(""),
        "the page list is hidden"
    );
    navs[0]
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            (
                a.text().unwrap_or_default().to_string(),
                a.attribute("href").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn entry<'a>(entries: &'a [(String, String)], file: &str) -> &'a str {
    entries
        .iter()
        .find(|(name, _)| name == &format!("OEBPS/{file}"))
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("{file} in the EPUB"))
}

/// The text that follows the element with `id` in `xhtml`, tags removed
/// and white space dropped, cut to `n` characters.
fn text_after(xhtml: &str, id: &str, n: usize) -> String {
    let at = xhtml
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("{id} is in its document"));
    let rest = &xhtml[at..];
    let rest = &rest[rest.find('>').expect("tag ends") + 1..];
    // What the EPUB adds around a drawn Mermaid diagram is not printed
    // text: the picture's labels (drawn as shapes in the PDF) and the link
    // to its full-size page.
    let mut rest = rest.to_string();
    for (open, close) in [
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mermaid-diagram\"",
            "</svg>",
        ),
        ("<figcaption class=\"diagram-link\">", "</figcaption>"),
    ] {
        while let Some(start) = rest.find(open) {
            let end = rest[start..]
                .find(close)
                .map_or(rest.len(), |e| start + e + close.len());
            rest.replace_range(start..end, "");
        }
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in rest.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
        if text.len() > n * 8 {
            break;
        }
    }
    unescape_xml(&text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(n)
        .collect()
}

fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_page_list_follows_the_printed_pages() {
    let built = sample_book();
    let entries = epub_entries(&built.epub);
    let list = page_list(entry(&entries, "nav.xhtml"));
    let laid_out = sample_layout();
    let map = &laid_out.page_map;

    // One entry per printed page, blank ones included, labelled with the
    // page's folio, in page order.
    let folios: Vec<String> = (0..laid_out.pages.len())
        .map(|p| laid_out.folio(p))
        .collect();
    let labels: Vec<String> = list.iter().map(|(label, _)| label.clone()).collect();
    assert_eq!(labels, folios);
    assert_eq!(
        map.pages.iter().map(|p| &p.label).collect::<Vec<_>>(),
        folios.iter().collect::<Vec<_>>()
    );
    assert_eq!(labels.first().map(String::as_str), Some("i"));
    assert!(labels.iter().any(|l| l == "1"));

    let mut exact = 0;
    for (page, ((label, href), start)) in list.iter().zip(&map.pages).enumerate() {
        let (file, id) = href.split_once('#').expect("href has a fragment");
        assert_eq!(id, format!("page-{label}"));
        let xhtml = entry(&entries, file);
        let marker = format!(
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{id}\" aria-label=\"{label}\"/>"
        );
        assert_eq!(xhtml.matches(&marker).count(), 1, "{marker} in {file}");
        let body_text = squeezed(&laid_out.pages[page].plain_text());
        match start.precision {
            Precision::Exact => {
                // What follows the marker is printed on that page.
                let after = text_after(xhtml, id, 12);
                assert!(!after.is_empty(), "page {label}: text after the marker");
                assert!(
                    body_text.contains(&after),
                    "page {label}: {after:?} is not on it: {body_text:?}"
                );
                exact += 1;
            }
            Precision::WithinBlock => {
                // The page begins inside the block that the marker stands
                // before: that block starts on an earlier page.
                let after = text_after(xhtml, id, 12);
                let earlier = (0..page)
                    .rev()
                    .any(|p| squeezed(&laid_out.pages[p].plain_text()).contains(&after));
                assert!(earlier, "page {label}: {after:?} is on no earlier page");
            }
            Precision::Blank => {
                assert!(body_text.is_empty(), "page {label} is blank");
                // Its marker comes right before the next page's.
                let next = &list[page + 1].0;
                let rest = &xhtml[xhtml.find(&marker).expect("marker") + marker.len()..];
                assert!(
                    rest.starts_with(&format!(
                        "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-{next}\""
                    )),
                    "blank page {label} is not marked before page {next}"
                );
            }
        }
    }
    assert!(
        exact * 2 > list.len(),
        "most pages begin exactly at a marker"
    );
}

#[test]
fn the_package_names_the_print_edition() {
    let built = sample_book();
    let entries = epub_entries(&built.epub);
    let opf = entry(&entries, "content.opf");
    assert!(opf.contains(
        "<dc:source id=\"print-source\">EnqueueZero Techshack 2019, print edition (PDF)</dc:source>"
    ));
    assert!(
        opf.contains("<meta refines=\"#print-source\" property=\"source-of\">pagination</meta>")
    );
    for feature in ["pageBreakMarkers", "pageNavigation"] {
        assert!(opf.contains(&format!(
            "<meta property=\"schema:accessibilityFeature\">{feature}</meta>"
        )));
    }
    let (errors, warnings, report) = common::epubcheck(&built.epub);
    assert_eq!((errors, warnings), (0, 0), "{report}");
}

#[test]
fn an_epub_built_alone_has_no_page_numbers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = sample_options(dir.path(), &[Format::Epub]);
    let mut diags = Diagnostics::new();
    let outputs = techshack_book::build(&options, &mut diags).expect("builds");
    assert_eq!(outputs.len(), 1);
    assert!(!dir.path().join("enqueuezero-techshack-2019.pdf").exists());
    for (name, text) in epub_entries(&outputs[0].path) {
        assert!(!text.contains("pagebreak"), "{name} has a page break");
        assert!(!text.contains("page-list"), "{name} has a page list");
        assert!(!text.contains("dc:source"), "{name} names a print edition");
        assert!(!text.contains("pageBreakMarkers"), "{name}");
    }
}
