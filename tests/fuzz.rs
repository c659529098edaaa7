//! A fuzzing harness that runs on stable Rust, for a bounded time, with every `cargo test`:
//! proptest generates inputs until `GALLEY_FUZZ_SECONDS` (10 by default) have passed for each
//! target, and shrinks any failure to a small case. (cargo-fuzz needs a nightly compiler; this
//! needs nothing but the test command.) Set `GALLEY_FUZZ_SECONDS=600` for a longer hunt.
//!
//! Targets and what must hold:
//! - `Engine::clean`: no panic; applying all edits gives the clean text and none gives the
//!   input; cleaning the clean text changes nothing.
//! - `apply_edits` with any spans: an error or a text, never a panic.
//! - the JSON-lines record reader: no panic; a record written back with its own text is the
//!   line byte for byte; with another text, only that field differs.
//! - the pack loader: no panic; every error names the file and a line.

use galley::record::Record;
use galley::{apply_edits, Edit, Engine, Level, Pack};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::time::{Duration, Instant};

fn budget() -> Duration {
    let secs = std::env::var("GALLEY_FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    Duration::from_secs(secs)
}

/// Runs `test` on values of `strategy` until the budget is spent, a block of cases at a time,
/// each block from a new seed; a failure is shrunk and reported with the case.
fn fuzz<S: Strategy>(strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) -> usize
where
    S::Value: std::fmt::Debug,
{
    let deadline = Instant::now() + budget();
    let mut cases = 0;
    while Instant::now() < deadline {
        let mut runner = TestRunner::new(Config {
            cases: 64,
            failure_persistence: None,
            ..Config::default()
        });
        if let Err(e) = runner.run(&strategy, &test) {
            panic!("{e}");
        }
        cases += 64;
    }
    eprintln!("{cases} cases");
    cases
}

fn engine() -> Engine {
    Engine::builtin("newspaper-zh").unwrap()
}

/// Pieces of newspaper text and of what breaks parsers: both widths of marks, quotes and
/// brackets, line and page breaks, BOMs, controls, escapes, surrogate-range escapes, digits.
const PIECES: &[&str] = &[
    "近年来",
    "山西",
    "机",
    "关",
    "方面",
    "面工作",
    "的",
    "本报讯",
    "记者 冯海砚",
    "组版:闫广明",
    ",",
    "，",
    ".",
    "。",
    ";",
    ":",
    "?",
    "!",
    "\"",
    "“",
    "”",
    "'",
    "(",
    "（",
    ")",
    "）",
    "《",
    "》",
    "—",
    "——",
    "…",
    "、",
    "\n",
    "\n\n",
    "\n\n\n",
    "\u{c}",
    "\r\n",
    "\t",
    " ",
    "\u{3000}",
    "\u{feff}",
    "\u{1b}[2J",
    "\u{0}",
    "\u{202e}",
    "\u{200b}",
    "1",
    "2020年",
    "１２",
    "ABC",
    "http://a.cn/x,y",
    "a@b.cn",
    "锟斤拷",
    "浣犲ソ",
    "�",
    "第1版",
    "- 7 -",
    "①",
    "图②",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|v| v.concat())
}

#[test]
fn fuzz_engine_clean() {
    let engine = engine();
    let n = fuzz(text(), |input| {
        let cleaned = engine.clean(&input);
        prop_assert_eq!(
            apply_edits(&input, &cleaned.edits).unwrap(),
            cleaned.text.clone()
        );
        prop_assert_eq!(apply_edits(&input, &[]).unwrap(), input.clone());
        let again = engine.clean(&cleaned.text);
        prop_assert!(again.edits.is_empty(), "not stable: {:?}", again.edits);
        Ok(())
    });
    assert!(n > 0);
}

