//! The assets stage: between reading the books and writing them, every
//! image an issue points at is located, fetched (or taken from the cache),
//! checked and converted, and every Mermaid diagram is drawn as SVG. The
//! results go into [`Book::assets`]; the writers embed what is there and
//! show a linked placeholder figure for what is not.
//!
//! Nothing here fails the build: an image that cannot be had is one warning
//! (with the issue file and line) and a linked figure. Remote images left
//! as links because the user chose so (`--images link`, or `--offline`
//! with images not in the cache) are no problem to point at: they are
//! summed up in one note per book ([`linked_by_choice`]).
//!
//! Modules, one job each:
//! - [`locate`]: where an image address may be read from (web, book folder,
//!   public folder) and what is refused;
//! - [`remote`]: the remote images of a book: cache, remembered failures,
//!   downloads, and what is said about them;
//! - [`fetch`]: the HTTP client (timeouts, size cap, redirects, retries,
//!   conditional requests);
//! - [`pool`]: the download threads, sharing the build's time for
//!   downloads, a few per host, noticing a missing network;
//! - [`cache`]: the persistent, content-addressed download cache, with the
//!   servers' validators and the failures remembered;
//! - [`convert`]: content sniffing, decoder limits, orientation, scaling and
//!   re-encoding as PNG or JPEG (or clean SVG);
//! - [`mermaid`]: Mermaid source to SVG;
//! - [`cover`]: the cover image named in `book.yaml`, checked like the
//!   others.

pub(crate) mod cache;
pub(crate) mod convert;
pub(crate) mod cover;
pub(crate) mod fetch;
pub(crate) mod locate;
pub(crate) mod mermaid;
pub(crate) mod pool;
mod remote;

pub use cache::{clean as clean_cache, Cleaned};
pub use remote::{Downloads, ImageSummary};

use crate::locale::Locale;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::config::{BookConfig, ImageMode};
use crate::diagnostics::Diagnostics;
use crate::model::{Block, Book, ImageAsset, Inline};

use locate::Location;

/// The environment variable that names the download cache folder.
pub const CACHE_ENV: &str = "TECHSHACK_BOOK_CACHE";

/// How long a failed download is remembered by default: a day.
pub const DEFAULT_REMEMBER_FAILURES: Duration = Duration::from_secs(24 * 3600);

/// What the progress callback is told while images download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressEvent<'a> {
    /// Downloads start: this many addresses will be fetched.
    Start {
        /// How many.
        total: usize,
    },
    /// A request to `host` starts: the build now waits on that host.
    Started {
        /// The address.
        url: &'a str,
        /// Its host.
        host: &'a str,
    },
    /// More bytes of some image arrived.
    Bytes {
        /// How many.
        count: u64,
    },
    /// One address is done, fetched or not.
    Done {
        /// The address.
        url: &'a str,
        /// Its host.
        host: &'a str,
        /// Whether it was fetched.
        ok: bool,
    },
    /// All downloads are done.
    Finish,
    /// What became of the remote images of a book.
    Summary(&'a ImageSummary),
}

/// A callback for download progress; the command line draws a bar or
/// prints lines, the library itself never prints.
#[derive(Clone)]
pub struct ProgressSink(pub Arc<dyn Fn(ProgressEvent<'_>) + Send + Sync>);

impl fmt::Debug for ProgressSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProgressSink")
    }
}

/// Image options given on the command line (or by a caller of
/// [`crate::build`]); they win over `book.yaml`.
#[derive(Debug, Clone, Default)]
pub struct ImageOptions {
    /// `--images download|link`.
    pub mode: Option<ImageMode>,
    /// `--offline`: use only the cache.
    pub offline: bool,
    /// The cache folder, over the environment variable and `book.yaml`.
    pub cache_dir: Option<PathBuf>,
    /// `--refresh-images`: try every remote image again, failed ones
    /// included, asking for cached ones only if they changed.
    pub refresh: bool,
    /// `--image-budget`: seconds for all the downloads of a build, over
    /// `images: budget:` in `book.yaml`.
    pub budget: Option<f64>,
    /// Where download progress goes.
    pub progress: Option<ProgressSink>,
}

