//! The logical structure of the book for tagged PDF: what each placed item
//! *is* to a reader (a heading, a paragraph, a list label, a link, a
//! figure) or that it is page furniture (an artifact) not to be read.
//!
//! The layout knows what it places, so it builds the tree while it lays
//! the book out: it opens an element ([`Structure::open`]) before the
//! lines of a block and closes it after, and [`super::flow::Flow`] stamps
//! every item it places with the element open at that moment (a [`Tag`]).
//! Elements come in book order, whatever the page order is: a footnote
//! stands after the block that refers to it, though it is printed at the
//! foot of the page. The writer only turns the tags into marked content
//! and the tree into the PDF's structure tree (see
//! [`super::tagging`]).
//!
//! Links are found where they are set: an element's link areas become
//! `Link` elements holding the text runs inside them, attached to their
//! parent where their first content is drawn (so that, in a paragraph,
//! they stand between the text before and after them).

use super::page::{Item, LinkTarget};

/// An element's index in [`Structure::elements`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ElementId(pub u32);

impl ElementId {
    /// The root, the `Document` element every tree starts with.
    pub const ROOT: ElementId = ElementId(0);

    /// The index into [`Structure::elements`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a placed item is to a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tag {
    /// Content of an element.
    Element(ElementId),
    /// Page furniture or decoration (running heads, folios, rules,
    /// backgrounds, repeated table headers): not read.
    #[default]
    Artifact,
}

/// The standard structure types (ISO 32000-1, 14.8.4) the book uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The whole book.
    Document,
    /// A chapter (an issue).
    Part,
    /// An article, the preface, the title page.
    Sect,
    /// A heading of level 1 to 6.
    H(u8),
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's bullet or number.
    Lbl,
    /// A list item's content.
    LBody,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell.
    TH,
    /// A data cell.
    TD,
    /// A block quotation.
    BlockQuote,
    /// A code block.
    Code,
    /// A footnote or a link's URL note.
    Note,
    /// A link, with its annotations.
    Link,
    /// The table of contents.
    TOC,
    /// An entry of the contents.
    TOCI,
    /// An image, diagram or drawing, with its alternative text.
    Figure,
    /// A figure's caption.
    Caption,
}

impl Role {
    /// The structure type's name in the PDF.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Part => "Part",
            Role::Sect => "Sect",
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(3) => "H3",
            Role::H(4) => "H4",
            Role::H(5) => "H5",
            Role::H(_) => "H6",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::BlockQuote => "BlockQuote",
            Role::Code => "Code",
            Role::Note => "Note",
            Role::Link => "Link",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::Figure => "Figure",
            Role::Caption => "Caption",
        }
    }
}

/// One structure element.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Its type.
    pub role: Role,
    /// The element it belongs to (`None` for the root, and for a note
    /// not yet attached).
    pub parent: Option<ElementId>,
    /// Its child elements, in book order, as the layout attached them;
    /// the writer puts the element's own content, and the links found in
    /// it, among them in drawing order.
    pub kids: Vec<ElementId>,
    /// Whether it is among its parent's `kids`; a link is not, until the
    /// writer draws its first content.
    pub attached: bool,
    /// Alternative text (figures): what a reader hears instead of the
    /// content.
    pub alt: Option<String>,
    /// The element's title (`/T`): a heading's text, as navigation shows
    /// it.
    pub title: Option<String>,
}

/// The structure tree being built, and the elements open at the current
/// point of the layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// Every element; the root (`Document`) first.
    pub elements: Vec<Element>,
    /// Open elements, innermost last; what is placed now belongs to the
    /// last (or to the root).
    open: Vec<ElementId>,
    /// Notes referred to inside the innermost open element, attached
    /// after it when it closes.
    pending_notes: Vec<ElementId>,
    /// The last link found, with its parent and target: a link broken
    /// over two lines is one element.
    last_link: Option<(ElementId, LinkTarget, ElementId)>,
}

impl Default for Structure {
    fn default() -> Self {
        Self::new()
    }
}

