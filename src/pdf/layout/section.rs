//! Parts of the book laid out on pages of their own (the front matter,
//! each chapter) and put together: chapters are laid out in parallel, so
//! what refers to their pages by index moves along when they are joined.

use super::pagemap::page_map;
use crate::locale::Locale;
use crate::model::{Book, Place};
use crate::pdf::flow::Flow;
use crate::pdf::fonts::Fonts;
use crate::pdf::page::{LaidOutBook, OutlineEntry};
use crate::pdf::setup::PageSetup;
use crate::pdf::units::Pt;

/// A part of the book laid out on pages of its own (the front matter, a
/// chapter, the body), with what refers to its pages by index.
pub(super) struct Section {
    /// The pages.
    pub(super) flow: Flow,
    /// The bookmarks, with page indices into `flow`.
    pub(super) outline: Vec<OutlineEntry>,
    /// Where the headings listed in the contents are, in contents order.
    pub(super) toc_targets: Vec<(usize, Pt)>,
    /// Per page, where in the book it begins (see [`super::Layouter::leave`]).
    pub(super) page_places: Vec<Option<(Place, bool)>>,
    /// Characters no font had, each with the issue it was found in.
    pub(super) missing: Vec<crate::pdf::page::MissingChar>,
}

/// Building, joining and finishing sections.
impl Section {
    /// An empty section on pages of `setup`.
    pub(super) fn new(setup: &PageSetup) -> Self {
        Section {
            flow: Flow::new(*setup),
            outline: Vec::new(),
            toc_targets: Vec::new(),
            page_places: Vec::new(),
            missing: Vec::new(),
        }
    }

    /// Puts the pages of `other` after this section's, from a right-hand
    /// page, and moves what refers to them by index along.
    pub(super) fn append(&mut self, other: Section) {
        let mut places = other.page_places;
        places.resize(other.flow.page_count(), None);
        let offset = self.flow.append(other.flow);
        // A blank page before `other` belongs to no place of its own.
        self.page_places.resize(offset, None);
        self.page_places.extend(places);
        self.outline
            .extend(other.outline.into_iter().map(|mut entry| {
                entry.page += offset;
                entry
            }));
        self.toc_targets.extend(
            other
                .toc_targets
                .iter()
                .map(|&(page, y)| (page + offset, y)),
        );
        for missing in other.missing {
            if !self.missing.iter().any(|m| m.ch == missing.ch) {
                self.missing.push(missing);
            }
        }
    }

    /// The finished book: running heads and folios added, page map made.
    pub(super) fn finish(self, book: &Book, fonts: &Fonts) -> LaidOutBook {
        let strips: Vec<usize> = (0..self.flow.page_count())
            .map(|p| self.flow.strips_on(p))
            .collect();
        let (pages, structure) = self.flow.finish(fonts, &book.meta.title);
        let page_map = page_map(book, &pages, &strips, &self.page_places);
        LaidOutBook {
            title: book.meta.title.clone(),
            author: book.meta.author.clone(),
            language: book.meta.language.clone(),
            subject: Locale::for_language(&book.meta.language).pdf_subject(
                &book.meta.series,
                book.meta.year,
                book.chapters.len(),
            ),
            keywords: std::iter::once(book.meta.series.clone())
                .chain(std::iter::once(book.meta.year.to_string()))
                .chain(book.chapters.iter().map(|c| c.id.to_string()))
                .filter(|k| !k.is_empty())
                .collect(),
            pages,
            outline: self.outline,
            missing_chars: self.missing,
            page_map,
            structure,
        }
    }
}
