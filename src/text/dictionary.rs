//! The Chinese word list used as evidence: jieba's dictionary (≈350k words, MIT), shipped inside
//! the `jieba-rs` crate, loaded once on first use. The list is Simplified; Traditional text is
//! looked up through OpenCC's `t2s` character table ([`is_word_any_script`]).

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use jieba_rs::Jieba;
use std::sync::OnceLock;

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Loads the word list now rather than at the first lookup.
pub(crate) fn load() {
    jieba();
}

/// Whether `word` is in the dictionary.
pub(crate) fn is_word(word: &str) -> bool {
    #[cfg(test)]
    LOOKUPS.with(|n| n.set(n.get() + 1));
    word.chars().count() >= 2 && jieba().has_word(word)
}

#[cfg(test)]
thread_local! {
    /// Lookups made on this thread, for checking which rules declare that they use the list.
    pub(crate) static LOOKUPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Whether `x` and `y` are Han characters that together are a word (`机`+`关`), without building
/// a string: the join and mojibake rules ask it of every pair they weigh.
pub(crate) fn is_han_pair_word(x: char, y: char) -> bool {
    use crate::text::class::is_han;
    if !is_han(x) || !is_han(y) {
        return false;
    }
    let mut buf = [0u8; 8];
    let n = x.encode_utf8(&mut buf).len();
    let m = y.encode_utf8(&mut buf[n..]).len();
    is_word(std::str::from_utf8(&buf[..n + m]).expect("two characters"))
}

/// Whether `word`, read character by character in Simplified (`以爲` as `以为`), is in the
/// dictionary. Character by character, because a word cut by a line break is looked up from its
/// pieces, and OpenCC's phrase table would read a piece in the context it lacks.
pub(crate) fn is_word_any_script(word: &str) -> bool {
    is_word(word) || {
        let simplified: String = word.chars().map(simplified).collect();
        simplified != word && is_word(&simplified)
    }
}

/// `c` in Simplified, or `c` itself when OpenCC has no single character for it.
fn simplified(c: char) -> char {
    // OpenCC answers through its phrase automaton and a new string, and a dictionary lookup
    // that misses (most do) asks about every character it holds: each thread remembers the
    // answers, the ideographs of the common blocks in a table, any other character in a map.
    const FIRST: u32 = 0x3400;
    const LAST: u32 = 0x9FFF;
    thread_local! {
        static SEEN: std::cell::RefCell<(Vec<char>, std::collections::HashMap<char, char>)> =
            std::cell::RefCell::new((vec!['\0'; (LAST - FIRST + 1) as usize], Default::default()));
    }
    if c.is_ascii() {
        return c;
    }
    let slot = (FIRST..=LAST)
        .contains(&(c as u32))
        .then(|| (c as u32 - FIRST) as usize);
    let known = SEEN.with(|seen| {
        let seen = seen.borrow();
        match slot {
            Some(k) => Some(seen.0[k]).filter(|&s| s != '\0'),
            None => seen.1.get(&c).copied(),
        }
    });
    if let Some(s) = known {
        return s;
    }
    let s = ask_opencc(c);
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        match slot {
            Some(k) => seen.0[k] = s,
            None => {
                seen.1.insert(c, s);
            }
        }
    });
    s
}

fn ask_opencc(c: char) -> char {
    static T2S: OnceLock<Option<OpenCC>> = OnceLock::new();
    let Some(cc) = T2S.get_or_init(|| OpenCC::from_config(BuiltinConfig::T2s).ok()) else {
        return c;
    };
    let mut buf = [0; 4];
    let out = cc.convert(c.encode_utf8(&mut buf));
    let mut chars = out.chars();
    match (chars.next(), chars.next()) {
        (Some(s), None) => s,
        _ => c,
    }
}

/// Whether `chars` spell a word as written or read in Simplified, `simple` being the same
/// characters each in Simplified: [`is_word_any_script`] on characters whose Simplified forms
/// were found once for every word they stand in. `buf` is scratch space.
fn spells_word(buf: &mut String, chars: &[char], simple: &[char]) -> bool {
    buf.clear();
    buf.extend(chars);
    if is_word(buf) {
        return true;
    }
    if chars == simple {
        return false;
    }
    buf.clear();
    buf.extend(simple);
    is_word(buf)
}

/// Whether `word` is a verb in the dictionary (jieba's tags `v`, `vn`, `vd`, …). A doubled
/// two-character verb is a reduplication (`研究研究`, `学习学习`), not a misread.
pub(crate) fn is_verb(word: &str) -> bool {
    is_word(word) && matches!(jieba().tag(word, false).as_slice(), [t] if t.tag.starts_with('v'))
}

