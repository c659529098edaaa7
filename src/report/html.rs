//! The review page: one self-contained HTML file (no network, no external scripts or fonts) with
//! every edit of a run highlighted in its text. Click an edit to reject or accept it; accept or
//! reject a whole rule or file; filter by file, rule and level; export the decisions as the JSON
//! lines `galley apply --edits` reads.

use crate::report::jsonl::EditRecord;
use serde::Serialize;

/// One file on the page.
#[derive(Serialize)]
pub struct ReviewFile<'a> {
    /// The name its edit records use.
    pub name: &'a str,
    /// The original text.
    pub original: &'a str,
    /// Its edits.
    pub edits: &'a [EditRecord],
}

#[derive(Serialize)]
struct Data<'a> {
    files: &'a [ReviewFile<'a>],
}

const TEMPLATE: &str = include_str!("review.html");

/// The review page for `files`: one self-contained HTML file (no network), its data inlined.
///
/// ```
/// use galley::report::html::{review_page, ReviewFile};
/// use galley::report::jsonl::EditRecord;
/// let page = "近年来,山西\n";
/// let cleaned = galley::Engine::builtin("newspaper-zh")?.clean(page);
/// let edits = EditRecord::from_edits("page.txt", page, &cleaned.edits);
/// let html = review_page(&[ReviewFile { name: "page.txt", original: page, edits: &edits }]);
/// assert!(html.starts_with("<!doctype html>") && html.contains("punct.comma"));
/// # Ok::<(), galley::Error>(())
/// ```
pub fn review_page(files: &[ReviewFile<'_>]) -> String {
    let json = serde_json::to_string(&Data { files }).expect("serialisable");
    // Inside <script>, `</script`, `<!--` and `<script` change how the element is parsed (the
    // last two can make it swallow the rest of the page). `<` stands only inside JSON strings,
    // where `\u003c` reads the same: with no `<` left, the data cannot end or unbalance it.
    TEMPLATE.replace("__DATA__", &json.replace('<', "\\u003c"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_embeds_the_edits_and_loads_nothing_from_outside() {
        let original = "近年来,山西</script><!--<script>";
        let recs = EditRecord::from_edits(
            "p.txt",
            original,
            &crate::Engine::builtin("newspaper-zh")
                .unwrap()
                .clean(original)
                .edits,
        );
        let page = review_page(&[ReviewFile {
            name: "p.txt",
            original,
            edits: &recs,
        }]);
        assert!(page.contains("punct.comma"));
        assert!(page.contains(r"近年来,山西\u003c/script>\u003c!--\u003cscript>"));
        assert_eq!(
            page.matches("</script>").count(),
            2,
            "the data cannot close its element"
        );
        for outside in ["http://", "https://", "src=", "@import", "url("] {
            assert!(!page.contains(outside), "{outside}");
        }
    }
}
