//! `mojibake`: UTF-8 text that was decoded as GBK (`你好世界` read as `浣犲ソ涓栫晫`) is turned
//! back, where the round trip is exact.
//!
//! Each run of characters without ASCII or spaces in it is encoded as GBK; when those bytes are
//! valid UTF-8, decode as GBK back to the very same run, and read as UTF-8 give Chinese text that
//! holds more dictionary words than the run itself, the run is mojibake and its UTF-8 reading
//! replaces it. Ordinary Chinese text does not pass: a run of it is almost never valid UTF-8 as a
//! whole, and where a short one is, its reading is not more Chinese than it. Mojibake that lost
//! bytes (a sequence cut at a line end shows as `�`) cannot be turned back and is left to the
//! `flag` rule that reports it.

use super::Rule;
use crate::edit::LocalEdit;
use crate::text::class::{is_cjk_punct, is_han};
use crate::text::dictionary::is_han_pair_word;
use crate::text::triggers::Present;
use encoding_rs::GBK;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Params {
    /// Fewest characters in a run for it to be considered (three hold two Chinese characters).
    min_chars: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params { min_chars: 3 }
    }
}

pub(crate) struct Mojibake {
    p: Params,
    /// What a run of mojibake starts with.
    triggers: Vec<(char, char)>,
}

impl Mojibake {
    pub(crate) fn new(p: Params) -> Result<Self, String> {
        if p.min_chars < 2 {
            return Err("`min_chars` must be at least 2".into());
        }
        let triggers = utf8_leads()
            .iter()
            .chain(['€'].iter())
            .map(|&c| (c, c))
            .collect();
        Ok(Mojibake { p, triggers })
    }

    /// The UTF-8 reading of `run`, when `run` is exactly UTF-8 read as GBK.
    fn reading(&self, run: &str) -> Option<String> {
        let text = only_utf8_reading(run)?;
        let chinese = text.chars().all(|c| {
            is_han(c)
                || is_cjk_punct(c)
                || ('\u{FF01}'..='\u{FF5E}').contains(&c)
                || "“”‘’\u{3000}".contains(c)
                || c.is_ascii_graphic()
        });
        (text != run && chinese && words(&text) > words(run)).then_some(text)
    }
}

/// The GBK byte sequences that decode to `c`: one for most characters, two for the ideographic
/// space (`A1 A1`, `A3 A0`) and the euro sign (`80`, `A2 E3`).
fn gbk_bytes(c: char) -> Option<Vec<Vec<u8>>> {
    match c {
        '\u{3000}' => Some(vec![vec![0xA1, 0xA1], vec![0xA3, 0xA0]]),
        '€' => Some(vec![vec![0x80], vec![0xA2, 0xE3]]),
        _ => gbk_pair(c).map(|pair| vec![pair.to_vec()]),
    }
}

/// The two bytes GBK's encoder writes for `c`; `None` for characters it has no pair for, and for
/// the few private-use characters it writes as a pair that decodes to another character (mojibake
/// is made of what the decoder gives, so never holds them).
/// encoding_rs finds a Han character's bytes by searching its tables, which made this rule one
/// of the slowest when asked per character, and asking it once for every character of the Basic
/// Multilingual Plane (GBK has no pairs beyond it) took about 40 ms at every start. The table is
/// built the other way round instead: every GBK byte pair is decoded (a table lookup), and only
/// the few characters that more than one byte sequence decodes to are left to the encoder.
fn gbk_pair(c: char) -> Option<[u8; 2]> {
    // Indexed by code point (128 KB); `[0, 0]` for none, since no GBK pair starts with 0.
    static PAIRS: std::sync::OnceLock<Vec<[u8; 2]>> = std::sync::OnceLock::new();
    let pairs = PAIRS.get_or_init(|| {
        let mut pairs = vec![[0u8; 2]; 0x10000];
        // The euro sign is also the single byte 80, which the encoder writes.
        let mut ambiguous = vec![0x20AC];
        let mut decoder = GBK.new_decoder_without_bom_handling();
        for lead in 0x81..=0xFEu8 {
            for trail in (0x40..=0xFEu8).filter(|&t| t != 0x7F) {
                let mut out = [0u16; 4];
                let (result, read, written) =
                    decoder.decode_to_utf16_without_replacement(&[lead, trail], &mut out, false);
                if result != encoding_rs::DecoderResult::InputEmpty || read != 2 || written != 1 {
                    // A pair GBK leaves unmapped, or the start of a four-byte GB18030 sequence.
                    decoder = GBK.new_decoder_without_bom_handling();
                    continue;
                }
                let slot = &mut pairs[usize::from(out[0])];
                if slot[0] != 0 {
                    ambiguous.push(out[0]);
                }
                *slot = [lead, trail];
            }
        }
        let mut encoder = GBK.new_encoder();
        for unit in ambiguous {
            let c = char::from_u32(u32::from(unit)).expect("GBK decodes to scalar values");
            let mut one = [0; 4];
            let mut buf = [0u8; 8];
            let (result, _, written) = encoder.encode_from_utf8_without_replacement(
                c.encode_utf8(&mut one),
                &mut buf,
                false,
            );
            pairs[unit as usize] =
                if result == encoding_rs::EncoderResult::InputEmpty && written == 2 {
                    [buf[0], buf[1]]
                } else {
                    [0, 0]
                };
        }
        pairs
    });
    pairs.get(c as usize).copied().filter(|pair| pair[0] != 0)
}

