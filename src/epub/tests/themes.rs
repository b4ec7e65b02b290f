//! Highlighted code in the reading systems' themes: a chapter with code is
//! rendered, and every highlighting class it uses is resolved through the
//! book's own stylesheet (the rules for `body`, `pre`, `code` and the
//! class) on the page and text colours of four themes. Every class must
//! keep a contrast of at least 4.5:1 (WCAG AA) in every theme.
//!
//! A theme overrides the colours of the body, as reading systems do;
//! whatever colour, background or opacity the stylesheet gives the code
//! and its tokens is applied over it.

use super::*;

/// A colour with alpha, channels 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rgba(f64, f64, f64, f64);

impl Rgba {
    fn hex(text: &str) -> Option<Rgba> {
        let digits = text.strip_prefix('#')?;
        let digits: String = match digits.len() {
            3 => digits.chars().flat_map(|c| [c, c]).collect(),
            6 => digits.to_string(),
            _ => return None,
        };
        let channel = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).ok();
        Some(Rgba(
            f64::from(channel(0)?) / 255.0,
            f64::from(channel(2)?) / 255.0,
            f64::from(channel(4)?) / 255.0,
            1.0,
        ))
    }

    /// `self` painted over the opaque `under`.
    fn over(self, under: Rgba) -> Rgba {
        let mix = |a: f64, b: f64| a * self.3 + b * (1.0 - self.3);
        Rgba(
            mix(self.0, under.0),
            mix(self.1, under.1),
            mix(self.2, under.2),
            1.0,
        )
    }

    /// WCAG 2 relative luminance.
    fn luminance(self) -> f64 {
        let linear = |c: f64| {
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }
}

/// WCAG 2 contrast ratio of two opaque colours.
fn contrast(a: Rgba, b: Rgba) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// What a colour value in the stylesheet means.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Paint {
    /// `inherit`, `currentColor`: the parent's.
    Inherit,
    /// `transparent`, `none`.
    Clear,
    Colour(Rgba),
}

fn paint(value: &str) -> Paint {
    let value = value.trim().to_ascii_lowercase();
    let first = value.split_whitespace().next().unwrap_or_default();
    if let Some(colour) = Rgba::hex(first) {
        return Paint::Colour(colour);
    }
    if let Some(args) = value
        .strip_prefix("rgba(")
        .or_else(|| value.strip_prefix("rgb("))
        .and_then(|rest| rest.split(')').next())
    {
        let parts: Vec<f64> = args
            .split([',', ' ', '/'])
            .filter(|p| !p.is_empty())
            .map(|p| p.parse().expect("a number in rgb()"))
            .collect();
        return Paint::Colour(Rgba(
            parts[0] / 255.0,
            parts[1] / 255.0,
            parts[2] / 255.0,
            parts.get(3).copied().unwrap_or(1.0),
        ));
    }
    match first {
        "inherit" | "currentcolor" | "initial" | "unset" => Paint::Inherit,
        "transparent" | "none" => Paint::Clear,
        "black" => Paint::Colour(Rgba(0.0, 0.0, 0.0, 1.0)),
        "white" => Paint::Colour(Rgba(1.0, 1.0, 1.0, 1.0)),
        other => panic!("a colour the test does not know: {other:?}"),
    }
}

/// The declarations of `css` for an element matched by any of `selectors`
/// (compared as written, after collapsing spaces), in stylesheet order.
fn declarations(css: &str, selectors: &[&str]) -> Vec<(String, String)> {
    let mut without_comments = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    without_comments.push_str(rest);
    let mut out = Vec::new();
    for rule in without_comments.split('}') {
        let Some((head, body)) = rule.split_once('{') else {
            continue;
        };
        // Declarations inside an at-rule (a media query) apply in some
        // reading systems only: the test takes them as applying.
        let head = head.rsplit('{').next().unwrap_or(head);
        let matches = head.split(',').any(|selector| {
            let selector = selector.split_whitespace().collect::<Vec<_>>().join(" ");
            selectors.contains(&selector.as_str())
        });
        if matches {
            for declaration in body.split(';') {
                if let Some((property, value)) = declaration.split_once(':') {
                    out.push((
                        property.trim().to_ascii_lowercase(),
                        value.trim().to_string(),
                    ));
                }
            }
        }
    }
    out
}

