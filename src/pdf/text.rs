//! Running text: inline content → styled fragments → words → set lines.
//!
//! A paragraph goes through three steps, each replaceable on its own:
//! 1. [`pieces`] flattens the inline tree into words and spaces, each word a
//!    list of [`Fragment`]s in one style and one face (characters a face
//!    lacks go to a fallback face);
//! 2. [`fit_words`] cuts words wider than the measure (long URLs, paths) at
//!    character boundaries, preferably after `/ - . _`;
//! 3. [`super::linebreak::break_lines`] chooses the line ends and
//!    [`set_lines`] positions the fragments, justifying where asked.

use super::fonts::{Face, Fonts};
use super::linebreak::{break_lines, knuth_plass, LineEnd, SPACE_SHRINK};
use super::page::{Item, Link, LinkTarget, RuleLine, RunGlyph, TextRun};
use super::style::{self, TextStyle};
use super::units::{Point, Pt, Rect};
use crate::model::Inline;

/// Text in one style and one face, with its measured width.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    /// The characters.
    pub text: String,
    /// How they are set; `style.face` is a face that has every character.
    pub style: TextStyle,
    /// The advance width.
    pub width: Pt,
    /// The shaped glyphs (their texts add up to `text`).
    pub glyphs: Vec<RunGlyph>,
}

impl Fragment {
    /// `text` shaped in `style` (whose face has every character).
    pub fn shaped(fonts: &Fonts, text: &str, style: &TextStyle) -> Fragment {
        let face = style.face;
        let shaped = fonts.shape(face, text);
        let loaded = fonts.face(face);
        let mut glyphs = Vec::with_capacity(shaped.len());
        for (i, g) in shaped.iter().enumerate() {
            let start = g.cluster as usize;
            let first_of_cluster = i == 0 || shaped[i - 1].cluster != g.cluster;
            // The cluster runs to the next glyph's cluster (or the end).
            let end = shaped[i + 1..]
                .iter()
                .map(|n| n.cluster as usize)
                .find(|&c| c > start)
                .unwrap_or(text.len());
            let chars = if first_of_cluster {
                text.get(start..end).unwrap_or_default().to_string()
            } else {
                String::new()
            };
            glyphs.push(RunGlyph {
                id: g.id,
                advance: loaded.units_to_pt(g.advance as f32, style.size),
                text: chars,
            });
        }
        Fragment {
            text: text.to_string(),
            style: style.clone(),
            width: glyphs.iter().map(|g| g.advance).sum(),
            glyphs,
        }
    }

    /// Splits the fragment after `at` bytes of its text, when that is a
    /// boundary between glyphs (never inside a ligature).
    fn split_at(&self, at: usize) -> Option<(Fragment, Fragment)> {
        let mut bytes = 0;
        for (i, g) in self.glyphs.iter().enumerate() {
            if bytes == at && i > 0 && !g.text.is_empty() {
                let (a, b) = self.glyphs.split_at(i);
                let part = |glyphs: &[RunGlyph], text: &str| Fragment {
                    text: text.to_string(),
                    style: self.style.clone(),
                    width: glyphs.iter().map(|g| g.advance).sum(),
                    glyphs: glyphs.to_vec(),
                };
                return Some((part(a, &self.text[..at]), part(b, &self.text[at..])));
            }
            bytes += g.text.len();
        }
        None
    }
}

/// A word: what stands between two break opportunities.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Word {
    /// Its fragments, left to right.
    pub fragments: Vec<Fragment>,
}

impl Word {
    /// The advance width of the whole word.
    pub fn width(&self) -> Pt {
        self.fragments.iter().map(|f| f.width).sum()
    }

    fn text(&self) -> String {
        self.fragments.iter().map(|f| f.text.as_str()).collect()
    }
}

/// The material of a paragraph, as the line breaker sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// A word (never broken by the line breaker).
    Word(Word),
    /// An inter-word space of this natural width; a break opportunity.
    Space(Pt),
    /// A break opportunity without space (inside a long URL).
    Joint,
    /// A hard line break.
    ForcedBreak,
    /// A place where a word may be hyphenated: the hyphen drawn at the end
    /// of the line when the break is taken there.
    Hyphen(Fragment),
}

