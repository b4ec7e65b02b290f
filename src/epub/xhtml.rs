//! The document model's blocks and inlines as XHTML.
//!
//! [`BlockWriter`] turns [`Block`]s and [`Inline`]s into XHTML elements on an
//! [`XmlWriter`]; [`page`] wraps a body into a complete XHTML document with
//! the book's language and stylesheet. Images are not in the book yet, so
//! they become visible placeholders (alt text and address), never `<img>`.

use std::collections::HashSet;

use super::images::EpubImages;
use super::links::safe_href;
use super::pagelist::PageMarkers;
use super::xml::{clean_text, XmlWriter};
use crate::model::{Align, Block, CodeKind, HighlightedCode, Image, Inline, Note, Part};

/// The file name of the stylesheet inside the EPUB, next to the documents.
pub const STYLESHEET: &str = "stylesheet.css";

/// Writes a complete XHTML document: XML declaration, `<html>` with `lang`
/// and `xml:lang`, a `<head>` with `title` and the stylesheet, and a body
/// filled in by `body`.
pub fn page(title: &str, lang: &str, body: impl FnOnce(&mut XmlWriter)) -> String {
    let mut w = XmlWriter::new();
    w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    w.open(
        "html",
        &[
            ("xmlns", "http://www.w3.org/1999/xhtml"),
            ("xmlns:epub", "http://www.idpf.org/2007/ops"),
            ("lang", lang),
            ("xml:lang", lang),
        ],
    );
    w.newline();
    w.open("head", &[]);
    w.newline();
    w.empty("meta", &[("charset", "utf-8")]);
    w.newline();
    w.element("title", &[], title);
    w.newline();
    w.empty(
        "link",
        &[
            ("rel", "stylesheet"),
            ("type", "text/css"),
            ("href", STYLESHEET),
        ],
    );
    w.newline();
    w.close("head");
    w.newline();
    w.open("body", &[]);
    w.newline();
    body(&mut w);
    w.newline();
    w.close("body");
    w.newline();
    w.close("html");
    w.newline();
    w.finish()
}

/// Writes blocks and inlines of one document as XHTML.
#[derive(Debug)]
pub struct BlockWriter<'a> {
    /// The `id`s defined in the document, so in-document links can be
    /// checked before they are emitted.
    local_ids: &'a HashSet<String>,
    /// The HTML heading level used for `Block::Heading { level: 1 }`; deeper
    /// levels count on from it, clamped at `h6`.
    first_heading_level: u8,
    /// The HTML level of the heading written last (or of the heading the
    /// blocks stand under), so that no level is skipped.
    last_heading_level: std::cell::Cell<u8>,
    /// The book's embedded images; without them every image is a
    /// placeholder.
    images: Option<&'a EpubImages<'a>>,
    /// The book's highlighted program text (from the highlighting step);
    /// without it code is plain.
    code: Option<&'a HighlightedCode>,
    /// The print edition's page-break markers, and the part of the book
    /// the blocks belong to; without them no marker is written.
    markers: Option<(&'a PageMarkers, std::cell::Cell<Part>)>,
    /// The path of the block being written within the part (see
    /// [`crate::model::Place::path`]).
    path: std::cell::RefCell<Vec<usize>>,
    /// The footnotes that references in the blocks being written lead
    /// to (see [`BlockWriter::begin_notes`]).
    notes: std::cell::RefCell<Option<NoteScope>>,
    /// Set while notes are written: their blocks are not the part's
    /// blocks, so no page-break marker belongs to them.
    no_markers: std::cell::Cell<bool>,
    /// The book's words (placeholders, captions).
    words: &'static crate::locale::Locale,
}

/// The footnotes of one article (or chapter lead) as the document is
/// written.
#[derive(Debug)]
struct NoteScope {
    /// What makes the notes' ids unique in the document (the article's id).
    prefix: String,
    /// How many references to each note were written so far.
    refs: Vec<u32>,
}

impl NoteScope {
    /// The id of note `n`'s aside.
    fn note_id(&self, n: u32) -> String {
        format!("fn-{}-{n}", self.prefix)
    }

