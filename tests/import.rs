//! `import` turns an issue into Markdown that reads back as the same
//! chapter.

mod common;

use std::path::Path;

use techshack_book::diagnostics::Diagnostics;
use techshack_book::model::Article;
use techshack_book::source::{markdown, parse_file};

/// Articles without their source positions (which differ by construction).
fn comparable(articles: &[Article]) -> Vec<(String, String, String)> {
    articles
        .iter()
        .map(|a| {
            (
                a.title_text(),
                format!("{:?}", a.sources),
                format!("{:?}", a.blocks),
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
