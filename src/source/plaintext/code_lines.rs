//! Line-level heuristics for program text: does a line of scraped text
//! certainly start code, may it continue code, is it a YAML-like
//! `key: value` line, and how does it change the bracket or shell-block
//! depth that keeps a code block open.
//!
//! Split from [`super::classify`], which answers the other questions about
//! a line (lists, sources, prose, drawings, headings); the same rule holds
//! here: a rule that is unsure does not fire.

use super::classify::is_prose;

/// SQL statements that open a code block when written in upper case.
const SQL_VERBS: [&str; 9] = [
    "CREATE", "SELECT", "INSERT", "UPDATE", "DELETE", "ALTER", "DROP", "GRANT", "EXPLAIN",
];
/// Upper-case SQL words that must follow a verb on the same line.
const SQL_WORDS: [&str; 14] = [
    "TABLE", "INDEX", "VIEW", "DATABASE", "INTO", "FROM", "SET", "ON", "SCHEMA", "USER", "TO",
    "SELECT", "ANALYZE", "*",
];

/// True for a C-style identifier path like `source.read` or `os::path`.
fn is_ident_path(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '>' | '-'))
        && !s.ends_with(['.', ':', '-'])
}

/// Recognises a line that certainly is program text, and guesses its
/// language (`None` when the line is code but the language is unclear).
///
/// Returns `None` for lines that are not certainly code. Only lines with an
/// unmistakable shape count: a shell prompt (`$ cmd`, but not `$5`), a shell
/// loop head (`for ...; do`), an upper-case SQL statement, a C preprocessor
/// line or declaration, a Python `def`/`import`, an assignment whose left
/// side is one identifier, a bare call statement, a line ending in `{`, or a
/// lone opening bracket.
pub(crate) fn strong_code(line: &str) -> Option<Option<&'static str>> {
    let t = line.trim();
    if t.is_empty() {
        return None;
    }
    // Shell and REPL prompts.
    if let Some(cmd) = t.strip_prefix("$ ") {
        let starts_command = cmd
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '.' | '/' | '_' | '~'));
        return starts_command.then_some(Some("bash"));
    }
    if t.starts_with(">>> ") {
        return Some(Some("python"));
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let first = words.first().copied().unwrap_or("");
    // Shell compound commands.
    if matches!(first, "for" | "while" | "until" | "if" | "elif")
        && (t.ends_with("; do")
            || t.ends_with("; then")
            || t.ends_with(";do")
            || t.ends_with(";then"))
    {
        return Some(Some("bash"));
    }
    if t.starts_with("#!/") {
        return Some(None);
    }
    // SQL.
    if SQL_VERBS.contains(&first) && words.iter().skip(1).any(|w| SQL_WORDS.contains(w)) {
        return Some(Some("sql"));
    }
    // C preprocessor and declarations.
    if ["#include", "#define", "#ifdef", "#ifndef", "#endif"]
        .iter()
        .any(|p| t.starts_with(p))
    {
        return Some(Some("c"));
    }
    if matches!(
        first,
        "int" | "void" | "char" | "static" | "struct" | "unsigned" | "double" | "float" | "const"
    ) && t.ends_with(['{', ';', ')'])
        && t.contains('(')
    {
        return Some(Some("c"));
    }
    // Python.
    if (first == "def" || first == "class")
        && t.ends_with(':')
        && words.get(1).is_some_and(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        })
        && !t.contains(". ")
    {
        return Some(Some("python"));
    }
    if first == "import"
        && words.len() <= 4
        && words
            .iter()
            .skip(1)
            .all(|w| is_ident_path(w.trim_end_matches(',')))
    {
        return Some(Some("python"));
    }
    if first == "from"
        && words.get(2) == Some(&"import")
        && words.get(1).is_some_and(|w| is_ident_path(w))
    {
        return Some(Some("python"));
    }
    // Go and Java packages, Go imports: `package main`, `import "fmt"`,
    // `import (`.
    if first == "package"
        && words.len() == 2
        && is_ident_path(words[1].trim_end_matches(';'))
        && words[1]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase())
    {
        return Some(None);
    }
    if first == "import" && words.len() <= 3 && (t.ends_with('"') || t.ends_with('(')) {
        return Some(None);
    }
    // A line of settings, `key=value` for most of its words (log lines,
    // environment assignments): `level=info msg=started port=8080`.
    let settings = words.iter().filter(|w| is_setting(w)).count();
    if settings >= 2 && settings * 2 > words.len() {
        return Some(None);
    }
    // Declarations with a keyword.
    if matches!(first, "let" | "const" | "var" | "val")
        && words.get(2) == Some(&"=")
        && words
            .get(1)
            .is_some_and(|w| is_ident_path(w.trim_end_matches(':')))
    {
        return Some(None);
    }
    // Assignment to one identifier: `x = f(y)`, `slice = memoryview(c)[1:]`.
    if let Some(eq) = t.find('=') {
        let lhs = t[..eq].trim_end();
        let lhs = lhs
            .strip_suffix(['+', '-', '*', '/', ':', '|', '&'])
            .unwrap_or(lhs)
            .trim_end();
        let rhs = t[eq + 1..].trim();
        let lhs_core = lhs.split('[').next().unwrap_or("");
        let operator_ok = !rhs.starts_with('=') && !t[..eq].ends_with(['!', '<', '>', '=']);
        let rhs_codeish = rhs.contains(['(', '[', '{', '"', '\''])
            || (!rhs.is_empty() && !rhs.contains(' ') && !rhs.ends_with('.'));
        if operator_ok
            && !lhs.is_empty()
            && !lhs.contains(' ')
            && is_ident_path(lhs_core)
            && !rhs.is_empty()
            && rhs_codeish
            && !is_prose(rhs)
        {
            return Some(None);
        }
    }
    // A bare call statement: `printf("hi");`, `main()`.
    if let Some(open) = t.find('(') {
        let callee = &t[..open];
        if open > 0
            && is_ident_path(callee)
            && (t.ends_with(')') || t.ends_with(");"))
            && !is_prose(t)
        {
            return Some(None);
        }
    }
    // Block openers and lone brackets.
    if t == "{" || t == "[" {
        return Some(None);
    }
    if t.ends_with('{')
        && (words.len() <= 8 || t.ends_with(") {"))
        && !is_prose(t.trim_end_matches('{'))
    {
        return Some(None);
    }
    // Line comments of C-like languages.
    if t.starts_with("//") || t.starts_with("/*") {
        return Some(None);
    }
    // Markup: a line that starts with a tag.
    if t.starts_with('<')
        && t.chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
        && t.contains('>')
        && !is_prose(t)
    {
        return Some(None);
    }
    // HTTP requests and Dockerfile instructions.
    let second = words.get(1).copied().unwrap_or("");
    if matches!(
        first,
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"
    ) && second.starts_with('/')
    {
        return Some(Some("http"));
    }
    if matches!(
        first,
        "FROM" | "RUN" | "CMD" | "COPY" | "ENTRYPOINT" | "WORKDIR" | "EXPOSE" | "ENV"
    ) && words.len() >= 2
        && !is_prose(t)
        && second
            .chars()
            .next()
            .is_some_and(|c| !c.is_uppercase() || first == "ENV")
    {
        return Some(Some("dockerfile"));
    }
    // Shell: an exported setting, or a program run by its path with flags
    // (`./app serve --port 8080`, `/usr/bin/env -i`).
    if first == "export" && words.get(1).is_some_and(|w| is_setting(w)) {
        return Some(Some("bash"));
    }
    let by_path = ["./", "../", "/", "~/"]
        .iter()
        .any(|p| first.starts_with(p))
        && first.len() > 2
        && !first.ends_with(['.', ',', ':']);
    if by_path
        && words
            .iter()
            .skip(1)
            .any(|w| w.starts_with('-') && w.len() > 1)
        && !is_prose(t)
    {
        return Some(Some("bash"));
    }
    // A command line without a prompt: a known command, then a flag, a path
    // or (in a short line) a subcommand.
    if COMMANDS.contains(&first) && !is_prose(t) && !t.ends_with(['.', '!', '?', ':']) {
        let rest = &words[1..];
        let flag_or_path = rest
            .iter()
            .any(|w| w.starts_with('-') || w.contains('/') || w.contains('='));
        let subcommand = rest.first().is_some_and(|w| SUBCOMMANDS.contains(w)) && words.len() <= 4;
        if flag_or_path || subcommand {
            return Some(Some("bash"));
        }
    }
    None
}

