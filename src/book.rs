//! Assembling books: the chapters read from the issue files are grouped by
//! year, ordered by issue number, and given their metadata and preface.

use std::collections::BTreeMap;

use crate::config::BookConfig;
use crate::diagnostics::Diagnostics;
use crate::model::Book;
use crate::source::{intro, ReadIssue};

/// Groups issues into one book per year (oldest year first), chapters in
/// issue order. Two files claiming the same issue are reported as errors
/// and only the first (by file name) is kept.
pub fn assemble(issues: Vec<ReadIssue>, config: &BookConfig, diags: &mut Diagnostics) -> Vec<Book> {
    let mut by_year: BTreeMap<u16, Vec<ReadIssue>> = BTreeMap::new();
    for issue in issues {
        by_year
            .entry(issue.chapter.id.year)
            .or_default()
            .push(issue);
    }
    by_year
        .into_iter()
        .map(|(year, mut issues)| {
            issues.sort_by(|a, b| {
                (a.chapter.id, &a.chapter.source).cmp(&(b.chapter.id, &b.chapter.source))
            });
            let mut chapters = Vec::with_capacity(issues.len());
            let mut had_intro = false;
            for issue in issues {
                if let Some(previous) = chapters
                    .last()
                    .filter(|c: &&crate::model::Chapter| c.id == issue.chapter.id)
                {
                    diags.error(
                        &issue.chapter.source,
                        None,
                        format!(
                            "is issue {} too, like {}; only the first is used — rename or fix the title of one of them",
                            issue.chapter.id,
                            previous.source.display()
                        ),
                    );
                    continue;
                }
                had_intro |= issue.had_intro;
                chapters.push(issue.chapter);
            }
            Book {
                meta: config.meta_for(year),
                preface: if had_intro { intro::preface() } else { Vec::new() },
                chapters,
                assets: Default::default(),
            }
        })
        .collect()
}
