//! The PDF is tagged (PDF/UA-1): checked with the open checker `pdfua`
//! (installed by tests/setup.sh), and by walking the structure tree with
//! lopdf and the laid-out book: headings, figures, links, artifacts and
//! the reading order are the model's.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use lopdf::{Dictionary, Document, Object, ObjectId};
use techshack_book::diagnostics::Diagnostics;
use techshack_book::model::{inline_text, Block, Book, CodeKind, Inline, Note};
use techshack_book::pdf::page::{LaidOutBook, Zone};
use techshack_book::pdf::structure::{ElementId, Tag};
use techshack_book::pdf::xmp::text_of;
use techshack_book::Format;

/// An issue with every kind of block: headings of three levels, nested
/// and numbered lists, a table, a quote, code, a drawing, a local image,
/// a Mermaid diagram, footnotes, links and Chinese words.
const EVERY_BLOCK: &str = "---
title: EnqueueZero Techshack 2019-02
---

# EnqueueZero Techshack 2019-02

## Every block in one article

[example.com](https://example.com/every)

A paragraph with a [link to the docs](https://example.com/docs) and a note.[^1] Some 中文 words too, and a link that runs long enough to be broken over two lines of the page: [the long link text that goes on and on and on](https://example.com/long).

### A third-level heading

Text under it.

#### A fourth-level heading

- bullet one
  - nested bullet with a second note[^2]
- bullet two

1. first
2. second

| Key | Value |
| --- | ----- |
| a   | one   |
| b   | two   |

> A quoted paragraph.

```python
print(\"hello\")
```

```
+-----+     +-----+
| one |---->| two |
+-----+     +-----+
```

![A red square](square.png)

```mermaid
graph TD
  A[Start] --> B[End]
```

[^1]: The note text, with [a link](https://example.com/note).
[^2]: The second note.

## A second article

[example.org](https://example.org/second)

Plain text of the second article.
";

/// The same issue's week in the Chinese edition: a reading list.
const CHINESE: &str = "---
title: EnqueueZero Techshack 2019-02
lang: zh-Hans
---

# EnqueueZero Techshack 2019-02

- [Kubernetes 入门指南](https://example.com/k8s)，一篇介绍容器编排的文章。
- [分布式系统的一致性](https://example.com/consensus)，讲解 Raft 与 Paxos。
";

/// A 30×20 red PNG.
fn square_png() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, 30, 20);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("png header");
        writer
            .write_image_data(&[200, 0, 0].repeat(30 * 20))
            .expect("png data");
    }
    out
}

/// A book folder with the every-block issue (and its Chinese edition),
/// and `pdf_yaml` as its styles/pdf.yaml when given.
fn every_block_folder(pdf_yaml: Option<String>) -> common::BookFolder {
    let folder = common::BookFolder::new();
    folder
        .issue("2019-02.md", EVERY_BLOCK)
        .issue("2019-02-CN.md", CHINESE)
        .write("issues/square.png", square_png());
    if let Some(yaml) = pdf_yaml {
        folder.write("styles/pdf.yaml", yaml);
    }
    folder
}

/// The built-in styles/pdf.yaml with `from` replaced by `to`.
fn pdf_yaml_with(from: &str, to: &str) -> String {
    let yaml = std::fs::read_to_string(common::sample_root().join("styles/pdf.yaml"))
        .expect("the built-in styles/pdf.yaml");
    assert!(yaml.contains(from), "{from} in styles/pdf.yaml");
    yaml.replace(from, to)
}

/// The every-block book, built once: (folder, English PDF, Chinese PDF).
fn every_block_book() -> &'static (common::BookFolder, PathBuf, PathBuf) {
    static BUILT: OnceLock<(common::BookFolder, PathBuf, PathBuf)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let folder = every_block_folder(None);
        let (outputs, _) = folder.build();
        let pdfs: Vec<PathBuf> = outputs
            .iter()
            .filter(|o| o.format == Format::Pdf)
            .map(|o| o.path.clone())
            .collect();
        let zh = pdfs
            .iter()
            .find(|p| p.to_string_lossy().ends_with("-zh.pdf"))
            .expect("a Chinese edition")
            .clone();
        let en = pdfs
            .iter()
            .find(|p| **p != zh)
            .expect("an English edition")
            .clone();
        (folder, en, zh)
    })
}

