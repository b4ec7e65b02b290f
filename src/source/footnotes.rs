//! Footnotes of a Markdown issue: GFM `[^label]` references and
//! `[^label]: text` definitions, turned into numbered notes of the article
//! (or chapter lead) they are referenced in.
//!
//! While the Markdown reader folds events, each reference becomes an
//! [`Inline::NoteRef`] whose `number` is, for the time being, the label's
//! id in a [`NoteTable`], and each definition is stored in the table.
//! Once the issue is split into articles, [`attach`] numbers the notes of
//! one article: from 1, in the order of their first reference in the
//! title and the blocks, then in the notes' own text (a note may refer to
//! another). A note referenced from two articles belongs to both, and is
//! numbered in each. A definition nothing refers to, and a second
//! definition of a label, are reported and kept as notes of the article
//! they stand in, after its referenced notes.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::model::{for_each_inline_in, for_each_inline_mut, Block, Inline, Note};

/// How much note text (in bytes of its debug form, a rough measure) may be
/// copied into articles beyond the first that refers to each note: a note
/// referenced from many articles is copied into each, and this keeps a
/// hostile file from multiplying one big note thousands of times.
const COPY_BUDGET: usize = 8 * 1024 * 1024;

/// One footnote definition as read.
#[derive(Debug)]
struct Definition {
    /// The label's id (see [`NoteTable::intern`]).
    id: u32,
    /// The note's text, its references still holding label ids.
    blocks: Vec<Block>,
    /// The 1-based file line of the definition.
    line: usize,
}

/// The footnote labels and definitions of one issue.
#[derive(Debug, Default)]
pub struct NoteTable {
    /// Each label as first written, by id.
    labels: Vec<String>,
    /// Ids by normalized label (labels match without regard to case and
    /// runs of white space, as pulldown-cmark matches them).
    ids: HashMap<String, u32>,
    /// Every definition, in file order.
    definitions: Vec<Definition>,
    /// The first definition of each label id (an index of `definitions`).
    first: HashMap<u32, usize>,
    /// How much has been copied so far (see [`COPY_BUDGET`]).
    copied: usize,
    /// The definitions already given to an article.
    given: HashSet<usize>,
    /// The measured size of each definition copied so far.
    weights: HashMap<usize, usize>,
    /// The definitions refused a copy (reported once each).
    refused: HashSet<usize>,
}

