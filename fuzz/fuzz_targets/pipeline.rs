//! Arbitrary bytes through the whole pipeline: read an issue, assemble the
//! book, write the EPUB and lay out and write the PDF. Any panic is a bug.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use techshack_book::config::BookConfig;
use techshack_book::diagnostics::Diagnostics;
use techshack_book::resources::Resources;
use techshack_book::{book, epub, pdf, source};

fuzz_target!(|data: &[u8]| {
    thread_local! {
        static RESOURCES: Resources = Resources::builtin();
    }
    // The issue number comes from the title; give most inputs one so that
    // they reach the writers.
    let mut bytes = b"# EnqueueZero Techshack 2019-02\n\n".to_vec();
    bytes.extend_from_slice(data);
    let mut diags = Diagnostics::new();
    for input in [data, &bytes[..]] {
        let Some(issue) = source::read_issue_bytes(input, Path::new("fuzz.md"), &mut diags) else {
            continue;
        };
        let books = book::assemble(vec![issue], &BookConfig::default(), &mut diags);
        RESOURCES.with(|resources| {
            for book in &books {
                let _ = epub::render(book, resources);
                let _ = pdf::render(book, resources);
            }
        });
    }
});
