//! The edit model: what galley changes, expressed on the original input.
//!
//! Every change is an [`Edit`]: a byte span of the *original* text, its replacement, the rule(s)
//! that made it and a [`Level`]. Edits of one result never overlap, so applying all of them gives
//! the clean text, applying none gives the input back, and any subset applies cleanly — which is
//! what lets a reviewer reject single edits and keep the rest.

pub(crate) mod compose;
mod diff;

pub(crate) use diff::diff_edits;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// How sure a rule is of an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Mechanical and near-certain (`,` between Han characters becomes `，`).
    Safe,
    /// A judgement a person should look at (joining blocks on weak evidence, dropping a line).
    Review,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Safe => "safe",
            Level::Review => "review",
        })
    }
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "safe" => Ok(Level::Safe),
            "review" => Ok(Level::Review),
            _ => Err(format!("unknown level `{s}` (expected `safe` or `review`)")),
        }
    }
}

/// One change to the original input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// Byte offset in the original input where the replaced text starts.
    pub start: usize,
    /// Byte offset in the original input where the replaced text ends (exclusive).
    pub end: usize,
    /// The text that replaces `start..end`.
    pub replacement: String,
    /// Ids of the rules that made this edit, in the order they ran. Usually one; more when a later
    /// rule changed what an earlier one wrote.
    pub rules: Vec<String>,
    /// `review` if any contributing rule's change needs review.
    pub level: Level,
    /// Why the rule(s) made the change, for the reviewer.
    pub reason: String,
    /// Edits that are one change and must be accepted or rejected together (a headline moved:
    /// taken out of a sentence and put back at its article's start) share a group: the offset
    /// in the original where the group's first edit starts. `None` for an edit that stands alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<usize>,
}

impl Edit {
    /// The span of the original input this edit replaces.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The rule ids joined with `+`, as reports show them.
    pub fn rule_label(&self) -> String {
        self.rules.join("+")
    }
}

/// Why a set of edits cannot be applied to a text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// The edit reaches past the end of the text or cuts a character in two.
    #[error(
        "edit {start}..{end} does not fit the text (length {len}, or not on a character boundary)"
    )]
    OutOfBounds {
        /// Start of the edit.
        start: usize,
        /// End of the edit.
        end: usize,
        /// Length of the text.
        len: usize,
    },
    /// Two edits overlap, or are not sorted by position.
    #[error("edit {start}..{end} overlaps or precedes the edit before it (which ends at {previous_end})")]
    Overlap {
        /// Start of the offending edit.
        start: usize,
        /// End of the offending edit.
        end: usize,
        /// End of the edit before it.
        previous_end: usize,
    },
}

/// Applies `edits` (sorted by position, not overlapping) to `original`.
///
/// Any subset of the edits of one [`Cleaned`](crate::Cleaned) result applies cleanly:
///
/// ```
/// let engine = galley::Engine::builtin("newspaper-zh").unwrap();
/// let input = "近年来,山西省(试行)";
/// let cleaned = engine.clean(input);
/// assert_eq!(galley::apply_edits(input, &cleaned.edits).unwrap(), cleaned.text);
/// assert_eq!(galley::apply_edits(input, &[]).unwrap(), input);
/// let first_only = galley::apply_edits(input, &cleaned.edits[..1]).unwrap();
/// assert_eq!(first_only, "近年来，山西省(试行)");
/// ```
pub fn apply_edits<'a>(
    original: &str,
    edits: impl IntoIterator<Item = &'a Edit>,
) -> Result<String, ApplyError> {
    apply_spans(
        original,
        edits
            .into_iter()
            .map(|e| (e.start..e.end, e.replacement.as_str())),
    )
}

