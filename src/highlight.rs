//! Syntax highlighting of program text, shared by both writers so that a
//! code block reads the same in the EPUB and on paper.
//!
//! The tokens come from `syntect` and its precompiled default syntaxes
//! (bash, C, C++, Go, Java, JavaScript, Python, Ruby, Rust, SQL, YAML, and
//! more). Its many scopes are folded into six [`Class`]es; each writer
//! decides how a class looks (CSS classes in the EPUB, weight and tone in
//! the PDF):
//!
//! | class | what |
//! | --- | --- |
//! | `Keyword` | keywords, storage types and modifiers, markup tags |
//! | `String` | strings and characters |
//! | `Constant` | numbers and language constants (`true`, `None`) |
//! | `Comment` | comments |
//! | `Function` | names of functions being defined or called |
//! | `Type` | names of types and classes, attribute names |
//!
//! Code whose language is not given or not known is left plain, as is any
//! code `syntect` fails on; the text is the same either way.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

/// What a piece of program text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// Keywords, storage types and modifiers, markup tags.
    Keyword,
    /// Strings and characters.
    String,
    /// Numbers and language constants.
    Constant,
    /// Comments.
    Comment,
    /// Names of functions being defined or called.
    Function,
    /// Names of types and classes, attribute names.
    Type,
}

/// A piece of a code block: its text and the class it is shown with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The class, or `None` for plain text.
    pub class: Option<Class>,
    /// The text, exactly as in the code block.
    pub text: String,
}

/// Scope prefixes and the class they give, most specific first. `None`
/// means "plain, whatever the enclosing scopes say" (operators).
const SCOPE_CLASSES: &[(&str, Option<Class>)] = &[
    ("comment", Some(Class::Comment)),
    ("string", Some(Class::String)),
    ("constant.character", Some(Class::String)),
    ("constant.numeric", Some(Class::Constant)),
    ("constant.language", Some(Class::Constant)),
    ("keyword.operator", None),
    ("keyword", Some(Class::Keyword)),
    ("storage", Some(Class::Keyword)),
    ("entity.name.tag", Some(Class::Keyword)),
    ("entity.name.function", Some(Class::Function)),
    ("support.function", Some(Class::Function)),
    ("variable.function", Some(Class::Function)),
    ("entity.name.type", Some(Class::Type)),
    ("entity.name.class", Some(Class::Type)),
    ("entity.other.inherited-class", Some(Class::Type)),
    ("entity.other.attribute-name", Some(Class::Type)),
    ("support.type", Some(Class::Type)),
    ("support.class", Some(Class::Type)),
];

/// Names authors write in info strings that `syntect` knows by another.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("console", "bash"),
    ("zsh", "bash"),
    ("shell-session", "bash"),
    ("golang", "go"),
    ("python3", "py"),
    ("py3", "py"),
    ("c++", "cpp"),
    ("javascript", "js"),
    ("node", "js"),
    ("typescript", "js"),
    ("ts", "js"),
    ("yml", "yaml"),
    ("postgres", "sql"),
    ("postgresql", "sql"),
    ("mysql", "sql"),
    ("cql", "sql"),
    ("rs", "rust"),
];

fn syntax_set() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The syntax for the info-string language `language`, if one is known.
fn find_syntax(language: &str) -> Option<&'static SyntaxReference> {
    let token = language.trim().to_ascii_lowercase();
    if token.is_empty() || token == "text" || token == "plain" {
        return None;
    }
    let token = ALIASES
        .iter()
        .find(|(alias, _)| *alias == token)
        .map_or(token.as_str(), |(_, name)| name);
    syntax_set()
        .find_syntax_by_token(token)
        .filter(|s| s.name != "Plain Text")
}

/// Whether code in `language` would be highlighted.
pub fn is_known(language: &str) -> bool {
    find_syntax(language).is_some()
}

/// `text` split into tokens with classes, or `None` when the language is
/// unknown or the highlighter fails. The tokens' texts joined are `text`.
///
/// Results are remembered: a build highlights each code block three times
/// (the PDF's two layout passes and the EPUB, on different threads), and
/// parsing is most of a code block's cost. The memo is emptied when the
/// code it holds passes [`HIGHLIGHT_MEMO_BYTES`], so memory stays bounded.
pub fn highlight(language: &str, text: &str) -> Option<Vec<Token>> {
    type Memo = HashMap<(String, String), Option<Vec<Token>>>;
    static MEMO: OnceLock<Mutex<(Memo, usize)>> = OnceLock::new();
    let memo = MEMO.get_or_init(Mutex::default);
    let key = (language.to_string(), text.to_string());
    if let Some(hit) = memo
        .lock()
        .ok()
        .and_then(|guard| guard.0.get(&key).cloned())
    {
        return hit;
    }
    let tokens = highlight_uncached(language, text);
    if let Ok(mut guard) = memo.lock() {
        let (map, bytes) = &mut *guard;
        if *bytes + text.len() > HIGHLIGHT_MEMO_BYTES {
            map.clear();
            *bytes = 0;
        }
        *bytes += text.len();
        map.insert(key, tokens.clone());
    }
    tokens
}

