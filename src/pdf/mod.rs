//! The PDF writer: lays a [`Book`] out into pages of positioned items, then
//! serializes those pages with printpdf.

pub mod flow;
pub mod fonts;
pub mod layout;
pub mod linebreak;
pub mod page;
pub mod style;
pub mod subset;
pub mod text;
pub mod units;
pub mod writer;

use crate::error::Result;
use crate::model::Book;
use crate::resources::Resources;

pub use page::LaidOutBook;

/// Renders `book` as the bytes of a PDF file.
pub fn render(book: &Book, resources: &Resources) -> Result<Vec<u8>> {
    let fonts = fonts::Fonts::load(&resources.fonts)?;
    let laid_out = layout::layout_book(book, &fonts)?;
    writer::write_pdf(&laid_out, &fonts)
}

/// Lays `book` out without writing it: the pages with every item
/// positioned, and the outline. What [`render`] serializes; tests inspect it.
pub fn layout(book: &Book, resources: &Resources) -> Result<LaidOutBook> {
    let fonts = fonts::Fonts::load(&resources.fonts)?;
    layout::layout_book(book, &fonts)
}

#[cfg(test)]
mod sample;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_sample() {
        let resources = Resources::builtin();
        let book = sample::sample_book();
        let bytes = render(&book, &resources).expect("renders");
        assert!(bytes.starts_with(b"%PDF-"));
        if let Ok(path) = std::env::var("TECHSHACK_PDF_SAMPLE") {
            std::fs::write(path, &bytes).expect("write sample");
        }
    }
}