/// The books of `folder` as the build reads them, each with its layout.
fn laid_out(folder: &common::BookFolder) -> Vec<(Book, LaidOutBook)> {
    let mut diags = Diagnostics::new();
    let options = folder.options(&[Format::Pdf]);
    let (books, resources) = techshack_book::prepare(&options, &mut diags).expect("prepares");
    books
        .into_iter()
        .map(|book| {
            let laid = techshack_book::pdf::lay_out(&book, &resources, &mut diags)
                .expect("lays out")
                .laid_out;
            (book, laid)
        })
        .collect()
}

/// Runs `pdfua check` on `pdf`: (exit status is 0, report).
fn pdfua(pdf: &Path) -> (bool, String) {
    let python = common::test_tools_dir().join("venv/bin/python");
    let out = Command::new(&python)
        .args(["-m", "pdfua", "check"])
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("{} runs (run tests/setup.sh): {e}", python.display()));
    let report =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), report)
}

#[test]
fn pdfua_finds_nothing_in_the_sample_nor_in_a_book_of_every_block() {
    let (_, en, zh) = every_block_book();
    for pdf in [&common::sample_book().pdf, en, zh] {
        let (clean, report) = pdfua(pdf);
        assert!(clean, "{}:\n{report}", pdf.display());
        assert!(report.contains("no findings"), "{report}");
        // A check that could not run is no pass.
        assert!(!report.contains("[skip"), "{report}");
        let (ran, info) = common::run("pdfinfo", &[pdf.to_str().unwrap()]);
        assert!(ran, "{info}");
        assert!(info.contains("Tagged:          yes"), "{info}");
    }
}

/// A structure element of the PDF, as the walk finds it.
struct Element {
    id: ObjectId,
    role: String,
    dict: Dictionary,
}

/// The kids of `dict` (`/K`: one object or an array).
fn kids(dict: &Dictionary) -> Vec<Object> {
    match dict.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    }
}

/// Every structure element of `doc`, depth first, in tree order.
fn elements(doc: &Document) -> Vec<Element> {
    let catalog = doc.catalog().expect("a catalog");
    let root = catalog
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .expect("a StructTreeRoot");
    let root = doc.get_dictionary(root).expect("the root");
    let mut out = Vec::new();
    let mut stack: Vec<Object> = kids(root).into_iter().rev().collect();
    while let Some(kid) = stack.pop() {
        let Object::Reference(id) = kid else {
            continue; // MCIDs, MCRs and OBJRs are content, not elements
        };
        let dict = doc.get_dictionary(id).expect("an element").clone();
        let role =
            String::from_utf8_lossy(dict.get(b"S").and_then(Object::as_name).unwrap()).into_owned();
        stack.extend(kids(&dict).into_iter().rev());
        out.push(Element { id, role, dict });
    }
    out
}

/// The images, drawings and drawn diagrams of `blocks`.
fn figures_in(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::Figure { .. } | Block::Mermaid(_) => 1,
            Block::Code(c) if c.kind == CodeKind::Drawing => 1,
            Block::List { items, .. } => items.iter().map(|i| figures_in(i)).sum(),
            Block::Quote(blocks) => figures_in(blocks),
            _ => 0,
        })
        .sum()
}

