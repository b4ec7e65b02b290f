//! The URLs of external links on paper, which has no links: a mark after
//! each link whose text does not show its URL, and the URL printed in a
//! note, at the end of the article (`link_urls: notes`) or at the foot of
//! the page (`link_urls: footnotes`, through the article's footnotes).

use std::collections::{HashMap, HashSet};

use crate::model::{for_each_inline_in, for_each_inline_mut, Article, Block, Inline, Note};

/// Whether `url` leads outside the book (and so is worth printing).
pub fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("ftp://")
}

/// The place of `url` in `urls`, adding it at the end if it is not there.
pub fn place_of(urls: &mut Vec<String>, url: &str) -> usize {
    match urls.iter().position(|u| u == url) {
        Some(n) => n,
        None => {
            urls.push(url.to_string());
            urls.len() - 1
        }
    }
}

/// `blocks` with every run of inline content passed through `f`.
pub fn map_blocks(blocks: &[Block], f: &mut dyn FnMut(&[Inline]) -> Vec<Inline>) -> Vec<Block> {
    blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph(c) => Block::Paragraph(f(c)),
            Block::Heading { level, content } => Block::Heading {
                level: *level,
                content: f(content),
            },
            Block::List { start, items } => Block::List {
                start: *start,
                items: items.iter().map(|item| map_blocks(item, f)).collect(),
            },
            Block::Quote(b) => Block::Quote(map_blocks(b, f)),
            Block::Table {
                align,
                header,
                rows,
            } => Block::Table {
                align: align.clone(),
                header: header.iter().map(|c| f(c)).collect(),
                rows: rows
                    .iter()
                    .map(|r| r.iter().map(|c| f(c)).collect())
                    .collect(),
            },
            Block::Figure { image, caption } => Block::Figure {
                image: image.clone(),
                caption: caption.as_ref().map(|c| f(c)),
            },
            other => other.clone(),
        })
        .collect()
}

/// `blocks` with `mark(n)` after each external link whose text does not
/// already show its URL, `n` being the URL's place in `urls` (where each
/// URL is added once, in reading order).
pub fn mark_links(
    blocks: &[Block],
    urls: &mut Vec<String>,
    mark: &dyn Fn(usize) -> Inline,
) -> Vec<Block> {
    fn inl(
        inlines: &[Inline],
        urls: &mut Vec<String>,
        mark: &dyn Fn(usize) -> Inline,
    ) -> Vec<Inline> {
        let mut out = Vec::new();
        for inline in inlines {
            match inline {
                Inline::Link { url, content } => {
                    out.push(inline.clone());
                    let shown = crate::model::inline_text(content);
                    let shows_url = shown.trim().trim_end_matches('/')
                        == url.trim().trim_end_matches('/')
                        || url.ends_with(shown.trim());
                    if is_external(url) && !shows_url {
                        out.push(mark(place_of(urls, url)));
                    }
                }
                Inline::Emph(c) => out.push(Inline::Emph(inl(c, urls, mark))),
                Inline::Strong(c) => out.push(Inline::Strong(inl(c, urls, mark))),
                Inline::Strike(c) => out.push(Inline::Strike(inl(c, urls, mark))),
                other => out.push(other.clone()),
            }
        }
        out
    }
    map_blocks(blocks, &mut |c: &[Inline]| inl(c, urls, mark))
}

