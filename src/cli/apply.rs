//! `galley apply`: apply the accepted edits of a reviewed report to the files it names.

use super::inputs::{check_distinct_outputs, expand, output_path};
use super::{write_atomically, ERROR, OK};
use anyhow::{bail, Context, Result};
use clap::Args;
use galley::decode::{decode, EncodingChoice, Region};
use galley::report::jsonl::{sha256_hex, EditRecord};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ApplyArgs {
    /// The original files the report was made from, as `galley clean` named them (`-` for
    /// standard input); none: every file the report names.
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    /// JSON-lines edit report from `galley clean --report` or `galley review`; edits with
    /// `"accept": false` are skipped.
    #[arg(long, value_name = "PATH")]
    edits: PathBuf,
    /// Write each result under DIR (at the path the file was named by) instead of printing it.
    #[arg(short, long, value_name = "DIR", conflicts_with = "in_place")]
    output: Option<PathBuf>,
    /// Rewrite each file with its result (through a temporary file and a rename).
    #[arg(long)]
    in_place: bool,
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

/// The text of `file` with the accepted edits of `records` applied.
fn apply_one(file: &str, records: &[(usize, EditRecord)], report_path: &Path) -> Result<String> {
    let mine_first = records.iter().find(|(_, r)| r.file == file).map(|(_, r)| r);
    let bytes = if file == "-" {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b)?;
        b
    } else {
        std::fs::read(file).with_context(|| format!("cannot read {file}"))?
    };
    // Decisions are durable only for the text they were made on.
    if let Some(want) = mine_first.and_then(|r| r.sha256.as_deref()) {
        let got = sha256_hex(&bytes);
        if got != want {
            bail!(
                "{}: the file changed after the report was made (sha256 {got}, report {want}); \
                 clean it again to make a new report",
                file
            );
        }
    }
    // Offsets are into the decoded text: decode as the report says the file was decoded.
    let choice = match mine_first.and_then(|r| r.encoding.as_deref()) {
        None => EncodingChoice::parse("utf-8").expect("utf-8 is a label"),
        Some(label) => EncodingChoice::parse(label)
            .with_context(|| format!("unknown encoding `{label}` in the report"))?,
    };
    let input = decode(bytes, Path::new(&file), choice, Region::Cn)?.text;
    let report = report_path.display();
    let mine: Vec<&(usize, EditRecord)> = records.iter().filter(|(_, r)| r.file == file).collect();
    if mine.is_empty() && !records.is_empty() {
        bail!(
            "{report} has no edits for `{}` (it names `{}`); pass the file as it was named to `galley clean`",
            file,
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
                file,
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
    Ok(text)
}

pub fn run(args: ApplyArgs) -> Result<i32> {
    let records = read_records(&args.edits)?;
    let mut files = args.files.clone();
    if files.is_empty() {
        for (_, r) in &records {
            if !files.contains(&r.file) {
                files.push(r.file.clone());
            }
        }
    }
    if files.len() > 1 && args.output.is_none() && !args.in_place {
        bail!(
            "the report covers {} files: use --output DIR or --in-place to write them",
            files.len()
        );
    }
    if args.output.is_some() {
        let mut inputs = Vec::new();
        for file in &files {
            inputs.extend(expand(std::slice::from_ref(file), &[])?);
        }
        check_distinct_outputs(&inputs)?;
    }
    let mut failed = 0;
    for file in &files {
        let result = apply_one(file, &records, &args.edits).and_then(|text| {
            if let Some(dir) = &args.output {
                let input = expand(std::slice::from_ref(file), &[])?;
                write_atomically(&output_path(dir, &input[0])?, &text)
            } else if args.in_place {
                write_atomically(Path::new(file), &text)
            } else {
                let stdout = std::io::stdout();
                let mut out = stdout.lock();
                out.write_all(text.as_bytes())?;
                Ok(out.flush()?)
            }
        });
        if let Err(e) = result {
            if files.len() == 1 {
                return Err(e);
            }
            eprintln!("galley: error: {e:#}");
            failed += 1;
        }
    }
    Ok(if failed > 0 { ERROR } else { OK })
}
