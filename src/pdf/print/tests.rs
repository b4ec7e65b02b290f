//! The print layout against its profiles: page counts, margins, blank
//! pages, the cover's size and spine, image resolution.

use std::sync::Arc;

use super::cover::{self, CoverGeometry};
use super::preflight;
use super::profile::{PrintConfig, PrintSettings, Profile};
use crate::diagnostics::{Diagnostics, Severity};
use crate::model::{Article, Block, Image, ImageAsset, Inline, SourcePos};
use crate::pdf::page::{Item, Zone};
use crate::pdf::units::Pt;
use crate::pdf::{lay_out, sample, Prepared};
use crate::resources::Resources;

fn resources_for(profile: Profile) -> Resources {
    let mut resources = Resources::builtin();
    resources.pdf_style.print = Some(Arc::new(PrintSettings {
        profile,
        description: Some("What the book holds.".into()),
    }));
    resources
}

fn custom(yaml: &str) -> Profile {
    let config: PrintConfig = serde_yaml::from_str(yaml).expect("parses");
    config
        .resolve(std::path::Path::new("book.yaml"))
        .expect("resolves")
}

fn prepared(profile: Profile) -> (Prepared, Diagnostics) {
    let mut diags = Diagnostics::new();
    let prepared =
        lay_out(&sample::sample_book(), &resources_for(profile), &mut diags).expect("lays out");
    (prepared, diags)
}

/// Page count, blank pages and margins as `profile` says, for every page.
fn assert_follows(profile: &Profile, prepared: &Prepared) {
    let plan = prepared.print_plan().expect("a print plan");
    let laid = &prepared.laid_out;
    assert_eq!(laid.pages.len(), plan.pages);
    assert_eq!(plan.pages, profile.final_page_count(plan.laid_out_pages));
    assert_eq!(plan.pages % profile.page_multiple as usize, 0);
    assert!(plan.pages >= profile.min_pages as usize);
    for page in &laid.pages[plan.laid_out_pages..] {
        assert!(page.items.is_empty(), "an added page is blank");
    }
    let gutter = profile.gutter_for(plan.pages);
    assert!(plan.inner.0 >= gutter.0 - 0.01);
    for (index, page) in laid.pages.iter().enumerate() {
        assert_eq!(page.size, profile.trim, "page {index}");
        let area = page.text_area;
        let (inner, outer) = if index % 2 == 0 {
            (area.x, page.size.width - area.right())
        } else {
            (page.size.width - area.right(), area.x)
        };
        assert!(
            (inner.0 - plan.inner.0).abs() < 0.01,
            "page {index}: {inner:?}"
        );
        assert!(outer.0 >= profile.min_outside.0 - 0.01, "page {index}");
        // Nothing drawn, running heads and folios included, comes nearer
        // the trim than the profile allows.
        for positioned in page.items.iter().filter(|i| super::is_drawn(&i.item)) {
            let r = positioned.item.bounds();
            let (left, right) = if index % 2 == 0 {
                (gutter, profile.min_outside)
            } else {
                (profile.min_outside, gutter)
            };
            let slack = 0.05;
            assert!(r.x.0 >= left.0 - slack, "page {index}: {positioned:?}");
            assert!(
                (page.size.width - r.right()).0 >= right.0 - slack,
                "page {index}: {positioned:?}"
            );
            assert!(
                r.y.0 >= profile.min_outside.0 - slack,
                "page {index}: {positioned:?}"
            );
            assert!(
                (page.size.height - r.bottom()).0 >= profile.min_outside.0 - slack,
                "page {index}: {positioned:?}"
            );
        }
    }
}

