//! Serializing a [`LaidOutBook`] as PDF, through printpdf and lopdf.
//!
//! printpdf turns our items into content streams, embeds the fonts (which
//! we subset first, see [`super::subset`]) and writes link annotations and
//! the ToUnicode maps that make text extractable. We then take its lopdf
//! document and finish it ourselves: a nested outline (printpdf's bookmarks
//! are flat), the document language, and a trailer ID derived from the
//! content instead of a random one, so that the same book gives the same
//! bytes. A tagged PDF's marked content is made with the pages' operators,
//! and its structure tree added last (see [`super::tagging`]).

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf as pp;

use super::fonts::{Face, Fonts};
use super::image::Pictures;
use super::page::{
    Color, Folio, Item, LaidOutBook, LinkTarget, Numbering, OutlineEntry, Page, TextRun,
};
use super::setup::PdfStyle;
use super::tagging::{self, Marker, PageMarks};
use super::units::{Pt, Rect};
use super::xmp;
use crate::error::{Error, Result};
use crate::fontsubset::subset_glyphs;
use crate::hash::Fnv1a;

fn render_error(message: impl Into<String>) -> Error {
    Error::Render {
        format: "PDF",
        message: message.into(),
    }
}

/// Writes `book` as PDF bytes, with fonts from `fonts`.
pub fn write_pdf(book: &LaidOutBook, fonts: &Fonts, style: &PdfStyle) -> Result<Vec<u8>> {
    write_pdf_with(book, fonts, style, |_, _| Ok(()))
}

/// [`write_pdf`], with `finish` applied to the finished document before
/// its streams are compressed: the print side's page boxes and output
/// intent (see `super::print`), and the standards it claims, which the
/// one XMP packet (`super::xmp`) then names beside PDF/UA's.
pub fn write_pdf_with(
    book: &LaidOutBook,
    fonts: &Fonts,
    style: &PdfStyle,
    finish: impl FnOnce(&mut lopdf::Document, &mut xmp::Claims) -> Result<()>,
) -> Result<Vec<u8>> {
    let mut doc = pp::PdfDocument::new(&book.title);
    let info = &mut doc.metadata.info;
    info.author = book.author.clone();
    info.subject = book.subject.clone();
    info.keywords = book.keywords.clone();
    info.creator = "techshack-book".into();
    info.producer = "techshack-book (printpdf)".into();
    if let Some(date) = source_date() {
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }

    let font_ids = embed_fonts(&mut doc, book, fonts)?;
    let pictures = Pictures::prepare(&mut doc, book, fonts);
    let tagged = style.is_tagged();
    let (pages, marks): (Vec<pp::PdfPage>, Vec<PageMarks>) = book
        .pages
        .iter()
        .map(|page| {
            let marker = tagged.then(|| Marker::new(&book.structure, &book.language));
            page_to_pdf(page, &font_ids, fonts, &pictures, marker)
        })
        .unzip();
    doc.with_pages(pages);

    let opts = pp::PdfSaveOptions {
        subset_fonts: false,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    finish_document(&mut lo, book)?;
    let mut claims = xmp::Claims::default();
    if tagged {
        tagging::finish(&mut lo, book, marks);
        claims.pdfua_part = Some(1);
    }
    finish(&mut lo, &mut claims)?;
    if claims != xmp::Claims::default() {
        xmp::add_metadata(&mut lo, &book.language, &claims);
    }
    compress_streams(&mut lo);
    let mut out = Vec::new();
    save(&mut lo, &mut out)
        .map_err(|e| render_error(format!("cannot serialize the document: {e}")))?;
    Ok(out)
}

/// How many objects an object stream holds.
const OBJECTS_PER_STREAM: usize = 200;

/// zlib level of the object streams: their small dictionaries compress
/// far better at 6 than at [`STREAM_COMPRESSION`] (the sample book's PDF:
/// 453 KB, against 485 KB at 3, for 2 ms of CPU), and they are a small
/// part of the bytes.
const OBJECT_STREAM_COMPRESSION: u32 = 6;

/// Serializes `doc` into `out`, its objects other than streams packed
/// into compressed object streams (PDF 1.5) with a cross-reference
/// stream: a tagged PDF has a structure element per paragraph, list item
/// and link, thousands of small dictionaries that would otherwise almost
/// double the file (the sample book: 445 KB untagged, 804 KB tagged with
/// plain objects, 453 KB tagged in object streams).
fn save(doc: &mut lopdf::Document, out: &mut Vec<u8>) -> std::io::Result<()> {
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .max_objects_per_stream(OBJECTS_PER_STREAM)
        .compression_level(OBJECT_STREAM_COMPRESSION)
        .build();
    doc.save_with_options(out, options)
        .map_err(std::io::Error::other)
}

/// zlib level of the PDF streams. lopdf's own `Document::compress` uses 9,
/// which took about a sixth of a whole build. On the 260-issue benchmark
/// archive level 3 writes the PDFs 8% faster than level 6 for files 11%
/// larger, and level 1 is no faster than 3 but 35% larger.
const STREAM_COMPRESSION: u32 = 3;

/// Compresses every stream that allows it and has no filter yet, as lopdf's
/// `Document::compress` does, but at [`STREAM_COMPRESSION`] and on every
/// core (streams are independent: one content stream per page, fonts).
fn compress_streams(doc: &mut lopdf::Document) {
    use flate2::write::ZlibEncoder;
    use rayon::prelude::*;
    use std::io::Write;

    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|object| match object {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    streams.par_iter_mut().for_each(|stream| {
        let mut encoder = ZlibEncoder::new(
            Vec::with_capacity(stream.content.len() / 2),
            flate2::Compression::new(STREAM_COMPRESSION),
        );
        let compressed = encoder
            .write_all(&stream.content)
            .and_then(|()| encoder.finish());
        // Same rule as lopdf: keep the raw stream unless compression pays
        // for the filter entry.
        if let Ok(compressed) = compressed {
            if compressed.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(compressed);
            }
        }
    });
}

/// `SOURCE_DATE_EPOCH` as a printpdf date, when set and valid.
fn source_date() -> Option<pp::OffsetDateTime> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    pp::OffsetDateTime::from_unix_timestamp(secs).ok()
}

