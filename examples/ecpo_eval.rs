//! Unwrapping printed lines on the ECPO 晶報 articles that are not the repository's sample (the
//! sample is every fourth article, `tests/data/ecpo`): the held-out three quarters, scored
//! against the transcribers' paragraphs, each article a page of its own and four to a page, with
//! the layout read from the page (the default) and said to be printed lines (`--layout
//! wrapped`). Reads the shared corpus's file of printed lines (CC BY 4.0, like the sample), or
//! the one named.
//!
//!     cargo run --release --example ecpo_eval -- [jingbao_articles.lines.txt]

#[path = "../tests/support/ecpo.rs"]
mod ecpo;
use galley::text::layout::Layout;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        "../shared/corpus/historical-newspaper-gt/ecpo-jingbao/jingbao_articles.lines.txt".into()
    });
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {path}: {e} (name the file as the argument)"));
    let held_out: Vec<&str> = text
        .split("\n\n\n")
        .enumerate()
        .filter(|(n, _)| n % 4 != 0)
        .map(|(_, a)| a)
        .collect();
    println!("{path}: {} held-out articles", held_out.len());
    let held_out = held_out.join("\n\n\n");
    for per_page in [1, 4] {
        for (label, layout) in [
            ("default (auto)", None),
            ("--layout wrapped", Some(Layout::Wrapped)),
        ] {
            let rule = ecpo::line_wrap();
            let rule = match layout {
                Some(l) => rule.with_layout(l),
                None => rule,
            };
            let (_, transcribers) = ecpo::score(&rule, &held_out, "", per_page);
            transcribers.report(&format!(
                "held out, {per_page} a page, {label}, the transcribers' paragraphs"
            ));
        }
    }
}