#[test]
fn fuzz_apply_edits_with_any_spans() {
    let spans = prop::collection::vec((0usize..64, 0usize..64, "[a,，\n]{0,3}"), 0..6);
    let n = fuzz((text(), spans), |(input, spans)| {
        let edits: Vec<Edit> = spans
            .into_iter()
            .map(|(start, end, replacement)| Edit {
                group: None,
                start,
                end,
                replacement,
                rules: vec!["x".into()],
                level: Level::Safe,
                reason: String::new(),
            })
            .collect();
        let _ = apply_edits(&input, &edits);
        Ok(())
    });
    assert!(n > 0);
}

/// JSON-ish lines: records with other fields of every kind, and broken ones.
fn line() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just("12345678901234567890123".to_string()),
        Just("1.10".to_string()),
        Just(r#""\u00e9\/""#.to_string()),
        Just(r#""\ud800""#.to_string()),
        Just("[1,{\"a\":null}]".to_string()),
        Just("true".to_string()),
        text().prop_map(|t| serde_json::to_string(&t).unwrap()),
    ];
    let key = prop::sample::select(vec!["text", "id", "edits", "t\\u0065xt", ""]);
    let pairs = prop::collection::vec((key, value), 0..5);
    let good = pairs.prop_map(|p| {
        let fields: Vec<String> = p.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
        format!(" {{{}}}\r", fields.join(","))
    });
    prop_oneof![good, "[{}\":,a-z\\\\ ]{0,16}"]
}

#[test]
fn fuzz_json_lines_records() {
    let n = fuzz((line(), text()), |(line, other)| {
        let Ok(record) = Record::parse(&line, "text") else {
            return Ok(());
        };
        prop_assert_eq!(record.with_text(record.text(), None).unwrap(), line.clone());
        let span = record.span();
        let out = record.with_text(&other, None).unwrap();
        let again = Record::parse(&out, "text").unwrap();
        prop_assert_eq!(again.text(), other.as_str());
        // Everything but the field's value is the line as it came.
        prop_assert_eq!(&out[..span.start], &line[..span.start]);
        prop_assert_eq!(&out[again.span().end..], &line[span.end..]);
        match record.with_text(&other, Some(("galley_edits", "[]"))) {
            // The edits are one field more, added last, and nothing else changes.
            Ok(with) => prop_assert_eq!(with.replacen(",\"galley_edits\":[]", "", 1), out),
            Err(e) => prop_assert!(e.to_string().contains("already has a field")),
        }
        Ok(())
    });
    assert!(n > 0);
}

/// Rule packs: a valid one cut, spliced and garbled.
fn pack_text() -> impl Strategy<Value = String> {
    let lines = prop::sample::select(vec![
        "[pack]",
        "name = \"p\"",
        "[[rule]]",
        "id = \"p.comma\"",
        "id = \"P comma\"",
        "kind = \"regex\"",
        "kind = \"char_map\"",
        "kind = \"join\"",
        "kind = \"nope\"",
        "level = \"safe\"",
        "level = \"maybe\"",
        "description = \"d\"",
        "pattern = '(甲),'",
        "pattern = '(['",
        "replace = '$1，'",
        "replace = '$9'",
        "map = { \",\" = \"，\" }",
        "examples = [ { input = \"甲,\", output = \"甲，\" } ]",
        "examples = [ { input = \"甲,\" } ]",
        "enabled = 3",
        "x = [",
        "",
    ]);
    prop::collection::vec(lines, 0..24).prop_map(|v| v.join("\n"))
}

#[test]
fn fuzz_pack_loader() {
    let n = fuzz(pack_text(), |text| {
        if let Err(e) = Pack::parse(&text, "p.toml") {
            let message = e.to_string();
            let line = message
                .strip_prefix("p.toml:")
                .and_then(|rest| rest.split(':').next())
                .and_then(|n| n.trim().parse::<usize>().ok());
            prop_assert!(line.is_some(), "no FILE:LINE in {message:?}");
        }
        Ok(())
    });
    assert!(n > 0);
}
