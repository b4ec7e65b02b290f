//! The download cache: persistent, keyed by URL, content-addressed.
//!
//! Layout under the cache folder (everything lives in `v1/`, so cleaning
//! never touches anything else a misconfigured folder may hold):
//!
//! - `v1/objects/<sha256 of the bytes>`: the bytes as downloaded;
//! - `v1/urls/<sha256 of the URL>`: the hash of the object for that URL;
//! - `v1/validators/<sha256 of the URL>`: the `ETag` and `Last-Modified`
//!   the server sent with it (`etag: …`, `last-modified: …` lines), for
//!   conditional requests;
//! - `v1/failures/<sha256 of the URL>`: when a download of the URL last
//!   failed (Unix seconds on the first line) and why (the second line).
//!
//! The last two came later: a cache without them reads as one with no
//! validators and no failures, and a program that knows only the first two
//! still reads a cache that has them. Unknown lines are skipped.
//!
//! Files are written to a temporary name and renamed, so a build that is
//! stopped never leaves half an object; an object whose bytes no longer
//! match its name is ignored (and fetched again).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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

/// What a server said identifies the version of a download: sent back in
/// a conditional request, it lets the server answer "not modified".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header, as sent.
    pub etag: Option<String>,
    /// The `Last-Modified` header, as sent.
    pub last_modified: Option<String>,
}

impl Validators {
    /// Whether there is nothing to send.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// A download of a URL that failed, as remembered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// How long ago it failed.
    pub age: Duration,
    /// Why, as it was told then.
    pub reason: String,
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

    fn validators_file(&self, url: &str) -> PathBuf {
        self.dir.join("validators").join(hex_sha256(url.as_bytes()))
    }

    fn failure_file(&self, url: &str) -> PathBuf {
        self.dir.join("failures").join(hex_sha256(url.as_bytes()))
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

    /// Keeps `bytes` as the content of `url`, with the validators the
    /// server sent, and forgets any failure of `url`.
    pub fn put_fetched(
        &self,
        url: &str,
        bytes: &[u8],
        validators: &Validators,
    ) -> std::io::Result<()> {
        self.put(url, bytes)?;
        let file = self.validators_file(url);
        if validators.is_empty() {
            remove_if_there(&file)?;
        } else {
            let mut text = String::new();
            // A header value with a line break would be refused by the
            // client; one kept here would break the file's lines.
            let clean = |v: &str| v.replace(['\r', '\n'], " ");
            if let Some(etag) = &validators.etag {
                text.push_str(&format!("etag: {}\n", clean(etag)));
            }
            if let Some(date) = &validators.last_modified {
                text.push_str(&format!("last-modified: {}\n", clean(date)));
            }
            write_atomic(&file, text.as_bytes())?;
        }
        self.forget_failure(url)
    }

    /// The validators kept for `url` (none for a cache older than them).
    pub fn validators(&self, url: &str) -> Validators {
        let mut validators = Validators::default();
        let Ok(text) = std::fs::read_to_string(self.validators_file(url)) else {
            return validators;
        };
        for line in text.lines() {
            if let Some(v) = line.strip_prefix("etag: ") {
                validators.etag = Some(v.to_string());
            } else if let Some(v) = line.strip_prefix("last-modified: ") {
                validators.last_modified = Some(v.to_string());
            }
        }
        validators
    }

    /// Remembers that fetching `url` failed just now, and why.
    pub fn remember_failure(&self, url: &str, reason: &str) -> std::io::Result<()> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let reason = reason.replace(['\r', '\n'], " ");
        write_atomic(
            &self.failure_file(url),
            format!("{now}\n{reason}\n").as_bytes(),
        )
    }

    /// The failure remembered for `url`, if one is younger than `within`.
    pub fn failure(&self, url: &str, within: Duration) -> Option<Failure> {
        let text = std::fs::read_to_string(self.failure_file(url)).ok()?;
        let mut lines = text.lines();
        let when: u64 = lines.next()?.trim().parse().ok()?;
        let when = UNIX_EPOCH + Duration::from_secs(when);
        // A failure dated in the future (a clock set back) counts as new.
        let age = SystemTime::now()
            .duration_since(when)
            .unwrap_or(Duration::ZERO);
        (age < within).then(|| Failure {
            age,
            reason: lines.next().unwrap_or_default().to_string(),
        })
    }

    /// Forgets any failure of `url`.
    pub fn forget_failure(&self, url: &str) -> std::io::Result<()> {
        remove_if_there(&self.failure_file(url))
    }
}

fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
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

    #[test]
    fn failures_and_validators() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let url = "https://x.org/a.png";
        let day = Duration::from_secs(86_400);
        // A cache of the first layout (objects and urls only) reads as one
        // with no validators and no failures.
        cache.put(url, b"abc").unwrap();
        assert_eq!(cache.validators(url), Validators::default());
        assert_eq!(cache.failure(url, day), None);

        cache
            .remember_failure(url, "the server answered\nHTTP 404")
            .unwrap();
        let failure = cache.failure(url, day).unwrap();
        assert_eq!(failure.reason, "the server answered HTTP 404");
        assert!(failure.age < Duration::from_secs(60));
        assert_eq!(cache.failure(url, Duration::ZERO), None, "forgotten after");

        let validators = Validators {
            etag: Some("\"v1\"".into()),
            last_modified: Some("Wed, 21 Oct 2015 07:28:00 GMT".into()),
        };
        cache.put_fetched(url, b"abcd", &validators).unwrap();
        assert_eq!(cache.validators(url), validators);
        assert_eq!(cache.failure(url, day), None, "a download forgets it");
        // The URL file keeps its first form, which older programs read.
        let hash = std::fs::read_to_string(cache.url_file(url)).unwrap();
        assert_eq!(hash, format!("{}\n", hex_sha256(b"abcd")));
        // Unknown lines (from a later version) are skipped.
        std::fs::write(
            cache.validators_file(url),
            "etag: \"v2\"\nsomething-new: 1\n",
        )
        .unwrap();
        assert_eq!(cache.validators(url).etag.as_deref(), Some("\"v2\""));
    }
}
