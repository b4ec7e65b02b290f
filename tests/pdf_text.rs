//! What a reader gets when they extract the text of the PDF with poppler's
//! `pdftotext` (installed by tests/setup.sh): drawings and code come back
//! exactly, whatever their size and characters.

mod common;

use std::process::Command;

/// A drawing wider than the text block (so it is scaled down), with runs
/// of spaces of every length between its characters.
const WIDE: &str = "\
+--------------------------------------------------------------------------------------------------------------+
|  client  --->  [ lb ]  --->  [ app 1 |  app 2  |   app 3   ]  --->  ( db primary )  ~~~>  ( db replica )       |
|                  ^                                                       |                                    |
|                  +-------------------  health checks  -------------------+                                    |
+--------------------------------------------------------------------------------------------------------------+";

/// A small drawing in box-drawing characters, narrower than the text block;
/// its last line has a character the monospace face lacks (set in the
/// fallback face, in runs of its own) after a run of spaces.
const BOXES: &str = "\
┌────────┐   ┌──┐
│ one    │──▶│ 2│
└────────┘   └──┘
      ▲  two spaces
   ‖ fallback  ‖";

/// Program code whose alignment is in runs of spaces inside its lines
/// (aligned comments and operators), which text extraction collapses to one
/// space unless the PDF says what each line reads.
const PROGRAM: &str = "\
x = 1          # one
long_name = 2  # two
if x:
    y  =  3    # three";

/// The lines of `text`, without the indent they all share and without
/// trailing spaces.
fn dedented(text: &[&str]) -> Vec<String> {
    let indent = text
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.chars().take_while(|&c| c == ' ').count())
        .min()
        .unwrap_or(0);
    text.iter()
        .map(|l| {
            l.chars()
                .skip(indent)
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

/// Finds `drawing` in `layout` (the output of `pdftotext -layout`): the
/// lines from the one holding its first line's text, as many as it has.
fn find_drawing<'a>(layout: &'a str, drawing: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = layout.lines().collect();
    let first = drawing.lines().next().unwrap().trim();
    let start = lines
        .iter()
        .position(|l| l.trim() == first)
        .unwrap_or_else(|| panic!("the drawing's first line is in the text:\n{layout}"));
    lines[start..]
        .iter()
        .take(drawing.lines().count())
        .copied()
        .collect()
}

#[test]
fn pdftotext_layout_gives_drawings_and_code_back_exactly() {
    let dir = common::BookFolder::new();
    let issue = format!(
        "---\ntitle: EnqueueZero Techshack 2020-01\n---\n\n\
         # EnqueueZero Techshack 2020-01\n\n## Drawings\n\n[example.com](https://example.com/a)\n\n\
         Body text before the drawings, long enough to fill the measure of a line and then some more words.\n\n\
         ```\n{WIDE}\n```\n\nBody text between them.\n\n```\n{BOXES}\n```\n\nBody text after them.\n\n```python\n{PROGRAM}\n```\n"
    );
    dir.issue("2020-01.md", issue);
    let out = dir.out();
    let run = common::cli(
        dir.root(),
        &[
            "build",
            "--format",
            "pdf",
            "--offline",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = out.join("enqueuezero-techshack-2020.pdf");
    let text = Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (run tests/setup.sh)");
    assert!(text.status.success(), "{text:?}");
    let layout = String::from_utf8(text.stdout).unwrap();
    for drawing in [WIDE, BOXES, PROGRAM] {
        let want = dedented(&drawing.lines().collect::<Vec<_>>());
        let got = dedented(&find_drawing(&layout, drawing));
        assert_eq!(got, want, "in:\n{layout}");
    }
}
