//! Smart punctuation: straight quotes, `--`, `---` and `...` in prose
//! become the marks a typesetter would print (“ ” ‘ ’, –, —, …), as
//! Pandoc and Typst do by default.
//!
//! It is a transform of the model, run on each book once its language is
//! known and before any writer, so that the EPUB and the PDF print the
//! same marks. Only [`Inline::Text`] changes: code spans, code blocks,
//! drawings, Mermaid, link and image addresses, source links and image
//! alternative text are left as typed, and so are addresses (`https://…`,
//! `www.…`) and HTML tags left over in the text. `import`, which writes
//! the issues back as Markdown, never runs it: the source stays as typed.
//!
//! Whether a quote opens or closes is decided by the characters on either
//! side of it in the whole run of inline content (a paragraph, a heading,
//! a table cell), across emphasis and links, so `"*word*"` gets an opening
//! and a closing quote. Where both sides are letters, as in Chinese text,
//! which puts no space around quotes, a quote closes the one left open
//! and otherwise opens.
//!
//! Marks by language ([`Marks::for_language`]): English takes “ ” ‘ ’.
//! Chinese takes the same marks: they are the quotation marks of
//! Simplified Chinese as the mainland standard GB/T 15834 prescribes for
//! horizontal text; the corner brackets 「」『』 are the Traditional
//! Chinese and Japanese style, which these books do not use.

use crate::model::{for_each_inline_in, Block, Book, Inline};

/// The quotation marks of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marks {
    /// The opening double quote.
    pub open_double: char,
    /// The closing double quote.
    pub close_double: char,
    /// The opening single quote.
    pub open_single: char,
    /// The closing single quote.
    pub close_single: char,
    /// The apostrophe (`It’s`, `’90s`).
    pub apostrophe: char,
}

impl Marks {
    /// English quotation marks, also those of Simplified Chinese (GB/T 15834).
    pub const ENGLISH: Marks = Marks {
        open_double: '“',
        close_double: '”',
        open_single: '‘',
        close_single: '’',
        apostrophe: '’',
    };

    /// The marks of the BCP 47 language `tag`. Every language the books are
    /// written in (`en`, `zh`, `zh-Hans`) takes the English marks; see the
    /// module documentation for Chinese.
    pub fn for_language(tag: &str) -> Marks {
        // One table for now; a language with other marks (German „ “,
        // French « ») gets its own entry here.
        let _ = tag;
        Marks::ENGLISH
    }
}

/// Rewrites the prose of `book` (preface, chapter leads, article titles,
/// blocks and notes) with the marks of the book's language.
pub fn apply(book: &mut Book) {
    let marks = Marks::for_language(&book.meta.language);
    apply_blocks(&mut book.preface, marks);
    for chapter in &mut book.chapters {
        apply_blocks(&mut chapter.lead, marks);
        for note in &mut chapter.lead_notes {
            apply_blocks(&mut note.blocks, marks);
        }
        for article in &mut chapter.articles {
            apply_run(&mut article.title, marks);
            apply_blocks(&mut article.blocks, marks);
            for note in &mut article.notes {
                apply_blocks(&mut note.blocks, marks);
            }
        }
    }
}

/// Rewrites every run of inline content in `blocks`, without recursion
/// (nesting depth is bounded only by the input).
pub fn apply_blocks(blocks: &mut [Block], marks: Marks) {
    let mut stack = vec![blocks.iter_mut()];
    while let Some(top) = stack.last_mut() {
        let Some(block) = top.next() else {
            stack.pop();
            continue;
        };
        match block {
            Block::Paragraph(run) | Block::Heading { content: run, .. } => apply_run(run, marks),
            Block::Figure {
                caption: Some(run), ..
            } => apply_run(run, marks),
            Block::List { items, .. } => stack.extend(items.iter_mut().map(|i| i.iter_mut())),
            Block::Quote(inner) => stack.push(inner.iter_mut()),
            Block::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    apply_run(cell, marks);
                }
            }
            Block::Figure { caption: None, .. }
            | Block::Code(_)
            | Block::Mermaid(_)
            | Block::Rule => {}
        }
    }
}

