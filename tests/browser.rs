//! The review page in a real browser: headless Chromium opens the page for seed 004, rejects every
//! edit of one rule, exports the decisions; `galley apply` then applies them, and the result must
//! be exactly the input with all other edits applied.
//!
//! Needs Debian's `chromium` (`.ci/run` installs it). Without it the test says so and passes only
//! outside CI; with `GALLEY_SKIP_BROWSER=1` (set by `.ci/run` when the install failed) it is
//! skipped on purpose.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[test]
fn reject_one_rule_in_the_browser_then_apply() {
    let Some(browser) = chromium() else {
        if std::env::var_os("GALLEY_SKIP_BROWSER").is_some() || std::env::var_os("CI").is_none() {
            eprintln!("browser test skipped: no chromium (apt-get install chromium)");
            return;
        }
        panic!("chromium is not installed; .ci/run installs it");
    };
    let dir = tempfile::tempdir().unwrap();
    let seed = "004_da18946eeed31b49.txt";
    let input = dir.path().join(seed);
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/seeds")
            .join(seed),
        &input,
    )
    .unwrap();
    let galley = || Command::cargo_bin("galley").unwrap();
    let page = dir.path().join("review.html");
    let report = dir.path().join("edits.jsonl");
    for path in [&page, &report] {
        galley()
            .args(["clean", "-q"])
            .arg(&input)
            .arg("--report")
            .arg(path)
            .assert()
            .success();
    }
    let url = format!(
        "file://{}#reject-rule=join.column-break&export",
        page.display()
    );
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=5000",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom
        .find("<textarea id=\"export\"")
        .expect("the page rendered");
    let body = &dom[start..];
    let body = &body[body.find('>').unwrap() + 1..body.find("</textarea>").unwrap()];
    let decisions = unescape(body);
    let records: Vec<serde_json::Value> = decisions
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let all: Vec<serde_json::Value> = fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), all.len(), "every edit is exported");
    let joins = |r: &serde_json::Value| {
        r["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x == "join.column-break")
    };
    for r in &records {
        assert_eq!(r["accept"].as_bool().unwrap(), !joins(r), "{r}");
    }
    assert!(records.iter().filter(|r| joins(r)).count() >= 5);
    let exported = dir.path().join("decisions.jsonl");
    fs::write(&exported, &decisions).unwrap();
    let applied = galley()
        .arg("apply")
        .arg(&input)
        .arg("--edits")
        .arg(&exported)
        .output()
        .unwrap();
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    let mut want = fs::read_to_string(&input).unwrap();
    for r in all.iter().rev().filter(|r| !joins(r)) {
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        want.replace_range(s..e, r["after"].as_str().unwrap());
    }
    assert_eq!(String::from_utf8(applied.stdout).unwrap(), want);
}
