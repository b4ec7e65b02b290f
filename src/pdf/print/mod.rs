//! Print-ready output for print-on-demand services: with a print profile
//! (`print:` in `book.yaml`), the interior is laid out at the profile's
//! trim with the gutter its page count needs, padded with blank pages to
//! a count the service prints, put on sheets with bleed and page boxes,
//! and declared (output intent, XMP); a wrap cover is made to match; and
//! a preflight lists what the service would reject.
//!
//! - [`profile`]: the services' rules, built in and from `book.yaml`;
//! - [`boxes`]: bleed and the page boxes;
//! - [`intent`]: output intent, XMP metadata, document information;
//! - [`cover`]: the wrap cover;
//! - [`preflight`]: the checks of `check --print`.

pub mod boxes;
pub mod cover;
mod icc;
mod intent;
pub mod preflight;
pub mod profile;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::fonts::{FontLibrary, Fonts};
use super::page::{Folio, Item, LaidOutBook, Page};
use super::setup::{Margins, Paper, PdfStyle};
use super::units::Pt;
use super::{layout, writer, Prepared};
use crate::diagnostics::Diagnostics;
use crate::error::{Error, Result};
use crate::model::Book;
use crate::resources::Resources;
use crate::{BuildOptions, Format, Output};

pub use profile::{PrintConfig, PrintSettings, Profile};

/// What the print layout settled: the profile, and the page counts and
/// inner margin it came to.
#[derive(Debug, Clone)]
pub struct PrintPlan {
    /// The profile and the back cover's text.
    pub settings: Arc<PrintSettings>,
    /// The pages the book fills.
    pub laid_out_pages: usize,
    /// The pages the service gets: blank pages added at the end.
    pub pages: usize,
    /// The inner margin the layout used.
    pub inner: Pt,
}

/// The print style: `style` at the profile's trim, its margins those the
/// user gave (or the paper's defaults, scaled to the trim), never less than
/// the profile's outside minimum for the running heads and folios too.
fn print_style(style: &PdfStyle, profile: &Profile) -> PdfStyle {
    let near = |a: Pt, b: Pt| (a.0 - b.0).abs() < 1.0;
    let trim = profile.trim;
    let paper = [Paper::A4, Paper::Letter, Paper::A5, Paper::Trade]
        .into_iter()
        .find(|p| near(p.size().width, trim.width) && near(p.size().height, trim.height));
    let mut base = style.clone();
    base.paper = paper.unwrap_or(Paper::Trade);
    base.trim = None;
    let defaults = base.page_setup();
    let (sx, sy) = match paper {
        Some(_) => (1.0, 1.0),
        None => (
            trim.width.0 / Paper::Trade.size().width.0,
            trim.height.0 / Paper::Trade.size().height.0,
        ),
    };
    let given = style.margins;
    let pick = |given: Option<f32>, default: Pt, scale: f32| given.unwrap_or(default.0 * scale);
    let min = profile.min_outside;
    let ink = super::style::FURNITURE_SIZE;
    // The running head stands 0.4 of the head margin (at most 28 pt) above
    // the text, the folio 0.45 of the foot margin (at most 36 pt) below it
    // (see `flow`): the margins that keep them `min` from the trim.
    let head = clear_margin(min, 0.4, Pt(28.0), ink * 0.75);
    let foot = clear_margin(min, 0.45, Pt(36.0), ink * 0.23);
    let mut out = style.clone();
    out.paper = base.paper;
    out.trim = Some(trim);
    out.margins = Margins {
        inner: Some(pick(given.inner, defaults.inner, sx)),
        outer: Some(pick(given.outer, defaults.outer, sx).max(min.0)),
        top: Some(pick(given.top, defaults.top, sy).max(head.0)),
        bottom: Some(pick(given.bottom, defaults.bottom, sy).max(foot.0)),
    };
    out
}

