//! Syntax highlighting of code blocks, for print.
//!
//! A small lexer per family of languages (shell, Python, C-like, Go, Rust,
//! JavaScript, SQL, YAML, JSON, Dockerfile…) that knows comments, strings,
//! numbers and keywords. That is all a printed page needs, and it keeps the
//! binary free of a regex engine and grammar dumps. The print theme
//! ([`style_of`]) separates the classes by weight and lightness, not by hue
//! alone, so that it stays readable when printed in grayscale: keywords
//! bold, comments light grey, strings and numbers dark tones of their own.

use super::page::Color;

/// What a character of code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Anything else.
    Plain,
    /// A keyword of the language (or a YAML/JSON key).
    Keyword,
    /// A string or character literal.
    String,
    /// A comment.
    Comment,
    /// A number.
    Number,
}

/// Whether a class is set bold, and its colour.
pub fn style_of(class: Class) -> (bool, Color) {
    match class {
        Class::Plain => (false, Color::grey(0.0)),
        Class::Keyword => (true, Color::rgb(0.05, 0.15, 0.45)),
        Class::String => (false, Color::rgb(0.05, 0.36, 0.12)),
        Class::Comment => (false, Color::grey(0.48)),
        Class::Number => (false, Color::rgb(0.55, 0.12, 0.05)),
    }
}

struct Lang {
    line_comments: &'static [&'static str],
    block_comment: Option<(&'static str, &'static str)>,
    quotes: &'static [char],
    keywords: &'static [&'static str],
    case_insensitive: bool,
    /// `key:` at the start of a line is a key (YAML).
    keys: bool,
}

const SHELL: &[&str] = &[
    "if", "then", "else", "elif", "fi", "for", "while", "do", "done", "case", "esac", "in",
    "function", "return", "export", "local", "sudo", "echo", "cd", "set", "unset", "source",
];
const PYTHON: &[&str] = &[
    "def", "class", "return", "if", "elif", "else", "for", "while", "in", "import", "from", "as",
    "with", "try", "except", "finally", "raise", "yield", "lambda", "pass", "break", "continue",
    "and", "or", "not", "is", "None", "True", "False", "async", "await", "global", "self",
];
const C_LIKE: &[&str] = &[
    "if",
    "else",
    "for",
    "while",
    "do",
    "switch",
    "case",
    "default",
    "break",
    "continue",
    "return",
    "struct",
    "union",
    "enum",
    "typedef",
    "static",
    "const",
    "void",
    "int",
    "char",
    "long",
    "short",
    "unsigned",
    "signed",
    "float",
    "double",
    "bool",
    "class",
    "public",
    "private",
    "protected",
    "new",
    "delete",
    "this",
    "true",
    "false",
    "null",
    "NULL",
    "sizeof",
    "include",
    "define",
    "import",
    "package",
    "extends",
    "implements",
    "interface",
    "throw",
    "throws",
    "try",
    "catch",
    "finally",
    "final",
    "abstract",
    "virtual",
    "template",
    "namespace",
    "using",
    "auto",
    "goto",
    "volatile",
    "extern",
    "inline",
    "String",
];
const GO: &[&str] = &[
    "func",
    "package",
    "import",
    "var",
    "const",
    "type",
    "struct",
    "interface",
    "map",
    "chan",
    "go",
    "defer",
    "select",
    "if",
    "else",
    "for",
    "range",
    "switch",
    "case",
    "default",
    "return",
    "break",
    "continue",
    "nil",
    "true",
    "false",
    "string",
    "int",
    "error",
    "bool",
    "byte",
];
const RUST: &[&str] = &[
    "fn", "let", "mut", "pub", "struct", "enum", "impl", "trait", "use", "mod", "crate", "self",
    "Self", "match", "if", "else", "for", "while", "loop", "return", "break", "continue", "as",
    "where", "ref", "move", "async", "await", "dyn", "const", "static", "true", "false", "Some",
    "None", "Ok", "Err",
];
const JS: &[&str] = &[
    "function",
    "var",
    "let",
    "const",
    "if",
    "else",
    "for",
    "while",
    "do",
    "return",
    "class",
    "new",
    "this",
    "import",
    "export",
    "from",
    "default",
    "async",
    "await",
    "try",
    "catch",
    "finally",
    "throw",
    "typeof",
    "instanceof",
    "null",
    "undefined",
    "true",
    "false",
    "switch",
    "case",
    "break",
    "continue",
    "of",
    "in",
    "interface",
    "type",
];
const SQL: &[&str] = &[
    "select",
    "from",
    "where",
    "insert",
    "into",
    "values",
    "update",
    "set",
    "delete",
    "create",
    "table",
    "primary",
    "key",
    "index",
    "on",
    "and",
    "or",
    "not",
    "null",
    "join",
    "left",
    "right",
    "inner",
    "outer",
    "group",
    "by",
    "order",
    "having",
    "limit",
    "as",
    "with",
    "desc",
    "asc",
    "clustering",
    "alter",
    "drop",
    "distinct",
    "union",
    "begin",
    "commit",
    "unique",
    "references",
    "foreign",
    "default",
    "int",
    "bigint",
    "text",
    "varchar",
    "is",
    "in",
];
const DOCKER: &[&str] = &[
    "from",
    "run",
    "cmd",
    "copy",
    "add",
    "env",
    "arg",
    "workdir",
    "expose",
    "entrypoint",
    "volume",
    "user",
    "label",
    "as",
];
const JSON: &[&str] = &["true", "false", "null"];

