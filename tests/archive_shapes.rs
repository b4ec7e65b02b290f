//! The archive's other issue shapes, end to end: a small book folder made
//! here holds an issue of link-led articles (no `##` headings, a bare
//! `# 2019-10`, an article link without text, HTML images, an indented
//! drawing, site components), a headed issue with chrome of its own, and
//! a Chinese reading list. The reader must find their chapters, articles,
//! sources, images and drawings, warn with lines where it should and
//! nowhere else, and the book must build.

mod common;

use std::path::{Path, PathBuf};

use techshack_book::config::BookConfig;
use techshack_book::diagnostics::{Diagnostics, Severity};
use techshack_book::model::{Block, Book, Chapter, CodeKind, Inline};
use techshack_book::Format;

const BOOK_YAML: &str = "title: Techshack shapes {year}
images:
  public: .vuepress/public
components:
  drop: [TechshackHeader, SubscribeList, SubscribeCNList, Subscribe, Carousel]
";

/// Link-led articles separated by rules.
const LINK_LED: &str = r#"---
title: EnqueueZero Techshack 2019-10
sidebar: auto
---

# 2019-10

<TechshackHeader />

[How Discord Stores Billions of Messages](https://blog.discordapp.com/how-discord-stores-billions-of-messages-7fa6ec7ee4c7)

Discord moved its messages from MongoDB to Cassandra.

* Messages are partitioned by channel and a ten-day bucket.
* Reads are random, writes are sequential: a fit for an LSM tree.
* <img alt="Partition layout" src="/static/images/discord-partitions.png" style="height: 20rem;">

---

[](https://www.usenix.org/system/files/conference/atc14/atc14-paper-ongaro.pdf)

The Raft paper. Raft splits consensus into leader election, log
replication and safety.

<img style='height: 20rem;' src='/static/images/raft-states.png' alt='Raft server states'/>

    +----------+  times out   +-----------+
    | Follower | -----------> | Candidate |
    +----------+              +-----------+
          ^       wins vote         |
          +------ (Leader) <--------+

---

[Linearizability versus Serializability](http://www.bailis.org/blog/linearizability-versus-serializability/)

* Linearizability is a guarantee about single operations on single objects.
* Serializability is a guarantee about transactions over many objects.

    # pseudo code
    if read(x) == last_write(x): linearizable()

<Poll id="42" />

<Poll id="43" />
"#;

/// A headed issue, with the site's chrome.
const HEADED: &str = r#"---
title: EnqueueZero Techshack 2019-11
---

# EnqueueZero Techshack 2019-11

<TechshackHeader />

## Understanding Database Sharding

[digitalocean.com](https://www.digitalocean.com/community/tutorials/understanding-database-sharding)

Sharding splits one table's rows over several servers.

- Key based sharding hashes a column.
- Range based sharding splits by value ranges.

<Carousel />

<SubscribeList/>
"#;

/// The Chinese edition's reading list.
const READING_LIST: &str = r#"---
title: EnqueueZero Techshack 2019-12
---

# 2019-12

本周的阅读清单，主题是分布式系统。

<SubscribeCNList />

- [分布式系统的一致性](https://example.com/a)，一篇很好的入门文章
- [Raft 算法详解](https://www.example.org/raft)：图文并茂，适合初学者
- [Jepsen: MongoDB 4.2.6](https://jepsen.io/analyses/mongodb-4.2.6)
"#;

/// A one-pixel PNG.
fn png() -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
        4,
        3,
        image::Rgba([0, 90, 200, 255]),
    ))
    .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
    .expect("encode PNG");
    out
}

/// Writes the book folder into `root`.
fn write_book(root: &Path) {
    let issues = root.join("issues");
    let images = root.join(".vuepress/public/static/images");
    std::fs::create_dir_all(&issues).expect("issues folder");
    std::fs::create_dir_all(&images).expect("images folder");
    std::fs::write(root.join("book.yaml"), BOOK_YAML).expect("book.yaml");
    std::fs::write(issues.join("2019-10.md"), LINK_LED).expect("issue");
    std::fs::write(issues.join("2019-11.md"), HEADED).expect("issue");
    std::fs::write(issues.join("2019-12.md"), READING_LIST).expect("issue");
    for name in ["discord-partitions.png", "raft-states.png"] {
        std::fs::write(images.join(name), png()).expect("image");
    }
}

/// The book folder with its books read, and what reading reported.
fn read() -> (tempfile::TempDir, Vec<Book>, Diagnostics) {
    let dir = tempfile::tempdir().expect("temp dir");
    write_book(dir.path());
    let config = BookConfig::load(dir.path()).expect("book.yaml loads");
    let mut diags = Diagnostics::new();
    let books = techshack_book::read_books(dir.path(), &config, None, None, false, &mut diags)
        .expect("the book reads");
    (dir, books, diags)
}

/// Every chapter of every book (an edition may make a book of its own).
fn chapters(books: &[Book]) -> Vec<&Chapter> {
    books.iter().flat_map(|b| &b.chapters).collect()
}

fn chapter<'a>(books: &'a [Book], id: &str) -> &'a Chapter {
    chapters(books)
        .into_iter()
        .find(|c| c.id.to_string() == id)
        .unwrap_or_else(|| panic!("no chapter {id}"))
}

fn titles(chapter: &Chapter) -> Vec<String> {
    chapter.articles.iter().map(|a| a.title_text()).collect()
}

fn hosts(chapter: &Chapter) -> Vec<String> {
    chapter
        .articles
        .iter()
        .map(|a| {
            a.sources
                .iter()
                .map(|s| s.label.clone())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

/// Every block of a chapter, nested ones included.
fn all_blocks(chapter: &Chapter) -> Vec<&Block> {
    let mut out = Vec::new();
    let mut stack: Vec<&Block> = chapter.articles.iter().flat_map(|a| &a.blocks).collect();
    while let Some(block) = stack.pop() {
        out.push(block);
        match block {
            Block::List { items, .. } => stack.extend(items.iter().flatten()),
            Block::Quote(blocks) => stack.extend(blocks),
            _ => {}
        }
    }
    out
}

fn warnings(diags: &Diagnostics) -> Vec<(String, Option<usize>, String)> {
    diags
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| {
            let file = d
                .file
                .as_deref()
                .and_then(Path::file_name)
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (file, d.line, d.message.clone())
        })
        .collect()
}

#[test]
fn chapters_articles_and_sources() {
    let (_dir, books, _) = read();
    let ids: Vec<String> = chapters(&books).iter().map(|c| c.id.to_string()).collect();
    assert_eq!(ids, ["2019-10", "2019-11", "2019-12"]);

    let link_led = chapter(&books, "2019-10");
    assert_eq!(link_led.title, "EnqueueZero Techshack 2019-10");
    assert!(link_led.lead.is_empty(), "{:?}", link_led.lead);
    assert_eq!(
        titles(link_led),
        [
            "How Discord Stores Billions of Messages",
            "atc14-paper-ongaro.pdf",
            "Linearizability versus Serializability"
        ]
    );
    assert_eq!(
        hosts(link_led),
        ["blog.discordapp.com", "usenix.org", "bailis.org"]
    );
    let lines: Vec<usize> = link_led.articles.iter().map(|a| a.pos.line).collect();
    assert_eq!(lines, [10, 20, 35]);
    assert!(all_blocks(link_led)
        .iter()
        .all(|b| !matches!(b, Block::Rule)));

    let headed = chapter(&books, "2019-11");
    assert_eq!(titles(headed), ["Understanding Database Sharding"]);
    assert_eq!(hosts(headed), ["digitalocean.com"]);

    let reading = chapter(&books, "2019-12");
    assert_eq!(
        titles(reading),
        [
            "分布式系统的一致性",
            "Raft 算法详解",
            "Jepsen: MongoDB 4.2.6"
        ]
    );
    assert_eq!(hosts(reading), ["example.com", "example.org", "jepsen.io"]);
    assert!(matches!(
        reading.articles[0].blocks.as_slice(),
        [Block::Paragraph(text)] if text == &[Inline::Text("一篇很好的入门文章".into())]
    ));
    assert!(reading.articles[2].blocks.is_empty());
    // The intro paragraph leads the chapter; the chrome is gone.
    assert_eq!(reading.lead.len(), 1, "{:?}", reading.lead);
}

#[test]
fn warnings_name_the_file_and_line_and_nothing_else_warns() {
    let (_dir, _books, diags) = read();
    let mut found = warnings(&diags);
    found.sort();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!((found[0].0.as_str(), found[0].1), ("2019-10.md", Some(20)));
    assert!(
        found[0].2.contains("article link has no text")
            && found[0].2.contains("atc14-paper-ongaro.pdf"),
        "{found:#?}"
    );
    // Two uses, one warning, at the first.
    assert_eq!((found[1].0.as_str(), found[1].1), ("2019-10.md", Some(43)));
    assert!(
        found[1].2.contains("unknown component <Poll>"),
        "{found:#?}"
    );
}

#[test]
fn images_and_drawings_are_found() {
    let (_dir, books, _) = read();
    let link_led = chapter(&books, "2019-10");
    let blocks = all_blocks(link_led);
    let mut figures: Vec<(&str, &str)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure { image, .. } => Some((image.url.as_str(), image.alt.as_str())),
            _ => None,
        })
        .collect();
    figures.sort();
    assert_eq!(
        figures,
        [
            ("/static/images/discord-partitions.png", "Partition layout"),
            ("/static/images/raft-states.png", "Raft server states")
        ]
    );
    let code = common::code_blocks(blocks.iter().copied());
    assert_eq!(code.len(), 2, "{code:?}");
    assert!(code
        .iter()
        .any(|(kind, text)| *kind == CodeKind::Drawing && text.contains("| Follower |")));
    assert!(code
        .iter()
        .any(|(kind, text)| *kind == CodeKind::Program && text.starts_with("# pseudo code")));
}

#[test]
fn the_book_builds_with_its_images_and_contents() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_book(dir.path());
    let out_dir: PathBuf = dir.path().join("out");
    let options = common::offline_options(dir.path(), &out_dir, &[Format::Epub, Format::Pdf]);
    let mut diags = Diagnostics::new();
    let (books, _) = techshack_book::prepare(&options, &mut diags).expect("prepares");
    let images: Vec<&String> = books.iter().flat_map(|b| b.assets.images.keys()).collect();
    for url in [
        "/static/images/discord-partitions.png",
        "/static/images/raft-states.png",
    ] {
        assert!(
            images.contains(&&url.to_string()),
            "{url} not embedded: {images:?}"
        );
    }

    let outputs = techshack_book::build(&options, &mut diags).expect("builds");
    // The Chinese reading list is a book of its own (the zh edition): look
    // through every EPUB written.
    let nav = outputs
        .iter()
        .filter(|o| o.format == Format::Epub)
        .flat_map(|o| common::epub_entries(&o.path))
        .filter(|(name, _)| name.ends_with(".xhtml"))
        .map(|(_, text)| common::unescape_xml(&text))
        .collect::<String>();
    for title in [
        "How Discord Stores Billions of Messages",
        "atc14-paper-ongaro.pdf",
        "Understanding Database Sharding",
        "分布式系统的一致性",
    ] {
        assert!(nav.contains(title), "{title} missing from the EPUB");
    }
    assert!(outputs
        .iter()
        .any(|o| o.format == Format::Pdf && o.path.exists()));
}
