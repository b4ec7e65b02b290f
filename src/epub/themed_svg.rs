//! Mermaid pictures that follow the reader's theme.
//!
//! flowmaid draws a diagram on an opaque white page in fixed colours: in a
//! night or grey theme it is a glaring box, and in an `<img>` nothing can
//! change that. So the chapters hold the picture inline, recoloured:
//!
//! - the white page behind the picture is dropped (transparent);
//! - dark strokes and fills (lines, arrowheads, borders, labels) become
//!   `currentColor`, the reader's text colour;
//! - light fills (the boxes) become a faint translucent tint of
//!   `currentColor`, light strokes a half-transparent one;
//! - the white boxes behind edge labels, which hid the lines under the
//!   labels, become a mask that cuts the lines there instead;
//! - every `id` gets a prefix, so that two pictures in one document do not
//!   share one.
//!
//! The picture is read as XML and written again through the EPUB's own
//! writer, element by element: only the drawing elements flowmaid uses
//! are let through; anything else (a script, an event handler, a link, a
//! foreign object, a colour it cannot read) makes it give up, and the
//! writer shows the picture as an image instead.

use roxmltree::{Document, Node};

use super::xml::XmlWriter;

/// The opacity of the tint that replaces a light fill.
const TINT_OPACITY: &str = "0.08";
/// The opacity of a light stroke (subgraph and label borders).
const LIGHT_STROKE_OPACITY: &str = "0.45";
/// How light (WCAG relative luminance) a colour must be to count as light.
const LIGHT: f64 = 0.6;

/// The elements a picture may hold.
const ELEMENTS: [&str; 15] = [
    "svg", "g", "defs", "marker", "path", "rect", "text", "tspan", "title", "desc", "line",
    "polyline", "polygon", "circle", "ellipse",
];

/// Whether [`write_themed`] can write `svg`.
pub fn can_theme(svg: &str) -> bool {
    Document::parse(svg).is_ok_and(|doc| {
        let root = doc.root_element();
        root.has_tag_name("svg") && root.attribute("viewBox").is_some() && acceptable(root)
    })
}

/// Writes `svg` (flowmaid's drawing) as an inline picture recoloured to
/// follow the text colour, its ids prefixed with `prefix`, named `label`,
/// with the extra attributes `root` on the `<svg>`. Writes nothing and
/// returns `false` when the drawing is not what it expects.
pub fn write_themed(
    w: &mut XmlWriter,
    svg: &str,
    prefix: &str,
    label: &str,
    root: &[(&str, &str)],
) -> bool {
    let Ok(doc) = Document::parse(svg) else {
        return false;
    };
    let svg = doc.root_element();
    if svg.tag_name().name() != "svg" || !acceptable(svg) {
        return false;
    }
    let Some(view_box) = svg.attribute("viewBox") else {
        return false;
    };
    let (width, height) = (
        svg.attribute("width").unwrap_or("100%"),
        svg.attribute("height").unwrap_or("100%"),
    );
    let holes: Vec<Node<'_, '_>> = svg
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("x").is_some() && is_white(n))
        .collect();
    let mut attrs: Vec<(&str, &str)> = vec![("xmlns", "http://www.w3.org/2000/svg")];
    attrs.extend_from_slice(root);
    attrs.extend([
        ("viewBox", view_box),
        (
            "font-family",
            svg.attribute("font-family").unwrap_or("sans-serif"),
        ),
        ("font-size", svg.attribute("font-size").unwrap_or("14")),
        ("fill", "currentColor"),
        ("role", "img"),
        ("aria-label", label),
    ]);
    w.open("svg", &attrs);
    w.newline();
    w.element("title", &[], label);
    w.newline();
    let mask = format!("{prefix}-labels");
    if !holes.is_empty() {
        // The boxes behind edge labels hid the lines under the labels: a
        // mask cuts the lines there instead, whatever the page colour.
        w.open("defs", &[]);
        w.open(
            "mask",
            &[
                ("id", &mask),
                ("maskUnits", "userSpaceOnUse"),
                ("x", "0"),
                ("y", "0"),
                ("width", width),
                ("height", height),
            ],
        );
        w.empty(
            "rect",
            &[("width", width), ("height", height), ("fill", "white")],
        );
        for hole in &holes {
            let get = |name: &str| hole.attribute(name).unwrap_or("0");
            w.empty(
                "rect",
                &[
                    ("x", get("x")),
                    ("y", get("y")),
                    ("width", get("width")),
                    ("height", get("height")),
                    ("rx", get("rx")),
                    ("fill", "black"),
                ],
            );
        }
        w.close("mask");
        w.close("defs");
        w.newline();
    }
    let writer = Rewriter {
        prefix,
        mask: (!holes.is_empty()).then_some(mask.as_str()),
    };
    for child in svg.children() {
        match child.tag_name().name() {
            // The picture's own title: replaced by `label`.
            "title" => continue,
            // The white page behind the picture.
            "rect" if child.attribute("x").is_none() && is_white(&child) => continue,
            _ => {}
        }
        if child.is_element() {
            writer.element(w, child);
            w.newline();
        }
    }
    w.close("svg");
    true
}

