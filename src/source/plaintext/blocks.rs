//! The block parser: turns the lines of one article (or of the lead) into
//! paragraphs, lists, code blocks and drawings.
//!
//! Verbatim runs are found first, because they are what the scrape damaged
//! least and what must never be reflowed: a run starts at a line that is
//! certainly code or certainly a drawing and grows while the following lines
//! fit (brackets still open, deeper indentation, code-shaped lines, more
//! drawing). Everything else is lists (by marker and indentation) and
//! paragraphs (consecutive lines joined with a space).

use super::classify::{
    hash_heading, indent_of, is_blank, is_prose, is_rule, list_marker, ListMarker, MarkerKind,
};
use super::code_lines::{bracket_delta, is_key_value, shell_delta, strong_code, weak_code};
use super::drawing::{drawing_len, realign_first_line};
use super::inline::inlines;
use super::table::table_at;
use crate::model::{Block, CodeBlock, CodeKind};

/// One input line with its 1-based number in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    /// 1-based line number in the issue file.
    pub(crate) no: usize,
    /// The line without its line end and without "(opens new window)".
    pub(crate) text: String,
    /// How many "(opens new window)" labels (links) the line had.
    pub(crate) links: usize,
}

/// The lines of `text`, numbered from 1, with no links: for tests.
#[cfg(test)]
pub(crate) fn numbered_lines(text: &str) -> Vec<Line> {
    text.split('\n')
        .enumerate()
        .map(|(i, t)| Line {
            no: i + 1,
            text: t.to_string(),
            links: 0,
        })
        .collect()
}

/// A verbatim run found at some line.
struct Run {
    /// Number of lines it spans (including blank lines inside it).
    len: usize,
    /// Program text or drawing.
    kind: CodeKind,
    /// The guessed language, for program text.
    language: Option<&'static str>,
    /// Why it was taken for what it is, for explanations.
    why: String,
}

/// How many blank lines may separate two parts of one code block.
const MAX_BLANKS_IN_CODE: usize = 2;
/// How far an unclosed bracket may carry a code block without code-shaped
/// lines (guards against a stray `(` swallowing the rest of an article).
const MAX_OPEN_BRACKET_LINES: usize = 60;

/// Parses `lines` into blocks.
pub(crate) fn parse_blocks(lines: &[Line]) -> Vec<Block> {
    let mut parser = Parser {
        lines,
        pos: 0,
        explained: None,
    };
    parser.blocks()
}

/// What one block was classified as and why: its first line's number,
/// the kind of block, the reason.
pub(crate) type Explained = (usize, String, String);

/// Parses `lines` into blocks, and says for each top-level block what it
/// was classified as and why.
pub(crate) fn parse_blocks_explained(lines: &[Line]) -> (Vec<Block>, Vec<Explained>) {
    let mut parser = Parser {
        lines,
        pos: 0,
        explained: Some(Vec::new()),
    };
    let blocks = parser.blocks();
    (blocks, parser.explained.unwrap_or_default())
}

struct Parser<'a> {
    lines: &'a [Line],
    pos: usize,
    /// The explanations of the blocks parsed so far, when asked for.
    explained: Option<Vec<Explained>>,
}

