//! Book configuration: `book.yaml` in the book folder (optional), with a
//! default for every key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Utc};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::locale::Locale;
use crate::model::{edition_key, BookMeta};

/// The contents of `book.yaml`. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BookConfig {
    /// The book title; `{year}` is replaced by the year. Default:
    /// "<series> <year>".
    pub title: Option<String>,
    /// How every chapter is titled, whatever its file calls itself: a
    /// pattern with `{series}`, `{id}` (`2019-07`), `{year}` and `{number}`
    /// (`7`). Default: [`DEFAULT_CHAPTER_TITLE`].
    pub chapter_title: Option<String>,
    /// The series name. Default: "EnqueueZero Techshack".
    pub series: Option<String>,
    /// Author shown on the title page and in metadata. Default: "EnqueueZero".
    pub author: Option<String>,
    /// BCP 47 language of the text. Default: "en".
    pub language: Option<String>,
    /// Publication date `YYYY-MM-DD`. Default: the date given by
    /// `SOURCE_DATE_EPOCH`, else today.
    pub date: Option<String>,
    /// Output file name without extension; `{year}` is replaced. Default:
    /// the title in lower case with hyphens.
    pub output: Option<String>,
    /// How images and diagrams are handled.
    pub images: ImagesConfig,
    /// A cover image for the EPUB (PNG, JPEG, GIF, WebP or SVG), relative
    /// to the book folder. Default: a cover drawn from the title.
    pub cover: Option<String>,
    /// What to do with the site's VuePress components.
    pub components: ComponentsConfig,
    /// The folder the issues are in, relative to the book folder (a
    /// VuePress site keeps them in e.g. `techshack.weekly`). Default:
    /// `issues`.
    pub issues: Option<PathBuf>,
    /// The address of the site the issues come from, e.g.
    /// `https://enqueuezero.com`: images at addresses on that site are read
    /// from the site's public folder before the network.
    pub site: Option<String>,
    /// Title, language and file name of the editions other than the
    /// default one, by edition (`zh`). The top-level keys describe the
    /// default edition.
    pub editions: BTreeMap<String, EditionConfig>,
    /// How prose is typeset.
    pub typography: TypographyConfig,
    /// What the book is about, in a paragraph or two: the EPUB's
    /// description metadata and the back of the printed cover. Default
    /// (EPUB only): one made from the issues (years, issue numbers,
    /// article count).
    pub description: Option<String>,
    /// The print-on-demand profile (`kdp-6x9`, or a mapping): the PDF is
    /// made ready for that service, with a wrap cover.
    pub print: Option<crate::pdf::print::PrintConfig>,
    /// Which reading systems the EPUB is made for: `standard` (default) or
    /// `kindle` (every diagram a PNG; written as `<output>-kindle.epub`).
    /// `--epub-profile` wins over it.
    pub epub_profile: Option<String>,
}

/// The `typography:` section of `book.yaml`. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TypographyConfig {
    /// Print straight quotes, `--`, `---` and `...` in prose as curly
    /// quotes, apostrophes, dashes and an ellipsis (code, addresses and
    /// drawings are never changed). Default: true; `false` prints them as
    /// typed.
    pub smart_punctuation: Option<bool>,
}

impl TypographyConfig {
    /// Whether prose gets smart punctuation: `smart_punctuation:`, else yes.
    pub fn smart_punctuation(&self) -> bool {
        self.smart_punctuation.unwrap_or(true)
    }
}

/// The components that are site chrome by default, dropped quietly:
/// the series header (which becomes the preface) and the subscription
/// boxes of both editions.
pub const DEFAULT_DROPPED_COMPONENTS: [&str; 4] = [
    "TechshackHeader",
    "Subscribe",
    "SubscribeList",
    "SubscribeCNList",
];

/// The `components:` section of `book.yaml`. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComponentsConfig {
    /// Components that are site chrome, dropped quietly wherever they
    /// stand (any other component is reported once per file). Replaces
    /// the default list, [`DEFAULT_DROPPED_COMPONENTS`].
    pub drop: Option<Vec<String>>,
}

