//! Chapter titles come from the issue number by one pattern, whatever each
//! file calls itself: three issues whose titles drift ("Techshack 2018-50",
//! "EnqueueZero Techshack 2018-51", a bare `# 2018-52`) show one pattern in
//! the PDF's contents, openings, running heads and outline, and in the
//! EPUB's navigation (nav, toc.ncx), contents page and chapter headings;
//! `chapter_title:` in `book.yaml` changes the pattern everywhere.

mod common;

use common::{epub_entries, BookFolder};
use techshack_book::Format;

/// An issue with one article long enough to run over several pages, so
/// that the chapter's running head is printed.
fn issue(head: &str, article: &str) -> String {
    let page = article.replace(' ', "-").to_lowercase();
    let mut text = format!("{head}\n## {article}\n\n[Source](https://example.com/{page})\n\n");
    for i in 1..=40 {
        text.push_str(&format!(
            "Paragraph {i} of {article} says a little about queues, logs and the ways they fail, so that the article fills a few pages.\n\n"
        ));
    }
    text
}

/// A book folder holding the three drifting issues.
fn drifting() -> BookFolder {
    let folder = BookFolder::new();
    folder
        .issue(
            "a.md",
            issue(
                "---\ntitle: Techshack 2018-50\n---\n\n# Techshack 2018-50\n",
                "Write-ahead logs",
            ),
        )
        .issue(
            "b.md",
            issue(
                "---\ntitle: EnqueueZero Techshack 2018-51\n---\n\n# EnqueueZero Techshack 2018-51\n",
                "Consistent hashing",
            ),
        )
        .issue("c.md", issue("# 2018-52\n", "Back pressure"));
    folder
}

/// Where the built book shows its chapter titles.
struct Shown {
    /// The PDF's text (`pdftotext`).
    pdf_text: String,
    /// The PDF outline's top-level entries.
    outline: Vec<String>,
    /// The chapter entries of the EPUB's nav (`nav.xhtml`).
    nav: Vec<String>,
    /// The chapter entries of `toc.ncx`.
    ncx: Vec<String>,
    /// The chapter entries of the EPUB's contents page.
    contents: Vec<String>,
    /// The `<h1>` of each chapter file.
    headings: Vec<String>,
}

/// The text of every `<a href="chapter-….xhtml">` (not an article's
/// anchor) in `xhtml`.
fn chapter_links(xhtml: &str) -> Vec<String> {
    xhtml
        .split("<a href=\"chapter-")
        .skip(1)
        .filter_map(|rest| {
            let (href, after) = rest.split_once("\">")?;
            (!href.contains('#')).then(|| after.split("</a>").next().unwrap_or_default())
        })
        .map(common::unescape_xml)
        .collect()
}

/// Builds `folder` (EPUB and PDF), checks the EPUB with EPUBCheck and
/// returns where the chapter titles show.
fn build(folder: &BookFolder) -> Shown {
    let (outputs, diagnostics) = folder.build();
    assert!(
        diagnostics
            .iter()
            .all(|d| d.severity < techshack_book::diagnostics::Severity::Warning),
        "{diagnostics:?}"
    );
    let pdf = common::output_of(&outputs, Format::Pdf);
    let epub = common::output_of(&outputs, Format::Epub);
    let (errors, warnings, report) = common::epubcheck(&epub);
    assert_eq!((errors, warnings), (0, 0), "{report}");

    let (ok, pdf_text) = common::run("pdftotext", &[pdf.to_str().expect("UTF-8 path"), "-"]);
    assert!(ok, "{pdf_text}");
    let document = lopdf::Document::load(&pdf).expect("the PDF loads");
    let outline = document
        .get_toc()
        .expect("the PDF has an outline")
        .toc
        .into_iter()
        .filter(|entry| entry.level == 1 && entry.title != "Contents")
        .map(|entry| entry.title)
        .collect();

    let entries = epub_entries(&epub);
    let file = |name: &str| {
        entries
            .iter()
            .find(|(n, _)| n.ends_with(name))
            .map(|(_, text)| text.clone())
            .unwrap_or_else(|| panic!("{name} in the EPUB"))
    };
    let ncx = file("toc.ncx")
        .split("<text>")
        .skip(1)
        .filter_map(|rest| rest.split("</text>").next())
        .map(common::unescape_xml)
        .filter(|label| label.contains("2018") && !label.ends_with("2018"))
        .collect();
    let headings = entries
        .iter()
        .filter(|(name, _)| name.contains("chapter-") && name.ends_with(".xhtml"))
        .map(|(_, text)| {
            let h1 = text
                .split("<h1 class=\"issue-title\">")
                .nth(1)
                .and_then(|rest| rest.split("</h1>").next())
                .expect("a chapter heading");
            common::unescape_xml(h1)
        })
        .collect();
    Shown {
        pdf_text,
        outline,
        nav: chapter_links(&file("nav.xhtml")),
        ncx,
        contents: chapter_links(&file("contents.xhtml")),
        headings,
    }
}

