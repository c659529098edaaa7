//! Unwrapping printed lines, measured on a sample of the ECPO 晶報 ground truth (tests/data/ecpo,
//! CC BY 4.0: every fourth article), scored as `tests/support/ecpo.rs` says.

#[path = "support/ecpo.rs"]
mod ecpo;
use ecpo::{line_wrap, score};
use galley::text::layout::Layout;

const SAMPLE: &str = include_str!("data/ecpo/sample.lines.txt");
const LABELS: &str = include_str!("data/ecpo/labels.tsv");

/// The unwrapping itself, on articles said to be printed lines (`--layout wrapped`).
#[test]
fn line_unwrapping_on_ecpo() {
    let (hand, transcribers) = score(&line_wrap().with_layout(Layout::Wrapped), SAMPLE, LABELS, 1);
    hand.report("hand labels where the transcribers' paragraphs are not the answer");
    transcribers.report("the transcribers' paragraphs alone");
    // The goal of issue 3, on the labels as corrected by hand (0.9915 and 0.9518 on 2026-12-06).
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
/// page, and a few of a handful of lines, or set as verse, read as paragraphs and keep their
/// breaks, and so does a diary keyed without a single mark, whose lines hold no mark and are
/// not cut where the modern word list can tell, as verse's are: recall is below the layout said
/// (0.9498 against 0.9518 on 2026-12-06), precision is not.
#[test]
fn line_unwrapping_on_ecpo_by_default() {
    let (hand, _) = score(&line_wrap(), SAMPLE, LABELS, 1);
    hand.report("default layout (auto), hand labels");
    assert!(
        hand.precision() >= 0.99 && hand.recall() >= 0.949,
        "precision {:.4}, recall {:.4}",
        hand.precision(),
        hand.recall()
    );
}

/// As a dump of a page gives them: four articles to a page, apart by a blank line, each page's
/// layout read from itself.
#[test]
fn line_unwrapping_on_ecpo_pages_by_default() {
    let (wrapped, _) = score(&line_wrap().with_layout(Layout::Wrapped), SAMPLE, LABELS, 4);
    wrapped.report("pages of four articles, --layout wrapped, hand labels");
    let (hand, _) = score(&line_wrap(), SAMPLE, LABELS, 4);
    hand.report("pages of four articles, default layout (auto), hand labels");
    assert!(
        hand.precision() >= 0.99 && hand.recall() >= 0.95,
        "precision {:.4}, recall {:.4}",
        hand.precision(),
        hand.recall()
    );
}
