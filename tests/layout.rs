//! Layout decided page by page: generated pages of one paragraph a line get no join at all, and
//! generated pages of printed lines get their paragraphs back, with the default profile. The
//! articles come from the Apache-2.0 text in tests/data; `examples/layout_eval.rs` measures the
//! same on People's Daily articles, which may not be copied here.

#[path = "support/layouts.rs"]
mod layouts;
#[path = "support/newspaper.rs"]
mod newspaper;
use layouts::{Article, Class, Layout, Tally};

/// Articles of four paragraphs of the newspaper generator's source, each under a headline.
fn articles() -> Vec<Article> {
    newspaper::paragraphs()
        .chunks(4)
        .enumerate()
        .map(|(k, body)| Article {
            heading: vec![newspaper::HEADLINES[k % newspaper::HEADLINES.len()].to_string()],
            body: body.iter().map(|p| p.to_string()).collect(),
        })
        .collect()
}

fn tally(engine: &galley::Engine, half: usize) -> Tally {
    let mut tally = Tally::default();
    for page in layouts::pages(&articles(), half, 2, 7) {
        tally.add(&page, &engine.clean(&page.text).edits);
    }
    tally
}

#[test]
fn each_page_is_unwrapped_by_its_own_layout() {
    let engine = galley::Engine::builtin("newspaper-zh").unwrap();
    for half in [0, 1] {
        let t = tally(&engine, half);
        assert!(
            t.counts.len() >= 7,
            "every class is generated: {:?}",
            t.counts.keys()
        );
        assert_eq!(t.paragraph_page_false_joins(), 0, "half {half}");
        let (p, r) =
            t.precision_recall(|l, c| l == Layout::Wrapped && c == Class::LineWrap || !c.joins());
        eprintln!("half {half}: printed line breaks: precision {p:.4}, recall {r:.4}");
        assert!(
            p >= 0.98 && r >= 0.9,
            "half {half}: precision {p:.4}, recall {r:.4}"
        );
    }
}

#[test]
fn a_layout_said_is_a_layout_kept() {
    let page = |layout| {
        galley::Engine::builder()
            .layout(layout)
            .build()
            .unwrap()
            .clean("近年来，山西省气象局坚持以\n党建为引领，推动气象事业高\n质量发展，取得了显著成效。\n")
            .text
    };
    let lines =
        "近年来，山西省气象局坚持以\n党建为引领，推动气象事业高\n质量发展，取得了显著成效。\n";
    let joined = "近年来，山西省气象局坚持以党建为引领，推动气象事业高质量发展，取得了显著成效。\n";
    // Too few lines to share a column width, but every one stops in mid-clause: printed lines.
    assert_eq!(page(galley::text::layout::Layout::Auto), joined);
    assert_eq!(page(galley::text::layout::Layout::Wrapped), joined);
    // Said to be paragraphs, they stay.
    assert_eq!(page(galley::text::layout::Layout::Paragraphs), lines);
}
