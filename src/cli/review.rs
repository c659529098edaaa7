//! `galley review`: walk the edits one by one, grouped by rule, and decide each — like
//! `git add -p`. On quit the decisions are written as the JSON lines `galley apply --edits`
//! reads; edits not reached are written as rejected (nothing is applied that nobody saw).
//!
//! Decisions already in the decisions file for an unchanged input are kept and not asked again,
//! so a review after a change to the rules asks only about what is new. With `--level review`
//! the safe edits are accepted without asking. On a terminal an answer is one key.

use super::clean::{read, Loaded};
use super::inputs::{expand, output_path, Input, Place};
use super::{write_atomically, RuleArgs, OK};
use anyhow::{bail, Result};
use clap::Args;
use galley::atomic::AtomicFile;
use galley::decisions::Decisions;
use galley::decode::{EncodingChoice, Region};
use galley::report::jsonl::EditRecord;
use galley::text::visible::escape_controls;
use galley::Engine;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use unicode_width::UnicodeWidthChar;

#[derive(Args)]
pub struct ReviewArgs {
    /// Files or directories to review.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// Where to write the decisions. Decisions already there for an input whose bytes are
    /// unchanged are kept and not asked again (delete the file to start over).
    #[arg(long, default_value = "decisions.jsonl", value_name = "PATH")]
    decisions: PathBuf,
    /// Which edits to ask about: `all`, or only those at `review` level (the safe ones are
    /// accepted without asking).
    #[arg(long, value_enum, default_value_t = AskLevel::All)]
    level: AskLevel,
    /// Also write each file with its accepted edits applied under DIR.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum AskLevel {
    /// Every edit.
    All,
    /// Only edits at `review` level.
    Review,
}

const HELP: &str = "y - accept this edit
n - reject this edit
a - accept this edit and every later edit of this rule
d - reject this edit and every later edit of this rule
u - undo the last answer and ask again
q - quit; edits not yet decided are rejected
? - this help";

/// Context shown on each side of an edit, in terminal columns (a Han character takes two).
const CONTEXT_COLUMNS: usize = 40;

/// The end of `s` (or its start, `from_end` false) that fits in `columns` terminal columns,
/// with `…` where it was cut.
fn clip(s: &str, columns: usize, from_end: bool) -> String {
    let width = |c: char| c.width().unwrap_or(0);
    if s.chars().map(width).sum::<usize>() <= columns {
        return s.to_string();
    }
    let mut used = 0;
    let fits = |c: &char| {
        used += width(*c);
        used < columns
    };
    if from_end {
        let kept: Vec<char> = s.chars().rev().take_while(fits).collect();
        format!("…{}", kept.into_iter().rev().collect::<String>())
    } else {
        format!("{}…", s.chars().take_while(fits).collect::<String>())
    }
}

/// The original line of an edit, with the edit's span shown before and after.
fn context(text: &str, rec: &EditRecord) -> (String, String) {
    let line_start = text[..rec.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[rec.end..]
        .find('\n')
        .map_or(text.len(), |i| rec.end + i);
    let (head, tail) = (
        clip(&text[line_start..rec.start], CONTEXT_COLUMNS, true),
        clip(&text[rec.end..line_end], CONTEXT_COLUMNS, false),
    );
    let show = |s: &str| s.replace('\n', "⏎");
    // Shown, never played: the input's control characters are escaped.
    let line = |span: &str| escape_controls(&format!("{head}[{}]{tail}", show(span))).into_owned();
    (line(&rec.before), line(&rec.after))
}

pub fn run(args: ReviewArgs) -> Result<i32> {
    let engine = args.rules.engine_for(&args.rules.project(&args.files)?)?;
    let inputs = expand(&args.files, &[])?;
    check_outputs(&args, &inputs)?;
    let mut texts = Vec::new();
    for input in &inputs {
        texts.push(read(input, EncodingChoice::Auto, Region::Unknown, true)?);
    }
    let refs: Vec<&str> = texts.iter().map(|l| l.decoded.text.as_str()).collect();
    // Furniture is learned across the inputs as `galley clean` learns it across a batch.
    let engine = galley::batch::learned(&engine, refs.iter().copied());
    let mut items = records(&engine, &inputs, &texts);
    let earlier = match args.decisions.exists() {
        true => Decisions::load(&args.decisions)?,
        false => Decisions::default(),
    };
    let asked = settle(&mut items, &earlier, args.level);
    let total = items.len();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let remembered = total - asked.len();
    if remembered > 0 {
        writeln!(
            out,
            "{remembered} of {total} edits decided already (remembered, or safe); {} to ask about",
            asked.len()
        )?;
    }
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        let keys = &mut Keys(console::Term::stdout());
        ask(&mut items, &asked, &texts, keys, &mut out, true)?;
    } else {
        let lines = &mut std::io::stdin().lock().lines();
        ask(&mut items, &asked, &texts, lines, &mut out, false)?;
    }
    write_decisions(&args.decisions, &items, &earlier)?;
    let accepted = items.iter().filter(|(_, r)| r.accept).count();
    writeln!(
        out,
        "\n{accepted} of {total} edits accepted; decisions written to {}",
        args.decisions.display()
    )?;
    if let Some(dir) = &args.output {
        for (i, (input, d)) in inputs.iter().zip(&texts).enumerate() {
            let edits: Vec<_> = items
                .iter()
                .filter(|(f, r)| *f == i && r.accept)
                .map(|(_, r)| r.to_edit())
                .collect();
            let text = galley::apply_edits(&d.decoded.text, &edits)?;
            let rel = input
                .rel
                .clone()
                .unwrap_or_else(|| PathBuf::from("stdin.txt"));
            write_atomically(&dir.join(rel), &text, Some(&input.path))?;
        }
    }
    Ok(OK)
}

