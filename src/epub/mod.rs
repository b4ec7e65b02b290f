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
pub(crate) mod frontmatter;
pub(crate) mod images;
pub mod layout;
pub(crate) mod links;
pub(crate) mod package;
pub(crate) mod pagelist;
pub(crate) mod repack;
pub(crate) mod xhtml;
pub(crate) mod xml;

use crate::error::Result;
use crate::model::{Book, PageMap};
use crate::resources::Resources;

pub use cover::CoverImage;
use layout::{chapter_layouts, CONTENTS_FILE, COVER_FILE, PREFACE_FILE, TITLE_PAGE_FILE};
use package::{Landmark, NavEntry, Package};
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
}

/// Renders `book` as the bytes of an EPUB file, with `options`.
pub fn render_with(book: &Book, resources: &Resources, options: EpubOptions) -> Result<Vec<u8>> {
    let lang = language_tag(&book.meta.language);
    let layouts = chapter_layouts(book);
    let words = crate::locale::Locale::for_language(lang);
    let images = images::EpubImages::new(&book.assets).with_locale(words);
    let drawn = diagram::drawing_characters(book);
    let diagram_font = if drawn.is_empty() {
        None
    } else {
        crate::fontsubset::subset(&resources.fonts.mono.data, &drawn)
    };
    let font_face = match &diagram_font {
        Some(_) => diagram::font_face_rule(DIAGRAM_FONT_FILE),
        None => String::new(),
    };
    let css = format!("{font_face}{}\n{}", resources.epub_css, images::CSS);
    let mut package = Package::new(&book.meta, lang, &css, !drawn.is_empty())?;
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
    }
    if let Some(map) = options.page_map.as_ref().filter(|_| !markers.is_empty()) {
        package.set_page_list(&map.source, markers.targets());
    }
    for file in images.used_files() {
        package.add_resource(&file.href, &file.asset.data, &file.asset.media_type)?;
    }
    package.finish()
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