/// Asserts that every place shows exactly `titles`, in order, and that the
/// PDF prints each in the contents, at the opening and in running heads,
/// and no other spelling of the issue's title (`unwanted`).
fn assert_shown(shown: &Shown, titles: &[&str], unwanted: &[&str]) {
    for (place, found) in [
        ("PDF outline", &shown.outline),
        ("nav", &shown.nav),
        ("toc.ncx", &shown.ncx),
        ("contents page", &shown.contents),
        ("chapter headings", &shown.headings),
    ] {
        assert_eq!(found, titles, "{place}");
    }
    for title in titles {
        // pdftotext keeps the words of a line together; the contents entry
        // carries leader dots and a page number after the title.
        let printed = shown
            .pdf_text
            .lines()
            .filter(|line| line.trim() == *title || line.trim().starts_with(&format!("{title} .")))
            .count();
        assert!(
            printed >= 3,
            "{title:?} is printed {printed} times (contents, opening, running heads):\n{}",
            shown.pdf_text
        );
    }
    // Outside the pattern's titles, no other spelling of an issue's title
    // is printed.
    for line in shown.pdf_text.lines() {
        let rest = titles
            .iter()
            .fold(line.to_string(), |rest, title| rest.replace(title, ""));
        for spelling in unwanted {
            assert!(!rest.contains(spelling), "{spelling:?} printed: {line:?}");
        }
    }
}

#[test]
fn drifting_issue_titles_become_one_pattern() {
    let shown = build(&drifting());
    assert_shown(
        &shown,
        &[
            "EnqueueZero Techshack 2018-50",
            "EnqueueZero Techshack 2018-51",
            "EnqueueZero Techshack 2018-52",
        ],
        // Neither the file's "Techshack 2018-50" nor the bare "2018-52"
        // outside the pattern's titles.
        &["2018-5"],
    );
}

#[test]
fn a_book_yaml_pattern_is_honoured_everywhere() {
    let folder = drifting();
    folder.write(
        "book.yaml",
        "series: Techshack Weekly\nchapter_title: \"{series} No. {number} ({year})\"\n",
    );
    let shown = build(&folder);
    assert_shown(
        &shown,
        &[
            "Techshack Weekly No. 50 (2018)",
            "Techshack Weekly No. 51 (2018)",
            "Techshack Weekly No. 52 (2018)",
        ],
        &["2018-5", "Techshack 2018"],
    );
}

#[test]
fn a_broken_pattern_stops_the_build_naming_the_key() {
    let folder = drifting();
    folder.write("book.yaml", "chapter_title: \"{series} {issue}\"\n");
    let run = common::cli(folder.root(), &["build", "--offline"]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("book.yaml")
            && run.stderr.contains("`chapter_title`")
            && run.stderr.contains("{issue}"),
        "{}",
        run.stderr
    );
    assert!(!folder.out().exists(), "nothing was written");
}