/// Before any question is asked: nothing written at the end may replace an input.
fn check_outputs(args: &ReviewArgs, inputs: &[Input]) -> Result<()> {
    let decisions = Place::of(&args.decisions);
    for input in inputs.iter().filter(|i| !i.is_stdin()) {
        if Place::of(&input.path) == decisions {
            bail!(
                "--decisions {}: that is the input {} itself, which the decisions would \
                 replace; choose another path for them",
                args.decisions.display(),
                input.name
            );
        }
        if let (Some(dir), Some(_)) = (&args.output, &input.rel) {
            output_path(dir, input)?;
        }
    }
    Ok(())
}

/// Every edit of every input as a record not yet accepted, with the file it is in (its index),
/// in file order.
fn records(engine: &Engine, inputs: &[Input], texts: &[Loaded]) -> Vec<(usize, EditRecord)> {
    let mut items: Vec<(usize, EditRecord)> = Vec::new();
    for (i, (input, l)) in inputs.iter().zip(texts).enumerate() {
        let d = &l.decoded;
        for mut r in EditRecord::from_edits(&input.name, &d.text, &engine.clean(&d.text).edits) {
            r.sha256 = l.sha256.clone();
            if !d.is_plain_utf8() {
                r.encoding = Some(d.encoding.to_string());
                r.confidence = Some(d.confidence.to_string());
            }
            r.accept = false;
            items.push((i, r));
        }
    }
    items
}

/// Decides what needs no question: an edit decided in `earlier` for the same input bytes keeps
/// that decision, and with `level` review a safe edit is accepted. Returns the items left to
/// ask about, in review order: by rule, then file, then position.
fn settle(items: &mut [(usize, EditRecord)], earlier: &Decisions, level: AskLevel) -> Vec<usize> {
    let mut asked = Vec::new();
    for (k, (_, r)) in items.iter_mut().enumerate() {
        let decided = r
            .sha256
            .as_deref()
            .and_then(|sha| earlier.decision(sha, 0, &r.to_edit()));
        match decided {
            Some(accept) => r.accept = accept,
            None if level == AskLevel::Review && r.level == galley::Level::Safe => r.accept = true,
            None => asked.push(k),
        }
    }
    asked.sort_by(|&a, &b| {
        let (x, y) = (&items[a], &items[b]);
        (&x.1.rule, x.0, x.1.start).cmp(&(&y.1.rule, y.0, y.1.start))
    });
    // A change made of several edits (a headline moved) is asked about once.
    let mut seen = std::collections::HashSet::new();
    asked.retain(|&k| {
        items[k]
            .1
            .group
            .is_none_or(|g| seen.insert((items[k].0, g)))
    });
    asked
}

/// Accepts or rejects item `k`, and with it the other edits of its change (its group).
fn decide(items: &mut [(usize, EditRecord)], k: usize, accept: bool) {
    let (file, group) = (items[k].0, items[k].1.group);
    items[k].1.accept = accept;
    for (f, r) in items.iter_mut() {
        if group.is_some() && *f == file && r.group == group {
            r.accept = accept;
        }
    }
}

