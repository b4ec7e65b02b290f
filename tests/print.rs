//! Print-ready output end to end, for two profiles: the interior's page
//! boxes on every page, its page count, the cover's size by the formula,
//! `qpdf --check`, the XMP metadata and the output intent; and the
//! `cover` and `check --print` commands.

mod common;

use std::path::Path;

use common::BookFolder;
use lopdf::{Document, Object};
use techshack_book::Format;

const INCH: f32 = 72.0;
const MM: f32 = 72.0 / 25.4;

/// A copy of the sample book with `yaml` as its `book.yaml`.
fn sample_with(yaml: &str) -> BookFolder {
    let folder = BookFolder::new();
    let mut issues: Vec<_> = std::fs::read_dir(common::sample_root().join("issues"))
        .expect("the sample issues")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    issues.sort();
    for issue in issues {
        folder.copy_issue(&issue);
    }
    folder.write("book.yaml", yaml);
    folder
}

fn numbers(doc: &Document, page: lopdf::ObjectId, key: &[u8]) -> Vec<f32> {
    doc.get_dictionary(page)
        .and_then(|d| d.get(key))
        .and_then(Object::as_array)
        .map(|a| a.iter().filter_map(|o| o.as_float().ok()).collect())
        .unwrap_or_default()
}

fn close(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.01)
}

