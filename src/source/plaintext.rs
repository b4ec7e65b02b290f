//! Reader for issues captured as plain text from the rendered web page.
//!
//! Some issues of the series survive only as the text a browser shows: the
//! Markdown is gone, so headings are bare lines, list items start with `•`,
//! code lost its fences and links lost their targets (a site name is all
//! that is left, often followed by the screen-reader text "(opens new
//! window)"). Some captures kept the `# ` of headings but nothing else.
//!
//! This reader recovers the document model from such text with line-level
//! heuristics (see the `classify` and `code_lines` submodules), in this
//! order:
//!
//! 1. Remove "(opens new window)" everywhere and line-end leftovers (`\r`).
//! 2. The first non-blank line is the issue title (`# ` stripped).
//! 3. Article headings: a title line, one or more blank lines, then a
//!    *source line* — a domain (`medium.com`), a labelled domain
//!    (`Part I: medium.com`) or several of these and short names joined by
//!    `|` — followed by a blank line or the end. When the title line carried
//!    `# `, a `# ` line between blank lines is a heading even without a
//!    source line. Everything between two headings is the article body.
//! 4. The series intro ("Kia ora! ... Happy exploring!", with the donation
//!    lines) before the first article is recognised and dropped:
//!    [`ParsedIssue::had_intro`] says it was there. Anything else before the
//!    first article becomes [`ParsedIssue::lead`].
//! 5. Bodies are split into blocks: verbatim runs first (program text and
//!    drawings, kept character for character), then lists by marker and
//!    indentation, then paragraphs.
//!
//! The rules are written for the shape of these captures in general, not for
//! particular issues; a rule that is unsure does not fire, so the worst case
//! is a code line shown as a paragraph, never prose hidden in a code block
//! or a sentence promoted to an article.

mod blocks;
#[cfg(test)]
mod capture_shapes;
mod classify;
mod code_lines;
mod detect;
mod drawing;
mod inline;
mod references;
mod table;
#[cfg(test)]
mod tests;

use std::path::Path;

use super::explain::Explanation;
use super::ParsedIssue;
use crate::diagnostics::Diagnostics;
use crate::model::{Article, Inline, SourceLink, SourcePos};
use blocks::{parse_blocks, parse_blocks_explained, Line};
use classify::{could_be_title, hash_heading, indent_of, is_blank, is_domain, parse_source_line};

/// The screen-reader text a web page adds after external links.
const NEW_WINDOW: &str = "(opens new window)";

/// Typographic bullets that only a rendered page produces.
const PAGE_BULLETS: [char; 5] = ['•', '◦', '▪', '‣', '□'];

/// Removes every "(opens new window)" from a line, with the space before it.
fn strip_new_window(line: &str) -> String {
    if !line.contains(NEW_WINDOW) {
        return line.to_string();
    }
    let spaced = format!(" {NEW_WINDOW}");
    line.replace(&spaced, "").replace(NEW_WINDOW, "")
}

/// How many "(opens new window)" labels end a piece of `line` (the line's
/// end, or a ` | ` after them): each marks a piece that was all link text.
fn links_ending_pieces(line: &str) -> usize {
    if !line.contains('(') {
        return 0;
    }
    line.match_indices(NEW_WINDOW)
        .filter(|(at, _)| {
            let after = line[at + NEW_WINDOW.len()..].trim_start();
            after.is_empty() || after.starts_with('|')
        })
        .count()
}

/// True when `text` looks like an issue captured as plain text from the
/// web page rather than written in Markdown.
///
/// Front matter means Markdown. Otherwise the marks of the whole file
/// decide (see the `detect` module): "(opens new window)", typographic
/// bullets and title lines over bare source lines for a capture; fences,
/// `[text](url)` links and `##` headings for Markdown.
pub fn looks_like_plain_text(text: &str) -> bool {
    let mut lines = text.lines().map(|l| l.trim_end_matches('\r'));
    if lines.find(|l| !l.trim().is_empty()).map(str::trim_end) == Some("---") {
        return false;
    }
    detect::evidence(text).is_plain_text(text)
}

