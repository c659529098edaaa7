//! `galley clean`: clean files, directories or standard input.
//!
//! A batch runs in two passes. The first reads every input and keeps only the lines at the edges
//! of its pages ([`galley::batch::samples`]), from which rules that learn across pages (furniture) learn;
//! the second reads each input again and cleans it, in parallel, writing outputs and reports in
//! input order. Memory holds the edge samples and the files being cleaned, never the whole batch;
//! a file of `--stream-above` bytes or more is not held whole either but read, cleaned and
//! written a run of pages at a time ([`galley::stream`]), which gives the same output.

use super::inputs::{check_distinct_outputs, expand, output_dir, output_path, Input, Place};
use super::settings::{FileOptions, Project};
use super::{write_atomically, RuleArgs, ERROR, FOUND, OK};
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use galley::atomic::AtomicFile;
use galley::batch::files::{in_order, learn, Learned, Source, Text, Turn};
use galley::batch::runs::CleanRuns;
use galley::decode::{decode, Decoded, EncodingChoice, Region};
use galley::report::diff::annotated_diff;
use galley::report::html::{review_page, ReviewFile};
use galley::report::jsonl::{sha256_hex, EditRecord};
use galley::stream::{sniff, Sniffed};
use galley::text::layout::Reading;
use galley::{Engine, Level};
use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Read, StdoutLock, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Args)]
pub struct CleanArgs {
    /// Files or directories to clean; none or `-` reads standard input. Several files (or a
    /// directory of page files) form one batch: furniture repeated across their pages is learned
    /// from all of them.
    #[arg(value_name = "FILE", help_heading = "Inputs")]
    files: Vec<PathBuf>,
    /// In directories, clean only files matching GLOB (`*.txt`), or leave out those matching
    /// `!GLOB`; repeatable, as ripgrep's `--glob`. Files named directly are always cleaned.
    #[arg(short, long, value_name = "GLOB", help_heading = "Inputs")]
    glob: Vec<String>,
    /// Write nothing but what would change, as `FILE:LINE:COL: RULE reason` for each edit to
    /// review and a count per file; exit 1 if anything would change, 0 if not.
    #[arg(long, help_heading = "Outputs")]
    pub(super) check: bool,
    /// With --check: `concise` (the edits to review and a count per file), `full` (every edit,
    /// with what it replaces) or `json` (every edit as a JSON line of the report's format).
    #[arg(long, value_enum, default_value_t = CheckFormat::Concise, requires = "check", help_heading = "Outputs")]
    output_format: CheckFormat,
    /// Print an annotated unified diff of each input instead of its clean text: every hunk names
    /// the rules and levels of its edits; `⏎` marks a line break a join removed.
    #[arg(long, help_heading = "Outputs")]
    pub(super) diff: bool,
    /// Colour the diff: `auto` (when stdout is a terminal, unless NO_COLOR is set; always when
    /// CLICOLOR_FORCE is), `always`, `never`.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, help_heading = "Outputs")]
    color: ColorArg,
    /// Print edits per rule (count, level) and per file on stderr at the end.
    #[arg(long, help_heading = "Reports")]
    stats: bool,
    /// Write the clean text to PATH instead of printing it: with one file to clean, PATH is the
    /// file to write (unless it is an existing directory or ends with `/`); otherwise each clean
    /// file goes under the directory PATH, at the path it was given as (absolute paths: by file
    /// name; directories: mirrored). `-` is standard output. An input is never overwritten.
    #[arg(
        short,
        long,
        value_name = "PATH",
        conflicts_with = "in_place",
        help_heading = "Outputs"
    )]
    output: Option<PathBuf>,
    /// Rewrite the inputs with their clean text (through a temporary file and a rename).
    #[arg(long, help_heading = "Outputs")]
    in_place: bool,
    /// With --in-place, keep each changed original as FILE + SUFFIX.
    #[arg(
        long,
        value_name = "SUFFIX",
        requires = "in_place",
        help_heading = "Outputs"
    )]
    backup: Option<String>,
    /// Which edits to apply: `safe` only, or all (`review` includes safe) [default: all].
    #[arg(long, value_enum, help_heading = "Outputs")]
    level: Option<LevelArg>,
    /// Leave out the edits a person refused in this decisions file (what `galley review` or the
    /// review page exports) on every input whose bytes are unchanged since: a run after a
    /// change to the rules does not make again what was refused.
    #[arg(long, value_name = "PATH", help_heading = "Reports")]
    decisions: Option<PathBuf>,
    /// The decisions read from `--decisions`.
    #[arg(skip)]
    remembered: Option<std::sync::Arc<galley::decisions::Decisions>>,
    /// Write the applied edits to this file: JSON lines (the format `galley apply` reads), or,
    /// for a name ending in `.html`, a self-contained review page.
    #[arg(long, value_name = "PATH", help_heading = "Reports")]
    report: Option<PathBuf>,
    /// Input encoding: `auto` (UTF-8, a BOM, or detected GB18030/GBK/Big5) or a label such as
    /// `gb18030`, `big5`, `utf-8`. Output is always UTF-8 [default: auto].
    #[arg(long, value_name = "LABEL", help_heading = "Encoding")]
    encoding: Option<String>,
    /// Where the text comes from, which breaks ties in encoding detection. Unstated, ties go to
    /// GB18030, but a file that reads as both GB18030 and Big5 where the region would decide is
    /// refused rather than guessed.
    #[arg(long, value_enum, value_name = "REGION", help_heading = "Encoding")]
    region: Option<RegionArg>,
    /// Worker threads (default, or 0: all cores; at most 256).
    #[arg(short = 'j', long, value_name = "N", value_parser = thread_count, help_heading = "Inputs")]
    threads: Option<usize>,
    /// Print nothing on standard error but errors.
    #[arg(short, long, help_heading = "Reports")]
    quiet: bool,
    /// Files of at least this many bytes are read, cleaned and written a run of form-feed pages
    /// at a time (a page too long to hold, in overlapping slices), in bounded memory, with the
    /// same output (not with --diff or an HTML report, which need the whole text).
    /// A size takes K, M or G (KiB, MiB, GiB): `--stream-above 1G`.
    #[arg(long, default_value = "16M", value_parser = byte_size, value_name = "BYTES", help_heading = "Inputs")]
    stream_above: u64,
    /// The size a run of pages grows to before it is cleaned, when streaming.
    #[arg(long, hide = true, default_value = "1M", value_parser = byte_size_usize, value_name = "BYTES")]
    stream_run: usize,
    /// How much of a page too long to hold each slice of it sees on either side.
    #[arg(long, hide = true, default_value = "64K", value_parser = byte_size_usize, value_name = "BYTES")]
    stream_margin: usize,
    #[command(flatten, next_help_heading = "JSON lines")]
    pub(super) jsonl: super::jsonl::JsonlArgs,
    #[command(flatten, next_help_heading = "Rule selection")]
    pub(super) rules: RuleArgs,
    /// With --diff: exit 0 even when there are changes (by default 1 when there are).
    #[arg(long, requires = "diff", help_heading = "Outputs")]
    pub(super) exit_zero: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub(super) enum LevelArg {
    /// Only edits every contributing rule marks `safe`.
    Safe,
    /// Every edit, `safe` and `review`.
    #[value(alias = "review")]
    All,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
pub(super) enum CheckFormat {
    Concise,
    Full,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub(super) enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
pub(super) enum RegionArg {
    Cn,
    Tw,
    Hk,
}

impl From<super::diff::DiffArgs> for CleanArgs {
    /// `clean --diff` with the options a diff takes; the rest as `clean` has them by default.
    fn from(d: super::diff::DiffArgs) -> CleanArgs {
        CleanArgs {
            files: d.files,
            glob: d.glob,
            check: false,
            output_format: CheckFormat::Concise,
            diff: true,
            color: d.color,
            stats: false,
            output: None,
            in_place: false,
            backup: None,
            level: d.level,
            decisions: d.decisions,
            remembered: None,
            report: None,
            encoding: d.encoding,
            region: d.region,
            threads: d.threads,
            quiet: d.quiet,
            stream_above: u64::MAX,
            stream_run: 1 << 20,
            stream_margin: 64 << 10,
            jsonl: super::jsonl::JsonlArgs::default(),
            rules: d.rules,
            exit_zero: d.exit_zero,
        }
    }
}

impl CleanArgs {
    /// The report is a review page.
    fn html_report(&self) -> bool {
        let report = self.report.as_ref();
        report.is_some_and(|p| p.extension().is_some_and(|e| e == "html"))
    }

    /// The thread pool `-j` asks for (by default one thread per core).
    pub(super) fn pool(&self) -> Result<rayon::ThreadPool> {
        Ok(rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads.unwrap_or(0))
            .build()?)
    }

    /// Whether the diff is coloured. As the conventions say (no-color.org,
    /// bixense.com/clicolors): NO_COLOR turns colour off, CLICOLOR_FORCE on even into a pipe;
    /// `--color always` or `never` overrides both.
    fn colour(&self) -> bool {
        match self.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto if anstyle_query::no_color() => false,
            ColorArg::Auto if anstyle_query::clicolor_force() => true,
            ColorArg::Auto => std::io::stdout().is_terminal(),
        }
    }

    pub(super) fn level(&self) -> Level {
        match self.level {
            Some(LevelArg::Safe) => Level::Safe,
            Some(LevelArg::All) | None => Level::Review,
        }
    }

    /// Takes what the command line left unsaid from the settings file.
    fn take_options(&mut self, file: FileOptions) -> Result<()> {
        let parse = |key: &str, value: &str| {
            anyhow::anyhow!("{}: `{key}`: unknown value `{value}`", file.source)
        };
        if self.level.is_none() {
            if let Some(l) = &file.level {
                self.level = Some(LevelArg::from_str(l, true).map_err(|_| parse("level", l))?);
            }
        }
        if self.region.is_none() {
            if let Some(r) = &file.region {
                self.region = Some(RegionArg::from_str(r, true).map_err(|_| parse("region", r))?);
            }
        }
        self.encoding = self.encoding.take().or(file.encoding);
        if self.glob.is_empty() {
            self.glob = file.globs;
        }
        Ok(())
    }

    /// Whether `input` is read and cleaned a run of pages at a time.
    fn streams(&self, input: &Input, html: bool) -> bool {
        !self.diff
            && !html
            && !input.read_once()
            && std::fs::metadata(&input.path)
                .is_ok_and(|m| m.is_file() && m.len() >= self.stream_above)
    }

    pub(super) fn decoding(&self) -> Result<(EncodingChoice, Region)> {
        let encoding = self.encoding.as_deref().unwrap_or("auto");
        let choice = EncodingChoice::parse(encoding).with_context(|| {
            format!("unknown encoding `{encoding}` (try auto, utf-8, gb18030, big5)")
        })?;
        let region = match self.region {
            None => Region::Unknown,
            Some(RegionArg::Cn) => Region::Cn,
            Some(RegionArg::Tw) => Region::Tw,
            Some(RegionArg::Hk) => Region::Hk,
        };
        Ok((choice, region))
    }
}

