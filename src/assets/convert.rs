//! Turning downloaded bytes into an image every e-reader and the PDF writer
//! accept.
//!
//! The content decides, never the file name: the bytes are sniffed, and what
//! is not a known image (an HTML error page named `.png`) is refused.
//! Raster images are decoded under limits (no decompression bombs), the
//! first frame of an animation is kept, the EXIF orientation applied, the
//! image scaled down to [`ConvertSettings::max_pixels`] and optionally made
//! grey, then written as JPEG (photographs: JPEG and WebP sources, alpha
//! flattened on white) or PNG (everything else). SVG is parsed and written
//! out again by `usvg`, which keeps only static drawing: no scripts, no
//! external references, text turned into outlines.

use std::fmt;
use std::io::Cursor;
use std::sync::Arc;

use image::{DynamicImage, GenericImageView, ImageFormat, ImageReader, Limits};

use crate::model::ImageAsset;

/// Font data for drawing the text of SVG images.
#[derive(Clone, Default)]
pub struct SvgFonts(pub Arc<Vec<Vec<u8>>>);

impl fmt::Debug for SvgFonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SvgFonts({} faces)", self.0.len())
    }
}

/// How images are converted.
#[derive(Debug, Clone)]
pub struct ConvertSettings {
    /// The longest side, in pixels, an embedded image may have.
    pub max_pixels: u32,
    /// Make every image grey (for e-ink).
    pub grayscale: bool,
    /// The largest width or height the decoder accepts.
    pub max_decode_side: u32,
    /// The most memory the decoder may allocate, in bytes.
    pub max_decode_alloc: u64,
    /// JPEG quality, 1–100.
    pub jpeg_quality: u8,
    /// Fonts for the text of SVG images.
    pub fonts: SvgFonts,
}

impl Default for ConvertSettings {
    fn default() -> Self {
        ConvertSettings {
            max_pixels: 1600,
            grayscale: false,
            max_decode_side: 12_000,
            max_decode_alloc: 256 * 1024 * 1024,
            jpeg_quality: 85,
            fonts: SvgFonts::default(),
        }
    }
}

/// What the bytes hold, by their content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A raster image of this format.
    Raster(ImageFormat),
    /// An SVG drawing.
    Svg,
}

/// What `bytes` hold, if it is an image we can use.
pub fn sniff(bytes: &[u8]) -> Option<Sniffed> {
    if let Ok(format) = image::guess_format(bytes) {
        let supported = matches!(
            format,
            ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP
        );
        return supported.then_some(Sniffed::Raster(format));
    }
    looks_like_svg(bytes).then_some(Sniffed::Svg)
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let lower = text.to_ascii_lowercase();
    (lower.starts_with("<?xml")
        || lower.starts_with("<svg")
        || lower.starts_with("<!--")
        || lower.starts_with("<!doctype svg"))
        && lower.contains("<svg")
}

/// A short description of what non-image bytes look like, for warnings.
fn describe(bytes: &[u8]) -> &'static str {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    if head.contains("<html") || head.contains("<!doctype html") {
        "an HTML page"
    } else if image::guess_format(bytes).is_ok() {
        "an image format e-readers do not take"
    } else {
        "unknown data"
    }
}

/// Converts `bytes` into an embeddable image.
pub fn convert(bytes: &[u8], settings: &ConvertSettings) -> Result<ImageAsset, String> {
    match sniff(bytes) {
        Some(Sniffed::Raster(format)) => raster(bytes, format, settings),
        Some(Sniffed::Svg) => svg(bytes, settings),
        None => Err(format!("not an image: the content is {}", describe(bytes))),
    }
}

