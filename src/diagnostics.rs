//! Diagnostics are data: deep code records warnings and notes here with the
//! file and line they concern; the command line decides how to print them and
//! whether `--strict` turns warnings into errors.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Information the user may want (a file skipped, a reader chosen).
    Note,
    /// Something was wrong with the input but the build went on.
    Warning,
    /// The input could not be used.
    Error,
}

/// One message about the input, tied to a file and line where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The file it concerns, if any.
    pub file: Option<PathBuf>,
    /// The 1-based line in that file, if known.
    pub line: Option<usize>,
    /// The 1-based column (in characters) on that line, if known.
    pub column: Option<usize>,
    /// What happened and, where it helps, what to do about it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match (&self.file, self.line, self.column) {
            (Some(file), Some(line), Some(column)) => {
                write!(
                    f,
                    "{label}: {}:{line}:{column}: {}",
                    file.display(),
                    self.message
                )
            }
            (Some(file), Some(line), None) => {
                write!(f, "{label}: {}:{line}: {}", file.display(), self.message)
            }
            (Some(file), None, _) => write!(f, "{label}: {}: {}", file.display(), self.message),
            _ => write!(f, "{label}: {}", self.message),
        }
    }
}

/// The diagnostics collected during one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a diagnostic.
    pub fn push(
        &mut self,
        severity: Severity,
        file: &Path,
        line: Option<usize>,
        message: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            severity,
            file: Some(file.to_path_buf()),
            line,
            column: None,
            message: message.into(),
        });
    }

    /// Records a diagnostic at a line and column of `file`.
    pub fn push_at(
        &mut self,
        severity: Severity,
        file: &Path,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            severity,
            file: Some(file.to_path_buf()),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        });
    }

    /// Records a note about `file`.
    pub fn note(&mut self, file: &Path, line: Option<usize>, message: impl Into<String>) {
        self.push(Severity::Note, file, line, message);
    }

    /// Records a note that concerns no one file: a summary of something
    /// many places share, e.g. how many images an option left as links.
    pub fn note_summary(&mut self, message: impl Into<String>) {
        self.push_summary(Severity::Note, message.into());
    }

    /// Records a warning that concerns no one file: a summary of something
    /// found in many places, e.g. the characters no font of the PDF has.
    pub fn warn_summary(&mut self, message: impl Into<String>) {
        self.push_summary(Severity::Warning, message.into());
    }

    /// Records a diagnostic that names no file.
    fn push_summary(&mut self, severity: Severity, message: String) {
        self.items.push(Diagnostic {
            severity,
            file: None,
            line: None,
            column: None,
            message,
        });
    }

    /// Records a warning about `file`.
    pub fn warn(&mut self, file: &Path, line: Option<usize>, message: impl Into<String>) {
        self.push(Severity::Warning, file, line, message);
    }

    /// Records an error about `file`.
    pub fn error(&mut self, file: &Path, line: Option<usize>, message: impl Into<String>) {
        self.push(Severity::Error, file, line, message);
    }

    /// Moves every diagnostic of `other` into this collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// All diagnostics, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// How many diagnostics have at least the given severity.
    pub fn count_at_least(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity >= severity).count()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
