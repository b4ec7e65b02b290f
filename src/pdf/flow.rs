//! Pagination: stacking strips of content down the text area, page by page.
//!
//! Block layout produces [`Strip`]s — a line of text, a code line, a table
//! row — each with its height and items positioned relative to the strip.
//! [`Flow`] places them one below the other and starts a new page when the
//! next one does not fit. It also draws *bands* that run alongside several
//! strips (code backgrounds, quote rules, figure frames), closing and
//! reopening them when a page breaks, and adds the running heads and folios
//! at the end.

use super::fonts::Face;
use super::page::{Color, Folio, Item, Numbering, Page, PositionedItem, RectShape, RuleLine, Zone};
use super::setup::PageSetup;
use super::style::{self, TextStyle};
use super::text::{set_plain, Alignment};
use super::units::{Point, Pt, Rect};

/// A horizontal slice of content: a line, a code line, a table row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Strip {
    /// Vertical space the strip takes.
    pub height: Pt,
    /// Distance from the strip's top to its (first) baseline, for strips of
    /// text; list labels are set on it.
    pub baseline: Option<Pt>,
    /// Items relative to the strip's top-left corner.
    pub items: Vec<Item>,
}

impl Strip {
    /// An empty strip of `height`: vertical padding that breaks with the page.
    pub fn space(height: Pt) -> Self {
        Strip {
            height,
            baseline: None,
            items: Vec::new(),
        }
    }
}

/// What a band draws alongside the strips placed while it is open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BandKind {
    /// A filled background (code blocks).
    Fill(Color),
    /// An outlined frame (figure placeholders).
    Frame(Color, Pt),
    /// A vertical rule on the band's left edge (quotes).
    LeftRule(Color, Pt),
}

/// A band: kind and horizontal extent (relative to the text area's left).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    /// What is drawn.
    pub kind: BandKind,
    /// Left edge, relative to the text area.
    pub x: Pt,
    /// Width.
    pub width: Pt,
}

#[derive(Debug, Clone)]
struct OpenBand {
    band: Band,
    top: Pt,
    insert_at: usize,
}

/// Page furniture wanted on a page.
#[derive(Debug, Clone, PartialEq)]
struct Furniture {
    folio: bool,
    running_head: bool,
    chapter: String,
}

/// Places strips on pages. Coordinates in, page coordinates out.
#[derive(Debug)]
pub struct Flow {
    pages: Vec<Page>,
    furniture: Vec<Furniture>,
    y: Pt,
    pending_gap: Pt,
    bands: Vec<OpenBand>,
    label: Option<(Pt, Vec<Item>)>,
    chapter: String,
    setup: PageSetup,
    numbering: Numbering,
    next_number: usize,
    /// How many strips each page holds (a blank page holds none).
    strips_on: Vec<usize>,
}

impl Flow {
    /// An empty flow, without pages, for pages of `setup`. Pages are
    /// numbered in roman until [`Flow::start_body`].
    pub fn new(setup: PageSetup) -> Self {
        Flow {
            setup,
            numbering: Numbering::Roman,
            next_number: 1,
            pages: Vec::new(),
            furniture: Vec::new(),
            y: Pt::ZERO,
            pending_gap: Pt::ZERO,
            bands: Vec::new(),
            label: None,
            chapter: String::new(),
            strips_on: Vec::new(),
        }
    }

    /// How many strips page `index` holds so far (0 for a blank page or
    /// one not made yet).
    pub fn strips_on(&self, index: usize) -> usize {
        self.strips_on.get(index).copied().unwrap_or(0)
    }

    /// The index of the current page (0 when there is none yet).
    pub fn page_index(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }

