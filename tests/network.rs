//! Images over a bad network, against servers on 127.0.0.1 started by the
//! tests (and host names under `.invalid`, which never resolve): a slow
//! host costs the build no more than its time for downloads, a missing
//! network is noticed at once, failures are remembered between builds,
//! and only what retrying can fix is retried.
//!
//! The two tests about the default time for downloads (20 s) take about
//! that long; they run beside the others (each test is a thread), which
//! set a small budget in `book.yaml` where the budget is not the point.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use image::{DynamicImage, ImageFormat, Rgba, RgbaImage};
use techshack_book::assets::ImageOptions;
use techshack_book::diagnostics::{Diagnostics, Severity};
use techshack_book::Format;

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = DynamicImage::ImageRgba8(RgbaImage::from_pixel(w, h, Rgba([200, 30, 30, 255])));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
    out
}

// ---- the server ------------------------------------------------------------

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Request {
    path: String,
    headers: HashMap<String, String>,
}

/// How the server answers: given the request and how many times its path
/// was asked for (1 for the first), writes the answer.
type Answer = dyn Fn(&Request, usize, &mut TcpStream) + Send + Sync;

/// An HTTP/1.1 server on 127.0.0.1 that keeps every request it got.
struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    fn start(answer: impl Fn(&Request, usize, &mut TcpStream) + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let answer: Arc<Answer> = Arc::new(answer);
        let kept = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (kept, answer) = (kept.clone(), answer.clone());
                std::thread::spawn(move || serve(stream, &kept, &*answer));
            }
        });
        Server { port, requests }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn hits(&self, path: &str) -> usize {
        self.requests_for(path).len()
    }

    fn requests_for(&self, path: &str) -> Vec<Request> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }
}

fn serve(mut stream: TcpStream, kept: &Mutex<Vec<Request>>, answer: &Answer) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let request = Request {
        path: request_line
            .split_whitespace()
            .nth(1)
            .unwrap_or("/")
            .to_string(),
        headers,
    };
    let count = {
        let mut kept = kept.lock().unwrap();
        kept.push(request.clone());
        kept.iter().filter(|r| r.path == request.path).count()
    };
    answer(&request, count, &mut stream);
    let _ = stream.flush();
}

fn respond(stream: &mut TcpStream, status: &str, extra_headers: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: image/png\r\nContent-Length: {}\r\n{extra_headers}Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

/// A listener that accepts connections and never says a word.
fn silent_listener() -> (u16, Arc<Mutex<usize>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(Mutex::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            *count.lock().unwrap() += 1;
            held.push(stream);
        }
    });
    (port, accepted)
}

// ---- the book --------------------------------------------------------------

/// A book of one issue showing `urls`, with `yaml` as its book.yaml.
fn book(urls: &[String], yaml: &str) -> common::BookFolder {
    let mut text = String::from(
        "---\ntitle: EnqueueZero Techshack 2020-03\n---\n\n# EnqueueZero Techshack 2020-03\n\n## Pictures\n\n[example.com](https://example.com/a)\n\n",
    );
    for (i, url) in urls.iter().enumerate() {
        text.push_str(&format!("![picture {i}]({url})\n\n"));
    }
    let dir = common::BookFolder::new();
    dir.issue("2020-03.md", text);
    if !yaml.is_empty() {
        dir.write("book.yaml", yaml);
    }
    dir
}

/// Builds the EPUB of `root` with the image options `images` (its cache
/// in `root/cache`), returning the diagnostics, the time taken and the
/// addresses of the images embedded.
fn build(root: &Path, images: ImageOptions) -> (Diagnostics, Duration, Vec<String>) {
    let out = root.join("out");
    let mut options = common::offline_options(root, &out, &[Format::Epub]);
    options.images = ImageOptions {
        cache_dir: Some(root.join("cache")),
        ..images
    };
    let mut diags = Diagnostics::new();
    let start = Instant::now();
    techshack_book::build(&options, &mut diags).expect("the book builds");
    let took = start.elapsed();
    (diags, took, embedded(root))
}

