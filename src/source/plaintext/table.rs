//! Tables copied from a web page: a browser copies each row of a table as
//! one line with its cells separated by tabs. Two or more such lines in a
//! row, with the same number of cells, are read back as a table whose
//! first row is the header.

use super::blocks::Line;
use super::inline::inlines;
use crate::model::{Align, Block};

/// The cells of a line of tab-separated cells (two or more, none empty
/// except at the ends), or `None`.
fn cells(line: &str) -> Option<Vec<&str>> {
    if !line.contains('\t') {
        return None;
    }
    let t = line.trim_matches(|c: char| c == ' ' || c == '\u{a0}');
    let t = t.trim_start_matches('\t');
    if !t.contains('\t') {
        return None;
    }
    let cells: Vec<&str> = t.trim_end().split('\t').map(str::trim).collect();
    (cells.len() >= 2 && cells.iter().all(|c| !c.is_empty())).then_some(cells)
}

/// The table that starts at line `i`, with the number of lines it spans.
pub(crate) fn table_at(lines: &[Line], i: usize) -> Option<(usize, Block)> {
    let header = cells(&lines.get(i)?.text)?;
    let width = header.len();
    let mut rows = Vec::new();
    let mut end = i + 1;
    while let Some(row) = lines.get(end).and_then(|l| cells(&l.text)) {
        if row.len() != width {
            break;
        }
        rows.push(row.iter().map(|c| inlines(c)).collect());
        end += 1;
    }
    if rows.is_empty() {
        return None;
    }
    Some((
        end - i,
        Block::Table {
            align: vec![Align::None; width],
            header: header.iter().map(|c| inlines(c)).collect(),
            rows,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::blocks::numbered_lines as lines;

    #[test]
    fn rows_of_tab_separated_cells_are_a_table() {
        let (len, block) = table_at(
            &lines("Queue\tOrdering\nSQS\tbest effort\nKafka\tper partition\nAfter."),
            0,
        )
        .unwrap();
        assert_eq!(len, 3);
        let Block::Table { header, rows, .. } = block else {
            panic!("a table");
        };
        assert_eq!(header.len(), 2);
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn lone_rows_indented_items_and_uneven_rows_are_not() {
        for text in [
            "a\tb\nJust a sentence.",
            "\t- item\n\t- item",
            "a\tb\na\tb\tc",
            "a\t\tb\nc\t\td",
        ] {
            assert!(table_at(&lines(text), 0).is_none(), "{text:?}");
        }
    }
}
