//! Images end to end, against a real HTTP server on 127.0.0.1 started by
//! the test: each kind of answer a web server gives becomes an embedded
//! figure or a linked one with a warning, the work done for each answer is
//! bounded, and a second build with a warm cache asks the server nothing.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use image::{DynamicImage, ImageFormat, Rgba, RgbaImage};
use techshack_book::assets::ImageOptions;
use techshack_book::config::ImageMode;
use techshack_book::diagnostics::{Diagnostics, Severity};
use techshack_book::model::{Block, Book};
use techshack_book::Format;

// ---- fixtures, made here rather than committed ---------------------------

fn encode(img: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), format).unwrap();
    out
}

fn png(w: u32, h: u32, color: [u8; 4]) -> Vec<u8> {
    encode(
        DynamicImage::ImageRgba8(RgbaImage::from_pixel(w, h, Rgba(color))),
        ImageFormat::Png,
    )
}

/// A 40×20 JPEG whose EXIF says "rotate 90° clockwise" (orientation 6):
/// shown upright it is 20×40.
fn jpeg_with_exif_rotation() -> Vec<u8> {
    let img = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(40, 20, image::Rgb([0, 0, 255])));
    let jpeg = encode(img, ImageFormat::Jpeg);
    // APP1 "Exif": a little-endian TIFF header and one IFD entry,
    // Orientation (0x0112), SHORT, count 1, value 6.
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&0x0112u16.to_le_bytes());
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&6u16.to_le_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Two frames: red, then blue.
fn animated_gif() -> Vec<u8> {
    use image::codecs::gif::{GifEncoder, Repeat};
    use image::{Delay, Frame};
    let mut out = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut out);
        encoder.set_repeat(Repeat::Infinite).unwrap();
        for color in [[255, 0, 0, 255], [0, 0, 255, 255]] {
            let frame = Frame::from_parts(
                RgbaImage::from_pixel(16, 16, Rgba(color)),
                0,
                0,
                Delay::from_numer_denom_ms(100, 1),
            );
            encoder.encode_frame(frame).unwrap();
        }
    }
    out
}

fn webp() -> Vec<u8> {
    let img = RgbaImage::from_pixel(30, 30, Rgba([0, 160, 0, 255]));
    let mut out = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .encode(img.as_raw(), 30, 30, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

const SVG: &str = r##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60">
  <script>alert("boo")</script>
  <rect x="5" y="5" width="110" height="50" fill="#cde" stroke="#123"/>
</svg>"##;

/// A real decompression bomb: a valid 20000×20000 PNG (1 bit per pixel,
/// all zero) that is a few tens of kilobytes on the wire and would need
/// 1.6 GB as RGBA.
fn png_bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, 20_000, 20_000);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().unwrap();
        let mut stream = writer.stream_writer().unwrap();
        let row = vec![0u8; 2500];
        for _ in 0..20_000 {
            stream.write_all(&row).unwrap();
        }
        stream.finish().unwrap();
        writer.finish().unwrap();
        out
    })
}

// ---- the server ------------------------------------------------------------