/// Where a character of a run comes from.
#[derive(Clone, Copy)]
enum Origin {
    /// The `n`th text node of the run.
    Text(usize),
    /// Something the transform reads as context only: a code span, an
    /// image, a footnote reference, a line break.
    Context,
}

/// Rewrites one run of inline content: its text nodes, read together.
pub fn apply_run(run: &mut [Inline], marks: Marks) {
    let mut chars = Vec::new();
    let mut origin = Vec::new();
    let mut count = 0;
    for_each_inline_in(run, &mut |inline| {
        let stand_in = match inline {
            Inline::Text(text) => {
                chars.extend(text.chars());
                origin.extend(text.chars().map(|_| Origin::Text(count)));
                count += 1;
                return;
            }
            Inline::LineBreak => ' ',
            Inline::Code(_) | Inline::Image(_) | Inline::NoteRef { .. } => 'x',
            _ => return,
        };
        chars.push(stand_in);
        origin.push(Origin::Context);
    });
    if count == 0 || !chars.iter().any(|c| matches!(c, '"' | '\'' | '-' | '.')) {
        return;
    }
    let mut texts = convert(&chars, &origin, count, marks).into_iter();
    for_each_inline_in(run, &mut |inline| {
        if let Inline::Text(text) = inline {
            if let Some(new) = texts.next() {
                *text = new;
            }
        }
    });
}

/// The new text of each of the `count` text nodes whose characters, with
/// the context between them, are `chars`.
fn convert(chars: &[char], origin: &[Origin], count: usize, marks: Marks) -> Vec<String> {
    let protected = protected(chars);
    let mut out = vec![String::new(); count];
    // What has been written so far, for the left context.
    let mut prev: Option<char> = None;
    let mut double_open = false;
    let mut single_open = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let Origin::Text(node) = origin[i] else {
            prev = Some(c);
            i += 1;
            continue;
        };
        let next = chars.get(i + 1).copied();
        let editable = !protected[i];
        let (written, used) = if !editable {
            (c, 1)
        } else {
            match c {
                '"' => match double_quote(prev, next, double_open) {
                    Some(true) => {
                        double_open = true;
                        (marks.open_double, 1)
                    }
                    Some(false) => {
                        double_open = false;
                        (marks.close_double, 1)
                    }
                    None => (c, 1),
                },
                '\'' => match single_quote(prev, &chars[i + 1..], single_open) {
                    Quote::Open => {
                        single_open = true;
                        (marks.open_single, 1)
                    }
                    Quote::Close => {
                        single_open = false;
                        (marks.close_single, 1)
                    }
                    Quote::Apostrophe => (marks.apostrophe, 1),
                    Quote::Straight => (c, 1),
                },
                '-' | '.' => {
                    let run = same_run(chars, origin, &protected, i, node);
                    match replacement(c, run, prev, chars.get(i + run).copied()) {
                        Some(mark) => (mark, run),
                        None => {
                            // Keep the whole run as typed (`----`, `....`).
                            for _ in 0..run {
                                out[node].push(c);
                            }
                            prev = Some(c);
                            i += run;
                            continue;
                        }
                    }
                }
                _ => (c, 1),
            }
        };
        out[node].push(written);
        prev = Some(written);
        i += used;
    }
    out
}

/// How many times `chars[i]` repeats from `i` on, within the same
/// editable text node.
fn same_run(chars: &[char], origin: &[Origin], protected: &[bool], i: usize, node: usize) -> usize {
    let c = chars[i];
    let mut j = i;
    while j < chars.len()
        && chars[j] == c
        && !protected[j]
        && matches!(origin[j], Origin::Text(n) if n == node)
    {
        j += 1;
    }
    j - i
}

/// The mark for a run of `len` hyphens or dots, if it is one: `--` → en
/// dash, `---` → em dash, `...` → ellipsis. A `--` that begins a word is a
/// command-line option (`--force`) and `-->`, `<--` are arrows: kept.
fn replacement(c: char, len: usize, prev: Option<char>, next: Option<char>) -> Option<char> {
    match (c, len) {
        ('.', 3) => Some('…'),
        ('-', 2 | 3) if next == Some('>') || prev == Some('<') => None,
        ('-', 2) if opens(prev) && next.is_some_and(|n| n.is_alphanumeric()) => None,
        ('-', 2) => Some('–'),
        ('-', 3) => Some('—'),
        _ => None,
    }
}