impl ComponentsConfig {
    /// The component names dropped quietly: the `drop:` list, else the
    /// defaults.
    pub fn dropped(&self) -> Vec<String> {
        match &self.drop {
            Some(names) => names.clone(),
            None => DEFAULT_DROPPED_COMPONENTS
                .iter()
                .map(|name| name.to_string())
                .collect(),
        }
    }
}

/// One entry of `editions:` in `book.yaml`. Every key is optional; `{year}`
/// is replaced by the year in each.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EditionConfig {
    /// The title of this edition's books. Default: the default edition's
    /// title followed by the edition's name ("… 中文版").
    pub title: Option<String>,
    /// How this edition's chapters are titled (see
    /// [`BookConfig::chapter_title`]). Default: the default edition's.
    pub chapter_title: Option<String>,
    /// The series name. Default: the default edition's.
    pub series: Option<String>,
    /// The author. Default: the default edition's.
    pub author: Option<String>,
    /// The BCP 47 language of this edition. Default: the language the
    /// issues were found to be in (`zh-Hans`).
    pub language: Option<String>,
    /// Output file name without extension. Default: the default edition's
    /// file name followed by `-<edition>`.
    pub output: Option<String>,
}

/// What to do with the images the issues point at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageMode {
    /// Fetch remote images (or take them from the cache) and embed them.
    #[default]
    Download,
    /// No network: every remote image is a figure with its alt text and
    /// address as a link.
    Link,
}

/// The `images:` section of `book.yaml`. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImagesConfig {
    /// `download` (default) or `link`.
    pub mode: Option<ImageMode>,
    /// The download cache folder, relative to the book folder. Default: the
    /// user's cache folder; the `TECHSHACK_BOOK_CACHE` environment variable
    /// wins over both.
    pub cache: Option<PathBuf>,
    /// The folder site-absolute paths (`/static/images/x.png`) are found
    /// in, relative to the book folder (a VuePress site's
    /// `.vuepress/public`).
    pub public: Option<PathBuf>,
    /// Make images grey, for e-ink readers. Default: false.
    pub grayscale: Option<bool>,
    /// The longest side of an embedded image, in pixels. Default: 1600.
    pub max_pixels: Option<u32>,
    /// The largest image accepted, in megabytes. Default: 20.
    pub max_megabytes: Option<f64>,
    /// Seconds allowed for one download. Default: 30.
    pub timeout: Option<f64>,
    /// Seconds allowed for all the downloads of a build together; what is
    /// not downloaded by then is shown as a link. Default: 20;
    /// `--image-budget` wins.
    pub budget: Option<f64>,
    /// Hours a failed download is remembered and not tried again (0: not
    /// remembered). Default: 24; `--refresh-images` tries them all.
    pub remember_failures: Option<f64>,
    /// Further tries after a reset connection, a server error or a 429
    /// (never after a timeout). Default: 2.
    pub retries: Option<u32>,
    /// Downloads at once. Default: 4.
    pub concurrency: Option<usize>,
}

impl ImagesConfig {
    /// Checks the numbers that have no sensible meaning below zero, so
    /// that a mistake stops the build naming the key.
    fn check(&self) -> std::result::Result<(), String> {
        let numbers = [
            ("budget", self.budget, false),
            ("timeout", self.timeout, false),
            ("remember_failures", self.remember_failures, true),
        ];
        for (key, value, zero_allowed) in numbers {
            let Some(value) = value else { continue };
            let fine = value.is_finite() && (value > 0.0 || (zero_allowed && value == 0.0));
            // Anything above ten million (seconds: four months) is a typo.
            if !fine || value > 1e7 {
                let expected = if zero_allowed {
                    "a number of hours, 0 or more"
                } else {
                    "a number of seconds above 0"
                };
                return Err(format!(
                    "`images: {key}:` is {value}; it must be {expected}"
                ));
            }
        }
        Ok(())
    }
}

/// The default series name.
pub const DEFAULT_SERIES: &str = "EnqueueZero Techshack";

/// The default chapter title pattern: "EnqueueZero Techshack 2019-07".
pub const DEFAULT_CHAPTER_TITLE: &str = "{series} {id}";