/// Leaves out the files a directory walk found under the output directory (`galley clean . -o
/// out` run twice would otherwise clean the first run's output into `out/out`); files named on
/// the command line stay.
fn skip_earlier_outputs(inputs: &mut Vec<Input>, names: &[PathBuf], dir: &Path, quiet: bool) {
    let Ok(dir) = std::fs::canonicalize(dir) else {
        return;
    };
    // Only a walk of a directory that holds the output directory can find files in it.
    let walked_into = names
        .iter()
        .any(|n| n.is_dir() && std::fs::canonicalize(n).is_ok_and(|n| dir.starts_with(n)));
    if !walked_into {
        return;
    }
    let before = inputs.len();
    inputs.retain(|i| {
        names.contains(&i.path)
            || !std::fs::canonicalize(&i.path).is_ok_and(|p| p.starts_with(&dir))
    });
    let skipped = before - inputs.len();
    if skipped > 0 && !quiet {
        eprintln!(
            "galley: {skipped} file(s) under the output directory {} left out",
            dir.display()
        );
    }
}

/// Leaves out, when rewriting in place, the files a directory walk found beside another input
/// under that input's name plus a suffix (`a.txt.orig` beside `a.txt`), and those ending with
/// the `--backup` suffix: they are backups of an earlier run, and cleaning them in place would
/// lose the originals they keep. Files named on the command line stay.
fn skip_backups(inputs: &mut Vec<Input>, names: &[PathBuf], suffix: Option<&str>, quiet: bool) {
    let walked: std::collections::HashSet<&[u8]> = inputs
        .iter()
        .filter(|i| !names.contains(&i.path))
        .map(|i| i.path.as_os_str().as_encoded_bytes())
        .collect();
    let is_backup = |path: &Path| {
        let bytes = path.as_os_str().as_encoded_bytes();
        if suffix.is_some_and(|s| bytes.ends_with(s.as_bytes())) {
            return true;
        }
        // `a.txt` + `.orig`, `a.txt` + `~`: a name with an extension of its own, plus a short
        // suffix without a path separator.
        (bytes.len().saturating_sub(16)..bytes.len()).any(|at| {
            let (base, tail) = bytes.split_at(at);
            matches!(tail.first(), Some(b'.' | b'~'))
                && !tail.contains(&b'/')
                && walked.contains(base)
                && has_extension(base)
        })
    };
    let drop: Vec<bool> = inputs
        .iter()
        .map(|i| !names.contains(&i.path) && is_backup(&i.path))
        .collect();
    let skipped: Vec<String> = inputs
        .iter()
        .zip(&drop)
        .filter(|(_, &d)| d)
        .map(|(i, _)| i.name.clone())
        .collect();
    let mut drop = drop.into_iter();
    inputs.retain(|_| !drop.next().expect("one flag an input"));
    if let (Some(first), false) = (skipped.first(), quiet) {
        super::say(&format!(
            "galley: {} backup file(s) left out of --in-place (such as {first}); name a file \
             to clean it anyway",
            skipped.len()
        ));
    }
}

