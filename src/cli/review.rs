//! `galley review`: walk the edits one by one, grouped by rule, and decide each — like
//! `git add -p`. On quit the decisions are written as the JSON lines `galley apply --edits`
//! reads; edits not reached are written as rejected (nothing is applied that nobody saw).

use super::clean::{read, Loaded};
use super::inputs::{expand, output_path, Input, Place};
use super::{write_atomically, RuleArgs, OK};
use anyhow::{bail, Result};
use clap::Args;
use galley::atomic::AtomicFile;
use galley::decode::{EncodingChoice, Region};
use galley::report::jsonl::EditRecord;
use galley::text::visible::escape_controls;
use galley::Engine;
use std::io::{BufRead, Write};
use std::path::PathBuf;

#[derive(Args)]
pub struct ReviewArgs {
    /// Files or directories to review.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// Where to write the decisions.
    #[arg(long, default_value = "decisions.jsonl", value_name = "PATH")]
    decisions: PathBuf,
    /// Also write each file with its accepted edits applied under DIR.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
}

const HELP: &str = "y - accept this edit
n - reject this edit
a - accept this edit and every later edit of this rule
d - reject this edit and every later edit of this rule
q - quit; edits not yet decided are rejected
? - this help";

/// The original line of an edit, with the edit's span shown before and after.
fn context(text: &str, rec: &EditRecord) -> (String, String) {
    let line_start = text[..rec.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[rec.end..]
        .find('\n')
        .map_or(text.len(), |i| rec.end + i);
    let clip = |s: &str, keep_end: bool| -> String {
        let chars: Vec<char> = s.chars().collect();
        if chars.len() <= 30 {
            return s.to_string();
        }
        if keep_end {
            format!("…{}", chars[chars.len() - 30..].iter().collect::<String>())
        } else {
            format!("{}…", chars[..30].iter().collect::<String>())
        }
    };
    let (head, tail) = (
        clip(&text[line_start..rec.start], true),
        clip(&text[rec.end..line_end], false),
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
    let total = items.len();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    ask(
        &mut items,
        &texts,
        &mut std::io::stdin().lock().lines(),
        &mut out,
    )?;
    let mut file = AtomicFile::create(&args.decisions, None)?;
    for (_, r) in &items {
        serde_json::to_writer(&mut file, r)?;
        file.write_all(b"\n")?;
    }
    file.commit()?;
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

/// Asks about each item in review order (by rule, then file, then position), with its context,
/// until the answers or the items run out.
fn ask(
    items: &mut [(usize, EditRecord)],
    texts: &[Loaded],
    answers: &mut impl Iterator<Item = std::io::Result<String>>,
    out: &mut impl Write,
) -> Result<()> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&items[a], &items[b]);
        (&x.1.rule, x.0, x.1.start).cmp(&(&y.1.rule, y.0, y.1.start))
    });
    let mut rule_decision: Option<(String, bool)> = None;
    let total = items.len();
    for (n, k) in order.into_iter().enumerate() {
        let (file, rec) = (items[k].0, items[k].1.clone());
        if let Some((rule, accept)) = &rule_decision {
            if *rule == rec.rule {
                items[k].1.accept = *accept;
                continue;
            }
        }
        let (before, after) = context(&texts[file].decoded.text, &rec);
        writeln!(
            out,
            "\n[{}/{total}] {} ({}) — {}:{}:{}",
            n + 1,
            rec.rule,
            rec.level,
            rec.file,
            rec.line,
            rec.column
        )?;
        writeln!(out, "  {}", rec.reason)?;
        writeln!(out, "- {before}")?;
        writeln!(out, "+ {after}")?;
        loop {
            write!(out, "Accept this edit [y,n,a,d,q,?]? ")?;
            out.flush()?;
            let Some(answer) = answers.next().transpose()? else {
                return Ok(());
            };
            match answer.trim() {
                "y" => items[k].1.accept = true,
                "n" => items[k].1.accept = false,
                "a" | "d" => {
                    let accept = answer.trim() == "a";
                    items[k].1.accept = accept;
                    rule_decision = Some((rec.rule.clone(), accept));
                }
                "q" => return Ok(()),
                _ => {
                    writeln!(out, "{HELP}")?;
                    continue;
                }
            }
            break;
        }
    }
    Ok(())
}
