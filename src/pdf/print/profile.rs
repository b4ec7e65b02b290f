//! Print profiles: what a print-on-demand service asks of the two files
//! it prints from (trim size, paper, bleed, margins by page count, page
//! count rules, cover geometry), built in by name (`print: kdp-6x9` in
//! `book.yaml`) or given as a mapping that changes a built-in one.
//!
//! The figures of the built-in profiles are those the services publish in
//! their guides (Amazon KDP's paper thickness per page and gutter table,
//! Lulu's spine formula); a service may change them, which is what the
//! custom mapping is for.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::pdf::units::{Pt, Size};

/// Points per inch.
const INCH: f32 = 72.0;
/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;

/// A length in `book.yaml`: a number is points, a string carries its
/// unit (`0.125in`, `3mm`, `9pt`).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(try_from = "LengthText")]
pub struct Length(pub Pt);

#[derive(Deserialize)]
#[serde(untagged)]
enum LengthText {
    Number(f32),
    Text(String),
}

impl TryFrom<LengthText> for Length {
    type Error = String;
    fn try_from(value: LengthText) -> std::result::Result<Self, String> {
        match value {
            LengthText::Number(points) => Ok(Length(Pt(points))),
            LengthText::Text(text) => parse_length(&text).map(Length),
        }
    }
}

/// `0.125in`, `3mm`, `9pt` or `9` (points) as points.
fn parse_length(text: &str) -> std::result::Result<Pt, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| c.is_ascii_alphabetic() || c == '"') {
        Some(at) => text.split_at(at),
        None => (text, "pt"),
    };
    let value: f32 = number
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a length such as 0.125in, 3mm or 9pt"))?;
    let per = match unit.trim() {
        "in" | "\"" => INCH,
        "mm" => MM,
        "cm" => MM * 10.0,
        "pt" => 1.0,
        other => {
            return Err(format!(
                "{other:?} in {text:?} is not a unit: use in, mm or pt"
            ))
        }
    };
    if !value.is_finite() || value < 0.0 {
        return Err(format!("{text:?} is not a length"));
    }
    Ok(Pt(value * per))
}

/// A trim size in `book.yaml`: `6x9in`, `148x210mm`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(try_from = "String")]
pub struct Trim(pub Size);

impl TryFrom<String> for Trim {
    type Error = String;
    fn try_from(text: String) -> std::result::Result<Self, String> {
        let bad = || format!("{text:?} is not a trim size such as 6x9in or 148x210mm");
        let lower = text.trim().to_ascii_lowercase().replace('×', "x");
        let unit_at = lower
            .find(|c: char| c.is_ascii_alphabetic() && c != 'x')
            .ok_or_else(bad)?;
        let (numbers, unit) = lower.split_at(unit_at);
        let (w, h) = numbers.split_once('x').ok_or_else(bad)?;
        let width = parse_length(&format!("{}{unit}", w.trim())).map_err(|_| bad())?;
        let height = parse_length(&format!("{}{unit}", h.trim())).map_err(|_| bad())?;
        if width.0 < 72.0 || height.0 < 72.0 {
            return Err(bad());
        }
        Ok(Trim(Size { width, height }))
    }
}

/// The paper the interior is printed on: its thickness per page makes
/// the spine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Stock {
    /// White paper.
    #[default]
    White,
    /// Cream paper, a little thicker.
    Cream,
}

/// Which edges of an interior page bleed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BleedEdges {
    /// The outer edge, head and foot (not the binding edge): KDP and
    /// IngramSpark interiors.
    Outer,
    /// All four edges: Lulu interiors.
    All,
}

/// The standard the files declare in their metadata and output intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Standard {
    /// PDF/X-4 (ISO 15930-7), the print exchange standard.
    #[serde(rename = "pdf/x-4", alias = "pdfx-4", alias = "PDF/X-4")]
    PdfX4,
    /// PDF/A-2b (ISO 19005-2), for services that ask for it.
    #[serde(rename = "pdf/a-2b", alias = "pdfa-2b", alias = "PDF/A-2b")]
    PdfA2b,
}

