//! Choosing rules by id or id prefix, the way ruff selects rule codes.
//!
//! A selector matches a rule when it equals the id or is a prefix of it at a `.` boundary
//! (`punct` and `punct.` both match `punct.comma`; `punct.com` does not). Without `--select`,
//! every rule that is enabled by default runs; with it, only matching ones. `--ignore` then removes
//! rules. A rule that is off by default (`enabled = false`, e.g. an OpenCC conversion) runs only
//! when selected by its full id, or enabled by the profile.

/// Select and ignore lists.
///
/// ```
/// use galley::{Engine, Selection};
///
/// let only_punctuation = Selection { select: vec!["punct".into()], ignore: vec!["punct.colon".into()], ..Default::default() };
/// let engine = Engine::builder().selection(only_punctuation).build()?;
/// assert!(engine.active().all(|r| r.info.id.starts_with("punct.") && r.info.id != "punct.colon"));
/// assert_eq!(engine.clean("近年来,山西\n\n\n").text, "近年来，山西\n\n\n");
/// # Ok::<(), galley::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Selectors that choose rules; empty means "the defaults".
    pub select: Vec<String>,
    /// Selectors that add rules to the defaults (or to `select`), like ruff's `--extend-select`;
    /// a rule that is off by default needs its full id here too.
    pub extend: Vec<String>,
    /// Selectors that remove rules.
    pub ignore: Vec<String>,
}

/// Whether `selector` matches rule `id`.
pub fn matches(selector: &str, id: &str) -> bool {
    let s = selector.trim_end_matches('.');
    id == s || (id.starts_with(s) && id[s.len()..].starts_with('.'))
}

impl Selection {
    /// Whether the rule `id` (on by default or not) runs under this selection.
    pub fn runs(&self, id: &str, enabled: bool) -> bool {
        let picks = |list: &[String]| {
            list.iter()
                .any(|s| if enabled { matches(s, id) } else { s == id })
        };
        let chosen = if self.select.is_empty() {
            enabled
        } else {
            picks(&self.select)
        };
        (chosen || picks(&self.extend)) && !self.ignore.iter().any(|s| matches(s, id))
    }

    /// The selectors that match none of `ids`.
    pub fn unknown<'a>(&'a self, ids: &[&str]) -> Vec<&'a str> {
        self.select
            .iter()
            .chain(&self.extend)
            .chain(&self.ignore)
            .filter(|s| !ids.iter().any(|id| matches(s, id)))
            .map(String::as_str)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_at_dots() {
        assert!(matches("punct", "punct.comma"));
        assert!(matches("punct.", "punct.comma"));
        assert!(matches("punct.comma", "punct.comma"));
        assert!(!matches("punct.com", "punct.comma"));
        assert!(!matches("pun", "punct.comma"));
    }

    #[test]
    fn select_ignore_and_default_off_rules() {
        let s = Selection {
            select: vec!["punct".into(), "convert.t2s".into()],
            extend: vec![],
            ignore: vec!["punct.colon".into()],
        };
        assert!(s.runs("punct.comma", true));
        assert!(!s.runs("punct.colon", true));
        assert!(!s.runs("layout.blank-lines", true));
        assert!(s.runs("convert.t2s", false));
        assert!(!s.runs("punct.quotes-corner", false));
        let d = Selection::default();
        assert!(d.runs("layout.blank-lines", true) && !d.runs("convert.t2s", false));
        assert_eq!(s.unknown(&["punct.comma", "convert.t2s"]), ["punct.colon"]);
        let e = Selection {
            extend: vec!["punct.corner-to-curly".into()],
            ..Selection::default()
        };
        assert!(e.runs("punct.corner-to-curly", false) && e.runs("punct.comma", true));
    }
}
