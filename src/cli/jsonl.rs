//! `galley clean --jsonl`: JSON lines in, JSON lines out, in their order.
//!
//! Each line is a JSON object; the string field named by `--field` is cleaned and every other
//! field is passed through untouched and in its order. Records stream, a batch at a time cleaned
//! on all threads: memory does not grow with their number.

use super::{FOUND, OK};
use anyhow::{bail, Context, Result};
use clap::Args;
use galley::record::Record;
use galley::report::jsonl::EditRecord;
use galley::text::visible::escape_controls as visible;
use galley::Engine;
use rayon::prelude::*;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Args, Debug, Clone)]
pub struct JsonlArgs {
    /// Read and write JSON lines: clean one string field of each record.
    ///
    /// Each record is cleaned on its own: furniture (a running head on every page) is not
    /// learned across records. To learn it, clean the records as files of a directory, or call
    /// `galley::batch::clean_many` from Rust.
    // Records go to standard output with their edits in --edits-field; the options that write
    // or describe files would be ignored, so they are refused. So are those that choose how
    // bytes decode: JSON text is UTF-8 (RFC 8259), and each line is read as such.
    #[arg(
        long,
        conflicts_with_all = ["output", "in_place", "diff", "report", "decisions", "stats", "encoding", "region"]
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

impl Default for JsonlArgs {
    /// `--jsonl` off, as `galley clean` has it without the flag.
    fn default() -> JsonlArgs {
        JsonlArgs {
            jsonl: false,
            field: "text".to_string(),
            edits_field: None,
            skip_bad: false,
        }
    }
}

/// Records read and cleaned together: enough to keep every thread busy, few enough that memory
/// stays small and flat whatever the number of records.
const BATCH: usize = 512;

/// What became of one line.
enum Line {
    /// The record as it goes out (`None` under `--check`), and whether it changed.
    Cleaned(Option<String>, bool),
    /// Not a record with the string field (or not UTF-8): the line as it came, and why.
    Malformed(Vec<u8>, String),
}

/// The field of a JSON line that galley writes: refused when it would replace what it cleans.
fn check_fields(j: &JsonlArgs) -> Result<()> {
    if j.edits_field.as_deref() == Some(j.field.as_str()) {
        bail!(
            "--edits-field {0} is the field being cleaned; name another field for the edits",
            j.field
        );
    }
    Ok(())
}

/// What a `--jsonl` run takes from `galley clean`'s options.
pub struct JsonlRun<'a> {
    pub jsonl: &'a JsonlArgs,
    /// The inputs named (none: standard input).
    pub files: Vec<PathBuf>,
    pub pool: rayon::ThreadPool,
    /// `--check`: write nothing, say by the exit code whether a record would change.
    pub check: bool,
    pub quiet: bool,
    /// The edits kept: up to this level.
    pub level: galley::Level,
}

pub fn run(args: &JsonlRun, engine: &Engine) -> Result<i32> {
    let j = args.jsonl;
    check_fields(j)?;
    let mut names = args.files.clone();
    if names.is_empty() {
        names.push(PathBuf::from("-"));
    }
    let pool = &args.pool;
    galley::batch::files::preload(pool, engine);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut changed, mut skipped) = (0usize, 0usize);
    for path in &names {
        let name = visible(&path.to_string_lossy()).into_owned();
        let reader: Box<dyn BufRead> = if path == Path::new("-") {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(std::io::BufReader::new(
                std::fs::File::open(path).with_context(|| format!("cannot open {name}"))?,
            ))
        };
        // Lines are split on `\n` alone, so that a `\r` before it, and bytes that are not
        // UTF-8, go out as they came.
        let mut lines = reader.split(b'\n').enumerate().peekable();
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
                    .map(|(n, line)| clean_line(args, engine, &name, *n, line))
                    .collect::<Result<_>>()
            })?;
            for ((n, _), line) in batch.iter().zip(done) {
                match line {
                    Line::Cleaned(text, edited) => {
                        changed += usize::from(edited);
                        if let Some(text) = text {
                            line_out(&mut out, text.as_bytes())?;
                        }
                    }
                    Line::Malformed(raw, _) if j.skip_bad => {
                        skipped += 1;
                        line_out(&mut out, &raw)?;
                    }
                    Line::Malformed(_, why) => {
                        out.flush().context(super::STDOUT)?;
                        bail!(
                            "{name}:{}: {why} (use --skip-bad to pass such lines through)",
                            n + 1,
                        );
                    }
                }
            }
            if let Some((n, e)) = unreadable {
                out.flush().context(super::STDOUT)?;
                return Err(e).with_context(|| format!("{name}:{}: cannot read", n + 1));
            }
        }
    }
    out.flush().context(super::STDOUT)?;
    if skipped > 0 && !args.quiet {
        eprintln!("galley: {skipped} malformed line(s) passed through unchanged");
    }
    Ok(if args.check && changed > 0 { FOUND } else { OK })
}

/// Writes one line of output.
fn line_out(out: &mut impl Write, line: &[u8]) -> Result<()> {
    out.write_all(line)
        .and_then(|()| out.write_all(b"\n"))
        .context(super::STDOUT)
}

/// Cleans the field of line `n` (from 0) of `name`; the edit records name that place.
fn clean_line(
    args: &JsonlRun,
    engine: &Engine,
    name: &str,
    n: usize,
    bytes: &[u8],
) -> Result<Line> {
    let j = args.jsonl;
    let malformed = |why: String| Ok(Line::Malformed(bytes.to_vec(), why));
    let line = match std::str::from_utf8(bytes) {
        Ok(line) => line,
        Err(e) => return malformed(format!("not UTF-8 (byte {})", e.valid_up_to())),
    };
    let record = match Record::parse(line, &j.field) {
        Ok(r) => r,
        Err(e) => return malformed(e.to_string()),
    };
    let text = record.text();
    let cleaned = engine.clean(text).as_field(text).keep(text, args.level);
    let edited = !cleaned.edits.is_empty();
    if args.check {
        return Ok(Line::Cleaned(None, edited));
    }
    let (clean, edits) = (cleaned.text, cleaned.edits);
    let recs = j.edits_field.as_ref().map(|field| {
        let recs = EditRecord::from_edits(&format!("{name}:{}", n + 1), text, &edits);
        (
            field,
            serde_json::to_string(&recs).expect("records serialize"),
        )
    });
    let out = record
        .with_text(&clean, recs.as_ref().map(|(f, r)| (f.as_str(), r.as_str())))
        .with_context(|| format!("{name}:{}", n + 1))?;
    Ok(Line::Cleaned(Some(out), edited))
}
