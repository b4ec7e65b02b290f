//! Code blocks and ASCII drawings, set in a monospaced grid on a tinted
//! band: programs wrap with a continuation mark, drawings scale down to
//! the measure instead, and every line keeps its exact text for
//! extraction.

use super::Layouter;
use crate::highlight::Class;
use crate::model::{CodeBlock, CodeKind};
use crate::pdf::flow::{Band, BandKind, Strip};
use crate::pdf::fonts::Face;
use crate::pdf::highlight;
use crate::pdf::page::{Color, Item, LineText, TextRun};
use crate::pdf::structure::Role;
use crate::pdf::style;
use crate::pdf::units::{Point, Pt};

/// Code blocks and drawings.
impl<'a> Layouter<'a> {
    /// A code block or drawing in the flow of text.
    pub(super) fn code(&mut self, code: &CodeBlock, x: Pt, width: Pt) {
        self.code_with_gap(code, x, width, style::CODE_GAP);
    }

    /// A code block or drawing `gap` below what comes before it: a
    /// program wraps long lines, a drawing scales down to the measure.
    pub(super) fn code_with_gap(&mut self, code: &CodeBlock, x: Pt, width: Pt, gap: Pt) {
        let pad = style::CODE_PAD;
        let inner = width - pad * 2.0;
        let lines: Vec<Vec<char>> = code.text.split('\n').map(expand_tabs).collect();
        let cell_at = |size: Pt| self.fonts.char_width(Face::Mono, size, 'M');
        let (size, rows) = match code.kind {
            CodeKind::Program => {
                let size = style::CODE_SIZE;
                let cols = ((inner / cell_at(size)).floor() as usize).max(8);
                let by_line =
                    crate::highlight::classes_by_line(self.assets.code.of(code), &code.text);
                let classes: Vec<Vec<Option<Class>>> = code
                    .text
                    .split('\n')
                    .zip(&by_line)
                    .map(|(line, classes)| expand_tabs_classed(line, classes).1)
                    .collect();
                (size, wrap_program(&lines, &classes, cols))
            }
            CodeKind::Drawing => {
                let cols = lines.iter().map(Vec::len).max().unwrap_or(0);
                let natural = cell_at(style::CODE_SIZE) * cols as f32;
                let size = if natural > inner && natural > Pt::ZERO {
                    // Scale the whole drawing; a hair smaller so rounding never overflows.
                    (style::CODE_SIZE * (inner / natural) * 0.999).max(style::DRAWING_MIN_SIZE)
                } else {
                    style::CODE_SIZE
                };
                let rows = lines
                    .into_iter()
                    .map(|l| CodeRow {
                        indent: 0,
                        continuation: false,
                        classes: vec![None; l.len()],
                        chars: l,
                    })
                    .collect();
                (size, rows)
            }
        };
        let line_height = size * style::CODE_LEADING;
        let total = line_height * rows.len() as f32 + pad * 2.0;
        self.flow.gap(gap);
        match code.kind {
            // A drawing stays on one page when it fits on one.
            CodeKind::Drawing if total <= self.flow.page_height() => self.flow.ensure(total),
            // A block that breaks leaves at least two lines at the foot of
            // the page (or goes whole to the next one).
            _ => self
                .flow
                .ensure((line_height * rows.len().min(2) as f32) + pad * 2.0),
        }
        self.flow.begin_band(Band {
            kind: BandKind::Fill(style::CODE_BACKGROUND),
            x,
            width,
        });
        // A drawing is a figure: read as what it is, with its text.
        match code.kind {
            CodeKind::Program => {
                self.open(Role::Code);
            }
            CodeKind::Drawing => {
                let figure = self.open(Role::Figure);
                let alt = self.words.labelled(self.words.drawing, &code.text);
                self.flow.structure.set_alt(figure, alt);
            }
        }
        self.flow.place(Strip::space(pad), x);
        let cell = cell_at(size);
        let n = rows.len();
        let mut page = self.flow.page_index();
        let mut rows_on_page = 0;
        for (i, row) in rows.into_iter().enumerate() {
            if self.flow.page_index() != page {
                page = self.flow.page_index();
                rows_on_page = 0;
            }
            // Never one lone line at the top of the next page: when only the
            // last line would go over, the last two go over together.
            if n >= 4
                && i + 2 == n
                && rows_on_page >= 2
                && self.flow.fitting([line_height, line_height + pad]) == 1
            {
                self.flow.break_page();
                page = self.flow.page_index();
                rows_on_page = 0;
            }
            if i + 1 == n {
                // The last line keeps the bottom padding with it.
                self.flow.ensure(line_height + pad);
            }
            let mut items = Vec::new();
            let baseline = (line_height - size) / 2.0 + size * 0.78;
            let mut col = row.indent;
            if row.continuation {
                let mark: Vec<char> = style::CONTINUATION_MARK.chars().collect();
                let plain = vec![Some(Class::Comment); mark.len()];
                items.extend(self.code_runs(&mark, &plain, col, cell, size, baseline, false));
                col += mark.len();
            }
            // Every line of code and drawing is extracted as it stands, its
            // runs of spaces (columns, alignment) kept.
            items.extend(self.code_runs(&row.chars, &row.classes, col, cell, size, baseline, true));
            self.flow.place(
                Strip {
                    height: line_height,
                    baseline: Some(baseline),
                    items,
                    tags: Vec::new(),
                },
                x + pad,
            );
            rows_on_page += 1;
        }
        self.flow.place(Strip::space(pad), x);
        self.close();
        self.flow.end_band();
        self.flow.gap(style::CODE_GAP);
    }

