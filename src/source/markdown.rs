//! The Markdown reader: front matter, CommonMark with GFM tables,
//! strikethrough and footnotes (see [`super::footnotes`]), the VuePress
//! components the issues use (`<TechshackHeader />`, `<mermaid>`), and a
//! few safe inline HTML tags.
//!
//! pulldown-cmark's events are folded into the model with an explicit stack
//! (no recursion, so deeply nested input cannot overflow the stack). Byte
//! offsets from `into_offset_iter` give every article its file line.

use std::collections::HashSet;
use std::path::Path;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::footnotes::{self, NoteTable};
use super::{code, frontmatter, html, intro, ParsedIssue};
use crate::diagnostics::{Diagnostics, Severity};
use crate::model::{
    inline_text, Align, Article, Block, CodeBlock, Image, Inline, SourceLink, SourcePos,
};

/// Reads a Markdown issue. Returns `None` (with an error recorded) when the
/// front matter is broken.
pub fn read(text: &str, file: &Path, diags: &mut Diagnostics) -> Option<ParsedIssue> {
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        Err(e) => {
            match e.column {
                Some(column) => diags.push_at(Severity::Error, file, e.line, column, e.message),
                None => diags.error(file, Some(e.line), e.message),
            }
            return None;
        }
    };
    let (body, had_component) = expand_components(split.body);
    let lines = LineIndex::new(&body, split.body_line_offset);
    let mut folder = Folder::new(file, &body, &lines, diags);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_FOOTNOTES;
    for (event, range) in Parser::new_ext(&body, options).into_offset_iter() {
        folder.event(event, range);
    }
    let (top, notes) = folder.finish();

    let mut issue = split_issue(top, notes, split.front_matter.title.as_deref(), file, diags);
    if issue.title.is_empty() {
        issue.title = first_line(split.body).to_string();
        issue.title_line = split.body_line_offset + 1;
    }
    issue.date = split.front_matter.date_text();
    issue.had_intro |= had_component;
    Some(issue)
}

/// The first non-blank line of `text`, without heading marks.
fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .trim_start_matches('#')
        .trim()
}

/// Rewrites the VuePress components into Markdown the parser understands,
/// keeping every line where it was: `<mermaid>` … `</mermaid>` becomes a
/// `mermaid` fence, and `<TechshackHeader />` an empty line (reported back).
fn expand_components(body: &str) -> (String, bool) {
    let mut out = String::with_capacity(body.len());
    let mut had_header = false;
    let mut in_mermaid = false;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim();
        let newline = if line.ends_with('\n') { "\n" } else { "" };
        if !in_mermaid && is_component_tag(trimmed, intro::COMPONENT) {
            had_header = true;
            out.push_str(newline);
        } else if !in_mermaid && trimmed.eq_ignore_ascii_case("<mermaid>") {
            in_mermaid = true;
            out.push_str("~~~~~~~~mermaid");
            out.push_str(newline);
        } else if in_mermaid && trimmed.eq_ignore_ascii_case("</mermaid>") {
            in_mermaid = false;
            out.push_str("~~~~~~~~");
            out.push_str(newline);
        } else {
            out.push_str(line);
        }
    }
    if in_mermaid {
        out.push_str("\n~~~~~~~~\n");
    }
    (out, had_header)
}

/// True for `<Name />`, `<Name/>` or `<Name></Name>` alone on a line.
fn is_component_tag(line: &str, name: &str) -> bool {
    let Some(rest) = line.strip_prefix('<').and_then(|r| r.strip_prefix(name)) else {
        return false;
    };
    let rest = rest.trim();
    rest == "/>" || rest == ">" || rest == format!("></{name}>")
}

/// Maps byte offsets of the parsed body to 1-based file lines.
struct LineIndex {
    starts: Vec<usize>,
    line_offset: usize,
}

impl LineIndex {
    fn new(text: &str, line_offset: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            starts,
            line_offset,
        }
    }

    fn line(&self, offset: usize) -> usize {
        let index = self.starts.partition_point(|&start| start <= offset);
        self.line_offset + index.max(1)
    }
}

