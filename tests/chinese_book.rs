//! End to end: a small book whose issue is written in Chinese (with English
//! words, code and numbers in it) comes out of the PDF writer with every
//! Han character drawn, in order, by the built-in Chinese faces, embedded
//! as subsets.

mod common;

use std::path::Path;

use techshack_book::diagnostics::Diagnostics;
use techshack_book::Format;

/// The issue, kept next to this test so it can be read and edited.
const ISSUE: &str = include_str!("chinese/2019-01-CN.md");

/// Builds the book in a temporary folder: the PDF's path and what the
/// build reported.
fn build_chinese_book(dir: &common::BookFolder) -> (std::path::PathBuf, Diagnostics) {
    dir.issue("2019-01-CN.md", ISSUE).write(
        "book.yaml",
        "title: \"EnqueueZero Techshack {year}\"\nlanguage: zh-Hans\n",
    );
    let mut diags = Diagnostics::new();
    let outputs = techshack_book::build(&dir.options(&[Format::Pdf]), &mut diags)
        .expect("the Chinese book builds");
    (common::output_of(&outputs, Format::Pdf), diags)
}

#[test]
fn every_han_character_is_printed_in_order_by_an_embedded_subset() {
    let dir = common::BookFolder::new();
    let (pdf, diags) = build_chinese_book(&dir);
    let missing: Vec<String> = diags
        .iter()
        .map(|d| d.to_string())
        .filter(|m| m.contains("none of the PDF's fonts"))
        .collect();
    assert!(missing.is_empty(), "{missing:?}");

    let pdf = pdf.to_str().expect("UTF-8 path");
    let (ok, text) = common::run("pdftotext", &[pdf, "-"]);
    assert!(ok, "{text}");
    assert!(!text.contains('?'), "a character was replaced:\n{text}");
    // The source's Han characters, in order, appear in the PDF's text in
    // the same order (the PDF adds headings, running heads and contents).
    assert!(
        common::assert_han_in_order(ISSUE, &text) > 300,
        "the issue is Chinese"
    );
    // Kinsoku as pdftotext sees it: no line starts with closing
    // punctuation.
    for line in text.lines() {
        let first = line.trim_start().chars().next();
        assert!(
            !first.is_some_and(|c| "。，、；：？！）」』〉》】…".contains(c)),
            "line starts with closing punctuation: {line}"
        );
    }

    for name in ["NotoSerifCJKsc-Regular", "NotoSansCJKsc-Bold"] {
        common::assert_embedded_subset(Path::new(pdf), name);
    }
    // Subsets, not the fonts whole: the built-in faces alone weigh 5 MB.
    let size = std::fs::metadata(pdf).expect("the PDF").len();
    assert!(size < 1_500_000, "{size} bytes");
}
