//! The `techshack-book` command: parses arguments, calls the library,
//! prints diagnostics and sets the exit code.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use clap::{Parser, Subcommand, ValueEnum};
use techshack_book::assets::{self, ImageOptions, ProgressEvent, ProgressSink};
use techshack_book::config::{BookConfig, ImageMode};
use techshack_book::diagnostics::{Diagnostic, Diagnostics, Severity};
use techshack_book::{BuildOptions, Format};

// Layout and PDF serialization allocate many small objects; mimalloc does
// that markedly faster than the system allocator (see Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Compiles the EnqueueZero Techshack issues of a year into an EPUB and a PDF.
#[derive(Parser)]
#[command(name = "techshack-book", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the annual books from issues/ into out/.
    Build(BuildArgs),
    /// Read every issue and report every problem, writing nothing; with
    /// --print, also what a print service would reject.
    Check(CheckArgs),
    /// Write the wrap cover (back, spine, front) for the print profile.
    Cover(CoverArgs),
    /// Print issues (plain text scraped from the web page, or Markdown) as
    /// clean Markdown, to review and keep.
    Import(ImportArgs),
    /// Remove what earlier builds kept: with --cache, the downloaded images.
    Clean(CleanArgs),
}

#[derive(clap::Args)]
struct CleanArgs {
    /// Empty the image download cache.
    #[arg(long, required = true)]
    cache: bool,
    /// The book folder whose book.yaml may name the cache folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The issue files to convert.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Write each result beside its file as NAME.md instead of printing it.
    #[arg(long)]
    write: bool,
    /// Overwrite an existing NAME.md (with --write).
    #[arg(long, requires = "write")]
    force: bool,
    /// Print (to standard error) what each part of the file was read as and
    /// why, line by line.
    #[arg(long)]
    explain: bool,
}

/// Options shared by every command that reads a book folder.
#[derive(clap::Args)]
struct CommonArgs {
    /// The book folder (holds issues/, and optionally book.yaml, fonts/, styles/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Only the book of this year (default: every year found).
    #[arg(long)]
    year: Option<u16>,
    /// Only the books of this edition: its language, e.g. `zh` or `en`
    /// (default: every edition found).
    #[arg(long)]
    edition: Option<String>,
    /// Skip issues that cannot be read instead of stopping.
    #[arg(long)]
    keep_going: bool,
    /// Treat warnings as errors (for CI).
    #[arg(long)]
    strict: bool,
    /// Print only errors.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print what was read: each issue with its reader and article count.
    #[arg(short, long)]
    verbose: bool,
}

#[derive(clap::Args)]
struct BuildArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Output folder (default: out/ in the book folder).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Which formats to write (with both, the EPUB carries the PDF's page
    /// numbers).
    #[arg(long, value_enum, default_value_t = FormatArg::All)]
    format: FormatArg,
    /// download: fetch remote images and embed them (default, or as set in
    /// book.yaml); link: no network, each image is a figure with its
    /// description and address.
    #[arg(long, value_enum)]
    images: Option<ImagesArg>,
    /// Use only images already in the download cache; anything else
    /// becomes a linked figure.
    #[arg(long)]
    offline: bool,
    /// Seconds for all image downloads together (default 20, or
    /// `images: budget:` in book.yaml); what is not downloaded by then is
    /// shown as a link.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    image_budget: Option<f64>,
    /// Try every remote image again: those that failed recently, and those
    /// in the cache (asking the server whether they changed).
    #[arg(long, conflicts_with = "offline")]
    refresh_images: bool,
    /// Which reading systems the EPUB is for: standard (default, or as set
    /// in book.yaml) or kindle (every diagram a PNG; written as
    /// NAME-kindle.epub).
    #[arg(long, value_enum)]
    epub_profile: Option<EpubProfileArg>,
}

#[derive(Clone, Copy, ValueEnum)]
enum EpubProfileArg {
    Standard,
    Kindle,
}

/// A number of seconds above zero.
fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 1e7 => Ok(s),
        _ => Err(format!("`{text}` is not a number of seconds above 0")),
    }
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Also run the print preflight, for book.yaml's `print:` profile or
    /// the one named (kdp-6x9, lulu-a5, ...).
    #[arg(long, value_name = "PROFILE", num_args = 0..=1, default_missing_value = "")]
    print: Option<String>,
    /// With --print: use only images already in the download cache.
    #[arg(long, requires = "print")]
    offline: bool,
}

