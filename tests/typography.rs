//! Smart punctuation end to end: straight quotes, `--`, `---` and `...`
//! in the prose of a Markdown issue and of a scraped plain-text issue
//! print as curly quotes, dashes and an ellipsis in both the PDF and the
//! EPUB, while code spans, code blocks, drawings and link addresses keep
//! every character as typed; `typography: {smart_punctuation: false}`
//! turns it off.

mod common;

use common::{epub_entries, epubcheck, output_of, run, unescape_xml, BookFolder};
use techshack_book::Format;

const MARKDOWN_ISSUE: &str = r#"---
title: EnqueueZero Techshack 2021-02
---

# EnqueueZero Techshack 2021-02

## Postmortem "Quiet" Week

[status.example.org](https://status.example.org/a--b/"x"...)

The status page said "No incidents reported." It's Kubernetes' job.

Back in the '90s -- roughly -- disks were slow --- and small...

She called it "*emphasised*" and read [the "field" guide](https://example.org/it's--here).

Run `echo "it's" -- ...` in a shell.

```
printf "%s\n" 'don't' -- ...
```
"#;

const TEXT_ISSUE: &str = "EnqueueZero Techshack 2021-01

Rock Music Storage

example.com

They played rock 'n' roll while the \"backup\" ran.

Then the operator said 'all clear' --- twice.

      +------------+        +------------+
      | \"client\"   | -----> | 'server'   |
      +------------+        +------------+

Nobody's pager rang.
";

/// The text of every XHTML file of the EPUB, unescaped, tags kept.
fn epub_text(epub: &std::path::Path) -> String {
    epub_entries(epub)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".xhtml"))
        .map(|(_, text)| unescape_xml(&text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of the PDF as `pdftotext` gives it, with runs of white space
/// as one space (lines of a paragraph joined).
fn pdf_text(pdf: &std::path::Path) -> (String, String) {
    let (ok, layout) = run("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    assert!(ok, "{layout}");
    let joined = layout.split_whitespace().collect::<Vec<_>>().join(" ");
    (layout, joined)
}

fn book(yaml: Option<&str>) -> (BookFolder, std::path::PathBuf, std::path::PathBuf) {
    let folder =
        BookFolder::with_issues(&[("2021-01.txt", TEXT_ISSUE), ("2021-02.md", MARKDOWN_ISSUE)]);
    if let Some(yaml) = yaml {
        folder.write("book.yaml", yaml);
    }
    let (outputs, _) = folder.build();
    let epub = output_of(&outputs, Format::Epub);
    let pdf = output_of(&outputs, Format::Pdf);
    (folder, epub, pdf)
}

/// What stays straight in both formats whether or not the option is on.
const VERBATIM_PDF: [&str; 4] = [
    r#"echo "it's" -- ..."#,
    r#"printf "%s\n" 'don't' -- ..."#,
    r#"| "client" | -----> | 'server' |"#,
    "+------------+",
];

#[test]
fn prose_gets_curly_quotes_and_dashes_in_both_formats() {
    let (_folder, epub, pdf) = book(None);
    let (layout, printed) = pdf_text(&pdf);
    let xhtml = epub_text(&epub);

    let prose = [
        "Postmortem “Quiet” Week",
        "said “No incidents reported.” It’s Kubernetes’ job.",
        "Back in the ’90s – roughly – disks were slow — and small…",
        "rock ’n’ roll while the “backup” ran.",
        "said ‘all clear’ — twice.",
        "Nobody’s pager rang.",
    ];
    for line in prose {
        assert!(printed.contains(line), "PDF lacks {line:?}:\n{layout}");
        assert!(xhtml.contains(line), "EPUB lacks {line:?}:\n{xhtml}");
    }
    // Quotes around emphasis and inside link text are decided across the
    // inline boundaries.
    assert!(
        printed.contains("called it “emphasised” and read the “field” guide"),
        "{layout}"
    );
    assert!(
        xhtml.contains("called it “<em>emphasised</em>” and"),
        "{xhtml}"
    );
    assert!(
        xhtml.contains(r#"<a href="https://example.org/it's--here""#),
        "the link target is as typed:\n{xhtml}"
    );
    assert!(xhtml.contains("the “field” guide</a>"), "{xhtml}");
    // The source link's address: the writer escapes its quotes, nothing else.
    assert!(
        xhtml.contains(r#"href="https://status.example.org/a--b/%22x%22...""#),
        "{xhtml}"
    );

    // Code spans, code blocks and drawings keep straight marks.
    for verbatim in VERBATIM_PDF {
        let squeezed = verbatim.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            printed.contains(&squeezed),
            "PDF lacks {verbatim:?}:\n{layout}"
        );
    }
    for verbatim in [
        r#"<code>echo "it's" -- ...</code>"#,
        r#"printf "%s\n" 'don't' -- ..."#,
        r#"| "client"   | -----> | 'server'   |"#,
    ] {
        assert!(
            xhtml.contains(verbatim),
            "EPUB lacks {verbatim:?}:\n{xhtml}"
        );
    }
    for curly_in_code in ["echo “", "‘don’t’", "| “client”", "‘server’"] {
        assert!(
            !printed.contains(curly_in_code),
            "{curly_in_code:?} in\n{layout}"
        );
        assert!(
            !xhtml.contains(curly_in_code),
            "{curly_in_code:?} in\n{xhtml}"
        );
    }

    let (errors, warnings, report) = epubcheck(&epub);
    assert_eq!((errors, warnings), (0, 0), "{report}");
}

#[test]
fn the_option_off_prints_marks_as_typed() {
    let (_folder, epub, pdf) = book(Some("typography:\n  smart_punctuation: false\n"));
    let (layout, printed) = pdf_text(&pdf);
    let xhtml = epub_text(&epub);
    for line in [
        r#"said "No incidents reported." It's Kubernetes' job."#,
        "Back in the '90s -- roughly -- disks were slow --- and small...",
        r#"rock 'n' roll while the "backup" ran."#,
    ] {
        assert!(printed.contains(line), "PDF lacks {line:?}:\n{layout}");
        assert!(xhtml.contains(line), "EPUB lacks {line:?}:\n{xhtml}");
    }
    for curly in ['“', '”', '‘', '’', '–', '—', '…'] {
        assert!(!printed.contains(curly), "{curly:?} in\n{layout}");
        assert!(!xhtml.contains(curly), "{curly:?} in\n{xhtml}");
    }
}

#[test]
fn import_writes_the_marks_as_typed() {
    let folder = BookFolder::with_issues(&[("2021-01.txt", TEXT_ISSUE)]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_techshack-book"))
        .arg("import")
        .arg(folder.root().join("issues").join("2021-01.txt"))
        .output()
        .expect("the binary runs");
    let markdown = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for typed in [
        r#"rock 'n' roll while the "backup" ran."#,
        "said 'all clear' --- twice.",
        "Nobody's pager rang.",
    ] {
        assert!(
            markdown.contains(typed),
            "import lacks {typed:?}:\n{markdown}"
        );
    }
    assert!(!markdown.contains(['“', '’', '—']), "{markdown}");
}
