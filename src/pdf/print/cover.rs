//! The wrap cover: one sheet with the back, the spine and the front side
//! by side, as print-on-demand services print it.
//!
//! Its size follows the services' formula: width = bleed + back + spine +
//! front + bleed, height = bleed + trim height + bleed, the spine as wide
//! as the final page count on the chosen paper makes it. The artwork is
//! one vector drawing (an SVG, drawn by the PDF writer as paths, text in
//! outlines): the ground over the whole sheet, the front in the design of
//! the book's drawn cover (or the `cover:` image of `book.yaml`, fitted
//! over the front and its bleed), the title on the spine when the book is
//! thick enough for the service to allow it, and on the back the title,
//! the book's description and a white area for the barcode. Crop and fold
//! marks, when asked for, stand in a slug outside the bleed.

use std::sync::Arc;

use super::boxes::PdfBox;
use super::profile::Profile;
use crate::cover_design::{self as design, svg_color, ACCENT, BACKGROUND, INK, MUTED};
use crate::epub::xml::escape_text;
use crate::model::{Book, ImageAsset};
use crate::pdf::fonts::{Face, Fonts, LoadedFace};
use crate::pdf::page::{
    Color, Folio, ImageBox, Item, LaidOutBook, Numbering, Page, PositionedItem, RuleLine, Zone,
};
use crate::pdf::structure::Tag;
use crate::pdf::units::{Point, Pt, Rect, Size};

/// The white of the barcode's area.
const WHITE: [u8; 3] = [0xFF, 0xFF, 0xFF];

/// Room outside the bleed for crop and fold marks, when they are drawn.
const SLUG: Pt = Pt(18.0);
/// Marks start this far from the bleed, so that none prints on the cover.
const MARK_GAP: Pt = Pt(3.0);
/// Text keeps this far from the trim on the front and the back.
const SAFE: Pt = Pt(36.0);
/// The largest spine text.
const SPINE_TEXT_MAX: Pt = Pt(14.0);

/// Where each part of the wrap lies on the sheet (layout coordinates: from
/// the top-left corner of the sheet).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoverGeometry {
    /// The whole sheet (the PDF's MediaBox).
    pub sheet: Size,
    /// Back, spine and front, trimmed (the TrimBox).
    pub trim: Rect,
    /// The trim with its bleed (the BleedBox).
    pub bleed: Rect,
    /// The back cover, trimmed.
    pub back: Rect,
    /// The spine.
    pub spine: Rect,
    /// The front cover, trimmed.
    pub front: Rect,
    /// The pages the spine was measured for.
    pub pages: usize,
    /// Whether the title stands on the spine.
    pub spine_text: bool,
}

impl CoverGeometry {
    /// The wrap for a book of `pages` pages (the final count) printed to
    /// `profile`.
    pub fn new(profile: &Profile, pages: usize) -> CoverGeometry {
        let b = profile.bleed;
        let slug = if profile.marks { SLUG } else { Pt::ZERO };
        let spine_width = profile.spine_width(pages);
        let trim_size = profile.trim;
        let trim = Rect::new(
            slug + b,
            slug + b,
            trim_size.width * 2.0 + spine_width,
            trim_size.height,
        );
        let bleed = Rect::new(slug, slug, trim.width + b * 2.0, trim.height + b * 2.0);
        let sheet = Size {
            width: bleed.width + slug * 2.0,
            height: bleed.height + slug * 2.0,
        };
        let back = Rect::new(trim.x, trim.y, trim_size.width, trim_size.height);
        let spine = Rect::new(back.right(), trim.y, spine_width, trim_size.height);
        let front = Rect::new(spine.right(), trim.y, trim_size.width, trim_size.height);
        CoverGeometry {
            sheet,
            trim,
            bleed,
            back,
            spine,
            front,
            pages,
            spine_text: profile.spine_has_text(pages),
        }
    }

    /// A rectangle of the sheet as a PDF box (from the bottom-left).
    pub fn pdf_box(&self, r: Rect) -> PdfBox {
        [
            r.x.0,
            (self.sheet.height - r.bottom()).0,
            r.right().0,
            (self.sheet.height - r.y).0,
        ]
    }
}

/// The text the cover shows.
struct Words {
    title: String,
    series: String,
    year: String,
    author: String,
    span: Option<String>,
    description: Option<String>,
}

