//! End-to-end tests over the sample book in `issues/`: the model the readers
//! produce, and the EPUB and PDF the writers make of it.

mod common;

use common::{epub_entries, sample_book, sample_root};
use techshack_book::config::BookConfig;
use techshack_book::diagnostics::Diagnostics;
use techshack_book::model::{Block, Book, Chapter, Inline};

fn sample_model() -> Book {
    let root = sample_root();
    let config = BookConfig::load(&root).expect("book.yaml");
    let mut diags = Diagnostics::new();
    let mut books = techshack_book::read_books(&root, &config, None, None, false, &mut diags)
        .expect("sample reads");
    assert_eq!(books.len(), 1, "one year in the sample");
    books.remove(0)
}

/// The article titles of a Markdown issue, found independently of the
/// reader: `## ` lines outside code fences (or `# ` lines after the first
/// for issues that use `#` for articles).
fn titles_in_file(name: &str, marker: &str, skip_first: bool) -> Vec<String> {
    let text = std::fs::read_to_string(sample_root().join("issues").join(name)).unwrap();
    let mut in_fence = false;
    let mut titles = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence {
            if let Some(title) = line.strip_prefix(marker) {
                titles.push(title.trim().to_string());
            }
        }
    }
    if skip_first {
        titles.remove(0);
    }
    titles
}

fn titles(chapter: &Chapter) -> Vec<String> {
    chapter.articles.iter().map(|a| a.title_text()).collect()
}

#[test]
fn chapters_are_in_issue_order() {
    let book = sample_model();
    let ids: Vec<String> = book.chapters.iter().map(|c| c.id.to_string()).collect();
    assert_eq!(ids, ["2019-01", "2019-03", "2019-05", "2019-06", "2019-07"]);
    assert_eq!(book.meta.title, "EnqueueZero Techshack 2019");
}

#[test]
fn markdown_issues_have_their_articles_with_titles_and_sources() {
    let book = sample_model();
    let by_id = |id: &str| {
        book.chapters
            .iter()
            .find(|c| c.id.to_string() == id)
            .unwrap()
    };
    for (id, file, count) in [
        ("2019-03", "2019-03.md", 11),
        ("2019-06", "2019-06.md", 16),
        ("2019-07", "2019-07.md", 22),
    ] {
        let chapter = by_id(id);
        assert_eq!(chapter.articles.len(), count, "{id}");
        assert_eq!(titles(chapter), titles_in_file(file, "## ", false), "{id}");
        for article in &chapter.articles {
            assert!(
                !article.sources.is_empty(),
                "{id}: {} has a source",
                article.title_text()
            );
        }
    }
    let may = by_id("2019-05");
    assert_eq!(may.articles.len(), 17);
    assert_eq!(titles(may), titles_in_file("2019-05.txt", "# ", true));
}

#[test]
fn the_intro_is_in_the_preface_only() {
    let book = sample_model();
    let preface = format!("{:?}", book.preface);
    assert!(preface.contains("Kia ora!"));
    for chapter in &book.chapters {
        let text = format!("{:?}{:?}", chapter.lead, chapter.articles);
        assert!(
            !text.contains("Kia ora!"),
            "{} still has the intro",
            chapter.id
        );
        assert!(
            !text.contains("Happy exploring"),
            "{} still has the follow line",
            chapter.id
        );
        assert!(!text.contains("TechshackHeader"), "{}", chapter.id);
    }
}

#[test]
fn no_month_name_is_derived_from_issue_numbers() {
    let book = sample_model();
    for chapter in &book.chapters {
        assert_eq!(chapter.date, None, "the sample has no dates");
    }
}

