//! Folding pulldown-cmark's events into top-level items, with an explicit
//! stack of open containers.

use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::components::Components;
use super::inlines::{
    alignment, heading_level, paragraph_or_figure, push_text, trim_inlines, undefined_references,
};
use super::LineIndex;
use crate::diagnostics::Diagnostics;
use crate::model::{inline_text, Align, Block, CodeBlock, Image, Inline};
use crate::source::footnotes::NoteTable;
use crate::source::{code, html};

/// One top-level block with the line it starts on; headings stay separate
/// until the issue is split into articles.
#[derive(Clone)]
pub(super) enum TopItem {
    Heading {
        level: u8,
        content: Vec<Inline>,
        line: usize,
    },
    Block {
        block: Block,
        /// The line the block starts on.
        line: usize,
        /// For a list, the line each of its items starts on (reading
        /// lists make an article of each item); empty otherwise.
        item_lines: Vec<usize>,
    },
    /// Where a footnote definition stood (its index in the [`NoteTable`]).
    NoteDefinition(usize),
    /// The start of an article that has no heading (see `shapes`): its
    /// title and source come from a link.
    ArticleStart {
        title: Vec<Inline>,
        sources: Vec<crate::model::SourceLink>,
        line: usize,
    },
}

/// What an open container on the fold stack will become when it closes.
pub(super) enum Open {
    Root,
    Paragraph,
    Heading(u8),
    Quote,
    List(Option<u64>),
    Item,
    Code {
        language: Option<String>,
        mermaid: bool,
    },
    Html,
    Table(Vec<Align>),
    TableHead,
    TableRow,
    TableCell,
    Emph,
    Strong,
    Strike,
    Sup,
    Sub,
    /// `<code>` or `<kbd>` written as HTML.
    HtmlCode,
    Link(String),
    Image(String),
    /// A footnote definition, by its label: its blocks go to the
    /// [`NoteTable`], not to the enclosing container.
    Note(String),
    /// An element whose content is dropped (`<script>` and the like).
    Suppressed(String),
    /// A quote, list or item nested deeper than [`MAX_DEPTH`]: its content
    /// is kept, its nesting is not.
    Transparent,
}

/// How deep quotes and lists may nest before further levels are flattened
/// (the text is kept; writers and the stack stay safe).
pub(super) const MAX_DEPTH: usize = 48;

/// A container being filled.
pub(super) struct Frame {
    pub(super) open: Open,
    /// Where it started (a byte offset into the body).
    pub(super) offset: usize,
    pub(super) blocks: Vec<Block>,
    pub(super) inlines: Vec<Inline>,
    /// Raw text of code and HTML blocks.
    pub(super) raw: String,
    /// Cells of a table row or head.
    pub(super) cells: Vec<Vec<Inline>>,
    /// Rows of a table (the first is the head).
    pub(super) rows: Vec<Vec<Vec<Inline>>>,
    /// Items of a list.
    pub(super) items: Vec<Vec<Block>>,
    /// The line each item of a list starts on.
    pub(super) item_lines: Vec<usize>,
}

impl Frame {
    pub(super) fn new(open: Open, offset: usize) -> Self {
        Frame {
            open,
            offset,
            blocks: Vec::new(),
            inlines: Vec::new(),
            raw: String::new(),
            cells: Vec::new(),
            rows: Vec::new(),
            items: Vec::new(),
            item_lines: Vec::new(),
        }
    }

    /// Turns loose inlines (a tight list item's text) into a paragraph
    /// before a block follows them.
    pub(super) fn flush_inlines(&mut self) {
        if !self.inlines.is_empty() {
            let inlines = std::mem::take(&mut self.inlines);
            // A tight list item holding only an image is a figure, as
            // a paragraph holding only an image is.
            self.blocks.push(paragraph_or_figure(trim_inlines(inlines)));
        }
    }
}

/// Folds pulldown-cmark events into top-level items.
pub(super) struct Folder<'a> {
    pub(super) file: &'a Path,
    /// The text being parsed (what the event offsets point into).
    pub(super) body: &'a str,
    pub(super) lines: &'a LineIndex,
    pub(super) diags: &'a mut Diagnostics,
    /// The site components: which are dropped quietly, which reported.
    pub(super) components: Components<'a>,
    pub(super) stack: Vec<Frame>,
    pub(super) top: Vec<TopItem>,
    /// Footnote labels and definitions.
    pub(super) notes: NoteTable,
    /// The byte range of the current run of consecutive text events, where
    /// a footnote reference without a definition would stand as text.
    pub(super) text_run: Option<std::ops::Range<usize>>,
}

impl<'a> Folder<'a> {
    pub(super) fn new(
        file: &'a Path,
        body: &'a str,
        lines: &'a LineIndex,
        components: Components<'a>,
        diags: &'a mut Diagnostics,
    ) -> Self {
        Folder {
            file,
            body,
            lines,
            diags,
            components,
            stack: vec![Frame::new(Open::Root, 0)],
            top: Vec::new(),
            notes: NoteTable::default(),
            text_run: None,
        }
    }

