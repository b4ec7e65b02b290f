//! Tables: column widths from the cells' natural widths, rules above,
//! below and under the header, and the header repeated when a table
//! breaks across pages.

use super::Layouter;
use crate::model::{Align, Inline};

/// A width no cell reaches: a cell set in it takes its natural width.
const UNBOUNDED: Pt = Pt(10_000.0);
use crate::pdf::flow::Strip;
use crate::pdf::fonts::Face;
use crate::pdf::page::{Item, RuleLine};
use crate::pdf::structure::{Role, Tag};
use crate::pdf::style::{self, TextStyle};
use crate::pdf::text::{set_paragraph, Alignment};
use crate::pdf::units::{Point, Pt};

/// Tables.
impl<'a> Layouter<'a> {
    /// A table, its columns as wide as their cells need within `width`,
    /// a row never split, the header repeated on each page it spans.
    pub(super) fn table(
        &mut self,
        align: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        x: Pt,
        width: Pt,
    ) {
        let columns = rows
            .iter()
            .map(Vec::len)
            .chain(std::iter::once(header.len()))
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return;
        }
        let cell_pad = style::TABLE_CELL_PAD;
        let outer = style::TABLE_OUTER_RULE;
        let body_style = TextStyle::new(Face::Regular, style::TABLE_SIZE);
        let head_style = TextStyle::new(Face::Bold, style::TABLE_SIZE);
        // Natural (one-line) width of every column's widest cell.
        let mut natural = vec![style::TABLE_MIN_COLUMN; columns];
        let all_rows = std::iter::once((header, &head_style))
            .chain(rows.iter().map(|r| (r.as_slice(), &body_style)));
        for (row, style) in all_rows.clone() {
            for (c, cell) in row.iter().enumerate() {
                let w = set_paragraph(self.fonts, cell, style, UNBOUNDED, Alignment::Left, 1.0)
                    .iter()
                    .map(|l| l.width)
                    .fold(Pt::ZERO, Pt::max);
                if let Some(n) = natural.get_mut(c) {
                    *n = n.max(w + cell_pad * 2.0);
                }
            }
        }
        let widths = column_widths(&natural, width);
        self.flow.gap(style::TABLE_GAP_ABOVE);
        self.open(Role::Table);
        let row_count = rows.len() + usize::from(!header.is_empty());
        let mut first = true;
        let mut header_strip: Option<Strip> = None;
        for (r, (row, style)) in all_rows.enumerate() {
            if r == 0 && header.is_empty() {
                continue;
            }
            let is_header = r == 0;
            let is_last = r == row_count - usize::from(header.is_empty());
            let mut items = Vec::new();
            let mut height = Pt::ZERO;
            let mut cx = Pt::ZERO;
            let mut cells = Vec::new();
            for (c, &w) in widths.iter().enumerate() {
                let cell = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                let alignment = match align.get(c) {
                    Some(Align::Center) => Alignment::Center,
                    Some(Align::Right) => Alignment::Right,
                    _ => Alignment::Left,
                };
                let lines =
                    set_paragraph(self.fonts, cell, style, w - cell_pad * 2.0, alignment, 1.3);
                height = height.max(Self::lines_height(&lines));
                cells.push((cx, lines));
                cx += w;
            }
            height += cell_pad * 2.0;
            // The row and its cells, in the structure tree; the items get
            // their cell's tag, the rules are artifacts.
            self.open(Role::TR);
            let cell_role = if is_header { Role::TH } else { Role::TD };
            let cell_tags: Vec<Tag> = cells
                .iter()
                .map(|_| {
                    let id = self.open(cell_role);
                    self.close();
                    Tag::Element(id)
                })
                .collect();
            let mut tags = Vec::new();
            let mut row_notes = Vec::new();
            for (_, lines) in &cells {
                for line in lines {
                    row_notes.extend(line.notes.iter().copied());
                }
            }
            let notes = self.take_notes(&row_notes);
            let note_heights: Vec<Pt> = notes.iter().map(|s| s.height).collect();
            let need = self.flow.foot_need(&note_heights);
            for ((cx, lines), &tag) in cells.into_iter().zip(&cell_tags) {
                let mut y = cell_pad;
                for line in lines {
                    let h = line.height;
                    tags.extend(std::iter::repeat_n(tag, line.items.len()));
                    items.extend(
                        line.items
                            .into_iter()
                            .map(|i| i.translated(cx + cell_pad, y)),
                    );
                    y += h;
                }
            }
            let rule = |y: Pt, thickness: Pt| {
                Item::Line(RuleLine {
                    from: Point::new(Pt::ZERO, y),
                    to: Point::new(width, y),
                    thickness,
                    color: style::TEXT_COLOR,
                })
            };
            if first {
                items.push(rule(outer / 2.0, outer));
                first = false;
            }
            if is_header {
                items.push(rule(height, style::TABLE_HEAD_RULE));
            }
            if is_last {
                items.push(rule(height - outer / 2.0, outer));
            }
            tags.resize(items.len(), Tag::Artifact);
            let strip = Strip {
                height,
                baseline: None,
                items,
                tags,
            };
            if is_header {
                // Keep the header with the first row.
                let first_row = rows.first().map_or(Pt::ZERO, |_| height);
                self.flow.ensure(height + first_row);
                // Repeated on later pages, the header is not read again.
                let mut repeated = strip.clone();
                repeated.tags = vec![Tag::Artifact; repeated.items.len()];
                header_strip = Some(repeated);
            } else if self.flow.fitting_noted([(height, need)]) == 0
                && self.flow.room() < self.flow.page_height()
            {
                // The table breaks here: repeat the header on the new page.
                self.flow.break_page();
                if let Some(header) = header_strip.clone() {
                    self.flow.place(header, x);
                }
            }
            self.flow.place_noted(strip, x, notes);
            self.close();
        }
        self.close();
        self.flow.gap(style::TABLE_GAP_BELOW);
    }
}