/// Everything the assets stage needs to know, settled from the command
/// line, the environment, `book.yaml` and the defaults.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Download (default) or link.
    pub mode: ImageMode,
    /// Use only the cache: no network.
    pub offline: bool,
    /// Try every remote image again (`--refresh-images`).
    pub refresh: bool,
    /// How long a failed download is remembered (and not tried again).
    pub remember_failures: Duration,
    /// The book folder: local images must stay inside it.
    pub root: PathBuf,
    /// Where site-absolute paths (`/static/x.png`) are looked up:
    /// `images: public:` in `book.yaml`, else the `.vuepress/public`
    /// folder of the book folder or of the nearest folder above it that
    /// has one (see [`find_public`]).
    pub public: Option<PathBuf>,
    /// The site the issues come from (`site:` in `book.yaml`, e.g.
    /// `https://enqueuezero.com`): its images are read from
    /// [`Settings::public`] before the network.
    pub site: Option<String>,
    /// The download cache; `None` keeps nothing between builds.
    pub cache_dir: Option<PathBuf>,
    /// How images are converted.
    pub convert: convert::ConvertSettings,
    /// How the HTTP client behaves.
    pub fetch: fetch::FetchSettings,
    /// Where download progress goes.
    pub progress: Option<ProgressSink>,
    /// What the books of one build share about downloads.
    pub downloads: Arc<remote::Downloads>,
}

impl Settings {
    /// The settings for the book in `root`, from `config` (book.yaml), the
    /// environment and `options` (command line), in rising precedence.
    pub fn new(root: &Path, config: &BookConfig, options: &ImageOptions) -> Settings {
        let images = &config.images;
        let in_book = |p: &PathBuf| {
            if p.is_absolute() {
                p.clone()
            } else {
                root.join(p)
            }
        };
        let cache_dir = options
            .cache_dir
            .clone()
            .or_else(|| {
                std::env::var_os(CACHE_ENV)
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            })
            .or_else(|| images.cache.as_ref().map(in_book))
            .or_else(cache::default_dir);
        let mut fetch = fetch::FetchSettings::default();
        if let Some(seconds) = images.timeout.filter(|s| *s > 0.0) {
            fetch.timeout = Duration::from_secs_f64(seconds);
            fetch.connect_timeout = fetch.connect_timeout.min(fetch.timeout);
        }
        if let Some(seconds) = options.budget.or(images.budget).filter(|s| *s > 0.0) {
            fetch.budget = Duration::try_from_secs_f64(seconds).unwrap_or(fetch.budget);
        }
        if let Some(retries) = images.retries {
            fetch.retries = retries.min(10);
        }
        if let Some(n) = images.concurrency.filter(|n| *n > 0) {
            fetch.concurrency = n.min(32);
        }
        if let Some(mb) = images.max_megabytes.filter(|m| *m > 0.0) {
            fetch.max_bytes = (mb * 1024.0 * 1024.0) as u64;
        }
        let mut convert = convert::ConvertSettings {
            grayscale: images.grayscale.unwrap_or(false),
            ..Default::default()
        };
        if let Some(px) = images.max_pixels.filter(|p| *p >= 16) {
            convert.max_pixels = px;
        }
        Settings {
            mode: options.mode.or(images.mode).unwrap_or_default(),
            offline: options.offline,
            refresh: options.refresh,
            remember_failures: images
                .remember_failures
                .filter(|h| *h >= 0.0)
                .and_then(|hours| Duration::try_from_secs_f64(hours * 3600.0).ok())
                .unwrap_or(DEFAULT_REMEMBER_FAILURES),
            root: root.to_path_buf(),
            public: images
                .public
                .as_ref()
                .map(in_book)
                .or_else(|| find_public(root)),
            site: config.site.clone().filter(|s| !s.trim().is_empty()),
            cache_dir,
            convert,
            fetch,
            progress: options.progress.clone(),
            downloads: Arc::default(),
        }
    }
}

