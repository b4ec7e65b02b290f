//! Typed lengths and geometry for the layout.
//!
//! Layout code juggles widths, heights and positions; a bare `f32` does not
//! say whether it is a point, a font unit or a scale factor. [`Pt`] does.
//!
//! Coordinates are in the *layout* system: the origin is the top-left corner
//! of the page and `y` grows downwards, the way text is read. The writer
//! flips `y` when it talks to PDF, whose origin is the bottom-left corner.

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// A length in PostScript points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Pt(pub f32);

impl Pt {
    /// Zero length.
    pub const ZERO: Pt = Pt(0.0);

    /// The larger of two lengths.
    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    /// The smaller of two lengths.
    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, rhs: Pt) -> Pt {
        Pt(self.0 + rhs.0)
    }
}

impl Sub for Pt {
    type Output = Pt;
    fn sub(self, rhs: Pt) -> Pt {
        Pt(self.0 - rhs.0)
    }
}

impl AddAssign for Pt {
    fn add_assign(&mut self, rhs: Pt) {
        self.0 += rhs.0;
    }
}

impl SubAssign for Pt {
    fn sub_assign(&mut self, rhs: Pt) {
        self.0 -= rhs.0;
    }
}

impl Mul<f32> for Pt {
    type Output = Pt;
    fn mul(self, rhs: f32) -> Pt {
        Pt(self.0 * rhs)
    }
}

impl Div<f32> for Pt {
    type Output = Pt;
    fn div(self, rhs: f32) -> Pt {
        Pt(self.0 / rhs)
    }
}

impl Div for Pt {
    type Output = f32;
    fn div(self, rhs: Pt) -> f32 {
        self.0 / rhs.0
    }
}

impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}

impl std::iter::Sum for Pt {
    fn sum<I: Iterator<Item = Pt>>(iter: I) -> Pt {
        iter.fold(Pt::ZERO, |a, b| a + b)
    }
}

/// A position on the page (layout coordinates: from the top-left corner).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Distance from the left edge of the page.
    pub x: Pt,
    /// Distance from the top edge of the page.
    pub y: Pt,
}

impl Point {
    /// A point at `x`, `y`.
    pub fn new(x: Pt, y: Pt) -> Self {
        Point { x, y }
    }
}

/// A width and a height.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Size {
    /// Horizontal extent.
    pub width: Pt,
    /// Vertical extent.
    pub height: Pt,
}

/// An axis-aligned rectangle given by its top-left corner and its size.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: Pt,
    /// Top edge (layout coordinates, from the top of the page).
    pub y: Pt,
    /// Width.
    pub width: Pt,
    /// Height.
    pub height: Pt,
}

impl Rect {
    /// A rectangle from its left, top, width and height.
    pub fn new(x: Pt, y: Pt, width: Pt, height: Pt) -> Self {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    /// The right edge.
    pub fn right(&self) -> Pt {
        self.x + self.width
    }

    /// The bottom edge.
    pub fn bottom(&self) -> Pt {
        self.y + self.height
    }

    /// Whether `other` lies entirely inside this rectangle, allowing `slack`
    /// for rounding.
    pub fn contains_rect(&self, other: &Rect, slack: Pt) -> bool {
        other.x.0 >= self.x.0 - slack.0
            && other.y.0 >= self.y.0 - slack.0
            && other.right().0 <= self.right().0 + slack.0
            && other.bottom().0 <= self.bottom().0 + slack.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_and_containment() {
        assert_eq!(Pt(2.0) + Pt(3.0) * 2.0, Pt(8.0));
        assert_eq!(Pt(9.0) / Pt(3.0), 3.0);
        let outer = Rect::new(Pt(10.0), Pt(10.0), Pt(100.0), Pt(100.0));
        let inner = Rect::new(Pt(20.0), Pt(20.0), Pt(90.0), Pt(10.0));
        assert!(outer.contains_rect(&inner, Pt::ZERO));
        let outside = Rect::new(Pt(20.0), Pt(20.0), Pt(91.0), Pt(10.0));
        assert!(!outer.contains_rect(&outside, Pt::ZERO));
    }
}
