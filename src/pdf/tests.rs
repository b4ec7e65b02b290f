//! Tests of the PDF side as a whole: layout of the sample and of
//! written books, fonts, missing characters.

use super::fonts::Face;
use super::page::{Item, LinkTarget, Zone};
use super::units::Pt;
use super::*;
use crate::diagnostics::Diagnostics;
use crate::model::{Article, Block, CodeBlock, CodeKind, Inline, SourcePos};

fn sample_layout() -> LaidOutBook {
    layout(&sample::sample_book(), &Resources::builtin()).expect("lays out")
}

#[test]
fn writes_sample() {
    let resources = Resources::builtin();
    let book = sample::sample_book();
    let bytes = render(&book, &resources).expect("renders");
    assert!(bytes.starts_with(b"%PDF-"));
    if let Ok(path) = std::env::var("TECHSHACK_PDF_SAMPLE") {
        std::fs::write(path, &bytes).expect("write sample");
    }
}

#[test]
fn output_is_deterministic() {
    let resources = Resources::builtin();
    let book = sample::sample_book();
    let a = render(&book, &resources).expect("renders");
    let b = render(&book, &resources).expect("renders");
    assert!(a == b, "two renders of the same book differ");
}

#[test]
fn every_body_item_lies_inside_the_text_area() {
    let book = sample_layout();
    let slack = Pt(0.05);
    for (index, page) in book.pages.iter().enumerate() {
        let area = page.text_area;
        for positioned in page.items.iter().filter(|i| i.zone == Zone::Body) {
            let rect = positioned.item.bounds();
            assert!(
                area.contains_rect(&rect, slack),
                "page {index}: {positioned:?} outside {area:?}"
            );
        }
    }
}

#[test]
fn outline_has_chapters_and_articles_in_order() {
    let book = sample_layout();
    let source = sample::sample_book();
    let mut expected = vec![(0, "Contents".to_string()), (0, "Preface".to_string())];
    for chapter in &source.chapters {
        expected.push((0, chapter.title.clone()));
        for article in &chapter.articles {
            expected.push((1, article.title_text()));
        }
    }
    let got: Vec<(u8, String)> = book
        .outline
        .iter()
        .map(|e| (e.level, e.title.clone()))
        .collect();
    assert_eq!(got, expected);
    // Each entry's page shows its title.
    for entry in &book.outline {
        let text = book.pages[entry.page].plain_text();
        let words: Vec<&str> = entry.title.split_whitespace().take(3).collect();
        assert!(
            text.contains(&words.join(" ")),
            "{} not on page {}",
            entry.title,
            entry.page
        );
    }
    // Chapters start their own page, at the top.
    for entry in book.outline.iter().filter(|e| e.level == 0) {
        assert!(entry.y.0 <= book.pages[entry.page].text_area.y.0 + 50.0);
    }
}

#[test]
fn the_page_map_has_every_page_and_where_chapters_begin() {
    use crate::model::{Part, Place, Precision};
    let book = sample_layout();
    let map = &book.page_map;
    let labels: Vec<String> = map.pages.iter().map(|p| p.label.clone()).collect();
    let folios: Vec<String> = (0..book.pages.len()).map(|p| book.folio(p)).collect();
    assert_eq!(labels, folios);
    let place = |part| Place {
        part,
        path: Vec::new(),
    };
    assert_eq!(map.pages[0].place, place(Part::TitlePage));
    let chapters = book.outline.iter().filter(|e| e.level == 0).skip(2);
    for (index, entry) in chapters.enumerate() {
        let start = &map.pages[entry.page];
        assert_eq!(start.place, place(Part::Chapter(index)), "{}", entry.title);
        assert_eq!(start.precision, Precision::Exact);
    }
    for (page, start) in book.pages.iter().zip(&map.pages) {
        let blank = !page.items.iter().any(|i| i.zone == Zone::Body);
        assert_eq!(
            blank,
            start.precision == Precision::Blank,
            "{}",
            start.label
        );
    }
}

