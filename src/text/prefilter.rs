//! Regexes that skip ahead to their first characters the way Chinese text wants.
//!
//! The `regex` crate jumps from one possible match to the next with a prefilter only when it
//! judges the bytes it would look for rare, and it judges by a byte frequency table made from
//! English and source code, where a space is the most common byte of all. In Chinese text a
//! space, a tab or an ideographic space is rare, yet a rule looking for one (trailing space,
//! indents, spaces around full-width marks) had the lazy DFA read every byte: about 0.5 GB/s on
//! the benchmark pages.
//!
//! Giving the crate a prefilter for those first characters did not fully help either: with a
//! one-byte needle (a space) in the set, its multi-literal search can only fingerprint the first
//! byte of each needle, and the first byte of the ideographic space (`E3`) also starts `、`,
//! `。`, `《` and the other CJK marks, so every mark in a page was a false candidate.
//!
//! So a pattern whose own prefilter the crate does not trust, and whose matches start with one
//! of a few known characters ([`first_chars`]), gets a `Starts` finder of its own: `memchr`
//! for its ASCII first characters and, for each other one, a substring search that keys on the
//! character's continuation bytes (a byte pair such as `80 80` is rare in CJK text, where a lead
//! byte such as `E3` is not). The regex is then asked for an anchored match at each candidate
//! only. Candidates only say where a match may start and every match starts at one, so the
//! matches are exactly the regex's own (property-tested below).

use super::triggers::first_chars;
use memchr::arch::all::packedpair::HeuristicFrequencyRank;
use memchr::memmem;
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::Look;
use std::ops::Range;

/// More first characters than this and a search per character would cost more than it saves
/// (the crate's multi-literal prefilter is used instead).
const MAX_WIDE: usize = 3;

/// More first characters than this and even the crate's prefilter would be a slow search.
const MAX_NEEDLES: u32 = 16;

/// A pattern compiled for searching Chinese text.
#[derive(Debug)]
pub struct Pattern {
    re: Regex,
    starts: Option<Starts>,
    /// Where every match starts, when the pattern is anchored there.
    anchor: Option<Anchor>,
}

/// The start of the text (`\A`, `^`) or of a line (`(?m)^`): a candidate anywhere else (a space
/// in mid-line, for an indentation rule) is passed over without asking the regex.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Anchor {
    Text,
    Line,
}

impl Anchor {
    fn of(hir: &regex_syntax::hir::Hir) -> Option<Anchor> {
        let looks = hir.properties().look_set_prefix();
        if looks.contains(Look::Start) {
            Some(Anchor::Text)
        } else if looks.contains(Look::StartLF) {
            Some(Anchor::Line)
        } else {
            None
        }
    }

    fn holds(self, hay: &[u8], at: usize) -> bool {
        at == 0 || (self == Anchor::Line && hay[at - 1] == b'\n')
    }
}

/// Where a search is in a text: what it has learned of the next candidates (see [`Pattern::find`]).
#[derive(Debug, Default)]
pub struct Cursor {
    /// The last position asked about.
    from: usize,
    /// For each finder of [`Starts`], its next hit at or after `from` (`None`: none to the end
    /// of the text), or nothing yet.
    next: Vec<Option<Option<usize>>>,
}

impl Pattern {
    /// Compiles `pattern` as the `regex` crate would, choosing how to find where matches may
    /// start. The error is the pattern's syntax error.
    pub fn new(pattern: &str) -> Result<Pattern, String> {
        let hir = regex_syntax::parse(pattern).ok();
        let trusted = hir.as_ref().is_some_and(|hir| {
            Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, hir).is_some_and(|p| p.is_fast())
        });
        let chars = if trusted { None } else { first_chars(pattern) };
        let starts = chars.as_deref().and_then(Starts::new);
        let mut config = Regex::config();
        if starts.is_none() {
            if let Some(pre) = chars.as_deref().and_then(literal_prefilter) {
                config = config.prefilter(Some(pre));
            }
        }
        let re = Regex::builder()
            .configure(config)
            .build(pattern)
            .map_err(|e| match e.syntax_error() {
                Some(syntax) => syntax.to_string(),
                None => e.to_string(),
            })?;
        let anchor = hir.as_ref().and_then(Anchor::of);
        Ok(Pattern { re, starts, anchor })
    }

    /// Capture slots for [`Pattern::find`].
    pub fn create_captures(&self) -> Captures {
        self.re.create_captures()
    }

    /// The leftmost-first match starting at or after `from` (the text before `from` is still
    /// seen by anchors such as `^`). With `caps`, its groups are filled in too. `cursor` carries
    /// what one search learned to the next; use a fresh one for each text.
    pub fn find(
        &self,
        text: &str,
        from: usize,
        cursor: &mut Cursor,
        caps: Option<&mut Captures>,
    ) -> Option<Range<usize>> {
        let search = |input: &Input<'_>, caps: Option<&mut Captures>| match caps {
            Some(caps) => {
                self.re.search_captures(input, caps);
                caps.get_match().map(|m| m.range())
            }
            None => self.re.search(input).map(|m| m.range()),
        };
        let Some(starts) = &self.starts else {
            return search(&Input::new(text).range(from..), caps);
        };
        let mut caps = caps;
        let mut at = from;
        while let Some(candidate) = starts.next(text.as_bytes(), at, cursor) {
            if self
                .anchor
                .is_some_and(|a| !a.holds(text.as_bytes(), candidate))
            {
                at = candidate + 1;
                continue;
            }
            let input = Input::new(text).range(candidate..).anchored(Anchored::Yes);
            if let Some(m) = search(&input, caps.as_deref_mut()) {
                return Some(m);
            }
            at = candidate + 1;
        }
        None
    }
}

