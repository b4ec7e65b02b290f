//! Choosing where lines end.
//!
//! Input is a paragraph already cut into [`Piece`]s whose words each fit the
//! measure; output is the range of pieces on every line. Justified text is
//! broken by [`knuth_plass`], which looks at the whole paragraph and picks
//! the breaks that make the spacing of all its lines most even (Knuth and
//! Plass, *Breaking Paragraphs into Lines*, 1981); ragged text (headings,
//! captions, cells) by the greedy [`break_lines`]. Neither ever makes a line
//! wider than the measure: every word fits, and a break is always found.
//!
//! Breaks are taken at spaces, at joints (no space: after `/` or `-`, inside
//! long URLs, at a penalty), at hyphenation points, and at the gaps of CJK
//! text: glue between two characters, usually of zero width, that stretches
//! in a justified line like a space does.

use std::ops::Range;

use super::text::Piece;
use super::units::Pt;

/// Why a line ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnd {
    /// The paragraph goes on: the line may be justified.
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
    /// Whether the line ends at a hyphenation point (the [`Piece::Hyphen`]
    /// at `pieces.end`), so a hyphen is drawn.
    pub hyphen: bool,
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
                    let hyphen = i > 0 && matches!(pieces[i - 1], Piece::Hyphen(_));
                    let fits_hyphen = match &pieces[i.saturating_sub(1)] {
                        Piece::Hyphen(h) => filled + h.width <= width + FIT_TOLERANCE,
                        _ => true,
                    };
                    let end = if hyphen { i - 1 } else { i };
                    lines.push(LineSpan {
                        pieces: start..end,
                        end: LineEnd::Overflow,
                        hyphen: hyphen && fits_hyphen,
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
            Piece::Gap(gap) => {
                if has_word {
                    pending_space += gap.width;
                }
            }
            Piece::Joint | Piece::Hyphen(_) => {}
            Piece::ForcedBreak => {
                lines.push(LineSpan {
                    pieces: start..i,
                    end: LineEnd::Forced,
                    hyphen: false,
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
            hyphen: false,
        });
    }
    lines
}

/// How far an inter-word space may stretch, relative to its natural width
/// (TeX's plain format: half of it).
pub const SPACE_STRETCH: f32 = 0.5;
/// How far an inter-word space may shrink, relative to its natural width
/// (a third of it, as in TeX).
pub const SPACE_SHRINK: f32 = 1.0 / 3.0;

/// Badness above which a line is not accepted in the first pass.
const TOLERANCE: f64 = 400.0;
/// Added to the badness of every line (fewer lines are better).
const LINE_PENALTY: f64 = 10.0;
/// Penalty of a break at a hyphenation point.
const HYPHEN_PENALTY: f64 = 50.0;
/// Penalty of a break inside a long URL or path.
const JOINT_PENALTY: f64 = 100.0;
/// Demerits for two hyphenated lines in a row.
const DOUBLE_HYPHEN_DEMERITS: f64 = 3000.0;
/// Demerits for a hyphen on the last full line (the next line ends the
/// paragraph).
const FINAL_HYPHEN_DEMERITS: f64 = 5000.0;
/// Demerits for a very tight line next to a very loose one.
const FITNESS_DEMERITS: f64 = 3000.0;

/// Line widths and stretchability summed from the start of the paragraph.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    width: f64,
    stretch: f64,
    shrink: f64,
}

struct Node {
    /// The piece the break is at (`pieces.len()` for the end).
    at: usize,
    /// Where the next line starts.
    next_start: usize,
    demerits: f64,
    fitness: u8,
    hyphen: bool,
    prev: Option<usize>,
}

/// Knuth–Plass breaking of justified text: the breaks minimising the total
/// demerits of the paragraph, never a line wider than `width`. Returns
/// `None` only when no break sequence can avoid an overfull line (a word
/// wider than the measure); callers then fall back to [`break_lines`].
pub fn knuth_plass(pieces: &[Piece], width: Pt) -> Option<Vec<LineSpan>> {
    knuth_plass_with(pieces, width, TOLERANCE)
        .or_else(|| knuth_plass_with(pieces, width, f64::INFINITY))
}

