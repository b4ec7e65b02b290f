//! Tagged PDF, the writer's side of [`super::structure`]: the items' tags
//! become marked content in the pages' content streams, and the layout's
//! structure tree becomes the document's (`StructTreeRoot`), with what
//! PDF/UA-1 asks for around it.
//!
//! While a page's operators are made, a [`Marker`] wraps each stretch of
//! items of one element in a marked-content sequence with a number of its
//! own on the page (MCID), and everything else (running heads, folios,
//! rules, backgrounds) in an `/Artifact` sequence. [`finish`] then gives
//! each element its content in drawing order, writes the elements, the
//! parent tree that leads from content back to them, and ties each link
//! annotation to its `Link` element; [`finish`] also marks the catalog
//! (`MarkInfo`, `DisplayDocTitle`) and writes the XMP metadata with the
//! PDF/UA-1 identification.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf as pp;

use super::page::{Item, LaidOutBook, PositionedItem, Zone};
use super::structure::{ElementId, Role, Structure, Tag};
use super::units::Pt;

/// How a stretch of content is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Not read.
    Artifact,
    /// Content of an element.
    Content(ElementId),
}

/// Something a page's drawing gave the structure, in drawing order.
#[derive(Debug, Clone)]
enum Event {
    /// Marked content `mcid` belongs to `element`.
    Content { mcid: i64, element: ElementId },
    /// The page's next link annotation belongs to `element`.
    Annot { element: Option<ElementId> },
}

/// What the marked content of one page gives the structure tree.
#[derive(Debug, Clone, Default)]
pub struct PageMarks {
    events: Vec<Event>,
    /// The text drawn for links, which their annotations' descriptions
    /// are made of, each run with whether it goes on from the one before.
    texts: Vec<(ElementId, String, bool)>,
}

/// Marks the content of one page while its operators are made.
pub struct Marker<'a> {
    structure: &'a Structure,
    /// Whether the book is in Chinese (its Latin runs are marked English;
    /// otherwise its Han runs are marked Chinese).
    chinese: bool,
    open: Option<Mark>,
    next_mcid: i64,
    marks: PageMarks,
    /// Where the last run of each link on the page ends (baseline, x).
    last_run: BTreeMap<ElementId, (Pt, Pt)>,
}

impl<'a> Marker<'a> {
    /// A marker for a page of a book in `language` with `structure`.
    pub fn new(structure: &'a Structure, language: &str) -> Self {
        Marker {
            structure,
            chinese: crate::model::edition_key(language).starts_with("zh"),
            open: None,
            next_mcid: 0,
            marks: PageMarks::default(),
            last_run: BTreeMap::new(),
        }
    }

    fn role(&self, id: ElementId) -> Option<Role> {
        self.structure.get(id).map(|e| e.role)
    }

    /// How `positioned` is marked; `None` for a link area, which draws
    /// nothing.
    fn mark_of(&self, positioned: &PositionedItem) -> Option<Mark> {
        match (&positioned.item, positioned.zone, positioned.tag) {
            (Item::Link(_), _, _) => None,
            (_, Zone::Margin, _)
            | (Item::Line(_) | Item::Rect(_), _, _)
            | (_, _, Tag::Artifact) => Some(Mark::Artifact),
            (Item::Text(_) | Item::Image(_), _, Tag::Element(e)) => Some(Mark::Content(e)),
        }
    }

