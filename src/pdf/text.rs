//! Running text: inline content → styled fragments → words → set lines.
//!
//! A paragraph goes through three steps, each replaceable on its own:
//! 1. [`pieces`] flattens the inline tree into words and spaces, each word a
//!    list of [`Fragment`]s in one style and one face (characters a face
//!    lacks go to a fallback face);
//!    Words end at spaces and where the Unicode line breaking rules allow a
//!    break without one ([`breaks`]: between Han characters, after `/`);
//! 2. [`fit_words`] cuts words wider than the measure (long URLs, paths) at
//!    character boundaries, preferably after `/ - . _`;
//! 3. [`super::linebreak::break_lines`] chooses the line ends and
//!    [`set_lines`] positions the fragments, justifying where asked.

mod breaks;
mod hyphenate;
mod set_line;

pub use breaks::Gap;
use breaks::{
    break_offsets, is_cjk, is_shared_punctuation, junction, may_not_end_line, may_not_start_line,
    Junction,
};
pub use hyphenate::hyphenate;
use set_line::set_one_line;

use super::fonts::{Face, Fonts};
use super::linebreak::{break_lines, knuth_plass, LineEnd};
use super::page::{Item, RunGlyph};
use super::style::{self, TextStyle};
use super::units::Pt;
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

    /// The word's text, for tests.
    #[cfg(test)]
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
    /// A break opportunity without space (inside a long URL, after `/` or
    /// `-` in English).
    Joint,
    /// Glue between two characters of CJK text (or between Han and Latin)
    /// that touch in the source: a break opportunity, dropped at a line
    /// end, stretched in a justified line.
    Gap(Gap),
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

