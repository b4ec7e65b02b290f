//! Tests of the rules for captures in other styles than the sample's (no
//! blank lines, other bullets, wrapped lines, text browsers' dumps): what
//! they recover, and, as much, where they must not fire.

use std::path::Path;

use super::blocks::{numbered_lines as lines, parse_blocks};
use super::read;
use crate::diagnostics::Diagnostics;
use crate::model::{Block, CodeKind};
use crate::source::ParsedIssue;

fn read_str(text: &str) -> ParsedIssue {
    let mut diags = Diagnostics::new();
    read(text, Path::new("capture.txt"), &mut diags)
}

fn titles(issue: &ParsedIssue) -> Vec<String> {
    issue.articles.iter().map(|a| a.title_text()).collect()
}

/// A line of `n` characters of prose ending in `end`.
fn long_line(end: &str) -> String {
    let mut s = String::from("This paragraph was wrapped by a text browser at eighty columns");
    while s.chars().count() + end.len() + 1 < 75 {
        s.push_str(" so");
    }
    format!("{s} {end}")
}

#[test]
fn titles_with_their_source_on_the_next_line() {
    let issue = read_str(
        "Issue 2020-01\n\nFirst Article\nmedium.com\nThe text starts here.\n\nSecond Article\nlwn.net (opens new window)\n- one\n- two\n",
    );
    assert_eq!(titles(&issue), ["First Article", "Second Article"]);
    assert_eq!(issue.articles[1].sources[0].label, "lwn.net");
}

#[test]
fn a_sentence_over_a_domain_is_no_title() {
    // The last line of a paragraph, then a line that is only a site,
    // then more text: no article.
    let issue = read_str(
        "Issue 2020-01\n\nAn Article\n\nmedium.com\n\nRead the whole thing.\nexample.com\nIt is worth it.\n",
    );
    assert_eq!(titles(&issue), ["An Article"]);
}

#[test]
fn a_wrapped_paragraph_with_an_address_alone_on_a_line_is_no_title() {
    let text = format!(
        "Issue\n\nAn Article\n\nmedium.com\n\n{}\nhttps://enqueuezero.com/layered-architecture.html\nsays the post.\n\n{}\nexample.com\nwhich goes on in lower case.\n",
        long_line("in"),
        long_line("at"),
    );
    assert_eq!(titles(&read_str(&text)), ["An Article"]);
}

#[test]
fn link_texts_make_a_source_only_where_each_piece_was_a_link() {
    let issue = read_str(
        "Issue\n\nResilient Systems?\n\npart 1 (opens new window) | part 2 (opens new window)\n\nText.\n",
    );
    assert_eq!(titles(&issue), ["Resilient Systems?"]);
    assert_eq!(issue.articles[0].sources.len(), 2);
    assert_eq!(issue.articles[0].sources[0].url, None);
    for text in [
        // The label in the middle of the line: a link inside a sentence.
        "Issue\n\nA Real Article\n\nmedium.com\n\nShort heading-like line\n\nRead the docs (opens new window) first\n\nText.\n",
        // Too many words for a link text.
        "Issue\n\nA Real Article\n\nmedium.com\n\nTo keep me motivated, appreciate your kind donation\n\nDonate this project using Patreon (opens new window)\n\nText.\n",
        // A sentence over link texts.
        "Issue\n\nA Real Article\n\nmedium.com\n\nWe wrote two posts.\n\npart 1 (opens new window) | part 2 (opens new window)\n\nText.\n",
    ] {
        assert_eq!(titles(&read_str(text)), ["A Real Article"], "{text}");
    }
}

#[test]
fn names_joined_by_bars_make_a_source_only_between_blank_lines() {
    let issue = read_str("Issue\n\nDesigning Resilient Systems\n\npart 1 | part 2\n\nText.\n");
    assert_eq!(titles(&issue), ["Designing Resilient Systems"]);
    for text in [
        "Issue\n\nA Real Article\n\nmedium.com\n\nThe trade-offs:\n\nspeed | safety\n\nText.\n",
        "Issue\n\nA Real Article\n\nmedium.com\n\nTrade-offs\nspeed | safety\nText.\n",
        "Issue\n\nA Real Article\n\nmedium.com\n\nTrade-offs\n\nspeed | safety | and a long list of other things\n\nText.\n",
        "Issue\n\nA Real Article\n\nmedium.com\n\nTrade-offs\n\nspeed\n\nText.\n",
    ] {
        assert_eq!(titles(&read_str(text)), ["A Real Article"], "{text}");
    }
}

#[test]
fn wrapped_titles_and_source_lines() {
    let text = "Issue\n\nScaling Azure Functions to Make 500,000 Requests to Weather.com in Under 3\nMinutes\n\n   blog.acolyer.org | Concepts, Techniques, and Models of Computer Programming\n   and More: www.info.ucl.ac.be\n\nText.\n";
    let issue = read_str(text);
    assert_eq!(
        titles(&issue),
        ["Scaling Azure Functions to Make 500,000 Requests to Weather.com in Under 3 Minutes"]
    );
    assert_eq!(issue.articles[0].sources.len(), 2);
    // A short title line does not take the next line with it.
    let issue = read_str("Issue\n\nShort Title\nmedium.com\nText.\n");
    assert_eq!(titles(&issue), ["Short Title"]);
}

