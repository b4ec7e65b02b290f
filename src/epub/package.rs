//! The EPUB container: package metadata, manifest, spine, navigation
//! document and NCX, written by `epub-builder`.
//!
//! [`Package`] hides `epub-builder` from the rest of the writer: documents go
//! in as finished XHTML with their navigation entries, and the EPUB comes out
//! as bytes. Text handed to `epub-builder` (titles, author) is cleaned of
//! characters XML forbids first, because the crate escapes only `&<>`.
//!
//! Metadata is made reproducible: the package identifier is a UUID (the
//! book's identifier when it is one, otherwise a name-based UUID derived
//! from it, with the identifier itself kept as `dcterms:identifier`), and
//! `dcterms:modified` and `dc:date` come from the book's date rather than
//! the clock, so the same book always gives the same EPUB metadata.

use chrono::{DateTime, NaiveDate, Utc};
use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, TocElement, ZipLibrary,
};
use uuid::Uuid;

use super::frontmatter::book_title;
use super::pagelist::PageTarget;
use super::repack::{repack, ExtraLandmark, PackageFacts, PageList};
use super::xhtml::STYLESHEET;
use super::xml::{clean_text, escape_text};
use crate::error::{Error, Result};
use crate::locale::Locale;
use crate::model::BookMeta;

/// The `id` of the series' `belongs-to-collection`.
const SERIES_ID: &str = "series";

/// The name recorded as the EPUB's generator.
const GENERATOR: &str = "techshack-book";

/// Accessibility metadata (schema.org, as EPUB Accessibility 1.1 asks)
/// for a book with or without drawings, and with or without the page
/// numbers of the print edition (`paginated`).
///
/// Every book has a cover image (with alt text; it repeats the title), so
/// it is textual and visual. Text alone is sufficient unless the book has
/// drawings: a drawing's text is read line by line, but what its layout
/// shows has no text equivalent. There is a table of contents, headings for
/// every issue and article, a reading order, alt text, reflowable text in
/// the reader's font, and no hazards; with the page numbers, page-break
/// markers and a page list.
fn accessibility(has_drawings: bool, paginated: bool) -> Vec<(&'static str, String)> {
    let mut meta = vec![
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
    ];
    if !has_drawings {
        meta.push(("schema:accessModeSufficient", "textual"));
    }
    meta.extend([
        ("schema:accessModeSufficient", "textual,visual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityFeature", "displayTransformability"),
    ]);
    if paginated {
        meta.extend([
            ("schema:accessibilityFeature", "pageBreakMarkers"),
            ("schema:accessibilityFeature", "pageNavigation"),
        ]);
    }
    meta.push(("schema:accessibilityHazard", "none"));
    let mut summary = if has_drawings {
        "Reflowable text with headings for every issue and article and a table of \
         contents. Code is text, with highlighting that does not rely on colour \
         alone. Diagrams are drawn from text characters; a screen reader reads \
         them line by line, after a description that lists their words, but \
         their layout has no text description. Images and drawn Mermaid \
         diagrams carry a text alternative; an image that could not \
         be included is replaced by its description and address. The cover image \
         repeats the title."
    } else {
        "Reflowable text with headings for every issue and article and a table of \
         contents. Code is text, with highlighting that does not rely on colour \
         alone. Images and drawn Mermaid diagrams carry a text alternative; an \
         image that could not be included is replaced by its description and \
         address. The cover image repeats the title."
    }
    .to_string();
    if paginated {
        summary.push_str(
            " The page numbers of the print edition are marked where each printed \
             page begins (a page that begins inside a paragraph or a code block is \
             marked at the start of it) and listed in a page list.",
        );
    }
    let mut meta: Vec<(&'static str, String)> =
        meta.into_iter().map(|(p, v)| (p, v.to_string())).collect();
    meta.push(("schema:accessibilitySummary", summary));
    meta
}

/// What a document is for, as far as the landmarks of the navigation
/// document and the EPUB 2 guide are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landmark {
    /// Not a landmark.
    None,
    /// The cover page.
    Cover,
    /// The title page.
    TitlePage,
    /// The contents page.
    Contents,
    /// The preface.
    Preface,
    /// The first document of the main text.
    BodyStart,
}

/// One navigation entry: a link target inside the EPUB and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavEntry {
    /// The target, e.g. `chapter-2019-07.xhtml#a-raft`.
    pub href: String,
    /// The label shown in the table of contents (plain text).
    pub label: String,
}

/// What the package says of the book's publication beyond [`BookMeta`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// The description (`dc:description`); empty for none.
    pub description: String,
    /// The publication date (`dc:date`), if known.
    pub date: Option<DateTime<Utc>>,
    /// When the EPUB was last made (`dcterms:modified`).
    pub modified: DateTime<Utc>,
}