fn raster(
    bytes: &[u8],
    format: ImageFormat,
    settings: &ConvertSettings,
) -> Result<ImageAsset, String> {
    let mut img = decode(bytes, format, settings)?;
    let (w, h) = img.dimensions();
    let longest = w.max(h);
    if longest > settings.max_pixels {
        let scale = f64::from(settings.max_pixels) / f64::from(longest);
        let nw = ((f64::from(w) * scale).round() as u32).max(1);
        let nh = ((f64::from(h) * scale).round() as u32).max(1);
        img = img.resize_exact(nw, nh, image::imageops::FilterType::Triangle);
    }
    let photo = matches!(format, ImageFormat::Jpeg | ImageFormat::WebP);
    let img = match (settings.grayscale, img.color().has_alpha()) {
        (true, true) if !photo => DynamicImage::ImageLumaA8(img.to_luma_alpha8()),
        (true, _) => DynamicImage::ImageLuma8(flatten(&img).to_luma8()),
        (false, _) if photo => DynamicImage::ImageRgb8(flatten(&img).to_rgb8()),
        (false, true) => DynamicImage::ImageRgba8(img.to_rgba8()),
        (false, false) => DynamicImage::ImageRgb8(img.to_rgb8()),
    };
    let (width, height) = img.dimensions();
    let mut data = Vec::new();
    let media_type = if photo {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut data,
            settings.jpeg_quality.clamp(1, 100),
        );
        img.write_with_encoder(encoder)
            .map_err(|e| format!("cannot write JPEG: {e}"))?;
        "image/jpeg"
    } else {
        img.write_to(&mut Cursor::new(&mut data), ImageFormat::Png)
            .map_err(|e| format!("cannot write PNG: {e}"))?;
        "image/png"
    };
    Ok(ImageAsset {
        media_type: media_type.into(),
        data,
        width,
        height,
        alt: None,
    })
}

/// The image in `bytes` decoded under the limits of `settings` (no
/// decompression bombs), turned upright by its EXIF orientation.
fn decode(
    bytes: &[u8],
    format: ImageFormat,
    settings: &ConvertSettings,
) -> Result<DynamicImage, String> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(settings.max_decode_side);
    limits.max_image_height = Some(settings.max_decode_side);
    limits.max_alloc = Some(settings.max_decode_alloc);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let refuse = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => format!(
            "refused: the {format:?} image is larger than the decoder limits \
             ({} pixels a side, {} MiB)",
            settings.max_decode_side,
            settings.max_decode_alloc / (1024 * 1024)
        ),
        e => format!("cannot decode the {format:?} image: {e}"),
    };
    let mut decoder = reader.into_decoder().map_err(refuse)?;
    use image::ImageDecoder;
    let (w, h) = decoder.dimensions();
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder)
        .map_err(|e| format!("cannot decode the {format:?} image ({w}×{h} pixels): {e}"))?;
    if let Some(orientation) = orientation {
        img.apply_orientation(orientation);
    }
    Ok(img)
}

/// Checks `bytes` the way [`convert`] reads them (sniffed by content,
/// decoded under the limits of `settings`, SVG parsed) and keeps them as
/// they are: for an image that is embedded unchanged, like the cover named
/// in `book.yaml`. Raster images must be PNG, JPEG, GIF or WebP.
pub fn check(bytes: Vec<u8>, settings: &ConvertSettings) -> Result<ImageAsset, String> {
    let (media_type, width, height) = match sniff(&bytes) {
        Some(Sniffed::Raster(format)) => {
            let img = decode(&bytes, format, settings)?;
            let media_type = match format {
                ImageFormat::Jpeg => "image/jpeg",
                ImageFormat::Gif => "image/gif",
                ImageFormat::WebP => "image/webp",
                _ => "image/png",
            };
            (media_type, img.width(), img.height())
        }
        Some(Sniffed::Svg) => {
            let size = svg_tree(&bytes, settings)?.size();
            (
                "image/svg+xml",
                size.width().ceil().max(1.0) as u32,
                size.height().ceil().max(1.0) as u32,
            )
        }
        None => return Err(format!("not an image: the content is {}", describe(&bytes))),
    };
    Ok(ImageAsset {
        media_type: media_type.into(),
        data: bytes,
        width,
        height,
        alt: None,
    })
}