#[test]
fn a_prose_line_like_a_title_stays_a_paragraph() {
    let issue = read_str(
        "Issue\n\nAn Article\n\nmedium.com\n\nAnother Short Line Here\n\nIt is followed by a plain sentence, not a source.\n",
    );
    assert_eq!(titles(&issue), ["An Article"]);
    assert!(matches!(issue.articles[0].blocks[0], Block::Paragraph(_)));
}

#[test]
fn text_browser_link_numbers_go() {
    let issue = read_str(
        "Issue\n\nAn Article\n\n   [1]medium.com\n\n   See [2]the docs.\n\nReferences\n\n   1. https://medium.com/x\n   2. https://docs.rs/\n",
    );
    assert_eq!(titles(&issue), ["An Article"]);
    assert_eq!(issue.articles[0].sources[0].label, "medium.com");
    assert_eq!(issue.articles[0].blocks.len(), 1);
}

#[test]
fn lists_with_any_bullet_nest_by_indentation() {
    let blocks = parse_blocks(&lines(
        "- one\n    * two\n        ◦ three\n- four\n\n1) first\n2) second\n   + nested\n",
    ));
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    let Block::List { start: None, items } = &blocks[0] else {
        panic!("a bulleted list: {blocks:?}");
    };
    assert_eq!(items.len(), 2);
    assert!(matches!(items[0][1], Block::List { .. }));
    assert!(matches!(blocks[1], Block::List { start: Some(1), .. }));
}

#[test]
fn lists_that_look_like_code_stay_lists() {
    for text in [
        "- git is great\n- docker run makes containers\n",
        "1) Request rate limiter\n2) Concurrent requests limiter\n",
        "- x = 1 is the default, and it is fine\n- y = 2 is rarely used\n",
    ] {
        let blocks = parse_blocks(&lines(text));
        assert!(
            matches!(blocks.as_slice(), [Block::List { .. }]),
            "{text}: {blocks:?}"
        );
    }
}

#[test]
fn code_with_blank_lines_stays_one_block_and_prose_after_it_stays_out() {
    let text = "import itertools\n\n\ndef numbers(limit):\n    n = 0\n\n    while n < limit:\n        yield n\n\nevens = list(numbers(10))\n\nprint(evens)\n\n   Borrowing rules:\n\nSome text after the code.";
    let blocks = parse_blocks(&lines(text));
    let Block::Code(code) = &blocks[0] else {
        panic!("code first: {blocks:?}");
    };
    assert!(code.text.ends_with("print(evens)"), "{}", code.text);
    assert_eq!(blocks.len(), 3, "{blocks:?}");
}

#[test]
fn dump_breaks_are_undone_only_at_the_dump_width() {
    let eighty = format!("$ echo {}", "x".repeat(73));
    assert_eq!(eighty.chars().count(), 80);
    let blocks = parse_blocks(&lines(&format!("{eighty}\nyz\n")));
    let Block::Code(code) = &blocks[0] else {
        panic!("code: {blocks:?}");
    };
    assert_eq!(code.text, format!("{eighty}yz"));
    // 79 columns, or an indented next line: two lines.
    let seventy_nine = format!("$ echo {}", "x".repeat(72));
    for text in [format!("{seventy_nine}\nyz\n"), format!("{eighty}\n  yz\n")] {
        let blocks = parse_blocks(&lines(&text));
        let Block::Code(code) = &blocks[0] else {
            panic!("code: {blocks:?}");
        };
        assert_eq!(code.text.lines().count(), 2, "{text}");
    }
}

#[test]
fn words_broken_by_a_wrap_are_joined_only_after_a_long_line() {
    let para = |text: &str| match parse_blocks(&lines(text)).first() {
        Some(Block::Paragraph(c)) => crate::model::inline_text(c),
        other => panic!("{other:?}"),
    };
    let long = long_line("disk I");
    assert!(para(&format!("{long}\n/O, which is fast.")).contains("disk I/O, which"));
    let long = long_line("edit the file");
    assert!(para(&format!("{long}\n/etc/hosts first.")).contains("file /etc/hosts"));
    assert!(para("Short line about disk I\n/O, which is fast.").contains("I /O,"));
    let long = long_line("a well-");
    assert!(para(&format!("{long}\nknown trick.")).contains("well-known"));
    assert!(para(&format!("{}\nnext words.", long_line("a -"))).contains("a - next"));
}

#[test]
fn sparse_drawings_stay_whole_in_a_capture() {
    let issue = read_str(
        "Issue\n\nAn Article\n\nmedium.com\n\nThe flow:\n\n  clients\n     |\n     v\n+---------+\n|   LB    |\n+---------+\n     |\n     v\n  limiter   <--- tokens --->  redis\n\nAfter the drawing.\n",
    );
    let blocks = &issue.articles[0].blocks;
    let Block::Code(code) = &blocks[1] else {
        panic!("a drawing: {blocks:?}");
    };
    assert_eq!(code.kind, CodeKind::Drawing);
    assert_eq!(code.text.lines().count(), 9);
    assert!(matches!(blocks[2], Block::Paragraph(_)));
}
