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
    /// What to tell the reader about each match.
    message: String,
}

pub(crate) struct Flag {
    re: Regex,
    message: String,
}

impl Flag {
    pub(crate) fn new(p: Params) -> Result<Self, String> {
        Ok(Flag {
            re: Regex::new(&p.pattern).map_err(|e| format!("bad regex in `pattern`: {e}"))?,
            message: p.message,
        })
    }
}

impl Rule for Flag {
    fn apply(&self, _text: &str, _out: &mut Vec<LocalEdit>) {}

    fn warnings(&self, text: &str) -> Vec<(usize, String)> {
        self.re
            .find_iter(text)
            .map(|m| (m.start(), format!("{}: {:?}", self.message, m.as_str())))
            .collect()
    }
}
