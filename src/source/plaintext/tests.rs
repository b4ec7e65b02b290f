//! Tests of the whole reader on the sample captures and on odd input.

use super::*;
use crate::model::{inline_text, Block, CodeBlock, CodeKind};

fn issue_path(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("issues")
        .join(name)
}

/// An outline of blocks, one line per paragraph or item, for reading and
/// for comparing in tests.
fn outline(blocks: &[Block], depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    for b in blocks {
        match b {
            Block::Paragraph(c) => out.push_str(&format!("{pad}P: {}\n", inline_text(c))),
            Block::Heading { level, content } => {
                out.push_str(&format!("{pad}H{level}: {}\n", inline_text(content)))
            }
            Block::List { start, items } => {
                out.push_str(&format!("{pad}LIST {start:?}\n"));
                for item in items {
                    out.push_str(&format!("{pad}- item\n"));
                    outline(item, depth + 2, out);
                }
            }
            Block::Code(c) => {
                out.push_str(&format!("{pad}CODE {:?} {:?}\n", c.kind, c.language));
                for l in c.text.lines() {
                    out.push_str(&format!("{pad}|{l}\n"));
                }
            }
            Block::Rule => out.push_str(&format!("{pad}RULE\n")),
            other => out.push_str(&format!("{pad}{other:?}\n")),
        }
    }
}

fn render(issue: &ParsedIssue) -> String {
    let mut out = format!(
        "TITLE {} @{} intro={}\n",
        issue.title, issue.title_line, issue.had_intro
    );
    outline(&issue.lead, 1, &mut out);
    for a in &issue.articles {
        out.push_str(&format!("ARTICLE @{} {}\n", a.pos.line, a.title_text()));
        for s in &a.sources {
            out.push_str(&format!("  SOURCE {} -> {:?}\n", s.label, s.url));
        }
        outline(&a.blocks, 1, &mut out);
    }
    out
}

/// Every piece of text in the model, blocks in order.
fn block_texts(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => out.push(inline_text(c)),
            Block::List { items, .. } => items.iter().for_each(|i| block_texts(i, out)),
            Block::Quote(inner) => block_texts(inner, out),
            Block::Code(c) => out.push(c.text.clone()),
            Block::Mermaid(m) => out.push(m.clone()),
            Block::Figure { image, caption } => {
                out.push(image.alt.clone());
                if let Some(c) = caption {
                    out.push(inline_text(c));
                }
            }
            Block::Table { header, rows, .. } => {
                header.iter().for_each(|c| out.push(inline_text(c)));
                rows.iter().flatten().for_each(|c| out.push(inline_text(c)));
            }
            Block::Rule => {}
        }
    }
}

fn model_texts(issue: &ParsedIssue) -> Vec<String> {
    let mut out = vec![issue.title.clone()];
    block_texts(&issue.lead, &mut out);
    for a in &issue.articles {
        out.push(a.title_text());
        out.extend(a.sources.iter().map(|s| s.label.clone()));
        block_texts(&a.blocks, &mut out);
    }
    out
}