/// The mark of URL note `index` (from 0): its number, or with `letters`
/// a letter (`a`…`z`, then `aa`, `ab`…).
pub fn url_mark(index: usize, letters: bool) -> String {
    if !letters {
        return (index + 1).to_string();
    }
    let mut n = index;
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// An article whose link URLs are footnotes, as the layout sets it.
#[derive(Debug, Clone, PartialEq)]
pub struct UrlFootnotes {
    /// The title, its own note references renumbered.
    pub title: Vec<Inline>,
    /// For each of the article's sources, the number of the note that
    /// prints its URL, if it has an external one.
    pub source_notes: Vec<Option<u32>>,
    /// The text, a note reference after each external link.
    pub blocks: Vec<Block>,
    /// The article's own notes and the URL notes, in number order.
    pub notes: Vec<Note>,
}

/// `article` with the URL of each external source and link as a
/// footnote: a reference after the link (once per URL; later links to the
/// same URL refer to the same note), the URL as the note's text. The
/// article's own notes and these are numbered together from 1 in reading
/// order (title, source line, text, then the notes' own references), as
/// the reader numbers notes; notes nothing refers to come after.
pub fn url_footnotes(article: &Article) -> UrlFootnotes {
    // URL note `n` first takes the number after the article's own notes;
    // every number is then made a reading-order number.
    let own = article.notes.len();
    let temporary = move |n: usize| u32::try_from(own + n + 1).unwrap_or(u32::MAX);
    let mut urls = Vec::new();
    let mut source_notes: Vec<Option<u32>> = article
        .sources
        .iter()
        .map(|source| {
            let url = source.address().filter(|u| is_external(u))?;
            Some(temporary(place_of(&mut urls, url)))
        })
        .collect();
    let mut blocks = mark_links(&article.blocks, &mut urls, &|n| Inline::NoteRef {
        number: temporary(n),
    });
    let mut notes = article.notes.clone();
    notes.extend(urls.into_iter().map(|url| Note {
        blocks: vec![Block::Paragraph(vec![Inline::Link {
            content: vec![Inline::Text(url.clone())],
            url,
        }])],
    }));
    let mut title = article.title.clone();

    // Every note number, in the order of its first reference.
    let count = notes.len();
    let mut order: Vec<u32> = Vec::new();
    let mut seen: HashSet<u32> = HashSet::new();
    let mut sight = |n: u32, order: &mut Vec<u32>| {
        if (1..=count).contains(&(n as usize)) && seen.insert(n) {
            order.push(n);
        }
    };
    let mut refs_in_title = Vec::new();
    for_each_inline_in(&mut title, &mut |i| push_ref(i, &mut refs_in_title));
    for n in refs_in_title {
        sight(n, &mut order);
    }
    for &n in source_notes.iter().flatten() {
        sight(n, &mut order);
    }
    let mut refs_in_text = Vec::new();
    for_each_inline_mut(&mut blocks, &mut |i| push_ref(i, &mut refs_in_text));
    for n in refs_in_text {
        sight(n, &mut order);
    }
    // The notes' own references, breadth first.
    let mut next = 0;
    while next < order.len() {
        let mut refs = Vec::new();
        let index = order[next] as usize - 1;
        for_each_inline_mut(&mut notes[index].blocks, &mut |i| push_ref(i, &mut refs));
        for n in refs {
            sight(n, &mut order);
        }
        next += 1;
    }
    for n in 1..=count {
        sight(u32::try_from(n).unwrap_or(u32::MAX), &mut order);
    }

    let number: HashMap<u32, u32> = order
        .iter()
        .zip(1u32..)
        .map(|(&old, new)| (old, new))
        .collect();
    let mut renumber = |i: &mut Inline| {
        if let Inline::NoteRef { number: n } = i {
            if let Some(&new) = number.get(n) {
                *n = new;
            }
        }
    };
    for_each_inline_in(&mut title, &mut renumber);
    for_each_inline_mut(&mut blocks, &mut renumber);
    for note in &mut notes {
        for_each_inline_mut(&mut note.blocks, &mut renumber);
    }
    for n in source_notes.iter_mut().flatten() {
        if let Some(&new) = number.get(n) {
            *n = new;
        }
    }
    let mut slots: Vec<Option<Note>> = notes.into_iter().map(Some).collect();
    let notes = order
        .iter()
        .filter_map(|&old| slots.get_mut(old as usize - 1).and_then(Option::take))
        .collect();
    UrlFootnotes {
        title,
        source_notes,
        blocks,
        notes,
    }
}

/// Adds the number of `inline` to `refs` if it is a note reference.
fn push_ref(inline: &mut Inline, refs: &mut Vec<u32>) {
    if let Inline::NoteRef { number } = inline {
        refs.push(*number);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SourceLink, SourcePos};

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    fn link(url: &str, text: &str) -> Inline {
        Inline::Link {
            url: url.into(),
            content: vec![t(text)],
        }
    }

    fn note(text: &str) -> Note {
        Note {
            blocks: vec![Block::Paragraph(vec![t(text)])],
        }
    }

    fn url_note(url: &str) -> Note {
        Note {
            blocks: vec![Block::Paragraph(vec![link(url, url)])],
        }
    }

    fn article(
        sources: Vec<SourceLink>,
        title: Vec<Inline>,
        blocks: Vec<Block>,
        notes: Vec<Note>,
    ) -> Article {
        Article {
            title,
            sources,
            blocks,
            notes,
            pos: SourcePos {
                file: "x.md".into(),
                line: 1,
            },
        }
    }

    #[test]
    fn a_source_known_only_by_its_host_gets_no_url_note() {
        // A scraped issue's `medium.com`: its URL is the homepage, which
        // the paper would print as if it were the article's address.
        let a = article(
            vec![
                SourceLink {
                    label: "medium.com".into(),
                    url: Some("https://medium.com".into()),
                },
                SourceLink {
                    label: "part 2".into(),
                    url: Some("https://medium.com/@a/part-2".into()),
                },
            ],
            vec![t("Title")],
            vec![Block::Paragraph(vec![t("Text.")])],
            Vec::new(),
        );
        let noted = url_footnotes(&a);
        assert_eq!(noted.source_notes, vec![None, Some(1)]);
        assert_eq!(noted.notes.len(), 1);
    }

    #[test]
    fn each_url_is_one_footnote_in_reading_order_from_the_source_line() {
        let a = article(
            vec![SourceLink {
                label: "example.org".into(),
                url: Some("https://example.org/post".into()),
            }],
            vec![t("Title")],
            vec![Block::Paragraph(vec![
                link("https://a.example/x", "a"),
                t(" and "),
                link("https://b.example/y", "b"),
                t(" and "),
                link("https://a.example/x", "a again"),
                t(", "),
                link("https://c.example/", "https://c.example"),
                t(" shows its URL, "),
                link("#local", "local"),
            ])],
            Vec::new(),
        );
        let noted = url_footnotes(&a);
        assert_eq!(noted.source_notes, vec![Some(1)]);
        let refs: Vec<u32> = match &noted.blocks[0] {
            Block::Paragraph(c) => c
                .iter()
                .filter_map(|i| match i {
                    Inline::NoteRef { number } => Some(*number),
                    _ => None,
                })
                .collect(),
            other => panic!("{other:?}"),
        };
        assert_eq!(refs, vec![2, 3, 2]);
        assert_eq!(
            noted.notes,
            vec![
                url_note("https://example.org/post"),
                url_note("https://a.example/x"),
                url_note("https://b.example/y"),
            ]
        );
    }

    #[test]
    fn own_notes_and_url_notes_are_numbered_together_and_strays_come_last() {
        let a = article(
            Vec::new(),
            vec![t("Title"), Inline::NoteRef { number: 1 }],
            vec![Block::Paragraph(vec![
                link("https://x.example/", "x"),
                t(" text"),
                Inline::NoteRef { number: 2 },
            ])],
            vec![
                note("on the title"),
                note("on the text"),
                note("referred to by none"),
            ],
        );
        let noted = url_footnotes(&a);
        assert_eq!(noted.title, vec![t("Title"), Inline::NoteRef { number: 1 }]);
        assert_eq!(
            noted.blocks,
            vec![Block::Paragraph(vec![
                link("https://x.example/", "x"),
                Inline::NoteRef { number: 2 },
                t(" text"),
                Inline::NoteRef { number: 3 },
            ])]
        );
        assert_eq!(
            noted.notes,
            vec![
                note("on the title"),
                url_note("https://x.example/"),
                note("on the text"),
                note("referred to by none"),
            ]
        );
    }

    #[test]
    fn url_marks_run_through_the_alphabet() {
        assert_eq!(url_mark(0, false), "1");
        assert_eq!(url_mark(0, true), "a");
        assert_eq!(url_mark(25, true), "z");
        assert_eq!(url_mark(26, true), "aa");
    }
}
