//! Repair of mojibake: UTF-8 text that was once decoded as Windows-1252.
//!
//! Some issues went through a tool that read their UTF-8 bytes as
//! Windows-1252 (or Latin-1) and saved the result as UTF-8 again, so a
//! typographic apostrophe `’` (bytes `E2 80 99`) now reads `â€™`, and `é`
//! (bytes `C3 A9`) reads `Ã©`. Every issue, whatever its shape, is passed
//! through [`repair`] before it is parsed, so the book prints what the
//! author wrote.
//!
//! The repair maps each suspicious character back to the Windows-1252 byte
//! it came from and keeps the result only where those bytes form one valid
//! multi-byte UTF-8 character. Correct text is left alone: `café`, `naïve`
//! and `Zürich` contain characters that could be Windows-1252 bytes, but not
//! in the lead-byte-then-continuation-bytes pattern a UTF-8 character needs.
//! Two-byte sequences are the riskiest (an accented capital followed by a
//! symbol can be legitimate), so they are repaired only for the leads that
//! dominate real mojibake (`Â`, `Ã`), when the second character can only
//! come from Windows-1252's `80`–`9F` range, or when several such sequences
//! stand in a row (as in mis-decoded Cyrillic or Greek words); once a line
//! holds one such trusted sequence, the other sequences on it are repaired
//! too.

use std::borrow::Cow;

/// The characters Windows-1252 puts at bytes `80`–`9F`, indexed by
/// `byte - 0x80`. The five bytes Windows-1252 leaves undefined decode, in the
/// lenient decoders that produce mojibake, to the C1 control of the same
/// number, so they map back to themselves.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// The Windows-1252 byte a character decodes from, if any.
fn cp1252_byte(c: char) -> Option<u8> {
    let code = u32::from(c);
    if (0xA0..=0xFF).contains(&code) || code < 0x80 {
        return u8::try_from(code).ok();
    }
    CP1252_HIGH
        .iter()
        .position(|&h| h == c)
        .and_then(|i| u8::try_from(0x80 + i).ok())
}

