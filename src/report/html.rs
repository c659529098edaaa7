//! The review page: one self-contained HTML file (no network, no external scripts or fonts) for a
//! file or a batch. The edits to review form a queue walked with the keyboard (`j`/`k` to move,
//! `y`/`n` to decide, `u` to undo), each shown in its line and in its file; safe edits are
//! accepted or rejected a rule at a time; a click flips any edit. Decisions persist in the
//! browser until they are exported as the JSON lines `galley apply --edits` reads. A file's text
//! is drawn only when it is shown, so a batch of thousands of files opens at once.

use crate::report::jsonl::EditRecord;
use serde::Serialize;

/// One file on the page.
pub struct ReviewFile<'a> {
    /// The name its edit records use.
    pub name: &'a str,
    /// The original text.
    pub original: &'a str,
    /// Its edits.
    pub edits: &'a [EditRecord],
    /// What the rules flagged and left alone, on its clean text.
    pub warnings: &'a [crate::Warning],
}

/// What the page's script reads: each file's text and its edits as rows of numbers and indices
/// into tables of the rule labels and reasons, which repeat thousands of times in a batch. The
/// page rebuilds the report's records from them (`before` is the original's span) for export.
#[derive(Serialize)]
struct Data<'a> {
    labels: Vec<&'a str>,
    reasons: Vec<&'a str>,
    files: Vec<PageFile<'a>>,
}

#[derive(Serialize)]
struct PageFile<'a> {
    name: &'a str,
    original: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    layout: Option<crate::text::layout::Reading>,
    edits: Vec<PageEdit<'a>>,
    /// `[line in the clean text, rule, message]`
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<(usize, &'a str, &'a str)>,
}

/// An edit on the page: `[start, end, line, column, after, label, review (0 or 1), reason,
/// group]`, the label and reason as indices into their tables.
type PageEdit<'a> = (
    usize,
    usize,
    usize,
    usize,
    &'a str,
    usize,
    u8,
    usize,
    Option<usize>,
);

/// Indices into a table of strings, each string stored once.
#[derive(Default)]
struct Table<'a> {
    strings: Vec<&'a str>,
    index: std::collections::HashMap<&'a str, usize>,
}

impl<'a> Table<'a> {
    fn of(&mut self, s: &'a str) -> usize {
        *self.index.entry(s).or_insert_with(|| {
            self.strings.push(s);
            self.strings.len() - 1
        })
    }
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
/// let file = ReviewFile { name: "page.txt", original: page, edits: &edits, warnings: &cleaned.warnings };
/// let html = review_page(&[file]);
/// assert!(html.starts_with("<!doctype html>") && html.contains("punct.comma"));
/// # Ok::<(), galley::Error>(())
/// ```
pub fn review_page(files: &[ReviewFile<'_>]) -> String {
    let (mut labels, mut reasons) = (Table::default(), Table::default());
    let files = files
        .iter()
        .map(|f| {
            // A file's records share how it was read.
            let first = f.edits.first();
            PageFile {
                name: f.name,
                original: f.original,
                sha256: first.and_then(|r| r.sha256.as_deref()),
                encoding: first.and_then(|r| r.encoding.as_deref()),
                confidence: first.and_then(|r| r.confidence.as_deref()),
                layout: first.and_then(|r| r.layout),
                edits: f
                    .edits
                    .iter()
                    .map(|r| {
                        let review = u8::from(r.level == crate::Level::Review);
                        let label = labels.of(&r.rule);
                        let reason = reasons.of(&r.reason);
                        (
                            r.start,
                            r.end,
                            r.line,
                            r.column,
                            r.after.as_str(),
                            label,
                            review,
                            reason,
                            r.group,
                        )
                    })
                    .collect(),
                warnings: f
                    .warnings
                    .iter()
                    .map(|w| (w.line, w.rule.as_str(), w.message.as_str()))
                    .collect(),
            }
        })
        .collect();
    let data = Data {
        labels: labels.strings,
        reasons: reasons.strings,
        files,
    };
    let json = serde_json::to_string(&data).expect("serialisable");
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
            warnings: &[],
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
