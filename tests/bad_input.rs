//! Bad input through the command line: every problem names its file (and
//! line where known), nothing panics, and a failed build leaves the previous
//! outputs in place.

mod common;

use std::path::Path;

const GOOD: &str = "---\ntitle: EnqueueZero Techshack 2019-02\n---\n\n# EnqueueZero Techshack 2019-02\n\n## An article\n\n[example.com](https://example.com/a)\n\nSome text.\n";

fn book(files: &[(&str, &[u8])]) -> common::BookFolder {
    common::BookFolder::with_issues(files)
}

/// Runs the binary; returns (exit code, stdout, stderr).
fn cli(root: &Path, args: &[&str]) -> (i32, String, String) {
    let run = common::cli(root, args);
    (run.code, run.stdout, run.stderr)
}

#[test]
fn broken_front_matter_is_an_error_with_file_and_line() {
    let dir = book(&[
        ("2019-02.md", GOOD.as_bytes()),
        (
            "2019-03.md",
            b"---\ntitle: EnqueueZero Techshack 2019-03\ntags: [a, b\n---\n\n## A\n",
        ),
    ]);
    let (code, _, err) = cli(dir.root(), &["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("2019-03.md:3") || err.contains("2019-03.md:4"),
        "{err}"
    );
    assert!(err.contains("not valid YAML"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn keep_going_skips_the_broken_issue() {
    let dir = book(&[
        ("2019-02.md", GOOD.as_bytes()),
        ("2019-03.md", b"---\ntitle: [unclosed\n---\n"),
    ]);
    let (code, _, err) = cli(dir.root(), &["build", "--keep-going", "--format", "epub"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2019-03.md"), "{err}");
}

#[test]
fn a_file_that_is_not_utf8_is_read_with_a_warning() {
    let dir = book(&[(
        "2019-02.md",
        b"# EnqueueZero Techshack 2019-02\n\n## Caf\xe9\n\nna\xefve \x93quoted\x94\n",
    )]);
    let (code, out, err) = cli(dir.root(), &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("2019-02.md:3") && err.contains("Windows-1252"),
        "{err}"
    );
    assert!(out.contains("1 issues, 1 articles"), "{out}");
    let (code, _, err) = cli(dir.root(), &["check", "--strict"]);
    assert_eq!(code, 1, "--strict turns the warning into a failure: {err}");
}

#[test]
fn an_empty_file_is_reported_not_fatal() {
    let dir = book(&[("2019-02.md", GOOD.as_bytes()), ("2019-04.md", b"  \n\n")]);
    let (code, _, err) = cli(dir.root(), &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2019-04.md") && err.contains("empty"), "{err}");
}

#[test]
fn an_issue_without_a_number_is_an_error() {
    let dir = book(&[("notes.md", b"# Some notes\n\n## A\n\ntext\n")]);
    let (code, _, err) = cli(dir.root(), &["check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("notes.md:1") && err.contains("YYYY-NN"),
        "{err}"
    );
}

#[test]
fn two_files_for_one_issue_is_an_error() {
    let dir = book(&[("a.md", GOOD.as_bytes()), ("b.md", GOOD.as_bytes())]);
    let (code, _, err) = cli(dir.root(), &["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("b.md") && err.contains("2019-02"), "{err}");
}

#[test]
fn backups_hidden_and_binary_files_are_skipped() {
    let dir = book(&[
        ("2019-02.md", GOOD.as_bytes()),
        ("2019-02.md~", b"junk"),
        (".2019-02.md.swp", b"junk"),
        ("cover.png", b"\x89PNG\r\n\x1a\n\0\0"),
        ("odd.txt", b"\0\0binary"),
    ]);
    let (code, out, err) = cli(dir.root(), &["check", "-v"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 issues"), "{out}");
    assert!(
        err.contains("2019-02.md~") && err.contains("backup"),
        "{err}"
    );
    assert!(err.contains("cover.png"), "{err}");
    assert!(
        err.contains("odd.txt") && err.contains("not a text file"),
        "{err}"
    );
}

#[test]
fn no_issues_folder_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = cli(dir.path(), &["build"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no issues/ folder") && err.contains("--root"),
        "{err}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_book_in_place() {
    let dir = book(&[("2019-02.md", GOOD.as_bytes())]);
    let out = dir.root().join("out");
    std::fs::create_dir(&out).unwrap();
    let previous = out.join("enqueuezero-techshack-2019.epub");
    std::fs::write(&previous, b"previous good book").unwrap();
    dir.write("issues/2019-03.md", b"---\ntitle: [\n---\n");
    let (code, _, err) = cli(dir.root(), &["build"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(std::fs::read(&previous).unwrap(), b"previous good book");
    let leftovers: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary files are left");
}

#[test]
fn bad_book_yaml_names_the_key_to_fix() {
    let dir = book(&[("2019-02.md", GOOD.as_bytes())]);
    dir.write("book.yaml", "titel: Oops\n");
    let (code, _, err) = cli(dir.root(), &["check"]);
    assert_eq!(code, 1);
    assert!(err.contains("book.yaml") && err.contains("titel"), "{err}");
}

#[test]
fn a_broken_pdf_style_fails_check_with_file_and_line() {
    let dir = book(&[("2019-02.md", GOOD.as_bytes())]);
    // A misspelt key on line 3, after two good ones.
    dir.write(
        "styles/pdf.yaml",
        "paper: a5\nlink_urls: notes\nmargin:\n  inner: 40\n",
    );
    let (code, out, err) = cli(dir.root(), &["check"]);
    assert_eq!(code, 1, "{out}{err}");
    let file = Path::new("styles").join("pdf.yaml");
    assert!(err.contains(&*file.to_string_lossy()), "{err}");
    assert!(err.contains("line 3") && err.contains("margin"), "{err}");
    assert!(
        !out.contains("issues"),
        "nothing was checked past the style: {out}"
    );

    // A paper size that does not exist, on line 1.
    dir.write("styles/pdf.yaml", "paper: b5\n");
    let (code, _, err) = cli(dir.root(), &["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("pdf.yaml: line 1") && err.contains("b5"),
        "{err}"
    );

    dir.write("styles/pdf.yaml", "paper: a5\n");
    let (code, _, err) = cli(dir.root(), &["check"]);
    assert_eq!(code, 0, "a good style passes: {err}");
}

#[test]
fn a_cover_from_book_yaml_wins_and_a_bad_one_is_a_warning() {
    let dir = book(&[("2019-02.md", GOOD.as_bytes())]);
    let mut png = Vec::new();
    image::RgbImage::from_pixel(16, 24, image::Rgb([200, 30, 30]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    dir.write("cover.png", &png);
    dir.write("book.yaml", "cover: cover.png\n");
    let (code, _, err) = cli(
        dir.root(),
        &["build", "--format", "epub", "--images", "link"],
    );
    assert_eq!(code, 0, "{err}");
    let epub = std::fs::File::open(dir.root().join("out/enqueuezero-techshack-2019.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(epub).unwrap();
    let mut cover = Vec::new();
    std::io::Read::read_to_end(
        &mut zip.by_name("OEBPS/images/cover.png").unwrap(),
        &mut cover,
    )
    .unwrap();
    assert_eq!(cover, png, "the given cover, byte for byte");

    // Not an image, and the start of a PNG cut off (decoded like every
    // other image, so refused rather than carried into the EPUB).
    for bad in [&b"not an image"[..], &png[..png.len() / 2]] {
        dir.write("cover.png", bad);
        let (code, _, err) = cli(
            dir.root(),
            &["build", "--format", "epub", "--images", "link"],
        );
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains("cover.png") && err.contains("a cover is drawn instead"),
            "{err}"
        );
    }
    dir.write("book.yaml", "cover: ../../etc/passwd\n");
    let (code, _, err) = cli(
        dir.root(),
        &["build", "--format", "epub", "--images", "link"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("not a file inside the book folder"), "{err}");
}
