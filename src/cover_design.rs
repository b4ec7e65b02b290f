//! The design of the drawn cover, shared by the EPUB's cover picture
//! (`epub::cover`, a PNG) and the front of the print wrap cover
//! (`pdf::print::cover`, vector art): its colours, where each part stands
//! on a 1600 × 2560 design, its words, and how its lines are filled and
//! fitted. Each side draws with its own fonts and units; the numbers and
//! the rules are the ones here.

use crate::model::Book;

/// The design's width, in its own units (the EPUB cover's pixels).
pub const WIDTH: f32 = 1600.0;
/// The design's height.
pub const HEIGHT: f32 = 2560.0;
/// Left and right margin of the text.
pub const MARGIN: f32 = 160.0;

/// The ground.
pub const BACKGROUND: [u8; 3] = [0x17, 0x21, 0x33];
/// Title, year and author.
pub const INK: [u8; 3] = [0xF4, 0xF1, 0xEA];
/// The series and its rule.
pub const ACCENT: [u8; 3] = [0xF2, 0xA9, 0x3B];
/// The issues line and the rule over the author.
pub const MUTED: [u8; 3] = [0xB8, 0xBF, 0xC9];

/// The series, in spaced capitals: its baseline, largest size and letter
/// spacing (em).
pub const SERIES_Y: f32 = 360.0;
/// The series' largest size.
pub const SERIES_SIZE: f32 = 72.0;
/// The series' letter spacing, in em.
pub const SERIES_SPACING: f32 = 0.18;
/// The short rule under the series: its top, width and thickness.
pub const SERIES_RULE_Y: f32 = 420.0;
/// The series rule's width.
pub const SERIES_RULE_WIDTH: f32 = 240.0;
/// The series rule's thickness.
pub const SERIES_RULE_HEIGHT: f32 = 14.0;
/// The year: its baseline, largest size, letter spacing, and how far it
/// stands left of the margin (its figures' side bearing).
pub const YEAR_Y: f32 = 1180.0;
/// The year's largest size.
pub const YEAR_SIZE: f32 = 620.0;
/// The year's letter spacing, in em.
pub const YEAR_SPACING: f32 = -0.02;
/// How far the year stands left of the margin.
pub const YEAR_SHIFT: f32 = 12.0;
/// The title (when it says more than series and year): the first
/// baseline, size, line step, most lines, and the gap after it.
pub const TITLE_Y: f32 = 1440.0;
/// The title's size.
pub const TITLE_SIZE: f32 = 112.0;
/// The title's line step.
pub const TITLE_STEP: f32 = 136.0;
/// The title's most lines.
pub const TITLE_LINES: usize = 3;
/// The gap after the title.
pub const TITLE_GAP: f32 = 40.0;
/// The issues line's largest size.
pub const SPAN_SIZE: f32 = 72.0;
/// The rule over the author: its top, from the foot, and its thickness.
pub const AUTHOR_RULE_FROM_FOOT: f32 = 420.0;
/// The author rule's thickness.
pub const AUTHOR_RULE_HEIGHT: f32 = 6.0;
/// The author's baseline, from the foot.
pub const AUTHOR_FROM_FOOT: f32 = 270.0;
/// The author's largest size.
pub const AUTHOR_SIZE: f32 = 88.0;

/// `rgb` as an SVG colour, `#172133`.
pub fn svg_color(rgb: [u8; 3]) -> String {
    format!("#{:02X}{:02X}{:02X}", rgb[0], rgb[1], rgb[2])
}

/// What the book holds, for the cover: "5 issues · 2019-01 to 2019-07",
/// "1 issue · 2019-01"; `None` for a book without issues.
pub fn issue_span(book: &Book) -> Option<String> {
    let (first, last) = (book.chapters.first()?, book.chapters.last()?);
    Some(match book.chapters.len() {
        1 => format!("1 issue · {}", first.id),
        count => format!("{count} issues · {} to {}", first.id, last.id),
    })
}

/// The words of `text` filled greedily into lines, a line taking the next
/// word while `fits` says the longer line still fits (a word that fits on
/// no line stands alone on its own).
pub fn fill_lines(text: &str, fits: impl Fn(&str) -> bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || fits(&candidate) {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// The size, at most `max`, at which a text `at_max` wide at `max` fits
/// in `room`, but not below `floor`.
pub fn fitted_size(at_max: f32, max: f32, room: f32, floor: f32) -> f32 {
    if at_max <= room || at_max <= 0.0 {
        max
    } else {
        (max * room / at_max).max(floor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_take_words_while_they_fit() {
        let fits = |line: &str| line.len() <= 10;
        assert_eq!(
            fill_lines("one two three fourteen-letters x", fits),
            ["one two", "three", "fourteen-letters", "x"]
        );
        assert!(fill_lines("  ", fits).is_empty());
    }

    #[test]
    fn sizes_shrink_to_the_room_down_to_the_floor() {
        assert_eq!(fitted_size(50.0, 72.0, 100.0, 8.0), 72.0);
        assert_eq!(fitted_size(200.0, 72.0, 100.0, 8.0), 36.0);
        assert_eq!(fitted_size(10_000.0, 72.0, 100.0, 8.0), 8.0);
    }

    #[test]
    fn colours_are_written_as_svg_hex() {
        assert_eq!(svg_color(BACKGROUND), "#172133");
        assert_eq!(svg_color(ACCENT), "#F2A93B");
    }
}
