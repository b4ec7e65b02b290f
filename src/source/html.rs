//! Raw HTML inside issues, through an allowlist.
//!
//! Issues carry pasted HTML (`10<sup>10</sup>`, a `<br>`, sometimes a whole
//! `<div>`), and HTML from other people may carry scripts. Nothing of it
//! reaches a writer as HTML: the few inline tags the book can show become
//! model inlines, block tags only break paragraphs, everything else is
//! dropped — its text kept, except for elements whose content is code or
//! an embedded object (`script`, `style`, `iframe`, …), which go whole.
//! Whatever is dropped is reported, so the author can see what the book
//! leaves out.

use crate::model::{Block, Image, Inline};

/// One piece of an HTML fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// `<name attr="v">` or `<name/>`.
    Open {
        /// Tag name as written (compare case-insensitively).
        name: String,
        /// Attributes, names in lower case, values with entities decoded.
        attrs: Vec<(String, String)>,
        /// Written as `<name/>`.
        self_closing: bool,
    },
    /// `</name>`.
    Close {
        /// Tag name as written.
        name: String,
    },
    /// Text, entities decoded.
    Text(String),
}

/// What the book does with an HTML element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Shown as a model inline (`sup`, `em`, `a`, …).
    Inline(InlineTag),
    /// A line break.
    Break,
    /// An image.
    Image,
    /// A block element: ends the current paragraph; its text is kept.
    Block,
    /// A harmless wrapper (`span`, `font`, …): dropped silently, text kept.
    Transparent,
    /// Not shown; its text is kept, and the drop is reported.
    Unsupported,
    /// Not shown, nor its content (`script`, `style`, `iframe`, …).
    DropWithContent,
}

/// The inline tags the book renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InlineTag {
    /// `sup`
    Sup,
    /// `sub`
    Sub,
    /// `em`, `i`, `cite`, `var`
    Emph,
    /// `strong`, `b`
    Strong,
    /// `del`, `s`, `strike`
    Strike,
    /// `code`, `kbd`, `samp`, `tt`
    Code,
    /// `a` with a safe `href`
    Link,
}

/// The policy for an element name (any case).
pub fn policy(name: &str) -> Policy {
    match name.to_ascii_lowercase().as_str() {
        "sup" => Policy::Inline(InlineTag::Sup),
        "sub" => Policy::Inline(InlineTag::Sub),
        "em" | "i" | "cite" | "var" | "dfn" => Policy::Inline(InlineTag::Emph),
        "strong" | "b" => Policy::Inline(InlineTag::Strong),
        "del" | "s" | "strike" => Policy::Inline(InlineTag::Strike),
        "code" | "kbd" | "samp" | "tt" => Policy::Inline(InlineTag::Code),
        "a" => Policy::Inline(InlineTag::Link),
        "br" => Policy::Break,
        "img" => Policy::Image,
        "p" | "div" | "section" | "article" | "header" | "footer" | "aside" | "main" | "nav"
        | "blockquote" | "ul" | "ol" | "li" | "dl" | "dt" | "dd" | "table" | "thead" | "tbody"
        | "tfoot" | "tr" | "td" | "th" | "caption" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        | "pre" | "figure" | "figcaption" | "details" | "summary" | "center" | "hr" | "address" => {
            Policy::Block
        }
        "span" | "font" | "small" | "big" | "u" | "ins" | "mark" | "abbr" | "q" | "time"
        | "bdi" | "bdo" | "wbr" | "nobr" | "html" | "body" | "head" => Policy::Transparent,
        "script" | "style" | "iframe" | "object" | "embed" | "applet" | "noscript" | "template"
        | "form" | "input" | "button" | "select" | "option" | "textarea" | "frame" | "frameset"
        | "svg" | "math" | "canvas" | "video" | "audio" | "source" | "track" | "link" | "meta"
        | "base" | "title" | "param" | "portal" => Policy::DropWithContent,
        _ => Policy::Unsupported,
    }
}

/// Elements whose content is raw text: nothing inside is markup.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noscript"
            | "noembed"
            | "noframes"
    )
}

