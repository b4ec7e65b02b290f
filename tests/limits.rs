//! Input at and past the limits: no stack overflow, no panic, memory kept in
//! bounds, and a clear error naming the file where a limit is reached.

mod common;

use std::path::Path;

fn book_with(text: &[u8]) -> common::BookFolder {
    common::BookFolder::with_issues(&[("big.md", text)])
}

/// Runs the binary; returns (exit code, stderr).
fn cli(root: &Path, args: &[&str]) -> (i32, String) {
    let run = common::cli(root, args);
    assert!(!run.stderr.contains("overflow"), "{}", run.stderr);
    (run.code, run.stderr)
}

const HEAD: &str = "# EnqueueZero Techshack 2019-02\n\n## A\n\n";

#[test]
fn a_50_mb_issue_is_refused_with_a_clear_error() {
    let mut text = HEAD.as_bytes().to_vec();
    let paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(20) + "\n\n";
    while text.len() < 50_000_000 {
        text.extend_from_slice(paragraph.as_bytes());
    }
    let dir = book_with(&text);
    let (code, err) = cli(dir.root(), &["check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("big.md") && err.contains("at most 16 MB"),
        "{err}"
    );
}

#[test]
fn an_issue_with_100000_articles_is_refused_with_a_clear_error() {
    let mut text = String::from("# EnqueueZero Techshack 2019-02\n\n");
    for i in 0..100_000 {
        text.push_str(&format!("## Article {i}\n\nText {i}.\n\n"));
    }
    let dir = book_with(text.as_bytes());
    let (code, err) = cli(dir.root(), &["check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("big.md") && err.contains("100000 articles") && err.contains("at most 10000"),
        "{err}"
    );
}

#[test]
fn lists_and_quotes_nested_10000_deep_build() {
    let text = format!(
        "{HEAD}{}deep list\n\n{}deep quote\n",
        "- ".repeat(10_000),
        "> ".repeat(10_000)
    );
    let dir = book_with(text.as_bytes());
    let (code, err) = cli(dir.root(), &["build", "--images", "link"]);
    assert_eq!(code, 0, "{err}");
    let epub = dir.root().join("out/enqueuezero-techshack-2019.epub");
    assert!(epub.exists());
}

#[test]
fn a_1_mb_line_builds() {
    let text = format!(
        "{HEAD}{}\n\nand {}\n",
        "x".repeat(1_000_000),
        "word ".repeat(20_000)
    );
    let dir = book_with(text.as_bytes());
    let (code, err) = cli(dir.root(), &["build", "--images", "link"]);
    assert_eq!(code, 0, "{err}");
    assert!(dir
        .root()
        .join("out/enqueuezero-techshack-2019.pdf")
        .exists());
}
