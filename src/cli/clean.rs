//! `galley clean`: clean files or standard input.

use super::inputs::{expand, Input};
use super::{read_input, RuleArgs, ERROR, FOUND, OK};
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use galley::report::jsonl::EditRecord;
use galley::Level;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct CleanArgs {
    /// Files or directories to clean; none or `-` reads standard input. Several files (or a
    /// directory of page files) form one batch: furniture repeated across their pages is learned
    /// from all of them.
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    /// Write nothing; exit 1 if anything would change, 0 if not.
    #[arg(long)]
    check: bool,
    /// Write each clean file under DIR, at the path it was given as (absolute paths: by file name),
    /// instead of printing it. An input is never overwritten.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Which edits to apply: `safe` only, or all (`review` includes safe).
    #[arg(long, value_enum, default_value_t = LevelArg::All)]
    level: LevelArg,
    /// Write the applied edits as JSON lines to this file (the format `galley apply` reads).
    #[arg(long, value_name = "PATH")]
    report: Option<PathBuf>,
    /// Print nothing on standard error but errors.
    #[arg(short, long)]
    quiet: bool,
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

/// Where the clean text of `input` goes under `dir`; never the input itself.
fn output_path(dir: &Path, input: &Input) -> Result<PathBuf> {
    let Some(rel) = &input.rel else {
        bail!(
            "standard input has no name to write under {}; print it instead",
            dir.display()
        );
    };
    let out = dir.join(rel);
    if let (Ok(a), Ok(b)) = (
        std::fs::canonicalize(&input.name),
        std::fs::canonicalize(&out),
    ) {
        if a == b {
            bail!(
                "{}: the output path is the input itself; choose another --output directory",
                input.name
            );
        }
    }
    Ok(out)
}

/// Writes `text` to `path` through a temporary file beside it, so no partial file is left.
fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = dir.join(format!(
        ".{}.galley-tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out")
    ));
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

pub fn run(args: CleanArgs) -> Result<i32> {
    let args_files = if args.files.is_empty() {
        vec!["-".to_string()]
    } else {
        args.files.clone()
    };
    let files = expand(&args_files)?;
    if files.len() > 1 && !args.check && args.output.is_none() {
        bail!(
            "{} inputs given: their clean texts would run together on standard output. \
             Use --output DIR to write each file, --check to test them, or clean one at a time",
            files.len()
        );
    }
    let level = match args.level {
        LevelArg::Safe => Level::Safe,
        LevelArg::All => Level::Review,
    };
    let engine = args.rules.engine()?;
    let mut failed = 0usize;
    let mut inputs: Vec<(&Input, String)> = Vec::new();
    for file in &files {
        match read_input(&file.name) {
            Ok(text) => inputs.push((file, text)),
            Err(e) => {
                eprintln!("galley: error: {e:#}");
                failed += 1;
            }
        }
    }
    let texts: Vec<&str> = inputs.iter().map(|(_, t)| t.as_str()).collect();
    let engine = engine.learn(&texts);
    if !args.quiet {
        for (rule, note) in engine.notes() {
            eprintln!("galley: {rule}: {note}");
        }
    }
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
    for (file, input) in &inputs {
        let cleaned = engine.clean(input);
        let edits: Vec<_> = cleaned
            .edits
            .iter()
            .filter(|e| e.level <= level)
            .cloned()
            .collect();
        if let Some(w) = report.as_mut() {
            for rec in EditRecord::from_edits(&file.name, input, &edits) {
                serde_json::to_writer(&mut *w, &rec)?;
                w.write_all(b"\n")?;
            }
        }
        if args.check {
            if !edits.is_empty() {
                changed += 1;
                if !args.quiet {
                    eprintln!("{}: {} edit(s) to make", file.name, edits.len());
                }
            }
            continue;
        }
        let text = galley::apply_edits(input, &edits)?;
        match &args.output {
            Some(dir) => {
                if let Err(e) = output_path(dir, file).and_then(|p| write_atomically(&p, &text)) {
                    eprintln!("galley: error: {e:#}");
                    failed += 1;
                }
            }
            None => out.write_all(text.as_bytes())?,
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