#[derive(clap::Args)]
struct CoverArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Output folder (default: out/ in the book folder).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The print profile (default: book.yaml's `print:`).
    #[arg(long, value_name = "PROFILE")]
    print: Option<String>,
    /// Use only images already in the download cache.
    #[arg(long)]
    offline: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ImagesArg {
    Download,
    Link,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Epub,
    Pdf,
    All,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => match args.print {
            Some(profile) => check_print(&args.common, &profile, args.offline),
            None => check(args.common),
        },
        Command::Cover(args) => cover(args),
        Command::Import(args) => import(args),
        Command::Clean(args) => clean(args),
    }
}

fn clean(args: CleanArgs) -> ExitCode {
    debug_assert!(args.cache);
    let config = match BookConfig::load(&args.root) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let settings = assets::Settings::new(&args.root, &config, &ImageOptions::default());
    let Some(dir) = settings.cache_dir else {
        eprintln!(
            "error: no cache folder is known: set {} or images: cache: in book.yaml",
            assets::CACHE_ENV
        );
        return ExitCode::FAILURE;
    };
    match assets::clean_cache(&dir) {
        Ok(cleaned) => {
            println!(
                "emptied {} ({} files, {} bytes)",
                dir.display(),
                cleaned.files,
                cleaned.bytes
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot empty {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}

/// Download progress: a bar on a terminal (images done, bytes, the host
/// waited on), plain lines otherwise; after downloads, one summary line.
fn progress_sink(quiet: bool) -> Option<ProgressSink> {
    if quiet {
        return None;
    }
    // Whether downloads were attempted: a build that only read the cache
    // says nothing, as before.
    let attempted = Arc::new(AtomicBool::new(false));
    let summary = {
        let attempted = attempted.clone();
        move |summary: &assets::ImageSummary| {
            if attempted.swap(false, Ordering::SeqCst) {
                eprintln!("{summary}");
            }
        }
    };
    if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("images {bar:30} {pos}/{len} {msg}")
        {
            bar.set_style(style);
        }
        // Bytes so far, and the hosts of the requests running (oldest first).
        let state = Mutex::new((0u64, Vec::<String>::new()));
        let show = move |bar: &indicatif::ProgressBar, (bytes, hosts): &(u64, Vec<String>)| {
            let waiting = hosts
                .first()
                .map(|h| format!(", waiting on {h}"))
                .unwrap_or_default();
            bar.set_message(format!("{}{waiting}", indicatif::HumanBytes(*bytes)));
        };
        Some(ProgressSink(Arc::new(move |event| {
            let Ok(mut state) = state.lock() else { return };
            match event {
                ProgressEvent::Start { total } => {
                    attempted.store(true, Ordering::SeqCst);
                    bar.set_length(total as u64);
                }
                ProgressEvent::Started { host, .. } => {
                    state.1.push(host.to_string());
                    show(&bar, &state);
                }
                ProgressEvent::Bytes { count } => {
                    state.0 += count;
                    show(&bar, &state);
                }
                ProgressEvent::Done { host, .. } => {
                    if let Some(at) = state.1.iter().position(|h| h == host) {
                        state.1.remove(at);
                    }
                    show(&bar, &state);
                    bar.inc(1);
                }
                ProgressEvent::Finish => bar.finish_and_clear(),
                ProgressEvent::Summary(s) => summary(s),
            }
        })))
    } else {
        Some(ProgressSink(Arc::new(move |event| match event {
            ProgressEvent::Start { total } => {
                attempted.store(true, Ordering::SeqCst);
                eprintln!("downloading {total} images");
            }
            ProgressEvent::Done { url, ok: true, .. } => eprintln!("downloaded {url}"),
            ProgressEvent::Summary(s) => summary(s),
            // The warning with file and line follows after the build.
            ProgressEvent::Done { ok: false, .. }
            | ProgressEvent::Started { .. }
            | ProgressEvent::Bytes { .. }
            | ProgressEvent::Finish => {}
        })))
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let common = &args.common;
    let options = BuildOptions {
        root: common.root.clone(),
        out_dir: args.out.clone().unwrap_or_else(|| {
            // `out/x.pdf` reads better than `./out/x.pdf`.
            if common.root == std::path::Path::new(".") {
                PathBuf::from("out")
            } else {
                common.root.join("out")
            }
        }),
        formats: match args.format {
            FormatArg::Epub => vec![Format::Epub],
            FormatArg::Pdf => vec![Format::Pdf],
            FormatArg::All => vec![Format::Epub, Format::Pdf],
        },
        year: common.year,
        edition: common.edition.clone(),
        keep_going: common.keep_going,
        images: ImageOptions {
            mode: args.images.map(|m| match m {
                ImagesArg::Download => ImageMode::Download,
                ImagesArg::Link => ImageMode::Link,
            }),
            offline: args.offline,
            cache_dir: None,
            refresh: args.refresh_images,
            budget: args.image_budget,
            progress: progress_sink(common.quiet),
        },
        epub_profile: args.epub_profile.map(|p| match p {
            EpubProfileArg::Standard => techshack_book::epub::EpubProfile::Standard,
            EpubProfileArg::Kindle => techshack_book::epub::EpubProfile::Kindle,
        }),
    };
    // The diagnostics of reading that the strict check below has printed.
    let mut printed_before = 0;
    if common.strict {
        // Read first so that warnings stop the build before anything is written.
        let mut diags = Diagnostics::new();
        let read =
            techshack_book::load_settings(&common.root, &mut diags).and_then(|(config, _)| {
                techshack_book::read_books(
                    &common.root,
                    &config,
                    common.year,
                    common.edition.as_deref(),
                    common.keep_going,
                    &mut diags,
                )
            });
        print_diagnostics(&diags, common);
        printed_before = diags.iter().count();
        if let Err(e) = read {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
        if diags.count_at_least(Severity::Warning) > 0 {
            eprintln!("error: warnings found and --strict is set; nothing was written");
            return ExitCode::FAILURE;
        }
    }
    let mut diags = Diagnostics::new();
    let result = techshack_book::build(&options, &mut diags);
    if !common.strict {
        print_diagnostics(&diags, common);
    } else {
        // The build read the issues again, as the check above did, with
        // the same diagnostics first: what is new here are those of the
        // later stages (images that could not be had, or were left as links).
        for diag in diags
            .iter()
            .skip(printed_before)
            .filter(|d| d.severity >= Severity::Warning || !common.quiet)
        {
            eprintln!("{diag}");
        }
    }
    if common.strict && result.is_ok() && diags.count_at_least(Severity::Warning) > 0 {
        eprintln!("error: warnings found and --strict is set (images or diagrams)");
        return ExitCode::FAILURE;
    }
    match result {
        Ok(outputs) => {
            if !common.quiet {
                for output in &outputs {
                    println!(
                        "wrote {} ({} issues)",
                        output.path.display(),
                        output.issues.len()
                    );
                    if common.verbose {
                        for (id, articles) in &output.issues {
                            println!("  {id}: {articles} articles");
                        }
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The options of a command that reads and prepares books as `build` does.
fn read_options(common: &CommonArgs, out: Option<PathBuf>, offline: bool) -> BuildOptions {
    BuildOptions {
        root: common.root.clone(),
        out_dir: out.unwrap_or_else(|| {
            if common.root == std::path::Path::new(".") {
                PathBuf::from("out")
            } else {
                common.root.join("out")
            }
        }),
        formats: vec![Format::Pdf],
        year: common.year,
        edition: common.edition.clone(),
        keep_going: common.keep_going,
        images: ImageOptions {
            mode: None,
            offline,
            progress: progress_sink(common.quiet),
            ..ImageOptions::default()
        },
        epub_profile: None,
    }
}

/// `check --print`: the preflight; errors (and warnings with --strict)
/// fail.
fn check_print(common: &CommonArgs, profile: &str, offline: bool) -> ExitCode {
    let options = read_options(common, None, offline);
    let mut diags = Diagnostics::new();
    let result = techshack_book::pdf::print::check_books(&options, Some(profile), &mut diags);
    print_diagnostics(&diags, common);
    match result {
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
        Ok(()) if fails_check(&diags, common.strict) => ExitCode::FAILURE,
        Ok(()) => ExitCode::SUCCESS,
    }
}

/// Whether a check fails on `diags`: on an error, or with `--strict` on
/// a warning too.
fn fails_check(diags: &Diagnostics, strict: bool) -> bool {
    let limit = if strict {
        Severity::Warning
    } else {
        Severity::Error
    };
    diags.count_at_least(limit) > 0
}

/// `cover`: writes each book's wrap cover.
fn cover(args: CoverArgs) -> ExitCode {
    let common = &args.common;
    let options = read_options(common, args.out.clone(), args.offline);
    let mut diags = Diagnostics::new();
    let result =
        techshack_book::pdf::print::write_covers(&options, args.print.as_deref(), &mut diags);
    print_diagnostics(&diags, common);
    match result {
        Ok(outputs) => {
            if !common.quiet {
                for output in &outputs {
                    println!("wrote {}", output.path.display());
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn check(args: CommonArgs) -> ExitCode {
    let mut diags = Diagnostics::new();
    let result = techshack_book::load_settings(&args.root, &mut diags).and_then(|(config, _)| {
        techshack_book::read_books(
            &args.root,
            &config,
            args.year,
            args.edition.as_deref(),
            true,
            &mut diags,
        )
    });
    print_diagnostics(&diags, &args);
    match result {
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
        Ok(_) if fails_check(&diags, args.strict) => ExitCode::FAILURE,
        Ok(books) => {
            if !args.quiet {
                for book in &books {
                    let articles: usize = book.chapters.iter().map(|c| c.articles.len()).sum();
                    println!(
                        "{}: {} issues, {} articles",
                        book.meta.title,
                        book.chapters.len(),
                        articles
                    );
                    if args.verbose {
                        for chapter in &book.chapters {
                            // What the file calls itself, where the book's
                            // pattern titles it otherwise.
                            let titled = if chapter.source_title == chapter.title {
                                String::new()
                            } else {
                                format!(", titled {:?} in the file", chapter.source_title)
                            };
                            println!(
                                "  {}: {} articles ({}{titled})",
                                chapter.id,
                                chapter.articles.len(),
                                chapter.source.display()
                            );
                        }
                    }
                }
            }
            ExitCode::SUCCESS
        }
    }
}

fn import(args: ImportArgs) -> ExitCode {
    let mut failed = false;
    for file in &args.files {
        let mut diags = Diagnostics::new();
        if args.explain {
            let explained = techshack_book::source::explain::explain_file(file, &mut diags);
            for line in explained.iter().flatten() {
                eprintln!("{line}");
            }
        }
        let parsed = techshack_book::source::parse_file(file, &mut diags);
        for diag in diags.iter().filter(|d| d.severity >= Severity::Warning) {
            eprintln!("{diag}");
        }
        let Some(parsed) = parsed else {
            failed = true;
            continue;
        };
        let markdown = techshack_book::markdown_writer::issue_to_markdown(&parsed);
        if !args.write {
            println!("{markdown}");
            continue;
        }
        let target = file.with_extension("md");
        if target == *file || (target.exists() && !args.force) {
            eprintln!(
                "error: {} exists; pass --force to overwrite it",
                target.display()
            );
            failed = true;
            continue;
        }
        match techshack_book::output::write_atomic(&target, format!("{markdown}\n").as_bytes()) {
            Ok(()) => eprintln!("wrote {}", target.display()),
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_diagnostics(diags: &Diagnostics, args: &CommonArgs) {
    let shown = if args.quiet {
        Severity::Error
    } else {
        Severity::Note
    };
    for diag in diags.iter().filter(|d| d.severity >= shown) {
        eprintln!("{}", render_diagnostic(diag));
    }
}

/// A diagnostic as the user reads it: the one-line message, and for
/// problems at a line of an issue, that line of the file with a marker.
fn render_diagnostic(diag: &Diagnostic) -> String {
    let headline = diag.to_string();
    let (Some(file), Some(line)) = (&diag.file, diag.line) else {
        return headline;
    };
    if diag.severity == Severity::Note {
        return headline;
    }
    let Some(source_line) = std::fs::read(file)
        .ok()
        .map(|bytes| techshack_book::source::decode::decode(&bytes).text)
        .and_then(|text| text.lines().nth(line.saturating_sub(1)).map(str::to_string))
    else {
        return headline;
    };
    // Long lines (a paragraph, a minified paste) are cut: the marker is
    // what matters.
    let source_line: String = source_line.chars().take(100).collect();
    let span = match diag.column {
        Some(column) => {
            let start: usize = source_line
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(source_line.len(), |(i, _)| i);
            let end = source_line[start..]
                .char_indices()
                .nth(1)
                .map_or(source_line.len(), |(i, _)| start + i);
            start..end
        }
        None => {
            let indent = source_line.len() - source_line.trim_start().len();
            indent..source_line.trim_end().len().max(indent)
        }
    };
    let level = match diag.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let report = [level.primary_title(&diag.message).element(
        Snippet::source(&source_line)
            .line_start(line)
            .path(file.to_string_lossy())
            .annotation(AnnotationKind::Primary.span(span)),
    )];
    let renderer = if std::io::stderr().is_terminal() {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&report).to_string()
}
