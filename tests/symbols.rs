//! End to end: emoji and pictographs in an issue (✨ around a source link,
//! ✅ ★ → ✓ ❤ in prose, with and without the colour selector U+FE0F) are
//! drawn by the built-in fonts, the emoji by an embedded subset of Noto
//! Emoji; a character no font has is reported once for the book, with its
//! issue.

mod common;

use techshack_book::diagnostics::{Diagnostics, Severity};
use techshack_book::Format;

const ISSUE: &str = "\
# EnqueueZero Techshack 2019-07

## Symbols in an article

✨ [enqueuezero.com](https://enqueuezero.com/symbols) ✨

Shipped ✅ and starred ★, so the build goes → green ✓ with ❤ and ❤\u{FE0F}.

Selectors stay invisible: ✨\u{FE0F} ✅\u{FE0F} ★\u{FE0F}.

- a list item with a heart ❤\u{FE0F} and a check ✓
";

const UNDRAWABLE: &str = "\
# EnqueueZero Techshack 2019-08

## An ancient sign

The hieroglyph \u{13000} and a private character \u{E123} have no font.

## Again

The same hieroglyph \u{13000}, once more.
";

/// Builds a book of `issues` as a PDF: its path and the warnings.
fn build(dir: &common::BookFolder, issues: &[(&str, &str)]) -> (std::path::PathBuf, Vec<String>) {
    for (name, text) in issues {
        dir.issue(name, text);
    }
    dir.write("book.yaml", "title: \"EnqueueZero Techshack {year}\"\n");
    let mut diags = Diagnostics::new();
    let outputs = techshack_book::build(&dir.options(&[Format::Pdf]), &mut diags)
        .unwrap_or_else(|e| panic!("the book builds: {e}\n{diags:?}"));
    let warnings = diags
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| d.to_string())
        .collect();
    (common::output_of(&outputs, Format::Pdf), warnings)
}

#[test]
fn emoji_and_symbols_are_printed_by_an_embedded_font() {
    let dir = common::BookFolder::new();
    let (pdf, warnings) = build(&dir, &[("2019-07.md", ISSUE)]);
    assert!(
        !warnings
            .iter()
            .any(|w| w.contains("none of the PDF's fonts")),
        "{warnings:?}"
    );
    common::assert_embedded_subset(&pdf, "NotoEmoji");

    let (ok, text) = common::run("pdftotext", &[pdf.to_str().expect("UTF-8 path"), "-"]);
    assert!(ok, "{text}");
    assert!(!text.contains('?'), "a character was replaced:\n{text}");
    assert!(
        !text.contains('\u{FE0F}'),
        "a selector was printed:\n{text}"
    );
    for symbol in ['✨', '✅', '★', '→', '✓', '❤'] {
        assert!(text.contains(symbol), "{symbol} is missing:\n{text}");
    }
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("✨ enqueuezero.com"), "{flat}");
    assert!(flat.contains("with ❤ and ❤."), "{flat}");
    assert!(flat.contains("✨ ✅ ★."), "{flat}");
}

#[test]
fn a_character_no_font_has_is_reported_once_for_the_book_with_its_issue() {
    let dir = common::BookFolder::new();
    let (_, warnings) = build(&dir, &[("2019-07.md", ISSUE), ("2019-08.md", UNDRAWABLE)]);
    let missing: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("none of the PDF's fonts"))
        .collect();
    assert_eq!(missing.len(), 1, "{warnings:?}");
    let message = missing[0];
    assert!(message.contains("EnqueueZero Techshack 2019"), "{message}");
    assert!(message.contains("2 characters are"), "{message}");
    assert!(message.contains("(U+13000) in 2019-08.md:3"), "{message}");
    assert!(message.contains("(U+E123) in 2019-08.md:3"), "{message}");
    assert!(!message.contains("2019-07"), "{message}");
    assert_eq!(message.matches("U+").count(), 2, "{message}");
}
