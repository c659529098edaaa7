//! A page too long to hold, cleaned in slices, comes out as the page cleaned whole.

use galley::long_page::{LongPage, Segment};
use galley::text::layout::Layout;
use galley::Engine;

#[path = "support/blocks.rs"]
mod blocks;
use blocks::BLOCKS;

const SEEDS: [&str; 4] = [
    include_str!("../fixtures/seeds/000_edb8a266c5e7c026.txt"),
    include_str!("../fixtures/seeds/001_b10a7e20f2104ea4.txt"),
    include_str!("../fixtures/seeds/002_717968dfa11fc193.txt"),
    include_str!("../fixtures/seeds/004_da18946eeed31b49.txt"),
];

/// The real pages one after another without form feeds: one long page.
fn long_page() -> String {
    SEEDS
        .iter()
        .cycle()
        .take(120)
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

fn in_slices(
    engine: &Engine,
    page: &str,
    slice: usize,
    margin: usize,
    part: usize,
) -> galley::Result<Vec<Segment>> {
    let mut long = LongPage::new(engine, slice, margin);
    let mut out = Vec::new();
    let mut rest = page;
    while !rest.is_empty() {
        let mut at = part.min(rest.len());
        while !rest.is_char_boundary(at) {
            at += 1;
        }
        out.extend(long.push(&rest[..at])?);
        rest = &rest[at..];
    }
    out.extend(long.finish()?);
    Ok(out)
}

#[test]
fn slices_stitch_to_the_whole_page() {
    let engine = Engine::builtin("newspaper-zh").unwrap();
    let page = long_page();
    let whole = engine.clean(&page);
    // Margins below five times the engine's reach are raised to it.
    assert!(engine.reach() > 0);
    for (slice, margin, part) in [
        (300_000, 6000, 5000),
        (400_000, 100_000, 333),
        (300_000, 70_000, 100_000),
    ] {
        let segments = in_slices(&engine, &page, slice, margin, part).unwrap();
        assert!(segments.len() > 2, "{slice}: {} segments", segments.len());
        let text: String = segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(text, page);
        let clean: String = segments.iter().map(|s| s.cleaned.text.as_str()).collect();
        assert_eq!(clean, whole.text, "slice {slice}, margin {margin}");
        // The edits, moved back to page offsets, are the whole page's.
        let mut at = 0;
        let mut edits = Vec::new();
        for s in &segments {
            edits.extend(s.cleaned.edits.iter().map(|e| {
                (
                    e.start + at,
                    e.end + at,
                    e.replacement.clone(),
                    e.rules.clone(),
                )
            }));
            at += s.text.len();
        }
        let expected: Vec<_> = whole
            .edits
            .iter()
            .map(|e| (e.start, e.end, e.replacement.clone(), e.rules.clone()))
            .collect();
        assert_eq!(edits, expected);
        let warnings: usize = segments.iter().map(|s| s.cleaned.warnings.len()).sum();
        assert_eq!(warnings, whole.warnings.len());
    }
}

#[test]
fn a_page_without_a_safe_cut_is_an_error_not_a_wrong_result() {
    let engine = Engine::builtin("newspaper-zh").unwrap();
    // A long table between two paragraphs: no sentence line for far longer than a margin, and
    // page numbers in it. On the whole page they are not at its edge and stay; a slice that
    // starts or ends inside the table would take them for furniture at its edge.
    let table: String = (0..30_000)
        .map(|i| {
            if i % 40 == 7 {
                "- 3 -\n".to_string()
            } else {
                format!("项目{i} 数量 {i}0 金额 {i}00\n")
            }
        })
        .collect();
    let page = format!("会议指出，安全生产事关人民福祉。\n\n{table}\n会议要求，各地加强监管。\n");
    let whole = engine.clean(&page);
    assert!(whole.text.contains("- 3 -"));
    match in_slices(&engine, &page, 4000, 600, 10_000) {
        Err(galley::Error::NoCut { .. }) => {}
        Ok(segments) => panic!(
            "cut where it is not safe: {}",
            segments
                .iter()
                .map(|s| s.cleaned.text.as_str())
                .collect::<String>()
                == whole.text
        ),
        Err(e) => panic!("{e}"),
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    // Whatever the page, slicing gives the whole page's result or refuses: never a third thing.
    // Pages are made of lines that exercise the rules at edges and across blocks: furniture-like
    // lines, sentences, headlines, column breaks, half-width marks.
    #[test]
    fn slices_give_the_whole_result_or_refuse(
        runs in proptest::collection::vec((0..10usize, 1..16usize, proptest::bool::ANY), 40..240),
        slice in 3000usize..12000,
        margin in 600usize..2000,
        part in 100usize..3000,
        wrapped in proptest::bool::ANY,
    ) {
        const LINES: [&str; 10] = [
            "会议指出,安全生产事关人民福祉。",
            "",
            "- 3 -",
            "要闻 第3版",
            "组版:闫广明 责编:冯海砚 校对:孟柯妤",
            "孝义市举办中青年干部培训班",
            "各地要加强监管,落实责任,推进党和国家机",
            "关基层组织建设(试行)工作。",
            "本报讯 近日,全市工会系统召开会议。",
            "项目 数量 100 金额 200",
        ];
        // Runs of one kind of line, some followed by a blank line: a long table or a long
        // stretch of headlines has no sentence for far more than a margin, and a block can be
        // longer than a margin.
        let page: String = runs
            .iter()
            .map(|&(k, n, blank_after)| {
                let run: String = std::iter::repeat_n(LINES[k], n).map(|l| format!("{l}\n")).collect();
                if blank_after { run + "\n" } else { run }
            })
            .collect();
        whole_or_refused(&page, slice, margin, part, wrapped)?;
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    // The same for pages made of whole newspaper blocks, where joins move headlines across
    // several blocks.
    #[test]
    fn block_pages_in_slices_give_the_whole_result_or_refuse(
        picks in proptest::collection::vec((0..BLOCKS.len(), 0..3usize), 300..1200),
        slice in 3000usize..12000,
        margin in 600usize..2000,
        part in 100usize..3000,
        wrapped in proptest::bool::ANY,
    ) {
        let seps = ["\n\n", "\n", "\n\n\n"];
        let page: String = picks.iter().map(|&(b, s)| format!("{}{}", BLOCKS[b], seps[s])).collect();
        whole_or_refused(&page, slice, margin, part, wrapped)?;
    }
}

/// Slicing `page` gives the whole page's result, or refuses for want of a safe cut. The layout
/// is given (`wrapped` or paragraphs), so that every rule decides from the blocks around a
/// change and margins this small are sound; an engine that reads the layout region by region
/// has its margins raised, and `regions_of_both_layouts_in_slices` checks it.
fn whole_or_refused(
    page: &str,
    slice: usize,
    margin: usize,
    part: usize,
    wrapped: bool,
) -> Result<(), proptest::test_runner::TestCaseError> {
    let engine = engine(wrapped);
    proptest::prop_assert_eq!(engine.reach(), 0);
    let whole = engine.clean(page);
    match in_slices(engine, page, slice, margin, part) {
        Err(galley::Error::NoCut { .. }) => {}
        Err(e) => return Err(proptest::test_runner::TestCaseError::fail(e.to_string())),
        Ok(segments) => {
            let clean: String = segments.iter().map(|s| s.cleaned.text.as_str()).collect();
            proptest::prop_assert_eq!(clean, whole.text);
        }
    }
    Ok(())
}

fn engine(wrapped: bool) -> &'static Engine {
    static ENGINES: std::sync::OnceLock<[Engine; 2]> = std::sync::OnceLock::new();
    let engines = ENGINES.get_or_init(|| {
        [Layout::Paragraphs, Layout::Wrapped].map(|layout| {
            galley::EngineBuilder::default()
                .layout(layout)
                .build()
                .unwrap()
        })
    });
    &engines[usize::from(wrapped)]
}
