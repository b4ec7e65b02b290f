//! The PDF writer: lays a [`Book`] out into pages of positioned items, then
//! serializes those pages with printpdf.

pub(crate) mod flow;
pub mod fonts;
pub(crate) mod highlight;
pub(crate) mod image;
pub mod layout;
pub mod linebreak;
pub(crate) mod link_notes;
pub mod page;
pub mod print;
pub mod setup;
pub mod structure;
pub mod style;
pub(crate) mod tagging;
pub mod text;
pub mod units;
pub(crate) mod writer;
pub mod xmp;

use crate::diagnostics::Diagnostics;
use crate::error::Result;
use crate::model::Book;
use crate::resources::Resources;

pub use page::LaidOutBook;

/// A book laid out and ready to be serialized. The build lays a book
/// out with [`lay_out`], gives the layout's page map to the EPUB, and
/// writes the PDF with [`Prepared::write`] while the EPUB is made.
pub struct Prepared {
    /// The pages, outline and page map.
    pub laid_out: LaidOutBook,
    fonts: fonts::Fonts,
    style: setup::PdfStyle,
    /// The print layout's plan, when the book has a print profile.
    print: Option<print::PrintPlan>,
}

impl Prepared {
    /// Serializes the laid-out book as the bytes of a PDF file.
    pub fn write(self) -> Result<Vec<u8>> {
        if let Some(plan) = &self.print {
            return print::write_interior(&self.laid_out, &self.fonts, &self.style, plan);
        }
        writer::write_pdf(&self.laid_out, &self.fonts, &self.style)
    }
}

/// Lays `book` out for [`Prepared::write`], recording in `diags` the
/// characters that no configured font has. The one way into the PDF
/// writer: [`render`] and [`layout`] are this with the warnings dropped.
pub fn lay_out(book: &Book, resources: &Resources, diags: &mut Diagnostics) -> Result<Prepared> {
    let style = resources.pdf_style.clone();
    let library = load_fonts(resources, &style)?;
    // A print profile lays the book out at its trim and gutter (`print`).
    let (laid_out, style, print) = match style.print.clone() {
        Some(settings) => {
            let (laid_out, style, plan) = print::lay_out(book, &library, style, settings, diags)?;
            (laid_out, style, Some(plan))
        }
        None => (layout::layout_book(book, &library, &style)?, style, None),
    };
    report_missing(&book.meta.title, &laid_out, diags);
    Ok(Prepared {
        laid_out,
        fonts: library.fonts(),
        style,
        print,
    })
}

/// The bytes of the PDF of `book`, its warnings dropped: for tests and
/// benchmarks.
pub fn render(book: &Book, resources: &Resources) -> Result<Vec<u8>> {
    lay_out(book, resources, &mut Diagnostics::new())?.write()
}

/// The pages of `book` with every item positioned, and the outline and
/// page map, its warnings dropped: what tests inspect.
pub fn layout(book: &Book, resources: &Resources) -> Result<LaidOutBook> {
    Ok(lay_out(book, resources, &mut Diagnostics::new())?.laid_out)
}

/// The book's faces and the fallback fonts of `style` that can be found:
/// a name is looked up in the book's `fonts/`, then among the compiled-in
/// fallbacks (the Chinese faces), then in each of `font_dirs`; an absolute
/// path is read as it is. Fallback fonts are read (and the compiled-in ones
/// parsed) only when a character needs one: fonts that cover CJK weigh
/// megabytes, and most books never need them.
fn load_fonts(
    resources: &Resources,
    style: &setup::PdfStyle,
) -> Result<std::sync::Arc<fonts::FontLibrary>> {
    // Read only if a character needs them (see `FontLibrary`).
    let fonts_dir = resources.fonts_dir.clone();
    let style = style.clone();
    let fallbacks = Box::new(move || load_fallbacks(fonts_dir.as_deref(), &style));
    fonts::FontLibrary::load(&resources.fonts, fallbacks)
}

fn load_fallbacks(
    fonts_dir: Option<&std::path::Path>,
    style: &setup::PdfStyle,
) -> Vec<fonts::LoadedFace> {
    let mut fallbacks = Vec::new();
    for name in &style.fallback_fonts {
        let path = std::path::Path::new(name);
        let in_book = fonts_dir
            .map(|dir| dir.join(path))
            .filter(|p| !path.is_absolute() && p.is_file());
        let builtin = crate::resources::builtin_fallback_font(name).filter(|_| in_book.is_none());
        // A font that cannot be read or parsed is skipped like a missing one.
        if let Some(data) = builtin {
            if let Ok(face) = fonts::LoadedFace::parse(name, data) {
                fallbacks.push(face);
            }
            continue;
        }
        let found = in_book.or_else(|| {
            let candidates: Vec<std::path::PathBuf> = if path.is_absolute() {
                vec![path.to_path_buf()]
            } else {
                style
                    .font_dirs
                    .iter()
                    .map(|dir| std::path::Path::new(dir).join(path))
                    .collect()
            };
            candidates.into_iter().find(|p| p.is_file())
        });
        let Some(found) = found else {
            continue;
        };
        if let Ok(data) = std::fs::read(&found) {
            if let Ok(face) = fonts::LoadedFace::parse(name, &data) {
                fallbacks.push(face);
            }
        }
    }
    fallbacks
}

/// How many missing characters a warning names; it counts them all.
const MISSING_EXAMPLES: usize = 12;

/// One warning per book for the characters no font has, each named with
/// the issue (and the line of the article's heading) where it first
/// occurs; a Chinese book without a Chinese font lacks hundreds, so only
/// the first few are named.
fn report_missing(title: &str, book: &LaidOutBook, diags: &mut Diagnostics) {
    if let Some(message) = missing_message(title, &book.missing_chars) {
        diags.warn_summary(message);
    }
}

/// The text of [`report_missing`]'s warning, `None` when nothing is missing.
fn missing_message(title: &str, missing: &[page::MissingChar]) -> Option<String> {
    if missing.is_empty() {
        return None;
    }
    let examples: Vec<String> = missing
        .iter()
        .take(MISSING_EXAMPLES)
        .map(|m| {
            let file = m.file.file_name().unwrap_or(m.file.as_os_str());
            let place = match m.line {
                Some(line) => format!("{}:{line}", file.to_string_lossy()),
                None => file.to_string_lossy().into_owned(),
            };
            format!("'{}' (U+{:04X}) in {place}", m.ch, u32::from(m.ch))
        })
        .collect();
    let more = if missing.len() > MISSING_EXAMPLES {
        ", …"
    } else {
        ""
    };
    let (count, them) = match missing.len() {
        1 => ("1 character is".to_string(), "it"),
        n => (format!("{n} characters are"), "them"),
    };
    Some(format!(
        "{title}: {count} in none of the PDF's fonts and printed as '?': {}{more}; add a font that has {them} to fallback_fonts in styles/pdf.yaml",
        examples.join(", ")
    ))
}

#[cfg(test)]
mod sample;

#[cfg(test)]
mod tests;
