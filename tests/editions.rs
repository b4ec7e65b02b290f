//! Editions end to end: a VuePress site with an English and a Chinese
//! edition of its issues, built from the site's root (the issues folder
//! named in `book.yaml`, images under `.vuepress/public`, the site's own
//! addresses read from there), gives one book per year and edition, each
//! in its language and EPUBCheck clean.

mod common;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageFormat, Rgba, RgbaImage};
use techshack_book::diagnostics::{Diagnostics, Severity};
use techshack_book::{BuildOptions, Format, Output};

/// A `w`×`h` PNG of one colour.
fn png(w: u32, h: u32, color: [u8; 4]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgba8(RgbaImage::from_pixel(w, h, Rgba(color)))
        .write_to(&mut out, ImageFormat::Png)
        .expect("PNG encodes");
    out.into_inner()
}

/// The sizes of the site's images, by file name: each image is told apart
/// in the books by its size.
const IMAGES: [(&str, (u32, u32)); 3] = [
    ("english.png", (30, 20)),
    ("chinese.png", (20, 30)),
    ("on-site.png", (24, 24)),
];

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// An issue in Markdown, with a title and the given articles (title,
/// body), each with a source link.
fn issue(front_matter: &str, title: &str, articles: &[(&str, &str)]) -> String {
    let mut text = format!("---\ntitle: {title}\n{front_matter}---\n\n# {title}\n\n");
    for (i, (heading, body)) in articles.iter().enumerate() {
        text.push_str(&format!(
            "## {heading}\n\n[example.org](https://example.org/{i})\n\n{body}\n\n"
        ));
    }
    text
}

/// Writes the site: `.vuepress/public/static/images/*.png`, a
/// `book.yaml` at its root and two editions of several issues in
/// `techshack.weekly/`. Returns the site's root.
fn site(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    let images = root.join(".vuepress/public/static/images");
    std::fs::create_dir_all(&images).expect("mkdir");
    for (i, (name, (w, h))) in IMAGES.iter().enumerate() {
        let shade = 60 * i as u8;
        std::fs::write(images.join(name), png(*w, *h, [shade, 100, 200, 255])).expect("png");
    }
    write(
        &root.join("book.yaml"),
        "title: \"EnqueueZero Techshack {year}\"\n\
         language: en\n\
         issues: techshack.weekly\n\
         site: https://enqueuezero.com\n\
         editions:\n  zh:\n    title: \"EnqueueZero Techshack {year} 中文版\"\n    language: zh-Hans\n",
    );
    let issues = root.join("techshack.weekly");
    let t = |n: u8| format!("EnqueueZero Techshack 2019-{n:02}");
    // 2019-01: `-CN` marks the Chinese edition.
    write(
        &issues.join("2019-01.md"),
        &issue(
            "",
            &t(1),
            &[
                (
                    "Queues in Practice",
                    "Why queues hide retries.\n\n![A queue](/static/images/english.png)",
                ),
                ("Consistent Hashing", "Rings of servers."),
            ],
        ),
    );
    write(
        &issues.join("2019-01-CN.md"),
        &issue(
            "",
            &t(1),
            &[(
                "队列实践",
                "为什么队列会隐藏重试。\n\n![队列](/static/images/chinese.png)",
            )],
        ),
    );
    // 2019-02: `.zh` marks the Chinese edition; the English one shows an
    // image at an address on the site itself.
    write(
        &issues.join("2019-02.md"),
        &issue(
            "",
            &t(2),
            &[(
                "Service Meshes",
                "Sidecars everywhere.\n\n![Mesh](https://enqueuezero.com/static/images/on-site.png)",
            )],
        ),
    );
    write(
        &issues.join("2019-02.zh.md"),
        &issue("", &t(2), &[("服务网格", "到处都是边车代理。")]),
    );
    // 2019-03: the Chinese one says so in its front matter only; its text
    // is mostly Latin letters, so only `lang:` can tell.
    write(
        &issues.join("2019-03.md"),
        &issue("", &t(3), &[("Raft Explained", "Leaders and terms.")]),
    );
    write(
        &issues.join("2019-03-translated.md"),
        &issue(
            "lang: zh-Hans\n",
            &t(3),
            &[(
                "Raft Explained",
                "Raft 的 leader election and log replication.",
            )],
        ),
    );
    // 2019-04: nothing marks the second file but its text, mostly Han.
    write(
        &issues.join("2019-04.md"),
        &issue("", &t(4), &[("Bloom Filters", "Probably in the set.")]),
    );
    write(
        &issues.join("2019-04-b.md"),
        &issue(
            "",
            &t(4),
            &[(
                "布隆过滤器",
                "布隆过滤器是一种空间效率很高的概率型数据结构，用来判断一个元素是否在集合中。",
            )],
        ),
    );
    // 2019-05: English only.
    write(
        &issues.join("2019-05.md"),
        &issue("", &t(5), &[("Clocks", "Time is hard.")]),
    );
    root
}

