//! Assembling books: the chapters read from the issue files are grouped by
//! year and edition, ordered by issue number, and given their metadata,
//! their titles and preface.
//!
//! A chapter's title comes from its issue number by one pattern
//! (`chapter_title:` in `book.yaml`, see [`chapter_title`]), not from what
//! its file calls itself: the files drift ("Techshack 2018-50",
//! "EnqueueZero Techshack 2018-51", a bare "2018-52"), the book should not.
//! What the file says stays on the chapter as [`Chapter::source_title`].

use std::collections::BTreeMap;

use crate::config::BookConfig;
use crate::diagnostics::Diagnostics;
use crate::model::{edition_key, Book, Chapter, IssueId};
use crate::source::{intro, ReadIssue};

/// Groups issues into one book per year and edition (oldest year first;
/// within a year the default edition first, then the others by name),
/// chapters in issue order. An issue's edition is that of its language
/// ([`edition_key`]), the book's default language when it has none. Two
/// files claiming the same issue in the same edition are reported as an
/// error naming both, and only the first (by file name) is kept.
pub fn assemble(issues: Vec<ReadIssue>, config: &BookConfig, diags: &mut Diagnostics) -> Vec<Book> {
    let default_edition = config.default_edition();
    let default_language = config.default_language();
    // The key sorts the default edition before the others of its year.
    let mut groups: BTreeMap<(u16, bool, String), Vec<ReadIssue>> = BTreeMap::new();
    for issue in issues {
        let edition = issue
            .language
            .as_deref()
            .map(edition_key)
            .filter(|key| !key.is_empty())
            .unwrap_or_else(|| default_edition.clone());
        let is_other = edition != default_edition;
        groups
            .entry((issue.chapter.id.year, is_other, edition))
            .or_default()
            .push(issue);
    }
    groups
        .into_iter()
        .map(|((year, is_other, edition), mut issues)| {
            issues.sort_by(|a, b| {
                (a.chapter.id, &a.chapter.source).cmp(&(b.chapter.id, &b.chapter.source))
            });
            // The language of another edition, unless book.yaml names it:
            // that of its first issue (they all share the edition's key).
            let language = if is_other {
                issues
                    .iter()
                    .find_map(|i| i.language.clone())
                    .unwrap_or_else(|| edition.clone())
            } else {
                default_language.clone()
            };
            let mut chapters: Vec<Chapter> = Vec::with_capacity(issues.len());
            let mut had_intro = false;
            for issue in issues {
                if let Some(previous) = chapters.last().filter(|c| c.id == issue.chapter.id) {
                    diags.error(
                        &issue.chapter.source,
                        None,
                        format!(
                            "is issue {} of the {edition:?} edition too, like {}; only the first is used — \
                             rename or fix the title of one of them, or mark the language of one \
                             in its file name (`-CN`, `.zh`) or front matter (`lang:`)",
                            issue.chapter.id,
                            previous.source.display()
                        ),
                    );
                    continue;
                }
                had_intro |= issue.had_intro;
                chapters.push(issue.chapter);
            }
            let meta = config.meta_for_edition(year, &edition, &language);
            let pattern = config.chapter_title_for(&edition);
            for chapter in &mut chapters {
                chapter.title = chapter_title(pattern, &meta.series, chapter.id);
            }
            Book {
                // The intro is English: it prefaces the English books, not
                // a Chinese edition whose issues carry the same component.
                preface: if had_intro && intro::is_in(&meta.language) {
                    intro::preface()
                } else {
                    Vec::new()
                },
                meta,
                chapters,
                assets: Default::default(),
            }
        })
        .collect()
}