fn words(book: &Book, description: Option<&str>) -> Words {
    let meta = &book.meta;
    let series = meta.series.trim().to_string();
    let title = if meta.title.trim().is_empty() {
        format!("{series} {}", meta.year).trim().to_string()
    } else {
        meta.title.trim().to_string()
    };
    let span = design::issue_span(book);
    Words {
        title,
        series: if series.is_empty() {
            "TECHSHACK".into()
        } else {
            series.to_uppercase()
        },
        year: meta.year.to_string(),
        author: meta.author.trim().to_string(),
        span,
        description: description
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string),
    }
}

/// The width of `text` set in `face` at `size`, at the font's own
/// advances plus `spacing` em after each character.
fn width(face: &LoadedFace, text: &str, size: Pt, spacing: f32) -> Pt {
    let em = f32::from(face.units_per_em.max(1));
    let units: f32 = text
        .chars()
        .map(|c| {
            let advance = face
                .glyphs
                .get(&c)
                .and_then(|g| face.advances.get(usize::from(g.id)))
                .copied()
                .unwrap_or(face.units_per_em / 2);
            f32::from(advance) + spacing * em
        })
        .sum();
    size * (units / em)
}

/// The largest size up to `max` at which `text` fits in `room`.
fn fit(face: &LoadedFace, text: &str, max: Pt, room: Pt, spacing: f32) -> Pt {
    Pt(design::fitted_size(
        width(face, text, max, spacing).0,
        max.0,
        room.0,
        4.0,
    ))
}

/// `text` in lines no wider than `room`.
fn wrap(face: &LoadedFace, text: &str, size: Pt, room: Pt) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let filled = design::fill_lines(paragraph, |line| width(face, line, size, 0.0) <= room);
        if filled.is_empty() {
            lines.push(String::new());
        }
        lines.extend(filled);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// One line of SVG text.
#[allow(clippy::too_many_arguments)]
fn text(
    out: &mut String,
    content: &str,
    x: Pt,
    y: Pt,
    size: Pt,
    bold: bool,
    fill: [u8; 3],
    spacing: f32,
) {
    let weight = if bold { "bold" } else { "normal" };
    out.push_str(&format!(
        "<text x=\"{:.2}\" y=\"{:.2}\" font-family=\"serif\" font-weight=\"{weight}\" font-size=\"{:.2}\" letter-spacing=\"{:.2}\" fill=\"{fill}\">{}</text>\n",
        x.0,
        y.0,
        size.0,
        size.0 * spacing,
        escape_text(content),
        fill = svg_color(fill),
    ));
}

fn rect(out: &mut String, r: Rect, fill: [u8; 3]) {
    out.push_str(&format!(
        "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" fill=\"{fill}\"/>\n",
        r.x.0,
        r.y.0,
        r.width.0,
        r.height.0,
        fill = svg_color(fill),
    ));
}

/// The front in the design of the drawn e-book cover (1600 × 2560 px),
/// scaled to the front's trim.
fn front(out: &mut String, g: &CoverGeometry, w: &Words, fonts: &Fonts) {
    let regular = fonts.face(Face::Regular);
    let bold = fonts.face(Face::Bold);
    let f = g.front;
    let sx = f.width.0 / design::WIDTH;
    let sy = f.height.0 / design::HEIGHT;
    let s = sx.min(sy);
    let at = |px: f32, py: f32| (f.x + Pt(px * sx), f.y + Pt(py * sy));
    let margin = Pt(design::MARGIN * sx).max(SAFE);
    let room = f.width - margin * 2.0;
    let left = f.x + margin;

    let spacing = design::SERIES_SPACING;
    let size = fit(
        regular,
        &w.series,
        Pt(design::SERIES_SIZE * s),
        room,
        spacing,
    );
    let (_, y) = at(0.0, design::SERIES_Y);
    text(out, &w.series, left, y, size, false, ACCENT, spacing);
    let (_, y) = at(0.0, design::SERIES_RULE_Y);
    let (width, height) = (design::SERIES_RULE_WIDTH, design::SERIES_RULE_HEIGHT);
    rect(
        out,
        Rect::new(left, y, Pt(width * sx), Pt(height * sy)),
        ACCENT,
    );

    let spacing = design::YEAR_SPACING;
    let size = fit(bold, &w.year, Pt(design::YEAR_SIZE * s), room, spacing);
    let (_, y) = at(0.0, design::YEAR_Y);
    let x = left - Pt(design::YEAR_SHIFT * sx);
    text(out, &w.year, x, y, size, true, INK, spacing);

    let (_, mut y) = at(0.0, design::TITLE_Y);
    let plain = format!("{} {}", w.series, w.year);
    if !w.title.eq_ignore_ascii_case(&plain) {
        let size = Pt(design::TITLE_SIZE * s);
        let lines = wrap(bold, &w.title, size, room);
        for line in lines.iter().take(design::TITLE_LINES) {
            let size = fit(bold, line, size, room, 0.0);
            text(out, line, left, y, size, true, INK, 0.0);
            y += Pt(design::TITLE_STEP * s);
        }
        y += Pt(design::TITLE_GAP * s);
    }
    if let Some(span) = &w.span {
        let size = fit(regular, span, Pt(design::SPAN_SIZE * s), room, 0.0);
        text(out, span, left, y, size, false, MUTED, 0.0);
    }

    let (_, rule) = at(0.0, design::HEIGHT - design::AUTHOR_RULE_FROM_FOOT);
    let rule = rule.min(f.bottom() - SAFE - Pt(60.0 * s));
    let thickness = Pt(design::AUTHOR_RULE_HEIGHT * sy);
    rect(out, Rect::new(left, rule, room, thickness), MUTED);
    if !w.author.is_empty() {
        let size = fit(regular, &w.author, Pt(design::AUTHOR_SIZE * s), room, 0.0);
        let below = design::AUTHOR_RULE_FROM_FOOT - design::AUTHOR_FROM_FOOT;
        let y = (rule + Pt(below * sy)).min(f.bottom() - SAFE);
        text(out, &w.author, left, y, size, false, INK, 0.0);
    }
}