impl<'a> Parser<'a> {
    fn text(&self, i: usize) -> Option<&'a str> {
        self.lines.get(i).map(|l| l.text.as_str())
    }

    /// The index of the next non-blank line at or after `i`.
    fn next_non_blank(&self, i: usize) -> Option<usize> {
        (i..self.lines.len()).find(|&k| !is_blank(&self.lines[k].text))
    }

    fn blocks(&mut self) -> Vec<Block> {
        let mut out = Vec::new();
        while let Some(i) = self.next_non_blank(self.pos) {
            self.pos = i;
            let (block, why) = self.block_at_top();
            if let Some(explained) = &mut self.explained {
                let what = describe(&block, self.lines, i, self.pos);
                explained.push((self.lines[i].no, what, why));
            }
            out.push(block);
        }
        self.pos = self.lines.len();
        out
    }

    /// Parses the block starting at the current (non-blank) line, and says
    /// why it is that kind of block.
    fn block_at_top(&mut self) -> (Block, String) {
        let i = self.pos;
        let line = self.text(i).unwrap_or("");
        if let Some((block, why)) = self.verbatim_explained(i) {
            return (block, why);
        }
        if let Some((len, table)) = table_at(self.lines, i) {
            self.pos = i + len;
            let why = "rows of cells separated by tabs, as a browser copies a table";
            return (table, why.to_string());
        }
        if let Some(marker) = list_marker(line) {
            let why = format!(
                "a list marker at column {}; items nest by their indentation, whatever the bullet",
                marker.indent
            );
            return (self.list(marker.indent, None, marker.kind), why);
        }
        if let Some((level, text)) = hash_heading(line) {
            self.pos = i + 1;
            // `#` marks article titles in scrapes that kept them, so `##` is
            // the first level below the article title.
            let block = Block::Heading {
                level: u8::try_from(level.saturating_sub(1).max(1)).unwrap_or(5),
                content: inlines(text),
            };
            return (block, "a `#` line inside the article".to_string());
        }
        if is_rule(line) && self.surrounded_by_blanks(i) {
            self.pos = i + 1;
            let why = "a line of only `-`, `=`, `_` or `*` between blank lines";
            return (Block::Rule, why.to_string());
        }
        let why = "text that is no code, drawing, list or table; its lines are joined";
        (self.paragraph(None), why.to_string())
    }

    fn surrounded_by_blanks(&self, i: usize) -> bool {
        let before = i == 0 || self.text(i - 1).is_none_or(is_blank);
        let after = self.text(i + 1).is_none_or(is_blank);
        before && after
    }

    /// A code block or drawing starting at line `i`, if one starts there;
    /// advances past it.
    fn verbatim(&mut self, i: usize) -> Option<Block> {
        self.verbatim_explained(i).map(|(block, _)| block)
    }

    /// [`Self::verbatim`], with the reason.
    fn verbatim_explained(&mut self, i: usize) -> Option<(Block, String)> {
        let run = self
            .drawing_run(i)
            .or_else(|| self.program_run(i))
            .or_else(|| self.key_value_run(i))?;
        let slice = &self.lines[i..i + run.len];
        let text = match run.kind {
            CodeKind::Drawing => realign_first_line(verbatim_text(slice, false)),
            CodeKind::Program => verbatim_text(&unwrap_dump_lines(slice), true),
        };
        self.pos = i + run.len;
        let block = Block::Code(CodeBlock {
            language: run.language.map(str::to_string),
            text,
            kind: run.kind,
        });
        Some((block, run.why))
    }

    /// A drawing starting at `i` (see [`drawing_len`]). Aligned columns
    /// without any box character (a table, command output) are kept as a
    /// drawing too: their columns must stay exact.
    fn drawing_run(&self, i: usize) -> Option<Run> {
        drawing_len(self.lines, i).map(|len| Run {
            len,
            kind: CodeKind::Drawing,
            language: None,
            why: "drawn lines (boxes, corners, column bars, aligned columns) with the \
                  connectors (`|`, `v`, `^`, arrows) and labels between them, kept column for column"
                .to_string(),
        })
    }

    /// Program text starting at `i`: a certainly-code line and the lines
    /// that continue it.
    fn program_run(&self, i: usize) -> Option<Run> {
        let first = self.text(i)?;
        let mut language = strong_code(first)?;
        let base = indent_of(first);
        let mut brackets = bracket_delta(first).max(0);
        let mut shell = shell_delta(first).max(0);
        let mut open_lines = 0;
        let mut end = i + 1;
        while let Some(t) = self.text(end) {
            if is_blank(t) {
                // Look past blank lines: continue only if code follows.
                let Some(next) = self.next_non_blank(end) else {
                    break;
                };
                if next - end > MAX_BLANKS_IN_CODE {
                    break;
                }
                let nt = self.text(next).unwrap_or("");
                let marker = list_marker(nt);
                // Deeper indentation goes on with the code only inside an
                // indented body (a Python function between its statements),
                // not after the code came back to its first column.
                let in_body = self
                    .text(end - 1)
                    .is_some_and(|last| indent_of(last) > base);
                let deeper = indent_of(nt) > base && (in_body || weak_code(nt));
                let continues = marker.is_none()
                    && (strong_code(nt).is_some()
                        || ((brackets > 0 || shell > 0 || deeper)
                            && (weak_code(nt) || !is_prose(nt))));
                if !continues {
                    break;
                }
                end = next;
                continue;
            }
            let marker = list_marker(t);
            let inside = brackets > 0 || shell > 0;
            let continues = if marker.is_some_and(|m| m.typographic) {
                false
            } else if inside {
                open_lines < MAX_OPEN_BRACKET_LINES && (weak_code(t) || !is_prose(t))
            } else {
                marker.is_none_or(|m| m.kind == MarkerKind::Bullet && m.indent > base)
                    && (strong_code(t).is_some() || !is_prose(t))
            };
            if !continues {
                break;
            }
            if language.is_none() {
                language = strong_code(t).flatten();
            }
            if inside {
                open_lines += 1;
            }
            brackets = (brackets + bracket_delta(t)).max(0);
            shell = (shell + shell_delta(t)).max(0);
            end += 1;
        }
        let why = format!(
            "line {} is certainly program text (`{}`); the block goes on over code-shaped lines, \
             open brackets and deeper indentation, across up to {MAX_BLANKS_IN_CODE} blank lines \
             when code follows",
            self.lines[i].no,
            first.trim()
        );
        Some(Run {
            len: end - i,
            kind: CodeKind::Program,
            language,
            why,
        })
    }

    /// Configuration text starting at `i`: two or more `key: value` lines in
    /// a row (YAML and the like), with the deeper-indented lines and `- `
    /// items between them.
    fn key_value_run(&self, i: usize) -> Option<Run> {
        let first = self.text(i)?;
        if !is_key_value(first) || !self.text(i + 1).is_some_and(is_key_value) {
            return None;
        }
        let base = indent_of(first);
        let mut end = i + 2;
        while let Some(t) = self.text(end) {
            let nested = indent_of(t) > base && !is_blank(t) && !is_prose(t);
            let typographic = list_marker(t).is_some_and(|m| m.typographic);
            if typographic || !(is_key_value(t) || nested) {
                break;
            }
            end += 1;
        }
        Some(Run {
            len: end - i,
            kind: CodeKind::Program,
            language: Some("yaml"),
            why: "two or more `key: value` lines in a row (configuration)".to_string(),
        })
    }

    /// True when line `i` starts something that ends a paragraph or a list
    /// item's text.
    fn interrupts(&self, i: usize) -> bool {
        let Some(t) = self.text(i) else {
            return true;
        };
        is_blank(t)
            || list_marker(t).is_some()
            || hash_heading(t).is_some()
            || strong_code(t).is_some()
            || self.drawing_run(i).is_some()
            || self.key_value_run(i).is_some()
            || table_at(self.lines, i).is_some()
    }

    /// A paragraph starting at the current line; `first` replaces the first
    /// line's text (used for a list item's text after its marker).
    fn paragraph(&mut self, first: Option<&str>) -> Block {
        let i = self.pos;
        let mut text = match first {
            Some(f) => f.trim().to_string(),
            None => self.text(i).unwrap_or("").trim().to_string(),
        };
        let mut end = i + 1;
        while end < self.lines.len() && !self.interrupts(end) {
            let t = self.text(end).unwrap_or("").trim();
            let wrapped = self
                .text(end - 1)
                .is_some_and(|p| p.chars().count() >= WRAPPED_LINE);
            let joins_word = wrapped && broken_word(&text, t);
            if !text.is_empty() && !joins_word {
                text.push(' ');
            }
            text.push_str(t);
            end += 1;
        }
        self.pos = end;
        Block::Paragraph(inlines(&text))
    }

    /// A list whose items have their markers at `indent`; `parent` is the
    /// marker indent of the enclosing list, if any.
    fn list(&mut self, indent: usize, parent: Option<usize>, kind: MarkerKind) -> Block {
        let start = match kind {
            MarkerKind::Number(n) => Some(n),
            MarkerKind::Bullet => None,
        };
        let mut items = Vec::new();
        while let Some(marker) = self.text(self.pos).and_then(list_marker) {
            items.push(self.item(&marker, indent));
            // Is the next thing another item of this list?
            let Some(next) = self.next_non_blank(self.pos) else {
                break;
            };
            let Some(m) = self.text(next).and_then(list_marker) else {
                break;
            };
            let sibling = m.indent <= indent && parent.is_none_or(|p| m.indent > p);
            if !sibling || !m.kind.same_list(kind) {
                break;
            }
            self.pos = next;
        }
        Block::List { start, items }
    }

    /// One list item: its text (with continuation lines), then nested lists,
    /// indented paragraphs and code that belong to it.
    fn item(&mut self, marker: &ListMarker<'a>, indent: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        if marker.text.is_empty() {
            self.pos += 1;
        } else {
            blocks.push(self.paragraph(Some(marker.text)));
        }
        while let Some(next) = self.next_non_blank(self.pos) {
            let t = self.text(next).unwrap_or("");
            let after_blank = next > self.pos;
            let line_indent = indent_of(t);
            if let Some(m) = list_marker(t) {
                if m.indent > indent {
                    self.pos = next;
                    blocks.push(self.list(m.indent, Some(indent), m.kind));
                    continue;
                }
                break;
            }
            // Code or a drawing indented under the item belongs to it.
            if line_indent >= marker.content_col || (!after_blank && line_indent > indent) {
                if let Some(block) = self.verbatim(next) {
                    blocks.push(block);
                    continue;
                }
                if after_blank && line_indent >= marker.content_col && hash_heading(t).is_none() {
                    self.pos = next;
                    blocks.push(self.paragraph(None));
                    continue;
                }
            }
            break;
        }
        blocks
    }
}