/// The least margin `m` with `m - min(share * m, cap) - ink >= clear`.
fn clear_margin(clear: Pt, share: f32, cap: Pt, ink: Pt) -> Pt {
    let proportional = (clear + ink) / (1.0 - share);
    if proportional * share <= cap {
        proportional + Pt(0.5)
    } else {
        clear + ink + cap + Pt(0.5)
    }
}

/// Lays `book` out for print: at the profile's trim, with an inner margin
/// that meets the gutter the final page count needs (laid out again while
/// a wider gutter adds pages enough to need a wider one still), blank
/// pages added at the end; low-resolution images are reported in `diags`.
pub(super) fn lay_out(
    book: &Book,
    library: &Arc<FontLibrary>,
    style: PdfStyle,
    settings: Arc<PrintSettings>,
    diags: &mut Diagnostics,
) -> Result<(LaidOutBook, PdfStyle, PrintPlan)> {
    let profile = &settings.profile;
    let mut style = print_style(&style, profile);
    let asked = Pt(style.margins.inner.unwrap_or(0.0));
    let mut inner = asked.max(profile.gutter_for(profile.final_page_count(0)));
    let mut rounds = 0;
    let mut laid = loop {
        style.margins.inner = Some(inner.0);
        let laid = layout::layout_book(book, library, &style)?;
        let need = profile.gutter_for(profile.final_page_count(laid.pages.len()));
        rounds += 1;
        if need.0 <= inner.0 + 0.01 || rounds >= 6 {
            break laid;
        }
        inner = need;
    };
    let laid_out_pages = laid.pages.len();
    let pages = profile.final_page_count(laid_out_pages);
    pad(&mut laid, pages);
    preflight::report_images(book, &laid, diags);
    let plan = PrintPlan {
        settings,
        laid_out_pages,
        pages,
        inner,
    };
    Ok((laid, style, plan))
}

/// Adds blank pages (no folio, nothing on them) until `book` has `pages`.
fn pad(book: &mut LaidOutBook, pages: usize) {
    while book.pages.len() < pages {
        let Some(last) = book.pages.last() else {
            return;
        };
        let index = book.pages.len();
        let blank = Page {
            folio: Folio {
                numbering: last.folio.numbering,
                number: last.folio.number + 1,
            },
            size: last.size,
            text_area: book
                .pages
                .get(index.wrapping_sub(2))
                .map_or(last.text_area, |p| p.text_area),
            items: Vec::new(),
        };
        book.pages.push(blank);
    }
}

/// The interior as PDF bytes: `book` (at trim size) on its sheets with
/// their boxes, declared as the profile's standard.
pub(super) fn write_interior(
    book: &LaidOutBook,
    fonts: &Fonts,
    style: &PdfStyle,
    plan: &PrintPlan,
) -> Result<Vec<u8>> {
    let profile = &plan.settings.profile;
    let mut sheets = book.clone();
    let trims = boxes::add_bleed(&mut sheets, |i| boxes::Bleed::interior(profile, i));
    let pairs: Vec<(boxes::PdfBox, Option<boxes::PdfBox>)> =
        trims.into_iter().map(|t| (t, None)).collect();
    writer::write_pdf_with(&sheets, fonts, style, |doc, claims| {
        boxes::set_boxes(doc, &pairs)?;
        intent::declare(doc, claims, profile.standard)
    })
}

impl Prepared {
    /// The PDF bytes [`Prepared::write`] gives, `self` kept: the preflight
    /// reads back the file a build would write.
    pub fn write_ref(&self) -> Result<Vec<u8>> {
        match &self.print {
            Some(plan) => write_interior(&self.laid_out, &self.fonts, &self.style, plan),
            None => writer::write_pdf(&self.laid_out, &self.fonts, &self.style),
        }
    }

    /// What the print layout settled, when the book has a print profile.
    pub fn print_plan(&self) -> Option<&PrintPlan> {
        self.print.as_ref()
    }

    /// The wrap cover as PDF bytes, when the book has a print profile.
    pub fn write_cover(&self, book: &Book) -> Option<Result<Vec<u8>>> {
        let plan = self.print.as_ref()?;
        Some(write_cover(book, &self.fonts, &self.style, plan))
    }
}