/// What the walk of the PDF's structure tree must show for `book`.
fn check_structure(pdf: &Path, book: &Book, laid: &LaidOutBook) {
    let doc = Document::load(pdf).expect("the PDF loads");
    let catalog = doc.catalog().expect("a catalog");
    let marked = catalog
        .get(b"MarkInfo")
        .and_then(Object::as_dict)
        .and_then(|m| m.get(b"Marked"))
        .and_then(Object::as_bool);
    assert_eq!(marked.ok(), Some(true));
    let display = catalog
        .get(b"ViewerPreferences")
        .and_then(Object::as_dict)
        .and_then(|m| m.get(b"DisplayDocTitle"))
        .and_then(Object::as_bool);
    assert_eq!(display.ok(), Some(true));
    assert_eq!(
        catalog.get(b"Lang").map(text_of).ok().as_deref(),
        Some(book.meta.language.as_str())
    );
    let metadata = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_object(id))
        .and_then(Object::as_stream)
        .expect("XMP metadata");
    let xmp = String::from_utf8_lossy(&metadata.content);
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(xmp.contains(&book.meta.title), "{xmp}");

    let all = elements(&doc);
    let role_of: BTreeMap<ObjectId, &Element> = all.iter().map(|e| (e.id, e)).collect();
    let title = |e: &Element| e.dict.get(b"T").map(text_of).unwrap_or_default();

    // One H1 per issue (after the front matter's), one H2 per article,
    // titled as in the model.
    let h1: Vec<String> = all.iter().filter(|e| e.role == "H1").map(title).collect();
    // The front matter's headings are the outline's (Contents, Preface).
    let mut want_h1: Vec<String> = laid
        .outline
        .iter()
        .filter(|e| e.level == 0)
        .take_while(|e| book.chapters.first().is_none_or(|c| c.title != e.title))
        .map(|e| e.title.clone())
        .collect();
    want_h1.extend(book.chapters.iter().map(|c| c.title.clone()));
    assert_eq!(h1, want_h1, "{}", pdf.display());
    let h2: Vec<String> = all.iter().filter(|e| e.role == "H2").map(title).collect();
    let want_h2: Vec<String> = book
        .chapters
        .iter()
        .flat_map(|c| c.articles.iter().map(|a| a.title_text()))
        .collect();
    assert_eq!(h2, want_h2, "{}", pdf.display());

    // Every image and drawing a Figure with alternative text.
    let figures: Vec<&Element> = all.iter().filter(|e| e.role == "Figure").collect();
    let want_figures: usize = figures_in(&book.preface)
        + book
            .chapters
            .iter()
            .map(|c| {
                figures_in(&c.lead)
                    + c.articles
                        .iter()
                        .map(|a| figures_in(&a.blocks))
                        .sum::<usize>()
            })
            .sum::<usize>();
    assert_eq!(figures.len(), want_figures, "{}", pdf.display());
    for figure in &figures {
        let alt = figure.dict.get(b"Alt").map(text_of).unwrap_or_default();
        assert!(!alt.trim().is_empty(), "a figure without Alt");
    }

    // Every link annotation reachable from a Link element, by its
    // StructParent and by the element's OBJR.
    let root = doc
        .get_dictionary(
            catalog
                .get(b"StructTreeRoot")
                .and_then(Object::as_reference)
                .unwrap(),
        )
        .unwrap();
    let nums = root
        .get(b"ParentTree")
        .and_then(Object::as_dict)
        .and_then(|t| t.get(b"Nums"))
        .and_then(Object::as_array)
        .expect("a flat parent tree");
    let parents: BTreeMap<i64, &Object> = nums
        .chunks(2)
        .map(|pair| (pair[0].as_i64().expect("a key"), &pair[1]))
        .collect();
    let mut links = 0;
    for (index, (_, page_id)) in doc.get_pages().into_iter().enumerate() {
        let page = doc.get_dictionary(page_id).unwrap();
        let annots = match page.get(b"Annots") {
            Ok(Object::Array(a)) if !a.is_empty() => a.clone(),
            _ => Vec::new(),
        };
        if !annots.is_empty() {
            assert_eq!(
                page.get(b"Tabs").and_then(Object::as_name).ok(),
                Some(&b"S"[..]),
                "page {index}"
            );
        }
        for annot in annots {
            let annot_id = annot.as_reference().expect("an annotation object");
            let dict = doc.get_dictionary(annot_id).unwrap();
            assert!(!dict
                .get(b"Contents")
                .map(text_of)
                .unwrap_or_default()
                .trim()
                .is_empty());
            let key = dict
                .get(b"StructParent")
                .and_then(Object::as_i64)
                .expect("a StructParent");
            let element = parents
                .get(&key)
                .and_then(|o| o.as_reference().ok())
                .and_then(|id| role_of.get(&id))
                .unwrap_or_else(|| panic!("page {index}: annotation {key} in no element"));
            assert_eq!(element.role, "Link");
            let objr = kids(&element.dict).into_iter().any(|k| {
                k.as_dict()
                    .ok()
                    .and_then(|d| d.get(b"Obj").ok())
                    .and_then(|o| o.as_reference().ok())
                    == Some(annot_id)
            });
            assert!(
                objr,
                "page {index}: the Link element does not hold its annotation"
            );
            links += 1;
        }
        // The page's marked content: one parent per MCID.
        if let Ok(key) = page.get(b"StructParents").and_then(Object::as_i64) {
            let content = doc.get_and_decode_page_content(page_id).unwrap();
            let mcids: BTreeSet<i64> = content
                .operations
                .iter()
                .filter(|op| op.operator == "BDC")
                .filter_map(|op| {
                    op.operands
                        .get(1)?
                        .as_dict()
                        .ok()?
                        .get(b"MCID")
                        .ok()?
                        .as_i64()
                        .ok()
                })
                .collect();
            let listed = parents
                .get(&key)
                .and_then(|o| o.as_array().ok())
                .map_or(0, Vec::len);
            assert_eq!(mcids.len(), listed, "page {index}");
            assert_eq!(mcids.iter().copied().max(), Some(listed as i64 - 1));
        }
    }
    assert!(links > 0, "{}: links", pdf.display());
}

