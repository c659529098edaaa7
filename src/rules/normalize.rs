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
        // Leaving the stable characters out can only make the quick check stricter (a starter
        // between two marks no longer resets their order), so `Yes` still means the page is NFC.
        if is_nfc_quick(text.chars().filter(|&c| !nfc_stable(c))) == IsNormalized::Yes {
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

/// Characters that NFC leaves alone whatever surrounds them (quick-check `Yes`, combining class
/// 0): below the combining marks, the CJK ideographs, CJK punctuation but the tone and kana
/// voicing marks, the common general punctuation and the full-width forms. Checking these first
/// spares a table lookup per character of a Chinese page.
fn nfc_stable(c: char) -> bool {
    matches!(c,
        '\0'..='\u{2FF}'
        | '\u{2010}'..='\u{2027}'
        | '\u{3000}'..='\u{3029}'
        | '\u{3030}'..='\u{303F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{FF01}'..='\u{FFEF}')
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

    proptest::proptest! {
        /// Whatever the fast paths skip, the page comes out as NFC.
        #[test]
        fn the_result_is_the_text_in_nfc(picks in proptest::collection::vec(0usize..14, 0..30)) {
            let alphabet: Vec<char> =
                "e近，\n●①\u{301}\u{323}\u{3099}か\u{F900}\u{1100}\u{1161}a".chars().collect();
            let text: String = picks.iter().map(|&i| alphabet[i]).collect();
            let mut out = Vec::new();
            Normalize.apply(&text, &mut out);
            let got = crate::edit::apply_local(&text, &out).unwrap();
            proptest::prop_assert_eq!(got, text.nfc().collect::<String>());
        }
    }

    #[test]
    fn the_fast_ranges_are_stable_under_nfc() {
        use unicode_normalization::char::canonical_combining_class;
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| nfc_stable(c))
        {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
    }
}