/// Most code, in bytes, that [`highlight`] remembers.
const HIGHLIGHT_MEMO_BYTES: usize = 16 << 20;

fn highlight_uncached(language: &str, text: &str) -> Option<Vec<Token>> {
    let syntax = find_syntax(language)?;
    let set = syntax_set();
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut tokens: Vec<Token> = Vec::new();
    let mut push = |class: Option<Class>, piece: &str| {
        if piece.is_empty() {
            return;
        }
        match tokens.last_mut() {
            Some(last) if last.class == class => last.text.push_str(piece),
            _ => tokens.push(Token {
                class,
                text: piece.to_string(),
            }),
        }
    };
    for line in text.split_inclusive('\n') {
        let ops = state.parse_line(line, set).ok()?;
        let mut at = 0;
        for (index, op) in ops {
            let index = index.min(line.len());
            if index > at && line.is_char_boundary(index) {
                push(class_of(&stack), &line[at..index]);
                at = index;
            }
            stack.apply(&op).ok()?;
        }
        push(class_of(&stack), &line[at..]);
    }
    Some(tokens)
}

/// The class for text under the scopes of `stack`: the innermost scope
/// that has one decides.
fn class_of(stack: &ScopeStack) -> Option<Class> {
    static PREFIXES: OnceLock<Vec<(Scope, Option<Class>)>> = OnceLock::new();
    let prefixes = PREFIXES.get_or_init(|| {
        SCOPE_CLASSES
            .iter()
            .filter_map(|(name, class)| Scope::new(name).ok().map(|s| (s, *class)))
            .collect()
    });
    for scope in stack.as_slice().iter().rev() {
        if let Some((_, class)) = prefixes
            .iter()
            .find(|(prefix, _)| prefix.is_prefix_of(*scope))
        {
            return *class;
        }
    }
    None
}

/// The class of every character of `text`, line by line (the lines of
/// `text.split('\n')`, without the line ends): what a writer that sets code
/// character by character needs. All `None` when the language is not known.
pub fn classes_by_line(language: Option<&str>, text: &str) -> Vec<Vec<Option<Class>>> {
    let plain = || {
        text.split('\n')
            .map(|line| vec![None; line.chars().count()])
            .collect()
    };
    let Some(tokens) = language.and_then(|language| highlight(language, text)) else {
        return plain();
    };
    let mut lines = vec![Vec::new()];
    for token in &tokens {
        for c in token.text.chars() {
            if c == '\n' {
                lines.push(Vec::new());
            } else if let Some(line) = lines.last_mut() {
                line.push(token.class);
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(language: &str, text: &str) -> Vec<(Option<Class>, String)> {
        let tokens = highlight(language, text).expect("highlighted");
        let joined: String = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(joined, text, "the text is kept");
        tokens.into_iter().map(|t| (t.class, t.text)).collect()
    }

    #[test]
    fn python_keywords_strings_comments_and_numbers() {
        let tokens = classes(
            "python",
            "def f(x):  # doc\n    return \"<none>\" if x < 10 else None\n",
        );
        let has = |class, text: &str| tokens.contains(&(Some(class), text.to_string()));
        assert!(has(Class::Keyword, "def"), "{tokens:?}");
        assert!(has(Class::Function, "f"), "{tokens:?}");
        assert!(has(Class::Comment, "# doc\n"), "{tokens:?}");
        assert!(has(Class::String, "\"<none>\""), "{tokens:?}");
        assert!(has(Class::Constant, "10"), "{tokens:?}");
        assert!(has(Class::Constant, "None"), "{tokens:?}");
    }

    #[test]
    fn aliases_and_unknown_languages() {
        assert!(is_known("bash") && is_known("sh") && is_known("Shell") && is_known("yml"));
        assert!(is_known("C") && is_known("sql") && is_known("go"));
        assert!(!is_known("") && !is_known("text") && !is_known("no-such-language"));
        assert_eq!(highlight("no-such-language", "x"), None);
    }

    #[test]
    fn classes_by_line_match_the_characters() {
        let text = "int x = 1; // one\n\treturn \"é\";\n";
        let lines = classes_by_line(Some("c"), text);
        let expected: Vec<usize> = text.split('\n').map(|l| l.chars().count()).collect();
        assert_eq!(lines.iter().map(Vec::len).collect::<Vec<_>>(), expected);
        assert_eq!(lines[0][0], Some(Class::Keyword));
        assert_eq!(lines[0][11], Some(Class::Comment));
        assert!(classes_by_line(None, text)
            .iter()
            .flatten()
            .all(Option::is_none));
    }

    #[test]
    fn odd_text_is_kept() {
        for text in [
            "",
            "\n\n",
            "  \t",
            "echo 'unterminated",
            "日本語 $x\r\nok",
            "\u{1}",
        ] {
            classes("bash", text);
        }
    }
}