/// One top-level block with the line it starts on; headings stay separate
/// until the issue is split into articles.
enum TopItem {
    Heading {
        level: u8,
        content: Vec<Inline>,
        line: usize,
    },
    Block {
        block: Block,
    },
    /// Where a footnote definition stood (its index in the [`NoteTable`]).
    NoteDefinition(usize),
}

/// What an open container on the fold stack will become when it closes.
enum Open {
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
const MAX_DEPTH: usize = 48;

/// A container being filled.
struct Frame {
    open: Open,
    /// Where it started (a byte offset into the body).
    offset: usize,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    /// Raw text of code and HTML blocks.
    raw: String,
    /// Cells of a table row or head.
    cells: Vec<Vec<Inline>>,
    /// Rows of a table (the first is the head).
    rows: Vec<Vec<Vec<Inline>>>,
    /// Items of a list.
    items: Vec<Vec<Block>>,
}

impl Frame {
    fn new(open: Open, offset: usize) -> Self {
        Frame {
            open,
            offset,
            blocks: Vec::new(),
            inlines: Vec::new(),
            raw: String::new(),
            cells: Vec::new(),
            rows: Vec::new(),
            items: Vec::new(),
        }
    }

    /// Turns loose inlines (a tight list item's text) into a paragraph
    /// before a block follows them.
    fn flush_inlines(&mut self) {
        if !self.inlines.is_empty() {
            let inlines = std::mem::take(&mut self.inlines);
            self.blocks.push(Block::Paragraph(trim_inlines(inlines)));
        }
    }
}

/// Folds pulldown-cmark events into top-level items.
struct Folder<'a> {
    file: &'a Path,
    /// The text being parsed (what the event offsets point into).
    body: &'a str,
    lines: &'a LineIndex,
    diags: &'a mut Diagnostics,
    stack: Vec<Frame>,
    top: Vec<TopItem>,
    /// Footnote labels and definitions.
    notes: NoteTable,
    /// The byte range of the current run of consecutive text events, where
    /// a footnote reference without a definition would stand as text.
    text_run: Option<std::ops::Range<usize>>,
}

impl<'a> Folder<'a> {
    fn new(
        file: &'a Path,
        body: &'a str,
        lines: &'a LineIndex,
        diags: &'a mut Diagnostics,
    ) -> Self {
        Folder {
            file,
            body,
            lines,
            diags,
            stack: vec![Frame::new(Open::Root, 0)],
            top: Vec::new(),
            notes: NoteTable::default(),
            text_run: None,
        }
    }