/// Subsets and registers every face the book uses; returns their ids.
fn embed_fonts(
    doc: &mut pp::PdfDocument,
    book: &LaidOutBook,
    fonts: &Fonts,
) -> Result<BTreeMap<Face, pp::FontId>> {
    let mut used: BTreeMap<Face, BTreeSet<u16>> = BTreeMap::new();
    for page in &book.pages {
        for run in page.text_runs() {
            let loaded = fonts.face(run.face);
            let gids = used.entry(run.face).or_default();
            if run.glyphs.is_empty() {
                gids.extend(
                    run.text
                        .chars()
                        .filter_map(|c| loaded.glyphs.get(&c).map(|g| g.id)),
                );
            } else {
                gids.extend(run.glyphs.iter().map(|g| g.id));
            }
        }
    }
    let mut ids = BTreeMap::new();
    for (face, gids) in used {
        let loaded = fonts.face(face);
        let (bytes, subset) = match subset_glyphs(&loaded.data, &gids) {
            Some(bytes) => (bytes, true),
            None => (loaded.data.clone(), false),
        };
        let mut warnings = Vec::new();
        let mut parsed = pp::ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| render_error(format!("font {} cannot be embedded", loaded.file_name)))?;
        let name = if subset {
            format!("{}+{}", subset_tag(face, &gids), loaded.postscript_name)
        } else {
            loaded.postscript_name.clone()
        };
        parsed.font_name = Some(name);
        let id = pp::FontId(format!("F{}", face.index() + 1));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), pp::PdfFont::new(parsed));
        ids.insert(face, id);
    }
    Ok(ids)
}

/// Six capital letters naming a subset (ISO 32000-1, 9.6.4), derived from
/// its content so that it is stable between runs.
fn subset_tag(face: Face, gids: &BTreeSet<u16>) -> String {
    let mut hash = Fnv1a::new();
    hash.write(&[face.index() as u8]);
    for g in gids {
        hash.write(&g.to_be_bytes());
    }
    let mut h = hash.finish();
    (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (h % 26) as u8);
            h /= 26;
            letter
        })
        .collect()
}