/// The cover for `book` laid out to `plan`, as PDF bytes.
fn write_cover(book: &Book, fonts: &Fonts, style: &PdfStyle, plan: &PrintPlan) -> Result<Vec<u8>> {
    let profile = &plan.settings.profile;
    let description = plan.settings.description.as_deref();
    let (laid, g) = cover::lay_out(book, description, fonts, profile, plan.pages);
    let pairs = vec![(g.pdf_box(g.trim), Some(g.pdf_box(g.bleed)))];
    // The wrap cover is artwork for the printer, not a document to read:
    // it is written untagged.
    let style = PdfStyle {
        tagged: Some(false),
        ..style.clone()
    };
    writer::write_pdf_with(&laid, fonts, &style, |doc, claims| {
        boxes::set_boxes(doc, &pairs)?;
        intent::declare(doc, claims, profile.standard)
    })
}

/// Writes the cover `bytes` of `book` as `<file stem>-cover.pdf` in
/// `out_dir` (atomically, as every output).
pub fn write_cover_file(book: &Book, out_dir: &Path, bytes: &[u8]) -> Result<Output> {
    let path = out_dir.join(format!("{}-cover.pdf", book.meta.file_stem));
    crate::output::write_atomic(&path, bytes)?;
    Ok(Output {
        path,
        format: Format::Pdf,
        issues: book
            .chapters
            .iter()
            .map(|c| (c.id, c.articles.len()))
            .collect(),
    })
}

/// Reads and prepares the books of `options` as a build does, with the
/// print profile `profile` (`--print`) instead of the one of `book.yaml`;
/// an error when there is neither.
pub fn prepare(
    options: &BuildOptions,
    profile: Option<&str>,
    diags: &mut Diagnostics,
) -> Result<(Vec<Book>, Resources)> {
    let (books, mut resources) = crate::prepare(options, diags)?;
    if let Some(name) = profile.filter(|n| !n.trim().is_empty()) {
        let description = resources
            .pdf_style
            .print
            .as_ref()
            .and_then(|s| s.description.clone())
            .or_else(|| {
                crate::config::BookConfig::load(&options.root)
                    .ok()
                    .and_then(|c| c.description)
            });
        let profile = Profile::named_or_error(name, Path::new("--print"))?;
        resources.pdf_style.print = Some(Arc::new(PrintSettings {
            profile,
            description,
        }));
    }
    if resources.pdf_style.print.is_none() {
        return Err(Error::NothingToBuild(format!(
            "no print profile: set `print:` in book.yaml or pass --print (one of {})",
            profile::BUILT_IN.join(", ")
        )));
    }
    Ok((books, resources))
}

/// The `cover` command: lays each book out for print (the page count
/// makes the spine) and writes only its wrap cover.
pub fn write_covers(
    options: &BuildOptions,
    profile: Option<&str>,
    diags: &mut Diagnostics,
) -> Result<Vec<Output>> {
    let (books, resources) = prepare(options, profile, diags)?;
    let mut outputs = Vec::new();
    for book in &books {
        let prepared = super::lay_out(book, &resources, diags)?;
        if let Some(bytes) = prepared.write_cover(book) {
            outputs.push(write_cover_file(book, &options.out_dir, &bytes?)?);
        }
    }
    Ok(outputs)
}

/// `check --print`: lays each book out for print and records the
/// preflight's findings in `diags`.
pub fn check_books(
    options: &BuildOptions,
    profile: Option<&str>,
    diags: &mut Diagnostics,
) -> Result<()> {
    let (books, resources) = prepare(options, profile, diags)?;
    for book in &books {
        let prepared = super::lay_out(book, &resources, diags)?;
        let name = PathBuf::from(format!("{}.pdf", book.meta.file_stem));
        preflight::check(book, &prepared, &name, diags)?;
    }
    Ok(())
}

/// Whether `item` is drawn (a link area is not).
fn is_drawn(item: &Item) -> bool {
    !matches!(item, Item::Link(_))
}

#[cfg(test)]
mod tests;
