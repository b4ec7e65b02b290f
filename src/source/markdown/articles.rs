//! Splitting an issue's top-level items into its title, lead and
//! articles, and finishing each article (source links, captions, notes).

use std::collections::HashSet;
use std::path::Path;

use super::fold::TopItem;
use super::inlines::{push_text, trim_inlines};
use super::shapes;
use crate::diagnostics::Diagnostics;
use crate::model::{inline_text, Article, Block, Inline, SourceLink, SourcePos};
use crate::source::footnotes::{self, NoteTable};
use crate::source::{intro, ParsedIssue};

/// Splits the top-level items into the issue title, the lead and the
/// articles. The title is the front matter title, else the first heading;
/// articles are the headings of the highest remaining level (`##` in most
/// issues, `#` in files that use `#` for articles).
pub(super) fn split_issue(
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
                Some(t) => text.trim() == t.trim() || crate::source::issue_id_in(&text).is_some(),
                None => crate::source::issue_id_in(&text).is_some(),
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

    // A heading that only repeats the issue number (`# 2019-10` under a
    // front matter title) is not an article.
    items.retain(|item| !is_issue_number_heading(item));

    let mut article_level = items
        .iter()
        .filter_map(|i| match i {
            TopItem::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .min();
    if article_level.is_none_or(|level| level > 2) {
        if let Some(rewritten) = shapes::articles_without_headings(&items, file, diags) {
            items = rewritten;
            // Articles stand where `##` headings would: a `###` in one is
            // its first level of sub-heading.
            article_level = Some(2);
        }
    }

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
            TopItem::ArticleStart {
                title,
                sources,
                line,
            } => {
                if let Some(article) = current.take() {
                    issue.articles.push(finish_article(article));
                }
                current = Some(Article {
                    title,
                    sources,
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
            TopItem::Block { block, .. } => match current.as_mut() {
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
pub(super) fn attach_notes(
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
pub(super) fn finish_article(mut article: Article) -> Article {
    // An article titled by its link has its source already; a paragraph
    // of links that opens its notes is text.
    let first = article
        .blocks
        .first()
        .filter(|_| article.sources.is_empty());
    if let Some(Block::Paragraph(inlines)) = first {
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

/// Whether an item is a heading that is only an issue number, `YYYY-NN`.
fn is_issue_number_heading(item: &TopItem) -> bool {
    let TopItem::Heading { content, .. } = item else {
        return false;
    };
    let text = inline_text(content);
    let text = text.trim();
    crate::source::issue_id_in(text).is_some()
        && text.len() <= 7
        && text.chars().all(|c| c.is_ascii_digit() || c == '-')
}

/// The source links of a paragraph made only of links and `|` separators.
/// A piece between separators may also be a short bare label (a site named
/// without a URL, as `import` writes it), as long as one piece is a link.
pub(super) fn source_links(inlines: &[Inline]) -> Option<Vec<SourceLink>> {
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
pub(super) fn is_bare_label(text: &str) -> bool {
    !text.is_empty() && text.chars().count() <= 60 && !text.ends_with(['.', ':', '!', '?'])
}