/// Writes the decisions: those of this review, then those of `earlier` about inputs not in it
/// (a decisions file can serve several reviews of different files).
fn write_decisions(
    path: &std::path::Path,
    items: &[(usize, EditRecord)],
    earlier: &Decisions,
) -> Result<()> {
    let reviewed: std::collections::HashSet<&str> = items
        .iter()
        .filter_map(|(_, r)| r.sha256.as_deref())
        .collect();
    let kept = earlier
        .records()
        .iter()
        .filter(|r| r.sha256.as_deref().is_none_or(|s| !reviewed.contains(s)));
    let mut file = AtomicFile::create(path, None)?;
    for r in items.iter().map(|(_, r)| r).chain(kept) {
        serde_json::to_writer(&mut file, r)?;
        file.write_all(b"\n")?;
    }
    file.commit()?;
    Ok(())
}

/// Single keys from the terminal, as answers: no Enter needed. Ctrl-D quits as `q` does (what
/// was decided is written); Ctrl-C stays the terminal's interrupt, which abandons the review.
struct Keys(console::Term);

impl Iterator for Keys {
    type Item = std::io::Result<String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            return Some(match self.0.read_char() {
                Ok('\n' | '\r' | ' ') => continue,
                Ok('\u{4}') => Ok("q".to_string()),
                Ok(c) => Ok(c.to_string()),
                Err(e) => Err(e),
            });
        }
    }
}

/// Shows the edit of `rec` (number `at` of the questions) in its line of `text`.
fn show(out: &mut impl Write, at: &str, rec: &EditRecord, text: &str) -> std::io::Result<()> {
    let (before, after) = context(text, rec);
    let (file, line, column) = (&rec.file, rec.line, rec.column);
    writeln!(
        out,
        "\n[{at}] {} ({}) — {file}:{line}:{column}",
        rec.rule, rec.level
    )?;
    writeln!(out, "  {}", rec.reason)?;
    if rec.group.is_some() {
        writeln!(
            out,
            "  (one change of several edits: the answer decides them all)"
        )?;
    }
    writeln!(out, "- {before}")?;
    writeln!(out, "+ {after}")
}

/// Asks about the items `asked` (in that order), with their context, until the answers or the
/// items run out; `echo` shows each answer (a key read from the terminal is not echoed by it).
fn ask(
    items: &mut [(usize, EditRecord)],
    asked: &[usize],
    texts: &[Loaded],
    answers: &mut impl Iterator<Item = std::io::Result<String>>,
    out: &mut impl Write,
    echo: bool,
) -> Result<()> {
    let mut rule_decision: Option<(String, bool)> = None;
    // The positions answered, and the rule decision in force before each.
    let mut history: Vec<(usize, Option<(String, bool)>)> = Vec::new();
    let total = asked.len();
    let mut n = 0;
    while n < total {
        let k = asked[n];
        let (file, rec) = (items[k].0, items[k].1.clone());
        if let Some((rule, accept)) = &rule_decision {
            if *rule == rec.rule {
                decide(items, k, *accept);
                n += 1;
                continue;
            }
        }
        show(
            out,
            &format!("{}/{total}", n + 1),
            &rec,
            &texts[file].decoded.text,
        )?;
        loop {
            write!(out, "Accept this edit [y,n,a,d,u,q,?]? ")?;
            out.flush()?;
            let Some(answer) = answers.next().transpose()? else {
                return Ok(());
            };
            if echo {
                writeln!(out, "{answer}")?;
            }
            let before = rule_decision.clone();
            match answer.trim() {
                "y" => decide(items, k, true),
                "n" => decide(items, k, false),
                "a" | "d" => {
                    let accept = answer.trim() == "a";
                    decide(items, k, accept);
                    rule_decision = Some((rec.rule.clone(), accept));
                }
                "u" => match history.pop() {
                    Some((back, decision)) => {
                        // What was decided from there on is undecided again.
                        for &j in &asked[back..] {
                            decide(items, j, false);
                        }
                        rule_decision = decision;
                        n = back;
                        break;
                    }
                    None => {
                        writeln!(out, "nothing to undo")?;
                        continue;
                    }
                },
                "q" => return Ok(()),
                _ => {
                    writeln!(out, "{HELP}")?;
                    continue;
                }
            }
            history.push((n, before));
            n += 1;
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::clip;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn context_is_clipped_by_terminal_columns() {
        // Twenty Han characters are forty columns: clipped to ten columns they are four
        // characters and the mark, where forty ASCII letters would keep nine.
        let han = "近年来山西省气象局坚持党建引领推动气象事业";
        assert_eq!(clip(han, 10, false), "近年来山…");
        assert_eq!(clip(han, 10, true), "…气象事业");
        assert_eq!(
            clip(&"a".repeat(40), 10, false),
            format!("{}…", "a".repeat(9))
        );
        assert_eq!(clip("近年来", 6, false), "近年来");
        for cut in [clip(han, 11, false), clip(han, 11, true)] {
            assert!(cut.width() <= 11, "{cut}");
        }
    }
}
