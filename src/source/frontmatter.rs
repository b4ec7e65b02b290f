//! YAML front matter (`---` … `---` at the top of a Markdown issue), as
//! VuePress writes it. Only the keys the book uses are read; the rest
//! (`sidebar`, `published`, `tags`, …) are accepted and ignored.

use serde::Deserialize;

/// The front matter keys the book uses.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct FrontMatter {
    /// The issue title, e.g. "EnqueueZero Techshack 2019-06".
    pub title: Option<String>,
    /// A publication date, shown as written.
    pub date: Option<serde_yaml::Value>,
    /// The language (BCP 47, e.g. `zh-Hans`), which decides its
    /// edition. Any YAML type is accepted so that an odd value never makes
    /// the whole front matter unreadable; see [`FrontMatter::language_tag`].
    pub lang: Option<serde_yaml::Value>,
    /// The same as `lang:`, as some sites write it.
    pub language: Option<serde_yaml::Value>,
}

impl FrontMatter {
    /// The date as text, whatever YAML type it was written as.
    pub fn date_text(&self) -> Option<String> {
        match &self.date {
            Some(serde_yaml::Value::String(s)) if !s.trim().is_empty() => {
                Some(s.trim().to_string())
            }
            Some(serde_yaml::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        }
    }

    /// The language named by `lang:` (else `language:`), when it is a
    /// non-empty string.
    pub fn language_tag(&self) -> Option<String> {
        [&self.lang, &self.language]
            .into_iter()
            .find_map(|value| match value {
                Some(serde_yaml::Value::String(s)) if !s.trim().is_empty() => {
                    Some(s.trim().to_string())
                }
                _ => None,
            })
    }
}

/// A file split into its front matter and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// The parsed front matter (default when the file has none).
    pub front_matter: FrontMatter,
    /// Whether the file had a front matter block at all.
    pub present: bool,
    /// The text after the front matter.
    pub body: &'a str,
    /// How many lines precede `body` in the file (to report body lines as
    /// file lines).
    pub body_line_offset: usize,
}

/// Why the front matter could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column on that line, when the YAML parser gives one.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// Splits `text` into front matter and body, parsing the YAML.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let none = Split {
        front_matter: FrontMatter::default(),
        present: false,
        body: text,
        body_line_offset: 0,
    };
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok(none);
    };
    // The closing delimiter: a line that is exactly `---` or `...`.
    let mut offset = 0;
    let mut yaml_end = None;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            yaml_end = Some((offset, offset + line.len(), i));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_len, body_start, closing_index)) = yaml_end else {
        return Err(FrontMatterError {
            line: 1,
            column: None,
            message: "front matter starts with `---` but has no closing `---` line; add one after the last YAML line".into(),
        });
    };
    let yaml = &rest[..yaml_len];
    let front_matter = if yaml.trim().is_empty() {
        FrontMatter::default()
    } else {
        serde_yaml::from_str::<FrontMatter>(yaml).map_err(|e| FrontMatterError {
            // +1 for the opening `---` line; serde_yaml's lines are 1-based.
            line: e.location().map_or(2, |loc| loc.line() + 1),
            column: e.location().map(|loc| loc.column()),
            message: format!(
                "front matter is not valid YAML: {}",
                strip_location(&e.to_string())
            ),
        })?
    };
    Ok(Split {
        front_matter,
        present: true,
        body: &rest[body_start..],
        body_line_offset: closing_index + 2,
    })
}

/// serde_yaml appends " at line L column C" to its messages; the caller
/// reports the line itself.
fn strip_location(message: &str) -> &str {
    message.find(" at line ").map_or(message, |i| &message[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_title_and_ignores_other_keys() {
        let s = split("---\ntitle: T 2019-06\nsidebar: auto\ndescription:\n---\n\n# T\n").unwrap();
        assert!(s.present);
        assert_eq!(s.front_matter.title.as_deref(), Some("T 2019-06"));
        assert_eq!(s.body, "\n# T\n");
        assert_eq!(s.body_line_offset, 5);
    }

    #[test]
    fn no_front_matter() {
        let s = split("# Title\n").unwrap();
        assert!(!s.present);
        assert_eq!(s.body, "# Title\n");
    }

    #[test]
    fn broken_yaml_names_the_line() {
        let e = split("---\ntitle: ok\ntags: [a, b\n---\nbody").unwrap_err();
        assert!(e.line >= 3, "{e:?}");
        assert!(e.message.contains("not valid YAML"));
    }

    #[test]
    fn unclosed_front_matter() {
        let e = split("---\ntitle: x\n").unwrap_err();
        assert_eq!(e.line, 1);
    }
}
