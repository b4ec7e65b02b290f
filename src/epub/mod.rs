//! The EPUB writer: turns a [`Book`] into an EPUB 3 file (with an NCX for
//! EPUB 2 readers).
//!
//! The book reads: a cover page, a title page, a contents page listing
//! every chapter and every article, the preface (when the book has one),
//! then one XHTML document per chapter in `book.chapters` order. The
//! navigation document and the NCX list the same chapters and articles,
//! nested; the landmarks name the cover, title page, contents, preface and
//! the start of the text.
//!
//! The cover is drawn from the metadata unless the caller passes an image
//! ([`render_with`], [`EpubOptions::cover`]). Drawings become SVG pictures
//! whose text stays text; a subset of the monospace font is embedded for
//! them. Program text is highlighted through CSS classes.
//!
//! When the caller has laid out the print edition and passes its
//! [`PageMap`] ([`EpubOptions::page_map`]), the documents mark where each
//! printed page begins and the navigation document (and the NCX) carry a
//! page list, so that a page number means the same place in both
//! editions ([`pagelist`]).
//!
//! Modules, one job each:
//! - [`xml`]: escaping writer that always produces well-formed XML;
//! - [`links`]: which link targets may become an `href`;
//! - [`xhtml`]: blocks and inlines as XHTML, and the page skeleton;
//! - [`diagram`]: ASCII and box-drawing diagrams as inline SVG, drawn in
//!   a font subset made by [`crate::fontsubset`];
//! - [`figures`]: diagrams for phones, themes and Kindle: a scrolling
//!   frame, a full-size page, or (Kindle profile) a PNG;
//! - [`themed_svg`]: Mermaid pictures recoloured to follow the reader's
//!   theme;
//! - [`highlight`]: syntax highlighting of program text as CSS classes;
//! - [`layout`]: file names and article ids;
//! - [`chapter`]: one document per chapter;
//! - [`cover`]: the cover image, given or drawn;
//! - [`frontmatter`]: cover page, title page, contents page, preface;
//! - [`pagelist`]: the print edition's page-break markers and page list;
//! - [`package`]: metadata and container, through `epub-builder`;
//! - [`repack`]: corrections to the files `epub-builder` writes itself.

pub mod chapter;
pub(crate) mod cover;
pub(crate) mod diagram;
pub(crate) mod figures;
pub(crate) mod frontmatter;
pub(crate) mod images;
pub mod layout;
pub(crate) mod links;
pub(crate) mod package;
pub(crate) mod pagelist;
pub(crate) mod repack;
pub(crate) mod themed_svg;
pub(crate) mod xhtml;
pub(crate) mod xml;

use crate::error::Result;
use crate::model::{Book, PageMap};
use crate::resources::Resources;

pub use cover::CoverImage;
use layout::{chapter_layouts, CONTENTS_FILE, COVER_FILE, PREFACE_FILE, TITLE_PAGE_FILE};
use package::{Landmark, NavEntry, Package, Publication};
use pagelist::PageMarkers;

/// Where the subset font of the diagrams goes, relative to the documents
/// and the stylesheet.
const DIAGRAM_FONT_FILE: &str = "fonts/diagram-mono.ttf";

/// The language used when the book's is missing or not a plausible BCP 47
/// tag.
const FALLBACK_LANGUAGE: &str = "en";

/// Renders `book` as the bytes of an EPUB file.
///
/// The cover is drawn from the book's metadata; use [`render_with`] to give
/// one.
pub fn render(book: &Book, resources: &Resources) -> Result<Vec<u8>> {
    render_with(book, resources, EpubOptions::default())
}

