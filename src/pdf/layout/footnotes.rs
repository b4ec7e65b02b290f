//! Footnotes at the foot of the page: each note is set small, its number
//! hanging in a column, and placed on the page of its first reference
//! (see [`crate::pdf::flow::Flow::place_noted`]). Notes are numbered
//! through a chapter in print.

use super::Layouter;
use crate::model::{Block, Inline, Note};
use crate::pdf::flow::Strip;
use crate::pdf::fonts::Face;
use crate::pdf::page::{Color, Item, TextRun};
use crate::pdf::structure::Tag;
use crate::pdf::style::{self, TextStyle};
use crate::pdf::text::{set_paragraph, set_paragraph_in, set_plain, Alignment, SetLine};
use crate::pdf::units::{Point, Pt};
use std::borrow::Cow;

/// The footnotes of one article or chapter lead as the layout places them:
/// each at the foot of the page of its first reference (see
/// [`crate::pdf::flow::Flow::place_noted`]).
pub(super) struct NoteScope<'a> {
    notes: Cow<'a, [Note]>,
    /// The number of the first of `notes` (notes are numbered through the
    /// chapter in print, so that a page never shows two notes of one
    /// number).
    first: u32,
    /// Each note's lines and the notes its own text refers to, set on
    /// first use (index: number - first).
    set: Vec<Option<(Vec<Strip>, Vec<u32>)>>,
    /// Whether each note is placed.
    placed: Vec<bool>,
    /// The width of the column the note numbers hang in.
    label_width: Pt,
}

/// Footnotes: numbering, setting and placing them.
impl<'a> Layouter<'a> {
    /// Starts laying out content whose footnotes are `notes`.
    pub(super) fn begin_notes(&mut self, notes: Cow<'a, [Note]>) {
        let size = style::FOOTNOTE_SIZE;
        let count = notes.len();
        let first = self.chapter_notes + 1;
        let widest = format!("{}.", (first as usize + count).max(9));
        self.notes = Some(NoteScope {
            notes,
            first,
            set: vec![None; count],
            placed: vec![false; count],
            label_width: self.fonts.text_width(Face::Regular, size, &widest)
                + style::FOOTNOTE_LABEL_GAP,
        });
    }

    /// Ends the footnote scope: notes nothing placed (those no reference
    /// points to) go to the foot of the current page, or continue on the
    /// next.
    pub(super) fn end_notes(&mut self) {
        let Some((first, count)) = self.notes.as_ref().map(|s| (s.first, s.notes.len())) else {
            return;
        };
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        let all: Vec<u32> = (first..first.saturating_add(count)).collect();
        let lines = self.take_notes(&all);
        // Notes nothing refers to close what they belong to.
        self.flow.structure.attach_pending_notes();
        self.flow.add_notes(lines);
        self.chapter_notes = self.chapter_notes.saturating_add(count);
        self.notes = None;
    }

    /// The lines of the notes `refs` refer to that are not placed yet, and
    /// of the notes their text refers to in turn; marks them placed. Each
    /// note is a `Note` element of the structure, which follows the
    /// element that refers to it.
    pub(super) fn take_notes(&mut self, refs: &[u32]) -> Vec<Strip> {
        let (mut strips, marked) = self.note_lines(refs);
        let Some(scope) = self.notes.as_ref() else {
            return strips;
        };
        let counts: Vec<usize> = marked
            .iter()
            .map(|&i| scope.set[i].as_ref().map_or(0, |(lines, _)| lines.len()))
            .collect();
        let mut rest = &mut strips[..];
        for count in counts {
            let note = Tag::Element(self.flow.structure.note());
            let (these, after) = rest.split_at_mut(count.min(rest.len()));
            for strip in these {
                strip.tags = vec![note; strip.items.len()];
            }
            rest = after;
        }
        strips
    }

    /// The heights of the lines [`Self::take_notes`] would give for each
    /// of `lines` in turn (a note is counted at its first reference).
    pub(super) fn note_heights(&mut self, lines: &[SetLine]) -> Vec<Pt> {
        if self.notes.is_none() || lines.iter().all(|l| l.notes.is_empty()) {
            return vec![Pt::ZERO; lines.len()];
        }
        let mut marked = Vec::new();
        let heights = lines
            .iter()
            .map(|line| {
                let (strips, newly) = self.note_lines(&line.notes);
                marked.extend(newly);
                let heights: Vec<Pt> = strips.iter().map(|s| s.height).collect();
                self.flow.foot_need(&heights)
            })
            .collect();
        if let Some(scope) = self.notes.as_mut() {
            for index in marked {
                scope.placed[index] = false;
            }
        }
        heights
    }