fn online() -> ImageOptions {
    ImageOptions::default()
}

/// The remote images the book embeds, by address: those the cache now
/// has, resolved the way the writers get them.
fn embedded(root: &Path) -> Vec<String> {
    let book = common::resolved_from_cache(root, &root.join("cache"));
    let mut urls: Vec<String> = book.assets.images.keys().cloned().collect();
    urls.sort();
    urls
}

fn warnings(diags: &Diagnostics) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| d.to_string())
        .collect()
}

// ---- the tests ------------------------------------------------------------

#[test]
fn one_image_that_takes_forty_seconds_costs_the_default_budget_only() {
    let picture = png(20, 10);
    let server = Server::start(move |request, _, stream| {
        if request.path == "/slow.png" {
            std::thread::sleep(Duration::from_secs(40));
        }
        respond(stream, "200 OK", "", &picture);
    });
    let mut urls: Vec<String> = (0..5).map(|i| server.url(&format!("/{i}.png"))).collect();
    urls.insert(2, server.url("/slow.png"));
    let dir = book(&urls, "");

    let (diags, took, embedded) = build(dir.root(), online());
    assert!(took < Duration::from_secs(25), "the build took {took:?}");
    let warnings = warnings(&diags);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains("1 remote image was not downloaded within the 20 s")
            && warnings[0].contains(&server.url("/slow.png"))
            && warnings[0].contains("images: budget:"),
        "{warnings:#?}"
    );
    let mut others: Vec<String> = (0..5).map(|i| server.url(&format!("/{i}.png"))).collect();
    others.sort();
    assert_eq!(embedded, others, "every other image embedded");
    // Cut by the budget, not tried again.
    assert_eq!(server.hits("/slow.png"), 1);
}

#[test]
fn an_endless_stream_of_slow_images_ends_with_the_default_budget() {
    let picture = png(8, 8);
    let server = Server::start(move |_, _, stream| {
        std::thread::sleep(Duration::from_secs(3));
        respond(stream, "200 OK", "", &picture);
    });
    let urls: Vec<String> = (0..60)
        .map(|i| server.url(&format!("/slow-{i}.png")))
        .collect();
    let dir = book(&urls, "");

    let (diags, took, embedded) = build(dir.root(), online());
    assert!(
        took < Duration::from_secs(20 + 5),
        "the build took {took:?}"
    );
    // Some arrived in time; the rest is one warning, not one each.
    assert!(!embedded.is_empty() && embedded.len() < 60, "{embedded:?}");
    let warnings = warnings(&diags);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains(&format!(
            "{} remote images were not downloaded within the 20 s",
            60 - embedded.len()
        )),
        "{warnings:#?}"
    );
    // A few connections per host: never more than two requests at once,
    // so at most two per three seconds.
    let asked = server.requests.lock().unwrap().len();
    assert!(asked <= 2 * (20 / 3 + 1), "{asked} requests");
}

