//! Break opportunities inside running text that has no space there, and
//! the spacing of Chinese text.
//!
//! English text breaks at spaces, but Chinese has none: a line may end
//! between any two Han characters, except before closing punctuation
//! (`。，」…`) and after opening punctuation (`（「《`) — the kinsoku rules.
//! The Unicode Line Breaking Algorithm (UAX #14) encodes both, and also
//! allows breaks after `/`, `-` and dashes in English. This module asks it
//! where a paragraph may break and says what goes there: an English break
//! costs like a break in a compound word and adds no space; a Chinese
//! break is glue that may stretch when the line is justified (Chinese
//! justifies by spacing every character a little), and a Han character
//! next to a Latin letter or digit gets a quarter em between them unless
//! the author wrote a space.

use super::super::linebreak::{SPACE_SHRINK, SPACE_STRETCH};
use super::super::units::Pt;

/// Natural width of the space put between a Han character and a Latin
/// letter or digit that touch in the source, in ems (a quarter em, as in
/// the W3C's Requirements for Chinese Text Layout, §3.2.2).
pub const HAN_LATIN_SPACE: f32 = 0.25;

/// How far the gap between two CJK characters may stretch in a justified
/// line, in ems. The line breaker sees at least this much stretch per
/// character; set lines spread their slack over every gap in proportion.
pub const CJK_GAP_STRETCH: f32 = 0.1;

/// Glue between two characters with no space between them in the source,
/// where a line may break (between Han characters, or between Han and
/// Latin text): dropped at a line break, stretched (and, for the Han–Latin
/// space, shrunk) in a justified line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap {
    /// The natural width: zero, or the Han–Latin space.
    pub width: Pt,
    /// How much wider it may become (at a stretch ratio of one).
    pub stretch: Pt,
    /// How much narrower it may become (at most).
    pub shrink: Pt,
}

/// What goes between two characters that touch in the source, where UAX
/// #14 may allow a break.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Junction {
    /// Nothing: the characters stay in one word.
    None,
    /// A break opportunity without space or stretch (English text: after
    /// `/`, `-`, `—`).
    Joint,
    /// Glue of CJK text, breakable.
    Gap(Gap),
}

/// The byte offsets of `text` at which UAX #14 allows a line break that
/// does not follow white space (those are the spaces the caller already
/// breaks at), in increasing order. The end of the text is not included.
pub fn break_offsets(text: &str) -> Vec<usize> {
    unicode_linebreak::linebreaks(text)
        .filter(|&(at, _)| at < text.len())
        .filter(|&(at, _)| {
            // Not after a soft hyphen either: hyphenation decides those.
            text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace() && c != '\u{00AD}')
        })
        .map(|(at, _)| at)
        .collect()
}

/// Whether a line may not start with `ch`: closing punctuation and the
/// like (`。，、；：？！）」…`), by its UAX #14 class. For cuts the rules
/// did not make (a word too wide for the line).
pub fn may_not_start_line(ch: char) -> bool {
    use unicode_linebreak::BreakClass as C;
    matches!(
        unicode_linebreak::break_property(u32::from(ch)),
        C::ClosePunctuation | C::CloseParenthesis | C::Exclamation | C::Inseparable | C::NonStarter
    )
}

/// Whether a line may not end with `ch`: opening punctuation (`（「《`).
pub fn may_not_end_line(ch: char) -> bool {
    matches!(
        unicode_linebreak::break_property(u32::from(ch)),
        unicode_linebreak::BreakClass::OpenPunctuation
    )
}