#[test]
fn the_structure_tree_has_the_model_headings_figures_and_links() {
    let (folder, en, zh) = every_block_book();
    let books = laid_out(folder);
    for (book, laid) in &books {
        let pdf = if book.meta.language.starts_with("zh") {
            zh
        } else {
            en
        };
        check_structure(pdf, book, laid);
    }
    let mut diags = Diagnostics::new();
    let out = tempfile::tempdir().expect("temp dir");
    let options = common::sample_options(out.path(), &[Format::Pdf]);
    let (sample, resources) = techshack_book::prepare(&options, &mut diags).expect("prepares");
    let laid = techshack_book::pdf::lay_out(&sample[0], &resources, &mut diags)
        .expect("lays out")
        .laid_out;
    check_structure(&common::sample_book().pdf, &sample[0], &laid);
}

/// Letters only, lower case: what the reading order is compared on
/// (digits, punctuation, bullets, note marks and spacing differ between
/// the model and the page).
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The text of the structure tree of `laid` below each of the root's
/// children of role `only`, in tree order; and the text below each
/// element with a title (a heading), with that title.
fn tree_text(laid: &LaidOutBook, only: &str) -> (Vec<String>, Vec<(String, String)>) {
    let elements = &laid.structure.elements;
    // A link not attached by the layout reads where its parent does.
    let owner = |mut id: ElementId| {
        while !elements[id.index()].attached {
            match elements[id.index()].parent {
                Some(parent) => id = parent,
                None => break,
            }
        }
        id
    };
    let mut own: BTreeMap<ElementId, String> = BTreeMap::new();
    for page in &laid.pages {
        for positioned in &page.items {
            if let (Tag::Element(id), techshack_book::pdf::page::Item::Text(run)) =
                (positioned.tag, &positioned.item)
            {
                own.entry(owner(id)).or_default().push_str(&run.text);
            }
        }
    }
    fn walk(
        id: ElementId,
        laid: &LaidOutBook,
        own: &BTreeMap<ElementId, String>,
        out: &mut String,
    ) {
        out.push_str(own.get(&id).map_or("", String::as_str));
        for &kid in &laid.structure.elements[id.index()].kids {
            walk(kid, laid, own, out);
        }
    }
    let text_below = |id: ElementId| {
        let mut text = String::new();
        walk(id, laid, &own, &mut text);
        letters(&text)
    };
    let parts = elements[0]
        .kids
        .iter()
        .filter(|id| elements[id.index()].role.name() == only)
        .map(|&id| text_below(id))
        .collect();
    let titled = (0..elements.len())
        .filter_map(|i| {
            let title = elements[i].title.as_ref()?;
            Some((letters(title), text_below(ElementId(i as u32))))
        })
        .collect();
    (parts, titled)
}

