//! The download cache: persistent, keyed by URL, content-addressed.
//!
//! Layout under the cache folder (everything lives in `v1/`, so cleaning
//! never touches anything else a misconfigured folder may hold):
//!
//! - `v1/objects/<sha256 of the bytes>`: the bytes as downloaded;
//! - `v1/urls/<sha256 of the URL>`: the hash of the object for that URL.
//!
//! Files are written to a temporary name and renamed, so a build that is
//! stopped never leaves half an object; an object whose bytes no longer
//! match its name is ignored (and fetched again).

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The folder name inside the user's cache folder.
const APP: &str = "techshack-book";
/// The layout version; the only folder [`clean`] removes.
const LAYOUT: &str = "v1";

/// The user's cache folder for this program: `$XDG_CACHE_HOME`,
/// `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows, else
/// `~/.cache`.
pub fn default_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(windows) {
        env("LOCALAPPDATA")
    } else if let Some(xdg) = env("XDG_CACHE_HOME").filter(|p| p.is_absolute()) {
        Some(xdg)
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library/Caches"))
    } else {
        env("HOME").map(|h| h.join(".cache"))
    };
    base.map(|b| b.join(APP))
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache in `dir` (created on first write).
    pub fn new(dir: &Path) -> Cache {
        Cache {
            dir: dir.join(LAYOUT),
        }
    }

    fn url_file(&self, url: &str) -> PathBuf {
        self.dir.join("urls").join(hex_sha256(url.as_bytes()))
    }

    fn object_file(&self, hash: &str) -> PathBuf {
        self.dir.join("objects").join(hash)
    }

    /// The bytes kept for `url`, if any (and intact).
    pub fn get(&self, url: &str) -> Option<Vec<u8>> {
        let hash = std::fs::read_to_string(self.url_file(url)).ok()?;
        let hash = hash.trim();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let bytes = std::fs::read(self.object_file(hash)).ok()?;
        (hex_sha256(&bytes) == hash).then_some(bytes)
    }

    /// Keeps `bytes` as the content of `url`.
    pub fn put(&self, url: &str, bytes: &[u8]) -> std::io::Result<()> {
        let hash = hex_sha256(bytes);
        let object = self.object_file(&hash);
        if !object.is_file() {
            write_atomic(&object, bytes)?;
        }
        write_atomic(&self.url_file(url), format!("{hash}\n").as_bytes())
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// What [`clean`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// Files removed.
    pub files: u64,
    /// Their total size.
    pub bytes: u64,
}

/// Empties the cache in `dir`: removes its `v1/` folder (and `dir` itself
/// when that leaves it empty). Nothing else in `dir` is touched.
pub fn clean(dir: &Path) -> std::io::Result<Cleaned> {
    let layout = dir.join(LAYOUT);
    let mut cleaned = Cleaned::default();
    if !layout.exists() {
        return Ok(cleaned);
    }
    count(&layout, &mut cleaned)?;
    std::fs::remove_dir_all(&layout)?;
    // Only succeeds when empty.
    let _ = std::fs::remove_dir(dir);
    Ok(cleaned)
}

fn count(dir: &Path, into: &mut Cleaned) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        if meta.is_dir() {
            count(&entry.path(), into)?;
        } else {
            into.files += 1;
            into.bytes += meta.len();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_and_cleans() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        assert_eq!(cache.get("https://x.org/a.png"), None);
        cache.put("https://x.org/a.png", b"abc").unwrap();
        cache.put("https://x.org/b.png", b"abc").unwrap();
        assert_eq!(
            cache.get("https://x.org/a.png").as_deref(),
            Some(&b"abc"[..])
        );
        // Same content, one object.
        let objects = std::fs::read_dir(dir.path().join("v1/objects")).unwrap();
        assert_eq!(objects.count(), 1);
        // A damaged object is not served.
        let hash = hex_sha256(b"abc");
        std::fs::write(dir.path().join("v1/objects").join(&hash), b"abd").unwrap();
        assert_eq!(cache.get("https://x.org/a.png"), None);
        std::fs::write(dir.path().join("keep.txt"), b"mine").unwrap();
        let cleaned = clean(dir.path()).unwrap();
        assert_eq!(cleaned.files, 3);
        assert!(dir.path().join("keep.txt").exists(), "only v1/ is removed");
        assert!(!dir.path().join("v1").exists());
    }
}