    /// See [`Self::take_notes`]; also returns the indices of the notes it
    /// marked placed.
    fn note_lines(&mut self, refs: &[u32]) -> (Vec<Strip>, Vec<usize>) {
        let mut out = Vec::new();
        let mut marked = Vec::new();
        if refs.is_empty() || self.notes.is_none() {
            return (out, marked);
        }
        let mut queue: std::collections::VecDeque<u32> = refs.iter().copied().collect();
        while let Some(n) = queue.pop_front() {
            let Some(scope) = self.notes.as_mut() else {
                break;
            };
            let index = n.wrapping_sub(scope.first) as usize;
            if scope.placed.get(index).is_none_or(|&p| p) {
                continue;
            }
            scope.placed[index] = true;
            marked.push(index);
            if scope.set[index].is_none() {
                // Set once per note: a copy frees `self` for setting it.
                let (note, label_width) = (scope.notes[index].clone(), scope.label_width);
                let set = self.set_note(n, &note, label_width);
                if let Some(scope) = self.notes.as_mut() {
                    scope.set[index] = Some(set);
                }
            }
            if let Some((lines, inner)) = self.notes.as_ref().and_then(|s| s.set[index].as_ref()) {
                out.extend(lines.iter().cloned());
                queue.extend(inner.iter().copied());
            }
        }
        (out, marked)
    }

    /// Sets note `n` for the foot of the page: its number hanging in a
    /// column of `label_width`, its text small beside it. Returns the lines
    /// (as strips whose items are placed from the text block's left) and
    /// the notes its text refers to.
    ///
    /// Notes are short: their blocks are set as paragraphs (a list item
    /// with its mark, a code line as code, a table row with its cells
    /// joined by `|`, an image as its description and address).
    fn set_note(&self, n: u32, note: &Note, label_width: Pt) -> (Vec<Strip>, Vec<u32>) {
        let size = style::FOOTNOTE_SIZE;
        let width = self.flow.measure() - label_width;
        let mut paragraphs = Vec::new();
        note_paragraphs(&note.blocks, Face::Regular, &mut paragraphs);
        if paragraphs.is_empty() {
            paragraphs.push(NoteParagraph {
                inlines: Vec::new(),
                face: Face::Regular,
                justify: false,
            });
        }
        let mut strips = Vec::new();
        let mut refs = Vec::new();
        for (i, paragraph) in paragraphs.iter().enumerate() {
            let style = TextStyle::new(paragraph.face, size);
            let mut lines = if paragraph.justify {
                set_paragraph_in(
                    self.fonts,
                    &paragraph.inlines,
                    &style,
                    width,
                    Alignment::Justify,
                    style::FOOTNOTE_LEADING,
                    self.lang,
                )
            } else {
                set_paragraph(
                    self.fonts,
                    &paragraph.inlines,
                    &style,
                    width,
                    Alignment::Left,
                    style::FOOTNOTE_LEADING,
                )
            };
            if lines.is_empty() {
                lines = set_plain(
                    self.fonts,
                    " ",
                    &style,
                    width,
                    Alignment::Left,
                    style::FOOTNOTE_LEADING,
                );
            }
            if i == 0 {
                let label = format!("{n}.");
                self.hang_label(
                    &mut lines,
                    label,
                    size,
                    style::FOOTNOTE_LABEL_GAP,
                    style::TEXT_COLOR,
                );
            }
            for line in lines {
                for &r in &line.notes {
                    if !refs.contains(&r) {
                        refs.push(r);
                    }
                }
                strips.push(Strip {
                    height: line.height,
                    baseline: Some(line.baseline),
                    items: line
                        .items
                        .into_iter()
                        .map(|item| item.translated(label_width, Pt::ZERO))
                        .collect(),
                    tags: Vec::new(),
                });
            }
        }
        (strips, refs)
    }

    /// Hangs `label` (a note's number) in the margin left of the first of
    /// `lines`, `gap` before the text, in the regular face at `size`.
    pub(super) fn hang_label(
        &self,
        lines: &mut [SetLine],
        label: String,
        size: Pt,
        gap: Pt,
        color: Color,
    ) {
        let Some(first) = lines.first_mut() else {
            return;
        };
        let width = self.fonts.text_width(Face::Regular, size, &label);
        // First, so that it is read (and extracted) before the text.
        first.items.insert(
            0,
            Item::Text(TextRun {
                face: Face::Regular,
                size,
                text: label,
                origin: Point::new(-width - gap, first.baseline),
                width,
                color,
                glyphs: Vec::new(),
                line_text: None,
            }),
        );
    }
}

/// One paragraph of a footnote as the foot of the page shows it.
struct NoteParagraph {
    inlines: Vec<Inline>,
    face: Face,
    /// Running text is justified; code and table rows are not.
    justify: bool,
}

