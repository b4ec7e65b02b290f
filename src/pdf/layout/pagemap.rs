//! The page map: where in the book each printed page begins, so that the
//! EPUB of the same book can carry the print edition's page numbers.

use crate::locale::Locale;
use crate::model::{Book, PageMap, PageStart, Place, Precision};
use crate::pdf::page::Page;

/// The page map of a laid-out book: each page's folio and the place it
/// begins, from the places the regions claimed (`places`) and the strips
/// on each page (`strips`). A page without strips is blank and begins
/// where the next page with content begins; a page with strips that no
/// region claimed (there should be none) continues the page before it.
pub(super) fn page_map(
    book: &Book,
    pages: &[Page],
    strips: &[usize],
    places: &[Option<(Place, bool)>],
) -> PageMap {
    let mut starts: Vec<Option<(Place, Precision)>> = (0..pages.len())
        .map(|p| match places.get(p).cloned().flatten() {
            _ if strips.get(p).copied().unwrap_or(0) == 0 => None,
            Some((place, true)) => Some((place, Precision::Exact)),
            Some((place, false)) => Some((place, Precision::WithinBlock)),
            None => None,
        })
        .collect();
    for p in 0..starts.len() {
        if starts[p].is_none() && strips.get(p).copied().unwrap_or(0) > 0 && p > 0 {
            starts[p] = starts[p - 1]
                .clone()
                .map(|(place, _)| (place, Precision::WithinBlock));
        }
    }
    let mut next: Option<Place> = None;
    for p in (0..starts.len()).rev() {
        match &starts[p] {
            Some((place, _)) => next = Some(place.clone()),
            None => starts[p] = next.clone().map(|place| (place, Precision::Blank)),
        }
    }
    PageMap {
        source: Locale::for_language(&book.meta.language).print_edition_of(
            &(if book.meta.title.trim().is_empty() {
                format!("{} {}", book.meta.series, book.meta.year)
            } else {
                book.meta.title.clone()
            }),
        ),
        pages: pages
            .iter()
            .zip(starts)
            .filter_map(|(page, start)| {
                let (place, precision) = start?;
                Some(PageStart {
                    label: page.folio.to_string(),
                    place,
                    precision,
                })
            })
            .collect(),
    }
}
