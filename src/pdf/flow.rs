//! Pagination: stacking strips of content down the text area, page by page.
//!
//! Block layout produces [`Strip`]s — a line of text, a code line, a table
//! row — each with its height and items positioned relative to the strip.
//! [`Flow`] places them one below the other and starts a new page when the
//! next one does not fit. It also draws *bands* that run alongside several
//! strips (code backgrounds, quote rules, figure frames), closing and
//! reopening them when a page breaks, and adds the running heads and folios
//! at the end.
//!
//! Footnotes sit at the foot of the text block, below a short rule: a strip
//! placed with [`Flow::place_noted`] brings the lines of the notes it
//! refers to, and the page's text block shrinks by their height, so the
//! notes stay inside the text block and nothing overlaps them. A line goes
//! to the next page when it does not fit together with its notes (all of
//! them, or, for notes taller than a quarter of the text block, their
//! first three lines); note lines that still do not fit continue at the
//! foot of the next page, before that page's own notes. A page takes at
//! most [`style::FOOTNOTE_CARRY_SHARE`] of its height of such continued
//! lines; a strip that does not fit beside them at the top of a page sends
//! them on to the page after.

use super::fonts::Face;
use super::page::{Color, Folio, Item, Numbering, Page, PositionedItem, RectShape, RuleLine, Zone};
use super::setup::PageSetup;
use super::structure::{Structure, Tag};
use super::style::{self, TextStyle};
use super::text::{set_plain, Alignment};
use super::units::{Point, Pt, Rect};

/// The height footnote lines of `heights` take at a page's foot, their
/// rule included (zero without lines).
pub fn foot_height_of(heights: impl IntoIterator<Item = Pt>) -> Pt {
    let mut lines = heights.into_iter().peekable();
    if lines.peek().is_none() {
        return Pt::ZERO;
    }
    style::FOOTNOTE_RULE_SPACE + lines.sum::<Pt>()
}

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
    /// The items' tags, where they are not the element open when the
    /// strip is placed (a footnote's lines, a table's cells); empty for
    /// most strips.
    pub tags: Vec<Tag>,
}

impl Strip {
    /// An empty strip of `height`: vertical padding that breaks with the page.
    pub fn space(height: Pt) -> Self {
        Strip {
            height,
            baseline: None,
            items: Vec::new(),
            tags: Vec::new(),
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
    label: Option<(Pt, Vec<Item>, Tag)>,
    chapter: String,
    setup: PageSetup,
    numbering: Numbering,
    next_number: usize,
    /// How many strips each page holds (a blank page holds none).
    strips_on: Vec<usize>,
    /// The footnote lines at the foot of the current page, in order.
    foot: Vec<Strip>,
    /// Footnote lines that continue at the foot of the next page.
    carry: Vec<Strip>,
    /// The logical structure of what is placed: every item placed is
    /// tagged with the element open in it (see [`super::structure`]).
    pub structure: Structure,
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
            foot: Vec::new(),
            carry: Vec::new(),
            structure: Structure::new(),
        }
    }

    /// The height the footnotes of the current page take, their rule
    /// included (zero without notes).
    fn foot_height(&self) -> Pt {
        foot_height_of(self.foot.iter().map(|s| s.height))
    }

    /// What `lines` of footnotes would add to the current page's foot.
    fn foot_growth(&self, lines: Pt) -> Pt {
        if lines <= Pt::ZERO {
            Pt::ZERO
        } else if self.foot.is_empty() {
            lines + style::FOOTNOTE_RULE_SPACE
        } else {
            lines
        }
    }

    /// Places `strip` like [`Flow::place`], with `notes`: the lines of the
    /// footnotes it refers to that are not placed yet, set at the foot of
    /// the same page (see the module documentation for what happens when
    /// they do not fit).
    pub fn place_noted(&mut self, strip: Strip, dx: Pt, notes: Vec<Strip>) {
        if notes.is_empty() {
            self.place(strip, dx);
            return;
        }
        let heights: Vec<Pt> = notes.iter().map(|s| s.height).collect();
        let wanted = self.foot_need(&heights);
        if self.pages.is_empty() {
            self.new_page(false, true);
        }
        if !self.at_top()
            && (!self.carry.is_empty()
                || self.pending_gap + strip.height + self.foot_growth(wanted) > self.room())
        {
            self.break_page();
        }
        self.place(strip, dx);
        let mut queue = std::mem::take(&mut self.carry);
        queue.extend(notes);
        self.fill_foot(queue);
    }

