//! Why an issue was read the way it was: which reader took the file and,
//! for a capture of the web page, what each block was classified as and
//! why, with its line. `techshack-book import --explain` prints it, so that
//! a user can see where a capture went wrong and fix that line.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;

use super::{decode, markdown, mojibake, plaintext};

/// One decision of a reader about one part of an issue file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The issue file.
    pub file: PathBuf,
    /// The 1-based line the decision is about (its first line), if any.
    pub line: Option<usize>,
    /// What the part was classified as ("article title", "code (python)").
    pub what: String,
    /// Why, in the terms of the rules that decided.
    pub why: String,
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: ", self.file.display())?,
            None => write!(f, "{}: ", self.file.display())?,
        }
        write!(f, "{}: {}", self.what, self.why)
    }
}

/// Explains how the issue file at `path` is read. Problems reading it go
/// to `diags`; `None` when it cannot be read at all.
pub fn explain_file(path: &Path, diags: &mut Diagnostics) -> Option<Vec<Explanation>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            diags.error(path, None, format!("cannot read: {e}"));
            return None;
        }
    };
    let decoded = decode::decode(&bytes);
    let (text, _) = mojibake::repair(&decoded.text);
    let mut out = Vec::new();
    if plaintext::looks_like_plain_text(&text) {
        plaintext::explain(&text, path, &mut out);
        return Some(out);
    }
    let why = plaintext::detection_reason(&text);
    out.push(Explanation {
        file: path.to_path_buf(),
        line: None,
        what: "Markdown".to_string(),
        why,
    });
    let mut quiet = Diagnostics::new();
    if let Some(issue) = markdown::read(&text, path, &mut quiet) {
        for article in &issue.articles {
            out.push(Explanation {
                file: path.to_path_buf(),
                line: Some(article.pos.line),
                what: "article title".to_string(),
                why: format!("\"{}\": a `##` heading", article.title_text()),
            });
        }
    }
    Some(out)
}