/// Choices the caller can make about the EPUB beyond the book itself.
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {
    /// The cover image, over [`crate::model::Assets::cover`] (see
    /// [`CoverImage::from_asset`]). With neither, `None` draws a
    /// cover from the series, year, title, issues and author
    /// ([`cover::generate`]).
    pub cover: Option<CoverImage>,
    /// Where the pages of the print edition begin, from the PDF layout
    /// ([`crate::pdf::LaidOutBook::page_map`]) of the same book. With it
    /// the EPUB marks each printed page and has a page list naming
    /// [`PageMap::source`] as the edition it follows; `None` leaves the
    /// page numbers out.
    pub page_map: Option<PageMap>,
    /// Which reading systems the EPUB is made for.
    pub profile: EpubProfile,
    /// The book's description (`description:` in `book.yaml`); `None`
    /// describes it from its issues ([`crate::locale::Locale::book_description`]).
    pub description: Option<String>,
    /// The publication date the book states (`date:` in `book.yaml`,
    /// `YYYY-MM-DD`); `None` takes the date of the last issue that has
    /// one, else the book's date.
    pub date: Option<String>,
    /// When the EPUB is made, in seconds since 1970
    /// ([`crate::config::build_timestamp`]: `SOURCE_DATE_EPOCH` or the
    /// clock), for `dcterms:modified`; `None` uses the publication date,
    /// so that the same book always gives the same bytes.
    pub modified: Option<i64>,
}

/// Which reading systems an EPUB is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EpubProfile {
    /// EPUB 3 reading systems: diagrams are inline SVG whose text is text.
    #[default]
    Standard,
    /// Kindle (through calibre or Amazon's converter), whose Enhanced
    /// Typesetting drops SVG with text: every diagram is a PNG described
    /// by its words.
    Kindle,
}

impl EpubProfile {
    /// The profile called `name` (`standard`, `kindle`), if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "standard" | "epub" | "default" => Some(EpubProfile::Standard),
            "kindle" => Some(EpubProfile::Kindle),
            _ => None,
        }
    }
}

/// Renders `book` as the bytes of an EPUB file, with `options`.
pub fn render_with(book: &Book, resources: &Resources, options: EpubOptions) -> Result<Vec<u8>> {
    let lang = language_tag(&book.meta.language);
    let layouts = chapter_layouts(book);
    let words = crate::locale::Locale::for_language(lang);
    let images = images::EpubImages::new(&book.assets).with_locale(words);
    let figures = figures::DiagramFigures::new(options.profile, &resources.fonts, lang);
    let images = images.with_figures(&figures);
    let drawn = match options.profile {
        EpubProfile::Standard => diagram::drawing_characters(book),
        // Pictures: no text to set in the font.
        EpubProfile::Kindle => Default::default(),
    };
    let diagram_font = if drawn.is_empty() {
        None
    } else {
        crate::fontsubset::subset_compact(&resources.fonts.mono.data, &drawn)
    };
    let font_face = match &diagram_font {
        Some(_) => diagram::font_face_rule(DIAGRAM_FONT_FILE),
        None => String::new(),
    };
    let css = format!(
        "{font_face}{}\n{}{}",
        resources.epub_css,
        images::CSS,
        figures::CSS
    );
    let publication = publication(book, &options);
    let mut package = Package::new(&book.meta, &publication, lang, &css, !drawn.is_empty())?;
    if let Some(font) = diagram_font {
        package.add_resource(DIAGRAM_FONT_FILE, &font, "font/ttf")?;
    }

    let cover = match (options.cover, &book.assets.cover) {
        (Some(cover), _) => cover,
        (None, Some(asset)) => CoverImage::from_asset(asset)?,
        (None, None) => cover::generate(book, &resources.fonts)?,
    };
    let markers = PageMarkers::new(options.page_map.as_ref());
    let cover_file = format!("images/cover.{}", cover.extension());
    package.add_cover_image(&cover_file, cover.data(), cover.media_type())?;
    package.add_document(
        COVER_FILE,
        &frontmatter::cover_page(book, &cover_file, lang),
        None,
        &[],
        Landmark::Cover,
    )?;
    package.add_document(
        TITLE_PAGE_FILE,
        &frontmatter::title_page(book, lang, &markers),
        None,
        &[],
        Landmark::TitlePage,
    )?;
    markers.written_in(TITLE_PAGE_FILE);
    package.add_document(
        CONTENTS_FILE,
        &frontmatter::contents_page(book, &layouts, lang, &markers),
        Some(&NavEntry {
            href: CONTENTS_FILE.into(),
            label: words.contents.into(),
        }),
        &[],
        Landmark::Contents,
    )?;
    markers.written_in(CONTENTS_FILE);
    if let Some(preface) = frontmatter::preface_page(book, lang, &markers) {
        package.add_document(
            PREFACE_FILE,
            &preface,
            Some(&NavEntry {
                href: PREFACE_FILE.into(),
                label: words.preface.into(),
            }),
            &[],
            Landmark::Preface,
        )?;
        markers.written_in(PREFACE_FILE);
    }
    for (index, (chapter, layout)) in book.chapters.iter().zip(&layouts).enumerate() {
        let entry = NavEntry {
            href: layout.file.clone(),
            label: layout.label.clone(),
        };
        let articles: Vec<NavEntry> = layout
            .article_ids
            .iter()
            .zip(&layout.article_labels)
            .map(|(id, label)| NavEntry {
                href: format!("{}#{}", layout.file, id),
                label: label.clone(),
            })
            .collect();
        let landmark = if index == 0 {
            Landmark::BodyStart
        } else {
            Landmark::None
        };
        figures.begin_document(&layout.file);
        let xhtml = chapter::chapter_document_with_images(
            chapter,
            index,
            layout,
            lang,
            &images,
            &book.assets.code,
            &markers,
        );
        package.add_document(&layout.file, &xhtml, Some(&entry), &articles, landmark)?;
        markers.written_in(&layout.file);
        for page in figures.take_pages() {
            package.add_nonlinear_document(&page.file, &page.xhtml)?;
        }
    }
    if let Some(map) = options.page_map.as_ref().filter(|_| !markers.is_empty()) {
        package.set_page_list(&map.source, markers.targets());
    }
    for file in images.used_files() {
        package.add_resource(&file.href, &file.asset.data, &file.asset.media_type)?;
    }
    for file in figures.files() {
        package.add_resource(&file.href, &file.data, file.media_type)?;
    }
    package.finish()
}