/// Whether a link target may be followed from the book: web and mail
/// links, and fragments inside the book. `javascript:`, `data:`, `file:`
/// and every other scheme are refused.
pub fn is_safe_link(url: &str) -> bool {
    let url = url.trim();
    if url.starts_with('#') {
        return true;
    }
    match scheme(url) {
        Some(s) => matches!(s.as_str(), "http" | "https" | "mailto"),
        // A relative reference: no scheme, and not a protocol-relative
        // `//host` that would depend on how the book is opened.
        None => !url.starts_with("//"),
    }
}

/// Whether an image source may be used: `http(s)`, a relative path, or
/// inline image data of a raster type.
pub fn is_safe_image(url: &str) -> bool {
    let url = url.trim();
    match scheme(url) {
        Some(s) if s == "http" || s == "https" => true,
        Some(s) if s == "data" => {
            let lower = url.to_ascii_lowercase();
            [
                "data:image/png",
                "data:image/jpeg",
                "data:image/gif",
                "data:image/webp",
            ]
            .iter()
            .any(|p| lower.starts_with(p))
        }
        Some(_) => false,
        None => !url.starts_with("//"),
    }
}

/// The lower-case scheme of a URL, if it has one. Browsers ignore ASCII
/// whitespace and control characters inside a scheme (`java\tscript:`), so
/// they are skipped here too.
fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let raw = &url[..colon];
    if raw.contains(['/', '?', '#']) {
        return None;
    }
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let valid = cleaned
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && cleaned
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(cleaned)
}

/// Splits an HTML fragment into tokens. Never fails: what is not a tag is
/// text. Comments, doctypes and processing instructions are dropped;
/// the content of raw-text elements (`script`, `style`, …) comes as one
/// text token right after its open tag.
pub fn tokenize(html: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let after = &rest[lt..];
        if let Some(end) = markup_declaration_end(after) {
            rest = &after[end..];
            continue;
        }
        match parse_tag(after) {
            Some((token, len)) => {
                if !text.is_empty() {
                    tokens.push(Token::Text(decode_entities(&std::mem::take(&mut text))));
                }
                rest = &after[len..];
                if let Token::Open {
                    name,
                    self_closing: false,
                    ..
                } = &token
                {
                    if is_raw_text(&name.to_ascii_lowercase()) {
                        let close = find_ascii_case_insensitive(rest, &format!("</{name}"));
                        let content_end = close.unwrap_or(rest.len());
                        let content = rest[..content_end].to_string();
                        let name = name.clone();
                        tokens.push(token);
                        if !content.is_empty() {
                            tokens.push(Token::Text(content));
                        }
                        rest = &rest[content_end..];
                        // Without its close tag in this fragment the element
                        // stays open: what follows is its content.
                        if close.is_some() {
                            let gt = rest.find('>').map_or(rest.len(), |i| i + 1);
                            rest = &rest[gt..];
                            tokens.push(Token::Close { name });
                        }
                        continue;
                    }
                }
                tokens.push(token);
            }
            None => {
                text.push('<');
                rest = &after[1..];
            }
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        tokens.push(Token::Text(decode_entities(&text)));
    }
    tokens
}

