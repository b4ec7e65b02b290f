//! The scraped plain-text issues (2019-01, 2019-05) come out as a careful
//! person would have typed them, in the model and in both outputs.

mod common;

use common::{epub_entries, sample_book, sample_root, unescape_xml};
use techshack_book::diagnostics::Diagnostics;
use techshack_book::model::{Block, CodeKind};
use techshack_book::source::parse_file;

const JANUARY_TITLES: [&str; 11] = [
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
];

fn issue_file(name: &str) -> std::path::PathBuf {
    sample_root().join("issues").join(name)
}

/// The AWS diagram as it stands in the source file: from the line after
/// `dev.to` and its blank line to the `AZ 1 | AZ 2 | AZ 3` line.
fn aws_diagram() -> Vec<String> {
    let text = std::fs::read_to_string(issue_file("2019-01.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| *l == "dev.to").unwrap() + 2;
    let end = lines.iter().position(|l| l.contains("AZ 1") && l.contains("AZ 3")).unwrap();
    lines[start..=end].iter().map(|l| l.to_string()).collect()
}

fn all_code(file: &str) -> Vec<(String, CodeKind)> {
    let mut diags = Diagnostics::new();
    let issue = parse_file(&issue_file(file), &mut diags).unwrap();
    let mut found = Vec::new();
    let mut stack: Vec<&Block> = issue.articles.iter().flat_map(|a| &a.blocks).collect();
    while let Some(block) = stack.pop() {
        match block {
            Block::Code(code) => found.push((code.text.clone(), code.kind)),
            Block::List { items, .. } => stack.extend(items.iter().flatten()),
            Block::Quote(blocks) => stack.extend(blocks),
            _ => {}
        }
    }
    found
}

#[test]
fn january_has_its_eleven_articles_with_sources() {
    let mut diags = Diagnostics::new();
    let issue = parse_file(&issue_file("2019-01.txt"), &mut diags).unwrap();
    let titles: Vec<String> = issue.articles.iter().map(|a| a.title_text()).collect();
    assert_eq!(titles, JANUARY_TITLES);
    assert!(issue.had_intro);
    for article in &issue.articles {
        assert!(!article.sources.is_empty(), "{} has its source", article.title_text());
    }
    let ebpf = &issue.articles[7].sources;
    assert_eq!(ebpf[0].url.as_deref(), Some("https://www.brendangregg.com"));
    assert!(ebpf.iter().any(|s| s.label == "bcc"));
}

#[test]
fn may_has_its_seventeen_articles_with_sources() {
    let mut diags = Diagnostics::new();
    let issue = parse_file(&issue_file("2019-05.txt"), &mut diags).unwrap();
    assert_eq!(issue.articles.len(), 17);
    let postgres = issue
        .articles
        .iter()
        .find(|a| a.title_text() == "PostgreSQL on Kubernetes the Right Way")
        .unwrap();
    let labels: Vec<&str> = postgres.sources.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["Part I: medium.com", "Part II: medium.com"]);
    for article in &issue.articles {
        assert!(!article.sources.is_empty(), "{}", article.title_text());
        assert!(!format!("{article:?}").contains("opens new window"));
    }
}

#[test]
fn no_text_of_the_model_holds_a_scraped_bullet() {
    for file in ["2019-01.txt", "2019-05.txt"] {
        let mut diags = Diagnostics::new();
        let issue = parse_file(&issue_file(file), &mut diags).unwrap();
        let text = format!("{:?}{:?}", issue.lead, issue.articles);
        assert!(!text.contains('•'), "{file}");
        assert!(!text.contains("opens new window"), "{file}");
    }
}

#[test]
fn code_and_the_diagram_are_verbatim_blocks() {
    let january = all_code("2019-01.txt");
    let diagram = aws_diagram().join("\n");
    assert!(
        january.iter().any(|(text, kind)| *text == diagram && *kind == CodeKind::Drawing),
        "the AWS diagram is one drawing with every line and column as in the file"
    );
    let has = |blocks: &[(String, CodeKind)], needle: &str| blocks.iter().any(|(t, _)| t.contains(needle));
    assert!(has(&january, "CREATE TABLE messages (\n   channel_id bigint,"));
    assert!(has(&january, ") WITH CLUSTERING ORDER BY (message_id DESC);"));
    assert!(has(&january, "$ bpftrace -e 'tracepoint:syscalls:sys_enter_open { printf(\"%d %s\\n\", pid, str(args->filename)); }'"));
    let may = all_code("2019-05.txt");
    assert!(has(&may, "content = source.read(1024 * 10000)\nslice = memoryview(content)[1024:]"));
    assert!(has(&may, "for ((COUNT = 1; COUNT <= 10; COUNT++)); do\n  echo $COUNT\n  sleep 1"));
    assert!(has(&may, "$ websocketd --port=8080 ./count.sh"));
}

#[test]
fn the_epub_shows_the_diagram_and_none_of_the_mess() {
    let built = sample_book();
    let xhtml: String = epub_entries(&built.epub)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".xhtml"))
        .map(|(_, text)| unescape_xml(&text))
        .collect();
    assert!(xhtml.contains(&aws_diagram().join("\n")), "the diagram, exact");
    assert!(!xhtml.contains('•'), "no scraped bullets");
    assert!(!xhtml.contains("opens new window"));
    assert!(!xhtml.contains("â€"), "no mojibake");
    assert!(xhtml.contains("metadata store’s schemas"), "mojibake repaired");
}

#[test]
fn the_pdf_shows_none_of_the_mess() {
    let built = sample_book();
    let (ok, text) = common::run("pdftotext", &[built.pdf.to_str().unwrap(), "-"]);
    assert!(ok);
    // A list marker the writer draws stands at the start of a line; a
    // scraped bullet left in the text would stand inside one.
    for line in text.lines() {
        let inner = line.trim_start().trim_start_matches(['•', '–', '◦']);
        assert!(!inner.contains('•'), "scraped bullet in: {line}");
    }
    assert!(!text.contains("opens new window"));
    assert!(!text.contains("â€"));
}