/// An HTTP/1.1 server on 127.0.0.1 that counts the requests per path.
struct Server {
    port: u16,
    hits: Arc<Mutex<HashMap<String, usize>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(Mutex::new(HashMap::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (h, s) = (hits.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let h = h.clone();
                std::thread::spawn(move || handle(stream, &h));
            }
        });
        Server { port, hits, stop }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    fn total(&self) -> usize {
        self.hits.lock().unwrap().values().sum()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn respond(stream: &mut TcpStream, status: &str, content_type: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

fn handle(mut stream: TcpStream, hits: &Mutex<HashMap<String, usize>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let count = {
        let mut hits = hits.lock().unwrap();
        let n = hits.entry(path.clone()).or_insert(0);
        *n += 1;
        *n
    };
    let s = &mut stream;
    match path.as_str() {
        "/png.png" => respond(s, "200 OK", "image/png", &png(60, 40, [255, 0, 0, 255])),
        "/exif.jpg" => respond(s, "200 OK", "image/jpeg", &jpeg_with_exif_rotation()),
        "/anim.gif" => respond(s, "200 OK", "image/gif", &animated_gif()),
        "/photo.webp" => respond(s, "200 OK", "image/webp", &webp()),
        "/drawing.svg" => respond(s, "200 OK", "image/svg+xml", SVG.as_bytes()),
        "/missing.png" => respond(s, "404 Not Found", "text/html", b"<html>gone</html>"),
        "/flaky.png" if count == 1 => {
            respond(s, "500 Internal Server Error", "text/plain", b"oops")
        }
        "/flaky.png" => respond(s, "200 OK", "image/png", &png(8, 8, [0, 0, 0, 255])),
        "/slow.png" => {
            std::thread::sleep(Duration::from_secs(4));
            respond(s, "200 OK", "image/png", &png(8, 8, [0, 0, 0, 255]));
        }
        "/endless.png" => {
            let _ = s.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n",
            );
            let chunk = vec![0u8; 64 * 1024];
            // Bounded: 64 MiB at most, and it stops when the client hangs up.
            for _ in 0..1024 {
                if s.write_all(&chunk).is_err() {
                    break;
                }
            }
        }
        "/loop.png" => {
            let _ = s.write_all(
                b"HTTP/1.1 302 Found\r\nLocation: /loop.png\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
        "/page.png" => respond(
            s,
            "200 OK",
            "image/png",
            b"<!DOCTYPE html><html><body><h1>Not an image</h1></body></html>",
        ),
        "/bomb.png" => respond(s, "200 OK", "image/png", png_bomb()),
        _ => respond(s, "404 Not Found", "text/plain", b"no"),
    }
    let _ = stream.flush();
    let mut rest = Vec::new();
    let _ = reader.read_to_end(&mut rest);
}

// ---- the book --------------------------------------------------------------

/// The cases: path on the server, and whether the image is embedded (with
/// its media type and pixel size) or falls back to a linked figure (with a
/// word the warning must contain).
enum Expect {
    Embedded(&'static str, Option<(u32, u32)>),
    Linked(&'static str),
}

const CASES: &[(&str, Expect)] = &[
    ("/png.png", Expect::Embedded("image/png", Some((60, 40)))),
    ("/exif.jpg", Expect::Embedded("image/jpeg", Some((20, 40)))),
    ("/anim.gif", Expect::Embedded("image/png", Some((16, 16)))),
    (
        "/photo.webp",
        Expect::Embedded("image/jpeg", Some((30, 30))),
    ),
    (
        "/drawing.svg",
        Expect::Embedded("image/svg+xml", Some((120, 60))),
    ),
    ("/missing.png", Expect::Linked("HTTP 404")),
    ("/flaky.png", Expect::Embedded("image/png", Some((8, 8)))),
    ("/slow.png", Expect::Linked("in time")),
    ("/endless.png", Expect::Linked("limit")),
    ("/loop.png", Expect::Linked("redirect")),
    ("/page.png", Expect::Linked("HTML")),
    ("/bomb.png", Expect::Linked("decoder limits")),
];

fn issue(server: &Server) -> String {
    let mut text = String::from(
        "---\ntitle: EnqueueZero Techshack 2020-01\n---\n\n# EnqueueZero Techshack 2020-01\n\n## Pictures\n\n[example.com](https://example.com/a)\n\n",
    );
    for (path, _) in CASES {
        text.push_str(&format!("![case {path}]({})\n\n", server.url(path)));
    }
    text.push_str("![local](img/local.png)\n\n^ A local picture.\n\n");
    text.push_str("![site](/static/images/site.png)\n\n");
    text.push_str("![escape](../../secret.png)\n\n");
    text.push_str("![file](file:///etc/passwd)\n\n");
    text.push_str("```mermaid\ngraph LR\n  a[Client] --calls--> b[Server]\n```\n\n");
    text.push_str("```mermaid\nthis is not a diagram\n```\n");
    text
}

fn write_book(dir: &common::BookFolder, server: &Server, extra_yaml: &str) {
    dir.issue("2020-01.md", issue(server))
        .issue("img/local.png", png(10, 10, [0, 0, 255, 128]))
        .write("site/static/images/site.png", png(12, 6, [0, 255, 0, 255]))
        .write(
            "book.yaml",
            format!(
                "images:\n  public: site\n  timeout: 1\n  retries: 1\n  max_megabytes: 1\n  concurrency: 4\n{extra_yaml}"
            ),
        );
}

fn build(
    root: &Path,
    out: &Path,
    cache: &Path,
    mode: Option<ImageMode>,
    offline: bool,
) -> (Diagnostics, Duration) {
    let mut options = common::offline_options(root, out, &[Format::Epub, Format::Pdf]);
    options.images = ImageOptions {
        mode,
        offline,
        cache_dir: Some(cache.to_path_buf()),
        ..Default::default()
    };
    let mut diags = Diagnostics::new();
    let start = Instant::now();
    techshack_book::build(&options, &mut diags).expect("the book builds");
    (diags, start.elapsed())
}

/// The book as the writers get it: read and resolved the same way.
fn resolved(root: &Path, cache: &Path) -> Book {
    common::resolved_from_cache(root, cache)
}

/// The notes that concern no one file: the summaries of images left as
/// links by choice.
fn summaries(diags: &Diagnostics) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Note && d.file.is_none())
        .map(|d| d.to_string())
        .collect()
}

/// Asserts that the only warning is that of the missing local image, with
/// its file and line, and that no remote image has one of its own.
fn only_the_real_problem_warned(diags: &Diagnostics, server: &Server) {
    let warnings = warnings(diags);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains("2020-02.md:")
            && warnings[0].contains("img/none.png")
            && warnings[0].contains("does not exist"),
        "{warnings:#?}"
    );
    assert!(
        !warnings.iter().any(|w| w.contains(&server.url(""))),
        "{warnings:#?}"
    );
}

fn warnings(diags: &Diagnostics) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn every_server_answer_becomes_a_figure_or_a_linked_fallback() {
    // Made before the clock starts: encoding 50 MB of pixels is slow in a
    // debug build, and the server must answer within the timeout.
    let bomb = png_bomb();
    assert!(bomb.len() < 1024 * 1024, "the bomb is {} bytes", bomb.len());
    let server = Server::start();
    let dir = common::BookFolder::new();
    let (root, cache, out) = (dir.root(), dir.root().join("cache"), dir.out());
    write_book(&dir, &server, "");

    let (diags, took) = build(root, &out, &cache, None, false);
    // Work is bounded by counts, not by the clock (a busy machine makes
    // every answer slower, never more numerous): the slow and the endless
    // answers are asked for at most twice (one try and the one retry the
    // book allows). A hang would still fail, at a bound far above any
    // honest build.
    for path in ["/slow.png", "/endless.png"] {
        let hits = server.hits(path);
        assert!((1..=2).contains(&hits), "{path} asked for {hits} times");
    }
    assert!(took < Duration::from_secs(300), "the build took {took:?}");
    let warnings = warnings(&diags);

    // The warm cache answers for everything that was fetched.
    let book = resolved(root, &cache);
    for (path, expect) in CASES {
        let url = server.url(path);
        let asset = book.assets.images.get(&url);
        match expect {
            Expect::Embedded(media_type, size) => {
                let asset =
                    asset.unwrap_or_else(|| panic!("{path} embedded; warnings: {warnings:#?}"));
                assert_eq!(&asset.media_type, media_type, "{path}");
                if let Some(size) = size {
                    assert_eq!((asset.width, asset.height), *size, "{path}");
                }
                assert!(
                    !warnings.iter().any(|w| w.contains(&url)),
                    "{path} warned: {warnings:#?}"
                );
            }
            Expect::Linked(word) => {
                assert!(asset.is_none(), "{path} should not be embedded");
                let warning: Vec<&String> = warnings.iter().filter(|w| w.contains(&url)).collect();
                assert_eq!(warning.len(), 1, "one warning for {path}: {warnings:#?}");
                assert!(warning[0].contains(word), "{path}: {}", warning[0]);
                assert!(
                    warning[0].contains("2020-01.md:"),
                    "file and line: {}",
                    warning[0]
                );
            }
        }
    }
    // Retried once after the 500; the 404 is not retried.
    assert_eq!(server.hits("/flaky.png"), 2);
    assert_eq!(server.hits("/missing.png"), 1);

    // First frame of the GIF (red), EXIF applied, alpha kept in PNG.
    let gif = image::load_from_memory(&book.assets.images[&server.url("/anim.gif")].data).unwrap();
    assert_eq!(gif.to_rgba8().get_pixel(8, 8).0, [255, 0, 0, 255]);
    let svg =
        String::from_utf8(book.assets.images[&server.url("/drawing.svg")].data.clone()).unwrap();
    assert!(!svg.contains("script"), "{svg}");

    // Local, public and refused paths.
    assert!(book.assets.images.contains_key("img/local.png"));
    assert!(book.assets.images.contains_key("/static/images/site.png"));
    assert!(warnings
        .iter()
        .any(|w| w.contains("../../secret.png") && w.contains("outside")));
    assert!(warnings
        .iter()
        .any(|w| w.contains("file:///etc/passwd") && w.contains("file:")));

    // One diagram drawn, one shown as source with a warning.
    assert_eq!(book.assets.diagrams.len(), 1);
    assert!(warnings
        .iter()
        .any(|w| w.contains("Mermaid diagram not drawn")));
    let mermaid_blocks = book.chapters[0].articles[0]
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Mermaid(_)))
        .count();
    assert_eq!(mermaid_blocks, 2);

    // The EPUB holds the embedded pictures and links the rest; EPUBCheck
    // is clean.
    let epub = out.join("enqueuezero-techshack-2020.epub");
    let entries = common::epub_entries(&epub);
    let images: Vec<&String> = entries
        .iter()
        .map(|(k, _)| k)
        .filter(|k| k.contains("/images/") && !k.contains("/images/cover."))
        .collect();
    // 6 remote + local + site + 1 diagram, each a distinct file (the
    // generated cover aside).
    assert_eq!(images.len(), 9, "{images:?}");
    let chapter = entries
        .iter()
        .find(|(k, _)| k.contains("2020-01") && k.ends_with(".xhtml"))
        .map(|(_, v)| v.clone())
        .unwrap();
    assert!(
        chapter.contains("<figcaption>A local picture.</figcaption>"),
        "{chapter}"
    );
    // The drawn diagram is inline (it follows the reader's theme), named
    // by its labels.
    assert!(
        chapter.contains("aria-label=\"Diagram: Client, Server, calls\""),
        "{chapter}"
    );
    assert!(chapter.contains(&format!("href=\"{}\"", server.url("/missing.png"))));
    let (errors, warnings_count, report) = common::epubcheck(&epub);
    assert_eq!((errors, warnings_count), (0, 0), "{report}");

    // The PDF is valid.
    let pdf = out.join("enqueuezero-techshack-2020.pdf");
    if let Ok(keep) = std::env::var("TECHSHACK_IMAGES_PDF") {
        std::fs::copy(&pdf, keep).unwrap();
    }
    let status = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .expect("qpdf runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );

    // A second build with the warm cache asks the server nothing for the
    // images it has (nor for those that failed: failures are remembered).
    let before: HashMap<&str, usize> = CASES.iter().map(|(p, _)| (*p, server.hits(p))).collect();
    let (_, _) = build(root, &out, &cache, None, false);
    for (path, expect) in CASES {
        if matches!(expect, Expect::Embedded(..)) {
            assert_eq!(server.hits(path), before[path], "{path} fetched again");
        }
    }
}

#[test]
fn warm_cache_and_offline_and_link_make_no_request() {
    let server = Server::start();
    let dir = common::BookFolder::new();
    let (root, cache, out) = (dir.root(), dir.root().join("cache"), dir.out());
    let mut text = String::from(
        "---\ntitle: EnqueueZero Techshack 2020-02\n---\n\n# EnqueueZero Techshack 2020-02\n\n## Pictures\n\n[example.com](https://example.com/a)\n\n",
    );
    for path in [
        "/png.png",
        "/exif.jpg",
        "/anim.gif",
        "/photo.webp",
        "/drawing.svg",
    ] {
        text.push_str(&format!("![{path}]({})\n\n", server.url(path)));
    }
    // A real problem, whatever the image options: a local file that is not
    // there keeps its own warning with file and line.
    text.push_str("![missing](img/none.png)\n\n");
    dir.issue("2020-02.md", text);

    // --offline with a cold cache: nothing asked, every remote image
    // linked, and that is said once, with the count, not once per image.
    let (diags, _) = build(root, &out, &cache, None, true);
    assert_eq!(server.total(), 0);
    only_the_real_problem_warned(&diags, &server);
    let summary = summaries(&diags);
    assert_eq!(summary.len(), 1, "{summary:#?}");
    assert!(
        summary[0].starts_with("note: ")
            && summary[0].contains("5 remote images are shown as links")
            && summary[0].contains("--offline"),
        "{summary:#?}"
    );

    // Link mode: nothing asked, the same one line naming the mode.
    let (diags, _) = build(root, &out, &cache, Some(ImageMode::Link), false);
    assert_eq!(server.total(), 0);
    only_the_real_problem_warned(&diags, &server);
    let summary = summaries(&diags);
    assert_eq!(summary.len(), 1, "{summary:#?}");
    assert!(
        summary[0].contains("5 remote images are shown as links") && summary[0].contains("`link`"),
        "{summary:#?}"
    );

    // Download: five requests; again: none. Nothing is linked, so no
    // summary.
    let (diags, _) = build(root, &out, &cache, None, false);
    only_the_real_problem_warned(&diags, &server);
    assert!(summaries(&diags).is_empty(), "{:#?}", summaries(&diags));
    assert_eq!(server.total(), 5);
    let (diags, _) = build(root, &out, &cache, None, false);
    only_the_real_problem_warned(&diags, &server);
    assert_eq!(server.total(), 5, "the warm cache made a request");

    // Offline with the warm cache: embedded, still no request, no summary.
    let (diags, _) = build(root, &out, &cache, None, true);
    only_the_real_problem_warned(&diags, &server);
    assert!(summaries(&diags).is_empty(), "{:#?}", summaries(&diags));
    assert_eq!(server.total(), 5);

    // `clean --cache` empties it.
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_techshack-book"))
        .args(["clean", "--cache", "--root"])
        .arg(root)
        .env(techshack_book::assets::CACHE_ENV, &cache)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(!cache.join("v1").exists());
    let (diags, _) = build(root, &out, &cache, None, true);
    only_the_real_problem_warned(&diags, &server);
    let summary = summaries(&diags);
    assert_eq!(summary.len(), 1, "{summary:#?}");
    assert!(summary[0].contains("5 remote images"), "{summary:#?}");
}