/// True for a byte that continues a UTF-8 sequence (`10xxxxxx`).
fn is_continuation(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// How many bytes a UTF-8 sequence with this lead byte has (2–4), or `None`
/// if the byte cannot lead a multi-byte sequence.
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// One mojibake sequence found at a position of a line's character list.
struct Found {
    /// The repaired character.
    repaired: char,
    /// How many characters of the input it replaces.
    len: usize,
    /// The first byte of the sequence (decides how trustworthy it is).
    lead: u8,
    /// True when a continuation came from the `80`–`9F` range, which in
    /// correct text would be a rare punctuation mark right after a letter.
    has_high: bool,
}

/// Tries to read one mis-decoded UTF-8 character starting at `chars[i]`.
fn decode_at(chars: &[char], i: usize) -> Option<Found> {
    let lead = cp1252_byte(*chars.get(i)?)?;
    let len = sequence_len(lead)?;
    let mut bytes = vec![lead];
    let mut has_high = false;
    for k in 1..len {
        let c = *chars.get(i + k)?;
        let b = match cp1252_byte(c) {
            Some(b) => b,
            // A strict decoder turns the undefined byte 9D into U+FFFD; the
            // only common case is the closing quote `”` (E2 80 9D) read as
            // `â€�`, so that one sequence is recognised.
            None if c == '\u{FFFD}' && k == 2 && bytes == [0xE2, 0x80] => 0x9D,
            None => return None,
        };
        if !is_continuation(b) {
            return None;
        }
        has_high |= b <= 0x9F;
        bytes.push(b);
    }
    let s = std::str::from_utf8(&bytes).ok()?;
    let repaired = s.chars().next()?;
    // C1 controls (C2 80–C2 9F) are never what an author meant.
    if ('\u{80}'..='\u{9F}').contains(&repaired) {
        return None;
    }
    Some(Found {
        repaired,
        len,
        lead,
        has_high,
    })
}

/// Whether a found sequence is trusted on its own, without a neighbour.
fn trusted_alone(found: &Found) -> bool {
    found.len >= 3 || matches!(found.lead, 0xC2 | 0xC3) || found.has_high
}

/// Repairs one line; returns `None` when nothing was changed.
fn repair_line(line: &str) -> Option<String> {
    // Fast path: mojibake always contains a character from U+0080 upwards.
    if line.is_ascii() {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    // First pass: find candidate sequences.
    let mut found: Vec<(usize, Found)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match decode_at(&chars, i) {
            Some(f) => {
                let len = f.len;
                found.push((i, f));
                i += len;
            }
            None => i += 1,
        }
    }
    if found.is_empty() {
        return None;
    }
    // Second pass: keep trusted sequences and two-byte ones that stand next
    // to another sequence (a whole mis-decoded word). A line that holds one
    // trusted sequence was mis-decoded as a whole, so then every sequence on
    // it is kept.
    let line_is_garbled = found.iter().any(|(_, f)| trusted_alone(f));
    let mut keep = vec![false; found.len()];
    for (n, (start, f)) in found.iter().enumerate() {
        let touches_prev = n > 0 && {
            let (ps, pf) = &found[n - 1];
            ps + pf.len == *start
        };
        let touches_next = found.get(n + 1).is_some_and(|(ns, _)| start + f.len == *ns);
        keep[n] = line_is_garbled || touches_prev || touches_next;
    }
    if !keep.iter().any(|&k| k) {
        return None;
    }
    let mut out = String::with_capacity(line.len());
    let mut next = 0;
    for ((start, f), k) in found.iter().zip(&keep) {
        if !k {
            continue;
        }
        out.extend(&chars[next..*start]);
        out.push(f.repaired);
        next = start + f.len;
    }
    out.extend(&chars[next..]);
    Some(out)
}

/// Repairs text whose UTF-8 was decoded as Windows-1252 somewhere on its way
/// (`storeâ€™s` → `store’s`, `â€œ…â€�` → `“…”`, `Ã©` → `é`).
///
/// Returns the text (borrowed when nothing changed) and the 1-based numbers
/// of the lines that were repaired, so the caller can report them. Line
/// breaks and all other characters are kept as they are.
pub fn repair(text: &str) -> (Cow<'_, str>, Vec<usize>) {
    if text.is_ascii() {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut lines = Vec::new();
    let mut out = String::new();
    let mut changed = false;
    for (n, piece) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        match repair_line(piece) {
            Some(fixed) => {
                out.push_str(&fixed);
                lines.push(n + 1);
                changed = true;
            }
            None => out.push_str(piece),
        }
    }
    if changed {
        (Cow::Owned(out), lines)
    } else {
        (Cow::Borrowed(text), lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Produces mojibake the way the broken tools did: UTF-8 bytes read as
    /// Windows-1252.
    fn garble(s: &str) -> String {
        s.bytes()
            .map(|b| {
                if (0x80..=0x9F).contains(&b) {
                    CP1252_HIGH[usize::from(b - 0x80)]
                } else {
                    char::from(b)
                }
            })
            .collect()
    }

    #[test]
    fn repairs_apostrophe_from_the_issue() {
        let (fixed, lines) = repair("the metadata storeâ€™s schemas");
        assert_eq!(fixed, "the metadata store’s schemas");
        assert_eq!(lines, vec![1]);
    }

    #[test]
    fn repairs_quotes_including_the_replacement_character() {
        let (fixed, _) = repair("a â€œtombstoneâ€� here");
        assert_eq!(fixed, "a “tombstone” here");
        let (fixed, _) = repair("a â€œtombstoneâ€\u{9D} here");
        assert_eq!(fixed, "a “tombstone” here");
    }

    #[test]
    fn repairs_accents_and_dashes() {
        let (fixed, _) = repair("cafÃ© in ZÃ¼rich â€” naÃ¯ve");
        assert_eq!(fixed, "café in Zürich — naïve");
        let (fixed, _) = repair("Â© 2019");
        assert_eq!(fixed, "© 2019");
    }

    #[test]
    fn round_trips_garbled_text() {
        for original in [
            "It’s “quoted” — and… €5",
            "Привет, мир",
            "Ελληνικά",
            "日本語のテキスト",
            "emoji 🚀 here",
            "Œuvre and œ",
            "Dvořák in Łódź",
        ] {
            let garbled = garble(original);
            let (fixed, lines) = repair(&garbled);
            assert_eq!(fixed, original, "garbled: {garbled}");
            assert_eq!(lines, vec![1]);
        }
    }

    #[test]
    fn leaves_correct_text_alone() {
        for good in [
            "café, naïve, Zürich, Ångström, façade, São Paulo, Øresund",
            "résumé — “quotes” and ‘single’ … € ™ ©",
            "±5 °C, µs, ½ cup, ¿qué? ¡sí!",
            "CAFÉ À LA CARTE, ÉTÉ",
            "plain ASCII text",
            "Größe, Straße, Ärger, Öl, Übel",
            "日本語 and 한국어 and emoji 🚀",
            "",
        ] {
            let (fixed, lines) = repair(good);
            assert!(matches!(fixed, Cow::Borrowed(_)), "changed: {good}");
            assert!(lines.is_empty());
        }
    }

    #[test]
    fn two_byte_sequences_with_other_leads_need_a_neighbour() {
        // An accented capital followed by a Latin-1 symbol stays.
        let (fixed, _) = repair("ÉTÉ° and Ö«");
        assert_eq!(fixed, "ÉTÉ° and Ö«");
        // A whole mis-decoded word is repaired.
        let garbled = garble("слово");
        let (fixed, _) = repair(&garbled);
        assert_eq!(fixed, "слово");
    }

    #[test]
    fn reports_line_numbers_and_keeps_line_breaks() {
        let text = "fine\nstoreâ€™s\nfine\r\nitâ€™s\n";
        let (fixed, lines) = repair(text);
        assert_eq!(fixed, "fine\nstore’s\nfine\r\nit’s\n");
        assert_eq!(lines, vec![2, 4]);
    }

    #[test]
    fn truncated_sequences_are_left_alone() {
        for odd in ["â€", "â", "Ã", "xâ€\u{FFFD}", "\u{FFFD}\u{FFFD}", "Â"] {
            let (fixed, _) = repair(odd);
            // Only the full `â€�` may change; nothing may panic.
            if odd == "xâ€\u{FFFD}" {
                assert_eq!(fixed, "x”");
            } else {
                assert_eq!(fixed, odd);
            }
        }
    }

    #[test]
    fn sample_issues_only_the_known_line_changes() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("issues");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let (fixed, lines) = repair(&text);
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == "2019-03.md" {
                assert_eq!(lines, vec![19], "{name}");
                assert!(fixed.contains("metadata store’s schemas"));
            } else {
                assert!(lines.is_empty(), "{name}: {lines:?}");
            }
        }
    }
}
