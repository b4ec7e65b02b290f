//! Images and drawn diagrams inside the EPUB.
//!
//! Every resolved image ([`Assets`]) gets a file under `images/`, named by
//! a hash of its bytes (the same picture used twice is stored once). The
//! documents show it as `<figure><img alt=.../><figcaption/></figure>`;
//! only files a document actually uses are added to the package, so the
//! manifest lists nothing unused. Images the assets stage could not resolve
//! are not handled here: the writer keeps its linked placeholder.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};

use super::figures::DiagramFigures;
use super::xml::{clean_text, XmlWriter};
use crate::locale::{Locale, ENGLISH};
use crate::model::{Assets, ImageAsset};

/// Styles for figures with images, appended to the book's stylesheet.
pub const CSS: &str = "
figure.image, figure.diagram { margin: 1em 0; text-align: center; page-break-inside: avoid; break-inside: avoid; }
figure.image img, figure.diagram img { max-width: 100%; height: auto; }
img.inline-image { max-width: 100%; height: auto; vertical-align: middle; }
";

/// One file of the EPUB holding an image.
#[derive(Debug, Clone)]
pub struct ImageFile<'a> {
    /// Its path inside the EPUB, relative to the documents.
    pub href: String,
    /// The image.
    pub asset: &'a ImageAsset,
}

/// The images of a book, ready for the documents to refer to.
#[derive(Debug)]
pub struct EpubImages<'a> {
    images: BTreeMap<&'a str, ImageFile<'a>>,
    diagrams: BTreeMap<&'a str, ImageFile<'a>>,
    used: RefCell<BTreeSet<String>>,
    /// The words of alt texts the issue did not give.
    words: &'static Locale,
    /// How diagrams are shown; without it, as inline pictures that fit
    /// the width (drawings) and as images (Mermaid).
    figures: Option<&'a DiagramFigures<'a>>,
}

impl Default for EpubImages<'_> {
    fn default() -> Self {
        EpubImages {
            images: BTreeMap::new(),
            diagrams: BTreeMap::new(),
            used: RefCell::default(),
            words: &ENGLISH,
            figures: None,
        }
    }
}

fn file_for(asset: &ImageAsset, prefix: &str) -> String {
    let hash = Sha256::digest(&asset.data);
    let name: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
    let ext = match asset.media_type.as_str() {
        "image/jpeg" => "jpg",
        "image/svg+xml" => "svg",
        _ => "png",
    };
    format!("images/{prefix}-{name}.{ext}")
}

impl<'a> EpubImages<'a> {
    /// The files for `assets`.
    pub fn new(assets: &'a Assets) -> Self {
        let usable = |a: &ImageAsset| {
            matches!(
                a.media_type.as_str(),
                "image/png" | "image/jpeg" | "image/svg+xml"
            ) && !a.data.is_empty()
        };
        EpubImages {
            images: assets
                .images
                .iter()
                .filter(|(_, a)| usable(a))
                .map(|(url, asset)| {
                    let href = file_for(asset, "image");
                    (url.as_str(), ImageFile { href, asset })
                })
                .collect(),
            diagrams: assets
                .diagrams
                .iter()
                .filter(|(_, a)| usable(a))
                .map(|(source, asset)| {
                    let href = file_for(asset, "diagram");
                    (source.as_str(), ImageFile { href, asset })
                })
                .collect(),
            used: RefCell::new(BTreeSet::new()),
            words: &ENGLISH,
            figures: None,
        }
    }

    /// The same images, with diagrams shown by `figures`.
    pub fn with_figures(mut self, figures: &'a DiagramFigures<'a>) -> Self {
        self.figures = Some(figures);
        self
    }

    /// How diagrams are shown, when the book says.
    pub fn figures(&self) -> Option<&'a DiagramFigures<'a>> {
        self.figures
    }

    /// The same images, with alt texts the issues did not give in the
    /// words of `words`.
    pub fn with_locale(mut self, words: &'static Locale) -> Self {
        self.words = words;
        self
    }

    /// `alt`, or the word for an image when the issue gave no description.
    fn alt_or_image<'s>(&self, alt: &'s str) -> &'s str {
        if alt.is_empty() {
            self.words.image
        } else {
            alt
        }
    }

    /// The file of the image at `url`, if it was resolved.
    pub fn image(&self, url: &str) -> Option<&ImageFile<'a>> {
        self.images.get(url)
    }

    /// The file of the diagram drawn from `source`, if it was drawn.
    pub fn diagram(&self, source: &str) -> Option<&ImageFile<'a>> {
        self.diagrams.get(source)
    }

    /// The files some document used, each once, in a stable order.
    pub fn used_files(&self) -> Vec<&ImageFile<'a>> {
        let used = self.used.borrow();
        let mut seen = BTreeSet::new();
        let mut out: Vec<&ImageFile<'a>> = self
            .images
            .values()
            .chain(self.diagrams.values())
            .filter(|f| used.contains(&f.href) && seen.insert(f.href.clone()))
            .collect();
        out.sort_by(|a, b| a.href.cmp(&b.href));
        out
    }

    fn mark_used(&self, file: &ImageFile<'_>) {
        self.used.borrow_mut().insert(file.href.clone());
    }

    /// Writes `<img>` for `file` with `alt`.
    fn img(&self, w: &mut XmlWriter, file: &ImageFile<'_>, alt: &str, class: Option<&str>) {
        self.mark_used(file);
        let width = file.asset.width.to_string();
        let height = file.asset.height.to_string();
        let mut attrs = vec![
            ("src", file.href.as_str()),
            ("alt", alt),
            ("width", width.as_str()),
            ("height", height.as_str()),
        ];
        if let Some(class) = class {
            attrs.push(("class", class));
        }
        w.empty("img", &attrs);
    }

    /// Writes a figure: the image, then the caption written by `caption`
    /// (or, without one, the alt text as caption).
    pub fn figure(
        &self,
        w: &mut XmlWriter,
        file: &ImageFile<'_>,
        alt: &str,
        caption: Option<&dyn Fn(&mut XmlWriter)>,
    ) {
        let alt = clean_text(alt);
        let alt = alt.trim();
        w.open("figure", &[("class", "image")]);
        self.img(w, file, self.alt_or_image(alt), None);
        match caption {
            Some(write) => {
                w.open("figcaption", &[]);
                write(w);
                w.close("figcaption");
            }
            None if !alt.is_empty() => w.element("figcaption", &[], alt),
            None => {}
        }
        w.close("figure");
    }

    /// Writes a drawn diagram as a figure; its alt text names what it shows
    /// (the labels gathered when it was drawn).
    pub fn diagram_figure(&self, w: &mut XmlWriter, file: &ImageFile<'_>) {
        let alt = file.asset.alt.as_deref().unwrap_or(self.words.diagram);
        w.open("figure", &[("class", "diagram")]);
        self.img(w, file, &clean_text(alt), None);
        w.close("figure");
    }

    /// Writes an image standing inside running text.
    pub fn inline(&self, w: &mut XmlWriter, file: &ImageFile<'_>, alt: &str) {
        let alt = clean_text(alt);
        let alt = alt.trim();
        self.img(w, file, self.alt_or_image(alt), Some("inline-image"));
    }
}
