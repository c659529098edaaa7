//! Line and column-break decisions on generated pages of both layouts (one paragraph a line;
//! one printed line a line), measured separately on a development half and a test half of the
//! articles (`tests/support/layouts.rs`). The articles come from a text with one paragraph a
//! line and blank lines between articles, by default the People's Daily 1998-01 text of the
//! project's shared corpus (research-only: read here, never copied into the repository); any
//! such text can be named instead.
//!
//!     cargo run --release --example layout_eval -- [TEXT] [ARTICLES_PER_PAGE]
//!
//! `GALLEY_SHOW_ERRORS=1` prints every wrong decision of the default profile on the development
//! half (never the test half: what is tuned must not be what is measured).

use galley::{Engine, Selection};

#[path = "../tests/support/layouts.rs"]
mod layouts;
use layouts::{Class, Layout, Tally};

fn engine(extend: &[&str], layout: Option<&str>) -> Engine {
    let mut b = Engine::builder()
        .profile(Some("newspaper-zh"))
        .selection(Selection {
            extend: extend.iter().map(|s| s.to_string()).collect(),
            ..Selection::default()
        });
    if let Some(l) = layout {
        b = b.layout(l.parse().expect("a layout"));
    }
    b.build().expect("the built-in profile loads")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .cloned()
        .unwrap_or_else(|| "../shared/corpus/peoples-daily-1998-01/199801.plain.txt".to_string());
    let per_page: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {path}: {e} (name a text as the first argument)"));
    let articles = layouts::articles(&text);
    println!("{path}: {} articles, {per_page} a page", articles.len());
    let engines = [
        ("default profile", engine(&[], None)),
        ("--layout paragraphs", engine(&[], Some("paragraphs"))),
        ("--layout wrapped", engine(&[], Some("wrapped"))),
    ];
    untouched_pages(&text, per_page, &engines[0].1);
    for (half, name) in [(0, "development"), (1, "test")] {
        let pages = layouts::pages(&articles, half, per_page, 1998);
        println!("\n== {name} half: {} pages", pages.len());
        for (label, engine) in &engines {
            let mut tally = Tally::default();
            for page in &pages {
                let edits = engine.clean(&page.text).edits;
                if half == 0 && label.starts_with("default") {
                    show_errors(page, &edits);
                }
                tally.add(page, &edits);
            }
            let any = |_: Layout, _: Class| true;
            let (p, r) = tally.precision_recall(any);
            let (pp, pr) = tally.precision_recall(|l, _| l == Layout::Paragraphs);
            let (wp, wr) = tally.precision_recall(|l, _| l == Layout::Wrapped);
            println!(
                "{label:<22} all: P {p:.4} R {r:.4} | paragraph pages: P {pp:.4} R {pr:.4}, {} wrong joins | wrapped pages: P {wp:.4} R {wr:.4}",
                tally.paragraph_page_false_joins()
            );
            for ((layout, class), (joined, total)) in &tally.counts {
                println!("    {layout:?}/{class:?}: {joined} of {total} joined");
            }
        }
    }
}

/// The text itself, one paragraph a line, cut into pages of `per_page` articles as they come
/// (even pages development, odd pages test): every line break there is a paragraph's end, so
/// every join is wrong.
fn untouched_pages(text: &str, per_page: usize, engine: &Engine) {
    let articles: Vec<&str> = text
        .split("\n\n")
        .map(|a| a.trim_matches('\n'))
        .filter(|a| !a.is_empty())
        .collect();
    for (half, name) in [(0, "development"), (1, "test")] {
        let (mut pages, mut breaks, mut joined, mut pages_joined) = (0, 0, 0, 0);
        for page in articles.chunks(per_page).skip(half).step_by(2) {
            let page = page.join("\n\n") + "\n";
            let edits = engine.clean(&page).edits;
            let breaks_here = page.matches('\n').count();
            let joined_here: Vec<usize> = page
                .match_indices('\n')
                .map(|(i, _)| i)
                .filter(|&i| layouts::joined(&edits, &(i..i + 1)))
                .collect();
            if half == 0 && std::env::var_os("GALLEY_SHOW_ERRORS").is_some() {
                for &i in &joined_here {
                    let line_start = page[..i].rfind('\n').map_or(0, |s| s + 1);
                    let next_end = page[i + 1..].find('\n').map_or(page.len(), |e| i + 1 + e);
                    println!(
                        "joined: {}⏎{}",
                        &page[line_start..i],
                        &page[i + 1..next_end]
                    );
                }
            }
            pages += 1;
            breaks += breaks_here;
            joined += joined_here.len();
            pages_joined += usize::from(!joined_here.is_empty());
        }
        println!(
            "the text as it is, {name} half: {pages} pages, {joined} of {breaks} line breaks joined, on {pages_joined} pages"
        );
    }
}

/// The breaks of a development page the default profile got wrong, with their surroundings,
/// when `GALLEY_SHOW_ERRORS` is set.
fn show_errors(page: &layouts::Page, edits: &[galley::Edit]) {
    if std::env::var_os("GALLEY_SHOW_ERRORS").is_none() {
        return;
    }
    for b in &page.breaks {
        let joined = layouts::joined(edits, &b.at);
        if joined == b.class.joins() {
            continue;
        }
        let text = &page.text;
        let mut from = b.at.start.saturating_sub(60);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let mut to = (b.at.end + 60).min(text.len());
        while !text.is_char_boundary(to) {
            to += 1;
        }
        let shown =
            format!("{}⏎{}", &text[from..b.at.start], &text[b.at.end..to]).replace('\n', "↵");
        let by: Vec<&str> = edits
            .iter()
            .filter(|e| e.start <= b.at.start && e.end >= b.at.end)
            .flat_map(|e| e.rules.iter().map(String::as_str))
            .collect();
        println!(
            "{:?}/{:?} {} {by:?}: {shown}",
            page.layout,
            b.class,
            if joined { "joined" } else { "kept" }
        );
    }
}
