//! What a set of review decisions should make of a text, worked out from the report's records
//! independently of galley, and what `galley apply` makes of it.

use std::path::Path;

/// `text` with the `after` of each of `records` put in place of its span.
pub fn by_hand(text: &str, records: &[&serde_json::Value]) -> String {
    let mut want = text.to_string();
    let mut sorted: Vec<&serde_json::Value> = records.to_vec();
    sorted.sort_by_key(|r| r["start"].as_u64().unwrap());
    for r in sorted.iter().rev() {
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        want.replace_range(s..e, r["after"].as_str().unwrap());
    }
    want
}

/// What `galley apply INPUT --edits DECISIONS` prints; it must succeed.
pub fn by_galley(input: &Path, decisions: &Path) -> String {
    let out = assert_cmd::Command::cargo_bin("galley")
        .unwrap()
        .arg("apply")
        .arg(input)
        .arg("--edits")
        .arg(decisions)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
