//! The series intro: the "Kia ora! …" paragraph and the follow line that
//! every issue repeats, either literally or as the VuePress component
//! `<TechshackHeader />`. The book shows it once, in the preface, and
//! removes it from every chapter.

use crate::model::{inline_text, Block, Inline};

/// The name of the VuePress component that stands for the intro.
pub const COMPONENT: &str = "TechshackHeader";

/// The intro as the `<TechshackHeader />` component renders it: the preface
/// text of the book.
pub const INTRO_PARAGRAPHS: [&str; 2] = [
    "Kia ora! I am the creator of Enqueue Zero (https://enqueuezero.com), a site that explains code principles to Developers/DevOps/Sysadmins. This site is updated under a single man team since 2018. The `EnqueueZero Techshack` series is comprised of a bunch of interesting posts I wrote or found on the Internet. More importantly, I hope these posts would please you.",
    "Please follow Twitter account @enqueuezero for the updates. Happy exploring!",
];

/// Whether the intro, which is written in English, belongs in a book in
/// `language` (a BCP 47 tag).
pub fn is_in(language: &str) -> bool {
    crate::model::edition_key(language) == "en"
}

/// The preface blocks: the intro paragraphs, with the site as a link and
/// the series name as code, as the component shows them.
pub fn preface() -> Vec<Block> {
    vec![
        Block::Paragraph(vec![
            Inline::Text("Kia ora! I am the creator of Enqueue Zero (".into()),
            Inline::Link {
                url: "https://enqueuezero.com".into(),
                content: vec![Inline::Text("https://enqueuezero.com".into())],
            },
            Inline::Text("), a site that explains code principles to Developers/DevOps/Sysadmins. This site is updated under a single man team since 2018. The ".into()),
            Inline::Code("EnqueueZero Techshack".into()),
            Inline::Text(" series is comprised of a bunch of interesting posts I wrote or found on the Internet. More importantly, I hope these posts would please you.".into()),
        ]),
        Block::Paragraph(vec![Inline::Text(INTRO_PARAGRAPHS[1].into())]),
    ]
}

/// Removes a literal intro from the blocks before the first article: the
/// run of paragraphs from one that starts "Kia ora!" to one that ends
/// "Happy exploring!" (whatever stands between, such as a donation request).
/// Returns whether an intro was found.
pub fn strip_literal_intro(lead: &mut Vec<Block>) -> bool {
    let text_of = |block: &Block| match block {
        Block::Paragraph(inlines) => Some(inline_text(inlines)),
        _ => None,
    };
    let Some(start) = lead
        .iter()
        .position(|b| text_of(b).is_some_and(|t| t.trim_start().starts_with("Kia ora!")))
    else {
        return false;
    };
    let end = lead[start..]
        .iter()
        .position(|b| text_of(b).is_some_and(|t| t.trim_end().ends_with("Happy exploring!")))
        .map_or(start, |offset| start + offset);
    lead.drain(start..=end);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Block {
        Block::Paragraph(vec![Inline::Text(text.into())])
    }

    #[test]
    fn the_english_intro_prefaces_english_books_only() {
        assert!(is_in("en") && is_in("en-GB") && is_in("EN_us"));
        assert!(!is_in("zh-Hans") && !is_in("zh") && !is_in("") && !is_in("eng"));
    }

    #[test]
    fn strips_the_whole_intro_block() {
        let mut lead = vec![
            para("Kia ora! I am the creator."),
            para("To keep me motivated, donate!"),
            para("Please follow. Happy exploring!"),
            para("Kept."),
        ];
        assert!(strip_literal_intro(&mut lead));
        assert_eq!(lead, vec![para("Kept.")]);
    }

    #[test]
    fn no_intro_leaves_blocks_alone() {
        let mut lead = vec![para("Hello.")];
        assert!(!strip_literal_intro(&mut lead));
        assert_eq!(lead.len(), 1);
    }
}