/// One piece of a chapter title pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    /// Text as written (`{{` and `}}` already made single braces).
    Text(&'a str),
    /// `{series}`, `{id}`, `{year}` or `{number}`, by name.
    Placeholder(&'a str),
}

/// The placeholders a chapter title pattern may hold.
const PLACEHOLDERS: [&str; 4] = ["series", "id", "year", "number"];

/// The pieces of `pattern`, or what is wrong with it.
fn pieces(pattern: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("{{") {
            out.push(Piece::Text("{"));
            rest = after;
        } else if let Some(after) = rest.strip_prefix("}}") {
            out.push(Piece::Text("}"));
            rest = after;
        } else if let Some(after) = rest.strip_prefix('{') {
            let Some(end) = after.find('}') else {
                return Err(format!(
                    "{pattern:?} opens a `{{` that is not closed; write `{{{{` for a brace"
                ));
            };
            let name = &after[..end];
            if !PLACEHOLDERS.contains(&name) {
                return Err(format!(
                    "{pattern:?} has an unknown placeholder `{{{name}}}`; the placeholders are {{series}}, {{id}}, {{year}} and {{number}}"
                ));
            }
            out.push(Piece::Placeholder(name));
            rest = &after[end + 1..];
        } else if rest.starts_with('}') {
            return Err(format!(
                "{pattern:?} has a `}}` that closes nothing; write `}}}}` for a brace"
            ));
        } else {
            let end = rest.find(['{', '}']).unwrap_or(rest.len());
            out.push(Piece::Text(&rest[..end]));
            rest = &rest[end..];
        }
    }
    Ok(out)
}

/// Checks a chapter title pattern: only known placeholders, braces
/// balanced, and the issue number in it (`{id}` or `{number}`), or every
/// chapter would have the same title.
pub fn check_chapter_title(pattern: &str) -> Result<(), String> {
    let pieces = pieces(pattern)?;
    let numbered = pieces
        .iter()
        .any(|p| matches!(p, Piece::Placeholder("id" | "number")));
    if !numbered {
        return Err(format!(
            "{pattern:?} does not hold the issue number, so every chapter would have the same title; put `{{id}}` or `{{number}}` in it, e.g. \"{{series}} {{id}}\""
        ));
    }
    Ok(())
}

/// The title of issue `id` by `pattern`: `{series}` is `series`, `{id}`
/// the issue as `2019-07`, `{year}` its year, `{number}` its number
/// without leading zero (`7`); `{{` and `}}` are braces. A pattern that
/// [`check_chapter_title`] refuses (`book.yaml` is checked when loaded)
/// gives the default title.
pub fn chapter_title(pattern: &str, series: &str, id: IssueId) -> String {
    let pieces = match pieces(pattern) {
        Ok(pieces) => pieces,
        Err(_) => return format!("{series} {id}"),
    };
    let mut title = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => title.push_str(text),
            Piece::Placeholder("series") => title.push_str(series),
            Piece::Placeholder("id") => title.push_str(&id.to_string()),
            Piece::Placeholder("year") => title.push_str(&id.year.to_string()),
            Piece::Placeholder(_) => title.push_str(&id.number.to_string()),
        }
    }
    // An empty series leaves no space in front of the number.
    title.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: IssueId = IssueId {
        year: 2019,
        number: 7,
    };

    #[test]
    fn the_default_pattern_is_series_and_issue() {
        assert_eq!(
            chapter_title(
                crate::config::DEFAULT_CHAPTER_TITLE,
                "EnqueueZero Techshack",
                ID
            ),
            "EnqueueZero Techshack 2019-07"
        );
        // Without a series, no stray space.
        assert_eq!(chapter_title("{series} {id}", "", ID), "2019-07");
    }

    #[test]
    fn every_placeholder_and_brace_is_filled() {
        assert_eq!(
            chapter_title("{series} #{number} ({year}) [{id}]", "Techshack", ID),
            "Techshack #7 (2019) [2019-07]"
        );
        assert_eq!(chapter_title("{{{id}}}", "S", ID), "{2019-07}");
        assert_eq!(chapter_title("第{number}期", "S", ID), "第7期");
    }

    #[test]
    fn broken_patterns_are_refused_with_the_reason() {
        for (pattern, word) in [
            ("{series} {issue}", "unknown placeholder `{issue}`"),
            ("{series} {id", "not closed"),
            ("{series} id}", "closes nothing"),
            ("{series} {year}", "issue number"),
            ("", "issue number"),
        ] {
            let message = check_chapter_title(pattern).expect_err(pattern);
            assert!(message.contains(word), "{pattern}: {message}");
        }
        for good in ["{series} {id}", "No. {number}", "{{{id}}}"] {
            assert_eq!(check_chapter_title(good), Ok(()), "{good}");
        }
        // Refused patterns never reach the writers; were one to, the
        // default title stands.
        assert_eq!(chapter_title("{oops}", "S", ID), "S 2019-07");
    }
}
