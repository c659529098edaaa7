//! Every blank-line boundary of the seed pages against its hand-made label
//! (fixtures/boundaries.tsv): join precision and recall, and no wrong call anywhere.

use galley::Engine;
use std::path::Path;

fn fold(s: &str) -> String {
    galley::text::class::fold_half_width(s).into_owned()
}

/// What galley did at a boundary: whether the text around it now runs on, measured as more
/// occurrences of `before + after` in the output than in the input.
fn decision(raw: &str, clean: &str, before: &str, after: &str) -> &'static str {
    let joined = format!("{before}{after}");
    if clean.matches(&joined).count() > raw.matches(&joined).count() {
        return "join";
    }
    let rest: String = after.chars().skip(1).collect();
    let dropped = format!("{before}{rest}");
    if before.chars().last() == after.chars().next()
        && clean.matches(&dropped).count() > raw.matches(&dropped).count()
    {
        return "drop-repeat";
    }
    "keep"
}

#[test]
fn every_seed_boundary_is_decided_as_labelled() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let labels = std::fs::read_to_string(root.join("boundaries.tsv")).unwrap();
    let engine = Engine::builtin("newspaper-zh").unwrap();
    let mut pages = std::collections::HashMap::new();
    let (mut tp, mut fp, mut fn_, mut total) = (0, 0, 0, 0);
    let mut wrong = Vec::new();
    for line in labels.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let (page, before, after, label) = (f[0], f[2], f[3], f[4]);
        let (raw, clean) = pages.entry(page.to_string()).or_insert_with(|| {
            let name = std::fs::read_dir(root.join("seeds"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(page))
                .unwrap();
            let raw = std::fs::read_to_string(name).unwrap();
            let clean = engine.clean(&raw).text;
            (fold(&raw), fold(&clean))
        });
        let got = decision(raw, clean, before, after);
        let want = if label == "join-across" {
            "join"
        } else {
            label
        };
        let (g, w) = (got != "keep", want != "keep");
        tp += usize::from(g && w);
        fp += usize::from(g && !w);
        fn_ += usize::from(!g && w);
        total += 1;
        if got != want {
            wrong.push(format!(
                "{page} {}: {before}|{after}: labelled {want}, galley {got}",
                f[1]
            ));
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    eprintln!(
        "seed boundaries: {total}, joins labelled {}, precision {precision:.3}, recall {recall:.3}",
        tp + fn_
    );
    assert!(total > 170, "{total} boundaries");
    assert!(wrong.is_empty(), "{wrong:#?}");
}