/// The errors the preflight finds in the sample book laid out as in
/// `prepared`.
fn preflight_errors(prepared: &Prepared) -> Vec<String> {
    let mut diags = Diagnostics::new();
    preflight::check(
        &sample::sample_book(),
        prepared,
        std::path::Path::new("book.pdf"),
        &mut diags,
    )
    .expect("preflight runs");
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn kdp_and_lulu_layouts_follow_their_rules() {
    for name in ["kdp-6x9", "lulu-a5"] {
        let profile = Profile::named(name).expect(name);
        let (prepared, _) = prepared(profile.clone());
        assert_follows(&profile, &prepared);
        let errors = preflight_errors(&prepared);
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

#[test]
fn the_gutter_grows_with_the_page_count_and_pages_come_in_fours() {
    // Under 10 pages a 0.5 in gutter, above it 1.25 in: the sample book
    // is longer, so it is laid out again with the wider one.
    let profile = custom(
        "{ profile: kdp-6x9, gutter: { 10: 0.5in, 2000: 1.25in }, page_multiple: 4, min_pages: 8 }",
    );
    let (prepared, _) = prepared(profile.clone());
    assert_follows(&profile, &prepared);
    let plan = prepared.print_plan().expect("plan");
    assert_eq!(plan.inner, Pt(90.0));
    assert_eq!(prepared.laid_out.pages[0].text_area.x, Pt(90.0));
    // The default margins would have been narrower.
    let (narrow, _) = prepared_with_gutter(Pt(36.0));
    assert!(narrow.laid_out.pages[0].text_area.x < Pt(90.0));
}

fn prepared_with_gutter(gutter: Pt) -> (Prepared, Diagnostics) {
    let mut profile = Profile::named("kdp-6x9").expect("kdp");
    profile.gutter = [(10_000, gutter)].into_iter().collect();
    prepared(profile)
}

#[test]
fn the_cover_is_as_wide_as_the_formula_says() {
    // 6 × 9 in, white paper at 0.002252 in a page, 0.125 in bleed.
    let profile = Profile::named("kdp-6x9").expect("kdp");
    for pages in [24usize, 100, 300] {
        let g = CoverGeometry::new(&profile, pages);
        let width_in = 0.125 + 6.0 + pages as f32 * 0.002252 + 6.0 + 0.125;
        assert!((g.sheet.width.0 / 72.0 - width_in).abs() < 1e-4, "{pages}");
        assert!((g.sheet.height.0 / 72.0 - 9.25).abs() < 1e-4);
        assert!((g.spine.width.0 / 72.0 - pages as f32 * 0.002252).abs() < 1e-5);
        assert_eq!(g.bleed.width, g.sheet.width);
    }
    // With marks, a slug around the bleed holds them.
    let mut marked = profile.clone();
    marked.marks = true;
    let g = CoverGeometry::new(&marked, 100);
    assert!(g.sheet.width > g.bleed.width && g.bleed.x > Pt::ZERO);
}

fn spine_text(profile: &Profile, prepared: &Prepared, pages: usize) -> bool {
    let (laid, _) = cover::lay_out(
        &sample::sample_book(),
        None,
        &prepared.fonts,
        profile,
        pages,
    );
    let Item::Image(drawing) = &laid.pages[0].items[0].item else {
        panic!("the cover's drawing comes first");
    };
    let svg = String::from_utf8_lossy(&drawing.asset.data).into_owned();
    svg.contains("rotate(90)")
}

#[test]
fn the_spine_has_text_only_from_the_profiles_page_count() {
    for name in ["kdp-6x9", "lulu-a5"] {
        let profile = Profile::named(name).expect(name);
        let (prepared, _) = prepared(profile.clone());
        let min = profile.spine_text_min_pages as usize;
        assert!(!spine_text(&profile, &prepared, min - 2), "{name}");
        assert!(spine_text(&profile, &prepared, min), "{name}");
        assert!(spine_text(&profile, &prepared, 400), "{name}");
    }
}

#[test]
fn a_cover_image_is_fitted_over_the_front_and_its_bleed() {
    let profile = Profile::named("kdp-6x9").expect("kdp");
    let g = CoverGeometry::new(&profile, 100);
    // In the front's own proportions with bleed: it fills them.
    let asset = ImageAsset {
        media_type: "image/png".into(),
        data: Vec::new(),
        width: 1225,
        height: 1850,
        alt: None,
    };
    let r = cover::image_rect(&g, &asset);
    assert!((r.x - g.front.x).0.abs() < 0.01);
    assert!((r.right() - g.bleed.right()).0.abs() < 0.01);
    assert!((r.height - g.bleed.height).0.abs() < 0.01);
}

#[test]
fn low_resolution_images_are_reported_with_their_issue_and_line() {
    let mut book = sample::sample_book();
    book.preface.clear();
    book.chapters.truncate(1);
    let url = "https://example.com/small.png";
    // A 120 px wide PNG, printed at its natural size (1.5 × 96 dpi) or
    // the measure: far below 300 dpi.
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, 120, 80);
        encoder.set_color(png::ColorType::Grayscale);
        let mut writer = encoder.write_header().expect("header");
        writer.write_image_data(&[128u8; 120 * 80]).expect("data");
    }
    book.assets.images.insert(
        url.into(),
        ImageAsset {
            media_type: "image/png".into(),
            data: png,
            width: 120,
            height: 80,
            alt: None,
        },
    );
    book.chapters[0].articles = vec![Article {
        title: vec![Inline::Text("Pictures".into())],
        sources: Vec::new(),
        blocks: vec![Block::Figure {
            image: Image {
                url: url.into(),
                alt: "small".into(),
            },
            caption: None,
        }],
        notes: Vec::new(),
        pos: SourcePos {
            file: "issues/2019-02.md".into(),
            line: 14,
        },
    }];
    let resources = resources_for(Profile::named("kdp-6x9").expect("kdp"));
    let mut diags = Diagnostics::new();
    let prepared = lay_out(&book, &resources, &mut diags).expect("lays out");
    let warnings: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("issues/2019-02.md:14"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains(url), "{}", warnings[0]);
    assert!(warnings[0].contains("dpi"), "{}", warnings[0]);
    // The image is in the body, inside the text area.
    let drawn = prepared
        .laid_out
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .any(|i| i.zone == Zone::Body && matches!(i.item, Item::Image(_)));
    assert!(drawn);
}

#[test]
fn without_a_profile_there_is_no_print_plan() {
    let mut diags = Diagnostics::new();
    let prepared =
        lay_out(&sample::sample_book(), &Resources::builtin(), &mut diags).expect("lays out");
    assert!(prepared.print_plan().is_none());
    assert!(prepared.write_cover(&sample::sample_book()).is_none());
}

#[test]
fn the_preflight_names_the_page_whose_margin_is_broken() {
    let profile = Profile::named("kdp-6x9").expect("kdp");
    let (mut prepared, _) = prepared(profile);
    // A rule 0.1 in from the outer edge of the fourth page (a left-hand
    // page: its outer edge is on the left).
    let page = &mut prepared.laid_out.pages[3];
    page.items.push(crate::pdf::page::PositionedItem {
        item: Item::Line(crate::pdf::page::RuleLine {
            from: crate::pdf::units::Point::new(Pt(7.2), Pt(300.0)),
            to: crate::pdf::units::Point::new(Pt(100.0), Pt(300.0)),
            thickness: Pt(0.5),
            color: crate::pdf::page::Color::BLACK,
        }),
        zone: Zone::Body,
        tag: crate::pdf::structure::Tag::Artifact,
    });
    let errors = preflight_errors(&prepared);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: book.pdf: page 4 (printed iv): a rule is 0.100 in from the left edge, the profile needs 0.375 in"),
        "{}",
        errors[0]
    );
}
