//! End-to-end tests of the EPUB for the reading systems it meets: the
//! sample book's diagrams in the standard profile (inline, following the
//! theme, with a full-size page) and in the Kindle profile (pictures), the
//! package's guide, series and page list, and EPUBCheck on the Kindle
//! profile (the standard one is checked by `epub_sample`).

mod common;

use std::collections::BTreeMap;

use techshack_book::diagnostics::Diagnostics;
use techshack_book::epub::EpubProfile;
use techshack_book::Format;

fn entries(epub: &std::path::Path) -> BTreeMap<String, String> {
    common::epub_entries(epub).into_iter().collect()
}

#[test]
fn standard_diagrams_follow_the_theme_and_open_full_size() {
    let files = entries(&common::sample_book().epub);
    let opf = &files["OEBPS/content.opf"];
    // Three diagrams: the AWS drawing of 2019-01 and two Mermaid of 2019-03.
    for (chapter, count) in [("chapter-2019-01", 1), ("chapter-2019-03", 2)] {
        let doc = &files[&format!("OEBPS/{chapter}.xhtml")];
        for n in 1..=count {
            let page = format!("{chapter}-diagram-{n}.xhtml");
            assert!(doc.contains(&format!("<figure class=\"diagram\" id=\"diagram-{n}\">")));
            assert!(doc.contains(&format!("<a href=\"{page}\">Diagram full size</a>")));
            assert!(opf.contains(&format!("<itemref idref=\"id_{page}\" linear=\"no\"/>")));
            let full = &files[&format!("OEBPS/{page}")];
            assert!(full.contains(&format!("<a href=\"{chapter}.xhtml#diagram-{n}\">")));
            assert!(full.contains("<img src=\"images/full-"));
        }
    }
    let mermaid = &files["OEBPS/chapter-2019-03.xhtml"];
    assert!(!mermaid.contains("<img"), "Mermaid is inline");
    assert!(mermaid.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mermaid-diagram\""));
    // No opaque page behind the picture, no fixed colour in it.
    let svg = &mermaid[mermaid.find("<svg").unwrap()..mermaid.rfind("</svg>").unwrap()];
    assert!(
        !svg.contains("=\"#"),
        "a fixed colour in the inline picture"
    );
    assert!(svg.contains("fill=\"currentColor\""));
    // The drawing keeps its text at least 0.75em: its frame scrolls.
    let aws = &files["OEBPS/chapter-2019-01.xhtml"];
    assert!(
        aws.contains("style=\"min-width: 36.60em; max-width: 41.48em\""),
        "sizes"
    );
    let css = &files["OEBPS/stylesheet.css"];
    assert!(css.contains("div.diagram-view { overflow: auto; max-height: 85vh;"));
}

#[test]
fn the_package_names_series_and_pages_and_keeps_nav_out_of_the_guide() {
    let files = entries(&common::sample_book().epub);
    let opf = &files["OEBPS/content.opf"];
    let guide = &opf[opf.find("<guide>").unwrap()..];
    assert!(!guide.contains("nav.xhtml"), "{guide}");
    assert!(guide.contains("<reference type=\"toc\" title=\"Contents\" href=\"contents.xhtml\"/>"));
    assert!(opf.contains("property=\"belongs-to-collection\">EnqueueZero Techshack</meta>"));
    assert!(opf.contains("property=\"group-position\">2019</meta>"));
    assert!(opf.contains(
        "<dc:description>The EnqueueZero Techshack issues of 2019 in one book: 5 issues (2019-01 to 2019-07), "
    ));
    let ncx = &files["OEBPS/toc.ncx"];
    assert!(ncx.contains("<pageList>"));
    assert!(ncx.contains("<content src=\"chapter-2019-01.xhtml#page-1\"/>"));
    // A source known only by its host is text.
    let scraped = &files["OEBPS/chapter-2019-01.xhtml"];
    assert!(!scraped.contains("href=\"https://dev.to\""));
    assert!(scraped.contains("<span class=\"source-label\">Source: </span>dev.to</p>"));
}

#[test]
fn kindle_profile_shows_every_diagram_as_a_described_picture() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut options = common::sample_options(dir.path(), &[Format::Epub]);
    options.epub_profile = Some(EpubProfile::Kindle);
    let mut diagnostics = Diagnostics::new();
    let outputs = techshack_book::build(&options, &mut diagnostics).expect("builds");
    let epub = common::output_of(&outputs, Format::Epub);
    assert!(epub.to_string_lossy().ends_with("-kindle.epub"), "{epub:?}");
    let (errors, warnings, report) = common::epubcheck(&epub);
    assert_eq!((errors, warnings), (0, 0), "{report}");
    let files = entries(&epub);
    let mut pictures = 0;
    for (name, doc) in &files {
        if name.ends_with(".xhtml") {
            assert!(!doc.contains("<svg"), "{name} has SVG");
            for img in doc.split("<img ").skip(1) {
                if img.contains("src=\"images/diagram-") {
                    pictures += 1;
                    assert!(img.contains(".png\" alt=\"Diagram: "), "{img}");
                }
            }
        }
    }
    assert_eq!(pictures, 3);
    assert!(files["OEBPS/chapter-2019-01.xhtml"]
        .contains("alt=\"Diagram: ig-1, vpc-123: 10.0.0.0/16, NAT, "));
    assert!(
        !files.keys().any(|name| name.contains("fonts/")),
        "no diagram font"
    );
}