/// Options that build `root` offline (no network: an image is embedded
/// only if it was read from the disk).
fn options(root: &Path, out: &Path, edition: Option<&str>) -> BuildOptions {
    BuildOptions {
        edition: edition.map(str::to_string),
        ..common::offline_options(root, out, &[Format::Epub, Format::Pdf])
    }
}

/// Every file of the EPUB at `path`, by name, as bytes.
fn epub_files(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(path).expect("open EPUB");
    let mut archive = zip::ZipArchive::new(file).expect("EPUB is a zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read entry");
            (entry.name().to_string(), bytes)
        })
        .collect()
}

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(files[name].clone()).expect("UTF-8")
}

/// The sizes of the content images (not the cover) in the EPUB.
fn image_sizes(files: &BTreeMap<String, Vec<u8>>) -> Vec<(u32, u32)> {
    let mut sizes: Vec<(u32, u32)> = files
        .iter()
        .filter(|(name, _)| name.starts_with("OEBPS/images/image-"))
        .map(|(_, bytes)| {
            let img = image::load_from_memory(bytes).expect("an image");
            (img.width(), img.height())
        })
        .collect();
    sizes.sort();
    sizes
}

fn size_of(name: &str) -> (u32, u32) {
    IMAGES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
        .expect("a site image")
}

/// The chapter files and their `<h1>` titles, in reading order.
fn chapters(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let opf = text(files, "OEBPS/content.opf");
    opf.split("<itemref idref=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter_map(|id| {
            let item = opf
                .split("<item ")
                .find(|i| i.contains(&format!("id=\"{id}\"")))?;
            let href = item.split("href=\"").nth(1)?.split('"').next()?;
            href.starts_with("chapter-").then(|| href.to_string())
        })
        .collect()
}

fn pdf_language(path: &Path) -> String {
    let doc = lopdf::Document::load(path).expect("the PDF loads");
    let lang = doc
        .catalog()
        .expect("a catalog")
        .get(b"Lang")
        .expect("/Lang is set")
        .as_str()
        .expect("a string");
    String::from_utf8_lossy(lang).into_owned()
}

fn names(outputs: &[Output]) -> Vec<String> {
    let mut names: Vec<String> = outputs
        .iter()
        .map(|o| o.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_site_with_two_editions_gives_two_books() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path());
    let out = dir.path().join("out");
    let mut diags = Diagnostics::new();
    let outputs = techshack_book::build(&options(&root, &out, None), &mut diags)
        .unwrap_or_else(|e| panic!("the site builds: {e}\n{diags:?}"));
    assert_eq!(diags.count_at_least(Severity::Error), 0, "{diags:?}");
    assert_eq!(
        names(&outputs),
        [
            "enqueuezero-techshack-2019-zh.epub",
            "enqueuezero-techshack-2019-zh.pdf",
            "enqueuezero-techshack-2019.epub",
            "enqueuezero-techshack-2019.pdf",
        ]
    );
    // No image was left behind: every one was read from the public folder.
    let image_warnings: Vec<_> = diags
        .iter()
        .filter(|d| d.severity >= Severity::Warning && d.message.contains("image"))
        .collect();
    assert!(image_warnings.is_empty(), "{image_warnings:?}");

    // The English book: the unmarked files, all five issues.
    let english = epub_files(&out.join("enqueuezero-techshack-2019.epub"));
    let opf = text(&english, "OEBPS/content.opf");
    assert!(opf.contains(">en</dc:language>"), "{opf}");
    assert!(
        opf.contains(">EnqueueZero Techshack 2019</dc:title>"),
        "{opf}"
    );
    assert_eq!(
        chapters(&english),
        [1, 2, 3, 4, 5].map(|n| format!("chapter-2019-{n:02}.xhtml"))
    );
    let ch1 = text(&english, "OEBPS/chapter-2019-01.xhtml");
    assert!(ch1.contains("Queues in Practice") && !ch1.contains("队列"));
    assert!(ch1.contains(">Source: <"));
    let ch4 = text(&english, "OEBPS/chapter-2019-04.xhtml");
    assert!(ch4.contains("Bloom Filters") && !ch4.contains("布隆"));
    assert_eq!(
        image_sizes(&english),
        {
            let mut s = vec![size_of("english.png"), size_of("on-site.png")];
            s.sort();
            s
        },
        "the site path and the site address are embedded"
    );
    assert!(!text(&english, "OEBPS/chapter-2019-02.xhtml").contains("image-placeholder"));
    assert_eq!(
        pdf_language(&out.join("enqueuezero-techshack-2019.pdf")),
        "en"
    );

    // The Chinese book: the four marked issues, in Chinese words.
    let chinese = epub_files(&out.join("enqueuezero-techshack-2019-zh.epub"));
    let opf = text(&chinese, "OEBPS/content.opf");
    assert!(opf.contains(">zh-Hans</dc:language>"), "{opf}");
    assert!(
        opf.contains(">EnqueueZero Techshack 2019 中文版</dc:title>"),
        "{opf}"
    );
    assert_eq!(
        chapters(&chinese),
        [1, 2, 3, 4].map(|n| format!("chapter-2019-{n:02}.xhtml"))
    );
    for (name, bytes) in &chinese {
        if name.ends_with(".xhtml") {
            let xhtml = String::from_utf8_lossy(bytes);
            assert!(
                xhtml.contains("lang=\"zh-Hans\" xml:lang=\"zh-Hans\""),
                "{name} is not marked Chinese"
            );
            assert!(!xhtml.contains("lang=\"en\""), "{name}");
        }
    }
    let nav = text(&chinese, "OEBPS/nav.xhtml");
    assert!(
        nav.contains(">目录<") && !nav.contains(">Contents<"),
        "{nav}"
    );
    assert!(nav.contains("aria-label=\"导览\""), "{nav}");
    let ch1 = text(&chinese, "OEBPS/chapter-2019-01.xhtml");
    assert!(ch1.contains("队列实践") && !ch1.contains("Queues in Practice"));
    assert!(ch1.contains(">来源：<"), "{ch1}");
    assert!(text(&chinese, "OEBPS/chapter-2019-03.xhtml").contains("leader election"));
    assert!(text(&chinese, "OEBPS/chapter-2019-04.xhtml").contains("布隆过滤器"));
    assert_eq!(image_sizes(&chinese), [size_of("chinese.png")]);
    assert_eq!(
        pdf_language(&out.join("enqueuezero-techshack-2019-zh.pdf")),
        "zh-Hans"
    );

    for book in [
        "enqueuezero-techshack-2019",
        "enqueuezero-techshack-2019-zh",
    ] {
        let (errors, warnings, report) = common::epubcheck(&out.join(format!("{book}.epub")));
        assert_eq!((errors, warnings), (0, 0), "{book}:\n{report}");
    }
}