fn lang(name: &str) -> Option<Lang> {
    let l = |line_comments, block_comment, quotes, keywords| Lang {
        line_comments,
        block_comment,
        quotes,
        keywords,
        case_insensitive: false,
        keys: false,
    };
    let c_block = Some(("/*", "*/"));
    Some(match name.to_ascii_lowercase().as_str() {
        "sh" | "bash" | "shell" | "zsh" | "console" | "shell-session" => {
            l(&["#"], None, &['"', '\'', '`'], SHELL)
        }
        "python" | "py" | "python3" => l(&["#"], None, &['"', '\''], PYTHON),
        "c" | "h" | "cpp" | "c++" | "cc" | "java" | "kotlin" | "scala" | "csharp" | "cs"
        | "swift" | "php" | "groovy" => l(&["//"], c_block, &['"', '\''], C_LIKE),
        "go" | "golang" => l(&["//"], c_block, &['"', '\'', '`'], GO),
        "rust" | "rs" => l(&["//"], c_block, &['"'], RUST),
        "js" | "javascript" | "ts" | "typescript" | "jsx" | "tsx" | "node" => {
            l(&["//"], c_block, &['"', '\'', '`'], JS)
        }
        "sql" | "cql" | "mysql" | "postgresql" | "psql" => Lang {
            case_insensitive: true,
            ..l(&["--"], c_block, &['\''], SQL)
        },
        "yaml" | "yml" => Lang {
            keys: true,
            ..l(&["#"], None, &['"', '\''], JSON)
        },
        "toml" | "ini" | "conf" => Lang {
            keys: true,
            ..l(&["#", ";"], None, &['"', '\''], JSON)
        },
        "json" => Lang {
            keys: true,
            ..l(&[], None, &['"'], JSON)
        },
        "dockerfile" | "docker" => Lang {
            case_insensitive: true,
            ..l(&["#"], None, &['"', '\''], DOCKER)
        },
        "ruby" | "rb" => l(&["#"], None, &['"', '\''], PYTHON),
        _ => return None,
    })
}

/// The class of every character of `lines` (code in `language`), line by
/// line; all [`Class::Plain`] for a language it does not know.
pub fn highlight(language: Option<&str>, lines: &[Vec<char>]) -> Vec<Vec<Class>> {
    let Some(lang) = language.and_then(lang) else {
        return lines.iter().map(|l| vec![Class::Plain; l.len()]).collect();
    };
    let mut in_block = false;
    lines
        .iter()
        .map(|line| highlight_line(&lang, line, &mut in_block))
        .collect()
}

fn starts_with(line: &[char], at: usize, s: &str) -> bool {
    s.chars()
        .enumerate()
        .all(|(k, c)| line.get(at + k) == Some(&c))
}

