//! The JSON-lines edit report: one object per edit, the format `galley apply --edits` reads back.
//!
//! ```json
//! {"file":"page.txt","start":9,"end":10,"line":1,"column":4,"before":",","after":"，","rule":"punct.comma","rules":["punct.comma"],"level":"safe","reason":"…","accept":true}
//! ```
//!
//! `start`/`end` are byte offsets in the original input; `line`/`column` are 1-based, the column
//! counted in characters. Set `"accept": false` on an edit to reject it.

use crate::edit::{Edit, Level};
use crate::text::position::LineIndex;
use serde::{Deserialize, Serialize};

/// One edit as a report line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditRecord {
    /// The input file as named on the command line (`-` for standard input).
    pub file: String,
    /// Byte offset where the edit starts in the original input.
    pub start: usize,
    /// Byte offset where it ends (exclusive).
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub column: usize,
    /// The original text of the span.
    pub before: String,
    /// Its replacement.
    pub after: String,
    /// The rule ids joined with `+`.
    pub rule: String,
    /// The rule ids.
    #[serde(default)]
    pub rules: Vec<String>,
    /// `safe` or `review`.
    pub level: Level,
    /// Why.
    #[serde(default)]
    pub reason: String,
    /// The change the edit is part of, when it takes several edits that are accepted or
    /// rejected together (a headline moved): the offset of the change's first edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<usize>,
    /// Whether to apply the edit; reviewers set it to `false` to reject one.
    #[serde(default = "yes")]
    pub accept: bool,
    /// The encoding the file was decoded from, when it was not UTF-8 (`gb18030`, `Big5`);
    /// offsets are into the decoded text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// How sure the detection was (`high`, `low`, `bom`, `given`), with `encoding`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// How the line breaks of the file (of the run of pages, for a file cleaned a run at a
    /// time) were read: `wrapped`, `paragraphs` or `mixed` ([`crate::Engine::layout_of`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<crate::text::layout::Reading>,
    /// SHA-256 of the input's bytes when the report was made; `galley apply` refuses a file
    /// whose bytes have changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// The SHA-256 of `bytes`, in hex, as reports record it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

/// `bytes` in lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn yes() -> bool {
    true
}

impl EditRecord {
    /// Records for the edits of one file.
    pub fn from_edits(file: &str, original: &str, edits: &[Edit]) -> Vec<EditRecord> {
        let index = LineIndex::new(original);
        edits
            .iter()
            .map(|e| {
                let (line, column) = index.line_column(original, e.start);
                EditRecord {
                    file: file.to_string(),
                    start: e.start,
                    end: e.end,
                    line,
                    column,
                    before: original[e.start..e.end].to_string(),
                    after: e.replacement.clone(),
                    rule: e.rule_label(),
                    rules: e.rules.clone(),
                    level: e.level,
                    reason: e.reason.clone(),
                    group: e.group,
                    accept: true,
                    encoding: None,
                    confidence: None,
                    layout: None,
                    sha256: None,
                }
            })
            .collect()
    }

    /// The record as an edit again.
    pub fn to_edit(&self) -> Edit {
        Edit {
            start: self.start,
            end: self.end,
            replacement: self.after.clone(),
            rules: if self.rules.is_empty() {
                self.rule.split('+').map(str::to_string).collect()
            } else {
                self.rules.clone()
            },
            level: self.level,
            reason: self.reason.clone(),
            group: self.group,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_accept_defaults_to_true() {
        let e = Edit {
            start: 9,
            end: 10,
            replacement: "，".into(),
            rules: vec!["punct.comma".into()],
            level: Level::Safe,
            reason: "r".into(),
            group: None,
        };
        let recs = EditRecord::from_edits("p.txt", "近年来,山西", std::slice::from_ref(&e));
        assert_eq!(
            (recs[0].line, recs[0].column, recs[0].before.as_str()),
            (1, 4, ",")
        );
        let json = serde_json::to_string(&recs[0]).unwrap();
        let back: EditRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back.to_edit(), e);
        let minimal = r#"{"file":"p","start":9,"end":10,"before":",","after":"，","rule":"punct.comma","level":"safe","line":1,"column":4}"#;
        let rec: EditRecord = serde_json::from_str(minimal).unwrap();
        assert!(rec.accept);
        assert_eq!(rec.to_edit().rules, ["punct.comma"]);
    }
}