/// Whether the last component of a path (as bytes) has an extension: `a.txt`, not `2020`.
fn has_extension(path: &[u8]) -> bool {
    let name = path.rsplit(|&b| b == b'/').next().unwrap_or(path);
    name.iter().skip(1).any(|&b| b == b'.')
}

/// Refuses a report path that would replace an input (its text is lost before it is read) or an
/// output, and `-` (standard output) when the clean text or a diff goes there.
fn check_report_path(
    report: &Path,
    inputs: &[Input],
    output: Option<&Path>,
    stdout_busy: bool,
) -> Result<()> {
    if report == Path::new("-") {
        if stdout_busy {
            bail!(
                "--report -: standard output already carries the clean text or the diff; write \
                 the report to a file, or the clean text with --output DIR (or --in-place, or \
                 only --check)"
            );
        }
        return Ok(());
    }
    // The report's place is found once, not once for every input.
    let place = Place::of(report);
    for input in inputs.iter().filter(|i| !i.is_stdin()) {
        if Place::of(&input.path) == place {
            bail!(
                "--report {}: that is the input {} itself, which the report would replace; \
                 choose another path for the report",
                report.display(),
                input.name
            );
        }
        if let Some(dir) = output {
            let out = output_path(dir, input)?;
            if Place::of(&out) == place {
                bail!(
                    "--report {}: that is where the clean text of {} goes; choose another \
                     path for the report",
                    report.display(),
                    input.name
                );
            }
        }
    }
    Ok(())
}

/// Refuses, with `--in-place`, a file given twice (its second backup would be its clean text)
/// and a backup that would replace another input (`a.txt` and `a.txt.orig` with `--backup .orig`).
fn check_in_place(inputs: &[Input], backup: Option<&str>) -> Result<()> {
    let mut files: std::collections::HashMap<PathBuf, &str> = std::collections::HashMap::new();
    for input in inputs {
        if input.read_once() {
            bail!(
                "--in-place cannot rewrite {}: it is not a regular file",
                input.name
            );
        }
        if let Ok(path) = std::fs::canonicalize(&input.path) {
            if let Some(first) = files.insert(path, &input.name) {
                bail!(
                    "{first} and {} are one file; give it once to --in-place",
                    input.name
                );
            }
        }
    }
    let Some(suffix) = backup else {
        return Ok(());
    };
    for input in inputs {
        let copy = backup_path(&input.path, suffix);
        if let Some(other) = std::fs::canonicalize(&copy)
            .ok()
            .and_then(|p| files.get(&p))
        {
            bail!(
                "the backup of {} would replace the input {other}; choose another --backup \
                 suffix",
                input.name
            );
        }
    }
    Ok(())
}

/// Where a JSON-lines report goes: a regular file is written under a temporary name and renamed
/// into place when the run ends, so an earlier report is only ever replaced by a complete one;
/// `-` is standard output; anything else that exists (`/dev/stdout`, a named pipe) is written
/// as it is, since it cannot be renamed onto.
enum ReportOut {
    File(AtomicFile),
    Stream(BufWriter<Box<dyn Write>>),
}

impl ReportOut {
    fn create(path: &Path) -> Result<ReportOut> {
        if path == Path::new("-") {
            return Ok(ReportOut::Stream(BufWriter::new(Box::new(
                std::io::stdout(),
            ))));
        }
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() && !m.is_dir() => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .with_context(|| format!("cannot write report {}", path.display()))?;
                Ok(ReportOut::Stream(BufWriter::new(Box::new(file))))
            }
            _ => Ok(ReportOut::File(
                AtomicFile::create(path, None)
                    .with_context(|| format!("cannot write report {}", path.display()))?,
            )),
        }
    }

    fn finish(self, path: &Path) -> Result<()> {
        match self {
            ReportOut::File(file) => Ok(file.commit()?),
            ReportOut::Stream(mut w) => w.flush().with_context(|| report_error(Some(path))),
        }
    }
}

impl Write for ReportOut {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            ReportOut::File(f) => f.write(buf),
            ReportOut::Stream(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            ReportOut::File(f) => f.flush(),
            ReportOut::Stream(w) => w.flush(),
        }
    }
}

/// Refuses, before any work, a batch too large for one HTML review page ([`HTML_MAX_INPUT`]).
fn check_html_size(
    inputs: &[Input],
    once: &std::collections::HashMap<usize, Result<Loaded, String>>,
    report: &Path,
) -> Result<()> {
    let total: u64 = inputs
        .iter()
        .enumerate()
        .map(|(k, i)| match once.get(&k) {
            Some(Ok(l)) => l.decoded.text.len() as u64,
            Some(Err(_)) => 0,
            None => std::fs::metadata(&i.path).map_or(0, |m| m.len()),
        })
        .sum();
    if total > HTML_MAX_INPUT {
        bail!(
            "--report {}: an HTML review page holds every input and edit in one page, made for \
             at most {} MB of input, and these are {:.1} MB; write a JSON-lines report \
             (--report edits.jsonl) and review with `galley review`, or split the batch",
            report.display(),
            HTML_MAX_INPUT >> 20,
            total as f64 / (1 << 20) as f64
        );
    }
    Ok(())
}

/// The context of an error writing the report.
fn report_error(path: Option<&Path>) -> String {
    match path {
        Some(p) if p != Path::new("-") => format!("cannot write the report {}", p.display()),
        _ => "cannot write the report to standard output".to_string(),
    }
}

/// Says so when inputs named as JSON are about to be cleaned as plain text: the quote rule would
/// turn the straight quotes around their Chinese strings into curly ones, and the output would
/// no longer parse. (`--jsonl` cleans a field of each record instead.)
fn warn_json_as_text(inputs: &[Input]) {
    let json: Vec<&str> = inputs
        .iter()
        .filter(|i| {
            i.path.extension().is_some_and(|e| {
                ["json", "jsonl", "ndjson"]
                    .iter()
                    .any(|j| e.eq_ignore_ascii_case(j))
            })
        })
        .map(|i| i.name.as_str())
        .collect();
    if let Some(first) = json.first() {
        let more = match json.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        eprintln!(
            "galley: warning: {first}{more} named as JSON, cleaned as plain text (quotes and \
             all); use --jsonl to clean one field of each JSON line"
        );
    }
}

/// Reads and decodes one input.
pub(super) fn read(
    input: &Input,
    choice: EncodingChoice,
    region: Region,
    hash: bool,
) -> Result<Loaded> {
    let mut bytes = Vec::new();
    if input.is_stdin() {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        bytes =
            std::fs::read(&input.path).with_context(|| format!("cannot read {}", input.name))?;
    }
    let sha256 = hash.then(|| sha256_hex(&bytes));
    Ok(Loaded {
        decoded: decode(bytes, &input.path, choice, region)?,
        sha256,
    })
}

