//! Corrections to the files `epub-builder` 0.8 generates itself, applied by
//! re-packing its ZIP.
//!
//! `epub-builder` 0.8 has no way to supply custom templates, and its
//! templates have faults that EPUBCheck or reading systems notice:
//!
//! - `content.opf` gives `dc:language` and `dc:creator` the same `id`
//!   (`epub-creator-0`), which EPUBCheck rejects (RSC-005, duplicate id);
//! - `nav.xhtml` has no `lang`/`xml:lang`;
//! - `toc.ncx` has no `dtb:uid` (EPUB 2 readers match it with the package
//!   identifier), states a depth of 1 whatever the nesting, and uses the
//!   contents title as the book title;
//! - the `<guide>` has a `toc` reference to `nav.xhtml`, which is not in
//!   the spine: calibre appends it to the book as a last section.
//!
//! It also adds what `epub-builder` cannot write at all: the page list of
//! the print edition (a `page-list` nav in `nav.xhtml`, a `pageList` in
//! `toc.ncx` and `dc:source` naming the edition in `content.opf`).
//!
//! Each fix is a narrow text substitution that does nothing when the fault
//! is absent, so a fixed `epub-builder` makes them no-ops instead of
//! breaking the build; the tests (and EPUBCheck) catch a template change.
//!
//! Re-packing also makes the archive reproducible: `mimetype` first and
//! stored, every other entry deflated, and every entry dated 1980-01-01
//! instead of the time of the build.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::pagelist::PageTarget;
use super::xml::{clean_text, escape_text};
use crate::error::{Error, Result};
use crate::locale::Locale;

/// What the fixes need to know about the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFacts {
    /// The package's unique identifier as written in `content.opf`
    /// (`urn:uuid:...`).
    pub uid: String,
    /// The book title (plain text).
    pub title: String,
    /// The language tag of the book.
    pub lang: String,
    /// How deep the table of contents nests (1 = chapters only).
    pub toc_depth: usize,
    /// The documents (file names inside `OEBPS/`) that hold inline SVG,
    /// which the manifest must mark with `properties="svg"`.
    pub svg_documents: Vec<String>,
    /// Landmarks to add to the navigation document (and titles for their
    /// guide references), in order, before those `epub-builder` wrote.
    pub extra_landmarks: Vec<ExtraLandmark>,
    /// The page list of the print edition, when the book has one.
    pub page_list: Option<PageList>,
    /// The documents that are out of the reading order (`linear="no"`):
    /// reached only by links, like the full-size pages of diagrams.
    pub nonlinear: Vec<String>,
}

/// The page list of the print edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageList {
    /// The print edition, in words (`dc:source`).
    pub source: String,
    /// The pages, in page order.
    pub pages: Vec<PageTarget>,
}

/// The `id` of the `dc:source` that names the print edition.
const PRINT_SOURCE_ID: &str = "print-source";

/// A landmark `epub-builder` cannot list itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraLandmark {
    /// The `epub:type`, e.g. `cover`.
    pub epub_type: String,
    /// The document, e.g. `cover.xhtml`.
    pub href: String,
    /// The label shown for it.
    pub label: String,
}

/// Re-packs the EPUB `epub` with the fixes applied to its package
/// document, navigation document and NCX.
pub fn repack(epub: &[u8], facts: &PackageFacts) -> Result<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(epub)).map_err(zip_error)?;
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default());
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());

    let mut entries = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).map_err(zip_error)?;
        if file.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        file.read_to_end(&mut data)
            .map_err(|e| render_error(e.to_string()))?;
        entries.push((file.name().to_string(), data));
    }
    // The OCF requires `mimetype` to be the first entry, uncompressed.
    entries.sort_by_key(|(name, _)| name != "mimetype");

    for (name, data) in entries {
        let data = fix_file(&name, data, facts);
        let options = if name == "mimetype" { stored } else { deflated };
        writer
            .start_file(name.as_str(), options)
            .map_err(zip_error)?;
        writer
            .write_all(&data)
            .map_err(|e| render_error(e.to_string()))?;
    }
    let cursor = writer.finish().map_err(zip_error)?;
    Ok(cursor.into_inner())
}