/// Whether `ch` is a variation selector (U+FE00–FE0F, U+E0100–E01EF): it
/// only asks for a presentation of the character before it, e.g. U+FE0F
/// for the colour emoji look of ❤. The PDF draws one (monochrome) look, so
/// selectors are dropped rather than drawn, or printed as `?` by a face
/// that lacks them.
pub fn is_variation_selector(ch: char) -> bool {
    matches!(ch, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Builds words and fragments, resolving each character to a face that has
/// it; a character no face has becomes `?`.
struct WordBuilder<'f> {
    fonts: &'f Fonts,
    pieces: Vec<Piece>,
    word: Word,
    /// The last character of the current word, whether it is code and
    /// whether it is a note mark (what decides the junction with the next).
    prev: Option<(char, bool, bool)>,
    /// Whether that character was set as CJK text (a CJK character, or
    /// shared punctuation next to one).
    prev_cjk: bool,
}

impl WordBuilder<'_> {
    /// Adds `ch`; `breakable` says whether the Unicode rules allow a line
    /// break right before it, `cjk_next` whether CJK text follows it (past
    /// any shared punctuation).
    fn push_char(&mut self, ch: char, style: &TextStyle, breakable: bool, cjk_next: bool) {
        if is_variation_selector(ch) {
            return;
        }
        let is_note = style.note.is_some();
        if let Some((prev, prev_verbatim, prev_note)) = self.prev {
            // A note mark sticks to what it follows; after one, Chinese
            // text may break but gets no Han–Latin space.
            let joined = if is_note {
                Junction::None
            } else {
                let prev = if prev_note { '\u{2060}' } else { prev };
                junction(
                    prev,
                    ch,
                    breakable,
                    prev_verbatim && style.verbatim,
                    style.size,
                )
            };
            match joined {
                Junction::None => {}
                Junction::Joint => self.push_joint(),
                Junction::Gap(gap) => {
                    self.end_word();
                    self.pieces.push(Piece::Gap(gap));
                }
            }
        }
        self.prev = Some((ch, style.verbatim, is_note));
        let as_cjk = is_shared_punctuation(ch) && !style.verbatim && (self.prev_cjk || cjk_next);
        self.prev_cjk = as_cjk || is_cjk(ch);
        let face = if as_cjk {
            self.fonts
                .cjk_face_for_char(style.face, ch)
                .or_else(|| self.fonts.face_for_char(style.face, ch))
        } else {
            self.fonts.face_for_char(style.face, ch)
        };
        let (face, ch) = match face {
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
        self.prev = None;
        self.prev_cjk = false;
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
        self.prev = None;
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
    // The break opportunities of the paragraph as a whole: whether a break
    // is allowed between two characters depends on their neighbours, which
    // may be in another style.
    let paragraph: String = atoms
        .iter()
        .map(|atom| match atom {
            Atom::Text(text, _) => text.as_str(),
            Atom::Break => "\n",
        })
        .collect();
    let allowed = break_offsets(&paragraph);
    let mut next_allowed = allowed.iter().copied().peekable();
    let mut offset = 0;
    let mut b = WordBuilder {
        fonts,
        pieces: Vec::new(),
        word: Word::default(),
        prev: None,
        prev_cjk: false,
    };
    for atom in atoms {
        match atom {
            Atom::Break => {
                b.push_break();
                offset += 1;
            }
            Atom::Text(text, style) => {
                let space = fonts.char_width(style.face, style.size, ' ');
                for ch in text.chars() {
                    while next_allowed.next_if(|&at| at < offset).is_some() {}
                    let breakable = next_allowed.next_if_eq(&offset).is_some();
                    offset += ch.len_utf8();
                    match ch {
                        '\t' if style.verbatim => b.push_space(space * style::TAB_WIDTH as f32),
                        ' ' | '\t' | '\n' | '\r' => b.push_space(space),
                        '\u{200B}' => b.push_joint(),
                        '\u{00AD}' => {}
                        c if c.is_control() => {}
                        c => {
                            let cjk_next = is_shared_punctuation(c)
                                && paragraph[offset..]
                                    .chars()
                                    .find(|&n| !is_shared_punctuation(n))
                                    .is_some_and(is_cjk);
                            b.push_char(c, &style, breakable, cjk_next)
                        }
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
/// character wider than `width` still makes a chunk of its own), moving a
/// cut back rather than start a chunk with closing punctuation or end one
/// with opening punctuation (kinsoku).
fn cut_to_width(cells: &[CharCell], width: Pt) -> Vec<&[CharCell]> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut filled = Pt::ZERO;
    for i in 0..cells.len() {
        if i > start && filled + cells[i].width > width {
            let forbidden = |cut: usize| {
                may_not_start_line(cells[cut].ch) || may_not_end_line(cells[cut - 1].ch)
            };
            // The part carried over, with the character that did not fit,
            // must itself fit; otherwise cut where it overflowed.
            let carried = |cut: usize| cells[cut..=i].iter().map(|c| c.width).sum::<Pt>();
            let cut = (start + 1..=i)
                .rev()
                .find(|&cut| !forbidden(cut))
                .filter(|&cut| carried(cut) <= width)
                .unwrap_or(i);
            chunks.push(&cells[start..cut]);
            start = cut;
            filled = cells[cut..i].iter().map(|c| c.width).sum();
        }
        filled += cells[i].width;
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
    let blank = |p: &Piece| {
        matches!(
            p,
            Piece::Space(_) | Piece::Joint | Piece::Hyphen(_) | Piece::Gap(_)
        )
    };
    while let Some((first, rest)) = line.split_first() {
        if !blank(first) {
            break;
        }
        line = rest;
    }
    while let Some((last, rest)) = line.split_last() {
        if !blank(last) {
            break;
        }
        line = rest;
    }
    line
}

/// The plain text of a word list, for tests.
#[cfg(test)]
fn pieces_text(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Word(w) => out.push_str(&w.text()),
            Piece::Space(_) => out.push(' '),
            Piece::Joint | Piece::Hyphen(_) | Piece::Gap(_) => {}
            Piece::ForcedBreak => out.push('\n'),
        }
    }
    out
}

#[cfg(test)]
mod tests;