/// The folder a VuePress site serves its static files from, as seen from
/// the book folder `root`: `.vuepress/public` in `root` or in the nearest
/// folder above it that has one. A book kept inside the site's folder
/// (or built from the site's root) finds the site's images without any
/// setting.
pub fn find_public(root: &Path) -> Option<PathBuf> {
    let root = root.canonicalize().ok()?;
    root.ancestors()
        .map(|dir| dir.join(".vuepress").join("public"))
        .find(|public| public.is_dir())
}

/// One image address as written in an issue, with the first place it
/// was seen (for warnings).
#[derive(Debug, Clone)]
struct ImageRef {
    url: String,
    file: PathBuf,
    line: Option<usize>,
}

/// Resolves every image and diagram of `book` into `book.assets`. Failures
/// are warnings; the writers show those images as linked figures and those
/// diagrams as their source.
pub fn resolve(book: &mut Book, settings: &Settings, diags: &mut Diagnostics) {
    let (images, diagrams) = collect(book);
    let mut assets = std::mem::take(&mut book.assets);
    let words = Locale::for_language(&book.meta.language);

    for (source, (file, line)) in diagrams {
        match mermaid::render(&source, words) {
            Ok(asset) => {
                assets.diagrams.insert(source, asset);
            }
            Err(e) => diags.warn(
                &file,
                line,
                format!("Mermaid diagram not drawn ({e}); its source is shown instead"),
            ),
        }
    }

    let mut remote = Vec::new();
    for image in images {
        if assets.images.contains_key(&image.url) {
            continue;
        }
        let chapter_dir = image.file.parent().unwrap_or(Path::new("."));
        match locate::locate(&image.url, chapter_dir, settings) {
            Location::Remote(url) => remote.push((image, url)),
            Location::Local(path) => match read_local(&path, settings) {
                Ok(asset) => {
                    assets.images.insert(image.url.clone(), asset);
                }
                Err(e) => warn_image(diags, &image, &e),
            },
            Location::Refused(reason) => warn_image(diags, &image, &reason),
        }
    }

    if !remote.is_empty() && settings.mode == ImageMode::Link {
        diags.note_summary(linked_by_choice(
            &book.meta.title,
            remote.len(),
            ImageMode::Link,
        ));
    }
    if !remote.is_empty() && settings.mode == ImageMode::Download {
        remote::resolve(remote, &book.meta.title, &mut assets, settings, diags);
    }
    book.assets = assets;
}

fn read_local(path: &Path, settings: &Settings) -> Result<ImageAsset, String> {
    convert::convert(&read_limited(path, settings)?, &settings.convert)
}