/// The one UTF-8 text whose bytes, decoded as GBK, give `run`; `None` when there is none or when
/// an ideographic space or euro sign could stand for either of its byte sequences.
fn only_utf8_reading(run: &str) -> Option<String> {
    let options: Vec<Vec<Vec<u8>>> = run.chars().map(gbk_bytes).collect::<Option<_>>()?;
    let mut bytes: Vec<u8> = Vec::with_capacity(run.len());
    for (k, choices) in options.iter().enumerate() {
        if let [only] = &choices[..] {
            bytes.extend_from_slice(only);
            continue;
        }
        // UTF-8 is checked locally: from the start of the last sequence so far, through the
        // bytes of the next two characters.
        let from = (bytes.len().saturating_sub(3)..bytes.len())
            .find(|&i| bytes[i] & 0xC0 != 0x80)
            .unwrap_or(bytes.len());
        let next: Vec<u8> = options[k + 1..]
            .iter()
            .take(2)
            .flat_map(|o| o[0].iter().copied())
            .collect();
        let fitting: Vec<&Vec<u8>> = choices
            .iter()
            .filter(|choice| {
                let window = [&bytes[from..], &choice[..], &next[..]].concat();
                match std::str::from_utf8(&window) {
                    Ok(_) => true,
                    Err(e) => e.error_len().is_none(),
                }
            })
            .collect();
        let [choice] = fitting[..] else {
            return None;
        };
        bytes.extend_from_slice(choice);
    }
    let text = String::from_utf8(bytes).ok()?;
    (GBK.decode_without_bom_handling_and_without_replacement(text.as_bytes())? == run)
        .then_some(text)
}

/// How many neighbouring pairs of Han characters in `text` are dictionary words.
fn words(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .filter(|w| is_han_pair_word(w[0], w[1]))
        .count()
}

/// Whether the first characters of `run`, encoded as GBK, could begin UTF-8: ordinary Chinese
/// text fails within a character or two, so most runs cost no more than this.
fn starts_utf8(run: &str) -> bool {
    let first = run.chars().next().expect("runs are not empty");
    if !is_utf8_lead(first) && first != '€' {
        return false;
    }
    let mut bytes = [0u8; 8];
    let mut n = 0;
    for c in run.chars().take(4) {
        if c == '\u{3000}' || c == '€' {
            return true;
        }
        match gbk_pair(c) {
            Some(pair) => {
                bytes[n..n + 2].copy_from_slice(&pair);
                n += 2;
            }
            None => return false,
        }
    }
    match std::str::from_utf8(&bytes[..n]) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// Whether `c` is one of [`utf8_leads`] (all in the Basic Multilingual Plane), from a bit set,
/// since every run of a page asks.
fn is_utf8_lead(c: char) -> bool {
    static SET: std::sync::OnceLock<Present> = std::sync::OnceLock::new();
    (c as u32) < 0x10000
        && SET
            .get_or_init(|| {
                let mut set = Present::empty();
                utf8_leads().iter().for_each(|&c| set.insert(c));
                set
            })
            .contains(c)
}

/// The characters GBK reads from a byte pair that starts a UTF-8 sequence (a lead byte of a two-
/// to four-byte sequence and a continuation byte), sorted: mojibake of UTF-8 starts with one.
fn utf8_leads() -> &'static [char] {
    static LEADS: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    LEADS.get_or_init(|| {
        let mut chars: Vec<char> = (0xC2..=0xF4u8)
            .flat_map(|lead| (0x80..=0xBFu8).map(move |trail| [lead, trail]))
            .filter_map(|pair| {
                let text = GBK.decode_without_bom_handling_and_without_replacement(&pair)?;
                let mut it = text.chars();
                match (it.next(), it.next()) {
                    (Some(c), None) => Some(c),
                    _ => None,
                }
            })
            .collect();
        chars.sort_unstable();
        chars.dedup();
        chars
    })
}