    /// The id of the `k`-th reference (from 1) to note `n`.
    fn ref_id(&self, n: u32, k: u32) -> String {
        if k <= 1 {
            format!("fnref-{}-{n}", self.prefix)
        } else {
            format!("fnref{k}-{}-{n}", self.prefix)
        }
    }
}

impl<'a> BlockWriter<'a> {
    /// A writer for a document that defines `local_ids` and whose article
    /// sub-headings start at `<h{first_heading_level}>`.
    pub fn new(local_ids: &'a HashSet<String>, first_heading_level: u8) -> Self {
        BlockWriter {
            local_ids,
            first_heading_level,
            last_heading_level: std::cell::Cell::new(first_heading_level.saturating_sub(1)),
            images: None,
            code: None,
            markers: None,
            path: std::cell::RefCell::new(Vec::new()),
            notes: std::cell::RefCell::new(None),
            no_markers: std::cell::Cell::new(false),
            words: &crate::locale::ENGLISH,
        }
    }

    /// The same writer, in the words of `words`.
    pub fn with_locale(mut self, words: &'static crate::locale::Locale) -> Self {
        self.words = words;
        self
    }

    /// Tells the writer that the content to come (an article's title and
    /// blocks, or a chapter's lead) has `count` footnotes, whose ids are
    /// made unique in the document by `prefix`: a reference becomes a
    /// superscript link to its note, written by [`BlockWriter::notes`].
    pub fn begin_notes(&self, prefix: &str, count: usize) {
        *self.notes.borrow_mut() = Some(NoteScope {
            prefix: prefix.to_string(),
            refs: vec![0; count],
        });
    }

    /// Writes the footnotes of the content since [`BlockWriter::begin_notes`]
    /// (nothing when there are none), and ends that scope.
    ///
    /// Each note is an `<aside epub:type="footnote" role="doc-footnote">`,
    /// which EPUB 3 reading systems show as a pop-up from its reference;
    /// its number links back to the (first) reference. A note that nothing
    /// refers to is a plain `<aside>`, so that no reading system hides it.
    pub fn notes(&self, w: &mut XmlWriter, notes: &[Note]) {
        if !notes.is_empty() {
            self.no_markers.set(true);
            w.open("div", &[("class", "footnotes")]);
            w.newline();
            for (i, note) in notes.iter().enumerate() {
                let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
                self.note(w, n, note);
            }
            w.close("div");
            w.newline();
            self.no_markers.set(false);
        }
        *self.notes.borrow_mut() = None;
    }

    /// Writes note `n` as an aside.
    fn note(&self, w: &mut XmlWriter, n: u32, note: &Note) {
        let (id, back) = match self.notes.borrow().as_ref() {
            Some(scope) => {
                let referenced = scope.refs.get(n as usize - 1).is_some_and(|&k| k > 0);
                (scope.note_id(n), referenced.then(|| scope.ref_id(n, 1)))
            }
            None => return,
        };
        match &back {
            Some(_) => w.open(
                "aside",
                &[
                    ("id", &id),
                    ("class", "footnote"),
                    ("epub:type", "footnote"),
                    ("role", "doc-footnote"),
                ],
            ),
            None => w.open("aside", &[("id", &id), ("class", "footnote")]),
        }
        w.newline();
        let label = format!("{n}.");
        let number = |w: &mut XmlWriter| {
            match &back {
                Some(back) => w.element(
                    "a",
                    &[
                        ("class", "footnote-number"),
                        ("href", &format!("#{back}")),
                        ("role", "doc-backlink"),
                    ],
                    &label,
                ),
                None => w.element("span", &[("class", "footnote-number")], &label),
            }
            w.text(" ");
        };
        match note.blocks.split_first() {
            Some((Block::Paragraph(content), rest)) => {
                w.open("p", &[]);
                number(w);
                self.inlines(w, content);
                w.close("p");
                w.newline();
                self.blocks(w, rest);
            }
            _ => {
                w.open("p", &[]);
                number(w);
                w.close("p");
                w.newline();
                self.blocks(w, &note.blocks);
            }
        }
        w.close("aside");
        w.newline();
    }