/// What a block is, for explanations: its kind and the lines it spans
/// (`lines[from..to]`).
fn describe(block: &Block, lines: &[Line], from: usize, to: usize) -> String {
    let last = lines
        .get(from..to)
        .and_then(|s| s.iter().rposition(|l| !is_blank(&l.text)))
        .map_or(from, |k| from + k);
    let span = match (lines.get(from), lines.get(last)) {
        (Some(a), Some(b)) if b.no > a.no => format!(", lines {}-{}", a.no, b.no),
        _ => String::new(),
    };
    match block {
        Block::Paragraph(_) => format!("paragraph{span}"),
        Block::Heading { .. } => "heading".to_string(),
        Block::List { start, items } => {
            let kind = if start.is_some() {
                "numbered list"
            } else {
                "list"
            };
            format!("{kind} of {} items{span}", items.len())
        }
        Block::Code(c) if c.kind == CodeKind::Drawing => format!("drawing{span}"),
        Block::Code(c) => match &c.language {
            Some(language) => format!("code ({language}){span}"),
            None => format!("code{span}"),
        },
        Block::Table { rows, .. } => format!("table of {} rows{span}", rows.len() + 1),
        Block::Rule => "rule".to_string(),
        _ => "block".to_string(),
    }
}

/// A line at least this long may have been wrapped by a text browser
/// (which wraps at 80 columns).
const WRAPPED_LINE: usize = 60;

