//! Page setup and font configuration of the PDF, read from `styles/pdf.yaml`
//! (compiled in; a book's own `styles/pdf.yaml` replaces it).

use std::path::Path;

use serde::Deserialize;

use super::units::{Pt, Rect, Size};
use crate::error::{Error, Result};

/// A paper size the book can be printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[serde(rename = "a4", alias = "A4")]
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    #[serde(rename = "letter", alias = "Letter", alias = "us-letter")]
    Letter,
    /// ISO A5, 148 × 210 mm.
    #[serde(rename = "a5", alias = "A5")]
    A5,
    /// US trade, 6 × 9 in.
    #[serde(rename = "6x9", alias = "6×9", alias = "trade")]
    Trade,
}

impl Paper {
    /// The page size.
    pub fn size(self) -> Size {
        let (width, height) = match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
            Paper::A5 => (419.528, 595.276),
            Paper::Trade => (432.0, 648.0),
        };
        Size {
            width: Pt(width),
            height: Pt(height),
        }
    }

    /// Default margins: the outer margin wider than the inner one (the two
    /// inner margins of a spread read as one gutter), the foot deeper than
    /// the head, and a measure of roughly 70–85 characters of body text.
    fn default_margins(self) -> Margins {
        let (inner, outer, top, bottom) = match self {
            Paper::A4 => (86.0, 132.0, 68.0, 80.0),
            Paper::Letter => (88.0, 136.0, 62.0, 72.0),
            Paper::A5 => (46.0, 50.0, 50.0, 62.0),
            Paper::Trade => (50.0, 52.0, 52.0, 64.0),
        };
        Margins {
            inner: Some(inner),
            outer: Some(outer),
            top: Some(top),
            bottom: Some(bottom),
        }
    }
}

/// Margins in points; a missing one takes the paper's default.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Margins {
    /// Binding side.
    pub inner: Option<f32>,
    /// Outer side.
    pub outer: Option<f32>,
    /// Above the text area.
    pub top: Option<f32>,
    /// Below the text area.
    pub bottom: Option<f32>,
}

/// Where the URLs of external links are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LinkUrls {
    /// Numbered notes at the end of each article.
    #[default]
    Notes,
    /// Footnotes at the foot of the page where the link is.
    Footnotes,
    /// Not printed.
    None,
}

/// The contents of `styles/pdf.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PdfStyle {
    /// The paper size.
    pub paper: Paper,
    /// Margins overriding the paper's defaults.
    pub margins: Margins,
    /// Where link URLs are printed.
    pub link_urls: LinkUrls,
    /// Fallback fonts, by file name or path, in the order they are tried.
    pub fallback_fonts: Vec<String>,
    /// Folders where fallback fonts are looked for after the book's fonts/.
    pub font_dirs: Vec<String>,
    /// The trimmed page size of a print profile, replacing the paper's
    /// size; set by the print layout, never read from the file.
    #[serde(skip)]
    pub trim: Option<Size>,
    /// The print profile of `book.yaml` (`print:`), never read from the
    /// file; `None` makes the ordinary PDF.
    #[serde(skip)]
    pub print: Option<std::sync::Arc<super::print::PrintSettings>>,
    /// Whether the PDF is tagged (a structure tree, PDF/UA-1); `true`
    /// when not given.
    pub tagged: Option<bool>,
}

impl PdfStyle {
    /// Parses `text` (the YAML of the built-in `styles/pdf.yaml`).
    pub fn parse(text: &str) -> Result<Self> {
        Self::parse_file(text, Path::new("styles/pdf.yaml"))
    }

    /// Parses `text`, read from `path`: a mistake is an error naming
    /// `path`, the line and column, and the keys there are.
    pub fn parse_file(text: &str, path: &Path) -> Result<Self> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        serde_yaml::from_str(text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!("line {}, column {}: ", l.line(), l.column()))
                .unwrap_or_default();
            Error::Config {
                path: path.to_path_buf(),
                message: format!(
                    "{at}{}; the keys are paper (a4, letter, a5, 6x9), margins (inner, outer, top, bottom), link_urls (notes, footnotes, none), fallback_fonts, font_dirs, tagged (true, false)",
                    e.to_string().split(" at line ").next().unwrap_or_default()
                ),
            }
        })
    }

    /// Whether the PDF is tagged: by default it is.
    pub fn is_tagged(&self) -> bool {
        self.tagged.unwrap_or(true)
    }

    /// The page geometry this style asks for.
    pub fn page_setup(&self) -> PageSetup {
        let d = self.paper.default_margins();
        let m = self.margins;
        let pick = |v: Option<f32>, d: Option<f32>| Pt(v.or(d).unwrap_or(72.0).max(18.0));
        PageSetup {
            size: self.trim.unwrap_or_else(|| self.paper.size()),
            inner: pick(m.inner, d.inner),
            outer: pick(m.outer, d.outer),
            top: pick(m.top, d.top),
            bottom: pick(m.bottom, d.bottom),
        }
    }
}

/// Page size and margins, resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    /// Page size.
    pub size: Size,
    /// Binding-side margin.
    pub inner: Pt,
    /// Outer margin.
    pub outer: Pt,
    /// Head margin.
    pub top: Pt,
    /// Foot margin.
    pub bottom: Pt,
}

impl Default for PageSetup {
    fn default() -> Self {
        PdfStyle::default().page_setup()
    }
}

impl PageSetup {
    /// Whether the page at 0-based `index` is a right-hand (recto) page: the
    /// first page of the file is.
    pub fn is_recto(index: usize) -> bool {
        index % 2 == 0
    }

    /// The text area of the page at `index`: the inner margin is on the
    /// left of right-hand pages and on the right of left-hand ones.
    pub fn text_area(&self, index: usize) -> Rect {
        let left = if Self::is_recto(index) {
            self.inner
        } else {
            self.outer
        };
        Rect::new(
            left,
            self.top,
            self.measure(),
            self.size.height - self.top - self.bottom,
        )
    }

    /// The width of the text area.
    pub fn measure(&self) -> Pt {
        (self.size.width - self.inner - self.outer).max(Pt(72.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_style_parses_and_margins_mirror() {
        let style = PdfStyle::parse(include_str!("../../styles/pdf.yaml")).expect("parses");
        let setup = style.page_setup();
        assert_eq!(setup.size, Paper::A4.size());
        let recto = setup.text_area(0);
        let verso = setup.text_area(1);
        assert_eq!(recto.x, setup.inner);
        assert_eq!(verso.right(), setup.size.width - setup.inner);
        assert_eq!(recto.width, verso.width);
    }

    #[test]
    fn every_paper_size_and_bad_keys() {
        for (name, w) in [
            ("a4", 595.276),
            ("letter", 612.0),
            ("a5", 419.528),
            ("6x9", 432.0),
        ] {
            let style = PdfStyle::parse(&format!("paper: {name}")).expect(name);
            assert_eq!(style.page_setup().size.width, Pt(w));
        }
        let style = PdfStyle::parse("paper: a5\nmargins: { inner: 30 }").expect("parses");
        assert_eq!(style.page_setup().inner, Pt(30.0));
        assert!(PdfStyle::parse("paper: b5").is_err());
        let err = PdfStyle::parse_file(
            "paper: a4\ncolour: red\n",
            Path::new("book/styles/pdf.yaml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("book/styles/pdf.yaml: line 2, column 1: "),
            "{err}"
        );
        assert!(err.contains("colour"), "{err}");
    }
}