    /// Writes a reference to note `n`: a superscript link to it, with an
    /// id the note's back link leads to; only the number inside a link or
    /// outside a note scope.
    fn note_ref(&self, w: &mut XmlWriter, n: u32, in_link: bool) {
        let ids = if in_link {
            None
        } else {
            let mut scope = self.notes.borrow_mut();
            scope.as_mut().and_then(|scope| {
                let count = scope.refs.get_mut((n as usize).checked_sub(1)?)?;
                *count += 1;
                let k = *count;
                Some((scope.note_id(n), scope.ref_id(n, k)))
            })
        };
        let number = n.to_string();
        w.open("sup", &[("class", "noteref")]);
        match ids {
            Some((note, id)) => w.element(
                "a",
                &[
                    ("epub:type", "noteref"),
                    ("role", "doc-noteref"),
                    ("href", &format!("#{note}")),
                    ("id", &id),
                ],
                &number,
            ),
            None => w.text(&number),
        }
        w.close("sup");
    }

    /// The same writer, writing the page-break markers of `markers` for
    /// the blocks of `part`.
    pub fn with_page_markers(mut self, markers: &'a PageMarkers, part: Part) -> Self {
        self.markers = Some((markers, std::cell::Cell::new(part)));
        self
    }

    /// Tells the writer that the blocks to come are those of `part` (for
    /// the page-break markers).
    pub fn set_part(&self, part: Part) {
        if let Some((_, current)) = &self.markers {
            current.set(part);
        }
    }

    /// Writes the page-break markers of the block being written.
    fn page_breaks(&self, w: &mut XmlWriter) {
        if self.no_markers.get() {
            return;
        }
        if let Some((markers, part)) = &self.markers {
            markers.write(w, part.get(), &self.path.borrow());
        }
    }

    /// Writes `f` as the block at `index` of the blocks being written.
    fn at_index(&self, index: usize, f: impl FnOnce()) {
        self.path.borrow_mut().push(index);
        f();
        self.path.borrow_mut().pop();
    }

    /// Tells the writer that the blocks to come stand under a heading of
    /// HTML level `level` (e.g. 2 under an article's `<h2>`): their
    /// headings start at most one level below it.
    pub fn under_heading(&self, level: u8) {
        self.last_heading_level.set(level);
    }

    /// The same writer, showing the images of `images` that were resolved.
    pub fn with_images(mut self, images: &'a EpubImages<'a>) -> Self {
        self.images = Some(images);
        self
    }

    /// The same writer, showing program text with the highlighting of
    /// `code` (the book's [`crate::model::Assets::code`]).
    pub fn with_highlighting(mut self, code: &'a HighlightedCode) -> Self {
        self.code = Some(code);
        self
    }

    /// Writes `blocks` in order.
    pub fn blocks(&self, w: &mut XmlWriter, blocks: &[Block]) {
        for (i, block) in blocks.iter().enumerate() {
            self.at_index(i, || self.block(w, block));
        }
    }