fn pp_color(c: Color) -> pp::Color {
    pp::Color::Rgb(pp::Rgb {
        r: c.r,
        g: c.g,
        b: c.b,
        icc_profile: None,
    })
}

/// Converts a layout rectangle to a printpdf one (origin bottom-left).
fn pp_rect(r: &Rect, page_height: Pt, mode: Option<pp::PaintMode>) -> pp::Rect {
    pp::Rect {
        x: pp::Pt(r.x.0),
        y: pp::Pt(page_height.0 - r.bottom().0),
        width: pp::Pt(r.width.0),
        height: pp::Pt(r.height.0),
        mode,
        winding_order: None,
    }
}

/// The glyphs of a shaped run for a `TJ` array: each glyph with the offset
/// that turns the font's own advance into the shaped one (kerning, the
/// width of a justified space), in thousandths of an em.
fn shaped_items(run: &TextRun, fonts: &Fonts) -> Vec<pp::TextItem> {
    let loaded = fonts.face(run.face);
    let em = f32::from(loaded.units_per_em);
    let glyphs = run
        .glyphs
        .iter()
        .map(|g| {
            let own = loaded
                .advances
                .get(usize::from(g.id))
                .map_or(0.0, |&a| f32::from(a) * 1000.0 / em);
            let shaped = if run.size.0 > 0.0 {
                g.advance.0 * 1000.0 / run.size.0
            } else {
                own
            };
            let offset = ((own - shaped) * 1000.0).round() / 1000.0;
            let mut cp = pp::Codepoint::new(g.id, if offset.abs() < 0.001 { 0.0 } else { offset });
            if !g.text.is_empty() {
                cp.cid = Some(g.text.clone());
            }
            cp
        })
        .collect();
    vec![pp::TextItem::GlyphIds(glyphs)]
}

