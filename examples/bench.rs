//! The batch benchmark: generates a corpus of newspaper-like page files (default 200 MB) from
//! the seed pages and the permissively licensed test text, then, in one run, times a plain
//! read-and-write pass over the same files (the I/O floor) and `galley clean DIR -o OUT` with one
//! thread and with all threads, and prints MB/s for each.
//!
//!     cargo build --release && cargo run --release --example bench -- [MB] [DIR]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[path = "../tests/support/newspaper.rs"]
mod newspaper;

const SEEDS: [&str; 4] = [
    include_str!("../fixtures/seeds/000_edb8a266c5e7c026.txt"),
    include_str!("../fixtures/seeds/001_b10a7e20f2104ea4.txt"),
    include_str!("../fixtures/seeds/002_717968dfa11fc193.txt"),
    include_str!("../fixtures/seeds/004_da18946eeed31b49.txt"),
];

fn generate(dir: &Path, megabytes: usize) -> (usize, u64) {
    let generated = newspaper::pages(64);
    let (mut files, mut bytes) = (0usize, 0u64);
    while bytes < (megabytes as u64) << 20 {
        // A page file: a seed page and a generated page, as two pages of one file.
        let text = format!(
            "{}\u{c}{}",
            SEEDS[files % SEEDS.len()],
            generated[files % generated.len()].text
        );
        let sub = dir.join(format!("d{:03}", files / 1000));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("p{files:06}.txt")), &text).unwrap();
        files += 1;
        bytes += text.len() as u64;
    }
    (files, bytes)
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&path, &target);
        } else {
            let text = std::fs::read(&path).unwrap();
            std::fs::write(&target, text).unwrap();
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let megabytes: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let root = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("galley-bench"));
    let galley = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .join("../galley");
    let _ = std::fs::remove_dir_all(&root);
    let corpus = root.join("corpus");
    let (files, bytes) = generate(&corpus, megabytes);
    let mb = bytes as f64 / 1e6;
    println!("corpus: {files} files, {mb:.1} MB in {}", corpus.display());

    let floor = root.join("copy");
    let t = Instant::now();
    copy_tree(&corpus, &floor);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{:<28} {:>8.2} s {:>9.1} MB/s",
        "read + write (I/O floor)",
        secs,
        mb / secs
    );

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut single = 0.0;
    for threads in [1, cores] {
        let out = root.join(format!("clean-j{threads}"));
        let t = Instant::now();
        let status = Command::new(&galley)
            .args(["clean", "-q", "-j", &threads.to_string(), "-o"])
            .arg(&out)
            .arg(&corpus)
            .status()
            .expect("build galley first: cargo build --release");
        let secs = t.elapsed().as_secs_f64();
        assert!(status.success());
        if threads == 1 {
            single = secs;
        }
        println!(
            "{:<28} {:>8.2} s {:>9.1} MB/s  ({:.2}x one thread)",
            format!("galley clean -j {threads}"),
            secs,
            mb / secs,
            single / secs
        );
    }
    // GALLEY_BENCH_KEEP=1 keeps the corpus, for profiling a run by hand.
    if std::env::var_os("GALLEY_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&root);
    }
}
