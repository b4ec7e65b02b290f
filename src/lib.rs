//! techshack-book compiles the issues of the EnqueueZero Techshack digest
//! into an annual EPUB and PDF.
//!
//! The whole journey, as [`build`] runs it:
//!
//! 0. **load the settings** of the book folder: `book.yaml`, fonts and
//!    styles ([`load_settings`]);
//! 1. **discover** the issue files in `issues/` (or the folder `book.yaml`
//!    names) ([`source::discover`]);
//! 2. **read** each into a chapter of the document model
//!    ([`source::read_issue`]: decode, front matter, Markdown or plain-text
//!    reader, and the issue's language);
//! 3. **assemble** one [`model::Book`] per year and edition
//!    ([`book::assemble`]);
//! 4. **typeset the prose** of each book in its language: curly quotes,
//!    apostrophes, dashes and ellipses for the straight marks typed
//!    ([`source::smart::apply`]; off with `typography: {smart_punctuation:
//!    false}` in `book.yaml`; code, addresses and drawings never change);
//! 5. **resolve assets**: fetch, cache and convert images, draw Mermaid
//!    diagrams ([`assets::resolve`]);
//! 6. **highlight** the program text once, for both writers
//!    ([`highlight::highlight_book`]);
//! 7. **write** each book as PDF ([`pdf::lay_out`]: layout into pages of
//!    positioned items, then [`pdf::Prepared::write`] with printpdf) and EPUB
//!    ([`epub::render_with`]; when the PDF is made in the same run, with
//!    its page map, so the EPUB's page list follows the printed pages),
//!    each file replaced atomically ([`output::write_atomic`]).
//!
//! Steps 2, 6 and 7 run on every core (rayon): issues are read in
//! parallel, chapters highlighted in parallel; books are written in
//! parallel, and within a book the EPUB is made while the PDF is serialized (it only needs the PDF's layout, for its page
//! list). Diagnostics are collected per issue or per book and merged in
//! file and book order, so messages come out in the same order whatever
//! the thread count. `TECHSHACK_BOOK_TIMINGS=1` prints the time of each
//! step to stderr.

// The overview above and the module docs name private modules, for a
// reader of the source; rustdoc of the public API may not follow them.
#![allow(rustdoc::private_intra_doc_links)]

pub mod assets;
pub mod book;
pub mod config;
pub(crate) mod cover_design;
pub mod diagnostics;
pub mod epub;
pub mod error;
pub(crate) mod fontsubset;
pub(crate) mod hash;
pub(crate) mod highlight;
pub(crate) mod locale;
pub mod markdown_writer;
pub mod model;
pub mod output;
pub mod pdf;
pub mod resources;
pub mod source;
mod weburl;

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use config::BookConfig;
use diagnostics::{Diagnostics, Severity};
use error::{Error, Result};
use model::Book;
use resources::Resources;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// EPUB 3, for e-readers.
    Epub,
    /// PDF, for print.
    Pdf,
}

/// What `build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The book folder: holds `issues/` and optionally `book.yaml`,
    /// `fonts/`, `styles/`.
    pub root: PathBuf,
    /// Where the outputs go (created when missing).
    pub out_dir: PathBuf,
    /// Which formats to write.
    pub formats: Vec<Format>,
    /// Only this year's book; `None` builds every year found.
    pub year: Option<u16>,
    /// Only this edition's books (`zh`, `en`; see [`model::edition_key`]);
    /// `None` builds every edition found.
    pub edition: Option<String>,
    /// Skip issues that cannot be read instead of stopping.
    pub keep_going: bool,
    /// Image options from the command line (over `book.yaml`).
    pub images: assets::ImageOptions,
    /// The EPUB's profile from the command line (over `epub_profile:` in
    /// `book.yaml`); `None` takes the book's, else the standard one.
    pub epub_profile: Option<epub::EpubProfile>,
}

/// One file the build wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Its path.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// The issues it holds, in chapter order, with their article counts.
    pub issues: Vec<(model::IssueId, usize)>,
}