    /// Text runs for one code line starting at column `col`: one run per
    /// stretch of characters in one face and colour, each placed at its
    /// column so that columns stay exact even where a character comes from
    /// a fallback face. With `exact_text` (a line of code or drawing) the first
    /// run carries the line's text from its first drawn character to its
    /// last, so that text extraction keeps every space of it.
    #[allow(clippy::too_many_arguments)]
    fn code_runs(
        &self,
        chars: &[char],
        classes: &[Option<Class>],
        col: usize,
        cell: Pt,
        size: Pt,
        baseline: Pt,
        exact_text: bool,
    ) -> Vec<Item> {
        let mut runs: Vec<(Face, Color, usize, String)> = Vec::new();
        for (i, &ch) in chars.iter().enumerate() {
            // A selector asks for a look the PDF does not draw (see
            // `is_variation_selector`); its cell stays blank.
            if crate::pdf::text::is_variation_selector(ch) {
                continue;
            }
            let (bold, color) = highlight::style_of(classes.get(i).copied().flatten());
            let wanted = if bold { Face::MonoBold } else { Face::Mono };
            let (face, ch) = match self.fonts.face_for_char(wanted, ch) {
                Some(f) => (f, ch),
                None => {
                    self.fonts.note_missing(ch);
                    (wanted, '?')
                }
            };
            // Spaces need no glyph, but keeping them in the run keeps text
            // extraction faithful.
            match runs.last_mut() {
                Some((f, c, _, text))
                    if *f == face && face.is_mono() && (*c == color || ch == ' ') =>
                {
                    text.push(ch)
                }
                _ => runs.push((face, color, col + i, ch.to_string())),
            }
        }
        let drawn = |run: &(Face, Color, usize, String)| !run.3.trim().is_empty();
        // Every character is in exactly one run, in order: the line's text
        // is the runs' texts from the first drawn run to the last.
        let line_text = match (runs.iter().position(drawn), runs.iter().rposition(drawn)) {
            (Some(first), Some(last)) if exact_text => Some(
                runs[first..=last]
                    .iter()
                    .map(|run| run.3.as_str())
                    .collect::<String>(),
            ),
            _ => None,
        };
        let mut items: Vec<Item> = runs
            .into_iter()
            .filter(drawn)
            .map(|(face, color, start, text)| {
                let n = text.chars().count();
                let width = if face.is_mono() {
                    cell * n as f32
                } else {
                    self.fonts.text_width(face, size, &text)
                };
                Item::Text(TextRun {
                    face,
                    size,
                    text,
                    origin: Point::new(cell * start as f32, baseline),
                    width,
                    color,
                    glyphs: Vec::new(),
                    line_text: None,
                })
            })
            .collect();
        let count = items.len();
        if let (Some(text), Some(Item::Text(first))) = (line_text, items.first_mut()) {
            first.line_text = Some(LineText { text, runs: count });
        }
        items
    }
}

/// One printed row of a code block.
struct CodeRow {
    /// Columns left blank before a continuation mark.
    indent: usize,
    /// Whether it continues the previous source line.
    continuation: bool,
    chars: Vec<char>,
    /// The highlighting class of each character (`None`: plain).
    classes: Vec<Option<Class>>,
}

/// Expands tabs to the next multiple of [`style::TAB_WIDTH`] and drops a
/// trailing carriage return.
fn expand_tabs(line: &str) -> Vec<char> {
    expand_tabs_classed(line, &[]).0
}

/// [`expand_tabs`], carrying each character's highlighting class along
/// (`classes` holds one per character of `line`; missing ones are plain).
fn expand_tabs_classed(line: &str, classes: &[Option<Class>]) -> (Vec<char>, Vec<Option<Class>>) {
    let mut out = Vec::new();
    let mut out_classes = Vec::new();
    for (i, ch) in line.trim_end_matches('\r').chars().enumerate() {
        let class = classes.get(i).copied().flatten();
        let n = if ch == '\t' {
            style::TAB_WIDTH - out.len() % style::TAB_WIDTH
        } else {
            1
        };
        out.extend(std::iter::repeat_n(if ch == '\t' { ' ' } else { ch }, n));
        out_classes.extend(std::iter::repeat_n(class, n));
    }
    (out, out_classes)
}