/// How lines are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alignment {
    /// Flush left and right, except the last line.
    Justify,
    /// Flush left, ragged right.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// A line of text, set: its height and its items, positioned relative to
/// the line's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct SetLine {
    /// Distance from this line's top to the next line's top.
    pub height: Pt,
    /// Distance from the line's top to its baseline.
    pub baseline: Pt,
    /// The text runs, links and strike-through lines.
    pub items: Vec<Item>,
    /// The width the content actually takes.
    pub width: Pt,
    /// The footnotes referenced on this line, in order, each once.
    pub notes: Vec<u32>,
}

/// How far a justified space may stretch, relative to its natural width,
/// before the line is set ragged instead.
const MAX_SPACE_STRETCH: f32 = 2.2;

/// Characters after which a long word (URL, path) may be broken.
const URL_BREAK_AFTER: &[char] = &[
    '/', '-', '.', '_', '?', '&', '=', '#', ',', ';', ':', '\\', '|',
];

/// A word counts as long, and gets break points after URL punctuation, when
/// it is wider than this share of the measure.
const LONG_WORD_SHARE: f32 = 0.4;

/// Sets `inlines` in lines of at most `width`, starting from `base` style.
pub fn set_paragraph(
    fonts: &Fonts,
    inlines: &[Inline],
    base: &TextStyle,
    width: Pt,
    align: Alignment,
    leading: f32,
) -> Vec<SetLine> {
    set_paragraph_in(fonts, inlines, base, width, align, leading, None)
}

/// Like [`set_paragraph`], hyphenating in `lang` when given (justified
/// running text).
pub fn set_paragraph_in(
    fonts: &Fonts,
    inlines: &[Inline],
    base: &TextStyle,
    width: Pt,
    align: Alignment,
    leading: f32,
    lang: Option<hypher::Lang>,
) -> Vec<SetLine> {
    let mut pieces = pieces(fonts, inlines, base);
    if let Some(lang) = lang {
        pieces = hyphenate(fonts, pieces, lang);
    }
    let pieces = fit_words(fonts, pieces, width);
    set_lines(fonts, &pieces, base, width, align, leading)
}

/// Sets a plain string (titles, furniture) like [`set_paragraph`].
pub fn set_plain(
    fonts: &Fonts,
    text: &str,
    base: &TextStyle,
    width: Pt,
    align: Alignment,
    leading: f32,
) -> Vec<SetLine> {
    set_paragraph(
        fonts,
        &[Inline::Text(text.to_string())],
        base,
        width,
        align,
        leading,
    )
}

/// A stretch of text in one style before it is cut into words.
enum Atom {
    Text(String, TextStyle),
    Break,
}

fn flatten(inlines: &[Inline], style: &TextStyle, out: &mut Vec<Atom>) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push(Atom::Text(t.clone(), style.clone())),
            Inline::Emph(c) => {
                let mut s = style.clone();
                s.face = s.face.italicized();
                flatten(c, &s, out);
            }
            Inline::Strong(c) => {
                let mut s = style.clone();
                s.face = s.face.bolder();
                flatten(c, &s, out);
            }
            Inline::Strike(c) => {
                let mut s = style.clone();
                s.strike = true;
                flatten(c, &s, out);
            }
            Inline::Sup(c) => {
                let mut s = style.clone();
                s.rise += style.size * 0.36;
                s.size = style.size * style::SCRIPT_SCALE;
                flatten(c, &s, out);
            }
            Inline::Sub(c) => {
                let mut s = style.clone();
                s.rise -= style.size * 0.16;
                s.size = style.size * style::SCRIPT_SCALE;
                flatten(c, &s, out);
            }
            Inline::Code(t) => {
                let mut s = style.clone();
                s.face = if matches!(style.face, Face::Bold | Face::BoldItalic) {
                    Face::MonoBold
                } else {
                    Face::Mono
                };
                if !style.face.is_mono() {
                    s.size = style.size * style::INLINE_CODE_SCALE;
                }
                s.verbatim = true;
                out.push(Atom::Text(t.clone(), s));
            }
            Inline::Link { url, content } => {
                let mut s = style.clone();
                s.link = Some(url.clone());
                s.color = style::LINK_COLOR;
                flatten(content, &s, out);
            }
            Inline::Image(img) => {
                let mut s = style.clone();
                s.face = s.face.italicized();
                s.color = style::MUTED_COLOR;
                if !img.url.is_empty() {
                    s.link = Some(img.url.clone());
                }
                let label = if img.alt.trim().is_empty() {
                    "[image]".to_string()
                } else {
                    format!("[image: {}]", img.alt.trim())
                };
                out.push(Atom::Text(label, s));
            }
            Inline::LineBreak => out.push(Atom::Break),
            Inline::NoteRef { number } => {
                let mut s = style.clone();
                s.rise += style.size * 0.36;
                s.size = style.size * style::SCRIPT_SCALE;
                s.note = Some(*number);
                // The mark is not part of a link around it.
                if s.link.take().is_some() {
                    s.color = style::TEXT_COLOR;
                }
                out.push(Atom::Text(number.to_string(), s));
            }
        }
    }
}

