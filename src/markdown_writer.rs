//! The Markdown writer: turns a parsed issue back into clean Markdown, the
//! way a careful person would have typed it. `techshack-book import` uses it
//! so that an issue recovered from scraped text can be reviewed and kept as
//! Markdown; reading that Markdown back gives the same chapter.

use std::fmt::Write as _;

use crate::model::{Align, Article, Block, Inline, Note, SourceLink};
use crate::source::{intro, ParsedIssue};

/// Renders a whole issue: front matter with the title, the title heading,
/// the intro component (when the issue had the intro), the lead, then each
/// article as a `##` section with its source links.
pub fn issue_to_markdown(issue: &ParsedIssue) -> String {
    let mut out = String::new();
    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", yaml_string(&issue.title));
    if let Some(date) = &issue.date {
        let _ = writeln!(out, "date: {}", yaml_string(date));
    }
    out.push_str("---\n\n");
    let _ = writeln!(out, "# {}\n", escape_text(&issue.title, true));
    if issue.had_intro {
        let _ = writeln!(out, "<{} />\n", intro::COMPONENT);
    }
    // Footnote labels must be unique in the file, and notes are numbered
    // per article: the labels run on through the issue (the lead's notes
    // first), and reading the file back numbers them per article again.
    let mut base = 0;
    write_blocks(&mut out, &issue.lead, "", base);
    write_notes(&mut out, &issue.lead_notes, &mut base);
    for article in &issue.articles {
        write_article(&mut out, article, &mut base);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn write_article(out: &mut String, article: &Article, base: &mut u32) {
    let _ = writeln!(out, "## {}\n", inlines_md(&article.title, *base));
    if !article.sources.is_empty() {
        let links: Vec<String> = article.sources.iter().map(source_link).collect();
        let _ = writeln!(out, "{}\n", links.join(" | "));
    }
    write_blocks(out, &article.blocks, "", *base);
    write_notes(out, &article.notes, base);
}

/// Writes `notes` as footnote definitions labelled from `base + 1`, and
/// moves `base` past them. A note's later blocks are indented to stay in
/// it.
fn write_notes(out: &mut String, notes: &[Note], base: &mut u32) {
    let first = *base;
    for (i, note) in notes.iter().enumerate() {
        let label = first.saturating_add(u32::try_from(i + 1).unwrap_or(u32::MAX));
        let mut body = String::new();
        write_blocks(&mut body, &note.blocks, "    ", first);
        let body = body.strip_prefix("    ").unwrap_or(&body);
        let _ = writeln!(out, "[^{label}]: {}", body.trim_end_matches('\n'));
        out.push('\n');
    }
    *base = first.saturating_add(u32::try_from(notes.len()).unwrap_or(u32::MAX));
}

fn source_link(source: &SourceLink) -> String {
    match &source.url {
        Some(url) => format!("[{}]({})", escape_text(&source.label, false), link_url(url)),
        None => escape_text(&source.label, true),
    }
}

/// Writes blocks separated by blank lines; every line gets `prefix`
/// (indentation inside list items, `> ` inside quotes).
fn write_blocks(out: &mut String, blocks: &[Block], prefix: &str, base: u32) {
    for block in blocks {
        let mut text = String::new();
        write_block(&mut text, block, base);
        for line in text.trim_end_matches('\n').split('\n') {
            if line.is_empty() {
                out.push_str(prefix.trim_end());
            } else {
                out.push_str(prefix);
                out.push_str(line);
            }
            out.push('\n');
        }
        out.push_str(prefix.trim_end());
        out.push('\n');
    }
}

fn write_block(out: &mut String, block: &Block, base: u32) {
    match block {
        Block::Paragraph(inlines) => {
            out.push_str(&inlines_md(inlines, base));
            out.push('\n');
        }
        Block::Heading { level, content } => {
            let hashes = "#".repeat(usize::from((*level).clamp(1, 4)) + 2);
            let _ = writeln!(out, "{hashes} {}", inlines_md(content, base));
        }
        Block::List { start, items } => {
            for (index, item) in items.iter().enumerate() {
                let marker = match start {
                    Some(first) => format!("{}. ", first.saturating_add(index as u64)),
                    None => "* ".to_string(),
                };
                let indent = " ".repeat(marker.len());
                let mut body = String::new();
                write_blocks(&mut body, item, "", base);
                let body = body.trim_end_matches('\n');
                for (i, line) in body.split('\n').enumerate() {
                    if i == 0 {
                        out.push_str(&marker);
                    } else if !line.is_empty() {
                        out.push_str(&indent);
                    }
                    out.push_str(line);
                    out.push('\n');
                }
                if body.is_empty() {
                    out.push_str(marker.trim_end());
                    out.push('\n');
                }
            }
        }
        Block::Quote(blocks) => write_blocks(out, blocks, "> ", base),
        Block::Code(code) => {
            let fence = fence_for(&code.text);
            let _ = writeln!(
                out,
                "{fence}{}\n{}\n{fence}",
                code.language.as_deref().unwrap_or(""),
                code.text
            );
        }
        Block::Mermaid(source) => {
            let _ = writeln!(out, "<mermaid>\n{source}\n</mermaid>");
        }
        Block::Figure { image, caption } => {
            let _ = writeln!(
                out,
                "![{}]({})",
                escape_text(&image.alt, false),
                link_url(&image.url)
            );
            if let Some(caption) = caption {
                let _ = writeln!(out, "\n^ {}", inlines_md(caption, base));
            }
        }
        Block::Table {
            align,
            header,
            rows,
        } => {
            let cell = |c: &Vec<Inline>| inlines_md(c, base).replace('|', "\\|");
            let row = |cells: &[Vec<Inline>]| {
                format!(
                    "| {} |",
                    cells.iter().map(cell).collect::<Vec<_>>().join(" | ")
                )
            };
            let _ = writeln!(out, "{}", row(header));
            let rule: Vec<&str> = (0..header.len())
                .map(|i| match align.get(i).copied().unwrap_or(Align::None) {
                    Align::None => "---",
                    Align::Left => ":---",
                    Align::Center => ":---:",
                    Align::Right => "---:",
                })
                .collect();
            let _ = writeln!(out, "| {} |", rule.join(" | "));
            for r in rows {
                let _ = writeln!(out, "{}", row(r));
            }
        }
        Block::Rule => out.push_str("* * *\n"),
    }
}

/// A code fence longer than any run of backticks in `text`.
fn fence_for(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// Renders inline content as one line of Markdown.
pub fn inlines_to_markdown(inlines: &[Inline]) -> String {
    inlines_md(inlines, 0)
}

/// [`inlines_to_markdown`], a footnote reference to note `n` written as
/// `[^base + n]`.
fn inlines_md(inlines: &[Inline], base: u32) -> String {
    let mut out = String::new();
    for (index, inline) in inlines.iter().enumerate() {
        let at_start = index == 0;
        match inline {
            Inline::Text(text) => out.push_str(&escape_text(text, at_start)),
            Inline::Emph(c) => {
                let _ = write!(out, "*{}*", inlines_md(c, base));
            }
            Inline::Strong(c) => {
                let _ = write!(out, "**{}**", inlines_md(c, base));
            }
            Inline::Strike(c) => {
                let _ = write!(out, "~~{}~~", inlines_md(c, base));
            }
            Inline::Sup(c) => {
                let _ = write!(out, "<sup>{}</sup>", inlines_md(c, base));
            }
            Inline::Sub(c) => {
                let _ = write!(out, "<sub>{}</sub>", inlines_md(c, base));
            }
            Inline::Code(code) => out.push_str(&code_span(code)),
            Inline::Link { url, content } => {
                let _ = write!(out, "[{}]({})", inlines_md(content, base), link_url(url));
            }
            Inline::Image(image) => {
                let _ = write!(
                    out,
                    "![{}]({})",
                    escape_text(&image.alt, false),
                    link_url(&image.url)
                );
            }
            Inline::LineBreak => out.push_str("\\\n"),
            Inline::NoteRef { number } => {
                let _ = write!(out, "[^{}]", base.saturating_add(*number));
            }
        }
    }
    out
}

/// A code span that survives backticks and edge spaces in `code`.
fn code_span(code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    if code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty())
    {
        format!("{ticks} {code} {ticks}")
    } else {
        format!("{ticks}{code}{ticks}")
    }
}

/// A link destination, in angle brackets when it holds spaces or parens.
fn link_url(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

/// Escapes the characters Markdown would read as syntax. At the start of a
/// block, line-start markers (`#`, `>`, `-`, `1.`, `^`) are escaped too.
pub fn escape_text(text: &str, at_block_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    if at_block_start {
        let first = out.chars().next();
        if matches!(first, Some('#' | '-' | '+' | '=' | '^')) {
            out.insert(0, '\\');
        } else if let Some(digits) = out.find(|c: char| !c.is_ascii_digit()).filter(|&i| i > 0) {
            if out[digits..].starts_with(". ") || out[digits..].starts_with(") ") {
                out.insert(digits, '\\');
            }
        }
    }
    out
}

/// A YAML scalar for `value`, quoted when it would not read back as the
/// same string.
fn yaml_string(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | '_' | '/'))
        && !value.starts_with(['-', ' '])
        && !value.ends_with(' ');
    if plain {
        value.to_string()
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::model::{CodeBlock, CodeKind, Image, SourcePos};
    use std::path::Path;

    fn sample() -> ParsedIssue {
        let para = |t: &str| Block::Paragraph(vec![Inline::Text(t.into())]);
        ParsedIssue {
            title: "EnqueueZero Techshack 2019-01".into(),
            title_line: 1,
            date: None,
            language: None,
            had_intro: true,
            lead: vec![],
            lead_notes: vec![],
            articles: vec![Article {
                title: vec![Inline::Text("GraphQL Server Design @ Medium".into())],
                sources: vec![
                    SourceLink {
                        label: "www.brendangregg.com".into(),
                        url: Some("https://www.brendangregg.com".into()),
                    },
                    SourceLink {
                        label: "bcc".into(),
                        url: None,
                    },
                ],
                blocks: vec![
                    para("1. Not a list * not emphasis [x] <tag> $5 | pipe"),
                    Block::List {
                        start: None,
                        items: vec![
                            vec![para("one")],
                            vec![
                                para("two"),
                                Block::List {
                                    start: Some(3),
                                    items: vec![vec![para("three")]],
                                },
                            ],
                        ],
                    },
                    Block::Code(CodeBlock {
                        language: None,
                        text: "      +-------+\n       | ig-1 |\n```".into(),
                        kind: CodeKind::Drawing,
                    }),
                    Block::Figure {
                        image: Image {
                            url: "https://x/y.jpg".into(),
                            alt: "fig".into(),
                        },
                        caption: Some(vec![Inline::Text("Caption.".into())]),
                    },
                    Block::Quote(vec![para("quoted")]),
                    Block::Mermaid("graph LR\n  a --> b".into()),
                ],
                notes: Vec::new(),
                pos: SourcePos {
                    file: "t.md".into(),
                    line: 1,
                },
            }],
        }
    }

    #[test]
    fn reads_back_as_the_same_issue() {
        let issue = sample();
        let markdown = issue_to_markdown(&issue);
        let mut diags = Diagnostics::new();
        let back = crate::source::markdown::read(&markdown, Path::new("t.md"), &mut diags).unwrap();
        assert_eq!(back.title, issue.title);
        assert!(back.had_intro);
        assert_eq!(back.articles.len(), 1);
        assert_eq!(back.articles[0].title, issue.articles[0].title);
        assert_eq!(
            back.articles[0].sources, issue.articles[0].sources,
            "{markdown}"
        );
        assert_eq!(
            back.articles[0].blocks, issue.articles[0].blocks,
            "{markdown}"
        );
    }
}
