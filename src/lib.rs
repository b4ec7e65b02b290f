//! techshack-book compiles the issues of the EnqueueZero Techshack digest
//! into an annual EPUB and PDF.

pub mod diagnostics;
pub mod epub;
pub mod error;
pub mod model;
pub mod pdf;
pub mod resources;
pub mod source;
