//! The characters a rule must see before it can change anything, and which characters a text
//! holds: the engine skips a rule whose characters are absent, instead of letting it scan a page
//! for nothing.
//!
//! Most rules look for something rare (a control character, a radical, a full-width digit, a
//! straight quote); on most pages it is not there. A rule says what it needs as character ranges
//! ([`Rule::triggers`](crate::rules::Rule::triggers)): a character map its keys, a regex the
//! characters its matches can start with ([`first_chars`]). The engine keeps the set of characters
//! present in the text ([`Present`]); as rules edit, the characters they write are added (the
//! characters they remove are not taken out, so the set only ever holds more than the text), and
//! a rule none of whose characters is present would find nothing, so it does not run.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Inclusive character ranges.
pub type CharRanges = Vec<(char, char)>;

/// The characters whose UTF-8 starts with `E4` to `E9`: the unified CJK ideographs, and before
/// them the end of Extension A and the Yijing hexagrams.
#[cfg(test)]
pub const HAN: (char, char) = ('\u{4000}', '\u{9FFF}');

/// `HAN` as words of [`Present`]'s bit set.
const HAN_WORDS: std::ops::Range<usize> = 0x4000 >> 6..0xA000 >> 6;

/// The characters that occur in a text, or more.
pub struct Present {
    /// One bit per character of the Basic Multilingual Plane.
    bmp: Vec<u64>,
    /// Whether any character beyond it occurs.
    astral: bool,
}

impl Present {
    /// No characters.
    pub fn empty() -> Present {
        Present {
            bmp: vec![0; 1024],
            astral: false,
        }
    }

    /// The characters of `text`.
    pub fn of(text: &str) -> Present {
        let mut p = Present::empty();
        p.add(text);
        p
    }

    /// Adds the characters of `text`, and with any of `HAN` all of them.
    ///
    /// A page of Chinese is mostly those ideographs, hundreds of different ones; decoding each
    /// to mark its bit cost more than any rule that can be skipped, and no built-in rule but
    /// the mojibake one (which names thousands of them, and runs on any Chinese page) is
    /// triggered by one. So their three bytes are stepped over, the other characters decoded.
    pub fn add(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut han = false;
        let mut at = 0;
        while let Some(&b) = bytes.get(at) {
            if b < 0x80 {
                self.mark(usize::from(b));
                at += 1;
            } else if (0xE4..=0xE9).contains(&b) {
                han = true;
                at += 3;
            } else if (0xE0..0xF0).contains(&b) {
                // The rest of the three-byte characters (CJK marks, full-width forms) are most
                // of what is left; valid UTF-8 needs no checks to decode them.
                let n = (usize::from(b & 0x0F) << 12)
                    | (usize::from(bytes[at + 1] & 0x3F) << 6)
                    | usize::from(bytes[at + 2] & 0x3F);
                self.mark(n);
                at += 3;
            } else {
                let c = text[at..].chars().next().expect("at a character boundary");
                self.insert(c);
                at += c.len_utf8();
            }
        }
        if han {
            self.bmp[HAN_WORDS].fill(u64::MAX);
        }
    }

    /// Adds `c`.
    pub fn insert(&mut self, c: char) {
        let n = c as usize;
        if n < 0x10000 {
            self.mark(n);
        } else {
            self.astral = true;
        }
    }

    /// Sets the bit of code point `n` of the Basic Multilingual Plane.
    fn mark(&mut self, n: usize) {
        self.bmp[n >> 6] |= 1 << (n & 63);
    }

    /// Whether `c` may occur (for a character beyond the BMP: whether any such may).
    pub fn contains(&self, c: char) -> bool {
        let n = c as usize;
        if n < 0x10000 {
            self.bmp[n >> 6] & (1 << (n & 63)) != 0
        } else {
            self.astral
        }
    }

    /// Whether any character of `mask` may occur; the same answer as `Present::any` for the
    /// ranges the mask was made from.
    pub fn any_of(&self, mask: &TriggerMask) -> bool {
        (mask.astral && self.astral) || mask.words.iter().any(|&(w, bits)| self.bmp[w] & bits != 0)
    }

