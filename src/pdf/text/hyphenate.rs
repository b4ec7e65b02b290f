//! Hyphenation of running text: where a word may break with a hyphen.

use super::breaks::is_cjk;
use super::{Fragment, Piece, Word};
use crate::pdf::fonts::Fonts;

/// Shortest word that is hyphenated, in characters.
const HYPHENATE_MIN_WORD: usize = 6;

/// Adds hyphenation points to the words of running text: [`Piece::Hyphen`]
/// between the syllables `lang`'s patterns find (at least two characters
/// before the hyphen and three after it, never inside a ligature), and a
/// break opportunity after the hyphen of a compound like `disk-backed`.
/// Code, links shown as URLs and words with digits or symbols are left
/// whole.
pub fn hyphenate(fonts: &Fonts, pieces: Vec<Piece>, lang: hypher::Lang) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let Piece::Word(word) = piece else {
            out.push(piece);
            continue;
        };
        let [fragment] = word.fragments.as_slice() else {
            out.push(Piece::Word(word));
            continue;
        };
        // Han text is never hyphenated, whatever the book's language.
        if fragment.style.verbatim
            || fragment.style.face.is_mono()
            || fragment.text.chars().any(is_cjk)
        {
            out.push(Piece::Word(word));
            continue;
        }
        // The letters, without surrounding quotes and punctuation.
        let text = fragment.text.as_str();
        let core_start = text
            .char_indices()
            .find(|(_, c)| c.is_alphabetic())
            .map_or(text.len(), |(i, _)| i);
        let core_end = text
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_alphabetic())
            .map_or(core_start, |(i, c)| i + c.len_utf8());
        let core = &text[core_start..core_end.max(core_start)];
        let mut cuts: Vec<(usize, bool)> = Vec::new(); // (byte offset, needs a hyphen)
        for (offset, part) in split_compound(core) {
            if part.chars().count() >= HYPHENATE_MIN_WORD && part.chars().all(char::is_alphabetic) {
                let mut at = offset;
                for syllable_len in syllable_lengths(part, lang) {
                    at += syllable_len;
                    cuts.push((core_start + at, true));
                }
            }
            if offset + part.len() < core.len() {
                // After the compound's own hyphen.
                cuts.push((core_start + offset + part.len() + 1, false));
            }
        }
        if cuts.is_empty() {
            out.push(Piece::Word(word));
            continue;
        }
        let hyphen = Fragment::shaped(fonts, "-", &fragment.style);
        let mut rest = fragment.clone();
        let mut consumed = 0;
        for (at, needs_hyphen) in cuts {
            let Some((head, tail)) = rest.split_at(at - consumed) else {
                continue;
            };
            consumed = at;
            out.push(Piece::Word(Word {
                fragments: vec![head],
            }));
            out.push(if needs_hyphen {
                Piece::Hyphen(hyphen.clone())
            } else {
                Piece::Joint
            });
            rest = tail;
        }
        out.push(Piece::Word(Word {
            fragments: vec![rest],
        }));
    }
    out
}

/// The byte lengths of the syllables of `word` in `lang`, but the last
/// (where a hyphen may go), remembered per thread: words repeat a lot
/// across a book, and the patterns were a tenth of a book's layout. The
/// memo is emptied when it holds [`SYLLABLE_MEMO_WORDS`] words, so memory
/// stays bounded whatever the archive.
fn syllable_lengths(word: &str, lang: hypher::Lang) -> Vec<usize> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static MEMO: RefCell<HashMap<(hypher::Lang, String), Vec<usize>>> =
            RefCell::new(HashMap::new());
    }
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(lengths) = memo.get(&(lang, word.to_string())) {
            return lengths.clone();
        }
        let syllables: Vec<&str> = hypher::hyphenate_bounded(word, lang, 2, 3).collect();
        let lengths: Vec<usize> = syllables[..syllables.len().saturating_sub(1)]
            .iter()
            .map(|s| s.len())
            .collect();
        if memo.len() >= SYLLABLE_MEMO_WORDS {
            memo.clear();
        }
        memo.insert((lang, word.to_string()), lengths.clone());
        lengths
    })
}

/// Most words [`syllable_lengths`] remembers per thread.
const SYLLABLE_MEMO_WORDS: usize = 100_000;

/// The parts of a compound word between its hyphens, with their byte
/// offsets; parts shorter than two letters are not split off.
fn split_compound(word: &str) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in word.char_indices() {
        if c == '-' && i >= start + 2 && word.len() >= i + 3 {
            parts.push((start, &word[start..i]));
            start = i + 1;
        }
    }
    parts.push((start, &word[start..]));
    parts
}
