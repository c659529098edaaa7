//! What the shell and `man` read about galley, generated from the argument parser itself, so
//! that they never disagree with `--help`: `galley completions SHELL` and `galley man`.

use super::{Cli, OK, STDOUT};
use anyhow::{Context, Result};
use clap::CommandFactory;
use std::io::Write;

/// Prints the completion script for `shell` (install it where the shell looks: for bash,
/// `galley completions bash > ~/.local/share/bash-completion/completions/galley`).
pub fn completions(shell: clap_complete::Shell) -> Result<i32> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "galley", &mut out);
    std::io::stdout().write_all(&out).context(STDOUT)?;
    Ok(OK)
}

/// Prints the man page, in roff (`galley man > galley.1; man ./galley.1`).
pub fn man() -> Result<i32> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .context("cannot render the man page")?;
    std::io::stdout().write_all(&out).context(STDOUT)?;
    Ok(OK)
}