/// An EPUB being assembled.
pub struct Package {
    /// The `epub-builder` state.
    builder: EpubBuilder<ZipLibrary>,
    /// What [`repack`] needs to correct `epub-builder`'s own files.
    facts: PackageFacts,
    /// Whether the book has drawings (for the accessibility metadata).
    has_drawings: bool,
}

impl std::fmt::Debug for Package {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package").finish_non_exhaustive()
    }
}

impl Package {
    /// Starts an EPUB 3 (with NCX) carrying `meta` and `publication`, in
    /// language `lang` (already validated), styled by `css`; `has_drawings`
    /// tells the accessibility metadata whether the book has diagrams.
    /// The book is the volume of its year in its series
    /// (`belongs-to-collection`).
    pub fn new(
        meta: &BookMeta,
        publication: &Publication,
        lang: &str,
        css: &str,
        has_drawings: bool,
    ) -> Result<Self> {
        let mut builder =
            EpubBuilder::new(ZipLibrary::new().map_err(render_error)?).map_err(render_error)?;
        builder.epub_version(EpubVersion::V30);
        let title = book_title(meta);
        builder.set_title(title.as_str());
        let author = clean_text(&meta.author);
        if !author.trim().is_empty() {
            builder.add_author(author.trim());
        }
        builder.add_language(lang);
        builder.set_generator(GENERATOR);
        builder.set_toc_name(Locale::for_language(lang).contents);

        let (uuid, other_identifier) = package_uuid(meta);
        builder.set_uuid(uuid);
        let facts = PackageFacts {
            uid: uuid.urn().to_string(),
            title,
            lang: lang.to_string(),
            toc_depth: 1,
            svg_documents: Vec::new(),
            extra_landmarks: Vec::new(),
            page_list: None,
            nonlinear: Vec::new(),
        };
        if let Some(identifier) = other_identifier {
            // epub-builder writes the meta's content as given: escape it.
            builder.add_metadata_opf(Box::new(MetadataOpfV3::new(
                "dcterms:identifier".into(),
                escape_text(&identifier),
            )));
        }
        if let Some(date) = publication.date {
            builder.set_publication_date(date);
        }
        builder.set_modified_date(publication.modified);
        let description = clean_text(&publication.description);
        if !description.trim().is_empty() {
            builder.set_description(vec![description.trim().to_string()]);
        }
        let series = clean_text(&meta.series);
        if !series.trim().is_empty() {
            let refined = |property: &str, content: String| {
                let mut meta = MetadataOpfV3::new(property.into(), content);
                meta.refines = Some(format!("#{SERIES_ID}"));
                Box::new(meta)
            };
            let mut collection =
                MetadataOpfV3::new("belongs-to-collection".into(), escape_text(series.trim()));
            collection.id = Some(SERIES_ID.into());
            builder.add_metadata_opf(Box::new(collection));
            builder.add_metadata_opf(refined("collection-type", "series".into()));
            builder.add_metadata_opf(refined("group-position", meta.year.to_string()));
        }

        builder.stylesheet(css.as_bytes()).map_err(render_error)?;
        debug_assert_eq!(STYLESHEET, "stylesheet.css", "epub-builder's fixed name");
        Ok(Package {
            builder,
            facts,
            has_drawings,
        })
    }

    /// Gives the EPUB the page list `pages` (in page order) of the print
    /// edition described by `source`: the navigation document and the NCX
    /// list the pages, the package names the edition (`dc:source`), and
    /// the accessibility metadata tells of page-break markers and page
    /// navigation. Every target must be a marker in a document added.
    pub fn set_page_list(&mut self, source: &str, pages: Vec<PageTarget>) {
        if pages.is_empty() {
            return;
        }
        let source = clean_text(source);
        self.facts.page_list = Some(PageList {
            source: if source.trim().is_empty() {
                Locale::for_language(&self.facts.lang)
                    .print_edition
                    .to_string()
            } else {
                source.trim().to_string()
            },
            pages,
        });
    }

