//! `convert`: Traditional/Simplified conversion with OpenCC's dictionaries (`ferrous-opencc`,
//! pure Rust, so a fresh machine needs nothing but cargo).

use super::Rule;
use crate::edit::{diff_edits, LocalEdit};
use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    /// OpenCC configuration: `s2t`, `t2s`, `s2tw`, `tw2s`, `s2hk`, `hk2s`, `s2twp`, `tw2sp`,
    /// `t2tw`, `tw2t`, `t2hk`, `hk2t`, `jp2t`, `t2jp`.
    config: String,
}

pub(crate) struct Convert {
    cc: OpenCC,
}

/// The configuration names `convert` accepts.
pub const CONFIGS: [&str; 14] = [
    "s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp", "t2tw", "tw2t", "t2hk", "hk2t",
    "jp2t", "t2jp",
];

impl Convert {
    pub(crate) fn new(p: Params) -> Result<Self, String> {
        let config = BuiltinConfig::from_filename(&format!("{}.json", p.config)).map_err(|_| {
            format!(
                "unknown OpenCC config `{}` (known: {})",
                p.config,
                CONFIGS.join(", ")
            )
        })?;
        let cc = OpenCC::from_config(config)
            .map_err(|e| format!("cannot load OpenCC config `{}`: {e}", p.config))?;
        Ok(Convert { cc })
    }
}

impl Rule for Convert {
    fn apply(&self, text: &str, out: &mut Vec<LocalEdit>) {
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            if !line.is_ascii() {
                let converted = self.cc.convert(line);
                diff_edits(line, &converted, pos, out);
            }
            pos += line.len();
        }
    }
}