/// The length of a comment, doctype, CDATA section or processing
/// instruction at the start of `s`.
fn markup_declaration_end(s: &str) -> Option<usize> {
    if let Some(body) = s.strip_prefix("<!--") {
        return Some(body.find("-->").map_or(s.len(), |i| 4 + i + 3));
    }
    if s.starts_with("<![CDATA[") {
        return Some(s.find("]]>").map_or(s.len(), |i| i + 3));
    }
    if s.starts_with("<!") || s.starts_with("<?") {
        return Some(s.find('>').map_or(s.len(), |i| i + 1));
    }
    None
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Parses a tag at the start of `s` (which starts with `<`); returns the
/// token and its length in bytes.
fn parse_tag(s: &str) -> Option<(Token, usize)> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while i < bytes.len()
        && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b'_' | b':' | b'.'))
    {
        i += 1;
    }
    // Kept as written: components are told apart by their capitals.
    let name = s[name_start..i].to_string();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i) {
            None => return None,
            Some(b'>') => {
                i += 1;
                break;
            }
            Some(b'/') if bytes.get(i + 1) == Some(&b'>') => {
                self_closing = true;
                i += 2;
                break;
            }
            Some(b'/') => i += 1,
            Some(_) => {
                let attr_start = i;
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !matches!(bytes[i], b'=' | b'>' | b'/')
                {
                    i += 1;
                }
                let attr_name = s[attr_start..i].to_ascii_lowercase();
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                let mut value = String::new();
                if bytes.get(i) == Some(&b'=') {
                    i += 1;
                    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    match bytes.get(i) {
                        Some(&quote @ (b'"' | b'\'')) => {
                            let end = s[i + 1..].find(char::from(quote))? + i + 1;
                            value = decode_entities(&s[i + 1..end]);
                            i = end + 1;
                        }
                        _ => {
                            let start = i;
                            while i < bytes.len()
                                && !bytes[i].is_ascii_whitespace()
                                && bytes[i] != b'>'
                            {
                                i += 1;
                            }
                            value = decode_entities(&s[start..i]);
                        }
                    }
                }
                if !attr_name.is_empty() {
                    attrs.push((attr_name, value));
                }
            }
        }
    }
    let token = if closing {
        Token::Close { name }
    } else {
        Token::Open {
            name,
            attrs,
            self_closing,
        }
    };
    Some((token, i))
}

/// Decodes the named entities of HTML (all of them, not a hand-picked
/// few) and numeric references; anything unknown stays as written, as do
/// references to NUL and other control characters.
pub fn decode_entities(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

/// Something [`block_to_model`] left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dropped {
    /// A custom (VuePress) component, by its name as written: whether it is
    /// known site chrome, dropped quietly, is the caller's to decide. Its
    /// text is kept.
    Component(String),
    /// Anything else, described for the author.
    Markup(String),
}

/// Whether an element name is a custom component rather than HTML: Vue
/// components are written `<PascalCase>` or `<kebab-case>`.
pub fn is_component_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) || name.contains('-')
}

/// Turns an HTML block into model blocks through the allowlist. Calls
/// `report` once for each kind of thing dropped.
pub fn block_to_model(html: &str, report: &mut dyn FnMut(Dropped)) -> Vec<Block> {
    let mut converter = Converter::default();
    let mut reported: Vec<Dropped> = Vec::new();
    let mut report_dropped = |what: Dropped| {
        if !reported.contains(&what) {
            reported.push(what.clone());
            report(what);
        }
    };
    let mut tokens = tokenize(html).into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            Token::Text(text) => converter.text(&text),
            Token::Open {
                name,
                attrs,
                self_closing,
            } => {
                if let Some(handler) = event_handler(&attrs) {
                    report_dropped(Dropped::Markup(format!(
                        "event handler attribute {handler} on <{name}> dropped"
                    )));
                }
                match policy(&name) {
                    Policy::Inline(tag) => {
                        let href = attrs
                            .iter()
                            .find(|(k, _)| k == "href")
                            .map(|(_, v)| v.clone());
                        let tag = match (tag, href) {
                            (InlineTag::Link, Some(href)) if is_safe_link(&href) => {
                                Some((tag, href))
                            }
                            (InlineTag::Link, Some(href)) => {
                                report_dropped(Dropped::Markup(format!("link to {href:?} removed (only http, https and mailto links are kept)")));
                                None
                            }
                            (InlineTag::Link, None) => None,
                            (tag, _) => Some((tag, String::new())),
                        };
                        if !self_closing {
                            converter.open(tag);
                        }
                    }
                    Policy::Break => converter.push(Inline::LineBreak),
                    Policy::Image => {
                        let get = |key: &str| {
                            attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
                        };
                        let alt = get("alt").unwrap_or_default();
                        match get("src") {
                            Some(src) if is_safe_image(&src) => {
                                converter.push(Inline::Image(Image { url: src, alt }))
                            }
                            Some(src) => {
                                report_dropped(Dropped::Markup(format!(
                                    "image {src:?} removed (only http and https images are kept)"
                                )));
                                converter.text(&alt);
                            }
                            None => converter.text(&alt),
                        }
                    }
                    Policy::Block => {
                        converter.paragraph_break();
                        if name.eq_ignore_ascii_case("summary") && !self_closing {
                            converter.open(Some((InlineTag::Strong, String::new())));
                        }
                    }
                    Policy::Transparent => {}
                    Policy::Unsupported if is_component_name(&name) => {
                        report_dropped(Dropped::Component(name));
                    }
                    Policy::Unsupported => {
                        report_dropped(Dropped::Markup(format!(
                            "unsupported HTML tag <{name}> dropped (its text is kept)"
                        )));
                    }
                    Policy::DropWithContent => {
                        report_dropped(Dropped::Markup(format!(
                            "<{name}> removed with its content"
                        )));
                        if !self_closing {
                            skip_element(&mut tokens, &name);
                        }
                    }
                }
            }
            Token::Close { name } => match policy(&name) {
                Policy::Inline(_) => converter.close(),
                Policy::Block => {
                    if name.eq_ignore_ascii_case("summary") {
                        converter.close();
                    }
                    converter.paragraph_break();
                }
                _ => {}
            },
        }
    }
    converter.finish()
}