/// Building the tree.
impl Structure {
    /// A tree with only its root.
    pub fn new() -> Self {
        Structure {
            elements: vec![Element {
                role: Role::Document,
                parent: None,
                kids: Vec::new(),
                attached: true,
                alt: None,
                title: None,
            }],
            open: Vec::new(),
            pending_notes: Vec::new(),
            last_link: None,
        }
    }

    /// The element that what is placed now belongs to.
    pub fn current(&self) -> ElementId {
        self.open.last().copied().unwrap_or(ElementId::ROOT)
    }

    /// The element `id`.
    pub fn get(&self, id: ElementId) -> Option<&Element> {
        self.elements.get(id.index())
    }

    fn push(&mut self, role: Role, parent: Option<ElementId>, attached: bool) -> ElementId {
        let id = ElementId(u32::try_from(self.elements.len()).unwrap_or(u32::MAX));
        self.elements.push(Element {
            role,
            parent,
            kids: Vec::new(),
            attached,
            alt: None,
            title: None,
        });
        if let (true, Some(parent)) = (attached, parent) {
            if let Some(p) = self.elements.get_mut(parent.index()) {
                p.kids.push(id);
            }
        }
        id
    }

    /// Opens an element of `role` as the last child of the current one;
    /// what is placed until [`Structure::close`] belongs to it.
    pub fn open(&mut self, role: Role) -> ElementId {
        let id = self.push(role, Some(self.current()), true);
        self.open.push(id);
        self.last_link = None;
        id
    }

    /// Closes the innermost open element; the notes referred to inside
    /// it follow it.
    pub fn close(&mut self) {
        let Some(closed) = self.open.pop() else {
            return;
        };
        self.last_link = None;
        // A table holds rows and cells only: the notes of its cells
        // follow the table.
        let in_table = matches!(
            self.elements[closed.index()].role,
            Role::TR | Role::TH | Role::TD
        );
        if !self.pending_notes.is_empty() && !in_table {
            let parent = self.elements[closed.index()]
                .parent
                .unwrap_or(ElementId::ROOT);
            self.attach_notes(parent);
        }
    }

    /// Sets the alternative text of `id`.
    pub fn set_alt(&mut self, id: ElementId, alt: String) {
        if let Some(e) = self.elements.get_mut(id.index()) {
            e.alt = Some(alt);
        }
    }

    /// Sets the title of `id` (a heading's text).
    pub fn set_title(&mut self, id: ElementId, title: String) {
        if let Some(e) = self.elements.get_mut(id.index()) {
            e.title = Some(title);
        }
    }

    /// A new `Note` element, attached after the innermost open element
    /// when that closes (or by [`Structure::attach_pending_notes`]).
    pub fn note(&mut self) -> ElementId {
        let id = self.push(Role::Note, None, false);
        self.pending_notes.push(id);
        id
    }

    /// Attaches the notes waiting for their element to close to the
    /// current element (notes nothing refers to, at an article's end).
    pub fn attach_pending_notes(&mut self) {
        self.attach_notes(self.current());
    }

    fn attach_notes(&mut self, parent: ElementId) {
        for note in std::mem::take(&mut self.pending_notes) {
            if let Some(e) = self.elements.get_mut(note.index()) {
                e.parent = Some(parent);
                e.attached = true;
            }
            if let Some(p) = self.elements.get_mut(parent.index()) {
                p.kids.push(note);
            }
        }
    }

    /// The tags of `items` placed together (one line, one table row):
    /// `tags[i]`, or `base` where `tags` has none, with each link area
    /// and the text runs inside it made a `Link` element in the element
    /// the area belongs to.
    pub fn tag_items(&mut self, items: &[Item], tags: &[Tag], base: Tag) -> Vec<Tag> {
        let mut out: Vec<Tag> = (0..items.len())
            .map(|i| tags.get(i).copied().unwrap_or(base))
            .collect();
        for (i, item) in items.iter().enumerate() {
            let (Item::Link(link), Tag::Element(parent)) = (item, out[i]) else {
                continue;
            };
            if self.get(parent).is_some_and(|e| e.role == Role::Link) {
                continue;
            }
            let id = match &self.last_link {
                Some((p, target, id)) if *p == parent && *target == link.target => *id,
                _ => {
                    let id = self.push(Role::Link, Some(parent), false);
                    self.last_link = Some((parent, link.target.clone(), id));
                    id
                }
            };
            out[i] = Tag::Element(id);
            let (left, right) = (link.rect.x, link.rect.right());
            let (top, bottom) = (link.rect.y, link.rect.bottom());
            for (j, other) in items.iter().enumerate() {
                if let (Item::Text(run), Tag::Element(p)) = (other, out[j]) {
                    let mid = run.origin.x + run.width / 2.0;
                    let inside = mid >= left
                        && mid <= right
                        && run.origin.y >= top
                        && run.origin.y <= bottom;
                    if p == parent && inside {
                        out[j] = Tag::Element(id);
                    }
                }
            }
        }
        out
    }

