//! Diagrams (ASCII drawings and drawn Mermaid) for every screen, theme
//! and reading system.
//!
//! In the standard profile a diagram is an inline SVG picture, so that its
//! text stays text (search, read-aloud, conversions) and follows the
//! reader's text colour on a transparent page. Its frame
//! (`div.diagram-view`) is at most 85% of the screen's height, so that
//! with its link under it the figure fits a page and never splits; the
//! picture never shrinks its text below [`super::diagram::MIN_TEXT_EM`]
//! of the body text: on a phone a wide or tall diagram scrolls inside its
//! frame where the reading system allows. Under every diagram a link opens it full size: a page of
//! its own, out of the reading order (`linear="no"` in the spine), that
//! shows it as an image (which reading systems let the reader zoom), dark
//! on a light card, with a link back.
//!
//! Kindle's Enhanced Typesetting drops SVG with text, so the Kindle
//! profile ([`EpubProfile::Kindle`]) shows every diagram as a PNG drawn
//! by `resvg` from the same card, with the diagram's words as its
//! description: dark on light, it reads on a black page too.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::xhtml::page;
use super::xml::{clean_text, XmlWriter};
use super::EpubProfile;
use crate::locale::Locale;
use crate::model::ImageAsset;
use crate::resources::FontSet;

/// Styles for diagram figures, appended to the book's stylesheet (so a
/// book's own stylesheet need not know them).
pub const CSS: &str = "
figure.diagram { margin: 0.8em 0; page-break-inside: avoid; break-inside: avoid; }
div.diagram-view { overflow: auto; max-height: 85vh; max-width: 100%; text-align: left; }
div.diagram-view svg { display: block; width: 100%; height: auto; }
figcaption.diagram-link { font-size: 0.85em; margin-top: 0.2em; text-align: right; font-style: normal; }
figure.diagram-full { margin: 0; text-align: center; }
figure.diagram-full img { width: 100%; height: auto; }
p.diagram-back { font-size: 0.85em; }
";

/// The font a diagram drawn as an image asks for first (the Kindle
/// profile's pictures are drawn in the book's monospace font whatever it
/// is called).
const CARD_FONT: &str = "'JetBrains Mono'";

/// The widest PNG of the Kindle profile, in pixels.
const MAX_PNG_WIDTH: f32 = 1600.0;
/// How many PNG pixels one SVG unit becomes at most.
const MAX_PNG_SCALE: f32 = 3.0;

/// A page that shows one diagram full size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramPage {
    /// Its file name, next to the chapters.
    pub file: String,
    /// The XHTML document.
    pub xhtml: String,
}

/// One file the diagrams need besides the documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramFile {
    /// Its path inside the EPUB, relative to the documents.
    pub href: String,
    /// Its bytes.
    pub data: Vec<u8>,
    /// Its media type.
    pub media_type: &'static str,
}

/// The diagrams of a book as its documents are written.
#[derive(Debug)]
pub struct DiagramFigures<'a> {
    profile: EpubProfile,
    /// The fonts the Kindle profile's pictures are drawn in.
    fonts: &'a FontSet,
    lang: String,
    words: &'static Locale,
    /// The document being written and how many diagrams it has so far.
    document: RefCell<String>,
    count: Cell<usize>,
    /// Full-size pages of the document being written, not yet taken.
    pages: RefCell<Vec<DiagramPage>>,
    /// Every file written, by path (a picture used twice is one file).
    files: RefCell<BTreeMap<String, DiagramFile>>,
}

impl<'a> DiagramFigures<'a> {
    /// The diagrams of a book in language `lang`, made for `profile`,
    /// drawn (for Kindle) in `fonts`.
    pub fn new(profile: EpubProfile, fonts: &'a FontSet, lang: &str) -> Self {
        DiagramFigures {
            profile,
            fonts,
            lang: lang.to_string(),
            words: Locale::for_language(lang),
            document: RefCell::default(),
            count: Cell::new(0),
            pages: RefCell::default(),
            files: RefCell::default(),
        }
    }