fn page_to_pdf(
    page: &Page,
    font_ids: &BTreeMap<Face, pp::FontId>,
    fonts: &Fonts,
    pictures: &Pictures,
    mut marker: Option<Marker>,
) -> (pp::PdfPage, PageMarks) {
    let height = page.size.height;
    let flip = |y: Pt| pp::Pt(height.0 - y.0);
    let mut ops = Vec::new();
    let mut in_text = false;
    let mut font: Option<(Face, Pt)> = None;
    let mut fill: Option<Color> = None;
    // Runs still to be drawn in the open `ActualText` span, if any.
    let mut span_left = 0usize;
    // Tagged PDF: whether the open marked-content sequence was opened
    // inside the open text object (and must close before it ends).
    let mut marked_in_text = false;
    for positioned in &page.items {
        let is_text = matches!(positioned.item, Item::Text(_));
        // A link annotation draws nothing: the text object goes on.
        let draws = !matches!(positioned.item, Item::Link(_));
        if in_text && !is_text && draws {
            end_span(&mut ops, &mut span_left);
            if marked_in_text {
                if let Some(marker) = marker.as_mut() {
                    marker.close(&mut ops);
                }
                marked_in_text = false;
            }
            ops.push(pp::Op::EndTextSection);
            in_text = false;
        }
        // Tagged PDF: a text run's sequence is opened inside the text
        // object, so that one text object holds the runs of many
        // elements; anything else's, between text objects.
        if let Some(marker) = marker.as_mut() {
            if marker.changes(positioned) {
                end_span(&mut ops, &mut span_left);
                if in_text && !marked_in_text {
                    // The open sequence holds this text object: it ends
                    // first.
                    ops.push(pp::Op::EndTextSection);
                    in_text = false;
                }
                if is_text && !in_text {
                    marker.close(&mut ops);
                    ops.push(pp::Op::StartTextSection);
                    in_text = true;
                    font = None;
                }
                marker.switch(positioned, &mut ops);
                marked_in_text = in_text;
            }
            marker.record(positioned);
        }
        match &positioned.item {
            Item::Text(run) => {
                let Some(id) = font_ids.get(&run.face) else {
                    span_run_drawn(&mut ops, &mut span_left);
                    continue;
                };
                if !in_text {
                    ops.push(pp::Op::StartTextSection);
                    in_text = true;
                    font = None;
                }
                if let Some(line) = run.line_text.as_ref().filter(|_| span_left == 0) {
                    // Inside the text object, so that the span nests in it.
                    ops.push(pp::Op::BeginMarkedContentWithProperties {
                        tag: "Span".into(),
                        properties: pp::DictItem::Dict {
                            map: BTreeMap::from([(
                                "ActualText".to_string(),
                                pp::DictItem::String {
                                    data: utf16_text(&line.text),
                                    literal: false,
                                },
                            )]),
                        },
                    });
                    span_left = line.runs;
                }
                if font != Some((run.face, run.size)) {
                    ops.push(pp::Op::SetFont {
                        font: pp::PdfFontHandle::External(id.clone()),
                        size: pp::Pt(run.size.0),
                    });
                    font = Some((run.face, run.size));
                }
                if fill != Some(run.color) {
                    ops.push(pp::Op::SetFillColor {
                        col: pp_color(run.color),
                    });
                    fill = Some(run.color);
                }
                ops.push(pp::Op::SetTextMatrix {
                    matrix: pp::TextMatrix::Translate(pp::Pt(run.origin.x.0), flip(run.origin.y)),
                });
                let items = if run.glyphs.is_empty() {
                    vec![pp::TextItem::Text(run.text.clone())]
                } else {
                    shaped_items(run, fonts)
                };
                let lang = marker.as_ref().and_then(|m| m.language(positioned));
                if let Some(lang) = lang {
                    ops.push(tagging::language_span(lang));
                }
                ops.push(pp::Op::ShowText { items });
                if lang.is_some() {
                    ops.push(pp::Op::EndMarkedContent);
                }
                span_run_drawn(&mut ops, &mut span_left);
            }
            Item::Line(line) => {
                ops.push(pp::Op::SetOutlineColor {
                    col: pp_color(line.color),
                });
                ops.push(pp::Op::SetOutlineThickness {
                    pt: pp::Pt(line.thickness.0),
                });
                ops.push(pp::Op::DrawLine {
                    line: pp::Line {
                        points: [line.from, line.to]
                            .iter()
                            .map(|p| pp::LinePoint {
                                p: pp::Point {
                                    x: pp::Pt(p.x.0),
                                    y: flip(p.y),
                                },
                                bezier: false,
                            })
                            .collect(),
                        is_closed: false,
                    },
                });
            }
            Item::Rect(shape) => {
                if let Some(color) = shape.fill {
                    ops.push(pp::Op::SetFillColor {
                        col: pp_color(color),
                    });
                    fill = Some(color);
                    ops.push(pp::Op::DrawRectangle {
                        rectangle: pp_rect(&shape.rect, height, Some(pp::PaintMode::Fill)),
                    });
                }
                if let Some((color, thickness)) = shape.stroke {
                    ops.push(pp::Op::SetOutlineColor {
                        col: pp_color(color),
                    });
                    ops.push(pp::Op::SetOutlineThickness {
                        pt: pp::Pt(thickness.0),
                    });
                    ops.push(pp::Op::DrawRectangle {
                        rectangle: pp_rect(&shape.rect, height, Some(pp::PaintMode::Stroke)),
                    });
                }
            }
            Item::Link(link) => {
                let action = match &link.target {
                    LinkTarget::External(url) => pp::Actions::uri(url.clone()),
                    LinkTarget::Internal { page, y } => pp::Actions::go_to(pp::Destination::Xyz {
                        page: page + 1,
                        left: None,
                        top: Some(height.0 - y.0 + 6.0),
                        zoom: None,
                    }),
                };
                ops.push(pp::Op::LinkAnnotation {
                    link: pp::LinkAnnotation::new(
                        pp_rect(&link.rect, height, None),
                        action,
                        Some(pp::BorderArray::Solid([0.0, 0.0, 0.0])),
                        Some(pp::ColorArray::Transparent),
                        Some(pp::HighlightingMode::Invert),
                    ),
                });
            }
            Item::Image(picture) => {
                ops.extend(pictures.ops(picture, height));
                fill = None;
            }
        }
    }
    if in_text {
        end_span(&mut ops, &mut span_left);
        if marked_in_text {
            if let Some(marker) = marker.as_mut() {
                marker.close(&mut ops);
            }
        }
        ops.push(pp::Op::EndTextSection);
    }
    let marks = marker.map(|m| m.finish(&mut ops)).unwrap_or_default();
    let media = pp::Rect::from_wh(pp::Pt(page.size.width.0), pp::Pt(page.size.height.0));
    let page = pp::PdfPage {
        media_box: media.clone(),
        trim_box: media.clone(),
        crop_box: media,
        ops,
    };
    (page, marks)
}

