//! The page boxes of a print PDF: each laid-out page (trim size) is put
//! on a sheet as large as the trim plus the bleed, and the PDF says where
//! the trim is (`TrimBox`) and how far the artwork may go (`BleedBox`).
//!
//! Nothing of the text moves relative to the trim. Pictures that reach a
//! trimmed edge are stretched over that edge's bleed, so that the cut
//! never shows a white sliver. Link areas are dropped: a printed page has
//! nothing to click, and PDF/X allows no annotation inside the bleed.

use lopdf::{Object, ObjectId};

use super::profile::{BleedEdges, Profile};
use crate::error::{Error, Result};
use crate::pdf::page::{Item, LaidOutBook, LinkTarget, Page};
use crate::pdf::units::{Pt, Rect, Size};

/// How close to a trimmed edge a picture must come to be taken as
/// reaching it.
const EDGE_SLACK: Pt = Pt(0.5);

/// The bleed on each side of one page.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bleed {
    /// Beyond the left edge.
    pub left: Pt,
    /// Beyond the right edge.
    pub right: Pt,
    /// Above the head.
    pub top: Pt,
    /// Below the foot.
    pub bottom: Pt,
}

impl Bleed {
    /// The interior bleed of page `index` (0-based; even pages are
    /// right-hand pages, bound on their left).
    pub fn interior(profile: &Profile, index: usize) -> Bleed {
        if !profile.interior_bleed {
            return Bleed::default();
        }
        let b = profile.bleed;
        let recto = index % 2 == 0;
        let (left, right) = match profile.bleed_edges {
            BleedEdges::All => (b, b),
            BleedEdges::Outer if recto => (Pt::ZERO, b),
            BleedEdges::Outer => (b, Pt::ZERO),
        };
        Bleed {
            left,
            right,
            top: b,
            bottom: b,
        }
    }

    /// The same bleed on all four sides (the cover).
    pub fn all(b: Pt) -> Bleed {
        Bleed {
            left: b,
            right: b,
            top: b,
            bottom: b,
        }
    }

    /// The sheet a trim of `trim` is printed on.
    pub fn media(&self, trim: Size) -> Size {
        Size {
            width: trim.width + self.left + self.right,
            height: trim.height + self.top + self.bottom,
        }
    }
}

/// Where the trim lies on a page's sheet, in PDF coordinates (from the
/// bottom-left corner): `[left, bottom, right, top]`.
pub type PdfBox = [f32; 4];

/// Puts every page of `book` on its sheet with the bleed of `bleed_of`
/// (see the module's doc); returns each page's trim box.
pub fn add_bleed(book: &mut LaidOutBook, bleed_of: impl Fn(usize) -> Bleed) -> Vec<PdfBox> {
    let shifts: Vec<Bleed> = (0..book.pages.len()).map(&bleed_of).collect();
    let mut trims = Vec::with_capacity(book.pages.len());
    for (page, bleed) in book.pages.iter_mut().zip(&shifts) {
        trims.push(bleed_page(page, *bleed));
    }
    for page in &mut book.pages {
        for positioned in &mut page.items {
            if let Item::Link(link) = &mut positioned.item {
                if let LinkTarget::Internal { page, y } = &mut link.target {
                    *y += shifts.get(*page).map_or(Pt::ZERO, |b| b.top);
                }
            }
        }
        page.items.retain(|i| !matches!(i.item, Item::Link(_)));
    }
    for entry in &mut book.outline {
        entry.y += shifts.get(entry.page).map_or(Pt::ZERO, |b| b.top);
    }
    trims
}