/// Whether a quote after `prev` stands where a quotation may begin: at the
/// start, after a space, an opening bracket, a dash or an opening quote.
fn opens(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) => {
            p.is_whitespace()
                || matches!(
                    p,
                    '(' | '[' | '{' | '<' | '“' | '‘' | '—' | '–' | '-' | '/' | '«' | '「' | '『'
                )
        }
    }
}

/// Whether `next` ends a word: the end, a space, or punctuation.
fn ends(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(n) => n.is_whitespace() || (!n.is_alphanumeric() && !matches!(n, '(' | '[' | '{')),
    }
}

/// Whether `c` is Chinese, Japanese or Korean script or punctuation, where
/// quotes stand without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{2FA1F}')
}

/// A double quote between `prev` and `next`: `Some(true)` opens,
/// `Some(false)` closes, `None` keeps it straight (a quote standing alone
/// between spaces).
fn double_quote(prev: Option<char>, next: Option<char>, open: bool) -> Option<bool> {
    let next_space = next.is_none_or(char::is_whitespace);
    if opens(prev) {
        return if next_space { None } else { Some(true) };
    }
    if ends(next) {
        return Some(false);
    }
    // Letters on both sides (Chinese: 说"你好"吗): close what is open.
    Some(!open)
}

/// What a single quote is.
enum Quote {
    Open,
    Close,
    Apostrophe,
    Straight,
}

/// Words that begin with an elided letter: `'em`, `'tis`, `'n'`.
const ELISIONS: [&str; 7] = ["em", "tis", "twas", "til", "cause", "n", "bout"];

/// A single quote after `prev`, followed by `rest`.
fn single_quote(prev: Option<char>, rest: &[char], open: bool) -> Quote {
    let next = rest.first().copied();
    if opens(prev) {
        let Some(n) = next else {
            return Quote::Straight;
        };
        if n.is_whitespace() {
            return Quote::Straight;
        }
        // '90s, 'em, rock 'n' roll.
        if n.is_ascii_digit() || is_elision(rest) {
            return Quote::Apostrophe;
        }
        return Quote::Open;
    }
    let p = prev.unwrap_or(' ');
    match next {
        Some(n) if n.is_alphanumeric() && p.is_alphanumeric() => {
            if is_cjk(p) || is_cjk(n) {
                if open {
                    Quote::Close
                } else {
                    Quote::Open
                }
            } else {
                // It's, don't, rock'n'roll.
                Quote::Apostrophe
            }
        }
        // Kubernetes' (a possessive) or the end of a quotation.
        _ if open => Quote::Close,
        _ if p.is_alphanumeric() => Quote::Apostrophe,
        _ => Quote::Close,
    }
}

