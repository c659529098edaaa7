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

pub(crate) struct Normalize {
    /// The characters that can make a text other than NFC.
    triggers: Vec<(char, char)>,
}

impl Normalize {
    pub(crate) fn new(p: Params) -> Result<Self, String> {
        match p.form {
            Form::Nfc => Ok(Normalize {
                triggers: unstable_chars(),
            }),
        }
    }
}

/// The characters NFC may change or reorder: quick check other than `Yes`, or a combining class
/// other than 0. A text without any is NFC, so the engine need not run the rule on it (the rule's
/// own quick check reads every character). Beyond the Basic Multilingual Plane every character
/// counts, which only costs a run on pages that hold one.
fn unstable_chars() -> Vec<(char, char)> {
    use unicode_normalization::char::canonical_combining_class;
    let mut ranges: Vec<(char, char)> = Vec::new();
    let unstable = (0..=0xFFFF).filter_map(char::from_u32).filter(|&c| {
        !nfc_stable(c)
            && (is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes
                || canonical_combining_class(c) != 0)
    });
    for c in unstable.chain(['\u{10000}']) {
        match ranges.last_mut() {
            Some((_, end)) if *end as u32 + 1 == c as u32 => *end = c,
            _ => ranges.push((c, c)),
        }
    }
    ranges.last_mut().expect("the astral range").1 = char::MAX;
    ranges
}

impl Rule for Normalize {
    fn triggers(&self) -> Option<&[(char, char)]> {
        Some(&self.triggers)
    }

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
    use crate::text::triggers::Present;
    use proptest::prelude::*;

    fn nfc() -> Normalize {
        Normalize::new(Params { form: Form::Nfc }).unwrap()
    }

    proptest! {
        // A text without trigger characters is one the rule leaves alone, so skipping it there
        // changes nothing.
        #[test]
        fn a_text_without_triggers_is_nfc(
            text in "[a\u{5B0}\u{5B1}\u{300}\u{301}\u{327}e\u{F900}\u{212B}\u{FB01}\u{AC00}\u{1100}\u{1161}\u{3099}\u{304B}一，。\u{1D15E}\u{2F800}\n]{0,12}"
        ) {
            let rule = nfc();
            if !Present::of(&text).any(rule.triggers().unwrap()) {
                prop_assert_eq!(text.nfc().collect::<String>(), text.clone());
            }
        }
    }

    #[test]
    fn combining_marks_and_composites_are_triggers() {
        let rule = nfc();
        let triggered = |t: &str| Present::of(t).any(rule.triggers().unwrap());
        // Composing marks, composites, a jamo, a supplementary compatibility ideograph, and marks
        // out of their canonical order that compose with nothing.
        for t in [
            "e\u{301}",
            "\u{F900}",
            "\u{212B}",
            "\u{1161}",
            "\u{2F800}",
            "\u{5D0}\u{5B1}\u{5B0}",
        ] {
            assert!(triggered(t), "{t:?}");
        }
        for t in ["近年来，山西", "abc\n", "\u{AC00}"] {
            assert!(!triggered(t), "{t:?}");
        }
    }

    #[test]
    fn composes_and_maps_compatibility_ideographs() {
        let mut out = Vec::new();
        let t = "e\u{301}\n\u{F900}";
        nfc().apply(t, &mut out);
        let got = crate::edit::apply_local(t, &out).unwrap();
        assert_eq!(got, "é\n\u{8C48}");
        out.clear();
        nfc().apply("，…全角", &mut out);
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
            nfc().apply(&text, &mut out);
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