/// True for a `key=value` word whose key is an identifier and whose value
/// is not empty.
fn is_setting(word: &str) -> bool {
    word.split_once('=').is_some_and(|(key, value)| {
        is_ident_path(key) && !value.is_empty() && !value.starts_with('=')
    })
}

/// Commands that start command lines shown without a prompt.
const COMMANDS: [&str; 30] = [
    "git",
    "docker",
    "kubectl",
    "npm",
    "yarn",
    "pip",
    "pip3",
    "curl",
    "wget",
    "cargo",
    "go",
    "make",
    "sudo",
    "apt-get",
    "apt",
    "brew",
    "ssh",
    "ls",
    "cd",
    "cat",
    "grep",
    "echo",
    "python",
    "python3",
    "node",
    "helm",
    "terraform",
    "systemctl",
    "journalctl",
    "mkdir",
];
/// Subcommands that make a short line after a known command a command line.
const SUBCOMMANDS: [&str; 18] = [
    "install", "run", "build", "clone", "apply", "get", "describe", "exec", "init", "push", "pull",
    "start", "stop", "status", "commit", "checkout", "up", "down",
];

/// True for a YAML-like `key: value` line (`apiVersion: v1`, `  name: web`,
/// `- name: x`, `metadata:`): an identifier key starting in lower case, a
/// colon, and a value that is not a sentence. Only runs of such lines count
/// as code (see the block parser).
pub(crate) fn is_key_value(line: &str) -> bool {
    let t = line.trim();
    let t = t.strip_prefix("- ").unwrap_or(t);
    let Some((key, value)) = t.split_once(':') else {
        return false;
    };
    let key_ok = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    let value_ok = value.is_empty()
        || (value.starts_with(' ') && !is_prose(value) && value.split_whitespace().count() <= 6);
    key_ok && value_ok
}

