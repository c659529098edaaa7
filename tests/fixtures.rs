//! The seed pages against their hand-written expected clean pages (see fixtures/README.md).

use galley::{Edit, Engine};
use std::fs;
use std::path::Path;

const SEEDS: [&str; 4] = [
    "000_edb8a266c5e7c026.txt",
    "001_b10a7e20f2104ea4.txt",
    "002_717968dfa11fc193.txt",
    "004_da18946eeed31b49.txt",
];

fn read(dir: &str, name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(dir)
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The first differing line, for a readable failure.
fn first_difference(got: &str, want: &str) -> String {
    for (n, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        if g != w {
            return format!("line {}:\n  got:  {g}\n  want: {w}", n + 1);
        }
    }
    format!(
        "line counts differ: got {}, want {}",
        got.lines().count(),
        want.lines().count()
    )
}

#[test]
fn seed_pages_come_out_as_the_hand_written_pages() {
    let engine = Engine::builtin("newspaper-zh").unwrap();
    for seed in SEEDS {
        let input = read("seeds", seed);
        let want = read("expected", seed);
        let got = engine.clean(&input).text;
        assert!(got == want, "{seed}: {}", first_difference(&got, &want));
    }
}

/// Text that must come through untouched: numbers, measures, Latin, the e-mail address. An edit
/// may remove such text only as part of a whole dropped furniture line.
const PROTECTED: [&str; 14] = [
    "llrbzjhb@163.com",
    "44.4%",
    "41.7%",
    "38.5℃",
    "0.35元",
    "52.27",
    "49.34",
    "1.5万",
    "216.3",
    "A340",
    "4E",
    "T3",
    "Ct值≥35",
    "3亿度/年",
];

fn partially_overlaps(e: &Edit, start: usize, end: usize) -> bool {
    e.start < end && start < e.end && !(e.start <= start && end <= e.end)
}

#[test]
fn no_edit_inside_numbers_latin_or_email() {
    let engine = Engine::builtin("newspaper-zh").unwrap();
    let mut seen = 0;
    for seed in SEEDS {
        let input = read("seeds", seed);
        let cleaned = engine.clean(&input);
        for token in PROTECTED {
            for (start, _) in input.match_indices(token) {
                seen += 1;
                let end = start + token.len();
                for e in &cleaned.edits {
                    assert!(
                        !partially_overlaps(e, start, end),
                        "{seed}: {e:?} cuts into {token}"
                    );
                    if e.start <= start && end <= e.end {
                        assert!(
                            e.rules.iter().any(|r| r.starts_with("furniture.")),
                            "{seed}: {token} removed by {e:?}"
                        );
                    }
                }
            }
        }
    }
    assert!(
        seen >= PROTECTED.len(),
        "every protected token occurs in the seeds"
    );
}

#[test]
fn every_half_width_mark_in_chinese_text_is_fixed_by_its_rule() {
    let engine = Engine::builtin("newspaper-zh").unwrap();
    let rules = [
        (',', "punct.comma"),
        (';', "punct.semicolon"),
        (':', "punct.colon"),
        ('?', "punct.question"),
        ('(', "punct.parens"),
        (')', "punct.parens"),
    ];
    for seed in SEEDS {
        let input = read("seeds", seed);
        let cleaned = engine.clean(&input);
        // The seeds' only half-width marks outside Chinese prose sit in the furniture line.
        let furniture: Vec<&Edit> = cleaned
            .edits
            .iter()
            .filter(|e| e.rules.iter().any(|r| r.starts_with("furniture.")))
            .collect();
        for (mark, rule) in rules {
            let marks = input
                .match_indices(mark)
                .filter(|(i, _)| !furniture.iter().any(|e| e.start <= *i && *i < e.end))
                .count();
            let fixed = cleaned
                .edits
                .iter()
                .filter(|e| e.rules.iter().any(|r| r == rule))
                .map(|e| input[e.start..e.end].matches(mark).count())
                .sum::<usize>();
            assert_eq!(fixed, marks, "{seed}: `{mark}` by {rule}");
            assert!(
                !cleaned.text.contains(mark),
                "{seed}: `{mark}` left in the output"
            );
        }
    }
}

#[test]
fn seed_004_header_is_one_edit_and_nothing_else_is_dropped() {
    let engine = Engine::builtin("newspaper-zh").unwrap();
    for seed in SEEDS {
        let input = read("seeds", seed);
        let cleaned = engine.clean(&input);
        let drops: Vec<&Edit> = cleaned
            .edits
            .iter()
            .filter(|e| e.rules.iter().any(|r| r.starts_with("furniture.")))
            .collect();
        if seed.starts_with("004") {
            assert_eq!(drops.len(), 1, "{drops:?}");
            assert!(input[drops[0].start..drops[0].end].contains("政教专刊部主办 组版:闫广明"));
            assert_eq!(drops[0].replacement, "");
        } else {
            assert!(drops.is_empty(), "{seed}: {drops:?}");
        }
    }
}
