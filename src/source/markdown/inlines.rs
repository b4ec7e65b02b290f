//! Small helpers on inline content shared by the folder and the article
//! splitter.

use pulldown_cmark::{Alignment, HeadingLevel};

use crate::model::{Align, Block, Inline};

/// The `[^label]`s in `text` (source text that the parser read as plain
/// text), with their byte offsets: footnote references whose label has no
/// definition. A `[` escaped with a backslash starts none.
pub(super) fn undefined_references(text: &str) -> Vec<(usize, &str)> {
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
pub(super) fn push_text(inlines: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(last)) = inlines.last_mut() {
        last.push_str(text);
    } else {
        inlines.push(Inline::Text(text.to_string()));
    }
}

/// Drops leading and trailing white space of inline content.
pub(super) fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
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
pub(super) fn paragraph_or_figure(inlines: Vec<Inline>) -> Block {
    if let [Inline::Image(image)] = inlines.as_slice() {
        return Block::Figure {
            image: image.clone(),
            caption: None,
        };
    }
    Block::Paragraph(inlines)
}

pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

pub(super) fn alignment(align: Alignment) -> Align {
    match align {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}
