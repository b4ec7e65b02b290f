//! The remote images of a book, in download mode: each is taken from the
//! cache, or left as a link because it failed recently (remembered in the
//! cache), or downloaded within the build's time for downloads. What the
//! network did is said in few lines: a warning per image that failed (with
//! its issue line), one line when there was no network, one line for what
//! the time for downloads cut, and a summary for the progress display.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::cache::Cache;
use super::fetch::{FetchError, Fetched};
use super::pool::{self, Job};
use super::{convert, convert_into, linked_by_choice, warn_image, ImageRef, Settings};
use crate::config::ImageMode;
use crate::diagnostics::Diagnostics;
use crate::model::Assets;

/// What the books of one build share about downloads: one time for them
/// all, and what was found about the network.
#[derive(Debug, Default)]
pub struct Downloads {
    /// When the time for downloads ends: set by the first download.
    deadline: OnceLock<Instant>,
    /// Whether the network was found missing (by an earlier book).
    no_network: AtomicBool,
}

/// What became of the remote images of a book.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageSummary {
    /// Downloaded in this build.
    pub downloaded: usize,
    /// The bytes downloaded.
    pub bytes: u64,
    /// Taken from the download cache (unchanged on the server, when asked).
    pub from_cache: usize,
    /// Linked: `--offline`, and not in the cache.
    pub offline: usize,
    /// Linked: there was no network.
    pub no_network: usize,
    /// Linked: the time for downloads ran out.
    pub out_of_time: usize,
    /// Linked: the download failed in an earlier build, not long ago.
    pub failed_before: usize,
    /// Linked: the download failed now.
    pub failed: usize,
}

impl ImageSummary {
    /// The images shown as links.
    pub fn linked(&self) -> usize {
        self.offline + self.no_network + self.out_of_time + self.failed_before + self.failed
    }
}

impl fmt::Display for ImageSummary {
    /// "images: 4 downloaded (1.2 MiB), 2 from the cache, 3 linked (1
    /// failed, 2 out of time)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "images: {} downloaded ({}), {} from the cache, {} linked",
            self.downloaded,
            megabytes(self.bytes),
            self.from_cache,
            self.linked()
        )?;
        let why: Vec<String> = [
            (self.failed, "failed"),
            (self.failed_before, "failed before"),
            (self.out_of_time, "out of time"),
            (self.no_network, "no network"),
            (self.offline, "--offline"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, why)| format!("{n} {why}"))
        .collect();
        if !why.is_empty() {
            write!(f, " ({})", why.join(", "))?;
        }
        Ok(())
    }
}

/// Bytes in MiB, as the progress bar counts them.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// "2 h", "5 min", "30 s": how long `d` is, roughly.
fn roughly(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 2 * 3600 {
        format!("{} h", s / 3600)
    } else if s >= 120 {
        format!("{} min", s / 60)
    } else {
        format!("{s} s")
    }
}

/// One image waiting for the network, with its cached bytes when
/// `--refresh-images` asks the server again about an image it has.
struct Waiting {
    image: ImageRef,
    url: String,
    cached: Option<Vec<u8>>,
}

