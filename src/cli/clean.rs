//! `galley clean`: clean files or standard input.

use super::{read_input, RuleArgs, ERROR, FOUND, OK};
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use galley::report::jsonl::EditRecord;
use galley::Level;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[derive(Args)]
pub struct CleanArgs {
    /// Files to clean; none or `-` reads standard input.
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    /// Write nothing; exit 1 if anything would change, 0 if not.
    #[arg(long)]
    check: bool,
    /// Which edits to apply: `safe` only, or all (`review` includes safe).
    #[arg(long, value_enum, default_value_t = LevelArg::All)]
    level: LevelArg,
    /// Write the applied edits as JSON lines to this file (the format `galley apply` reads).
    #[arg(long, value_name = "PATH")]
    report: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum LevelArg {
    /// Only edits every contributing rule marks `safe`.
    Safe,
    /// Every edit, `safe` and `review`.
    #[value(alias = "review")]
    All,
}

pub fn run(args: CleanArgs) -> Result<i32> {
    let files = if args.files.is_empty() {
        vec!["-".to_string()]
    } else {
        args.files.clone()
    };
    if files.len() > 1 && !args.check {
        bail!(
            "{} inputs given: their clean texts would run together on standard output. \
             Clean one file at a time, or use --check to test several",
            files.len()
        );
    }
    let level = match args.level {
        LevelArg::Safe => Level::Safe,
        LevelArg::All => Level::Review,
    };
    let engine = args.rules.engine()?;
    let mut report = match &args.report {
        Some(path) => Some(BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create report {}", path.display()))?,
        )),
        None => None,
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut changed = 0usize;
    let mut failed = 0usize;
    for file in &files {
        let input = match read_input(file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("galley: error: {e:#}");
                failed += 1;
                continue;
            }
        };
        let cleaned = engine.clean(&input);
        let edits: Vec<_> = cleaned
            .edits
            .iter()
            .filter(|e| e.level <= level)
            .cloned()
            .collect();
        if let Some(w) = report.as_mut() {
            for rec in EditRecord::from_edits(file, &input, &edits) {
                serde_json::to_writer(&mut *w, &rec)?;
                w.write_all(b"\n")?;
            }
        }
        if args.check {
            if !edits.is_empty() {
                changed += 1;
                eprintln!("{file}: {} edit(s) to make", edits.len());
            }
        } else {
            let text = galley::apply_edits(&input, &edits)?;
            out.write_all(text.as_bytes())?;
        }
    }
    out.flush()?;
    if let Some(mut w) = report {
        w.flush()?;
    }
    Ok(if failed > 0 {
        ERROR
    } else if args.check && changed > 0 {
        FOUND
    } else {
        OK
    })
}
