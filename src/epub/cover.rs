//! The cover: an image given by the caller, or one drawn from the book's
//! metadata.
//!
//! The EPUB gets the image as its `cover-image` (what libraries and
//! e-reader shelves show) and a cover page, first in reading order, that
//! shows it with alt text.
//!
//! A drawn cover is a PNG (1600 × 2560, the proportions e-book shops ask
//! for; PNG because every reading system and converter takes it as a cover,
//! which is not true of SVG): the series in small monospace capitals, the
//! year very large, the title when it says more than series and year, the
//! issues the book holds, and the author — set in the book's own fonts
//! (Charis SIL and JetBrains Mono), light on a dark ground so it also
//! reads on a grayscale screen.

use ab_glyph_rasterizer::{point, Point, Rasterizer};
use ttf_parser::{Face, OutlineBuilder};

use super::frontmatter::book_title;
use super::xml::clean_text;
use crate::cover_design::{self as design, ACCENT, BACKGROUND, INK, MARGIN, MUTED};
use crate::error::{Error, Result};
use crate::model::{Book, ImageAsset};
use crate::resources::FontSet;

/// A cover image and its media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverImage {
    data: Vec<u8>,
    media_type: &'static str,
}

impl CoverImage {
    /// A cover from an image the assets stage checked
    /// ([`crate::assets::convert::check`], as for the `cover:` of
    /// `book.yaml`): PNG, JPEG, GIF, WebP or SVG, the image types every
    /// EPUB 3 reading system must show. Another media type is an error.
    pub fn from_asset(asset: &ImageAsset) -> Result<Self> {
        let media_type = match asset.media_type.as_str() {
            "image/png" => "image/png",
            "image/jpeg" => "image/jpeg",
            "image/gif" => "image/gif",
            "image/webp" => "image/webp",
            "image/svg+xml" => "image/svg+xml",
            other => {
                return Err(Error::Render {
                    format: "EPUB",
                    message: format!(
                        "the cover image is {other}, not a PNG, JPEG, GIF, WebP or SVG file"
                    ),
                })
            }
        };
        Ok(CoverImage {
            data: asset.data.clone(),
            media_type,
        })
    }

    /// The image data.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The media type, e.g. `image/png`.
    pub fn media_type(&self) -> &'static str {
        self.media_type
    }

    /// The file extension for the media type, without the dot.
    pub fn extension(&self) -> &'static str {
        match self.media_type {
            "image/jpeg" => "jpg",
            "image/gif" => "gif",
            "image/webp" => "webp",
            "image/svg+xml" => "svg",
            _ => "png",
        }
    }
}

/// The cover's size in pixels: the design's (`crate::cover_design`).
pub const WIDTH: u32 = design::WIDTH as u32;
/// The cover's height in pixels.
pub const HEIGHT: u32 = design::HEIGHT as u32;
/// Steps of anti-aliasing coverage: few enough that the picture keeps few
/// colours and compresses well (16 steps instead of 48 took the sample's
/// cover from 50 to 29 KB), many enough that edges stay smooth at this
/// size.
const COVERAGE_LEVELS: u32 = 16;

