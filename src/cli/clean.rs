//! `galley clean`: clean files, directories or standard input.
//!
//! A batch runs in two passes. The first reads every input and keeps only the lines at the edges
//! of its pages, from which rules that learn across pages (furniture) learn; the second reads
//! each input again and cleans it, in parallel, writing outputs and reports in input order. Memory
//! holds the edge lines of the batch and the files being cleaned, never the whole batch.

use super::inputs::{expand, Input};
use super::{write_atomically, RuleArgs, ERROR, FOUND, OK};
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use galley::decode::{decode, Decoded, EncodingChoice, Region};
use galley::report::diff::annotated_diff;
use galley::report::html::{review_page, ReviewFile};
use galley::report::jsonl::EditRecord;
use galley::{Engine, Level};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Args)]
pub struct CleanArgs {
    /// Files or directories to clean; none or `-` reads standard input. Several files (or a
    /// directory of page files) form one batch: furniture repeated across their pages is learned
    /// from all of them.
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    /// Write nothing; exit 1 if anything would change, 0 if not.
    #[arg(long)]
    pub(super) check: bool,
    /// Print an annotated unified diff of each input instead of its clean text: every hunk names
    /// the rules and levels of its edits; `⏎` marks a line break a join removed.
    #[arg(long)]
    pub(super) diff: bool,
    /// Colour the diff: `auto` (when stdout is a terminal), `always`, `never`.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Print edits per rule (count, level) and per file on stderr at the end.
    #[arg(long)]
    stats: bool,
    /// Write each clean file under DIR, at the path it was given as (absolute paths: by file
    /// name; directories: mirrored), instead of printing it. An input is never overwritten.
    #[arg(short, long, value_name = "DIR", conflicts_with = "in_place")]
    output: Option<PathBuf>,
    /// Rewrite the inputs with their clean text (through a temporary file and a rename).
    #[arg(long)]
    in_place: bool,
    /// With --in-place, keep each changed original as FILE + SUFFIX.
    #[arg(long, value_name = "SUFFIX", requires = "in_place")]
    backup: Option<String>,
    /// Which edits to apply: `safe` only, or all (`review` includes safe).
    #[arg(long, value_enum, default_value_t = LevelArg::All)]
    level: LevelArg,
    /// Write the applied edits to this file: JSON lines (the format `galley apply` reads), or,
    /// for a name ending in `.html`, a self-contained review page.
    #[arg(long, value_name = "PATH")]
    report: Option<PathBuf>,
    /// Input encoding: `auto` (UTF-8, a BOM, or detected GB18030/GBK/Big5) or a label such as
    /// `gb18030`, `big5`, `utf-8`. Output is always UTF-8.
    #[arg(long, default_value = "auto", value_name = "LABEL")]
    encoding: String,
    /// Where the text comes from, which breaks ties in encoding detection.
    #[arg(long, value_enum, default_value_t = RegionArg::Cn)]
    region: RegionArg,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Print nothing on standard error but errors.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    pub(super) jsonl: super::jsonl::JsonlArgs,
    #[command(flatten)]
    pub(super) rules: RuleArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum LevelArg {
    /// Only edits every contributing rule marks `safe`.
    Safe,
    /// Every edit, `safe` and `review`.
    #[value(alias = "review")]
    All,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum RegionArg {
    Cn,
    Tw,
    Hk,
}

impl CleanArgs {
    pub(super) fn files_or_stdin(&self) -> Vec<String> {
        self.files.clone()
    }

    pub(super) fn is_quiet(&self) -> bool {
        self.quiet
    }

    pub(super) fn level(&self) -> Level {
        match self.level {
            LevelArg::Safe => Level::Safe,
            LevelArg::All => Level::Review,
        }
    }

    pub(super) fn decoding(&self) -> Result<(EncodingChoice, Region)> {
        let choice = EncodingChoice::parse(&self.encoding).with_context(|| {
            format!(
                "unknown encoding `{}` (try auto, utf-8, gb18030, big5)",
                self.encoding
            )
        })?;
        let region = match self.region {
            RegionArg::Cn => Region::Cn,
            RegionArg::Tw => Region::Tw,
            RegionArg::Hk => Region::Hk,
        };
        Ok((choice, region))
    }
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

/// Reads and decodes one input.
pub(super) fn read(input: &Input, choice: EncodingChoice, region: Region) -> Result<Decoded> {
    let mut bytes = Vec::new();
    if input.name == "-" {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes =
            std::fs::read(&input.name).with_context(|| format!("cannot read {}", input.name))?;
    }
    Ok(decode(bytes, Path::new(&input.name), choice, region)?)
}

/// The first and last lines of each page: all that learning across pages needs.
fn edge_sample(text: &str) -> String {
    const KEEP: usize = 12;
    text.split('\u{c}')
        .map(|page| {
            let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
            if lines.len() <= 2 * KEEP {
                lines.join("\n")
            } else {
                [&lines[..KEEP], &lines[lines.len() - KEEP..]]
                    .concat()
                    .join("\n")
            }
        })
        .collect::<Vec<_>>()
        .join("\u{c}")
}

/// What cleaning one input came to.
#[derive(Default)]
struct Outcome {
    records: Vec<EditRecord>,
    per_rule: BTreeMap<(String, Level), usize>,
    bytes_in: usize,
    bytes_out: usize,
    /// The clean text, when it goes to standard output.
    text: Option<String>,
    error: Option<String>,
    note: Option<String>,
    warnings: Vec<String>,
    /// The decoded input, kept for the HTML review page.
    original: Option<String>,
}

pub fn run(args: CleanArgs) -> Result<i32> {
    let engine = args.rules.engine()?;
    if args.jsonl.jsonl {
        return super::jsonl::run(&args, &engine);
    }
    let names = if args.files.is_empty() {
        vec!["-".to_string()]
    } else {
        args.files.clone()
    };
    let inputs = expand(&names)?;
    let to_stdout = !args.check && !args.diff && args.output.is_none() && !args.in_place;
    if inputs.len() > 1 && to_stdout {
        bail!(
            "{} inputs given: their clean texts would run together on standard output. \
             Use --output DIR to write each file, --in-place to rewrite them, --check to test \
             them, or clean one at a time",
            inputs.len()
        );
    }
    if args.in_place && inputs.iter().any(|i| i.name == "-") {
        bail!("--in-place cannot rewrite standard input");
    }
    let (choice, region) = args.decoding()?;
    let level = args.level();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()?;
    let started = Instant::now();
    let show = !args.quiet && std::io::stderr().is_terminal();

    // Pass 1: learn from the edges of every page. Standard input can be read only once, so its
    // text is kept for pass 2.
    let mut stdin_text: Option<Result<Decoded, String>> = None;
    if let Some(i) = inputs.iter().find(|i| i.name == "-") {
        stdin_text = Some(read(i, choice, region).map_err(|e| format!("{e:#}")));
    }
    let samples: Vec<String> = pool.install(|| {
        inputs
            .par_iter()
            .filter_map(|i| match (&i.name[..], &stdin_text) {
                ("-", Some(Ok(d))) => Some(edge_sample(&d.text)),
                ("-", _) => None,
                _ => read(i, choice, region).ok().map(|d| edge_sample(&d.text)),
            })
            .collect()
    });
    let refs: Vec<&str> = samples.iter().map(String::as_str).collect();
    let engine = engine.learn(&refs);
    drop(samples);
    if !args.quiet {
        for (rule, note) in engine.notes() {
            eprintln!("galley: {rule}: {note}");
        }
    }

    let progress = show.then(|| {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files  {msg}  {elapsed_precise} (eta {eta})",
            )
            .expect("valid template"),
        );
        bar
    });
    let html = args
        .report
        .as_ref()
        .is_some_and(|p| p.extension().is_some_and(|e| e == "html"));
    let mut pages: Vec<(String, String, Vec<EditRecord>)> = Vec::new();
    let mut report = match &args.report {
        Some(_) if html => None,
        Some(path) => Some(BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create report {}", path.display()))?,
        )),
        None => None,
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut changed, mut failed, mut bytes_in, mut bytes_out) = (0usize, 0usize, 0usize, 0usize);
    let mut per_rule: BTreeMap<(String, Level), usize> = BTreeMap::new();
    let mut per_file: Vec<(String, usize)> = Vec::new();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::io::stdout().is_terminal(),
    };

    // Pass 2: clean, a chunk of files at a time in parallel, reporting in input order.
    for chunk in inputs.chunks(256) {
        let outcomes: Vec<Outcome> = pool.install(|| {
            chunk
                .par_iter()
                .map(|input| {
                    let decoded = match (&input.name[..], &stdin_text) {
                        ("-", Some(d)) => d.clone(),
                        _ => read(input, choice, region).map_err(|e| format!("{e:#}")),
                    };
                    match decoded {
                        Ok(d) => {
                            let original = html.then(|| d.text.clone());
                            let mut o =
                                clean_one(&engine, &args, input, d, level, to_stdout, color);
                            o.original = original;
                            o
                        }
                        Err(error) => Outcome {
                            error: Some(error),
                            ..Outcome::default()
                        },
                    }
                })
                .collect()
        });
        for (input, o) in chunk.iter().zip(outcomes) {
            if let Some(bar) = &progress {
                bar.inc(1);
                bar.set_message(format!("{:.1} MB", (bytes_in + o.bytes_in) as f64 / 1e6));
            }
            if let Some(e) = &o.error {
                eprintln!("galley: error: {e}");
                failed += 1;
                continue;
            }
            if !args.quiet {
                for line in o.note.iter().chain(&o.warnings) {
                    eprintln!("{line}");
                }
            }
            if let Some(w) = report.as_mut() {
                for rec in &o.records {
                    serde_json::to_writer(&mut *w, rec)?;
                    w.write_all(b"\n")?;
                }
            }
            if let Some(original) = &o.original {
                pages.push((input.name.clone(), original.clone(), o.records.clone()));
            }
            if !o.records.is_empty() {
                changed += 1;
                per_file.push((input.name.clone(), o.records.len()));
                if args.check && !args.quiet {
                    eprintln!("{}: {} edit(s) to make", input.name, o.records.len());
                }
            }
            bytes_in += o.bytes_in;
            bytes_out += o.bytes_out;
            for (rule, n) in o.per_rule {
                *per_rule.entry(rule).or_default() += n;
            }
            if let Some(text) = o.text {
                out.write_all(text.as_bytes())?;
            }
        }
    }
    out.flush()?;
    if let Some(mut w) = report {
        w.flush()?;
    }
    if let (true, Some(path)) = (html, &args.report) {
        let files: Vec<ReviewFile> = pages
            .iter()
            .map(|(name, original, edits)| ReviewFile {
                name,
                original,
                edits,
            })
            .collect();
        write_atomically(path, &review_page(&files))?;
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if show {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "galley: {} files ({} changed, {} failed), {:.1} MB in, {:.1} MB out, {:.1} s, {:.1} MB/s",
            inputs.len(),
            changed,
            failed,
            bytes_in as f64 / 1e6,
            bytes_out as f64 / 1e6,
            secs,
            bytes_in as f64 / 1e6 / secs.max(1e-9)
        );
    }
    if show || args.stats {
        eprintln!("{:>8}  {:<7} rule", "edits", "level");
        for ((rule, level), n) in &per_rule {
            eprintln!("{n:>8}  {:<7} {rule}", level.to_string());
        }
        if args.stats {
            eprintln!("{:>8}  file", "edits");
            for (file, n) in &per_file {
                eprintln!("{n:>8}  {file}");
            }
        }
    }
    Ok(if failed > 0 {
        ERROR
    } else if args.check && changed > 0 {
        FOUND
    } else {
        OK
    })
}

