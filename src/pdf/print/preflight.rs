//! The preflight of `check --print`: what a print service would reject or
//! print badly, each finding with where it is (an issue's file and line,
//! or the page of the interior, with its printed number).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{is_drawn, PrintPlan, Profile};
use crate::diagnostics::{Diagnostics, Severity};
use crate::error::Result;
use crate::model::{Block, Book, ImageAsset};
use crate::pdf::page::{Color, Item, LaidOutBook};
use crate::pdf::units::{Pt, Rect};
use crate::pdf::Prepared;

/// The resolution services ask of images, at their printed size.
pub const MIN_DPI: f32 = 300.0;
/// How many pages one finding names before it says "and N more".
const PAGES_NAMED: usize = 8;

/// The resolution of `asset` drawn `width` wide, in pixels per inch.
pub fn dpi(asset: &ImageAsset, width: Pt) -> f32 {
    if width.0 <= 0.0 {
        return f32::INFINITY;
    }
    asset.width as f32 / (width.0 / 72.0)
}

/// Where the figure showing the image at `url` is: its article's heading
/// line, or the issue file.
fn image_place(book: &Book, url: &str) -> Option<(PathBuf, Option<usize>)> {
    fn has(blocks: &[Block], url: &str) -> bool {
        blocks.iter().any(|b| match b {
            Block::Figure { image, .. } => image.url == url,
            Block::List { items, .. } => items.iter().any(|i| has(i, url)),
            Block::Quote(inner) => has(inner, url),
            _ => false,
        })
    }
    for chapter in &book.chapters {
        if has(&chapter.lead, url) {
            return Some((chapter.source.clone(), None));
        }
        for article in &chapter.articles {
            if has(&article.blocks, url) {
                return Some((article.pos.file.clone(), Some(article.pos.line)));
            }
        }
    }
    None
}

/// Warns, once per image, of raster images printed below [`MIN_DPI`],
/// naming the image and the issue (and line) it is in.
pub fn report_images(book: &Book, laid: &LaidOutBook, diags: &mut Diagnostics) {
    let mut seen = BTreeSet::new();
    for (index, page) in laid.pages.iter().enumerate() {
        for positioned in &page.items {
            let Item::Image(picture) = &positioned.item else {
                continue;
            };
            if picture.asset.media_type == "image/svg+xml" {
                continue;
            }
            let resolution = dpi(&picture.asset, picture.rect.width);
            if resolution >= MIN_DPI {
                continue;
            }
            let url = book
                .assets
                .images
                .iter()
                .find(|(_, a)| a.data == picture.asset.data)
                .map(|(url, _)| url.clone())
                .unwrap_or_else(|| "an image".to_string());
            if !seen.insert(url.clone()) {
                continue;
            }
            let message = format!(
                "image {url} prints at {resolution:.0} dpi ({} × {} px over {:.2} in, page {}): print services ask for {MIN_DPI:.0} dpi; use a larger image",
                picture.asset.width,
                picture.asset.height,
                picture.rect.width.0 / 72.0,
                laid.folio(index)
            );
            match image_place(book, &url) {
                Some((file, line)) => diags.warn(&file, line, message),
                None => diags.warn_summary(format!("{}: {message}", book.meta.title)),
            }
        }
    }
}

/// Page `index` as a reader finds it: "page 12 (printed 4)".
fn page_name(laid: &LaidOutBook, index: usize) -> String {
    format!("page {} (printed {})", index + 1, laid.folio(index))
}

/// A list of pages, the first few named.
fn pages_named(laid: &LaidOutBook, pages: &[usize]) -> String {
    let mut named: Vec<String> = pages
        .iter()
        .take(PAGES_NAMED)
        .map(|&i| page_name(laid, i))
        .collect();
    if pages.len() > PAGES_NAMED {
        named.push(format!("and {} more", pages.len() - PAGES_NAMED));
    }
    named.join(", ")
}

/// The first drawn item of page `index` that comes nearer a trimmed edge
/// than the profile allows, with the edge and the distance.
fn margin_breach(
    laid: &LaidOutBook,
    index: usize,
    profile: &Profile,
    pages: usize,
) -> Option<String> {
    let page = &laid.pages[index];
    let recto = index % 2 == 0;
    let gutter = profile.gutter_for(pages);
    let outside = profile.min_outside;
    let (left_need, right_need) = if recto {
        (gutter, outside)
    } else {
        (outside, gutter)
    };
    for positioned in page.items.iter().filter(|i| is_drawn(&i.item)) {
        let r: Rect = positioned.item.bounds();
        let checks = [
            ("left", r.x, left_need),
            ("right", page.size.width - r.right(), right_need),
            ("head", r.y, outside),
            ("foot", page.size.height - r.bottom(), outside),
        ];
        for (edge, distance, need) in checks {
            if distance.0 < need.0 - 0.05 {
                let what = match &positioned.item {
                    Item::Text(t) => {
                        format!("text {:?}", t.text.chars().take(30).collect::<String>())
                    }
                    Item::Image(_) => "an image".to_string(),
                    _ => "a rule".to_string(),
                };
                return Some(format!(
                    "{what} is {:.3} in from the {edge} edge, the profile needs {:.3} in",
                    distance.0 / 72.0,
                    need.0 / 72.0
                ));
            }
        }
    }
    None
}

