//! Command-line interface. Exit codes are for scripts: 0 success, 1 `--check` or `diff` found
//! changes (or `rules test` found failing examples), 2 error.

mod apply;
mod clean;
mod diff;
mod inputs;
mod jsonl;
mod manual;
mod review;
mod rules;
mod settings;

use anyhow::Context;
use anyhow::Result;
use clap::{Parser, Subcommand};
pub use settings::RuleArgs;
use std::io::Write;
use std::path::Path;

/// Exit code: success.
pub const OK: i32 = 0;
/// Exit code: `--check` or `diff` found something to change; `rules test` found a failing
/// example.
pub const FOUND: i32 = 1;
/// Exit code: error.
pub const ERROR: i32 = 2;

/// The context of an error writing standard output (a full disk behind a redirection).
const STDOUT: &str = "cannot write standard output";

#[derive(Parser)]
#[command(
    name = "galley",
    version,
    about = "Clean raw OCR dumps of Chinese newspaper pages, with a report of every edit and the rule behind it"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Clean text files (or standard input) and print the clean text.
    #[command(after_help = "Examples:
  galley clean page.txt > page.clean.txt       clean text on stdout
  galley clean page.txt -o page.clean.txt      ... or into a file
  galley clean dump/ -o clean/                 a directory as one batch, on all cores
  galley clean --check --stats dump/           exit 1 if anything would change; edits per rule
  galley clean dump/ --in-place --backup .orig rewrite the inputs, keeping the originals
  galley clean --jsonl --field body < in.jsonl JSON lines: clean one field, keep the rest
  galley clean page.txt --report review.html   a review page of every edit")]
    Clean(clean::CleanArgs),
    /// Print the annotated diff of what `clean` would change; exit 1 when there is any change.
    Diff(diff::DiffArgs),
    /// Walk the edits one by one, grouped by rule, and accept or reject each (like `git add -p`).
    Review(review::ReviewArgs),
    /// Apply the accepted edits of a JSON-lines report to FILE and print the result.
    Apply(apply::ApplyArgs),
    /// List, show and test rules.
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Print the settings in force for PATH (default: here) and where each comes from: the
    /// command line, a settings file (galley.toml, .galley.toml, [tool.galley] in
    /// pyproject.toml, found upward from PATH) or the defaults.
    Config(settings::ConfigArgs),
    /// Print a completion script for SHELL (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `galley man > galley.1`.
    Man,
}

/// Parses the arguments, runs the subcommand and returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ERROR } else { OK };
        }
    };
    let result = match cli.command {
        Command::Clean(args) => clean::run(args),
        Command::Diff(args) => clean::run(args.into()),
        Command::Apply(args) => apply::run(args),
        Command::Review(args) => review::run(args),
        Command::Rules(cmd) => rules::run(cmd),
        Command::Config(args) => settings::run(args),
        Command::Completions { shell } => manual::completions(shell),
        Command::Man => manual::man(),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => OK,
        Err(e) => {
            say(&format!("galley: error: {e:#}"));
            ERROR
        }
    }
}

/// Prints a line on standard error with its control characters escaped: messages quote file
/// names, lines of the input and learned furniture, any of which may hold an escape sequence.
pub fn say(line: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "{}",
        galley::text::visible::escape_controls(line)
    );
}

/// Whether `e` is a write to a closed pipe (`galley … | head`): a normal end, not an error. The
/// I/O error may be wrapped in the error of what was writing (a report record's serializer).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                c.downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            })
            == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes `text` to `path` atomically; a new file takes the permissions of `like` (the input
/// it is made from), a replaced one keeps its own ([`galley::atomic`]).
pub fn write_atomically(path: &Path, text: &str, like: Option<&Path>) -> Result<()> {
    galley::atomic::write(path, text.as_bytes(), like)
        .with_context(|| format!("cannot write {}", path.display()))
}
