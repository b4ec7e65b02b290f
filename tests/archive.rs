//! The archive as its author keeps it, end to end: `tests/fixtures/site/`
//! is a small copy of the EnqueueZero VuePress site written for these
//! tests. Its issues are in `techshack.weekly/` (named by `issues:` in the
//! book folder `annual/`), its images under `.vuepress/public/` above the
//! book folder, and it holds every shape the sample book lacks:
//!
//! - two editions of every issue: `-CN`, `.zh.md`, `lang:` in the front
//!   matter, and a file recognised as Chinese by its text;
//! - link-and-rule articles under a bare `# 2019-02`, one with an empty
//!   link text;
//! - a Chinese reading list (intro paragraphs and a list of links);
//! - an indented ASCII drawing, and indented code starting `# pseudo code`;
//! - an HTML `<img>` with a style, an image inside a list item, images at
//!   `/static/…` and at the site's own address (`site:`);
//! - site components, known (dropped quietly) and unknown (one warning).

mod common;

use std::path::{Path, PathBuf};

use techshack_book::diagnostics::{Diagnostics, Severity};
use techshack_book::model::{Block, Book, CodeKind};
use techshack_book::Format;

/// The site's root.
fn site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site")
}

/// The book folder inside the site.
fn book_folder() -> PathBuf {
    site().join("annual")
}

/// The books as the writers get them, with their assets, and what reading
/// them reported.
fn prepared(out: &Path) -> (Vec<Book>, Diagnostics) {
    let options = common::offline_options(&book_folder(), out, &[Format::Epub, Format::Pdf]);
    let mut diags = Diagnostics::new();
    let (books, _) = techshack_book::prepare(&options, &mut diags).expect("the archive reads");
    (books, diags)
}

fn book<'a>(books: &'a [Book], stem: &str) -> &'a Book {
    books
        .iter()
        .find(|b| b.meta.file_stem == stem)
        .unwrap_or_else(|| panic!("no book {stem}"))
}

/// Per chapter: its issue and its article titles.
fn contents(book: &Book) -> Vec<(String, Vec<String>)> {
    book.chapters
        .iter()
        .map(|c| {
            let titles = c.articles.iter().map(|a| a.title_text()).collect();
            (c.id.to_string(), titles)
        })
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn each_edition_is_a_book_with_its_language_chapters_and_articles() {
    let out = tempfile::tempdir().expect("temp dir");
    let (books, _) = prepared(out.path());
    assert_eq!(books.len(), 2, "one book per edition");

    let english = book(&books, "enqueuezero-techshack-2019");
    assert_eq!(english.meta.language, "en");
    assert!(!english.preface.is_empty(), "the series intro");
    assert_eq!(
        contents(english),
        vec![
            (
                "2019-01".to_string(),
                strings(&[
                    "Raft in Pictures",
                    "The Log: What every software engineer should know"
                ])
            ),
            (
                "2019-02".to_string(),
                strings(&[
                    "How Discord Stores Billions of Messages",
                    "atc14-paper-ongaro.pdf",
                    "Understanding Database Sharding",
                    "Write-ahead logging",
                ])
            ),
            ("2019-03".to_string(), strings(&["Consistent Hashing"])),
            (
                "2019-04".to_string(),
                strings(&["Linux eBPF Tracing Tools"])
            ),
        ]
    );
    // Link-led articles take their source from the link's host.
    let discord = &english.chapters[1].articles[0];
    assert_eq!(discord.sources[0].label, "blog.discordapp.com");

    let chinese = book(&books, "enqueuezero-techshack-2019-zh");
    assert_eq!(chinese.meta.language, "zh-Hans");
    assert!(
        chinese.meta.title.contains("中文版"),
        "{}",
        chinese.meta.title
    );
    assert!(
        chinese.preface.is_empty(),
        "the English series intro does not preface the Chinese book"
    );
    assert_eq!(
        contents(chinese),
        vec![
            (
                "2019-01".to_string(),
                strings(&[
                    "图解 Raft 共识算法",
                    "日志：每个软件工程师都应该知道的实时数据统一抽象",
                    "etcd 的 v3 API 设计",
                ])
            ),
            (
                "2019-02".to_string(),
                strings(&["Discord 如何存储数十亿条消息", "理解数据库分片"])
            ),
            ("2019-03".to_string(), strings(&["一致性哈希"])),
            ("2019-04".to_string(), strings(&["用 eBPF 观察 Linux 内核"])),
        ]
    );
    // The reading list's intro is the chapter's lead.
    assert_eq!(chinese.chapters[0].lead.len(), 2);
    // Each edition's chapters come from its own files.
    let sources: Vec<String> = chinese
        .chapters
        .iter()
        .map(|c| c.source.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        sources,
        [
            "2019-01-CN.md",
            "2019-02.zh.md",
            "2019-03-notes.md",
            "weekly-2019-04.md"
        ]
    );
}

#[test]
fn drawings_code_and_images_of_the_archive_are_read() {
    let out = tempfile::tempdir().expect("temp dir");
    let (books, _) = prepared(out.path());
    let english = book(&books, "enqueuezero-techshack-2019");
    let raft = &english.chapters[0].articles[0];
    let code = common::code_blocks(&raft.blocks);
    assert_eq!(code.len(), 2, "{code:?}");
    assert_eq!(code[0].0, CodeKind::Drawing, "{}", code[0].1);
    assert!(code[0].1.contains("^ next index"));
    assert_eq!(code[1].0, CodeKind::Program);
    assert!(code[1].1.starts_with("# pseudo code"), "{}", code[1].1);
    assert!(
        !raft
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Heading { .. })),
        "`# pseudo code` is not a heading"
    );

    // Every image is embedded: /static/… from the public folder above the
    // book folder, the site's own addresses from the same folder (no
    // network: the build is offline), an HTML <img> in a list item.
    let mut images: Vec<&str> = english.assets.images.keys().map(String::as_str).collect();
    images.sort();
    assert_eq!(
        images,
        [
            "/static/images/discord-buckets.png",
            "/static/images/log-offsets.png",
            "/static/images/raft-election.png",
            "https://enqueuezero.com/static/images/hash-ring.png",
            "https://enqueuezero.com/static/images/sharding.png",
        ]
    );
    assert_eq!(
        english.assets.images["/static/images/raft-election.png"].width,
        120
    );
}