/// A print profile, resolved: every rule a service applies to the files.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The name it was chosen by (`kdp-6x9`), or `custom`.
    pub name: String,
    /// The trimmed page size.
    pub trim: Size,
    /// The paper chosen.
    pub stock: Stock,
    /// Thickness of one page (a leaf is two pages) on white paper.
    pub white_per_page: Pt,
    /// Thickness of one page on cream paper.
    pub cream_per_page: Pt,
    /// Added to the pages' thickness (the cover board's own): Lulu's
    /// spine formula adds 0.06 in.
    pub spine_extra: Pt,
    /// How far the artwork goes beyond the trim.
    pub bleed: Pt,
    /// Whether the interior pages bleed (their MediaBox is larger than
    /// the trim); the cover always does.
    pub interior_bleed: bool,
    /// Which interior edges bleed.
    pub bleed_edges: BleedEdges,
    /// The least inner margin by page count: up to the key's page count,
    /// the value; above the last key, the last value.
    pub gutter: BTreeMap<u32, Pt>,
    /// The least outer, head and foot margin.
    pub min_outside: Pt,
    /// The page count is rounded up to a multiple of this (2: even).
    pub page_multiple: u32,
    /// The fewest pages the service prints (blank pages are added).
    pub min_pages: u32,
    /// The most pages the service prints in this binding.
    pub max_pages: u32,
    /// The fewest pages for which text may stand on the spine.
    pub spine_text_min_pages: u32,
    /// Room kept free on each side of the spine text (the fold may move
    /// that much).
    pub spine_margin: Pt,
    /// The clear area kept for the barcode on the back cover.
    pub barcode: Size,
    /// Whether black text must be pure black (K only), not RGB black.
    pub pure_black: bool,
    /// What the files declare themselves to be.
    pub standard: Standard,
    /// Crop marks at the cover's trim and fold marks at the spine.
    pub marks: bool,
}

/// Amazon KDP's least inner margin by page count (its paperback guide).
const KDP_GUTTER: [(u32, f32); 5] = [
    (150, 0.375),
    (300, 0.5),
    (500, 0.625),
    (700, 0.75),
    (828, 0.875),
];

/// The least inner margin used for Lulu: its 0.5 in safety margin, more
/// for thick books.
const LULU_GUTTER: [(u32, f32); 3] = [(150, 0.5), (400, 0.625), (800, 0.75)];

fn inches(table: &[(u32, f32)]) -> BTreeMap<u32, Pt> {
    table.iter().map(|&(n, v)| (n, Pt(v * INCH))).collect()
}

fn size_in(width: f32, height: f32) -> Size {
    Size {
        width: Pt(width * INCH),
        height: Pt(height * INCH),
    }
}

fn size_mm(width: f32, height: f32) -> Size {
    Size {
        width: Pt(width * MM),
        height: Pt(height * MM),
    }
}

/// The names of the built-in profiles, for messages and the README.
pub const BUILT_IN: [&str; 7] = [
    "kdp-5x8",
    "kdp-5.5x8.5",
    "kdp-6x9",
    "kdp-8.5x11",
    "lulu-a5",
    "lulu-6x9",
    "lulu-a4",
];

impl Profile {
    /// An Amazon KDP paperback of `trim`.
    fn kdp(name: &str, trim: Size) -> Profile {
        Profile {
            name: name.to_string(),
            trim,
            stock: Stock::White,
            white_per_page: Pt(0.002252 * INCH),
            cream_per_page: Pt(0.0025 * INCH),
            spine_extra: Pt::ZERO,
            bleed: Pt(0.125 * INCH),
            interior_bleed: true,
            bleed_edges: BleedEdges::Outer,
            gutter: inches(&KDP_GUTTER),
            min_outside: Pt(0.375 * INCH),
            page_multiple: 2,
            min_pages: 24,
            max_pages: 828,
            spine_text_min_pages: 80,
            spine_margin: Pt(0.0625 * INCH),
            barcode: size_in(2.0, 1.2),
            pure_black: false,
            standard: Standard::PdfX4,
            marks: false,
        }
    }

    /// A Lulu paperback (perfect bound) of `trim`: spine = pages / 444 in
    /// + 0.06 in, bleed on all four edges.
    fn lulu(name: &str, trim: Size) -> Profile {
        Profile {
            white_per_page: Pt(INCH / 444.0),
            cream_per_page: Pt(INCH / 444.0),
            spine_extra: Pt(0.06 * INCH),
            bleed_edges: BleedEdges::All,
            gutter: inches(&LULU_GUTTER),
            min_outside: Pt(0.5 * INCH),
            min_pages: 32,
            max_pages: 800,
            ..Profile::kdp(name, trim)
        }
    }

    /// The built-in profile called `name`.
    pub fn named(name: &str) -> Option<Profile> {
        let name = name.trim().to_ascii_lowercase();
        Some(match name.as_str() {
            "kdp-5x8" => Profile::kdp(&name, size_in(5.0, 8.0)),
            "kdp-5.5x8.5" => Profile::kdp(&name, size_in(5.5, 8.5)),
            "kdp-6x9" => Profile::kdp(&name, size_in(6.0, 9.0)),
            "kdp-8.5x11" => Profile::kdp(&name, size_in(8.5, 11.0)),
            "lulu-a5" => Profile::lulu(&name, size_mm(148.0, 210.0)),
            "lulu-6x9" => Profile::lulu(&name, size_in(6.0, 9.0)),
            "lulu-a4" => Profile::lulu(&name, size_mm(210.0, 297.0)),
            _ => return None,
        })
    }

