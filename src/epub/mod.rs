//! The EPUB writer: turns a [`Book`] into an EPUB 3 file (with an NCX for
//! EPUB 2 readers).
//!
//! The book reads: a title page, a contents page listing every chapter and
//! every article, the preface (when the book has one), then one XHTML
//! document per chapter in `book.chapters` order. The navigation document
//! and the NCX list the same chapters and articles, nested.
//!
//! Modules, one job each:
//! - [`xml`]: escaping writer that always produces well-formed XML;
//! - [`links`]: which link targets may become an `href`;
//! - [`xhtml`]: blocks and inlines as XHTML, and the page skeleton;
//! - [`layout`]: file names and article ids;
//! - [`chapter`]: one document per chapter;
//! - [`frontmatter`]: title page, contents page, preface;
//! - [`package`]: metadata and container, through `epub-builder`;
//! - [`repack`]: corrections to the files `epub-builder` writes itself.

pub mod chapter;
pub mod frontmatter;
pub mod images;
pub mod layout;
pub mod links;
pub mod package;
pub mod repack;
pub mod xhtml;
pub mod xml;

use crate::error::Result;
use crate::model::Book;
use crate::resources::Resources;

use layout::{chapter_layouts, CONTENTS_FILE, PREFACE_FILE, TITLE_PAGE_FILE};
use package::{Landmark, NavEntry, Package};

/// The language used when the book's is missing or not a plausible BCP 47
/// tag.
const FALLBACK_LANGUAGE: &str = "en";

/// Renders `book` as the bytes of an EPUB file.
pub fn render(book: &Book, resources: &Resources) -> Result<Vec<u8>> {
    let lang = language_tag(&book.meta.language);
    let layouts = chapter_layouts(book);
    let images = images::EpubImages::new(&book.assets);
    let css = format!("{}\n{}", resources.epub_css, images::CSS);
    let mut package = Package::new(&book.meta, lang, &css)?;

    package.add_document(
        TITLE_PAGE_FILE,
        &frontmatter::title_page(book, lang),
        None,
        &[],
        Landmark::None,
    )?;
    package.add_document(
        CONTENTS_FILE,
        &frontmatter::contents_page(book, &layouts, lang),
        Some(&NavEntry {
            href: CONTENTS_FILE.into(),
            label: frontmatter::CONTENTS_TITLE.into(),
        }),
        &[],
        Landmark::Contents,
    )?;
    if let Some(preface) = frontmatter::preface_page(book, lang) {
        package.add_document(
            PREFACE_FILE,
            &preface,
            Some(&NavEntry {
                href: PREFACE_FILE.into(),
                label: frontmatter::PREFACE_TITLE.into(),
            }),
            &[],
            Landmark::Preface,
        )?;
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
        package.add_document(
            &layout.file,
            &chapter::chapter_document_with_images(chapter, layout, lang, &images),
            Some(&entry),
            &articles,
            landmark,
        )?;
    }
    let used = images.used_files();
    if !used.is_empty() {
        package.add_visual_content()?;
    }
    for file in used {
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