/// Finds the next place where one of a few characters occurs.
#[derive(Debug)]
struct Starts {
    /// The ASCII characters (at most three), found with `memchr`.
    ascii: Vec<u8>,
    /// One substring search for each other character.
    wide: Vec<memmem::Finder<'static>>,
}

/// Byte frequencies of Chinese text in UTF-8 for `memmem`, which searches for the two rarest
/// bytes of a needle at once: lead bytes of CJK characters are the most common bytes,
/// continuation bytes next, so a search keys on a character's last bytes. (The needles are
/// single non-ASCII characters, so how ASCII bytes rank does not matter.)
struct ChineseText;

impl HeuristicFrequencyRank for ChineseText {
    fn rank(&self, byte: u8) -> u8 {
        match byte {
            0xE3..=0xE9 => 255,
            0x80..=0xBF => 200,
            _ => 100,
        }
    }
}

impl Starts {
    /// A finder for `chars` (ranges of first characters), when they are few enough.
    fn new(chars: &[(char, char)]) -> Option<Starts> {
        let mut ascii = Vec::new();
        let mut wide = Vec::new();
        for &(a, b) in chars {
            for c in a..=b {
                if c.is_ascii() {
                    ascii.push(c as u8);
                } else {
                    wide.push(c);
                }
                if ascii.len() > 3 || wide.len() > MAX_WIDE {
                    return None;
                }
            }
        }
        let wide = wide
            .into_iter()
            .map(|c| {
                memmem::FinderBuilder::new()
                    .build_forward_with_ranker_owned(ChineseText, c.to_string().into_bytes())
            })
            .collect();
        Some(Starts { ascii, wide })
    }

    /// The first byte at or after `from` where one of the characters starts.
    fn next(&self, hay: &[u8], from: usize, cursor: &mut Cursor) -> Option<usize> {
        let finders = 1 + self.wide.len();
        // What was found ahead of an earlier position holds for a later one only.
        if cursor.next.len() != finders || from < cursor.from {
            cursor.next = vec![None; finders];
        }
        cursor.from = from;
        let rest = hay.get(from..)?;
        let mut best: Option<usize> = None;
        for (k, slot) in cursor.next.iter_mut().enumerate() {
            let stale = match slot {
                None => true,
                Some(hit) => hit.is_some_and(|at| at < from),
            };
            if stale {
                let found = if k == 0 {
                    match self.ascii[..] {
                        [] => None,
                        [a] => memchr::memchr(a, rest),
                        [a, b] => memchr::memchr2(a, b, rest),
                        [a, b, c, ..] => memchr::memchr3(a, b, c, rest),
                    }
                } else {
                    self.wide[k - 1].find(rest)
                };
                *slot = Some(found.map(|i| from + i));
            }
            if let Some(Some(at)) = slot {
                best = Some(best.map_or(*at, |b: usize| b.min(*at)));
            }
        }
        best
    }
}

/// A prefilter for the crate's own search, for first characters too many for [`Starts`].
fn literal_prefilter(ranges: &[(char, char)]) -> Option<Prefilter> {
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
    fn rare_first_characters_get_a_finder() {
        assert!(Pattern::new(r"(?m)[ \t\x{3000}]+$")
            .unwrap()
            .starts
            .is_some());
        // Too many to search one by one: the crate's multi-literal prefilter.
        let odd = r"[\x{00A0}\x{2000}-\x{200A}]";
        assert!(Pattern::new(odd).unwrap().starts.is_none());
        assert!(literal_prefilter(&first_chars(odd).unwrap()).is_some());
        // The crate's own prefilter for a literal is fast already.
        assert!(Pattern::new("锟斤拷").unwrap().starts.is_none());
        // Too many first characters, or none known.
        assert!(Pattern::new(r"[\x00-\x1F]").unwrap().starts.is_none());
        assert!(Pattern::new(r"\n*\z").unwrap().starts.is_none());
    }

    /// Every match, the way a rule searches: on from the end of the last one (one character on
    /// after an empty one).
    fn matches(p: &Pattern, text: &str) -> Vec<Range<usize>> {
        let mut cursor = Cursor::default();
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(m) = p.find(text, at, &mut cursor, None) {
            at = if m.is_empty() {
                crate::rules::next_boundary(text, m.end)
            } else {
                m.end
            };
            out.push(m);
            if at > text.len() {
                break;
            }
        }
        out
    }

    #[test]
    fn syntax_errors_read_as_the_regex_crate_s() {
        let e = Pattern::new("(").unwrap_err();
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
        r"^[ \t]+|—",
        r"\A[ \t\x{3000}]+",
        r"(?m)^ |—",
        r"(?Rm)^[ \t]+",
        r"\r\n?",
        r"(?i)[ab]\s",
        r"[ \x{3000}、]+(、)?",
        r"。\n|\t",
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
                let ours = matches(&Pattern::new(pattern).unwrap(), &text);
                let theirs: Vec<_> = regex::Regex::new(pattern).unwrap().find_iter(&text).map(|m| m.range()).collect();
                prop_assert_eq!(ours, theirs, "{:?} in {:?}", pattern, text);
            }
        }
    }
}
