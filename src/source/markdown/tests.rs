//! Tests of the Markdown reader, by the model it produces.

use super::*;
use crate::diagnostics::Severity;
use crate::model::CodeKind;
use crate::model::{inline_text, Block, CodeBlock, Inline};
use crate::source::ParsedIssue;

fn parse(text: &str) -> (ParsedIssue, Diagnostics) {
    let mut diags = Diagnostics::new();
    let issue = read(text, Path::new("t.md"), &mut diags).expect("readable");
    (issue, diags)
}

#[test]
fn articles_sources_and_title() {
    let (issue, _) = parse(
        "---\ntitle: EnqueueZero Techshack 2019-06\n---\n\n# EnqueueZero Techshack 2019-06\n\n<TechshackHeader />\n\n## First\n\n[medium.com](https://medium.com/x)\n\nBody *em*.\n\n## Second\n\n[part 1](https://a) | [part 2](https://b)\n\n```bash\n$ ls  -l\n```\n",
    );
    assert_eq!(issue.title, "EnqueueZero Techshack 2019-06");
    assert!(issue.had_intro);
    assert!(issue.lead.is_empty());
    assert_eq!(issue.articles.len(), 2);
    assert_eq!(issue.articles[0].title_text(), "First");
    assert_eq!(issue.articles[0].pos.line, 9);
    assert_eq!(
        issue.articles[0].sources[0].url.as_deref(),
        Some("https://medium.com/x")
    );
    assert_eq!(issue.articles[1].sources.len(), 2);
    assert_eq!(
        issue.articles[1].blocks,
        vec![Block::Code(CodeBlock {
            language: Some("bash".into()),
            text: "$ ls  -l".into(),
            kind: CodeKind::Program
        })]
    );
}

#[test]
fn mermaid_components_and_sup() {
    let (issue, _) = parse(
        "# EnqueueZero Techshack 2019-03\n\n## A\n\nx 10<sup>10</sup> y\n\n<mermaid>\ngraph LR\n    a --- b;\n</mermaid>\n",
    );
    let blocks = &issue.articles[0].blocks;
    assert_eq!(
        blocks[0],
        Block::Paragraph(vec![
            Inline::Text("x 10".into()),
            Inline::Sup(vec![Inline::Text("10".into())]),
            Inline::Text(" y".into())
        ])
    );
    assert_eq!(blocks[1], Block::Mermaid("graph LR\n    a --- b;".into()));
}

#[test]
fn literal_intro_is_removed() {
    let (issue, _) = parse(
        "# EnqueueZero Techshack 2019-05\n\nKia ora! I am.\n\nPlease follow. Happy exploring!\n\n# Article\n\ntext\n",
    );
    assert!(issue.had_intro);
    assert!(issue.lead.is_empty());
    assert_eq!(issue.articles.len(), 1);
}

#[test]
fn figure_caption_from_caret_line() {
    let (issue, _) =
        parse("# T 2019-06\n\n## A\n\n![alt](https://x/y.jpg)\n\n^ The caption.\n\nNext.\n");
    let blocks = &issue.articles[0].blocks;
    assert!(
        matches!(&blocks[0], Block::Figure { caption: Some(c), .. } if inline_text(c) == "The caption.")
    );
    assert_eq!(blocks.len(), 2);
}

#[test]
fn unknown_html_is_reported_and_text_kept() {
    let (issue, diags) = parse("# T 2019-06\n\n## A\n\nhello <blink class=x>world</blink>\n");
    assert_eq!(
        inline_text(match &issue.articles[0].blocks[0] {
            Block::Paragraph(i) => i,
            _ => panic!(),
        }),
        "hello world"
    );
    assert_eq!(
        diags.count_at_least(crate::diagnostics::Severity::Warning),
        1
    );
}

#[test]
fn scripts_and_dangerous_links_never_reach_the_model() {
    let (issue, diags) = parse(
        "# T 2019-06\n\n## A\n\nsafe <script>alert(1)</script> [x](javascript:alert(2)) ![i](file:///etc/passwd) <a href=\"vbscript:y\">z</a>\n\n<div onclick=\"evil()\">block <iframe src=x>inner</iframe> text</div>\n",
    );
    let model = format!("{:?}", issue.articles[0].blocks);
    for bad in [
        "alert",
        "javascript",
        "file:",
        "vbscript",
        "evil",
        "iframe",
        "inner",
    ] {
        assert!(!model.contains(bad), "{bad} in {model}");
    }
    for kept in ["safe", "x", "i", "z", "block", "text"] {
        assert!(model.contains(kept), "{kept} in {model}");
    }
    assert!(diags.count_at_least(crate::diagnostics::Severity::Warning) >= 5);
    assert!(
        diags.iter().all(|d| d.line == Some(5) || d.line == Some(7)),
        "{diags:?}"
    );
}

fn para_text(block: &Block) -> String {
    match block {
        Block::Paragraph(inlines) => inline_text(inlines),
        other => panic!("not a paragraph: {other:?}"),
    }
}

fn note_refs(block: &Block) -> Vec<u32> {
    match block {
        Block::Paragraph(inlines) => inlines
            .iter()
            .filter_map(|i| match i {
                Inline::NoteRef { number } => Some(*number),
                _ => None,
            })
            .collect(),
        other => panic!("not a paragraph: {other:?}"),
    }
}

fn warnings(diags: &Diagnostics) -> Vec<(Option<usize>, String)> {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| (d.line, d.message.clone()))
        .collect()
}