    /// Adds footnote lines that no strip refers to (notes nothing
    /// references) to the current page's foot, or to the next page's when
    /// they do not fit.
    pub fn add_notes(&mut self, notes: Vec<Strip>) {
        if notes.is_empty() {
            return;
        }
        if self.pages.is_empty() {
            self.new_page(false, true);
        }
        let mut queue = std::mem::take(&mut self.carry);
        queue.extend(notes);
        self.fill_foot(queue);
    }

    /// Sets the lines of `queue` at the current page's foot as far as they
    /// fit below the cursor; the rest continues on the next page.
    fn fill_foot(&mut self, queue: Vec<Strip>) {
        let mut queue = queue.into_iter();
        for line in queue.by_ref() {
            if self.foot_growth(line.height) <= self.room() {
                self.foot.push(line);
            } else {
                self.carry.push(line);
                break;
            }
        }
        self.carry.extend(queue);
    }

    /// Starts new pages until no footnote line waits for a page (before a
    /// chapter opens, and at the end of the book).
    pub fn flush_notes(&mut self) {
        while !self.carry.is_empty() {
            self.break_page();
        }
    }

    /// Draws the footnotes of the current page at the foot of its text
    /// block, below their rule.
    fn draw_foot(&mut self) {
        if self.foot.is_empty() || self.pages.is_empty() {
            return;
        }
        let area = self.area();
        let mut y = area.bottom() - self.foot_height();
        let rule_y = y + style::FOOTNOTE_RULE_DROP;
        let foot = std::mem::take(&mut self.foot);
        let page = self.pages.len() - 1;
        let items = &mut self.pages[page].items;
        items.push(PositionedItem {
            item: Item::Line(RuleLine {
                from: Point::new(area.x, rule_y),
                to: Point::new(area.x + area.width / 5.0, rule_y),
                thickness: Pt(0.4),
                color: style::RULE_COLOR,
            }),
            zone: Zone::Body,
            tag: Tag::Artifact,
        });
        y += style::FOOTNOTE_RULE_SPACE;
        for strip in foot {
            let tags = self
                .structure
                .tag_items(&strip.items, &strip.tags, Tag::Artifact);
            for (item, tag) in strip.items.into_iter().zip(tags) {
                items.push(PositionedItem {
                    item: item.translated(area.x, y),
                    zone: Zone::Body,
                    tag,
                });
            }
            y += strip.height;
        }
    }

