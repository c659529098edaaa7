//! `galley clean --jsonl`: JSON lines in, JSON lines out, one record at a time.
//!
//! Each line is a JSON object; the string field named by `--field` is cleaned and every other
//! field is passed through untouched and in its order. Records stream: memory does not grow with
//! their number.

use super::clean::CleanArgs;
use super::{FOUND, OK};
use anyhow::{bail, Context, Result};
use clap::Args;
use galley::report::jsonl::EditRecord;
use galley::Engine;
use serde_json::Value;
use std::io::{BufRead, BufWriter, Write};

#[derive(Args, Debug, Clone)]
pub struct JsonlArgs {
    /// Read and write JSON lines: clean one string field of each record.
    #[arg(long)]
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

pub fn run(args: &CleanArgs, engine: &Engine) -> Result<i32> {
    let j = &args.jsonl;
    let level = args.level();
    let mut names = args.files_or_stdin();
    if names.is_empty() {
        names.push("-".to_string());
    }
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
        for (n, line) in reader.lines().enumerate() {
            let line =
                line.with_context(|| format!("{name}:{}: cannot read (not UTF-8?)", n + 1))?;
            let parsed = serde_json::from_str::<Value>(&line).ok().filter(|v| {
                v.as_object()
                    .and_then(|o| o.get(&j.field))
                    .is_some_and(Value::is_string)
            });
            let Some(mut record) = parsed else {
                if j.skip_bad {
                    skipped += 1;
                    writeln!(out, "{line}")?;
                    continue;
                }
                out.flush()?;
                bail!(
                    "{name}:{}: not a JSON object with a string field `{}` (use --skip-bad to pass such lines through)",
                    n + 1,
                    j.field
                );
            };
            let obj = record.as_object_mut().expect("checked above");
            let text = obj[&j.field].as_str().expect("checked above").to_string();
            let cleaned = engine.clean(&text);
            // A field is not a file: it gets no final newline.
            let edits: Vec<_> = cleaned
                .edits
                .into_iter()
                .filter(|e| e.level <= level && e.rules != ["layout.final-newline"])
                .collect();
            if !edits.is_empty() {
                changed += 1;
            }
            if args.check {
                continue;
            }
            let clean = galley::apply_edits(&text, &edits)?;
            obj[&j.field] = Value::String(clean);
            if let Some(field) = &j.edits_field {
                let recs = EditRecord::from_edits(&format!("{name}:{}", n + 1), &text, &edits);
                obj.insert(field.clone(), serde_json::to_value(recs)?);
            }
            serde_json::to_writer(&mut out, &record)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    if skipped > 0 && !args.is_quiet() {
        eprintln!("galley: {skipped} malformed line(s) passed through unchanged");
    }
    Ok(if args.check && changed > 0 { FOUND } else { OK })
}