    /// The language of the text run `positioned` where it is not the
    /// document's: the writer marks the run alone with it (a span inside
    /// the element's sequence, so that the element's content stays one
    /// sequence).
    pub fn language(&self, positioned: &PositionedItem) -> Option<&'static str> {
        let (Item::Text(run), Tag::Element(e), Zone::Body) =
            (&positioned.item, positioned.tag, positioned.zone)
        else {
            return None;
        };
        // Code and drawings are no natural language.
        if matches!(self.role(e), Some(Role::Code | Role::Figure)) {
            return None;
        }
        run_language(self.chinese, &run.text)
    }

    /// Whether `positioned` needs a marked-content sequence other than the
    /// open one: the caller closes its text object, then calls
    /// [`Marker::switch`].
    pub fn changes(&self, positioned: &PositionedItem) -> bool {
        self.mark_of(positioned)
            .is_some_and(|mark| Some(mark) != self.open)
    }

    /// Closes the open sequence, if any: before the end of the text
    /// object it was opened in, as sequences and text objects nest.
    pub fn close(&mut self, ops: &mut Vec<pp::Op>) {
        if self.open.take().is_some() {
            ops.push(pp::Op::EndMarkedContent);
        }
    }

    /// Closes the open sequence and opens the one `positioned` needs.
    pub fn switch(&mut self, positioned: &PositionedItem, ops: &mut Vec<pp::Op>) {
        let Some(mark) = self.mark_of(positioned) else {
            return;
        };
        self.close(ops);
        match mark {
            Mark::Artifact => ops.push(pp::Op::BeginMarkedContent {
                tag: "Artifact".into(),
            }),
            Mark::Content(element) => {
                let mcid = self.next_mcid;
                self.next_mcid += 1;
                let map = BTreeMap::from([("MCID".to_string(), pp::DictItem::Int(mcid))]);
                let role = self.role(element).unwrap_or(Role::P);
                ops.push(pp::Op::BeginMarkedContentWithProperties {
                    tag: role.name().into(),
                    properties: pp::DictItem::Dict { map },
                });
                self.marks.events.push(Event::Content { mcid, element });
            }
        }
        self.open = Some(mark);
    }

    /// Notes what `positioned` gives the structure: a link annotation, the
    /// text of a link.
    pub fn record(&mut self, positioned: &PositionedItem) {
        match (&positioned.item, positioned.tag) {
            (Item::Link(_), tag) => {
                let element = match tag {
                    Tag::Element(e) => Some(e),
                    Tag::Artifact => None,
                };
                self.marks.events.push(Event::Annot { element });
            }
            (Item::Text(run), Tag::Element(e)) if self.role(e) == Some(Role::Link) => {
                // A run that goes on from the last on its line is glued
                // to it; one on another line or after a gap is a word of
                // its own.
                let end = run.origin.x + run.width;
                let glued = self.last_run.get(&e).is_some_and(|&(y, x)| {
                    y == run.origin.y && (run.origin.x - x).0.abs() < run.size.0 * 0.1
                });
                self.last_run.insert(e, (run.origin.y, end));
                self.marks.texts.push((e, run.text.clone(), glued));
            }
            _ => {}
        }
    }

    /// Closes the open sequence (after the page's last text object) and
    /// returns what the page gave the structure.
    pub fn finish(mut self, ops: &mut Vec<pp::Op>) -> PageMarks {
        if self.open.take().is_some() {
            ops.push(pp::Op::EndMarkedContent);
        }
        self.marks
    }
}

/// Opens a span of text in `lang` (closed by `EMC`).
pub fn language_span(lang: &str) -> pp::Op {
    let map = BTreeMap::from([(
        "Lang".to_string(),
        pp::DictItem::String {
            data: lang.as_bytes().to_vec(),
            literal: true,
        },
    )]);
    pp::Op::BeginMarkedContentWithProperties {
        tag: "Span".into(),
        properties: pp::DictItem::Dict { map },
    }
}

/// The language of a run of text where it is not the book's: Latin words
/// in a Chinese book are English, Han characters in another book are
/// Chinese (the readers know no more than the script).
fn run_language(chinese_book: bool, text: &str) -> Option<&'static str> {
    let han = text.chars().any(is_han);
    if chinese_book {
        (!han && text.chars().any(|c| c.is_ascii_alphabetic())).then_some("en")
    } else {
        han.then_some("zh")
    }
}