impl BookConfig {
    /// Reads `book.yaml` from `root`; a missing file gives the defaults.
    pub fn load(root: &Path) -> Result<Self> {
        let path = root.join("book.yaml");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(Error::io(path, e)),
        };
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        let config: Self = serde_yaml::from_str(&text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!("line {}, column {}: ", l.line(), l.column()))
                .unwrap_or_default();
            Error::Config {
                path: path.clone(),
                message: format!(
                    "{at}{}; the keys are title, series, author, language, date, description, epub_profile, output, cover, issues, site, chapter_title, editions (title, chapter_title, series, author, language, output), images (mode, cache, public, grayscale, max_pixels, max_megabytes, timeout, budget, remember_failures, retries, concurrency), components (drop), typography (smart_punctuation), print (a profile name such as kdp-6x9, or a mapping: profile, trim, paper, page_thickness, spine_extra, bleed, interior_bleed, bleed_edges, gutter, min_outside, page_multiple, min_pages, max_pages, spine_text_min_pages, barcode, pure_black, standard, marks)",
                    e.to_string().split(" at line ").next().unwrap_or_default()
                ),
            }
        })?;
        config
            .check_chapter_titles()
            .and_then(|()| config.images.check())
            .map_err(|message| Error::Config { path, message })?;
        Ok(config)
    }

    /// Checks every `chapter_title:` pattern, so that a mistake stops the
    /// build naming the key.
    fn check_chapter_titles(&self) -> std::result::Result<(), String> {
        let own = std::iter::once(("chapter_title".to_string(), &self.chapter_title));
        let editions = self
            .editions
            .iter()
            .map(|(key, e)| (format!("editions: {key}: chapter_title"), &e.chapter_title));
        for (key, pattern) in own.chain(editions) {
            if let Some(pattern) = pattern {
                crate::book::check_chapter_title(pattern).map_err(|e| format!("`{key}`: {e}"))?;
            }
        }
        Ok(())
    }

    /// The chapter title pattern of `edition` (see [`edition_key`]): its
    /// own `chapter_title:`, else the default edition's, else
    /// [`DEFAULT_CHAPTER_TITLE`].
    pub fn chapter_title_for(&self, edition: &str) -> &str {
        let own = if edition == self.default_edition() {
            None
        } else {
            self.edition_config(edition)
                .and_then(|e| e.chapter_title.as_deref())
        };
        own.or(self.chapter_title.as_deref())
            .unwrap_or(DEFAULT_CHAPTER_TITLE)
    }

    /// The metadata of the default edition's book for `year`.
    pub fn meta_for(&self, year: u16) -> BookMeta {
        let series = self
            .series
            .clone()
            .unwrap_or_else(|| DEFAULT_SERIES.to_string());
        let title = self
            .title
            .as_deref()
            .map(|t| fill_year(t, year))
            .unwrap_or_else(|| format!("{series} {year}"));
        let file_stem = output_stem(self.output.as_deref(), year).unwrap_or_else(|| slug(&title));
        let date = self.date.clone().unwrap_or_else(build_date);
        BookMeta {
            identifier: format!("urn:uuid:{}", name_uuid(&format!("{series}\u{0}{title}"))),
            title,
            series,
            year,
            author: self
                .author
                .clone()
                .unwrap_or_else(|| "EnqueueZero".to_string()),
            language: self.default_language(),
            date,
            file_stem: if file_stem.is_empty() {
                format!("book-{year}")
            } else {
                file_stem
            },
            edition: None,
        }
    }

    /// The language of the default edition: `language:`, else English.
    pub fn default_language(&self) -> String {
        self.language
            .clone()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or_else(|| "en".to_string())
    }

    /// The edition of the default language (`en`).
    pub fn default_edition(&self) -> String {
        edition_key(&self.default_language())
    }

    /// The `editions:` entry of `edition`, its key compared without case.
    fn edition_config(&self, edition: &str) -> Option<&EditionConfig> {
        self.editions
            .iter()
            .find(|(key, _)| edition_key(key) == edition)
            .map(|(_, config)| config)
    }

    /// The metadata of the book for `year` in `edition` (see
    /// [`edition_key`]), whose issues were found to be in `language`. The
    /// default edition's book is [`BookConfig::meta_for`]; another edition
    /// takes what its `editions:` entry gives and otherwise the default
    /// edition's values, with a title and file name of its own.
    pub fn meta_for_edition(&self, year: u16, edition: &str, language: &str) -> BookMeta {
        let default = self.meta_for(year);
        if edition == self.default_edition() {
            return default;
        }
        let own = self.edition_config(edition).cloned().unwrap_or_default();
        let language = own
            .language
            .clone()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or_else(|| language.to_string());
        let series = own.series.clone().unwrap_or_else(|| default.series.clone());
        let title = own
            .title
            .as_deref()
            .map(|t| fill_year(t, year))
            .unwrap_or_else(|| {
                let name = Locale::for_language(&language).edition_name;
                format!("{} {name}", default.title)
            });
        let file_stem = output_stem(own.output.as_deref(), year)
            .unwrap_or_else(|| format!("{}-{}", default.file_stem, slug(edition)));
        BookMeta {
            // The edition is part of the name, so that two editions with
            // the same title are still two books to a reading system.
            identifier: format!(
                "urn:uuid:{}",
                name_uuid(&format!("{series}\u{0}{title}\u{0}{edition}"))
            ),
            title,
            series,
            year,
            author: own.author.clone().unwrap_or(default.author),
            language,
            date: default.date,
            file_stem,
            edition: Some(edition.to_string()),
        }
    }
}