/// Builds words and fragments, resolving each character to a face that has
/// it; a character no face has becomes `?`.
struct WordBuilder<'f> {
    fonts: &'f Fonts,
    pieces: Vec<Piece>,
    word: Word,
}

impl WordBuilder<'_> {
    fn push_char(&mut self, ch: char, style: &TextStyle) {
        let (face, ch) = match self.fonts.face_for_char(style.face, ch) {
            Some(face) => (face, ch),
            None => {
                self.fonts.note_missing(ch);
                (style.face, '?')
            }
        };
        if let Some(last) = self.word.fragments.last_mut() {
            if last.style.face == face && same_look(&last.style, style) {
                last.text.push(ch);
                return;
            }
        }
        let mut style = style.clone();
        style.face = face;
        self.word.fragments.push(Fragment {
            text: ch.to_string(),
            style,
            width: Pt::ZERO,
            glyphs: Vec::new(),
        });
    }

    fn end_word(&mut self) {
        if !self.word.fragments.is_empty() {
            let mut word = std::mem::take(&mut self.word);
            for f in &mut word.fragments {
                *f = Fragment::shaped(self.fonts, &f.text, &f.style);
            }
            self.pieces.push(Piece::Word(word));
        }
    }

    fn push_space(&mut self, width: Pt) {
        self.end_word();
        match self.pieces.last_mut() {
            Some(Piece::Space(w)) => *w += width,
            _ => self.pieces.push(Piece::Space(width)),
        }
    }

    fn push_joint(&mut self) {
        self.end_word();
        self.pieces.push(Piece::Joint);
    }

    fn push_break(&mut self) {
        self.end_word();
        // A space before a hard break would only be trailing white.
        if matches!(self.pieces.last(), Some(Piece::Space(_))) {
            self.pieces.pop();
        }
        self.pieces.push(Piece::ForcedBreak);
    }
}

/// Whether two styles look the same apart from the face (which the builder
/// compares separately after fallback).
fn same_look(a: &TextStyle, b: &TextStyle) -> bool {
    a.size == b.size
        && a.color == b.color
        && a.rise == b.rise
        && a.link == b.link
        && a.strike == b.strike
        && a.verbatim == b.verbatim
        && a.note == b.note
}

/// Step 1: the words and spaces of `inlines` set from `base`.
pub fn pieces(fonts: &Fonts, inlines: &[Inline], base: &TextStyle) -> Vec<Piece> {
    let mut atoms = Vec::new();
    flatten(inlines, base, &mut atoms);
    let mut b = WordBuilder {
        fonts,
        pieces: Vec::new(),
        word: Word::default(),
    };
    for atom in atoms {
        match atom {
            Atom::Break => b.push_break(),
            Atom::Text(text, style) => {
                let space = fonts.char_width(style.face, style.size, ' ');
                for ch in text.chars() {
                    match ch {
                        '\t' if style.verbatim => b.push_space(space * style::TAB_WIDTH as f32),
                        ' ' | '\t' | '\n' | '\r' => b.push_space(space),
                        '\u{200B}' => b.push_joint(),
                        '\u{00AD}' => {}
                        c if c.is_control() => {}
                        c => b.push_char(c, &style),
                    }
                }
            }
        }
    }
    b.end_word();
    // Leading and trailing spaces carry nothing.
    while matches!(b.pieces.last(), Some(Piece::Space(_))) {
        b.pieces.pop();
    }
    let first_word = b
        .pieces
        .iter()
        .position(|p| !matches!(p, Piece::Space(_)))
        .unwrap_or(b.pieces.len());
    b.pieces.drain(..first_word);
    b.pieces
}