    /// The built-in profile called `name`, or an error that lists them,
    /// naming `source` (`book.yaml`, `--print`).
    pub fn named_or_error(name: &str, source: &Path) -> Result<Profile> {
        Profile::named(name).ok_or_else(|| Error::Config {
            path: source.to_path_buf(),
            message: format!(
                "{name:?} is not a print profile; the profiles are {} (or a mapping with profile, trim, paper, ...)",
                BUILT_IN.join(", ")
            ),
        })
    }

    /// Thickness of one page on the chosen paper.
    pub fn per_page(&self) -> Pt {
        match self.stock {
            Stock::White => self.white_per_page,
            Stock::Cream => self.cream_per_page,
        }
    }

    /// The spine width of a book of `pages` pages.
    pub fn spine_width(&self, pages: usize) -> Pt {
        self.per_page() * pages as f32 + self.spine_extra
    }

    /// The least inner margin for a book of `pages` pages.
    pub fn gutter_for(&self, pages: usize) -> Pt {
        let pages = u32::try_from(pages).unwrap_or(u32::MAX);
        self.gutter
            .range(pages..)
            .next()
            .or_else(|| self.gutter.iter().next_back())
            .map_or(Pt::ZERO, |(_, &v)| v)
    }

    /// The page count the service gets for `pages` laid-out pages: at
    /// least the minimum, rounded up to the page multiple.
    pub fn final_page_count(&self, pages: usize) -> usize {
        let multiple = self.page_multiple.max(1) as usize;
        let at_least = pages.max(self.min_pages as usize).max(1);
        at_least.div_ceil(multiple) * multiple
    }

    /// Whether a book of `pages` pages gets text on its spine.
    pub fn spine_has_text(&self, pages: usize) -> bool {
        pages >= self.spine_text_min_pages as usize
    }
}

/// The `print:` key of `book.yaml`: a profile's name, or a mapping.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum PrintConfig {
    /// A built-in profile by name: `print: kdp-6x9`.
    Name(String),
    /// A built-in profile with changes, or a profile of one's own.
    Custom(CustomProfile),
}

/// A print profile given as a mapping: `profile` names the built-in one
/// it starts from (default `kdp-6x9`); every other key replaces a rule.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CustomProfile {
    /// The built-in profile it starts from.
    pub profile: Option<String>,
    /// The trim size, e.g. `5.5x8.5in`.
    pub trim: Option<Trim>,
    /// `white` or `cream`.
    pub paper: Option<Stock>,
    /// Thickness of one page of the chosen paper.
    pub page_thickness: Option<Length>,
    /// Added to the spine (the cover's own thickness).
    pub spine_extra: Option<Length>,
    /// Bleed beyond the trim.
    pub bleed: Option<Length>,
    /// Whether the interior bleeds.
    pub interior_bleed: Option<bool>,
    /// `outer` (not the binding edge) or `all`.
    pub bleed_edges: Option<BleedEdges>,
    /// Least inner margin by page count: `{150: 0.375in, 300: 0.5in}`.
    pub gutter: Option<BTreeMap<u32, Length>>,
    /// Least outer, head and foot margin.
    pub min_outside: Option<Length>,
    /// Page count multiple: 2 (even) or 4.
    pub page_multiple: Option<u32>,
    /// Fewest pages printed.
    pub min_pages: Option<u32>,
    /// Most pages printed.
    pub max_pages: Option<u32>,
    /// Fewest pages with text on the spine.
    pub spine_text_min_pages: Option<u32>,
    /// Barcode area, e.g. `2x1.2in`.
    pub barcode: Option<Trim>,
    /// Black text must be pure black.
    pub pure_black: Option<bool>,
    /// `pdf/x-4` or `pdf/a-2b`.
    pub standard: Option<Standard>,
    /// Crop and fold marks on the cover.
    pub marks: Option<bool>,
}

impl PrintConfig {
    /// The profile this names; `source` (the `book.yaml`) is named in
    /// errors.
    pub fn resolve(&self, source: &Path) -> Result<Profile> {
        match self {
            PrintConfig::Name(name) => Profile::named_or_error(name, source),
            PrintConfig::Custom(custom) => custom.resolve(source),
        }
    }
}