fn knuth_plass_with(pieces: &[Piece], width: Pt, tolerance: f64) -> Option<Vec<LineSpan>> {
    let n = pieces.len();
    let target = f64::from(width.0) + f64::from(FIT_TOLERANCE.0);
    // sums[i]: totals of pieces[..i].
    let mut sums = Vec::with_capacity(n + 1);
    let mut acc = Sums::default();
    sums.push(acc);
    for p in pieces {
        match p {
            Piece::Word(w) => acc.width += f64::from(w.width().0),
            Piece::Space(s) => {
                acc.width += f64::from(s.0);
                acc.stretch += f64::from(s.0 * SPACE_STRETCH);
                acc.shrink += f64::from(s.0 * SPACE_SHRINK);
            }
            Piece::Gap(g) => {
                acc.width += f64::from(g.width.0);
                acc.stretch += f64::from(g.stretch.0);
                acc.shrink += f64::from(g.shrink.0);
            }
            _ => {}
        }
        sums.push(acc);
    }
    // Where a line that starts after a break at `i` begins: past the spaces.
    let start_after = |i: usize| {
        let mut s = i + 1;
        while s < n && matches!(pieces[s], Piece::Space(_) | Piece::Joint | Piece::Gap(_)) {
            s += 1;
        }
        s
    };
    let mut first_start = 0;
    while first_start < n && matches!(pieces[first_start], Piece::Space(_)) {
        first_start += 1;
    }
    let mut nodes = vec![Node {
        at: 0,
        next_start: first_start,
        demerits: 0.0,
        fitness: 1,
        hyphen: false,
        prev: None,
    }];
    let mut active: Vec<usize> = vec![0];
    for b in 0..=n {
        // Is `b` a legal breakpoint, and what does breaking there cost?
        let (penalty, hyphen_width, flagged, forced) = if b == n {
            (0.0, 0.0, false, true)
        } else {
            let after_word = b > 0 && matches!(pieces[b - 1], Piece::Word(_));
            match &pieces[b] {
                Piece::Space(_) | Piece::Gap(_) if after_word => (0.0, 0.0, false, false),
                Piece::Joint if after_word => (JOINT_PENALTY, 0.0, false, false),
                Piece::Hyphen(h) if after_word => {
                    (HYPHEN_PENALTY, f64::from(h.width.0), true, false)
                }
                Piece::ForcedBreak => (0.0, 0.0, false, true),
                _ => continue,
            }
        };
        let mut best: [Option<(f64, usize)>; 4] = [None; 4];
        let mut still_active = Vec::with_capacity(active.len());
        for &a in &active {
            let node = &nodes[a];
            let start = node.next_start.min(b);
            let line = sums[b].width - sums[start].width + hyphen_width;
            let stretch = sums[b].stretch - sums[start].stretch;
            let shrink = sums[b].shrink - sums[start].shrink;
            let ratio = if line < target {
                if forced {
                    0.0 // the last line is set ragged: infinite stretch
                } else if stretch > 0.0 {
                    (target - line) / stretch
                } else {
                    f64::INFINITY
                }
            } else if line > target {
                if shrink > 0.0 {
                    (target - line) / shrink
                } else {
                    f64::NEG_INFINITY
                }
            } else {
                0.0
            };
            // Lines from `a` only get longer: an overfull one ends `a`.
            if ratio >= -1.0 && !forced {
                still_active.push(a);
            }
            if ratio < -1.0 {
                continue;
            }
            let badness = (100.0 * ratio.abs().powi(3)).min(10_000.0);
            if badness > tolerance {
                continue;
            }
            let mut demerits = (LINE_PENALTY + badness).powi(2);
            if penalty > 0.0 {
                demerits += penalty * penalty;
            }
            if flagged && node.hyphen {
                demerits += DOUBLE_HYPHEN_DEMERITS;
            }
            if b == n && node.hyphen {
                demerits += FINAL_HYPHEN_DEMERITS;
            }
            let fitness: u8 = if ratio < -0.5 {
                0
            } else if ratio <= 0.5 {
                1
            } else if ratio <= 1.0 {
                2
            } else {
                3
            };
            if (i32::from(fitness) - i32::from(node.fitness)).abs() > 1 {
                demerits += FITNESS_DEMERITS;
            }
            let total = node.demerits + demerits;
            let slot = &mut best[usize::from(fitness)];
            if slot.is_none_or(|(d, _)| total < d) {
                *slot = Some((total, a));
            }
        }
        active = still_active;
        for (fitness, candidate) in best.iter().enumerate() {
            if let Some((demerits, prev)) = *candidate {
                nodes.push(Node {
                    at: b,
                    next_start: if b == n { n } else { start_after(b) },
                    demerits,
                    fitness: fitness as u8,
                    hyphen: flagged,
                    prev: Some(prev),
                });
                active.push(nodes.len() - 1);
            }
        }
        if active.is_empty() {
            return None;
        }
    }
    // The best node that ends the paragraph.
    let end = active
        .iter()
        .copied()
        .filter(|&a| nodes[a].at == n && nodes[a].prev.is_some())
        .min_by(|&x, &y| nodes[x].demerits.total_cmp(&nodes[y].demerits))?;
    let mut chain = Vec::new();
    let mut cursor = Some(end);
    while let Some(i) = cursor {
        chain.push(i);
        cursor = nodes[i].prev;
    }
    chain.reverse();
    let mut lines = Vec::new();
    for pair in chain.windows(2) {
        let (from, to) = (&nodes[pair[0]], &nodes[pair[1]]);
        let start = from.next_start.min(to.at);
        let end = if to.at == n {
            LineEnd::Last
        } else if matches!(pieces[to.at], Piece::ForcedBreak) {
            LineEnd::Forced
        } else {
            LineEnd::Overflow
        };
        lines.push(LineSpan {
            pieces: start..to.at,
            end,
            hyphen: to.hyphen,
        });
    }
    if lines.is_empty() {
        lines.push(LineSpan {
            pieces: 0..n,
            end: LineEnd::Last,
            hyphen: false,
        });
    }
    Some(lines)
}