#[test]
fn retry_after_is_waited_for_server_errors_are_tried_three_times_timeouts_once() {
    let picture = png(12, 12);
    let server = Server::start(move |request, count, stream| match request.path.as_str() {
        "/busy.png" if count == 1 => {
            respond(stream, "429 Too Many Requests", "Retry-After: 1\r\n", b"")
        }
        "/down.png" => respond(stream, "503 Service Unavailable", "", b"down"),
        // Reads the request, never answers.
        "/mute.png" => std::thread::sleep(Duration::from_secs(30)),
        _ => respond(stream, "200 OK", "", &picture),
    });
    let (silent_port, accepted) = silent_listener();
    let silent = format!("http://127.0.0.1:{silent_port}/never.png");
    let urls = vec![
        server.url("/busy.png"),
        server.url("/down.png"),
        server.url("/mute.png"),
        silent.clone(),
        server.url("/fine.png"),
    ];
    let dir = book(&urls, "images:\n  timeout: 1\n  budget: 10\n");

    let (diags, took, embedded) = build(dir.root(), online());
    assert_eq!(
        embedded,
        vec![server.url("/busy.png"), server.url("/fine.png")]
    );
    // The 429 was waited for, as the server asked, then tried again.
    assert_eq!(server.hits("/busy.png"), 2);
    assert!(took >= Duration::from_secs(1), "{took:?}");
    // The 503: three tries, then a linked figure with one warning.
    assert_eq!(server.hits("/down.png"), 3);
    let warnings = warnings(&diags);
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains(&server.url("/down.png")) && w.contains("HTTP 503")),
        "{warnings:#?}"
    );
    // Neither the one that never answers nor the listener that never
    // speaks is tried again after its timeout.
    assert_eq!(server.hits("/mute.png"), 1);
    assert_eq!(*accepted.lock().unwrap(), 1);
    for url in [server.url("/mute.png"), silent] {
        assert!(
            warnings
                .iter()
                .any(|w| w.contains(&url) && w.contains("did not answer in time")),
            "{url}: {warnings:#?}"
        );
    }
    assert!(took < Duration::from_secs(10 + 5), "{took:?}");
}

#[test]
fn a_silent_host_is_cut_by_a_small_budget_from_book_yaml() {
    let (port, accepted) = silent_listener();
    let urls: Vec<String> = (0..6)
        .map(|i| format!("http://127.0.0.1:{port}/{i}.png"))
        .collect();
    let dir = book(&urls, "images:\n  budget: 2\n");
    // A second book (another year): the budget is the whole build's.
    let mut later = String::from("# EnqueueZero Techshack 2021-03\n\n## Pictures\n\n");
    for i in 0..3 {
        later.push_str(&format!(
            "![later](http://127.0.0.1:{port}/later-{i}.png)\n\n"
        ));
    }
    dir.issue("2021-03.md", later);
    let (diags, took, embedded) = build(dir.root(), online());
    assert!(embedded.is_empty());
    assert!(took < Duration::from_secs(2 + 4), "{took:?}");
    let warnings = warnings(&diags);
    assert_eq!(warnings.len(), 2, "one per book: {warnings:#?}");
    assert!(
        warnings[0].contains("6 remote images were not downloaded within the 2 s")
            && warnings[1].contains("3 remote images were not downloaded within the 2 s"),
        "{warnings:#?}"
    );
    // Two connections at once to one host, and none for the second book,
    // which came after the time was up.
    assert_eq!(*accepted.lock().unwrap(), 2);
    // The command line wins over book.yaml (and the cut is not remembered:
    // the next build tries again).
    let (_, took, _) = build(
        dir.root(),
        ImageOptions {
            budget: Some(0.5),
            ..Default::default()
        },
    );
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert_eq!(*accepted.lock().unwrap(), 4);
}

#[test]
fn no_network_is_noticed_at_once_and_said_once() {
    let urls: Vec<String> = (0..6)
        .map(|i| format!("https://img{i}.techshack-book-test.invalid/picture-{i}.png"))
        .collect();
    let dir = book(&urls, "");
    let offline = || ImageOptions {
        offline: true,
        ..Default::default()
    };
    // Warm up (the first build's one-time costs), then time each way three
    // times and compare the fastest: other work on the machine only ever
    // adds time.
    let _ = build(dir.root(), offline());
    let mut offline_took = Duration::MAX;
    let mut took = Duration::MAX;
    let mut lookup = Duration::ZERO;
    for round in 0..3 {
        let (offline_diags, t, _) = build(dir.root(), offline());
        offline_took = offline_took.min(t);
        assert_eq!(offline_diags.count_at_least(Severity::Warning), 0);

        let (diags, t, embedded) = build(dir.root(), online());
        took = took.min(t);
        assert!(embedded.is_empty());
        let warnings = warnings(&diags);
        assert_eq!(
            warnings,
            vec!["warning: no network: 6 images linked; --offline skips the attempt".to_string()],
            "round {round}"
        );
        let start = Instant::now();
        assert!(("img9.techshack-book-test.invalid", 443)
            .to_socket_addrs()
            .is_err());
        lookup = lookup.max(start.elapsed());
    }
    // About the time of --offline plus one failed lookup (a few run side
    // by side), with room for a busy machine.
    assert!(
        took <= offline_took + lookup * 2 + Duration::from_millis(1000),
        "{took:?} against {offline_took:?} offline, a lookup taking up to {lookup:?}"
    );
    // A missing network is not the addresses' fault: nothing remembered.
    assert!(!dir.root().join("cache/v1/failures").exists());
}

