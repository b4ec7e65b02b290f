//! Reading issues: find the issue files, decode them, pick the reader that
//! fits their shape, and return one [`Chapter`] per issue.
//!
//! Two shapes arrive: Markdown with YAML front matter (VuePress components
//! inside), and plain text scraped from the rendered web page. Each reader
//! returns a [`ParsedIssue`]; this module turns that into a [`Chapter`] with
//! its [`IssueId`].

pub(crate) mod code;
pub mod decode;
pub(crate) mod edition;
pub mod explain;
pub(crate) mod footnotes;
pub(crate) mod frontmatter;
pub(crate) mod html;
pub(crate) mod intro;
pub mod markdown;
pub(crate) mod mojibake;
pub(crate) mod plaintext;
pub mod smart;

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;
use crate::error::{Error, Result};
use crate::model::{Article, Block, Chapter, IssueId, Note};

/// What a reader recovers from one issue file, before the issue is
/// identified.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedIssue {
    /// The issue title as written (front matter `title`, else the first
    /// heading or first line).
    pub title: String,
    /// The 1-based line of the title.
    pub title_line: usize,
    /// A `date:` from front matter, shown as given.
    pub date: Option<String>,
    /// The language front matter names (`lang:` or `language:`), as
    /// written.
    pub language: Option<String>,
    /// Whether the issue carried the series intro (as the
    /// `<TechshackHeader />` component or as literal text).
    pub had_intro: bool,
    /// Blocks before the first article that are not the intro.
    pub lead: Vec<Block>,
    /// The footnotes referenced from the lead.
    pub lead_notes: Vec<Note>,
    /// The articles.
    pub articles: Vec<Article>,
}

/// How issues are read: what the book folder's `book.yaml` says about the
/// issues' own markup.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadOptions {
    /// Site components (`<SubscribeList />`) dropped quietly; any other
    /// component is reported once per file. Names match as Vue matches
    /// them (`SubscribeList` = `subscribe-list`).
    pub dropped_components: Vec<String>,
}

impl Default for ReadOptions {
    /// The options of a book without `book.yaml`.
    fn default() -> Self {
        ReadOptions::from_config(&crate::config::BookConfig::default())
    }
}

impl ReadOptions {
    /// The options a book's configuration asks for.
    pub fn from_config(config: &crate::config::BookConfig) -> Self {
        ReadOptions {
            dropped_components: config.components.dropped(),
        }
    }
}

/// The largest issue file read, in bytes. A real issue is 10–20 KB; past
/// this the file is refused with a clear error instead of exhausting
/// memory in the writers.
pub const MAX_ISSUE_BYTES: u64 = 16 * 1024 * 1024;

/// The most articles one issue may hold (a real issue has about twenty).
pub const MAX_ARTICLES: usize = 10_000;

/// File name endings that are read as issues.
const ISSUE_EXTENSIONS: [&str; 4] = ["md", "markdown", "txt", "text"];

/// Lists the issue files in `dir` (sorted by name only to make the order of
/// messages stable; chapters are ordered by issue later). Hidden files,
/// editor backups and files that are not text are skipped with a note.
pub fn discover(dir: &Path, diags: &mut Diagnostics) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue; // hidden: .DS_Store, .foo.swp, .git
        }
        if name.ends_with('~')
            || name.starts_with('#')
            || name.ends_with(".bak")
            || name.ends_with(".orig")
        {
            diags.note(&path, None, "skipped: looks like an editor backup");
            continue;
        }
        if !path.is_file() {
            if path.is_dir() {
                diags.note(
                    &path,
                    None,
                    "skipped: a folder (issues are read from issues/ only, not its subfolders)",
                );
            }
            continue;
        }
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !ISSUE_EXTENSIONS.contains(&extension.as_str()) {
            diags.note(
                &path,
                None,
                "skipped: not an issue file (issues end in .md or .txt)",
            );
            continue;
        }
        files.push(path);
    }
    files.sort();
    Ok(files)
}

