//! A hand-built sample book exercising every block and inline kind, for the
//! PDF writer's tests (and for looking at: set `TECHSHACK_PDF_SAMPLE` to a
//! path and run `cargo test pdf::tests::writes_sample` to get the PDF).

use std::path::PathBuf;

use crate::model::*;

fn t(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

fn p(inlines: Vec<Inline>) -> Block {
    Block::Paragraph(inlines)
}

fn pos(line: usize) -> SourcePos {
    SourcePos {
        file: PathBuf::from("issues/2019-07.md"),
        line,
    }
}

const DRAWING: &str =
    "       +----------------------+---------+-------+--------+---------------------+
       |  +-----+             |  +-----+                 |  +-----+            |
       |  | app |--> queue -->|  | svc |---> cache ----->|  | db  |  replicas  |
       |  +-----+             |  +-----+                 |  +-----+            |
       +----------------------+---------+-------+--------+---------------------+
          client tier               service tier                storage tier";

/// A drawing of 110 columns: wider than the text block at the code size.
pub const WIDE_DRAWING: &str = "+------------------------------------------------------------------------------------------------------------+
|  producer  -->  [ partition 0 | partition 1 | partition 2 | partition 3 ]  -->  consumer group A          |
|                 ^                                                         \\-->  consumer group B          |
+------------------------------------------------------------------------------------------------------------+";

const PROGRAM: &str = "fn main() {\n\tlet url = \"https://example.com/a/very/long/path/that/goes/on/and/on/and/does/not/stop/here/index.html?query=1&other=2\";\n    println!(\"{url}\");\n}";

fn article(n: usize, title: &str, blocks: Vec<Block>) -> Article {
    Article {
        title: vec![t(title)],
        sources: vec![
            SourceLink {
                label: "medium.com".into(),
                url: Some(format!("https://medium.com/article-{n}")),
            },
            SourceLink {
                label: "part 2".into(),
                url: None,
            },
        ],
        blocks,
        notes: Vec::new(),
        pos: pos(n * 10),
    }
}

fn lorem(words: usize) -> String {
    let base = "Distributed systems trade latency for consistency in ways that are easy to state and hard to get right; every queue hides a retry policy and every cache a staleness budget.";
    base.split(' ')
        .cycle()
        .take(words)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A two-chapter book with long URLs, nested lists, code, a drawing, a
/// quote, a table and a figure.
pub fn sample_book() -> Book {
    let long_url = format!(
        "https://github.com/enqueuezero/techshack/blob/master/{}/README.md",
        "deeply/nested/directory_name-with.dots".repeat(4)
    );
    let rich = vec![
        p(vec![
            t("Kafka is a log. "),
            Inline::Emph(vec![t("Emphasis")]),
            t(", "),
            Inline::Strong(vec![t("strong text")]),
            t(", "),
            Inline::Code("kafka-topics.sh --describe".into()),
            t(", H"),
            Inline::Sub(vec![t("2")]),
            t("O, E = mc"),
            Inline::Sup(vec![t("2")]),
            t(", "),
            Inline::Strike(vec![t("struck")]),
            t(" and a link to "),
            Inline::Link {
                url: long_url.clone(),
                content: vec![t(&long_url)],
            },
            t(". "),
            t(&lorem(60)),
        ]),
        Block::Heading {
            level: 1,
            content: vec![t("Why it matters")],
        },
        p(vec![t(&lorem(80)), Inline::LineBreak, t("After a hard break.")]),
        Block::List {
            start: None,
            items: vec![
                vec![p(vec![t("First point, with enough words to wrap onto a second line of the list item for sure.")])],
                vec![
                    p(vec![t("Second point with a nested list:")]),
                    Block::List {
                        start: Some(1),
                        items: vec![
                            vec![p(vec![t("nested one")])],
                            vec![p(vec![t("nested two")])],
                        ],
                    },
                ],
                vec![p(vec![t("Third point.")])],
            ],
        },
        Block::Code(CodeBlock {
            language: Some("rust".into()),
            text: PROGRAM.into(),
            kind: CodeKind::Program,
        }),
        p(vec![t(&lorem(40))]),
        Block::Code(CodeBlock {
            language: None,
            text: DRAWING.into(),
            kind: CodeKind::Drawing,
        }),
        Block::Code(CodeBlock {
            language: None,
            text: WIDE_DRAWING.into(),
            kind: CodeKind::Drawing,
        }),
        Block::Quote(vec![p(vec![t("Simplicity is prerequisite for reliability. "), t(&lorem(30))])]),
        Block::Table {
            align: vec![Align::Left, Align::Right, Align::Center],
            header: vec![vec![t("System")], vec![t("Latency (ms)")], vec![t("Notes")]],
            rows: vec![
                vec![vec![t("Kafka")], vec![t("5")], vec![t("durable log, partitions, consumer groups")]],
                vec![vec![t("Redis")], vec![t("0.3")], vec![t("in memory")]],
                vec![vec![Inline::Code("etcd".into())], vec![t("12")], vec![t("raft")]],
            ],
        },
        Block::Figure {
            image: Image {
                url: "https://example.com/images/architecture-diagram.png".into(),
                alt: "Architecture overview".into(),
            },
            caption: Some(vec![t("The architecture at a glance.")]),
        },
        Block::Mermaid("graph TD\n  A[Client] --> B[Server]\n  B --> C[(Database)]".into()),
        Block::Rule,
        p(vec![t(&lorem(50))]),
    ];
    let chapter = |number: u16, date: Option<&str>, count: usize| Chapter {
        id: IssueId { year: 2019, number },
        title: format!("EnqueueZero Techshack 2019-{number:02}"),
        source_title: String::new(),
        date: date.map(str::to_string),
        source: PathBuf::from(format!("issues/2019-{number:02}.md")),
        lead: Vec::new(),
        lead_notes: Vec::new(),
        articles: (0..count)
            .map(|i| {
                let blocks = if i == 0 {
                    rich.clone()
                } else {
                    vec![p(vec![t(&lorem(90 + i * 13))]), p(vec![t(&lorem(50))])]
                };
                article(
                    i,
                    &format!("Article {} of issue {number}: {}", i + 1, lorem(3 + i % 5)),
                    blocks,
                )
            })
            .collect(),
    };
    Book {
        meta: BookMeta {
            title: "EnqueueZero Techshack 2019".into(),
            series: "EnqueueZero Techshack".into(),
            year: 2019,
            author: "Ju Lin".into(),
            language: "en".into(),
            identifier: "urn:uuid:00000000-0000-0000-0000-000000000000".into(),
            date: "2019-12-31".into(),
            file_stem: "enqueuezero-techshack-2019".into(),
            edition: None,
        },
        preface: vec![p(vec![
            t("Techshack is a weekly digest of articles on software engineering. "),
            t(&lorem(40)),
        ])],
        chapters: vec![chapter(7, Some("2019-02-18"), 5), chapter(8, None, 4)],
        assets: Default::default(),
    }
}
