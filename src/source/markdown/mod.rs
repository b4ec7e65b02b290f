//! The Markdown reader: front matter, CommonMark with GFM tables,
//! strikethrough and footnotes (see [`super::footnotes`]), the VuePress
//! components the issues use (`<TechshackHeader />`, `<mermaid>`), and a
//! few safe inline HTML tags.
//!
//! pulldown-cmark's events are folded into the model with an explicit stack
//! (no recursion, so deeply nested input cannot overflow the stack). Byte
//! offsets from `into_offset_iter` give every article its file line.
//!
//! The reader's parts: [`components`] rewrites the VuePress components
//! before parsing, and `indented` fences the indented code written after
//! lists; `fold` folds the parser's events into top-level items
//! (with `raw_html` for the HTML inside); `inlines` holds the small
//! helpers on inline content; `articles` splits the items into the issue's
//! title, lead and articles, with `shapes` for issues whose articles have
//! no headings (link-led articles, reading lists).

mod articles;
mod components;
mod fold;
mod indented;
mod inlines;
mod raw_html;
mod shapes;
#[cfg(test)]
mod tests;

use std::path::Path;

use pulldown_cmark::{Options, Parser};

use super::{frontmatter, ParsedIssue, ReadOptions};
use crate::diagnostics::{Diagnostics, Severity};
use articles::split_issue;
use components::{expand_components, Components};
use fold::Folder;

/// Reads a Markdown issue with the default [`ReadOptions`]. Returns `None`
/// (with an error recorded) when the front matter is broken.
pub fn read(text: &str, file: &Path, diags: &mut Diagnostics) -> Option<ParsedIssue> {
    read_with(text, file, &ReadOptions::default(), diags)
}

/// Reads a Markdown issue. Returns `None` (with an error recorded) when the
/// front matter is broken.
pub fn read_with(
    text: &str,
    file: &Path,
    options: &ReadOptions,
    diags: &mut Diagnostics,
) -> Option<ParsedIssue> {
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
    let mut components = Components::new(&options.dropped_components);
    let expanded = expand_components(split.body, split.body_line_offset, &mut components);
    let body = indented::fence_code_after_lists(&expanded.text);
    let lines = LineIndex::new(&body, split.body_line_offset);
    let mut folder = Folder::new(file, &body, &lines, components, diags);
    let parser_options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_FOOTNOTES;
    for (event, range) in Parser::new_ext(&body, parser_options).into_offset_iter() {
        folder.event(event, range);
    }
    let (top, notes, components) = folder.finish();
    for (name, line) in components.unknown() {
        diags.warn(file, Some(line), unknown_component_message(&name));
    }

    let mut issue = split_issue(top, notes, split.front_matter.title.as_deref(), file, diags);
    if issue.title.is_empty() {
        issue.title = first_line(split.body).to_string();
        issue.title_line = split.body_line_offset + 1;
    }
    issue.date = split.front_matter.date_text();
    issue.language = split.front_matter.language_tag();
    issue.had_intro |= expanded.had_header;
    Some(issue)
}

/// The warning for a component that is neither known site chrome nor
/// understood by the book: given once per file and component.
fn unknown_component_message(name: &str) -> String {
    format!(
        "unknown component <{name}> dropped (its text, if any, is kept; further uses in this file are not reported); \
         if it is site chrome, list it under `components: drop:` in book.yaml to drop it quietly"
    )
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