/// The first event-handler attribute (`onclick`, `onload`, …) among
/// `attrs`, if any: the book never runs them, and says so.
pub fn event_handler(attrs: &[(String, String)]) -> Option<&str> {
    attrs
        .iter()
        .map(|(name, _)| name.as_str())
        .find(|name| name.len() > 2 && name.starts_with("on"))
}

/// Skips tokens up to the close of `name` (nesting counted).
fn skip_element(tokens: &mut std::iter::Peekable<std::vec::IntoIter<Token>>, name: &str) {
    let mut depth = 1usize;
    for token in tokens.by_ref() {
        match token {
            Token::Open {
                name: n,
                self_closing: false,
                ..
            } if n.eq_ignore_ascii_case(name) => depth += 1,
            Token::Close { name: n } if n.eq_ignore_ascii_case(name) => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// An inline element being filled: its tag (with the link target), or
/// `None` for a refused link that keeps only its text.
type OpenInline = (Option<(InlineTag, String)>, Vec<Inline>);

/// Builds paragraphs of inlines from tokens.
#[derive(Default)]
struct Converter {
    blocks: Vec<Block>,
    /// Open inline elements, innermost last.
    stack: Vec<OpenInline>,
    current: Vec<Inline>,
}

impl Converter {
    fn target(&mut self) -> &mut Vec<Inline> {
        match self.stack.last_mut() {
            Some((_, inlines)) => inlines,
            None => &mut self.current,
        }
    }

    fn text(&mut self, text: &str) {
        // HTML collapses white space.
        let mut collapsed = String::with_capacity(text.len());
        let mut last_space = false;
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                if !last_space {
                    collapsed.push(' ');
                }
                last_space = true;
            } else {
                collapsed.push(c);
                last_space = false;
            }
        }
        if collapsed.is_empty() {
            return;
        }
        let target = self.target();
        if let Some(Inline::Text(last)) = target.last_mut() {
            last.push_str(&collapsed);
        } else {
            target.push(Inline::Text(collapsed));
        }
    }

    fn push(&mut self, inline: Inline) {
        self.target().push(inline);
    }

    fn open(&mut self, tag: Option<(InlineTag, String)>) {
        self.stack.push((tag, Vec::new()));
    }

    fn close(&mut self) {
        let Some((tag, inlines)) = self.stack.pop() else {
            return;
        };
        let inline = match tag {
            Some((InlineTag::Sup, _)) => Inline::Sup(inlines),
            Some((InlineTag::Sub, _)) => Inline::Sub(inlines),
            Some((InlineTag::Emph, _)) => Inline::Emph(inlines),
            Some((InlineTag::Strong, _)) => Inline::Strong(inlines),
            Some((InlineTag::Strike, _)) => Inline::Strike(inlines),
            Some((InlineTag::Code, _)) => Inline::Code(crate::model::inline_text(&inlines)),
            Some((InlineTag::Link, url)) => Inline::Link {
                url,
                content: inlines,
            },
            None => {
                self.target().extend(inlines);
                return;
            }
        };
        self.push(inline);
    }

    fn paragraph_break(&mut self) {
        // Close open inlines first: a block tag ends them.
        while !self.stack.is_empty() {
            self.close();
        }
        let inlines = trim(std::mem::take(&mut self.current));
        if !inlines.is_empty() {
            self.blocks.push(Block::Paragraph(inlines));
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.paragraph_break();
        self.blocks
    }
}

fn trim(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(t)) = inlines.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = inlines.last_mut() {
        *t = t.trim_end().to_string();
    }
    inlines.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    inlines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(html: &str) -> (Vec<Block>, Vec<String>) {
        let mut reports = Vec::new();
        let blocks = block_to_model(html, &mut |r| {
            reports.push(match r {
                Dropped::Component(name) => format!("component <{name}>"),
                Dropped::Markup(what) => what,
            })
        });
        (blocks, reports)
    }

    fn text(blocks: &[Block]) -> String {
        blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(i) => crate::model::inline_text(i),
                _ => String::new(),
            })
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn scripts_and_styles_go_with_their_content() {
        let (blocks, reports) =
            convert("<div>Hello <script>alert('x<b>')</script><style>p{}</style>world</div>");
        assert_eq!(text(&blocks), "Hello world");
        assert_eq!(reports.len(), 2);
    }

    #[test]
    fn unclosed_tags_and_stray_brackets_are_safe() {
        let (blocks, _) = convert("<p>one<br>two <b>bold<p>a < b > c &amp; d &bogus; &#x41;");
        assert_eq!(text(&blocks), "one two bold|a < b > c & d &bogus; A");
    }

    #[test]
    fn entities_decode_by_the_html_table() {
        assert_eq!(
            decode_entities("&nbsp;&mdash;&hellip; &frac12; &hearts; &#8364;&#x20AC;"),
            "\u{a0}—… ½ ♥ €€"
        );
        // Unknown names, NUL and control characters stay as written.
        assert_eq!(
            decode_entities("&nosuch; &#0; &#1; & ; AT&T"),
            "&nosuch; &#0; &#1; & ; AT&T"
        );
    }

    #[test]
    fn dangerous_links_lose_their_target() {
        let (blocks, reports) = convert(
            r#"<a href="java&#x09;script:alert(1)" onclick="x()">click</a> <a href="https://ok">ok</a>"#,
        );
        assert_eq!(
            blocks,
            vec![Block::Paragraph(vec![
                Inline::Text("click ".into()),
                Inline::Link {
                    url: "https://ok".into(),
                    content: vec![Inline::Text("ok".into())]
                }
            ])]
        );
        assert_eq!(reports.len(), 2, "the link and the onclick: {reports:?}");
        assert!(reports.iter().any(|r| r.contains("onclick")));
    }

    #[test]
    fn urls() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "vbscript:x",
            "file:///etc/passwd",
            "data:text/html,<b>",
            "//evil.example/x",
        ] {
            assert!(!is_safe_link(bad), "{bad}");
        }
        for good in [
            "https://a.b/c",
            "http://x",
            "mailto:a@b",
            "#frag",
            "notes.html",
            "a/b:c",
        ] {
            assert!(is_safe_link(good), "{good}");
        }
        assert!(is_safe_image("data:image/png;base64,AAAA"));
        assert!(!is_safe_image("data:image/svg+xml,<svg onload=x>"));
        assert!(!is_safe_image("file:///etc/passwd"));
        assert!(is_safe_image("../images/x.png"));
    }

    #[test]
    fn components_are_reported_by_name() {
        let (blocks, reports) = convert("<Badge text=\"beta\">Beta</Badge>");
        assert_eq!(text(&blocks), "Beta");
        assert!(reports == ["component <Badge>"], "{reports:?}");
    }

    #[test]
    fn details_keep_summary_and_body() {
        let (blocks, _) = convert("<details><summary>More</summary>Hidden text</details>");
        assert_eq!(text(&blocks), "More|Hidden text");
        assert!(matches!(&blocks[0], Block::Paragraph(i) if matches!(i[0], Inline::Strong(_))));
    }
}