/// The title and author along the spine, reading from head to foot.
fn spine(out: &mut String, g: &CoverGeometry, w: &Words, fonts: &Fonts, profile: &Profile) {
    if !g.spine_text {
        return;
    }
    let bold = fonts.face(Face::Bold);
    let content = if w.author.is_empty() {
        w.title.clone()
    } else {
        format!("{}  ·  {}", w.title, w.author)
    };
    let across = g.spine.width - profile.spine_margin * 2.0;
    let along = g.spine.height - SAFE * 2.0;
    // Capitals and ascenders take about 0.75 em across the spine.
    let size = fit(
        bold,
        &content,
        (across / 0.75).min(SPINE_TEXT_MAX),
        along,
        0.0,
    );
    let cx = g.spine.x + g.spine.width * 0.5;
    let cy = g.spine.y + g.spine.height * 0.5;
    out.push_str(&format!(
        "<text transform=\"translate({:.2} {:.2}) rotate(90)\" x=\"0\" y=\"{:.2}\" text-anchor=\"middle\" font-family=\"serif\" font-weight=\"bold\" font-size=\"{:.2}\" fill=\"{}\">{}</text>\n",
        cx.0,
        cy.0,
        size.0 * 0.35,
        size.0,
        svg_color(INK),
        escape_text(&content)
    ));
}

/// The back: the title, the description, and the barcode's clear area at
/// the foot on the spine side's opposite, as KDP places it.
fn back(out: &mut String, g: &CoverGeometry, w: &Words, fonts: &Fonts, profile: &Profile) {
    let regular = fonts.face(Face::Regular);
    let bold = fonts.face(Face::Bold);
    let b = g.back;
    let room = b.width - SAFE * 2.0;
    let left = b.x + SAFE;
    let mut y = b.y + SAFE + Pt(16.0);
    let title_size = fit(bold, &w.title, Pt(18.0), room, 0.0);
    text(out, &w.title, left, y, title_size, true, INK, 0.0);
    y += Pt(14.0);
    rect(out, Rect::new(left, y, Pt(60.0), Pt(2.0)), ACCENT);
    y += Pt(24.0);
    let size = Pt(11.0);
    let leading = Pt(15.0);
    let barcode = barcode_area(g, profile);
    let limit = barcode.y - Pt(12.0);
    let body = w.description.clone().or_else(|| w.span.clone());
    for line in wrap(regular, body.as_deref().unwrap_or_default(), size, room) {
        if y > limit {
            break;
        }
        text(out, &line, left, y, size, false, INK, 0.0);
        y += leading;
    }
    rect(out, barcode, WHITE);
}

/// The white area left for the barcode: the profile's size, 0.25 in from
/// the back's foot and its edge by the spine.
pub fn barcode_area(g: &CoverGeometry, profile: &Profile) -> Rect {
    let inset = Pt(18.0);
    Rect::new(
        g.back.right() - inset - profile.barcode.width,
        g.back.bottom() - inset - profile.barcode.height,
        profile.barcode.width,
        profile.barcode.height,
    )
}

