//! Turns the bytes of an issue file into text the readers can trust: UTF-8
//! with or without a byte-order mark, any line ending, and — for files saved
//! by old editors — Windows-1252, decoded with a warning instead of a crash.
//! UTF-16 with a byte-order mark (what Windows Notepad saves as "Unicode")
//! is read too.

/// How the bytes of a file were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Valid UTF-8 (a byte-order mark, if any, was dropped).
    Utf8,
    /// Not valid UTF-8; decoded as Windows-1252.
    Windows1252,
    /// UTF-16 (little- or big-endian) announced by its byte-order mark.
    Utf16,
}

/// Decoded text of one file, with `\n` line endings only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    /// The text.
    pub text: String,
    /// How it was decoded.
    pub encoding: Encoding,
    /// The first line (1-based) holding a byte that is not UTF-8, when the
    /// file fell back to Windows-1252.
    pub first_bad_line: Option<usize>,
}

/// True when `bytes` start with a UTF-16 byte-order mark (`FF FE` or
/// `FE FF`): such a file is text even though it is full of zero bytes.
pub fn has_utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")
}

/// The text of UTF-16 `bytes` after their byte-order mark; an unpaired
/// surrogate or an odd last byte becomes U+FFFD.
fn utf16_text(bytes: &[u8]) -> String {
    let little = bytes.starts_with(b"\xFF\xFE");
    let units = bytes[2..].chunks(2).map(|pair| match pair {
        [a, b] if little => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Decodes `bytes`: UTF-16 with a byte-order mark, UTF-8 (BOM dropped) or
/// else Windows-1252; CRLF and lone CR become LF.
pub fn decode(bytes: &[u8]) -> DecodedText {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf8 = if has_utf16_bom(bytes) {
        Err(None)
    } else {
        std::str::from_utf8(bytes).map_err(Some)
    };
    let (text, encoding, first_bad_line) = match utf8 {
        Ok(text) => (text.to_string(), Encoding::Utf8, None),
        Err(None) => (utf16_text(bytes), Encoding::Utf16, None),
        Err(Some(err)) => {
            let bad_at = err.valid_up_to();
            let line = 1 + bytes[..bad_at].iter().filter(|&&b| b == b'\n').count();
            let text: String = bytes.iter().map(|&b| windows_1252_char(b)).collect();
            (text, Encoding::Windows1252, Some(line))
        }
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    DecodedText {
        text,
        encoding,
        first_bad_line,
    }
}

/// The character Windows-1252 assigns to `byte`. The five bytes it leaves
/// undefined map to the C1 controls of the same value, as browsers do.
pub fn windows_1252_char(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf() {
        let d = decode(b"\xEF\xBB\xBFtitle\r\nline\rend");
        assert_eq!(d.text, "title\nline\nend");
        assert_eq!(d.encoding, Encoding::Utf8);
    }

    #[test]
    fn utf16_with_either_byte_order_mark() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("tï\r\n€".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode(&le);
        assert_eq!(d.text, "tï\n€");
        assert_eq!(d.encoding, Encoding::Utf16);
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("ok".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&be).text, "ok");
        assert!(!has_utf16_bom(b"plain"));
    }

    #[test]
    fn windows_1252_fallback_keeps_every_character() {
        let d = decode(b"ok\ncaf\xE9 \x93quoted\x94 \x80");
        assert_eq!(d.text, "ok\ncafé “quoted” €");
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert_eq!(d.first_bad_line, Some(2));
    }
}