/// One issue read from its file.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadIssue {
    /// The issue as a chapter of the book.
    pub chapter: Chapter,
    /// Whether it carried the series intro (which goes to the preface).
    pub had_intro: bool,
    /// The language the issue is written in, as a BCP 47 tag, when its
    /// file name, front matter or text tells (see [`edition`]); `None` is
    /// the book's default language.
    pub language: Option<String>,
}

/// Reads one issue file into a chapter. Problems are recorded in `diags`;
/// `None` means the file cannot be used (an error was recorded) or holds
/// nothing (a warning was recorded).
pub fn read_issue(path: &Path, diags: &mut Diagnostics) -> Option<ReadIssue> {
    read_issue_with(path, &ReadOptions::default(), diags)
}

/// [`read_issue`] with the options of a book (see [`ReadOptions`]).
pub fn read_issue_with(
    path: &Path,
    options: &ReadOptions,
    diags: &mut Diagnostics,
) -> Option<ReadIssue> {
    let bytes = read_file(path, diags)?;
    let (parsed, language) = parse_with_language(&bytes, path, options, diags)?;
    identify(parsed, language, path, diags)
}

/// Reads an issue from bytes already in memory; `path` names it in
/// diagnostics. The same as [`read_issue`] without the file system.
pub fn read_issue_bytes(bytes: &[u8], path: &Path, diags: &mut Diagnostics) -> Option<ReadIssue> {
    let (parsed, language) = parse_with_language(bytes, path, &ReadOptions::default(), diags)?;
    identify(parsed, language, path, diags)
}

/// Reads and parses one issue file with the reader that fits its shape,
/// without identifying the issue (what `import` needs).
pub fn parse_file(path: &Path, diags: &mut Diagnostics) -> Option<ParsedIssue> {
    parse_file_with(path, &ReadOptions::default(), diags)
}

/// [`parse_file`] with the options of a book (see [`ReadOptions`]).
pub fn parse_file_with(
    path: &Path,
    options: &ReadOptions,
    diags: &mut Diagnostics,
) -> Option<ParsedIssue> {
    let bytes = read_file(path, diags)?;
    parse_bytes_with(&bytes, path, options, diags)
}

/// The bytes of one issue file, refusing a file too large to be an issue.
fn read_file(path: &Path, diags: &mut Diagnostics) -> Option<Vec<u8>> {
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > MAX_ISSUE_BYTES {
            diags.error(
                path,
                None,
                format!(
                    "is {:.1} MB; one issue may be at most {} MB — split it into several issues",
                    meta.len() as f64 / 1_048_576.0,
                    MAX_ISSUE_BYTES / 1_048_576
                ),
            );
            return None;
        }
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            diags.error(path, None, format!("cannot be read: {e}"));
            return None;
        }
    };
    Some(bytes)
}

/// Parses the bytes of one issue with the reader that fits its shape.
pub fn parse_bytes(bytes: &[u8], path: &Path, diags: &mut Diagnostics) -> Option<ParsedIssue> {
    parse_bytes_with(bytes, path, &ReadOptions::default(), diags)
}

/// [`parse_bytes`] with the options of a book (see [`ReadOptions`]).
pub fn parse_bytes_with(
    bytes: &[u8],
    path: &Path,
    options: &ReadOptions,
    diags: &mut Diagnostics,
) -> Option<ParsedIssue> {
    parse_with_language(bytes, path, options, diags).map(|(parsed, _)| parsed)
}

