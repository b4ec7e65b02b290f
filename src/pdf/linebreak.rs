//! Choosing where lines end: the greedy ("first fit") line breaker.
//!
//! Input is a paragraph already cut into [`Piece`]s whose words each fit the
//! measure; output is the range of pieces on every line. The breaker knows
//! nothing about fonts or pages, so a Knuth–Plass breaker can replace
//! [`break_lines`] with the same signature.

use std::ops::Range;

use super::text::Piece;
use super::units::Pt;

/// Why a line ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnd {
    /// The next word did not fit: the line may be justified.
    Overflow,
    /// A hard line break.
    Forced,
    /// The end of the paragraph.
    Last,
}

/// One line: which pieces it holds and why it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSpan {
    /// Indices into the piece list (may start or end with spaces, which
    /// the setter drops).
    pub pieces: Range<usize>,
    /// Why the line ends.
    pub end: LineEnd,
}

/// Small tolerance so rounding never pushes a fitting word to the next line.
const FIT_TOLERANCE: Pt = Pt(0.01);

/// Breaks `pieces` into lines no wider than `width`, filling each line as
/// far as it goes. A word wider than `width` (callers split those first)
/// gets a line of its own.
pub fn break_lines(pieces: &[Piece], width: Pt) -> Vec<LineSpan> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut filled = Pt::ZERO;
    let mut pending_space = Pt::ZERO;
    let mut has_word = false;
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Word(word) => {
                let w = word.width();
                if has_word && filled + pending_space + w > width + FIT_TOLERANCE {
                    lines.push(LineSpan {
                        pieces: start..i,
                        end: LineEnd::Overflow,
                    });
                    start = i;
                    filled = w;
                } else {
                    filled += pending_space + w;
                }
                pending_space = Pt::ZERO;
                has_word = true;
            }
            Piece::Space(w) => {
                if has_word {
                    pending_space += *w;
                }
            }
            Piece::Joint => {}
            Piece::ForcedBreak => {
                lines.push(LineSpan {
                    pieces: start..i,
                    end: LineEnd::Forced,
                });
                start = i + 1;
                filled = Pt::ZERO;
                pending_space = Pt::ZERO;
                has_word = false;
            }
        }
    }
    if has_word || lines.is_empty() {
        lines.push(LineSpan {
            pieces: start..pieces.len(),
            end: LineEnd::Last,
        });
    }
    lines
}
