//! Downloading one image: one `ureq` agent (rustls), a size cap, a bounded
//! number of redirects, a per-image timeout cut short by the build's
//! deadline, conditional requests for images already cached, and retries
//! only where retrying can help (a reset connection, a 5xx, a 429 whose
//! `Retry-After` fits before the deadline), with jittered backoff. A read
//! that timed out is not retried: the server was slow, and will be again.
//!
//! The pool of download threads that shares the deadline is in
//! [`super::pool`].

use std::fmt;
use std::io::Read;
use std::time::{Duration, Instant};

use super::cache::Validators;

/// How the HTTP client behaves.
#[derive(Debug, Clone)]
pub struct FetchSettings {
    /// Time allowed to connect.
    pub connect_timeout: Duration,
    /// Time allowed for one whole request, body included.
    pub timeout: Duration,
    /// Time allowed for all the downloads of a build together; what is
    /// not done by then is left as a link.
    pub budget: Duration,
    /// The largest body accepted, in bytes.
    pub max_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// Further tries after a failure that may pass (reset, 5xx, 429).
    pub retries: u32,
    /// The first wait before a retry; it doubles each time, plus jitter.
    pub backoff: Duration,
    /// Downloads running at once.
    pub concurrency: usize,
    /// Downloads running at once from one host.
    pub per_host: usize,
}

impl Default for FetchSettings {
    fn default() -> Self {
        FetchSettings {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            budget: Duration::from_secs(20),
            max_bytes: 20 * 1024 * 1024,
            max_redirects: 5,
            retries: 2,
            backoff: Duration::from_millis(300),
            concurrency: 4,
            per_host: 2,
        }
    }
}

/// Why a download failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The server answered with this HTTP status.
    Status(u16),
    /// The server took longer than the per-image timeout.
    Timeout,
    /// The body was larger than the cap.
    TooLarge(u64),
    /// Too many redirects (or a redirect loop).
    TooManyRedirects,
    /// The connection was reset or closed early: trying again may help.
    Reset(String),
    /// Could not connect (refused, failed handshake).
    Connection(String),
    /// The host name does not resolve.
    NoSuchHost(String),
    /// The network (or the host) is unreachable from here.
    Unreachable(String),
    /// The build's time for downloads ran out before this one was done.
    OutOfBudget,
    /// Not tried: the network was found to be missing.
    NoNetwork,
    /// Anything else.
    Other(String),
}

impl FetchError {
    /// Whether this failure says something about the address (and is worth
    /// remembering), rather than about this build's network or clock.
    pub fn is_about_the_address(&self) -> bool {
        !matches!(
            self,
            FetchError::OutOfBudget | FetchError::NoNetwork | FetchError::Unreachable(_)
        )
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Status(s) => write!(f, "the server answered HTTP {s}"),
            FetchError::Timeout => write!(f, "the server did not answer in time"),
            FetchError::TooLarge(cap) => write!(f, "larger than the {cap} byte limit"),
            FetchError::TooManyRedirects => write!(f, "too many redirects"),
            FetchError::Reset(e) => write!(f, "the connection broke: {e}"),
            FetchError::Connection(e) => write!(f, "cannot connect: {e}"),
            FetchError::NoSuchHost(host) => write!(f, "the host {host} is not known"),
            FetchError::Unreachable(e) => write!(f, "the network is unreachable: {e}"),
            FetchError::OutOfBudget => write!(f, "the time for downloads ran out"),
            FetchError::NoNetwork => write!(f, "no network"),
            FetchError::Other(e) => write!(f, "{e}"),
        }
    }
}

/// What a successful request gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The body, with the validators the server sent for it.
    Body(Vec<u8>, Validators),
    /// 304: the cached copy is still good.
    NotModified,
}

/// One HTTP client for a build.
pub struct Fetcher {
    agent: ureq::Agent,
    settings: FetchSettings,
}

/// Why one attempt failed, and how long the server asked us to wait.
struct Failed {
    error: FetchError,
    retry_after: Option<Duration>,
}

impl From<FetchError> for Failed {
    fn from(error: FetchError) -> Self {
        Failed {
            error,
            retry_after: None,
        }
    }
}