/// Whether `c` is a Han character (CJK Unified Ideographs and their
/// extensions, compatibility ideographs).
fn is_han(c: char) -> bool {
    matches!(u32::from(c),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// A child of an element in the written tree.
#[derive(Debug, Clone, Copy)]
enum Kid {
    Element(ElementId),
    Content { page: usize, mcid: i64 },
    Annot { page: usize, annot: ObjectId },
}

/// `text` as a PDF text string: as it is when it is printable ASCII
/// (which PDFDocEncoding shares), else in UTF-16BE.
fn text_string(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

/// Writes the structure tree of `book` from what its pages' markers
/// recorded (`marks`, one per page in order), ties the link annotations
/// to it, and marks the document as tagged PDF/UA-1.
pub fn finish(doc: &mut lopdf::Document, book: &LaidOutBook, marks: Vec<PageMarks>) {
    let structure = &book.structure;
    let count = structure.elements.len();
    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let mut kids: Vec<Vec<Kid>> = structure
        .elements
        .iter()
        .map(|e| e.kids.iter().map(|&k| Kid::Element(k)).collect())
        .collect();
    let mut attached: Vec<bool> = structure.elements.iter().map(|e| e.attached).collect();
    let mut first_page: Vec<Option<usize>> = vec![None; count];
    let mut texts: BTreeMap<ElementId, String> = BTreeMap::new();
    // Parent tree: per page, the element of each MCID; per annotation, its
    // element (keys after the pages').
    let mut page_parents: Vec<Vec<ElementId>> = vec![Vec::new(); page_ids.len()];
    let mut annot_parents: Vec<(ObjectId, ElementId)> = Vec::new();

    // A link is attached to its parent where its first content is drawn.
    let mut attach = |id: ElementId, kids: &mut Vec<Vec<Kid>>| {
        let mut id = id;
        while !attached[id.index()] {
            attached[id.index()] = true;
            let Some(parent) = structure.elements[id.index()].parent else {
                break;
            };
            kids[parent.index()].push(Kid::Element(id));
            id = parent;
        }
    };

    for (page, page_marks) in marks.into_iter().enumerate() {
        for (element, text, glued) in page_marks.texts {
            let t = texts.entry(element).or_default();
            if !t.is_empty() && !glued {
                t.push(' ');
            }
            t.push_str(&text);
        }
        let Some(&page_id) = page_ids.get(page) else {
            continue;
        };
        let annots = annotations_of(doc, page_id);
        let mut next_annot = annots.into_iter();
        for event in page_marks.events {
            match event {
                Event::Content { mcid, element } if element.index() < count => {
                    attach(element, &mut kids);
                    first_page[element.index()].get_or_insert(page);
                    kids[element.index()].push(Kid::Content { page, mcid });
                    page_parents[page].push(element);
                }
                Event::Annot { element } => {
                    let Some(annot) = next_annot.next() else {
                        continue;
                    };
                    if let Some(element) = element.filter(|e| e.index() < count) {
                        attach(element, &mut kids);
                        first_page[element.index()].get_or_insert(page);
                        kids[element.index()].push(Kid::Annot { page, annot });
                        annot_parents.push((annot, element));
                    }
                }
                Event::Content { .. } => {}
            }
        }
    }

    // Elements without content are left out (ids of children are higher
    // than their parents').
    let mut keep = vec![false; count];
    for id in (0..count).rev() {
        keep[id] = kids[id].iter().any(|k| match k {
            Kid::Element(e) => keep.get(e.index()).copied().unwrap_or(false),
            _ => true,
        });
    }
    keep[0] = true;
    let object_ids: Vec<Option<ObjectId>> = keep
        .iter()
        .map(|&k| k.then(|| doc.new_object_id()))
        .collect();
    let root_id = doc.new_object_id();

    for (index, element) in structure.elements.iter().enumerate() {
        let Some(own) = object_ids[index] else {
            continue;
        };
        let mut dict = Dictionary::new();
        dict.set("Type", name("StructElem"));
        dict.set("S", name(element.role.name()));
        let parent = element
            .parent
            .and_then(|p| object_ids.get(p.index()).copied().flatten())
            .unwrap_or(root_id);
        dict.set("P", Object::Reference(parent));
        let page = first_page[index];
        if let Some(&page_id) = page.and_then(|p| page_ids.get(p)) {
            dict.set("Pg", Object::Reference(page_id));
        }
        let mut k = Vec::new();
        for kid in &kids[index] {
            match *kid {
                Kid::Element(e) => {
                    if let Some(Some(id)) = object_ids.get(e.index()) {
                        k.push(Object::Reference(*id));
                    }
                }
                Kid::Content { page: p, mcid } if Some(p) == page => k.push(Object::Integer(mcid)),
                Kid::Content { page: p, mcid } => {
                    let mut mcr = Dictionary::new();
                    mcr.set("Type", name("MCR"));
                    mcr.set("Pg", Object::Reference(page_ids[p]));
                    mcr.set("MCID", Object::Integer(mcid));
                    k.push(Object::Dictionary(mcr));
                }
                Kid::Annot { page: p, annot } => {
                    let mut objr = Dictionary::new();
                    objr.set("Type", name("OBJR"));
                    objr.set("Pg", Object::Reference(page_ids[p]));
                    objr.set("Obj", Object::Reference(annot));
                    k.push(Object::Dictionary(objr));
                }
            }
        }
        // One kid stands alone (some readers take `/K` for one only).
        let k = match <[Object; 1]>::try_from(k) {
            Ok([one]) => one,
            Err(k) => Object::Array(k),
        };
        dict.set("K", k);
        if let Some(alt) = &element.alt {
            dict.set("Alt", text_string(alt));
        }
        if let Some(title) = &element.title {
            dict.set("T", text_string(title));
        }
        if element.role == Role::Note {
            // PDF/UA-1 (7.9): a note has an ID of its own.
            let id = format!("note-{index}").into_bytes();
            dict.set("ID", Object::String(id, StringFormat::Literal));
        }
        if element.role == Role::TH {
            let mut a = Dictionary::new();
            a.set("O", name("Table"));
            a.set("Scope", name("Column"));
            dict.set("A", Object::Dictionary(a));
        }
        doc.objects.insert(own, Object::Dictionary(dict));
    }

    // The annotations: a description, and the key of their element.
    let pages = page_ids.len() as i64;
    let mut nums = Vec::new();
    for (page, parents) in page_parents.iter().enumerate() {
        if parents.is_empty() {
            continue;
        }
        let refs = parents
            .iter()
            .map(|e| object_ids[e.index()].map_or(Object::Null, Object::Reference))
            .collect();
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Array(refs));
        if let Ok(dict) = doc.get_dictionary_mut(page_ids[page]) {
            dict.set("StructParents", Object::Integer(page as i64));
        }
    }
    for (i, &(annot, element)) in annot_parents.iter().enumerate() {
        let key = pages + i as i64;
        let description = texts
            .get(&element)
            .map(|t| normalize_space(t))
            .filter(|t| !t.is_empty());
        if let Ok(dict) = doc.get_dictionary_mut(annot) {
            dict.set("StructParent", Object::Integer(key));
            let uri = dict
                .get(b"A")
                .and_then(Object::as_dict)
                .and_then(|a| a.get(b"URI"))
                .and_then(Object::as_str)
                .map(|u| String::from_utf8_lossy(u).into_owned())
                .ok();
            let text = description.or(uri).unwrap_or_else(|| "Link".to_string());
            dict.set("Contents", text_string(&text));
        }
        if let Some(Some(id)) = object_ids.get(element.index()) {
            nums.push(Object::Integer(key));
            nums.push(Object::Reference(*id));
        }
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let mut root = Dictionary::new();
    root.set("Type", name("StructTreeRoot"));
    if let Some(Some(document)) = object_ids.first() {
        root.set("K", Object::Reference(*document));
    }
    root.set("ParentTree", Object::Dictionary(parent_tree));
    root.set(
        "ParentTreeNextKey",
        Object::Integer(pages + annot_parents.len() as i64),
    );
    doc.objects.insert(root_id, Object::Dictionary(root));

    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("StructTreeRoot", Object::Reference(root_id));
        let mut mark_info = Dictionary::new();
        mark_info.set("Marked", Object::Boolean(true));
        catalog.set("MarkInfo", Object::Dictionary(mark_info));
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", Object::Boolean(true));
        catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    }
}

/// `text` with each run of white space one space, trimmed.
fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The link annotations of page `page_id`, each made an object of its own
/// (printpdf writes them into the page's `/Annots`), with the tab order
/// the structure's (`/Tabs /S`) when there are any.
fn annotations_of(doc: &mut lopdf::Document, page_id: ObjectId) -> Vec<ObjectId> {
    let annots = match doc
        .get_dictionary(page_id)
        .and_then(|page| page.get(b"Annots"))
    {
        Ok(Object::Array(annots)) => annots.clone(),
        _ => return Vec::new(),
    };
    if annots.is_empty() {
        return Vec::new();
    }
    let ids: Vec<ObjectId> = annots
        .into_iter()
        .map(|annot| match annot {
            Object::Reference(id) => id,
            other => doc.add_object(other),
        })
        .collect();
    if let Ok(page) = doc.get_dictionary_mut(page_id) {
        page.set(
            "Annots",
            Object::Array(ids.iter().map(|&id| Object::Reference(id)).collect()),
        );
        page.set("Tabs", name("S"));
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_in_another_script_get_their_language() {
        assert_eq!(run_language(true, "Kubernetes in Action"), Some("en"));
        assert_eq!(run_language(true, "中文 and more"), None);
        assert_eq!(run_language(true, "2019，"), None);
        assert_eq!(run_language(false, "CJK 中文"), Some("zh"));
        assert_eq!(run_language(false, "plain"), None);
    }
}
