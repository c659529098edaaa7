//! A reviewer's decisions, remembered: the records `galley review` and the review page export
//! (the report's JSON lines, each with `accept`), read back so that a later run on an unchanged
//! input does not make, or ask about, an edit a person already refused.
//!
//! An input is the same input when its bytes are: a decision holds for the input whose SHA-256
//! its record carries, whatever the file is called now, and for the edit that replaces the same
//! span with the same text, whichever rule makes it after a change to the rules. A record
//! without a hash (a report made without one) cannot be tied to an input and is not used.
//!
//! ```
//! use galley::decisions::Decisions;
//! use galley::report::jsonl::{sha256_hex, EditRecord};
//! use galley::Engine;
//!
//! let engine = Engine::builtin("newspaper-zh")?;
//! let page = "近年来,山西,太原\n";
//! let sha = sha256_hex(page.as_bytes());
//! let mut records = EditRecord::from_edits("page.txt", page, &engine.clean(page).edits);
//! records[1].accept = false; // the second comma is refused
//! for r in &mut records {
//!     r.sha256 = Some(sha.clone());
//! }
//! let decisions = Decisions::from_records(records);
//! let again = decisions.apply(&sha, 0, page, engine.clean(page));
//! assert_eq!(again.text, "近年来，山西,太原\n");
//! // Another text is another input: nothing is remembered for it.
//! let other = "近年来,山西,太原。\n";
//! let sha_other = sha256_hex(other.as_bytes());
//! assert_eq!(decisions.apply(&sha_other, 0, other, engine.clean(other)).text, "近年来，山西，太原。\n");
//! # Ok::<(), galley::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::report::jsonl::EditRecord;
use crate::{Cleaned, Edit};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

/// What a decision is about: the span of the input and what replaces it.
type Key = (usize, usize, String);

/// Decisions by input hash.
#[derive(Debug, Default, Clone)]
pub struct Decisions {
    by_input: HashMap<String, HashMap<Key, bool>>,
    /// The records read, in order (what a review writes back, beside its new decisions).
    records: Vec<EditRecord>,
}

impl Decisions {
    /// The decisions of `records` (the last record about an edit wins).
    pub fn from_records(records: impl IntoIterator<Item = EditRecord>) -> Decisions {
        let mut d = Decisions::default();
        for r in records {
            if let Some(sha) = &r.sha256 {
                let key = (r.start, r.end, r.after.clone());
                d.by_input
                    .entry(sha.clone())
                    .or_default()
                    .insert(key, r.accept);
            }
            d.records.push(r);
        }
        d
    }

    /// Reads a decisions file (JSON lines of edit records). A line that is not a record is an
    /// error naming the file and line.
    pub fn load(path: &Path) -> Result<Decisions> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let mut records = Vec::new();
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(io)?;
            if line.trim().is_empty() {
                continue;
            }
            let record = serde_json::from_str(&line).map_err(|e| Error::Decisions {
                file: path.display().to_string(),
                line: n + 1,
                message: format!("not an edit record ({e}); a decisions file holds the JSON lines `galley review` or the review page exports"),
            })?;
            records.push(record);
        }
        Ok(Decisions::from_records(records))
    }

    /// Whether decisions are held for the input of hash `sha256`.
    pub fn knows(&self, sha256: &str) -> bool {
        self.by_input.contains_key(sha256)
    }

    /// The decision on `edit` of the input of hash `sha256`, found at byte `offset` of the
    /// input (the start of the stretch `edit`'s offsets count from): `Some(false)` refused.
    pub fn decision(&self, sha256: &str, offset: usize, edit: &Edit) -> Option<bool> {
        let key = (
            offset + edit.start,
            offset + edit.end,
            edit.replacement.clone(),
        );
        self.by_input.get(sha256)?.get(&key).copied()
    }

    /// `cleaned` (the result for `original`, the stretch of the input of hash `sha256` that
    /// starts at byte `offset`) without the edits a person refused.
    pub fn apply(&self, sha256: &str, offset: usize, original: &str, cleaned: Cleaned) -> Cleaned {
        if !self.knows(sha256) {
            return cleaned;
        }
        // A change made of several edits goes as a whole when any of them was refused.
        let refused: std::collections::HashSet<usize> = cleaned
            .edits
            .iter()
            .filter(|e| self.decision(sha256, offset, e) == Some(false))
            .filter_map(|e| e.group)
            .collect();
        cleaned.retain(original, |e| {
            self.decision(sha256, offset, e) != Some(false)
                && e.group.is_none_or(|g| !refused.contains(&g))
        })
    }

    /// The records read, in order.
    pub fn records(&self) -> &[EditRecord] {
        &self.records
    }
}