/// Moves `page` onto its sheet; returns its trim box.
fn bleed_page(page: &mut Page, bleed: Bleed) -> PdfBox {
    let trim = page.size;
    for positioned in &mut page.items {
        if let Item::Image(picture) = &mut positioned.item {
            picture.rect = over_the_edge(picture.rect, trim, bleed);
        }
        let item = std::mem::replace(&mut positioned.item, Item::Link(placeholder()));
        positioned.item = item.translated(bleed.left, bleed.top);
    }
    page.text_area.x += bleed.left;
    page.text_area.y += bleed.top;
    page.size = bleed.media(trim);
    [
        bleed.left.0,
        bleed.bottom.0,
        (bleed.left + trim.width).0,
        (bleed.bottom + trim.height).0,
    ]
}

fn placeholder() -> crate::pdf::page::Link {
    crate::pdf::page::Link {
        rect: Rect::default(),
        target: LinkTarget::External(String::new()),
    }
}

/// `rect` (a picture on a page of size `trim`) stretched over each
/// trimmed edge it reaches.
pub fn over_the_edge(mut rect: Rect, trim: Size, bleed: Bleed) -> Rect {
    if rect.x <= EDGE_SLACK {
        rect.width += rect.x + bleed.left;
        rect.x = -bleed.left;
    }
    if rect.y <= EDGE_SLACK {
        rect.height += rect.y + bleed.top;
        rect.y = -bleed.top;
    }
    if rect.right() >= trim.width - EDGE_SLACK {
        rect.width = trim.width + bleed.right - rect.x;
    }
    if rect.bottom() >= trim.height - EDGE_SLACK {
        rect.height = trim.height + bleed.bottom - rect.y;
    }
    rect
}

fn pdf_box(b: PdfBox) -> Object {
    Object::Array(b.iter().map(|&v| Object::Real(v)).collect())
}

/// Sets the boxes of every page of `doc` from `boxes`, one (trim, bleed)
/// pair a page: `TrimBox` the trim, `BleedBox` the bleed or else the whole
/// sheet (`MediaBox`); the `CropBox` printpdf writes is removed (it
/// defaults to the sheet).
pub fn set_boxes(doc: &mut lopdf::Document, trims: &[(PdfBox, Option<PdfBox>)]) -> Result<()> {
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    if pages.len() != trims.len() {
        return Err(Error::Render {
            format: "PDF",
            message: format!(
                "{} pages were written for {} laid out",
                pages.len(),
                trims.len()
            ),
        });
    }
    for (id, (trim, bleed)) in pages.into_iter().zip(trims) {
        let page = doc.get_dictionary_mut(id).map_err(|e| Error::Render {
            format: "PDF",
            message: format!("page object {id:?}: {e}"),
        })?;
        let media = page
            .get(b"MediaBox")
            .and_then(Object::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|o| o.as_float().ok())
                    .collect::<Vec<f32>>()
            })
            .unwrap_or_default();
        let sheet: PdfBox = match media.as_slice() {
            [a, b, c, d] => [*a, *b, *c, *d],
            _ => [0.0, 0.0, trim[2] + trim[0], trim[3] + trim[1]],
        };
        page.set("MediaBox", pdf_box(sheet));
        page.set("BleedBox", pdf_box(bleed.unwrap_or(sheet)));
        page.set("TrimBox", pdf_box(*trim));
        page.remove(b"CropBox");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_reaching_an_edge_goes_into_the_bleed() {
        let trim = Size {
            width: Pt(432.0),
            height: Pt(648.0),
        };
        let bleed = Bleed {
            left: Pt::ZERO,
            right: Pt(9.0),
            top: Pt(9.0),
            bottom: Pt(9.0),
        };
        // Full-width at the head: over the head and the outer edge.
        let r = over_the_edge(
            Rect::new(Pt(0.0), Pt(0.0), Pt(432.0), Pt(200.0)),
            trim,
            bleed,
        );
        assert_eq!(r, Rect::new(Pt(0.0), Pt(-9.0), Pt(441.0), Pt(209.0)));
        // Inside the text area: untouched.
        let inside = Rect::new(Pt(50.0), Pt(60.0), Pt(300.0), Pt(200.0));
        assert_eq!(over_the_edge(inside, trim, bleed), inside);
    }
}