/// An article heading found in the text.
struct Heading {
    /// Index (into the line list) of the title line.
    title_idx: usize,
    /// Index of the source line, if there is one.
    source_idx: Option<usize>,
    /// Index of the first line after the heading.
    end: usize,
    /// The title text.
    title: String,
    /// The parsed source line.
    sources: Vec<SourceLink>,
    /// How it was recognised, for explanations.
    how: String,
}

/// Blank lines allowed between an article title and its source line.
const MAX_BLANKS_BEFORE_SOURCE: usize = 3;

/// The title text of a heading line: trimmed, `#`s removed, no-break
/// spaces (which a page puts where a title must not break) made spaces.
fn title_text(line: &str) -> String {
    hash_heading(line)
        .map_or_else(|| line.trim().to_string(), |(_, t)| t.to_string())
        .replace('\u{a0}', " ")
}

/// Words a piece of a source line may have when only its "(opens new
/// window)" label says it was a link (`part 1`, `Part II`).
const MAX_LINKED_LABEL_WORDS: usize = 4;

/// The sources a source line names: domains and labelled domains (see
/// [`parse_source_line`]), or, on a line where every piece was a link (as
/// its "(opens new window)" labels show), short link texts such as
/// `part 1 | part 2` whose addresses the capture lost.
fn source_links(line: &Line) -> Option<Vec<SourceLink>> {
    if let Some(links) = parse_source_line(&line.text) {
        return Some(links);
    }
    let pieces: Vec<&str> = line.text.split('|').map(str::trim).collect();
    let short = |p: &&str| {
        !p.is_empty()
            && p.split_whitespace().count() <= MAX_LINKED_LABEL_WORDS
            && !p.ends_with(['.', '!', '?', ';', ':', ','])
    };
    (line.links > 0 && pieces.len() == line.links && pieces.iter().all(short)).then(|| {
        pieces
            .iter()
            .map(|p| SourceLink {
                label: (*p).to_string(),
                url: is_domain(p).then(|| format!("https://{p}")),
            })
            .collect()
    })
}

/// Index of the next non-blank line at or after `i`.
fn next_non_blank(lines: &[Line], i: usize) -> Option<usize> {
    (i..lines.len()).find(|&k| !is_blank(&lines[k].text))
}

/// Words a piece of a source line of names may have.
const MAX_NAME_WORDS: usize = 3;

/// A source line of link texts whose links the capture lost, such as
/// `part 1 | part 2`: two or more short names joined by ` | `, each
/// starting with a letter or digit, none with sentence punctuation.
fn named_sources(line: &str) -> Option<Vec<SourceLink>> {
    let pieces: Vec<&str> = line.trim().split(" | ").map(str::trim).collect();
    let name = |p: &&str| {
        p.chars().next().is_some_and(char::is_alphanumeric)
            && p.split_whitespace().count() <= MAX_NAME_WORDS
            && !p.contains('|')
            && !p.ends_with(['.', '!', '?', ';', ':', ','])
    };
    (pieces.len() >= 2 && pieces.iter().all(name)).then(|| {
        pieces
            .iter()
            .map(|p| SourceLink {
                label: (*p).to_string(),
                url: None,
            })
            .collect()
    })
}

/// A line at least this long may have been wrapped by a text browser
/// (which wraps at 80 columns): a title or source line may go on in the
/// next line.
const WRAPPED_LINE: usize = 60;

/// True when `line` may have been wrapped.
fn wrapped(line: &str) -> bool {
    line.trim_end().chars().count() >= WRAPPED_LINE
}

/// A quick test before the source line is parsed: a source line is short,
/// does not end a sentence, and names a site (a `.`), was all link text
/// (links) or joins names (`|`).
fn may_be_source(lines: &[Line]) -> bool {
    let short = lines.iter().map(|l| l.text.len()).sum::<usize>() <= 1600;
    let open_end = lines
        .last()
        .is_some_and(|l| !l.text.trim_end().ends_with(['.', ':', ',', ';', '!', '?']));
    short
        && open_end
        && lines
            .iter()
            .any(|l| l.links > 0 || l.text.contains(['.', '|']))
}

/// Lines `from..to` joined with spaces, as one line.
fn joined(lines: &[Line], from: usize, to: usize) -> Line {
    Line {
        no: lines[from].no,
        text: lines[from..to]
            .iter()
            .map(|l| l.text.trim())
            .collect::<Vec<_>>()
            .join(" "),
        links: lines[from..to].iter().map(|l| l.links).sum(),
    }
}