/// Applies `(range, replacement)` pairs, sorted and not overlapping, to `text`.
pub(crate) fn apply_spans<'a>(
    text: &str,
    spans: impl IntoIterator<Item = (Range<usize>, &'a str)>,
) -> Result<String, ApplyError> {
    // Clean text is usually a little longer than its input (each `,` that becomes `，` adds two
    // bytes); room for that spares copying the whole text again when the string would grow.
    let mut out = String::with_capacity(text.len() + text.len() / 16 + 16);
    let mut pos = 0;
    for (range, replacement) in spans {
        if range.start > range.end
            || range.end > text.len()
            || !text.is_char_boundary(range.start)
            || !text.is_char_boundary(range.end)
        {
            return Err(ApplyError::OutOfBounds {
                start: range.start,
                end: range.end,
                len: text.len(),
            });
        }
        if range.start < pos {
            return Err(ApplyError::Overlap {
                start: range.start,
                end: range.end,
                previous_end: pos,
            });
        }
        out.push_str(&text[pos..range.start]);
        out.push_str(replacement);
        pos = range.end;
    }
    out.push_str(&text[pos..]);
    Ok(out)
}

/// Applies a rule's local edits (sorted, not overlapping) to the text it was given.
pub(crate) fn apply_local(text: &str, edits: &[LocalEdit]) -> Result<String, ApplyError> {
    apply_spans(
        text,
        edits
            .iter()
            .map(|e| (e.range.clone(), e.replacement.as_str())),
    )
}

/// An edit a rule proposes on the text it was given (not yet mapped to the original).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalEdit {
    /// Byte range in the rule's input.
    pub range: Range<usize>,
    /// Replacement text.
    pub replacement: String,
    /// The level of this edit, when the rule decides it per edit (joins weigh evidence);
    /// otherwise the rule's own level applies.
    pub level: Option<Level>,
    /// Why, when the rule can say more than its description.
    pub reason: Option<String>,
    /// The change this edit is part of, when it takes several edits (see [`Edit::group`]): an id
    /// from [`LocalEdit::new_group`], the same for every edit of the change.
    pub group: Option<usize>,
}

impl LocalEdit {
    /// An edit at the rule's own level, explained by the rule's description.
    pub fn new(range: Range<usize>, replacement: impl Into<String>) -> Self {
        LocalEdit {
            range,
            replacement: replacement.into(),
            level: None,
            reason: None,
            group: None,
        }
    }

    /// A fresh group id, for the edits of one change that takes several (see [`Edit::group`]).
    pub fn new_group() -> usize {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    /// Makes this edit part of change `group`.
    pub fn with_group(mut self, group: usize) -> Self {
        self.group = Some(group);
        self
    }

    /// Sets this edit's level.
    pub fn with_level(mut self, level: Level) -> Self {
        self.level = Some(level);
        self
    }

    /// Appends a deletion to `out` (edits in order), merging it with the last edit when their
    /// spans overlap — as the spans of two dropped lines do when both take the blank line between
    /// them along.
    pub(crate) fn push_deletion(out: &mut Vec<LocalEdit>, range: Range<usize>, reason: String) {
        if let Some(last) = out.last_mut() {
            if last.replacement.is_empty() && range.start < last.range.end {
                last.range.end = last.range.end.max(range.end);
                let merged = format!("{}; {reason}", last.reason.as_deref().unwrap_or_default());
                last.reason = Some(merged);
                return;
            }
        }
        out.push(LocalEdit::new(range, "").with_reason(reason));
    }

    /// Sets this edit's reason.
    pub fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_refuses_overlap_and_bad_bounds() {
        let e = |s, e| (s..e, "x");
        assert_eq!(apply_spans("abcd", [e(0, 1), e(2, 3)]).unwrap(), "xbxd");
        assert!(matches!(
            apply_spans("abcd", [e(0, 2), e(1, 3)]),
            Err(ApplyError::Overlap { .. })
        ));
        assert!(matches!(
            apply_spans("abcd", [e(3, 9)]),
            Err(ApplyError::OutOfBounds { .. })
        ));
        assert!(matches!(
            apply_spans("中", [e(1, 2)]),
            Err(ApplyError::OutOfBounds { .. })
        ));
        // An insertion right before a replacement at the same offset is well ordered.
        assert_eq!(
            apply_spans("ab", [(1..1, "<"), (1..2, "B")]).unwrap(),
            "a<B"
        );
    }
}
