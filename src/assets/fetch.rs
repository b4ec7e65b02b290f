//! Downloading images: one `ureq` agent (rustls), connect and overall
//! timeouts, a size cap, a bounded number of redirects, and retries with
//! exponential backoff and jitter on timeouts, connection failures and 5xx
//! answers. A small pool of threads works through the addresses.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{ProgressEvent, ProgressSink};

/// How the HTTP client behaves.
#[derive(Debug, Clone)]
pub struct FetchSettings {
    /// Time allowed to connect.
    pub connect_timeout: Duration,
    /// Time allowed for one whole request, body included.
    pub timeout: Duration,
    /// The largest body accepted, in bytes.
    pub max_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// Further tries after a failure that may pass (timeout, 5xx).
    pub retries: u32,
    /// The first wait before a retry; it doubles each time, plus jitter.
    pub backoff: Duration,
    /// Downloads running at once.
    pub concurrency: usize,
}

impl Default for FetchSettings {
    fn default() -> Self {
        FetchSettings {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_bytes: 20 * 1024 * 1024,
            max_redirects: 5,
            retries: 2,
            backoff: Duration::from_millis(300),
            concurrency: 4,
        }
    }
}

/// Why a download failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The server answered with this HTTP status.
    Status(u16),
    /// The server took longer than the timeout.
    Timeout,
    /// The body was larger than the cap.
    TooLarge(u64),
    /// Too many redirects (or a redirect loop).
    TooManyRedirects,
    /// Could not connect or the connection broke.
    Connection(String),
    /// Anything else.
    Other(String),
}

impl FetchError {
    /// Whether trying again may help.
    fn retryable(&self) -> bool {
        match self {
            FetchError::Status(s) => *s >= 500 || *s == 429 || *s == 408,
            FetchError::Timeout | FetchError::Connection(_) => true,
            FetchError::TooLarge(_) | FetchError::TooManyRedirects | FetchError::Other(_) => false,
        }
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Status(s) => write!(f, "the server answered HTTP {s}"),
            FetchError::Timeout => write!(f, "the server did not answer in time"),
            FetchError::TooLarge(cap) => write!(f, "larger than the {cap} byte limit"),
            FetchError::TooManyRedirects => write!(f, "too many redirects"),
            FetchError::Connection(e) => write!(f, "cannot connect: {e}"),
            FetchError::Other(e) => write!(f, "{e}"),
        }
    }
}

/// One HTTP client for a build.
pub struct Fetcher {
    agent: ureq::Agent,
    settings: FetchSettings,
}

impl Fetcher {
    /// A client with `settings`.
    pub fn new(settings: &FetchSettings) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(settings.connect_timeout))
            .timeout_global(Some(settings.timeout))
            .max_redirects(settings.max_redirects)
            .http_status_as_error(false)
            .user_agent(concat!(
                "techshack-book/",
                env!("CARGO_PKG_VERSION"),
                " (image fetcher)"
            ))
            .build();
        Fetcher {
            agent: config.into(),
            settings: settings.clone(),
        }
    }

    /// Fetches `url`, retrying with backoff when that may help.
    pub fn fetch(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let mut attempt = 0;
        loop {
            match self.fetch_once(url) {
                Ok(bytes) => return Ok(bytes),
                Err(e) if e.retryable() && attempt < self.settings.retries => {
                    let base = self.settings.backoff * 2u32.saturating_pow(attempt);
                    std::thread::sleep(base + jitter(url, attempt, self.settings.backoff));
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn fetch_once(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let mut response = self.agent.get(url).call().map_err(classify)?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(FetchError::Status(status));
        }
        response
            .body_mut()
            .with_config()
            .limit(self.settings.max_bytes)
            .read_to_vec()
            .map_err(|e| match classify(e) {
                FetchError::Other(m) if m.contains("limit") => {
                    FetchError::TooLarge(self.settings.max_bytes)
                }
                other => other,
            })
    }
}

fn classify(e: ureq::Error) -> FetchError {
    match e {
        ureq::Error::Timeout(_) => FetchError::Timeout,
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => FetchError::TooManyRedirects,
        ureq::Error::BodyExceedsLimit(cap) => FetchError::TooLarge(cap),
        ureq::Error::StatusCode(s) => FetchError::Status(s),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout,
        ureq::Error::Io(io) => FetchError::Connection(io.to_string()),
        ureq::Error::HostNotFound => FetchError::Connection("host not found".into()),
        ureq::Error::ConnectionFailed => FetchError::Connection("connection failed".into()),
        other => FetchError::Other(other.to_string()),
    }
}

/// A wait between zero and `scale`, different per address and attempt, so
/// that retries of many downloads do not fall on the same instant.
fn jitter(url: &str, attempt: u32, scale: Duration) -> Duration {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let seed = u64::from(nanos) ^ (u64::from(attempt) << 32);
    let h = crate::hash::Fnv1a::with_seed(seed)
        .write(url.as_bytes())
        .finish();
    let fraction = (h % 1000) as f64 / 1000.0;
    scale.mul_f64(fraction)
}

/// The outcome of one download.
pub type FetchResult = Result<Vec<u8>, FetchError>;

/// Fetches every address of `urls` with at most `settings.concurrency`
/// downloads at once; results come back in the order of `urls`.
pub fn fetch_all(
    urls: &[String],
    settings: &FetchSettings,
    progress: Option<&ProgressSink>,
) -> Vec<FetchResult> {
    if urls.is_empty() {
        return Vec::new();
    }
    let fetcher = Fetcher::new(settings);
    let report = |event: ProgressEvent<'_>| {
        if let Some(sink) = progress {
            (sink.0)(event);
        }
    };
    report(ProgressEvent::Start { total: urls.len() });
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<FetchResult>>> = Mutex::new(vec![None; urls.len()]);
    let workers = settings.concurrency.clamp(1, urls.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(url) = urls.get(i) else { break };
                let result = fetcher.fetch(url);
                report(ProgressEvent::Done {
                    url,
                    ok: result.is_ok(),
                });
                if let Ok(mut all) = results.lock() {
                    all[i] = Some(result);
                }
            });
        }
    });
    report(ProgressEvent::Finish);
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(FetchError::Other("download thread failed".into()))))
        .collect()
}
