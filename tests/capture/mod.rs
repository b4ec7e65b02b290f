//! The capture simulator: turns Markdown issues into the plain text a
//! reader gets by copying the web page in many styles (and into what
//! `lynx -dump`, `w3m -dump` and `html2text` make of the page, kept as
//! fixtures), reads each capture back the way `import` does, and measures
//! how much of the structure came back.
//!
//! Used by `tests/capture_roundtrip.rs` (which asserts the thresholds) and
//! by `examples/capture.rs` (which prints the table, and writes the HTML
//! pages the fixtures are made from).

#![allow(dead_code)]

pub mod render;

use std::path::{Path, PathBuf};

use techshack_book::diagnostics::Diagnostics;
use techshack_book::model::{inline_text, Block, CodeKind};
use techshack_book::source::{markdown, parse_bytes, parse_file, ParsedIssue};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder of the capture fixtures.
pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures/captures")
}

/// The real tools whose dumps are kept as fixtures, by folder name.
pub const TOOLS: [&str; 3] = ["lynx", "w3m", "html2text"];

/// One issue the captures are made from: its name and its structure.
pub struct SourceIssue {
    /// The file name without extension (`2019-06`).
    pub name: String,
    /// The issue as read from its Markdown.
    pub issue: ParsedIssue,
}

/// The issues of the round trip: the sample's Markdown issues, the
/// `import` output of its plain-text ones, and the issues written for
/// these tests (code with blank lines, drawings, lists, tables, quotes).
pub fn sources() -> Vec<SourceIssue> {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in [root().join("issues"), fixtures().join("sources")] {
        let mut here: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "txt"))
            .collect();
        here.sort();
        files.extend(here);
    }
    files
        .into_iter()
        .map(|path| {
            // A Markdown issue as the tool reads it (mojibake repaired); a
            // plain-text issue as what `import` makes of it.
            let mut diags = Diagnostics::new();
            let parsed = parse_file(&path, &mut diags).expect("source issue reads");
            let issue = if path.extension().is_some_and(|x| x == "txt") {
                let markdown_text = techshack_book::markdown_writer::issue_to_markdown(&parsed);
                markdown::read(&markdown_text, &path, &mut diags).expect("imported Markdown reads")
            } else {
                parsed
            };
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            SourceIssue { name, issue }
        })
        .collect()
}

/// What `import` recovers from the bytes of a capture: the issue read from
/// the capture, written as Markdown, read back.
pub fn import(bytes: &[u8], name: &str) -> ParsedIssue {
    let mut diags = Diagnostics::new();
    let path = Path::new(name);
    let read = parse_bytes(bytes, path, &mut diags).unwrap_or_default();
    let markdown_text = techshack_book::markdown_writer::issue_to_markdown(&read);
    markdown::read(&markdown_text, Path::new("imported.md"), &mut diags).unwrap_or_default()
}

/// How much of one issue's structure came back from one capture.
#[derive(Debug, Default, Clone, Copy)]
pub struct Score {
    /// Articles in the source.
    pub titles: usize,
    /// Source articles whose title came back exactly.
    pub titles_exact: usize,
    /// Articles found that the source does not have.
    pub extra_articles: usize,
    /// Program code blocks in the source.
    pub code: usize,
    /// Those that came back as a code block with the same text.
    pub code_exact: usize,
    /// Drawings in the source.
    pub drawings: usize,
    /// Those that came back as a drawing with the same text.
    pub drawings_exact: usize,
    /// Lists in the source (nested ones counted in their parent).
    pub lists: usize,
    /// Those that came back with the same shape: kind (bullets or
    /// numbers), items, and the same nesting.
    pub lists_exact: usize,
    /// Words of the source.
    pub words: usize,
    /// Words of the source missing from what came back.
    pub words_lost: usize,
}

impl Score {
    /// Adds another issue's figures.
    pub fn add(&mut self, o: &Score) {
        self.titles += o.titles;
        self.titles_exact += o.titles_exact;
        self.extra_articles += o.extra_articles;
        self.code += o.code;
        self.code_exact += o.code_exact;
        self.drawings += o.drawings;
        self.drawings_exact += o.drawings_exact;
        self.lists += o.lists;
        self.lists_exact += o.lists_exact;
        self.words += o.words;
        self.words_lost += o.words_lost;
    }

    /// Share of titles recovered exactly; an extra article counts against
    /// it like a missed one.
    pub fn titles_pct(&self) -> f64 {
        pct(self.titles_exact, self.titles + self.extra_articles)
    }

    /// Share of lists recovered with their shape.
    pub fn lists_pct(&self) -> f64 {
        pct(self.lists_exact, self.lists)
    }

    /// Share of program code blocks recovered exactly.
    pub fn code_pct(&self) -> f64 {
        pct(self.code_exact, self.code)
    }
}

