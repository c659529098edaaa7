//! `galley clean --jsonl`: JSON lines in, JSON lines out, in their order.
//!
//! Each line is a JSON object; the string field named by `--field` is cleaned and every other
//! field is passed through untouched and in its order. Records stream, a batch at a time cleaned
//! on all threads: memory does not grow with their number.

use super::clean::CleanArgs;
use super::{FOUND, OK};
use anyhow::{bail, Context, Result};
use clap::Args;
use galley::report::jsonl::EditRecord;
use galley::Engine;
use rayon::prelude::*;
use serde_json::Value;
use std::io::{BufRead, BufWriter, Write};

#[derive(Args, Debug, Clone)]
pub struct JsonlArgs {
    /// Read and write JSON lines: clean one string field of each record.
    // Records go to standard output with their edits in --edits-field; the options that write
    // or describe files would be ignored, so they are refused. So are those that choose how
    // bytes decode: JSON text is UTF-8 (RFC 8259), and each line is read as such.
    #[arg(
        long,
        conflicts_with_all = ["output", "in_place", "diff", "report", "stats", "encoding", "region"]
    )]
    pub(super) jsonl: bool,
    /// With --jsonl: the field to clean.
    #[arg(long, default_value = "text", value_name = "NAME", requires = "jsonl")]
    field: String,
    /// With --jsonl: add the record's edits as an array under this field.
    #[arg(long, value_name = "NAME", requires = "jsonl")]
    edits_field: Option<String>,
    /// With --jsonl: pass malformed lines through unchanged (and count them) instead of stopping.
    #[arg(long, requires = "jsonl")]
    skip_bad: bool,
}

/// Records read and cleaned together: enough to keep every thread busy, few enough that memory
/// stays small and flat whatever the number of records.
const BATCH: usize = 512;

/// What became of one line.
enum Line {
    /// The record as it goes out (`None` under `--check`), and whether it changed.
    Cleaned(Option<String>, bool),
    /// Not a JSON object with the string field; the line as it came.
    Malformed(String),
}

pub fn run(args: &CleanArgs, engine: &Engine) -> Result<i32> {
    let j = &args.jsonl;
    let mut names = args.files_or_stdin();
    if names.is_empty() {
        names.push("-".to_string());
    }
    let pool = args.pool()?;
    super::preload(&pool, engine);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut changed, mut skipped) = (0usize, 0usize);
    for name in &names {
        let reader: Box<dyn BufRead> = if name == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(std::io::BufReader::new(
                std::fs::File::open(name).with_context(|| format!("cannot open {name}"))?,
            ))
        };
        let mut lines = reader.lines().enumerate().peekable();
        while lines.peek().is_some() {
            // Records are cleaned in parallel, a batch at a time, and written in their order; a
            // line that cannot be read ends the batch, so everything before it goes out first.
            let mut batch = Vec::with_capacity(BATCH);
            let mut unreadable = None;
            for (n, line) in lines.by_ref().take(BATCH) {
                match line {
                    Ok(line) => batch.push((n, line)),
                    Err(e) => {
                        unreadable = Some((n, e));
                        break;
                    }
                }
            }
            let done: Vec<Line> = pool.install(|| {
                batch
                    .par_iter()
                    .map(|(n, line)| clean_line(args, engine, name, *n, line))
                    .collect::<Result<_>>()
            })?;
            for ((n, _), line) in batch.iter().zip(done) {
                match line {
                    Line::Cleaned(text, edited) => {
                        changed += usize::from(edited);
                        if let Some(text) = text {
                            out.write_all(text.as_bytes())?;
                            out.write_all(b"\n")?;
                        }
                    }
                    Line::Malformed(raw) if j.skip_bad => {
                        skipped += 1;
                        writeln!(out, "{raw}")?;
                    }
                    Line::Malformed(_) => {
                        out.flush()?;
                        bail!(
                            "{name}:{}: not a JSON object with a string field `{}` (use --skip-bad to pass such lines through)",
                            n + 1,
                            j.field
                        );
                    }
                }
            }
            if let Some((n, e)) = unreadable {
                out.flush()?;
                return Err(e)
                    .with_context(|| format!("{name}:{}: cannot read (not UTF-8?)", n + 1));
            }
        }
    }
    out.flush()?;
    if skipped > 0 && !args.is_quiet() {
        eprintln!("galley: {skipped} malformed line(s) passed through unchanged");
    }
    Ok(if args.check && changed > 0 { FOUND } else { OK })
}

/// Cleans the field of line `n` (from 0) of `name`; the edit records name that place.
fn clean_line(args: &CleanArgs, engine: &Engine, name: &str, n: usize, line: &str) -> Result<Line> {
    let j = &args.jsonl;
    let parsed = serde_json::from_str::<Value>(line).ok().filter(|v| {
        v.as_object()
            .and_then(|o| o.get(&j.field))
            .is_some_and(Value::is_string)
    });
    let Some(mut record) = parsed else {
        return Ok(Line::Malformed(line.to_string()));
    };
    let obj = record.as_object_mut().expect("checked above");
    let text = obj[&j.field].as_str().expect("checked above").to_string();
    let cleaned = engine.clean(&text);
    // A field is not a file: it gets no final newline.
    let level = args.level();
    let edits: Vec<_> = cleaned
        .edits
        .into_iter()
        .filter(|e| e.level <= level && e.rules != ["layout.final-newline"])
        .collect();
    let edited = !edits.is_empty();
    if args.check {
        return Ok(Line::Cleaned(None, edited));
    }
    let clean = galley::apply_edits(&text, &edits)?;
    obj[&j.field] = Value::String(clean);
    if let Some(field) = &j.edits_field {
        let recs = EditRecord::from_edits(&format!("{name}:{}", n + 1), &text, &edits);
        obj.insert(field.clone(), serde_json::to_value(recs)?);
    }
    Ok(Line::Cleaned(Some(serde_json::to_string(&record)?), edited))
}
