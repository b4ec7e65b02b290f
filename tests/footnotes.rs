//! Footnotes end to end: a book whose article refers to many notes (one
//! of them long enough to continue on the next page), laid out for print
//! with each note at the foot of the page of its reference, and written as
//! an EPUB whose references and notes lead to each other.

mod common;

use std::path::{Path, PathBuf};

use techshack_book::diagnostics::Diagnostics;
use techshack_book::pdf::page::{Item, LaidOutBook, Zone};
use techshack_book::pdf::style;
use techshack_book::pdf::units::Pt;
use techshack_book::Format;

/// How many short notes the first article refers to.
const NOTES: usize = 40;
/// The short note whose reference is followed by the long note's.
const LONG_AFTER: usize = 17;

const WORDS: [&str; 16] = [
    "replication",
    "the",
    "queue",
    "of",
    "consensus",
    "and",
    "leader",
    "a",
    "log",
    "with",
    "followers",
    "in",
    "every",
    "term",
    "shard",
    "latency",
];

/// `count` words of filler, different for each `seed`.
fn filler(seed: usize, count: usize) -> String {
    (0..count)
        .map(|i| WORDS[(seed * 7 + i * 5 + i / 3) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// The issue: an article of paragraphs that each end with a footnote
/// reference (so that some land at the foot of a page), one long note, and
/// a second article; every definition comes after the second article.
fn issue() -> String {
    let mut text = String::from(
        "---\ntitle: EnqueueZero Techshack 2019-09\n---\n\n# EnqueueZero Techshack 2019-09\n\n## Notes at the foot\n\n",
    );
    for i in 1..=NOTES {
        text.push_str(&format!(
            "Paragraph {i}: {} ends here[^n{i}].",
            filler(i, 40 + i % 5 * 9)
        ));
        if i == LONG_AFTER {
            text.push_str(" And a long one[^long].");
        }
        text.push_str("\n\n");
    }
    text.push_str(
        "## A second article\n\nIt has a note[^second] of its own, and shares one[^n1].\n\n",
    );
    for i in 1..=NOTES {
        text.push_str(&format!(
            "[^n{i}]: Footnote {i} says {}.\n",
            filler(i + 3, 6)
        ));
    }
    // Longer than a page: it has to continue on the next.
    text.push_str(&format!(
        "[^long]: Longnote begins: {} Longnote ends.\n",
        ["walrus yak zebra"; 480].join(" ")
    ));
    text.push_str("[^second]: The second article's note.\n");
    text
}

struct Built {
    _dir: common::BookFolder,
    epub: PathBuf,
    pdf: PathBuf,
    layout: LaidOutBook,
    diagnostics: Diagnostics,
}

fn build() -> Built {
    let dir = common::BookFolder::with_issues(&[("2019-09.md", issue())]);
    let (outputs, diagnostics) = dir.build();
    let options = dir.options(&[Format::Pdf]);
    let (books, resources) = techshack_book::prepare(&options, &mut Diagnostics::new()).unwrap();
    let layout = techshack_book::pdf::layout(&books[0], &resources).expect("lays out");
    Built {
        epub: common::output_of(&outputs, Format::Epub),
        pdf: common::output_of(&outputs, Format::Pdf),
        layout,
        diagnostics,
        _dir: dir,
    }
}

/// Where a text run is: page, top and bottom of its ink box.
#[derive(Debug, Clone, Copy)]
struct Spot {
    page: usize,
    top: Pt,
    bottom: Pt,
}

fn is_note_run(size: Pt) -> bool {
    (size - style::FOOTNOTE_SIZE).0.abs() < 0.01
}

fn is_mark_run(size: Pt) -> bool {
    (size - style::BODY_SIZE * style::SCRIPT_SCALE).0.abs() < 0.01
}

/// The pages of the first article's text (the second article, whose
/// notes are numbered from 1 again, starts on the last of them).
fn first_article_pages(layout: &LaidOutBook) -> std::ops::RangeInclusive<usize> {
    let page_of = |needle: &str| {
        layout
            .pages
            .iter()
            .position(|p| p.text_runs().any(|r| r.text.contains(needle)))
            .unwrap_or_else(|| panic!("{needle:?} is printed"))
    };
    page_of("Paragraph 1:")..=page_of("It has a note")
}

#[test]
fn notes_sit_at_the_foot_of_the_page_of_their_reference() {
    let built = build();
    let layout = &built.layout;
    let pages = first_article_pages(layout);
    // Notes are numbered through the chapter: the second article's follow.
    let mut marks: Vec<Option<Spot>> = vec![None; 4 * NOTES];
    let mut labels: Vec<Option<Spot>> = vec![None; 4 * NOTES];
    let mut near_the_foot = 0;
    let mut long_note_pages = Vec::new();
    for index in pages.clone() {
        let page = &layout.pages[index];
        let mut body_bottom = Pt(f32::MIN);
        let mut notes_top = Pt(f32::MAX);
        let mut notes_bottom = Pt(f32::MIN);
        let mut page_marks = Vec::new();
        let mut rule = None;
        for positioned in &page.items {
            if positioned.zone == Zone::Margin {
                continue;
            }
            let bounds = positioned.item.bounds();
            assert!(
                page.text_area.contains_rect(&bounds, Pt(0.05)),
                "page {index}: {:?} lies outside the text block {:?}",
                positioned.item,
                page.text_area
            );
            match &positioned.item {
                Item::Text(run) if is_note_run(run.size) => {
                    notes_top = notes_top.min(bounds.y);
                    notes_bottom = notes_bottom.max(bounds.bottom());
                    let spot = Spot {
                        page: index,
                        top: bounds.y,
                        bottom: bounds.bottom(),
                    };
                    if let Some(n) = run
                        .text
                        .strip_suffix('.')
                        .and_then(|n| n.parse::<usize>().ok())
                    {
                        // The first article's notes come first.
                        labels[n].get_or_insert(spot);
                    }
                    if run.text.contains("walrus") || run.text.contains("zebra") {
                        long_note_pages.push(index);
                    }
                }
                Item::Text(run) => {
                    body_bottom = body_bottom.max(bounds.bottom());
                    if is_mark_run(run.size) {
                        let n: usize = run.text.parse().expect("a note number");
                        page_marks.push((n, bounds));
                        marks[n].get_or_insert(Spot {
                            page: index,
                            top: bounds.y,
                            bottom: bounds.bottom(),
                        });
                    }
                }
                Item::Line(line) if line.from.y == line.to.y => rule = Some(line.from.y),
                _ => {}
            }
        }
        if notes_top == Pt(f32::MAX) {
            continue;
        }
        assert!(
            notes_top > body_bottom,
            "page {index}: the notes (from {notes_top:?}) overlap the text (to {body_bottom:?})"
        );
        let rule = rule.expect("a rule above the notes");
        assert!(
            rule > body_bottom && rule < notes_top,
            "page {index}: the rule is between"
        );
        assert!(
            page.text_area.bottom() - notes_bottom < style::FOOTNOTE_SIZE * 1.5,
            "page {index}: the notes end at the foot of the text block"
        );
        // A reference on the last lines of the text, right above the notes.
        let line = style::BODY_SIZE * style::LEADING;
        if page_marks
            .iter()
            .any(|(_, b)| notes_top - b.bottom() < line * 2.5 && body_bottom - b.bottom() < line)
        {
            near_the_foot += 1;
        }
    }
    for n in 1..=NOTES + 1 {
        let mark = marks[n].unwrap_or_else(|| panic!("reference {n} is printed"));
        let label = labels[n].unwrap_or_else(|| panic!("note {n} is printed"));
        assert_eq!(
            mark.page, label.page,
            "note {n} is on the page of its reference"
        );
        assert!(label.top > mark.bottom);
    }
    assert!(
        near_the_foot > 0,
        "some reference stands on the last line of a page, right above its note"
    );
    // The long note (number LONG_AFTER + 1) starts on its reference's page
    // and continues at the foot of the next one.
    long_note_pages.dedup();
    let long = labels[LONG_AFTER + 1].unwrap();
    assert_eq!(long_note_pages.first(), Some(&long.page));
    assert!(long_note_pages.len() >= 2, "{long_note_pages:?}");
    assert_eq!(long_note_pages[1], long.page + 1);
    assert!(
        long_note_pages.windows(2).all(|w| w[1] == w[0] + 1),
        "{long_note_pages:?}"
    );
    let text_of_next = layout.pages[long_note_pages[long_note_pages.len() - 1]]
        .text_runs()
        .filter(|r| is_note_run(r.size))
        .map(|r| r.text.clone())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text_of_next.contains("Longnote ends."), "{text_of_next}");
}

#[test]
fn printed_notes_are_numbered_through_the_chapter() {
    // The first article has NOTES + 1 notes; the second article's two
    // (its own and the one it shares) follow them, so that no page shows
    // two notes of one number.
    let built = build();
    let labels: Vec<usize> = built
        .layout
        .pages
        .iter()
        .flat_map(|p| p.text_runs())
        .filter(|r| is_note_run(r.size))
        .filter_map(|r| r.text.strip_suffix('.')?.parse().ok())
        .collect();
    let want: Vec<usize> = (1..=NOTES + 3).collect();
    assert_eq!(labels, want);
}

#[test]
fn the_book_with_footnotes_passes_epubcheck_and_links_both_ways() {
    let built = build();
    assert!(
        built.diagnostics.is_empty(),
        "{:?}",
        built.diagnostics.iter().collect::<Vec<_>>()
    );
    let (errors, warnings, report) = common::epubcheck(&built.epub);
    assert_eq!((errors, warnings), (0, 0), "{report}");
    let (_, chapter) = common::epub_entries(&built.epub)
        .into_iter()
        .find(|(name, _)| name.ends_with("chapter-2019-09.xhtml"))
        .expect("the chapter document");
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&chapter, options).expect("well-formed");
    let ops = "http://www.idpf.org/2007/ops";
    let by_id = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("#{id} exists"))
    };
    let refs: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute((ops, "type")) == Some("noteref"))
        .collect();
    // 40 + the long one in the first article, 2 in the second.
    assert_eq!(refs.len(), NOTES + 1 + 2);
    for r in &refs {
        assert_eq!(r.attribute("role"), Some("doc-noteref"));
        let target = r.attribute("href").unwrap().strip_prefix('#').unwrap();
        let aside = by_id(target);
        assert_eq!(aside.tag_name().name(), "aside");
        assert_eq!(aside.attribute((ops, "type")), Some("footnote"));
        assert_eq!(aside.attribute("role"), Some("doc-footnote"));
        let back = aside
            .descendants()
            .find(|n| n.attribute("role") == Some("doc-backlink"))
            .expect("a back link");
        let back_target = back.attribute("href").unwrap().strip_prefix('#').unwrap();
        assert_eq!(
            by_id(back_target).attribute("href"),
            r.attribute("href"),
            "the back link leads to a reference of the same note"
        );
        assert_eq!(
            back.text(),
            Some(format!("{}.", r.text().unwrap()).as_str())
        );
    }
    let asides = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "aside")
        .count();
    assert_eq!(asides, NOTES + 1 + 2);
}

#[test]
fn the_printed_text_holds_the_notes() {
    let built = build();
    let (ok, text) = common::run("pdftotext", &[path(&built.pdf), "-"]);
    assert!(ok, "{text}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Footnote 1 says",
        "Footnote 40 says",
        "Longnote begins",
        "Longnote ends",
        // Note text is prose: its apostrophe prints curly.
        "The second article’s note.",
    ] {
        assert!(flat.contains(needle), "{needle} in the PDF text");
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}