#[test]
fn failures_are_remembered_and_refresh_asks_again_conditionally() {
    let picture = png(16, 16);
    let server = Server::start(move |request, _, stream| match request.path.as_str() {
        "/gone.png" => respond(stream, "404 Not Found", "", b"gone"),
        "/kept.png" => {
            let validators = "ETag: \"v1\"\r\nLast-Modified: Wed, 21 Oct 2015 07:28:00 GMT\r\n";
            if request.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
                respond(stream, "304 Not Modified", validators, b"");
            } else {
                respond(stream, "200 OK", validators, &picture);
            }
        }
        _ => respond(stream, "200 OK", "", &picture),
    });
    let urls = vec![server.url("/gone.png"), server.url("/kept.png")];
    let dir = book(&urls, "images:\n  budget: 10\n");

    let (diags, _, embedded) = build(dir.root(), online());
    assert_eq!(embedded, vec![server.url("/kept.png")]);
    assert_eq!((server.hits("/gone.png"), server.hits("/kept.png")), (1, 1));
    assert!(warnings(&diags)[0].contains("HTTP 404"));

    // Within the remembered period: no request for the failed address,
    // and its warning says why and how to try now.
    let (diags, _, embedded) = build(dir.root(), online());
    assert_eq!(embedded, vec![server.url("/kept.png")]);
    assert_eq!((server.hits("/gone.png"), server.hits("/kept.png")), (1, 1));
    let warnings = warnings(&diags);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains(&server.url("/gone.png"))
            && warnings[0].contains("failed")
            && warnings[0].contains("HTTP 404")
            && warnings[0].contains("--refresh-images"),
        "{warnings:#?}"
    );

    // --refresh-images asks for both again; the cached one conditionally,
    // and its "not modified" keeps it.
    let refresh = ImageOptions {
        refresh: true,
        ..Default::default()
    };
    let (_, _, embedded) = build(dir.root(), refresh);
    assert_eq!(embedded, vec![server.url("/kept.png")]);
    assert_eq!((server.hits("/gone.png"), server.hits("/kept.png")), (2, 2));
    let second = &server.requests_for("/kept.png")[1];
    assert_eq!(
        second.headers.get("if-none-match").map(String::as_str),
        Some("\"v1\"")
    );
    assert_eq!(
        second.headers.get("if-modified-since").map(String::as_str),
        Some("Wed, 21 Oct 2015 07:28:00 GMT")
    );

    // With `remember_failures: 0`, every build asks again.
    dir.write(
        "book.yaml",
        "images:\n  budget: 10\n  remember_failures: 0\n",
    );
    let _ = build(dir.root(), online());
    assert_eq!(server.hits("/gone.png"), 3);
}

#[test]
fn a_bad_value_in_book_yaml_names_the_file_and_the_key() {
    let dir = book(&[], "");
    for (yaml, said) in [
        ("images:\n  budget: -5\n", "`images: budget:` is -5"),
        (
            "images:\n  remember_failures: soon\n",
            "images.remember_failures",
        ),
    ] {
        dir.write("book.yaml", yaml);
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_techshack-book"))
            .args(["build", "--offline", "--root"])
            .arg(dir.root())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success());
        assert!(
            stderr.contains("book.yaml") && stderr.contains(said),
            "{stderr}"
        );
    }
}
