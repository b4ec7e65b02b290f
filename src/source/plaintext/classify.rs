//! Line-level heuristics: what a single line of scraped text looks like.
//!
//! Each function here looks at one line (sometimes with its neighbours'
//! help decided by the caller) and answers one question: is it a list item,
//! a source line, program text, part of a drawing, running prose? The block
//! parser combines the answers. The rules are deliberately narrow, because a
//! false "yes" costs more than a false "no": prose swallowed into a code
//! block or a sentence taken for an article heading breaks the chapter,
//! while a missed code line merely prints as a paragraph.

use super::code_lines::{is_python_header, strong_code};
use crate::model::SourceLink;

/// The list marker at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkerKind {
    /// A bullet (`•`, `◦`, `▪`, `‣`, `●`, `○`, `■`, `□`, `–`, `-`, `*`, `+`).
    Bullet,
    /// A number followed by `.` or `)`.
    Number(u64),
}

impl MarkerKind {
    /// True when two markers belong to the same kind of list.
    pub(crate) fn same_list(self, other: MarkerKind) -> bool {
        matches!(
            (self, other),
            (MarkerKind::Bullet, MarkerKind::Bullet)
                | (MarkerKind::Number(_), MarkerKind::Number(_))
        )
    }
}

/// A list item's marker and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ListMarker<'a> {
    /// Columns of indentation before the marker.
    pub(crate) indent: usize,
    /// Bullet or number.
    pub(crate) kind: MarkerKind,
    /// The column where the item's text starts.
    pub(crate) content_col: usize,
    /// True for the typographic bullets a web page renders (`•` and kin),
    /// which never occur at the start of a code line.
    pub(crate) typographic: bool,
    /// The item's text after the marker, trimmed.
    pub(crate) text: &'a str,
}

/// Bullets a browser renders for `<li>`; they never start a line of code.
const TYPOGRAPHIC_BULLETS: [char; 9] = ['•', '◦', '▪', '‣', '●', '○', '■', '∙', '□'];

/// Columns of leading whitespace (a tab advances to the next multiple of 4).
pub(crate) fn indent_of(line: &str) -> usize {
    let mut col = 0;
    for c in line.chars() {
        match c {
            ' ' | '\u{A0}' => col += 1,
            '\t' => col = (col / 4 + 1) * 4,
            _ => break,
        }
    }
    col
}

/// True for a line with nothing but whitespace.
pub(crate) fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The list marker that starts `line`, if any.
///
/// Typographic bullets may stand alone (an empty item); `-`, `*` and
/// numbers need a space and text after them, so `-5 °C`, `*emphasis*`,
/// `3.14` or `2019.` are not items.
pub(crate) fn list_marker(line: &str) -> Option<ListMarker<'_>> {
    let indent = indent_of(line);
    let rest = line.trim_start();
    let first = rest.chars().next()?;
    if TYPOGRAPHIC_BULLETS.contains(&first) || first == '–' {
        let after = &rest[first.len_utf8()..];
        let typographic = first != '–';
        if after.is_empty() && typographic {
            return Some(ListMarker {
                indent,
                kind: MarkerKind::Bullet,
                content_col: indent + 2,
                typographic,
                text: "",
            });
        }
        if !after.starts_with([' ', '\u{A0}', '\t']) {
            return None;
        }
        let text = after.trim();
        if text.is_empty() && !typographic {
            return None;
        }
        let spaces = after.chars().take_while(|c| c.is_whitespace()).count();
        return Some(ListMarker {
            indent,
            kind: MarkerKind::Bullet,
            content_col: indent + 1 + spaces,
            typographic,
            text,
        });
    }
    // `+` is the second level of a text browser's bullets.
    if first == '-' || first == '*' || first == '+' {
        let after = &rest[1..];
        if !after.starts_with([' ', '\u{A0}', '\t']) || after.trim().is_empty() {
            return None;
        }
        let spaces = after.chars().take_while(|c| c.is_whitespace()).count();
        return Some(ListMarker {
            indent,
            kind: MarkerKind::Bullet,
            content_col: indent + 1 + spaces,
            typographic: false,
            text: after.trim(),
        });
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let after = &rest[digits..];
        if after.starts_with(['.', ')']) {
            let after = &after[1..];
            if after.starts_with([' ', '\u{A0}', '\t']) && !after.trim().is_empty() {
                let number = rest[..digits].parse::<u64>().ok()?;
                let spaces = after.chars().take_while(|c| c.is_whitespace()).count();
                return Some(ListMarker {
                    indent,
                    kind: MarkerKind::Number(number),
                    content_col: indent + digits + 1 + spaces,
                    typographic: false,
                    text: after.trim(),
                });
            }
        }
    }
    None
}

