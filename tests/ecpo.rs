//! Unwrapping printed lines, measured on a sample of the ECPO 晶報 ground truth (tests/data/ecpo,
//! CC BY 4.0): every printed column break of an article is a line; blank lines in the data mark the
//! transcribers' paragraph ends, which are the labels, except for the breaks labelled by hand in
//! `labels.tsv` (a headline deck is one paragraph to the transcribers, but its lines are separate
//! headlines). The input is each article with its blank lines removed, as a dump with one line
//! per printed line would give it.

use galley::pack::builtin;
use galley::text::layout::Layout;
use std::collections::HashMap;

/// The hand labels: (article, line) → whether the break after that line joins, checked against
/// the two lines each row quotes.
fn hand_labels(articles: &[Vec<&str>]) -> HashMap<(usize, usize), bool> {
    let mut labels = HashMap::new();
    for row in include_str!("data/ecpo/labels.tsv").lines() {
        if row.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = row.split('\t').collect();
        let (article, line): (usize, usize) =
            (cells[0].parse().unwrap(), cells[1].parse().unwrap());
        let quoted = format!(
            "{} | {}",
            articles[article][line],
            articles[article][line + 1]
        );
        assert_eq!(
            cells[3], quoted,
            "labels.tsv row {row:?} quotes other lines"
        );
        let join = match cells[2] {
            "join" => true,
            "keep" => false,
            other => panic!("labels.tsv: unknown label {other:?}"),
        };
        assert!(
            labels.insert((article, line), join).is_none(),
            "{row:?} twice"
        );
    }
    labels
}

/// Join calls against labels.
#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Score {
    fn add(&mut self, got: bool, want: bool) {
        match (got, want) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp) as f64
    }

    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_) as f64
    }

    fn report(&self, labels: &str) {
        eprintln!(
            "ECPO line breaks, {labels}: {} ({} joined right, {} joined wrong, {} missed, {} kept right): precision {:.4}, recall {:.4}",
            self.tp + self.fp + self.fn_ + self.tn,
            self.tp,
            self.fp,
            self.fn_,
            self.tn,
            self.precision(),
            self.recall()
        );
    }
}

/// Scores `rule` on every labelled break of the sample: against the hand labels where they
/// exist (else the transcribers' paragraphs), and against the transcribers' paragraphs alone.
fn score(rule: &galley::rules::LoadedRule) -> (Score, Score) {
    let sample = include_str!("data/ecpo/sample.lines.txt");
    let articles: Vec<&str> = sample.split("\n\n\n").collect();
    let article_lines: Vec<Vec<&str>> = articles
        .iter()
        .map(|a| {
            a.trim_matches('\n')
                .lines()
                .filter(|l| !l.is_empty())
                .collect()
        })
        .collect();
    let labels = hand_labels(&article_lines);
    let (mut hand, mut transcribers) = (Score::default(), Score::default());
    for (index, article) in articles.iter().enumerate() {
        let paragraphs: Vec<Vec<&str>> = article
            .trim_matches('\n')
            .split("\n\n")
            .map(|p| p.split('\n').collect())
            .collect();
        let mut lines = Vec::new();
        let mut joins = Vec::new(); // the transcribers' label for the break after each line
        for p in &paragraphs {
            for (k, l) in p.iter().enumerate() {
                lines.push(*l);
                joins.push(k + 1 < p.len());
            }
        }
        joins.pop();
        let input = lines.join("\n");
        let edits = rule.edits(&input);
        let mut at = 0;
        for (k, &theirs) in joins.iter().enumerate() {
            at += lines[k].len();
            // A join takes the break and the next line's indent, if it has one.
            let got = edits.iter().any(|e| {
                e.range.start == at
                    && e.range.end > at
                    && input[at + 1..e.range.end].chars().all(char::is_whitespace)
                    && !e.replacement.contains('\n')
            });
            let want = labels.get(&(index, k)).copied().unwrap_or(theirs);
            if got != want && std::env::var_os("GALLEY_SHOW_ERRORS").is_some() {
                let tag = if got { "JOINED" } else { "MISSED" };
                eprintln!("{tag}: {index}:{k} {:?} | {:?}", lines[k], lines[k + 1]);
            }
            hand.add(got, want);
            transcribers.add(got, theirs);
            at += 1;
        }
    }
    (hand, transcribers)
}

fn line_wrap() -> galley::rules::LoadedRule {
    let pack = builtin::pack("layout").unwrap().unwrap();
    pack.rules
        .into_iter()
        .find(|r| r.info.id == "join.line-wrap")
        .unwrap()
}

/// The unwrapping itself, on articles said to be printed lines (`--layout wrapped`).
#[test]
fn line_unwrapping_on_ecpo() {
    let (hand, transcribers) = score(&line_wrap().with_layout(Layout::Wrapped));
    hand.report("hand labels where the transcribers' paragraphs are not the answer");
    transcribers.report("the transcribers' paragraphs alone");
    // The goal of issue 3, on the labels as corrected by hand (0.9915 and 0.9516 today).
    // GALLEY_SHOW_ERRORS=1 lists every wrong call.
    assert!(
        hand.precision() >= 0.99 && hand.recall() >= 0.95,
        "precision {:.4}, recall {:.4}",
        hand.precision(),
        hand.recall()
    );
    // Against the transcribers' paragraphs alone, which keep a headline deck together, the rule
    // may not fall below what it reached before there were hand labels (0.9909 and 0.9230; 0.9919
    // and 0.9268 today), so that no gain on the hand-labelled breaks hides a loss elsewhere.
    assert!(
        transcribers.precision() >= 0.9909 && transcribers.recall() >= 0.923,
        "precision {:.4}, recall {:.4}",
        transcribers.precision(),
        transcribers.recall()
    );
}

/// The default: each article decides its own layout (src/text/layout.rs). An article is a small
/// page, and a few short or oddly set ones read as paragraphs and keep their breaks: recall is
/// below the layout said (0.9469 against 0.9516 on 2026-12-05), precision is not.
#[test]
fn line_unwrapping_on_ecpo_by_default() {
    let (hand, _) = score(&line_wrap());
    hand.report("default layout (auto), hand labels");
    assert!(
        hand.precision() >= 0.99 && hand.recall() >= 0.946,
        "precision {:.4}, recall {:.4}",
        hand.precision(),
        hand.recall()
    );
}
