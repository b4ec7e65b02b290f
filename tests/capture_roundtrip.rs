//! The capture round trip: every source issue (the sample's Markdown
//! issues, the `import` output of its plain-text ones, and issues written
//! for this test with code, drawings, lists, tables and quotes) is captured
//! as plain text in every style of `tests/capture/render.rs` and as the
//! real text browsers dumped its page (fixtures), read back as `import`
//! does, and compared with its source. `tests/capture/table.sh` prints the
//! same table.

mod capture;

use std::io::Write as _;

#[test]
fn captures_in_every_style_come_back() {
    let rows = capture::run();
    let table = capture::table(&rows);
    // Straight to the terminal, past the test harness's capture: the
    // table is this test's report, pass or fail.
    let _ = writeln!(std::io::stderr(), "{table}");
    assert!(rows.len() >= 6, "at least six capture styles\n{table}");
    let mut total = capture::Score::default();
    for row in &rows {
        assert!(
            row.issues >= 8,
            "{}: at least eight issues\n{table}",
            row.style
        );
        let s = &row.score;
        total.add(s);
        assert_eq!(
            s.drawings_exact, s.drawings,
            "{}: every drawing exact\n{table}",
            row.style
        );
        assert_eq!(s.words_lost, 0, "{}: no word lost\n{table}", row.style);
    }
    assert!(
        total.drawings >= 5 * rows.len(),
        "the issues have drawings\n{table}"
    );
    assert!(
        total.code >= 10 * rows.len(),
        "the issues have code\n{table}"
    );
    assert!(
        total.titles_pct() >= 98.0,
        "at least 98% of the titles exact: {:.1}%\n{table}",
        total.titles_pct()
    );
    assert!(
        total.code_pct() >= 95.0,
        "at least 95% of the code blocks exact: {:.1}%\n{table}",
        total.code_pct()
    );
    // The generated styles one by one too: none may fall below the bar
    // on its own.
    for row in rows.iter().filter(|r| !r.style.contains("real tool")) {
        assert!(
            row.score.titles_pct() >= 98.0 && row.score.code_pct() >= 95.0,
            "{}: titles {:.1}%, code {:.1}%\n{table}",
            row.style,
            row.score.titles_pct(),
            row.score.code_pct()
        );
    }
}