#[test]
fn the_edition_option_builds_only_that_edition() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path());
    let out = dir.path().join("out");
    let mut opts = options(&root, &out, Some("zh"));
    opts.formats = vec![Format::Epub];
    let mut diags = Diagnostics::new();
    let outputs = techshack_book::build(&opts, &mut diags).expect("the Chinese edition builds");
    assert_eq!(names(&outputs), ["enqueuezero-techshack-2019-zh.epub"]);
    let on_disk: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".epub") || n.ends_with(".pdf"))
        .collect();
    assert_eq!(on_disk, ["enqueuezero-techshack-2019-zh.epub"]);

    // The command line: `check --edition en` reads only the English book;
    // an edition that is not there is an error naming those that are.
    let run = common::cli(&root, &["check", "--edition", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("EnqueueZero Techshack 2019: 5 issues"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("中文版"), "{}", run.stdout);
    let run = common::cli(&root, &["check", "--edition", "zh-Hans"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("EnqueueZero Techshack 2019 中文版: 4 issues"),
        "{}",
        run.stdout
    );
    let run = common::cli(&root, &["check", "--edition", "fr"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("\"fr\"") && run.stderr.contains("en, zh"),
        "{}",
        run.stderr
    );
}

#[test]
fn two_files_of_one_issue_in_one_edition_are_an_error_naming_both() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path());
    // A second Chinese 2019-02, marked differently from `2019-02.zh.md`.
    write(
        &root.join("techshack.weekly/2019-02-CN.md"),
        &issue(
            "",
            "EnqueueZero Techshack 2019-02",
            &[("网格", "另一个版本。")],
        ),
    );
    let run = common::cli(&root, &["check"]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    let error = run
        .stderr
        .lines()
        .find(|l| l.contains("is issue 2019-02"))
        .unwrap_or_else(|| panic!("no duplicate error:\n{}", run.stderr));
    assert!(
        error.contains("2019-02-CN.md") && error.contains("2019-02.zh.md"),
        "{error}"
    );
    // The English 2019-02 is not a duplicate of either.
    assert!(!run.stderr.contains("/2019-02.md"), "{}", run.stderr);
}

#[test]
fn a_book_folder_inside_the_site_finds_the_public_folder_above_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = site(dir.path());
    let book = site.join("books/techshack");
    write(
        &book.join("book.yaml"),
        "issues: ../../techshack.weekly\nsite: https://enqueuezero.com\n",
    );
    let out = dir.path().join("out");
    let mut opts = options(&book, &out, Some("en"));
    opts.formats = vec![Format::Epub];
    let mut diags = Diagnostics::new();
    techshack_book::build(&opts, &mut diags).expect("builds");
    let english = epub_files(&out.join("enqueuezero-techshack-2019.epub"));
    assert_eq!(image_sizes(&english).len(), 2, "{diags:?}");
}