/// One character of a word with its style and width, for cutting words.
struct CharCell {
    ch: char,
    style: TextStyle,
    width: Pt,
}

fn word_from_cells(fonts: &Fonts, cells: &[CharCell]) -> Word {
    let mut parts: Vec<(String, TextStyle)> = Vec::new();
    for c in cells {
        match parts.last_mut() {
            Some((text, style)) if *style == c.style => text.push(c.ch),
            _ => parts.push((c.ch.to_string(), c.style.clone())),
        }
    }
    Word {
        fragments: parts
            .iter()
            .map(|(text, style)| Fragment::shaped(fonts, text, style))
            .collect(),
    }
}

/// Step 2: makes every word fit `width`. Long words get break points after
/// URL punctuation; a part still too wide is cut at a character boundary.
pub fn fit_words(fonts: &Fonts, pieces: Vec<Piece>, width: Pt) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let word = match piece {
            Piece::Word(w) if w.width() > width * LONG_WORD_SHARE => w,
            other => {
                out.push(other);
                continue;
            }
        };
        let cells = cells_measured(fonts, &word);
        // Cut after URL punctuation (not at the very end).
        let mut parts: Vec<&[CharCell]> = Vec::new();
        let mut start = 0;
        for i in 0..cells.len() {
            let next_is_same_punct = cells
                .get(i + 1)
                .is_some_and(|n| URL_BREAK_AFTER.contains(&n.ch));
            if URL_BREAK_AFTER.contains(&cells[i].ch) && i + 1 < cells.len() && !next_is_same_punct
            {
                parts.push(&cells[start..=i]);
                start = i + 1;
            }
        }
        parts.push(&cells[start..]);
        let mut first = true;
        for part in parts {
            for chunk in cut_to_width(part, width) {
                if !first {
                    out.push(Piece::Joint);
                }
                first = false;
                out.push(Piece::Word(word_from_cells(fonts, chunk)));
            }
        }
    }
    out
}

fn cells_measured(fonts: &Fonts, word: &Word) -> Vec<CharCell> {
    word.fragments
        .iter()
        .flat_map(|f| {
            f.text.chars().map(|ch| CharCell {
                ch,
                style: f.style.clone(),
                width: fonts.char_width(f.style.face, f.style.size, ch),
            })
        })
        .collect()
}

/// Cuts `cells` into consecutive chunks each no wider than `width` (a single
/// character wider than `width` still makes a chunk of its own).
fn cut_to_width(cells: &[CharCell], width: Pt) -> Vec<&[CharCell]> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut filled = Pt::ZERO;
    for (i, c) in cells.iter().enumerate() {
        if i > start && filled + c.width > width {
            chunks.push(&cells[start..i]);
            start = i;
            filled = Pt::ZERO;
        }
        filled += c.width;
    }
    if start < cells.len() {
        chunks.push(&cells[start..]);
    }
    chunks
}

/// Step 3: breaks `pieces` into lines and positions them.
pub fn set_lines(
    fonts: &Fonts,
    pieces: &[Piece],
    base: &TextStyle,
    width: Pt,
    align: Alignment,
    leading: f32,
) -> Vec<SetLine> {
    let spans = if align == Alignment::Justify {
        knuth_plass(pieces, width).unwrap_or_else(|| break_lines(pieces, width))
    } else {
        break_lines(pieces, width)
    };
    spans
        .iter()
        .map(|span| {
            let mut line = trim_spaces(&pieces[span.pieces.clone()]).to_vec();
            if span.hyphen {
                if let Some(Piece::Hyphen(h)) = pieces.get(span.pieces.end) {
                    line.push(Piece::Word(Word {
                        fragments: vec![h.clone()],
                    }));
                }
            }
            let justify = align == Alignment::Justify && span.end == LineEnd::Overflow;
            set_one_line(fonts, &line, base, width, align, justify, leading)
        })
        .collect()
}