/// Reads every issue under `root/issues` (or the folder `issues:` in
/// `book.yaml` names) and assembles the books, one per year and edition
/// (or only `year`'s, only `edition`'s: `zh`, or a language tag such as
/// `zh-Hans`). Unreadable issues are errors in `diags`; unless
/// `keep_going`, they stop the build.
pub fn read_books(
    root: &Path,
    config: &BookConfig,
    year: Option<u16>,
    edition: Option<&str>,
    keep_going: bool,
    diags: &mut Diagnostics,
) -> Result<Vec<Book>> {
    let folder = config
        .issues
        .clone()
        .unwrap_or_else(|| PathBuf::from("issues"));
    // `./issues/x.md` reads better as `issues/x.md` in messages, and
    // `book/../site/x.md` as `site/x.md`.
    let joined = if root == Path::new(".") {
        folder.clone()
    } else {
        root.join(&folder)
    };
    let normal = lexically_normal(&joined);
    // Only where it is the same folder (a `..` after a symbolic link is not).
    let same = matches!((joined.canonicalize(), normal.canonicalize()), (Ok(a), Ok(b)) if a == b);
    let issues_dir = if same { normal } else { joined };
    if !issues_dir.is_dir() {
        return Err(Error::NothingToBuild(if config.issues.is_some() {
            format!(
                "{} is not a folder; fix `issues:` in book.yaml",
                issues_dir.display()
            )
        } else {
            format!(
                "{} has no issues/ folder; run in a book folder, pass --root, or name the folder with `issues:` in book.yaml",
                root.display()
            )
        }));
    }
    let files = source::discover(&issues_dir, diags)?;
    let options = source::ReadOptions::from_config(config);
    // Issues are independent: read them on every core, each with its own
    // diagnostics, merged below in file order.
    let read: Vec<(Option<source::ReadIssue>, Diagnostics)> = files
        .par_iter()
        .map(|file| {
            let mut own = Diagnostics::new();
            let issue = source::read_issue_with(file, &options, &mut own);
            (issue, own)
        })
        .collect();
    let mut issues = Vec::with_capacity(files.len());
    let mut failed = 0;
    for (file, (issue, own)) in files.iter().zip(read) {
        let had_error = own.count_at_least(Severity::Error) > 0;
        diags.extend(own);
        match issue {
            Some(issue) => issues.push(issue),
            None if had_error => {
                failed += 1;
                if keep_going {
                    diags.note(file, None, "skipped: it could not be read (see above)");
                }
            }
            None => {}
        }
    }
    if failed > 0 && !keep_going {
        return Err(Error::BadInput { count: failed });
    }
    let errors_before = diags.count_at_least(Severity::Error);
    let mut books = book::assemble(issues, config, diags);
    if diags.count_at_least(Severity::Error) > errors_before && !keep_going {
        return Err(Error::BadInput {
            count: diags.count_at_least(Severity::Error) - errors_before,
        });
    }
    if let Some(year) = year {
        books.retain(|b| b.meta.year == year);
        if books.is_empty() {
            return Err(Error::NothingToBuild(format!(
                "no issue of {year} was found in {}",
                issues_dir.display()
            )));
        }
    }
    if books.is_empty() && failed > 0 {
        return Err(Error::NothingToBuild(format!(
            "none of the {failed} issue file(s) in {} could be read",
            issues_dir.display()
        )));
    }
    if books.is_empty() {
        return Err(Error::NothingToBuild(format!(
            "no issues were found in {}; issue files end in .md or .txt",
            issues_dir.display()
        )));
    }
    if let Some(edition) = edition {
        select_edition(&mut books, config, edition)?;
    }
    Ok(books)
}

/// Loads what the book folder `root` configures: `book.yaml`, and the
/// fonts and styles (`styles/pdf.yaml` parsed and checked), so that a
/// mistake in any of them stops `check` or a build before any issue is
/// read or image fetched, naming the file and line.
pub fn load_settings(root: &Path, diags: &mut Diagnostics) -> Result<(BookConfig, Resources)> {
    let config = BookConfig::load(root)?;
    let mut resources = Resources::load(Some(root), diags)?;
    // A print profile (`print:`) makes the PDF print-ready (`pdf::print`).
    if let Some(print) = &config.print {
        let profile = print.resolve(&root.join("book.yaml"))?;
        resources.pdf_style.print = Some(std::sync::Arc::new(pdf::print::PrintSettings {
            profile,
            description: config.description.clone(),
        }));
    }
    Ok((config, resources))
}

/// `path` with its `.` components left out and each `..` taking away the
/// name before it, where there is one. The file system is not asked: a
/// `..` after a symbolic link may name another folder, which the caller
/// checks.
fn lexically_normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            // The parent of the root is the root.
            Component::ParentDir if out.has_root() && out.parent().is_none() => {}
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// What [`build`] writes from: the books of `options`, read and with
/// their assets resolved, and the resources (fonts, styles) of the book
/// folder. For a caller that wants to look at what the writers are given,
/// e.g. lay out the PDF of exactly the book that was built.
pub fn prepare(options: &BuildOptions, diags: &mut Diagnostics) -> Result<(Vec<Book>, Resources)> {
    prepare_with_config(options, diags).map(|(books, resources, _)| (books, resources))
}

