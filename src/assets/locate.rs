//! Where an image address may be read from.
//!
//! - `http://` and `https://` addresses are fetched from the web
//!   (`//host/x.png` is taken as https);
//! - an address on the book's own site (`site:` in `book.yaml`) is read
//!   from the public folder when the file is there, else fetched;
//! - a site-absolute path (`/static/images/x.png`, as VuePress writes them)
//!   is looked up in the public folder: `images: public:` in `book.yaml`,
//!   else the site's `.vuepress/public` found from the book folder up;
//! - any other path is relative to the issue file and must stay inside the
//!   book folder;
//! - every other scheme (`file:`, `data:`, `ftp:`, ...) is refused.

use std::path::{Component, Path, PathBuf};

use super::Settings;

/// Where an image is to be read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A web address, to fetch.
    Remote(String),
    /// A file inside the book (or public) folder.
    Local(PathBuf),
    /// Not to be read, and why.
    Refused(String),
}

/// Where `url`, written in an issue in `chapter_dir`, is to be read from.
pub fn locate(url: &str, chapter_dir: &Path, settings: &Settings) -> Location {
    let url = url.trim();
    if url.is_empty() {
        return Location::Refused("it has no address".into());
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return on_own_site(url, settings).unwrap_or_else(|| Location::Remote(url.to_string()));
    }
    if let Some(rest) = url.strip_prefix("//") {
        let url = format!("https://{rest}");
        return on_own_site(&url, settings).unwrap_or(Location::Remote(url));
    }
    if let Some(scheme) = scheme_of(url) {
        return Location::Refused(format!(
            "{scheme}: addresses are not read; only http, https and paths inside the book folder"
        ));
    }
    // Strip a query or fragment a static site may have added.
    let path_part = url.split(['?', '#']).next().unwrap_or(url);
    let decoded = percent_decode(path_part);
    if let Some(site_path) = decoded.strip_prefix('/') {
        let Some(public) = &settings.public else {
            return Location::Refused(
                "a site-absolute path needs the site's public folder: no .vuepress/public was found in or above the book folder; set `images: public:` in book.yaml".into(),
            );
        };
        return inside(public, &public.join(site_path), "the public folder");
    }
    inside(
        &settings.root,
        &chapter_dir.join(&decoded),
        "the book folder",
    )
}

/// Where the web address `url` is read from when it is on the book's own
/// site (`site:`) and the public folder has the file; `None` to fetch it.
/// An address that climbs out of the site's root is refused.
fn on_own_site(url: &str, settings: &Settings) -> Option<Location> {
    let (site_host, site_base) = split_web_address(settings.site.as_deref()?)?;
    let public = settings.public.as_ref()?;
    let (host, path) = split_web_address(url)?;
    if !same_host(&host, &site_host) {
        return None;
    }
    let path = percent_decode(path.split(['?', '#']).next().unwrap_or_default());
    let base = site_base.trim_end_matches('/');
    let rest = path.strip_prefix(base)?;
    if !(rest.starts_with('/') || base.is_empty()) {
        return None;
    }
    let site_path = rest.trim_start_matches('/');
    if site_path.is_empty() {
        return None;
    }
    let target = public.join(site_path);
    if climbs_out(public, &target) {
        return Some(Location::Refused(
            "the address leads outside the site's public folder".into(),
        ));
    }
    match inside(public, &target, "the public folder") {
        found @ Location::Local(_) => Some(found),
        // Not in the public folder (or not readable there): the web has it.
        _ => None,
    }
}

/// The host (lower case, without port) and the path of an `http(s)://`
/// address.
fn split_web_address(url: &str) -> Option<(String, String)> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url["https://".len()..]
    } else if lower.starts_with("http://") {
        &url["http://".len()..]
    } else {
        url.strip_prefix("//")?
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = crate::weburl::host_of_authority(&rest[..end])?;
    Some((host, rest[end..].to_string()))
}

/// Whether two host names are the same site, `www.` or not.
fn same_host(a: &str, b: &str) -> bool {
    a.trim_start_matches("www.") == b.trim_start_matches("www.")
}

/// `path` when it exists and, with every link resolved, lies inside `base`.
pub(super) fn inside(base: &Path, path: &Path, what: &str) -> Location {
    // Refuse `..` climbing out before touching the file system, so the
    // warning names the real problem even when the target does not exist.
    if climbs_out(base, path) {
        return Location::Refused(format!("the path leads outside {what}"));
    }
    let (Ok(base), Ok(real)) = (base.canonicalize(), path.canonicalize()) else {
        return Location::Refused(format!("{} does not exist", path.display()));
    };
    if !real.starts_with(&base) {
        return Location::Refused(format!("the path leads outside {what}"));
    }
    if !real.is_file() {
        return Location::Refused(format!("{} is not a file", path.display()));
    }
    Location::Local(real)
}

