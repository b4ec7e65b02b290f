//! The hostile and broken issues of `tests/hostile/` (see its README): each
//! gives its documented outcome alone, none panics, and the buildable ones
//! together make an EPUB that passes EPUBCheck and holds nothing that runs.

mod common;

use std::path::{Path, PathBuf};

/// What `techshack-book check` says about one file on its own.
enum Outcome {
    /// No warning or error.
    Clean,
    /// A warning containing the text, at the line if given; exit 0.
    Warning(&'static str, Option<usize>),
    /// An error containing the text, at the line if given; exit 1.
    Error(&'static str, Option<usize>),
    /// Skipped with a note or warning containing the text (the book is
    /// then empty, so `check` exits 1).
    Skipped(&'static str),
}

use Outcome::*;

const CASES: [(&str, Outcome); 40] = [
    (
        "01-script-inline",
        Warning("<script> removed with its content", Some(9)),
    ),
    (
        "02-script-block",
        Warning("<script> removed with its content", Some(9)),
    ),
    (
        "03-style-block",
        Warning("<style> removed with its content", Some(9)),
    ),
    (
        "04-iframe",
        Warning("<iframe> removed with its content", Some(9)),
    ),
    (
        "05-object-embed",
        Warning("<object> removed with its content", Some(9)),
    ),
    (
        "06-form",
        Warning("<form> removed with its content", Some(9)),
    ),
    (
        "07-event-handler",
        Warning("event handler attribute onclick", Some(9)),
    ),
    (
        "08-javascript-link",
        Warning("link target \"javascript:alert(1)\" removed", Some(9)),
    ),
    (
        "09-javascript-link-entity",
        Warning("link target \"javascript:alert(1)\" removed", Some(9)),
    ),
    (
        "10-data-url-link",
        Warning("link target \"data:text/html", Some(9)),
    ),
    (
        "11-data-svg-image",
        Warning("image source \"data:image/svg+xml", Some(9)),
    ),
    (
        "12-file-image",
        Warning("image source \"file:///etc/passwd\" refused", Some(9)),
    ),
    ("13-unclosed-br-p", Clean),
    (
        "14-unknown-component",
        Warning("unknown component <Badge>", Some(9)),
    ),
    ("15-deep-quote", Clean),
    ("16-bom-crlf", Clean),
    ("17-cr-only", Clean),
    ("18-windows-1252", Warning("read as Windows-1252", Some(3))),
    ("19-mojibake", Warning("repaired mojibake", Some(9))),
    ("20-empty", Skipped("is empty")),
    ("21-whitespace-only", Skipped("is empty")),
    (
        "22-broken-yaml",
        Error("front matter is not valid YAML", Some(4)),
    ),
    (
        "23-unclosed-front-matter",
        Error("no closing `---` line", Some(1)),
    ),
    (
        "24-no-issue-number",
        Error("no YYYY-NN issue number", Some(1)),
    ),
    ("25-binary", Skipped("not a text file")),
    ("26-xml-control-chars", Clean),
    ("27-noncharacters", Clean),
    ("28-hostile-title", Clean),
    ("29-invalid-numeric-refs", Clean),
    ("30-unclosed-comment", Clean),
    ("31-cdata", Clean),
    (
        "32-svg-inline",
        Warning("<svg> removed with its content", Some(9)),
    ),
    (
        "33-autolink-javascript",
        Warning("link target \"javascript:alert(1)\" removed", Some(9)),
    ),
    (
        "34-reference-javascript",
        Warning("link target \"javascript:alert(1)\" removed", Some(9)),
    ),
    ("35-broken-table", Clean),
    ("36-long-heading", Clean),
    ("37-only-front-matter", Warning("has no articles", None)),
    ("38-unbalanced-inline-html", Clean),
    (
        "39-meta-refresh",
        Warning("<meta> removed with its content", Some(9)),
    ),
    (
        "40-style-attribute-and-link-tag",
        Warning("<link> removed with its content", Some(9)),
    ),
];

fn hostile_dir() -> PathBuf {
    common::sample_root().join("tests/hostile")
}

fn run(args: &[&str], root: &Path) -> (i32, String) {
    let run = common::cli(root, args);
    (run.code, run.stderr)
}

#[test]
fn the_folder_holds_every_documented_case() {
    let mut files: Vec<String> = std::fs::read_dir(hostile_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n != "README.md")
        .collect();
    files.sort();
    let documented: Vec<String> = CASES.iter().map(|(n, _)| format!("{n}.md")).collect();
    assert_eq!(files, documented);
}

#[test]
fn each_hostile_issue_alone_gives_its_documented_outcome() {
    for (name, outcome) in &CASES {
        let file = format!("{name}.md");
        let dir = common::BookFolder::new();
        dir.copy_issue(&hostile_dir().join(&file));
        let (code, err) = run(&["check"], dir.root());
        let located = |line: Option<usize>| match line {
            Some(line) => err.contains(&format!("{file}:{line}")),
            None => err.contains(&file),
        };
        match outcome {
            Clean => {
                assert_eq!(code, 0, "{name}: {err}");
                assert!(
                    !err.contains("warning") && !err.contains("error"),
                    "{name}: {err}"
                );
            }
            Warning(text, line) => {
                assert_eq!(code, 0, "{name}: {err}");
                assert!(
                    err.contains("warning") && err.contains(text),
                    "{name}: {err}"
                );
                assert!(located(*line), "{name}: names file and line: {err}");
            }
            Error(text, line) => {
                assert_eq!(code, 1, "{name}: {err}");
                assert!(err.contains("error") && err.contains(text), "{name}: {err}");
                assert!(located(*line), "{name}: names file and line: {err}");
            }
            Skipped(text) => {
                assert_eq!(code, 1, "{name}: nothing left to build: {err}");
                assert!(err.contains(text) && err.contains(&file), "{name}: {err}");
            }
        }
    }
}

#[test]
fn the_buildable_hostile_issues_make_a_clean_book_with_nothing_that_runs() {
    let dir = common::BookFolder::new();
    for (name, _) in &CASES {
        dir.copy_issue(&hostile_dir().join(format!("{name}.md")));
    }
    let out = dir.out();
    let (code, err) = run(
        &[
            "build",
            "--keep-going",
            "--images",
            "link",
            "--out",
            out.to_str().unwrap(),
        ],
        dir.root(),
    );
    assert_eq!(code, 0, "{err}");
    let written: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        written.len(),
        2,
        "one EPUB and one PDF, inside --out: {written:?}"
    );
    let epub = written
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .unwrap();
    let (errors, warnings, report) = common::epubcheck(epub);
    assert_eq!((errors, warnings), (0, 0), "{report}");
    for (entry, text) in common::epub_entries(epub) {
        let lower = text.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "{entry} has a script");
        // As text ("javascript:alert(1)" written in an issue) it is harmless;
        // as an attribute value it would be a URL.
        let in_attribute = lower
            .match_indices("=\"")
            .chain(lower.match_indices("='"))
            .any(|(i, _)| lower[i + 2..].trim_start().starts_with("javascript:"));
        assert!(!in_attribute, "{entry} has a javascript: URL");
        assert!(
            !lower.contains("<iframe") && !lower.contains("<object") && !lower.contains("<embed"),
            "{entry}"
        );
        let has_handler = lower.match_indices(" on").any(|(i, _)| {
            lower[i + 3..]
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .count()
                > 1
                && lower[i + 3..]
                    .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                    .starts_with('=')
        });
        assert!(!has_handler, "{entry} has an event handler attribute");
    }
    let pdf = written
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let (ok, report) = common::run("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(ok, "{report}");
    // Every object, those in compressed object streams too.
    let doc = lopdf::Document::load(pdf).unwrap();
    let script = doc.objects.values().any(|object| {
        let dict = match object {
            lopdf::Object::Dictionary(d) => d,
            lopdf::Object::Stream(s) => &s.dict,
            _ => return false,
        };
        dict.has(b"JS")
            || dict.has(b"JavaScript")
            || dict
                .get(b"S")
                .and_then(lopdf::Object::as_name)
                .is_ok_and(|name| name == b"JavaScript")
    });
    assert!(!script, "no PDF JavaScript actions");
}
