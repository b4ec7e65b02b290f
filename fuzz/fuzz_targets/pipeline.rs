//! Arbitrary bytes through the whole pipeline: read an issue, assemble the
//! book, set its smart punctuation, lay out the PDF, and write the EPUB
//! with the PDF's page map. Any panic is a bug.
//!
//! The cover is a fixed small PNG (drawing one per input would spend the
//! fuzzer's time on the same rasteriser run) and the PDF is laid out but
//! not serialised: the layout is where input shapes the work.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use techshack_book::config::BookConfig;
use techshack_book::diagnostics::Diagnostics;
use techshack_book::epub::{CoverImage, EpubOptions};
use techshack_book::model::ImageAsset;
use techshack_book::resources::Resources;
use techshack_book::{book, epub, pdf, source};

/// A 1×1 PNG.
const COVER: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xff, 0xff, 0x3f,
    0x00, 0x05, 0xfe, 0x02, 0xfe, 0xa7, 0x35, 0x81, 0x84, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

fuzz_target!(|data: &[u8]| {
    thread_local! {
        static RESOURCES: Resources = Resources::builtin();
    }
    // The issue number comes from the title; give the input one as well so
    // that it reaches the writers.
    let mut bytes = b"# EnqueueZero Techshack 2019-02\n\n".to_vec();
    bytes.extend_from_slice(data);
    let mut diags = Diagnostics::new();
    for input in [data, &bytes[..]] {
        let Some(issue) = source::read_issue_bytes(input, Path::new("fuzz.md"), &mut diags) else {
            continue;
        };
        let mut books = book::assemble(vec![issue], &BookConfig::default(), &mut diags);
        books.iter_mut().for_each(source::smart::apply);
        RESOURCES.with(|resources| {
            for book in &books {
                let page_map = pdf::layout(book, resources).ok().map(|laid| laid.page_map);
                let options = EpubOptions {
                    cover: CoverImage::from_asset(&ImageAsset {
                        media_type: "image/png".into(),
                        data: COVER.to_vec(),
                        width: 1,
                        height: 1,
                        alt: None,
                    })
                    .ok(),
                    page_map,
                };
                let _ = epub::render_with(book, resources, options);
            }
        });
    }
});
