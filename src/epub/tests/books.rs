//! The books the whole-book tests render: a sample with every kind of
//! block and inline, and an edge book of degenerate and hostile input.

use crate::model::*;

pub(super) fn text(s: &str) -> Inline {
    Inline::Text(s.into())
}

pub(super) fn para(inlines: Vec<Inline>) -> Block {
    Block::Paragraph(inlines)
}

pub(super) fn pos(line: usize) -> SourcePos {
    SourcePos {
        file: "issues/sample.md".into(),
        line,
    }
}

/// A 100-column ASCII diagram, with leading spaces on some lines.
pub(super) fn wide_diagram() -> String {
    let top = format!("+{}+", "-".repeat(98));
    let mid = format!(
        "|{:^98}|",
        "client  --->  load balancer  --->  server pool (3 replicas)"
    );
    let inner = format!("   {}", "[a]---[b]---[c]");
    [top.clone(), mid, inner, top].join("\n")
}

/// Code whose spaces matter.
pub(super) const INDENTED_CODE: &str =
    "def f(x):\n    if x < 1 && x > -1:\n        return \"<none>\"\n\n\treturn x  ";

pub(super) fn sample_article(
    title: Vec<Inline>,
    sources: Vec<SourceLink>,
    blocks: Vec<Block>,
) -> Article {
    Article {
        title,
        sources,
        blocks,
        notes: Vec::new(),
        pos: pos(1),
    }
}

