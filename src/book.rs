//! Assembling books: the chapters read from the issue files are grouped by
//! year and edition, ordered by issue number, and given their metadata and
//! preface.

use std::collections::BTreeMap;

use crate::config::BookConfig;
use crate::diagnostics::Diagnostics;
use crate::model::{edition_key, Book, Chapter};
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