#[test]
fn mermaid_and_figures_are_understood() {
    let book = sample_model();
    let march = &book.chapters[1];
    let mermaid = march
        .articles
        .iter()
        .flat_map(|a| &a.blocks)
        .filter(|b| matches!(b, Block::Mermaid(_)))
        .count();
    assert_eq!(mermaid, 2);
    let june = &book.chapters[3];
    let captions: Vec<_> = june
        .articles
        .iter()
        .flat_map(|a| &a.blocks)
        .filter_map(|b| match b {
            Block::Figure {
                caption: Some(c), ..
            } => Some(c.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(captions.len(), 1, "the strangler fig has its ^ caption");
    assert!(matches!(&captions[0][0], Inline::Text(t) if t.starts_with("Over many years")));
}

#[test]
fn epub_has_the_intro_once_and_chapters_in_order() {
    let built = sample_book();
    let entries = epub_entries(&built.epub);
    let content: Vec<&(String, String)> = entries
        .iter()
        .filter(|(name, _)| {
            name.ends_with(".xhtml") && !name.contains("nav") && !name.contains("toc")
        })
        .collect();
    let intro_count: usize = content
        .iter()
        .map(|(_, t)| t.matches("Kia ora!").count())
        .sum();
    assert_eq!(intro_count, 1, "the intro appears once");
    let opf = &entries
        .iter()
        .find(|(n, _)| n.ends_with(".opf"))
        .expect("package document")
        .1;
    let spine = &opf[opf.find("<spine").expect("spine")..];
    let mut last = 0;
    for id in ["2019-01", "2019-03", "2019-05", "2019-06", "2019-07"] {
        let chapter = content
            .iter()
            .find(|(_, t)| t.contains(&format!("EnqueueZero Techshack {id}</h1>")))
            .unwrap_or_else(|| panic!("a chapter titled {id}"));
        let file = chapter.0.rsplit('/').next().unwrap();
        let manifest_id = opf
            .lines()
            .find(|l| l.contains(&format!("href=\"{file}\"")) || l.contains(&format!("/{file}\"")))
            .and_then(|l| l.split("id=\"").nth(1))
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("{file} in the manifest"));
        let at = spine
            .find(&format!("idref=\"{manifest_id}\""))
            .unwrap_or_else(|| panic!("{file} in the spine"));
        assert!(
            at > last,
            "{id} comes after the previous issue in the spine"
        );
        last = at;
    }
}

#[test]
fn pdf_is_valid_and_embeds_every_font() {
    let built = sample_book();
    let pdf = built.pdf.to_str().unwrap();
    let (ok, report) = common::run("qpdf", &["--check", pdf]);
    assert!(ok, "qpdf --check:\n{report}");
    let (ok, fonts) = common::run("pdffonts", &[pdf]);
    assert!(ok, "{fonts}");
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(rows.len() >= 2, "text and code fonts are used:\n{fonts}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID: `emb` is the 4th from the end but two.
        let emb = columns[columns.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {row}");
    }
}

#[test]
fn pdf_outline_lists_chapters_and_articles() {
    let built = sample_book();
    let (ok, json) = common::run(
        "qpdf",
        &["--json", "--json-key=outlines", built.pdf.to_str().unwrap()],
    );
    assert!(ok, "{json}");
    // The writers get the titles with smart punctuation (Kafka’s).
    let mut book = sample_model();
    techshack_book::source::smart::apply(&mut book);
    for chapter in &book.chapters {
        assert!(
            json.contains(&chapter.title),
            "outline has {}",
            chapter.title
        );
        for article in &chapter.articles {
            let title = article.title_text();
            let escaped = title.replace('\\', "\\\\").replace('"', "\\\"");
            assert!(json.contains(&escaped), "outline has {title}");
        }
    }
}

#[test]
fn pdf_text_has_the_articles() {
    let built = sample_book();
    let (ok, text) = common::run("pdftotext", &[built.pdf.to_str().unwrap(), "-"]);
    assert!(ok);
    assert!(!text.contains('\u{FFFD}'), "no replacement characters");
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for title in [
        "Coroutines in C",
        "Python disk-backed cache",
        "Writing Docs at Amazon",
    ] {
        assert!(flat.contains(title), "PDF text has {title}");
    }
    assert_eq!(flat.matches("Kia ora!").count(), 1);
}

#[test]
fn pdf_layout_keeps_every_item_inside_the_text_area() {
    use techshack_book::pdf::page::Zone;
    use techshack_book::pdf::units::Pt;
    let book = sample_model();
    let resources = techshack_book::resources::Resources::builtin();
    let laid_out = techshack_book::pdf::layout(&book, &resources).expect("lays out");
    assert!(laid_out.pages.len() > 10);
    let mut margin_items = 0;
    for (index, page) in laid_out.pages.iter().enumerate() {
        for positioned in &page.items {
            if positioned.zone == Zone::Margin {
                margin_items += 1;
                continue;
            }
            let bounds = positioned.item.bounds();
            assert!(
                page.text_area.contains_rect(&bounds, Pt(0.05)),
                "page {}: {:?} lies outside the text area {:?}",
                index + 1,
                positioned.item,
                page.text_area
            );
        }
    }
    assert!(
        margin_items > 0,
        "running heads and folios are marked as margin items"
    );
}

#[test]
fn pdf_keeps_the_aws_diagram_on_one_page_on_its_grid() {
    use techshack_book::pdf::fonts::Face;
    let book = sample_model();
    let resources = techshack_book::resources::Resources::builtin();
    let laid_out = techshack_book::pdf::layout(&book, &resources).expect("lays out");
    let page_of = |needle: &str| {
        laid_out
            .pages
            .iter()
            .position(|p| p.text_runs().any(|r| r.text.contains(needle)))
            .unwrap_or_else(|| panic!("{needle} is printed"))
    };
    let page = page_of("vpc-123");
    assert_eq!(page, page_of("AZ 3"), "the diagram is split");
    let runs: Vec<_> = laid_out.pages[page]
        .text_runs()
        .filter(|r| r.face == Face::Mono && r.text.contains(['|', '+', '-']))
        .collect();
    let size = runs[0].size;
    let cell = runs[0].width / runs[0].text.chars().count() as f32;
    let left = runs
        .iter()
        .map(|r| r.origin.x)
        .fold(f32::MAX, |a, x| a.min(x.0));
    for r in &runs {
        assert_eq!(r.size, size, "one size for the whole drawing");
        let col = (r.origin.x.0 - left) / cell.0;
        assert!((col - col.round()).abs() < 1e-3, "off the grid: {r:?}");
    }
}

#[test]
fn pdf_has_no_article_title_alone_at_a_page_foot() {
    use techshack_book::pdf::fonts::Face;
    let book = sample_model();
    let resources = techshack_book::resources::Resources::builtin();
    let laid_out = techshack_book::pdf::layout(&book, &resources).expect("lays out");
    for entry in laid_out.outline.iter().filter(|e| e.level == 1) {
        let page = &laid_out.pages[entry.page];
        let below = page
            .text_runs()
            .filter(|r| r.origin.y.0 > entry.y.0 + 30.0)
            .filter(|r| matches!(r.face, Face::Regular | Face::Mono))
            .count();
        assert!(below > 0, "{} ends page {}", entry.title, entry.page);
    }
}

#[test]
fn pdf_is_byte_for_byte_reproducible_with_source_date_epoch() {
    let build = || {
        let dir = tempfile::tempdir().expect("temp dir");
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_techshack-book"))
            .args(["build", "--format", "pdf", "--root"])
            .arg(common::sample_root())
            .arg("--out")
            .arg(dir.path())
            .env("SOURCE_DATE_EPOCH", "1546300800")
            .output()
            .expect("runs");
        assert!(status.status.success(), "{status:?}");
        let pdf = std::fs::read_dir(dir.path())
            .expect("out dir")
            .filter_map(|e| e.ok())
            .find(|e| e.path().extension().is_some_and(|x| x == "pdf"))
            .expect("a pdf");
        std::fs::read(pdf.path()).expect("read")
    };
    let (a, b) = (build(), build());
    assert!(a == b, "two builds differ");
    // The information dictionary is in a compressed object stream.
    let doc = lopdf::Document::load_mem(&a).expect("the PDF loads");
    let created = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .and_then(|info| info.get(b"CreationDate"))
        .and_then(lopdf::Object::as_str)
        .expect("a creation date");
    assert!(
        created.starts_with(b"D:20190101000000"),
        "dates from SOURCE_DATE_EPOCH"
    );
}

#[test]
fn sample_images_without_network_are_linked_figures_and_diagrams_are_drawn() {
    let built = sample_book();
    // No network here (the build is offline, its cache empty): the six
    // remote images of 2019-06 and 2019-07 fall back to linked figures.
    // That was asked for, so it is one note with the count, not a warning
    // per image.
    let image_warnings: Vec<String> = built
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .filter(|d| d.contains("not included") || d.contains("remote image"))
        .collect();
    assert_eq!(image_warnings.len(), 1, "{image_warnings:#?}");
    assert!(
        image_warnings[0].starts_with("note: ")
            && image_warnings[0].contains("6 remote images are shown as links (--offline"),
        "{image_warnings:#?}"
    );
    let entries = epub_entries(&built.epub);
    // The drawn diagrams stand in the chapter, inline (so that they follow
    // the reader's theme).
    let march = entries
        .iter()
        .find(|(name, _)| name.ends_with("chapter-2019-03.xhtml"))
        .map(|(_, text)| text.as_str())
        .expect("the 2019-03 chapter");
    assert_eq!(
        march.matches("class=\"mermaid-diagram\"").count(),
        2,
        "both 2019-03 diagrams are drawn"
    );
    assert_eq!(
        march.matches(">inherit</text>").count(),
        6,
        "six labelled inherit edges"
    );
    assert!(
        !march.contains("mermaid-source"),
        "no diagram shown as source"
    );
    let june = entries
        .iter()
        .find(|(name, _)| name.ends_with(".xhtml") && name.contains("2019-06"))
        .map(|(_, text)| text.as_str())
        .expect("the 2019-06 chapter");
    assert!(june.contains(
        "href=\"https://www.martinfowler.com/bliki/images/stranglerApplication/11090068.jpg\""
    ));
}
