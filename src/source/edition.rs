//! Which edition (language) an issue file belongs to.
//!
//! A site may carry an issue in several languages: `2019-01.md` and
//! `2019-01-CN.md` are the same issue, one in English and one in Chinese,
//! and belong to two books. The language is taken, in this order, from
//!
//! 1. the file name: a last part `-CN`, `-cn`, `-zh`, `_zh`, `.zh`,
//!    `-zh-Hans`, `-zh_TW`, `-en`, … before the extension;
//! 2. the front matter: `lang:` or `language:`;
//! 3. the text: mostly Han characters is Chinese (`zh-Hans`).
//!
//! An issue none of these mark is in the book's default language.

use std::path::Path;

/// The language marked by the file name of `path`, as a BCP 47 tag.
pub fn from_file_name(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    // The marker is the last one or two parts of the stem, after the issue
    // number: try the longer first, so `-zh-Hant` is not read as `-Hant`.
    let cuts: Vec<usize> = stem
        .char_indices()
        .filter(|(_, c)| matches!(c, '-' | '_' | '.'))
        .map(|(i, _)| i)
        .collect();
    for &cut in cuts.iter().rev().take(2).rev() {
        if let Some(tag) = marker_language(&stem[cut + 1..]) {
            return Some(tag.to_string());
        }
    }
    None
}

/// The language of a file-name marker (`CN`, `zh_Hans`, `en`), if it is
/// one.
fn marker_language(marker: &str) -> Option<&'static str> {
    let lower = marker.replace('_', "-").to_ascii_lowercase();
    Some(match lower.as_str() {
        "cn" | "zh" | "chs" | "zh-cn" | "zh-hans" | "zh-hans-cn" | "zh-sg" => "zh-Hans",
        "cht" | "zh-tw" | "zh-hk" | "zh-mo" | "zh-hant" | "zh-hant-tw" | "zh-hant-hk" => "zh-Hant",
        "en" | "en-us" | "en-gb" => "en",
        _ => return None,
    })
}

/// The language of `text` when it is mostly written in Han characters:
/// `zh-Hans`; otherwise `None` (the book's default language).
///
/// Each Han character counts as a word, as does each run of Latin
/// letters; the text is Chinese when Han characters outnumber Latin
/// words. A Chinese summary of an English article keeps product names in
/// Latin letters ("Kubernetes 是一个容器编排系统": 9 against 1), while an
/// English issue that quotes a Chinese name stays English.
pub fn from_text(text: &str) -> Option<String> {
    let mut han = 0usize;
    let mut latin_words = 0usize;
    let mut in_word = false;
    for c in text.chars() {
        if is_han(c) {
            han += 1;
            in_word = false;
        } else if c.is_ascii_alphabetic() {
            if !in_word {
                latin_words += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    (han > latin_words).then(|| "zh-Hans".to_string())
}

/// Whether `c` is a CJK unified ideograph (the blocks Chinese text is
/// written in).
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2EBEF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(file: &str) -> Option<String> {
        from_file_name(Path::new(file))
    }

    #[test]
    fn markers_in_file_names() {
        for chinese in [
            "2019-01-CN.md",
            "2019-01-cn.md",
            "2019-01-zh.md",
            "2019-02.zh.md",
            "2019-03_zh.txt",
            "2019-04-zh-Hans.md",
            "2019-04-zh_CN.md",
        ] {
            assert_eq!(name(chinese).as_deref(), Some("zh-Hans"), "{chinese}");
        }
        assert_eq!(name("2019-05-zh-Hant.md").as_deref(), Some("zh-Hant"));
        assert_eq!(name("2019-05-zh-TW.md").as_deref(), Some("zh-Hant"));
        assert_eq!(name("2019-05.en.md").as_deref(), Some("en"));
        for plain in ["2019-01.md", "2019-12.txt", "issue-cnn.md", "zh"] {
            assert_eq!(name(plain), None, "{plain}");
        }
    }

    #[test]
    fn chinese_text_is_mostly_han() {
        assert_eq!(
            from_text("# Kubernetes 简介\n\nKubernetes 是一个容器编排系统。").as_deref(),
            Some("zh-Hans")
        );
        assert_eq!(
            from_text("An interview with 张三 about the Go runtime and its scheduler."),
            None
        );
        assert_eq!(from_text(""), None);
    }
}
