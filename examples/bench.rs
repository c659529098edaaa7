//! The batch benchmark: generates a corpus of newspaper-like page files (default 200 MB) from
//! the seed pages and the permissively licensed test text, then, in one run, times a plain
//! read-and-write pass over the same files (the I/O floor), galley with a single rule that finds
//! nothing (what a run costs besides its rules), galley with the join rule alone, and `galley
//! clean DIR -o OUT` with one thread and with all threads, each several times, and prints MB/s
//! for each, beside a peer on the same files in the same run: autocorrect's formatter
//! (`autocorrect::format`, the Rust core of the CJK copy-editing tool), one thread, reading and
//! writing each file as galley does.
//!
//!     cargo build --release && cargo run --release --example bench -- [MB] [DIR] [RUNS] [KIND]
//!
//! `KIND` is `pages` (the default: each file a seed page and a generated page) or `heavy` (the
//! same pages made edit-heavy, `tests/support/heavy.rs`: half-width marks, full-width digits,
//! hard wraps). `RUNS` 0 only generates the corpus (the Python package's benchmark,
//! `python/bench.py`, measures on it).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[path = "../tests/support/heavy.rs"]
mod heavy;
#[path = "../tests/support/newspaper.rs"]
mod newspaper;
#[path = "../tests/support/seeds.rs"]
mod seeds;

use seeds::SEEDS;

fn generate(dir: &Path, megabytes: usize, edit_heavy: bool) -> (usize, u64) {
    let page = |text: &str| match edit_heavy {
        true => heavy::heavy(text),
        false => text.to_string(),
    };
    let generated: Vec<String> = newspaper::pages(64).iter().map(|p| page(&p.text)).collect();
    let seeds: Vec<String> = SEEDS.iter().map(|t| page(t)).collect();
    let (mut files, mut bytes) = (0usize, 0u64);
    while bytes < (megabytes as u64) << 20 {
        // A page file: a seed page and a generated page, as two pages of one file.
        let text = format!(
            "{}\u{c}{}",
            seeds[files % seeds.len()],
            generated[files % generated.len()]
        );
        let sub = dir.join(format!("d{:03}", files / 1000));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("p{files:06}.txt")), &text).unwrap();
        files += 1;
        bytes += text.len() as u64;
    }
    (files, bytes)
}

/// Writes every file under `from` to the same place under `to`, passed through `through`.
fn copy_tree(from: &Path, to: &Path, through: &dyn Fn(String) -> String) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&path, &target, through);
        } else {
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&target, through(text)).unwrap();
        }
    }
}

/// One timed pass: its label and the seconds of each run.
struct Pass {
    label: String,
    secs: Vec<f64>,
}

impl Pass {
    fn best(&self) -> f64 {
        self.secs.iter().copied().fold(f64::INFINITY, f64::min)
    }

    fn median(&self) -> f64 {
        let mut s = self.secs.clone();
        s.sort_by(f64::total_cmp);
        s[s.len() / 2]
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let megabytes: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let root = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("galley-bench"));
    let runs: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(3);
    let edit_heavy = match args.get(4).map(String::as_str) {
        None | Some("pages") => false,
        Some("heavy") => true,
        Some(other) => panic!("corpus kind {other:?}: `pages` or `heavy`"),
    };
    let galley = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .join("../galley");
    let _ = std::fs::remove_dir_all(&root);
    let corpus = root.join("corpus");
    let (files, bytes) = generate(&corpus, megabytes, edit_heavy);
    let mb = bytes as f64 / 1e6;
    let kind = if edit_heavy { "edit-heavy " } else { "" };
    println!(
        "{kind}corpus: {files} files, {mb:.1} MB in {}",
        corpus.display()
    );
    if runs == 0 {
        return;
    }