/// The label as footnote labels are compared.
fn normalize(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl NoteTable {
    /// The id of `label`, made on first sight.
    pub fn intern(&mut self, label: &str) -> u32 {
        let key = normalize(label);
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = u32::try_from(self.labels.len()).unwrap_or(u32::MAX);
        self.labels.push(label.to_string());
        self.ids.insert(key, id);
        id
    }

    /// Records the definition of `label` at file `line`; returns its index
    /// (what [`crate::source::markdown`] keeps where it stood).
    pub fn define(&mut self, label: &str, blocks: Vec<Block>, line: usize) -> usize {
        let id = self.intern(label);
        let index = self.definitions.len();
        self.definitions.push(Definition { id, blocks, line });
        self.first.entry(id).or_insert(index);
        index
    }

    /// True when the table holds nothing (the issue uses no footnotes).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    fn label(&self, id: u32) -> &str {
        self.labels
            .get(id as usize)
            .map(String::as_str)
            .unwrap_or("?")
    }

    /// Adds the label ids referenced in the definitions to `seen`.
    pub fn references_in_definitions(&mut self, seen: &mut HashSet<u32>) {
        for definition in &mut self.definitions {
            for_each_inline_mut(&mut definition.blocks, &mut |i| note_id(i, seen));
        }
    }

    /// Reports the definitions at `located` (indices given back by
    /// [`NoteTable::define`]) that are not the first definition of their
    /// label or whose label nothing refers to (`referenced`), and returns
    /// them: they are kept as notes of the part they stand in.
    pub fn strays(
        &self,
        located: &[usize],
        referenced: &HashSet<u32>,
        file: &Path,
        diags: &mut Diagnostics,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        for &index in located {
            let Some(definition) = self.definitions.get(index) else {
                continue;
            };
            let label = self.label(definition.id);
            let first = self.first.get(&definition.id).copied();
            if first != Some(index) {
                let first_line = first
                    .and_then(|f| self.definitions.get(f))
                    .map_or(0, |d| d.line);
                diags.warn(
                    file,
                    Some(definition.line),
                    format!(
                        "footnote [^{label}] is defined again (first at line {first_line}); \
                         references use the first definition, this one is kept as a note of its own"
                    ),
                );
                out.push(index);
            } else if !referenced.contains(&definition.id) {
                diags.warn(
                    file,
                    Some(definition.line),
                    format!(
                        "footnote [^{label}] is never referenced; its text is kept as a note \
                         after the other notes of the article"
                    ),
                );
                out.push(index);
            }
        }
        out
    }

    /// Numbers the notes of one article (its `title` and `blocks`, plus the
    /// stray definitions `strays` that stand in it) and returns them, the
    /// references rewritten to the note numbers. See the module
    /// documentation for the order.
    pub fn attach(
        &mut self,
        title: &mut [Inline],
        blocks: &mut [Block],
        strays: &[usize],
        file: &Path,
        diags: &mut Diagnostics,
    ) -> Vec<Note> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut numbering = Numbering::default();
        for_each_inline_in(title, &mut |i| {
            self.renumber(i, &mut numbering, file, diags)
        });
        for_each_inline_mut(blocks, &mut |i| {
            self.renumber(i, &mut numbering, file, diags)
        });
        let mut notes = Vec::new();
        let mut strays = strays.iter();
        loop {
            while notes.len() < numbering.order.len() {
                let index = numbering.order[notes.len()];
                let mut body = self.copy(index);
                for_each_inline_mut(&mut body, &mut |i| {
                    self.renumber(i, &mut numbering, file, diags)
                });
                notes.push(Note { blocks: body });
            }
            match strays.next() {
                Some(&index) => {
                    if let Some(definition) = self.definitions.get(index) {
                        let id = definition.id;
                        if self.first.get(&id) == Some(&index) {
                            if numbering.by_id.contains_key(&id) {
                                continue;
                            }
                            numbering.assign(id, index);
                        } else {
                            numbering.order.push(index);
                        }
                    }
                }
                None => break,
            }
        }
        notes
    }

    /// A copy of the text of definition `index`.
    fn copy(&self, index: usize) -> Vec<Block> {
        self.definitions
            .get(index)
            .map(|d| d.blocks.clone())
            .unwrap_or_default()
    }

    /// Rewrites a reference holding a label id into the note number of
    /// `numbering`, giving the label the next number on first sight. A
    /// reference that cannot be given a note becomes its text again.
    fn renumber(
        &mut self,
        inline: &mut Inline,
        numbering: &mut Numbering,
        file: &Path,
        diags: &mut Diagnostics,
    ) {
        let Inline::NoteRef { number: id } = *inline else {
            return;
        };
        if let Some(&n) = numbering.by_id.get(&id) {
            *inline = Inline::NoteRef { number: n };
            return;
        }
        let Some(&index) = self.first.get(&id) else {
            *inline = Inline::Text(format!("[^{}]", self.label(id)));
            return;
        };
        if !self.given.insert(index) {
            let definitions = &self.definitions;
            let weight = *self
                .weights
                .entry(index)
                .or_insert_with(|| format!("{:?}", definitions[index].blocks).len());
            if self.copied.saturating_add(weight) > COPY_BUDGET {
                let definition = &self.definitions[index];
                if self.refused.insert(index) {
                    diags.warn(
                        file,
                        Some(definition.line),
                        format!(
                        "footnote [^{}] is referenced from too many articles to be copied into \
                         each; further references are kept as text",
                        self.label(id)
                    ),
                    );
                }
                *inline = Inline::Text(format!("[^{}]", self.label(id)));
                return;
            }
            self.copied += weight;
        }
        let n = numbering.assign(id, index);
        *inline = Inline::NoteRef { number: n };
    }
}

/// Adds the label id of a reference (before numbering) to `seen`.
fn note_id(inline: &mut Inline, seen: &mut HashSet<u32>) {
    if let Inline::NoteRef { number } = inline {
        seen.insert(*number);
    }
}

/// Adds the label ids referenced in `blocks` (before numbering) to `seen`.
pub fn references_in(blocks: &mut [Block], seen: &mut HashSet<u32>) {
    for_each_inline_mut(blocks, &mut |i| note_id(i, seen));
}

/// Adds the label ids referenced in `inlines` (before numbering) to `seen`.
pub fn references_in_inlines(inlines: &mut [Inline], seen: &mut HashSet<u32>) {
    for_each_inline_in(inlines, &mut |i| note_id(i, seen));
}

/// The notes of one article as they are numbered.
#[derive(Default)]
struct Numbering {
    /// Note number by label id.
    by_id: HashMap<u32, u32>,
    /// The definition of each note, in number order.
    order: Vec<usize>,
}

impl Numbering {
    fn assign(&mut self, id: u32, index: usize) -> u32 {
        self.order.push(index);
        let n = u32::try_from(self.order.len()).unwrap_or(u32::MAX);
        self.by_id.insert(id, n);
        n
    }
}
