//! The annotated diff: a unified diff of the original against the clean text, each hunk headed by
//! the rules (and levels) of the edits inside it. A line break that a join removed shows as `⏎`
//! on the `+` side, so joins are never silently merged into a changed line.

use crate::edit::{apply_spans, Edit};
use crate::text::layout::Reading;
use crate::text::position::LineIndex;
use crate::text::visible::escape_controls;
use similar::{ChangeTag, TextDiff};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Shown where a join removed a line break.
pub const JOIN_MARK: &str = "⏎";

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const BOLD: &str = "\x1b[1m";
const REVERSE: &str = "\x1b[7m";
const RESET: &str = "\x1b[0m";

/// The annotated unified diff of `original` under `edits`, or an empty string when they change
/// nothing. `color` adds ANSI colours and marks the changed characters inside changed lines;
/// `layout`, how the engine read the line breaks, goes into the header.
///
/// ```
/// use galley::report::diff::annotated_diff;
/// let page = "近年来,山西\n";
/// let cleaned = galley::Engine::builtin("newspaper-zh")?.clean(page);
/// let diff = annotated_diff("page.txt", page, &cleaned.edits, None, false);
/// assert!(diff.contains("-近年来,山西\n+近年来，山西\n"));
/// assert!(diff.contains("punct.comma"));
/// # Ok::<(), galley::Error>(())
/// ```
pub fn annotated_diff(
    name: &str,
    original: &str,
    edits: &[Edit],
    layout: Option<Reading>,
    color: bool,
) -> String {
    if edits.is_empty() {
        return String::new();
    }
    let shown = apply_spans(
        original,
        edits
            .iter()
            .map(|e| {
                // A join: line breaks between two pieces of text gone, none left.
                let text_around = original[..e.start]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c != '\n')
                    && original[e.end..].chars().next().is_some_and(|c| c != '\n');
                let joins = text_around
                    && original[e.start..e.end].contains('\n')
                    && !e.replacement.contains('\n');
                let rep = if joins {
                    format!("{}{JOIN_MARK}", e.replacement)
                } else {
                    e.replacement.clone()
                };
                (e.start..e.end, rep)
            })
            .collect::<Vec<_>>()
            .iter()
            .map(|(r, s)| (r.clone(), s.as_str())),
    )
    .expect("edits of one result apply");
    let index = LineIndex::new(original);
    let lines: Vec<(usize, usize, &Edit)> = edits
        .iter()
        .map(|e| {
            let first = index.line_column(original, e.start).0;
            let last = index.line_column(original, e.end).0;
            (first, last, e)
        })
        .collect();
    let diff = TextDiff::from_lines(original, &shown);
    let mut out = String::new();
    let paint = |code: &'static str| if color { code } else { "" };
    // What the input holds is shown, never played: an escape sequence in it would act on the
    // reader's terminal.
    let name = escape_controls(name);
    let _ = writeln!(out, "{}--- {name}{}", paint(BOLD), paint(RESET));
    let layout = layout.map_or(String::new(), |l| format!(", layout: {l}"));
    let _ = writeln!(
        out,
        "{}+++ {name} (clean{layout}){}",
        paint(BOLD),
        paint(RESET)
    );
    for hunk in diff.unified_diff().context_radius(2).iter_hunks() {
        let ops = hunk.ops();
        let (Some(first), Some(last)) = (ops.first(), ops.last()) else {
            continue;
        };
        let (old_start, old_end) = (first.old_range().start + 1, last.old_range().end);
        let mut rules: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (a, b, e) in &lines {
            if *a <= old_end.max(old_start) && *b >= old_start {
                *rules
                    .entry((e.rule_label(), e.level.to_string()))
                    .or_default() += 1;
            }
        }
        let notes: Vec<String> = rules
            .iter()
            .map(|((rule, level), n)| {
                if *n > 1 {
                    format!("{rule} ({level}) ×{n}")
                } else {
                    format!("{rule} ({level})")
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "{}{} {}{}",
            paint(CYAN),
            hunk.header(),
            notes.join("; "),
            paint(RESET)
        );
        for op in ops {
            for change in diff.iter_inline_changes(op) {
                let (sign, code) = match change.tag() {
                    ChangeTag::Delete => ('-', RED),
                    ChangeTag::Insert => ('+', GREEN),
                    ChangeTag::Equal => (' ', ""),
                };
                let _ = write!(out, "{}{sign}", paint(code));
                for (emphasized, value) in change.iter_strings_lossy() {
                    let value = value.strip_suffix('\n').unwrap_or(&value);
                    let value = escape_controls(value);
                    if emphasized && color {
                        let _ = write!(out, "{REVERSE}{value}{RESET}{code}");
                    } else {
                        out.push_str(&value);
                    }
                }
                let _ = writeln!(out, "{}", paint(RESET));
                if change.missing_newline() {
                    out.push_str("\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;

    #[test]
    fn hunks_name_their_rules_and_show_joins() {
        let engine = Engine::builtin("newspaper-zh").unwrap();
        let input = "标题\n\n近年来，严格执行党和国家机\n\n关基层组织条例,完善制度。\n";
        let cleaned = engine.clean(input);
        let d = annotated_diff("p.txt", input, &cleaned.edits, None, false);
        assert!(d.starts_with("--- p.txt\n+++ p.txt (clean)\n@@ "), "{d}");
        assert!(d.contains("join.column-break (review)"), "{d}");
        assert!(d.contains("punct.comma (safe)"), "{d}");
        assert!(
            d.contains("+近年来，严格执行党和国家机⏎关基层组织条例，完善制度。"),
            "{d}"
        );
        assert!(d.contains("-关基层组织条例,完善制度。"), "{d}");
        assert!(!d.contains('\x1b'));
        assert!(annotated_diff("p.txt", input, &[], None, false).is_empty());
        let told = annotated_diff("p.txt", input, &cleaned.edits, Some(Reading::Mixed), false);
        assert!(
            told.starts_with("--- p.txt\n+++ p.txt (clean, layout: mixed)\n"),
            "{told}"
        );
        assert!(annotated_diff("p.txt", input, &cleaned.edits, None, true).contains('\x1b'));
    }
}