impl Fetcher {
    /// A client with `settings`.
    pub fn new(settings: &FetchSettings) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(settings.connect_timeout.min(settings.timeout)))
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

    /// Fetches `url` before `deadline`, conditionally when `validators` are
    /// given, retrying with backoff when that may help and the wait fits
    /// before the deadline. `on_bytes` is told of each piece of body read.
    pub fn fetch(
        &self,
        url: &str,
        validators: Option<&Validators>,
        deadline: Instant,
        on_bytes: &dyn Fn(u64),
    ) -> Result<Fetched, FetchError> {
        let mut attempt = 0;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(FetchError::OutOfBudget);
            }
            // The deadline, not the image, cuts this request short.
            let cut_by_deadline = remaining < self.settings.timeout;
            let timeout = self.settings.timeout.min(remaining);
            let failed = match self.fetch_once(url, validators, timeout, on_bytes) {
                Ok(fetched) => return Ok(fetched),
                Err(failed) => failed,
            };
            if failed.error == FetchError::Timeout && cut_by_deadline {
                return Err(FetchError::OutOfBudget);
            }
            let wait = match retry_wait(&failed, attempt, &self.settings, url) {
                Some(wait) if attempt < self.settings.retries => wait,
                _ => return Err(failed.error),
            };
            if Instant::now() + wait >= deadline {
                return Err(failed.error);
            }
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    fn fetch_once(
        &self,
        url: &str,
        validators: Option<&Validators>,
        timeout: Duration,
        on_bytes: &dyn Fn(u64),
    ) -> Result<Fetched, Failed> {
        let mut request = self.agent.get(url);
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(date) = &v.last_modified {
                request = request.header("If-Modified-Since", date);
            }
        }
        let mut response = request
            .config()
            .timeout_global(Some(timeout))
            .build()
            .call()
            .map_err(|e| Failed::from(classify(e, url)))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        if status == 304 && validators.is_some() {
            return Ok(Fetched::NotModified);
        }
        if !(200..300).contains(&status) {
            return Err(Failed {
                error: FetchError::Status(status),
                retry_after: header("Retry-After").and_then(|v| parse_retry_after(&v)),
            });
        }
        let got = Validators {
            etag: header("ETag"),
            last_modified: header("Last-Modified"),
        };
        let mut reader = response
            .body_mut()
            .with_config()
            .limit(self.settings.max_bytes)
            .reader();
        let mut bytes = Vec::new();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => {
                    bytes.extend_from_slice(&chunk[..n]);
                    on_bytes(n as u64);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(Failed::from(match classify(ureq::Error::from(e), url) {
                        FetchError::Other(m) if m.contains("limit") => {
                            FetchError::TooLarge(self.settings.max_bytes)
                        }
                        other => other,
                    }))
                }
            }
        }
        Ok(Fetched::Body(bytes, got))
    }
}

/// How long to wait before trying again after `failed`, or `None` when
/// trying again cannot help.
fn retry_wait(
    failed: &Failed,
    attempt: u32,
    settings: &FetchSettings,
    url: &str,
) -> Option<Duration> {
    let backoff =
        || settings.backoff * 2u32.saturating_pow(attempt) + jitter(url, attempt, settings.backoff);
    match &failed.error {
        FetchError::Status(429) => Some(failed.retry_after.unwrap_or_else(backoff)),
        FetchError::Status(s) if *s >= 500 || *s == 408 => {
            Some(failed.retry_after.unwrap_or_else(backoff))
        }
        FetchError::Reset(_) => Some(backoff()),
        _ => None,
    }
}

/// The wait a `Retry-After` header asks for, when given in seconds (the
/// HTTP-date form is not read: the usual backoff is used instead).
fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// Whether `e` is the failure of a host name lookup.
fn is_lookup_failure(e: &std::io::Error) -> bool {
    // The standard library reports getaddrinfo's failures with this text
    // and no kind of their own.
    e.to_string()
        .starts_with("failed to lookup address information")
}

fn classify(e: ureq::Error, url: &str) -> FetchError {
    use std::io::ErrorKind;
    let host = || crate::weburl::host_of(url).unwrap_or_else(|| url.to_string());
    match e {
        ureq::Error::Timeout(_) => FetchError::Timeout,
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => FetchError::TooManyRedirects,
        ureq::Error::BodyExceedsLimit(cap) => FetchError::TooLarge(cap),
        ureq::Error::StatusCode(s) => FetchError::Status(s),
        ureq::Error::HostNotFound => FetchError::NoSuchHost(host()),
        ureq::Error::Io(io) if is_lookup_failure(&io) => FetchError::NoSuchHost(host()),
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::TimedOut => FetchError::Timeout,
            ErrorKind::NetworkUnreachable => FetchError::Unreachable(io.to_string()),
            ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::BrokenPipe
            | ErrorKind::UnexpectedEof => FetchError::Reset(io.to_string()),
            _ => FetchError::Connection(io.to_string()),
        },
        ureq::Error::ConnectionFailed => FetchError::Connection("connection failed".into()),
        other => FetchError::Other(other.to_string()),
    }
}

/// A wait between zero and `scale`, different per address and attempt (so
/// that retries of many downloads do not fall on the same instant) and the
/// same from one build to the next.
fn jitter(url: &str, attempt: u32, scale: Duration) -> Duration {
    let h = crate::hash::Fnv1a::with_seed(u64::from(attempt))
        .write(url.as_bytes())
        .finish();
    let fraction = (h % 1000) as f64 / 1000.0;
    scale.mul_f64(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(error: FetchError, retry_after: Option<u64>) -> Failed {
        Failed {
            error,
            retry_after: retry_after.map(Duration::from_secs),
        }
    }

    #[test]
    fn only_what_retrying_can_fix_is_retried() {
        let s = FetchSettings::default();
        let wait = |f: Failed| retry_wait(&f, 0, &s, "http://x/a.png");
        assert_eq!(wait(failed(FetchError::Timeout, None)), None);
        assert_eq!(wait(failed(FetchError::Status(404), None)), None);
        assert_eq!(wait(failed(FetchError::NoSuchHost("x".into()), None)), None);
        assert_eq!(
            wait(failed(FetchError::Status(429), Some(1))),
            Some(Duration::from_secs(1))
        );
        let backoff = wait(failed(FetchError::Status(503), None)).unwrap();
        assert!(
            backoff >= s.backoff && backoff < s.backoff * 2,
            "{backoff:?}"
        );
        assert!(wait(failed(FetchError::Reset("reset".into()), None)).is_some());
        // The jitter is the same for the same address and attempt.
        assert_eq!(
            jitter("http://x/a.png", 1, s.backoff),
            jitter("http://x/a.png", 1, s.backoff)
        );
    }

    #[test]
    fn retry_after_in_seconds() {
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
