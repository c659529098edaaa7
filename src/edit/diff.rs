//! Edits from a before/after pair, for rules whose natural form is "transform the text"
//! (Unicode normalisation, OpenCC conversion): the smallest character-level changes.

use super::LocalEdit;
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// Character-level edits that turn `old` into `new`; offsets are shifted by `base`.
pub(crate) fn diff_edits(old: &str, new: &str, base: usize, out: &mut Vec<LocalEdit>) {
    if old == new {
        return;
    }
    let old_chars: Vec<(usize, char)> = old.char_indices().collect();
    let new_chars: Vec<char> = new.chars().collect();
    let old_only: Vec<char> = old_chars.iter().map(|&(_, c)| c).collect();
    let byte_at = |i: usize| old_chars.get(i).map_or(old.len(), |&(b, _)| b);
    let mut pending: Option<LocalEdit> = None;
    for op in capture_diff_slices(Algorithm::Myers, &old_only, &new_chars) {
        let (old_range, new_range) = match op {
            DiffOp::Equal { .. } => {
                out.extend(pending.take());
                continue;
            }
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        let range = base + byte_at(old_range.start)..base + byte_at(old_range.end);
        let text: String = new_chars[new_range].iter().collect();
        match pending.as_mut() {
            Some(p) if p.range.end == range.start => {
                p.range.end = range.end;
                p.replacement.push_str(&text);
            }
            _ => {
                out.extend(pending.take());
                pending = Some(LocalEdit::new(range, text));
            }
        }
    }
    out.extend(pending);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply_spans;

    #[test]
    fn smallest_changes() {
        let mut out = Vec::new();
        diff_edits("開放中文轉換", "开放中文转换", 10, &mut out);
        let spans: Vec<_> = out
            .iter()
            .map(|e| (e.range.clone(), e.replacement.as_str()))
            .collect();
        assert_eq!(spans, [(10..13, "开"), (22..28, "转换")]);
    }

    #[test]
    fn round_trip() {
        for (a, b) in [
            ("", "x"),
            ("abc", ""),
            ("滑鼠右鍵", "鼠标右键"),
            ("e\u{301}", "é"),
        ] {
            let mut out = Vec::new();
            diff_edits(a, b, 0, &mut out);
            let got = apply_spans(
                a,
                out.iter()
                    .map(|e| (e.range.clone(), e.replacement.as_str())),
            );
            assert_eq!(got.unwrap(), b);
        }
    }
}