/// An input read and decoded, with the SHA-256 of its bytes when a report is to carry it (the
/// hash costs a few percent of a run, and learning reads every input once more).
#[derive(Clone)]
pub(super) struct Loaded {
    pub(super) decoded: Decoded,
    pub(super) sha256: Option<String>,
}

fn open(input: &Input) -> Result<std::fs::File> {
    std::fs::File::open(&input.path).with_context(|| format!("cannot read {}", input.name))
}

/// How a large input is to be decoded (reading it, but not holding it).
fn sniff_file(input: &Input, choice: EncodingChoice, region: Region) -> Result<Sniffed> {
    let path = &input.path;
    Ok(sniff(|| std::fs::File::open(path), path, choice, region)?)
}

/// A number of bytes, with an optional binary suffix: `4096`, `64K`, `16M`, `1G` (also `KiB`…,
/// any case).
fn byte_size(s: &str) -> std::result::Result<u64, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let shift = match &lower[digits.len()..] {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        other => return Err(format!("unknown unit `{other}` (use K, M or G)")),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{t}` is not a size such as 4096, 64K, 16M or 1G"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{t}` is too large"))
}

/// Beyond this, threads only cost memory and start-up: the work is bound by the cores.
const MAX_THREADS: usize = 256;

pub(super) fn thread_count(s: &str) -> std::result::Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n <= MAX_THREADS => Ok(n),
        _ => Err(format!(
            "`{s}` is not a thread count: give 1 to {MAX_THREADS}, or 0 for one per core"
        )),
    }
}

/// The most input an HTML review page is made from. The page embeds every text and edit and is
/// built whole in memory (about 35 bytes a byte of input); past this size it would take gigabytes
/// here and be too slow to open in a browser anyway.
pub const HTML_MAX_INPUT: u64 = 32 << 20;

fn byte_size_usize(s: &str) -> std::result::Result<usize, String> {
    usize::try_from(byte_size(s)?).map_err(|_| format!("`{s}` is too large"))
}

/// What cleaning one input came to.
#[derive(Default)]
struct Outcome {
    /// How many edits were kept.
    edits: usize,
    /// The kept edits as report records, when a report is written.
    records: Vec<EditRecord>,
    per_rule: BTreeMap<(String, Level), usize>,
    bytes_in: usize,
    bytes_out: usize,
    /// The clean text, when it goes to standard output.
    text: Option<String>,
    error: Option<String>,
    note: Option<String>,
    warnings: Vec<String>,
    /// The decoded input and the warnings on its clean text, kept for the HTML review page.
    original: Option<String>,
    page_warnings: Vec<galley::Warning>,
    /// Edits of a streamed input (their records, if a report is written, are out already).
    streamed_edits: usize,
    /// How many of those are to review.
    streamed_review: usize,
    /// How the input's line breaks were read, when asked for (stats, report, diff).
    layout: Option<Reading>,
}

/// The inputs of a run, expanded and checked before anything is read: what `-o` names, earlier
/// outputs and backups left out, and every way two outputs could collide or an input be
/// overwritten refused. Also whether the clean text goes to standard output.
fn plan_inputs(args: &mut CleanArgs, names: &[PathBuf]) -> Result<(Vec<Input>, bool)> {
    let mut inputs = expand(names, &args.glob)?;
    args.output = args
        .output
        .take()
        .and_then(|o| output_dir(&o, names, &mut inputs));
    if let Some(dir) = &args.output {
        skip_earlier_outputs(&mut inputs, names, dir, args.quiet);
    }
    if args.in_place {
        skip_backups(&mut inputs, names, args.backup.as_deref(), args.quiet);
    }
    if !args.quiet {
        warn_json_as_text(&inputs);
    }
    let to_stdout = !args.check && !args.diff && args.output.is_none() && !args.in_place;
    if inputs.len() > 1 && to_stdout {
        bail!(
            "{} inputs given: their clean texts would run together on standard output. \
             Use --output DIR to write each file, --in-place to rewrite them, --check to test \
             them, or clean one at a time",
            inputs.len()
        );
    }
    if !args.quiet && inputs.iter().any(Input::is_stdin) && std::io::stdin().is_terminal() {
        super::say(
            "galley: reading standard input from the terminal (end it with Ctrl-D); give a file \
             to clean, or see galley clean --help",
        );
    }
    if args.in_place && inputs.iter().any(Input::is_stdin) {
        bail!("--in-place cannot rewrite standard input");
    }
    if let Some(path) = &args.report {
        check_report_path(
            path,
            &inputs,
            args.output.as_deref(),
            to_stdout || args.diff,
        )?;
    }
    if args.output.is_some() {
        check_distinct_outputs(&inputs)?;
    }
    if args.in_place {
        check_in_place(&inputs, args.backup.as_deref())?;
    }
    Ok((inputs, to_stdout))
}

/// The group of each input and the engine of each group: the files of an `[[overrides]]` entry
/// of the settings file have their own engine, and learn their furniture together (group 0, the
/// settings' own, has `engine`).
fn group_engines(
    args: &CleanArgs,
    project: &Project,
    engine: Engine,
    inputs: &[Input],
) -> Result<(Vec<usize>, Vec<Option<Engine>>)> {
    let groups: Vec<usize> = inputs.iter().map(|i| project.group_of(&i.path)).collect();
    let mut engines: Vec<Option<Engine>> = (0..groups.iter().max().map_or(1, |g| g + 1))
        .map(|_| None)
        .collect();
    engines[0] = Some(engine);
    for &g in &groups {
        if engines[g].is_none() {
            engines[g] = Some(args.rules.engine_of(project, g)?);
        }
    }
    Ok((groups, engines))
}

/// What learning reads of each input: standard input, a pipe or a device can be read only once,
/// and its text is kept (`once`) for the second pass.
fn learning_sources<'a>(
    inputs: &'a [Input],
    large: &[bool],
    once: &'a std::collections::HashMap<usize, Result<Loaded, String>>,
    groups: &[usize],
) -> Vec<Source<'a>> {
    let text = |k: usize| match once.get(&k) {
        _ if large[k] => Text::Streamed,
        Some(kept) => Text::Read(kept.as_ref().ok().map(|l| l.decoded.text.as_str())),
        None => Text::Whole,
    };
    (0..inputs.len())
        .map(|k| Source {
            path: &inputs[k].path,
            group: groups[k],
            text: text(k),
        })
        .collect()
}

/// The progress bar of a run of `files` files on a terminal.
fn progress_bar(files: usize) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(files as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} files  {msg}  {elapsed_precise} (eta {eta})",
        )
        .expect("valid template"),
    );
    bar
}

/// The second pass of a run, as [`galley::batch::files::in_order`] schedules it: each input
/// cleaned with its group's engine and written (a large file a run of pages at a time), and
/// handed to the sink in input order.
struct Pass2<'a> {
    args: &'a CleanArgs,
    inputs: &'a [Input],
    large: &'a [bool],
    engine_of: &'a (dyn Fn(usize) -> &'a Engine + Sync),
    decoding: (EncodingChoice, Region),
    level: Level,
    to_stdout: bool,
    hashed: bool,
    html: bool,
    color: bool,
}