    /// Starts the document `file`: the diagrams that follow are in it.
    pub fn begin_document(&self, file: &str) {
        *self.document.borrow_mut() = file.to_string();
        self.count.set(0);
    }

    /// The full-size pages of the document written since
    /// [`DiagramFigures::begin_document`].
    pub fn take_pages(&self) -> Vec<DiagramPage> {
        std::mem::take(&mut *self.pages.borrow_mut())
    }

    /// Every file the diagrams written so far need.
    pub fn files(&self) -> Vec<DiagramFile> {
        self.files.borrow().values().cloned().collect()
    }

    /// Writes the ASCII drawing `text`.
    pub fn drawing(&self, w: &mut XmlWriter, text: &str) {
        let label = self.describe(&super::diagram::words(text));
        let card = super::diagram::card_svg(text, CARD_FONT);
        let id = self.next_id();
        match self.profile {
            EpubProfile::Kindle => {
                match self.png(&card, &[self.fonts.mono.data.as_slice()]) {
                    Some(file) => self.kindle_figure(w, &id, &file, &label),
                    // Not drawn: the text itself, in its columns.
                    None => {
                        w.open("figure", &[("class", "diagram"), ("id", &id)]);
                        w.element("pre", &[("class", "drawing")], text);
                        w.close("figure");
                    }
                }
            }
            EpubProfile::Standard => {
                let full = self.add_file("full", card.into_bytes(), "image/svg+xml", "svg");
                self.open_view(w, &id);
                super::diagram::inline_svg(w, text, Some(&label));
                self.close_view(w, &id, &full, &label);
            }
        }
    }

    /// Writes the drawn Mermaid diagram `asset` (flowmaid's SVG); `false`
    /// when it cannot be shown here and the caller should show it as an
    /// image.
    pub fn mermaid(&self, w: &mut XmlWriter, asset: &ImageAsset) -> bool {
        let label = clean_text(asset.alt.as_deref().unwrap_or(self.words.diagram));
        let Ok(svg) = std::str::from_utf8(&asset.data) else {
            return false;
        };
        let id = self.next_id();
        match self.profile {
            EpubProfile::Kindle => {
                let fonts = [
                    self.fonts.regular.data.as_slice(),
                    self.fonts.bold.data.as_slice(),
                ];
                let Some(file) = self.png(svg, &fonts) else {
                    return false;
                };
                self.kindle_figure(w, &id, &file, &label);
                true
            }
            EpubProfile::Standard => {
                let (width, font_size) = mermaid_metrics(svg);
                let style = super::diagram::sizing_style(width, font_size, f64::from(width) / 16.0);
                let root = [
                    ("class", "mermaid-diagram"),
                    ("width", "100%"),
                    ("style", style.as_str()),
                ];
                if !super::themed_svg::can_theme(svg) {
                    self.count.set(self.count.get() - 1);
                    return false;
                }
                let full = self.add_file("full", asset.data.clone(), "image/svg+xml", "svg");
                self.open_view(w, &id);
                super::themed_svg::write_themed(w, svg, &id, &label, &root);
                w.newline();
                self.close_view(w, &id, &full, &label);
                true
            }
        }
    }

    /// `Diagram: a, b, c`, or the word for a diagram when it has no words.
    fn describe(&self, words: &[String]) -> String {
        if words.is_empty() {
            self.words.diagram.to_string()
        } else {
            self.words
                .labelled(self.words.diagram, &words.join(self.words.list_separator))
        }
    }

    /// The id of the next diagram of the document.
    fn next_id(&self) -> String {
        self.count.set(self.count.get() + 1);
        format!("diagram-{}", self.count.get())
    }

    fn open_view(&self, w: &mut XmlWriter, id: &str) {
        w.open("figure", &[("class", "diagram"), ("id", id)]);
        w.newline();
        w.open("div", &[("class", "diagram-view")]);
        w.newline();
    }

