//! Micro-benchmarks of the hot paths a build profile shows: shaping,
//! hyphenation and line breaking of running text, PDF layout of a whole
//! book, PDF serialization, and XHTML writing of the EPUB's chapters.
//!
//! `cargo bench` runs them on the sample book in `issues/`. They are
//! regression alarms, not the performance claims: those come from
//! `bench/run.sh`, which times whole builds side by side with the peers.
//! `cargo test` does not build or run them (bench targets are not test
//! targets); `cargo clippy --all-targets` compiles them.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use techshack_book::config::BookConfig;
use techshack_book::diagnostics::Diagnostics;
use techshack_book::epub::chapter::chapter_document;
use techshack_book::epub::layout::chapter_layouts;
use techshack_book::model::{Block, Book, Inline};
use techshack_book::pdf::fonts::{Face, Fonts};
use techshack_book::pdf::linebreak::{break_lines, knuth_plass};
use techshack_book::pdf::style::TextStyle;
use techshack_book::pdf::text::{fit_words, hyphenate, pieces, set_paragraph_in, Alignment};
use techshack_book::pdf::units::Pt;
use techshack_book::resources::Resources;

/// The sample book, read from the repository's `issues/`.
fn sample_book() -> Book {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = BookConfig::load(root).expect("book.yaml");
    let mut diags = Diagnostics::new();
    let mut books = techshack_book::read_books(root, &config, None, None, false, &mut diags)
        .expect("the sample issues read");
    books.remove(0)
}

/// Every top-level paragraph of the book's articles.
fn paragraphs(book: &Book) -> Vec<&[Inline]> {
    book.chapters
        .iter()
        .flat_map(|c| &c.articles)
        .flat_map(|a| &a.blocks)
        .filter_map(|b| match b {
            Block::Paragraph(inlines) => Some(inlines.as_slice()),
            _ => None,
        })
        .collect()
}

/// The measure of running text on A4 (points).
const MEASURE: Pt = Pt(380.0);

fn text(c: &mut Criterion) {
    let book = sample_book();
    let paras = paragraphs(&book);
    let resources = Resources::builtin();
    let body = TextStyle::body();
    let lang = hypher::Lang::English;
    let words: Vec<String> = paras
        .iter()
        .flat_map(|p| p.iter())
        .filter_map(|i| match i {
            Inline::Text(t) => Some(t.split_whitespace().map(str::to_string)),
            _ => None,
        })
        .flatten()
        .collect();

    let mut group = c.benchmark_group("text");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(3));
    // Shaping every word of the sample with fresh fonts (no shaping cache):
    // rustybuzz, with one face and plan per face.
    group.bench_function("shape sample words, cold cache", |b| {
        b.iter_batched(
            || Fonts::load(&resources.fonts).expect("fonts"),
            |fonts| {
                for w in &words {
                    black_box(fonts.shape(Face::Regular, w));
                }
                fonts
            },
            BatchSize::PerIteration,
        )
    });
    let fonts = Fonts::load(&resources.fonts).expect("fonts");
    let raw: Vec<_> = paras.iter().map(|p| pieces(&fonts, p, &body)).collect();
    group.bench_function("hyphenate sample paragraphs", |b| {
        b.iter_batched(
            || raw.clone(),
            |raw| {
                raw.into_iter()
                    .map(|p| hyphenate(&fonts, p, lang))
                    .collect::<Vec<_>>()
            },
            BatchSize::LargeInput,
        )
    });
    let ready: Vec<_> = raw
        .iter()
        .map(|p| fit_words(&fonts, hyphenate(&fonts, p.clone(), lang), MEASURE))
        .collect();
    group.bench_function("knuth-plass sample paragraphs", |b| {
        b.iter(|| {
            for p in &ready {
                black_box(knuth_plass(p, MEASURE));
            }
        })
    });
    group.bench_function("first-fit sample paragraphs", |b| {
        b.iter(|| {
            for p in &ready {
                black_box(break_lines(p, MEASURE));
            }
        })
    });
    group.bench_function("set sample paragraphs (warm shaping cache)", |b| {
        b.iter(|| {
            for p in &paras {
                black_box(set_paragraph_in(
                    &fonts,
                    p,
                    &body,
                    MEASURE,
                    Alignment::Justify,
                    1.3,
                    Some(lang),
                ));
            }
        })
    });
    group.finish();
}

fn books(c: &mut Criterion) {
    let book = sample_book();
    let resources = Resources::builtin();
    let mut group = c.benchmark_group("book");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("pdf layout of the sample", |b| {
        b.iter(|| techshack_book::pdf::layout(&book, &resources).expect("lays out"))
    });
    group.bench_function("pdf layout and serialization of the sample", |b| {
        b.iter(|| techshack_book::pdf::render(&book, &resources).expect("renders"))
    });
    let layouts = chapter_layouts(&book);
    group.bench_function("xhtml of the sample's chapters", |b| {
        b.iter(|| {
            for (chapter, layout) in book.chapters.iter().zip(&layouts) {
                black_box(chapter_document(chapter, layout, "en"));
            }
        })
    });
    group.bench_function("epub of the sample", |b| {
        b.iter(|| techshack_book::epub::render(&book, &resources).expect("renders"))
    });
    group.finish();
}

criterion_group!(benches, text, books);
criterion_main!(benches);
