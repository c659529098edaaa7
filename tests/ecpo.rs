//! Unwrapping printed lines, measured on a sample of the ECPO 晶報 ground truth (tests/data/ecpo,
//! CC BY 4.0): every printed column break of an article is a line; blank lines in the data mark the
//! transcribers' paragraph ends, which are the labels. The input is each article with its blank
//! lines removed, as a dump with one line per printed line would give it.

use galley::pack::builtin;

#[test]
fn line_unwrapping_on_ecpo() {
    let pack = builtin::pack("paragraphs").unwrap().unwrap();
    let rule = pack
        .rules
        .iter()
        .find(|r| r.info.id == "join.line-wrap")
        .unwrap();
    let sample = include_str!("data/ecpo/sample.lines.txt");
    let (mut tp, mut fp, mut fn_, mut tn) = (0usize, 0usize, 0usize, 0usize);
    for article in sample.split("\n\n\n") {
        let paragraphs: Vec<Vec<&str>> = article
            .trim_matches('\n')
            .split("\n\n")
            .map(|p| p.split('\n').collect())
            .collect();
        let mut lines = Vec::new();
        let mut joins = Vec::new(); // label for the break after each line
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
        for (k, &want) in joins.iter().enumerate() {
            at += lines[k].len();
            let got = edits.iter().any(|e| {
                e.range.start == at && e.range.end == at + 1 && !e.replacement.contains('\n')
            });
            if got != want && std::env::var_os("GALLEY_SHOW_ERRORS").is_some() {
                let tag = if got { "JOINED" } else { "MISSED" };
                eprintln!("{tag}: {:?} | {:?}", lines[k], lines[k + 1]);
            }
            match (got, want) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                (false, false) => tn += 1,
            }
            at += 1;
        }
    }
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / (tp + fn_) as f64;
    eprintln!(
        "ECPO line breaks: {} ({tp} joined right, {fp} joined wrong, {fn_} missed, {tn} kept right): precision {precision:.4}, recall {recall:.4}",
        tp + fp + fn_ + tn
    );
    // What the rule reaches today (0.9909, 0.9230; on the other three quarters of the ground
    // truth, kept out of the repo, 0.9910 and 0.9345); the recall goal of 0.95 is not met yet.
    // GALLEY_SHOW_ERRORS=1 lists every wrong call.
    assert!(
        precision >= 0.99 && recall >= 0.9225,
        "precision {precision:.4}, recall {recall:.4}"
    );
}