/// True when a text browser broke a word at the end of `text` to wrap a
/// long line, so that `next` goes on without a space: an address or path
/// broken after a `/` (`https://ec.haxx.se/` + `sourcecode-style.html`) or
/// before one (`disk I` + `/O,`: one segment, no further `/`), or a word
/// broken after its hyphen (`{queue-number}-` + `{partition-count}`).
fn broken_word(text: &str, next: &str) -> bool {
    let last = text.rsplit(' ').next().unwrap_or("");
    let first = next.chars().next();
    let path =
        last.len() > 1 && last.ends_with('/') && (last.contains("://") || last.starts_with('/'));
    let next_word = next.split(' ').next().unwrap_or("");
    let segment = next_word.len() > 1
        && next_word.starts_with('/')
        && !next_word[1..].contains('/')
        && next_word[1..].starts_with(char::is_alphanumeric)
        && last.ends_with(char::is_alphanumeric);
    let before_hyphen = last.strip_suffix('-').and_then(|w| w.chars().next_back());
    let hyphen = before_hyphen.is_some_and(|c| c.is_alphanumeric() || matches!(c, '}' | ')'))
        && first.is_some_and(|c| c.is_alphanumeric() || c == '{');
    path || segment || hyphen
}

/// The width of a text browser's dump (`lynx -dump`, 80 columns): it
/// breaks longer lines of program text there.
const DUMP_WIDTH: usize = 80;

/// Program lines with the breaks a text browser made put back: a line of
/// exactly [`DUMP_WIDTH`] characters followed by a line at column 0 was one
/// line.
fn unwrap_dump_lines(lines: &[Line]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut broken = false;
    for line in lines {
        match out.last_mut() {
            Some(last) if broken && !is_blank(&line.text) && indent_of(&line.text) == 0 => {
                last.text.push_str(&line.text);
                broken = false;
                continue;
            }
            _ => {}
        }
        broken = line.text.chars().count() == DUMP_WIDTH;
        out.push(line.clone());
    }
    out
}

/// The text of a verbatim run: lines joined with `\n`, trailing blank lines
/// dropped, trailing spaces kept except on blank lines. Program text loses
/// its common indentation; drawings keep every column.
fn verbatim_text(lines: &[Line], dedent: bool) -> String {
    let common = if dedent {
        lines
            .iter()
            .filter(|l| !is_blank(&l.text))
            .map(|l| leading_spaces(&l.text))
            .min()
            .unwrap_or(0)
    } else {
        0
    };
    let mut out: Vec<&str> = lines
        .iter()
        .map(|l| {
            if is_blank(&l.text) {
                ""
            } else {
                l.text.get(common..).unwrap_or(&l.text)
            }
        })
        .collect();
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// Number of leading ASCII spaces (bytes), for dedenting.
fn leading_spaces(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}