/// The bytes of the local file `path`, refused when it is larger than a
/// download may be.
fn read_limited(path: &Path, settings: &Settings) -> Result<Vec<u8>, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if meta.len() > settings.fetch.max_bytes {
        return Err(format!(
            "{} is larger than the {} byte limit",
            path.display(),
            settings.fetch.max_bytes
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn convert_into(
    assets: &mut crate::model::Assets,
    diags: &mut Diagnostics,
    image: &ImageRef,
    bytes: &[u8],
    settings: &Settings,
) {
    match convert::convert(bytes, &settings.convert) {
        Ok(asset) => {
            assets.images.insert(image.url.clone(), asset);
        }
        Err(e) => warn_image(diags, image, &e),
    }
}

/// The one line that sums up the `count` remote images of the book
/// `title` shown as links because the user asked for no download:
/// `--images link` (`mode` `Link`), or `--offline` for those not in the
/// cache (`mode` `Download`).
pub fn linked_by_choice(title: &str, count: usize, mode: ImageMode) -> String {
    let what = if count == 1 {
        format!("{title}: 1 remote image is shown as a link")
    } else {
        format!("{title}: {count} remote images are shown as links")
    };
    match mode {
        ImageMode::Link => format!(
            "{what} (image mode `link`); build with `--images download` to embed them"
        ),
        ImageMode::Download => format!(
            "{what} (--offline, and not in the download cache); build without --offline to download them"
        ),
    }
}

fn warn_image(diags: &mut Diagnostics, image: &ImageRef, reason: &str) {
    diags.warn(
        &image.file,
        image.line,
        format!(
            "image {} not included ({reason}); shown as a link",
            image.url
        ),
    );
}

/// The image addresses (first occurrence of each) and the Mermaid sources
/// (with where each is) of `book`.
/// Mermaid sources, each with the file and line it was first seen at.
type Diagrams = BTreeMap<String, (PathBuf, Option<usize>)>;

fn collect(book: &Book) -> (Vec<ImageRef>, Diagrams) {
    let mut images: Vec<ImageRef> = Vec::new();
    let mut diagrams = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    let mut visit =
        |blocks: &[Block], file: &Path, text: &Option<String>, fallback: Option<usize>| {
            let mut urls = Vec::new();
            let mut sources = Vec::new();
            walk_blocks(blocks, &mut urls, &mut sources);
            for url in urls {
                if seen.insert(url.clone()) {
                    let line = line_of(text, &url).or(fallback);
                    images.push(ImageRef {
                        url,
                        file: file.to_path_buf(),
                        line,
                    });
                }
            }
            for source in sources {
                let first = source.lines().next().unwrap_or_default().trim().to_string();
                let line = line_of(text, &first).or(fallback);
                diagrams
                    .entry(source)
                    .or_insert_with(|| (file.to_path_buf(), line));
            }
        };
    for chapter in &book.chapters {
        let text = std::fs::read(&chapter.source)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned());
        visit(&chapter.lead, &chapter.source, &text, None);
        for note in &chapter.lead_notes {
            visit(&note.blocks, &chapter.source, &text, None);
        }
        for article in &chapter.articles {
            visit(
                &article.blocks,
                &chapter.source,
                &text,
                Some(article.pos.line),
            );
            for note in &article.notes {
                visit(&note.blocks, &chapter.source, &text, Some(article.pos.line));
            }
        }
    }
    // The preface (the series intro) comes from the first issue that had it.
    if let Some(first) = book.chapters.first() {
        visit(&book.preface, &first.source, &None, None);
    }
    (images, diagrams)
}

/// The 1-based line of `text` that first contains `needle`.
fn line_of(text: &Option<String>, needle: &str) -> Option<usize> {
    let text = text.as_ref()?;
    if needle.is_empty() {
        return None;
    }
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

fn walk_blocks(blocks: &[Block], urls: &mut Vec<String>, sources: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => walk_inlines(c, urls),
            Block::List { items, .. } => {
                for item in items {
                    walk_blocks(item, urls, sources);
                }
            }
            Block::Quote(b) => walk_blocks(b, urls, sources),
            Block::Mermaid(source) => sources.push(source.clone()),
            Block::Figure { image, caption } => {
                urls.push(image.url.clone());
                if let Some(c) = caption {
                    walk_inlines(c, urls);
                }
            }
            Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    walk_inlines(cell, urls);
                }
            }
            Block::Code(_) | Block::Rule => {}
        }
    }
}

fn walk_inlines(inlines: &[Inline], urls: &mut Vec<String>) {
    for inline in inlines {
        match inline {
            Inline::Image(image) => urls.push(image.url.clone()),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Link { content: c, .. } => walk_inlines(c, urls),
            Inline::Text(_) | Inline::Code(_) | Inline::LineBreak | Inline::NoteRef { .. } => {}
        }
    }
}