    /// Writes one block, with the page-break markers before it (or, for a
    /// paragraph, at its start).
    pub fn block(&self, w: &mut XmlWriter, block: &Block) {
        if !matches!(block, Block::Paragraph(_)) {
            self.page_breaks(w);
        }
        match block {
            Block::Paragraph(content) => {
                w.open("p", &[]);
                self.page_breaks(w);
                self.inlines(w, content);
                w.close("p");
            }
            Block::Heading { level, content } => {
                let tag = self.heading_tag(*level);
                w.open(tag, &[]);
                self.inlines(w, content);
                w.close(tag);
            }
            // Nothing to show: write nothing rather than an empty element.
            Block::List { items, .. } if items.is_empty() => return,
            Block::Table { header, rows, .. } if header.is_empty() && rows.is_empty() => return,
            Block::List { start, items } => self.list(w, *start, items),
            Block::Quote(blocks) => {
                w.open("blockquote", &[]);
                w.newline();
                self.blocks(w, blocks);
                w.close("blockquote");
            }
            Block::Code(code) if code.kind == CodeKind::Drawing => {
                match self.images.and_then(|i| i.figures()) {
                    Some(figures) => figures.drawing(w, &code.text),
                    None => super::diagram::diagram(w, &code.text),
                }
            }
            Block::Code(code) => code::code_block(w, code, self.code.and_then(|c| c.of(code))),
            Block::Mermaid(source) if self.images.and_then(|i| i.diagram(source)).is_some() => {
                if let Some((images, file)) =
                    self.images.and_then(|i| Some((i, i.diagram(source)?)))
                {
                    let shown = images
                        .figures()
                        .is_some_and(|figures| figures.mermaid(w, file.asset));
                    if !shown {
                        images.diagram_figure(w, file);
                    }
                }
            }
            Block::Mermaid(source) => {
                w.open("figure", &[("class", "mermaid")]);
                w.open("pre", &[("class", "mermaid-source")]);
                w.element("code", &[("class", "language-mermaid")], source);
                w.close("pre");
                w.element("figcaption", &[], self.words.mermaid_source);
                w.close("figure");
            }
            Block::Figure { image, caption }
                if self.images.and_then(|i| i.image(&image.url)).is_some() =>
            {
                if let Some((images, file)) =
                    self.images.and_then(|i| Some((i, i.image(&image.url)?)))
                {
                    let write_caption = |w: &mut XmlWriter| {
                        if let Some(caption) = caption {
                            self.inlines(w, caption);
                        }
                    };
                    let caption_writer: Option<&dyn Fn(&mut XmlWriter)> = caption
                        .as_ref()
                        .map(|_| &write_caption as &dyn Fn(&mut XmlWriter));
                    images.figure(w, file, &image.alt, caption_writer);
                }
            }
            Block::Figure { image, caption } => {
                w.open("figure", &[("class", "image-placeholder")]);
                w.open("div", &[("class", "placeholder-box")]);
                w.element(
                    "p",
                    &[("class", "placeholder-alt")],
                    &placeholder_label(image, self.words),
                );
                if !image.url.trim().is_empty() {
                    w.open("p", &[("class", "placeholder-url")]);
                    self.image_address(w, image, false);
                    w.close("p");
                }
                w.close("div");
                if let Some(caption) = caption {
                    w.open("figcaption", &[]);
                    self.inlines(w, caption);
                    w.close("figcaption");
                }
                w.close("figure");
            }
            Block::Table {
                align,
                header,
                rows,
            } => self.table(w, align, header, rows),
            Block::Rule => w.empty("hr", &[]),
        }
        w.newline();
    }

    /// Writes inline content; links inside links are written as text.
    pub fn inlines(&self, w: &mut XmlWriter, inlines: &[Inline]) {
        self.inlines_in(w, inlines, false);
    }

