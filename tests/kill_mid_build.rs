//! A build killed with SIGKILL part-way leaves the previous book in place:
//! every output is either the previous file, byte for byte, or a complete
//! new one — never a half-written file.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

fn write_issues(dir: &common::BookFolder, count: u16, word: &str) {
    for n in 1..=count {
        let mut text = format!("# EnqueueZero Techshack 2019-{n:02}\n\n");
        for a in 0..20 {
            text.push_str(&format!(
                "## {word} article {a}\n\n[example.com](https://example.com/{a})\n\n{}\n\n* one\n* two\n\n```bash\n$ echo {a}\n```\n\n",
                format!("{word} text, long enough to be set in lines. ").repeat(30)
            ));
        }
        dir.issue(&format!("{n:02}.md"), text);
    }
}

fn build(dir: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_techshack-book"))
        .args(["build", "-q", "--images", "link", "--root"])
        .arg(dir)
        .spawn()
        .unwrap()
}

#[test]
fn a_killed_build_leaves_the_previous_book_intact() {
    let dir = common::BookFolder::new();
    write_issues(&dir, 8, "First");
    assert!(build(dir.root()).wait().unwrap().success());
    let out = dir.out();
    let epub = out.join("enqueuezero-techshack-2019.epub");
    let pdf = out.join("enqueuezero-techshack-2019.pdf");
    let (old_epub, old_pdf) = (std::fs::read(&epub).unwrap(), std::fs::read(&pdf).unwrap());

    // A bigger second edition, killed at several points of its build.
    write_issues(&dir, 40, "Second");
    for delay_ms in [50, 200, 500, 1000, 2000] {
        let mut child = build(dir.root());
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        for (path, old) in [(&epub, &old_epub), (&pdf, &old_pdf)] {
            let now = std::fs::read(path).expect("the output is still there");
            if now == *old {
                continue;
            }
            // Otherwise the rename happened: the new file must be whole.
            if path.extension().is_some_and(|e| e == "pdf") {
                let (ok, report) = common::run("qpdf", &["--check", path.to_str().unwrap()]);
                assert!(
                    ok,
                    "after a kill at {delay_ms} ms the PDF is broken: {report}"
                );
            } else {
                let entries = common::epub_entries(path);
                assert!(entries.iter().any(|(n, _)| n.ends_with("content.opf")));
            }
        }
    }
    // A later build cleans up what the killed ones left behind.
    assert!(build(dir.root()).wait().unwrap().success());
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no temporary files are left: {names:?}");
}