/// Closes the open `ActualText` span, if any.
fn end_span(ops: &mut Vec<pp::Op>, span_left: &mut usize) {
    if *span_left > 0 {
        ops.push(pp::Op::EndMarkedContent);
        *span_left = 0;
    }
}

/// Counts a run of the open `ActualText` span as drawn, closing the span
/// after its last run.
fn span_run_drawn(ops: &mut Vec<pp::Op>, span_left: &mut usize) {
    if *span_left == 1 {
        end_span(ops, span_left);
    } else {
        *span_left = span_left.saturating_sub(1);
    }
}

/// `text` as a PDF text string: UTF-16BE with its byte order mark.
fn utf16_text(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    bytes
}

fn text_string(text: &str) -> Object {
    Object::String(utf16_text(text), StringFormat::Hexadecimal)
}

/// Adds the outline, language and a content-derived trailer ID.
fn finish_document(doc: &mut lopdf::Document, book: &LaidOutBook) -> Result<()> {
    // printpdf writes 1.3; the catalog's language (1.4) and the drawings'
    // marked-content ActualText (1.5) are later features.
    doc.version = "1.7".into();
    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let page_height = book.pages.first().map_or(Pt(842.0), |p| p.size.height);
    if !book.outline.is_empty() {
        let root = build_outline(doc, &book.outline, &page_ids, page_height);
        let catalog = doc
            .catalog_mut()
            .map_err(|e| render_error(format!("no document catalog: {e}")))?;
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    let labels = page_labels(book);
    if !labels.is_empty() {
        let catalog = doc
            .catalog_mut()
            .map_err(|e| render_error(format!("no document catalog: {e}")))?;
        let mut tree = Dictionary::new();
        tree.set("Nums", Object::Array(labels));
        catalog.set("PageLabels", Object::Dictionary(tree));
    }
    if !book.language.is_empty() {
        let catalog = doc
            .catalog_mut()
            .map_err(|e| render_error(format!("no document catalog: {e}")))?;
        catalog.set(
            "Lang",
            Object::String(book.language.as_bytes().to_vec(), StringFormat::Literal),
        );
    }
    let mut hash = Fnv1a::new();
    hash.write(book.title.as_bytes());
    hash.write(book.author.as_bytes());
    hash.write(&(book.pages.len() as u64).to_be_bytes());
    for entry in &book.outline {
        hash.write(entry.title.as_bytes());
        hash.write(&(entry.page as u64).to_be_bytes());
    }
    let first = hash.finish();
    hash.write(b"techshack-book");
    let id: Vec<u8> = [first.to_be_bytes(), hash.finish().to_be_bytes()].concat();
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    drop_empty_info_keys(doc);
    Ok(())
}

/// Removes the keys printpdf writes empty into the information
/// dictionary: an empty `/GTS_PDFXVersion` made viewers report the file
/// as PDF/X (which only a print profile claims, `super::print`), and an
/// empty `/Identifier` says nothing.
fn drop_empty_info_keys(doc: &mut lopdf::Document) {
    let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference) else {
        return;
    };
    if let Ok(info) = doc.get_dictionary_mut(info_id) {
        for key in [&b"GTS_PDFXVersion"[..], b"Identifier"] {
            let empty = matches!(info.get(key), Ok(Object::String(s, _)) if s.is_empty());
            if empty {
                info.remove(key);
            }
        }
    }
}