/// The note numbers `inlines` refer to, in order.
fn note_refs(inlines: &[Inline], out: &mut Vec<u32>) {
    for inline in inlines {
        match inline {
            Inline::NoteRef { number } => out.push(*number),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Link { content: c, .. } => note_refs(c, out),
            _ => {}
        }
    }
}

/// The model's text of `blocks` in reading order, each footnote after the
/// block that first refers to it (a table's after the table).
fn model_text(book: &Book, blocks: &[Block], notes: &[Note], placed: &mut Vec<u32>) -> String {
    let mut out = String::new();
    let notes_of = |inlines: &[&[Inline]], out: &mut String, placed: &mut Vec<u32>| {
        let mut refs = Vec::new();
        for i in inlines {
            note_refs(i, &mut refs);
        }
        for n in refs {
            if placed.contains(&n) {
                continue;
            }
            placed.push(n);
            if let Some(note) = notes.get(n as usize - 1) {
                let text = model_text(book, &note.blocks, notes, placed);
                out.push_str(&text);
            }
        }
    };
    for block in blocks {
        match block {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => {
                out.push_str(&inline_text(c));
                notes_of(&[c], &mut out, placed);
            }
            Block::List { items, .. } => {
                for item in items {
                    out.push_str(&model_text(book, item, notes, placed));
                }
            }
            Block::Quote(blocks) => out.push_str(&model_text(book, blocks, notes, placed)),
            Block::Code(code) => out.push_str(&code.text),
            Block::Mermaid(source) => {
                assert!(book.assets.diagrams.contains_key(source), "drawn");
            }
            Block::Figure { image, caption } => {
                assert!(book.assets.images.contains_key(&image.url), "resolved");
                match caption {
                    Some(c) => out.push_str(&inline_text(c)),
                    None => out.push_str(&image.alt),
                }
            }
            Block::Table { header, rows, .. } => {
                let cells: Vec<&[Inline]> = header
                    .iter()
                    .chain(rows.iter().flatten())
                    .map(Vec::as_slice)
                    .collect();
                for cell in &cells {
                    out.push_str(&inline_text(cell));
                }
                notes_of(&cells, &mut out, placed);
            }
            Block::Rule => {}
        }
    }
    out
}