/// True for lines that may continue program text even though they would
/// not start it: closers, shell keywords, comments, statements ending in
/// `;`, and lines with code operators.
pub(crate) fn weak_code(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return false;
    }
    if strong_code(t).is_some() {
        return true;
    }
    if t.starts_with(['}', ')', ']'])
        || matches!(t, "done" | "fi" | "esac" | "else" | "end" | "do" | "then")
        || t.starts_with("//")
        || t.starts_with("/*")
        || t.starts_with("-- ")
        || t.starts_with("# ")
        || t.ends_with(';')
        || t.ends_with('{')
    {
        return true;
    }
    if is_python_header(t) {
        return true;
    }
    [
        "==", "!=", "&&", "||", "->", "=>", "::", "+=", "++", "<-", ":=",
    ]
    .iter()
    .any(|op| t.contains(op))
}

/// True for a Python block header: a lower-case keyword (`for`, `if`,
/// `with`, ...) starting a line that ends in `:`, without the commas and
/// full stops of a sentence.
pub(crate) fn is_python_header(t: &str) -> bool {
    let t = t.trim();
    let first = t.split_whitespace().next().unwrap_or("");
    matches!(
        first,
        "for" | "while" | "if" | "elif" | "else:" | "with" | "try:" | "except" | "finally:"
    ) && t.ends_with(':')
        && !t.contains(", ")
        && !t.contains(". ")
}

/// Net change of bracket depth over a line (`(`, `[`, `{` open; their
/// partners close).
pub(crate) fn bracket_delta(line: &str) -> i64 {
    line.chars()
        .map(|c| match c {
            '(' | '[' | '{' => 1,
            ')' | ']' | '}' => -1,
            _ => 0,
        })
        .sum()
}