#[test]
fn contents_list_the_pages_where_headings_land() {
    let book = sample_layout();
    let entries: Vec<_> = book
        .outline
        .iter()
        .filter(|e| e.title != "Contents" && e.title != "Preface")
        .collect();
    let contents = book
        .outline
        .iter()
        .find(|e| e.title == "Contents")
        .expect("contents in outline");
    let toc_page = &book.pages[contents.page];
    let area = toc_page.text_area;
    let links: Vec<(usize, Pt)> = toc_page
        .items
        .iter()
        .filter_map(|i| match &i.item {
            Item::Link(l) => match l.target {
                LinkTarget::Internal { page, y } => Some((page, y)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let expected: Vec<(usize, Pt)> = entries.iter().map(|e| (e.page, e.y)).collect();
    assert_eq!(links, expected);
    // The numbers printed flush right are the folios of those pages.
    let numbers: Vec<String> = toc_page
        .text_runs()
        .filter(|r| {
            r.text.chars().all(|c| c.is_ascii_digit())
                && (r.origin.x + r.width - area.right()).0.abs() < 0.1
        })
        .map(|r| r.text.clone())
        .collect();
    let folios: Vec<String> = entries.iter().map(|e| book.folio(e.page)).collect();
    assert_eq!(numbers, folios);
}

#[test]
fn chapters_open_on_the_right_with_roman_front_matter() {
    use super::page::Numbering;
    let book = sample_layout();
    let first_body = book
        .pages
        .iter()
        .position(|p| p.folio.numbering == Numbering::Arabic)
        .expect("a body");
    assert!(book.pages[..first_body]
        .iter()
        .all(|p| p.folio.numbering == Numbering::Roman));
    assert_eq!(book.folio(0), "i");
    assert_eq!(book.folio(first_body), "1");
    for entry in book.outline.iter().filter(|e| e.level == 0) {
        assert!(
            setup::PageSetup::is_recto(entry.page),
            "{} opens on a left-hand page",
            entry.title
        );
        // No running head on an opener: nothing above the text area.
        let page = &book.pages[entry.page];
        assert!(page
            .items
            .iter()
            .all(|i| i.item.bounds().y >= page.text_area.y - Pt(0.1)));
    }
    // Blank pages carry nothing at all, not even a folio.
    for (i, page) in book.pages.iter().enumerate() {
        if !page.items.iter().any(|i| i.zone == Zone::Body) {
            assert!(page.items.is_empty(), "blank page {i} has furniture");
        }
    }
    // Running heads: the book title on the left, the chapter on the right.
    let heads: Vec<(usize, String)> = book
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            p.items
                .iter()
                .find(|it| it.zone == Zone::Margin && it.item.bounds().y < p.text_area.y)
                .and_then(|it| match &it.item {
                    Item::Text(t) => Some((i, t.text.clone())),
                    _ => None,
                })
        })
        .collect();
    assert!(!heads.is_empty());
    for (i, head) in heads {
        if setup::PageSetup::is_recto(i) {
            assert_ne!(head, book.title, "page {i}");
        } else {
            assert_eq!(head, book.title, "page {i}");
        }
    }
}

#[test]
fn every_paper_size_lays_out_inside_its_text_area() {
    for paper in ["a4", "letter", "a5", "6x9"] {
        let mut resources = Resources::builtin();
        resources.pdf_style = setup::PdfStyle::parse(&format!("paper: {paper}")).expect("parses");
        let book = layout(&sample::sample_book(), &resources).expect("lays out");
        for page in &book.pages {
            for positioned in page.items.iter().filter(|i| i.zone == Zone::Body) {
                assert!(
                    page.text_area
                        .contains_rect(&positioned.item.bounds(), Pt(0.05)),
                    "{paper}: {positioned:?}"
                );
            }
        }
    }
}

fn one_article_book(blocks: Vec<Block>) -> crate::model::Book {
    let mut book = sample::sample_book();
    book.preface.clear();
    book.chapters.truncate(1);
    book.chapters[0].articles = vec![Article {
        title: vec![Inline::Text("Drawing".into())],
        sources: Vec::new(),
        blocks,
        notes: Vec::new(),
        pos: SourcePos {
            file: "x.md".into(),
            line: 1,
        },
    }];
    book
}

#[test]
fn characters_no_font_has_are_reported_once_per_book_with_their_places() {
    let t = |s: &str| Inline::Text(s.into());
    // Fourteen private-use characters, one of them twice, one in code.
    let mut book = one_article_book(vec![
        Block::Paragraph(vec![t(
            "private \u{E000} use, twice \u{E000}, \u{E002}\u{E003}\u{E004}\u{E005}\u{E006}\u{E007}",
        )]),
        Block::Code(CodeBlock {
            language: None,
            text: "x \u{E001}".into(),
            kind: CodeKind::Program,
        }),
    ]);
    book.chapters[0].articles[0].pos.line = 12;
    // A second issue: its own characters, and one the first already had.
    let mut second = book.chapters[0].clone();
    second.source = "issues/2019-04.md".into();
    second.articles[0].pos = SourcePos {
        file: "issues/2019-04.md".into(),
        line: 3,
    };
    second.articles[0].blocks = vec![Block::Paragraph(vec![t(
        "again \u{E000}, new \u{E010}\u{E011}\u{E012}\u{E013}\u{E014}",
    )])];
    book.chapters.push(second);
    let mut diags = Diagnostics::new();
    lay_out(&book, &Resources::builtin(), &mut diags).expect("lays out");
    let messages: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    let message = &messages[0];
    assert!(message.contains(&book.meta.title), "{message}");
    assert!(message.contains("13 characters"), "{message}");
    assert!(
        message.contains("'\u{E000}' (U+E000) in x.md:12"),
        "{message}"
    );
    assert!(message.contains("(U+E001) in x.md:12"), "{message}");
    assert!(message.contains("(U+E010) in 2019-04.md:3"), "{message}");
    assert!(!message.contains("(U+E000) in 2019-04.md"), "{message}");
    assert_eq!(message.matches("U+").count(), MISSING_EXAMPLES, "{message}");
    assert!(
        message.ends_with("to fallback_fonts in styles/pdf.yaml"),
        "{message}"
    );
}

#[test]
fn no_warning_when_every_character_has_a_font() {
    assert_eq!(missing_message("Book", &[]), None);
}

#[test]
fn emoji_come_from_the_built_in_emoji_font_and_selectors_are_dropped() {
    let book = one_article_book(vec![
        Block::Paragraph(vec![Inline::Text(
            "\u{2728} done \u{2705}, love \u{2764}\u{FE0F} and \u{2764}, star \u{2605}".into(),
        )]),
        Block::Code(CodeBlock {
            language: None,
            text: "ok \u{2705}\u{FE0F} x".into(),
            kind: CodeKind::Program,
        }),
    ]);
    let mut diags = Diagnostics::new();
    let laid = lay_out(&book, &Resources::builtin(), &mut diags)
        .expect("lays out")
        .laid_out;
    assert!(diags.is_empty(), "{:?}", diags.iter().collect::<Vec<_>>());
    let runs: Vec<_> = laid.pages.iter().flat_map(|p| p.text_runs()).collect();
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    assert!(!text.contains('\u{FE0F}') && !text.contains('?'), "{text}");
    for emoji in ['\u{2728}', '\u{2705}', '\u{2764}'] {
        let run = runs
            .iter()
            .find(|r| r.text.contains(emoji))
            .unwrap_or_else(|| panic!("{emoji} is set"));
        assert!(matches!(run.face, Face::Fallback(_)), "{emoji}: {run:?}");
    }
}

#[test]
fn fallback_fonts_from_the_style_fill_in_missing_characters() {
    let dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if !std::path::Path::new(dejavu).is_file() {
        return; // the system font this test borrows is not installed
    }
    let mut resources = Resources::builtin();
    resources.pdf_style =
        setup::PdfStyle::parse(&format!("fallback_fonts: [{dejavu}]")).expect("parses");
    let book = one_article_book(vec![Block::Paragraph(vec![Inline::Text(
        "Knight \u{265E} to f3".into(),
    )])]);
    let laid = layout(&book, &resources).expect("lays out");
    let run = laid
        .pages
        .iter()
        .flat_map(|p| p.text_runs())
        .find(|r| r.text.contains('\u{265E}'))
        .expect("the character is set");
    assert_eq!(run.face, Face::Fallback(0));
    assert!(laid.missing_chars.is_empty());
    let bytes = render(&book, &resources).expect("renders");
    assert!(bytes.starts_with(b"%PDF"));
}

#[test]
fn a_wide_drawing_is_scaled_as_a_whole_and_keeps_its_columns() {
    let wide = sample::WIDE_DRAWING;
    let book = one_article_book(vec![Block::Code(CodeBlock {
        language: None,
        text: wide.into(),
        kind: CodeKind::Drawing,
    })]);
    let laid = layout(&book, &Resources::builtin()).expect("lays out");
    let page = laid.pages.last().expect("a page");
    let runs: Vec<_> = page.text_runs().filter(|r| r.face == Face::Mono).collect();
    assert!(!runs.is_empty());
    let size = runs[0].size;
    assert!(size < style::CODE_SIZE, "not scaled: {size:?}");
    assert!(runs.iter().all(|r| r.size == size), "one size per drawing");
    // Every run advances the same per character, and starts on the grid.
    let cell = runs[0].width / runs[0].text.chars().count() as f32;
    let left = runs.iter().map(|r| r.origin.x).fold(Pt(f32::MAX), Pt::min);
    for r in &runs {
        let per_char = r.width / r.text.chars().count() as f32;
        assert!((per_char - cell).0.abs() < 1e-3);
        let col = (r.origin.x - left) / cell;
        assert!((col - col.round()).abs() < 1e-3, "off grid: {col}");
        assert!(r.origin.x + r.width <= page.text_area.right() + Pt(0.01));
    }
    // All four lines, nothing wrapped.
    let lines: std::collections::BTreeSet<i64> =
        runs.iter().map(|r| (r.origin.y.0 * 100.0) as i64).collect();
    assert_eq!(lines.len(), wide.lines().count());
}

#[test]
fn each_line_of_code_or_drawing_carries_its_exact_text_for_extraction() {
    // U+2016 is not in the monospace face: it is set in a fallback face,
    // in runs of its own, and the run of spaces before it is not drawn.
    let drawing = "  +--+   +--+\n  |a |-->|  b|\n\n  \u{2016}a  \u{2016}";
    let book = one_article_book(vec![
        Block::Code(CodeBlock {
            language: None,
            text: drawing.into(),
            kind: CodeKind::Drawing,
        }),
        Block::Code(CodeBlock {
            language: Some("sh".into()),
            text: "echo a  b".into(),
            kind: CodeKind::Program,
        }),
    ]);
    let mut book = book;
    // The highlighting step: the PDF shows what it found.
    crate::highlight::highlight_book(&mut book);
    let laid = layout(&book, &Resources::builtin()).expect("lays out");
    let page = laid.pages.last().expect("a page");
    let runs: Vec<_> = page
        .text_runs()
        .filter(|r| r.size <= style::CODE_SIZE)
        .collect();
    let lines: Vec<(&str, usize)> = runs
        .iter()
        .filter_map(|r| r.line_text.as_ref())
        .map(|l| (l.text.as_str(), l.runs))
        .collect();
    assert_eq!(
        lines,
        [
            ("  +--+   +--+", 1),
            ("  |a |-->|  b|", 1),
            ("\u{2016}a  \u{2016}", 3),
            ("echo a  b", 2),
        ]
    );
    let last = runs
        .iter()
        .position(|r| r.text == "\u{2016}")
        .expect("the fallback character is drawn");
    assert_ne!(runs[last].face, Face::Mono);
    assert!(runs[last].line_text.is_some(), "the line starts at it");
    // Program code too, from its first run.
    let program = runs.iter().find(|r| r.text.contains("echo"));
    assert_eq!(program.map(|r| r.line_text.is_some()), Some(true));
}

#[test]
fn link_urls_footnotes_prints_each_url_at_the_foot_of_its_page() {
    let t = |s: &str| Inline::Text(s.into());
    let url = "https://example.com/a/long/path/to/an/article";
    let filler = "Words that fill the page, line after line, until the link comes. ".repeat(12);
    let mut blocks: Vec<Block> = (0..8).map(|_| Block::Paragraph(vec![t(&filler)])).collect();
    blocks.push(Block::Paragraph(vec![
        t("Read "),
        Inline::Link {
            url: url.into(),
            content: vec![t("the article")],
        },
        t(" on paper."),
    ]));
    // Text after the link, enough for another page: notes at the end
    // of the article would be printed there.
    blocks.extend((0..8).map(|_| Block::Paragraph(vec![t(&filler)])));
    let book = one_article_book(blocks);
    let mut resources = Resources::builtin();
    resources.pdf_style = setup::PdfStyle::parse("link_urls: footnotes").expect("parses");
    let laid = layout(&book, &resources).expect("lays out");
    let (page, link) = laid
        .pages
        .iter()
        .enumerate()
        .find_map(|(i, p)| {
            p.text_runs()
                .find(|r| r.text.contains("the article"))
                .map(|r| (i, r))
        })
        .expect("the link text is set");
    let note = laid.pages[page]
        .text_runs()
        .find(|r| r.text.contains("example.com"))
        .expect("the URL is on the link's page");
    assert!(note.origin.y > link.origin.y, "the note is below the text");
    assert!(note.size < link.size, "notes are small");
    let below = laid.pages[page]
        .text_runs()
        .filter(|r| r.origin.y > note.origin.y + Pt(1.0))
        .filter(|r| r.size >= link.size)
        .count();
    assert_eq!(below, 0, "no body text below the note");
    // Printed once: not again at the end of the article.
    let printed = laid
        .pages
        .iter()
        .flat_map(|p| p.text_runs())
        .filter(|r| r.text.contains("example.com"))
        .count();
    assert_eq!(printed, 1);
}

#[test]
fn a_long_program_line_wraps_with_a_continuation_mark() {
    let line = format!("echo {}", "x".repeat(300));
    let book = one_article_book(vec![Block::Code(CodeBlock {
        language: Some("sh".into()),
        text: line,
        kind: CodeKind::Program,
    })]);
    let laid = layout(&book, &Resources::builtin()).expect("lays out");
    let page = laid.pages.last().expect("a page");
    let marks = page
        .text_runs()
        .filter(|r| r.text.trim() == style::CONTINUATION_MARK.trim())
        .count();
    assert!(marks >= 3, "{marks}");
    let xs: usize = page
        .text_runs()
        .filter(|r| r.face == Face::Mono)
        .map(|r| r.text.matches('x').count())
        .sum();
    assert_eq!(xs, 300);
}

#[test]
fn odd_input_does_not_break_layout() {
    use crate::model::{Align, Image};
    let t = |s: &str| Inline::Text(s.into());
    let blocks = vec![
        Block::Paragraph(Vec::new()),
        Block::Paragraph(vec![t(
            "CJK 中文 and emoji 🚀 and combining e\u{301} \u{0}",
        )]),
        Block::Heading {
            level: 0,
            content: vec![t("level zero")],
        },
        Block::Heading {
            level: 9,
            content: Vec::new(),
        },
        Block::Code(CodeBlock {
            language: None,
            text: String::new(),
            kind: CodeKind::Program,
        }),
        Block::Code(CodeBlock {
            language: None,
            text: "\t\tx = 1 // 中文\r".into(),
            kind: CodeKind::Drawing,
        }),
        Block::List {
            start: Some(u64::MAX),
            items: vec![Vec::new(), vec![Block::Rule]],
        },
        Block::Table {
            align: Vec::new(),
            header: Vec::new(),
            rows: Vec::new(),
        },
        Block::Table {
            align: vec![Align::Left],
            header: vec![vec![t("a")]],
            rows: vec![vec![
                vec![t(&"verylongcellword".repeat(20))],
                vec![t("extra cell beyond the header")],
            ]],
        },
        Block::Figure {
            image: Image {
                url: String::new(),
                alt: String::new(),
            },
            caption: None,
        },
        Block::Quote(Vec::new()),
        Block::Mermaid(String::new()),
    ];
    let mut book = one_article_book(blocks);
    book.chapters[0].articles[0].title.clear();
    let resources = Resources::builtin();
    let laid = layout(&book, &resources).expect("lays out");
    for page in &laid.pages {
        let area = page.text_area;
        for run in page.text_runs() {
            assert!(
                run.origin.x + run.width <= area.right() + Pt(0.05),
                "{run:?}"
            );
            assert!(!run.text.contains('\u{FFFD}'));
        }
    }
    render(&book, &resources).expect("renders");
    let mut empty = book.clone();
    empty.chapters.clear();
    empty.preface.clear();
    render(&empty, &resources).expect("renders an empty book");
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    let t = |s: &str| vec![Inline::Text(s.into())];
    let rows = (0..120)
        .map(|i| vec![t(&format!("row {i}")), t("value")])
        .collect();
    let book = one_article_book(vec![Block::Table {
        align: Vec::new(),
        header: vec![t("Key"), t("Value")],
        rows,
    }]);
    let laid = layout(&book, &Resources::builtin()).expect("lays out");
    let table_pages: Vec<_> = laid
        .pages
        .iter()
        .filter(|p| p.text_runs().any(|r| r.text.starts_with("row ")))
        .collect();
    assert!(table_pages.len() >= 2);
    for page in table_pages {
        let first_cell = page
            .text_runs()
            .find(|r| r.text == "Key" || r.text.starts_with("row "))
            .map(|r| r.text.clone());
        assert_eq!(first_cell.as_deref(), Some("Key"));
    }
}