/// Column widths summing to `width`: natural widths when they fit (spread
/// to fill), otherwise shares in proportion to the natural widths, with a
/// floor so no column becomes unreadably narrow.
fn column_widths(natural: &[Pt], width: Pt) -> Vec<Pt> {
    let n = natural.len().max(1) as f32;
    let total: Pt = natural.iter().copied().sum();
    if total <= Pt::ZERO {
        return vec![width / n; natural.len()];
    }
    let floor = (width / n) * 0.5;
    let wanted: Vec<Pt> = natural
        .iter()
        .map(|&w| (width * (w / total)).max(floor.min(w)))
        .collect();
    let sum: Pt = wanted.iter().copied().sum();
    wanted.into_iter().map(|w| w * (width / sum)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(widths: &[Pt]) -> f32 {
        widths.iter().map(|w| w.0).sum()
    }

    #[test]
    fn widths_always_fill_the_measure() {
        for natural in [
            vec![Pt(40.0), Pt(60.0)],
            vec![Pt(400.0), Pt(20.0), Pt(20.0)],
            vec![Pt(12.0)],
        ] {
            let widths = column_widths(&natural, Pt(300.0));
            assert_eq!(widths.len(), natural.len());
            assert!((sum(&widths) - 300.0).abs() < 0.01, "{widths:?}");
        }
    }

    #[test]
    fn columns_that_fit_keep_their_proportions() {
        let widths = column_widths(&[Pt(50.0), Pt(100.0)], Pt(300.0));
        assert!(
            (widths[1].0 / widths[0].0 - 2.0).abs() < 0.001,
            "{widths:?}"
        );
    }

    #[test]
    fn a_wide_column_leaves_the_narrow_ones_readable() {
        let widths = column_widths(&[Pt(2000.0), Pt(30.0), Pt(30.0)], Pt(300.0));
        // In proportion alone each narrow column would get under 5 pt.
        assert!(widths[1] >= Pt(25.0), "{widths:?}");
        assert!(widths[0] > widths[1]);
    }

    #[test]
    fn empty_cells_share_the_measure_evenly() {
        let widths = column_widths(&[Pt::ZERO, Pt::ZERO], Pt(200.0));
        assert_eq!(widths, vec![Pt(100.0), Pt(100.0)]);
    }
}