/// The publication metadata of `book`: the description given or one made
/// from the issues, the date given or the last issue's, and the time the
/// EPUB is made.
fn publication(book: &Book, options: &EpubOptions) -> Publication {
    let words = crate::locale::Locale::for_language(&book.meta.language);
    let description = options.description.clone().unwrap_or_else(|| {
        let number = |c: &crate::model::Chapter| format!("{:04}-{:02}", c.id.year, c.id.number);
        match (book.chapters.first(), book.chapters.last()) {
            (Some(first), Some(last)) => words.book_description(
                &book.meta.series,
                book.meta.year,
                book.chapters.len(),
                (&number(first), &number(last)),
                book.chapters.iter().map(|c| c.articles.len()).sum(),
            ),
            _ => String::new(),
        }
    });
    let last_issue = book
        .chapters
        .iter()
        .filter_map(|c| c.date.as_deref().and_then(package::parse_date))
        .max();
    let date = options
        .date
        .as_deref()
        .and_then(package::parse_date)
        .or(last_issue)
        .or_else(|| package::parse_date(&book.meta.date));
    let modified = options
        .modified
        .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
        .or(date)
        .unwrap_or_else(|| package::start_of_year(book.meta.year));
    Publication {
        description,
        date,
        modified,
    }
}

/// `tag` when it looks like a BCP 47 language tag (letters, digits and
/// hyphens, starting with a letter), else [`FALLBACK_LANGUAGE`].
fn language_tag(tag: &str) -> &str {
    let tag = tag.trim();
    let plausible = tag.split('-').all(|part| {
        !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
    }) && tag.starts_with(|c: char| c.is_ascii_alphabetic());
    if plausible {
        tag
    } else {
        FALLBACK_LANGUAGE
    }
}

#[cfg(test)]
mod tests;
