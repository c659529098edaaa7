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

/// Stretches of several pages of one layout, the layouts alternating, run together into one
/// text without page breaks (a batch of dumps concatenated), each page's labels moved to where
/// it lies in the text.
fn stretches() -> (String, Vec<layouts::Page>) {
    let mut all: Vec<layouts::Page> = [0, 1]
        .into_iter()
        .flat_map(|half| layouts::pages(&articles(), half, 2, 11))
        .collect();
    all.sort_by_key(|p| p.layout);
    let (paragraphs, wrapped) =
        all.split_at(all.partition_point(|p| p.layout == Layout::Paragraphs));
    let mut text = String::new();
    let mut placed = Vec::new();
    for page in paragraphs
        .chunks(6)
        .zip(wrapped.chunks(6))
        .flat_map(|(a, b)| a.iter().chain(b))
        .cycle()
        .take(700)
    {
        let at = text.len();
        text.push_str(&page.text);
        text.push_str("\n\n");
        placed.push(layouts::Page {
            text: String::new(),
            layout: page.layout,
            breaks: page
                .breaks
                .iter()
                .map(|b| layouts::Break {
                    at: b.at.start + at..b.at.end + at,
                    class: b.class,
                })
                .collect(),
        });
    }
    (text, placed)
}

#[test]
fn a_text_of_both_layouts_is_read_region_by_region_and_sliced_as_a_whole() {
    let engine = galley::Engine::builtin("newspaper-zh").unwrap();
    let (text, pages) = stretches();
    assert!(text.len() > 1 << 20, "{} bytes", text.len());
    assert_eq!(
        engine.layout_of(&text),
        Some((galley::text::layout::Reading::Mixed, false))
    );
    let whole = engine.clean(&text);
    let mut tally = Tally::default();
    for page in &pages {
        tally.add(page, &whole.edits);
    }
    let keeps = tally
        .counts
        .iter()
        .filter(|((l, c), _)| *l == Layout::Paragraphs && !c.joins());
    let kept: usize = keeps.map(|(_, (_, n))| n).sum();
    let wrong = tally.paragraph_page_false_joins();
    let (p, r) =
        tally.precision_recall(|l, c| l == Layout::Wrapped && c == Class::LineWrap || !c.joins());
    eprintln!("run together: {wrong} wrong joins of {kept} paragraph ends; printed line breaks: precision {p:.4}, recall {r:.4}");
    assert!(wrong * 200 <= kept, "{wrong} of {kept}");
    assert!(p >= 0.98 && r >= 0.9, "precision {p:.4}, recall {r:.4}");

    // Too long to hold, cleaned in slices with the margins the engine needs: the same text.
    let mut long = galley::long_page::LongPage::new(&engine, 0, 0);
    let mut segments = Vec::new();
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let mut at = rest.len().min(50_000);
        while !rest.is_char_boundary(at) {
            at += 1;
        }
        segments.extend(long.push(&rest[..at]).unwrap());
        rest = &rest[at..];
    }
    segments.extend(long.finish().unwrap());
    assert!(segments.len() > 2, "{} segments", segments.len());
    let clean: String = segments.iter().map(|s| s.cleaned.text.as_str()).collect();
    assert!(clean == whole.text, "the slices differ from the whole text");
}
