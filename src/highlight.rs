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
//!
//! Highlighting is a step of the build ([`highlight_book`]): every piece of
//! program text is highlighted once, and the writers read the tokens from
//! [`crate::model::Assets::code`] instead of calling the highlighter.

use std::sync::OnceLock;

use rayon::prelude::*;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

use crate::model::{Block, Book, CodeKind, HighlightedCode};

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

/// Loads the syntax definitions, so that the first highlighted block does
/// not wait for them: the build starts this on another core before it
/// reads the issues.
pub fn preload() {
    syntax_set();
}

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

/// `text` split into tokens with classes, or `None` when the language is
/// unknown or the highlighter fails. The tokens' texts joined are `text`.
///
/// Parsing is most of a code block's cost: the build calls this once per
/// code block, in [`highlight_book`], and the writers read the result from
/// [`crate::model::Assets::code`].
pub fn highlight(language: &str, text: &str) -> Option<Vec<Token>> {
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

/// The highlighting step: highlights every piece of program text of `book`
/// once (code blocks in the preface, in chapter leads, articles and
/// footnotes), chapters on every core, into `book.assets.code`. (A Mermaid
/// diagram that could not be drawn is shown as its source, plain: the
/// highlighter has no grammar for Mermaid.)
pub fn highlight_book(book: &mut Book) {
    let per_chapter: Vec<HighlightedCode> = book
        .chapters
        .par_iter()
        .map(|chapter| {
            let mut found = HighlightedCode::default();
            let notes = chapter.lead_notes.iter().map(|n| &n.blocks[..]);
            let articles = chapter.articles.iter().flat_map(|a| {
                std::iter::once(&a.blocks[..]).chain(a.notes.iter().map(|n| &n.blocks[..]))
            });
            for blocks in std::iter::once(&chapter.lead[..])
                .chain(notes)
                .chain(articles)
            {
                highlight_blocks(blocks, &mut found);
            }
            found
        })
        .collect();
    let code = &mut book.assets.code;
    highlight_blocks(&book.preface, code);
    for found in per_chapter {
        code.extend(found);
    }
}

/// Highlights the program text of `blocks`, and of the blocks inside them,
/// into `found` (each language and text once). Nesting is followed with a
/// stack, not recursion: its depth is bounded only by the input.
fn highlight_blocks(blocks: &[Block], found: &mut HighlightedCode) {
    let mut stack = vec![blocks];
    while let Some(blocks) = stack.pop() {
        for block in blocks {
            let (language, text) = match block {
                Block::Code(code) if code.kind == CodeKind::Program => {
                    match code.language.as_deref() {
                        Some(language) => (language, &code.text),
                        None => continue,
                    }
                }
                Block::List { items, .. } => {
                    stack.extend(items.iter().map(Vec::as_slice));
                    continue;
                }
                Block::Quote(inner) => {
                    stack.push(inner);
                    continue;
                }
                _ => continue,
            };
            if !found.contains(language, text) {
                if let Some(tokens) = highlight(language, text) {
                    found.insert(language, text, tokens);
                }
            }
        }
    }
}

/// The class of every character of `text`, line by line (the lines of
/// `text.split('\n')`, without the line ends): what a writer that sets code
/// character by character needs. `tokens` are those of `text` from the
/// highlighting step; all `None` without them.
pub fn classes_by_line(tokens: Option<&[Token]>, text: &str) -> Vec<Vec<Option<Class>>> {
    let plain = || {
        text.split('\n')
            .map(|line| vec![None; line.chars().count()])
            .collect()
    };
    let Some(tokens) = tokens else {
        return plain();
    };
    let mut lines = vec![Vec::new()];
    for token in tokens {
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

    #[test]
    fn there_is_no_grammar_for_mermaid() {
        assert!(!is_known("mermaid"));
    }

    fn is_known(language: &str) -> bool {
        find_syntax(language).is_some()
    }

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
        let tokens = highlight("c", text);
        let lines = classes_by_line(tokens.as_deref(), text);
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
    fn the_step_highlights_program_text_wherever_it_stands() {
        use crate::model::*;
        let code = |language: Option<&str>, text: &str, kind| {
            Block::Code(CodeBlock {
                language: language.map(str::to_string),
                text: text.into(),
                kind,
            })
        };
        let program = |language, text| code(Some(language), text, CodeKind::Program);
        let nested = Block::List {
            start: None,
            items: vec![vec![Block::Quote(vec![program("go", "package main")])]],
        };
        let article = Article {
            title: vec![Inline::Text("A".into())],
            sources: Vec::new(),
            blocks: vec![
                nested,
                program("rust", "fn main() {}"),
                program("no-such-language", "x"),
                code(None, "int x;", CodeKind::Program),
                code(Some("c"), "int y;", CodeKind::Drawing),
            ],
            notes: vec![Note {
                blocks: vec![program("sql", "SELECT 1")],
            }],
            pos: SourcePos {
                file: "issues/2019-01.md".into(),
                line: 3,
            },
        };
        let chapter = Chapter {
            id: IssueId {
                year: 2019,
                number: 1,
            },
            title: "EnqueueZero Techshack 2019-01".into(),
            source_title: String::new(),
            date: None,
            source: "issues/2019-01.md".into(),
            lead: vec![program("bash", "echo lead")],
            lead_notes: vec![Note {
                blocks: vec![program("yaml", "a: 1")],
            }],
            articles: vec![article],
        };
        let mut book = Book {
            meta: crate::config::BookConfig::default().meta_for(2019),
            preface: vec![program("python", "pass")],
            chapters: vec![chapter.clone(), chapter],
            assets: Assets::default(),
        };
        highlight_book(&mut book);
        let code = &book.assets.code;
        for (language, text) in [
            ("python", "pass"),
            ("bash", "echo lead"),
            ("yaml", "a: 1"),
            ("go", "package main"),
            ("rust", "fn main() {}"),
            ("sql", "SELECT 1"),
        ] {
            let tokens = code.get(language, text).expect(language);
            assert_eq!(
                tokens.iter().map(|t| t.text.as_str()).collect::<String>(),
                text
            );
            assert!(tokens.iter().any(|t| t.class.is_some()), "{language}");
        }
        assert!(!code.contains("no-such-language", "x"));
        assert!(
            !code.contains("c", "int y;"),
            "drawings are never highlighted"
        );
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
