//! The EPUB writer: turns a [`Book`] into an EPUB 3 file (with an NCX for
//! EPUB 2 readers).

use crate::error::Result;
use crate::model::Book;
use crate::resources::Resources;

/// Renders `book` as the bytes of an EPUB file.
pub fn render(book: &Book, resources: &Resources) -> Result<Vec<u8>> {
    let _ = (book, resources);
    todo!("EPUB writer")
}