/// Whether `c` can be part of a run: mojibake of UTF-8 Chinese is made of GBK double-byte
/// characters, never ASCII or spaces but the ideographic space (GBK `A1 A1`, which is inside
/// the UTF-8 of characters such as `衡`).
fn in_run(c: char) -> bool {
    !c.is_ascii() && (!c.is_whitespace() || c == '\u{3000}') && c != '\u{FFFD}'
}

/// The high bit of each byte of a word read eight bytes at a time: all set, no ASCII byte.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The first byte at or after `from` that may end a run: an ASCII byte, or the lead byte of the
/// only other characters that can (non-ASCII whitespace and `�` start with `C2`, `E1`, `E2` or
/// `EF`). Eight bytes at a time, since every page is scanned in every round and long stretches
/// of Chinese text hold none of them.
fn next_stop(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Whether any byte of `w` is `b` (the classic zero-byte test on `w ^ b…b`).
    let has = |w: u64, b: u8| {
        let x = w ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGH != 0
    };
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if w & HIGH != HIGH || has(w, 0xC2) || has(w, 0xE1) || has(w, 0xE2) || has(w, 0xEF) {
            break;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| b < 0x80 || matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xEF))
        .map_or(bytes.len(), |k| at + k)
}

/// Whether `text` holds a character other than ASCII that ends a run (non-ASCII whitespace but
/// the ideographic space, or `�`). A page almost never does; without one, a run is a stretch of
/// bytes outside ASCII, found eight bytes at a time with one test.
fn has_inner_stop(text: &str) -> bool {
    let bytes = text.as_bytes();
    // The leads of the non-ASCII whitespace: `C2` (U+0085, U+00A0), `E1` (U+1680) and `E2`
    // (U+2000 to U+205F), each a character's first byte; most characters they start (`·`, `“`,
    // `—`) are no stop.
    memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes)
        .any(|at| !text[at..].chars().next().is_some_and(in_run))
        || memchr::memmem::find(bytes, "\u{FFFD}".as_bytes()).is_some()
}

/// The runs of a text without [`has_inner_stop`]: its maximal stretches of bytes of 80 or above.
fn stretches(bytes: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        at += bytes.get(at..)?.iter().position(|&b| b >= 0x80)?;
        let start = at;
        while let Some(chunk) = bytes.get(at..at + 8) {
            if u64::from_le_bytes(chunk.try_into().expect("eight bytes")) & HIGH != HIGH {
                break;
            }
            at += 8;
        }
        at += bytes[at..]
            .iter()
            .position(|&b| b < 0x80)
            .unwrap_or(bytes.len() - at);
        Some(start..at)
    })
}

/// The runs of `text`: maximal stretches of characters that are [`in_run`].
fn runs(text: &str) -> Box<dyn Iterator<Item = std::ops::Range<usize>> + '_> {
    if has_inner_stop(text) {
        Box::new(runs_by_stops(text))
    } else {
        Box::new(stretches(text.as_bytes()))
    }
}

/// [`runs`] of a text that may hold [`has_inner_stop`] characters.
fn runs_by_stops(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        // Skip what cannot start a run, then extend the run to the first character that ends it.
        while at < bytes.len() {
            let c = text[at..].chars().next().expect("at a character boundary");
            if in_run(c) {
                break;
            }
            at += c.len_utf8();
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        loop {
            at = next_stop(bytes, at);
            match text[at..].chars().next() {
                Some(c) if in_run(c) => at += c.len_utf8(),
                _ => return Some(start..at),
            }
        }
    })
}

impl Rule for Mojibake {
    fn uses_dictionary(&self) -> bool {
        true
    }

    fn triggers(&self) -> Option<&[(char, char)]> {
        Some(&self.triggers)
    }

