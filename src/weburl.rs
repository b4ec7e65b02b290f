//! Pieces of web addresses that both the readers (an article's source host,
//! a title from a file name) and the image step (a path on the book's own
//! site) take apart: one way to find the host and to decode `%XX`.

/// The host of `authority` (what follows `scheme://` up to the path): user
/// information and port left out, in lower case; `None` when empty.
pub fn host_of_authority(authority: &str) -> Option<String> {
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
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

#[cfg(test)]
mod tests {
    use super::*;

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
