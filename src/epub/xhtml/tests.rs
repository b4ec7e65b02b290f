//! Tests of the XHTML writer: blocks and inlines in, elements out.

use super::*;
use crate::model::CodeBlock;

fn render(blocks: &[Block]) -> String {
    let ids = HashSet::from(["here".to_string()]);
    let mut w = XmlWriter::new();
    BlockWriter::new(&ids, 3).blocks(&mut w, blocks);
    w.finish()
}

fn text(s: &str) -> Inline {
    Inline::Text(s.into())
}

#[test]
fn code_is_kept_exactly() {
    let code = "  fn main() {\n\tlet a = b < c && d > e;  \n}\n\n   ";
    let out = render(&[Block::Code(CodeBlock {
        language: Some("rust\"><script>".into()),
        text: code.into(),
        kind: CodeKind::Program,
    })]);
    assert!(out.starts_with("<pre class=\"code\"><code class=\"language-rustscript\">"));
    let inner = out
        .split_once("\">")
        .and_then(|(_, r)| r.split_once("\">"))
        .map(|(_, r)| r)
        .and_then(|r| r.split_once("</code>"))
        .map(|(inner, _)| inner)
        .unwrap_or_default();
    // The text, without the markup of lines and operators, is the code.
    let mut text = String::new();
    let mut in_tag = false;
    for c in inner.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    assert_eq!(
        text,
        "  fn main() {\n\tlet a = b &lt; c &amp;&amp; d &gt; e;  \n}\n\n   "
    );
}

#[test]
fn drawings_become_svg() {
    let out = render(&[Block::Code(CodeBlock {
        language: None,
        text: "+--+\n|  |\n+--+".into(),
        kind: CodeKind::Drawing,
    })]);
    assert!(out.starts_with("<div class=\"diagram\">\n<svg "), "{out}");
    assert!(!out.contains("<pre"));
    assert!(out.contains(
        ">+--+</text>\n<text xml:space=\"preserve\" x=\"4 10 16 22\" y=\"27\">|  |</text>"
    ));
}

#[test]
fn headings_are_offset_and_clamped() {
    let h = |level| Block::Heading {
        level,
        content: vec![text("x")],
    };
    let out = render(&[h(0), h(1), h(2), h(4), h(9), h(1), h(3)]);
    assert_eq!(
        out,
        "<h3>x</h3>\n<h3>x</h3>\n<h4>x</h4>\n<h5>x</h5>\n<h6>x</h6>\n<h3>x</h3>\n<h4>x</h4>\n"
    );
    // A deep first heading comes right below the heading it stands under.
    assert_eq!(render(&[h(6)]), "<h3>x</h3>\n");
}

#[test]
fn unsafe_links_become_text() {
    let out = render(&[Block::Paragraph(vec![
        Inline::Link {
            url: "javascript:alert(1)".into(),
            content: vec![text("click")],
        },
        Inline::Link {
            url: "https://example.com/?a=1&b=\"2\"".into(),
            content: vec![Inline::Link {
                url: "https://nested.example/".into(),
                content: vec![text("nested")],
            }],
        },
        Inline::Link {
            url: "#here".into(),
            content: vec![text("up")],
        },
    ])]);
    assert_eq!(
        out,
        "<p>click<a href=\"https://example.com/?a=1&amp;b=%222%22\">nested</a>\
         <a href=\"#here\">up</a></p>\n"
    );
}

#[test]
fn lists_nest_and_keep_their_start() {
    let out = render(&[Block::List {
        start: Some(3),
        items: vec![
            vec![Block::Paragraph(vec![text("three")])],
            vec![
                Block::Paragraph(vec![text("four")]),
                Block::List {
                    start: None,
                    items: vec![vec![Block::Paragraph(vec![text("inner")])]],
                },
            ],
        ],
    }]);
    assert_eq!(
        out,
        "<ol start=\"3\">\n<li>three</li>\n<li><p>four</p>\n<ul>\n<li>inner</li>\n</ul>\n</li>\n</ol>\n"
    );
}

#[test]
fn images_become_placeholders_without_img() {
    let out = render(&[
        Block::Figure {
            image: Image {
                url: "https://example.com/a.png".into(),
                alt: "A <chart>".into(),
            },
            caption: Some(vec![text("Figure 1")]),
        },
        Block::Paragraph(vec![Inline::Image(Image {
            url: "images/local.png".into(),
            alt: String::new(),
        })]),
    ]);
    assert!(!out.contains("<img"));
    assert!(out.contains("<p class=\"placeholder-alt\">Image: A &lt;chart&gt;</p>"));
    assert!(out.contains("<a href=\"https://example.com/a.png\">https://example.com/a.png</a>"));
    assert!(out.contains("[Image without a description: images/local.png]"));
    assert!(out.contains("<figcaption>Figure 1</figcaption>"));
}

