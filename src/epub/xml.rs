//! An XML writer that produces well-formed output whatever text it is given.
//!
//! Every piece of text and every attribute value goes through [`XmlWriter`],
//! which escapes the characters XML gives a meaning to (`&`, `<`, `>`, and
//! `"` in attributes) and drops the characters XML 1.0 forbids outright (most
//! C0 control characters, lone surrogates cannot occur in a Rust `str`, and
//! the non-characters U+FFFE and U+FFFF). Elements are closed in the order
//! they were opened, so a caller cannot produce crossed tags.

/// Whether XML 1.0 allows `c` to appear in a document at all (its `Char`
/// production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\u{9}' | '\u{A}' | '\u{D}'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// Whether `c` is allowed by XML but discouraged (C1 controls, DEL) and
/// should not reach a reader: EPUB validators and reading systems treat
/// these as errors or render them as boxes.
fn is_discouraged(c: char) -> bool {
    matches!(c, '\u{7F}'..='\u{9F}')
}

/// `text` with every character XML 1.0 forbids (and the C1 controls)
/// removed; everything else is kept as it is.
pub fn clean_text(text: &str) -> String {
    text.chars()
        .filter(|&c| is_xml_char(c) && !is_discouraged(c))
        .collect()
}

/// Appends `text` to `out`, escaped for element content.
///
/// `&`, `<` and `>` become entities; `\r` becomes `&#13;` so that a parser
/// does not fold it into a newline; forbidden characters are dropped.
pub fn push_escaped_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) && !is_discouraged(c) => out.push(c),
            _ => {}
        }
    }
}

/// Appends `value` to `out`, escaped for a double-quoted attribute value.
///
/// Besides the text escapes, `"` becomes `&quot;` and tabs and newlines
/// become character references so attribute normalisation keeps them.
pub fn push_escaped_attr(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) && !is_discouraged(c) => out.push(c),
            _ => {}
        }
    }
}

/// `text` escaped for element content (see [`push_escaped_text`]).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped_text(&mut out, text);
    out
}

/// Builds an XML document or fragment into a string, keeping elements
/// balanced and every text and attribute escaped.
#[derive(Debug, Default)]
pub struct XmlWriter {
    /// The markup written so far.
    out: String,
    /// The names of the elements opened and not yet closed, innermost last.
    open: Vec<&'static str>,
}

impl XmlWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes markup that the caller guarantees is well-formed and fixed
    /// (a declaration, a doctype); never pass input-derived text here.
    pub fn raw(&mut self, markup: &'static str) {
        self.out.push_str(markup);
    }

    /// Opens element `name` with `attrs` (name, value) pairs; values are
    /// escaped.
    pub fn open(&mut self, name: &'static str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push('>');
        self.open.push(name);
    }

    /// Writes an empty element `<name .../>`.
    pub fn empty(&mut self, name: &'static str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str("/>");
    }

    /// Closes the innermost open element, which must be `name` (checked in
    /// debug builds; release builds close whatever is innermost).
    pub fn close(&mut self, name: &'static str) {
        let innermost = self.open.pop();
        debug_assert_eq!(innermost, Some(name), "crossed XML elements");
        let name = innermost.unwrap_or(name);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Writes `text` as escaped character data.
    pub fn text(&mut self, text: &str) {
        push_escaped_text(&mut self.out, text);
    }

    /// Writes `<name attrs>text</name>`.
    pub fn element(&mut self, name: &'static str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.text(text);
        self.close(name);
    }

    /// Writes a newline between block elements, for readable output.
    pub fn newline(&mut self) {
        self.out.push('\n');
    }

    /// Closes whatever is still open and returns the markup.
    pub fn finish(mut self) -> String {
        while let Some(name) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push('>');
        }
        self.out
    }

    fn start_tag(&mut self, name: &'static str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (attr, value) in attrs {
            self.out.push(' ');
            self.out.push_str(attr);
            self.out.push_str("=\"");
            push_escaped_attr(&mut self.out, value);
            self.out.push('"');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape_text("a < b && c > \"d\" \u{1}\u{8}\u{B}\u{C}\u{1F}\u{FFFE}e\u{85}"),
            "a &lt; b &amp;&amp; c &gt; \"d\" e"
        );
        assert_eq!(escape_text("tab\tnew\nline"), "tab\tnew\nline");
        assert_eq!(escape_text("cr\r"), "cr&#13;");
    }

    #[test]
    fn attributes_escape_quotes_and_whitespace() {
        let mut out = String::new();
        push_escaped_attr(&mut out, "say \"hi\" & <go>\n\u{0}");
        assert_eq!(out, "say &quot;hi&quot; &amp; &lt;go&gt;&#10;");
    }

    #[test]
    fn writer_balances_elements() {
        let mut w = XmlWriter::new();
        w.open("p", &[("class", "x\"y")]);
        w.text("<script>alert(1)</script>");
        w.empty("br", &[]);
        w.open("em", &[]);
        w.text("unfinished");
        let out = w.finish();
        assert_eq!(
            out,
            "<p class=\"x&quot;y\">&lt;script&gt;alert(1)&lt;/script&gt;<br/><em>unfinished</em></p>"
        );
    }

    #[test]
    fn clean_text_keeps_ordinary_text() {
        assert_eq!(clean_text("Ünïcode — ok\u{2}"), "Ünïcode — ok");
    }
}
