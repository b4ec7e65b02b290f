//! Issues whose articles have no headings.
//!
//! Most issues give each article a `##` heading. Two other shapes occur in
//! the archive, and both are read as articles:
//!
//! - **Link-led articles**: each article opens with a paragraph that is
//!   only a link, `[Title](https://…)`, followed by its notes; articles
//!   are separated by `---` rules.
//! - **Reading lists** (the Chinese edition): a few intro paragraphs, then
//!   a bullet list whose items are `[Title](url), a comment`. Each item is
//!   an article: the link text is its title, the comment its text.
//!
//! Either way an article's source is the host of its link, like the
//! `[medium.com](…)` line under a heading, and a link without text is
//! titled from its address (with a warning).

use std::path::Path;

use super::fold::TopItem;
use super::inlines::trim_inlines;
use crate::diagnostics::Diagnostics;
use crate::model::{inline_text, Block, Inline, SourceLink};

/// Rewrites the items of an issue that has no `#` or `##` article
/// headings into article starts, when they have one of the heading-less
/// shapes (link-led articles first, else reading lists). Returns `None`
/// when they have neither; the items are then read as before.
pub(super) fn articles_without_headings(
    items: &[TopItem],
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<Vec<TopItem>> {
    let starts = link_led_starts(items);
    if !starts.is_empty() {
        return Some(link_led(items, &starts, file, diags));
    }
    let has_reading_list = items.iter().any(|item| match item {
        TopItem::Block { block, .. } => is_reading_list(block),
        _ => false,
    });
    has_reading_list.then(|| reading_lists(items, file, diags))
}

/// The indices of the items that open a link-led article: link-only
/// paragraphs that stand first or right after a `---` rule, and the first
/// link-only paragraph before any rule (after lead paragraphs). None
/// unless at least one stands first or after a rule: a lone link in a
/// lead is not an article.
fn link_led_starts(items: &[TopItem]) -> Vec<usize> {
    let mut starts = Vec::new();
    // Whether the item before opens a segment: nothing, or a rule.
    let mut after_break = true;
    let mut seen_rule = false;
    let mut confirmed = false;
    for (index, item) in items.iter().enumerate() {
        match item {
            TopItem::Block { block, .. } => {
                if link_only(block).is_some() && (after_break || (!seen_rule && starts.is_empty()))
                {
                    starts.push(index);
                    confirmed |= after_break;
                }
                seen_rule |= matches!(block, Block::Rule);
                after_break = matches!(block, Block::Rule);
            }
            TopItem::Heading { .. } | TopItem::ArticleStart { .. } => after_break = false,
            TopItem::NoteDefinition(_) => {}
        }
    }
    if confirmed {
        starts
    } else {
        Vec::new()
    }
}

/// The items with each start turned into an article start and the rules
/// that separate articles (before a start, or last) left out.
/// `starts` is in ascending order, as [`link_led_starts`] makes it.
fn link_led(
    items: &[TopItem],
    starts: &[usize],
    file: &Path,
    diags: &mut Diagnostics,
) -> Vec<TopItem> {
    // A rule separates articles when an article starts after it, or when
    // it ends the issue after an article.
    let is_separator = |index: usize| {
        let next = items[index + 1..]
            .iter()
            .position(|item| !matches!(item, TopItem::NoteDefinition(_)))
            .map(|offset| index + 1 + offset);
        match next {
            Some(next) => starts.binary_search(&next).is_ok(),
            None => starts.first().is_some_and(|&first| first < index),
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match item {
            TopItem::Block { block, line, .. } if starts.binary_search(&index).is_ok() => {
                if let Some((url, content)) = link_only(block) {
                    out.push(article_start(content, url, *line, file, diags));
                }
            }
            TopItem::Block {
                block: Block::Rule, ..
            } if is_separator(index) => {}
            other => out.push(other.clone()),
        }
    }
    out
}

/// The items with every reading list turned into one article per item.
fn reading_lists(items: &[TopItem], file: &Path, diags: &mut Diagnostics) -> Vec<TopItem> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            TopItem::Block {
                block: block @ Block::List { items: entries, .. },
                line,
                item_lines,
            } if is_reading_list(block) => {
                for (index, entry) in entries.iter().enumerate() {
                    let line = item_lines.get(index).copied().unwrap_or(*line);
                    let mut blocks = entry.iter();
                    let Some(Block::Paragraph(first)) = blocks.next() else {
                        continue;
                    };
                    let Some((Inline::Link { url, content }, comment)) = first.split_first() else {
                        continue;
                    };
                    out.push(article_start(content, url, line, file, diags));
                    let comment = trim_inlines(strip_separator(comment.to_vec()));
                    if !comment.is_empty() {
                        out.push(block_item(Block::Paragraph(comment), line));
                    }
                    out.extend(blocks.map(|block| block_item(block.clone(), line)));
                }
            }
            other => out.push(other.clone()),
        }
    }
    out
}

