//! Tests of the Markdown reader, by the model it produces.

use super::*;
use crate::diagnostics::Severity;
use crate::model::CodeKind;
use crate::model::{inline_text, Block, CodeBlock, Inline};
use crate::source::{ParsedIssue, ReadOptions};

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

// The archive's other shapes: articles without headings, reading lists,
// indented drawings, HTML images and site components.

fn titles(issue: &ParsedIssue) -> Vec<String> {
    issue.articles.iter().map(|a| a.title_text()).collect()
}

fn source_labels(issue: &ParsedIssue) -> Vec<String> {
    issue
        .articles
        .iter()
        .map(|a| {
            a.sources
                .iter()
                .map(|s| s.label.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

const LINK_LED: &str = "---
title: EnqueueZero Techshack 2019-10
sidebar: auto
---

# 2019-10

<TechshackHeader />

[How Discord Stores Billions of Messages](https://blog.discordapp.com/how-discord-stores-billions-of-messages-7fa6ec7ee4c7)

Discord moved its messages from MongoDB to Cassandra.

* Messages are partitioned by channel and a time bucket.
* Reads are random, writes are sequential.

### Lessons

[part 1](https://a.example/1) | [part 2](https://a.example/2)

---

[Raft Consensus Algorithm](https://www.raft.github.io/)

Raft splits consensus into leader election, log replication and safety.

---

[Linearizability versus Serializability](http://www.bailis.org/blog/linearizability-versus-serializability/)

* Linearizability is a guarantee about single operations on single objects.
* Serializability is a guarantee about transactions.

---
";

#[test]
fn link_led_articles_are_split_at_rules() {
    let (issue, diags) = parse(LINK_LED);
    assert!(warnings(&diags).is_empty(), "{diags:?}");
    assert_eq!(issue.title, "EnqueueZero Techshack 2019-10");
    assert!(issue.had_intro);
    assert!(issue.lead.is_empty(), "{:?}", issue.lead);
    assert_eq!(
        titles(&issue),
        [
            "How Discord Stores Billions of Messages",
            "Raft Consensus Algorithm",
            "Linearizability versus Serializability"
        ]
    );
    assert_eq!(
        source_labels(&issue),
        ["blog.discordapp.com", "raft.github.io", "bailis.org"]
    );
    assert_eq!(
        issue.articles[1].sources[0].url.as_deref(),
        Some("https://www.raft.github.io/")
    );
    let lines: Vec<usize> = issue.articles.iter().map(|a| a.pos.line).collect();
    assert_eq!(lines, [10, 23, 29]);
    // The separating rules are gone; the notes are whole.
    let first = &issue.articles[0].blocks;
    assert!(issue
        .articles
        .iter()
        .all(|a| !a.blocks.contains(&Block::Rule)));
    assert!(matches!(&first[1], Block::List { items, .. } if items.len() == 2));
    // `###` is the article's first level of sub-heading, and a paragraph
    // of links in the notes stays text.
    assert!(matches!(&first[2], Block::Heading { level: 1, .. }));
    assert_eq!(para_text(&first[3]), "part 1 | part 2");
    assert_eq!(issue.articles[0].sources.len(), 1);
}

#[test]
fn a_bare_issue_number_heading_is_not_an_article() {
    // Without front matter the bare number is the title.
    let (issue, _) = parse("# 2019-10\n\n[A post](https://example.com/a)\n\nNotes.\n");
    assert_eq!(issue.title, "2019-10");
    assert_eq!(titles(&issue), ["A post"]);
    // With front matter, a repeated number further down is dropped too.
    let (issue, _) = parse(
        "---\ntitle: EnqueueZero Techshack 2019-11\n---\n\n# EnqueueZero Techshack 2019-11\n\n# 2019-11\n\n[A post](https://example.com/a)\n\nNotes.\n",
    );
    assert_eq!(issue.title, "EnqueueZero Techshack 2019-11");
    assert_eq!(titles(&issue), ["A post"]);
}

#[test]
fn lead_paragraphs_before_the_first_link_led_article_stay_the_lead() {
    let (issue, _) = parse(
        "---\ntitle: EnqueueZero Techshack 2019-12\n---\n\nEnjoy this week's posts.\n\n[First](https://example.com/1)\n\nOne.\n\n---\n\n[Second](https://example.org/2)\n\nTwo.\n",
    );
    assert_eq!(issue.lead.len(), 1);
    assert_eq!(titles(&issue), ["First", "Second"]);
    // A lone link paragraph with no rule anywhere is not the shape.
    let (issue, _) = parse(
        "---\ntitle: EnqueueZero Techshack 2019-12\n---\n\nSee this:\n\n[Only](https://example.com/1)\n",
    );
    assert!(issue.articles.is_empty());
    assert_eq!(issue.lead.len(), 2);
}

#[test]
fn a_link_without_text_is_titled_from_its_address() {
    let (issue, diags) = parse(
        "---\ntitle: EnqueueZero Techshack 2019-13\n---\n\n[](https://www.usenix.org/system/files/conference/atc14/atc14-paper-ongaro.pdf)\n\nThe Raft paper.\n\n---\n\n[](https://martinfowler.com/)\n\nA site.\n\n---\n\n[](https://example.com/docs/Consistency%20Models/)\n",
    );
    assert_eq!(
        titles(&issue),
        [
            "atc14-paper-ongaro.pdf",
            "martinfowler.com",
            "Consistency Models"
        ]
    );
    assert_eq!(source_labels(&issue)[0], "usenix.org");
    let found = warnings(&diags);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[0].0, Some(5));
    assert!(
        found[0].1.contains("\"atc14-paper-ongaro.pdf\""),
        "{found:?}"
    );
    assert_eq!(found[1].0, Some(11));
}

const READING_LIST: &str = "---
title: EnqueueZero Techshack 2019-14-CN
---

# 2019-14

本周的阅读清单，主题是分布式系统。

欢迎订阅。

- [分布式系统的一致性](https://example.com/a)，一篇很好的入门文章
- [Raft 算法详解](https://www.example.org/raft)：图文并茂，适合初学者
- [Jepsen: MongoDB](https://jepsen.io/analyses/mongodb-4.2.6)
  - 子列表也保留
";

#[test]
fn a_reading_list_gives_one_article_per_item() {
    let (issue, diags) = parse(READING_LIST);
    assert!(warnings(&diags).is_empty(), "{diags:?}");
    assert_eq!(issue.lead.len(), 2, "intro paragraphs: {:?}", issue.lead);
    assert_eq!(
        titles(&issue),
        ["分布式系统的一致性", "Raft 算法详解", "Jepsen: MongoDB"]
    );
    assert_eq!(
        source_labels(&issue),
        ["example.com", "example.org", "jepsen.io"]
    );
    assert_eq!(
        para_text(&issue.articles[0].blocks[0]),
        "一篇很好的入门文章"
    );
    assert_eq!(
        para_text(&issue.articles[1].blocks[0]),
        "图文并茂，适合初学者"
    );
    // No comment: only the nested list.
    assert!(matches!(
        issue.articles[2].blocks.as_slice(),
        [Block::List { .. }]
    ));
    let lines: Vec<usize> = issue.articles.iter().map(|a| a.pos.line).collect();
    assert_eq!(lines, [11, 12, 13]);
}

#[test]
fn an_indented_drawing_is_a_drawing_and_indented_hashes_are_code() {
    let (issue, _) = parse(
        "---\ntitle: EnqueueZero Techshack 2019-15\n---\n\n## Consistent hashing\n\nThe ring:\n\n    +--------+      +--------+\n    | node A | ---> | node B |\n    +--------+      +--------+\n\nThe lookup:\n\n    # pseudo code\n    for node in ring:\n        if hash(key) <= node.hash: return node\n\n## Next\n\nText.\n",
    );
    assert_eq!(titles(&issue), ["Consistent hashing", "Next"]);
    let blocks = &issue.articles[0].blocks;
    assert!(
        matches!(&blocks[1], Block::Code(CodeBlock { kind: CodeKind::Drawing, text, .. }) if text.starts_with("+---")),
        "{blocks:?}"
    );
    assert!(
        matches!(&blocks[3], Block::Code(CodeBlock { kind: CodeKind::Program, text, .. }) if text.starts_with("# pseudo code\nfor node")),
        "{blocks:?}"
    );
    // The same in a link-led article.
    let (issue, _) = parse(
        "---\ntitle: EnqueueZero Techshack 2019-15\n---\n\n[Ring](https://example.com/ring)\n\n    +---+   +---+\n    | a |-->| b |\n    +---+   +---+\n\n---\n\n[Other](https://example.com/other)\n\n    # pseudo code\n    x = 1\n",
    );
    assert_eq!(titles(&issue), ["Ring", "Other"]);
    assert!(matches!(
        &issue.articles[0].blocks[0],
        Block::Code(CodeBlock {
            kind: CodeKind::Drawing,
            ..
        })
    ));
    assert!(
        matches!(&issue.articles[1].blocks[0], Block::Code(c) if c.text == "# pseudo code\nx = 1")
    );
}

fn figure_url(block: &Block) -> Option<(&str, &str)> {
    match block {
        Block::Figure { image, .. } => Some((image.url.as_str(), image.alt.as_str())),
        _ => None,
    }
}

#[test]
fn html_images_are_figures_in_any_attribute_order() {
    let (issue, diags) = parse(
        "---\ntitle: EnqueueZero Techshack 2019-16\n---\n\n## Images\n\n<img alt=\"Kafka log\" src=\"https://example.com/kafka.png\" style=\"height: 20rem;\">\n\n<img style='height: 20rem;' src='/static/images/raft.png' alt='Raft states' />\n\n<img src=\"https://example.com/c.png\"/>\n\nInline <img src=\"https://example.com/i.png\" alt=\"icon\"> here.\n",
    );
    assert!(warnings(&diags).is_empty(), "{diags:?}");
    let blocks = &issue.articles[0].blocks;
    assert_eq!(
        figure_url(&blocks[0]),
        Some(("https://example.com/kafka.png", "Kafka log"))
    );
    assert_eq!(
        figure_url(&blocks[1]),
        Some(("/static/images/raft.png", "Raft states"))
    );
    assert_eq!(
        figure_url(&blocks[2]),
        Some(("https://example.com/c.png", ""))
    );
    assert!(
        matches!(&blocks[3], Block::Paragraph(i) if i.iter().any(|x| matches!(x, Inline::Image(img) if img.alt == "icon"))),
        "{blocks:?}"
    );
    assert!(!format!("{blocks:?}").contains("20rem"));
}

#[test]
fn images_inside_list_items_are_kept() {
    let (issue, _) = parse(
        "---\ntitle: EnqueueZero Techshack 2019-17\n---\n\n## Dashboards\n\n- The overview:\n- ![Grafana panel](https://example.com/panel.png)\n- <img alt=\"Heat map\" src=\"/static/images/heatmap.jpg\" style=\"height: 20rem;\">\n- Text with ![inline](https://example.com/x.png) image\n",
    );
    let Block::List { items, .. } = &issue.articles[0].blocks[0] else {
        panic!("{:?}", issue.articles[0].blocks)
    };
    assert_eq!(
        figure_url(&items[1][0]),
        Some(("https://example.com/panel.png", "Grafana panel"))
    );
    assert_eq!(
        figure_url(&items[2][0]),
        Some(("/static/images/heatmap.jpg", "Heat map"))
    );
    assert!(matches!(&items[3][0], Block::Paragraph(i) if i.len() == 3));
}

#[test]
fn known_components_go_quietly_and_unknown_ones_are_reported_once() {
    let text = "---\ntitle: EnqueueZero Techshack 2019-18\n---\n\n# EnqueueZero Techshack 2019-18\n\n<TechshackHeader />\n\n<SubscribeList/>\n\n## A\n\nText <Badge text=\"new\"/> and more.\n\n<subscribe-cn-list />\n\n<Carousel />\n\n```html\n<Carousel />\n```\n\n<Carousel interval=\"3\" />\n\n<Badge text=\"again\"/>\n\n<SubscribeCNList />\n";
    let (issue, diags) = parse(text);
    assert!(issue.had_intro);
    let mut found = warnings(&diags);
    found.sort();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, Some(13));
    assert!(
        found[0].1.contains("unknown component <Badge>"),
        "{found:?}"
    );
    assert_eq!(found[1].0, Some(17));
    assert!(
        found[1].1.contains("unknown component <Carousel>"),
        "{found:?}"
    );
    assert!(found[1].1.contains("components: drop:"), "{found:?}");
    // Inside a code fence a component is code.
    assert!(issue.articles[0]
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Code(c) if c.text == "<Carousel />")));
    let text_kept = para_text(&issue.articles[0].blocks[0]);
    assert_eq!(
        text_kept.split_whitespace().collect::<Vec<_>>(),
        ["Text", "and", "more."]
    );

    // A book may list its own chrome; the list replaces the defaults.
    let options = ReadOptions {
        dropped_components: vec!["Carousel".into(), "Badge".into()],
    };
    let mut diags = Diagnostics::new();
    read_with(text, Path::new("t.md"), &options, &mut diags).expect("readable");
    // The chrome of the defaults is now unknown: reported once each,
    // `<subscribe-cn-list />` and `<SubscribeCNList />` being one.
    let found = warnings(&diags);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, Some(9));
    assert!(found[0].1.contains("<SubscribeList>"), "{found:?}");
    assert_eq!(found[1].0, Some(15));
    assert!(found[1].1.contains("<subscribe-cn-list>"), "{found:?}");
}

#[test]
fn mermaid_stays_a_diagram_beside_dropped_components() {
    let (issue, diags) = parse(
        "---\ntitle: EnqueueZero Techshack 2019-19\n---\n\n[Raft roles](https://raft.github.io/)\n\n<mermaid>\ngraph LR\n    Follower --> Candidate\n</mermaid>\n\n<SubscribeList />\n\n---\n\n[Next](https://example.com/)\n",
    );
    assert!(warnings(&diags).is_empty(), "{diags:?}");
    assert_eq!(
        issue.articles[0].blocks,
        vec![Block::Mermaid(
            "graph LR\n    Follower --> Candidate".into()
        )]
    );
}

#[test]
fn indented_code_after_a_list_is_code_not_more_of_the_item() {
    let (issue, _) = parse(
        "---\ntitle: EnqueueZero Techshack 2019-20\n---\n\n## Leader election\n\n* Followers wait for a heartbeat.\n* Then they stand for election.\n\n    +----------+       +-----------+\n    | Follower | ----> | Candidate |\n    +----------+       +-----------+\n\n* A candidate asks for votes.\n\n    # pseudo code\n    if votes > n / 2: become_leader()\n\nThe end.\n",
    );
    assert_eq!(titles(&issue), ["Leader election"]);
    let blocks = &issue.articles[0].blocks;
    let kinds: Vec<String> = blocks
        .iter()
        .map(|b| match b {
            Block::List { items, .. } => format!("list of {}", items.len()),
            Block::Code(c) => format!("{:?}: {}", c.kind, c.text.lines().next().unwrap_or("")),
            Block::Paragraph(_) => "paragraph".into(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "list of 2",
            "Drawing: +----------+       +-----------+",
            "list of 1",
            "Program: # pseudo code",
            "paragraph"
        ]
    );
}