/// The text colour and the page colour under it for a token inside
/// elements whose rules are `chain` (outermost first), in a theme of
/// `text` on `page`.
fn resolve(css: &str, chain: &[Vec<&str>], text: Rgba, page: Rgba) -> (Rgba, Rgba) {
    let (mut colour, mut ground) = (text, page);
    for selectors in chain {
        let mut opacity = 1.0;
        for (property, value) in declarations(css, selectors) {
            match property.as_str() {
                "color" => {
                    if let Paint::Colour(c) = paint(&value) {
                        colour = c.over(ground);
                    }
                }
                "background" | "background-color" => {
                    if let Paint::Colour(c) = paint(&value) {
                        ground = c.over(ground);
                        // The text keeps its colour; only what is under
                        // it changed.
                    }
                }
                "opacity" => opacity *= value.parse::<f64>().expect("a number"),
                _ => {}
            }
        }
        if opacity < 1.0 {
            colour = Rgba(colour.0, colour.1, colour.2, opacity).over(ground);
        }
    }
    (colour, ground)
}

/// A chapter with code in several languages, between them using every
/// highlighting class.
fn code_book() -> Book {
    let mut book = sample_book();
    let code = |language: &str, text: &str| {
        Block::Code(CodeBlock {
            language: Some(language.into()),
            text: text.into(),
            kind: CodeKind::Program,
        })
    };
    book.chapters[0].articles[0].blocks = vec![
        code(
            "rust",
            "/// Doubles.\nfn double(x: u32) -> Option<u32> {\n    let s = \"two\";\n    x.checked_mul(2)\n}",
        ),
        code("python", "class Queue(Base):\n    def put(self, item=None):\n        return len('x') + 42  # done"),
        code("go", "func main() {\n\tfmt.Println(\"hi\", 3.5, true)\n}"),
    ];
    crate::highlight::highlight_book(&mut book);
    book
}

#[test]
fn highlighting_keeps_its_contrast_in_every_theme() {
    let files = render_and_keep(&code_book(), "themes.epub");
    let css = as_text(&files["OEBPS/stylesheet.css"]);
    let chapter = as_text(&files["OEBPS/chapter-2019-07.xhtml"]);
    let mut classes: Vec<&str> = chapter
        .split("class=\"hl-")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    classes.sort();
    classes.dedup();
    assert_eq!(
        classes,
        ["comment", "constant", "function", "keyword", "string", "type"],
        "the chapter should use every class"
    );
    // Reading systems' themes: page colour and the text colour they set.
    let themes = [
        ("white", "#ffffff", "#000000"),
        ("sepia", "#f4ecd8", "#5b4636"),
        ("mid-grey", "#5a5a5c", "#e0e0e0"),
        ("black", "#000000", "#e0e0e0"),
        ("night", "#121212", "#e0e0e0"),
    ];
    let mut failures = Vec::new();
    for class in &classes {
        let own = format!(".hl-{class}");
        let span = format!("span.hl-{class}");
        let in_code = format!("code .hl-{class}");
        let in_pre = format!("pre .hl-{class}");
        let chain: Vec<Vec<&str>> = vec![
            vec!["body", "html"],
            vec!["pre", "pre.code"],
            vec!["code", "pre code", "pre.code code"],
            vec![&own, &span, &in_code, &in_pre],
        ];
        for (theme, page, text) in themes {
            let page = Rgba::hex(page).expect("page colour");
            let text = Rgba::hex(text).expect("text colour");
            let (colour, ground) = resolve(css, &chain, text, page);
            let ratio = contrast(colour, ground);
            if ratio < 4.5 {
                failures.push(format!("hl-{class} in {theme}: {ratio:.2}:1"));
            }
        }
    }
    assert!(failures.is_empty(), "below 4.5:1: {failures:?}");
}

#[test]
fn the_contrast_check_can_fail() {
    // The old colours: about 4.6:1 on white, 1.5:1 on mid-grey.
    let css = ".hl-function { color: #2f73da; }";
    let chain = vec![vec![".hl-function"]];
    let white = Rgba::hex("#ffffff").unwrap();
    let black = Rgba::hex("#000000").unwrap();
    let (c, g) = resolve(css, &chain, black, white);
    assert!((contrast(c, g) - 4.6).abs() < 0.1, "{}", contrast(c, g));
    let grey = Rgba::hex("#5a5a5c").unwrap();
    let light = Rgba::hex("#e0e0e0").unwrap();
    let (c, g) = resolve(css, &chain, light, grey);
    assert!(contrast(c, g) < 2.0);
    // A translucent tint under the text counts.
    let css = ".hl-string { background-color: rgba(255, 255, 255, 0.9); }";
    let chain = vec![vec![".hl-string"]];
    let (c, g) = resolve(css, &chain, light, grey);
    assert!(contrast(c, g) < 4.5);
}
