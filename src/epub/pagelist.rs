//! The page numbers of the print edition in the EPUB: a page-break marker
//! where each printed page begins, and the page list that leads to them.
//!
//! The places come from a [`PageMap`] made by the PDF layout. The
//! documents ask [`PageMarkers`] for the markers at each place they write
//! (a part's heading, a block, an entry of the contents); every marker
//! written is remembered with its document, so the page list in the
//! navigation document and the NCX ([`super::repack`]) lists exactly the
//! markers that exist, in page order.
//!
//! A marker is an empty `<span epub:type="pagebreak" role="doc-pagebreak"
//! id="page-42" aria-label="42"/>`: invisible, announced by screen readers
//! by its label. It stands before the heading of a part, at the start of a
//! paragraph (inside the `<p>`), and before any other block. A page that
//! begins inside a block (a paragraph, a code block or a table that runs
//! over) is marked at the start of that block, on the page before; a blank
//! page is marked next to the page after it.

use std::cell::RefCell;
use std::collections::HashMap;

use super::xml::XmlWriter;
use crate::model::{PageMap, Part, Place};

/// The `id` of the marker of the page labelled `label`: `page-` and the
/// label, with anything but ASCII letters, digits, `-` and `_` dropped.
pub fn page_id(label: &str) -> String {
    let clean: String = label
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    format!("page-{clean}")
}

/// One entry of the page list: a page label and the marker it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageTarget {
    /// The page number as printed.
    pub label: String,
    /// The marker, e.g. `chapter-2019-07.xhtml#page-42`.
    pub href: String,
}

/// The page-break markers of a book, by place, and those written so far.
#[derive(Debug, Default)]
pub struct PageMarkers {
    /// The labels of the pages that begin at each place, in page order.
    at: HashMap<Place, Vec<String>>,
    /// Every label in page order (each once).
    order: Vec<String>,
    /// The labels written into the current document, not yet assigned
    /// to a file.
    pending: RefCell<Vec<String>>,
    /// The labels written, with the document they are in.
    written: RefCell<HashMap<String, String>>,
}

impl PageMarkers {
    /// The markers of `map`; none without a map.
    pub fn new(map: Option<&PageMap>) -> Self {
        let mut markers = PageMarkers::default();
        let Some(map) = map else {
            return markers;
        };
        for page in &map.pages {
            let id = page_id(&page.label);
            // A label printed twice would give two markers one id.
            if markers.order.iter().any(|l| page_id(l) == id) {
                continue;
            }
            markers.order.push(page.label.clone());
            markers
                .at
                .entry(page.place.clone())
                .or_default()
                .push(page.label.clone());
        }
        markers
    }

    /// Whether there are any markers at all.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Writes the markers of the pages that begin at `path` in `part`.
    pub fn write(&self, w: &mut XmlWriter, part: Part, path: &[usize]) {
        if self.at.is_empty() {
            return;
        }
        let place = Place {
            part,
            path: path.to_vec(),
        };
        let Some(labels) = self.at.get(&place) else {
            return;
        };
        for label in labels {
            w.empty(
                "span",
                &[
                    ("epub:type", "pagebreak"),
                    ("role", "doc-pagebreak"),
                    ("id", &page_id(label)),
                    ("aria-label", label),
                ],
            );
            self.pending.borrow_mut().push(label.clone());
        }
    }

    /// Records that the markers written since the last call are in the
    /// document `file`.
    pub fn written_in(&self, file: &str) {
        let mut written = self.written.borrow_mut();
        for label in self.pending.borrow_mut().drain(..) {
            written.insert(label, file.to_string());
        }
    }

    /// The page list: every marker written, in page order.
    pub fn targets(&self) -> Vec<PageTarget> {
        let written = self.written.borrow();
        self.order
            .iter()
            .filter_map(|label| {
                let file = written.get(label)?;
                Some(PageTarget {
                    label: label.clone(),
                    href: format!("{file}#{}", page_id(label)),
                })
            })
            .collect()
    }

    /// The labels of the map that no document wrote a marker for (none
    /// when every place the map names exists in the book).
    pub fn missing(&self) -> Vec<String> {
        let written = self.written.borrow();
        self.order
            .iter()
            .filter(|l| !written.contains_key(*l))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PageStart, Precision};

    fn start(label: &str, part: Part, path: &[usize]) -> PageStart {
        PageStart {
            label: label.into(),
            place: Place {
                part,
                path: path.to_vec(),
            },
            precision: Precision::Exact,
        }
    }

    #[test]
    fn markers_are_written_once_and_listed_in_page_order() {
        let map = PageMap {
            source: "print".into(),
            pages: vec![
                start("i", Part::TitlePage, &[]),
                start("ii", Part::Contents, &[]),
                start("iii", Part::Contents, &[]),
                start("1", Part::Chapter(0), &[]),
                start("2", Part::Article(0, 1), &[2, 0]),
                start("3", Part::Article(0, 4), &[]),
            ],
        };
        let markers = PageMarkers::new(Some(&map));
        let mut w = XmlWriter::new();
        markers.write(&mut w, Part::Contents, &[]);
        markers.written_in("contents.xhtml");
        markers.write(&mut w, Part::Article(0, 1), &[2, 0]);
        markers.write(&mut w, Part::Article(0, 1), &[2]);
        markers.written_in("chapter.xhtml");
        assert_eq!(
            w.finish(),
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-ii\" aria-label=\"ii\"/>\
             <span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-iii\" aria-label=\"iii\"/>\
             <span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-2\" aria-label=\"2\"/>"
        );
        let targets: Vec<String> = markers.targets().into_iter().map(|t| t.href).collect();
        assert_eq!(
            targets,
            [
                "contents.xhtml#page-ii",
                "contents.xhtml#page-iii",
                "chapter.xhtml#page-2"
            ]
        );
        assert_eq!(markers.missing(), ["i", "1", "3"]);
    }

    #[test]
    fn no_map_no_markers() {
        let markers = PageMarkers::new(None);
        let mut w = XmlWriter::new();
        markers.write(&mut w, Part::TitlePage, &[]);
        assert!(markers.is_empty());
        assert_eq!(w.finish(), "");
        assert!(markers.targets().is_empty());
    }
}
