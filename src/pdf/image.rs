//! Pictures in the PDF: raster images as image XObjects, SVG (drawn Mermaid
//! diagrams, SVG images) as vector paths.
//!
//! Raster images are decoded with the `image` crate (already a dependency),
//! flattened on white, scaled down to 300 dpi at the size they are printed,
//! and handed to printpdf as raw pixels, so none of printpdf's own image
//! features is needed.
//!
//! SVG is parsed by `usvg`, which resolves styles, markers (arrow heads) and
//! transforms and turns text into outlines with the book's font; each path
//! becomes PDF path operators. That keeps diagrams sharp at any zoom without
//! printpdf's `svg` feature, which brings svg2pdf and an HTML layout engine
//! for what is here a hundred lines. Gradients, patterns, embedded images
//! and filters inside an SVG are not drawn (the diagrams we draw have none).

use std::collections::HashMap;

use printpdf as pp;

use super::fonts::{Face, Fonts};
use super::page::{ImageBox, Item, LaidOutBook};
use super::units::{Pt, Size};
use crate::assets::convert::usvg_options;
use crate::model::ImageAsset;

/// Print resolution for raster images.
const PRINT_DPI: f32 = 300.0;

/// How large a picture is printed: as wide as `width` allows (a small image
/// at most 1.5 times its size at 96 pixels per inch, so it does not turn to
/// mush), never taller than `max_height`, aspect kept.
pub fn fitted_size(asset: &ImageAsset, width: Pt, max_height: Pt) -> Size {
    let (w, h) = (asset.width.max(1) as f32, asset.height.max(1) as f32);
    let natural = w * 0.75 * 1.5;
    let mut out_w = width.0.min(natural);
    let mut out_h = out_w * h / w;
    if out_h > max_height.0 && max_height.0 > 0.0 {
        out_h = max_height.0;
        out_w = out_h * w / h;
    }
    Size {
        width: Pt(out_w),
        height: Pt(out_h),
    }
}

fn key(asset: &ImageAsset) -> u64 {
    crate::hash::Fnv1a::new()
        .write(asset.media_type.as_bytes())
        .write(&asset.data)
        .finish()
}

/// The pictures of a book, ready to be drawn.
pub struct Pictures {
    raster: HashMap<u64, pp::XObjectId>,
    vector: HashMap<u64, usvg::Tree>,
}

impl Pictures {
    /// Registers every raster image of `book` with `doc` and parses every
    /// SVG, each once.
    pub fn prepare(doc: &mut pp::PdfDocument, book: &LaidOutBook, fonts: &Fonts) -> Pictures {
        let mut pictures = Pictures {
            raster: HashMap::new(),
            vector: HashMap::new(),
        };
        let boxes = book
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match &i.item {
                Item::Image(b) => Some(b),
                _ => None,
            });
        let mut svg_options = None;
        for b in boxes {
            let k = key(&b.asset);
            if b.asset.media_type == "image/svg+xml" {
                if pictures.vector.contains_key(&k) {
                    continue;
                }
                let opt = svg_options.get_or_insert_with(|| {
                    usvg_options(&[
                        fonts.face(Face::Regular).data.clone(),
                        fonts.face(Face::Bold).data.clone(),
                    ])
                });
                if let Ok(tree) = usvg::Tree::from_data(&b.asset.data, opt) {
                    pictures.vector.insert(k, tree);
                }
            } else if let std::collections::hash_map::Entry::Vacant(slot) = pictures.raster.entry(k)
            {
                if let Some(raw) = raw_image(&b.asset, b.rect.width) {
                    slot.insert(doc.add_image(&raw));
                }
            }
        }
        pictures
    }

    /// The operators that draw `b` on a page `page_height` tall.
    pub fn ops(&self, b: &ImageBox, page_height: Pt) -> Vec<pp::Op> {
        let k = key(&b.asset);
        let left = b.rect.x.0;
        let bottom = page_height.0 - b.rect.bottom().0;
        if let Some(id) = self.raster.get(&k) {
            let (w, h) = raster_pixels(&b.asset, b.rect.width);
            return vec![pp::Op::UseXobject {
                id: id.clone(),
                transform: pp::XObjectTransform {
                    translate_x: Some(pp::Pt(left)),
                    translate_y: Some(pp::Pt(bottom)),
                    scale_x: Some(b.rect.width.0 / w as f32),
                    scale_y: Some(b.rect.height.0 / h as f32),
                    dpi: Some(72.0),
                    ..Default::default()
                },
            }];
        }
        if let Some(tree) = self.vector.get(&k) {
            let size = tree.size();
            let sx = b.rect.width.0 / size.width();
            let sy = b.rect.height.0 / size.height();
            let top = page_height.0 - b.rect.y.0;
            let place = move |x: f32, y: f32| pp::Point {
                x: pp::Pt(left + x * sx),
                y: pp::Pt(top - y * sy),
            };
            let mut ops = vec![pp::Op::SaveGraphicsState];
            draw_group(tree.root(), &place, (sx + sy) / 2.0, &mut ops);
            ops.push(pp::Op::RestoreGraphicsState);
            return ops;
        }
        Vec::new()
    }
}