/// Whether `rest` (after a quote) is an elided word such as `em` or `n'`.
fn is_elision(rest: &[char]) -> bool {
    ELISIONS.iter().any(|word| {
        let len = word.chars().count();
        rest.len() >= len
            && rest[..len]
                .iter()
                .zip(word.chars())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
            && rest.get(len).is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Which characters must stay as typed: addresses (`https://…`, `www.…`,
/// `mailto:…`) up to the next space or quote, and HTML tags (`<b>`,
/// `<!-- … -->`) left over in the text.
fn protected(chars: &[char]) -> Vec<bool> {
    let mut protected = vec![false; chars.len()];
    let starts_with = |i: usize, word: &str| {
        let len = word.chars().count();
        chars.len() >= i + len
            && chars[i..i + len]
                .iter()
                .zip(word.chars())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
    };
    let mut no_more_gt = false;
    let mut i = 0;
    while i < chars.len() {
        let word_start = i == 0 || !chars[i - 1].is_alphanumeric();
        let address = word_start
            && ["http://", "https://", "ftp://", "www.", "mailto:"]
                .iter()
                .any(|scheme| starts_with(i, scheme));
        if address {
            let end = (i..chars.len())
                .find(|&j| chars[j].is_whitespace() || matches!(chars[j], '"' | '<' | '>'))
                .unwrap_or(chars.len());
            protected[i..end].iter_mut().for_each(|p| *p = true);
            i = end;
            continue;
        }
        let tag = chars[i] == '<'
            && chars
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!'));
        if tag && !no_more_gt {
            match (i + 1..chars.len()).find(|&j| chars[j] == '>') {
                Some(end) => {
                    protected[i..=end].iter_mut().for_each(|p| *p = true);
                    i = end + 1;
                    continue;
                }
                // Once no `>` follows, none follows later either: not
                // looking again keeps a run of `<a<a<a…` linear.
                None => no_more_gt = true,
            }
        }
        i += 1;
    }
    protected
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CodeBlock, CodeKind, Image};

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    /// The converted text of one text node.
    fn smart(s: &str) -> String {
        let mut run = vec![text(s)];
        apply_run(&mut run, Marks::ENGLISH);
        match &run[0] {
            Inline::Text(t) => t.clone(),
            other => panic!("not text: {other:?}"),
        }
    }

    #[test]
    fn double_quotes_open_and_close() {
        assert_eq!(
            smart(r#""No incidents reported.""#),
            "“No incidents reported.”"
        );
        assert_eq!(
            smart(r#"He said "yes", then left."#),
            "He said “yes”, then left."
        );
        assert_eq!(smart(r#"("quoted")"#), "(“quoted”)");
        assert_eq!(smart(r#"a—"b" and "c"!"#), "a—“b” and “c”!");
        // A quote alone between spaces is not a quotation mark.
        assert_eq!(smart(r#"a " b"#), r#"a " b"#);
    }

    #[test]
    fn nested_quotes() {
        assert_eq!(
            smart(r#""She wrote 'done' on it," he said."#),
            "“She wrote ‘done’ on it,” he said."
        );
        assert_eq!(smart(r#""'Hi,' she said""#), "“‘Hi,’ she said”");
    }

    #[test]
    fn apostrophes() {
        assert_eq!(smart("It's Kubernetes' turn"), "It’s Kubernetes’ turn");
        assert_eq!(smart("back in the '90s"), "back in the ’90s");
        assert_eq!(smart("rock 'n' roll"), "rock ’n’ roll");
        assert_eq!(smart("don't, can't, we'll"), "don’t, can’t, we’ll");
        assert_eq!(smart("'Quoted' words"), "‘Quoted’ words");
        assert_eq!(smart("tell 'em"), "tell ’em");
    }

    #[test]
    fn dashes_and_ellipsis() {
        assert_eq!(smart("pages 10--20"), "pages 10–20");
        assert_eq!(smart("a pause---then"), "a pause—then");
        assert_eq!(smart("wait..."), "wait…");
        assert_eq!(smart("and so -- on"), "and so – on");
        // Options, arrows, rules and longer runs stay as typed.
        assert_eq!(smart("pass --force to it"), "pass --force to it");
        assert_eq!(smart("A --> B <-- C"), "A --> B <-- C");
        assert_eq!(smart("---- and ....."), "---- and .....");
        assert_eq!(smart("../up and a.b"), "../up and a.b");
    }

    #[test]
    fn already_curly_is_left_alone() {
        let curly = "“Done” and ‘done’, it’s – — …";
        assert_eq!(smart(curly), curly);
        // A straight quote after a curly opening one is a nested opening.
        assert_eq!(smart("“'a' b”"), "“‘a’ b”");
    }

    #[test]
    fn quotes_across_emphasis_and_links() {
        let mut run = vec![
            text("See \""),
            Inline::Emph(vec![text("emphasised")]),
            text("\" and "),
            Inline::Link {
                url: "https://example.com/it's--\"here\"...".into(),
                content: vec![
                    text("\"the "),
                    Inline::Strong(vec![text("docs")]),
                    text("\""),
                ],
            },
            text("."),
        ];
        apply_run(&mut run, Marks::ENGLISH);
        assert_eq!(
            run,
            vec![
                text("See “"),
                Inline::Emph(vec![text("emphasised")]),
                text("” and "),
                Inline::Link {
                    url: "https://example.com/it's--\"here\"...".into(),
                    content: vec![text("“the "), Inline::Strong(vec![text("docs")]), text("”")],
                },
                text("."),
            ]
        );
    }

    #[test]
    fn code_spans_are_context_not_text() {
        let mut run = vec![
            text("Run \""),
            Inline::Code("echo \"it's\" -- ...".into()),
            text("\" now"),
            Inline::NoteRef { number: 1 },
            text(" isn't it"),
        ];
        apply_run(&mut run, Marks::ENGLISH);
        assert_eq!(
            run,
            vec![
                text("Run “"),
                Inline::Code("echo \"it's\" -- ...".into()),
                text("” now"),
                Inline::NoteRef { number: 1 },
                text(" isn’t it"),
            ]
        );
    }

    #[test]
    fn addresses_and_tags_in_text_stay() {
        assert_eq!(
            smart("see https://x.org/a--b/'c'... or \"www.y.com/...\""),
            "see https://x.org/a--b/'c'... or “www.y.com/...”"
        );
        assert_eq!(
            smart(r#"<span class="x">it's</span> <!-- a -- b -->"#),
            r#"<span class="x">it’s</span> <!-- a -- b -->"#
        );
    }

    #[test]
    fn chinese_quotes_pair_without_spaces() {
        assert_eq!(
            smart(r#"他说："你好。"然后说"再见"和'晚安'。"#),
            "他说：“你好。”然后说“再见”和‘晚安’。"
        );
    }

    #[test]
    fn blocks_other_than_prose_are_unchanged() {
        let code = Block::Code(CodeBlock {
            language: None,
            text: "echo \"it's\" -- ...".into(),
            kind: CodeKind::Program,
        });
        let drawing = Block::Code(CodeBlock {
            language: None,
            text: "+--\"a\"--+\n| '...' |".into(),
            kind: CodeKind::Drawing,
        });
        let mermaid = Block::Mermaid("A-->B[\"it's\"]".into());
        let figure = Block::Figure {
            image: Image {
                url: "https://x.org/\"a\".png".into(),
                alt: "\"alt\"".into(),
            },
            caption: Some(vec![text("A \"caption\"")]),
        };
        let mut blocks = vec![
            code.clone(),
            drawing.clone(),
            mermaid.clone(),
            Block::List {
                start: None,
                items: vec![vec![Block::Quote(vec![Block::Paragraph(vec![text(
                    "deep \"quote\"",
                )])])]],
            },
            figure,
            Block::Table {
                align: vec![],
                header: vec![vec![text("\"h\"")]],
                rows: vec![vec![vec![text("it's")]]],
            },
        ];
        apply_blocks(&mut blocks, Marks::ENGLISH);
        assert_eq!(blocks[0], code);
        assert_eq!(blocks[1], drawing);
        assert_eq!(blocks[2], mermaid);
        assert_eq!(
            blocks[3],
            Block::List {
                start: None,
                items: vec![vec![Block::Quote(vec![Block::Paragraph(vec![text(
                    "deep “quote”",
                )])])]],
            }
        );
        let Block::Figure { image, caption } = &blocks[4] else {
            panic!("a figure");
        };
        assert_eq!(image.url, "https://x.org/\"a\".png");
        assert_eq!(image.alt, "\"alt\"");
        assert_eq!(caption.as_deref(), Some(&[text("A “caption”")][..]));
        assert_eq!(
            blocks[5],
            Block::Table {
                align: vec![],
                header: vec![vec![text("“h”")]],
                rows: vec![vec![vec![text("it’s")]]],
            }
        );
    }

    #[test]
    fn long_hostile_runs_finish() {
        // Quadratic work here would take minutes.
        let hostile = "<a\"'--...".repeat(50_000);
        let done = smart(&hostile);
        assert!(done.starts_with("<a”’–…"), "{}", &done[..40]);
        assert_eq!(done.chars().count(), 50_000 * 6);
    }

    #[test]
    fn chinese_books_take_the_mainland_marks() {
        assert_eq!(Marks::for_language("zh-Hans"), Marks::ENGLISH);
        assert_eq!(Marks::for_language("en"), Marks::ENGLISH);
    }
}
