//! The print theme of highlighted code.
//!
//! The classes come from the shared highlighter ([`crate::highlight`]), so
//! a code block is tokenised the same way in both books. On paper the
//! classes are told apart by weight and lightness, not by hue alone, so
//! that they stay readable when printed in grayscale: keywords bold,
//! comments light grey, strings, numbers and names dark tones of their own.

use super::page::Color;
use crate::highlight::Class;

/// Whether text of a class (`None`: plain) is set bold, and its colour.
pub fn style_of(class: Option<Class>) -> (bool, Color) {
    match class {
        None => (false, Color::grey(0.0)),
        Some(Class::Keyword) => (true, Color::rgb(0.05, 0.15, 0.45)),
        Some(Class::String) => (false, Color::rgb(0.05, 0.36, 0.12)),
        Some(Class::Comment) => (false, Color::grey(0.48)),
        Some(Class::Constant) => (false, Color::rgb(0.55, 0.12, 0.05)),
        Some(Class::Function) => (false, Color::rgb(0.30, 0.10, 0.40)),
        Some(Class::Type) => (true, Color::rgb(0.20, 0.20, 0.20)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_print_theme_reads_in_grayscale() {
        // Each class differs from plain text by weight or by lightness, and
        // every colour stays dark enough on the light code background.
        let luminance = |c: Color| 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
        for class in [
            Class::Keyword,
            Class::String,
            Class::Comment,
            Class::Constant,
            Class::Function,
            Class::Type,
        ] {
            let (bold, color) = style_of(Some(class));
            let l = luminance(color);
            assert!(l < 0.55, "{class:?} too light: {l}");
            assert!(bold || l > 0.15, "{class:?} not told apart in grey: {l}");
        }
    }
}