#[test]
fn both_editions_build_clean_with_one_line_per_real_problem() {
    let out = tempfile::tempdir().expect("temp dir");
    let out_dir = out.path().join("out");
    let run = common::cli(
        &book_folder(),
        &[
            "build",
            "--offline",
            "--out",
            out_dir.to_str().expect("UTF-8 path"),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Two real problems in the archive: an unknown component and a link
    // without text. Each is one warning naming its file and line, and
    // nothing else is reported (no character is missing from the fonts).
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning") || l.starts_with("error"))
        .collect();
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    assert!(run.stderr.contains("<DonateButton>"), "{}", run.stderr);
    assert!(
        run.stderr.contains("article link has no text"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("techshack.weekly/2019-02.md:32")
            && run.stderr.contains("techshack.weekly/2019-02.md:20"),
        "{}",
        run.stderr
    );

    for stem in [
        "enqueuezero-techshack-2019",
        "enqueuezero-techshack-2019-zh",
    ] {
        let epub = out_dir.join(format!("{stem}.epub"));
        let (errors, warnings, report) = common::epubcheck(&epub);
        assert_eq!((errors, warnings), (0, 0), "{stem}: {report}");
        let (ok, report) = common::run(
            "qpdf",
            &[
                "--check",
                out_dir.join(format!("{stem}.pdf")).to_str().unwrap(),
            ],
        );
        assert!(ok, "{stem}: {report}");
    }

    // The Chinese EPUB says so, on every document, in its own words.
    let entries = common::epub_entries(&out_dir.join("enqueuezero-techshack-2019-zh.epub"));
    let opf = &entries
        .iter()
        .find(|(name, _)| name.ends_with(".opf"))
        .expect("a package document")
        .1;
    assert!(opf.contains(">zh-Hans</dc:language>"), "{opf}");
    for (name, text) in entries.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        assert!(
            text.contains(r#"xml:lang="zh-Hans""#) && text.contains(r#" lang="zh-Hans""#),
            "{name}"
        );
    }
    let nav = &entries
        .iter()
        .find(|(name, _)| name.ends_with("nav.xhtml"))
        .expect("a navigation document")
        .1;
    assert!(nav.contains("目录"), "{nav}");
}

#[test]
fn the_chinese_pdf_prints_every_han_character_with_an_embedded_cjk_subset() {
    let out = tempfile::tempdir().expect("temp dir");
    let mut build = common::offline_options(&book_folder(), out.path(), &[Format::Pdf]);
    build.edition = Some("zh".into());
    let mut diags = Diagnostics::new();
    let outputs = techshack_book::build(&build, &mut diags).expect("the Chinese book builds");
    assert_eq!(outputs.len(), 1, "only the Chinese edition");
    let pdf = common::output_of(&outputs, Format::Pdf);
    assert!(
        !diags.iter().any(|d| d.severity >= Severity::Warning
            && d.to_string().contains("none of the PDF's fonts")),
        "{diags:?}"
    );

    let (ok, text) = common::run("pdftotext", &[pdf.to_str().expect("UTF-8 path"), "-"]);
    assert!(ok, "{text}");
    assert!(!text.contains('?'), "a character was replaced:\n{text}");
    // The sources' Han characters, chapter after chapter, in order.
    let issues = site().join("techshack.weekly");
    let sources: String = [
        "2019-01-CN.md",
        "2019-02.zh.md",
        "2019-03-notes.md",
        "weekly-2019-04.md",
    ]
    .iter()
    .map(|file| std::fs::read_to_string(issues.join(file)).expect("the issue"))
    .collect();
    let han = common::assert_han_in_order(&sources, &text);
    assert!(han > 500, "{han} Han characters");
    common::assert_embedded_subset(&pdf, "NotoSerifCJKsc-Regular");
    common::assert_embedded_subset(&pdf, "NotoSansCJKsc-Bold");
}
