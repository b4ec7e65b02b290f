//! Renders an issue the way a browser shows it, as plain text in one
//! capture style, or as the HTML page the real text-mode browsers read.
//!
//! Everything here is deterministic: the same issue and style give the
//! same bytes, so a failing round trip can be reproduced and looked at.

use techshack_book::model::{Article, Block, CodeKind, Inline, SourceLink};
use techshack_book::source::ParsedIssue;

/// How the text of a capture is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// Windows-1252, as old editors save.
    Windows1252,
    /// UTF-16, little-endian, with a byte-order mark (Notepad's "Unicode").
    Utf16Le,
}

/// One way of copying an issue's web page as plain text.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// The name shown in the results table.
    pub name: &'static str,
    /// Article titles keep a `# ` (some browsers copy heading markers).
    pub title_hash: bool,
    /// A blank line between an article title and its source line.
    pub blank_after_title: bool,
    /// A blank line between the source line and the article's first block.
    pub blank_after_source: bool,
    /// A blank line between a paragraph and the list after it.
    pub blank_before_list: bool,
    /// " (opens new window)" after the text of every external link.
    pub new_window: bool,
    /// Bullet glyph per nesting level (the last one repeats).
    pub bullets: &'static [&'static str],
    /// Columns before a top-level list marker.
    pub list_indent: usize,
    /// Further columns per nesting level.
    pub level_indent: usize,
    /// `)` instead of `.` after item numbers.
    pub paren_numbers: bool,
    /// Blank lines between blocks.
    pub blank_lines: usize,
    /// CRLF line ends.
    pub crlf: bool,
    /// Trailing spaces after lines of prose.
    pub trailing_spaces: bool,
    /// Tabs instead of spaces for the indentation of list items.
    pub tabs: bool,
    /// No-break spaces for the indentation of list items and between some
    /// words.
    pub nbsp: bool,
    /// How the text is stored.
    pub encoding: Encoding,
}

/// The sample's own style: bare titles, blank lines between blocks,
/// `  • ` bullets, "(opens new window)" after links.
pub const SAMPLE: Style = Style {
    name: "sample (blank lines, •)",
    title_hash: false,
    blank_after_title: true,
    blank_after_source: true,
    blank_before_list: true,
    new_window: true,
    bullets: &["•"],
    list_indent: 2,
    level_indent: 2,
    paren_numbers: false,
    blank_lines: 1,
    crlf: false,
    trailing_spaces: false,
    tabs: false,
    nbsp: false,
    encoding: Encoding::Utf8,
};

/// The generated capture styles, every one the issue asks for.
pub const STYLES: [Style; 8] = [
    SAMPLE,
    Style {
        name: "# titles",
        title_hash: true,
        ..SAMPLE
    },
    Style {
        name: "compact, unindented •",
        blank_after_title: false,
        blank_after_source: false,
        blank_before_list: false,
        list_indent: 0,
        ..SAMPLE
    },
    Style {
        name: "- * ◦ bullets, 1)",
        bullets: &["-", "*", "◦"],
        paren_numbers: true,
        new_window: false,
        ..SAMPLE
    },
    Style {
        name: "▪ – bullets, compact",
        bullets: &["▪", "–"],
        blank_after_title: false,
        blank_before_list: false,
        list_indent: 0,
        level_indent: 4,
        new_window: false,
        ..SAMPLE
    },
    Style {
        name: "CRLF, trailing, tabs, nbsp",
        bullets: &["-", "◦"],
        crlf: true,
        trailing_spaces: true,
        tabs: true,
        nbsp: true,
        ..SAMPLE
    },
    Style {
        name: "doubled blanks, Windows-1252",
        blank_lines: 2,
        encoding: Encoding::Windows1252,
        ..SAMPLE
    },
    Style {
        name: "UTF-16 BOM, CRLF",
        crlf: true,
        encoding: Encoding::Utf16Le,
        ..SAMPLE
    },
];

