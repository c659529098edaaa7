//! Composition: mapping one rule's edits on the current text back onto the original input.
//!
//! Rules run in order and each sees the text the previous ones produced. To report everything
//! against the original, each new edit is mapped through the edits made so far. Where a new edit
//! touches text an earlier edit wrote, the two become one edit whose rules are both (a reviewer can
//! only accept or reject the text as a whole). Edits that merely sit side by side stay separate, so
//! a comma fix and a join next to it can be judged one by one.

use super::{Edit, Level, LocalEdit};
use std::ops::Range;

/// The rule that proposed a batch of local edits.
pub(crate) struct Origin<'a> {
    pub id: &'a str,
    pub level: Level,
    pub description: &'a str,
}

/// Whether an existing edit, now at `cur` in the current text, and a new edit at `new` must merge.
fn conflicts(cur: &Range<usize>, new: &Range<usize>) -> bool {
    match (cur.is_empty(), new.is_empty()) {
        (false, false) => cur.start < new.end && new.start < cur.end,
        (false, true) => cur.start < new.start && new.start < cur.end,
        (true, false) => new.start < cur.start && cur.start < new.end,
        (true, true) => cur.start == new.start,
    }
}

/// Composes `new` (edits on `current`, sorted, not overlapping) with `existing` (edits on
/// `original` that turn it into `current`), giving edits on `original` that turn it into the
/// result of applying `new` to `current`.
pub(crate) fn compose(
    original: &str,
    current: &str,
    existing: Vec<Edit>,
    new: Vec<LocalEdit>,
    origin: &Origin<'_>,
) -> Vec<Edit> {
    compose_with(original, current, existing, new, origin, true)
}