/// Whether every element under `node` (and it) is a drawing element with
/// colours and attributes the recolouring understands.
fn acceptable(node: Node<'_, '_>) -> bool {
    node.descendants().filter(Node::is_element).all(|n| {
        ELEMENTS.contains(&n.tag_name().name())
            && n.attributes().all(|a| {
                let name = a.name().to_ascii_lowercase();
                // Event handlers, links, and colours hidden in a style.
                !name.starts_with("on")
                    && !name.contains("href")
                    && name != "style"
                    && a.namespace().is_none()
                    && (!matches!(name.as_str(), "fill" | "stroke") || paint(a.value()).is_some())
            })
    })
}

/// How an element is written again.
struct Rewriter<'a> {
    prefix: &'a str,
    /// The mask that cuts the lines under edge labels, if there is one.
    mask: Option<&'a str>,
}

impl Rewriter<'_> {
    fn element(&self, w: &mut XmlWriter, node: Node<'_, '_>) {
        let Some(name) = ELEMENTS.iter().find(|e| **e == node.tag_name().name()) else {
            return;
        };
        let mut attrs: Vec<(String, String)> = Vec::new();
        for a in node.attributes() {
            let value = a.value();
            match a.name() {
                "id" => attrs.push(("id".into(), format!("{}-{value}", self.prefix))),
                property @ ("fill" | "stroke") => {
                    let white_box = property == "fill" && *name == "rect" && is_white(&node);
                    match paint(value) {
                        _ if white_box => attrs.push(("fill".into(), "none".into())),
                        Some(Paint::Keep) => attrs.push((property.into(), value.into())),
                        Some(Paint::Text) => attrs.push((property.into(), "currentColor".into())),
                        Some(Paint::Light) => {
                            attrs.push((property.into(), "currentColor".into()));
                            let opacity = if property == "fill" {
                                TINT_OPACITY
                            } else {
                                LIGHT_STROKE_OPACITY
                            };
                            attrs.push((format!("{property}-opacity"), opacity.into()));
                        }
                        None => {}
                    }
                }
                // A light colour's own opacity gives way to the tint's.
                opacity @ ("fill-opacity" | "stroke-opacity")
                    if node
                        .attribute(opacity.trim_end_matches("-opacity"))
                        .and_then(paint)
                        == Some(Paint::Light) => {}
                other => {
                    let value = match value.strip_prefix("url(#") {
                        Some(rest) => format!("url(#{}-{rest}", self.prefix),
                        None => value.to_string(),
                    };
                    attrs.push((other.to_string(), value));
                }
            }
        }
        // The lines: paths drawn without a fill, outside any marker.
        let is_line = *name == "path"
            && node.attribute("fill") == Some("none")
            && !node.ancestors().any(|a| a.has_tag_name("marker"));
        if let (true, Some(mask)) = (is_line, self.mask) {
            attrs.push(("mask".into(), format!("url(#{mask})")));
        }
        let attrs: Vec<(&str, &str)> = attrs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if !node.has_children() {
            w.empty(name, &attrs);
            return;
        }
        w.open(name, &attrs);
        for child in node.children() {
            if child.is_element() {
                self.element(w, child);
            } else if let Some(text) = child.text() {
                if matches!(*name, "text" | "tspan" | "title" | "desc") {
                    w.text(text);
                }
            }
        }
        w.close(name);
    }
}

/// What a colour becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Paint {
    /// `none`, `currentColor`: kept.
    Keep,
    /// A dark colour: the text colour.
    Text,
    /// A light colour: a translucent tint of the text colour.
    Light,
}

fn paint(value: &str) -> Option<Paint> {
    match value.trim() {
        "none" | "currentColor" => Some(Paint::Keep),
        other => Some(if luminance(other)? > LIGHT {
            Paint::Light
        } else {
            Paint::Text
        }),
    }
}

fn is_white(node: &Node<'_, '_>) -> bool {
    matches!(
        node.attribute("fill"),
        Some("#ffffff" | "#fff" | "#FFFFFF" | "#FFF")
    )
}