/// The series intro as the page shows it above the first article.
const INTRO: [&str; 4] = [
    "Kia ora! I am the creator of Enqueue Zero (https://enqueuezero.com), a site that explains code principles to Developers/DevOps/Sysadmins. This site is updated under a single man team since 2018. The `EnqueueZero Techshack` series is comprised of a bunch of interesting posts I wrote or found on the Internet. More importantly, I hope these posts would please you.",
    "To keep me motivated and this website ad-free, appreciate your kind donation!",
    "Donate this project using Patreon",
    "Please follow Twitter account @enqueuezero for the updates. Happy exploring!",
];

/// Text being laid out: lines, and whether a blank line is owed before
/// the next block.
struct Page<'s> {
    style: &'s Style,
    lines: Vec<String>,
}

impl Page<'_> {
    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) || self.lines.is_empty() {
            for _ in 0..self.style.blank_lines {
                self.lines.push(String::new());
            }
        }
    }

    /// A line of prose (may get trailing spaces and no-break spaces).
    fn prose(&mut self, indent: &str, text: &str) {
        let mut line = format!("{indent}{text}");
        if self.style.nbsp {
            // A no-break space where the page had `&nbsp;`: after the first
            // word of long lines.
            if line.split(' ').count() > 6 {
                if let Some(at) = line.trim_start().find(' ') {
                    let at = at + (line.len() - line.trim_start().len());
                    line.replace_range(at..at + 1, "\u{a0}");
                }
            }
        }
        if self.style.trailing_spaces {
            line.push_str("  ");
        }
        self.lines.push(line);
    }

    /// A verbatim line (code), kept as it is.
    fn verbatim(&mut self, indent: &str, text: &str) {
        if text.is_empty() {
            self.lines.push(String::new());
        } else {
            self.lines.push(format!("{indent}{text}"));
        }
    }
}

/// Inline content as the page shows it.
fn inline_text(inlines: &[Inline], style: &Style) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) | Inline::Sup(c) => {
                out.push_str(&inline_text(c, style));
            }
            Inline::Sub(c) => out.push_str(&inline_text(c, style)),
            Inline::Link { url, content } => {
                out.push_str(&inline_text(content, style));
                if style.new_window && url.starts_with("http") {
                    out.push_str(" (opens new window)");
                }
            }
            Inline::LineBreak => out.push(' '),
            Inline::Image(_) | Inline::NoteRef { .. } => {}
        }
    }
    out
}