/// [`compose`], which with `merge_apart` merges edits that touch no earlier edit into the
/// earlier ones without grouping and sorting them (the same result, property-tested below).
fn compose_with(
    original: &str,
    current: &str,
    existing: Vec<Edit>,
    mut new: Vec<LocalEdit>,
    origin: &Origin<'_>,
    merge_apart: bool,
) -> Vec<Edit> {
    // Each existing edit's span in the current text, and the running offset between the texts.
    let mut cur_spans = Vec::with_capacity(existing.len());
    // Offset between current and original positions after each existing edit.
    let mut shift_after: Vec<isize> = Vec::with_capacity(existing.len());
    let mut delta: isize = 0;
    for e in &existing {
        let a = (e.start as isize + delta) as usize;
        cur_spans.push(a..a + e.replacement.len());
        delta += e.replacement.len() as isize - (e.end - e.start) as isize;
        shift_after.push(delta);
    }
    // Original offset of current position `at`: as the start of a span it lies past a deletion
    // sitting exactly there, as the end of a span before it. A position inside text an earlier
    // edit wrote has no original offset; what this gives for it lies within that edit's span,
    // which its group takes whole (clamped at 0: an end inside text inserted at the start of the
    // page would otherwise map before the start).
    let map = |at: usize, as_start: bool| -> usize {
        let before = if as_start {
            cur_spans.partition_point(|s| s.end <= at)
        } else {
            cur_spans.partition_point(|s| s.start < at)
        };
        let shift = if before == 0 {
            0
        } else {
            shift_after[before - 1]
        };
        (at as isize - shift).max(0) as usize
    };

    // Group the new edits with the existing edits they conflict with.
    struct Group {
        new: Range<usize>,
        old: Range<usize>,
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut j = 0;
    for (i, n) in new.iter().enumerate() {
        while j < cur_spans.len() && cur_spans[j].end < n.range.start {
            j += 1;
        }
        let mut k = j;
        let mut first = None;
        let mut last = None;
        while k < cur_spans.len() && cur_spans[k].start <= n.range.end {
            if conflicts(&cur_spans[k], &n.range) {
                first.get_or_insert(k);
                last = Some(k + 1);
            }
            k += 1;
        }
        let old = match (first, last) {
            (Some(f), Some(l)) => f..l,
            _ => j..j,
        };
        match groups.last_mut() {
            Some(g) if !old.is_empty() && g.old.end > old.start => {
                g.new.end = i + 1;
                g.old.end = g.old.end.max(old.end);
            }
            _ => groups.push(Group { new: i..i + 1, old }),
        }
    }

    // The common case on a dirty page (commas fixed on lines no earlier rule touched): no new
    // edit touches an earlier one, so each maps as it is, and the two lists, each in order
    // already, are merged in the order the sort below would give them.
    if merge_apart && groups.iter().all(|g| g.old.is_empty()) {
        let mut out = Vec::with_capacity(existing.len() + new.len());
        let mut old = existing
            .into_iter()
            .zip(cur_spans.iter().map(|s| s.start))
            .peekable();
        for n in &mut new {
            let (start, end) = (map(n.range.start, true), map(n.range.end, false));
            if n.replacement == original[start..end] {
                continue;
            }
            while let Some((e, cur)) = old.peek() {
                if (e.start, e.end, *cur) >= (start, end, n.range.start) {
                    break;
                }
                out.push(old.next().expect("peeked").0);
            }
            out.push(fresh(n, start, end, origin));
        }
        out.extend(old.map(|(e, _)| e));
        return out;
    }

    // Each result edit with its position in the current text: two insertions at one original
    // offset must keep the order they have there.
    let mut out: Vec<(usize, Edit)> = Vec::with_capacity(existing.len() + new.len());
    let mut existing = existing.into_iter().enumerate().peekable();
    for g in groups {
        // Existing edits before this group stay as they are.
        while let Some((idx, _)) = existing.peek() {
            if *idx >= g.old.start {
                break;
            }
            let (idx, e) = existing.next().expect("peeked");
            out.push((cur_spans[idx].start, e));
        }
        let members: Vec<Edit> = existing
            .by_ref()
            .take(g.old.len())
            .map(|(_, e)| e)
            .collect();
        if g.new.len() == 1 && members.is_empty() {
            // The common case, one new edit on text no earlier edit wrote: it maps as it is.
            let n = &mut new[g.new.start];
            let (start, end) = (map(n.range.start, true), map(n.range.end, false));
            if n.replacement != original[start..end] {
                out.push((n.range.start, fresh(n, start, end, origin)));
            }
            continue;
        }
        let news = &new[g.new.clone()];
        let cur_start = news[0].range.start.min(
            g.old
                .clone()
                .map(|k| cur_spans[k].start)
                .min()
                .unwrap_or(usize::MAX),
        );
        let cur_end = news[news.len() - 1]
            .range
            .end
            .max(g.old.clone().map(|k| cur_spans[k].end).max().unwrap_or(0));
        let start = members
            .iter()
            .map(|e| e.start)
            .chain(news.iter().map(|n| map(n.range.start, true)))
            .min()
            .expect("a group has a new edit");
        let end = members
            .iter()
            .map(|e| e.end)
            .chain(news.iter().map(|n| map(n.range.end, false)))
            .max()
            .expect("a group has a new edit");
        let mut replacement = String::new();
        let mut pos = cur_start;
        for n in news {
            replacement.push_str(&current[pos..n.range.start]);
            replacement.push_str(&n.replacement);
            pos = n.range.end;
        }
        replacement.push_str(&current[pos..cur_end]);
        if replacement == original[start..end] {
            continue; // The rules undid each other.
        }
        let mut rules: Vec<String> = Vec::new();
        let mut reasons: Vec<String> = Vec::new();
        let mut level = Level::Safe;
        for m in &members {
            for r in &m.rules {
                if !rules.contains(r) {
                    rules.push(r.clone());
                }
            }
            for part in m.reason.split("; ") {
                if !reasons.iter().any(|r| r == part) {
                    reasons.push(part.to_string());
                }
            }
            level = level.max(m.level);
        }
        if !rules.iter().any(|r| r == origin.id) {
            rules.push(origin.id.to_string());
        }
        for n in news {
            let reason = n.reason.as_deref().unwrap_or(origin.description);
            if !reasons.iter().any(|r| r == reason) {
                reasons.push(reason.to_string());
            }
            level = level.max(n.level.unwrap_or(origin.level));
        }
        let group = members
            .iter()
            .find_map(|m| m.group)
            .or_else(|| news.iter().find_map(|n| n.group));
        out.push((
            cur_start,
            Edit {
                start,
                end,
                replacement,
                rules,
                level,
                reason: reasons.join("; "),
                group,
            },
        ));
    }
    out.extend(existing.map(|(idx, e)| (cur_spans[idx].start, e)));
    out.sort_by_key(|(cur, e)| (e.start, e.end, *cur));
    out.into_iter().map(|(_, e)| e).collect()
}

/// The edit on the original for new edit `n`, which touches no earlier edit and maps to
/// `start..end`.
fn fresh(n: &mut LocalEdit, start: usize, end: usize, origin: &Origin<'_>) -> Edit {
    Edit {
        start,
        end,
        replacement: std::mem::take(&mut n.replacement),
        rules: vec![origin.id.to_string()],
        level: n.level.unwrap_or(origin.level),
        reason: n
            .reason
            .as_deref()
            .unwrap_or(origin.description)
            .to_string(),
        group: n.group,
    }
}

/// One rule's `local` edits on `current`: `current` becomes the rule's output and `edits` (on
/// `original`) grow to match it.
pub(crate) fn step(
    original: &str,
    current: &mut String,
    edits: &mut Vec<Edit>,
    local: Vec<LocalEdit>,
    origin: &Origin<'_>,
) {
    let next = super::apply_local(current, &local)
        .expect("a rule's edits are sorted and within its input");
    *edits = compose(original, current, std::mem::take(edits), local, origin);
    *current = next;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply_edits;

    fn run(original: &str, steps: &[&[(Range<usize>, &str)]]) -> Vec<Edit> {
        let mut edits = Vec::new();
        let mut current = original.to_string();
        for (n, step) in steps.iter().enumerate() {
            let id = format!("r{n}");
            let origin = Origin {
                id: &id,
                level: if n % 2 == 0 {
                    Level::Safe
                } else {
                    Level::Review
                },
                description: "d",
            };
            let local: Vec<LocalEdit> = step
                .iter()
                .map(|(r, s)| LocalEdit::new(r.clone(), *s))
                .collect();
            let next = crate::edit::apply_spans(
                &current,
                local
                    .iter()
                    .map(|l| (l.range.clone(), l.replacement.as_str())),
            )
            .unwrap();
            edits = compose(original, &current, edits, local, &origin);
            current = next;
            assert_eq!(
                apply_edits(original, &edits).unwrap(),
                current,
                "after step {n}"
            );
        }
        edits
    }

    /// Non-overlapping edits on `len` bytes of ASCII text, from (gap, length, replacement) picks.
    fn local_edits(len: usize, picks: &[(usize, usize, usize)]) -> Vec<LocalEdit> {
        const REPLACEMENTS: [&str; 4] = ["", "x", "yy", "zzz"];
        let mut out = Vec::new();
        let mut at = 0;
        for &(gap, n, r) in picks {
            let start = at + gap;
            let end = start + n;
            if end > len {
                break;
            }
            out.push(LocalEdit::new(start..end, REPLACEMENTS[r]));
            // An insertion may be followed by an edit at the same place.
            at = end;
        }
        out
    }

    proptest::proptest! {
        /// Merging edits that touch no earlier edit gives what grouping and sorting gives.
        #[test]
        fn merging_apart_is_grouping_and_sorting(
            text in "[a-d]{0,24}",
            steps in proptest::collection::vec(
                proptest::collection::vec((0usize..4, 0usize..3, 0usize..4), 0..6),
                1..5,
            ),
        ) {
            let original = text.as_str();
            let mut current = original.to_string();
            let mut edits: Vec<Edit> = Vec::new();
            for (k, picks) in steps.iter().enumerate() {
                let local = local_edits(current.len(), picks);
                let id = format!("r{k}");
                let origin = Origin { id: &id, level: Level::Safe, description: "d" };
                let next = crate::edit::apply_local(&current, &local).unwrap();
                let merged = compose_with(original, &current, edits.clone(), local.clone(), &origin, true);
                let sorted = compose_with(original, &current, edits, local, &origin, false);
                proptest::prop_assert_eq!(&merged, &sorted);
                proptest::prop_assert_eq!(apply_edits(original, &merged).unwrap(), next.clone());
                edits = merged;
                current = next;
            }
        }
    }

    #[test]
    fn an_edit_inside_text_inserted_at_the_start() {
        // `x` then `zzz` inserted at the start, then `xz` deleted: one edit inserting `zz`.
        let e = run("aaaaaa", &[&[(0..0, "x")], &[(1..1, "zzz")], &[(0..2, "")]]);
        assert_eq!(
            (e[0].start, e[0].end, e[0].replacement.as_str()),
            (0, 0, "zz")
        );
        let e = run("aa", &[&[(1..1, "yy")], &[(0..0, "zzz")], &[(0..1, "")]]);
        assert_eq!(
            (e[0].start, e[0].end, e[0].replacement.as_str()),
            (0, 0, "zz")
        );
    }

    #[test]
    fn separate_edits_stay_separate() {
        // `,` → `，` then the blank line after it is removed: two edits, two rules.
        let e = run("甲,\n\n乙", &[&[(3..4, "，")], &[(6..8, "")]]);
        assert_eq!(e.len(), 2);
        assert_eq!(
            (e[0].start, e[0].end, e[0].rules.clone()),
            (3, 4, vec!["r0".to_string()])
        );
        assert_eq!(
            (e[1].start, e[1].end, e[1].rules.clone()),
            (4, 6, vec!["r1".to_string()])
        );
        assert_eq!(e[1].level, Level::Review);
    }

    #[test]
    fn rewriting_an_edit_merges_rules() {
        // `...` → `…` then `…` → `……`.
        let e = run("好...", &[&[(3..6, "…")], &[(3..6, "……")]]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].replacement, "……");
        assert_eq!(e[0].rules, ["r0", "r1"]);
        assert_eq!(e[0].level, Level::Review);
    }

    #[test]
    fn undoing_an_edit_drops_it() {
        let e = run("a,b", &[&[(1..2, "，")], &[(1..4, ",")]]);
        assert!(e.is_empty());
    }

    #[test]
    fn insertions_next_to_deletions() {
        // Delete `b`, then insert at the same place: one edit.
        let e = run("abc", &[&[(1..2, "")], &[(1..1, "X")]]);
        assert_eq!(e.len(), 1);
        assert_eq!(
            (e[0].start, e[0].end, e[0].replacement.as_str()),
            (1, 2, "X")
        );
        // Replace `b`, then insert before and after it: three edits, in order.
        let e = run("abc", &[&[(1..2, "B")], &[(1..1, "<"), (2..2, ">")]]);
        assert_eq!(e.len(), 3);
        assert_eq!(apply_edits("abc", &e).unwrap(), "a<B>c");
    }

    #[test]
    fn insertions_at_one_offset_keep_their_order() {
        // An insertion at the end, then another after it: `X` before `\n`.
        let e = run("ab", &[&[(2..2, "X")], &[(3..3, "\n")]]);
        assert_eq!(apply_edits("ab", &e).unwrap(), "abX\n");
        assert_eq!(e.len(), 2);
    }

    #[test]
    fn one_new_edit_spanning_two_old_ones() {
        let e = run("a,b,c", &[&[(1..2, "，"), (3..4, "，")], &[(0..9, "X")]]);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].start, e[0].end), (0, 5));
        assert_eq!(e[0].rules, ["r0", "r1"]);
    }

    #[test]
    fn two_new_edits_inside_one_old_one() {
        let e = run("ab", &[&[(0..2, "xyz")], &[(0..1, "X"), (2..3, "Z")]]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].replacement, "XyZ");
    }
}