/// `text` with `{year}` replaced by `year` (titles and file names).
fn fill_year(text: &str, year: u16) -> String {
    text.replace("{year}", &year.to_string())
}

/// The file name an `output:` key gives for `year`, made safe; `None`
/// without the key or when nothing of it is left.
fn output_stem(output: Option<&str>, year: u16) -> Option<String> {
    output
        .map(|output| slug(&fill_year(output, year)))
        .filter(|stem| !stem.is_empty())
}

/// A file-name-safe form of `text`: ASCII letters and digits in lower case,
/// runs of anything else as one hyphen. It can never contain a path
/// separator or `..`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.truncate(100);
    out
}

/// Today's date (UTC), or the date of `SOURCE_DATE_EPOCH` when it is set,
/// so that builds can be reproduced. A timestamp outside the calendar
/// gives 1970-01-01.
pub fn build_date() -> String {
    date_of(build_timestamp())
}

/// The UTC date (`YYYY-MM-DD`) of `seconds` since 1970.
fn date_of(seconds: i64) -> String {
    let date = DateTime::<Utc>::from_timestamp(seconds, 0)
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
        .date_naive();
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Seconds since 1970 for the build: `SOURCE_DATE_EPOCH` when set and valid,
/// else the current time.
pub fn build_timestamp() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
        })
}

