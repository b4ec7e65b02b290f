//! Figures: resolved images and drawn diagrams scaled to the measure,
//! the framed stand-in for an image that could not be fetched, and the
//! captions under both.

use super::Layouter;
use crate::model::{Image, ImageAsset, Inline};
use crate::pdf::flow::{Band, BandKind, Strip};
use crate::pdf::fonts::Face;
use crate::pdf::page::{ImageBox, Item};
use crate::pdf::structure::Role;
use crate::pdf::style::{self, TextStyle};
use crate::pdf::text::{set_paragraph, set_plain, Alignment, SetLine};
use crate::pdf::units::{Pt, Rect};

/// A figure's caption, set before the figure so that the figure can keep
/// room for it on its page.
struct Caption {
    lines: Vec<SetLine>,
    height: Pt,
}

/// Figures and their captions.
impl<'a> Layouter<'a> {
    /// A one-line label for the block after it (the source of a diagram
    /// that could not be drawn), set like a caption and kept with the
    /// start of that block.
    pub(super) fn caption_line(&mut self, text: &str, x: Pt, width: Pt, align: Alignment) {
        self.flow.gap(style::PARAGRAPH_GAP);
        let style =
            TextStyle::new(Face::Italic, style::CAPTION_SIZE).with_color(style::MUTED_COLOR);
        let lines = set_plain(self.fonts, text, &style, width, align, 1.3);
        self.flow
            .ensure(Self::lines_height(&lines) + style::LABEL_KEEP);
        self.place_lines(lines, x);
    }

    /// The stand-in for an image that was not fetched: a frame with its
    /// description and address, the caption centred below.
    pub(super) fn figure(&mut self, image: &Image, caption: Option<&[Inline]>, x: Pt, width: Pt) {
        let pad = style::IMAGE_STANDIN_PAD;
        let inner = width - pad * 2.0;
        let alt = if image.alt.trim().is_empty() {
            self.words.image.to_string()
        } else {
            self.words.labelled(self.words.image, image.alt.trim())
        };
        let label_style = TextStyle::new(Face::Italic, style::IMAGE_STANDIN_LABEL_SIZE)
            .with_color(style::MUTED_COLOR);
        let mut lines = set_plain(
            self.fonts,
            &alt,
            &label_style,
            inner,
            Alignment::Center,
            1.3,
        );
        let url_inlines = [Inline::Link {
            url: image.url.clone(),
            content: vec![Inline::Code(image.url.clone())],
        }];
        let url_style = TextStyle::new(Face::Regular, style::IMAGE_STANDIN_URL_SIZE);
        lines.extend(set_paragraph(
            self.fonts,
            &url_inlines,
            &url_style,
            inner,
            Alignment::Center,
            1.3,
        ));
        let caption = self.caption(caption, width);
        let box_height = Self::lines_height(&lines) + pad * 2.0;
        self.place_figure(box_height, caption, alt, x, |l| {
            l.flow.begin_band(Band {
                kind: BandKind::Frame(style::RULE_COLOR, style::IMAGE_STANDIN_FRAME),
                x,
                width,
            });
            l.flow.place(Strip::space(pad), x);
            l.place_lines(lines, x + pad);
            l.flow.place(Strip::space(pad), x);
            l.flow.end_band();
        });
    }

    /// A resolved image or drawn diagram, scaled to the measure (never
    /// split: it moves to the next page with its caption), the caption
    /// centred below.
    /// `alt` is what a reader hears instead of the picture.
    pub(super) fn picture(
        &mut self,
        asset: &ImageAsset,
        caption: Option<&[Inline]>,
        alt: String,
        x: Pt,
        width: Pt,
    ) {
        let caption = self.caption(caption, width);
        let caption_height = caption.as_ref().map_or(Pt::ZERO, |c| c.height);
        let max_height = self.flow.page_height() * 0.8 - caption_height;
        let size = crate::pdf::image::fitted_size(asset, width, max_height);
        self.place_figure(size.height, caption, alt, x, |l| {
            let item = Item::Image(ImageBox {
                rect: Rect::new(Pt::ZERO, Pt::ZERO, size.width, size.height),
                asset: std::sync::Arc::new(asset.clone()),
            });
            l.flow.place(
                Strip {
                    height: size.height,
                    baseline: None,
                    items: vec![item],
                    tags: Vec::new(),
                },
                x + (width - size.width) / 2.0,
            );
        });
    }

    /// Sets `caption`, if any, centred across `width`.
    fn caption(&self, caption: Option<&[Inline]>, width: Pt) -> Option<Caption> {
        let style = TextStyle::new(Face::Italic, style::CAPTION_SIZE);
        let lines = set_paragraph(self.fonts, caption?, &style, width, Alignment::Center, 1.3);
        let height = Self::lines_height(&lines);
        Some(Caption { lines, height })
    }

    /// Places a figure whose body, `height` tall, `place_body` places:
    /// the space above, the body and its caption kept on one page, the
    /// space below. The body is a `Figure` read as `alt`, the caption a
    /// paragraph after it.
    fn place_figure(
        &mut self,
        height: Pt,
        caption: Option<Caption>,
        alt: String,
        x: Pt,
        place_body: impl FnOnce(&mut Self),
    ) {
        let caption_height = caption.as_ref().map_or(Pt::ZERO, |c| c.height);
        self.flow.gap(style::FIGURE_GAP);
        self.flow
            .ensure(height + caption_height + style::CAPTION_GAP);
        let figure = self.open(Role::Figure);
        self.flow.structure.set_alt(figure, alt);
        place_body(self);
        self.close();
        if let Some(caption) = caption {
            self.flow.gap(style::CAPTION_GAP);
            self.open(Role::P);
            self.place_lines(caption.lines, x);
            self.close();
        }
        self.flow.gap(style::FIGURE_GAP);
    }
}