impl Pass2<'_> {
    fn clean(
        &self,
        pool: &rayon::ThreadPool,
        once: std::collections::HashMap<usize, Result<Loaded, String>>,
        mut sniffed: Vec<Option<Sniffed>>,
        sink: &mut Sink,
    ) -> Result<()> {
        let once = std::sync::Mutex::new(once);
        let kept = |k| once.lock().expect("not poisoned").remove(&k);
        let whole = |k| self.whole(k, kept(k));
        in_order(self.large, pool, whole, |turn| match turn {
            Turn::Whole(k, o) => sink.take(&self.inputs[k], o),
            Turn::Streamed(k) => {
                let o = self
                    .streamed(k, sniffed[k].take(), pool, sink)
                    .unwrap_or_else(|e| Outcome {
                        error: Some(format!("{e:#}")),
                        ..Outcome::default()
                    });
                sink.take(&self.inputs[k], o)
            }
        })
    }

    /// Input `k`, cleaned whole (its text, if it could be read only once, already `kept`).
    fn whole(&self, k: usize, kept: Option<Result<Loaded, String>>) -> Outcome {
        let input = &self.inputs[k];
        let (choice, region) = self.decoding;
        let loaded = kept.unwrap_or_else(|| {
            read(input, choice, region, self.hashed).map_err(|e| format!("{e:#}"))
        });
        match loaded {
            Ok(l) => {
                let original = self.html.then(|| l.decoded.text.clone());
                let engine = (self.engine_of)(k);
                let (level, to_stdout) = (self.level, self.to_stdout);
                let mut o = clean_one(engine, self.args, input, l, level, to_stdout, self.color);
                o.original = original;
                o
            }
            Err(error) => Outcome {
                error: Some(error),
                ..Outcome::default()
            },
        }
    }

    /// Input `at`, cleaned a run of pages at a time (its encoding sniffed in the first pass, or
    /// now).
    fn streamed(
        &self,
        at: usize,
        sniffed: Option<Sniffed>,
        pool: &rayon::ThreadPool,
        sink: &mut Sink,
    ) -> Result<Outcome> {
        let input = &self.inputs[at];
        let (choice, region) = self.decoding;
        let sniffed = match sniffed {
            Some(s) => s,
            None => sniff_file(input, choice, region)?,
        };
        let engine = (self.engine_of)(at);
        let (level, to_stdout) = (self.level, self.to_stdout);
        clean_large(
            engine, self.args, input, sniffed, level, to_stdout, pool, sink,
        )
    }
}

/// `galley clean --jsonl`: records in, records out ([`super::jsonl`]).
fn run_jsonl(args: &CleanArgs, engine: &Engine) -> Result<i32> {
    let run = super::jsonl::JsonlRun {
        jsonl: &args.jsonl,
        files: args.files.clone(),
        pool: args.pool()?,
        check: args.check,
        quiet: args.quiet,
        level: args.level(),
    };
    super::jsonl::run(&run, engine)
}

/// The inputs that can be read only once (standard input, a pipe, a device), read now and kept
/// for the second pass, by their index; an error is kept to be reported in its place.
fn read_once(
    inputs: &[Input],
    (choice, region): (EncodingChoice, Region),
    hashed: bool,
) -> std::collections::HashMap<usize, Result<Loaded, String>> {
    inputs
        .iter()
        .enumerate()
        .filter(|(_, i)| i.read_once())
        .map(|(k, i)| {
            (
                k,
                read(i, choice, region, hashed).map_err(|e| format!("{e:#}")),
            )
        })
        .collect()
}

pub fn run(mut args: CleanArgs) -> Result<i32> {
    let names = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    let project = args.rules.project(&names)?;
    let engine = args.rules.engine_for(&project)?;
    args.take_options(project.options())?;
    if let Some(path) = &args.decisions {
        args.remembered = Some(galley::decisions::Decisions::load(path)?.into());
    }
    if args.jsonl.jsonl {
        return run_jsonl(&args, &engine);
    }
    let (inputs, to_stdout) = plan_inputs(&mut args, &names)?;
    let (groups, engines) = group_engines(&args, &project, engine, &inputs)?;
    let (choice, region) = args.decoding()?;
    let level = args.level();
    let pool = args.pool()?;
    let started = Instant::now();
    let show = !args.quiet && std::io::stderr().is_terminal();
    // Only a report, or decisions tied to inputs by their hash, need the bytes hashed.
    let hashed = args.report.is_some() || args.decisions.is_some();

    let html = args.html_report();
    let large: Vec<bool> = inputs.iter().map(|i| args.streams(i, html)).collect();

    // Pass 1: learn from the edges of every page.
    let once = read_once(&inputs, (choice, region), hashed);
    if html {
        check_html_size(
            &inputs,
            &once,
            args.report.as_deref().unwrap_or(Path::new("-")),
        )?;
    }
    let sources = learning_sources(&inputs, &large, &once, &groups);
    let run = args.stream_run;
    let Learned { engines, sniffed } = learn(engines, &sources, (choice, region), run, &pool);
    let engine_of = |at: usize| {
        engines[groups[at]]
            .as_ref()
            .expect("an engine for each group")
    };
    if !args.quiet {
        say_notes(&engines);
    }

    let progress = show.then(|| progress_bar(inputs.len()));
    let mut sink = Sink::new(&args, html, progress)?;
    let color = args.colour();

    let pass = Pass2 {
        args: &args,
        inputs: &inputs,
        large: &large,
        engine_of: &engine_of,
        decoding: (choice, region),
        level,
        to_stdout,
        hashed,
        html,
        color,
    };
    pass.clean(&pool, once, sniffed, &mut sink)?;
    let totals = sink.finish(html)?;
    let fixed_layout = engine_of(0).layout_of("").is_some_and(|l| l.1);
    let summary = Summary {
        files: inputs.len(),
        secs: started.elapsed().as_secs_f64(),
        fixed_layout,
    };
    Ok(summary.report(&args, totals, show))
}

/// What the rules have to say about what they learned.
fn say_notes(engines: &[Option<Engine>]) {
    for (rule, note) in engines.iter().flatten().flat_map(Engine::notes) {
        super::say(&format!("galley: {rule}: {note}"));
    }
}

/// The end of a run: the summary on stderr (on a terminal, or with `--stats`) and the exit code.
struct Summary {
    files: usize,
    secs: f64,
    /// Whether the layout was said (`--layout`, a pack) rather than read page by page.
    fixed_layout: bool,
}