/// The blocks of a footnote as paragraphs (see [`Layouter::set_note`]).
fn note_paragraphs(blocks: &[Block], face: Face, out: &mut Vec<NoteParagraph>) {
    let text = |inlines: Vec<Inline>, face: Face, justify: bool| NoteParagraph {
        inlines,
        face,
        justify,
    };
    for block in blocks {
        match block {
            Block::Paragraph(c) => out.push(text(c.clone(), face, true)),
            Block::Heading { content, .. } => out.push(text(content.clone(), face.bolder(), false)),
            Block::List { start, items } => {
                for (i, item) in items.iter().enumerate() {
                    let mark = match start {
                        Some(n) => format!("{}. ", n.saturating_add(i as u64)),
                        None => "• ".to_string(),
                    };
                    let first = out.len();
                    note_paragraphs(item, face, out);
                    match out.get_mut(first) {
                        Some(p) => p.inlines.insert(0, Inline::Text(mark)),
                        None => out.push(text(vec![Inline::Text(mark)], face, false)),
                    }
                }
            }
            Block::Quote(b) => note_paragraphs(b, face.italicized(), out),
            Block::Code(code) => {
                for line in code.text.split('\n') {
                    out.push(text(vec![Inline::Code(line.to_string())], face, false));
                }
            }
            Block::Mermaid(source) => {
                out.push(text(
                    vec![Inline::Text("Mermaid diagram (source):".into())],
                    face.italicized(),
                    false,
                ));
                for line in source.split('\n') {
                    out.push(text(vec![Inline::Code(line.to_string())], face, false));
                }
            }
            Block::Figure { image, caption } => {
                let alt = if image.alt.trim().is_empty() {
                    "[image] ".to_string()
                } else {
                    format!("[image: {}] ", image.alt.trim())
                };
                out.push(text(
                    vec![
                        Inline::Text(alt),
                        Inline::Link {
                            url: image.url.clone(),
                            content: vec![Inline::Code(image.url.clone())],
                        },
                    ],
                    face,
                    false,
                ));
                if let Some(caption) = caption {
                    out.push(text(caption.clone(), face.italicized(), true));
                }
            }
            Block::Table { header, rows, .. } => {
                for row in std::iter::once(header).chain(rows) {
                    let mut inlines = Vec::new();
                    for (i, cell) in row.iter().enumerate() {
                        if i > 0 {
                            inlines.push(Inline::Text(" | ".into()));
                        }
                        inlines.extend(cell.iter().cloned());
                    }
                    if !inlines.is_empty() {
                        out.push(text(inlines, face, false));
                    }
                }
            }
            Block::Rule => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CodeBlock, CodeKind, Image};

    fn t(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    fn paragraphs(blocks: &[Block]) -> Vec<NoteParagraph> {
        let mut out = Vec::new();
        note_paragraphs(blocks, Face::Regular, &mut out);
        out
    }

    #[test]
    fn list_items_start_with_their_marks() {
        let blocks = [Block::List {
            start: Some(7),
            items: vec![vec![Block::Paragraph(vec![t("first")])], vec![]],
        }];
        let out = paragraphs(&blocks);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].inlines, vec![t("7. "), t("first")]);
        // An empty item still shows its mark.
        assert_eq!(out[1].inlines, vec![t("8. ")]);
    }

    #[test]
    fn code_is_a_paragraph_per_line_unjustified() {
        let blocks = [Block::Code(CodeBlock {
            language: None,
            text: "a = 1\nb = 2".into(),
            kind: CodeKind::Program,
        })];
        let out = paragraphs(&blocks);
        let lines: Vec<&[Inline]> = out.iter().map(|p| &p.inlines[..]).collect();
        assert_eq!(
            lines,
            vec![
                &[Inline::Code("a = 1".into())][..],
                &[Inline::Code("b = 2".into())][..]
            ]
        );
        assert!(out.iter().all(|p| !p.justify));
    }

    #[test]
    fn table_rows_join_their_cells_and_quotes_turn_italic() {
        let blocks = [
            Block::Table {
                align: Vec::new(),
                header: vec![vec![t("k")], vec![t("v")]],
                rows: vec![vec![vec![t("x")], vec![t("1")]]],
            },
            Block::Quote(vec![Block::Paragraph(vec![t("said")])]),
        ];
        let out = paragraphs(&blocks);
        assert_eq!(out[0].inlines, vec![t("k"), t(" | "), t("v")]);
        assert_eq!(out[1].inlines, vec![t("x"), t(" | "), t("1")]);
        assert_eq!(out[2].face, Face::Italic);
        assert!(out[2].justify);
    }

    #[test]
    fn an_image_shows_its_description_and_address() {
        let blocks = [Block::Figure {
            image: Image {
                url: "https://example.com/a.png".into(),
                alt: " a chart ".into(),
            },
            caption: None,
        }];
        let out = paragraphs(&blocks);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].inlines[0], t("[image: a chart] "));
        assert!(
            matches!(&out[0].inlines[1], Inline::Link { url, .. } if url == "https://example.com/a.png")
        );
    }
}