/// The SVG drawing of the whole sheet.
fn drawing(
    g: &CoverGeometry,
    book: &Book,
    description: Option<&str>,
    fonts: &Fonts,
    profile: &Profile,
    has_image: bool,
) -> String {
    let w = words(book, description);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.2}\" height=\"{1:.2}\" viewBox=\"0 0 {0:.2} {1:.2}\">\n",
        g.sheet.width.0, g.sheet.height.0
    );
    rect(&mut out, g.bleed, BACKGROUND);
    if !has_image {
        front(&mut out, g, &w, fonts);
    }
    spine(&mut out, g, &w, fonts, profile);
    back(&mut out, g, &w, fonts, profile);
    out.push_str("</svg>\n");
    out
}

/// Crop marks at the trim's corners and fold marks at the spine's edges,
/// in the slug.
fn marks(g: &CoverGeometry) -> Vec<RuleLine> {
    let line = |from: Point, to: Point| RuleLine {
        from,
        to,
        thickness: Pt(0.25),
        color: Color::BLACK,
    };
    let mut out = Vec::new();
    let (top, bottom) = (g.bleed.y - MARK_GAP, g.bleed.bottom() + MARK_GAP);
    let (left, right) = (g.bleed.x - MARK_GAP, g.bleed.right() + MARK_GAP);
    for x in [g.trim.x, g.spine.x, g.spine.right(), g.trim.right()] {
        out.push(line(Point::new(x, Pt::ZERO), Point::new(x, top)));
        out.push(line(Point::new(x, bottom), Point::new(x, g.sheet.height)));
    }
    for y in [g.trim.y, g.trim.bottom()] {
        out.push(line(Point::new(Pt::ZERO, y), Point::new(left, y)));
        out.push(line(Point::new(right, y), Point::new(g.sheet.width, y)));
    }
    out
}

/// Where a `cover:` image stands: fitted (its proportions kept) over the
/// front and its bleed, centred.
pub fn image_rect(g: &CoverGeometry, asset: &ImageAsset) -> Rect {
    let area = Rect::new(
        g.front.x,
        g.bleed.y,
        g.bleed.right() - g.front.x,
        g.bleed.height,
    );
    let (w, h) = (asset.width.max(1) as f32, asset.height.max(1) as f32);
    let scale = (area.width.0 / w).min(area.height.0 / h);
    let size = Size {
        width: Pt(w * scale),
        height: Pt(h * scale),
    };
    Rect::new(
        area.x + (area.width - size.width) * 0.5,
        area.y + (area.height - size.height) * 0.5,
        size.width,
        size.height,
    )
}

/// The cover as a one-page laid-out book, and its geometry.
pub fn lay_out(
    book: &Book,
    description: Option<&str>,
    fonts: &Fonts,
    profile: &Profile,
    pages: usize,
) -> (LaidOutBook, CoverGeometry) {
    let g = CoverGeometry::new(profile, pages);
    let image = book.assets.cover.as_ref();
    let svg = drawing(&g, book, description, fonts, profile, image.is_some());
    let full = Rect::new(Pt::ZERO, Pt::ZERO, g.sheet.width, g.sheet.height);
    let asset = ImageAsset {
        media_type: "image/svg+xml".into(),
        data: svg.into_bytes(),
        width: g.sheet.width.0.round() as u32,
        height: g.sheet.height.0.round() as u32,
        alt: None,
    };
    let body = |item| PositionedItem {
        item,
        zone: Zone::Body,
        tag: Tag::Artifact,
    };
    let mut items = vec![body(Item::Image(ImageBox {
        rect: full,
        asset: Arc::new(asset),
    }))];
    if let Some(picture) = image {
        items.push(body(Item::Image(ImageBox {
            rect: image_rect(&g, picture),
            asset: Arc::new(picture.clone()),
        })));
    }
    if profile.marks {
        items.extend(marks(&g).into_iter().map(|l| PositionedItem {
            item: Item::Line(l),
            zone: Zone::Margin,
            tag: Tag::Artifact,
        }));
    }
    let laid = LaidOutBook {
        title: format!("{} (cover)", book.meta.title),
        author: book.meta.author.clone(),
        language: book.meta.language.clone(),
        subject: description.unwrap_or_default().trim().to_string(),
        keywords: Vec::new(),
        pages: vec![Page {
            folio: Folio {
                numbering: Numbering::Arabic,
                number: 1,
            },
            size: g.sheet,
            text_area: g.trim,
            items,
        }],
        outline: Vec::new(),
        missing_chars: Vec::new(),
        page_map: Default::default(),
        structure: Default::default(),
    };
    (laid, g)
}