impl Summary {
    fn report(&self, args: &CleanArgs, totals: Totals, show: bool) -> i32 {
        let Totals {
            changed,
            failed,
            bytes_in,
            bytes_out,
            per_rule,
            per_file,
            layouts,
        } = totals;
        if show || args.stats {
            let secs = self.secs;
            eprintln!(
                "galley: {} files ({} changed, {} failed), {:.1} MB in, {:.1} MB out, {:.1} s, {:.1} MB/s{}",
                self.files,
                changed,
                failed,
                bytes_in as f64 / 1e6,
                bytes_out as f64 / 1e6,
                secs,
                bytes_in as f64 / 1e6 / secs.max(1e-9),
                peak_memory().map_or(String::new(), |mb| format!(", peak memory {mb} MB"))
            );
        }
        if args.stats && !layouts.is_empty() {
            let read: Vec<String> = layouts.iter().map(|(l, n)| format!("{n} {l}")).collect();
            eprintln!(
                "galley: line breaks of files read as {} ({})",
                read.join(", "),
                if self.fixed_layout {
                    "as --layout or the pack says"
                } else {
                    "each page region by region"
                }
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
        if failed > 0 {
            ERROR
        } else if (args.check || args.diff && !args.exit_zero) && changed > 0 {
            FOUND
        } else {
            OK
        }
    }
}

/// The warnings of a clean text as lines for stderr; `line_offset` lines of clean text came
/// before it (for a file cleaned a run of pages at a time).
fn warning_lines(name: &str, warnings: &[galley::Warning], line_offset: usize) -> Vec<String> {
    warnings
        .iter()
        .map(|w| {
            format!(
                "{name}: line {} of the clean text: {} ({})",
                w.line + line_offset,
                w.message,
                w.rule
            )
        })
        .collect()
}

/// How a file that was not UTF-8 was read, for stderr and for each of its records.
struct Legacy<'a> {
    encoding: &'a str,
    confidence: &'a str,
}

impl Legacy<'_> {
    fn note(&self, name: &str) -> String {
        format!(
            "{name}: decoded as {} (confidence {})",
            self.encoding, self.confidence
        )
    }
}

/// The edits of `cleaned` at or below `level` and not refused in `--decisions` (`sha256` is the
/// input's hash, `offset` where `original` starts in it), and the text they make of `original`:
/// the engine's own text when every edit is kept, which spares copying the edits and applying
/// them again.
fn kept(
    cleaned: galley::Cleaned,
    original: &str,
    level: Level,
    remembered: Option<(&galley::decisions::Decisions, &str, usize)>,
) -> (Vec<galley::Edit>, String) {
    let mut kept = cleaned.keep(original, level);
    if let Some((decisions, sha256, offset)) = remembered {
        kept = decisions.apply(sha256, offset, original, kept);
    }
    (kept.edits, kept.text)
}

/// Counts `edits` per rule and level, as [`stamp`] does for records, when no report needs them.
fn count(edits: &[galley::Edit], per_rule: &mut BTreeMap<(String, Level), usize>) {
    // A page has hundreds of edits by a handful of rules: runs of edits by the same rules (a
    // page's commas) are tallied by rule list first, so that a label is built once per rule
    // rather than once per edit.
    let mut tally: BTreeMap<(&[String], Level), usize> = BTreeMap::new();
    for run in edits.chunk_by(|a, b| a.level == b.level && a.rules == b.rules) {
        *tally.entry((&run[0].rules, run[0].level)).or_default() += run.len();
    }
    for ((rules, level), n) in tally {
        *per_rule.entry((rules.join("+"), level)).or_default() += n;
    }
}

/// Gives `records` the input's hash (and how it was decoded, unless it was plain UTF-8) and
/// counts them per rule.
fn stamp(
    records: &mut [EditRecord],
    sha256: Option<&str>,
    legacy: Option<&Legacy<'_>>,
    layout: Option<Reading>,
    per_rule: &mut BTreeMap<(String, Level), usize>,
) {
    for r in records {
        *per_rule.entry((r.rule.clone(), r.level)).or_default() += 1;
        r.sha256 = sha256.map(str::to_string);
        r.layout = layout;
        if let Some(l) = legacy {
            r.encoding = Some(l.encoding.to_string());
            r.confidence = Some(l.confidence.to_string());
        }
    }
}

/// How the line breaks of `text` were read, when the run shows it (stats, report, diff: it
/// costs a pass over the text).
fn layout_read(engine: &Engine, args: &CleanArgs, text: &str) -> Option<Reading> {
    let shown = args.stats || args.report.is_some() || args.diff;
    shown.then(|| engine.layout_of(text)).flatten().map(|l| l.0)
}

/// Where `--backup SUFFIX` keeps the original of `path`.
fn backup_path(path: &Path, suffix: &str) -> PathBuf {
    let mut b = path.as_os_str().to_owned();
    b.push(suffix);
    PathBuf::from(b)
}

/// Copies `path` to `path` + `suffix` before it is rewritten in place, never replacing a file
/// already there.
/// With `--in-place --backup SUFFIX`, the backup of `path` before it is replaced.
fn back_up_in_place(args: &CleanArgs, path: &Path) -> Result<()> {
    match (args.in_place, &args.backup) {
        (true, Some(suffix)) => back_up(path, suffix),
        _ => Ok(()),
    }
}

fn back_up(path: &Path, suffix: &str) -> Result<()> {
    let b = backup_path(path, suffix);
    galley::atomic::back_up(path, &b)
        .with_context(|| format!("cannot back up to {}", b.display()))?;
    Ok(())
}

/// The process's peak resident memory in MB, where the system tells (Linux).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// Cleans one decoded input and writes its output where it goes.
fn clean_one(
    engine: &Engine,
    args: &CleanArgs,
    input: &Input,
    loaded: Loaded,
    level: Level,
    to_stdout: bool,
    color: bool,
) -> Outcome {
    let Loaded { decoded, sha256 } = loaded;
    let cleaned = engine.clean(&decoded.text);
    let warnings = warning_lines(&input.name, &cleaned.warnings, 0);
    let page_warnings = match args.html_report() {
        true => cleaned.warnings.clone(),
        false => Vec::new(),
    };
    let remembered = args.remembered.as_deref().zip(sha256.as_deref());
    let (edits, text) = kept(
        cleaned,
        &decoded.text,
        level,
        remembered.map(|(d, s)| (d, s, 0)),
    );
    let mut o = Outcome {
        bytes_in: decoded.text.len(),
        warnings,
        page_warnings,
        ..Outcome::default()
    };
    let decoding = Legacy {
        encoding: decoded.encoding,
        confidence: decoded.confidence,
    };
    let legacy = (decoded.encoding != "UTF-8").then_some(&decoding);
    o.note = legacy.map(|l| l.note(&input.name));
    o.edits = edits.len();
    o.layout = layout_read(engine, args, &decoded.text);
    if args.report.is_some() {
        o.records = EditRecord::from_edits(&input.name, &decoded.text, &edits);
        stamp(
            &mut o.records,
            sha256.as_deref(),
            (!decoded.is_plain_utf8()).then_some(&decoding),
            o.layout,
            &mut o.per_rule,
        );
    } else {
        count(&edits, &mut o.per_rule);
    }
    o.bytes_out = text.len();
    if args.diff {
        o.text = Some(annotated_diff(
            &input.name,
            &decoded.text,
            &edits,
            o.layout,
            color,
        ));
    }
    if args.check {
        o.text = Some(check_lines(
            &input.name,
            &decoded.text,
            &edits,
            args.output_format,
        ));
    }
    if args.check || args.diff {
        return o;
    }
    let unchanged = edits.is_empty() && legacy.is_none();
    if let Err(e) = write_whole(args, input, &text, unchanged) {
        o.error = Some(format!("{e:#}"));
        return o;
    }
    if to_stdout {
        o.text = Some(text);
    }
    o
}