/// A list every item of which begins with a link: a reading list.
fn is_reading_list(block: &Block) -> bool {
    let Block::List { items, .. } = block else {
        return false;
    };
    !items.is_empty()
        && items.iter().all(|item| {
            matches!(item.first(), Some(Block::Paragraph(inlines))
                if matches!(inlines.first(), Some(Inline::Link { .. })))
        })
}

/// The comment after an item's link without the mark that joins the two
/// (`, comment`, `：评论`, ` - comment`).
fn strip_separator(mut comment: Vec<Inline>) -> Vec<Inline> {
    const JOINERS: &[char] = &[',', '，', ':', '：', ';', '；', '、', '-', '–', '—', '|'];
    if let Some(Inline::Text(text)) = comment.first_mut() {
        let rest = text.trim_start();
        let rest = rest.strip_prefix(JOINERS).unwrap_or(rest);
        *text = rest.trim_start().to_string();
    }
    comment
}

/// The link of a paragraph that holds only a link.
fn link_only(block: &Block) -> Option<(&String, &Vec<Inline>)> {
    match block {
        Block::Paragraph(inlines) => match inlines.as_slice() {
            [Inline::Link { url, content }] => Some((url, content)),
            _ => None,
        },
        _ => None,
    }
}

/// A block standing at `line`.
fn block_item(block: Block, line: usize) -> TopItem {
    TopItem::Block {
        block,
        line,
        item_lines: Vec::new(),
    }
}

/// The start of an article titled by a link: its text, else (with a
/// warning) a title made from its address. Its source is the link's host.
fn article_start(
    content: &[Inline],
    url: &str,
    line: usize,
    file: &Path,
    diags: &mut Diagnostics,
) -> TopItem {
    let mut title = content.to_vec();
    if inline_text(content).trim().is_empty() {
        let made = title_from_url(url);
        diags.warn(
            file,
            Some(line),
            format!(
                "article link has no text; titled {made:?} from its address (write the title between the brackets: `[Title]({url})`)"
            ),
        );
        title = vec![Inline::Text(made)];
    }
    TopItem::ArticleStart {
        title,
        sources: vec![SourceLink {
            label: host(url).unwrap_or_else(|| url.to_string()),
            url: Some(url.to_string()),
        }],
        line,
    }
}

/// The host of a web address, without `www.`: `https://www.usenix.org/x`
/// gives `usenix.org`.
pub(super) fn host(url: &str) -> Option<String> {
    let url = url.trim();
    if !url.contains("://") {
        return None;
    }
    let host = crate::weburl::host_of(url)?;
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// A title for a link without text: the file name its address ends in
/// (`paper.pdf`), else its host, else the address itself.
pub(super) fn title_from_url(url: &str) -> String {
    let url = url.trim();
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.split_once('/').map_or("", |(_, path)| path),
        None => url,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let name = percent_decoded(name);
    if !name.trim().is_empty() {
        return name;
    }
    host(url).unwrap_or_else(|| url.to_string())
}

/// `%XX` escapes decoded when they make UTF-8 text; the text as written
/// otherwise.
fn percent_decoded(text: &str) -> String {
    String::from_utf8(crate::weburl::percent_decode(text)).unwrap_or_else(|_| text.to_string())
}