/// Whether `path`, normalised lexically, leaves `base`.
fn climbs_out(base: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(base) else {
        // The chapter folder may be spelled differently from the root
        // (`./issues` against `.`); the canonical check decides then.
        return false;
    };
    let mut depth: i64 = 0;
    for c in rel.components() {
        match c {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return true,
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

/// The scheme of `url` (`file`, `data`, ...), if it has one. A Windows
/// drive letter (`C:`) is not a scheme but is refused as absolute anyway.
fn scheme_of(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let valid = !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// `%20` and friends decoded; invalid escapes are kept as written.
fn percent_decode(s: &str) -> String {
    String::from_utf8_lossy(&crate::weburl::percent_decode(s)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::BookConfig;

    fn settings(root: &Path, public: Option<&Path>) -> Settings {
        let mut s = Settings::new(root, &BookConfig::default(), &Default::default());
        s.public = public.map(Path::to_path_buf);
        s
    }

    #[test]
    fn schemes() {
        let dir = tempfile::tempdir().unwrap();
        let s = settings(dir.path(), None);
        assert_eq!(
            locate("https://x.org/a.png", dir.path(), &s),
            Location::Remote("https://x.org/a.png".into())
        );
        assert_eq!(
            locate("//x.org/a.png", dir.path(), &s),
            Location::Remote("https://x.org/a.png".into())
        );
        for refused in [
            "file:///etc/passwd",
            "data:image/png;base64,AAAA",
            "ftp://x.org/a.png",
            "javascript:alert(1)",
            "",
        ] {
            assert!(
                matches!(locate(refused, dir.path(), &s), Location::Refused(_)),
                "{refused}"
            );
        }
    }

    #[test]
    fn local_paths_stay_in_the_book() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("book");
        let issues = root.join("issues");
        std::fs::create_dir_all(issues.join("img")).unwrap();
        std::fs::write(issues.join("img/a b.png"), b"x").unwrap();
        std::fs::write(dir.path().join("secret.png"), b"x").unwrap();
        let s = settings(&root, None);
        assert!(matches!(
            locate("img/a%20b.png", &issues, &s),
            Location::Local(_)
        ));
        match locate("../../secret.png", &issues, &s) {
            Location::Refused(r) => assert!(r.contains("outside"), "{r}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            locate("../../etc/passwd", &issues, &s),
            Location::Refused(_)
        ));
        assert!(matches!(
            locate("/static/x.png", &issues, &s),
            Location::Refused(_)
        ));
    }

    #[test]
    fn own_site_addresses_read_from_the_public_folder_first() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(public.join("static/images")).unwrap();
        std::fs::write(public.join("static/images/x.png"), b"x").unwrap();
        std::fs::write(dir.path().join("secret.png"), b"x").unwrap();
        let mut s = settings(dir.path(), Some(&public));
        s.site = Some("https://EnqueueZero.com/".into());
        for local in [
            "https://enqueuezero.com/static/images/x.png",
            "http://www.enqueuezero.com/static/images/x.png?v=2",
            "//enqueuezero.com/static/images/x.png",
        ] {
            assert_eq!(
                locate(local, dir.path(), &s),
                Location::Local(public.join("static/images/x.png").canonicalize().unwrap()),
                "{local}"
            );
        }
        // Not in the public folder, or another site: fetched.
        assert!(matches!(
            locate(
                "https://enqueuezero.com/static/images/y.png",
                dir.path(),
                &s
            ),
            Location::Remote(_)
        ));
        assert!(matches!(
            locate("https://example.com/static/images/x.png", dir.path(), &s),
            Location::Remote(_)
        ));
        assert!(matches!(
            locate("https://enqueuezero.com/../secret.png", dir.path(), &s),
            Location::Refused(_)
        ));
        // Without `site:` the web is asked.
        s.site = None;
        assert!(matches!(
            locate(
                "https://enqueuezero.com/static/images/x.png",
                dir.path(),
                &s
            ),
            Location::Remote(_)
        ));
    }

    #[test]
    fn the_public_folder_is_found_above_the_book_folder() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join(".vuepress/public");
        std::fs::create_dir_all(public.join("static/images")).unwrap();
        std::fs::write(public.join("static/images/x.png"), b"x").unwrap();
        std::fs::write(dir.path().join(".vuepress/secret.png"), b"x").unwrap();
        let book = dir.path().join("books/techshack");
        std::fs::create_dir_all(book.join("issues")).unwrap();
        let s = Settings::new(&book, &BookConfig::default(), &Default::default());
        assert_eq!(s.public, Some(public.canonicalize().unwrap()));
        assert!(matches!(
            locate("/static/images/x.png", &book.join("issues"), &s),
            Location::Local(_)
        ));
        for escape in [
            "/../secret.png",
            "/static/../../secret.png",
            "/%2E%2E/secret.png",
        ] {
            assert!(
                matches!(
                    locate(escape, &book.join("issues"), &s),
                    Location::Refused(_)
                ),
                "{escape}"
            );
        }
    }

    #[test]
    fn site_absolute_paths_use_the_public_folder() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(public.join("static/images")).unwrap();
        std::fs::write(public.join("static/images/x.png"), b"x").unwrap();
        let s = settings(dir.path(), Some(&public));
        assert!(matches!(
            locate("/static/images/x.png?v=1", dir.path(), &s),
            Location::Local(_)
        ));
        assert!(matches!(
            locate("/../secret.png", dir.path(), &s),
            Location::Refused(_)
        ));
    }
}
