//! Program text as `<pre class="code"><code>`, one `<span class="cl">`
//! per line.
//!
//! Code wraps rather than scrolls on a narrow screen. A wrapped line must
//! not look like a new one, so each line is a block with a hanging indent:
//! its continuation rows stand two columns in from where the line's text
//! starts (after its own indentation), beside a thin continuation rule
//! drawn by the stylesheet in the gap. Operators that read as one symbol
//! (`->`, `=>`, `::`, `<-`, `<=`, `>=`, `!=`, `==`, `&&`, `||`) are kept
//! on one row. Every character of the code is kept: the text of the block
//! is the code, line breaks included (the break ends its line's span).

use super::super::xml::XmlWriter;
use crate::highlight::{Class, Token};
use crate::model::CodeBlock;

/// How many columns a continuation row stands in from its line's text.
const HANG: usize = 2;
/// The columns a tab advances to (a multiple of this), as `tab-size` in
/// the stylesheet.
const TAB_STOP: usize = 8;
/// Character pairs that read as one symbol and never break.
const OPERATORS: [&str; 10] = ["->", "=>", "::", "<-", "<=", ">=", "!=", "==", "&&", "||"];

/// Writes a code block: program text as `<pre class="code"><code>`, every
/// character kept (only `&`, `<` and `>` are escaped), with a `language-x`
/// class on `<code>` and, when the highlighting step gave `tokens`,
/// `<span>`s with the classes of [`crate::highlight`].
pub fn code_block(w: &mut XmlWriter, code: &CodeBlock, tokens: Option<&[Token]>) {
    let language_class = code
        .language
        .as_deref()
        .map(class_token)
        .filter(|l| !l.is_empty())
        .map(|l| format!("language-{l}"));
    w.open("pre", &[("class", "code")]);
    match &language_class {
        Some(class) => w.open("code", &[("class", class)]),
        None => w.open("code", &[]),
    }
    let plain;
    let tokens = match tokens {
        Some(tokens) => tokens,
        None => {
            plain = [Token {
                class: None,
                text: code.text.clone(),
            }];
            &plain
        }
    };
    for line in lines(tokens) {
        let indent = indentation(&line);
        let style = format!(
            "padding-left: {h}ch; text-indent: -{h}ch; background-position: {r}ch 1.3em",
            h = indent + HANG,
            r = indent as f64 + 0.6,
        );
        w.open("span", &[("class", "cl"), ("style", &style)]);
        for (class, text) in &line.pieces {
            match class {
                Some(class) => {
                    w.open("span", &[("class", css_class(*class))]);
                    operators(w, text);
                    w.close("span");
                }
                None => operators(w, text),
            }
        }
        if line.ends_with_break {
            w.text("\n");
        }
        w.close("span");
    }
    w.close("code");
    w.close("pre");
}

/// One line of code: its pieces with their classes.
struct Line<'a> {
    pieces: Vec<(Option<Class>, &'a str)>,
    /// Whether a line break follows (every line but the last).
    ends_with_break: bool,
}

/// The tokens cut into lines (a token across a line break is cut too).
fn lines(tokens: &[Token]) -> Vec<Line<'_>> {
    let mut out = vec![Line {
        pieces: Vec::new(),
        ends_with_break: false,
    }];
    for token in tokens {
        let mut parts = token.text.split('\n').peekable();
        while let Some(part) = parts.next() {
            let line = out.last_mut().expect("one line at least");
            if !part.is_empty() {
                line.pieces.push((token.class, part));
            }
            if parts.peek().is_some() {
                line.ends_with_break = true;
                out.push(Line {
                    pieces: Vec::new(),
                    ends_with_break: false,
                });
            }
        }
    }
    out
}

/// The columns of a line's own indentation (spaces, and tabs to the next
/// tab stop).
fn indentation(line: &Line<'_>) -> usize {
    let mut columns = 0;
    for (_, text) in &line.pieces {
        for c in text.chars() {
            match c {
                ' ' => columns += 1,
                '\t' => columns += TAB_STOP - columns % TAB_STOP,
                _ => return columns,
            }
        }
    }
    // A line of blanks: nothing to hang under.
    0
}

/// Writes `text` with each operator of [`OPERATORS`] in a `<span
/// class="op">` that the stylesheet keeps from breaking.
fn operators(w: &mut XmlWriter, text: &str) {
    let mut rest = text;
    while let Some((at, op)) = OPERATORS
        .iter()
        .filter_map(|op| rest.find(op).map(|at| (at, *op)))
        .min()
    {
        w.text(&rest[..at]);
        w.element("span", &[("class", "op")], op);
        rest = &rest[at + op.len()..];
    }
    w.text(rest);
}

/// The CSS class of a highlighting class (styled in `styles/epub.css`).
fn css_class(class: Class) -> &'static str {
    match class {
        Class::Keyword => "hl-keyword",
        Class::String => "hl-string",
        Class::Constant => "hl-constant",
        Class::Comment => "hl-comment",
        Class::Function => "hl-function",
        Class::Type => "hl-type",
    }
}

/// `text` reduced to characters that are safe in a class name.
fn class_token(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CodeKind;

    fn write(text: &str, tokens: Option<&[Token]>) -> String {
        let mut w = XmlWriter::new();
        let code = CodeBlock {
            language: Some("rust".into()),
            text: text.into(),
            kind: CodeKind::Program,
        };
        code_block(&mut w, &code, tokens);
        w.finish()
    }

    #[test]
    fn each_line_hangs_under_its_own_start() {
        let out = write("fn f() {\n\tlet x = a::b();\n}", None);
        assert!(out.starts_with(
            "<pre class=\"code\"><code class=\"language-rust\">\
             <span class=\"cl\" style=\"padding-left: 2ch; text-indent: -2ch; background-position: 0.6ch 1.3em\">fn f() {\n</span>\
             <span class=\"cl\" style=\"padding-left: 10ch; text-indent: -10ch; background-position: 8.6ch 1.3em\">\tlet x = a<span class=\"op\">::</span>b();\n</span>"
        ), "{out}");
        // The last line has no break after it.
        assert!(out.ends_with(">}</span></code></pre>"), "{out}");
    }

    #[test]
    fn tokens_across_lines_are_cut_and_operators_kept_whole() {
        let tokens = [
            Token {
                class: Some(Class::Comment),
                text: "/* a\n   b */".into(),
            },
            Token {
                class: None,
                text: " x->y => z".into(),
            },
        ];
        let out = write("/* a\n   b */ x->y => z", Some(&tokens));
        assert!(
            out.contains("<span class=\"hl-comment\">/* a</span>\n</span>"),
            "{out}"
        );
        assert!(
            out.contains(
                "style=\"padding-left: 5ch; text-indent: -5ch; background-position: 3.6ch 1.3em\">\
             <span class=\"hl-comment\">   b */</span> x<span class=\"op\">-&gt;</span>y \
             <span class=\"op\">=&gt;</span> z</span>"
            ),
            "{out}"
        );
    }
}
