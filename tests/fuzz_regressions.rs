//! Inputs the fuzzer (`fuzz/`, target `pipeline`) flagged, kept as
//! regression tests: each goes through the same pipeline as the fuzz target
//! and must come out without a panic.
//!
//! So far the fuzzer found no crash; the inputs here were reported as slow
//! under its instrumentation (address sanitizer plus coverage counters on a
//! loaded machine; natively each builds in under 0.3 s).

use std::path::Path;

use techshack_book::config::BookConfig;
use techshack_book::diagnostics::Diagnostics;
use techshack_book::resources::Resources;
use techshack_book::{book, epub, pdf, source};

#[test]
fn every_flagged_input_goes_through_the_pipeline() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let resources = Resources::builtin();
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "bin") {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        let mut titled = b"# EnqueueZero Techshack 2019-02\n\n".to_vec();
        titled.extend_from_slice(&data);
        for input in [&data[..], &titled[..]] {
            let mut diags = Diagnostics::new();
            let Some(issue) = source::read_issue_bytes(input, &path, &mut diags) else {
                continue;
            };
            for mut book in book::assemble(vec![issue], &BookConfig::default(), &mut diags) {
                source::smart::apply(&mut book);
                let laid_out = pdf::layout(&book, &resources).expect("lays out");
                assert!(!laid_out.pages.is_empty());
                epub::render(&book, &resources).expect("renders");
            }
        }
        count += 1;
    }
    assert!(count >= 1, "the regression inputs are there");
}
