//! Inline content of scraped text: plain text, with bare URLs turned into
//! links. The scrape lost every other inline markup, so nothing else is
//! guessed (a `*` or `_` in plain text is meant literally).

use crate::model::Inline;

/// Characters that may not end a URL written in running text: they belong
/// to the sentence around it (`see https://x.org/a.html.`).
const TRAILING_PUNCTUATION: [char; 10] = ['.', ',', ';', ':', '!', '?', '\'', '"', '”', '’'];

/// Finds the next bare `http://` or `https://` URL in `text` starting at a
/// word boundary; returns its byte range.
fn next_url(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut search = from;
    while search < text.len() {
        let rest = text.get(search..)?;
        let rel = match (rest.find("https://"), rest.find("http://")) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => return None,
        };
        let start = search + rel;
        let boundary = text[..start].chars().next_back().is_none_or(|c| {
            c.is_whitespace() || matches!(c, '(' | '"' | '\'' | '<' | '“' | '‘' | '[')
        });
        let scheme_len = if text[start..].starts_with("https://") {
            8
        } else {
            7
        };
        let mut end = text[start..]
            .find(|c: char| c.is_whitespace())
            .map_or(text.len(), |i| start + i);
        // Drop sentence punctuation and an unbalanced closing parenthesis.
        loop {
            let url = &text[start..end];
            let Some(last) = url.chars().next_back() else {
                break;
            };
            let unbalanced_paren =
                last == ')' && url.matches('(').count() < url.matches(')').count();
            if TRAILING_PUNCTUATION.contains(&last) || unbalanced_paren || matches!(last, '>' | ']')
            {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        if boundary && end > start + scheme_len {
            return Some((start, end));
        }
        search = start + scheme_len;
    }
    None
}

/// Turns a run of plain text into inline content: `Text` pieces with bare
/// URLs as `Link`s whose text is the URL itself.
pub(crate) fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some((start, end)) = next_url(text, pos) {
        if start > pos {
            out.push(Inline::Text(text[pos..start].to_string()));
        }
        let url = text[start..end].to_string();
        out.push(Inline::Link {
            url: url.clone(),
            content: vec![Inline::Text(url)],
        });
        pos = end;
    }
    if pos < text.len() || out.is_empty() {
        out.push(Inline::Text(text[pos..].to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::inline_text;

    fn link(url: &str) -> Inline {
        Inline::Link {
            url: url.to_string(),
            content: vec![Inline::Text(url.to_string())],
        }
    }

    #[test]
    fn plain_text_stays_text() {
        assert_eq!(
            inlines("just words"),
            vec![Inline::Text("just words".into())]
        );
        assert_eq!(inlines(""), vec![Inline::Text(String::new())]);
    }

    #[test]
    fn bare_urls_become_links_without_trailing_punctuation() {
        let got = inlines("How to HTTP with curl? https://ec.haxx.se/http.html.");
        assert_eq!(
            got,
            vec![
                Inline::Text("How to HTTP with curl? ".into()),
                link("https://ec.haxx.se/http.html"),
                Inline::Text(".".into()),
            ]
        );
        let got = inlines("Enqueue Zero (https://enqueuezero.com), a site");
        assert_eq!(got[1], link("https://enqueuezero.com"));
        assert_eq!(
            inline_text(&got),
            "Enqueue Zero (https://enqueuezero.com), a site"
        );
        let got = inlines("see https://en.wikipedia.org/wiki/Foo_(bar) now");
        assert_eq!(got[1], link("https://en.wikipedia.org/wiki/Foo_(bar)"));
    }

    #[test]
    fn urls_inside_words_or_bare_schemes_are_text() {
        assert_eq!(inlines("xhttps://a.b").len(), 1);
        assert_eq!(inlines("https:// alone").len(), 1);
        assert_eq!(inlines("https://").len(), 1);
    }
}