/// Resolves the remote images `remote` (each with its fetchable address)
/// of the book `title` into `assets`.
pub(super) fn resolve(
    remote: Vec<(ImageRef, String)>,
    title: &str,
    assets: &mut Assets,
    settings: &Settings,
    diags: &mut Diagnostics,
) {
    let cache = settings.cache_dir.as_deref().map(Cache::new);
    let mut summary = ImageSummary::default();
    let mut jobs = Vec::new();
    let mut waiting = Vec::new();
    for (image, url) in remote {
        let cached = cache.as_ref().and_then(|c| c.get(&url));
        match &cached {
            Some(bytes) if settings.offline || !settings.refresh => {
                summary.from_cache += 1;
                convert_into(assets, diags, &image, bytes, settings);
                continue;
            }
            None if settings.offline => {
                summary.offline += 1;
                continue;
            }
            _ => {}
        }
        let remembered = cache
            .as_ref()
            .filter(|_| !settings.refresh)
            .and_then(|c| c.failure(&url, settings.remember_failures));
        if let Some(failure) = remembered {
            summary.failed_before += 1;
            let again = settings.remember_failures.saturating_sub(failure.age);
            warn_image(
                diags,
                &image,
                &format!(
                    "it failed {} ago: {}; it is tried again in {}, or now with --refresh-images",
                    roughly(failure.age),
                    failure.reason,
                    roughly(again)
                ),
            );
            continue;
        }
        let validators = match (&cached, &cache) {
            (Some(_), Some(c)) => Some(c.validators(&url)).filter(|v| !v.is_empty()),
            _ => None,
        };
        jobs.push(Job {
            url: url.clone(),
            validators,
        });
        waiting.push(Waiting { image, url, cached });
    }
    if summary.offline > 0 {
        diags.note_summary(linked_by_choice(
            title,
            summary.offline,
            ImageMode::Download,
        ));
    }

    let shared = &settings.downloads;
    let fetches = if shared.no_network.load(Ordering::SeqCst) {
        pool::Fetches {
            results: vec![Err(FetchError::NoNetwork); jobs.len()],
            no_network: true,
        }
    } else if jobs.is_empty() {
        pool::Fetches {
            results: Vec::new(),
            no_network: false,
        }
    } else {
        let deadline = *shared
            .deadline
            .get_or_init(|| Instant::now() + settings.fetch.budget);
        pool::fetch_all(&jobs, &settings.fetch, deadline, settings.progress.as_ref())
    };
    if fetches.no_network {
        shared.no_network.store(true, Ordering::SeqCst);
    }
    let mut out_of_time = Vec::new();
    for (wait, result) in waiting.into_iter().zip(fetches.results) {
        let Waiting { image, url, cached } = wait;
        let error = match (result, cached) {
            (Ok(Fetched::Body(bytes, validators)), _) => {
                summary.downloaded += 1;
                summary.bytes += bytes.len() as u64;
                if let Some(cache) = &cache {
                    let kept = if convert::sniff(&bytes).is_some() {
                        cache.put_fetched(&url, &bytes, &validators)
                    } else {
                        remember(cache, settings, &url, "not an image")
                    };
                    if let Err(e) = kept {
                        diags.warn(
                            &image.file,
                            image.line,
                            format!("cannot keep {url} in the download cache: {e}"),
                        );
                    }
                }
                convert_into(assets, diags, &image, &bytes, settings);
                continue;
            }
            // Unchanged on the server, or not reachable now: the cached copy
            // serves.
            (Ok(Fetched::NotModified) | Err(_), Some(bytes)) => {
                summary.from_cache += 1;
                convert_into(assets, diags, &image, &bytes, settings);
                continue;
            }
            (Ok(Fetched::NotModified), None) => FetchError::Status(304),
            (Err(e), None) => e,
        };
        match error {
            FetchError::NoNetwork | FetchError::NoSuchHost(_) | FetchError::Unreachable(_)
                if fetches.no_network =>
            {
                summary.no_network += 1;
            }
            FetchError::OutOfBudget => {
                summary.out_of_time += 1;
                out_of_time.push(url);
            }
            error => {
                summary.failed += 1;
                if let Some(cache) = cache.as_ref().filter(|_| error.is_about_the_address()) {
                    // Not being able to remember costs only a later retry.
                    let _ = remember(cache, settings, &url, &error.to_string());
                }
                warn_image(diags, &image, &error.to_string());
            }
        }
    }
    if summary.no_network > 0 {
        diags.warn_summary(no_network_line(summary.no_network));
    }
    if !out_of_time.is_empty() {
        diags.warn_summary(out_of_time_line(title, &out_of_time, settings));
    }
    if let Some(progress) = &settings.progress {
        (progress.0)(super::ProgressEvent::Summary(&summary));
    }
}

/// Remembers the failure of `url`, unless failures are not to be
/// remembered at all.
fn remember(cache: &Cache, settings: &Settings, url: &str, reason: &str) -> std::io::Result<()> {
    if settings.remember_failures.is_zero() {
        return Ok(());
    }
    cache.remember_failure(url, reason)
}

/// The one line said when the build found no network.
fn no_network_line(count: usize) -> String {
    let images = if count == 1 { "image" } else { "images" };
    format!("no network: {count} {images} linked; --offline skips the attempt")
}

/// The one line said for the images the time for downloads cut.
fn out_of_time_line(title: &str, urls: &[String], settings: &Settings) -> String {
    let count = urls.len();
    let shown: Vec<&str> = urls.iter().take(3).map(String::as_str).collect();
    let more = if count > shown.len() { ", …" } else { "" };
    let images = if count == 1 {
        "1 remote image was".to_string()
    } else {
        format!("{count} remote images were")
    };
    format!(
        "{title}: {images} not downloaded within the {} s allowed for downloads and {} shown as links ({}{more}); allow more with `images: budget:` in book.yaml or --image-budget",
        settings.fetch.budget.as_secs_f64(),
        if count == 1 { "is" } else { "are" },
        shown.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line() {
        let summary = ImageSummary {
            downloaded: 4,
            bytes: 1_300_000,
            from_cache: 2,
            out_of_time: 2,
            failed: 1,
            ..Default::default()
        };
        assert_eq!(
            summary.to_string(),
            "images: 4 downloaded (1.2 MiB), 2 from the cache, 3 linked (1 failed, 2 out of time)"
        );
        assert_eq!(
            no_network_line(6),
            "no network: 6 images linked; --offline skips the attempt"
        );
        assert_eq!(roughly(Duration::from_secs(3 * 3600 + 5)), "3 h");
        assert_eq!(roughly(Duration::from_secs(300)), "5 min");
    }
}