/// The pixel size an image is embedded at: its own, or less when that is
/// more than 300 dpi at `width`.
fn raster_pixels(asset: &ImageAsset, width: Pt) -> (u32, u32) {
    let (w, h) = (asset.width.max(1), asset.height.max(1));
    let wanted = ((width.0 / 72.0) * PRINT_DPI).ceil().max(1.0) as u32;
    if w <= wanted {
        (w, h)
    } else {
        let nh = ((h as f32) * wanted as f32 / w as f32).round().max(1.0) as u32;
        (wanted, nh)
    }
}

fn raw_image(asset: &ImageAsset, width: Pt) -> Option<pp::RawImage> {
    let img = image::load_from_memory(&asset.data).ok()?;
    let (w, h) = raster_pixels(asset, width);
    let img = if (img.width(), img.height()) != (w, h) {
        img.resize_exact(w, h, image::imageops::FilterType::Triangle)
    } else {
        img
    };
    let grey = !img.color().has_color();
    let rgba = img.to_rgba8();
    let mut pixels = Vec::with_capacity((w * h * if grey { 1 } else { 3 }) as usize);
    for px in rgba.pixels() {
        let a = u16::from(px[3]);
        let over_white = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        if grey {
            pixels.push(over_white(px[0]));
        } else {
            pixels.extend([over_white(px[0]), over_white(px[1]), over_white(px[2])]);
        }
    }
    Some(pp::RawImage {
        pixels: pp::RawImageData::U8(pixels),
        width: w as usize,
        height: h as usize,
        data_format: if grey {
            pp::RawImageFormat::R8
        } else {
            pp::RawImageFormat::RGB8
        },
        tag: Vec::new(),
    })
}

fn draw_group(
    group: &usvg::Group,
    place: &dyn Fn(f32, f32) -> pp::Point,
    scale: f32,
    ops: &mut Vec<pp::Op>,
) {
    if group.opacity().get() <= 0.0 {
        return;
    }
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => draw_group(g, place, scale, ops),
            usvg::Node::Path(p) => draw_path(p, place, scale, ops),
            usvg::Node::Text(t) => draw_group(t.flattened(), place, scale, ops),
            usvg::Node::Image(_) => {}
        }
    }
}

fn color(paint: &usvg::Paint) -> Option<pp::Color> {
    match paint {
        usvg::Paint::Color(c) => Some(pp::Color::Rgb(pp::Rgb {
            r: f32::from(c.red) / 255.0,
            g: f32::from(c.green) / 255.0,
            b: f32::from(c.blue) / 255.0,
            icc_profile: None,
        })),
        // Gradients and patterns: not drawn.
        _ => None,
    }
}