fn pct(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Every code block of `blocks`, nested ones included.
fn code_blocks(blocks: &[Block], out: &mut Vec<(String, CodeKind)>) {
    for block in blocks {
        match block {
            Block::Code(c) => out.push((dedent(&c.text), c.kind)),
            Block::List { items, .. } => {
                for item in items {
                    code_blocks(item, out);
                }
            }
            Block::Quote(inner) => code_blocks(inner, out),
            _ => {}
        }
    }
}

/// The shapes of the lists of `blocks`: `B3(N2)` is a bulleted list of
/// three items whose second... holds a numbered list of two.
fn list_shapes(blocks: &[Block], out: &mut Vec<String>) {
    fn shape(start: Option<u64>, items: &[Vec<Block>]) -> String {
        let mut s = format!("{}{}", if start.is_some() { "N" } else { "B" }, items.len());
        for (n, item) in items.iter().enumerate() {
            for b in item {
                if let Block::List { start, items } = b {
                    s.push_str(&format!("[{n}:{}]", shape(*start, items)));
                }
            }
        }
        s
    }
    for block in blocks {
        match block {
            Block::List { start, items } => out.push(shape(*start, items)),
            Block::Quote(inner) => list_shapes(inner, out),
            _ => {}
        }
    }
}

/// Every code block of an issue, with its kind.
fn issue_code(issue: &ParsedIssue) -> Vec<(String, CodeKind)> {
    let mut out = Vec::new();
    code_blocks(&issue.lead, &mut out);
    for a in &issue.articles {
        code_blocks(&a.blocks, &mut out);
    }
    out
}

/// Text as it shows on screen, compared: without its common indentation
/// and trailing spaces (a capture may shift a block as a whole), tabs as
/// the spaces that reach the next multiple of 8 (a text browser prints them
/// so).
fn dedent(text: &str) -> String {
    let expanded: Vec<String> = text.split('\n').map(expand_tabs).collect();
    let lines: Vec<&str> = expanded.iter().map(|l| l.trim_end()).collect();
    let common = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(common..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `line` with its tabs replaced by spaces up to the next multiple of 8.
fn expand_tabs(line: &str) -> String {
    let mut out = String::new();
    for c in line.chars() {
        if c == '\t' {
            out.push(' ');
            while out.chars().count() % 8 != 0 {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The words of `text`. A superscript is its digits (`10^10` as text
/// browsers print `10<sup>10</sup>`, `1010` as copied).
fn split_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace().map(|w| w.replace('^', ""))
}

/// The words the page shows for `blocks`.
fn words(blocks: &[Block], out: &mut Vec<String>) {
    let push = |text: &str, out: &mut Vec<String>| {
        out.extend(split_words(text));
    };
    for block in blocks {
        match block {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => push(&inline_text(c), out),
            Block::List { items, .. } => {
                for item in items {
                    words(item, out);
                }
            }
            Block::Quote(inner) => words(inner, out),
            Block::Code(c) => push(&c.text, out),
            Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    push(&inline_text(cell), out);
                }
            }
            Block::Figure {
                caption: Some(c), ..
            } => push(&inline_text(c), out),
            _ => {}
        }
    }
}

/// All the words of an issue the page shows.
fn issue_words(issue: &ParsedIssue) -> Vec<String> {
    let mut out: Vec<String> = split_words(&issue.title).collect();
    words(&issue.lead, &mut out);
    for a in &issue.articles {
        out.extend(split_words(&a.title_text()));
        for s in &a.sources {
            out.extend(split_words(&s.label));
        }
        words(&a.blocks, &mut out);
    }
    out
}

/// Compares what came back with the source.
pub fn score(source: &ParsedIssue, back: &ParsedIssue) -> Score {
    let mut s = Score {
        titles: source.articles.len(),
        ..Score::default()
    };
    let mut found: Vec<String> = back.articles.iter().map(|a| a.title_text()).collect();
    for a in &source.articles {
        if let Some(i) = found.iter().position(|t| *t == a.title_text()) {
            found.remove(i);
            s.titles_exact += 1;
        }
    }
    s.extra_articles = back.articles.len().saturating_sub(source.articles.len());

    let (want, mut got) = (issue_code(source), issue_code(back));
    for (text, kind) in want {
        let hit = got
            .iter()
            .position(|(t, k)| *t == text && (kind == CodeKind::Program || *k == kind));
        match kind {
            CodeKind::Program => s.code += 1,
            CodeKind::Drawing => s.drawings += 1,
        }
        if let Some(i) = hit {
            got.remove(i);
            match kind {
                CodeKind::Program => s.code_exact += 1,
                CodeKind::Drawing => s.drawings_exact += 1,
            }
        }
    }

    let (mut want, mut got) = (Vec::new(), Vec::new());
    for a in &source.articles {
        list_shapes(&a.blocks, &mut want);
    }
    for a in &back.articles {
        list_shapes(&a.blocks, &mut got);
    }
    s.lists = want.len();
    for shape in want {
        if let Some(i) = got.iter().position(|g| *g == shape) {
            got.remove(i);
            s.lists_exact += 1;
        }
    }

    let want = issue_words(source);
    let mut have: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for w in issue_words(back) {
        *have.entry(w).or_default() += 1;
    }
    s.words = want.len();
    for w in want {
        match have.get_mut(&w) {
            Some(n) if *n > 0 => *n -= 1,
            _ => s.words_lost += 1,
        }
    }
    s
}

/// What was missed, in words: titles not found, code blocks and drawings
/// not found (their first line), words lost. For looking into a miss.
pub fn misses(source: &ParsedIssue, back: &ParsedIssue) -> Vec<String> {
    let mut out = Vec::new();
    let found: Vec<String> = back.articles.iter().map(|a| a.title_text()).collect();
    for a in &source.articles {
        if !found.contains(&a.title_text()) {
            out.push(format!("title: {:?}", a.title_text()));
        }
    }
    let (want, got) = (issue_code(source), issue_code(back));
    for (text, kind) in want {
        if !got
            .iter()
            .any(|(t, k)| *t == text && (kind == CodeKind::Program || *k == kind))
        {
            out.push(format!("{kind:?}: {:?}", text.lines().next().unwrap_or("")));
        }
    }
    let mut have: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for w in issue_words(back) {
        *have.entry(w).or_default() += 1;
    }
    for w in issue_words(source) {
        match have.get_mut(&w) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(format!("word: {w:?}")),
        }
    }
    out
}

/// One row of the results: a style and its figures over all issues, with
/// the issues that lost something.
pub struct Row {
    /// The style's name.
    pub style: String,
    /// How many issues were captured in it.
    pub issues: usize,
    /// The figures.
    pub score: Score,
    /// Per issue where something was missed: name and its figures.
    pub misses: Vec<(String, Score)>,
}

/// Runs every source issue through every style and every tool fixture.
pub fn run() -> Vec<Row> {
    let sources = sources();
    let mut rows = Vec::new();
    for style in render::STYLES.iter() {
        let mut row = Row {
            style: style.name.to_string(),
            issues: 0,
            score: Score::default(),
            misses: Vec::new(),
        };
        for src in &sources {
            let bytes = render::capture(&src.issue, style);
            let back = import(&bytes, &format!("{}.txt", src.name));
            add(&mut row, &src.name, score(&src.issue, &back));
        }
        rows.push(row);
    }
    for tool in TOOLS {
        let mut row = Row {
            style: format!("{tool} (real tool)"),
            issues: 0,
            score: Score::default(),
            misses: Vec::new(),
        };
        for src in &sources {
            let path = fixtures().join(tool).join(format!("{}.txt", src.name));
            let bytes = std::fs::read(&path).unwrap_or_else(|e| {
                panic!("{}: {e} (run tests/capture/regenerate.sh)", path.display())
            });
            let back = import(&bytes, &format!("{}.txt", src.name));
            add(&mut row, &src.name, score(&src.issue, &back));
        }
        rows.push(row);
    }
    rows
}

fn add(row: &mut Row, name: &str, s: Score) {
    row.issues += 1;
    row.score.add(&s);
    if s.titles_exact < s.titles
        || s.extra_articles > 0
        || s.code_exact < s.code
        || s.drawings_exact < s.drawings
        || s.words_lost > 0
    {
        row.misses.push((name.to_string(), s));
    }
}

/// The results as a table, one line per style, then a total.
pub fn table(rows: &[Row]) -> String {
    let mut out = format!(
        "{:<32} {:>6} {:>9} {:>6} {:>8} {:>8} {:>8} {:>11}\n",
        "style", "issues", "titles %", "extra", "code %", "drawings", "lists %", "words lost"
    );
    let mut total = Score::default();
    for row in rows {
        total.add(&row.score);
        out.push_str(&line(&row.style, row.issues, &row.score));
    }
    let issues = rows.iter().map(|r| r.issues).sum();
    out.push_str(&line("all", issues, &total));
    for row in rows {
        for (name, s) in &row.misses {
            out.push_str(&format!(
                "  miss: {} / {name}: titles {}/{} (+{}), code {}/{}, drawings {}/{}, words lost {}\n",
                row.style,
                s.titles_exact,
                s.titles,
                s.extra_articles,
                s.code_exact,
                s.code,
                s.drawings_exact,
                s.drawings,
                s.words_lost
            ));
        }
    }
    out
}

fn line(name: &str, issues: usize, s: &Score) -> String {
    format!(
        "{:<32} {:>6} {:>8.1}% {:>6} {:>7.1}% {:>8} {:>7.1}% {:>11}\n",
        name,
        issues,
        s.titles_pct(),
        s.extra_articles,
        s.code_pct(),
        format!("{}/{}", s.drawings_exact, s.drawings),
        s.lists_pct(),
        format!("{}/{}", s.words_lost, s.words)
    )
}