    /// Moves footnote lines continued from the page before to the foot of
    /// the new page, as many as [`style::FOOTNOTE_CARRY_SHARE`] allows.
    fn take_carry(&mut self) {
        let limit = self.page_height() * style::FOOTNOTE_CARRY_SHARE;
        let carry = std::mem::take(&mut self.carry);
        let mut carry = carry.into_iter();
        for line in carry.by_ref() {
            let grown = self.foot_height() + self.foot_growth(line.height);
            // At least one line per page, so the notes always move on.
            if grown <= limit || self.foot.is_empty() {
                self.foot.push(line);
            } else {
                self.carry.push(line);
                break;
            }
        }
        self.carry.extend(carry);
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

    /// Space left on the current page below the cursor (above the page's
    /// footnotes).
    pub fn room(&self) -> Pt {
        self.area().bottom() - self.foot_height() - self.y
    }

    /// The full height of the text area.
    pub fn page_height(&self) -> Pt {
        self.setup.text_area(0).height
    }

    /// Starts a new page. `opening` pages (title, chapter openings) carry no
    /// running head; `folio` says whether the page number is printed.
    pub fn new_page(&mut self, opening: bool, folio: bool) {
        self.close_bands_for_break();
        self.draw_foot();
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
        self.take_carry();
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
        self.fitting_noted(heights.into_iter().map(|h| (h, Pt::ZERO)))
    }

    /// Like [`Flow::fitting`], for strips that each bring footnote lines
    /// of the given height to the page's foot (see [`Flow::foot_need`]).
    pub fn fitting_noted(&self, strips: impl IntoIterator<Item = (Pt, Pt)>) -> usize {
        if self.pages.is_empty() {
            return 0;
        }
        let gap = if self.at_top() {
            Pt::ZERO
        } else {
            self.pending_gap
        };
        let mut room = self.area().bottom() - self.y - gap;
        let mut foot = self.foot_height();
        let mut count = 0;
        for (h, notes) in strips {
            let grown = if notes <= Pt::ZERO {
                foot
            } else if foot <= Pt::ZERO {
                notes + style::FOOTNOTE_RULE_SPACE
            } else {
                foot + notes
            };
            if h + grown > room {
                break;
            }
            room -= h;
            foot = grown;
            count += 1;
        }
        count
    }

    /// How much of the footnote lines `heights` a strip needs beside it on
    /// its page: all of them, or the first three when they take more than
    /// a quarter of the text block (the rest may continue on the next
    /// page).
    pub fn foot_need(&self, heights: &[Pt]) -> Pt {
        let all: Pt = heights.iter().copied().sum();
        if all <= self.page_height() * 0.25 {
            all
        } else {
            heights.iter().take(3).copied().sum()
        }
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
        let tag = Tag::Element(self.structure.current());
        self.label = Some((x, items, tag));
    }

    /// Places `strip` with its left edge `dx` from the text area's left.
    pub fn place(&mut self, strip: Strip, dx: Pt) {
        if self.at_top() && strip.height > self.room() && !self.foot.is_empty() {
            // Continued footnotes leave the page to a strip that needs it.
            let mut foot = std::mem::take(&mut self.foot);
            foot.append(&mut self.carry);
            self.carry = foot;
        }
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
            Some(b) => self
                .label
                .take()
                .map(|(lx, items, tag)| (lx, b, items, tag)),
            None => None,
        };
        let page = self.pages.len() - 1;
        self.strips_on[page] += 1;
        let current = Tag::Element(self.structure.current());
        let tags = self.structure.tag_items(&strip.items, &strip.tags, current);
        let items = &mut self.pages[page].items;
        for (item, tag) in strip.items.into_iter().zip(tags) {
            items.push(PositionedItem {
                item: item.translated(x0, top),
                zone: Zone::Body,
                tag,
            });
        }
        if let Some((lx, baseline, label_items, tag)) = label {
            for item in label_items {
                items.push(PositionedItem {
                    item: item.translated(area.x + lx, top + baseline),
                    zone: Zone::Body,
                    tag,
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
                tag: Tag::Artifact,
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
        // Both flows end here: what they still hold goes on their pages
        // (the notes of `other` on its own pages, as a chapter's stay in it).
        for flow in [&mut *self, &mut other] {
            while !flow.bands.is_empty() {
                flow.end_band();
            }
            flow.flush_notes();
            flow.draw_foot();
        }
        self.open_recto();
        let offset = self.pages.len();
        let map = self.structure.append(other.structure);
        let moved = |tag: Tag| match tag {
            Tag::Element(id) => Tag::Element(map(id)),
            Tag::Artifact => Tag::Artifact,
        };
        for mut page in other.pages {
            for item in &mut page.items {
                item.tag = moved(item.tag);
            }
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
        self.label = other.label.map(|(x, items, tag)| (x, items, moved(tag)));
        self.chapter = other.chapter;
        offset
    }

    /// Adds running heads and folios and returns the pages, with the
    /// structure tree their tags refer to.
    pub fn finish(
        mut self,
        fonts: &super::fonts::Fonts,
        book_title: &str,
    ) -> (Vec<Page>, Structure) {
        while !self.bands.is_empty() {
            self.end_band();
        }
        self.flush_notes();
        self.draw_foot();
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
                        tag: Tag::Artifact,
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
        (self.pages, self.structure)
    }
}