/// Cleans one decoded input and writes its output where it goes.
fn clean_one(
    engine: &Engine,
    args: &CleanArgs,
    input: &Input,
    decoded: Decoded,
    level: Level,
    to_stdout: bool,
    color: bool,
) -> Outcome {
    let cleaned = engine.clean(&decoded.text);
    let warnings = cleaned
        .warnings
        .iter()
        .map(|w| {
            format!(
                "{}: line {} of the clean text: {} ({})",
                input.name, w.line, w.message, w.rule
            )
        })
        .collect();
    let edits: Vec<_> = cleaned
        .edits
        .iter()
        .filter(|e| e.level <= level)
        .cloned()
        .collect();
    let mut o = Outcome {
        bytes_in: decoded.text.len(),
        warnings,
        ..Outcome::default()
    };
    let legacy = decoded.encoding != "UTF-8";
    if legacy {
        o.note = Some(format!(
            "{}: decoded as {} (confidence {})",
            input.name, decoded.encoding, decoded.confidence
        ));
    }
    o.records = EditRecord::from_edits(&input.name, &decoded.text, &edits);
    for r in &mut o.records {
        *o.per_rule.entry((r.rule.clone(), r.level)).or_default() += 1;
        r.sha256 = Some(decoded.sha256.clone());
        if legacy {
            r.encoding = Some(decoded.encoding.to_string());
            r.confidence = Some(decoded.confidence.to_string());
        }
    }
    let text = galley::apply_edits(&decoded.text, &edits).expect("edits of one result apply");
    o.bytes_out = text.len();
    if args.diff {
        o.text = Some(annotated_diff(&input.name, &decoded.text, &edits, color));
    }
    if args.check || args.diff {
        return o;
    }
    let written = if let Some(dir) = &args.output {
        output_path(dir, input).and_then(|p| write_atomically(&p, &text))
    } else if args.in_place {
        if edits.is_empty() && !legacy {
            Ok(())
        } else {
            let path = Path::new(&input.name);
            let backup = args.backup.as_ref().map(|suffix| {
                let mut b = path.as_os_str().to_owned();
                b.push(suffix);
                PathBuf::from(b)
            });
            backup
                .map_or(Ok(0), |b| {
                    std::fs::copy(path, &b)
                        .with_context(|| format!("cannot back up to {}", b.display()))
                })
                .and_then(|_| write_atomically(path, &text))
        }
    } else {
        Ok(())
    };
    if let Err(e) = written {
        o.error = Some(format!("{e:#}"));
        return o;
    }
    if to_stdout {
        o.text = Some(text);
    }
    o
}
