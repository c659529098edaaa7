//! `normalize`: Unicode normalisation limited to what is safe for Chinese.
//!
//! Only NFC is offered: blanket NFKC turns `，` into `,` and `…` into `...`, the opposite of what a
//! Chinese text wants. Width and compatibility mappings that are right for Chinese are explicit
//! `char_map` rules instead.

use super::Rule;
use crate::edit::{diff_edits, LocalEdit};
use serde::Deserialize;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Form {
    Nfc,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    form: Form,
}

pub(crate) struct Normalize;

impl Normalize {
    pub(crate) fn new(p: Params) -> Result<Self, String> {
        match p.form {
            Form::Nfc => Ok(Normalize),
        }
    }
}

impl Rule for Normalize {
    fn apply(&self, text: &str, out: &mut Vec<LocalEdit>) {
        if is_nfc_quick(text.chars()) == IsNormalized::Yes {
            return;
        }
        // Lines normalise independently (a newline is a starter), which keeps diffs small.
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            if is_nfc_quick(line.chars()) != IsNormalized::Yes {
                let nfc: String = line.nfc().collect();
                diff_edits(line, &nfc, pos, out);
            }
            pos += line.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_and_maps_compatibility_ideographs() {
        let mut out = Vec::new();
        let t = "e\u{301}\n\u{F900}";
        Normalize.apply(t, &mut out);
        let got = crate::edit::apply_local(t, &out).unwrap();
        assert_eq!(got, "é\n\u{8C48}");
        out.clear();
        Normalize.apply("，…全角", &mut out);
        assert!(out.is_empty());
    }
}
