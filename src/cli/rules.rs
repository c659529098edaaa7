//! `galley rules list | show | test`.

use super::{RuleArgs, FOUND, OK};
use anyhow::{bail, Result};
use clap::Subcommand;
use galley::pack::{builtin, Pack};
use std::io::Write;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum RulesCommand {
    /// List the rules of a profile: id, level, whether it runs, pack, description.
    List {
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Show one rule: what it does, where it is defined and its examples.
    Show {
        /// The rule id.
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Check every example of every built-in rule and of the given packs; exit 1 on any failure.
    Test {
        /// Extra pack files to test.
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

pub fn run(cmd: RulesCommand) -> Result<i32> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cmd {
        RulesCommand::List { rules } => {
            let engine = rules.engine()?;
            for (info, active) in engine.catalogue() {
                writeln!(
                    out,
                    "{:<28} {:<6} {:<3} {:<12} {}",
                    info.id,
                    info.level.to_string(),
                    if active { "on" } else { "off" },
                    info.pack,
                    info.description
                )?;
            }
            Ok(OK)
        }
        RulesCommand::Show { id, rules } => {
            let engine = rules.engine()?;
            let Some((info, active)) = engine.catalogue().find(|(i, _)| i.id == id) else {
                bail!("no rule `{id}`; `galley rules list` shows the ids");
            };
            writeln!(out, "{}  ({} rule, {})", info.id, info.kind, info.level)?;
            writeln!(out, "  {}", info.description)?;
            writeln!(
                out,
                "  pack: {}  defined at {}:{}",
                info.pack, info.file, info.line
            )?;
            writeln!(out, "  runs: {}", if active { "yes" } else { "no" })?;
            for (ex, line) in &info.examples {
                let what = if ex.input == ex.output {
                    "keeps  "
                } else {
                    "changes"
                };
                writeln!(
                    out,
                    "  {what} {:?} → {:?}  (line {line})",
                    ex.input, ex.output
                )?;
            }
            Ok(OK)
        }
        RulesCommand::Test { files } => {
            let mut packs = Vec::new();
            for (name, text) in builtin::PACKS {
                packs.push(Pack::parse_unchecked(text, &format!("builtin:{name}"))?);
            }
            for f in &files {
                packs.push(Pack::from_file_unchecked(f)?);
            }
            let (mut rules, mut examples, mut failed) = (0, 0, 0);
            for pack in &packs {
                for rule in &pack.rules {
                    rules += 1;
                    examples += rule.info.examples.len();
                    for (line, msg) in rule.check_examples() {
                        failed += 1;
                        writeln!(
                            out,
                            "{}:{line}: rule `{}`: {msg}",
                            rule.info.file, rule.info.id
                        )?;
                    }
                }
            }
            writeln!(
                out,
                "rules test: {rules} rules, {examples} examples, {failed} failure(s)"
            )?;
            Ok(if failed > 0 { FOUND } else { OK })
        }
    }
}
