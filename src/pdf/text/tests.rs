//! Tests of setting running text: measures, justification, faces, shaping
//! and hyphenation.

use super::*;
use crate::pdf::page::TextRun;
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

/// The book's faces with the built-in Chinese faces as fallbacks.
fn fonts_with_chinese() -> Fonts {
    let chinese = ["NotoSerifSC-Regular.ttf", "NotoSansSC-Bold.ttf"]
        .into_iter()
        .map(|name| {
            let data = crate::resources::builtin_fallback_font(name).expect("built in");
            crate::pdf::fonts::LoadedFace::parse(name, data).expect("parses")
        })
        .collect();
    Fonts::load_with_fallbacks(&Resources::builtin().fonts, chinese).expect("fonts")
}

/// Characters that may not start a line (closing punctuation).
const NO_LINE_START: &str = "。，、；：？！）」』〉》】…";
/// Characters that may not end a line (opening punctuation).
const NO_LINE_END: &str = "（「『〈《【";

/// Chinese tech writing with English words, code, numbers and every
/// punctuation mark kinsoku cares about, several times over.
fn chinese_paragraph() -> Vec<Inline> {
    let t = |s: &str| Inline::Text(s.into());
    let c = |s: &str| Inline::Code(s.into());
    let mut inlines = vec![
        t(
            "分布式系统里，时钟并不可靠：两台机器的时间可能相差几百毫秒，甚至几秒！所以，\
           像Google Spanner这样的数据库用TrueTime（一种带误差范围的时钟API）来给事务排序；\
           每次提交都要等待误差区间过去……这就是所谓的「commit wait」。",
        ),
        t("在Kubernetes中，"),
        c("kubectl rollout status"),
        t("会一直等到新版本的Pod全部就绪；如果超过"),
        c("progressDeadlineSeconds"),
        t(
            "（默认600秒），部署就被标记为失败。《Designing Data-Intensive Applications》\
           【第8章】写道：『网络是不可靠的，时钟也是。』〈参见附录B〉这句话值得反复读！\
           为什么？因为在3个副本、5个分区、每秒10000次写入的集群里，任何假设都会被打破、\
           被放大、被暴露。",
        ),
        Inline::Strong(vec![t("结论：")]),
        t("不要依赖墙上时钟判断先后顺序，用逻辑时钟（Lamport clock）或版本向量。"),
    ];
    let again = inlines.clone();
    inlines.extend(again);
    inlines
}

/// The text of a set line, its runs in order (without the spaces the
/// setter puts between words).
fn line_text(line: &SetLine) -> String {
    line.items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.text.clone()),
            _ => None,
        })
        .collect::<String>()
        .replace(' ', "")
}

/// Checks that `line` neither starts with closing punctuation nor ends with
/// opening punctuation, and reaches no further than `width`; returns its
/// text and right edge.
fn check_kinsoku_and_measure(line: &SetLine, width: Pt) -> (String, Pt) {
    let text = line_text(line);
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().next_back()) else {
        panic!("an empty line at {width:?}");
    };
    assert!(
        !NO_LINE_START.contains(first),
        "at {width:?}, a line starts with {first}: {text}"
    );
    assert!(
        !NO_LINE_END.contains(last),
        "at {width:?}, a line ends with {last}: {text}"
    );
    let edge = right_edges(std::slice::from_ref(line))
        .into_iter()
        .fold(Pt::ZERO, Pt::max);
    assert!(edge.0 <= width.0 + 0.01, "overfull at {width:?}: {text}");
    (text, edge)
}

#[test]
fn chinese_paragraphs_obey_kinsoku_fit_the_measure_and_justify_flush() {
    let fonts = fonts_with_chinese();
    let inlines = chinese_paragraph();
    let source: String =
        pieces_text(&pieces(&fonts, &inlines, &TextStyle::body())).replace(' ', "");
    let mut lines_checked = 0;
    for width in (0..20).map(|i| Pt(200.0 + 13.0 * i as f32)) {
        let lines = set_paragraph_in(
            &fonts,
            &inlines,
            &TextStyle::body(),
            width,
            Alignment::Justify,
            style::LEADING,
            // English patterns, as a book in English quoting Chinese
            // would have: its Latin words may be hyphenated, Han never.
            Some(hypher::Lang::English),
        );
        assert!(lines.len() > 4);
        for (i, line) in lines.iter().enumerate() {
            let (text, edge) = check_kinsoku_and_measure(line, width);
            if i + 1 < lines.len() {
                assert!(
                    (edge.0 - width.0).abs() < 0.05,
                    "line {i} at {width:?} not flush ({edge:?}): {text}"
                );
            }
            let before_hyphen = text.strip_suffix('-').and_then(|t| t.chars().next_back());
            assert!(
                before_hyphen.is_none_or(|c| c.is_ascii_alphabetic()),
                "hyphen after a non-Latin letter: {text}"
            );
            lines_checked += 1;
        }
        // Nothing lost or reordered (hyphens aside).
        let set: String = lines.iter().map(line_text).collect();
        assert_eq!(
            set.replace('-', ""),
            source.replace('-', ""),
            "at {width:?}"
        );
    }
    assert!(lines_checked > 200);
}

