//! The error type of the library: what stops a build, said so that the user
//! knows what to change.

use std::path::PathBuf;

/// Why a build (or another command) could not finish.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// `book.yaml` (or another configuration input) is wrong.
    #[error("{}: {message}", path.display())]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong and what to change.
        message: String,
    },
    /// An issue could not be read; the diagnostics say why.
    #[error("{count} issue file(s) could not be read (see the errors above); fix them or pass --keep-going to skip them")]
    BadInput {
        /// How many files failed.
        count: usize,
    },
    /// There was nothing to build.
    #[error("{0}")]
    NothingToBuild(String),
    /// A writer failed to produce its output.
    #[error("could not write the {format}: {message}")]
    Render {
        /// "EPUB" or "PDF".
        format: &'static str,
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