/// `img` composed over white, without alpha (JPEG has none).
fn flatten(img: &DynamicImage) -> DynamicImage {
    if !img.color().has_alpha() {
        return img.clone();
    }
    let mut rgba = img.to_rgba8();
    for px in rgba.pixels_mut() {
        let a = u16::from(px[3]);
        for c in 0..3 {
            px[c] = ((u16::from(px[c]) * a + 255 * (255 - a)) / 255) as u8;
        }
        px[3] = 255;
    }
    DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(rgba).to_rgb8())
}

/// Options for `usvg` with `fonts` loaded; every generic family (serif,
/// sans-serif, ...) falls back to the first of them.
pub fn usvg_options(fonts: &[Vec<u8>]) -> usvg::Options<'static> {
    let mut opt = usvg::Options::default();
    let db = opt.fontdb_mut();
    for font in fonts {
        db.load_font_data(font.clone());
    }
    let family = db
        .faces()
        .next()
        .and_then(|f| f.families.first().map(|(name, _)| name.clone()));
    if let Some(family) = family {
        db.set_serif_family(family.clone());
        db.set_sans_serif_family(family.clone());
        db.set_monospace_family(family.clone());
        db.set_cursive_family(family.clone());
        db.set_fantasy_family(family.clone());
        opt.font_family = family;
    }
    opt
}

/// The drawing in `bytes`, parsed by `usvg` with the fonts of `settings`.
fn svg_tree(bytes: &[u8], settings: &ConvertSettings) -> Result<usvg::Tree, String> {
    let opt = usvg_options(&settings.fonts.0);
    usvg::Tree::from_data(bytes, &opt).map_err(|e| format!("cannot read the SVG: {e}"))
}

fn svg(bytes: &[u8], settings: &ConvertSettings) -> Result<ImageAsset, String> {
    let tree = svg_tree(bytes, settings)?;
    let size = tree.size();
    let data = tree.to_string(&usvg::WriteOptions::default()).into_bytes();
    Ok(ImageAsset {
        media_type: "image/svg+xml".into(),
        data,
        width: size.width().ceil().max(1.0) as u32,
        height: size.height().ceil().max(1.0) as u32,
        alt: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32, rgba: [u8; 4]) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba(rgba));
        let mut out = Vec::new();
        DynamicImage::ImageRgba8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn sniffs_content_not_names() {
        assert_eq!(
            sniff(&png(2, 2, [0, 0, 0, 255])),
            Some(Sniffed::Raster(ImageFormat::Png))
        );
        assert_eq!(sniff(b"<!DOCTYPE html><html><body>hi</body></html>"), None);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some(Sniffed::Svg)
        );
        let err = convert(b"<html><body>Not found</body></html>", &Default::default()).unwrap_err();
        assert!(err.contains("HTML"), "{err}");
    }

    #[test]
    fn scales_down_and_keeps_alpha_in_png() {
        let settings = ConvertSettings {
            max_pixels: 100,
            ..Default::default()
        };
        let asset = convert(&png(400, 200, [255, 0, 0, 128]), &settings).unwrap();
        assert_eq!((asset.width, asset.height), (100, 50));
        assert_eq!(asset.media_type, "image/png");
        let back = image::load_from_memory(&asset.data).unwrap();
        assert!(back.color().has_alpha());
    }

    #[test]
    fn grayscale() {
        let settings = ConvertSettings {
            grayscale: true,
            ..Default::default()
        };
        let asset = convert(&png(4, 4, [255, 0, 0, 255]), &settings).unwrap();
        let back = image::load_from_memory(&asset.data).unwrap();
        assert!(matches!(
            back.color(),
            image::ColorType::L8 | image::ColorType::La8
        ));
    }

    #[test]
    fn svg_is_cleaned() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><script>alert(1)</script><rect width="40" height="20" fill="red"/></svg>"#;
        let asset = convert(svg, &Default::default()).unwrap();
        assert_eq!(asset.media_type, "image/svg+xml");
        assert_eq!((asset.width, asset.height), (40, 20));
        let text = String::from_utf8(asset.data).unwrap();
        assert!(!text.contains("script"));
        assert!(text.contains("<path") || text.contains("<rect"));
    }
}