/// Whether the last characters of `a` and the first of `b` spell a word (of at most four
/// characters, Traditional text looked up in Simplified): a line that stops there was cut in
/// mid-word, not ended.
pub(crate) fn word_across(a: &str, b: &str) -> bool {
    let mut tail: Vec<char> = a.chars().rev().take(3).collect();
    tail.reverse();
    let head: Vec<char> = b.chars().take(3).collect();
    let joined: Vec<char> = tail.iter().chain(&head).copied().collect();
    let simple: Vec<char> = joined.iter().map(|&c| simplified(c)).collect();
    let mut buf = String::with_capacity(16);
    let t = tail.len();
    (1..=t).any(|i| {
        (1..=head.len().min(4 - i)).any(|j| {
            let word = t - i..t + j;
            spells_word(&mut buf, &joined[word.clone()], &simple[word])
        })
    })
}

/// The share of the Han characters of `line` that stand in a dictionary word of two to four
/// characters; `None` for a line of fewer than `min_han` Han characters. Prose and headlines are
/// mostly words; seal impressions, show-through from the other side of the sheet and other OCR
/// noise are characters that form none. Counting stops once `enough` of them are found in words
/// (a line of prose, nearly always): the share is then at least `enough`, not exact.
pub(crate) fn word_share(line: &str, min_han: usize, enough: f64) -> Option<f64> {
    use crate::text::class::is_han;
    let chars: Vec<char> = line.chars().collect();
    let han = chars.iter().filter(|&&c| is_han(c)).count();
    if han < min_han {
        return None;
    }
    let simple: Vec<char> = chars.iter().map(|&c| simplified(c)).collect();
    let mut covered = vec![false; chars.len()];
    let mut words = 0;
    let mut buf = String::with_capacity(16);
    for i in 0..chars.len() {
        for (k, &c) in chars[i..].iter().take(4).enumerate() {
            if !is_han(c) {
                break;
            }
            if k >= 1 && spells_word(&mut buf, &chars[i..=i + k], &simple[i..=i + k]) {
                for x in &mut covered[i..=i + k] {
                    // Every character of a word is Han: the loop stops at any other.
                    words += usize::from(!*x);
                    *x = true;
                }
            }
        }
        if words as f64 >= enough * han as f64 {
            break;
        }
    }
    Some(words as f64 / han as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Characters that spell words across a break, in either script, and some that do not.
    const CHARS: &str = "机关機關现代現代严肃嚴肅以为爲银行銀行面工测岗，。a1";

    fn text(max: usize) -> impl Strategy<Value = String> {
        let chars: Vec<char> = CHARS.chars().collect();
        proptest::collection::vec(proptest::sample::select(chars), 0..max)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        /// Each character read in Simplified once, and the words built in one buffer, give what
        /// looking up each candidate word in both scripts gives.
        #[test]
        fn word_across_is_any_word_spanning_the_break(a in text(6), b in text(6)) {
            let tail: Vec<char> = a.chars().rev().take(3).collect::<Vec<_>>().into_iter().rev().collect();
            let head: Vec<char> = b.chars().take(3).collect();
            let naive = (1..=tail.len()).any(|i| {
                (1..=head.len().min(4 - i)).any(|j| {
                    let word: String = tail[tail.len() - i..].iter().chain(&head[..j]).collect();
                    is_word_any_script(&word)
                })
            });
            prop_assert_eq!(word_across(&a, &b), naive);
        }

        /// The share is exact below `enough` and at least `enough` above it.
        #[test]
        fn word_share_is_exact_below_enough(line in text(16), enough in 0.0f64..1.2) {
            let chars: Vec<char> = line.chars().collect();
            let han = chars.iter().filter(|&&c| crate::text::class::is_han(c)).count();
            let mut covered = vec![false; chars.len()];
            for i in 0..chars.len() {
                let mut word = String::new();
                for (k, &c) in chars[i..].iter().take(4).enumerate() {
                    if !crate::text::class::is_han(c) {
                        break;
                    }
                    word.push(c);
                    if k >= 1 && is_word_any_script(&word) {
                        covered[i..=i + k].iter_mut().for_each(|x| *x = true);
                    }
                }
            }
            let exact = covered.iter().filter(|&&w| w).count() as f64 / han.max(1) as f64;
            match word_share(&line, 1, enough) {
                None => prop_assert_eq!(han, 0),
                Some(got) if exact < enough => prop_assert_eq!(got, exact),
                Some(got) => prop_assert!(got >= enough && got <= exact),
            }
        }
    }

    #[test]
    fn knows_common_words_only() {
        for w in ["机关", "严肃", "现代", "表态", "服务", "天下", "党委"] {
            assert!(is_word(w), "{w}");
        }
        for w in ["测岗", "面工", "效近", "机"] {
            assert!(!is_word(w), "{w}");
        }
    }

    #[test]
    fn traditional_words_are_read_in_simplified() {
        for w in ["以爲", "機關", "現代", "嚴肅", "銀行"] {
            assert!(!is_word(w) && is_word_any_script(w), "{w}");
        }
        for w in ["機", "面工", "爲室"] {
            assert!(!is_word_any_script(w), "{w}");
        }
    }
}