    // Every pass runs `runs` times, the passes taking turns, each run writing a new directory
    // that is deleted only at the end: ext4 allocates an inode by scanning past the inodes freed
    // in the last minute (five while the inode table is dirty), so a pass that follows the
    // deletion of tens of thousands of files (the last run's output) spends much of its time in
    // the kernel, whichever pass it is. The best run of each pass is the one least disturbed;
    // the median is printed beside it.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // The galley passes: what each selects, and with how many threads. Besides the default
    // profile, one rule that finds nothing here (`unicode.bom`: reading, decoding, learning's
    // sampling and writing, without the work of the rules; the part of a run that making rules
    // faster cannot take away) and the join rule alone (the costliest rule: its time and the
    // pipeline's together are a floor under the default profile's).
    let galley_passes: [(&str, usize, Option<&str>); 4] = [
        ("one rule", 1, Some("unicode.bom")),
        ("join only", 1, Some("join.column-break")),
        ("j1", 1, None),
        ("all", cores, None),
    ];
    let mut passes = vec![
        Pass {
            label: "read + write (I/O floor)".into(),
            secs: Vec::new(),
        },
        Pass {
            label: "autocorrect::format -j 1".into(),
            secs: Vec::new(),
        },
    ];
    passes.extend(galley_passes.iter().map(|&(name, threads, select)| Pass {
        label: match select {
            Some(_) => format!("galley -j {threads}, {name}"),
            None => format!("galley clean -j {threads}"),
        },
        secs: Vec::new(),
    }));
    for run in 0..runs {
        let floor = root.join(format!("copy-{run}"));
        let t = Instant::now();
        copy_tree(&corpus, &floor, &|text| text);
        passes[0].secs.push(t.elapsed().as_secs_f64());
        let peer = root.join(format!("autocorrect-{run}"));
        let t = Instant::now();
        copy_tree(&corpus, &peer, &|text| autocorrect::format(&text));
        passes[1].secs.push(t.elapsed().as_secs_f64());
        for (k, &(name, threads, select)) in galley_passes.iter().enumerate() {
            let out = root.join(format!("clean-{}-{run}", name.replace(' ', "-")));
            let mut cmd = Command::new(&galley);
            cmd.args(["clean", "-q", "-j", &threads.to_string(), "-o"])
                .arg(&out)
                .arg(&corpus);
            if let Some(rule) = select {
                cmd.args(["--select", rule]);
            }
            let t = Instant::now();
            let status = cmd
                .status()
                .expect("build galley first: cargo build --release");
            assert!(status.success());
            passes[k + 2].secs.push(t.elapsed().as_secs_f64());
        }
    }
    println!("best of {runs} runs (median in brackets):");
    let first_full = passes.len() - 2;
    let (single, single_median) = (passes[first_full].best(), passes[first_full].median());
    for (k, pass) in passes.iter().enumerate() {
        let scaling = if k < first_full {
            String::new()
        } else {
            format!(
                "  ({:.2}x one thread; median {:.2}x)",
                single / pass.best(),
                single_median / pass.median()
            )
        };
        println!(
            "{:<28} {:>8.2} s {:>9.1} MB/s  [{:>6.1} MB/s]{scaling}",
            pass.label,
            pass.best(),
            mb / pass.best(),
            mb / pass.median(),
        );
    }
    // A run's time split, from the best runs: the pipeline (the one-rule pass), what the join
    // rule adds to it, and what all the default profile's rules add.
    let ms = |secs: f64| secs * 1e3 / mb;
    let pipeline = passes[2].best();
    println!(
        "ms a MB, one thread: pipeline {:.1}, join rule {:.1}, all rules {:.1}",
        ms(pipeline),
        ms(passes[3].best() - pipeline),
        ms(single - pipeline),
    );
    println!(
        "galley clean -j 1 against autocorrect::format, one thread each: {:.2}x (median {:.2}x)",
        passes[1].best() / single,
        passes[1].median() / single_median
    );
    // GALLEY_BENCH_KEEP=1 keeps the corpus, for profiling a run by hand.
    if std::env::var_os("GALLEY_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&root);
    }
}
