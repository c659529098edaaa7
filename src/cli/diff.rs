//! `galley diff`: what `clean` would change, as an annotated unified diff, and an exit code that
//! says whether there was anything (as `ruff --diff`). It takes only what a diff needs: where
//! the text comes from and which rules run; it writes no file.

use super::clean::{ColorArg, LevelArg, RegionArg};
use super::RuleArgs;
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct DiffArgs {
    /// Files or directories; none or `-` reads standard input. Several files (or a directory of
    /// page files) form one batch: furniture repeated across their pages is learned from all of
    /// them.
    #[arg(value_name = "FILE")]
    pub(super) files: Vec<PathBuf>,
    /// In directories, only files matching GLOB (`*.txt`), or not those matching `!GLOB`;
    /// repeatable, as ripgrep's `--glob`. Files named directly are always read.
    #[arg(short, long, value_name = "GLOB")]
    pub(super) glob: Vec<String>,
    /// Exit 0 even when there are changes (by default 1 when there are, 0 when there are none).
    #[arg(long)]
    pub(super) exit_zero: bool,
    /// Colour the diff: `auto` (when stdout is a terminal, unless NO_COLOR is set; always when
    /// CLICOLOR_FORCE is), `always`, `never`.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(super) color: ColorArg,
    /// Which edits to show: `safe` only, or all (`review` includes safe) [default: all].
    #[arg(long, value_enum)]
    pub(super) level: Option<LevelArg>,
    /// Input encoding: `auto` (UTF-8, a BOM, or detected GB18030/GBK/Big5) or a label such as
    /// `gb18030`, `big5`, `utf-8` [default: auto].
    #[arg(long, value_name = "LABEL")]
    pub(super) encoding: Option<String>,
    /// Where the text comes from, which breaks ties in encoding detection.
    #[arg(long, value_enum, value_name = "REGION")]
    pub(super) region: Option<RegionArg>,
    /// Leave out the edits a person refused in this decisions file (`galley review`'s or the
    /// review page's export) on inputs whose bytes are unchanged since.
    #[arg(long, value_name = "PATH")]
    pub(super) decisions: Option<PathBuf>,
    /// Worker threads (default, or 0: all cores; at most 256).
    #[arg(short = 'j', long, value_name = "N", value_parser = super::clean::thread_count)]
    pub(super) threads: Option<usize>,
    /// Print nothing on standard error but errors.
    #[arg(short, long)]
    pub(super) quiet: bool,
    #[command(flatten)]
    pub(super) rules: RuleArgs,
}