/// Draws the cover of `book` with `fonts` and returns it as a PNG.
pub fn generate(book: &Book, fonts: &FontSet) -> Result<CoverImage> {
    fn face(data: &[u8]) -> Result<Face<'_>> {
        Face::parse(data, 0).map_err(|e| Error::Render {
            format: "EPUB",
            message: format!("cannot read a font for the cover: {e}"),
        })
    }
    let regular = face(&fonts.regular.data)?;
    let bold = face(&fonts.bold.data)?;
    let italic = face(&fonts.italic.data)?;
    let mono = face(&fonts.mono.data)?;
    let meta = &book.meta;
    let mut canvas = Canvas::new(WIDTH, HEIGHT, BACKGROUND);
    let text_width = WIDTH as f32 - 2.0 * MARGIN;

    // The series, in spaced monospace capitals, with a short rule below.
    let series = clean_text(meta.series.trim()).to_uppercase();
    let series = if series.trim().is_empty() {
        "TECHSHACK".to_string()
    } else {
        series
    };
    let (spacing, size) = (design::SERIES_SPACING, design::SERIES_SIZE);
    let series_size = fit_size(&mono, &series, size, text_width, spacing);
    canvas.text(
        &mono,
        &series,
        series_size,
        MARGIN,
        design::SERIES_Y,
        ACCENT,
        spacing,
    );
    canvas.rect(
        MARGIN,
        design::SERIES_RULE_Y,
        MARGIN + design::SERIES_RULE_WIDTH,
        design::SERIES_RULE_Y + design::SERIES_RULE_HEIGHT,
        ACCENT,
    );

    // The year, as large as fits.
    let year = meta.year.to_string();
    let spacing = design::YEAR_SPACING;
    let year_size = fit_size(&bold, &year, design::YEAR_SIZE, text_width, spacing);
    let x = MARGIN - design::YEAR_SHIFT;
    canvas.text(&bold, &year, year_size, x, design::YEAR_Y, INK, spacing);

    // The title, when it says more than series and year.
    let title = book_title(meta);
    let plain = format!("{} {}", meta.series.trim(), meta.year);
    let mut y = design::TITLE_Y;
    if !title.trim().eq_ignore_ascii_case(plain.trim()) {
        let size = design::TITLE_SIZE;
        for line in wrap(&bold, title.trim(), size, text_width, design::TITLE_LINES) {
            canvas.text(&bold, &line, size, MARGIN, y, INK, 0.0);
            y += design::TITLE_STEP;
        }
        y += design::TITLE_GAP;
    }

    // What the book holds.
    if let Some(span) = design::issue_span(book) {
        let size = fit_size(&regular, &span, design::SPAN_SIZE, text_width, 0.0);
        canvas.text(&regular, &span, size, MARGIN, y, MUTED, 0.0);
    }

    // The author, at the foot, above a rule.
    let author = clean_text(meta.author.trim());
    let rule = HEIGHT as f32 - design::AUTHOR_RULE_FROM_FOOT;
    canvas.rect(
        MARGIN,
        rule,
        WIDTH as f32 - MARGIN,
        rule + design::AUTHOR_RULE_HEIGHT,
        MUTED,
    );
    if !author.trim().is_empty() {
        let size = fit_size(&italic, author.trim(), design::AUTHOR_SIZE, text_width, 0.0);
        let y = HEIGHT as f32 - design::AUTHOR_FROM_FOOT;
        canvas.text(&italic, author.trim(), size, MARGIN, y, INK, 0.0);
    }

    Ok(CoverImage {
        data: canvas.png()?,
        media_type: "image/png",
    })
}

/// The largest size up to `max` at which `text` fits in `width`.
fn fit_size(face: &Face, text: &str, max: f32, width: f32, spacing: f32) -> f32 {
    design::fitted_size(advance(face, text, max, spacing), max, width, 8.0)
}

/// `text` broken into at most `max_lines` lines that fit in `width` at
/// `size`; a last line that does not fit ends with an ellipsis.
fn wrap(face: &Face, text: &str, size: f32, width: f32, max_lines: usize) -> Vec<String> {
    let mut lines = design::fill_lines(text, |line| advance(face, line, size, 0.0) <= width);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    for line in &mut lines {
        while advance(face, line, size, 0.0) > width && line.chars().count() > 1 {
            line.pop();
            line.pop();
            line.push('…');
        }
    }
    lines
}

/// The width of `text` at `size` pixels, with `spacing` em added after
/// each character.
fn advance(face: &Face, text: &str, size: f32, spacing: f32) -> f32 {
    let scale = size / f32::from(face.units_per_em());
    text.chars()
        .map(|c| {
            let glyph = face.glyph_index(c).unwrap_or_default();
            f32::from(face.glyph_hor_advance(glyph).unwrap_or(0)) * scale + spacing * size
        })
        .sum()
}