    /// Whether any character of `ranges` may occur: the tests' oracle for [`Present::any_of`].
    #[cfg(test)]
    pub fn any(&self, ranges: &[(char, char)]) -> bool {
        ranges.iter().any(|&(a, b)| {
            let (a, b) = (a as usize, b as usize);
            if b >= 0x10000 && self.astral {
                return true;
            }
            if a >= 0x10000 || a > b {
                return false;
            }
            let b = b.min(0xFFFF);
            (a >> 6..=b >> 6).any(|w| {
                let lo = if w == a >> 6 { a & 63 } else { 0 };
                let hi = if w == b >> 6 { b & 63 } else { 63 };
                let mask = (u64::MAX >> (63 - hi)) & (u64::MAX << lo);
                self.bmp[w] & mask != 0
            })
        })
    }
}

/// A rule's trigger characters as words of the same bit set as [`Present`], so that checking a
/// rule costs one AND per 64-character block it names instead of one test per range: the
/// mojibake rule names thousands of scattered characters, and checking it range by range took a
/// quarter of the time of cleaning short JSON records.
#[derive(Debug, Clone)]
pub struct TriggerMask {
    /// (word index, bits) of the Basic Multilingual Plane, for the words with any bit set.
    words: Vec<(usize, u64)>,
    /// Whether any trigger lies beyond it.
    astral: bool,
}

impl TriggerMask {
    /// The mask of `ranges` (inclusive character ranges).
    pub fn new(ranges: &[(char, char)]) -> TriggerMask {
        let mut set = Present::empty();
        for &(a, b) in ranges {
            if b as u32 >= 0x10000 {
                set.astral = true;
            }
            (a..=b.min('\u{FFFF}')).for_each(|c| set.insert(c));
        }
        let words = set
            .bmp
            .into_iter()
            .enumerate()
            .filter(|&(_, bits)| bits != 0)
            .collect();
        TriggerMask {
            words,
            astral: set.astral,
        }
    }
}

/// The characters every match of `pattern` starts with; `None` when a match can be empty or
/// the pattern cannot be read that way (a byte class).
pub fn first_chars(pattern: &str) -> Option<CharRanges> {
    let hir = regex_syntax::parse(pattern).ok()?;
    match first(&hir)? {
        (chars, false) => Some(chars),
        (_, true) => None,
    }
}

