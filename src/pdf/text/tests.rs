//! Tests of setting running text: measures, justification, faces, shaping
//! and hyphenation.

use super::*;
use crate::resources::Resources;

fn fonts() -> Fonts {
    Fonts::load(&Resources::builtin().fonts).expect("fonts")
}

fn right_edges(lines: &[SetLine]) -> Vec<Pt> {
    lines
        .iter()
        .flat_map(|l| l.items.iter())
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.origin.x + t.width),
            _ => None,
        })
        .collect()
}

#[test]
fn lines_never_exceed_the_width_even_with_a_300_char_url() {
    let fonts = fonts();
    let url = format!(
        "https://example.com/{}/index.html?q={}",
        "very-long-path_segment.with.dots/".repeat(7),
        "x".repeat(60)
    );
    assert!(url.len() >= 300, "{}", url.len());
    let inlines = vec![
        Inline::Text("See ".into()),
        Inline::Link {
            url: url.clone(),
            content: vec![Inline::Text(url.clone())],
        },
        Inline::Text(" and also ".into()),
        Inline::Code("/usr/local/lib/some/really/long/path/to/a/file_name_that_goes_on.so".into()),
        Inline::Text(format!(" then {} end.", "a".repeat(200))),
    ];
    for width in [Pt(120.0), Pt(300.0), Pt(451.0)] {
        let lines = set_paragraph(
            &fonts,
            &inlines,
            &TextStyle::body(),
            width,
            Alignment::Justify,
            style::LEADING,
        );
        assert!(lines.len() > 2);
        for edge in right_edges(&lines) {
            assert!(edge.0 <= width.0 + 0.01, "{edge:?} > {width:?}");
        }
        // Nothing lost: all characters of the URL are still there.
        let all: String = lines
            .iter()
            .flat_map(|l| l.items.iter())
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.text.replace(' ', "")),
                _ => None,
            })
            .collect();
        assert!(all.contains(&url), "url lost at width {width:?}");
    }
}

#[test]
fn justified_lines_fill_the_measure_and_last_line_does_not() {
    let fonts = fonts();
    let text = "The quick brown fox jumps over the lazy dog. ".repeat(8);
    let lines = set_plain(
        &fonts,
        &text,
        &TextStyle::body(),
        Pt(300.0),
        Alignment::Justify,
        style::LEADING,
    );
    assert!(lines.len() >= 3);
    for line in &lines[..lines.len() - 1] {
        let edge = right_edges(std::slice::from_ref(line))
            .into_iter()
            .fold(Pt::ZERO, Pt::max);
        assert!((edge.0 - 300.0).abs() < 0.05, "{edge:?}");
    }
    let last = lines.last().map(|l| l.width).unwrap_or_default();
    assert!(last.0 < 300.0);
}

#[test]
fn styles_map_to_faces_and_missing_glyphs_fall_back() {
    let fonts = fonts();
    let inlines = vec![
        Inline::Emph(vec![Inline::Text("it".into())]),
        Inline::Text(" ".into()),
        Inline::Strong(vec![Inline::Text("bold".into())]),
        Inline::Text(" ┌─┐".into()),
    ];
    let p = pieces(&fonts, &inlines, &TextStyle::body());
    let faces: Vec<Face> = p
        .iter()
        .filter_map(|p| match p {
            Piece::Word(w) => Some(w.fragments[0].style.face),
            _ => None,
        })
        .collect();
    assert_eq!(faces, vec![Face::Italic, Face::Bold, Face::Mono]);
}

#[test]
fn shaping_kerns_and_ligates() {
    let fonts = fonts();
    let style = TextStyle::body();
    let f = Fragment::shaped(&fonts, "office", &style);
    assert!(f.glyphs.len() < 6, "no ligature: {:?}", f.glyphs);
    let text: String = f.glyphs.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(text, "office");
    // (Charis SIL has no kerning pairs; its GPOS only places marks.)
}

#[test]
fn knuth_plass_hyphenates_and_never_overfills() {
    let fonts = fonts();
    let text = "Kubernetes brings together machine servers into a cluster using a shared \
                network. Uneven amount of data for private text chat, massive Discord \
                servers and large public servers; the underlying database is Cassandra, \
                chosen for linear scalability, automatic failover and predictable \
                performance of disk-backed caches."
        .repeat(3);
    let mut hyphens = 0;
    for width in [Pt(140.0), Pt(200.0), Pt(330.0), Pt(451.0)] {
        let lines = set_paragraph_in(
            &fonts,
            &[Inline::Text(text.clone())],
            &TextStyle::body(),
            width,
            Alignment::Justify,
            style::LEADING,
            Some(hypher::Lang::English),
        );
        for (i, line) in lines.iter().enumerate() {
            let edge = right_edges(std::slice::from_ref(line))
                .into_iter()
                .fold(Pt::ZERO, Pt::max);
            assert!(edge.0 <= width.0 + 0.01, "overfull at {width:?}: {edge:?}");
            if i + 1 < lines.len() && width.0 >= 200.0 {
                assert!((edge.0 - width.0).abs() < 0.05, "not justified: {line:?}");
            }
            let last = line.items.iter().rev().find_map(|i| match i {
                Item::Text(t) => Some(t.text.clone()),
                _ => None,
            });
            if last.is_some_and(|t| t.ends_with('-') && !t.ends_with("disk-")) {
                hyphens += 1;
            }
        }
        // Every word is still there, in order.
        let all: String = lines
            .iter()
            .flat_map(|l| l.items.iter())
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.text.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" ");
        assert!(all.contains("Cassandra"));
    }
    assert!(hyphens > 0, "narrow measures need hyphens");
}