#[test]
fn tables_have_head_body_and_alignment() {
    let out = render(&[Block::Table {
        align: vec![Align::Left, Align::Right],
        header: vec![vec![text("a")], vec![text("b")]],
        rows: vec![vec![vec![text("1")]]],
    }]);
    assert!(out.contains(
        "<thead><tr><th class=\"align-left\">a</th><th class=\"align-right\">b</th></tr></thead>"
    ));
    assert!(out.contains("<tr><td class=\"align-left\">1</td><td class=\"align-right\"></td></tr>"));
}

#[test]
fn footnotes_link_both_ways() {
    let ids = HashSet::new();
    let mut w = XmlWriter::new();
    let writer = BlockWriter::new(&ids, 3);
    let note = |t: &str| Note {
        blocks: vec![Block::Paragraph(vec![text(t)])],
    };
    writer.begin_notes("a-x", 3);
    writer.blocks(
        &mut w,
        &[Block::Paragraph(vec![
            text("a"),
            Inline::NoteRef { number: 1 },
            Inline::NoteRef { number: 1 },
            Inline::Link {
                url: "https://example.com/".into(),
                content: vec![text("l"), Inline::NoteRef { number: 2 }],
            },
            Inline::NoteRef { number: 9 },
        ])],
    );
    writer.notes(&mut w, &[note("one"), note("two"), note("three")]);
    let out = w.finish();
    assert!(out.contains("<sup class=\"noteref\"><a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-a-x-1\" id=\"fnref-a-x-1\">1</a></sup>"), "{out}");
    assert!(out.contains("id=\"fnref2-a-x-1\""), "{out}");
    // No link inside a link, and no link to a note that is not there.
    assert!(out.contains("l<sup class=\"noteref\">2</sup></a>"), "{out}");
    assert!(out.contains("<sup class=\"noteref\">9</sup>"), "{out}");
    assert!(out.contains("<aside id=\"fn-a-x-1\" class=\"footnote\" epub:type=\"footnote\" role=\"doc-footnote\">\n<p><a class=\"footnote-number\" href=\"#fnref-a-x-1\" role=\"doc-backlink\">1.</a> one</p>"), "{out}");
    // Notes with no reference written are shown, not hidden as pop-ups.
    assert!(out.contains("<aside id=\"fn-a-x-2\" class=\"footnote\">\n<p><span class=\"footnote-number\">2.</span> two</p>"), "{out}");
    // The scope ends with the notes.
    let mut w = XmlWriter::new();
    writer.inlines(&mut w, &[Inline::NoteRef { number: 1 }]);
    assert_eq!(w.finish(), "<sup class=\"noteref\">1</sup>");
}

#[test]
fn page_has_language_and_stylesheet() {
    let doc = page("T & <t>", "en", |w| w.element("p", &[], "x"));
    assert!(doc.contains("lang=\"en\" xml:lang=\"en\""));
    assert!(doc.contains("<title>T &amp; &lt;t&gt;</title>"));
    assert!(doc.ends_with("<p>x</p>\n</body>\n</html>\n"));
}

#[test]
fn code_spans_come_from_the_highlighting_step() {
    let code = CodeBlock {
        language: Some("python".into()),
        text: "def f(): pass".into(),
        kind: CodeKind::Program,
    };
    let plain = render(&[Block::Code(code.clone())]);
    assert!(
        !plain.contains("<span class=\"hl-"),
        "not highlighted: {plain}"
    );
    let mut highlighted = HighlightedCode::default();
    let tokens = crate::highlight::highlight("python", &code.text).expect("python is known");
    highlighted.insert("python", &code.text, tokens);
    let ids = HashSet::new();
    let mut w = XmlWriter::new();
    BlockWriter::new(&ids, 3)
        .with_highlighting(&highlighted)
        .blocks(&mut w, &[Block::Code(code)]);
    let out = w.finish();
    assert!(
        out.contains("<span class=\"hl-keyword\">def</span>"),
        "{out}"
    );
    assert!(out.contains("<code class=\"language-python\">"), "{out}");
}