    /// Appends the elements of `other` (a part of the book laid out on its
    /// own): its root's children become this root's last children.
    /// Returns how to move one of `other`'s ids to this tree.
    pub fn append(&mut self, other: Structure) -> impl Fn(ElementId) -> ElementId {
        let offset = u32::try_from(self.elements.len()).unwrap_or(u32::MAX) - 1;
        let map = move |id: ElementId| {
            if id == ElementId::ROOT {
                ElementId::ROOT
            } else {
                ElementId(id.0.saturating_add(offset))
            }
        };
        let mut elements = other.elements.into_iter();
        if let Some(root) = elements.next() {
            self.elements[0].kids.extend(root.kids.into_iter().map(map));
        }
        for mut e in elements {
            e.parent = e.parent.map(map);
            for kid in &mut e.kids {
                *kid = map(*kid);
            }
            self.elements.push(e);
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::page::{Color, Link, TextRun};
    use crate::pdf::units::{Point, Pt, Rect};

    fn run(x: f32, text: &str) -> Item {
        Item::Text(TextRun {
            face: crate::pdf::fonts::Face::Regular,
            size: Pt(10.0),
            text: text.into(),
            origin: Point::new(Pt(x), Pt(8.0)),
            width: Pt(20.0),
            color: Color::BLACK,
            glyphs: Vec::new(),
            line_text: None,
        })
    }

    #[test]
    fn notes_follow_the_element_that_refers_to_them() {
        let mut s = Structure::new();
        let sect = s.open(Role::Sect);
        let p = s.open(Role::P);
        let note = s.note();
        s.close();
        let q = s.open(Role::P);
        s.close();
        s.close();
        assert_eq!(s.elements[sect.index()].kids, vec![p, note, q]);
        assert_eq!(s.elements[note.index()].parent, Some(sect));
    }

    #[test]
    fn the_runs_inside_a_link_area_are_the_link() {
        let mut s = Structure::new();
        let p = s.open(Role::P);
        let link = Item::Link(Link {
            rect: Rect::new(Pt(20.0), Pt(0.0), Pt(20.0), Pt(12.0)),
            target: LinkTarget::External("https://example.com".into()),
        });
        let items = [run(0.0, "a"), run(20.0, "b"), run(40.0, "c"), link];
        let tags = s.tag_items(&items, &[], Tag::Element(p));
        let Tag::Element(l) = tags[3] else {
            panic!("{tags:?}")
        };
        assert_eq!(s.elements[l.index()].role, Role::Link);
        assert_eq!(
            tags,
            vec![
                Tag::Element(p),
                Tag::Element(l),
                Tag::Element(p),
                Tag::Element(l)
            ]
        );
        assert!(!s.elements[l.index()].attached);
    }

    #[test]
    fn appending_moves_ids_along() {
        let mut a = Structure::new();
        a.open(Role::Sect);
        a.close();
        let mut b = Structure::new();
        let part = b.open(Role::Part);
        let h = b.open(Role::H(1));
        b.close();
        b.close();
        let map = a.append(b);
        assert_eq!(map(part), ElementId(2));
        assert_eq!(a.elements[0].kids, vec![ElementId(1), ElementId(2)]);
        assert_eq!(a.elements[2].kids, vec![map(h)]);
        assert_eq!(a.elements[3].parent, Some(ElementId(2)));
    }
}