/// The subpaths of `path` in page coordinates, each with whether it is
/// closed.
fn subpaths(
    path: &usvg::Path,
    place: &dyn Fn(f32, f32) -> pp::Point,
) -> Vec<(Vec<pp::LinePoint>, bool)> {
    let t = path.abs_transform();
    let at = |p: usvg::tiny_skia_path::Point| {
        let mut q = p;
        t.map_point(&mut q);
        place(q.x, q.y)
    };
    let point = |p, bezier| pp::LinePoint { p, bezier };
    let mut out: Vec<(Vec<pp::LinePoint>, bool)> = Vec::new();
    let mut current: Vec<pp::LinePoint> = Vec::new();
    let mut last = usvg::tiny_skia_path::Point::zero();
    for segment in path.data().segments() {
        use usvg::tiny_skia_path::PathSegment as S;
        match segment {
            S::MoveTo(p) => {
                if current.len() > 1 {
                    out.push((std::mem::take(&mut current), false));
                }
                current.clear();
                current.push(point(at(p), false));
                last = p;
            }
            S::LineTo(p) => {
                current.push(point(at(p), false));
                last = p;
            }
            S::QuadTo(c, p) => {
                // The cubic with the same curve.
                let toward = |from: usvg::tiny_skia_path::Point| {
                    usvg::tiny_skia_path::Point::from_xy(
                        from.x + (c.x - from.x) * 2.0 / 3.0,
                        from.y + (c.y - from.y) * 2.0 / 3.0,
                    )
                };
                let (c1, c2) = (toward(last), toward(p));
                current.push(point(at(c1), true));
                current.push(point(at(c2), true));
                current.push(point(at(p), false));
                last = p;
            }
            S::CubicTo(c1, c2, p) => {
                current.push(point(at(c1), true));
                current.push(point(at(c2), true));
                current.push(point(at(p), false));
                last = p;
            }
            S::Close => {
                if current.len() > 1 {
                    out.push((std::mem::take(&mut current), true));
                }
            }
        }
    }
    if current.len() > 1 {
        out.push((current, false));
    }
    out
}

fn draw_path(
    path: &usvg::Path,
    place: &dyn Fn(f32, f32) -> pp::Point,
    scale: f32,
    ops: &mut Vec<pp::Op>,
) {
    if !path.is_visible() {
        return;
    }
    let fill = path
        .fill()
        .filter(|f| f.opacity().get() > 0.0)
        .and_then(|f| Some((color(f.paint())?, f.rule())));
    let stroke = path
        .stroke()
        .filter(|s| s.opacity().get() > 0.0)
        .and_then(|s| Some((color(s.paint())?, s.width().get())));
    if fill.is_none() && stroke.is_none() {
        return;
    }
    let parts = subpaths(path, place);
    if parts.is_empty() {
        return;
    }
    let t = path.abs_transform();
    let transform_scale = ((t.sx * t.sy - t.kx * t.ky).abs()).sqrt();
    if let Some((col, rule)) = fill {
        ops.push(pp::Op::SetFillColor { col });
        ops.push(pp::Op::DrawPolygon {
            polygon: pp::Polygon {
                rings: parts
                    .iter()
                    .map(|(points, _)| pp::PolygonRing {
                        points: points.clone(),
                    })
                    .collect(),
                mode: pp::PaintMode::Fill,
                winding_order: match rule {
                    usvg::FillRule::EvenOdd => pp::WindingOrder::EvenOdd,
                    usvg::FillRule::NonZero => pp::WindingOrder::NonZero,
                },
            },
        });
    }
    if let Some((col, width)) = stroke {
        ops.push(pp::Op::SetOutlineColor { col });
        ops.push(pp::Op::SetOutlineThickness {
            pt: pp::Pt(width * transform_scale * scale),
        });
        for (points, closed) in parts {
            ops.push(pp::Op::DrawLine {
                line: pp::Line {
                    points,
                    is_closed: closed,
                },
            });
        }
    }
}