/// [`prepare`], also giving the book folder's configuration.
fn prepare_with_config(
    options: &BuildOptions,
    diags: &mut Diagnostics,
) -> Result<(Vec<Book>, Resources, BookConfig)> {
    // The syntax definitions take a few milliseconds to load: on another
    // core, while the settings and issues are read and the images found.
    rayon::spawn(highlight::preload);
    let (config, resources) = load_settings(&options.root, diags)?;
    let mut books = read_books(
        &options.root,
        &config,
        options.year,
        options.edition.as_deref(),
        options.keep_going,
        diags,
    )?;
    if config.typography.smart_punctuation() {
        for book in &mut books {
            source::smart::apply(book);
        }
    }
    let mut settings = assets::Settings::new(&options.root, &config, &options.images);
    settings.convert.fonts = assets::convert::SvgFonts(std::sync::Arc::new(vec![
        resources.fonts.regular.data.clone(),
        resources.fonts.bold.data.clone(),
    ]));
    let cover = config
        .cover
        .as_deref()
        .and_then(|cover| assets::cover::load(&options.root, cover, &settings, diags));
    for book in &mut books {
        assets::resolve(book, &settings, diags);
        highlight::highlight_book(book);
        book.assets.cover = cover.clone();
    }
    Ok((books, resources, config))
}

/// What the EPUB is asked for beyond the book: its profile (the command
/// line's, else `book.yaml`'s), description and date from `book.yaml`,
/// and the time of the build.
#[derive(Debug, Clone, Default)]
struct EpubSettings {
    profile: epub::EpubProfile,
    description: Option<String>,
    date: Option<String>,
    modified: Option<i64>,
}

impl EpubSettings {
    fn new(options: &BuildOptions, config: &BookConfig) -> Result<Self> {
        let profile = match (options.epub_profile, config.epub_profile.as_deref()) {
            (Some(profile), _) => profile,
            (None, Some(name)) => {
                epub::EpubProfile::from_name(name).ok_or_else(|| Error::Config {
                    path: options.root.join("book.yaml"),
                    message: format!(
                        "epub_profile: {name:?} is not a profile; use standard or kindle"
                    ),
                })?
            }
            (None, None) => epub::EpubProfile::Standard,
        };
        Ok(EpubSettings {
            profile,
            description: config.description.clone().filter(|d| !d.trim().is_empty()),
            date: config.date.clone(),
            modified: Some(config::build_timestamp()),
        })
    }
}

/// Keeps only the books of `edition` (`zh`, or a language tag such as
/// `zh-Hans`); none left is an error listing the editions there are.
fn select_edition(books: &mut Vec<Book>, config: &BookConfig, edition: &str) -> Result<()> {
    let wanted = model::edition_key(edition);
    let default = config.default_edition();
    let key_of = |book: &Book| book.meta.edition.clone().unwrap_or_else(|| default.clone());
    let mut found: Vec<String> = books.iter().map(key_of).collect();
    found.sort();
    found.dedup();
    books.retain(|book| key_of(book) == wanted);
    if books.is_empty() {
        return Err(Error::NothingToBuild(format!(
            "no issue of the {wanted:?} edition was found; the editions found are {}",
            found.join(", ")
        )));
    }
    Ok(())
}

/// Builds the books: reads the issues, then writes each year's EPUB and
/// PDF into `options.out_dir`. Returns what was written.
pub fn build(options: &BuildOptions, diags: &mut Diagnostics) -> Result<Vec<Output>> {
    let timer = PhaseTimer::from_env();
    let (books, resources, config) = prepare_with_config(options, diags)?;
    let epub_settings = EpubSettings::new(options, &config)?;
    timer.lap("read", books.iter().map(|b| b.chapters.len()).sum());
    output::remove_leftovers(&options.out_dir);
    // Books are independent: write them on every core, each with its own
    // diagnostics, merged below in book order.
    let results: Vec<(Result<Vec<Output>>, Diagnostics)> = books
        .par_iter()
        .map(|book| {
            let mut own = Diagnostics::new();
            let started = Instant::now();
            let outputs = write_book(book, &resources, options, &epub_settings, &mut own);
            timer.book(book, started);
            (outputs, own)
        })
        .collect();
    timer.lap("write", books.len());
    let mut outputs = Vec::new();
    for (written, own) in results {
        diags.extend(own);
        outputs.extend(written?);
    }
    Ok(outputs)
}

