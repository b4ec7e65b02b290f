//! Mermaid diagrams drawn as SVG by `flowmaid`.
//!
//! Of the pure-Rust renderers on crates.io, `flowmaid` is the one that draws
//! both 2019-03 diagrams right: `A --label--> B` edges keep their labels
//! (mermaid-rs-renderer reads "label" as a node), subgraphs hold only their
//! own nodes (mermaid-svg put nodes of the main graph into `server`), and it
//! has no dependencies. Its SVG uses plain `<text>`, which e-readers show
//! with their own sans-serif font.

use crate::locale::Locale;
use crate::model::ImageAsset;

/// Draws `source`; the error says why it could not be drawn. The
/// picture's alternative text names its labels in the book's `words`.
pub fn render(source: &str, words: &Locale) -> Result<ImageAsset, String> {
    let source = normalize(source);
    if source.trim().is_empty() {
        return Err("the diagram is empty".into());
    }
    // A renderer bug must not take the build down: treat a panic as a
    // diagram that could not be drawn.
    let drawn = std::panic::catch_unwind(|| flowmaid::render_svg(&source))
        .map_err(|_| "the renderer failed".to_string())?
        .map_err(|e| format!("{e:?}"))?;
    let (width, height) =
        svg_size(&drawn).ok_or_else(|| "the renderer gave no picture size".to_string())?;
    if drawn.matches("<text").count() == 0 {
        return Err("the renderer drew no labels".into());
    }
    let labels = labels(&drawn);
    Ok(ImageAsset {
        media_type: "image/svg+xml".into(),
        data: with_xml_declaration(&drawn).into_bytes(),
        width,
        height,
        alt: (!labels.is_empty())
            .then(|| words.labelled(words.diagram, &labels.join(words.list_separator))),
    })
}

/// The source as the renderer wants it: no tabs, no trailing spaces, no
/// blank lines at either end.
fn normalize(source: &str) -> String {
    source
        .replace('\t', "    ")
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_string()
}

fn with_xml_declaration(svg: &str) -> String {
    if svg.trim_start().starts_with("<?xml") {
        svg.to_string()
    } else {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}")
    }
}

/// The `width` and `height` of the root `<svg>` element, else its view box.
fn svg_size(svg: &str) -> Option<(u32, u32)> {
    let start = svg.find("<svg")?;
    let end = start + svg[start..].find('>')?;
    let tag = &svg[start..end];
    let attr = |name: &str| -> Option<f64> {
        let key = format!(" {name}=\"");
        let at = tag.find(&key)? + key.len();
        let value = &tag[at..at + tag[at..].find('"')?];
        value.trim_end_matches("px").trim().parse().ok()
    };
    let (w, h) = match (attr("width"), attr("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let key = " viewBox=\"";
            let at = tag.find(key)? + key.len();
            let value = &tag[at..at + tag[at..].find('"')?];
            let v: Vec<f64> = value
                .split([' ', ','])
                .filter_map(|p| p.parse().ok())
                .collect();
            (*v.get(2)?, *v.get(3)?)
        }
    };
    (w > 0.0 && h > 0.0).then(|| (w.ceil() as u32, h.ceil() as u32))
}

/// The labels drawn in a diagram (the `<text>` contents), in order, each
/// once: what the picture's alternative text names.
fn labels(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(at) = rest.find("<text") {
        rest = &rest[at..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let Some(close) = rest.find("</text>") else {
            break;
        };
        if close > open_end {
            let inner = &rest[open_end + 1..close];
            let text = unescape(&strip_tags(inner));
            let text = text.trim();
            if !text.is_empty() && !out.iter().any(|t: &String| t == text) {
                out.push(text.to_string());
            }
        }
        rest = &rest[close.max(open_end) + 1..];
    }
    out
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    const INHERIT: &str = "graph TB
    lib[SQLAlchemy Library];
    qmgr[QueueManager];
    lib --inherit--> torlib;
    lib --inherit--> serverlib;
    qmgr --inherit--> torqmgr;
    qmgr --inherit--> serverqmgr;
    pool --inherit--> torpool;
    pool --inherit--> serverpool;
    lib --> qmgr;
    qmgr --> pool;
    subgraph tor
        torlib --> torqmgr;
        torqmgr --> torpool;
    end
    subgraph server
        serverlib --> serverqmgr;
        serverqmgr --> serverpool;
    end";

    #[test]
    fn edge_labels_are_labels_not_nodes() {
        let asset = render(INHERIT, &crate::locale::ENGLISH).expect("draws");
        let svg = String::from_utf8(asset.data).unwrap();
        let texts: Vec<&str> = svg
            .split("<text")
            .skip(1)
            .filter_map(|t| t.split('>').nth(1)?.split('<').next())
            .collect();
        assert_eq!(
            texts.iter().filter(|t| **t == "inherit").count(),
            6,
            "{texts:?}"
        );
        for node in [
            "SQLAlchemy Library",
            "QueueManager",
            "pool",
            "torlib",
            "torqmgr",
            "torpool",
            "serverlib",
            "serverqmgr",
            "serverpool",
            "tor",
            "server",
        ] {
            assert!(texts.contains(&node), "{node} missing from {texts:?}");
        }
        assert!(asset.width > 100 && asset.height > 100);
        let alt = asset.alt.expect("the labels as alt text");
        assert!(alt.starts_with("Diagram: ") && alt.contains("SQLAlchemy Library"));
        assert_eq!(alt.matches("inherit").count(), 1, "each label once: {alt}");
    }

    #[test]
    fn nonsense_is_an_error() {
        assert!(render("", &crate::locale::ENGLISH).is_err());
        assert!(render("this is not mermaid at all", &crate::locale::ENGLISH).is_err());
    }
}
