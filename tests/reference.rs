//! The engine against its recorded outputs: every text the repository can reach (the seed
//! pages, generated newspaper pages plain and edit-heavy, generated pages of both layouts, the
//! ECPO sample, every built-in rule's example inputs) is cleaned by the engines a user runs most
//! (the default profile; `--layout wrapped`; a batch that learned its furniture; the
//! `to-simplified` profile), and the clean text, the edits (span, replacement, rules, level,
//! reason, group) and the warnings are compared, by a SHA-256 of each, with what the engine gave
//! when the table was recorded (`tests/data/reference/engine.tsv`, whose first line names the
//! commit).
//!
//! This is a differential test, not a test of what is right: the tests of each rule and the
//! hand-checked fixtures say that. It holds a change meant to make the engine faster, not
//! different, to every byte of output and report. A change that is meant to alter output
//! records the table again, and the commit says why:
//!
//!     GALLEY_RECORD_REFERENCE=1 cargo test --test reference
//!
//! To see what changed for a text the test names, clean it with the build of the recorded commit
//! and with this one.

#[path = "support/heavy.rs"]
mod heavy;
#[path = "support/layouts.rs"]
mod layouts;
#[path = "support/newspaper.rs"]
mod newspaper;
#[path = "support/seeds.rs"]
mod seeds;

use galley::text::layout::Layout;
use galley::{Cleaned, Engine};

const TABLE: &str = "tests/data/reference/engine.tsv";
const ECPO: &str = include_str!("data/ecpo/sample.lines.txt");

/// One text to clean: which corpus, its name there, and the text.
struct Text {
    corpus: &'static str,
    name: String,
    text: String,
}

fn texts() -> Vec<Text> {
    let mut out = Vec::new();
    let mut add = |corpus, name: String, text: String| out.push(Text { corpus, name, text });
    for (k, s) in seeds::SEEDS.iter().enumerate() {
        add("seeds", k.to_string(), s.to_string());
    }
    for (k, p) in newspaper::pages(64).into_iter().enumerate() {
        add("newspaper", k.to_string(), p.text);
    }
    for (k, p) in newspaper::pages(64).into_iter().enumerate() {
        add("heavy", k.to_string(), heavy::heavy(&p.text));
    }
    let articles: Vec<layouts::Article> = newspaper::paragraphs()
        .chunks(4)
        .enumerate()
        .map(|(k, body)| layouts::Article {
            heading: vec![newspaper::HEADLINES[k % newspaper::HEADLINES.len()].to_string()],
            body: body.iter().map(|p| p.to_string()).collect(),
        })
        .collect();
    for half in [0, 1] {
        for (k, p) in layouts::pages(&articles, half, 2, 7)
            .into_iter()
            .enumerate()
        {
            add("layouts", format!("{half}.{k}"), p.text);
        }
    }
    for (k, article) in ECPO.split("\n\n\n").enumerate() {
        let lines: Vec<&str> = article.lines().filter(|l| !l.is_empty()).collect();
        add("ecpo", k.to_string(), lines.join("\n") + "\n");
    }
    for profile in ["newspaper-zh", "to-simplified"] {
        for rule in Engine::builtin(profile).unwrap().rules() {
            for (k, (example, _)) in rule.info.examples.iter().enumerate() {
                add(
                    "examples",
                    format!("{}.{k}", rule.info.id),
                    example.input.clone(),
                );
            }
        }
    }
    out
}

/// The engines each text is cleaned by, with their names in the table.
fn engines() -> Vec<(&'static str, Engine)> {
    vec![
        ("default", Engine::builtin("newspaper-zh").unwrap()),
        (
            "wrapped",
            Engine::builder().layout(Layout::Wrapped).build().unwrap(),
        ),
        ("to-simplified", Engine::builtin("to-simplified").unwrap()),
    ]
}

/// What is compared of a cleaned text, as SHA-256 digests: the text, the edits, the warnings.
fn digests(cleaned: &Cleaned) -> [String; 3] {
    let sha = |s: &str| galley::report::jsonl::sha256_hex(s.as_bytes())[..16].to_string();
    let warnings: String = cleaned
        .warnings
        .iter()
        .map(|w| format!("{}\t{}\t{}\t{}\n", w.offset, w.line, w.rule, w.message))
        .collect();
    [
        sha(&cleaned.text),
        sha(&serde_json::to_string(&cleaned.edits).unwrap()),
        sha(&warnings),
    ]
}

/// The table's rows for today's engine: corpus, text, engine, and the three digests.
fn rows() -> Vec<String> {
    let texts = texts();
    let mut rows = Vec::new();
    for (name, engine) in engines() {
        for t in &texts {
            let [text, edits, warnings] = digests(&engine.clean(&t.text));
            rows.push(format!(
                "{}\t{}\t{name}\t{text}\t{edits}\t{warnings}",
                t.corpus, t.name
            ));
        }
    }
    // A batch learns its furniture from all its pages before cleaning any.
    let pages: Vec<String> = newspaper::pages(64).into_iter().map(|p| p.text).collect();
    let refs: Vec<&str> = pages.iter().map(String::as_str).collect();
    let batch = Engine::builtin("newspaper-zh").unwrap().learn(&refs);
    for (k, p) in pages.iter().enumerate() {
        let [text, edits, warnings] = digests(&batch.clean(p));
        rows.push(format!(
            "newspaper\t{k}\tbatch\t{text}\t{edits}\t{warnings}"
        ));
    }
    rows
}

#[test]
fn the_engine_gives_what_it_gave_when_recorded() {
    let rows = rows();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(TABLE);
    if std::env::var_os("GALLEY_RECORD_REFERENCE").is_some() {
        let commit = std::process::Command::new("git")
            .args(["rev-parse", "HEAD"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        let header = format!(
            "# recorded from commit {commit} (with any changes not yet committed); columns: corpus, text, engine, SHA-256 (first 16 hex digits) of the clean text, of the edits as JSON, of the warnings\n"
        );
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, header + &rows.join("\n") + "\n").unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{TABLE}: {e} (record it: GALLEY_RECORD_REFERENCE=1)"));
    let recorded: Vec<&str> = recorded.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(
        rows.len() > 2000,
        "only {} rows: a corpus went missing",
        rows.len()
    );
    let key = |row: &str| row.splitn(4, '\t').take(3).collect::<Vec<_>>().join(" ");
    let differ: Vec<String> = rows
        .iter()
        .zip(&recorded)
        .filter(|(now, then)| now.as_str() != **then)
        .map(|(now, then)| {
            let what: Vec<&str> = ["text", "edits", "warnings"]
                .into_iter()
                .zip(now.split('\t').skip(3).zip(then.split('\t').skip(3)))
                .filter(|(_, (a, b))| a != b)
                .map(|(w, _)| w)
                .collect();
            format!("{} ({} differ)", key(now), what.join(", "))
        })
        .collect();
    assert_eq!(
        rows.len(),
        recorded.len(),
        "{TABLE} has {} rows, the corpora give {}: record it again if a corpus was meant to change",
        recorded.len(),
        rows.len()
    );
    assert!(
        differ.is_empty(),
        "{} of {} texts come out otherwise than recorded in {TABLE}, first: {:#?}",
        differ.len(),
        rows.len(),
        &differ[..differ.len().min(10)]
    );
}