#[test]
fn footnotes_are_numbered_in_reference_order_and_reused() {
    let (issue, diags) = parse(
        "# T 2019-06\n\n## A\n\nOne[^b] two[^a] three[^B].\n\n[^a]: Note A.\n\n[^b]: Note *B*.\n",
    );
    assert!(warnings(&diags).is_empty(), "{diags:?}");
    let article = &issue.articles[0];
    assert_eq!(article.blocks.len(), 1, "{:?}", article.blocks);
    // [^b] comes first, so it is note 1; [^B] is the same label.
    assert_eq!(note_refs(&article.blocks[0]), vec![1, 2, 1]);
    assert_eq!(para_text(&article.blocks[0]), "One two three.");
    assert_eq!(article.notes.len(), 2);
    assert_eq!(para_text(&article.notes[0].blocks[0]), "Note B.");
    assert_eq!(para_text(&article.notes[1].blocks[0]), "Note A.");
}

#[test]
fn footnotes_belong_to_the_article_that_refers_to_them() {
    let (issue, diags) = parse(
        "# T 2019-06\n\n## A\n\nFirst[^x] and[^shared].\n\n## B\n\nSecond[^y] and[^shared].\n\n## C\n\nNone.\n\n[^y]: Why.\n[^x]: Ex, see[^y].\n[^shared]: Both.\n",
    );
    assert!(warnings(&diags).is_empty(), "{diags:?}");
    let [a, b, c] = &issue.articles[..] else {
        panic!("{:?}", issue.articles)
    };
    // Numbered per article: A has x, shared, then y (referenced from x).
    assert_eq!(note_refs(&a.blocks[0]), vec![1, 2]);
    let texts = |notes: &[crate::model::Note]| -> Vec<String> {
        notes.iter().map(|n| para_text(&n.blocks[0])).collect()
    };
    assert_eq!(texts(&a.notes), ["Ex, see.", "Both.", "Why."]);
    assert_eq!(note_refs(&a.notes[0].blocks[0]), vec![3]);
    assert_eq!(note_refs(&b.blocks[0]), vec![1, 2]);
    assert_eq!(texts(&b.notes), ["Why.", "Both."]);
    // The definitions after article C are not C's.
    assert!(c.notes.is_empty());
    assert_eq!(c.blocks.len(), 1);
}

#[test]
fn a_reference_without_definition_is_reported_and_kept_as_text() {
    let (issue, diags) =
        parse("# T 2019-06\n\n## A\n\nSome text\nwith [^nope] in it, and \\[^escaped].\n");
    assert_eq!(
        warnings(&diags),
        vec![(
            Some(6),
            "footnote reference [^nope] has no definition (`[^nope]: text`); it is kept as text"
                .to_string()
        )]
    );
    assert_eq!(
        para_text(&issue.articles[0].blocks[0]),
        "Some text with [^nope] in it, and [^escaped]."
    );
    assert!(issue.articles[0].notes.is_empty());
    // A reference in a code span or block is code, not a reference.
    let (_, diags) = parse("# T 2019-06\n\n## A\n\n`x[^c]`\n\n```\n[^d]\n```\n");
    assert!(warnings(&diags).is_empty(), "{diags:?}");
}

#[test]
fn an_unreferenced_definition_is_reported_and_kept() {
    let (issue, diags) = parse(
        "# T 2019-06\n\n## A\n\nText[^used].\n\n[^spare]: Spare text.\n\n[^used]: Used.\n\n## B\n\nMore.\n",
    );
    let found = warnings(&diags);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Some(7));
    assert!(
        found[0].1.contains("[^spare] is never referenced"),
        "{found:?}"
    );
    let a = &issue.articles[0];
    assert_eq!(a.notes.len(), 2);
    assert_eq!(para_text(&a.notes[0].blocks[0]), "Used.");
    assert_eq!(para_text(&a.notes[1].blocks[0]), "Spare text.");
    assert!(issue.articles[1].notes.is_empty());
}

#[test]
fn a_second_definition_is_reported_and_kept() {
    let (issue, diags) =
        parse("# T 2019-06\n\n## A\n\nText[^n].\n\n[^n]: First.\n\n[^n]: Second.\n");
    let found = warnings(&diags);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Some(9));
    let texts: Vec<String> = issue.articles[0]
        .notes
        .iter()
        .map(|n| para_text(&n.blocks[0]))
        .collect();
    assert_eq!(texts, ["First.", "Second."]);
}

#[test]
fn the_lead_has_notes_of_its_own() {
    let (issue, diags) = parse(
        "# T 2019-06\n\nA lead[^l].\n\n## A\n\nText[^a].\n\n[^l]: Lead note.\n[^a]: Article note.\n",
    );
    assert!(warnings(&diags).is_empty(), "{diags:?}");
    assert_eq!(note_refs(&issue.lead[0]), vec![1]);
    assert_eq!(issue.lead_notes.len(), 1);
    assert_eq!(para_text(&issue.lead_notes[0].blocks[0]), "Lead note.");
    assert_eq!(note_refs(&issue.articles[0].blocks[0]), vec![1]);
    assert_eq!(
        para_text(&issue.articles[0].notes[0].blocks[0]),
        "Article note."
    );
}

#[test]
fn deep_nesting_does_not_overflow() {
    let text = format!("# T 2019-01\n\n## A\n\n{}deep\n", "> ".repeat(5000));
    let (issue, _) = parse(&text);
    assert_eq!(issue.articles.len(), 1);
}