    /// Adds the XHTML document `xhtml` as `file`, next in reading order.
    ///
    /// With `nav = Some(entry)` the document is listed in the table of
    /// contents, with `children` nested under it; without, it is in the
    /// reading order only (and `children` are ignored).
    pub fn add_document(
        &mut self,
        file: &str,
        xhtml: &str,
        nav: Option<&NavEntry>,
        children: &[NavEntry],
        landmark: Landmark,
    ) -> Result<()> {
        // Markup written by `XmlWriter` never has `<svg` inside text (it
        // escapes `<`), so this finds exactly the inline SVG pictures.
        if xhtml.contains("<svg ") {
            self.facts.svg_documents.push(file.to_string());
        }
        let mut content = EpubContent::new(file, xhtml.as_bytes());
        if let Some(entry) = nav {
            content = content.title(clean_text(&entry.label));
            if !children.is_empty() {
                self.facts.toc_depth = self.facts.toc_depth.max(2);
            }
            for child in children {
                content = content.child(TocElement::new(
                    child.href.as_str(),
                    clean_text(&child.label),
                ));
            }
        }
        // epub-builder lists a landmark in the navigation document only when
        // the document is also in the table of contents; the cover and the
        // title page are not, so their landmarks are added when re-packing.
        if nav.is_none() {
            let words = Locale::for_language(&self.facts.lang);
            let listed = match landmark {
                Landmark::Cover => Some(("cover", words.cover)),
                Landmark::TitlePage => Some(("titlepage", words.title_page)),
                _ => None,
            };
            if let Some((epub_type, label)) = listed {
                self.facts.extra_landmarks.push(ExtraLandmark {
                    epub_type: epub_type.into(),
                    href: file.into(),
                    label: label.into(),
                });
            }
        }
        let reftype = match landmark {
            Landmark::None => None,
            Landmark::Cover => Some(ReferenceType::Cover),
            Landmark::TitlePage => Some(ReferenceType::TitlePage),
            Landmark::Contents => Some(ReferenceType::Toc),
            Landmark::Preface => Some(ReferenceType::Preface),
            Landmark::BodyStart => Some(ReferenceType::Text),
        };
        if let Some(reftype) = reftype {
            content = content.reftype(reftype);
        }
        self.builder.add_content(content).map_err(render_error)?;
        Ok(())
    }

    /// Adds the XHTML document `xhtml` as `file`, in the spine after the
    /// documents added so far but out of the reading order
    /// (`linear="no"`): reading systems show it when a link leads there.
    pub fn add_nonlinear_document(&mut self, file: &str, xhtml: &str) -> Result<()> {
        self.add_document(file, xhtml, None, &[], Landmark::None)?;
        self.facts.nonlinear.push(file.to_string());
        Ok(())
    }

    /// Adds the cover image as `file`, marked as the book's cover in the
    /// package (`properties="cover-image"`, and the EPUB 2 `cover` meta).
    pub fn add_cover_image(&mut self, file: &str, data: &[u8], media_type: &str) -> Result<()> {
        self.builder
            .add_cover_image(file, data, media_type)
            .map_err(render_error)?;
        Ok(())
    }

    /// Adds a file that is not a document (a font, an image) as `file`,
    /// with media type `media_type`.
    pub fn add_resource(&mut self, file: &str, data: &[u8], media_type: &str) -> Result<()> {
        self.builder
            .add_resource(file, data, media_type)
            .map_err(render_error)?;
        Ok(())
    }

    /// Writes the EPUB and returns its bytes.
    pub fn finish(mut self) -> Result<Vec<u8>> {
        let paginated = self.facts.page_list.is_some();
        for (property, value) in accessibility(self.has_drawings, paginated) {
            self.builder.add_metadata_opf(Box::new(MetadataOpfV3::new(
                property.to_string(),
                escape_text(&value),
            )));
        }
        let mut out = Vec::new();
        self.builder.generate(&mut out).map_err(render_error)?;
        repack(&out, &self.facts)
    }
}

/// The package's UUID and, when the book's identifier is not a UUID, that
/// identifier to record alongside it.
fn package_uuid(meta: &BookMeta) -> (Uuid, Option<String>) {
    let identifier = clean_text(meta.identifier.trim());
    if let Ok(uuid) = Uuid::try_parse(&identifier) {
        return (uuid, None);
    }
    if identifier.is_empty() {
        let name = format!("techshack-book:{}:{}", book_title(meta), meta.year);
        return (Uuid::new_v5(&Uuid::NAMESPACE_URL, name.as_bytes()), None);
    }
    let uuid = Uuid::new_v5(&Uuid::NAMESPACE_URL, identifier.as_bytes());
    (uuid, Some(identifier))
}

/// The date `YYYY-MM-DD` at the start of `text` as midnight UTC, if it
/// is a valid date.
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc())
}

/// 1 January of `year`, midnight UTC (for a book without a valid date).
pub fn start_of_year(year: u16) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(i32::from(year), 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc())
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

/// Wraps an `epub-builder` error as the library's error.
fn render_error(e: epub_builder::Error) -> Error {
    Error::Render {
        format: "EPUB",
        message: e.to_string(),
    }
}
