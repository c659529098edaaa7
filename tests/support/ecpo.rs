//! Unwrapping printed lines scored on ECPO 晶報 ground truth: every printed column break of an
//! article is a line; blank lines in the data mark the transcribers' paragraph ends, which are
//! the labels, except for breaks labelled by hand (a headline deck is one paragraph to the
//! transcribers, but its lines are separate headlines). The input is each article with its
//! blank lines removed, as a dump with one line per printed line would give it.

#![allow(dead_code)]

use std::collections::HashMap;

/// The hand labels: (article, line) → whether the break after that line joins, checked against
/// the two lines each row quotes.
fn hand_labels(tsv: &str, articles: &[Vec<&str>]) -> HashMap<(usize, usize), bool> {
    let mut labels = HashMap::new();
    for row in tsv.lines() {
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
pub struct Score {
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

    pub fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp) as f64
    }

    pub fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_) as f64
    }

    pub fn report(&self, labels: &str) {
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

/// Scores `rule` on every labelled break of `sample` (articles apart by two blank lines, the
/// transcribers' paragraphs by one): against the hand labels of `labels_tsv` where they exist
/// (else the transcribers' paragraphs), and against the transcribers' paragraphs alone. The
/// articles are cleaned `per_page` to a page, apart by a blank line, as a dump of a page holds
/// several (1: each article a page of its own).
pub fn score(
    rule: &galley::rules::LoadedRule,
    sample: &str,
    labels_tsv: &str,
    per_page: usize,
) -> (Score, Score) {
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
    let labels = hand_labels(labels_tsv, &article_lines);
    // Each article's lines, and the transcribers' label for the break after each line.
    let labelled: Vec<(Vec<&str>, Vec<bool>)> = articles
        .iter()
        .map(|article| {
            let mut lines = Vec::new();
            let mut joins = Vec::new();
            for p in article.trim_matches('\n').split("\n\n") {
                let p: Vec<&str> = p.split('\n').collect();
                for (k, l) in p.iter().enumerate() {
                    lines.push(*l);
                    joins.push(k + 1 < p.len());
                }
            }
            joins.pop();
            (lines, joins)
        })
        .collect();
    let (mut hand, mut transcribers) = (Score::default(), Score::default());
    let per_page = per_page.max(1);
    for (page_no, page) in labelled.chunks(per_page).enumerate() {
        let inputs: Vec<String> = page.iter().map(|(lines, _)| lines.join("\n")).collect();
        let text = inputs.join("\n\n");
        let edits = rule.edits(&text);
        let mut base = 0;
        for (i, ((lines, joins), input)) in page.iter().zip(&inputs).enumerate() {
            let index = page_no * per_page + i;
            let mut at = base;
            for (k, &theirs) in joins.iter().enumerate() {
                at += lines[k].len();
                // A join takes the break and the next line's indent, if it has one.
                let got = edits.iter().any(|e| {
                    e.range.start == at
                        && e.range.end > at
                        && text[at + 1..e.range.end].chars().all(char::is_whitespace)
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
            base += input.len() + 2;
        }
    }
    (hand, transcribers)
}

/// The built-in `join.line-wrap` rule.
pub fn line_wrap() -> galley::rules::LoadedRule {
    let pack = galley::pack::builtin::pack("layout").unwrap().unwrap();
    pack.rules
        .into_iter()
        .find(|r| r.info.id == "join.line-wrap")
        .unwrap()
}
