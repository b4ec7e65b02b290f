//! Setting one line: positioning its fragments, justified or aligned, and
//! merging them into text runs.

use super::{Alignment, Fragment, Piece, SetLine, MAX_SPACE_STRETCH};
use crate::pdf::fonts::Fonts;
use crate::pdf::linebreak::{SPACE_SHRINK, SPACE_STRETCH};
use crate::pdf::page::{Item, Link, LinkTarget, RuleLine, RunGlyph, TextRun};
use crate::pdf::style::TextStyle;
use crate::pdf::units::{Point, Pt, Rect};

/// What stands before a fragment on a set line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Before {
    /// Another fragment of the same word, or the line start, or a joint.
    Nothing,
    /// An inter-word space.
    Space,
    /// The gap between two CJK characters.
    Gap,
}

pub(super) fn set_one_line(
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
            Piece::Gap(g) => g.width,
            _ => Pt::ZERO,
        })
        .sum();
    let slack = width - natural;
    // Justify by stretching (or shrinking) spaces in proportion to their
    // natural width, and the gaps of CJK text in proportion to their
    // stretch (shrink): each counts as a space of the width that stretches
    // (shrinks) as much.
    let give = |p: &Piece| match p {
        Piece::Space(s) => Some(*s),
        Piece::Gap(g) if slack < Pt::ZERO => Some(g.shrink / SPACE_SHRINK),
        Piece::Gap(g) => Some(g.stretch / SPACE_STRETCH),
        _ => None,
    };
    let natural_spaces: Pt = line.iter().filter_map(give).sum();
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

    // Positioned fragments: (x, fragment, what stands before it).
    let mut placed: Vec<(Pt, &Fragment, Before)> = Vec::new();
    let mut before = Before::Nothing;
    for p in line {
        match p {
            Piece::Word(w) => {
                for (i, f) in w.fragments.iter().enumerate() {
                    placed.push((x, f, if i == 0 { before } else { Before::Nothing }));
                    x += f.width;
                }
                before = Before::Nothing;
            }
            Piece::Space(s) => {
                x += *s + *s * stretch;
                before = Before::Space;
            }
            Piece::Gap(g) => {
                x += g.width + give(p).unwrap_or(Pt::ZERO) * stretch;
                before = Before::Gap;
            }
            Piece::Joint | Piece::ForcedBreak | Piece::Hyphen(_) => before = Before::Nothing,
        }
    }

    let mut items = Vec::new();
    let mut runs: Vec<TextRun> = Vec::new();
    let mut prev: Option<(&Fragment, Pt)> = None;
    for &(fx, f, before) in &placed {
        let after_space = before == Before::Space;
        let origin = Point::new(fx, baseline - f.style.rise);
        let merge = match (runs.last(), prev) {
            (Some(run), Some((pf, pend))) => {
                pf.style == f.style
                    && (before != Before::Nothing || (fx - pend).0.abs() < 0.001)
                    && run.origin.y == origin.y
            }
            _ => false,
        };
        if merge {
            if let Some(run) = runs.last_mut() {
                if before == Before::Gap {
                    // The stretched gap between two CJK characters widens
                    // the advance of the first: one run per line, not one
                    // per character.
                    let gap = fx - (run.origin.x + run.width);
                    if let Some(last) = run.glyphs.last_mut() {
                        last.advance += gap;
                    }
                }
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