fn trim_spaces(mut line: &[Piece]) -> &[Piece] {
    while let Some((Piece::Space(_) | Piece::Joint | Piece::Hyphen(_), rest)) = line.split_first() {
        line = rest;
    }
    while let Some((Piece::Space(_) | Piece::Joint | Piece::Hyphen(_), rest)) = line.split_last() {
        line = rest;
    }
    line
}

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
        if fragment.style.verbatim || fragment.style.face.is_mono() {
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

fn set_one_line(
    fonts: &Fonts,
    line: &[Piece],
    base: &TextStyle,
    width: Pt,
    align: Alignment,
    justify: bool,
    leading: f32,
) -> SetLine {
    let natural: Pt = line
        .iter()
        .map(|p| match p {
            Piece::Word(w) => w.width(),
            Piece::Space(s) => *s,
            _ => Pt::ZERO,
        })
        .sum();
    let spaces: Vec<Pt> = line
        .iter()
        .filter_map(|p| match p {
            Piece::Space(s) => Some(*s),
            _ => None,
        })
        .collect();
    let natural_spaces: Pt = spaces.iter().copied().sum();
    let slack = width - natural;
    // Justify by stretching (or shrinking) spaces in proportion to their
    // natural width.
    // A last line may need its spaces shrunk too (the line breaker counts
    // on it); never stretched.
    let shrink_only = !justify && align == Alignment::Justify && slack < Pt::ZERO;
    let stretch = if (justify || shrink_only) && natural_spaces > Pt::ZERO {
        let ratio = slack / natural_spaces;
        if (-SPACE_SHRINK - 0.001..=MAX_SPACE_STRETCH).contains(&ratio) {
            ratio
        } else {
            0.0
        }
    } else {
        0.0
    };
    let set_width = natural + natural_spaces * stretch;
    let mut x = match align {
        Alignment::Center => (width - set_width).max(Pt::ZERO) / 2.0,
        Alignment::Right => (width - set_width).max(Pt::ZERO),
        _ => Pt::ZERO,
    };

    let max_size = line
        .iter()
        .filter_map(|p| match p {
            Piece::Word(w) => w.fragments.iter().map(|f| f.style.size).reduce(Pt::max),
            _ => None,
        })
        .fold(base.size, Pt::max);
    let height = max_size * leading;
    let baseline = (height - max_size) / 2.0 + max_size * 0.78;

    // Positioned fragments: (x, fragment, gap before it is a natural space).
    let mut placed: Vec<(Pt, &Fragment, bool)> = Vec::new();
    let mut gap_is_natural_space = false;
    for p in line {
        match p {
            Piece::Word(w) => {
                for (i, f) in w.fragments.iter().enumerate() {
                    placed.push((x, f, i == 0 && gap_is_natural_space));
                    x += f.width;
                }
                gap_is_natural_space = false;
            }
            Piece::Space(s) => {
                x += *s + *s * stretch;
                gap_is_natural_space = true;
            }
            Piece::Joint | Piece::ForcedBreak | Piece::Hyphen(_) => gap_is_natural_space = false,
        }
    }

    let mut items = Vec::new();
    let mut runs: Vec<TextRun> = Vec::new();
    let mut prev: Option<(&Fragment, Pt)> = None;
    for &(fx, f, after_space) in &placed {
        let origin = Point::new(fx, baseline - f.style.rise);
        let merge = match (runs.last(), prev) {
            (Some(run), Some((pf, pend))) => {
                pf.style == f.style
                    && (after_space || (fx - pend).0.abs() < 0.001)
                    && run.origin.y == origin.y
            }
            _ => false,
        };
        if merge {
            if let Some(run) = runs.last_mut() {
                if after_space {
                    // The space, advancing exactly to where the word is set.
                    run.text.push(' ');
                    let gap = fx - (run.origin.x + run.width);
                    let id = fonts
                        .face(f.style.face)
                        .glyphs
                        .get(&' ')
                        .map_or(0, |g| g.id);
                    run.glyphs.push(RunGlyph {
                        id,
                        advance: gap,
                        text: " ".into(),
                    });
                }
                run.text.push_str(&f.text);
                run.glyphs.extend(f.glyphs.iter().cloned());
                run.width = fx + f.width - run.origin.x;
            }
        } else {
            runs.push(TextRun {
                face: f.style.face,
                size: f.style.size,
                text: f.text.clone(),
                origin,
                width: f.width,
                color: f.style.color,
                glyphs: f.glyphs.clone(),
                line_text: None,
            });
        }
        prev = Some((f, fx + f.width));
    }

    // Links: one rectangle per stretch of fragments with the same target.
    let mut link_spans: Vec<(String, Pt, Pt)> = Vec::new();
    for &(fx, f, _) in &placed {
        if let Some(url) = &f.style.link {
            match link_spans.last_mut() {
                Some((u, _, end)) if u == url => *end = fx + f.width,
                _ => link_spans.push((url.clone(), fx, fx + f.width)),
            }
        }
    }
    // Strike-through lines.
    for &(fx, f, _) in &placed {
        if f.style.strike {
            let y = baseline - f.style.rise - f.style.size * 0.28;
            items.push(Item::Line(RuleLine {
                from: Point::new(fx, y),
                to: Point::new(fx + f.width, y),
                thickness: f.style.size * 0.06,
                color: f.style.color,
            }));
        }
    }
    items.extend(runs.into_iter().map(Item::Text));
    for (url, x0, x1) in link_spans {
        items.push(Item::Link(Link {
            rect: Rect::new(x0, Pt::ZERO, x1 - x0, height),
            target: LinkTarget::External(url),
        }));
    }
    let mut notes = Vec::new();
    for &(_, f, _) in &placed {
        if let Some(n) = f.style.note {
            if !notes.contains(&n) {
                notes.push(n);
            }
        }
    }
    SetLine {
        height,
        baseline,
        items,
        width: set_width,
        notes,
    }
}

/// The plain text of a word list (for tests and diagnostics).
pub fn pieces_text(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Word(w) => out.push_str(&w.text()),
            Piece::Space(_) => out.push(' '),
            Piece::Joint | Piece::Hyphen(_) => {}
            Piece::ForcedBreak => out.push('\n'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resources;

    fn fonts() -> Fonts {
        Fonts::load(&Resources::builtin().fonts).expect("fonts")
    }

    fn right_edges(lines: &[SetLine]) -> Vec<Pt> {
        lines
            .iter()
            .flat_map(|l| l.items.iter())
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.origin.x + t.width),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn lines_never_exceed_the_width_even_with_a_300_char_url() {
        let fonts = fonts();
        let url = format!(
            "https://example.com/{}/index.html?q={}",
            "very-long-path_segment.with.dots/".repeat(7),
            "x".repeat(60)
        );
        assert!(url.len() >= 300, "{}", url.len());
        let inlines = vec![
            Inline::Text("See ".into()),
            Inline::Link {
                url: url.clone(),
                content: vec![Inline::Text(url.clone())],
            },
            Inline::Text(" and also ".into()),
            Inline::Code(
                "/usr/local/lib/some/really/long/path/to/a/file_name_that_goes_on.so".into(),
            ),
            Inline::Text(format!(" then {} end.", "a".repeat(200))),
        ];
        for width in [Pt(120.0), Pt(300.0), Pt(451.0)] {
            let lines = set_paragraph(
                &fonts,
                &inlines,
                &TextStyle::body(),
                width,
                Alignment::Justify,
                style::LEADING,
            );
            assert!(lines.len() > 2);
            for edge in right_edges(&lines) {
                assert!(edge.0 <= width.0 + 0.01, "{edge:?} > {width:?}");
            }
            // Nothing lost: all characters of the URL are still there.
            let all: String = lines
                .iter()
                .flat_map(|l| l.items.iter())
                .filter_map(|i| match i {
                    Item::Text(t) => Some(t.text.replace(' ', "")),
                    _ => None,
                })
                .collect();
            assert!(all.contains(&url), "url lost at width {width:?}");
        }
    }

    #[test]
    fn justified_lines_fill_the_measure_and_last_line_does_not() {
        let fonts = fonts();
        let text = "The quick brown fox jumps over the lazy dog. ".repeat(8);
        let lines = set_plain(
            &fonts,
            &text,
            &TextStyle::body(),
            Pt(300.0),
            Alignment::Justify,
            style::LEADING,
        );
        assert!(lines.len() >= 3);
        for line in &lines[..lines.len() - 1] {
            let edge = right_edges(std::slice::from_ref(line))
                .into_iter()
                .fold(Pt::ZERO, Pt::max);
            assert!((edge.0 - 300.0).abs() < 0.05, "{edge:?}");
        }
        let last = lines.last().map(|l| l.width).unwrap_or_default();
        assert!(last.0 < 300.0);
    }

    #[test]
    fn styles_map_to_faces_and_missing_glyphs_fall_back() {
        let fonts = fonts();
        let inlines = vec![
            Inline::Emph(vec![Inline::Text("it".into())]),
            Inline::Text(" ".into()),
            Inline::Strong(vec![Inline::Text("bold".into())]),
            Inline::Text(" ┌─┐".into()),
        ];
        let p = pieces(&fonts, &inlines, &TextStyle::body());
        let faces: Vec<Face> = p
            .iter()
            .filter_map(|p| match p {
                Piece::Word(w) => Some(w.fragments[0].style.face),
                _ => None,
            })
            .collect();
        assert_eq!(faces, vec![Face::Italic, Face::Bold, Face::Mono]);
    }

    #[test]
    fn shaping_kerns_and_ligates() {
        let fonts = fonts();
        let style = TextStyle::body();
        let f = Fragment::shaped(&fonts, "office", &style);
        assert!(f.glyphs.len() < 6, "no ligature: {:?}", f.glyphs);
        let text: String = f.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "office");
        // (Charis SIL has no kerning pairs; its GPOS only places marks.)
    }

    #[test]
    fn knuth_plass_hyphenates_and_never_overfills() {
        let fonts = fonts();
        let text = "Kubernetes brings together machine servers into a cluster using a shared \
                    network. Uneven amount of data for private text chat, massive Discord \
                    servers and large public servers; the underlying database is Cassandra, \
                    chosen for linear scalability, automatic failover and predictable \
                    performance of disk-backed caches."
            .repeat(3);
        let mut hyphens = 0;
        for width in [Pt(140.0), Pt(200.0), Pt(330.0), Pt(451.0)] {
            let lines = set_paragraph_in(
                &fonts,
                &[Inline::Text(text.clone())],
                &TextStyle::body(),
                width,
                Alignment::Justify,
                style::LEADING,
                Some(hypher::Lang::English),
            );
            for (i, line) in lines.iter().enumerate() {
                let edge = right_edges(std::slice::from_ref(line))
                    .into_iter()
                    .fold(Pt::ZERO, Pt::max);
                assert!(edge.0 <= width.0 + 0.01, "overfull at {width:?}: {edge:?}");
                if i + 1 < lines.len() && width.0 >= 200.0 {
                    assert!((edge.0 - width.0).abs() < 0.05, "not justified: {line:?}");
                }
                let last = line.items.iter().rev().find_map(|i| match i {
                    Item::Text(t) => Some(t.text.clone()),
                    _ => None,
                });
                if last.is_some_and(|t| t.ends_with('-') && !t.ends_with("disk-")) {
                    hyphens += 1;
                }
            }
            // Every word is still there, in order.
            let all: String = lines
                .iter()
                .flat_map(|l| l.items.iter())
                .filter_map(|i| match i {
                    Item::Text(t) => Some(t.text.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" ");
            assert!(all.contains("Cassandra"));
        }
        assert!(hyphens > 0, "narrow measures need hyphens");
    }
}