    fn apply(&self, text: &str, out: &mut Vec<LocalEdit>) {
        for run in runs(text) {
            // Ideographic spaces at the ends of a run are indentation or gaps.
            let trimmed = text[run.clone()].trim_start_matches('\u{3000}');
            let s = run.end - trimmed.len();
            let run = trimmed.trim_end_matches('\u{3000}');
            if run.is_empty()
                || !starts_utf8(run)
                || run.chars().nth(self.p.min_chars - 1).is_none()
            {
                continue;
            }
            if let Some(reading) = self.reading(run) {
                out.push(
                    LocalEdit::new(s..s + run.len(), reading)
                        .with_reason("UTF-8 text decoded as GBK, read again as UTF-8".to_string()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &str) -> String {
        crate::rules::run_rule(&Mojibake::new(Params::default()).unwrap(), t)
    }

    /// The runs as the definition gives them: maximal stretches of characters [`in_run`].
    fn runs_by_char(text: &str) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (in_run(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push(s..i);
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    proptest::proptest! {
        /// Runs long enough for the eight-byte steps, with every kind of character that ends one.
        #[test]
        fn runs_found_eight_bytes_at_a_time_are_the_runs(
            text in "[a 浣犲ソ涓栫晫\u{3000}\u{a0}\u{85}\u{1680}\u{2000}-\u{2060}\u{fffd}\u{ffee}\u{e000}é\n]{0,60}"
        ) {
            proptest::prop_assert_eq!(runs(&text).collect::<Vec<_>>(), runs_by_char(&text));
        }

        #[test]
        fn runs_of_any_text_are_the_runs(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(runs(&text).collect::<Vec<_>>(), runs_by_char(&text));
        }

        /// Pages without stops inside a run, as most are: the stretches of bytes outside ASCII.
        #[test]
        fn runs_of_pages_without_inner_stops_are_the_runs(
            text in "[a, \n浣犲ソ涓栫晫，。“”—·\u{3000}é]{0,60}"
        ) {
            proptest::prop_assert!(!has_inner_stop(&text));
            proptest::prop_assert_eq!(runs(&text).collect::<Vec<_>>(), runs_by_char(&text));
        }
    }

    #[test]
    fn every_character_that_ends_a_run_inside_a_page_is_found() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let alone = c.to_string();
            assert_eq!(
                has_inner_stop(&alone),
                !c.is_ascii() && !in_run(c),
                "{:X}",
                c as u32
            );
        }
    }

    #[test]
    fn the_lead_bit_set_holds_the_leads() {
        assert!(utf8_leads().iter().all(|&c| (c as u32) < 0x10000));
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(
                is_utf8_lead(c),
                utf8_leads().binary_search(&c).is_ok(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn gathered_pairs_are_what_the_encoder_writes() {
        let mut encoder_only = 0;
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_ascii())
        {
            let mut buf = [0; 4];
            let (bytes, _, unmappable) = GBK.encode(c.encode_utf8(&mut buf));
            let mut expected = (!unmappable && bytes.len() == 2).then(|| [bytes[0], bytes[1]]);
            // A few private-use characters are written as pairs that decode to other characters
            // (GB18030-2005 moved them); mojibake never holds them, so they need no pair.
            if let Some(pair) = expected {
                let back = GBK.decode_without_bom_handling_and_without_replacement(&pair);
                if back.as_deref() != Some(c.encode_utf8(&mut buf)) {
                    assert!(('\u{E000}'..='\u{F8FF}').contains(&c), "{c:?}");
                    encoder_only += 1;
                    expected = None;
                }
            }
            assert_eq!(gbk_pair(c), expected, "{c:?}");
        }
        assert!(encoder_only < 40, "{encoder_only}");
    }

    /// `text` as UTF-8 bytes decoded as GBK, as a misconfigured pipeline would.
    fn garble(text: &str) -> String {
        GBK.decode_without_bom_handling(text.as_bytes())
            .0
            .into_owned()
    }

    #[test]
    fn utf8_read_as_gbk_is_read_again() {
        assert_eq!(garble("你好世界"), "浣犲ソ涓栫晫");
        assert_eq!(run("浣犲ソ涓栫晫"), "你好世界");
        let line = "会议指出安全生产事关人民福祉";
        assert_eq!(
            run(&format!("2024 {} OK", garble(line))),
            format!("2024 {line} OK")
        );
    }

    #[test]
    fn a_byte_pair_that_decodes_like_another_is_resolved_or_left() {
        // `棠` is E6 A3 A0, and GBK reads A3 A0 as an ideographic space, which encodes back as
        // A1 A1: a plain round trip would give `桡` (E6 A1 A1).
        for line in [
            "顾宗棠、晏懋洵、倪晋仁",
            "１、大江截流展宏图",
            "运作呈现五个特点：产销利润同步增长",
        ] {
            let garbled = garble(line);
            let back = run(&garbled);
            assert!(
                back == line || back == garbled,
                "{line} → {garbled} → {back}"
            );
        }
        assert_eq!(run(&garble("１、大江截流展宏图")), "１、大江截流展宏图");
    }

    #[test]
    fn chinese_text_and_lossy_mojibake_stay() {
        for t in [
            "近年来，山西省气象局坚持以习近平新时代中国特色社会主义思想为指导。",
            "要闻 第1版",
            "浣犲ソ涓栫�",
            "锟斤拷锟斤拷",
        ] {
            assert_eq!(run(t), t);
        }
    }
}