/// `data` with the fixes for the file called `name` applied.
fn fix_file(name: &str, data: Vec<u8>, facts: &PackageFacts) -> Vec<u8> {
    let fix: fn(&str, &PackageFacts) -> String = match name.rsplit('/').next() {
        Some("content.opf") => fix_opf,
        Some("nav.xhtml") => fix_nav,
        Some("toc.ncx") => fix_ncx,
        _ => return data,
    };
    match String::from_utf8(data) {
        Ok(text) => fix(&text, facts).into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// Gives `dc:language` elements ids of their own, and marks the documents
/// with inline SVG in the manifest (`epub-builder` has no way to set an
/// item's properties).
fn fix_opf(opf: &str, facts: &PackageFacts) -> String {
    let mut out = opf.replace(
        "<dc:language id=\"epub-creator-",
        "<dc:language id=\"epub-language-",
    );
    if !out.contains("<package xml:lang=") {
        out = out.replacen(
            "<package ",
            &format!("<package xml:lang=\"{}\" ", escape_attr(&facts.lang)),
            1,
        );
    }
    for file in &facts.svg_documents {
        let href = format!(" href=\"{}\"/>", escape_attr(file));
        let with_svg = format!(" href=\"{}\" properties=\"svg\"/>", escape_attr(file));
        out = out.replacen(&href, &with_svg, 1);
    }
    for landmark in &facts.extra_landmarks {
        let untitled = format!("title=\"\" href=\"{}\"", escape_attr(&landmark.href));
        let titled = format!(
            "title=\"{}\" href=\"{}\"",
            escape_attr(&landmark.label),
            escape_attr(&landmark.href)
        );
        out = out.replacen(&untitled, &titled, 1);
    }
    out = drop_guide_references_to(&out, NAV_FILE);
    for file in &facts.nonlinear {
        out = mark_nonlinear(&out, file);
    }
    if let Some(list) = &facts.page_list {
        if !out.contains(&format!("id=\"{PRINT_SOURCE_ID}\"")) {
            let source = format!(
                "    <dc:source id=\"{PRINT_SOURCE_ID}\">{}</dc:source>\n    \
                 <meta refines=\"#{PRINT_SOURCE_ID}\" property=\"source-of\">pagination</meta>\n  </metadata>",
                escape_text(&list.source)
            );
            out = out.replacen("  </metadata>", &source, 1);
        }
    }
    out
}

/// `opf` with the spine entry of `file` marked `linear="no"`.
fn mark_nonlinear(opf: &str, file: &str) -> String {
    let href = format!(" href=\"{}\"", escape_attr(file));
    let Some(item) = opf
        .split("<item ")
        .skip(1)
        .map(|rest| &rest[..rest.find("/>").unwrap_or(rest.len())])
        .find(|item| item.contains(&href))
    else {
        return opf.to_string();
    };
    let Some(id) = item
        .split(" id=\"")
        .nth(1)
        .or_else(|| item.strip_prefix("id=\""))
        .and_then(|rest| rest.split('"').next())
    else {
        return opf.to_string();
    };
    opf.replacen(
        &format!("<itemref idref=\"{id}\"/>"),
        &format!("<itemref idref=\"{id}\" linear=\"no\"/>"),
        1,
    )
}

/// The navigation document `epub-builder` writes (not in the spine).
const NAV_FILE: &str = "nav.xhtml";

/// `opf` without the `<guide>` references to `file`. `epub-builder` lists
/// the navigation document as a second `toc` reference; it is not in the
/// spine, and calibre (for Kindle) then appends it to the book as a last
/// section, hidden page list and all. The contents page is the `toc`.
fn drop_guide_references_to(opf: &str, file: &str) -> String {
    let (Some(start), Some(end)) = (opf.find("<guide>"), opf.find("</guide>")) else {
        return opf.to_string();
    };
    if end < start {
        return opf.to_string();
    }
    let target = format!("href=\"{}\"", escape_attr(file));
    let guide: String = opf[start..end]
        .split_inclusive('\n')
        .filter(|line| !(line.contains("<reference ") && line.contains(&target)))
        .collect();
    format!("{}{guide}{}", &opf[..start], &opf[end..])
}

/// Puts the book's language on the navigation document's root element and
/// adds the extra landmarks.
fn fix_nav(nav: &str, facts: &PackageFacts) -> String {
    let words = Locale::for_language(&facts.lang);
    let nav = add_landmarks(&fix_nav_lang(nav, facts), &facts.extra_landmarks);
    let nav = match &facts.page_list {
        Some(list) => add_page_list(&nav, &list.pages, words.pages),
        None => nav,
    };
    // A role matching each epub:type, and a name for each <nav>, so that
    // assistive technology can tell the two navigation landmarks apart.
    nav.replacen(
        "<nav epub:type = \"toc\" id=\"toc\">",
        "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">",
        1,
    )
    .replacen(
        "<nav epub:type = \"landmarks\">",
        &format!(
            "<nav epub:type=\"landmarks\" aria-label=\"{}\">",
            escape_attr(words.landmarks)
        ),
        1,
    )
}

/// Adds a `page-list` nav listing `pages` after the last nav of `nav`
/// (hidden: reading systems offer it as "go to page", not as text), named
/// `name` for assistive technology.
fn add_page_list(nav: &str, pages: &[PageTarget], name: &str) -> String {
    if pages.is_empty() || nav.contains("epub:type=\"page-list\"") {
        return nav.to_string();
    }
    let Some(at) = nav.rfind("</nav>").map(|i| i + "</nav>".len()) else {
        return nav.to_string();
    };
    let mut list = format!(
        "\n  <nav epub:type=\"page-list\" role=\"doc-pagelist\" aria-label=\"{}\" hidden=\"\">\n    <ol>",
        escape_attr(name)
    );
    for page in pages {
        list.push_str(&format!(
            "\n      <li><a href=\"{}\">{}</a></li>",
            escape_attr(&page.href),
            escape_text(&page.label)
        ));
    }
    list.push_str("\n    </ol>\n  </nav>");
    let mut out = String::with_capacity(nav.len() + list.len());
    out.push_str(&nav[..at]);
    out.push_str(&list);
    out.push_str(&nav[at..]);
    out
}

/// Inserts `landmarks` at the start of the landmarks list of `nav`.
fn add_landmarks(nav: &str, landmarks: &[ExtraLandmark]) -> String {
    const LANDMARKS: &str = "epub:type = \"landmarks\">";
    let Some(at) = nav.find(LANDMARKS).map(|i| i + LANDMARKS.len()) else {
        return nav.to_string();
    };
    let items: String = landmarks
        .iter()
        .filter(|l| {
            let listed = format!(
                "epub:type=\"{}\" href=\"{}\"",
                escape_attr(&l.epub_type),
                escape_attr(&l.href)
            );
            !nav[at..].contains(&listed)
        })
        .map(|l| {
            format!(
                "\n      <li><a epub:type=\"{}\" href=\"{}\">{}</a></li>",
                escape_attr(&l.epub_type),
                escape_attr(&l.href),
                escape_text(&l.label)
            )
        })
        .collect();
    if items.is_empty() {
        return nav.to_string();
    }
    let close = nav[at..].find("</nav>").map_or(nav.len(), |i| at + i);
    let mut out = String::with_capacity(nav.len() + items.len() + 20);
    match nav[at..close].find("<ol>") {
        Some(ol) => {
            let after_ol = at + ol + "<ol>".len();
            out.push_str(&nav[..after_ol]);
            out.push_str(&items);
            out.push_str(&nav[after_ol..]);
        }
        None => {
            out.push_str(&nav[..at]);
            out.push_str("\n    <ol>");
            out.push_str(&items);
            out.push_str("\n    </ol>");
            out.push_str(&nav[at..]);
        }
    }
    out
}

/// Puts the book's language on the navigation document's root element.
fn fix_nav_lang(nav: &str, facts: &PackageFacts) -> String {
    const ROOT: &str = "<html xmlns=\"http://www.w3.org/1999/xhtml\"";
    let Some(start) = nav.find(ROOT) else {
        return nav.to_string();
    };
    let tag_end = nav[start..].find('>').map_or(nav.len(), |i| start + i);
    if nav[start..tag_end].contains("lang=") {
        return nav.to_string();
    }
    let lang = escape_text(&facts.lang);
    let mut out = String::with_capacity(nav.len() + 40);
    out.push_str(&nav[..start + ROOT.len()]);
    out.push_str(&format!(" lang=\"{lang}\" xml:lang=\"{lang}\""));
    out.push_str(&nav[start + ROOT.len()..]);
    out
}

/// Adds `dtb:uid`, states the real depth and titles the NCX with the book
/// title.
fn fix_ncx(ncx: &str, facts: &PackageFacts) -> String {
    let mut out = ncx.to_string();
    if !out.contains("dtb:uid") {
        out = out.replacen(
            "<head>",
            &format!(
                "<head>\n    <meta name=\"dtb:uid\" content=\"{}\" />",
                escape_attr(&facts.uid)
            ),
            1,
        );
    }
    out = out.replacen(
        "<meta name=\"dtb:depth\" content=\"1\" />",
        &format!(
            "<meta name=\"dtb:depth\" content=\"{}\" />",
            facts.toc_depth.max(1)
        ),
        1,
    );
    if let Some(list) = &facts.page_list {
        out = add_ncx_page_list(&out, &list.pages, Locale::for_language(&facts.lang).pages);
    }
    if let (Some(start), Some(end)) = (out.find("<docTitle>"), out.find("</docTitle>")) {
        if start < end {
            let title = format!(
                "<docTitle>\n    <text>{}</text>\n  ",
                escape_text(&clean_text(&facts.title))
            );
            out.replace_range(start..end, &title);
        }
    }
    out
}

/// Adds a `<pageList>` of `pages` after the NCX's `navMap`, for EPUB 2
/// reading systems (and converters) that read the page list from the NCX.
/// Page targets continue the `playOrder` of the navigation points; a page
/// whose label is not a number (the roman numbers of the front matter) is
/// of type `front`.
fn add_ncx_page_list(ncx: &str, pages: &[PageTarget], name: &str) -> String {
    const NAV_MAP_END: &str = "</navMap>";
    if pages.is_empty() || ncx.contains("<pageList") {
        return ncx.to_string();
    }
    let Some(at) = ncx.rfind(NAV_MAP_END).map(|i| i + NAV_MAP_END.len()) else {
        return ncx.to_string();
    };
    let last_play_order = ncx
        .split("playOrder=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse::<usize>().ok())
        .max()
        .unwrap_or(0);
    let mut list = format!(
        "\n  <pageList>\n    <navLabel>\n      <text>{}</text>\n    </navLabel>",
        escape_text(name)
    );
    for (i, page) in pages.iter().enumerate() {
        let kind = if page.label.chars().all(|c| c.is_ascii_digit()) {
            "normal"
        } else {
            "front"
        };
        list.push_str(&format!(
            "\n    <pageTarget id=\"pageTarget-{n}\" type=\"{kind}\" value=\"{value}\" playOrder=\"{order}\">\n      \
             <navLabel>\n        <text>{label}</text>\n      </navLabel>\n      \
             <content src=\"{href}\"/>\n    </pageTarget>",
            n = i + 1,
            value = escape_attr(&page.label),
            order = last_play_order + i + 1,
            label = escape_text(&page.label),
            href = escape_attr(&page.href),
        ));
    }
    list.push_str("\n  </pageList>");
    let mut out = String::with_capacity(ncx.len() + list.len());
    out.push_str(&ncx[..at]);
    out.push_str(&list);
    out.push_str(&ncx[at..]);
    out
}

/// `value` escaped for a double-quoted attribute.
fn escape_attr(value: &str) -> String {
    let mut out = String::new();
    super::xml::push_escaped_attr(&mut out, value);
    out
}

fn zip_error(e: zip::result::ZipError) -> Error {
    render_error(format!("could not re-pack the EPUB archive: {e}"))
}

fn render_error(message: String) -> Error {
    Error::Render {
        format: "EPUB",
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> PackageFacts {
        PackageFacts {
            uid: "urn:uuid:1234".into(),
            title: "Book & <Co>".into(),
            lang: "en".into(),
            toc_depth: 2,
            svg_documents: vec!["chapter-1.xhtml".into()],
            extra_landmarks: vec![ExtraLandmark {
                epub_type: "cover".into(),
                href: "cover.xhtml".into(),
                label: "Cover".into(),
            }],
            page_list: Some(PageList {
                source: "Book, print edition (PDF)".into(),
                pages: vec![
                    PageTarget {
                        label: "i".into(),
                        href: "title.xhtml#page-i".into(),
                    },
                    PageTarget {
                        label: "1".into(),
                        href: "chapter-1.xhtml#page-1".into(),
                    },
                ],
            }),
            nonlinear: vec!["chapter-1-diagram-1.xhtml".into()],
        }
    }

    #[test]
    fn page_list_and_its_source_are_added_once() {
        let nav = "<body>\n  <nav epub:type = \"toc\" id=\"toc\">\n  </nav>\n  <nav epub:type = \"landmarks\">\n  </nav>\n</body>";
        let fixed = fix_nav(nav, &facts());
        assert!(fixed.ends_with(
            "</nav>\n  <nav epub:type=\"page-list\" role=\"doc-pagelist\" aria-label=\"Pages\" hidden=\"\">\n    <ol>\n      \
             <li><a href=\"title.xhtml#page-i\">i</a></li>\n      \
             <li><a href=\"chapter-1.xhtml#page-1\">1</a></li>\n    </ol>\n  </nav>\n</body>"
        ), "{fixed}");
        assert_eq!(fix_nav(&fixed, &facts()), fixed);
        let opf = "<metadata>\n    <dc:title>T</dc:title>\n  </metadata>";
        let fixed = fix_opf(opf, &facts());
        assert!(fixed.contains(
            "<dc:source id=\"print-source\">Book, print edition (PDF)</dc:source>\n    \
             <meta refines=\"#print-source\" property=\"source-of\">pagination</meta>\n  </metadata>"
        ), "{fixed}");
        assert_eq!(fix_opf(&fixed, &facts()), fixed);
        let mut without = facts();
        without.page_list = None;
        assert_eq!(fix_opf(opf, &without), opf);
        assert!(!fix_nav(nav, &without).contains("page-list"));
    }

    #[test]
    fn landmarks_are_added_once() {
        let nav = "<nav epub:type = \"landmarks\">\n    <ol>\n      <li><a epub:type=\"toc\" href=\"contents.xhtml\">Contents</a></li>\n    </ol>\n  </nav>";
        let fixed = add_landmarks(nav, &facts().extra_landmarks);
        assert!(fixed.contains("<ol>\n      <li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n      <li><a epub:type=\"toc\""));
        assert_eq!(add_landmarks(&fixed, &facts().extra_landmarks), fixed);
        let empty = add_landmarks(
            "<nav epub:type = \"landmarks\">\n  </nav>",
            &facts().extra_landmarks,
        );
        assert!(empty.contains(
            "<ol>\n      <li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n    </ol>"
        ));
        let opf = fix_opf(
            "<reference type=\"cover\" title=\"\" href=\"cover.xhtml\"/>",
            &facts(),
        );
        assert_eq!(
            opf,
            "<reference type=\"cover\" title=\"Cover\" href=\"cover.xhtml\"/>"
        );
    }

    #[test]
    fn opf_language_gets_its_own_id() {
        let opf = "<dc:language id=\"epub-creator-0\">en</dc:language>\n\
                   <dc:creator id=\"epub-creator-0\">A</dc:creator>";
        let fixed = fix_opf(opf, &facts());
        assert!(fixed.contains("<dc:language id=\"epub-language-0\">"));
        assert!(fixed.contains("<dc:creator id=\"epub-creator-0\">"));
        let manifest = "<item media-type=\"application/xhtml+xml\" id=\"id_chapter-1.xhtml\" href=\"chapter-1.xhtml\"/>\n\
                        <item media-type=\"application/xhtml+xml\" id=\"id_chapter-10.xhtml\" href=\"chapter-10.xhtml\"/>";
        let fixed = fix_opf(manifest, &facts());
        assert!(fixed.contains("href=\"chapter-1.xhtml\" properties=\"svg\"/>"));
        assert!(fixed.contains("href=\"chapter-10.xhtml\"/>"));
    }

    #[test]
    fn nav_gets_language_once() {
        let nav = "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"x\">";
        let fixed = fix_nav(nav, &facts());
        assert_eq!(
            fixed,
            "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\" xmlns:epub=\"x\">"
        );
        assert_eq!(fix_nav(&fixed, &facts()), fixed);
    }

    #[test]
    fn the_guide_does_not_lead_to_the_navigation_document() {
        let opf = "<spine>\n  </spine>\n  <guide>\n    <reference type=\"toc\" title=\"Contents\" href=\"nav.xhtml\"/>\n    \
                   <reference type=\"toc\" title=\"Contents\" href=\"contents.xhtml\"/>\n  </guide>";
        let fixed = fix_opf(opf, &facts());
        assert!(!fixed.contains("nav.xhtml"), "{fixed}");
        assert!(
            fixed.contains("href=\"contents.xhtml\"/>\n  </guide>"),
            "{fixed}"
        );
        assert_eq!(fix_opf(&fixed, &facts()), fixed);
    }

    #[test]
    fn full_size_pages_are_out_of_the_reading_order() {
        let opf = "<item media-type=\"application/xhtml+xml\" id=\"id_chapter-1-diagram-1.xhtml\" href=\"chapter-1-diagram-1.xhtml\"/>\n\
                   <itemref idref=\"id_chapter-1.xhtml\"/>\n<itemref idref=\"id_chapter-1-diagram-1.xhtml\"/>";
        let fixed = fix_opf(opf, &facts());
        assert!(fixed.ends_with("<itemref idref=\"id_chapter-1.xhtml\"/>\n<itemref idref=\"id_chapter-1-diagram-1.xhtml\" linear=\"no\"/>"), "{fixed}");
        assert_eq!(fix_opf(&fixed, &facts()), fixed);
    }

    #[test]
    fn ncx_gets_a_page_list() {
        let ncx = "<ncx>\n  <navMap>\n    <navPoint playOrder=\"1\" id=\"navPoint-1\"/>\n    \
                   <navPoint playOrder=\"2\" id=\"navPoint-2\"/>\n  </navMap>\n</ncx>";
        let fixed = fix_ncx(ncx, &facts());
        assert!(fixed.contains(
            "</navMap>\n  <pageList>\n    <navLabel>\n      <text>Pages</text>\n    </navLabel>\n    \
             <pageTarget id=\"pageTarget-1\" type=\"front\" value=\"i\" playOrder=\"3\">"
        ), "{fixed}");
        assert!(fixed.contains(
            "<pageTarget id=\"pageTarget-2\" type=\"normal\" value=\"1\" playOrder=\"4\">\n      \
             <navLabel>\n        <text>1</text>\n      </navLabel>\n      \
             <content src=\"chapter-1.xhtml#page-1\"/>\n    </pageTarget>\n  </pageList>\n</ncx>"
        ), "{fixed}");
        assert_eq!(fix_ncx(&fixed, &facts()), fixed);
        let mut without = facts();
        without.page_list = None;
        assert!(!fix_ncx(ncx, &without).contains("pageList"));
    }

    #[test]
    fn ncx_gets_uid_depth_and_title() {
        let ncx = "<ncx>\n  <head>\n    <meta name=\"dtb:depth\" content=\"1\" />\n  </head>\n  \
                   <docTitle>\n    <text>Contents</text>\n  </docTitle>\n</ncx>";
        let fixed = fix_ncx(ncx, &facts());
        assert!(fixed.contains("<meta name=\"dtb:uid\" content=\"urn:uuid:1234\" />"));
        assert!(fixed.contains("<meta name=\"dtb:depth\" content=\"2\" />"));
        assert!(fixed.contains("<text>Book &amp; &lt;Co&gt;</text>"));
        assert!(!fixed.contains("Contents"));
    }
}
