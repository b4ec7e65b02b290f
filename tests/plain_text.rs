//! The scraped plain-text issues (2019-01, 2019-05) come out as a careful
//! person would have typed them, in the model and in both outputs.

mod common;

use common::{epub_entries, sample_book, sample_root, unescape_xml};
use std::process::Command;
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
        assert!(
            !article.sources.is_empty(),
            "{} has its source",
            article.title_text()
        );
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
    let diagram = common::aws_diagram().join("\n");
    assert!(
        january
            .iter()
            .any(|(text, kind)| *text == diagram && *kind == CodeKind::Drawing),
        "the AWS diagram is one drawing with every line and column as in the file"
    );
    let has = |blocks: &[(String, CodeKind)], needle: &str| {
        blocks.iter().any(|(t, _)| t.contains(needle))
    };
    assert!(has(
        &january,
        "CREATE TABLE messages (\n   channel_id bigint,"
    ));
    assert!(has(
        &january,
        ") WITH CLUSTERING ORDER BY (message_id DESC);"
    ));
    assert!(has(&january, "$ bpftrace -e 'tracepoint:syscalls:sys_enter_open { printf(\"%d %s\\n\", pid, str(args->filename)); }'"));
    let may = all_code("2019-05.txt");
    assert!(has(
        &may,
        "content = source.read(1024 * 10000)\nslice = memoryview(content)[1024:]"
    ));
    assert!(has(
        &may,
        "for ((COUNT = 1; COUNT <= 10; COUNT++)); do\n  echo $COUNT\n  sleep 1"
    ));
    assert!(has(&may, "$ websocketd --port=8080 ./count.sh"));
}

/// The `<text>` lines of the first SVG drawing in `xhtml`: each line's
/// text and the x position of each of its characters.
fn svg_text_lines(xhtml: &str) -> Vec<(String, Vec<f64>)> {
    let svg_start = xhtml.find("<svg").expect("the diagram is an SVG");
    let svg = &xhtml[svg_start..svg_start + xhtml[svg_start..].find("</svg>").unwrap()];
    let mut lines = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        let element = &rest[start..];
        let open_end = element.find('>').unwrap();
        let tag = &element[..open_end];
        let close = element.find("</text>").unwrap();
        let text = unescape_xml(&element[open_end + 1..close]);
        let xs = tag
            .split(" x=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .expect("per-character x positions")
            .split_whitespace()
            .map(|x| x.parse::<f64>().unwrap())
            .collect();
        lines.push((text, xs));
        rest = &element[close..];
    }
    lines
}

#[test]
fn the_epub_draws_the_diagram_with_every_character_in_its_column() {
    let built = sample_book();
    let chapter = epub_entries(&built.epub)
        .into_iter()
        .find(|(name, _)| name.ends_with("chapter-2019-01.xhtml"))
        .expect("chapter 2019-01")
        .1;
    let lines = svg_text_lines(&chapter);
    let diagram = common::aws_diagram();
    assert_eq!(lines.len(), diagram.len(), "every line of the diagram");
    let origin = lines[0].1[0];
    let advance = lines[0].1[1] - origin;
    assert!(advance > 0.0);
    for ((text, xs), source) in lines.iter().zip(&diagram) {
        assert_eq!(
            text.trim_end(),
            source.trim_end(),
            "line text as in the file"
        );
        for (column, x) in xs.iter().enumerate() {
            let expected = origin + column as f64 * advance;
            assert!(
                (x - expected).abs() < 1e-6,
                "column {column} of {source:?} at {x}, not {expected}"
            );
        }
    }
}

#[test]
fn the_epub_shows_none_of_the_mess() {
    let built = sample_book();
    let xhtml: String = epub_entries(&built.epub)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".xhtml"))
        .map(|(_, text)| unescape_xml(&text))
        .collect();
    assert!(!xhtml.contains('•'), "no scraped bullets");
    assert!(!xhtml.contains("opens new window"));
    assert!(!xhtml.contains("â€"), "no mojibake");
    assert!(
        xhtml.contains("metadata store’s schemas"),
        "mojibake repaired"
    );
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

#[test]
fn the_pdf_sets_the_diagram_on_one_page_with_exact_columns() {
    use techshack_book::config::BookConfig;
    let root = sample_root();
    let mut diags = Diagnostics::new();
    let books = techshack_book::read_books(
        &root,
        &BookConfig::load(&root).unwrap(),
        None,
        None,
        false,
        &mut diags,
    )
    .unwrap();
    let laid_out =
        techshack_book::pdf::layout(&books[0], &techshack_book::resources::Resources::builtin())
            .unwrap();
    let diagram = common::aws_diagram();
    let page = laid_out
        .pages
        .iter()
        .find(|p| p.text_runs().any(|r| r.text.contains("vpc-123")))
        .expect("a page with the diagram");
    // Match the lines in order: many diagram lines are alike.
    let page_runs: Vec<_> = page.text_runs().collect();
    let mut next = 0;
    let mut runs = Vec::new();
    for line in &diagram {
        let found = page_runs[next..]
            .iter()
            .position(|r| r.text.trim_end() == line.trim_end())
            .unwrap_or_else(|| {
                panic!("diagram line on the same page, exactly and in order: {line:?}")
            });
        runs.push(page_runs[next + found]);
        next += found + 1;
    }
    // One monospace face, one size, one left edge, one line after another:
    // every character stands in its column.
    for run in &runs {
        assert_eq!(run.face, runs[0].face);
        assert_eq!(run.size, runs[0].size);
        assert_eq!(run.origin.x, runs[0].origin.x);
    }
    for pair in runs.windows(2) {
        assert!(pair[1].origin.y > pair[0].origin.y, "lines in order");
    }
    let advance =
        |r: &techshack_book::pdf::page::TextRun| r.width.0 / r.text.chars().count() as f32;
    for run in &runs {
        assert!(
            (advance(run) - advance(runs[0])).abs() < 0.01,
            "monospaced advance"
        );
    }
}

/// `lines` without the indent they all share and without trailing spaces.
fn without_common_indent(lines: &[String]) -> Vec<String> {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end().to_string())
        .collect()
}

#[test]
fn pdftotext_layout_gives_the_diagram_back_column_for_column() {
    // `pdftotext -layout` rebuilds spacing from where the glyphs stand: it
    // drops space glyphs and, left to itself, lets a run of spaces inside
    // a line shrink to one and counts a line's indent in the characters of
    // the lines above. The diagram must still come back as it was typed.
    let built = sample_book();
    let out = Command::new("pdftotext")
        .args(["-layout", built.pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (run tests/setup.sh)");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("UTF-8 text");
    let lines: Vec<&str> = text.lines().collect();
    let diagram = common::aws_diagram();
    let title = lines
        .iter()
        .position(|l| l.contains("Everything You Need To Know About Networking"))
        .expect("the article title is in the text (it may wrap)");
    let first = diagram[0].trim();
    let start = title
        + lines[title..]
            .iter()
            .position(|l| l.trim() == first)
            .expect("the diagram's first line follows its title");
    let got: Vec<String> = lines[start..]
        .iter()
        .take(diagram.len())
        .map(|l| l.to_string())
        .collect();
    let (got, want) = (without_common_indent(&got), without_common_indent(&diagram));
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "diagram line {} differs", i + 1);
    }
    assert_eq!(got.len(), want.len(), "the whole diagram, on one page");
}