/// Writes the clean `text` of a file cleaned whole where `-o` or `--in-place` says (an
/// `unchanged` input is not rewritten in place).
fn write_whole(args: &CleanArgs, input: &Input, text: &str, unchanged: bool) -> Result<()> {
    let path = &input.path;
    match &args.output {
        Some(dir) => output_path(dir, input).and_then(|p| write_atomically(&p, text, Some(path))),
        None if args.in_place && !unchanged => {
            back_up_in_place(args, path).and_then(|()| write_atomically(path, text, Some(path)))
        }
        None => Ok(()),
    }
}

/// What `--check` prints of a file's edits: one line each, in the `FILE:LINE:COL: RULE reason`
/// form editors and CI annotations jump to; `concise` shows only the edits to review.
fn check_lines(name: &str, text: &str, edits: &[galley::Edit], format: CheckFormat) -> String {
    let records = EditRecord::from_edits(name, text, edits);
    let mut out = edit_lines(&records, format);
    if format != CheckFormat::Json && !records.is_empty() {
        let review = records.iter().filter(|r| r.level == Level::Review).count();
        out.push_str(&count_line(name, records.len(), review));
    }
    out
}

/// The lines `--check` prints for `records` (see [`check_lines`]).
fn edit_lines(records: &[EditRecord], format: CheckFormat) -> String {
    let mut out = String::new();
    for r in records {
        let line = match format {
            CheckFormat::Concise if r.level != Level::Review => continue,
            CheckFormat::Concise => format!(
                "{}:{}:{}: {} {}",
                r.file, r.line, r.column, r.rule, r.reason
            ),
            CheckFormat::Full => format!(
                "{}:{}:{}: {} [{}] {:?} -> {:?} {}",
                r.file, r.line, r.column, r.rule, r.level, r.before, r.after, r.reason
            ),
            CheckFormat::Json => serde_json::to_string(r).expect("a record serializes"),
        };
        out.push_str(&galley::text::visible::escape_controls(&line));
        out.push('\n');
    }
    out
}

/// The count `--check` gives for a file with edits.
fn count_line(name: &str, edits: usize, review: usize) -> String {
    let name = galley::text::visible::escape_controls(name);
    format!("{name}: {edits} edit(s) to make, {review} to review\n")
}

/// Counts over a run, for the summary and the exit code.
#[derive(Default)]
struct Totals {
    changed: usize,
    failed: usize,
    bytes_in: usize,
    bytes_out: usize,
    per_rule: BTreeMap<(String, Level), usize>,
    per_file: Vec<(String, usize)>,
    /// Files by how their line breaks were read.
    layouts: BTreeMap<Reading, usize>,
}

/// Where outcomes go, in input order: standard output, the report, the progress bar, the totals.
struct Sink<'a> {
    args: &'a CleanArgs,
    report: Option<ReportOut>,
    out: BufWriter<StdoutLock<'static>>,
    /// Inputs, original texts and edits, for the HTML review page.
    pages: Vec<(String, String, Vec<EditRecord>, Vec<galley::Warning>)>,
    progress: Option<indicatif::ProgressBar>,
    totals: Totals,
}

impl<'a> Sink<'a> {
    /// Writes `text` to standard output.
    fn print(&mut self, text: &str) -> Result<()> {
        self.out.write_all(text.as_bytes()).context(super::STDOUT)
    }

    fn records(&mut self, records: &[EditRecord]) -> Result<()> {
        if let Some(w) = self.report.as_mut() {
            let written: std::io::Result<()> = records.iter().try_for_each(|rec| {
                serde_json::to_writer(&mut *w, rec)?;
                w.write_all(b"\n")
            });
            written.with_context(|| report_error(self.args.report.as_deref()))?;
        }
        Ok(())
    }

    fn warnings(&self, lines: &[String]) {
        if !self.args.quiet {
            for line in lines {
                super::say(line);
            }
        }
    }

    /// Where a run's outcomes go: standard output, the JSON-lines report (an HTML review page is
    /// written at the end, from the pages kept), the progress bar.
    fn new(
        args: &'a CleanArgs,
        html: bool,
        progress: Option<indicatif::ProgressBar>,
    ) -> Result<Sink<'a>> {
        let report = match &args.report {
            Some(_) if html => None,
            Some(path) => Some(ReportOut::create(path)?),
            None => None,
        };
        Ok(Sink {
            args,
            report,
            out: BufWriter::new(std::io::stdout().lock()),
            pages: Vec::new(),
            progress,
            totals: Totals::default(),
        })
    }

    /// Ends the run's output: standard output flushed, the report finished (or the review page
    /// written), the progress bar cleared; the totals for the summary.
    fn finish(self, html: bool) -> Result<Totals> {
        let Sink {
            args,
            report,
            mut out,
            pages,
            progress,
            totals,
        } = self;
        out.flush().context(super::STDOUT)?;
        if let (Some(w), Some(path)) = (report, &args.report) {
            w.finish(path)?;
        }
        if let (true, Some(path)) = (html, &args.report) {
            let files: Vec<ReviewFile> = pages
                .iter()
                .map(|(name, original, edits, warnings)| ReviewFile {
                    name,
                    original,
                    edits,
                    warnings,
                })
                .collect();
            write_atomically(path, &review_page(&files), None)?;
        }
        if let Some(bar) = progress {
            bar.finish_and_clear();
        }
        Ok(totals)
    }

    /// Takes the outcome of one input (for a streamed input, what is left of it: its records
    /// and text have gone out already).
    fn take(&mut self, input: &Input, o: Outcome) -> Result<()> {
        let t = &mut self.totals;
        if let Some(bar) = &self.progress {
            bar.inc(1);
            bar.set_message(format!("{:.1} MB", (t.bytes_in + o.bytes_in) as f64 / 1e6));
        }
        if let Some(e) = &o.error {
            super::say(&format!("galley: error: {e}"));
            t.failed += 1;
            return Ok(());
        }
        if let Some(l) = o.layout {
            *t.layouts.entry(l).or_default() += 1;
        }
        let edits = o.edits + o.streamed_edits;
        if edits > 0 {
            t.changed += 1;
            t.per_file.push((input.name.clone(), edits));
        }
        t.bytes_in += o.bytes_in;
        t.bytes_out += o.bytes_out;
        for (rule, n) in &o.per_rule {
            *t.per_rule.entry(rule.clone()).or_default() += n;
        }
        if !self.args.quiet {
            for line in o.note.iter() {
                super::say(line);
            }
        }
        self.warnings(&o.warnings);
        self.records(&o.records)?;
        if let Some(original) = o.original {
            self.pages
                .push((input.name.clone(), original, o.records, o.page_warnings));
        }
        if let Some(text) = o.text {
            self.print(&text)?;
        }
        // A file cleaned a run of pages at a time: its edits went out run by run, its count
        // goes now.
        if self.args.check && o.streamed_edits > 0 && self.args.output_format != CheckFormat::Json {
            let line = count_line(&input.name, o.streamed_edits, o.streamed_review);
            self.print(&line)?;
        }
        Ok(())
    }
}