/// Tries to read an article heading at line `i`: a title line (or a
/// wrapped title over two lines), up to three blank lines, a source line
/// (or a wrapped one).
fn heading_at(lines: &[Line], i: usize, hash_mode: bool) -> Option<Heading> {
    let line = &lines.get(i)?.text;
    if !could_be_title(line) {
        return None;
    }
    let continues = |k: usize| {
        lines.get(k).is_some_and(|l| {
            !is_blank(&l.text) && could_be_title(&l.text) && indent_of(&l.text) == indent_of(line)
        })
    };
    // The one-line title first; a wrapped one only when that fails (the
    // second candidate is looked at lazily: most lines are neither).
    for title_end in [i + 1, i + 2] {
        if title_end == i + 2 && !(wrapped(line) && continues(i + 1)) {
            break;
        }
        let Some(j) =
            next_non_blank(lines, title_end).filter(|&j| j - title_end <= MAX_BLANKS_BEFORE_SOURCE)
        else {
            continue;
        };
        for source_end in [j + 1, j + 2] {
            let source_wrapped =
                || wrapped(&lines[j].text) && lines.get(j + 1).is_some_and(|l| !is_blank(&l.text));
            if source_end == j + 2 && !source_wrapped() {
                break;
            }
            if !may_be_source(&lines[j..source_end]) {
                continue;
            }
            let joined_source;
            let source = if source_end == j + 1 {
                &lines[j]
            } else {
                joined_source = joined(lines, j, source_end);
                &joined_source
            };
            let Some(sources) = source_links(source) else {
                continue;
            };
            // Many copies keep no blank line between title, source and
            // text; then a title that reads as the end of a sentence is
            // one only when its source line stands alone and names a site.
            let tight_before = j == title_end;
            let tight_after = lines.get(source_end).is_some_and(|l| !is_blank(&l.text));
            let title = joined(lines, i, title_end).text;
            let sentence_end = title.trim_end().ends_with(['.', '!']);
            let linked_only = sources.iter().all(|s| s.url.is_none());
            if sentence_end && (tight_after || linked_only) {
                continue;
            }
            // A wrapped paragraph may put an address alone on a line: with
            // no blank line before it, a source is a site, not an address
            // with a scheme, and under a long (wrapped) line the text under
            // it does not go on with a lower-case word.
            let goes_on = wrapped(&lines[title_end - 1].text)
                && lines
                    .get(source_end)
                    .and_then(|l| l.text.trim_start().chars().next())
                    .is_some_and(char::is_lowercase);
            let schemed = source.text.contains("://");
            if tight_before && (goes_on || schemed) {
                continue;
            }
            let mut how = format!(
                "a title line over the source line {} (`{}`)",
                lines[j].no,
                source.text.trim()
            );
            if title_end > i + 1 {
                how.push_str("; the title was wrapped over two lines");
            }
            if source_end > j + 1 {
                how.push_str("; the source line was wrapped");
            }
            if tight_before {
                how.push_str("; no blank line between them");
            }
            if linked_only {
                how.push_str("; its pieces are link texts, as their \"(opens new window)\" labels or link numbers show");
            }
            return Some(Heading {
                title_idx: i,
                source_idx: Some(j),
                end: source_end,
                title: title_text(&title),
                sources,
                how,
            });
        }
        // Link texts alone (`part 1 | part 2`), the links lost: only
        // between blank lines, under a title that is not a sentence.
        let alone = j > title_end && lines.get(j + 1).is_none_or(|l| is_blank(&l.text));
        let title = joined(lines, i, title_end).text;
        if let Some(sources) = alone
            .then(|| named_sources(&lines[j].text))
            .flatten()
            .filter(|_| !title.trim_end().ends_with(['.', '!', ':']))
        {
            return Some(Heading {
                title_idx: i,
                source_idx: Some(j),
                end: j + 1,
                title: title_text(&title),
                sources,
                how: format!(
                    "a title line over line {}, short link texts joined by ` | ` between blank lines (`{}`)",
                    lines[j].no,
                    lines[j].text.trim()
                ),
            });
        }
    }
    let lone_hash = hash_mode
        && matches!(hash_heading(line), Some((1, _)))
        && lines.get(i + 1).is_none_or(|l| is_blank(&l.text));
    lone_hash.then(|| Heading {
        title_idx: i,
        source_idx: None,
        end: i + 1,
        title: title_text(line),
        sources: Vec::new(),
        how: "a `# ` line between blank lines, in a file whose title has `# ` too (no source line)"
            .to_string(),
    })
}