fn highlight_line(lang: &Lang, line: &[char], in_block: &mut bool) -> Vec<Class> {
    let n = line.len();
    let mut out = vec![Class::Plain; n];
    let mut i = 0;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < n {
        if *in_block {
            let (_, end) = lang.block_comment.unwrap_or(("", ""));
            if !end.is_empty() && starts_with(line, i, end) {
                let len = end.chars().count();
                out[i..i + len].fill(Class::Comment);
                i += len;
                *in_block = false;
            } else {
                out[i] = Class::Comment;
                i += 1;
            }
            continue;
        }
        let c = line[i];
        if let Some((start, _)) = lang.block_comment {
            if starts_with(line, i, start) {
                *in_block = true;
                continue;
            }
        }
        let at_word_start = i == 0 || !ident(line[i - 1]);
        if lang.line_comments.iter().any(|m| {
            starts_with(line, i, m)
                // `#` starts a shell comment only at a word start ($#, a#b).
                && (*m != "#" || i == 0 || line[i - 1].is_whitespace())
        }) {
            out[i..].fill(Class::Comment);
            break;
        }
        if lang.quotes.contains(&c) {
            let mut j = i + 1;
            while j < n && line[j] != c {
                j += if line[j] == '\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(n);
            out[i..end].fill(Class::String);
            i = end;
            continue;
        }
        if c.is_ascii_digit() && at_word_start {
            let mut j = i;
            while j < n && (line[j].is_ascii_alphanumeric() || line[j] == '.' || line[j] == '_') {
                j += 1;
            }
            out[i..j].fill(Class::Number);
            i = j;
            continue;
        }
        if ident(c) && at_word_start {
            let mut j = i;
            while j < n && ident(line[j]) {
                j += 1;
            }
            let word: String = line[i..j].iter().collect();
            let is_key = lang.keys && {
                let before_blank = line[..i]
                    .iter()
                    .all(|c| c.is_whitespace() || *c == '-' || *c == '"');
                let mut k = j;
                while k < n && (line[k] == '"' || line[k] == '-' || ident(line[k])) {
                    k += 1;
                }
                before_blank && matches!(line.get(k), Some(':') | Some('='))
            };
            let keyword = lang.keywords.iter().any(|k| {
                if lang.case_insensitive {
                    k.eq_ignore_ascii_case(&word)
                } else {
                    *k == word
                }
            });
            if is_key || keyword {
                out[i..j].fill(Class::Keyword);
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(lang: &str, text: &str) -> Vec<Class> {
        let lines: Vec<Vec<char>> = vec![text.chars().collect()];
        highlight(Some(lang), &lines).remove(0)
    }

    #[test]
    fn classes_of_common_languages() {
        let c = classes("python", "def f(x): return 'a#b' # note");
        assert_eq!(c[0], Class::Keyword);
        assert_eq!(c[4], Class::Plain);
        assert_eq!(c[19], Class::String);
        assert_eq!(c[c.len() - 1], Class::Comment);
        let c = classes("sql", "CREATE TABLE t (id bigint) -- x");
        assert_eq!(c[0], Class::Keyword);
        assert_eq!(c[c.len() - 1], Class::Comment);
        let c = classes("sh", "echo $# 42");
        assert_eq!(c[0], Class::Keyword);
        assert_eq!(c[6], Class::Plain);
        assert_eq!(c[8], Class::Number);
        let c = classes("yaml", "  name: web");
        assert_eq!(c[2], Class::Keyword);
        assert_eq!(c[8], Class::Plain);
        // Unknown languages and drawings stay plain.
        assert!(classes("brainfuck", "if x")
            .iter()
            .all(|c| *c == Class::Plain));
        // Block comments run across lines.
        let lines: Vec<Vec<char>> = ["a /* b", "c */ d"]
            .iter()
            .map(|l| l.chars().collect())
            .collect();
        let h = highlight(Some("c"), &lines);
        assert_eq!(h[1][0], Class::Comment);
        assert_eq!(h[1][5], Class::Plain);
    }

    #[test]
    fn the_print_theme_reads_in_grayscale() {
        // Each class differs from plain text by weight or by lightness, and
        // every colour stays dark enough on the light code background.
        let luminance = |c: Color| 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
        for class in [Class::Keyword, Class::String, Class::Comment, Class::Number] {
            let (bold, color) = style_of(class);
            let l = luminance(color);
            assert!(l < 0.55, "{class:?} too light: {l}");
            assert!(bold || l > 0.15, "{class:?} not told apart in grey: {l}");
        }
    }
}