impl CustomProfile {
    fn resolve(&self, source: &Path) -> Result<Profile> {
        let base = self.profile.as_deref().unwrap_or("kdp-6x9");
        let named = Profile::named_or_error(base, source)?;
        let mut p = named.clone();
        let pt = |l: Option<Length>| l.map(|l| l.0);
        if let Some(Trim(size)) = self.trim {
            p.trim = size;
        }
        if let Some(stock) = self.paper {
            p.stock = stock;
        }
        if let Some(t) = pt(self.page_thickness) {
            match p.stock {
                Stock::White => p.white_per_page = t,
                Stock::Cream => p.cream_per_page = t,
            }
        }
        p.spine_extra = pt(self.spine_extra).unwrap_or(p.spine_extra);
        p.bleed = pt(self.bleed).unwrap_or(p.bleed);
        p.interior_bleed = self.interior_bleed.unwrap_or(p.interior_bleed);
        p.bleed_edges = self.bleed_edges.unwrap_or(p.bleed_edges);
        if let Some(table) = &self.gutter {
            p.gutter = table.iter().map(|(&n, l)| (n, l.0)).collect();
        }
        p.min_outside = pt(self.min_outside).unwrap_or(p.min_outside);
        p.page_multiple = self.page_multiple.unwrap_or(p.page_multiple).max(1);
        p.min_pages = self.min_pages.unwrap_or(p.min_pages);
        p.max_pages = self.max_pages.unwrap_or(p.max_pages);
        p.spine_text_min_pages = self.spine_text_min_pages.unwrap_or(p.spine_text_min_pages);
        if let Some(Trim(size)) = self.barcode {
            p.barcode = size;
        }
        p.pure_black = self.pure_black.unwrap_or(p.pure_black);
        p.standard = self.standard.unwrap_or(p.standard);
        p.marks = self.marks.unwrap_or(p.marks);
        if p != named {
            p.name = format!("custom ({base})");
        }
        if p.min_pages > p.max_pages {
            return Err(Error::Config {
                path: source.to_path_buf(),
                message: format!(
                    "print: min_pages ({}) is above max_pages ({})",
                    p.min_pages, p.max_pages
                ),
            });
        }
        Ok(p)
    }
}

/// What the print side needs besides the book: the profile and the
/// book's description for the back cover (`description:` in `book.yaml`).
#[derive(Debug, Clone, PartialEq)]
pub struct PrintSettings {
    /// The service's rules.
    pub profile: Profile,
    /// The text of the back cover.
    pub description: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> Result<Profile> {
        let config: PrintConfig = serde_yaml::from_str(yaml).map_err(|e| Error::Config {
            path: "book.yaml".into(),
            message: e.to_string(),
        })?;
        config.resolve(Path::new("book.yaml"))
    }

    #[test]
    fn built_in_profiles_have_the_services_figures() {
        for name in BUILT_IN {
            assert!(Profile::named(name).is_some(), "{name}");
        }
        let kdp = parse("kdp-6x9").expect("kdp");
        assert_eq!(kdp.trim, size_in(6.0, 9.0));
        // 0.002252 in per page on white paper: 200 pages, 0.4504 in.
        assert!((kdp.spine_width(200).0 / INCH - 0.4504).abs() < 1e-5);
        assert_eq!(kdp.gutter_for(24), Pt(27.0));
        assert_eq!(kdp.gutter_for(151), Pt(36.0));
        assert_eq!(kdp.gutter_for(900), Pt(63.0));
        assert_eq!(kdp.final_page_count(7), 24);
        assert_eq!(kdp.final_page_count(95), 96);
        let lulu = parse("lulu-a5").expect("lulu");
        assert!((lulu.trim.width.0 - 419.528).abs() < 0.01);
        // Lulu: pages / 444 + 0.06 in.
        assert!((lulu.spine_width(444).0 / INCH - 1.06).abs() < 1e-5);
        assert!(parse("kdp-7x10")
            .unwrap_err()
            .to_string()
            .contains("kdp-6x9"));
    }

    #[test]
    fn a_mapping_changes_a_built_in_profile() {
        let p = parse(
            "{ profile: lulu-a5, trim: 5.5x8.5in, paper: cream, page_thickness: 0.0025in, \
             bleed: 3mm, gutter: { 100: 10mm, 200: 0.75in }, page_multiple: 4, marks: true, \
             standard: pdf/a-2b }",
        )
        .expect("parses");
        assert_eq!(p.trim, size_in(5.5, 8.5));
        assert_eq!(p.per_page(), Pt(0.0025 * INCH));
        assert!((p.bleed.0 - 3.0 * MM).abs() < 1e-4);
        assert_eq!(p.gutter_for(150), Pt(54.0));
        assert_eq!(p.final_page_count(33), 36);
        assert_eq!(p.standard, Standard::PdfA2b);
        assert!(p.marks);
        assert!(parse("{ trim: 6 by 9 }").is_err());
        assert!(parse("{ bleed: 3 furlongs }").is_err());
        assert!(parse("{ colour: red }").is_err());
    }
}