    /// Closes the figure with its link to a new full-size page showing
    /// `full`.
    fn close_view(&self, w: &mut XmlWriter, id: &str, full: &DiagramFile, label: &str) {
        w.close("div");
        w.newline();
        let document = self.document.borrow().clone();
        let stem = document.strip_suffix(".xhtml").unwrap_or(&document);
        let file = format!("{stem}-{id}.xhtml");
        w.open("figcaption", &[("class", "diagram-link")]);
        w.element("a", &[("href", &file)], self.words.diagram_full_size);
        w.close("figcaption");
        w.close("figure");
        let back = format!("{document}#{id}");
        let xhtml = page(self.words.diagram, &self.lang, |w| {
            w.open("section", &[("class", "diagram-page")]);
            w.newline();
            w.open("figure", &[("class", "diagram-full")]);
            w.empty("img", &[("src", &full.href), ("alt", label)]);
            w.close("figure");
            w.newline();
            w.open("p", &[("class", "diagram-back")]);
            w.element("a", &[("href", &back)], self.words.back_to_text);
            w.close("p");
            w.newline();
            w.close("section");
        });
        self.pages.borrow_mut().push(DiagramPage { file, xhtml });
    }

    fn kindle_figure(
        &self,
        w: &mut XmlWriter,
        id: &str,
        file: &(DiagramFile, u32, u32),
        label: &str,
    ) {
        let (file, width, height) = file;
        w.open("figure", &[("class", "diagram"), ("id", id)]);
        w.empty(
            "img",
            &[
                ("src", &file.href),
                ("alt", label),
                ("width", &width.to_string()),
                ("height", &height.to_string()),
            ],
        );
        w.close("figure");
    }

    /// Adds `data` as `images/{prefix}-{hash}.{ext}`.
    fn add_file(
        &self,
        prefix: &str,
        data: Vec<u8>,
        media_type: &'static str,
        ext: &str,
    ) -> DiagramFile {
        let hash = Sha256::digest(&data);
        let name: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
        let href = format!("images/{prefix}-{name}.{ext}");
        let file = DiagramFile {
            href: href.clone(),
            data,
            media_type,
        };
        self.files.borrow_mut().insert(href, file.clone());
        file
    }

    /// `svg` drawn as a PNG in `fonts`, with its size in CSS pixels (its
    /// SVG size); `None` when it cannot be drawn.
    fn png(&self, svg: &str, fonts: &[&[u8]]) -> Option<(DiagramFile, u32, u32)> {
        let fonts: Vec<Vec<u8>> = fonts.iter().map(|f| f.to_vec()).collect();
        let (data, width, height) = rasterize(svg, &fonts)?;
        let file = self.add_file("diagram", data, "image/png", "png");
        Some((file, width, height))
    }
}

/// The width of flowmaid's picture `svg` in user units and the size of
/// its text.
fn mermaid_metrics(svg: &str) -> (u32, f64) {
    let attr = |name: &str| -> Option<f64> {
        let tag = &svg[svg.find("<svg")?..];
        let key = format!(" {name}=\"");
        let at = tag.find(&key)? + key.len();
        tag[at..at + tag[at..].find('"')?]
            .trim_end_matches("px")
            .parse()
            .ok()
    };
    let width = attr("width").unwrap_or(600.0).max(1.0);
    let font_size = attr("font-size").unwrap_or(14.0).max(1.0);
    (width.ceil() as u32, font_size)
}