/// Finds the article headings from line `start` on.
fn find_headings(lines: &[Line], start: usize, hash_mode: bool) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut i = start;
    while i < lines.len() {
        let after_blank = i == start || i == 0 || is_blank(&lines[i - 1].text);
        if after_blank {
            if let Some(h) = heading_at(lines, i, hash_mode) {
                i = h.end;
                out.push(h);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Phrases of the series intro that every issue repeats. A paragraph
/// containing one of them (case-insensitive) is intro boilerplate.
const INTRO_PHRASES: [&str; 6] = [
    "kia ora!",
    "appreciate your kind donation",
    "donate this project",
    "please follow twitter account @enqueuezero",
    "happy exploring",
    "i am the creator of enqueue zero",
];
/// The phrase that closes the intro.
const INTRO_END: &str = "happy exploring";

/// Groups the non-blank lines of `lines[from..to]` into paragraphs
/// (index ranges, end exclusive).
fn paragraphs(lines: &[Line], from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        if is_blank(&lines[i].text) {
            i += 1;
            continue;
        }
        let start = i;
        while i < to && !is_blank(&lines[i].text) {
            i += 1;
        }
        out.push((start, i));
    }
    out
}

/// The lowered text of a paragraph.
fn paragraph_text(lines: &[Line], (from, to): (usize, usize)) -> String {
    lines[from..to]
        .iter()
        .map(|l| l.text.trim())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Finds the series intro in `lines[from..to]`: the line range it covers.
///
/// The intro starts at the first paragraph with an intro phrase and ends at
/// the paragraph saying "Happy exploring"; everything between is part of it
/// (the donation lines change from issue to issue). Without that closing
/// phrase only the consecutive boilerplate paragraphs count.
fn find_intro(lines: &[Line], from: usize, to: usize) -> Option<(usize, usize)> {
    let paras = paragraphs(lines, from, to);
    let texts: Vec<String> = paras.iter().map(|&p| paragraph_text(lines, p)).collect();
    let is_boilerplate = |t: &String| INTRO_PHRASES.iter().any(|p| t.contains(p));
    let first = texts.iter().position(is_boilerplate)?;
    let last = match texts[first..].iter().position(|t| t.contains(INTRO_END)) {
        Some(k) => first + k,
        None => {
            first
                + texts[first..]
                    .iter()
                    .take_while(|t| is_boilerplate(t))
                    .count()
                    .saturating_sub(1)
        }
    };
    Some((paras[first].0, paras[last].1))
}

/// Reads an issue captured as plain text into its title, lead and articles.
///
/// `text` is decoded UTF-8 (mojibake already repaired); `file` is only used
/// for positions and diagnostics. Never fails: what cannot be recognised is
/// kept as paragraphs, and problems are reported to `diags`.
pub fn read(text: &str, file: &Path, diags: &mut Diagnostics) -> ParsedIssue {
    read_explained(text, file, diags, None)
}

/// Says how [`read`] reads `text`: why it is taken for a capture, then the
/// title, the intro, each article heading and each block with what it was
/// classified as and why. Appends to `out`.
pub fn explain(text: &str, file: &Path, out: &mut Vec<Explanation>) {
    out.push(Explanation {
        file: file.to_path_buf(),
        line: None,
        what: "plain text (a capture of the web page)".to_string(),
        why: detection_reason(text),
    });
    let mut quiet = Diagnostics::new();
    read_explained(text, file, &mut quiet, Some(out));
}

/// Why the whole file was taken for a capture or for Markdown: the marks
/// of each kind it carries (see the `detect` module).
pub fn detection_reason(text: &str) -> String {
    let e = detect::evidence(text);
    let at =
        |line: Option<usize>| line.map_or(String::new(), |l| format!(", the first at line {l}"));
    format!(
        "{} marks of a capture (\"(opens new window)\", page bullets, titles over bare source lines, a link list{}) against {} of Markdown (fences, `[text](url)` links, `##` headings, components{})",
        e.capture,
        at(e.first_capture_line),
        e.markdown,
        at(e.first_markdown_line)
    )
}

/// [`read`], recording explanations in `explain` when given.
fn read_explained(
    text: &str,
    file: &Path,
    diags: &mut Diagnostics,
    mut explain: Option<&mut Vec<Explanation>>,
) -> ParsedIssue {
    let explaining = explain.is_some();
    let mut say = |line: Option<usize>, what: &str, why: String| {
        if let Some(out) = explain.as_deref_mut() {
            out.push(Explanation {
                file: file.to_path_buf(),
                line,
                what: what.to_string(),
                why,
            });
        }
    };
    let blocks_of = |lines: &[Line], say: &mut dyn FnMut(Option<usize>, &str, String)| {
        if !explaining {
            return parse_blocks(lines);
        }
        let (blocks, explained) = parse_blocks_explained(lines);
        for (no, what, why) in explained {
            say(Some(no), &what, why);
        }
        blocks
    };
    let mut lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| Line {
            no: i + 1,
            text: strip_new_window(l.trim_end_matches('\r')),
            links: links_ending_pieces(l),
        })
        .collect();
    references::strip_link_numbers(&mut lines);

    let mut issue = ParsedIssue::default();
    let Some(first) = next_non_blank(&lines, 0) else {
        diags.warn(file, None, "the issue file is empty");
        return issue;
    };

    // The title, unless the file starts right away with an article.
    let hash_mode = hash_heading(&lines[first].text).is_some();
    let body_start = if heading_at(&lines, first, false).is_some_and(|h| h.source_idx.is_some()) {
        diags.warn(
            file,
            Some(lines[first].no),
            "no issue title: the first line is already an article heading",
        );
        first
    } else {
        issue.title = title_text(&lines[first].text);
        issue.title_line = lines[first].no;
        say(
            Some(issue.title_line),
            "issue title",
            "the first line that is not blank".to_string(),
        );
        first + 1
    };

    let headings = find_headings(&lines, body_start, hash_mode);
    let lead_end = headings.first().map_or(lines.len(), |h| h.title_idx);

    // Intro and lead.
    match find_intro(&lines, body_start, lead_end) {
        Some((from, to)) => {
            issue.had_intro = true;
            issue.lead = blocks_of(&lines[body_start..from], &mut say);
            let (a, b) = (lines[from].no, lines[to.saturating_sub(1).max(from)].no);
            say(
                Some(a),
                "series intro (dropped; the book prints it once)",
                format!(
                    "lines {a}-{b}: from \"Kia ora!\" or the donation lines to \"Happy exploring\""
                ),
            );
            issue.lead.extend(blocks_of(&lines[to..lead_end], &mut say));
        }
        None => issue.lead = blocks_of(&lines[body_start..lead_end], &mut say),
    }
    if !issue.lead.is_empty() {
        diags.note(
            file,
            lines.get(body_start).map(|l| l.no),
            "text before the first article is kept as the issue's lead",
        );
    }

    // Articles.
    for (n, h) in headings.iter().enumerate() {
        let body_from = h.end;
        let body_to = headings
            .get(n + 1)
            .map_or(lines.len(), |next| next.title_idx);
        let title_no = lines[h.title_idx].no;
        if h.source_idx.is_none() {
            diags.note(
                file,
                Some(title_no),
                format!("article \"{}\" has no source line", h.title),
            );
        }
        say(
            Some(title_no),
            "article title",
            format!("\"{}\": {}", h.title, h.how),
        );
        let blocks = blocks_of(&lines[body_from..body_to.max(body_from)], &mut say);
        issue.articles.push(Article {
            title: vec![Inline::Text(h.title.clone())],
            sources: h.sources.clone(),
            blocks,
            // Scraped text has no footnote syntax.
            notes: Vec::new(),
            pos: SourcePos {
                file: file.to_path_buf(),
                line: title_no,
            },
        });
    }
    if issue.articles.is_empty() {
        diags.warn(
            file,
            None,
            "no article found: an article starts with a title line, a blank line and a source line such as \"medium.com\"",
        );
    }
    issue
}
