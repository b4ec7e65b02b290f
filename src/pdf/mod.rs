//! The PDF writer: lays a [`Book`] out into pages of positioned items, then
//! serializes those pages with printpdf.

use crate::error::Result;
use crate::model::Book;
use crate::resources::Resources;

/// Renders `book` as the bytes of a PDF file.
pub fn render(book: &Book, resources: &Resources) -> Result<Vec<u8>> {
    let _ = (book, resources);
    todo!("PDF writer")
}