/// [`parse_bytes_with`], with the language the content names or is
/// written in (front matter `lang:`, else the text; see [`edition`]).
fn parse_with_language(
    bytes: &[u8],
    path: &Path,
    options: &ReadOptions,
    diags: &mut Diagnostics,
) -> Option<(ParsedIssue, Option<String>)> {
    if bytes.len() as u64 > MAX_ISSUE_BYTES {
        diags.error(
            path,
            None,
            format!(
                "is larger than {} MB; split it into several issues",
                MAX_ISSUE_BYTES / 1_048_576
            ),
        );
        return None;
    }
    if bytes.contains(&0) && !decode::has_utf16_bom(bytes) {
        diags.note(path, None, "skipped: not a text file");
        return None;
    }
    let decoded = decode::decode(bytes);
    if decoded.encoding == decode::Encoding::Windows1252 {
        diags.warn(
            path,
            decoded.first_bad_line,
            "is not valid UTF-8; read as Windows-1252 (save the file as UTF-8 to silence this)",
        );
    }
    if decoded.text.trim().is_empty() {
        diags.warn(path, None, "is empty; skipped");
        return None;
    }
    let (text, repaired_lines) = mojibake::repair(&decoded.text);
    for line in repaired_lines {
        diags.warn(
            path,
            Some(line),
            "repaired mojibake (UTF-8 that had been read as Windows-1252, e.g. `â€™` for `’`); fix the file to silence this",
        );
    }
    let parsed = if plaintext::looks_like_plain_text(&text) {
        diags.note(path, None, "read as plain text (scraped from the web page)");
        plaintext::read(&text, path, diags)
    } else {
        markdown::read_with(&text, path, options, diags)?
    };
    if parsed.articles.len() > MAX_ARTICLES {
        diags.error(
            path,
            None,
            format!(
                "has {} articles; one issue may hold at most {MAX_ARTICLES} — split it into several issues",
                parsed.articles.len()
            ),
        );
        return None;
    }
    let language = parsed
        .language
        .clone()
        .or_else(|| edition::from_text(&text));
    Some((parsed, language))
}

/// Turns a parsed issue into a chapter, finding its `YYYY-NN` identity in
/// the title. The language marker of the file name wins over `language`,
/// what the content says.
fn identify(
    parsed: ParsedIssue,
    language: Option<String>,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<ReadIssue> {
    let Some(id) = issue_id_in(&parsed.title) else {
        diags.error(
            path,
            Some(parsed.title_line),
            format!(
                "cannot tell which issue this is: the title {:?} has no YYYY-NN issue number; \
                 write it like `EnqueueZero Techshack 2019-07` (front matter `title:` or the first line)",
                parsed.title
            ),
        );
        return None;
    };
    if parsed.articles.is_empty() {
        diags.warn(
            path,
            None,
            "has no articles (no `##` headings, no `[Title](url)` paragraphs between `---` rules, no reading list)",
        );
    }
    Some(ReadIssue {
        chapter: Chapter {
            id,
            // Until the book's pattern gives it its title (`book::assemble`).
            title: parsed.title.clone(),
            source_title: parsed.title,
            date: parsed.date,
            source: path.to_path_buf(),
            lead: parsed.lead,
            lead_notes: parsed.lead_notes,
            articles: parsed.articles,
        },
        had_intro: parsed.had_intro,
        language: edition::from_file_name(path).or(language),
    })
}

/// Finds the issue identity `YYYY-NN` in a title: a four-digit year from
/// 1900 to 2999, a hyphen, and an issue number from 1 to 99, standing apart
/// from other digits. The last such match wins ("2018 review 2019-03").
pub fn issue_id_in(title: &str) -> Option<IssueId> {
    let bytes = title.as_bytes();
    let mut found = None;
    for start in 0..bytes.len() {
        if start > 0 && bytes[start - 1].is_ascii_digit() {
            continue;
        }
        let year_end = start + 4;
        if year_end >= bytes.len() || !bytes[start..year_end].iter().all(u8::is_ascii_digit) {
            continue;
        }
        if bytes[year_end] != b'-' {
            continue;
        }
        let digits = bytes[year_end + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 || digits > 2 {
            continue;
        }
        let year: u16 = title[start..year_end].parse().ok()?;
        let number: u16 = title[year_end + 1..year_end + 1 + digits].parse().ok()?;
        if (1900..3000).contains(&year) && (1..100).contains(&number) {
            found = Some(IssueId { year, number });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_ids() {
        assert_eq!(
            issue_id_in("EnqueueZero Techshack 2019-07"),
            Some(IssueId {
                year: 2019,
                number: 7
            })
        );
        assert_eq!(
            issue_id_in("# EnqueueZero Techshack 2020-52"),
            Some(IssueId {
                year: 2020,
                number: 52
            })
        );
        assert_eq!(issue_id_in("EnqueueZero Techshack"), None);
        assert_eq!(issue_id_in("2019-123"), None);
        assert_eq!(issue_id_in("12019-07"), None);
        assert_eq!(issue_id_in("2019-00"), None);
    }
}
