//! The download threads of a build: a few at once, at most
//! [`FetchSettings::per_host`] on one host, all sharing one deadline (the
//! build's time for downloads). What is not done by the deadline fails
//! with [`FetchError::OutOfBudget`] without being tried.
//!
//! It also notices when there is no network: when name lookups fail for
//! the first hosts tried (up to [`HOSTS_TO_BE_SURE`] of them) before any
//! request got further, or the network is unreachable, every address not
//! yet tried fails with [`FetchError::NoNetwork`] at once, instead of each
//! one waiting for its own lookup to fail.

use std::collections::{HashMap, HashSet};
use std::sync::{Condvar, Mutex};
use std::time::Instant;

use super::cache::Validators;
use super::fetch::{FetchError, FetchSettings, Fetched, Fetcher};
use super::{ProgressEvent, ProgressSink};

/// How many distinct hosts must fail their lookup (when the book has that
/// many) before the build decides that there is no network: one unknown
/// host is a typo or a dead site, not a missing network.
pub const HOSTS_TO_BE_SURE: usize = 3;

/// One address to fetch.
#[derive(Debug, Clone)]
pub struct Job {
    /// The address.
    pub url: String,
    /// The validators of the cached copy: asks for it only if changed.
    pub validators: Option<Validators>,
}

/// The outcome of one download.
pub type FetchResult = Result<Fetched, FetchError>;

/// What the pool found, beside each download's result.
#[derive(Debug, Clone)]
pub struct Fetches {
    /// One result per job, in the order of the jobs.
    pub results: Vec<FetchResult>,
    /// Whether the build found itself without network.
    pub no_network: bool,
}

/// The host of `url` (lower case, without port), for the per-host limit
/// and for messages.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    crate::weburl::host_of_authority(authority)
}

/// What the threads share.
struct State {
    /// Indexes of the jobs not started yet, in order.
    pending: Vec<usize>,
    /// Downloads running, per host.
    running: HashMap<String, usize>,
    /// Hosts whose name did not resolve.
    unknown_hosts: HashSet<String>,
    /// Whether some request got past the name lookup.
    network_seen: bool,
    /// Whether the network was found to be missing.
    no_network: bool,
    results: Vec<Option<FetchResult>>,
}

impl State {
    /// Takes the first pending job whose host has a free slot.
    fn take(&mut self, hosts: &[String], per_host: usize) -> Option<usize> {
        let at = self
            .pending
            .iter()
            .position(|&i| self.running.get(&hosts[i]).copied().unwrap_or(0) < per_host)?;
        let i = self.pending.remove(at);
        *self.running.entry(hosts[i].clone()).or_insert(0) += 1;
        Some(i)
    }

    /// Records what job `i` (on `host`) gave, and what it says about the
    /// network.
    fn record(&mut self, i: usize, host: &str, result: FetchResult, distinct_hosts: usize) {
        if let Some(n) = self.running.get_mut(host) {
            *n = n.saturating_sub(1);
        }
        match &result {
            Err(FetchError::NoSuchHost(_)) => {
                self.unknown_hosts.insert(host.to_string());
                if !self.network_seen
                    && self.unknown_hosts.len() >= distinct_hosts.min(HOSTS_TO_BE_SURE)
                {
                    self.no_network = true;
                }
            }
            Err(FetchError::Unreachable(_)) if !self.network_seen => self.no_network = true,
            Err(FetchError::OutOfBudget | FetchError::NoNetwork) => {}
            _ => self.network_seen = true,
        }
        self.results[i] = Some(result);
    }
}

/// Fetches every job with at most `settings.concurrency` downloads at
/// once and `settings.per_host` per host, all done by `deadline`.
pub fn fetch_all(
    jobs: &[Job],
    settings: &FetchSettings,
    deadline: Instant,
    progress: Option<&ProgressSink>,
) -> Fetches {
    if jobs.is_empty() {
        return Fetches {
            results: Vec::new(),
            no_network: false,
        };
    }
    let report = |event: ProgressEvent<'_>| {
        if let Some(sink) = progress {
            (sink.0)(event);
        }
    };
    let fetcher = Fetcher::new(settings);
    let hosts: Vec<String> = jobs
        .iter()
        .map(|j| host_of(&j.url).unwrap_or_default())
        .collect();
    let distinct_hosts = hosts.iter().collect::<HashSet<_>>().len();
    let per_host = settings.per_host.max(1);
    let state = Mutex::new(State {
        pending: (0..jobs.len()).collect(),
        running: HashMap::new(),
        unknown_hosts: HashSet::new(),
        network_seen: false,
        no_network: false,
        results: vec![None; jobs.len()],
    });
    let changed = Condvar::new();
    report(ProgressEvent::Start { total: jobs.len() });
    let workers = settings.concurrency.clamp(1, jobs.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let Ok(mut shared) = state.lock() else { return };
                let i = loop {
                    if shared.no_network || shared.pending.is_empty() {
                        return;
                    }
                    if let Some(i) = shared.take(&hosts, per_host) {
                        break i;
                    }
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return;
                    }
                    shared = match changed.wait_timeout(shared, left) {
                        Ok((guard, _)) => guard,
                        Err(_) => return,
                    };
                };
                // A host already found unknown is not looked up again.
                let known_unknown = shared.unknown_hosts.contains(&hosts[i]);
                drop(shared);
                let (url, host) = (jobs[i].url.as_str(), hosts[i].as_str());
                let result = if known_unknown {
                    Err(FetchError::NoSuchHost(host.to_string()))
                } else {
                    report(ProgressEvent::Started { url, host });
                    fetcher.fetch(url, jobs[i].validators.as_ref(), deadline, &|n| {
                        report(ProgressEvent::Bytes { count: n })
                    })
                };
                report(ProgressEvent::Done {
                    url,
                    host,
                    ok: result.is_ok(),
                });
                if let Ok(mut shared) = state.lock() {
                    shared.record(i, host, result, distinct_hosts);
                }
                changed.notify_all();
            });
        }
    });
    report(ProgressEvent::Finish);
    let state = state.into_inner().unwrap_or_else(|e| e.into_inner());
    let no_network = state.no_network;
    let results = state
        .results
        .into_iter()
        .map(|r| {
            r.unwrap_or(Err(if no_network {
                FetchError::NoNetwork
            } else {
                FetchError::OutOfBudget
            }))
        })
        .collect();
    Fetches {
        results,
        no_network,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://User@Example.org:8080/a.png?x").as_deref(),
            Some("example.org")
        );
        assert_eq!(host_of("http://127.0.0.1:99").as_deref(), Some("127.0.0.1"));
    }

    #[test]
    fn unknown_hosts_everywhere_mean_no_network() {
        let jobs: Vec<Job> = (0..8)
            .map(|i| Job {
                url: format!("http://img{}.techshack-test.invalid/{i}.png", i % 4),
                validators: None,
            })
            .collect();
        let settings = FetchSettings {
            concurrency: 2,
            ..Default::default()
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        let fetches = fetch_all(&jobs, &settings, deadline, None);
        assert!(fetches.no_network);
        let not_tried = fetches
            .results
            .iter()
            .filter(|r| matches!(r, Err(FetchError::NoNetwork)))
            .count();
        // Three hosts fail their lookup (two at a time); the rest is not tried.
        assert!(not_tried >= 4, "{:?}", fetches.results);
        assert!(fetches
            .results
            .iter()
            .all(|r| matches!(r, Err(FetchError::NoNetwork | FetchError::NoSuchHost(_)))));
    }
}