/// The `/Nums` array of the page-label number tree: a new range wherever
/// the numbering changes or does not simply go on, so that a viewer shows
/// the printed folios (roman front matter, arabic body).
fn page_labels(book: &LaidOutBook) -> Vec<Object> {
    let mut nums = Vec::new();
    let mut previous: Option<Folio> = None;
    for (index, page) in book.pages.iter().enumerate() {
        let f = page.folio;
        let continues =
            previous.is_some_and(|p| p.numbering == f.numbering && p.number + 1 == f.number);
        if !continues {
            let mut label = Dictionary::new();
            let style: &[u8] = match f.numbering {
                Numbering::Roman => b"r",
                Numbering::Arabic => b"D",
            };
            label.set("S", Object::Name(style.to_vec()));
            if f.number != 1 {
                label.set("St", Object::Integer(f.number as i64));
            }
            nums.push(Object::Integer(index as i64));
            nums.push(Object::Dictionary(label));
        }
        previous = Some(f);
    }
    nums
}

/// Builds a two-level outline (level 0 entries own the level 1 entries that
/// follow them); returns the outline root's object id.
fn build_outline(
    doc: &mut lopdf::Document,
    entries: &[OutlineEntry],
    page_ids: &[ObjectId],
    page_height: Pt,
) -> ObjectId {
    // Group: top-level entries with their children.
    let mut groups: Vec<(&OutlineEntry, Vec<&OutlineEntry>)> = Vec::new();
    for entry in entries {
        match groups.last_mut() {
            Some((_, children)) if entry.level > 0 => children.push(entry),
            _ => groups.push((entry, Vec::new())),
        }
    }
    let root = doc.new_object_id();
    let dest = |entry: &OutlineEntry| -> Object {
        let page = page_ids
            .get(entry.page)
            .copied()
            .map_or(Object::Null, Object::Reference);
        Object::Array(vec![
            page,
            Object::Name(b"XYZ".to_vec()),
            Object::Null,
            Object::Real(page_height.0 - entry.y.0 + 6.0),
            Object::Null,
        ])
    };
    let top_ids: Vec<ObjectId> = groups.iter().map(|_| doc.new_object_id()).collect();
    let total = top_ids.len() as i64;
    for (i, (entry, children)) in groups.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&entry.title));
        dict.set("Parent", Object::Reference(root));
        dict.set("Dest", dest(entry));
        if i > 0 {
            dict.set("Prev", Object::Reference(top_ids[i - 1]));
        }
        if let Some(next) = top_ids.get(i + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        if !children.is_empty() {
            let child_ids: Vec<ObjectId> = children.iter().map(|_| doc.new_object_id()).collect();
            for (j, child) in children.iter().enumerate() {
                let mut c = Dictionary::new();
                c.set("Title", text_string(&child.title));
                c.set("Parent", Object::Reference(top_ids[i]));
                c.set("Dest", dest(child));
                if j > 0 {
                    c.set("Prev", Object::Reference(child_ids[j - 1]));
                }
                if let Some(next) = child_ids.get(j + 1) {
                    c.set("Next", Object::Reference(*next));
                }
                doc.objects.insert(child_ids[j], Object::Dictionary(c));
            }
            dict.set("First", Object::Reference(child_ids[0]));
            dict.set("Last", Object::Reference(child_ids[child_ids.len() - 1]));
            // Negative: shown collapsed; a year has hundreds of articles.
            dict.set("Count", Object::Integer(-(child_ids.len() as i64)));
        }
        doc.objects.insert(top_ids[i], Object::Dictionary(dict));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (top_ids.first(), top_ids.last()) {
        outlines.set("First", Object::Reference(*first));
        outlines.set("Last", Object::Reference(*last));
    }
    outlines.set("Count", Object::Integer(total));
    doc.objects.insert(root, Object::Dictionary(outlines));
    root
}