/// A picture being drawn, as indices into a palette of at most 256
/// colours (the cover has four colours and the anti-aliased edges between
/// them), written as an indexed PNG: small, and quick to compress.
struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
    palette: Vec<[u8; 3]>,
    index_of: std::collections::HashMap<[u8; 3], u8>,
}

impl Canvas {
    fn new(width: u32, height: u32, background: [u8; 3]) -> Self {
        Canvas {
            width,
            height,
            pixels: vec![0; (width * height) as usize],
            palette: vec![background],
            index_of: std::collections::HashMap::from([(background, 0)]),
        }
    }

    /// The palette index of `rgb`, added when there is room, else the
    /// nearest colour already in the palette.
    fn index(&mut self, rgb: [u8; 3]) -> u8 {
        if let Some(&index) = self.index_of.get(&rgb) {
            return index;
        }
        if self.palette.len() < 256 {
            let index = self.palette.len() as u8;
            self.palette.push(rgb);
            self.index_of.insert(rgb, index);
            return index;
        }
        let distance = |c: &[u8; 3]| {
            c.iter()
                .zip(rgb)
                .map(|(&a, b)| (i32::from(a) - i32::from(b)).pow(2))
                .sum::<i32>()
        };
        (0..self.palette.len())
            .min_by_key(|&i| distance(&self.palette[i]))
            .unwrap_or(0) as u8
    }

    /// Mixes `color` into pixel (`x`, `y`) with coverage `alpha` (0 to 1),
    /// in [`COVERAGE_LEVELS`] steps so the picture keeps few colours.
    fn blend(&mut self, x: i64, y: i64, color: [u8; 3], alpha: f32) {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return;
        }
        let levels = COVERAGE_LEVELS as f32;
        let alpha = (alpha.clamp(0.0, 1.0) * levels).round() / levels;
        if alpha <= 0.0 {
            return;
        }
        let at = (y as usize) * self.width as usize + x as usize;
        let old = self.palette[usize::from(self.pixels[at])];
        let mut mixed = [0u8; 3];
        for channel in 0..3 {
            let from = f32::from(old[channel]);
            mixed[channel] = (from + (f32::from(color[channel]) - from) * alpha).round() as u8;
        }
        self.pixels[at] = self.index(mixed);
    }

    /// The picture as an indexed PNG, unfiltered (filters help photographs,
    /// not a few flat colours by index). `Balanced`: `High` saved 2 KB of
    /// 31 and took about 40 ms more.
    fn png(&self) -> Result<Vec<u8>> {
        let encode_error = |e: png::EncodingError| Error::Render {
            format: "EPUB",
            message: format!("cannot encode the cover: {e}"),
        };
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(self.palette.concat());
        encoder.set_compression(png::Compression::Balanced);
        encoder.set_filter(png::Filter::NoFilter);
        let mut writer = encoder.write_header().map_err(encode_error)?;
        writer
            .write_image_data(&self.pixels)
            .map_err(encode_error)?;
        writer.finish().map_err(encode_error)?;
        Ok(out)
    }

    fn rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, color: [u8; 3]) {
        for y in y0.round() as i64..y1.round() as i64 {
            for x in x0.round() as i64..x1.round() as i64 {
                self.blend(x, y, color, 1.0);
            }
        }
    }

    /// Draws `text` at `size` pixels with its baseline at `baseline` and
    /// its left edge at `x`.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        face: &Face,
        text: &str,
        size: f32,
        x: f32,
        baseline: f32,
        color: [u8; 3],
        spacing: f32,
    ) {
        let scale = size / f32::from(face.units_per_em());
        let mut pen = x;
        for c in text.chars() {
            let glyph = face.glyph_index(c).unwrap_or_default();
            self.glyph(face, glyph, scale, pen, baseline, color);
            pen += f32::from(face.glyph_hor_advance(glyph).unwrap_or(0)) * scale + spacing * size;
        }
    }

    fn glyph(
        &mut self,
        face: &Face,
        glyph: ttf_parser::GlyphId,
        scale: f32,
        x: f32,
        baseline: f32,
        color: [u8; 3],
    ) {
        let Some(bbox) = face.glyph_bounding_box(glyph) else {
            return; // a space
        };
        let left = (x + f32::from(bbox.x_min) * scale).floor() - 1.0;
        let top = (baseline - f32::from(bbox.y_max) * scale).floor() - 1.0;
        let width = (f32::from(bbox.width()) * scale).ceil() as usize + 3;
        let height = (f32::from(bbox.height()) * scale).ceil() as usize + 3;
        let mut outline = Outline {
            rasterizer: Rasterizer::new(width, height),
            origin: point(x - left, baseline - top),
            scale,
            start: point(0.0, 0.0),
            last: point(0.0, 0.0),
        };
        if face.outline_glyph(glyph, &mut outline).is_none() {
            return;
        }
        let mut coverage = Vec::with_capacity(width * height);
        outline
            .rasterizer
            .for_each_pixel_2d(|px, py, alpha| coverage.push((px, py, alpha)));
        for (px, py, alpha) in coverage {
            if alpha > 0.0 {
                self.blend(
                    left as i64 + i64::from(px),
                    top as i64 + i64::from(py),
                    color,
                    alpha,
                );
            }
        }
    }
}

