//! Regexes that skip ahead to their first characters the way Chinese text wants.
//!
//! The `regex` crate jumps from one possible match to the next with a prefilter (`memchr` and
//! friends) only when it judges the bytes it would look for rare, and it judges by a byte
//! frequency table made from English and source code, where a space is the most common byte of
//! all. In Chinese text a space, a tab or an ideographic space is rare, yet a rule looking for one
//! (trailing space, indents, spaces around full-width marks) had the lazy DFA read every byte:
//! about 0.5 GB/s on the benchmark pages, against about 4 GB/s when it jumps to the next space.
//! Those rules ran twice over every page and took a fifth of the whole run.
//!
//! So a pattern whose own prefix prefilter the regex crate does not trust, and whose matches
//! start with one of a few known characters ([`first_chars`]), gets a prefilter for exactly those
//! characters. A prefilter only proposes where a match may start; the regex still decides, so the
//! matches are the same as without it (property-tested below).

use super::triggers::first_chars;
use regex_automata::meta::Regex;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::MatchKind;

/// More first characters than this and the prefilter would be a slow multi-literal search.
const MAX_NEEDLES: u32 = 16;

/// Compiles `pattern` as the `regex` crate would, with a prefilter on its first characters where
/// the crate would scan byte by byte. The error is the pattern's syntax error.
pub fn compile(pattern: &str) -> Result<Regex, String> {
    let mut config = Regex::config();
    if let Some(pre) = first_char_prefilter(pattern) {
        config = config.prefilter(Some(pre));
    }
    Regex::builder()
        .configure(config)
        .build(pattern)
        .map_err(|e| match e.syntax_error() {
            Some(syntax) => syntax.to_string(),
            None => e.to_string(),
        })
}

/// A prefilter for the characters every match of `pattern` starts with, where the regex crate's
/// own choice is not fast and there are few enough of them.
fn first_char_prefilter(pattern: &str) -> Option<Prefilter> {
    let hir = regex_syntax::parse(pattern).ok()?;
    if Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, &hir).is_some_and(|p| p.is_fast()) {
        return None;
    }
    let ranges = first_chars(pattern)?;
    let count: u32 = ranges
        .iter()
        .map(|&(a, b)| (b as u32).saturating_sub(a as u32) + 1)
        .sum();
    if count > MAX_NEEDLES {
        return None;
    }
    let needles: Vec<String> = ranges
        .iter()
        .flat_map(|&(a, b)| (a..=b).map(String::from))
        .collect();
    Prefilter::new(MatchKind::LeftmostFirst, &needles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rare_first_characters_get_a_prefilter() {
        assert!(first_char_prefilter(r"(?m)[ \t\x{3000}]+$").is_some());
        assert!(first_char_prefilter(r"[\x{00A0}\x{2000}-\x{200A}]").is_some());
        // The crate's own prefilter for a literal is fast already.
        assert!(first_char_prefilter("锟斤拷").is_none());
        // Too many first characters, or none known.
        assert!(first_char_prefilter(r"[\x00-\x1F]").is_none());
        assert!(first_char_prefilter(r"\n*\z").is_none());
    }

    #[test]
    fn syntax_errors_read_as_the_regex_crate_s() {
        let e = compile("(").unwrap_err();
        assert!(e.contains("unclosed group"), "{e}");
    }

    /// Patterns of the kinds the built-in packs use, with anchors and look-arounds that make the
    /// regex look at text before a candidate.
    const PATTERNS: &[&str] = &[
        r"(?m)[ \t\x{3000}]+$",
        r"(?m)^[ \t\x{3000}]+",
        r"[ \t\x{3000}]+",
        r"[\x{00A0}\x{2000}-\x{200A}\x{202F}\x{205F}]+",
        r"\b[ \t]\b",
        r"(?m)^—",
        r"\r\n?",
        r"(?i)[ab]\s",
    ];
    const ALPHABET: &str = "近年来，。、 \t\u{3000}\u{A0}\u{2003}—\r\nabAB1";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The prefilter changes where the regex looks first, never what it finds.
        #[test]
        fn matches_are_those_of_the_regex_crate(
            picks in prop::collection::vec(0..ALPHABET.chars().count(), 0..60)
        ) {
            let chars: Vec<char> = ALPHABET.chars().collect();
            let text: String = picks.iter().map(|&i| chars[i]).collect();
            for pattern in PATTERNS {
                let ours: Vec<_> = compile(pattern).unwrap().find_iter(&text).map(|m| m.range()).collect();
                let theirs: Vec<_> = regex::Regex::new(pattern).unwrap().find_iter(&text).map(|m| m.range()).collect();
                prop_assert_eq!(ours, theirs, "{:?} in {:?}", pattern, text);
            }
        }
    }
}
