//! The capture simulator on its own (see `tests/capture/mod.rs`).
//!
//! - `cargo run --example capture` prints the round-trip results per
//!   capture style (the table `tests/capture_roundtrip.rs` asserts on);
//! - `cargo run --example capture -- html DIR` writes each source issue as
//!   the web page the real tools dump (`tests/capture/regenerate.sh`);
//! - `cargo run --example capture -- show STYLE ISSUE` prints one capture
//!   (STYLE is the style's number in the table, from 1), then what `import`
//!   makes of it; `-- misses STYLE ISSUE` lists what was missed.

#[path = "../tests/capture/mod.rs"]
mod capture;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("table") => {
            print!("{}", capture::table(&capture::run()));
            ExitCode::SUCCESS
        }
        Some("html") if args.len() == 2 => {
            let dir = std::path::Path::new(&args[1]);
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!("error: {}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
            for src in capture::sources() {
                let path = dir.join(format!("{}.html", src.name));
                if let Err(e) = std::fs::write(&path, capture::render::html(&src.issue)) {
                    eprintln!("error: {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
        Some("show" | "misses") if args.len() == 3 => {
            let sources = capture::sources();
            let Some(src) = sources.iter().find(|s| s.name == args[2]) else {
                eprintln!("error: no source issue named {}", args[2]);
                return ExitCode::FAILURE;
            };
            let n: usize = args[1].parse().unwrap_or(0);
            let bytes = if let Some(style) = n
                .checked_sub(1)
                .and_then(|i| capture::render::STYLES.get(i))
            {
                capture::render::capture(&src.issue, style)
            } else if let Some(tool) = n
                .checked_sub(capture::render::STYLES.len() + 1)
                .and_then(|i| capture::TOOLS.get(i))
            {
                std::fs::read(
                    capture::fixtures()
                        .join(tool)
                        .join(format!("{}.txt", src.name)),
                )
                .unwrap_or_default()
            } else {
                eprintln!("error: no style number {}", args[1]);
                return ExitCode::FAILURE;
            };
            let back = capture::import(&bytes, &format!("{}.txt", src.name));
            if args[0] == "misses" {
                for miss in capture::misses(&src.issue, &back) {
                    println!("{miss}");
                }
                return ExitCode::SUCCESS;
            }
            println!("{}", String::from_utf8_lossy(&bytes));
            println!("=====");
            println!(
                "{}",
                techshack_book::markdown_writer::issue_to_markdown(&back)
            );
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage: capture [table | html DIR | show STYLE ISSUE | misses STYLE ISSUE]");
            ExitCode::FAILURE
        }
    }
}