    /// Reports every `[^label]` in the text run just ended: pulldown-cmark
    /// leaves a reference whose label has no definition as text, which is
    /// kept as it is.
    fn end_text_run(&mut self) {
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

    fn top_frame(&mut self) -> &mut Frame {
        // The root frame is never popped, so the stack is never empty.
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
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

    fn start(&mut self, tag: Tag<'_>, offset: usize) {
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

    fn end(&mut self, _end: TagEnd) {
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
            Open::List(start) => self.push_block(
                Block::List {
                    start,
                    items: frame.items,
                },
                offset,
            ),
            Open::Item => {
                frame.flush_inlines();
                self.top_frame().items.push(frame.blocks);
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
    fn push_block(&mut self, block: Block, offset: usize) {
        if self.stack.len() == 1 {
            let _ = self.lines.line(offset);
            self.top.push(TopItem::Block { block });
        } else {
            let frame = self.top_frame();
            frame.flush_inlines();
            frame.blocks.push(block);
        }
    }

    /// Inline HTML goes through the allowlist of [`html::policy`]: a few
    /// tags become model inlines, `script`-like elements go with their
    /// content, anything else is dropped with its text kept. Drops are
    /// reported with the line.
    fn inline_html(&mut self, fragment: &str, offset: usize) {
        for token in html::tokenize(fragment) {
            match token {
                html::Token::Text(text) => {
                    if !matches!(self.top_frame().open, Open::Suppressed(_)) {
                        push_text(&mut self.top_frame().inlines, &text);
                    }
                }
                html::Token::Open {
                    name,
                    attrs,
                    self_closing,
                } => {
                    if matches!(self.top_frame().open, Open::Suppressed(_)) {
                        // Inside a dropped element: nothing of it is shown,
                        // and it was reported once already.
                        if !self_closing && html::policy(&name) == html::Policy::DropWithContent {
                            let suppressed = Open::Suppressed(name.to_ascii_lowercase());
                            self.stack.push(Frame::new(suppressed, offset));
                        }
                        continue;
                    }
                    if let Some(handler) = html::event_handler(&attrs) {
                        self.warn(
                            offset,
                            format!("event handler attribute {handler} on <{name}> dropped"),
                        );
                    }
                    let attr =
                        |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                    let open = match html::policy(&name) {
                        html::Policy::Inline(tag) => match tag {
                            html::InlineTag::Sup => Open::Sup,
                            html::InlineTag::Sub => Open::Sub,
                            html::InlineTag::Emph => Open::Emph,
                            html::InlineTag::Strong => Open::Strong,
                            html::InlineTag::Strike => Open::Strike,
                            html::InlineTag::Code => Open::HtmlCode,
                            html::InlineTag::Link => Open::Link(attr("href").unwrap_or_default()),
                        },
                        html::Policy::Break => {
                            self.top_frame().inlines.push(Inline::LineBreak);
                            continue;
                        }
                        html::Policy::Image => {
                            let image = Image {
                                url: attr("src").unwrap_or_default(),
                                alt: attr("alt").unwrap_or_default(),
                            };
                            let inline = self.checked_image(image, offset);
                            self.top_frame().inlines.push(inline);
                            continue;
                        }
                        html::Policy::Transparent | html::Policy::Block => continue,
                        html::Policy::Unsupported => {
                            self.warn(
                                offset,
                                format!("unsupported HTML tag <{name}> dropped (its text is kept)"),
                            );
                            continue;
                        }
                        html::Policy::DropWithContent => {
                            self.warn(offset, format!("<{name}> removed with its content"));
                            Open::Suppressed(name.to_ascii_lowercase())
                        }
                    };
                    if !self_closing {
                        self.stack.push(Frame::new(open, offset));
                    }
                }
                html::Token::Close { name } => {
                    let closes_top = match (&self.top_frame().open, html::policy(&name)) {
                        (Open::Suppressed(open), _) => open.eq_ignore_ascii_case(&name),
                        (Open::Sup, html::Policy::Inline(html::InlineTag::Sup))
                        | (Open::Sub, html::Policy::Inline(html::InlineTag::Sub))
                        | (Open::Emph, html::Policy::Inline(html::InlineTag::Emph))
                        | (Open::Strong, html::Policy::Inline(html::InlineTag::Strong))
                        | (Open::Strike, html::Policy::Inline(html::InlineTag::Strike))
                        | (Open::HtmlCode, html::Policy::Inline(html::InlineTag::Code))
                        | (Open::Link(_), html::Policy::Inline(html::InlineTag::Link)) => true,
                        _ => false,
                    };
                    if closes_top {
                        self.end(TagEnd::Paragraph);
                    }
                }
            }
        }
    }

    /// An HTML block through the allowlist (see [`html::block_to_model`]).
    fn html_block(&mut self, raw: &str, offset: usize) {
        let mut dropped = Vec::new();
        let blocks = html::block_to_model(raw, &mut |what| dropped.push(what));
        for what in dropped {
            self.warn(offset, what);
        }
        for block in blocks {
            let block = match block {
                Block::Paragraph(inlines) => {
                    Block::Paragraph(self.checked_inlines(inlines, offset))
                }
                other => other,
            };
            self.push_block(block, offset);
        }
    }

    /// Applies the link and image checks to inlines that did not come
    /// through the Markdown parser's own link events.
    fn checked_inlines(&mut self, inlines: Vec<Inline>, offset: usize) -> Vec<Inline> {
        inlines
            .into_iter()
            .map(|inline| match inline {
                Inline::Image(image) => self.checked_image(image, offset),
                other => other,
            })
            .collect()
    }

    /// An image whose source may not be used becomes its alt text.
    fn checked_image(&mut self, image: Image, offset: usize) -> Inline {
        if html::is_safe_image(&image.url) {
            Inline::Image(image)
        } else {
            self.warn(
                offset,
                format!(
                    "image source {:?} refused (only http, https and relative paths are used)",
                    image.url
                ),
            );
            Inline::Text(image.alt)
        }
    }

    /// Records a warning at the line of `offset`.
    fn warn(&mut self, offset: usize, message: String) {
        let line = self.lines.line(offset);
        self.diags.warn(self.file, Some(line), message);
    }

    /// Closes whatever is still open (unbalanced inline HTML) and returns
    /// the top-level items.
    fn finish(mut self) -> (Vec<TopItem>, NoteTable) {
        self.end_text_run();
        while self.stack.len() > 1 {
            self.end(TagEnd::Paragraph);
        }
        let mut root = self.stack.pop().map(|f| f.inlines).unwrap_or_default();
        if !root.is_empty() {
            let inlines = trim_inlines(std::mem::take(&mut root));
            self.top.push(TopItem::Block {
                block: Block::Paragraph(inlines),
            });
        }
        (self.top, self.notes)
    }
}

/// The `[^label]`s in `text` (source text that the parser read as plain
/// text), with their byte offsets: footnote references whose label has no
/// definition. A `[` escaped with a backslash starts none.
fn undefined_references(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text
        .get(from..)
        .and_then(|t| t.find("[^"))
        .map(|i| from + i)
    {
        from = at + 2;
        let escaped = text[..at].chars().rev().take_while(|&c| c == '\\').count() % 2 == 1;
        let rest = &text[at + 2..];
        let Some(end) = rest.find([']', '[', '\n']) else {
            continue;
        };
        let label = &rest[..end];
        if escaped || !rest[end..].starts_with(']') || label.trim().is_empty() || label.len() > 999
        {
            continue;
        }
        found.push((at, label));
        from = at + 2 + end + 1;
    }
    found
}

/// Appends text, merging with a preceding text run.
fn push_text(inlines: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(last)) = inlines.last_mut() {
        last.push_str(text);
    } else {
        inlines.push(Inline::Text(text.to_string()));
    }
}

/// Drops leading and trailing white space of inline content.
fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(first)) = inlines.first_mut() {
        *first = first.trim_start().to_string();
    }
    if let Some(Inline::Text(last)) = inlines.last_mut() {
        *last = last.trim_end().to_string();
    }
    inlines.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    while matches!(inlines.last(), Some(Inline::LineBreak)) {
        inlines.pop();
    }
    inlines
}

/// A paragraph holding only an image is a figure.
fn paragraph_or_figure(inlines: Vec<Inline>) -> Block {
    if let [Inline::Image(image)] = inlines.as_slice() {
        return Block::Figure {
            image: image.clone(),
            caption: None,
        };
    }
    Block::Paragraph(inlines)
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn alignment(align: Alignment) -> Align {
    match align {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// Splits the top-level items into the issue title, the lead and the
/// articles. The title is the front matter title, else the first heading;
/// articles are the headings of the highest remaining level (`##` in most
/// issues, `#` in files that use `#` for articles).
fn split_issue(
    top: Vec<TopItem>,
    mut notes: NoteTable,
    front_title: Option<&str>,
    file: &Path,
    diags: &mut Diagnostics,
) -> ParsedIssue {
    let mut items = top;
    let mut issue = ParsedIssue::default();
    // The footnote definitions that stand before the first article, and
    // in each article.
    let mut lead_definitions = Vec::new();
    let mut article_definitions: Vec<Vec<usize>> = Vec::new();

    // The title heading: the first heading if it names the issue (or there
    // is no front matter title to go by).
    let first_heading = items
        .iter()
        .position(|i| matches!(i, TopItem::Heading { .. }));
    if let Some(index) = first_heading {
        if let TopItem::Heading { content, line, .. } = &items[index] {
            let text = inline_text(content);
            let is_title = match front_title {
                Some(t) => text.trim() == t.trim() || super::issue_id_in(&text).is_some(),
                None => super::issue_id_in(&text).is_some(),
            };
            if is_title {
                issue.title = text;
                issue.title_line = *line;
                items.remove(index);
            }
        }
    }
    if let Some(t) = front_title.filter(|t| !t.trim().is_empty()) {
        issue.title = t.trim().to_string();
        if issue.title_line == 0 {
            issue.title_line = 2;
        }
    }

    let article_level = items
        .iter()
        .filter_map(|i| match i {
            TopItem::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .min();

    let mut current: Option<Article> = None;
    for item in items {
        match item {
            TopItem::Heading {
                level,
                content,
                line,
            } if Some(level) == article_level => {
                if let Some(article) = current.take() {
                    issue.articles.push(finish_article(article));
                }
                current = Some(Article {
                    title: content,
                    sources: Vec::new(),
                    blocks: Vec::new(),
                    notes: Vec::new(),
                    pos: SourcePos {
                        file: file.to_path_buf(),
                        line,
                    },
                });
            }
            TopItem::Heading { level, content, .. } => {
                let relative = level.saturating_sub(article_level.unwrap_or(level)).max(1);
                let block = Block::Heading {
                    level: relative,
                    content,
                };
                match current.as_mut() {
                    Some(article) => article.blocks.push(block),
                    None => issue.lead.push(block),
                }
            }
            TopItem::Block { block } => match current.as_mut() {
                Some(article) => article.blocks.push(block),
                None => issue.lead.push(block),
            },
            TopItem::NoteDefinition(index) => match current {
                Some(_) => {
                    article_definitions.resize(issue.articles.len() + 1, Vec::new());
                    article_definitions[issue.articles.len()].push(index);
                }
                None => lead_definitions.push(index),
            },
        }
    }
    if let Some(article) = current.take() {
        issue.articles.push(finish_article(article));
    }
    issue.had_intro = intro::strip_literal_intro(&mut issue.lead);
    if !notes.is_empty() {
        attach_notes(
            &mut issue,
            &mut notes,
            &lead_definitions,
            &article_definitions,
            file,
            diags,
        );
    }
    issue
}

/// Numbers the footnotes of the lead and of each article and attaches
/// them (see [`super::footnotes`]); `lead_definitions` and
/// `article_definitions` are the definitions that stand in each.
fn attach_notes(
    issue: &mut ParsedIssue,
    notes: &mut NoteTable,
    lead_definitions: &[usize],
    article_definitions: &[Vec<usize>],
    file: &Path,
    diags: &mut Diagnostics,
) {
    let mut referenced = HashSet::new();
    footnotes::references_in(&mut issue.lead, &mut referenced);
    for article in &mut issue.articles {
        footnotes::references_in_inlines(&mut article.title, &mut referenced);
        footnotes::references_in(&mut article.blocks, &mut referenced);
    }
    notes.references_in_definitions(&mut referenced);
    let strays = notes.strays(lead_definitions, &referenced, file, diags);
    let mut no_title = Vec::new();
    issue.lead_notes = notes.attach(&mut no_title, &mut issue.lead, &strays, file, diags);
    for (index, article) in issue.articles.iter_mut().enumerate() {
        let located = article_definitions
            .get(index)
            .map_or(&[][..], Vec::as_slice);
        let strays = notes.strays(located, &referenced, file, diags);
        article.notes = notes.attach(
            &mut article.title,
            &mut article.blocks,
            &strays,
            file,
            diags,
        );
    }
}

/// Finishes an article: its first paragraph becomes its source links when
/// it holds only links (joined by `|` or spaces), and a `^ ...` paragraph
/// right after a figure becomes that figure's caption.
fn finish_article(mut article: Article) -> Article {
    if let Some(Block::Paragraph(inlines)) = article.blocks.first() {
        if let Some(sources) = source_links(inlines) {
            article.sources = sources;
            article.blocks.remove(0);
        }
    }
    let mut blocks: Vec<Block> = Vec::with_capacity(article.blocks.len());
    for block in article.blocks {
        if let (
            Some(Block::Figure {
                caption: caption @ None,
                ..
            }),
            Block::Paragraph(inlines),
        ) = (blocks.last_mut(), &block)
        {
            if let Some(Inline::Text(first)) = inlines.first() {
                if let Some(rest) = first.strip_prefix('^') {
                    let mut text = inlines.clone();
                    text[0] = Inline::Text(rest.trim_start().to_string());
                    *caption = Some(trim_inlines(text));
                    continue;
                }
            }
        }
        blocks.push(block);
    }
    article.blocks = blocks;
    article
}

/// The source links of a paragraph made only of links and `|` separators.
/// A piece between separators may also be a short bare label (a site named
/// without a URL, as `import` writes it), as long as one piece is a link.
fn source_links(inlines: &[Inline]) -> Option<Vec<SourceLink>> {
    // Split into pieces at `|` in text runs.
    let mut pieces: Vec<Vec<Inline>> = vec![Vec::new()];
    for inline in inlines {
        match inline {
            Inline::Text(text) => {
                let mut parts = text.split('|');
                if let Some(first) = parts.next() {
                    push_text(pieces.last_mut()?, first);
                }
                for part in parts {
                    pieces.push(vec![Inline::Text(part.to_string())]);
                }
            }
            other => pieces.last_mut()?.push(other.clone()),
        }
    }
    let mut links = Vec::new();
    for piece in pieces {
        let piece = trim_inlines(piece);
        match piece.as_slice() {
            [Inline::Link { url, content }] => links.push(SourceLink {
                label: inline_text(content).trim().to_string(),
                url: Some(url.clone()),
            }),
            [Inline::Text(label)] if is_bare_label(label) => links.push(SourceLink {
                label: label.clone(),
                url: None,
            }),
            _ => return None,
        }
    }
    links.iter().any(|l| l.url.is_some()).then_some(links)
}

/// A short name standing for a source without a link ("bcc"), not a
/// sentence.
fn is_bare_label(text: &str) -> bool {
    !text.is_empty() && text.chars().count() <= 60 && !text.ends_with(['.', ':', '!', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CodeKind;

    fn parse(text: &str) -> (ParsedIssue, Diagnostics) {
        let mut diags = Diagnostics::new();
        let issue = read(text, Path::new("t.md"), &mut diags).expect("readable");
        (issue, diags)
    }

    #[test]
    fn articles_sources_and_title() {
        let (issue, _) = parse(
            "---\ntitle: EnqueueZero Techshack 2019-06\n---\n\n# EnqueueZero Techshack 2019-06\n\n<TechshackHeader />\n\n## First\n\n[medium.com](https://medium.com/x)\n\nBody *em*.\n\n## Second\n\n[part 1](https://a) | [part 2](https://b)\n\n```bash\n$ ls  -l\n```\n",
        );
        assert_eq!(issue.title, "EnqueueZero Techshack 2019-06");
        assert!(issue.had_intro);
        assert!(issue.lead.is_empty());
        assert_eq!(issue.articles.len(), 2);
        assert_eq!(issue.articles[0].title_text(), "First");
        assert_eq!(issue.articles[0].pos.line, 9);
        assert_eq!(
            issue.articles[0].sources[0].url.as_deref(),
            Some("https://medium.com/x")
        );
        assert_eq!(issue.articles[1].sources.len(), 2);
        assert_eq!(
            issue.articles[1].blocks,
            vec![Block::Code(CodeBlock {
                language: Some("bash".into()),
                text: "$ ls  -l".into(),
                kind: CodeKind::Program
            })]
        );
    }

    #[test]
    fn mermaid_components_and_sup() {
        let (issue, _) = parse(
            "# EnqueueZero Techshack 2019-03\n\n## A\n\nx 10<sup>10</sup> y\n\n<mermaid>\ngraph LR\n    a --- b;\n</mermaid>\n",
        );
        let blocks = &issue.articles[0].blocks;
        assert_eq!(
            blocks[0],
            Block::Paragraph(vec![
                Inline::Text("x 10".into()),
                Inline::Sup(vec![Inline::Text("10".into())]),
                Inline::Text(" y".into())
            ])
        );
        assert_eq!(blocks[1], Block::Mermaid("graph LR\n    a --- b;".into()));
    }

    #[test]
    fn literal_intro_is_removed() {
        let (issue, _) = parse(
            "# EnqueueZero Techshack 2019-05\n\nKia ora! I am.\n\nPlease follow. Happy exploring!\n\n# Article\n\ntext\n",
        );
        assert!(issue.had_intro);
        assert!(issue.lead.is_empty());
        assert_eq!(issue.articles.len(), 1);
    }

    #[test]
    fn figure_caption_from_caret_line() {
        let (issue, _) =
            parse("# T 2019-06\n\n## A\n\n![alt](https://x/y.jpg)\n\n^ The caption.\n\nNext.\n");
        let blocks = &issue.articles[0].blocks;
        assert!(
            matches!(&blocks[0], Block::Figure { caption: Some(c), .. } if inline_text(c) == "The caption.")
        );
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn unknown_html_is_reported_and_text_kept() {
        let (issue, diags) = parse("# T 2019-06\n\n## A\n\nhello <blink class=x>world</blink>\n");
        assert_eq!(
            inline_text(match &issue.articles[0].blocks[0] {
                Block::Paragraph(i) => i,
                _ => panic!(),
            }),
            "hello world"
        );
        assert_eq!(
            diags.count_at_least(crate::diagnostics::Severity::Warning),
            1
        );
    }

    #[test]
    fn scripts_and_dangerous_links_never_reach_the_model() {
        let (issue, diags) = parse(
            "# T 2019-06\n\n## A\n\nsafe <script>alert(1)</script> [x](javascript:alert(2)) ![i](file:///etc/passwd) <a href=\"vbscript:y\">z</a>\n\n<div onclick=\"evil()\">block <iframe src=x>inner</iframe> text</div>\n",
        );
        let model = format!("{:?}", issue.articles[0].blocks);
        for bad in [
            "alert",
            "javascript",
            "file:",
            "vbscript",
            "evil",
            "iframe",
            "inner",
        ] {
            assert!(!model.contains(bad), "{bad} in {model}");
        }
        for kept in ["safe", "x", "i", "z", "block", "text"] {
            assert!(model.contains(kept), "{kept} in {model}");
        }
        assert!(diags.count_at_least(crate::diagnostics::Severity::Warning) >= 5);
        assert!(
            diags.iter().all(|d| d.line == Some(5) || d.line == Some(7)),
            "{diags:?}"
        );
    }

    fn para_text(block: &Block) -> String {
        match block {
            Block::Paragraph(inlines) => inline_text(inlines),
            other => panic!("not a paragraph: {other:?}"),
        }
    }

    fn note_refs(block: &Block) -> Vec<u32> {
        match block {
            Block::Paragraph(inlines) => inlines
                .iter()
                .filter_map(|i| match i {
                    Inline::NoteRef { number } => Some(*number),
                    _ => None,
                })
                .collect(),
            other => panic!("not a paragraph: {other:?}"),
        }
    }

    fn warnings(diags: &Diagnostics) -> Vec<(Option<usize>, String)> {
        diags
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| (d.line, d.message.clone()))
            .collect()
    }

    #[test]
    fn footnotes_are_numbered_in_reference_order_and_reused() {
        let (issue, diags) = parse(
            "# T 2019-06\n\n## A\n\nOne[^b] two[^a] three[^B].\n\n[^a]: Note A.\n\n[^b]: Note *B*.\n",
        );
        assert!(warnings(&diags).is_empty(), "{diags:?}");
        let article = &issue.articles[0];
        assert_eq!(article.blocks.len(), 1, "{:?}", article.blocks);
        // [^b] comes first, so it is note 1; [^B] is the same label.
        assert_eq!(note_refs(&article.blocks[0]), vec![1, 2, 1]);
        assert_eq!(para_text(&article.blocks[0]), "One two three.");
        assert_eq!(article.notes.len(), 2);
        assert_eq!(para_text(&article.notes[0].blocks[0]), "Note B.");
        assert_eq!(para_text(&article.notes[1].blocks[0]), "Note A.");
    }

    #[test]
    fn footnotes_belong_to_the_article_that_refers_to_them() {
        let (issue, diags) = parse(
            "# T 2019-06\n\n## A\n\nFirst[^x] and[^shared].\n\n## B\n\nSecond[^y] and[^shared].\n\n## C\n\nNone.\n\n[^y]: Why.\n[^x]: Ex, see[^y].\n[^shared]: Both.\n",
        );
        assert!(warnings(&diags).is_empty(), "{diags:?}");
        let [a, b, c] = &issue.articles[..] else {
            panic!("{:?}", issue.articles)
        };
        // Numbered per article: A has x, shared, then y (referenced from x).
        assert_eq!(note_refs(&a.blocks[0]), vec![1, 2]);
        let texts = |notes: &[crate::model::Note]| -> Vec<String> {
            notes.iter().map(|n| para_text(&n.blocks[0])).collect()
        };
        assert_eq!(texts(&a.notes), ["Ex, see.", "Both.", "Why."]);
        assert_eq!(note_refs(&a.notes[0].blocks[0]), vec![3]);
        assert_eq!(note_refs(&b.blocks[0]), vec![1, 2]);
        assert_eq!(texts(&b.notes), ["Why.", "Both."]);
        // The definitions after article C are not C's.
        assert!(c.notes.is_empty());
        assert_eq!(c.blocks.len(), 1);
    }

    #[test]
    fn a_reference_without_definition_is_reported_and_kept_as_text() {
        let (issue, diags) =
            parse("# T 2019-06\n\n## A\n\nSome text\nwith [^nope] in it, and \\[^escaped].\n");
        assert_eq!(
            warnings(&diags),
            vec![(
                Some(6),
                "footnote reference [^nope] has no definition (`[^nope]: text`); it is kept as text"
                    .to_string()
            )]
        );
        assert_eq!(
            para_text(&issue.articles[0].blocks[0]),
            "Some text with [^nope] in it, and [^escaped]."
        );
        assert!(issue.articles[0].notes.is_empty());
        // A reference in a code span or block is code, not a reference.
        let (_, diags) = parse("# T 2019-06\n\n## A\n\n`x[^c]`\n\n```\n[^d]\n```\n");
        assert!(warnings(&diags).is_empty(), "{diags:?}");
    }

    #[test]
    fn an_unreferenced_definition_is_reported_and_kept() {
        let (issue, diags) = parse(
            "# T 2019-06\n\n## A\n\nText[^used].\n\n[^spare]: Spare text.\n\n[^used]: Used.\n\n## B\n\nMore.\n",
        );
        let found = warnings(&diags);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Some(7));
        assert!(
            found[0].1.contains("[^spare] is never referenced"),
            "{found:?}"
        );
        let a = &issue.articles[0];
        assert_eq!(a.notes.len(), 2);
        assert_eq!(para_text(&a.notes[0].blocks[0]), "Used.");
        assert_eq!(para_text(&a.notes[1].blocks[0]), "Spare text.");
        assert!(issue.articles[1].notes.is_empty());
    }

    #[test]
    fn a_second_definition_is_reported_and_kept() {
        let (issue, diags) =
            parse("# T 2019-06\n\n## A\n\nText[^n].\n\n[^n]: First.\n\n[^n]: Second.\n");
        let found = warnings(&diags);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Some(9));
        let texts: Vec<String> = issue.articles[0]
            .notes
            .iter()
            .map(|n| para_text(&n.blocks[0]))
            .collect();
        assert_eq!(texts, ["First.", "Second."]);
    }

    #[test]
    fn the_lead_has_notes_of_its_own() {
        let (issue, diags) = parse(
            "# T 2019-06\n\nA lead[^l].\n\n## A\n\nText[^a].\n\n[^l]: Lead note.\n[^a]: Article note.\n",
        );
        assert!(warnings(&diags).is_empty(), "{diags:?}");
        assert_eq!(note_refs(&issue.lead[0]), vec![1]);
        assert_eq!(issue.lead_notes.len(), 1);
        assert_eq!(para_text(&issue.lead_notes[0].blocks[0]), "Lead note.");
        assert_eq!(note_refs(&issue.articles[0].blocks[0]), vec![1]);
        assert_eq!(
            para_text(&issue.articles[0].notes[0].blocks[0]),
            "Article note."
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = format!("# T 2019-01\n\n## A\n\n{}deep\n", "> ".repeat(5000));
        let (issue, _) = parse(&text);
        assert_eq!(issue.articles.len(), 1);
    }
}
