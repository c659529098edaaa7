//! How fast the review page opens on a large batch: generates a batch of page files (default
//! 2,000: generated newspaper pages, every fourth file a seed page with its hundreds of edits),
//! writes its review page with `galley clean DIR --report review.html`, and opens it in headless
//! Chromium several times, printing the page's size and the time from navigation to the page
//! drawn and ready for keys (its `data-ready-ms`), and the whole browser run beside it.
//!
//!     cargo build --release && cargo run --release --example review_bench -- [FILES] [RUNS]

use std::path::Path;
use std::process::Command;
use std::time::Instant;

#[path = "../tests/support/chromium.rs"]
mod chromium;
#[path = "../tests/support/newspaper.rs"]
mod newspaper;
#[path = "../tests/support/seeds.rs"]
mod seeds;

use seeds::SEEDS;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
    let runs: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(3).max(1);
    let exe = std::env::current_exe().unwrap();
    let galley = exe.parent().unwrap().join("../galley");
    let root = std::env::temp_dir().join("galley-review-bench");
    let _ = std::fs::remove_dir_all(&root);
    let src = root.join("pages");
    std::fs::create_dir_all(&src).unwrap();
    let generated = newspaper::pages(64);
    let mut bytes = 0;
    for k in 0..count {
        let text = match k % 4 {
            3 => SEEDS[(k / 4) % SEEDS.len()].to_string(),
            _ => generated[k % generated.len()].text.clone(),
        };
        bytes += text.len();
        std::fs::write(src.join(format!("p{k:05}.txt")), text).unwrap();
    }
    let page = root.join("review.html");
    let status = Command::new(&galley)
        .args(["clean", "-q", "-o"])
        .arg(root.join("out"))
        .arg("--report")
        .arg(&page)
        .arg(&src)
        .status()
        .expect("build galley first: cargo build --release");
    assert!(status.success());
    let size = std::fs::metadata(&page).unwrap().len();
    println!(
        "{count} files, {:.1} MB of text; review page {:.1} MB",
        bytes as f64 / 1e6,
        size as f64 / 1e6
    );
    // The browser's own start and exit, on a page with nothing in it, as the floor.
    let empty = root.join("empty.html");
    std::fs::write(&empty, "<body><script>document.body.dataset.readyMs = String(Math.round(performance.now()));</script></body>").unwrap();
    for run in 0..runs {
        let t = Instant::now();
        let ready = open(&page, &root.join(format!("profile-{run}")));
        let whole = t.elapsed().as_millis();
        let t = Instant::now();
        open(&empty, &root.join(format!("profile-empty-{run}")));
        let floor = t.elapsed().as_millis();
        println!(
            "  run {run}: ready for keys after {ready} ms; browser start to exit {whole} ms (empty page: {floor} ms)"
        );
    }
}

/// Opens `page` headless and returns the page's own `data-ready-ms`.
fn open(page: &Path, profile: &Path) -> u64 {
    let browser = chromium::find().expect("needs Debian's chromium (apt-get install chromium)");
    let url = format!("file://{}#fresh", page.display());
    let dom = chromium::dump_dom(&browser, &url, profile, &[]);
    chromium::ready_ms(&dom).expect("the page finished drawing")
}
