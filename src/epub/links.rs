//! Which link targets may become an `href` in the book.
//!
//! Only `http:`, `https:` and `mailto:` URLs and fragments that point at an
//! element of the same document are emitted as links. Anything else
//! (`javascript:`, `data:`, `file:`, relative paths, URLs that a validator
//! would reject) is shown as plain text instead, so a reader can never be
//! sent somewhere unexpected and EPUBCheck never sees a broken reference.

use std::collections::HashSet;

/// Returns the `href` to emit for `url`, or `None` when the target must be
/// shown as plain text.
///
/// `local_ids` are the `id`s defined in the document being written; a
/// fragment-only URL (`#x`) is kept only when it names one of them.
pub fn safe_href(url: &str, local_ids: &HashSet<String>) -> Option<String> {
    let url = url.trim();
    if let Some(fragment) = url.strip_prefix('#') {
        return local_ids.contains(fragment).then(|| url.to_string());
    }
    let (scheme, rest) = url.split_once(':')?;
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" => {
            let after_slashes = rest.strip_prefix("//")?;
            let authority_end = after_slashes
                .find(['/', '?', '#'])
                .unwrap_or(after_slashes.len());
            let authority = &after_slashes[..authority_end];
            let host_and_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            if !valid_host_and_port(host_and_port) {
                return None;
            }
            Some(encode_url(url))
        }
        "mailto" => {
            let address = rest.trim();
            if address.is_empty() || address.chars().any(char::is_whitespace) {
                return None;
            }
            Some(encode_url(url))
        }
        _ => None,
    }
}

/// Whether `host_and_port` is a plausible host name (letters, digits, `-`,
/// `.`, non-ASCII for IDNs, or a bracketed IPv6 address) with an optional
/// numeric port.
fn valid_host_and_port(host_and_port: &str) -> bool {
    let (host, port) = if host_and_port.starts_with('[') {
        match host_and_port.split_once(']') {
            Some((h, rest)) => (&h[1..], rest.strip_prefix(':').unwrap_or(rest)),
            None => return false,
        }
    } else {
        match host_and_port.rsplit_once(':') {
            Some((h, p)) => (h, p),
            None => (host_and_port, ""),
        }
    };
    let host_ok = !host.is_empty()
        && !host.starts_with('.')
        && !host.starts_with('-')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':') || !c.is_ascii());
    let port_ok = port.chars().all(|c| c.is_ascii_digit()) && port.len() <= 5;
    host_ok && port_ok
}

/// Percent-encodes the characters that may not appear in a URL (spaces,
/// quotes, angle brackets, backslashes, braces and similar) and any `%`
/// that does not start an escape; other characters, including non-ASCII
/// ones, are kept.
fn encode_url(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (i, c) in url.char_indices() {
        let needs_escape = match c {
            '%' => {
                !(bytes.len() > i + 2
                    && bytes[i + 1].is_ascii_hexdigit()
                    && bytes[i + 2].is_ascii_hexdigit())
            }
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => true,
            c if c.is_control() => true,
            _ => false,
        };
        if needs_escape {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn href(url: &str) -> Option<String> {
        safe_href(url, &HashSet::from(["known".to_string()]))
    }

    #[test]
    fn web_and_mail_links_are_kept() {
        assert_eq!(
            href("https://example.com/a?b=1#c").as_deref(),
            Some("https://example.com/a?b=1#c")
        );
        assert_eq!(
            href("http://localhost:8080/").as_deref(),
            Some("http://localhost:8080/")
        );
        assert_eq!(
            href("mailto:me@example.com").as_deref(),
            Some("mailto:me@example.com")
        );
        assert_eq!(
            href("HTTPS://EXAMPLE.COM").as_deref(),
            Some("HTTPS://EXAMPLE.COM")
        );
    }

    #[test]
    fn dangerous_or_unresolvable_targets_are_refused() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<b>x</b>",
            "file:///etc/passwd",
            "relative/path.html",
            "//example.com/x",
            "https://",
            "http:///x",
            "https://exa mple.com/",
            "#unknown",
            "mailto:",
            "",
        ] {
            assert_eq!(href(url), None, "{url}");
        }
        assert_eq!(href("#known").as_deref(), Some("#known"));
    }

    #[test]
    fn unsafe_characters_are_percent_encoded() {
        assert_eq!(
            href("https://example.com/a b\"c%zz%20").as_deref(),
            Some("https://example.com/a%20b%22c%25zz%20")
        );
    }
}