/// The words of a text: whitespace-separated tokens holding a letter or
/// digit, with their counts.
fn word_counts<'a>(
    texts: impl Iterator<Item = &'a str>,
) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for t in texts {
        for w in t.split_whitespace() {
            if w.chars().any(char::is_alphanumeric) {
                *counts.entry(w.to_string()).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// Reads a sample issue; returns the issue, the diagnostics and the text.
fn read_sample(name: &str) -> (ParsedIssue, Diagnostics, String) {
    let text = std::fs::read_to_string(issue_path(name)).unwrap_or_default();
    let mut diags = Diagnostics::new();
    let issue = read(&text, Path::new(name), &mut diags);
    (issue, diags, text)
}

fn read_str(text: &str) -> ParsedIssue {
    let mut diags = Diagnostics::new();
    read(text, Path::new("sample.txt"), &mut diags)
}

fn titles(issue: &ParsedIssue) -> Vec<String> {
    issue.articles.iter().map(Article::title_text).collect()
}

fn all_code(issue: &ParsedIssue) -> Vec<CodeBlock> {
    fn walk(blocks: &[Block], out: &mut Vec<CodeBlock>) {
        for b in blocks {
            match b {
                Block::Code(c) => out.push(c.clone()),
                Block::List { items, .. } => items.iter().for_each(|i| walk(i, out)),
                Block::Quote(inner) => walk(inner, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&issue.lead, &mut out);
    for a in &issue.articles {
        walk(&a.blocks, &mut out);
    }
    out
}

/// Checks that no word of the file is lost: every word outside the series
/// intro and "(opens new window)" appears in the model at least as often.
fn assert_no_word_lost(text: &str, issue: &ParsedIssue) {
    let mut in_intro = false;
    let mut kept = Vec::new();
    for line in text.lines() {
        let lower = line.to_lowercase();
        if lower.starts_with("kia ora!") {
            in_intro = true;
        }
        if !in_intro {
            // List numbers are markup: the model keeps them as the list's
            // start and order.
            let line = match classify::list_marker(line) {
                Some(m) if matches!(m.kind, classify::MarkerKind::Number(_)) => m.text,
                _ => line,
            };
            kept.push(strip_new_window(line));
        }
        if lower.contains("happy exploring") {
            in_intro = false;
        }
    }
    let input = word_counts(kept.iter().map(String::as_str).chain(std::iter::empty()));
    let input: std::collections::BTreeMap<String, usize> =
        input.into_iter().filter(|(w, _)| w != "#").collect();
    let texts = model_texts(issue);
    let output = word_counts(texts.iter().map(String::as_str));
    for (word, n) in &input {
        let m = output.get(word).copied().unwrap_or(0);
        assert!(
            m >= *n,
            "word {word:?} appears {n} times in the input, {m} in the model"
        );
    }
    // And nothing of the intro leaks into the model.
    let joined = texts.join(" ");
    assert!(!joined.contains("Kia ora"));
    assert!(!joined.contains("Happy exploring"));
    assert!(!joined.contains(NEW_WINDOW));
}

#[test]
fn issue_2019_01_articles() {
    let (issue, _, text) = read_sample("2019-01.txt");
    assert_eq!(issue.title, "EnqueueZero Techshack 2019-01");
    assert_eq!(issue.title_line, 1);
    assert!(issue.had_intro);
    assert!(issue.lead.is_empty(), "{:?}", issue.lead);
    assert_eq!(
        titles(&issue),
        [
            "Kubernetes In a Nutshell",
            "How Discord Stores Billions of Messages",
            "Everything You Need To Know About Networking On AWS",
            "An Idiot’s guide to Support vector machines (SVMs)",
            "How do you document a tech project with comics?",
            "High-Reliability Infrastructure Migrations",
            "Introducing Pipelines to Airbnb’s Deployment Process",
            "Learn eBPF Tracing: Tutorial and Examples",
            "Docker Internals",
            "Everything curl",
            "GraphQL Server Design @ Medium",
        ]
    );
    let first = &issue.articles[0];
    assert_eq!(first.pos.line, 11);
    assert_eq!(first.pos.file, Path::new("2019-01.txt"));
    assert_eq!(
        first.sources,
        [SourceLink {
            label: "enqueuezero.com".into(),
            url: Some("https://enqueuezero.com".into())
        }]
    );
    let ebpf = &issue.articles[7];
    let labels: Vec<_> = ebpf.sources.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "www.brendangregg.com",
            "bcc",
            "bpftrace",
            "bcc Python guide"
        ]
    );
    assert_eq!(
        ebpf.sources[0].url.as_deref(),
        Some("https://www.brendangregg.com")
    );
    assert_eq!(ebpf.sources[1].url, None);
    let curl = &issue.articles[9];
    assert_eq!(curl.sources.len(), 2);
    assert_eq!(curl.sources[1].url.as_deref(), Some("https://github.com"));
    assert_no_word_lost(&text, &issue);
}

#[test]
fn issue_2019_01_code_and_drawing() {
    let (issue, _, text) = read_sample("2019-01.txt");
    let code = all_code(&issue);
    assert_eq!(code.len(), 3, "{code:#?}");

    let sql = &code[0];
    assert_eq!(sql.kind, CodeKind::Program);
    assert!(sql.text.starts_with("CREATE TABLE messages ("));
    assert!(sql
        .text
        .ends_with(") WITH CLUSTERING ORDER BY (message_id DESC);"));
    assert_eq!(sql.text.lines().count(), 8);
    assert!(sql.text.contains("\n   channel_id bigint,\n"));

    // The drawing keeps every line and every column of the file, but its
    // first line, a box top whose indent the capture lost, goes back over
    // its box (`| ig-1  |`, column 40).
    let drawing = &code[1];
    assert_eq!(drawing.kind, CodeKind::Drawing);
    let lines: Vec<&str> = text.lines().collect();
    let first = lines
        .iter()
        .position(|l| *l == "      +-------+")
        .unwrap_or(0);
    let last = lines
        .iter()
        .position(|l| l.contains("AZ 1") && l.contains("AZ 3"))
        .unwrap_or(0);
    let mut want = lines[first..=last].to_vec();
    let realigned = format!("{}+-------+", " ".repeat(40));
    want[0] = &realigned;
    assert_eq!(drawing.text, want.join("\n"));
    assert_eq!(
        drawing.text.lines().last(),
        Some("       |         AZ 1         |          AZ 2            |        AZ 3         |")
    );
    // The list right after the drawing is still a list.
    let aws = &issue.articles[2];
    assert!(matches!(aws.blocks.get(1), Some(Block::List { items, .. }) if items.len() == 7));

    let bpf = &code[2];
    assert_eq!(bpf.kind, CodeKind::Program);
    assert_eq!(
        bpf.text,
        r#"$ bpftrace -e 'tracepoint:syscalls:sys_enter_open { printf("%d %s\n", pid, str(args->filename)); }'"#
    );
}

#[test]
fn issue_2019_01_nested_lists() {
    let (issue, _, _) = read_sample("2019-01.txt");
    let docker = &issue.articles[8];
    let Some(Block::List { items, start: None }) = docker.blocks.get(1) else {
        panic!("no list: {:?}", docker.blocks);
    };
    assert_eq!(items.len(), 7);
    let Some(Block::List { items: nested, .. }) = items[0].get(1) else {
        panic!("no nested list: {:?}", items[0]);
    };
    assert_eq!(nested.len(), 4);
}

#[test]
fn issue_2019_05_articles() {
    let (issue, _, text) = read_sample("2019-05.txt");
    assert_eq!(issue.title, "EnqueueZero Techshack 2019-05");
    assert!(issue.had_intro);
    assert!(issue.lead.is_empty(), "{:?}", issue.lead);
    let t = titles(&issue);
    assert_eq!(t.len(), 17, "{t:#?}");
    assert_eq!(t[0], "Our Software Dependency Problem");
    assert_eq!(t[4], "CockroachDB's Consistency Model");
    assert_eq!(
        t[15],
        "websocketd - Turn any program that uses STDIN/STDOUT into a WebSocket server. Like inetd, but for WebSockets."
    );
    assert_eq!(t[16], "Develop New Features v/s Maintain");
    assert_eq!(issue.articles[0].pos.line, 7);

    let pg = &issue.articles[11];
    assert_eq!(
        pg.sources,
        [
            SourceLink {
                label: "Part I: medium.com".into(),
                url: Some("https://medium.com".into())
            },
            SourceLink {
                label: "Part II: medium.com".into(),
                url: Some("https://medium.com".into())
            },
        ]
    );
    let paradigms = &issue.articles[9];
    assert_eq!(paradigms.sources.len(), 2);
    assert_eq!(
        paradigms.sources[1].url.as_deref(),
        Some("https://www.info.ucl.ac.be")
    );

    // "(opens new window)" is gone from paragraphs too.
    let crdb = &issue.articles[4];
    assert!(matches!(
        crdb.blocks.last(),
        Some(Block::Paragraph(c)) if inline_text(c) == "Further reading: CockroachDB on RocksDB cockroachlabs.com."
    ));
    // Numbered list.
    let kafka = &issue.articles[2];
    assert!(
        matches!(kafka.blocks.get(1), Some(Block::List { start: Some(1), items }) if items.len() == 4)
    );
    // Alt text left alone on its line stays a paragraph.
    assert!(paradigms.blocks.iter().any(|b| matches!(
        b,
        Block::Paragraph(c) if inline_text(c) == "state The four ways of organize a data abstraction"
    )));
    assert_no_word_lost(&text, &issue);
}

#[test]
fn issue_2019_05_code() {
    let (issue, _, _) = read_sample("2019-05.txt");
    let code = all_code(&issue);
    assert_eq!(code.len(), 2, "{code:#?}");
    assert_eq!(
        code[0].text,
        "content = source.read(1024 * 10000)\nslice = memoryview(content)[1024:]"
    );
    assert_eq!(
        code[1].text,
        "for ((COUNT = 1; COUNT <= 10; COUNT++)); do\n  echo $COUNT\n  sleep 1\n$ websocketd --port=8080 ./count.sh"
    );
    assert!(code.iter().all(|c| c.kind == CodeKind::Program));
}

#[test]
fn detection_of_plain_text() {
    for name in ["2019-01.txt", "2019-05.txt"] {
        let text = std::fs::read_to_string(issue_path(name)).unwrap_or_default();
        assert!(looks_like_plain_text(&text), "{name}");
    }
    for name in ["2019-03.md", "2019-06.md", "2019-07.md"] {
        let text = std::fs::read_to_string(issue_path(name)).unwrap_or_default();
        assert!(!looks_like_plain_text(&text), "{name}");
    }
    assert!(looks_like_plain_text("Title\n\nJust some words.\n"));
    assert!(!looks_like_plain_text("# Title\n\n## Article\n"));
    assert!(!looks_like_plain_text("See [this](https://x.org).\n"));
    assert!(!looks_like_plain_text(
        "---\ntitle: x\n---\n• not a capture\n"
    ));
}

#[test]
fn outline_of_a_small_capture() {
    let issue = read_str(
        "Issue 1\n\nFirst Article\n\nexample.com\n\nSome text\ncontinues here.\n\n  • one\n    • two\n  1. three\n",
    );
    assert_eq!(
        render(&issue),
        "TITLE Issue 1 @1 intro=false\nARTICLE @3 First Article\n  SOURCE example.com -> Some(\"https://example.com\")\n  P: Some text continues here.\n  LIST None\n  - item\n      P: one\n      LIST None\n      - item\n          P: two\n  LIST Some(1)\n  - item\n      P: three\n"
    );
}

/// A capture with one article whose body is `body`.
fn one_article(body: &str) -> ParsedIssue {
    read_str(&format!("Issue\n\nThe Article\n\nexample.com\n\n{body}"))
}

fn body_outline(issue: &ParsedIssue) -> String {
    let mut out = String::new();
    for a in &issue.articles {
        outline(&a.blocks, 0, &mut out);
    }
    out
}

#[test]
fn dollar_amounts_are_prose_not_prompts() {
    let issue = one_article("$5 a month buys a small server.\n$10 buys a bigger one.\n");
    assert_eq!(
        body_outline(&issue),
        "P: $5 a month buys a small server. $10 buys a bigger one.\n"
    );
    let issue = one_article("Run this:\n\n$ ls -l /tmp\n");
    assert_eq!(
        body_outline(&issue),
        "P: Run this:\nCODE Program Some(\"bash\")\n|$ ls -l /tmp\n"
    );
}

#[test]
fn a_sentence_with_a_pipe_is_neither_source_nor_drawing() {
    let issue = read_str(
        "Issue\n\nShort line\n\nUse cat a | grep b to filter.\n\nAnother Title\n\nmedium.com\n\nText.\n",
    );
    assert_eq!(titles(&issue), ["Another Title"]);
    assert_eq!(
        render(&issue),
        "TITLE Issue @1 intro=false\n  P: Short line\n  P: Use cat a | grep b to filter.\nARTICLE @7 Another Title\n  SOURCE medium.com -> Some(\"https://medium.com\")\n  P: Text.\n"
    );
}

#[test]
fn short_lines_before_lists_are_not_headings() {
    let issue = one_article(
        "Below are solutions.\n\n  • Understand the design.\n  • Run gamedays.\n\nRequirements were:\n\n  • Linear scalability.\n\nOverall Design: overall design\n\nNext: the plan\n\n  • Ship it.\n",
    );
    assert_eq!(issue.articles.len(), 1);
    assert_eq!(
        body_outline(&issue),
        "P: Below are solutions.\nLIST None\n- item\n    P: Understand the design.\n- item\n    P: Run gamedays.\nP: Requirements were:\nLIST None\n- item\n    P: Linear scalability.\nP: Overall Design: overall design\nP: Next: the plan\nLIST None\n- item\n    P: Ship it.\n"
    );
}

#[test]
fn titles_with_colons_and_question_marks_are_headings() {
    let issue = read_str(
        "Issue\n\nLearn eBPF: Tutorial\n\nwww.brendangregg.com | bcc\n\nText.\n\nWhy Docker?\n\nPart I: medium.com | Part II: dev.to\n\nMore.\n",
    );
    assert_eq!(titles(&issue), ["Learn eBPF: Tutorial", "Why Docker?"]);
    assert_eq!(issue.articles[1].sources[1].label, "Part II: dev.to");
    assert_eq!(
        issue.articles[1].sources[1].url.as_deref(),
        Some("https://dev.to")
    );
}

#[test]
fn list_items_continue_and_survive_blank_lines() {
    let issue = one_article(
        "  • A long item that was\n    wrapped onto a second line.\n\n  • Second item.\n\n\n  • Third item.\n    • Nested one\n      continued.\n  • Fourth.\n\nAfter the list.\n",
    );
    assert_eq!(
        body_outline(&issue),
        "LIST None\n- item\n    P: A long item that was wrapped onto a second line.\n- item\n    P: Second item.\n- item\n    P: Third item.\n    LIST None\n    - item\n        P: Nested one continued.\n- item\n    P: Fourth.\nP: After the list.\n"
    );
}

#[test]
fn numbered_lists_keep_their_start() {
    let issue = one_article("Steps:\n\n  3. Third\n  4. Fourth\n\n  • bullet\n");
    assert_eq!(
        body_outline(&issue),
        "P: Steps:\nLIST Some(3)\n- item\n    P: Third\n- item\n    P: Fourth\nLIST None\n- item\n    P: bullet\n"
    );
}

#[test]
fn code_right_after_a_list_item_leaves_the_list() {
    let issue = one_article(
        "  • An example one-liner:\n$ bpftrace -e 'BEGIN { printf(\"hi\"); }'\n\nAfter.\n",
    );
    assert_eq!(
        body_outline(&issue),
        "LIST None\n- item\n    P: An example one-liner:\nCODE Program Some(\"bash\")\n|$ bpftrace -e 'BEGIN { printf(\"hi\"); }'\nP: After.\n"
    );
}

#[test]
fn code_indented_under_an_item_stays_in_it() {
    let issue = one_article("  • Run:\n\n    $ make\n    $ make install\n  • Done.\n");
    assert_eq!(
        body_outline(&issue),
        "LIST None\n- item\n    P: Run:\n    CODE Program Some(\"bash\")\n    |$ make\n    |$ make install\n- item\n    P: Done.\n"
    );
}

#[test]
fn program_shapes() {
    // Python with a blank line inside the function.
    let issue = one_article(
        "Like this:\n\ndef handler(event):\n    total = 0\n\n    for x in event:\n        total += x\n    return total\n\nThat is all.\n",
    );
    assert_eq!(
        body_outline(&issue),
        "P: Like this:\nCODE Program Some(\"python\")\n|def handler(event):\n|    total = 0\n|\n|    for x in event:\n|        total += x\n|    return total\nP: That is all.\n"
    );
    // C, with the common indentation removed.
    let issue = one_article(
        "  #include <stdio.h>\n  int main(void) {\n      printf(\"hi\\n\");\n      return 0;\n  }\nPrinting is easy in C, as shown above.\n",
    );
    assert_eq!(
        body_outline(&issue),
        "CODE Program Some(\"c\")\n|#include <stdio.h>\n|int main(void) {\n|    printf(\"hi\\n\");\n|    return 0;\n|}\nP: Printing is easy in C, as shown above.\n"
    );
    // JSON held open by its brackets.
    let issue = one_article("{\n  \"name\": \"demo\",\n  \"tags\": [\"a\", \"b\"]\n}\n");
    assert_eq!(
        body_outline(&issue),
        "CODE Program None\n|{\n|  \"name\": \"demo\",\n|  \"tags\": [\"a\", \"b\"]\n|}\n"
    );
    // A prompt with its aligned output.
    let issue = one_article(
        "$ kubectl get pods\nNAME     READY   STATUS\nweb-1    1/1     Running\n\nThe pod runs.\n",
    );
    assert_eq!(
        body_outline(&issue),
        "CODE Program Some(\"bash\")\n|$ kubectl get pods\n|NAME     READY   STATUS\n|web-1    1/1     Running\nP: The pod runs.\n"
    );
}

#[test]
fn prose_after_code_is_not_swallowed() {
    let issue = one_article("x = compute(42)\nThis line explains what the call above does.\n");
    assert_eq!(
        body_outline(&issue),
        "CODE Program None\n|x = compute(42)\nP: This line explains what the call above does.\n"
    );
    let issue = one_article("CREATE TABLE t (\n  id int\n);\nThe table is small.\n");
    assert_eq!(
        body_outline(&issue),
        "CODE Program Some(\"sql\")\n|CREATE TABLE t (\n|  id int\n|);\nP: The table is small.\n"
    );
}

#[test]
fn prose_is_not_code() {
    for line in [
        "The value = something big, as they say.",
        "Use function memoryview(bytes) to avoid copying.",
        "2PC is just too slow --- it increases the latency.",
        "Select the right tool; do not overthink it.",
        "If you can, do it; then rest.",
    ] {
        let issue = one_article(&format!("{line}\n"));
        assert_eq!(body_outline(&issue), format!("P: {line}\n"), "{line}");
    }
}

#[test]
fn drawings_keep_columns_and_tables_of_columns() {
    let drawing = "   +--------+      +--------+\n   | client | ---> | server |\n   +--------+      +--------+";
    let issue = one_article(&format!("The flow:\n\n{drawing}\n\nThat's it.\n"));
    assert_eq!(
        body_outline(&issue),
        format!(
            "P: The flow:\nCODE Drawing None\n{}\nP: That's it.\n",
            drawing
                .lines()
                .map(|l| format!("|{l}"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    );
    let table = "Name      Size    Owner\nalpha     10 GB   ops\nbeta      2 GB    dev";
    let issue = one_article(&format!("{table}\n"));
    assert!(matches!(
        issue.articles[0].blocks.as_slice(),
        [Block::Code(CodeBlock { kind: CodeKind::Drawing, text, .. })] if text == table
    ));
    let unicode = "┌────┐\n│ db │\n└────┘";
    let issue = one_article(&format!("{unicode}\n"));
    assert!(matches!(
        issue.articles[0].blocks.as_slice(),
        [Block::Code(CodeBlock { kind: CodeKind::Drawing, text, .. })] if text == unicode
    ));
}

#[test]
fn intro_variants() {
    // Intro with unknown extra lines before "Happy exploring!".
    let issue = read_str(
        "EnqueueZero Techshack 2019-09\n\nKia ora! I am the creator of Enqueue Zero.\n\nSomething new this week!\n\nPlease follow Twitter account @enqueuezero for the updates. Happy exploring!\n\nA Title\n\ngithub.com\n\nBody.\n",
    );
    assert!(issue.had_intro);
    assert!(issue.lead.is_empty());
    assert_eq!(titles(&issue), ["A Title"]);
    // No intro: text before the first article is the lead.
    let issue = read_str("Issue\n\nA note for readers.\n\nA Title\n\ngithub.com\n\nBody.\n");
    assert!(!issue.had_intro);
    assert_eq!(issue.lead.len(), 1);
    // Intro without its closing phrase: only boilerplate paragraphs go.
    let issue = read_str(
        "Issue\n\nKia ora! I am the creator of Enqueue Zero.\n\nDonate this project using Patreon\n\nA note for readers.\n\nA Title\n\ngithub.com\n\nBody.\n",
    );
    assert!(issue.had_intro);
    assert_eq!(issue.lead.len(), 1);
}

#[test]
fn hash_headings_without_sources() {
    let mut diags = Diagnostics::new();
    let issue = read(
        "# Issue\n\n# First\n\nlwn.net (opens new window)\n\nText.\n\n# Second\n\nMore text.\n\n## A part\n\nDetails.\n",
        Path::new("x.txt"),
        &mut diags,
    );
    assert_eq!(titles(&issue), ["First", "Second"]);
    assert!(issue.articles[1].sources.is_empty());
    assert!(matches!(
        issue.articles[1].blocks.get(1),
        Some(Block::Heading { level: 1, .. })
    ));
    assert!(diags.iter().any(|d| d.message.contains("no source line")));
}

#[test]
fn odd_input_never_panics() {
    let long = "word ".repeat(2_000);
    let long_code = format!("$ echo {}", "x".repeat(10_000));
    let inputs = [
        String::new(),
        "\n\n\n".to_string(),
        "   \n\t\n".to_string(),
        "•\n•\n  •\n    •".to_string(),
        "Title\n\n•\n\n•".to_string(),
        long.clone(),
        format!("Title\n\n{long}\n\nmedium.com\n\n{long}"),
        long_code,
        "Title\r\n\r\nArticle\r\n\r\nmedium.com\r\n\r\nText\r\n".to_string(),
        "\r\r\r".to_string(),
        "(opens new window)".to_string(),
        "#\n##\n# \n#  ".to_string(),
        "((((((((((\n".repeat(100),
        "for x; do\n".repeat(100),
        "+\n|\n-\n".repeat(50),
        "1.\n2)\n99999999999. big\n".to_string(),
        "\u{FEFF}Title\n\n\u{A0}\u{A0}• nbsp bullet".to_string(),
        "é\u{301}\n日本語\n🚀 | 🚀\n".to_string(),
        "https://\nhttp://x\n(https://a.b/c))".to_string(),
    ];
    for input in &inputs {
        let mut diags = Diagnostics::new();
        let issue = read(input, Path::new("odd.txt"), &mut diags);
        let _ = looks_like_plain_text(input);
        let _ = crate::source::mojibake::repair(input);
        if input.trim().is_empty() {
            assert_eq!(issue.title_line, 0);
            assert!(!diags.is_empty());
        }
    }
    let crlf = read_str("Title\r\n\r\nArticle\r\n\r\nmedium.com\r\n\r\nText\r\n");
    assert_eq!(crlf.title, "Title");
    assert_eq!(titles(&crlf), ["Article"]);
}

/// A tiny deterministic generator, so the test needs no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap_or(0) % n.max(1)
    }
}

#[test]
fn random_captures_lose_no_word() {
    let palette = [
        "",
        "",
        "",
        "Title Line",
        "medium.com",
        "Part I: dev.to | bcc",
        "# Hashed Title",
        "## Sub part",
        "  • item text",
        "    • nested item",
        "•",
        "  1. first step",
        "- dash item",
        "Some prose that ends here.",
        "a line with a colon: yes",
        "Requirements were:",
        "$ ls -la",
        "$5 per month.",
        "x = run(1)",
        "CREATE TABLE t (",
        "  id int,",
        ");",
        "for i in 1 2; do",
        "  echo $i",
        "done",
        "      +-----+",
        "      | box |   | two |",
        "col1    col2    col3",
        "-----",
        "see https://example.org/x.html.",
        "word (opens new window).",
        "\tTabbed line",
        "{",
        "}",
        "sentence with | a pipe.",
        "kind: Pod",
        "  name: web",
        "pip install x",
        "GET /a HTTP/1.1",
        "// comment",
        "Note: this matters.",
    ];
    let mut rng = Lcg(7);
    for _ in 0..400 {
        let n = 1 + rng.next(40);
        let mut lines = vec!["Issue Title".to_string()];
        for _ in 0..n {
            lines.push(palette[rng.next(palette.len())].to_string());
        }
        let text = lines.join("\n");
        let issue = read_str(&text);
        assert_no_word_lost(&text, &issue);
        // Prose never lands in a code block; a prompt line always does.
        let code = all_code(&issue);
        for c in &code {
            assert!(
                !c.text.contains("Some prose that ends here."),
                "{text}\n---\n{c:?}"
            );
        }
        if lines.iter().any(|l| l == "$ ls -la") {
            assert!(code.iter().any(|c| c.text.contains("$ ls -la")), "{text}");
        }
    }
}

#[test]
fn prose_with_code_operators_after_code_is_not_swallowed() {
    let issue = one_article("x = compute(42)\nThe result -> 42 is then printed for everyone.\n");
    assert_eq!(
        body_outline(&issue),
        "CODE Program None\n|x = compute(42)\nP: The result -> 42 is then printed for everyone.\n"
    );
}

#[test]
fn configuration_and_commands_without_prompts() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    - app\nspec:\n  containers: []";
    let issue = one_article(&format!("The manifest:\n\n{yaml}\n\nApply it.\n"));
    assert_eq!(
        body_outline(&issue),
        format!(
            "P: The manifest:\nCODE Program Some(\"yaml\")\n{}\nP: Apply it.\n",
            yaml.lines()
                .map(|l| format!("|{l}"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    );
    let issue =
        one_article("Install it:\n\npip install requests\ndocker run -it --rm ubuntu bash\n");
    assert_eq!(
        body_outline(&issue),
        "P: Install it:\nCODE Program Some(\"bash\")\n|pip install requests\n|docker run -it --rm ubuntu bash\n"
    );
    // A single "Note: ..." line, or two labelled lines of prose, stay prose.
    let issue = one_article("Note: this matters a lot.\nTip: read the docs first.\n");
    assert_eq!(
        body_outline(&issue),
        "P: Note: this matters a lot. Tip: read the docs first.\n"
    );
}