    /// Reports every `[^label]` in the text run just ended: pulldown-cmark
    /// leaves a reference whose label has no definition as text, which is
    /// kept as it is.
    pub(super) fn end_text_run(&mut self) {
        let Some(range) = self.text_run.take() else {
            return;
        };
        let Some(text) = self.body.get(range.clone()) else {
            return;
        };
        for (at, label) in undefined_references(text) {
            let line = self.lines.line(range.start + at);
            self.diags.warn(
                self.file,
                Some(line),
                format!("footnote reference [^{label}] has no definition (`[^{label}]: text`); it is kept as text"),
            );
        }
    }

    pub(super) fn top_frame(&mut self) -> &mut Frame {
        // The root frame is never popped, so the stack is never empty.
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    pub(super) fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        let offset = range.start;
        let running_text = matches!(event, Event::Text(_))
            && !matches!(
                self.top_frame().open,
                Open::Code { .. } | Open::Html | Open::Suppressed(_)
            );
        if running_text {
            let run = self.text_run.get_or_insert(range.clone());
            run.end = run.end.max(range.end);
        } else {
            self.end_text_run();
        }
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(end) => self.end(end),
            Event::Text(text) => {
                let frame = self.top_frame();
                match frame.open {
                    Open::Code { .. } | Open::Html => frame.raw.push_str(&text),
                    Open::Suppressed(_) => {}
                    _ => push_text(&mut frame.inlines, &text),
                }
            }
            Event::Code(text) => self
                .top_frame()
                .inlines
                .push(Inline::Code(text.to_string())),
            Event::InlineMath(text) | Event::DisplayMath(text) => self
                .top_frame()
                .inlines
                .push(Inline::Code(text.to_string())),
            Event::SoftBreak => push_text(&mut self.top_frame().inlines, " "),
            Event::HardBreak => self.top_frame().inlines.push(Inline::LineBreak),
            Event::Rule => self.push_block(Block::Rule, offset),
            Event::Html(html) => {
                let frame = self.top_frame();
                frame.raw.push_str(&html);
            }
            Event::InlineHtml(html) => self.inline_html(&html, offset),
            Event::FootnoteReference(label) => {
                // The label's id for now; numbered per article later.
                let id = self.notes.intern(&label);
                self.top_frame()
                    .inlines
                    .push(Inline::NoteRef { number: id });
            }
            Event::TaskListMarker(done) => push_text(
                &mut self.top_frame().inlines,
                if done { "☑ " } else { "☐ " },
            ),
        }
    }

    pub(super) fn start(&mut self, tag: Tag<'_>, offset: usize) {
        let open = match tag {
            Tag::Paragraph => Open::Paragraph,
            Tag::Heading { level, .. } => Open::Heading(heading_level(level)),
            Tag::BlockQuote(_) => Open::Quote,
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_string)
                    }
                    CodeBlockKind::Indented => None,
                };
                let mermaid = info
                    .as_deref()
                    .is_some_and(|i| i.eq_ignore_ascii_case("mermaid"));
                Open::Code {
                    language: info.filter(|i| !i.is_empty()),
                    mermaid,
                }
            }
            Tag::HtmlBlock => Open::Html,
            Tag::List(start) => Open::List(start),
            Tag::Item => Open::Item,
            Tag::Table(align) => Open::Table(align.into_iter().map(alignment).collect()),
            Tag::TableHead => Open::TableHead,
            Tag::TableRow => Open::TableRow,
            Tag::TableCell => Open::TableCell,
            Tag::Emphasis => Open::Emph,
            Tag::Strong => Open::Strong,
            Tag::Strikethrough => Open::Strike,
            Tag::Superscript => Open::Sup,
            Tag::Subscript => Open::Sub,
            Tag::Link { dest_url, .. } => Open::Link(dest_url.to_string()),
            Tag::Image { dest_url, .. } => Open::Image(dest_url.to_string()),
            Tag::FootnoteDefinition(label) => Open::Note(label.to_string()),
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => Open::Quote,
        };
        let open = match open {
            Open::Quote | Open::List(_) | Open::Item if self.stack.len() > MAX_DEPTH => {
                Open::Transparent
            }
            other => other,
        };
        self.stack.push(Frame::new(open, offset));
    }

    pub(super) fn end(&mut self, _end: TagEnd) {
        if self.stack.len() <= 1 {
            return;
        }
        let Some(mut frame) = self.stack.pop() else {
            return;
        };
        let offset = frame.offset;
        match frame.open {
            Open::Root => {}
            Open::Paragraph => {
                let inlines = trim_inlines(frame.inlines);
                if !inlines.is_empty() {
                    self.push_block(paragraph_or_figure(inlines), offset);
                }
            }
            Open::Heading(level) => {
                let content = trim_inlines(frame.inlines);
                if self.stack.len() == 1 {
                    let line = self.lines.line(offset);
                    self.top.push(TopItem::Heading {
                        level,
                        content,
                        line,
                    });
                } else {
                    self.push_block(Block::Heading { level, content }, offset);
                }
            }
            Open::Quote => {
                frame.flush_inlines();
                self.push_block(Block::Quote(frame.blocks), offset);
            }
            Open::List(start) => {
                let block = Block::List {
                    start,
                    items: frame.items,
                };
                if self.stack.len() == 1 {
                    let line = self.lines.line(offset);
                    self.top.push(TopItem::Block {
                        block,
                        line,
                        item_lines: frame.item_lines,
                    });
                } else {
                    self.push_block(block, offset);
                }
            }
            Open::Item => {
                frame.flush_inlines();
                let line = self.lines.line(offset);
                let parent = self.top_frame();
                parent.items.push(frame.blocks);
                parent.item_lines.push(line);
            }
            Open::Code { language, mermaid } => {
                let text = frame
                    .raw
                    .strip_suffix('\n')
                    .unwrap_or(&frame.raw)
                    .to_string();
                let block = if mermaid {
                    Block::Mermaid(text)
                } else {
                    let kind = code::classify(language.as_deref(), &text);
                    Block::Code(CodeBlock {
                        language,
                        text,
                        kind,
                    })
                };
                self.push_block(block, offset);
            }
            Open::Html => self.html_block(&frame.raw, offset),
            Open::Table(align) => {
                let mut rows = frame.rows.into_iter();
                let header = rows.next().unwrap_or_default();
                self.push_block(
                    Block::Table {
                        align,
                        header,
                        rows: rows.collect(),
                    },
                    offset,
                );
            }
            Open::TableHead | Open::TableRow => self.top_frame().rows.push(frame.cells),
            Open::TableCell => self.top_frame().cells.push(trim_inlines(frame.inlines)),
            Open::Emph => self.top_frame().inlines.push(Inline::Emph(frame.inlines)),
            Open::Strong => self.top_frame().inlines.push(Inline::Strong(frame.inlines)),
            Open::Strike => self.top_frame().inlines.push(Inline::Strike(frame.inlines)),
            Open::Sup => self.top_frame().inlines.push(Inline::Sup(frame.inlines)),
            Open::Sub => self.top_frame().inlines.push(Inline::Sub(frame.inlines)),
            Open::HtmlCode => {
                let text = inline_text(&frame.inlines);
                self.top_frame().inlines.push(Inline::Code(text));
            }
            Open::Link(url) if html::is_safe_link(&url) && !url.trim().is_empty() => {
                self.top_frame().inlines.push(Inline::Link {
                    url,
                    content: frame.inlines,
                })
            }
            Open::Link(url) => {
                if !url.trim().is_empty() {
                    self.warn(
                        offset,
                        format!("link target {url:?} removed (only http, https and mailto links are kept); its text is kept"),
                    );
                }
                self.top_frame().inlines.extend(frame.inlines);
            }
            Open::Image(url) => {
                let image = Image {
                    url,
                    alt: inline_text(&frame.inlines),
                };
                let inline = self.checked_image(image, offset);
                self.top_frame().inlines.push(inline);
            }
            Open::Suppressed(_) => {}
            Open::Note(label) => {
                let mut blocks = frame.blocks;
                let inlines = trim_inlines(frame.inlines);
                if !inlines.is_empty() {
                    blocks.push(Block::Paragraph(inlines));
                }
                let line = self.lines.line(offset);
                let index = self.notes.define(&label, blocks, line);
                self.top.push(TopItem::NoteDefinition(index));
            }
            Open::Transparent => {
                frame.flush_inlines();
                let parent = self.top_frame();
                if matches!(parent.open, Open::List(_)) {
                    parent.items.push(frame.blocks);
                } else {
                    parent.flush_inlines();
                    parent.blocks.extend(frame.blocks);
                }
            }
        }
    }

    /// Adds a finished block to the innermost container (or the top level).
    pub(super) fn push_block(&mut self, block: Block, offset: usize) {
        if self.stack.len() == 1 {
            let line = self.lines.line(offset);
            self.top.push(TopItem::Block {
                block,
                line,
                item_lines: Vec::new(),
            });
        } else {
            let frame = self.top_frame();
            frame.flush_inlines();
            frame.blocks.push(block);
        }
    }

    /// Records a warning at the line of `offset`.
    pub(super) fn warn(&mut self, offset: usize, message: String) {
        let line = self.lines.line(offset);
        self.diags.warn(self.file, Some(line), message);
    }

    /// Closes whatever is still open (unbalanced inline HTML) and returns
    /// the top-level items, the footnotes and the components met.
    pub(super) fn finish(mut self) -> (Vec<TopItem>, NoteTable, Components<'a>) {
        self.end_text_run();
        while self.stack.len() > 1 {
            self.end(TagEnd::Paragraph);
        }
        let mut root = self.stack.pop().map(|f| f.inlines).unwrap_or_default();
        if !root.is_empty() {
            let inlines = trim_inlines(std::mem::take(&mut root));
            let line = self.lines.line(self.body.len());
            self.top.push(TopItem::Block {
                block: Block::Paragraph(inlines),
                line,
                item_lines: Vec::new(),
            });
        }
        (self.top, self.notes, self.components)
    }
}
