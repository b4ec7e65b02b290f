//! Property: whatever Markdown an issue holds, every XHTML document of the
//! EPUB is well-formed XML.

mod common;

use std::path::Path;

use proptest::prelude::*;
use techshack_book::config::BookConfig;
use techshack_book::diagnostics::Diagnostics;
use techshack_book::resources::Resources;
use techshack_book::{book, epub, source};

/// Pieces of Markdown and HTML that stress the reader and the XHTML writer.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n\n".to_string()),
        Just("\n".to_string()),
        Just("## Heading ".to_string()),
        Just("### Sub ".to_string()),
        Just("* ".to_string()),
        Just("  * ".to_string()),
        Just("1. ".to_string()),
        Just("> ".to_string()),
        Just("```\n".to_string()),
        Just("```bash\n".to_string()),
        Just("    indented code\n".to_string()),
        Just("*em*".to_string()),
        Just("**strong".to_string()),
        Just("`code`".to_string()),
        Just("[link](https://example.com/a?b=1&c=2)".to_string()),
        Just("[bad](javascript:alert(1))".to_string()),
        Just("![img](https://example.com/x.png)".to_string()),
        Just("<br>".to_string()),
        Just("<p>".to_string()),
        Just("<sup>".to_string()),
        Just("</sup>".to_string()),
        Just("<div onclick=\"x()\">".to_string()),
        Just("</div>".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("<Custom attr=\"1\"/>".to_string()),
        Just("<mermaid>\ngraph LR\n a --> b\n</mermaid>\n".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("&amp; &lt; &#0; &#xFFFE; &bogus;".to_string()),
        Just("---\n".to_string()),
        Just("[^a]".to_string()),
        Just("[^B]".to_string()),
        Just("[^none]".to_string()),
        Just("\n\n[^a]: A note".to_string()),
        Just("\n\n[^b]: ".to_string()),
        Just("\n\n    more of the note".to_string()),
        Just("+---+\n| x |\n+---+\n".to_string()),
        "[ -~]{0,12}",
        "\\PC{0,6}",
        prop::collection::vec(any::<char>(), 0..4).prop_map(|c| c.into_iter().collect()),
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.concat())
}

/// Reports the first XHTML document of the EPUB that is not well-formed.
fn first_malformed(epub_bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.epub");
    std::fs::write(&path, epub_bytes).unwrap();
    for (name, text) in common::epub_entries(&path) {
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
            let options = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..roxmltree::ParsingOptions::default()
            };
            if let Err(e) = roxmltree::Document::parse_with_options(&text, options) {
                return Some(format!("{name}: {e}\n{text}"));
            }
        }
    }
    None
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_xhtml_of_any_markdown_is_well_formed(body in markdown()) {
        let text = format!("# EnqueueZero Techshack 2019-02\n\n## Article\n\n{body}");
        let mut diags = Diagnostics::new();
        let issue = source::read_issue_bytes(text.as_bytes(), Path::new("p.md"), &mut diags);
        prop_assume!(issue.is_some());
        let books = book::assemble(vec![issue.unwrap()], &BookConfig::default(), &mut diags);
        let resources = Resources::builtin();
        for book in &books {
            let bytes = epub::render(book, &resources).expect("renders");
            prop_assert_eq!(first_malformed(&bytes), None);
        }
    }
}
