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

fn is_han(ch: char) -> bool {
    matches!(u32::from(ch), 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Builds the book in a temporary folder: the PDF's path and what the
/// build reported.
fn build_chinese_book(dir: &Path) -> (std::path::PathBuf, Diagnostics) {
    let root = dir.join("book");
    std::fs::create_dir_all(root.join("issues")).expect("book folder");
    std::fs::write(root.join("issues").join("2019-01-CN.md"), ISSUE).expect("issue");
    std::fs::write(
        root.join("book.yaml"),
        "title: \"EnqueueZero Techshack {year}\"\nlanguage: zh-Hans\n",
    )
    .expect("book.yaml");
    let mut options = common::sample_options(&dir.join("out"), &[Format::Pdf]);
    options.root = root;
    let mut diags = Diagnostics::new();
    let outputs = techshack_book::build(&options, &mut diags).expect("the Chinese book builds");
    let pdf = outputs
        .into_iter()
        .find(|o| o.format == Format::Pdf)
        .expect("a PDF")
        .path;
    (pdf, diags)
}

#[test]
fn every_han_character_is_printed_in_order_by_an_embedded_subset() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (pdf, diags) = build_chinese_book(dir.path());
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
    let source: Vec<char> = ISSUE.chars().filter(|&c| is_han(c)).collect();
    assert!(source.len() > 300, "the issue is Chinese");
    let printed: Vec<char> = text.chars().filter(|&c| is_han(c)).collect();
    let mut at = 0;
    for (i, ch) in source.iter().enumerate() {
        match printed[at..].iter().position(|c| c == ch) {
            Some(found) => at += found + 1,
            None => panic!(
                "Han character {i} ({ch}) of the source is not printed after the one before:\n{text}"
            ),
        }
    }
    // Kinsoku as pdftotext sees it: no line starts with closing
    // punctuation.
    for line in text.lines() {
        let first = line.trim_start().chars().next();
        assert!(
            !first.is_some_and(|c| "。，、；：？！）」』〉》】…".contains(c)),
            "line starts with closing punctuation: {line}"
        );
    }

    let (ok, fonts) = common::run("pdffonts", &[pdf]);
    assert!(ok, "{fonts}");
    for name in ["NotoSerifCJKsc-Regular", "NotoSansCJKsc-Bold"] {
        let line = fonts
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} is not in the PDF:\n{fonts}"));
        let (tag, _) = line.split_once('+').expect("a subset tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{line}"
        );
        let columns: Vec<&str> = line.split_whitespace().collect();
        // name, type (two words), encoding, emb, sub, uni, object, generation
        assert_eq!(
            &columns[4..6],
            ["yes", "yes"],
            "not embedded as a subset: {line}"
        );
    }
    // Subsets, not the fonts whole: the built-in faces alone weigh 5 MB.
    let size = std::fs::metadata(pdf).expect("the PDF").len();
    assert!(size < 1_500_000, "{size} bytes");
}