/// `svg` drawn by `resvg` in `fonts` on white, as PNG bytes (greyscale
/// when it has no colour), with its size in SVG units.
pub fn rasterize(svg: &str, fonts: &[Vec<u8>]) -> Option<(Vec<u8>, u32, u32)> {
    let options = crate::assets::convert::usvg_options(fonts);
    let tree = usvg::Tree::from_str(svg, &options).ok()?;
    let size = tree.size();
    let scale = (MAX_PNG_WIDTH / size.width()).min(MAX_PNG_SCALE);
    let width = (size.width() * scale).ceil() as u32;
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    // Opaque (white underneath), so the premultiplied channels are the
    // colours.
    let rgba = pixmap.data();
    let grey = rgba
        .chunks_exact(4)
        .all(|px| px[0] == px[1] && px[1] == px[2]);
    let (pixels, colour) = if grey {
        (
            rgba.chunks_exact(4).map(|px| px[0]).collect::<Vec<u8>>(),
            png::ColorType::Grayscale,
        )
    } else {
        (
            rgba.chunks_exact(4)
                .flat_map(|px| [px[0], px[1], px[2]])
                .collect(),
            png::ColorType::Rgb,
        )
    };
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(colour);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::High);
        let mut writer = encoder.write_header().ok()?;
        writer.write_image_data(&pixels).ok()?;
    }
    Some((out, size.width().ceil() as u32, size.height().ceil() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resources;

    const DRAWING: &str = "+-----+\n| web |--> db\n+-----+";

    #[test]
    fn a_drawing_scrolls_in_its_frame_and_opens_full_size() {
        let resources = Resources::builtin();
        let figures = DiagramFigures::new(EpubProfile::Standard, &resources.fonts, "en");
        figures.begin_document("chapter-2019-01.xhtml");
        let mut w = XmlWriter::new();
        figures.drawing(&mut w, DRAWING);
        let out = w.finish();
        assert!(
            out.starts_with(
                "<figure class=\"diagram\" id=\"diagram-1\">\n<div class=\"diagram-view\">\n<svg "
            ),
            "{out}"
        );
        assert!(out.contains("<title>Diagram: web, db</title>"), "{out}");
        assert!(out.contains("fill=\"currentColor\""));
        assert!(out.ends_with(
            "<figcaption class=\"diagram-link\"><a href=\"chapter-2019-01-diagram-1.xhtml\">Diagram full size</a></figcaption></figure>"
        ), "{out}");
        let pages = figures.take_pages();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].file, "chapter-2019-01-diagram-1.xhtml");
        assert!(pages[0]
            .xhtml
            .contains("<a href=\"chapter-2019-01.xhtml#diagram-1\">Back to the text</a>"));
        let files = figures.files();
        assert_eq!(files.len(), 1);
        assert!(pages[0].xhtml.contains(&format!(
            "<img src=\"{}\" alt=\"Diagram: web, db\"/>",
            files[0].href
        )));
        assert!(figures.take_pages().is_empty());
    }

    #[test]
    fn kindle_gets_a_picture_that_reads_on_black() {
        let resources = Resources::builtin();
        let figures = DiagramFigures::new(EpubProfile::Kindle, &resources.fonts, "en");
        figures.begin_document("chapter-2019-01.xhtml");
        let mut w = XmlWriter::new();
        figures.drawing(&mut w, DRAWING);
        let out = w.finish();
        assert!(!out.contains("<svg"), "{out}");
        assert!(out.contains("alt=\"Diagram: web, db\""), "{out}");
        assert!(figures.take_pages().is_empty());
        let files = figures.files();
        assert_eq!(files[0].media_type, "image/png");
        let decoder = png::Decoder::new(std::io::Cursor::new(&files[0].data));
        let mut reader = decoder.read_info().expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut pixels).expect("a frame");
        assert_eq!(info.color_type, png::ColorType::Grayscale);
        assert!(info.width >= 3 * 40, "{}", info.width);
        // Light paper, dark ink: mostly white, some near black.
        let pixels = &pixels[..info.buffer_size()];
        let white = pixels.iter().filter(|&&p| p > 240).count();
        let dark = pixels.iter().filter(|&&p| p < 80).count();
        assert!(white > pixels.len() / 2 && dark > 100, "{white} {dark}");
    }
}