/// Net change of shell block depth: `...; do`/`...; then` open, `done`/`fi`
/// close.
pub(crate) fn shell_delta(line: &str) -> i64 {
    let t = line.trim();
    if t.ends_with("; do")
        || t.ends_with(";do")
        || t == "do"
        || t.ends_with("; then")
        || t == "then"
    {
        1
    } else if matches!(t, "done" | "fi") || t.starts_with("done ") || t.starts_with("done;") {
        -1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strong_code_lines() {
        assert_eq!(
            strong_code("$ websocketd --port=8080 ./count.sh"),
            Some(Some("bash"))
        );
        assert_eq!(
            strong_code("for ((COUNT = 1; COUNT <= 10; COUNT++)); do"),
            Some(Some("bash"))
        );
        assert_eq!(strong_code("CREATE TABLE messages ("), Some(Some("sql")));
        assert_eq!(
            strong_code("content = source.read(1024 * 10000)"),
            Some(None)
        );
        assert_eq!(
            strong_code("slice = memoryview(content)[1024:]"),
            Some(None)
        );
        assert_eq!(strong_code("#include <stdio.h>"), Some(Some("c")));
        assert_eq!(strong_code("int main(void) {"), Some(Some("c")));
        assert_eq!(
            strong_code("def handler(event, context):"),
            Some(Some("python"))
        );
        assert_eq!(strong_code("from os import path"), Some(Some("python")));
        assert_eq!(strong_code(r#"printf("hello\n");"#), Some(None));
        assert_eq!(
            strong_code("GET /api/v1/users HTTP/1.1"),
            Some(Some("http"))
        );
        assert_eq!(strong_code("FROM ubuntu:18.04"), Some(Some("dockerfile")));
        assert_eq!(
            strong_code("docker run -it ubuntu bash"),
            Some(Some("bash"))
        );
        assert_eq!(strong_code("pip install requests"), Some(Some("bash")));
        assert_eq!(
            strong_code("git clone https://github.com/curl/curl"),
            Some(Some("bash"))
        );
        assert_eq!(strong_code("// a comment"), Some(None));
        assert_eq!(strong_code("<div class=\"x\">"), Some(None));
        assert_eq!(strong_code("package main"), Some(None));
        assert_eq!(strong_code("import \"fmt\""), Some(None));
        assert_eq!(
            strong_code("canonical-log-line http_method=POST duration=0.050 status=200"),
            Some(None)
        );
        assert_eq!(
            strong_code("export DATABASE_URL=postgres://localhost/app"),
            Some(Some("bash"))
        );
        assert_eq!(strong_code("./app serve --port 8080"), Some(Some("bash")));
        for prose in [
            "export is a shell builtin.",
            "/etc/hosts maps names - before DNS is asked.",
            "./configure is the first step.",
            "package the app before you ship it",
            "Package managers are hard.",
            "import and export are both taxed.",
            "Set x=1 and y=2 before you start the program.",
            "$5 a month buys you a lot of compute.",
            "$ 5 is the price.",
            "The primary key = channel and bucket.",
            "For each request; do not retry.",
            "Select the right tool for the job.",
            "SELECT is the most used SQL keyword",
            "import the data before you start.",
            "from here on, we assume Linux.",
            "Note: this is important",
            "x == y is a comparison",
            "memoryview(bytes) avoids copying, as the docs explain.",
            "Requirements were:",
            "FROM the start, it was hard.",
            "RUN FAST is a slogan",
            "docker run makes a container",
            "curl is a great software.",
            "git is great",
            "make sure to read the docs",
            "<3 this project, it is lovely",
            "GET requests are idempotent.",
        ] {
            assert_eq!(strong_code(prose), None, "{prose}");
        }
    }

    #[test]
    fn key_values() {
        assert!(is_key_value("apiVersion: v1"));
        assert!(is_key_value("  name: web"));
        assert!(is_key_value("metadata:"));
        assert!(is_key_value("- name: x"));
        assert!(!is_key_value("Requirements were:"));
        assert!(!is_key_value("Note: this is important"));
        assert!(!is_key_value(
            "note: this is a whole sentence that goes on."
        ));
        assert!(!is_key_value("Overall Design: overall design"));
        assert!(!is_key_value("https://example.com"));
    }
}
