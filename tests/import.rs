//! `import` turns an issue into Markdown that reads back as the same
//! chapter.

mod common;

use std::path::Path;

use techshack_book::diagnostics::Diagnostics;
use techshack_book::model::Article;
use techshack_book::source::{markdown, parse_file};

/// Articles without their source positions (which differ by construction).
fn comparable(articles: &[Article]) -> Vec<(String, String, String, String)> {
    articles
        .iter()
        .map(|a| {
            (
                format!("{:?}", a.title),
                format!("{:?}", a.sources),
                format!("{:?}", a.blocks),
                format!("{:?}", a.notes),
            )
        })
        .collect()
}

#[test]
fn every_sample_issue_round_trips_through_import() {
    let issues = common::sample_root().join("issues");
    let mut files: Vec<_> = std::fs::read_dir(&issues)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    for file in files {
        let mut diags = Diagnostics::new();
        let original = parse_file(&file, &mut diags).expect("sample issue reads");
        let markdown_text = techshack_book::markdown_writer::issue_to_markdown(&original);
        let back = markdown::read(&markdown_text, Path::new("imported.md"), &mut diags)
            .expect("imported Markdown reads");
        assert_eq!(back.title, original.title, "{}", file.display());
        assert_eq!(back.had_intro, original.had_intro, "{}", file.display());
        assert_eq!(
            format!("{:?}", back.lead),
            format!("{:?}", original.lead),
            "{}",
            file.display()
        );
        let (a, b) = (comparable(&back.articles), comparable(&original.articles));
        assert_eq!(a.len(), b.len(), "{}", file.display());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{}", file.display());
        }
    }
}

#[test]
fn footnotes_round_trip_through_import() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("2019-09.md");
    std::fs::write(
        &file,
        "---\ntitle: EnqueueZero Techshack 2019-09\n---\n\n\
         A lead with a note[^lead].\n\n\
         ## First[^title]\n\n\
         Text[^long] and *more*[^short], again[^long].\n\n\
         * an item[^item]\n\n\
         ## Second\n\n\
         Other[^short] text.\n\n\
         [^spare]: Never referenced, but kept.\n\n\
         [^lead]: The lead's note.\n\
         [^title]: A note on a title.\n\
         [^long]: A note of two paragraphs, with a `code` span and a [link](https://example.com/).\n\n\
         \x20   The second paragraph, see[^item].\n\n\
         \x20   ```\n\x20   code in a note\n\x20   ```\n\
         [^short]: Short.\n\
         [^item]: In a list.\n",
    )
    .unwrap();
    let mut diags = Diagnostics::new();
    let original = parse_file(&file, &mut diags).expect("reads");
    assert_eq!(original.lead_notes.len(), 1);
    assert_eq!(original.articles[0].notes.len(), 4);
    assert_eq!(
        original.articles[1].notes.len(),
        2,
        "{:?}",
        original.articles[1]
    );
    assert_eq!(original.articles[0].notes[1].blocks.len(), 3);
    let markdown_text = techshack_book::markdown_writer::issue_to_markdown(&original);
    assert!(markdown_text.contains("[^1]"), "{markdown_text}");
    let mut diags = Diagnostics::new();
    let back = markdown::read(&markdown_text, Path::new("imported.md"), &mut diags)
        .expect("imported Markdown reads");
    assert_eq!(
        format!("{:?}", (&back.lead, &back.lead_notes)),
        format!("{:?}", (&original.lead, &original.lead_notes)),
        "{markdown_text}"
    );
    assert_eq!(
        comparable(&back.articles),
        comparable(&original.articles),
        "{markdown_text}"
    );
    // Only the unreferenced note is reported again.
    let warnings: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("never referenced"), "{warnings:?}");
}