/// A stable UUID derived from `name`, so the same book keeps the same
/// identifier across builds: the 128-bit FNV-1a hash of the name, marked
/// as a name-based (version 5) UUID of the RFC 4122 variant, as this
/// identifier has always been made (a new recipe would give every
/// existing book a new identity).
fn name_uuid(name: &str) -> String {
    uuid::Builder::from_bytes(crate::hash::fnv1a_128(name.as_bytes()).to_be_bytes())
        .with_variant(uuid::Variant::RFC4122)
        .with_version(uuid::Version::Sha1)
        .into_uuid()
        .hyphenated()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let meta = BookConfig::default().meta_for(2019);
        assert_eq!(meta.title, "EnqueueZero Techshack 2019");
        assert_eq!(meta.file_stem, "enqueuezero-techshack-2019");
        assert!(meta.identifier.starts_with("urn:uuid:"));
        assert_eq!(meta.identifier.len(), "urn:uuid:".len() + 36);
    }

    #[test]
    fn components_to_drop() {
        assert_eq!(
            BookConfig::default().components.dropped(),
            DEFAULT_DROPPED_COMPONENTS
        );
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("book.yaml"),
            "components:\n  drop: [SubscribeList, Carousel]\n",
        )
        .expect("write");
        let config = BookConfig::load(dir.path()).expect("loads");
        assert_eq!(config.components.dropped(), ["SubscribeList", "Carousel"]);
        std::fs::write(dir.path().join("book.yaml"), "components:\n  keep: [X]\n").expect("write");
        let message = BookConfig::load(dir.path())
            .expect_err("unknown key")
            .to_string();
        assert!(message.contains("components (drop)"), "{message}");
    }

    #[test]
    fn smart_punctuation_is_on_unless_turned_off() {
        assert!(BookConfig::default().typography.smart_punctuation());
        let off: BookConfig =
            serde_yaml::from_str("typography:\n  smart_punctuation: false\n").expect("parses");
        assert!(!off.typography.smart_punctuation());
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("book.yaml"), "typography:\n  smart: no\n").expect("write");
        let message = BookConfig::load(dir.path())
            .expect_err("unknown key")
            .to_string();
        assert!(
            message.contains("typography (smart_punctuation)"),
            "{message}"
        );
    }

    #[test]
    fn editions_have_their_own_title_language_and_file() {
        let config: BookConfig = serde_yaml::from_str(
            "title: \"Techshack {year}\"\neditions:\n  zh:\n    title: \"Techshack {year} 中文版\"\n    language: zh-Hans\n",
        )
        .unwrap();
        let zh = config.meta_for_edition(2019, "zh", "zh-Hans");
        assert_eq!(zh.title, "Techshack 2019 中文版");
        assert_eq!(zh.language, "zh-Hans");
        assert_eq!(zh.file_stem, "techshack-2019-zh");
        assert_eq!(zh.edition.as_deref(), Some("zh"));
        let en = config.meta_for_edition(2019, "en", "en");
        assert_eq!(en, config.meta_for(2019));
        assert_ne!(zh.identifier, en.identifier);
        // Without an entry: the default title with the edition's name.
        let plain = BookConfig::default().meta_for_edition(2019, "zh", "zh-Hans");
        assert_eq!(plain.title, "EnqueueZero Techshack 2019 中文版");
        assert_eq!(plain.file_stem, "enqueuezero-techshack-2019-zh");
    }

    #[test]
    fn chapter_title_patterns_by_edition_and_checked_when_loaded() {
        assert_eq!(
            BookConfig::default().chapter_title_for("en"),
            DEFAULT_CHAPTER_TITLE
        );
        let config: BookConfig = serde_yaml::from_str(
            "chapter_title: \"{series} #{number}\"\neditions:\n  zh:\n    chapter_title: \"{series} 第{number}期\"\n  ja:\n    title: X\n",
        )
        .unwrap();
        assert_eq!(config.chapter_title_for("en"), "{series} #{number}");
        assert_eq!(config.chapter_title_for("zh"), "{series} 第{number}期");
        // An edition without its own takes the default edition's.
        assert_eq!(config.chapter_title_for("ja"), "{series} #{number}");
        let dir = tempfile::tempdir().expect("temp dir");
        for (yaml, key) in [
            ("chapter_title: \"{series} {issue}\"\n", "`chapter_title`"),
            (
                "editions:\n  zh:\n    chapter_title: \"{series}\"\n",
                "`editions: zh: chapter_title`",
            ),
        ] {
            std::fs::write(dir.path().join("book.yaml"), yaml).expect("write");
            let message = BookConfig::load(dir.path())
                .expect_err("a broken pattern")
                .to_string();
            assert!(message.contains(key), "{message}");
            assert!(message.contains("book.yaml"), "{message}");
        }
    }

    #[test]
    fn slug_is_safe() {
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("Ünïcode Book!"), "n-code-book");
    }

    #[test]
    fn dates() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(18_000 * 86_400 + 86_399), "2019-04-14");
        assert_eq!(date_of(-1), "1969-12-31");
        assert_eq!(date_of(951_782_400), "2000-02-29");
        assert_eq!(date_of(i64::MAX), "1970-01-01");
    }

    #[test]
    fn identifiers_are_stable_version_5_uuids() {
        let id = name_uuid("EnqueueZero Techshack\u{0}EnqueueZero Techshack 2019");
        // The identifier books have carried so far: it must not change.
        assert_eq!(id, "050036c2-4111-56a3-b5a1-659abe411131");
        let parsed = uuid::Uuid::parse_str(&id).expect("a UUID");
        assert_eq!(parsed.get_version_num(), 5);
        assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);
        assert_ne!(
            id,
            name_uuid("EnqueueZero Techshack\u{0}EnqueueZero Techshack 2020")
        );
    }
}