/// The first characters of `h`'s matches, and whether it can match the empty string.
fn first(h: &Hir) -> Option<(CharRanges, bool)> {
    Some(match h.kind() {
        HirKind::Empty | HirKind::Look(_) => (Vec::new(), true),
        HirKind::Literal(lit) => {
            let c = std::str::from_utf8(&lit.0).ok()?.chars().next()?;
            (vec![(c, c)], false)
        }
        HirKind::Class(Class::Unicode(class)) => (
            class
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
            false,
        ),
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Repetition(r) => {
            let (chars, empty) = first(&r.sub)?;
            (chars, empty || r.min == 0)
        }
        HirKind::Capture(c) => first(&c.sub)?,
        HirKind::Concat(parts) => {
            let mut chars = Vec::new();
            for part in parts {
                let (more, empty) = first(part)?;
                chars.extend(more);
                if !empty {
                    return Some((chars, false));
                }
            }
            (chars, true)
        }
        HirKind::Alternation(parts) => {
            let mut chars = Vec::new();
            let mut empty = false;
            for part in parts {
                let (more, e) = first(part)?;
                chars.extend(more);
                empty |= e;
            }
            (chars, empty)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_characters_of_patterns() {
        assert_eq!(
            first_chars("(?m)[ \\t]+$"),
            Some(vec![('\t', '\t'), (' ', ' ')])
        );
        assert_eq!(first_chars("(?m)^—"), Some(vec![('—', '—')]));
        assert_eq!(
            first_chars("(?:锟斤拷)+|烫{3,}"),
            Some(vec![('锟', '锟'), ('烫', '烫')])
        );
        assert_eq!(first_chars("a?b"), Some(vec![('a', 'a'), ('b', 'b')]));
        // Matches that can be empty need no character at all.
        assert_eq!(first_chars("\\n*\\z"), None);
        assert_eq!(first_chars("(?-u:[\\x80-\\xFF])"), None);
    }

    proptest::proptest! {
        /// Every character of a text is present, and no other outside [`HAN`], where any one
        /// stands for all.
        #[test]
        fn present_holds_the_text(
            text in "[a?@\u{7F}\u{80}é，。\u{3FFF}\u{4000}近\u{9FFF}\u{A000}\u{FFFF}\u{10000}\n]{0,8}",
            probe in "[a?@\u{7F}\u{80}é，。\u{3FFF}\u{4000}近\u{9FFF}\u{A000}\u{FFFF}\u{10000}b]",
        ) {
            let c = probe.chars().next().unwrap();
            let in_han = (HAN.0..=HAN.1).contains(&c);
            let any_han = text.chars().any(|t| (HAN.0..=HAN.1).contains(&t));
            let astral = c as u32 >= 0x10000 && text.chars().any(|t| t as u32 >= 0x10000);
            let want = text.contains(c) || (in_han && any_han) || astral;
            proptest::prop_assert_eq!(Present::of(&text).contains(c), want);
        }
    }

    #[test]
    fn presence_is_checked_by_range() {
        let p = Present::of("近年来,山西𠀀");
        assert!(p.any(&[(',', ',')]));
        assert!(!p.any(&[('!', '!'), ('\u{2F00}', '\u{2FDF}')]));
        assert!(p.any(&[('\u{4E00}', '\u{9FFF}')]));
        assert!(p.any(&[('\u{20000}', '\u{2A6DF}')]));
        assert!(!Present::of("abc").any(&[('\u{20000}', '\u{2A6DF}')]));
        // Ranges that cross words of the bit set.
        assert!(Present::of("\u{7F}").any(&[('\u{40}', '\u{C0}')]));
        assert!(!Present::of("\u{3F}").any(&[('\u{40}', '\u{C0}')]));
    }
}

#[cfg(test)]
mod masks {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A mask answers as the ranges it was made from.
        #[test]
        fn a_mask_answers_as_its_ranges(
            ranges in prop::collection::vec((0u32..0x10100, 0u32..300), 0..6),
            text in "[a,，近\u{FFFF}\u{10000}\u{3000}-\u{3010}]{0,8}",
        ) {
            let ranges: Vec<(char, char)> = ranges
                .iter()
                .filter_map(|&(a, len)| Some((char::from_u32(a)?, char::from_u32(a + len)?)))
                .collect();
            let present = Present::of(&text);
            prop_assert_eq!(present.any_of(&TriggerMask::new(&ranges)), present.any(&ranges));
        }
    }
}

#[cfg(test)]
mod soundness {
    use crate::pack::builtin;
    use proptest::prelude::*;

    /// Characters of every sort the built-in rules act on, and plain text around them.
    const ALPHABET: &str = "近年来山西省气象局的了，。；：？！、（）《》“”‘’「」…—·,.;:?!()\"'[]- \t\u{3000}\u{A0}\u{2009}\u{200B}\u{FEFF}\u{7}\r\n\u{c}１２Ａａ⼀⽅\u{F900}€浣犲ソ涓栫晫锟斤拷烫�abcXYZ0123@/%~*";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// A rule whose trigger characters are all absent from a text changes nothing in it, so
        /// skipping it is safe.
        #[test]
        fn a_rule_without_its_characters_changes_nothing(
            picks in prop::collection::vec(0..ALPHABET.chars().count(), 0..80)
        ) {
            let chars: Vec<char> = ALPHABET.chars().collect();
            let text: String = picks.iter().map(|&i| chars[i]).collect();
            let present = super::Present::of(&text);
            for (name, _) in builtin::PACKS {
                let pack = builtin::pack(name).unwrap().unwrap();
                for rule in &pack.rules {
                    if rule.imp.triggers().is_some_and(|t| !present.any(t)) {
                        prop_assert!(rule.edits(&text).is_empty(), "{} changed {:?}", rule.info.id, text);
                    }
                }
            }
        }
    }
}