/// Wraps program lines longer than `cols`. A continuation row is indented
/// like its source line, starts with the continuation mark, and the cut is
/// made after a space or punctuation when one is near the end of the row.
fn wrap_program(lines: &[Vec<char>], classes: &[Vec<Option<Class>>], cols: usize) -> Vec<CodeRow> {
    let mark = style::CONTINUATION_MARK.chars().count();
    let mut rows = Vec::new();
    for (line, class) in lines.iter().zip(classes) {
        let leading = line.iter().take_while(|c| **c == ' ').count();
        let indent = leading.min(cols / 3);
        let mut start = 0;
        let mut first = true;
        while first || start < line.len() {
            let room = if first {
                cols
            } else {
                cols.saturating_sub(mark + indent).max(4)
            };
            let mut end = (start + room).min(line.len());
            if end < line.len() {
                // Prefer to cut after a space or punctuation in the last third.
                let floor = start + room * 2 / 3;
                if let Some(cut) = (floor..end).rev().find(|&k| {
                    matches!(line[k], ' ' | ',' | ';' | '/' | '&' | '|' | '.' | '(' | '=')
                }) {
                    end = cut + 1;
                }
            }
            rows.push(CodeRow {
                indent: if first { 0 } else { indent },
                continuation: !first,
                chars: line[start..end].to_vec(),
                classes: class[start..end].to_vec(),
            });
            first = false;
            start = end;
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn text(row: &CodeRow) -> String {
        row.chars.iter().collect()
    }

    /// Wraps `lines` (no highlighting) at `cols`.
    fn wrap(lines: &[&str], cols: usize) -> Vec<CodeRow> {
        let lines: Vec<Vec<char>> = lines.iter().map(|l| expand_tabs(l)).collect();
        let classes: Vec<Vec<Option<Class>>> = lines.iter().map(|l| vec![None; l.len()]).collect();
        wrap_program(&lines, &classes, cols)
    }

    #[test]
    fn tabs_advance_to_the_next_stop() {
        assert_eq!(style::TAB_WIDTH, 4, "the cases below assume stops of 4");
        assert_eq!(expand_tabs("\tx"), chars("    x"));
        assert_eq!(expand_tabs("ab\tc"), chars("ab  c"));
        assert_eq!(expand_tabs("abcd\te"), chars("abcd    e"));
        assert_eq!(expand_tabs("a\t\tb"), chars("a       b"));
        assert_eq!(expand_tabs("no tabs"), chars("no tabs"));
    }

    #[test]
    fn a_carriage_return_at_the_end_is_dropped() {
        assert_eq!(expand_tabs("x = 1;\r"), chars("x = 1;"));
        assert_eq!(expand_tabs("a\rb"), chars("a\rb"));
    }

    #[test]
    fn a_tab_takes_the_class_of_the_character_it_stands_for() {
        let classes = [Some(Class::Keyword), None, Some(Class::String)];
        let (out, out_classes) = expand_tabs_classed("i\t\"", &classes);
        assert_eq!(out, chars("i   \""));
        assert_eq!(
            out_classes,
            vec![Some(Class::Keyword), None, None, None, Some(Class::String)]
        );
        // Characters beyond the classes given are plain.
        let (_, short) = expand_tabs_classed("abc", &[Some(Class::Comment)]);
        assert_eq!(short, vec![Some(Class::Comment), None, None]);
    }

    #[test]
    fn short_lines_are_one_row_each() {
        let rows = wrap(&["fn main() {", "", "}"], 40);
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| !r.continuation && r.indent == 0));
        assert_eq!(text(&rows[0]), "fn main() {");
        assert_eq!(text(&rows[1]), "");
    }

    #[test]
    fn long_lines_wrap_into_marked_rows_that_fit_and_keep_every_character() {
        let line = "    let total = first_value + second_value + third_value + fourth_value;";
        let cols = 30;
        let rows = wrap(&[line], cols);
        assert!(rows.len() >= 3, "{} rows", rows.len());
        let mark = style::CONTINUATION_MARK.chars().count();
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(row.continuation, i > 0);
            let used = row.chars.len()
                + if row.continuation {
                    row.indent + mark
                } else {
                    0
                };
            assert!(
                used <= cols,
                "row {i} takes {used} columns: {:?}",
                text(row)
            );
            assert_eq!(row.classes.len(), row.chars.len());
        }
        // Continuations are indented like the source line.
        assert!(rows[1..].iter().all(|r| r.indent == 4));
        let joined: String = rows.iter().map(text).collect();
        assert_eq!(joined, line);
    }

    #[test]
    fn a_wrap_prefers_to_cut_after_a_space_or_punctuation() {
        let rows = wrap(&["call(alpha, beta, gamma, delta)"], 20);
        // Without a preference the cut would fall inside "gamma".
        assert_eq!(text(&rows[0]), "call(alpha, beta, ");
    }

    #[test]
    fn a_line_without_a_cut_point_is_cut_at_the_width() {
        let rows = wrap(&["abcdefghijklmnopqrstuvwxyz"], 10);
        assert_eq!(text(&rows[0]), "abcdefghij");
        assert_eq!(rows.iter().map(text).collect::<String>().len(), 26);
    }

    #[test]
    fn deep_indentation_is_capped_for_continuations() {
        let line = format!("{}{}", " ".repeat(20), "x".repeat(40));
        let rows = wrap(&[&line], 24);
        assert!(rows[1..].iter().all(|r| r.indent == 24 / 3));
        assert_eq!(rows.iter().map(text).collect::<String>(), line);
    }
}
