//! `flag`: text a person should look at, reported as a warning and never changed — mojibake
//! left by a wrong encoding round trip (`锟斤拷`, `烫烫烫`, `�`) cannot be repaired from the text.

use super::Rule;
use crate::edit::LocalEdit;
use regex::Regex;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    /// What to flag.
    pattern: String,
    /// A match that this matches as a whole is not flagged. A separate pattern, so that `pattern`
    /// keeps the literal the regex engine finds its matches by (an alternation that leaves the
    /// exceptions out would scan every page character by character).
    unless: Option<String>,
    /// What to tell the reader about each match.
    message: String,
}

pub(crate) struct Flag {
    re: Regex,
    unless: Option<Regex>,
    message: String,
}

impl Flag {
    pub(crate) fn new(p: Params) -> Result<Self, String> {
        Ok(Flag {
            re: Regex::new(&p.pattern).map_err(|e| format!("bad regex in `pattern`: {e}"))?,
            unless: p
                .unless
                .map(|u| Regex::new(&format!(r"\A(?:{u})\z")))
                .transpose()
                .map_err(|e| format!("bad regex in `unless`: {e}"))?,
            message: p.message,
        })
    }
}

impl Rule for Flag {
    fn apply(&self, _text: &str, _out: &mut Vec<LocalEdit>) {}

    fn warnings(&self, text: &str) -> Vec<(usize, String)> {
        self.re
            .find_iter(text)
            .filter(|m| !self.unless.as_ref().is_some_and(|u| u.is_match(m.as_str())))
            .map(|m| (m.start(), format!("{}: {:?}", self.message, m.as_str())))
            .collect()
    }
}