#[test]
fn ragged_chinese_lines_obey_kinsoku_and_fit_the_measure_too() {
    // Headings, captions and cells are broken greedily, not by
    // Knuth–Plass: the same rules hold.
    let fonts = fonts_with_chinese();
    let inlines = chinese_paragraph();
    for width in (0..20).map(|i| Pt(90.0 + 17.0 * i as f32)) {
        let lines = set_paragraph(
            &fonts,
            &inlines,
            &TextStyle::body(),
            width,
            Alignment::Left,
            style::LEADING,
        );
        for line in &lines {
            check_kinsoku_and_measure(line, width);
        }
    }
}

#[test]
fn han_next_to_latin_gets_a_quarter_em_unless_the_author_wrote_a_space() {
    let fonts = fonts_with_chinese();
    let base = TextStyle::body();
    // The gap between the end of the run of `用` and the start of `Kafka`.
    let gap_before_latin = |text: &str| {
        let lines = set_plain(
            &fonts,
            text,
            &base,
            Pt(400.0),
            Alignment::Left,
            style::LEADING,
        );
        let runs: Vec<&TextRun> = lines[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t),
                _ => None,
            })
            .collect();
        let han = runs
            .iter()
            .find(|r| r.text.ends_with('用'))
            .expect("Han run");
        let latin = runs
            .iter()
            .find(|r| r.text.starts_with("Kafka"))
            .expect("Latin run");
        latin.origin.x - (han.origin.x + han.width)
    };
    let quarter = base.size * 0.25;
    let touching = gap_before_latin("我们用Kafka");
    assert!((touching - quarter).0.abs() < 0.01, "{touching:?}");
    let space = fonts.char_width(Face::Regular, base.size, ' ');
    let spaced = gap_before_latin("我们用 Kafka");
    assert!((spaced - space).0.abs() < 0.01, "doubled: {spaced:?}");
    // Bold Chinese is set in the bold Chinese face, regular in the other.
    let p = pieces(
        &fonts,
        &[
            Inline::Strong(vec![Inline::Text("标题".into())]),
            Inline::Text("正文".into()),
        ],
        &base,
    );
    let faces: Vec<bool> = p
        .iter()
        .filter_map(|p| match p {
            Piece::Word(w) => Some(fonts.face(w.fragments[0].style.face).bold),
            _ => None,
        })
        .collect();
    assert_eq!(faces, [true, true, false, false]);
}

#[test]
fn english_breaks_after_a_slash_without_a_space() {
    let fonts = fonts();
    let p = pieces(
        &fonts,
        &[Inline::Text("client/server and `code/path`".into())],
        &TextStyle::body(),
    );
    assert!(matches!(p[1], Piece::Joint), "{p:?}");
    let p = pieces(
        &fonts,
        &[Inline::Code("code/path".into())],
        &TextStyle::body(),
    );
    assert_eq!(p.len(), 1, "code keeps its words whole: {p:?}");
}

#[test]
fn shared_punctuation_takes_the_cjk_face_only_next_to_cjk_text() {
    let fonts = fonts_with_chinese();
    // The face each character of `text` is set in, as (char, is CJK face).
    let faces = |text: &str| -> Vec<(char, bool)> {
        pieces(&fonts, &[Inline::Text(text.into())], &TextStyle::body())
            .iter()
            .filter_map(|p| match p {
                Piece::Word(w) => Some(w.fragments.clone()),
                _ => None,
            })
            .flatten()
            .flat_map(|f| {
                let cjk = fonts.has_char(f.style.face, '中');
                f.text.chars().map(move |c| (c, cjk)).collect::<Vec<_>>()
            })
            .collect()
    };
    let cjk_of = |text: &str, ch: char| -> Vec<bool> {
        faces(text)
            .into_iter()
            .filter(|&(c, _)| c == ch)
            .map(|(_, cjk)| cjk)
            .collect()
    };
    assert_eq!(cjk_of("消息……结果", '…'), [true, true]);
    assert_eq!(cjk_of("他说“你好”。", '“'), [true]);
    assert_eq!(cjk_of("他说“你好”。", '”'), [true]);
    assert_eq!(cjk_of("阿兰·图灵", '·'), [true]);
    // English keeps its own punctuation, also inside a Chinese paragraph
    // when spaces set it apart.
    assert_eq!(cjk_of("Wait… what — “quoted”", '…'), [false]);
    assert_eq!(cjk_of("Wait… what — “quoted”", '—'), [false]);
    assert_eq!(cjk_of("中文 “Kafka” 很好", '“'), [false]);
    assert_eq!(cjk_of("中文 “Kafka” 很好", '”'), [false]);
}