/// Whether `ch` is punctuation that Latin and CJK text share but draw
/// differently: quotes, the ellipsis and the dash, the middle dot of
/// transliterated names. Next to CJK text it is set in the CJK face
/// (full-width quotes, a centred ellipsis, a dash that joins its twin).
pub fn is_shared_punctuation(ch: char) -> bool {
    matches!(ch, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Whether `ch` is written in CJK text's grid of square cells: Han, kana,
/// Hangul, bopomofo, CJK punctuation and symbols, fullwidth forms.
pub fn is_cjk(ch: char) -> bool {
    matches!(u32::from(ch),
        0x1100..=0x11FF      // Hangul Jamo
        | 0x2E80..=0x2FDF    // CJK radicals, Kangxi radicals
        | 0x2FF0..=0x303F    // ideographic description, CJK symbols and punctuation
        | 0x3040..=0x31FF    // kana, bopomofo, Hangul compatibility jamo, …
        | 0x3200..=0x4DBF    // enclosed CJK, compatibility, extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xA960..=0xA97F    // Hangul Jamo extended-A
        | 0xAC00..=0xD7FF    // Hangul syllables, jamo extended-B
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFE10..=0xFE1F    // vertical forms
        | 0xFE30..=0xFE4F    // CJK compatibility forms
        | 0xFF00..=0xFF60    // fullwidth forms
        | 0xFFE0..=0xFFE6    // fullwidth signs
        | 0x20000..=0x3FFFF  // supplementary ideographic planes
    )
}

/// Whether `ch` is a CJK letter: an ideograph, kana or Hangul syllable
/// (not punctuation), the characters a Latin word gets a space from.
pub fn is_cjk_letter(ch: char) -> bool {
    is_cjk(ch) && ch.is_alphanumeric()
}

/// Whether `ch` is a Latin letter or digit (or one of another alphabet
/// set with spaces, like Greek or Cyrillic).
fn is_western_alphanumeric(ch: char) -> bool {
    ch.is_alphanumeric() && !is_cjk(ch)
}

/// What goes between `prev` and `next`, touching in the source, set at
/// `size`: `breakable` says whether UAX #14 allows a break there, and
/// `verbatim` whether both are code (which breaks only at its spaces or
/// when too long for the line).
pub fn junction(prev: char, next: char, breakable: bool, verbatim: bool, size: Pt) -> Junction {
    let cjk = is_cjk(prev) || is_cjk(next);
    if !cjk {
        return if breakable && !verbatim {
            Junction::Joint
        } else {
            Junction::None
        };
    }
    let han_latin = (is_cjk_letter(prev) && is_western_alphanumeric(next))
        || (is_western_alphanumeric(prev) && is_cjk_letter(next));
    if han_latin && breakable {
        let width = size * HAN_LATIN_SPACE;
        return Junction::Gap(Gap {
            width,
            stretch: width * SPACE_STRETCH,
            shrink: width * SPACE_SHRINK,
        });
    }
    if breakable {
        Junction::Gap(Gap {
            width: Pt::ZERO,
            stretch: size * CJK_GAP_STRETCH,
            shrink: Pt::ZERO,
        })
    } else {
        Junction::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaks_in(text: &str) -> Vec<String> {
        let offsets = break_offsets(text);
        let mut parts = Vec::new();
        let mut start = 0;
        for at in offsets.into_iter().chain([text.len()]) {
            parts.push(text[start..at].to_string());
            start = at;
        }
        parts
    }

    #[test]
    fn han_breaks_between_characters_but_not_before_closing_punctuation() {
        assert_eq!(
            breaks_in("我们（测试）了，好。"),
            ["我", "们", "（测", "试）", "了，", "好。"]
        );
        assert_eq!(breaks_in("他说：「对！」"), ["他", "说：", "「对！」"]);
    }

    #[test]
    fn english_breaks_after_slashes_and_hyphens_only() {
        assert_eq!(breaks_in("client/server"), ["client/", "server"]);
        assert_eq!(breaks_in("disk-backed"), ["disk-", "backed"]);
        // Spaces are the caller's: no offset right after one.
        assert_eq!(breaks_in("plain words here"), ["plain words here"]);
        assert_eq!(breaks_in("1,000-2,000"), ["1,000-2,000"]);
    }

    #[test]
    fn kinsoku_classes() {
        for ch in "。，、；：？！）」』〉》】…".chars() {
            assert!(may_not_start_line(ch), "{ch}");
            assert!(!may_not_end_line(ch), "{ch}");
        }
        for ch in "（「『〈《【".chars() {
            assert!(may_not_end_line(ch), "{ch}");
            assert!(!may_not_start_line(ch), "{ch}");
        }
        assert!(!may_not_start_line('中') && !may_not_end_line('中'));
    }

    #[test]
    fn han_next_to_latin_gets_a_quarter_em() {
        let size = Pt(10.0);
        let Junction::Gap(g) = junction('用', 'K', true, false, size) else {
            panic!("no gap");
        };
        assert_eq!(g.width, Pt(2.5));
        let Junction::Gap(g) = junction('中', '文', true, false, size) else {
            panic!("no gap");
        };
        assert_eq!(g.width, Pt::ZERO);
        assert!(g.stretch > Pt::ZERO);
        assert_eq!(junction('a', '/', false, false, size), Junction::None);
        assert_eq!(junction('/', 'a', true, true, size), Junction::None);
        assert_eq!(junction('/', 'a', true, false, size), Junction::Joint);
    }
}