/// File extensions that look like top-level domains but name files
/// (`count.sh`, `notes.txt`), so a lone `count.sh` is not a source.
const FILE_EXTENSIONS: [&str; 46] = [
    "txt", "html", "htm", "json", "yaml", "yml", "toml", "xml", "csv", "log", "conf", "cfg", "ini",
    "cpp", "hpp", "java", "jar", "php", "png", "jpg", "jpeg", "gif", "svg", "pdf", "zip", "gz",
    "tgz", "tar", "exe", "dll", "lock", "sql", "db", "out", "bin", "img", "iso", "mp4", "mp3",
    "js", "ts", "py", "rb", "sh", "md", "go",
];

/// True when `token` is a bare domain or URL such as `medium.com`,
/// `docker-saigon.github.io`, `github.com/joewalnes/websocketd` or
/// `https://ec.haxx.se/http.html`.
///
/// Hosts must be lower case, have at least two labels and end in an
/// alphabetic top-level domain that is not a common file extension.
pub(crate) fn is_domain(token: &str) -> bool {
    let (has_scheme, rest) = match token
        .strip_prefix("https://")
        .or_else(|| token.strip_prefix("http://"))
    {
        Some(rest) => (true, rest),
        None => (false, token),
    };
    if rest.is_empty() || rest.chars().any(char::is_whitespace) {
        return false;
    }
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if token.ends_with(['.', ',', ';', ':', '!', '?']) {
        return false;
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if !labels.iter().all(label_ok) {
        return false;
    }
    let Some(tld) = labels.last() else {
        return false;
    };
    if !(2..=24).contains(&tld.len()) || !tld.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    let www = labels.first().is_some_and(|l| *l == "www");
    if !has_scheme && !www && path.is_empty() && FILE_EXTENSIONS.contains(tld) {
        return false;
    }
    true
}

/// The URL for a domain-like token: itself when it has a scheme, else
/// `https://` before it.
fn url_for(token: &str) -> String {
    if token.starts_with("http://") || token.starts_with("https://") {
        token.to_string()
    } else {
        format!("https://{token}")
    }
}

/// True for short names that may stand between domains in a source line,
/// like `bcc`, `bpftrace` or `bcc Python guide`: at most four words of
/// letters, digits and a few joiners, with no sentence punctuation.
fn is_bare_name(piece: &str) -> bool {
    let words: Vec<&str> = piece.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 {
        return false;
    }
    words.iter().all(|w| {
        w.chars().any(char::is_alphanumeric)
            && w.chars().all(|c| {
                c.is_alphanumeric() || matches!(c, '-' | '_' | '\'' | '’' | '+' | '#' | '.')
            })
            && !w.ends_with('.')
    })
}

/// Parses a source line: the line under an article title that names where
/// the article came from.
///
/// A source line is one or more pieces joined by `|`; each piece is a
/// domain (`medium.com`), a labelled domain (`Part I: medium.com`,
/// `Concepts, Techniques, and Models of Computer Programming:
/// www.info.ucl.ac.be`) or a short bare name (`bcc`). At least one piece must
/// hold a domain, and a sentence never qualifies: `Use a | b to pipe.` has
/// pieces that are neither domains nor names.
///
/// Expects "(opens new window)" to be removed already.
pub(crate) fn parse_source_line(line: &str) -> Option<Vec<SourceLink>> {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > 400 || list_marker(line).is_some() {
        return None;
    }
    let mut links = Vec::new();
    let mut domains = 0;
    for piece in line.split('|') {
        let piece = piece.trim();
        if piece.is_empty() {
            return None;
        }
        if is_domain(piece) {
            domains += 1;
            links.push(SourceLink {
                label: piece.to_string(),
                url: Some(url_for(piece)),
            });
            continue;
        }
        if let Some((label, target)) = piece.rsplit_once(": ") {
            let target = target.trim();
            let label_words = label.split_whitespace().count();
            if is_domain(target)
                && (1..=12).contains(&label_words)
                && !label.trim_end().ends_with(['.', '!', '?', ';'])
            {
                domains += 1;
                links.push(SourceLink {
                    label: piece.to_string(),
                    url: Some(url_for(target)),
                });
                continue;
            }
        }
        if is_bare_name(piece) {
            links.push(SourceLink {
                label: piece.to_string(),
                url: None,
            });
            continue;
        }
        return None;
    }
    (domains > 0).then_some(links)
}

/// True when the words of `t` read like running text: mostly words made of
/// letters, few code characters, and a sentence shape (a capital start with
/// several words, or final punctuation).
pub(crate) fn is_prose(t: &str) -> bool {
    let t = t.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() < 3 || is_python_header(t) {
        return false;
    }
    let wordy = words
        .iter()
        .filter(|w| {
            let core = w.trim_matches(|c: char| !c.is_alphanumeric());
            !core.is_empty()
                && core
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
        })
        .count();
    let code_chars = t
        .chars()
        .filter(|c| {
            matches!(
                c,
                '{' | '}' | ';' | '=' | '$' | '<' | '>' | '`' | '\\' | '|'
            )
        })
        .count();
    let call_like = words.iter().any(|w| {
        w.find('(').is_some_and(|i| {
            i > 0
                && w[..i]
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        })
    });
    let sentence_shape = t.ends_with(['.', '!', '?', ':', '"', '”', ')'])
        || (t.chars().next().is_some_and(char::is_uppercase) && words.len() >= 4);
    wordy * 4 >= words.len() * 3 && code_chars <= 1 && !call_like && sentence_shape
}

/// Characters of Unicode box drawing and block elements.
fn is_box_char(c: char) -> bool {
    ('\u{2500}'..='\u{259F}').contains(&c)
}

/// Internal runs of two or more spaces (not counting indentation and not
/// the double space some writers put after a full stop).
pub(crate) fn internal_gaps(t: &str) -> usize {
    let mut gaps = 0;
    let mut run = 0;
    let mut prev: Option<char> = None;
    let mut before_run: Option<char> = None;
    for c in t.trim().chars() {
        if c == ' ' {
            if run == 0 {
                before_run = prev;
            }
            run += 1;
        } else {
            if run >= 2 && !before_run.is_some_and(|b| matches!(b, '.' | '!' | '?')) {
                gaps += 1;
            }
            run = 0;
        }
        prev = Some(c);
    }
    gaps
}

/// True for a line of an ASCII or box-drawing diagram: box corners (`+--`),
/// several `|` separated by wide gaps, Unicode box characters, or a line made
/// mostly of drawing symbols. A sentence with one ` | ` is not one, nor a
/// source line like `a.com | b | c` (single spaces).
pub(crate) fn is_drawing_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || list_marker(line).is_some_and(|m| m.typographic) {
        return false;
    }
    if t.chars().filter(|&c| is_box_char(c)).count() >= 2 {
        return true;
    }
    let non_space = t.chars().filter(|c| !c.is_whitespace()).count();
    let symbols = t
        .chars()
        .filter(|c| {
            matches!(
                c,
                '+' | '-'
                    | '|'
                    | '='
                    | '_'
                    | '/'
                    | '\\'
                    | '<'
                    | '>'
                    | '^'
                    | '*'
                    | '.'
                    | ':'
                    | '#'
                    | '~'
            )
        })
        .count();
    let corners = ["+-", "-+", "+=", "=+", "+|", "|+"]
        .iter()
        .any(|p| t.contains(p));
    if corners && symbols * 2 >= non_space {
        return true;
    }
    let pipes = t.matches('|').count();
    if pipes >= 2 && internal_gaps(t) >= 1 {
        return true;
    }
    let lines_of_symbols = ["---", "===", "___", "-->", "<--", "==>", "<=="]
        .iter()
        .any(|p| t.contains(p));
    non_space >= 3 && lines_of_symbols && symbols * 5 >= non_space * 3
}

