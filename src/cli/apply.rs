//! `galley apply`: apply the accepted edits of a reviewed report to the files it names.
//!
//! A report is data that may come from anywhere, so it never chooses what is read or written:
//! it applies only to files the user names on the command line (or finds under a directory
//! named there), and only to the very bytes it was made from (its SHA-256).

use super::inputs::{check_distinct_outputs, expand, output_path, same_place, Input};
use super::{write_atomically, ERROR, OK};
use anyhow::{bail, Context, Result};
use clap::Args;
use galley::decode::{choice_for_report, decode, Region};
use galley::report::jsonl::{sha256_hex, EditRecord};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ApplyArgs {
    /// The original files the report was made from, as `galley clean` named them (`-` for
    /// standard input), or directories: every file under them that the report names.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
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
    /// Apply records that carry no SHA-256 of their input (hand-written reports, the edits of
    /// `--jsonl --edits-field`): nothing then proves the file is the one they were made on.
    #[arg(long)]
    allow_unhashed: bool,
}

/// Reads a JSON-lines report, naming the line of any malformed record.
fn read_records(path: &Path) -> Result<Vec<(usize, EditRecord)>> {
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

/// The files to apply the report to: each file named on the command line, and each file the
/// report names that lies under a directory named there. A record naming any other file is
/// not acted on.
fn targets(args: &ApplyArgs, records: &[(usize, EditRecord)]) -> Result<Vec<Input>> {
    let mut out: Vec<Input> = Vec::new();
    for given in &args.files {
        if !given.is_dir() {
            out.extend(expand(std::slice::from_ref(given), &[])?);
            continue;
        }
        let dir = std::fs::canonicalize(given)
            .with_context(|| format!("cannot read {}", given.display()))?;
        let mut named: Vec<&str> = records.iter().map(|(_, r)| r.file.as_str()).collect();
        named.sort_unstable();
        named.dedup();
        for file in named {
            let inside = std::fs::canonicalize(file).is_ok_and(|p| p.starts_with(&dir));
            if inside && !out.iter().any(|i| i.name == file) {
                out.extend(expand(&[PathBuf::from(file)], &[])?);
            }
        }
    }
    if out.is_empty() {
        bail!(
            "{} names no file under {}; name the files (or their directory) as `galley clean` \
             named them",
            args.edits.display(),
            args.files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(out)
}

/// Refuses records that cannot prove they were made from `bytes`.
fn check_hashes(
    input: &Input,
    mine: &[&(usize, EditRecord)],
    bytes: &[u8],
    report: &Path,
    allow_unhashed: bool,
) -> Result<()> {
    let mut got = None;
    for (line, rec) in mine {
        let Some(want) = rec.sha256.as_deref() else {
            if allow_unhashed {
                continue;
            }
            bail!(
                "{}:{line}: the edit for {} carries no sha256 of the file it was made from, so \
                 nothing proves it fits this file; make the report with `galley clean --report`, \
                 or pass --allow-unhashed to apply it anyway",
                report.display(),
                input.name
            );
        };
        let got = got.get_or_insert_with(|| sha256_hex(bytes));
        if got != want {
            bail!(
                "{}: the file changed after the report was made (sha256 {got}, report {want}); \
                 clean it again to make a new report",
                input.name
            );
        }
    }
    Ok(())
}

/// Refuses decisions that split a change made of several edits (a headline moved: taken out in
/// one place, put back in another): applied in part, it would lose or double the text it moves.
fn check_groups(mine: &[&(usize, EditRecord)], report: &Path, name: &str) -> Result<()> {
    let mut groups: std::collections::BTreeMap<usize, (bool, bool, usize)> = Default::default();
    for (line, r) in mine {
        if let Some(g) = r.group {
            let seen = groups.entry(g).or_insert((false, false, *line));
            seen.0 |= r.accept;
            seen.1 |= !r.accept;
        }
    }
    if let Some((group, (_, _, line))) = groups.iter().find(|(_, (yes, no, _))| *yes && *no) {
        bail!(
            "{}:{line}: the edits of one change in {name} (`group` {group}) are accepted in part; \
             accept or reject all of them",
            report.display()
        );
    }
    Ok(())
}

/// The text of `input` with the accepted edits of `records` applied.
fn apply_one(input: &Input, records: &[(usize, EditRecord)], args: &ApplyArgs) -> Result<String> {
    let report = args.edits.as_path();
    let mut mine: Vec<&(usize, EditRecord)> = records
        .iter()
        .filter(|(_, r)| r.file == input.name)
        .collect();
    if mine.is_empty() {
        // Named another way (`./a.txt` for `a.txt`): the same file, found once per name.
        let mut names: Vec<&str> = records.iter().map(|(_, r)| r.file.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        if let Some(name) = names
            .into_iter()
            .find(|n| same_place(Path::new(n), &input.path))
        {
            mine = records.iter().filter(|(_, r)| r.file == name).collect();
        }
    }
    if mine.is_empty() && !records.is_empty() {
        bail!(
            "{} has no edits for `{}` (it names `{}`); pass the file as it was named to `galley clean`",
            report.display(),
            input.name,
            records[0].1.file
        );
    }
    let bytes = if input.is_stdin() {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b)?;
        b
    } else {
        std::fs::read(&input.path).with_context(|| format!("cannot read {}", input.name))?
    };
    check_hashes(input, &mine, &bytes, report, args.allow_unhashed)?;
    // Offsets are into the decoded text: decode as the report says the file was decoded.
    let first = mine.first().map(|(_, r)| r);
    let choice = choice_for_report(
        first.and_then(|r| r.encoding.as_deref()),
        first.and_then(|r| r.confidence.as_deref()),
    )
    .map_err(anyhow::Error::msg)?;
    let text = decode(bytes, &input.path, choice, Region::Unknown)?.text;
    check_groups(&mine, report, &input.name)?;
    let mut edits = Vec::new();
    for (line, rec) in mine {
        let fits = rec.start <= rec.end
            && rec.end <= text.len()
            && text.is_char_boundary(rec.start)
            && text.is_char_boundary(rec.end);
        if !fits || text[rec.start..rec.end] != rec.before {
            bail!(
                "{}:{line}: the edit at {}:{}:{} expects {:?} there, but the file has {:?}; \
                 was the file changed after the report was made?",
                report.display(),
                input.name,
                rec.line,
                rec.column,
                rec.before,
                if fits {
                    &text[rec.start..rec.end]
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
    galley::apply_edits(&text, &edits)
        .with_context(|| format!("{}: edits overlap", report.display()))
}

pub fn run(args: ApplyArgs) -> Result<i32> {
    let records = read_records(&args.edits)?;
    let inputs = targets(&args, &records)?;
    if inputs.len() > 1 && args.output.is_none() && !args.in_place {
        bail!(
            "the report covers {} of the files given: use --output DIR or --in-place to write them",
            inputs.len()
        );
    }
    if args.output.is_some() {
        check_distinct_outputs(&inputs)?;
    }
    if args.in_place && inputs.iter().any(Input::read_once) {
        bail!("--in-place rewrites regular files only");
    }
    let mut failed = 0;
    for input in &inputs {
        let result = apply_one(input, &records, &args).and_then(|text| {
            if let Some(dir) = &args.output {
                write_atomically(&output_path(dir, input)?, &text, Some(&input.path))
            } else if args.in_place {
                write_atomically(&input.path, &text, Some(&input.path))
            } else {
                let stdout = std::io::stdout();
                let mut out = stdout.lock();
                out.write_all(text.as_bytes())?;
                Ok(out.flush()?)
            }
        });
        if let Err(e) = result {
            if inputs.len() == 1 {
                return Err(e);
            }
            super::say(&format!("galley: error: {e:#}"));
            failed += 1;
        }
    }
    Ok(if failed > 0 { ERROR } else { OK })
}