/// Writes the formats of `options` for one book. The PDF is laid out
/// first, so that the EPUB can carry its page numbers; then the EPUB is
/// made on another core while the PDF is serialized. A PDF error stops
/// the book where the PDF would have been written, as before.
fn write_book(
    book: &Book,
    resources: &Resources,
    options: &BuildOptions,
    epub_settings: &EpubSettings,
    diags: &mut Diagnostics,
) -> Result<Vec<Output>> {
    let wants_pdf = options.formats.contains(&Format::Pdf);
    let wants_epub = options.formats.contains(&Format::Epub);
    // The drawn cover needs no page map: draw it on another core while the
    // PDF is laid out on this one (it is a fifth of the EPUB's time).
    let mut cover: Option<Result<epub::CoverImage>> = None;
    let mut layout = None;
    rayon::in_place_scope(|scope| {
        if wants_epub && book.assets.cover.is_none() {
            let cover = &mut cover;
            scope.spawn(move |_| *cover = Some(epub::cover::generate(book, &resources.fonts)));
        }
        layout = wants_pdf.then(|| pdf::lay_out(book, resources, diags));
    });
    let page_map = match &layout {
        Some(Ok(prepared)) => Some(prepared.laid_out.page_map.clone()),
        _ => None,
    };
    let mut epub: Option<Result<Vec<u8>>> = None;
    let mut pdf: Option<Result<Vec<u8>>> = None;
    let mut cover_pdf: Option<Vec<u8>> = None;
    // `in_place_scope` runs the PDF serialization on this thread (its fonts
    // are not `Sync`) while the spawned EPUB may run on another.
    rayon::in_place_scope(|scope| {
        if wants_epub {
            let epub = &mut epub;
            scope.spawn(move |_| {
                *epub = Some(cover.transpose().and_then(|cover| {
                    let epub_options = epub::EpubOptions {
                        page_map,
                        cover,
                        profile: epub_settings.profile,
                        description: epub_settings.description.clone(),
                        date: epub_settings.date.clone(),
                        modified: epub_settings.modified,
                    };
                    epub::render_with(book, resources, epub_options)
                }));
            });
        }
        pdf = layout.map(|prepared| {
            prepared.and_then(|p| {
                // With a print profile, the wrap cover too.
                cover_pdf = p.write_cover(book).transpose()?;
                p.write()
            })
        });
    });
    let mut outputs = Vec::new();
    for &format in &options.formats {
        let (bytes, extension) = match format {
            // A Kindle EPUB is not the standard one: both can stand side
            // by side.
            Format::Epub if epub_settings.profile == epub::EpubProfile::Kindle => {
                match epub.take() {
                    Some(result) => (result?, "kindle.epub"),
                    None => continue,
                }
            }
            Format::Epub => match epub.take() {
                Some(result) => (result?, "epub"),
                // Asked for twice: made once, written once.
                None => continue,
            },
            Format::Pdf => match pdf.take() {
                Some(result) => (result?, "pdf"),
                None => continue,
            },
        };
        let path = options.out_dir.join(match extension {
            "kindle.epub" => format!("{}-kindle.epub", book.meta.file_stem),
            _ => format!("{}.{extension}", book.meta.file_stem),
        });
        output::write_atomic(&path, &bytes)?;
        outputs.push(Output {
            path,
            format,
            issues: book
                .chapters
                .iter()
                .map(|c| (c.id, c.articles.len()))
                .collect(),
        });
    }
    if let Some(bytes) = cover_pdf {
        outputs.push(pdf::print::write_cover_file(
            book,
            &options.out_dir,
            &bytes,
        )?);
    }
    Ok(outputs)
}

/// Times the steps of a build when `TECHSHACK_BOOK_TIMINGS` is set (to
/// anything but `0`), printing each to stderr: how the benchmark and a
/// curious user see where the time goes, and check that each step grows
/// linearly with the number of issues.
struct PhaseTimer {
    start: Option<Instant>,
}

impl PhaseTimer {
    fn from_env() -> Self {
        let on = std::env::var_os("TECHSHACK_BOOK_TIMINGS").is_some_and(|v| v != "0");
        PhaseTimer {
            start: on.then(Instant::now),
        }
    }

    /// Prints the time since the build started, after step `name` handled
    /// `count` things.
    fn lap(&self, name: &str, count: usize) {
        if let Some(start) = self.start {
            eprintln!(
                "timing: {name:<5} done at {:8.1} ms ({count})",
                start.elapsed().as_secs_f64() * 1e3
            );
        }
    }

    /// Prints how long writing `book` took since `started`.
    fn book(&self, book: &Book, started: Instant) {
        if self.start.is_some() {
            eprintln!(
                "timing:   {}: {:.1} ms ({} issues)",
                book.meta.file_stem,
                started.elapsed().as_secs_f64() * 1e3,
                book.chapters.len()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexically_normal_paths() {
        let n = |p: &str| lexically_normal(Path::new(p));
        assert_eq!(n("book/../site/issues"), PathBuf::from("site/issues"));
        assert_eq!(n("./issues"), PathBuf::from("issues"));
        assert_eq!(n("../site/./x"), PathBuf::from("../site/x"));
        assert_eq!(n("a/.."), PathBuf::from("."));
        assert_eq!(n("/a/../../b"), PathBuf::from("/b"));
    }
}