#[test]
fn the_structure_tree_reads_the_model_in_order_and_furniture_is_no_part_of_it() {
    // Without URL notes, what is printed is the model's text.
    let folder = every_block_folder(Some(pdf_yaml_with("link_urls: notes", "link_urls: none")));
    for (book, laid) in laid_out(&folder) {
        let source_label = if book.meta.language.starts_with("zh") {
            "来源："
        } else {
            "Source: "
        };
        let (parts, titled) = tree_text(&laid, "Part");
        // A heading's title is the text it holds.
        assert!(titled.len() > book.chapters.len());
        for (title, text) in titled {
            assert_eq!(title, text);
        }
        assert_eq!(parts.len(), book.chapters.len());
        for (chapter, got) in book.chapters.iter().zip(&parts) {
            let mut want = chapter.title.clone();
            want += chapter.date.as_deref().unwrap_or_default();
            want += &model_text(&book, &chapter.lead, &chapter.lead_notes, &mut Vec::new());
            for article in &chapter.articles {
                want += &inline_text(&article.title);
                if !article.sources.is_empty() {
                    want += source_label;
                    for source in &article.sources {
                        want += &source.label;
                    }
                }
                let mut placed = Vec::new();
                want += &model_text(&book, &article.blocks, &article.notes, &mut placed);
                for (i, note) in article.notes.iter().enumerate() {
                    if !placed.contains(&(i as u32 + 1)) {
                        want += &model_text(&book, &note.blocks, &article.notes, &mut placed);
                    }
                }
            }
            assert_eq!(*got, letters(&want), "{}", chapter.title);
        }
        // Running heads and folios are artifacts: in no element.
        let mut furniture = 0;
        for page in &laid.pages {
            for positioned in page.items.iter().filter(|i| i.zone == Zone::Margin) {
                assert_eq!(positioned.tag, Tag::Artifact);
                furniture += 1;
            }
        }
        assert!(furniture > 0);
        // So are the contents' dot leaders.
        let leaders: Vec<Tag> = laid
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter(|i| match &i.item {
                techshack_book::pdf::page::Item::Text(run) => {
                    run.text.len() > 3 && run.text.chars().all(|c| c == '.' || c == ' ')
                }
                _ => false,
            })
            .map(|i| i.tag)
            .collect();
        assert!(!leaders.is_empty());
        assert!(leaders.iter().all(|&t| t == Tag::Artifact), "{leaders:?}");
    }
}

#[test]
fn tagging_can_be_turned_off() {
    let folder = every_block_folder(Some(pdf_yaml_with("tagged: true", "tagged: false")));
    let (outputs, _) = folder.build();
    let pdf = outputs
        .iter()
        .find(|o| o.format == Format::Pdf)
        .map(|o| o.path.clone())
        .unwrap();
    let (ran, info) = common::run("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(ran, "{info}");
    assert!(info.contains("Tagged:          no"), "{info}");
    let doc = Document::load(&pdf).unwrap();
    assert!(doc.catalog().unwrap().get(b"StructTreeRoot").is_err());
    for page in doc.get_pages().into_values() {
        let content = doc.get_and_decode_page_content(page).unwrap();
        assert!(content.operations.iter().all(|op| op.operator != "BDC"
            || op.operands.first().and_then(|o| o.as_name().ok()) == Some(&b"Span"[..])));
    }
}

/// How the text objects and marked-content sequences of `pdf`'s pages
/// nest: an error for the first page where a sequence opened inside a
/// text object outlives it, or one opened outside ends inside one (ISO
/// 32000-1, 14.6: they shall nest), or an operator is left unclosed; and
/// the number of text objects.
fn nesting_of(pdf: &Path) -> Result<usize, String> {
    let doc = Document::load(pdf).expect("the PDF loads");
    let mut text_objects = 0;
    for (number, page_id) in doc.get_pages() {
        let bytes = doc.get_page_content(page_id);
        let content = lopdf::content::Content::decode(&bytes).expect("content decodes");
        let mut open: Vec<&str> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BT" => {
                    text_objects += 1;
                    open.push("BT");
                }
                "BDC" | "BMC" => open.push("BDC"),
                "ET" if open.last() == Some(&"BT") => {
                    open.pop();
                }
                "EMC" if open.last() == Some(&"BDC") => {
                    open.pop();
                }
                "ET" | "EMC" => {
                    return Err(format!("page {number}: {} closes {:?}", op.operator, open))
                }
                _ => {}
            }
        }
        if !open.is_empty() {
            return Err(format!("page {number}: left open {open:?}"));
        }
    }
    Ok(text_objects)
}

#[test]
fn marked_content_and_text_objects_nest_and_text_objects_hold_many_elements() {
    let (_, en, zh) = every_block_book();
    for pdf in [&common::sample_book().pdf, en, zh] {
        let text_objects = nesting_of(pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()));
        // The sample's 42 pages hold some 1,500 marked sequences; a text
        // object per sequence (about 1,600) would cost a build a fifth of
        // its PDF time.
        if *pdf == common::sample_book().pdf {
            assert!(
                (40..400).contains(&text_objects),
                "{text_objects} text objects"
            );
        }
    }
}
