//! Pieces of web addresses that both the readers (an article's source host,
//! a title from a file name) and the image step (a path on the book's own
//! site) take apart: one way to find the host and to decode `%XX`; and
//! what the writers ask of a source's address (whether it is only a host).

/// The host of `authority` (what follows `scheme://` up to the path): user
/// information and port left out, in lower case; `None` when empty.
pub fn host_of_authority(authority: &str) -> Option<String> {
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// The host of the web address `url` (`https://User@Example.org:8080/a`
/// gives `example.org`; an address without `scheme://` is read from its
/// start), as [`host_of_authority`] gives it.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host_of_authority(authority)
}

/// The bytes `text` stands for with its `%XX` escapes decoded; an escape
/// that is not two hex digits is kept as written.
pub fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| char::from(b).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Whether `url` is nothing but the host that `label` names
/// (`https://medium.com` labelled `medium.com`): what an issue scraped
/// from the web page knows of a source it shows only by its host. Such a
/// link would lead to a homepage, not to the article, so the source is
/// shown as text. A URL with a path (even `/`), a query or a fragment is
/// a real address and stays a link.
pub fn is_host_only(url: &str, label: &str) -> bool {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return false;
    }
    if rest.contains(['/', '?', '#']) {
        return false;
    }
    let label = label.trim().to_ascii_lowercase();
    host_of_authority(rest).is_some_and(|host| {
        host == label
            || host.strip_prefix("www.") == Some(label.as_str())
            || label.strip_prefix("www.") == Some(host.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_known_by_its_host_only() {
        assert!(is_host_only("https://medium.com", "medium.com"));
        assert!(is_host_only("https://www.medium.com", "medium.com"));
        assert!(is_host_only("http://Dev.to", "dev.to"));
        assert!(!is_host_only("https://medium.com/x/y", "medium.com"));
        assert!(!is_host_only("https://raft.github.io/", "raft.github.io"));
        assert!(!is_host_only("https://medium.com?a=1", "medium.com"));
        assert!(!is_host_only("https://medium.com", "Part I"));
        assert!(!is_host_only("mailto:a@b.c", "a@b.c"));
    }

    #[test]
    fn hosts() {
        assert_eq!(
            host_of_authority("Www.Example.com:8080").as_deref(),
            Some("www.example.com")
        );
        assert_eq!(host_of_authority("user:pw@host").as_deref(), Some("host"));
        assert_eq!(host_of_authority(""), None);
    }

    #[test]
    fn escapes() {
        assert_eq!(percent_decode("a%20b%e4%b8%ad"), "a b中".as_bytes());
        assert_eq!(percent_decode("100%"), b"100%");
        assert_eq!(percent_decode("%zz%4"), b"%zz%4");
    }
}