/// A small book that exercises every block and inline kind and the nasty
/// inputs: markup in text, control characters, unsafe links, duplicate
/// titles.
pub(super) fn sample_book() -> Book {
    let long_line = format!(
        "curl -H 'Authorization: Bearer {}' https://api.example.com/v1/items?limit=100",
        "x".repeat(80)
    );
    let chapter1 = Chapter {
        id: IssueId {
            year: 2019,
            number: 7,
        },
        title: "EnqueueZero Techshack 2019-07".into(),
        source_title: String::new(),
        date: Some("2019-02-18".into()),
        source: "issues/2019-07.md".into(),
        lead: vec![para(vec![text("This week: consensus & queues.")])],
        lead_notes: Vec::new(),
        articles: vec![
            sample_article(
                vec![text("Raft "), Inline::Code("<vs>".into()), text(" Paxos & \"friends\"")],
                vec![SourceLink {
                    label: "raft.github.io".into(),
                    url: Some("https://raft.github.io/".into()),
                }],
                vec![
                    para(vec![
                        text("Text with <script>alert('x')</script>, an ampersand & a quote \" and a control\u{1}char."),
                        Inline::LineBreak,
                        Inline::Emph(vec![text("emph")]),
                        text(" "),
                        Inline::Strong(vec![text("strong")]),
                        text(" "),
                        Inline::Strike(vec![text("gone")]),
                        text(" x"),
                        Inline::Sup(vec![text("2")]),
                        text(" H"),
                        Inline::Sub(vec![text("2")]),
                        text("O "),
                        Inline::Link {
                            url: "javascript:alert(document.cookie)".into(),
                            content: vec![text("a javascript link")],
                        },
                        text(" and "),
                        Inline::Link {
                            url: "https://example.com/search?q=a&b=\"c\"".into(),
                            content: vec![text("a real link")],
                        },
                        text(" and "),
                        Inline::Link {
                            url: "#a-raft-vs-paxos-friends".into(),
                            content: vec![text("a link to this article")],
                        },
                        text(" and "),
                        Inline::Link {
                            url: "mailto:editor@example.com".into(),
                            content: vec![text("mail")],
                        },
                    ]),
                    Block::Heading {
                        level: 1,
                        content: vec![text("Nested lists")],
                    },
                    Block::List {
                        start: None,
                        items: vec![
                            vec![para(vec![text("Leader election")])],
                            vec![
                                para(vec![text("Log replication")]),
                                Block::List {
                                    start: Some(3),
                                    items: vec![
                                        vec![para(vec![text("append entries")])],
                                        vec![
                                            para(vec![text("commit index")]),
                                            Block::List {
                                                start: None,
                                                items: vec![vec![para(vec![text("deepest")])]],
                                            },
                                        ],
                                    ],
                                },
                            ],
                        ],
                    },
                    Block::Code(CodeBlock {
                        language: Some("python".into()),
                        text: INDENTED_CODE.into(),
                        kind: CodeKind::Program,
                    }),
                    Block::Code(CodeBlock {
                        language: Some("bash".into()),
                        text: long_line,
                        kind: CodeKind::Program,
                    }),
                    Block::Code(CodeBlock {
                        language: None,
                        text: wide_diagram(),
                        kind: CodeKind::Drawing,
                    }),
                ],
            ),
            sample_article(
                vec![text("Queues, part "), Inline::Emph(vec![text("one")])],
                vec![
                    SourceLink {
                        label: "Part I".into(),
                        url: Some("https://example.com/queues/1".into()),
                    },
                    SourceLink {
                        label: "Part II".into(),
                        url: Some("https://example.com/queues/2".into()),
                    },
                    SourceLink {
                        label: "example.org".into(),
                        url: None,
                    },
                ],
                vec![
                    Block::Quote(vec![para(vec![text("Queues are everywhere.")])]),
                    Block::Table {
                        align: vec![Align::Left, Align::Center, Align::Right],
                        header: vec![vec![text("Queue")], vec![text("Ordered")], vec![text("Throughput")]],
                        rows: vec![
                            vec![vec![text("Kafka")], vec![text("per partition")], vec![text("1,000,000/s")]],
                            vec![vec![Inline::Code("SQS".into())], vec![text("no")], vec![text("3,000/s")]],
                        ],
                    },
                    Block::Figure {
                        image: Image {
                            url: "https://example.com/queue.png".into(),
                            alt: "A queue with <three> consumers".into(),
                        },
                        caption: Some(vec![text("Fan-out to consumers")]),
                    },
                    Block::Mermaid("graph LR\n  A[Producer] --> B((Queue))\n  B --> C[Consumer]".into()),
                    Block::Rule,
                    para(vec![
                        text("Inline image: "),
                        Inline::Image(Image {
                            url: "images/local.png".into(),
                            alt: "local picture".into(),
                        }),
                        text(" and data URL: "),
                        Inline::Image(Image {
                            url: "data:image/png;base64,AAAA".into(),
                            alt: String::new(),
                        }),
                    ]),
                ],
            ),
            sample_article(
                vec![text("Queues, part "), Inline::Emph(vec![text("one")])],
                vec![],
                vec![para(vec![text("Same title, different article.")])],
            ),
        ],
    };
    let chapter2 = Chapter {
        id: IssueId {
            year: 2019,
            number: 8,
        },
        title: "EnqueueZero Techshack 2019-08".into(),
        source_title: String::new(),
        date: None,
        source: "issues/2019-08.md".into(),
        lead: vec![],
        lead_notes: Vec::new(),
        articles: vec![sample_article(
            vec![text("\u{1}\u{2}")],
            vec![SourceLink {
                label: "file".into(),
                url: Some("file:///etc/passwd".into()),
            }],
            vec![
                para(vec![text(
                    "An article whose title is only control characters.",
                )]),
                Block::Heading {
                    level: 6,
                    content: vec![text("Deep heading")],
                },
            ],
        )],
    };
    let chapter3 = Chapter {
        id: IssueId {
            year: 2019,
            number: 9,
        },
        title: "EnqueueZero Techshack 2019-09".into(),
        source_title: String::new(),
        date: Some("2019-03-04".into()),
        source: "issues/2019-09.md".into(),
        lead: vec![],
        lead_notes: Vec::new(),
        articles: vec![],
    };
    Book {
        meta: BookMeta {
            title: "EnqueueZero Techshack 2019".into(),
            series: "EnqueueZero Techshack".into(),
            year: 2019,
            author: "Enqueue Zero & Friends".into(),
            language: "en".into(),
            identifier: "urn:enqueuezero:techshack:2019".into(),
            date: "2019-12-31".into(),
            file_stem: "enqueuezero-techshack-2019".into(),
            edition: None,
        },
        preface: vec![
            para(vec![text(
                "EnqueueZero Techshack is a weekly digest of tech articles.",
            )]),
            Block::Heading {
                level: 1,
                content: vec![text("How to read")],
            },
            para(vec![text("One chapter per issue.")]),
        ],
        chapters: vec![chapter1, chapter2, chapter3],
        assets: Default::default(),
    }
}

