//! Headless Chromium for the review page's tests and benchmark: Debian's `chromium`, started as
//! this kind of machine needs it (no sandbox when run as root, no background networking on a
//! closed network, a profile of its own).

use std::path::{Path, PathBuf};

/// The browser, when it is installed.
pub fn find() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// The DOM of `url` after its scripts ran, in browser profile `profile`, with `extra` flags.
pub fn dump_dom(browser: &Path, url: &str, profile: &Path, extra: &[&str]) -> String {
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .args(extra)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// How long the review page took from navigation to ready for keys (its `data-ready-ms`).
pub fn ready_ms(dom: &str) -> Option<u64> {
    dom.split("data-ready-ms=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|ms| ms.parse().ok())
}