/// True for a line of aligned columns (a table or command output): two or
/// more internal gaps of several spaces. On its own such a line proves
/// little; the block parser wants two in a row or a drawing around it.
pub(crate) fn is_column_line(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && list_marker(line).is_none_or(|m| !m.typographic)
        && internal_gaps(t) >= 2
        && !is_prose(t)
}

/// True for a line that only repeats one of `-`, `=`, `_`, `*` (three or
/// more times): a thematic break.
pub(crate) fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(first) = t.chars().next() else {
        return false;
    };
    matches!(first, '-' | '=' | '_' | '*')
        && t.chars().count() >= 3
        && t.chars().all(|c| c == first)
}

/// A Markdown-style heading kept by the scrape (`# Title`, `## Part`):
/// its level (number of `#`) and text.
pub(crate) fn hash_heading(line: &str) -> Option<(usize, &str)> {
    if indent_of(line) > 3 {
        return None;
    }
    let t = line.trim();
    let level = t.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    if !rest.starts_with([' ', '\t']) || rest.trim().is_empty() {
        return None;
    }
    Some((level, rest.trim()))
}

/// True when a line could be an article title: a single line of text that
/// is not a list item, code, drawing or rule, not too long, and not an
/// introduction to what follows (ending in `:` or `,`).
pub(crate) fn could_be_title(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || indent_of(line) > 3 || t.chars().count() > 250 {
        return false;
    }
    let text = hash_heading(line).map_or(t, |(_, text)| text);
    if hash_heading(line).is_none()
        && (list_marker(line).is_some()
            || strong_code(line).is_some()
            || is_drawing_line(line)
            || is_rule(line))
    {
        return false;
    }
    text.split_whitespace().count() <= 40 && !text.ends_with([':', ',', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_and_numbers() {
        let m = list_marker("  • Master server(s) controls").unwrap();
        assert_eq!(
            (m.indent, m.kind, m.text),
            (2, MarkerKind::Bullet, "Master server(s) controls")
        );
        assert_eq!(m.content_col, 4);
        assert!(m.typographic);
        let m = list_marker("    • nested").unwrap();
        assert_eq!(m.indent, 4);
        let m = list_marker("  1. Use spark").unwrap();
        assert_eq!(
            (m.indent, m.kind, m.text),
            (2, MarkerKind::Number(1), "Use spark")
        );
        assert_eq!(list_marker("•").map(|m| m.text), Some(""));
        assert_eq!(
            list_marker("- item").map(|m| m.kind),
            Some(MarkerKind::Bullet)
        );
        for not_item in [
            "-5 °C is cold",
            "*emphasis*",
            "3.14 is pi",
            "2019.",
            "-------+",
            "1.",
            "$5 a month",
        ] {
            assert!(list_marker(not_item).is_none(), "{not_item}");
        }
    }

    #[test]
    fn domains() {
        for yes in [
            "medium.com",
            "dev.to",
            "docker-saigon.github.io",
            "www.brendangregg.com",
            "ec.haxx.se",
            "github.com/joewalnes/websocketd",
            "https://ec.haxx.se/http.html",
            "www.info.ucl.ac.be",
            "docs.rs",
        ] {
            assert!(is_domain(yes), "{yes}");
        }
        for no in [
            "bcc",
            "count.sh",
            "notes.txt",
            "e.g.",
            "i.e",
            "Node.js",
            "medium.com.",
            "ASP.NET",
            "1.10",
            "v1.2.3",
            "",
        ] {
            assert!(!is_domain(no), "{no}");
        }
    }

    #[test]
    fn source_lines() {
        let links = parse_source_line("medium.com").unwrap();
        assert_eq!(links[0].label, "medium.com");
        assert_eq!(links[0].url.as_deref(), Some("https://medium.com"));

        let links = parse_source_line("Part I: medium.com | Part II: medium.com").unwrap();
        assert_eq!(links.len(), 2);
        assert_eq!(links[1].label, "Part II: medium.com");
        assert_eq!(links[1].url.as_deref(), Some("https://medium.com"));

        let links =
            parse_source_line("www.brendangregg.com | bcc | bpftrace | bcc Python guide").unwrap();
        let labels: Vec<_> = links.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "www.brendangregg.com",
                "bcc",
                "bpftrace",
                "bcc Python guide"
            ]
        );
        assert_eq!(links[1].url, None);

        let links = parse_source_line(
            "blog.acolyer.org | Concepts, Techniques, and Models of Computer Programming: www.info.ucl.ac.be",
        )
        .unwrap();
        assert_eq!(links[1].url.as_deref(), Some("https://www.info.ucl.ac.be"));

        for no in [
            "Use a | b to pipe output into another program.",
            "cat access.log | grep 500 | wc -l",
            "bcc | bpftrace",
            "Further reading: CockroachDB on RocksDB cockroachlabs.com.",
            "Overall Design: overall design",
            "Requirements were:",
            "Below are solutions.",
            "  • medium.com",
            "count.sh",
            "a.com || b.com",
        ] {
            assert!(parse_source_line(no).is_none(), "{no}");
        }
    }

    #[test]
    fn prose() {
        assert!(is_prose("Kubernetes is a system for running containers."));
        assert!(is_prose("Below are solutions."));
        assert!(is_prose(
            "It's okay to start not being an expert, but you need to become one!"
        ));
        assert!(!is_prose("  echo $COUNT"));
        assert!(!is_prose("PRIMARY KEY ((channel_id, bucket), message_id)"));
        assert!(!is_prose("content = source.read(1024 * 10000)"));
    }

    #[test]
    fn drawings() {
        assert!(is_drawing_line("      +-------+"));
        assert!(is_drawing_line(
            "                                        | ig-1  |"
        ));
        assert!(is_drawing_line(
            "        vpc-123: 10.0.0.0/16  |         |       |        |"
        ));
        assert!(is_drawing_line(
            "-------+-----------------------------------------------------------------------+"
        ));
        assert!(is_drawing_line(
            "       |         AZ 1         |          AZ 2            |        AZ 3         |"
        ));
        assert!(is_drawing_line("┌──────┐"));
        assert!(!is_drawing_line(
            "www.brendangregg.com | bcc | bpftrace | bcc Python guide"
        ));
        assert!(!is_drawing_line("Use a | b to pipe output."));
        assert!(!is_drawing_line(
            "2PC is just too slow --- it increases the latency"
        ));
        assert!(!is_drawing_line(
            "  • A virtual private cloud | or VPC  | is a network"
        ));
        assert!(is_column_line("web-1     1/1     Running"));
        assert!(!is_column_line(
            "One sentence.  Another sentence.  A third one."
        ));
    }

    #[test]
    fn titles() {
        assert!(could_be_title("Kubernetes In a Nutshell"));
        assert!(could_be_title("Learn eBPF Tracing: Tutorial and Examples"));
        assert!(could_be_title(
            "How do you document a tech project with comics?"
        ));
        assert!(could_be_title("# Our Software Dependency Problem"));
        assert!(!could_be_title("Requirements were:"));
        assert!(!could_be_title("  • Item"));
        assert!(!could_be_title("$ ls -l"));
        assert!(!could_be_title("      +-------+"));
    }

    #[test]
    fn hash_headings_and_rules() {
        assert_eq!(hash_heading("# Title"), Some((1, "Title")));
        assert_eq!(hash_heading("## Part"), Some((2, "Part")));
        assert_eq!(hash_heading("#hashtag"), None);
        assert_eq!(hash_heading("#"), None);
        assert!(is_rule("-----"));
        assert!(is_rule("* * *"));
        assert!(!is_rule("--"));
        assert!(!is_rule("-+-"));
    }
}