/// Feeds a glyph outline (font units, y up) into the rasterizer (pixels,
/// y down).
struct Outline {
    rasterizer: Rasterizer,
    origin: Point,
    scale: f32,
    start: Point,
    last: Point,
}

impl Outline {
    fn map(&self, x: f32, y: f32) -> Point {
        point(
            self.origin.x + x * self.scale,
            self.origin.y - y * self.scale,
        )
    }
}

impl OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.start = self.map(x, y);
        self.last = self.start;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let to = self.map(x, y);
        self.rasterizer.draw_line(self.last, to);
        self.last = to;
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (control, to) = (self.map(x1, y1), self.map(x, y));
        self.rasterizer.draw_quad(self.last, control, to);
        self.last = to;
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (c1, c2, to) = (self.map(x1, y1), self.map(x2, y2), self.map(x, y));
        self.rasterizer.draw_cubic(self.last, c1, c2, to);
        self.last = to;
    }

    fn close(&mut self) {
        if self.last != self.start {
            self.rasterizer.draw_line(self.last, self.start);
        }
        self.last = self.start;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_take_the_media_types_every_reading_system_shows() {
        let kind = |media_type: &str| {
            let asset = ImageAsset {
                media_type: media_type.into(),
                data: b"bytes".to_vec(),
                width: 1,
                height: 1,
                alt: None,
            };
            CoverImage::from_asset(&asset).map(|c| (c.media_type(), c.extension()))
        };
        assert_eq!(kind("image/png").unwrap(), ("image/png", "png"));
        assert_eq!(kind("image/jpeg").unwrap(), ("image/jpeg", "jpg"));
        assert_eq!(kind("image/gif").unwrap(), ("image/gif", "gif"));
        assert_eq!(kind("image/webp").unwrap(), ("image/webp", "webp"));
        assert_eq!(kind("image/svg+xml").unwrap(), ("image/svg+xml", "svg"));
        assert!(kind("image/bmp").is_err());
        assert!(kind("").is_err());
    }

    #[test]
    fn wrapping_keeps_within_the_width() {
        let fonts = crate::resources::Resources::builtin().fonts;
        let face = Face::parse(&fonts.bold.data, 0).unwrap();
        let lines = wrap(&face, &"word ".repeat(40), 112.0, 1280.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'));
        for line in &lines {
            assert!(advance(&face, line, 112.0, 0.0) <= 1280.0);
        }
        let long = wrap(&face, &"W".repeat(200), 112.0, 1280.0, 3);
        assert!(advance(&face, &long[0], 112.0, 0.0) <= 1280.0);
    }
}