/// A book of degenerate and hostile inputs: empty titles and metadata,
/// repeated issue ids, empty blocks, odd URLs, links in headings, images in
/// links, carriage returns in code.
pub(super) fn edge_book() -> Book {
    let mut book = sample_book();
    book.meta.title = " \u{7}".into();
    book.meta.series = String::new();
    book.meta.author = "\u{0}".into();
    book.meta.language = "zh-Hant-TW".into();
    book.meta.identifier = String::new();
    book.meta.date = "2019-02-30".into();
    let odd_link = |url: &str, label: &str| Inline::Link {
        url: url.into(),
        content: vec![text(label)],
    };
    let chapter = |number, title: &str, lead, articles| Chapter {
        id: IssueId { year: 2019, number },
        title: title.into(),
        source_title: String::new(),
        date: Some("  ".into()),
        source: "issues/x.md".into(),
        lead,
        lead_notes: Vec::new(),
        articles,
    };
    let blocks = vec![
        para(vec![]),
        Block::Heading {
            level: 0,
            content: vec![odd_link("https://example.com/h", "linked heading")],
        },
        Block::List {
            start: None,
            items: vec![],
        },
        Block::List {
            start: Some(0),
            items: vec![vec![], vec![para(vec![])]],
        },
        Block::Table {
            align: vec![],
            header: vec![],
            rows: vec![],
        },
        Block::Table {
            align: vec![Align::Right],
            header: vec![],
            rows: vec![
                vec![],
                vec![vec![text("a")], vec![text("b")], vec![text("c")]],
            ],
        },
        Block::Quote(vec![]),
        Block::Quote(vec![
            Block::Code(CodeBlock {
                language: Some(" ".into()),
                text: String::new(),
                kind: CodeKind::Program,
            }),
            Block::Code(CodeBlock {
                language: None,
                text: "line\r\n\tTAB\u{b}\u{c}\u{feff}end\u{10ffff}".into(),
                kind: CodeKind::Drawing,
            }),
        ]),
        Block::Mermaid(String::new()),
        Block::Figure {
            image: Image {
                url: String::new(),
                alt: String::new(),
            },
            caption: None,
        },
        Block::Figure {
            image: Image {
                url: "javascript:alert(1)".into(),
                alt: "\u{1}".into(),
            },
            caption: Some(vec![]),
        },
        para(vec![
            odd_link("https://exa mple.com/", "space in host"),
            odd_link("http://[::1]:8080/p", "ipv6"),
            odd_link("https://例え.jp/パス?q=値", "unicode"),
            odd_link("https://example.com/100%", "bare percent"),
            odd_link("https://example.com/a b|c^d`e{f}", "odd path"),
            odd_link("HTTP://EXAMPLE.COM", "upper case"),
            odd_link("mailto:a b@example.com", "bad mail"),
            odd_link("#", "empty fragment"),
            odd_link("#a-1", "fragment to an article"),
            Inline::Link {
                url: "https://example.com/empty".into(),
                content: vec![],
            },
            Inline::Link {
                url: "https://example.com/outer".into(),
                content: vec![
                    Inline::Image(Image {
                        url: "https://example.com/i.png".into(),
                        alt: "img in link".into(),
                    }),
                    Inline::Strong(vec![odd_link("https://example.com/inner", "inner")]),
                ],
            },
            Inline::Code(String::new()),
            Inline::Emph(vec![]),
            Inline::LineBreak,
            Inline::LineBreak,
        ]),
        Block::Rule,
    ];
    let edge_articles = vec![
        sample_article(
            vec![],
            vec![SourceLink {
                label: String::new(),
                url: None,
            }],
            blocks,
        ),
        sample_article(
            vec![Inline::Code("<code>".into())],
            vec![
                SourceLink {
                    label: String::new(),
                    url: Some("https://example.com/".into()),
                },
                SourceLink {
                    label: "\u{1}".into(),
                    url: Some("ftp://example.com/".into()),
                },
            ],
            vec![],
        ),
    ];
    book.chapters = vec![
        chapter(1, "", vec![para(vec![text("lead only")])], vec![]),
        chapter(1, "\u{2}", vec![], edge_articles),
        chapter(2, "Second & <last>", vec![], vec![]),
    ];
    book
}
