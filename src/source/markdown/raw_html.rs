//! HTML inside Markdown, inline or as blocks, through the allowlist of
//! [`html`]: what may be shown becomes model content, the rest is dropped
//! and reported with its line.

use pulldown_cmark::TagEnd;

use super::fold::{Folder, Frame, Open};
use super::inlines::{paragraph_or_figure, push_text};
use crate::model::{Block, Image, Inline};
use crate::source::html;

impl Folder<'_> {
    /// Inline HTML goes through the allowlist of [`html::policy`]: a few
    /// tags become model inlines, `script`-like elements go with their
    /// content, anything else is dropped with its text kept. Drops are
    /// reported with the line.
    pub(super) fn inline_html(&mut self, fragment: &str, offset: usize) {
        for token in html::tokenize(fragment) {
            match token {
                html::Token::Text(text) => {
                    if !matches!(self.top_frame().open, Open::Suppressed(_)) {
                        push_text(&mut self.top_frame().inlines, &text);
                    }
                }
                html::Token::Open {
                    name,
                    attrs,
                    self_closing,
                } => {
                    if matches!(self.top_frame().open, Open::Suppressed(_)) {
                        // Inside a dropped element: nothing of it is shown,
                        // and it was reported once already.
                        if !self_closing && html::policy(&name) == html::Policy::DropWithContent {
                            let suppressed = Open::Suppressed(name.to_ascii_lowercase());
                            self.stack.push(Frame::new(suppressed, offset));
                        }
                        continue;
                    }
                    if let Some(handler) = html::event_handler(&attrs) {
                        self.warn(
                            offset,
                            format!("event handler attribute {handler} on <{name}> dropped"),
                        );
                    }
                    let attr =
                        |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                    let open = match html::policy(&name) {
                        html::Policy::Inline(tag) => match tag {
                            html::InlineTag::Sup => Open::Sup,
                            html::InlineTag::Sub => Open::Sub,
                            html::InlineTag::Emph => Open::Emph,
                            html::InlineTag::Strong => Open::Strong,
                            html::InlineTag::Strike => Open::Strike,
                            html::InlineTag::Code => Open::HtmlCode,
                            html::InlineTag::Link => Open::Link(attr("href").unwrap_or_default()),
                        },
                        html::Policy::Break => {
                            self.top_frame().inlines.push(Inline::LineBreak);
                            continue;
                        }
                        html::Policy::Image => {
                            let image = Image {
                                url: attr("src").unwrap_or_default(),
                                alt: attr("alt").unwrap_or_default(),
                            };
                            let inline = self.checked_image(image, offset);
                            self.top_frame().inlines.push(inline);
                            continue;
                        }
                        html::Policy::Transparent | html::Policy::Block => continue,
                        html::Policy::Unsupported if html::is_component_name(&name) => {
                            self.dropped_component(&name, offset);
                            continue;
                        }
                        html::Policy::Unsupported => {
                            self.warn(
                                offset,
                                format!("unsupported HTML tag <{name}> dropped (its text is kept)"),
                            );
                            continue;
                        }
                        html::Policy::DropWithContent => {
                            self.warn(offset, format!("<{name}> removed with its content"));
                            Open::Suppressed(name.to_ascii_lowercase())
                        }
                    };
                    if !self_closing {
                        self.stack.push(Frame::new(open, offset));
                    }
                }
                html::Token::Close { name } => {
                    let closes_top = match (&self.top_frame().open, html::policy(&name)) {
                        (Open::Suppressed(open), _) => open.eq_ignore_ascii_case(&name),
                        (Open::Sup, html::Policy::Inline(html::InlineTag::Sup))
                        | (Open::Sub, html::Policy::Inline(html::InlineTag::Sub))
                        | (Open::Emph, html::Policy::Inline(html::InlineTag::Emph))
                        | (Open::Strong, html::Policy::Inline(html::InlineTag::Strong))
                        | (Open::Strike, html::Policy::Inline(html::InlineTag::Strike))
                        | (Open::HtmlCode, html::Policy::Inline(html::InlineTag::Code))
                        | (Open::Link(_), html::Policy::Inline(html::InlineTag::Link)) => true,
                        _ => false,
                    };
                    if closes_top {
                        self.end(TagEnd::Paragraph);
                    }
                }
            }
        }
    }

    /// An HTML block through the allowlist (see [`html::block_to_model`]).
    pub(super) fn html_block(&mut self, raw: &str, offset: usize) {
        let mut dropped = Vec::new();
        let blocks = html::block_to_model(raw, &mut |what| dropped.push(what));
        for what in dropped {
            match what {
                html::Dropped::Component(name) => self.dropped_component(&name, offset),
                html::Dropped::Markup(message) => self.warn(offset, message),
            }
        }
        for block in blocks {
            let block = match block {
                // `<img …>` alone is a figure, like `![alt](src)` alone.
                Block::Paragraph(inlines) => {
                    paragraph_or_figure(self.checked_inlines(inlines, offset))
                }
                other => other,
            };
            self.push_block(block, offset);
        }
    }

    /// A component in HTML was dropped (its text is kept): noted, to be
    /// reported once per file unless it is site chrome.
    fn dropped_component(&mut self, name: &str, offset: usize) {
        let line = self.lines.line(offset);
        self.components.met(name, line);
    }

    /// Applies the link and image checks to inlines that did not come
    /// through the Markdown parser's own link events.
    fn checked_inlines(&mut self, inlines: Vec<Inline>, offset: usize) -> Vec<Inline> {
        inlines
            .into_iter()
            .map(|inline| match inline {
                Inline::Image(image) => self.checked_image(image, offset),
                other => other,
            })
            .collect()
    }

    /// An image whose source may not be used becomes its alt text.
    pub(super) fn checked_image(&mut self, image: Image, offset: usize) -> Inline {
        if html::is_safe_image(&image.url) {
            Inline::Image(image)
        } else {
            self.warn(
                offset,
                format!(
                    "image source {:?} refused (only http, https and relative paths are used)",
                    image.url
                ),
            );
            Inline::Text(image.alt)
        }
    }
}