/// Asserts the XMP metadata parses and claims `claim`, and the output
/// intent carries an RGB ICC profile.
fn assert_declared(doc: &Document, subtype: &[u8], claim: &str) {
    let catalog = doc.catalog().expect("a catalog");
    let meta_id = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .expect("XMP metadata");
    let meta = doc
        .get_object(meta_id)
        .and_then(Object::as_stream)
        .expect("a stream");
    let xml = String::from_utf8(meta.content.clone()).expect("UTF-8 XMP");
    let body = xml
        .split_once("?>")
        .and_then(|(_, rest)| rest.rsplit_once("<?xpacket"))
        .map(|(xml, _)| xml)
        .expect("an XMP packet");
    let tree = roxmltree::Document::parse(body).expect("the XMP parses");
    let texts: Vec<(String, String)> = tree
        .descendants()
        .filter(|n| n.is_element())
        .map(|n| {
            (
                n.tag_name().name().to_string(),
                n.text().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let has = |name: &str, value: &str| texts.iter().any(|(n, v)| n == name && v == value);
    assert!(
        texts
            .iter()
            .any(|(n, v)| n == "li" && v.starts_with("EnqueueZero Techshack 2019")),
        "{texts:?}"
    );
    assert!(texts
        .iter()
        .any(|(n, v)| n == "DocumentID" && v.starts_with("uuid:")));
    match claim {
        "PDF/X-4" => assert!(has("GTS_PDFXVersion", "PDF/X-4"), "{texts:?}"),
        _ => assert!(has("part", "2") && has("conformance", "B"), "{texts:?}"),
    }
    let intents = catalog
        .get(b"OutputIntents")
        .and_then(Object::as_array)
        .expect("output intents");
    let intent = intents[0].as_dict().expect("an intent");
    assert_eq!(
        intent.get(b"S").and_then(Object::as_name).ok(),
        Some(subtype)
    );
    let icc_id = intent
        .get(b"DestOutputProfile")
        .and_then(Object::as_reference)
        .expect("an ICC profile");
    let mut icc = doc
        .get_object(icc_id)
        .and_then(Object::as_stream)
        .expect("a stream")
        .clone();
    assert_eq!(icc.dict.get(b"N").and_then(Object::as_i64).ok(), Some(3));
    let _ = icc.decompress();
    let bytes = icc.content;
    assert_eq!(
        u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize,
        bytes.len()
    );
    assert_eq!(&bytes[16..20], b"RGB ");
    assert_eq!(&bytes[36..40], b"acsp");
}

struct Expect {
    trim: (f32, f32),
    bleed: f32,
    /// Whether the binding edge bleeds too.
    bleed_all: bool,
    per_page: f32,
    spine_extra: f32,
    multiple: usize,
    min_pages: usize,
    slug: f32,
    subtype: &'static [u8],
    claim: &'static str,
}

fn check_build(yaml: &str, e: Expect) {
    let folder = sample_with(yaml);
    let mut diags = techshack_book::diagnostics::Diagnostics::new();
    let outputs = techshack_book::build(&folder.options(&[Format::Pdf]), &mut diags)
        .unwrap_or_else(|err| panic!("builds: {err}"));
    let interior = folder.out().join("enqueuezero-techshack-2019.pdf");
    let cover = folder.out().join("enqueuezero-techshack-2019-cover.pdf");
    assert!(outputs.iter().any(|o| o.path == interior));
    assert!(outputs.iter().any(|o| o.path == cover));
    for file in [&interior, &cover] {
        let (ok, report) = common::run("qpdf", &["--check", file.to_str().expect("a path")]);
        assert!(ok, "{}: {report}", file.display());
    }

    let doc = Document::load(&interior).expect("the interior loads");
    let pages: Vec<_> = doc.get_pages().values().copied().collect();
    assert_eq!(pages.len() % e.multiple, 0);
    assert!(pages.len() >= e.min_pages);
    let (w, h) = e.trim;
    let b = e.bleed;
    for (index, &page) in pages.iter().enumerate() {
        let recto = index % 2 == 0;
        let (left, right) = match (e.bleed_all, recto) {
            (true, _) => (b, b),
            (false, true) => (0.0, b),
            (false, false) => (b, 0.0),
        };
        let media = [0.0, 0.0, left + w + right, h + 2.0 * b];
        assert!(
            close(&numbers(&doc, page, b"MediaBox"), &media),
            "page {index}"
        );
        assert!(
            close(&numbers(&doc, page, b"BleedBox"), &media),
            "page {index}"
        );
        assert!(
            close(
                &numbers(&doc, page, b"TrimBox"),
                &[left, b, left + w, b + h]
            ),
            "page {index}: {:?}",
            numbers(&doc, page, b"TrimBox")
        );
        // Nothing to click on paper, and PDF/X allows no annotation there.
        let annots = doc
            .get_dictionary(page)
            .and_then(|d| d.get(b"Annots"))
            .and_then(Object::as_array)
            .map_or(0, Vec::len);
        assert_eq!(annots, 0, "page {index}");
    }
    assert_declared(&doc, e.subtype, e.claim);

    let cover_doc = Document::load(&cover).expect("the cover loads");
    let cover_pages: Vec<_> = cover_doc.get_pages().values().copied().collect();
    assert_eq!(cover_pages.len(), 1);
    let spine = pages.len() as f32 * e.per_page + e.spine_extra;
    let width = 2.0 * w + spine + 2.0 * b;
    let height = h + 2.0 * b;
    let s = e.slug;
    assert!(
        close(
            &numbers(&cover_doc, cover_pages[0], b"MediaBox"),
            &[0.0, 0.0, width + 2.0 * s, height + 2.0 * s]
        ),
        "{:?} for {} pages",
        numbers(&cover_doc, cover_pages[0], b"MediaBox"),
        pages.len()
    );
    assert!(close(
        &numbers(&cover_doc, cover_pages[0], b"BleedBox"),
        &[s, s, s + width, s + height]
    ));
    assert!(close(
        &numbers(&cover_doc, cover_pages[0], b"TrimBox"),
        &[s + b, s + b, s + b + 2.0 * w + spine, s + b + h]
    ));
    assert_declared(&cover_doc, e.subtype, e.claim);
}

#[test]
fn kdp_6x9_interior_and_cover() {
    check_build(
        "print: kdp-6x9\ndescription: A year of the digest.\n",
        Expect {
            trim: (6.0 * INCH, 9.0 * INCH),
            bleed: 0.125 * INCH,
            bleed_all: false,
            per_page: 0.002252 * INCH,
            spine_extra: 0.0,
            multiple: 2,
            min_pages: 24,
            slug: 0.0,
            subtype: b"GTS_PDFX",
            claim: "PDF/X-4",
        },
    );
}

#[test]
fn lulu_a5_interior_and_cover_with_marks_in_fours_as_pdf_a() {
    check_build(
        "print: { profile: lulu-a5, paper: cream, page_thickness: 0.0025in, page_multiple: 4, marks: true, standard: pdf/a-2b }\n",
        Expect {
            trim: (148.0 * MM, 210.0 * MM),
            bleed: 0.125 * INCH,
            bleed_all: true,
            per_page: 0.0025 * INCH,
            spine_extra: 0.06 * INCH,
            multiple: 4,
            min_pages: 32,
            slug: 18.0,
            subtype: b"GTS_PDFA1",
            claim: "PDF/A-2b",
        },
    );
}

#[test]
fn the_cover_command_and_the_preflight() {
    let folder = sample_with("title: \"EnqueueZero Techshack {year}\"\n");
    let root = folder.root();
    // No profile: both commands say how to name one.
    let run = common::cli(root, &["cover", "--offline"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("print:"), "{}", run.stderr);
    let run = common::cli(root, &["cover", "--offline", "--print", "kdp-6x9"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(Path::new(&root.join("out/enqueuezero-techshack-2019-cover.pdf")).is_file());
    assert!(!root.join("out/enqueuezero-techshack-2019.pdf").exists());
    let run = common::cli(root, &["check", "--offline", "--print", "kdp-6x9"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("kdp-6x9 (PDF/X-4)"), "{}", run.stderr);
    assert!(run.stderr.contains("spine is left blank"), "{}", run.stderr);
    // A book longer than the profile prints: an error naming the file.
    folder.write("book.yaml", "print: { profile: kdp-6x9, max_pages: 40 }\n");
    let run = common::cli(root, &["check", "--print", "--offline"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains(
            "error: enqueuezero-techshack-2019.pdf: 58 pages: custom (kdp-6x9) prints at most 40"
        ),
        "{}",
        run.stderr
    );
}
