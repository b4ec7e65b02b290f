//! The download threads of a build: a few at once, at most
//! [`FetchSettings::per_host`] on one host, all sharing one deadline (the
//! build's time for downloads). What is not done by the deadline fails
//! with [`FetchError::OutOfBudget`] without being tried.
//!
//! It also notices when there is no network: when name lookups fail for
//! the first hosts tried (up to [`HOSTS_TO_BE_SURE`] of them) before any
//! request got further, or the network is unreachable, every address not
//! yet tried fails with [`FetchError::NoNetwork`] at once, instead of each
//! one waiting for its own lookup to fail; and the build does not wait for
//! lookups still running (a lost DNS packet costs seconds), nor, at the
//! deadline, for requests still running.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Condvar, Mutex};
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
    /// Whether [`fetch_all`] has taken the results: later ones are dropped.
    finished: bool,
    /// Jobs done.
    done: usize,
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
        if !self.finished {
            self.done += 1;
            self.results[i] = Some(result);
        }
    }
}

/// What the download threads share. The threads own it together with
/// [`fetch_all`], which may return before a thread stuck in a name lookup
/// is done (that thread then finds [`State::finished`] and stops).
struct Shared {
    state: Mutex<State>,
    /// Signalled whenever a download ends.
    changed: Condvar,
    jobs: Vec<Job>,
    /// The host of each job.
    hosts: Vec<String>,
    distinct_hosts: usize,
    per_host: usize,
    deadline: Instant,
    fetcher: Fetcher,
    progress: Option<ProgressSink>,
}

impl Shared {
    /// Tells the progress display, unless the results are already taken.
    fn report(&self, event: ProgressEvent<'_>) {
        let Some(sink) = &self.progress else { return };
        if self.state.lock().is_ok_and(|s| !s.finished) {
            (sink.0)(event);
        }
    }

    /// One download thread: takes jobs until none is left (or the time
    /// is up, or the network is found missing).
    fn work(&self) {
        while let Some(i) = self.next_job() {
            let (url, host) = (self.jobs[i].url.as_str(), self.hosts[i].as_str());
            // A host already found unknown is not looked up again.
            let known_unknown = self
                .state
                .lock()
                .is_ok_and(|s| s.unknown_hosts.contains(host));
            let result = if known_unknown {
                Err(FetchError::NoSuchHost(host.to_string()))
            } else {
                self.report(ProgressEvent::Started { url, host });
                let on_bytes = |n| self.report(ProgressEvent::Bytes { count: n });
                self.fetcher.fetch(
                    url,
                    self.jobs[i].validators.as_ref(),
                    self.deadline,
                    &on_bytes,
                )
            };
            self.report(ProgressEvent::Done {
                url,
                host,
                ok: result.is_ok(),
            });
            if let Ok(mut state) = self.state.lock() {
                state.record(i, host, result, self.distinct_hosts);
            }
            self.changed.notify_all();
        }
    }

    /// The next job this thread may start, waiting for a free slot on its
    /// host; `None` when there is nothing (more) to do.
    fn next_job(&self) -> Option<usize> {
        let mut state = self.state.lock().ok()?;
        loop {
            if state.finished || state.no_network || state.pending.is_empty() {
                return None;
            }
            if let Some(i) = state.take(&self.hosts, self.per_host) {
                return Some(i);
            }
            let left = self.deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            state = self.changed.wait_timeout(state, left).ok()?.0;
        }
    }
}

/// Fetches every job with at most `settings.concurrency` downloads at
/// once and `settings.per_host` per host, all done by `deadline`. Returns
/// when every job is done, at the deadline, or as soon as the network is
/// found missing (without waiting for lookups still running).
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
    let hosts: Vec<String> = jobs
        .iter()
        .map(|j| crate::weburl::host_of(&j.url).unwrap_or_default())
        .collect();
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            pending: (0..jobs.len()).collect(),
            running: HashMap::new(),
            unknown_hosts: HashSet::new(),
            network_seen: false,
            no_network: false,
            finished: false,
            done: 0,
            results: vec![None; jobs.len()],
        }),
        changed: Condvar::new(),
        jobs: jobs.to_vec(),
        distinct_hosts: hosts.iter().collect::<HashSet<_>>().len(),
        hosts,
        per_host: settings.per_host.max(1),
        deadline,
        fetcher: Fetcher::new(settings),
        progress: progress.cloned(),
    });
    shared.report(ProgressEvent::Start { total: jobs.len() });
    for _ in 0..settings.concurrency.clamp(1, jobs.len()) {
        let shared = shared.clone();
        std::thread::spawn(move || shared.work());
    }
    let (results, no_network) = {
        let Ok(mut state) = shared.state.lock() else {
            return Fetches {
                results: vec![Err(FetchError::Other("download thread failed".into())); jobs.len()],
                no_network: false,
            };
        };
        while state.done < jobs.len() && !state.no_network {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            state = match shared.changed.wait_timeout(state, left) {
                Ok((guard, _)) => guard,
                Err(e) => e.into_inner().0,
            };
        }
        state.finished = true;
        (std::mem::take(&mut state.results), state.no_network)
    };
    shared.changed.notify_all();
    if let Some(sink) = progress {
        (sink.0)(ProgressEvent::Finish);
    }
    let results = results
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
            crate::weburl::host_of("https://User@Example.org:8080/a.png?x").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            crate::weburl::host_of("http://127.0.0.1:99").as_deref(),
            Some("127.0.0.1")
        );
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