    /// The number of pages so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn area(&self) -> Rect {
        self.setup.text_area(self.page_index())
    }

    /// The width of the text area (the same on every page).
    pub fn measure(&self) -> Pt {
        self.setup.measure()
    }

    /// From the next page on, pages are numbered in arabic from 1.
    pub fn start_body(&mut self) {
        self.numbering = Numbering::Arabic;
        self.next_number = 1;
    }

    /// Makes sure the next page is a right-hand page: adds a blank left-hand
    /// page (no running head, no folio) when the last page is a right-hand
    /// one. Chapters open on the right.
    pub fn open_recto(&mut self) {
        if !self.pages.is_empty() && PageSetup::is_recto(self.pages.len() - 1) {
            self.new_page(true, false);
        }
    }

    fn at_top(&self) -> bool {
        self.y <= self.area().y
    }

    /// Space left on the current page below the cursor.
    pub fn room(&self) -> Pt {
        self.area().bottom() - self.y
    }

    /// The full height of the text area.
    pub fn page_height(&self) -> Pt {
        self.setup.text_area(0).height
    }

    /// Starts a new page. `opening` pages (title, chapter openings) carry no
    /// running head; `folio` says whether the page number is printed.
    pub fn new_page(&mut self, opening: bool, folio: bool) {
        self.close_bands_for_break();
        let index = self.pages.len();
        let area = self.setup.text_area(index);
        self.pages.push(Page {
            size: self.setup.size,
            text_area: area,
            items: Vec::new(),
            folio: Folio {
                numbering: self.numbering,
                number: self.next_number,
            },
        });
        self.next_number += 1;
        self.strips_on.push(0);
        self.furniture.push(Furniture {
            folio,
            running_head: !opening,
            chapter: self.chapter.clone(),
        });
        self.y = area.y;
        self.pending_gap = Pt::ZERO;
        self.reopen_bands();
    }

    /// Sets the chapter title used by running heads from now on.
    pub fn set_chapter(&mut self, title: &str) {
        self.chapter = title.to_string();
    }

    /// Asks for at least `gap` of space before the next strip (gaps do not
    /// add up, and vanish at the top of a page).
    pub fn gap(&mut self, gap: Pt) {
        self.pending_gap = self.pending_gap.max(gap);
    }

    /// Moves the cursor down by `space` unconditionally (not at a break).
    pub fn skip(&mut self, space: Pt) {
        self.y += space;
    }

    /// Breaks the page unless `height` (plus the pending gap) fits below the
    /// cursor. Used to keep headings with what follows and small blocks
    /// together.
    pub fn ensure(&mut self, height: Pt) {
        if self.pages.is_empty() {
            self.new_page(false, true);
        } else if !self.at_top() && self.pending_gap + height > self.room() {
            self.break_page();
        }
    }

    /// Ends the current page; the next strip goes on a new one.
    pub fn break_page(&mut self) {
        self.new_page(false, true);
    }

    /// How many of `heights`, stacked from the cursor (after the pending
    /// gap), fit on the current page.
    pub fn fitting(&self, heights: impl IntoIterator<Item = Pt>) -> usize {
        if self.pages.is_empty() {
            return 0;
        }
        let gap = if self.at_top() {
            Pt::ZERO
        } else {
            self.pending_gap
        };
        let mut room = self.room() - gap;
        let mut count = 0;
        for h in heights {
            if h > room {
                break;
            }
            room -= h;
            count += 1;
        }
        count
    }

    /// Where the next strip will start: page index and `y` (after the gap).
    pub fn mark(&mut self) -> (usize, Pt) {
        if self.pages.is_empty() {
            self.new_page(false, true);
        }
        let gap = if self.at_top() {
            Pt::ZERO
        } else {
            self.pending_gap
        };
        (self.page_index(), self.y + gap)
    }

    /// Items to set on the baseline of the next strip that has one (a list
    /// item's bullet), with `x` relative to the text area.
    pub fn attach_label(&mut self, x: Pt, items: Vec<Item>) {
        self.label = Some((x, items));
    }

    /// Places `strip` with its left edge `dx` from the text area's left.
    pub fn place(&mut self, strip: Strip, dx: Pt) {
        self.ensure(strip.height);
        let gap = if self.at_top() {
            Pt::ZERO
        } else {
            self.pending_gap
        };
        self.pending_gap = Pt::ZERO;
        let area = self.area();
        let top = self.y + gap;
        let x0 = area.x + dx;
        let label = match strip.baseline {
            Some(b) => self.label.take().map(|(lx, items)| (lx, b, items)),
            None => None,
        };
        let page = self.pages.len() - 1;
        self.strips_on[page] += 1;
        let items = &mut self.pages[page].items;
        for item in strip.items {
            items.push(PositionedItem {
                item: item.translated(x0, top),
                zone: Zone::Body,
            });
        }
        if let Some((lx, baseline, label_items)) = label {
            for item in label_items {
                items.push(PositionedItem {
                    item: item.translated(area.x + lx, top + baseline),
                    zone: Zone::Body,
                });
            }
        }
        self.y = top + strip.height;
    }

    /// Opens a band; it covers every strip placed until [`Flow::end_band`].
    pub fn begin_band(&mut self, band: Band) {
        if self.pages.is_empty() {
            self.new_page(false, true);
        }
        if !self.at_top() {
            self.y += self.pending_gap;
        }
        self.pending_gap = Pt::ZERO;
        let insert_at = self.pages[self.page_index()].items.len();
        self.bands.push(OpenBand {
            band,
            top: self.y,
            insert_at,
        });
    }

    /// Closes the innermost open band.
    pub fn end_band(&mut self) {
        if let Some(open) = self.bands.pop() {
            self.draw_band(&open);
        }
    }

    fn draw_band(&mut self, open: &OpenBand) {
        let height = self.y - open.top;
        if height <= Pt::ZERO {
            return;
        }
        let area = self.area();
        let rect = Rect::new(area.x + open.band.x, open.top, open.band.width, height);
        let item = match open.band.kind {
            BandKind::Fill(color) => Item::Rect(RectShape {
                rect,
                fill: Some(color),
                stroke: None,
            }),
            BandKind::Frame(color, thickness) => Item::Rect(RectShape {
                rect,
                fill: None,
                stroke: Some((color, thickness)),
            }),
            BandKind::LeftRule(color, thickness) => Item::Line(RuleLine {
                from: Point::new(rect.x + thickness / 2.0, rect.y),
                to: Point::new(rect.x + thickness / 2.0, rect.bottom()),
                thickness,
                color,
            }),
        };
        let page = self.page_index();
        let items = &mut self.pages[page].items;
        let at = open.insert_at.min(items.len());
        items.insert(
            at,
            PositionedItem {
                item,
                zone: Zone::Body,
            },
        );
    }

    fn close_bands_for_break(&mut self) {
        if self.pages.is_empty() {
            return;
        }
        let open = self.bands.clone();
        // Draw inner bands first so outer ones end up underneath.
        for band in open.iter().rev() {
            self.draw_band(band);
        }
    }

    fn reopen_bands(&mut self) {
        let y = self.y;
        for band in &mut self.bands {
            band.top = y;
            band.insert_at = 0;
        }
    }

    /// The folio of page `index`, if there is such a page.
    pub fn folio(&self, index: usize) -> Option<Folio> {
        self.pages.get(index).map(|page| page.folio)
    }

    /// Appends the pages of `other`, a flow laid out on its own from a
    /// right-hand page (a chapter), after a blank left-hand page when this
    /// flow ends on a right-hand one, as [`Flow::open_recto`] would.
    /// `other`'s pages are numbered on from this flow's, in its numbering;
    /// their items stay where they are, since both flows put a page of the
    /// same hand at the same place. Returns the index here of `other`'s
    /// first page.
    pub fn append(&mut self, mut other: Flow) -> usize {
        while !other.bands.is_empty() {
            other.end_band();
        }
        self.open_recto();
        let offset = self.pages.len();
        for mut page in other.pages {
            page.folio = Folio {
                numbering: self.numbering,
                number: self.next_number,
            };
            self.next_number += 1;
            self.pages.push(page);
        }
        self.furniture.extend(other.furniture);
        self.strips_on.extend(other.strips_on);
        self.y = other.y;
        self.pending_gap = other.pending_gap;
        self.label = other.label;
        self.chapter = other.chapter;
        offset
    }

    /// Adds running heads and folios and returns the pages.
    pub fn finish(mut self, fonts: &super::fonts::Fonts, book_title: &str) -> Vec<Page> {
        while !self.bands.is_empty() {
            self.end_band();
        }
        let size = style::FURNITURE_SIZE;
        for (index, (page, furniture)) in self.pages.iter_mut().zip(&self.furniture).enumerate() {
            let area = page.text_area;
            let recto = PageSetup::is_recto(index);
            let head_baseline = area.y - (self.setup.top * 0.4).min(Pt(28.0));
            let folio_baseline = area.bottom() + (self.setup.bottom * 0.45).min(Pt(36.0));
            let folio_text = page.folio.to_string();
            let mut place = |text: String, face: Face, baseline: Pt| {
                let base = TextStyle::new(face, size).with_color(style::MUTED_COLOR);
                let line = set_plain(fonts, &text, &base, area.width, Alignment::Left, 1.0);
                let Some(line) = line.into_iter().next() else {
                    return;
                };
                let width = line.width.min(area.width);
                let x = if recto { area.right() - width } else { area.x };
                for item in line.items {
                    if let Item::Link(_) = item {
                        continue;
                    }
                    page.items.push(PositionedItem {
                        item: item.translated(x, baseline - line.baseline),
                        zone: Zone::Margin,
                    });
                }
            };
            if furniture.running_head {
                let head = if recto && !furniture.chapter.is_empty() {
                    furniture.chapter.clone()
                } else {
                    book_title.to_string()
                };
                place(head, Face::Italic, head_baseline);
            }
            if furniture.folio {
                place(folio_text, Face::Regular, folio_baseline);
            }
        }
        self.pages
    }
}