/// Runs the preflight of the interior and cover of `book` (laid out for
/// print in `prepared`) and records each finding in `diags`; `pdf_name`
/// names the interior file in the findings about its pages.
pub fn check(
    book: &Book,
    prepared: &Prepared,
    pdf_name: &Path,
    diags: &mut Diagnostics,
) -> Result<()> {
    let Some(plan) = prepared.print_plan() else {
        return Ok(());
    };
    let laid = &prepared.laid_out;
    let profile = &plan.settings.profile;
    let title = &book.meta.title;
    page_count(laid, plan, pdf_name, diags);

    let breaches: Vec<(usize, String)> = (0..laid.pages.len())
        .filter_map(|i| margin_breach(laid, i, profile, plan.pages).map(|m| (i, m)))
        .collect();
    for (index, message) in breaches.iter().take(PAGES_NAMED) {
        diags.push(
            Severity::Error,
            pdf_name,
            None,
            format!("{}: {message}", page_name(laid, *index)),
        );
    }
    if breaches.len() > PAGES_NAMED {
        diags.push(
            Severity::Error,
            pdf_name,
            None,
            format!(
                "{} more pages break the margins",
                breaches.len() - PAGES_NAMED
            ),
        );
    }

    let bytes = prepared.write_ref()?;
    for font in unembedded_fonts(&bytes) {
        diags.push(
            Severity::Error,
            pdf_name,
            None,
            format!("font {font} is not embedded"),
        );
    }

    if profile.pure_black {
        let black: Vec<usize> = laid
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.text_runs().any(|r| r.color == Color::BLACK))
            .map(|(i, _)| i)
            .collect();
        if !black.is_empty() {
            diags.push(
                Severity::Warning,
                pdf_name,
                None,
                format!(
                    "text is RGB black, which prints in four inks, on {}; the profile asks for black text in black ink only",
                    pages_named(laid, &black)
                ),
            );
        }
    }

    if let Some(asset) = &book.assets.cover {
        let g = super::cover::CoverGeometry::new(profile, plan.pages);
        let rect = super::cover::image_rect(&g, asset);
        let resolution = dpi(asset, rect.width);
        if asset.media_type != "image/svg+xml" && resolution < MIN_DPI {
            diags.warn_summary(format!(
                "{title}: the cover image ({} × {} px) prints at {resolution:.0} dpi on the front; print services ask for {MIN_DPI:.0} dpi",
                asset.width, asset.height
            ));
        }
        let front = g.front.width + profile.bleed;
        if (rect.width.0 - front.0).abs() > 1.0 || (rect.height.0 - g.bleed.height.0).abs() > 1.0 {
            diags.warn_summary(format!(
                "{title}: the cover image is not in the proportions of the front with its bleed ({:.3} × {:.3} in); the ground shows around it",
                front.0 / 72.0,
                g.bleed.height.0 / 72.0
            ));
        }
    }

    let g = super::cover::CoverGeometry::new(profile, plan.pages);
    let spine = if g.spine_text {
        "the title stands on the spine".to_string()
    } else {
        format!(
            "the spine is left blank (text needs {} pages)",
            profile.spine_text_min_pages
        )
    };
    diags.note_summary(format!(
        "{title}: {} ({}): {} pages, trim {:.3} × {:.3} in, inner margin {:.3} in; cover {:.3} × {:.3} in with a {:.4} in spine; {spine}",
        profile.name,
        match profile.standard {
            super::profile::Standard::PdfX4 => "PDF/X-4",
            super::profile::Standard::PdfA2b => "PDF/A-2b",
        },
        plan.pages,
        profile.trim.width.0 / 72.0,
        profile.trim.height.0 / 72.0,
        plan.inner.0 / 72.0,
        g.bleed.width.0 / 72.0,
        g.bleed.height.0 / 72.0,
        g.spine.width.0 / 72.0,
    ));
    Ok(())
}

/// The page count against the profile: too many is an error, blank pages
/// added a note.
fn page_count(laid: &LaidOutBook, plan: &PrintPlan, pdf_name: &Path, diags: &mut Diagnostics) {
    let profile = &plan.settings.profile;
    if plan.pages > profile.max_pages as usize {
        diags.push(
            Severity::Error,
            pdf_name,
            None,
            format!(
                "{} pages: {} prints at most {} in this binding; split the book",
                plan.pages, profile.name, profile.max_pages
            ),
        );
    }
    let added = plan.pages - plan.laid_out_pages;
    if added > 0 {
        diags.push(
            Severity::Note,
            pdf_name,
            None,
            format!(
                "{added} blank page(s) added at the end ({} to {}): {} prints at least {} pages, in multiples of {}",
                page_name(laid, plan.laid_out_pages),
                page_name(laid, plan.pages - 1),
                profile.name,
                profile.min_pages,
                profile.page_multiple
            ),
        );
    }
}

/// The base names of the fonts of a PDF that carry no font file.
pub fn unembedded_fonts(pdf: &[u8]) -> Vec<String> {
    let Ok(doc) = lopdf::Document::load_mem(pdf) else {
        return vec!["(the PDF cannot be read back)".to_string()];
    };
    let mut missing = Vec::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else {
            continue;
        };
        let name_of = |key: &[u8]| dict.get(key).and_then(|t| t.as_name()).ok();
        // A simple font without a descriptor is one of the standard 14,
        // never embedded.
        if name_of(b"Type") == Some(b"Font")
            && matches!(
                name_of(b"Subtype"),
                Some(b"Type1" | b"TrueType" | b"MMType1")
            )
            && !dict.has(b"FontDescriptor")
        {
            let base = name_of(b"BaseFont").unwrap_or(b"(unnamed)");
            missing.push(String::from_utf8_lossy(base).into_owned());
            continue;
        }
        if name_of(b"Type") != Some(b"FontDescriptor") {
            continue;
        }
        let embedded = [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
            .iter()
            .any(|k| dict.has(k));
        if !embedded {
            let name = dict
                .get(b"FontName")
                .and_then(|n| n.as_name())
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_else(|_| "(unnamed)".into());
            missing.push(name);
        }
    }
    missing
}
