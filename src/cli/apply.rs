//! `galley apply`: apply a reviewed edit report to a file.

use super::OK;
use anyhow::{bail, Context, Result};
use clap::Args;
use galley::decode::{decode, EncodingChoice, Region};
use galley::report::jsonl::{sha256_hex, EditRecord};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ApplyArgs {
    /// The original file the report was made from (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: String,
    /// JSON-lines edit report from `galley clean --report`; edits with `"accept": false` are skipped.
    #[arg(long, value_name = "PATH")]
    edits: PathBuf,
}

/// Reads a JSON-lines report, naming the line of any malformed record.
fn read_records(path: &PathBuf) -> Result<Vec<(usize, EditRecord)>> {
    let f = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}: cannot read", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: EditRecord = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not an edit record", path.display(), n + 1))?;
        out.push((n + 1, rec));
    }
    Ok(out)
}

pub fn run(args: ApplyArgs) -> Result<i32> {
    let records = read_records(&args.edits)?;
    let mine_first = records
        .iter()
        .find(|(_, r)| r.file == args.file)
        .map(|(_, r)| r);
    let bytes = if args.file == "-" {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b)?;
        b
    } else {
        std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file))?
    };
    // Decisions are durable only for the text they were made on.
    if let Some(want) = mine_first.and_then(|r| r.sha256.as_deref()) {
        let got = sha256_hex(&bytes);
        if got != want {
            bail!(
                "{}: the file changed after the report was made (sha256 {got}, report {want}); \
                 clean it again to make a new report",
                args.file
            );
        }
    }
    // Offsets are into the decoded text: decode as the report says the file was decoded.
    let choice = match mine_first.and_then(|r| r.encoding.as_deref()) {
        None => EncodingChoice::parse("utf-8").expect("utf-8 is a label"),
        Some(label) => EncodingChoice::parse(label)
            .with_context(|| format!("unknown encoding `{label}` in the report"))?,
    };
    let input = decode(bytes, Path::new(&args.file), choice, Region::Cn)?.text;
    let report = args.edits.display();
    let mine: Vec<&(usize, EditRecord)> = records
        .iter()
        .filter(|(_, r)| r.file == args.file)
        .collect();
    if mine.is_empty() && !records.is_empty() {
        bail!(
            "{report} has no edits for `{}` (it names `{}`); pass the file as it was named to `galley clean`",
            args.file,
            records[0].1.file
        );
    }
    let mut edits = Vec::new();
    for (line, rec) in mine {
        let fits = rec.start <= rec.end
            && rec.end <= input.len()
            && input.is_char_boundary(rec.start)
            && input.is_char_boundary(rec.end);
        if !fits || input[rec.start..rec.end] != rec.before {
            bail!(
                "{report}:{line}: the edit at {}:{}:{} expects {:?} there, but the file has {:?}; \
                 was the file changed after the report was made?",
                args.file,
                rec.line,
                rec.column,
                rec.before,
                if fits {
                    &input[rec.start..rec.end]
                } else {
                    "(out of range)"
                }
            );
        }
        if rec.accept {
            edits.push(rec.to_edit());
        }
    }
    edits.sort_by_key(|e| (e.start, e.end));
    let text =
        galley::apply_edits(&input, &edits).with_context(|| format!("{report}: edits overlap"))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(OK)
}