/// Where the next stretch of a streamed file starts: byte offset and line in the input and the
/// clean text, and the characters since the last line break (a form feed does not end a line).
#[derive(Default)]
struct Position {
    byte: usize,
    line: usize,
    column: usize,
    clean_line: usize,
}

impl Position {
    /// `records` of the stretch starting here, moved to their place in the whole file.
    fn place(&self, records: &mut [EditRecord]) {
        for r in records {
            if r.line == 1 {
                r.column += self.column;
            }
            r.line += self.line;
            r.start += self.byte;
            r.end += self.byte;
            r.group = r.group.map(|g| g.wrapping_add(self.byte));
        }
    }

    fn advance(&mut self, text: &str, clean: &str) {
        self.byte += text.len();
        self.line += text.matches('\n').count();
        self.column = match text.rfind('\n') {
            Some(at) => text[at + 1..].chars().count(),
            None => self.column + text.chars().count(),
        };
        self.clean_line += clean.matches('\n').count();
    }
}

/// Where a streamed file's clean text goes, if to a file: a temporary one, renamed into place
/// when the whole file is clean.
fn stream_destination(args: &CleanArgs, input: &Input) -> Result<Option<AtomicFile>> {
    let path = &input.path;
    Ok(match (&args.output, args.in_place) {
        _ if args.check => None,
        (Some(dir), _) => Some(AtomicFile::create(&output_path(dir, input)?, Some(path))?),
        (None, true) => Some(AtomicFile::create(path, Some(path))?),
        (None, false) => None,
    })
}

/// Cleans a large input a run of pages at a time, several runs in parallel (a page too long to
/// hold, in slices: [`galley::batch::runs`]): records, warnings and (to standard output) text go
/// to `sink` as each run is done; a file output is written under a temporary name and renamed
/// into place at the end, so a failure leaves nothing.
#[allow(clippy::too_many_arguments)]
fn clean_large(
    engine: &Engine,
    args: &CleanArgs,
    input: &Input,
    sniffed: Sniffed,
    level: Level,
    to_stdout: bool,
    pool: &rayon::ThreadPool,
    sink: &mut Sink<'_>,
) -> Result<Outcome> {
    let path = &input.path;
    let decoding = Legacy {
        encoding: sniffed.encoding.name(),
        confidence: sniffed.confidence,
    };
    let legacy = (sniffed.encoding != encoding_rs::UTF_8).then_some(&decoding);
    let mut file = StreamedFile {
        engine,
        args,
        input,
        level,
        to_stdout,
        sha256: &sniffed.sha256,
        stamped: (sniffed.confidence != "utf-8").then_some(&decoding),
        dest: stream_destination(args, input)?,
        at: Position::default(),
        o: Outcome {
            note: legacy.map(|l| l.note(&input.name)),
            ..Outcome::default()
        },
    };
    let (run, margin) = (args.stream_run, args.stream_margin);
    for run in CleanRuns::new(engine, open(input)?, &sniffed, path, run, margin, pool) {
        let run = run.with_context(|| format!("cannot clean {}", input.name))?;
        file.emit(sink, &run.text, run.cleaned)?;
    }
    let StreamedFile { dest, o, .. } = file;
    // An unchanged UTF-8 file is left as it is; the temporary copy goes.
    let unchanged = o.streamed_edits == 0 && legacy.is_none();
    match dest {
        Some(_) if args.in_place && unchanged => {}
        Some(d) => {
            back_up_in_place(args, path)?;
            d.commit()?;
        }
        None => {}
    }
    Ok(o)
}

/// A large input as [`clean_large`] goes through it.
struct StreamedFile<'a> {
    engine: &'a Engine,
    args: &'a CleanArgs,
    input: &'a Input,
    level: Level,
    to_stdout: bool,
    sha256: &'a str,
    /// How the file was decoded, when the report records it.
    stamped: Option<&'a Legacy<'a>>,
    dest: Option<AtomicFile>,
    at: Position,
    o: Outcome,
}

impl StreamedFile<'_> {
    /// Hands on the result of the next stretch of the file, `text`.
    fn emit(&mut self, sink: &mut Sink<'_>, text: &str, cleaned: galley::Cleaned) -> Result<()> {
        let (args, name, o) = (self.args, &self.input.name, &mut self.o);
        let warnings = warning_lines(name, &cleaned.warnings, self.at.clean_line);
        sink.warnings(&warnings);
        let remembered = args
            .remembered
            .as_deref()
            .map(|d| (d, self.sha256, self.at.byte));
        let (edits, clean) = kept(cleaned, text, self.level, remembered);
        let layout = layout_read(self.engine, args, text);
        o.layout = o
            .layout
            .map_or(layout, |a| Some(layout.map_or(a, |b| Reading::of([a, b]))));
        // Records where the file's report or --check needs them, placed in the whole file.
        let mut records = Vec::new();
        if args.report.is_some() || args.check {
            records = EditRecord::from_edits(name, text, &edits);
            self.at.place(&mut records);
        }
        if args.check {
            sink.print(&edit_lines(&records, args.output_format))?;
            o.streamed_review += records.iter().filter(|r| r.level == Level::Review).count();
        }
        if args.report.is_some() {
            let sha256 = Some(self.sha256);
            stamp(&mut records, sha256, self.stamped, layout, &mut o.per_rule);
            sink.records(&records)?;
        } else {
            count(&edits, &mut o.per_rule);
        }
        o.streamed_edits += edits.len();
        if let Some(d) = self.dest.as_mut() {
            d.write_all(clean.as_bytes())
                .with_context(|| format!("cannot write the clean text of {name}"))?;
        } else if self.to_stdout {
            sink.print(&clean)?;
        }
        o.bytes_in += text.len();
        o.bytes_out += clean.len();
        self.at.advance(text, &clean);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::byte_size;

    #[test]
    fn sizes_take_binary_units() {
        assert_eq!(byte_size("4096"), Ok(4096));
        assert_eq!(byte_size("64K"), Ok(64 << 10));
        assert_eq!(byte_size("16m"), Ok(16 << 20));
        assert_eq!(byte_size("1GiB"), Ok(1 << 30));
        assert_eq!(byte_size(" 2 GB "), Ok(2 << 30));
        assert!(byte_size("1.5G").is_err());
        assert!(byte_size("12Q").unwrap_err().contains("unknown unit"));
        assert!(byte_size("").is_err());
        assert!(byte_size("99999999999T").unwrap_err().contains("too large"));
    }
}