/// WCAG relative luminance of `#rgb` or `#rrggbb`.
fn luminance(hex: &str) -> Option<f64> {
    let digits = hex.strip_prefix('#')?;
    let digits: String = match digits.len() {
        3 => digits.chars().flat_map(|c| [c, c]).collect(),
        6 => digits.to_string(),
        _ => return None,
    };
    let channel = |i: usize| -> Option<f64> {
        let c = f64::from(u8::from_str_radix(digits.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAWN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"50\" viewBox=\"0 0 100 50\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"14\" role=\"img\" aria-label=\"Flowchart diagram\">
<title>Flowchart diagram</title>
<rect width=\"100\" height=\"50\" fill=\"#ffffff\"/>
<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"8.5\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M 0 1 L 9 5 L 0 9 z\" fill=\"#44507a\"/></marker></defs>
<path d=\"M 1 1 L 9 9\" fill=\"none\" stroke=\"#44507a\" stroke-width=\"1.7\" marker-end=\"url(#arrow)\"><title>a → b</title></path>
<rect x=\"2.0\" y=\"3.0\" width=\"20\" height=\"10\" rx=\"4\" fill=\"#ffffff\" stroke=\"#d5d9ec\"/>
<g><title>A &amp; B</title>
<rect x=\"28.0\" y=\"10.0\" width=\"50\" height=\"20\" rx=\"3.0\" fill=\"#eef1fb\" fill-opacity=\"0.9\" stroke=\"#5b6dc0\" stroke-width=\"1.6\"/>
<text x=\"50\" y=\"20\" text-anchor=\"middle\" fill=\"#232840\">A &amp; B</text>
</g>
</svg>";

    fn themed(svg: &str, prefix: &str, label: &str) -> Option<String> {
        let mut w = XmlWriter::new();
        write_themed(&mut w, svg, prefix, label, &[("class", "m")]).then(|| w.finish())
    }

    #[test]
    fn the_picture_follows_the_text_colour_on_no_page() {
        let svg = themed(DRAWN, "d1", "Diagram: A & B").expect("recoloured");
        assert!(!svg.contains("=\"#"), "{svg}");
        let root = &svg[..svg.find('>').unwrap()];
        assert!(
            !svg.contains("<?xml") && !root.contains(" width=\"100\""),
            "{root}"
        );
        assert!(
            svg.starts_with(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"m\" viewBox=\"0 0 100 50\""
            ),
            "{svg}"
        );
        assert!(svg.contains("aria-label=\"Diagram: A &amp; B\""), "{svg}");
        // No page behind the picture; text and lines in the text colour.
        assert!(
            !svg.contains("<rect width=\"100\" height=\"50\" fill=\"#"),
            "{svg}"
        );
        assert!(!svg.contains("=\"#ffffff\""));
        assert!(svg.contains("text-anchor=\"middle\" fill=\"currentColor\">A &amp; B</text>"));
        assert!(svg.contains("stroke=\"currentColor\" stroke-width=\"1.7\""));
        // Boxes a faint tint; the label's box a hole in the lines.
        assert!(svg.contains("fill=\"currentColor\" fill-opacity=\"0.08\" stroke=\"currentColor\""));
        assert!(svg.contains("<mask id=\"d1-labels\""), "{svg}");
        assert!(svg.contains(
            "<rect x=\"2.0\" y=\"3.0\" width=\"20\" height=\"10\" rx=\"4\" fill=\"black\"/>"
        ));
        assert!(svg.contains("marker-end=\"url(#d1-arrow)\" mask=\"url(#d1-labels)\"><title>a → b</title></path>"), "{svg}");
        assert!(svg.contains("<marker id=\"d1-arrow\"") && svg.contains("url(#d1-arrow)"));
        assert!(svg.contains("<path d=\"M 0 1 L 9 5 L 0 9 z\" fill=\"currentColor\"/>"));
    }

    #[test]
    fn the_unexpected_is_refused() {
        assert!(themed(&DRAWN.replace("<g>", "<g onclick=\"x()\">"), "d", "x").is_none());
        assert!(themed(&DRAWN.replace("#232840", "rgb(1,2,3)"), "d", "x").is_none());
        assert!(themed("<svg/>", "d", "x").is_none());
        assert!(themed(&DRAWN.replace("<g>", "<g><script>x()</script>"), "d", "x").is_none());
        assert!(themed(&DRAWN.replace("<g>", "<g style=\"fill:red\">"), "d", "x").is_none());
    }
}