fn source_text(sources: &[SourceLink], style: &Style) -> String {
    sources
        .iter()
        .map(|s| {
            if style.new_window && s.url.is_some() {
                format!("{} (opens new window)", s.label)
            } else {
                s.label.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The indentation of a list item at `level`.
fn item_indent(style: &Style, level: usize) -> String {
    let cols = style.list_indent + level * style.level_indent;
    if style.tabs {
        "\t".repeat(cols / 2)
    } else if style.nbsp && level > 0 {
        "\u{a0}".repeat(cols)
    } else {
        " ".repeat(cols)
    }
}

fn blocks(page: &mut Page, blocks: &[Block], indent: &str, level: usize) {
    let mut previous_paragraph = false;
    for block in blocks {
        let is_list = matches!(block, Block::List { .. });
        if !(is_list && previous_paragraph && !page.style.blank_before_list) {
            page.blank();
        }
        previous_paragraph = matches!(block, Block::Paragraph(_));
        match block {
            Block::Paragraph(content) => {
                let text = inline_text(content, page.style);
                page.prose(indent, &text);
            }
            Block::Heading { content, .. } => {
                let text = inline_text(content, page.style);
                page.prose(indent, &text);
            }
            Block::List { start, items } => list(page, *start, items, level),
            Block::Quote(inner) => {
                // A copied quotation loses its bar.
                let mut first = true;
                for b in inner {
                    if !first {
                        page.blank();
                    }
                    first = false;
                    self::blocks(page, std::slice::from_ref(b), indent, level);
                }
            }
            Block::Code(code) => {
                for line in code.text.split('\n') {
                    page.verbatim(indent, line);
                }
            }
            Block::Table { header, rows, .. } => {
                // Browsers copy a table row as cells separated by tabs.
                for row in std::iter::once(header).chain(rows) {
                    let cells: Vec<String> =
                        row.iter().map(|c| inline_text(c, page.style)).collect();
                    page.lines.push(format!("{indent}{}", cells.join("\t")));
                }
            }
            Block::Figure { caption, .. } => {
                if let Some(caption) = caption {
                    let text = inline_text(caption, page.style);
                    page.prose(indent, &text);
                }
            }
            Block::Mermaid(_) | Block::Rule => {}
        }
    }
}

fn list(page: &mut Page, start: Option<u64>, items: &[Vec<Block>], level: usize) {
    let style = page.style;
    let pad = item_indent(style, level);
    for (n, item) in items.iter().enumerate() {
        let marker = match start {
            Some(first) => {
                let number = first + n as u64;
                if style.paren_numbers {
                    format!("{number})")
                } else {
                    format!("{number}.")
                }
            }
            None => style.bullets[level.min(style.bullets.len() - 1)].to_string(),
        };
        let content_indent = format!("{pad}{}", " ".repeat(marker.chars().count() + 1));
        let mut rest = item.as_slice();
        match rest.first() {
            Some(Block::Paragraph(content)) => {
                let text = inline_text(content, style);
                page.prose(&format!("{pad}{marker} "), &text);
                rest = &rest[1..];
            }
            _ => page.lines.push(format!("{pad}{marker}")),
        }
        for block in rest {
            if let Block::List { start, items } = block {
                list(page, *start, items, level + 1);
            } else {
                blocks(
                    page,
                    std::slice::from_ref(block),
                    &content_indent,
                    level + 1,
                );
            }
        }
    }
}

fn article(page: &mut Page, article: &Article) {
    let style = page.style;
    page.blank();
    let title = inline_text(&article.title, style);
    if style.title_hash {
        page.prose("", &format!("# {title}"));
    } else {
        page.prose("", &title);
    }
    if !article.sources.is_empty() {
        if style.blank_after_title {
            page.blank();
        }
        page.prose("", &source_text(&article.sources, style));
    }
    if style.blank_after_source {
        blocks(page, &article.blocks, "", 0);
    } else if let Some((first, rest)) = article.blocks.split_first() {
        // The first block follows the source line directly.
        let mut sub = Page {
            style,
            lines: Vec::new(),
        };
        blocks(&mut sub, std::slice::from_ref(first), "", 0);
        page.lines
            .extend(sub.lines.into_iter().skip_while(String::is_empty));
        blocks(page, rest, "", 0);
    }
}

/// The lines of an issue as the page shows them in `style`.
fn lines(issue: &ParsedIssue, style: &Style) -> Vec<String> {
    let mut page = Page {
        style,
        lines: Vec::new(),
    };
    if style.title_hash {
        page.prose("", &format!("# {}", issue.title));
    } else {
        page.prose("", &issue.title);
    }
    if issue.had_intro {
        for p in INTRO {
            page.blank();
            page.prose("", p);
        }
    }
    blocks(&mut page, &issue.lead, "", 0);
    for a in &issue.articles {
        article(&mut page, a);
    }
    page.lines
}

/// The bytes of a capture of `issue` in `style`.
pub fn capture(issue: &ParsedIssue, style: &Style) -> Vec<u8> {
    let end = if style.crlf { "\r\n" } else { "\n" };
    let mut text = lines(issue, style).join(end);
    text.push_str(end);
    match style.encoding {
        Encoding::Utf8 => text.into_bytes(),
        Encoding::Windows1252 => text.chars().map(windows_1252_byte).collect(),
        Encoding::Utf16Le => {
            let mut out = vec![0xFF, 0xFE];
            for unit in text.encode_utf16() {
                out.extend_from_slice(&unit.to_le_bytes());
            }
            out
        }
    }
}

/// The Windows-1252 byte of `c`. A character the code page lacks is
/// written as Windows' "best fit" conversion writes it: a space for the
/// thin and hair spaces, `?` for anything else.
fn windows_1252_byte(c: char) -> u8 {
    if let Ok(b) = u8::try_from(u32::from(c)) {
        if !(0x80..=0x9F).contains(&b) {
            return b;
        }
    }
    if c.is_whitespace() {
        return b' ';
    }
    (0x80..=0x9F_u8)
        .find(|&b| techshack_book::source::decode::windows_1252_char(b) == c)
        .unwrap_or(b'?')
}

/// Escapes text for HTML.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html_inlines(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(&esc(t)),
            Inline::Code(t) => out.push_str(&format!("<code>{}</code>", esc(t))),
            Inline::Emph(c) => out.push_str(&format!("<em>{}</em>", html_inlines(c))),
            Inline::Strong(c) => out.push_str(&format!("<strong>{}</strong>", html_inlines(c))),
            Inline::Strike(c) => out.push_str(&format!("<s>{}</s>", html_inlines(c))),
            Inline::Sup(c) => out.push_str(&format!("<sup>{}</sup>", html_inlines(c))),
            Inline::Sub(c) => out.push_str(&format!("<sub>{}</sub>", html_inlines(c))),
            Inline::Link { url, content } => out.push_str(&format!(
                "<a href=\"{}\">{}</a>",
                esc(url),
                html_inlines(content)
            )),
            Inline::LineBreak => out.push_str("<br>"),
            Inline::Image(_) | Inline::NoteRef { .. } => {}
        }
    }
    out
}

fn html_blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph(c) => out.push_str(&format!("<p>{}</p>\n", html_inlines(c))),
            Block::Heading { level, content } => {
                let h = (*level + 2).min(6);
                out.push_str(&format!("<h{h}>{}</h{h}>\n", html_inlines(content)));
            }
            Block::List { start, items } => {
                let tag = if start.is_some() { "ol" } else { "ul" };
                match start {
                    Some(n) if *n != 1 => out.push_str(&format!("<ol start=\"{n}\">\n")),
                    _ => out.push_str(&format!("<{tag}>\n")),
                }
                for item in items {
                    out.push_str("<li>");
                    // A tight item: its first paragraph without <p>.
                    let mut rest = item.as_slice();
                    if let Some(Block::Paragraph(c)) = rest.first() {
                        out.push_str(&html_inlines(c));
                        out.push('\n');
                        rest = &rest[1..];
                    }
                    html_blocks(out, rest);
                    out.push_str("</li>\n");
                }
                out.push_str(&format!("</{tag}>\n"));
            }
            Block::Quote(inner) => {
                out.push_str("<blockquote>\n");
                html_blocks(out, inner);
                out.push_str("</blockquote>\n");
            }
            Block::Code(code) => {
                let class = match (code.kind, &code.language) {
                    (CodeKind::Program, Some(l)) => format!(" class=\"language-{l}\""),
                    _ => String::new(),
                };
                out.push_str(&format!(
                    "<pre><code{class}>{}\n</code></pre>\n",
                    esc(&code.text)
                ));
            }
            Block::Table { header, rows, .. } => {
                out.push_str("<table>\n<thead><tr>");
                for c in header {
                    out.push_str(&format!("<th>{}</th>", html_inlines(c)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for c in row {
                        out.push_str(&format!("<td>{}</td>", html_inlines(c)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Figure { caption, .. } => {
                if let Some(c) = caption {
                    out.push_str(&format!("<p>{}</p>\n", html_inlines(c)));
                }
            }
            Block::Mermaid(_) => {}
            Block::Rule => out.push_str("<hr>\n"),
        }
    }
}

/// The issue as a web page: the site's headings, source links and blocks,
/// for the real text-mode browsers to dump.
pub fn html(issue: &ParsedIssue) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<title>{}</title></head>\n<body>\n",
        esc(&issue.title)
    ));
    out.push_str(&format!("<h1>{}</h1>\n", esc(&issue.title)));
    if issue.had_intro {
        for p in INTRO {
            out.push_str(&format!("<p>{}</p>\n", esc(p)));
        }
    }
    html_blocks(&mut out, &issue.lead);
    for a in &issue.articles {
        out.push_str(&format!("<h2>{}</h2>\n", html_inlines(&a.title)));
        if !a.sources.is_empty() {
            let links: Vec<String> = a
                .sources
                .iter()
                .map(|s| match &s.url {
                    Some(url) => format!("<a href=\"{}\">{}</a>", esc(url), esc(&s.label)),
                    None => esc(&s.label),
                })
                .collect();
            out.push_str(&format!("<p>{}</p>\n", links.join(" | ")));
        }
        html_blocks(&mut out, &a.blocks);
    }
    out.push_str("</body>\n</html>\n");
    out
}