    /// The tag for a heading of model `level`: counted on from the first
    /// heading level, but never more than one below the heading before it
    /// (a skipped level confuses navigation by headings), and at most `h6`.
    fn heading_tag(&self, level: u8) -> &'static str {
        let html_level = self
            .first_heading_level
            .saturating_add(level.max(1) - 1)
            .min(self.last_heading_level.get().saturating_add(1))
            .clamp(1, 6);
        self.last_heading_level.set(html_level);
        ["h1", "h2", "h3", "h4", "h5", "h6"][usize::from(html_level - 1)]
    }

    fn list(&self, w: &mut XmlWriter, start: Option<u64>, items: &[Vec<Block>]) {
        let start_text = start.filter(|&n| n != 1).map(|n| n.to_string());
        let tag = if start.is_some() { "ol" } else { "ul" };
        match &start_text {
            Some(n) => w.open(tag, &[("start", n)]),
            None => w.open(tag, &[]),
        }
        w.newline();
        for (i, item) in items.iter().enumerate() {
            w.open("li", &[]);
            // A single paragraph (a tight list item) is written without <p>.
            self.at_index(i, || match item.as_slice() {
                [Block::Paragraph(content)] => self.at_index(0, || {
                    self.page_breaks(w);
                    self.inlines(w, content);
                }),
                blocks => self.blocks(w, blocks),
            });
            w.close("li");
            w.newline();
        }
        w.close(tag);
    }

    fn table(
        &self,
        w: &mut XmlWriter,
        align: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
    ) {
        let columns = rows
            .iter()
            .map(Vec::len)
            .chain([header.len(), align.len()])
            .max()
            .unwrap_or(0);
        let class_of = |i: usize| match align.get(i).copied().unwrap_or(Align::None) {
            Align::None => None,
            Align::Left => Some("align-left"),
            Align::Center => Some("align-center"),
            Align::Right => Some("align-right"),
        };
        let cell =
            |w: &mut XmlWriter, tag: &'static str, i: usize, content: Option<&Vec<Inline>>| {
                match class_of(i) {
                    Some(class) => w.open(tag, &[("class", class)]),
                    None => w.open(tag, &[]),
                }
                if let Some(content) = content {
                    self.inlines(w, content);
                }
                w.close(tag);
            };
        w.open("div", &[("class", "table-wrap")]);
        w.open("table", &[]);
        w.newline();
        if !header.is_empty() {
            w.open("thead", &[]);
            w.open("tr", &[]);
            for i in 0..columns {
                cell(w, "th", i, header.get(i));
            }
            w.close("tr");
            w.close("thead");
            w.newline();
        }
        if !rows.is_empty() {
            w.open("tbody", &[]);
            w.newline();
            for row in rows {
                w.open("tr", &[]);
                for i in 0..columns {
                    cell(w, "td", i, row.get(i));
                }
                w.close("tr");
                w.newline();
            }
            w.close("tbody");
        }
        w.close("table");
        w.close("div");
    }

    fn inlines_in(&self, w: &mut XmlWriter, inlines: &[Inline], in_link: bool) {
        for inline in inlines {
            self.inline(w, inline, in_link);
        }
    }

    fn inline(&self, w: &mut XmlWriter, inline: &Inline, in_link: bool) {
        let wrap = |w: &mut XmlWriter, tag: &'static str, content: &[Inline]| {
            w.open(tag, &[]);
            self.inlines_in(w, content, in_link);
            w.close(tag);
        };
        match inline {
            Inline::Text(text) => w.text(text),
            Inline::Emph(c) => wrap(w, "em", c),
            Inline::Strong(c) => wrap(w, "strong", c),
            Inline::Strike(c) => wrap(w, "del", c),
            Inline::Sup(c) => wrap(w, "sup", c),
            Inline::Sub(c) => wrap(w, "sub", c),
            Inline::Code(text) => w.element("code", &[], text),
            Inline::Link { url, content } => {
                let href = if in_link {
                    None
                } else {
                    safe_href(url, self.local_ids)
                };
                match href {
                    Some(href) => {
                        w.open("a", &[("href", &href)]);
                        if content.is_empty() {
                            w.text(url);
                        } else {
                            self.inlines_in(w, content, true);
                        }
                        w.close("a");
                    }
                    None if content.is_empty() => w.text(url),
                    None => self.inlines_in(w, content, in_link),
                }
            }
            Inline::Image(image) if self.images.and_then(|i| i.image(&image.url)).is_some() => {
                if let Some((images, file)) =
                    self.images.and_then(|i| Some((i, i.image(&image.url)?)))
                {
                    images.inline(w, file, &image.alt);
                }
            }
            Inline::Image(image) => {
                w.open("span", &[("class", "image-placeholder")]);
                w.text("[");
                w.text(&placeholder_label(image, self.words));
                if !image.url.trim().is_empty() {
                    w.text(": ");
                    self.image_address(w, image, in_link);
                }
                w.text("]");
                w.close("span");
            }
            Inline::LineBreak => w.empty("br", &[]),
            Inline::NoteRef { number } => self.note_ref(w, *number, in_link),
        }
    }

    /// Writes an image's address, as a link when it is a web address and we
    /// are not already inside a link.
    fn image_address(&self, w: &mut XmlWriter, image: &Image, in_link: bool) {
        let href = if in_link {
            None
        } else {
            safe_href(&image.url, self.local_ids)
        };
        match href {
            Some(href) => {
                w.open("a", &[("href", &href)]);
                w.text(&image.url);
                w.close("a");
            }
            None => w.text(&image.url),
        }
    }
}

/// What a placeholder says about the image it stands for: "Image: " and
/// its alt text, or that it has no description (the readers warn about
/// those), so a listener knows an image was there either way.
fn placeholder_label(image: &Image, words: &crate::locale::Locale) -> String {
    let alt = clean_text(&image.alt);
    if alt.trim().is_empty() {
        words.image_without_description.to_string()
    } else {
        words.labelled(words.image, alt.trim())
    }
}

mod code;
#[cfg(test)]
mod tests;
