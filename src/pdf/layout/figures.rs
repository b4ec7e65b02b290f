//! Figures: resolved images and drawn diagrams scaled to the measure,
//! the framed stand-in for an image that could not be fetched, and the
//! captions under both.

use super::Layouter;
use crate::model::{Image, ImageAsset, Inline};
use crate::pdf::flow::{Band, BandKind, Strip};
use crate::pdf::fonts::Face;
use crate::pdf::page::{ImageBox, Item};
use crate::pdf::style::{self, TextStyle};
use crate::pdf::text::{set_paragraph, set_plain, Alignment};
use crate::pdf::units::{Pt, Rect};

impl<'a> Layouter<'a> {
    pub(super) fn caption_line(&mut self, text: &str, x: Pt, width: Pt, align: Alignment) {
        self.flow.gap(style::PARAGRAPH_GAP);
        let style =
            TextStyle::new(Face::Italic, style::CAPTION_SIZE).with_color(style::MUTED_COLOR);
        let lines = set_plain(self.fonts, text, &style, width, align, 1.3);
        self.flow.ensure(Self::lines_height(&lines) + Pt(40.0));
        self.place_lines(lines, x);
    }

    pub(super) fn figure(&mut self, image: &Image, caption: Option<&[Inline]>, x: Pt, width: Pt) {
        let pad = Pt(14.0);
        let inner = width - pad * 2.0;
        let alt = if image.alt.trim().is_empty() {
            "Image".to_string()
        } else {
            format!("Image: {}", image.alt.trim())
        };
        let label_style = TextStyle::new(Face::Italic, Pt(10.0)).with_color(style::MUTED_COLOR);
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
        let url_style = TextStyle::new(Face::Regular, Pt(8.5));
        lines.extend(set_paragraph(
            self.fonts,
            &url_inlines,
            &url_style,
            inner,
            Alignment::Center,
            1.3,
        ));
        let caption_lines = caption.map(|c| {
            let style = TextStyle::new(Face::Italic, style::CAPTION_SIZE);
            set_paragraph(self.fonts, c, &style, width, Alignment::Center, 1.3)
        });
        let box_height = Self::lines_height(&lines) + pad * 2.0;
        let caption_height = caption_lines
            .as_deref()
            .map_or(Pt::ZERO, Self::lines_height);
        self.flow.gap(style::PARAGRAPH_GAP + Pt(4.0));
        self.flow.ensure(box_height + caption_height + Pt(4.0));
        self.flow.begin_band(Band {
            kind: BandKind::Frame(style::RULE_COLOR, Pt(0.6)),
            x,
            width,
        });
        self.flow.place(Strip::space(pad), x);
        self.place_lines(lines, x + pad);
        self.flow.place(Strip::space(pad), x);
        self.flow.end_band();
        if let Some(lines) = caption_lines {
            self.flow.gap(Pt(4.0));
            self.place_lines(lines, x);
        }
        self.flow.gap(style::PARAGRAPH_GAP + Pt(4.0));
    }

    /// A resolved image or drawn diagram, scaled to the measure (never
    /// split: it moves to the next page with its caption), the caption
    /// centred below.
    pub(super) fn picture(
        &mut self,
        asset: &ImageAsset,
        caption: Option<&[Inline]>,
        x: Pt,
        width: Pt,
    ) {
        let caption_lines = caption.map(|c| {
            let style = TextStyle::new(Face::Italic, style::CAPTION_SIZE);
            set_paragraph(self.fonts, c, &style, width, Alignment::Center, 1.3)
        });
        let caption_height = caption_lines
            .as_deref()
            .map_or(Pt::ZERO, Self::lines_height);
        let max_height = self.flow.page_height() * 0.8 - caption_height;
        let size = crate::pdf::image::fitted_size(asset, width, max_height);
        self.flow.gap(style::PARAGRAPH_GAP + Pt(4.0));
        self.flow.ensure(size.height + caption_height + Pt(4.0));
        let item = Item::Image(ImageBox {
            rect: Rect::new(Pt::ZERO, Pt::ZERO, size.width, size.height),
            asset: std::sync::Arc::new(asset.clone()),
        });
        self.flow.place(
            Strip {
                height: size.height,
                baseline: None,
                items: vec![item],
            },
            x + (width - size.width) / 2.0,
        );
        if let Some(lines) = caption_lines {
            self.flow.gap(Pt(4.0));
            self.place_lines(lines, x);
        }
        self.flow.gap(style::PARAGRAPH_GAP + Pt(4.0));
    }
}
