//! `despace`: lines that OCR spaced out character by character (`近 年 来 , 山 西 省`) lose the
//! spaces between Chinese characters and punctuation.
//!
//! Only lines spaced that way throughout are touched: among the neighbouring pairs of Chinese
//! characters on the line (single spaces between them ignored), at least `min_share` must be
//! split by a space, and there must be at least `min_pairs` pairs. A normal line with a headline
//! gap (`提升基层治理能力 推进“七区”战略实施`) is far below that; and at least `min_words` of the
//! split pairs of Han characters must be dictionary words, which a list of single characters is
//! not. In a spaced line only single spaces between two Chinese characters or marks go; wider
//! gaps (headline parts, a byline's name) and spaces beside Latin words or digits stay.

use super::Rule;
use crate::edit::LocalEdit;
use crate::text::blocks::blocks;
use crate::text::class::{is_chinese, is_han};
use crate::text::dictionary::is_word_any_script;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Params {
    /// Fewest pairs of neighbouring Chinese characters on a line for it to be judged.
    min_pairs: usize,
    /// Share of those pairs that must be split by a space.
    min_share: f64,
    /// Share of the split pairs of Han characters that must be dictionary words: spaced-out
    /// prose reads as words across its spaces (`近 年 来`), a list of single characters
    /// (`仪 跃 骄 狼`, a vocabulary exercise) does not.
    min_words: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_pairs: 4,
            min_share: 0.5,
            min_words: 0.2,
        }
    }
}

pub(crate) struct Despace {
    p: Params,
}

impl Despace {
    pub(crate) fn new(p: Params) -> Result<Self, String> {
        if !(0.0..=1.0).contains(&p.min_share) {
            return Err("`min_share` is a ratio from 0 to 1".into());
        }
        if !(0.0..=1.0).contains(&p.min_words) {
            return Err("`min_words` is a ratio from 0 to 1".into());
        }
        Ok(Despace { p })
    }
}

/// Chinese characters and the marks a spaced-out line puts between them.
fn joins(c: char) -> bool {
    is_chinese(c)
        || matches!(
            c,
            ',' | ';' | ':' | '?' | '!' | '(' | ')' | '“' | '”' | '‘' | '’'
        )
}

/// Pairs of neighbouring Chinese characters on `line`, and how many a single space splits.
fn pair_counts(line: &str) -> (usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let (mut pairs, mut split) = (0, 0);
    for k in 0..chars.len() {
        if !is_chinese(chars[k]) {
            continue;
        }
        match (chars.get(k + 1), chars.get(k + 2)) {
            (Some(&n), _) if is_chinese(n) => pairs += 1,
            (Some(' '), Some(&n)) if is_chinese(n) => {
                pairs += 1;
                split += 1;
            }
            _ => {}
        }
    }
    (pairs, split)
}

/// How many pairs of Han characters a single space splits in `text`, and how many of those are
/// dictionary words (Traditional read as Simplified).
fn split_words(text: &str) -> (usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    let (mut split, mut words) = (0, 0);
    for w in chars.windows(3) {
        if w[1] == ' ' && is_han(w[0]) && is_han(w[2]) {
            split += 1;
            words += usize::from(is_word_any_script(&String::from_iter([w[0], w[2]])));
        }
    }
    (split, words)
}

/// The pairs of Chinese characters a single space splits in `text`, found from its spaces: the
/// same count as [`pair_counts`] gives for its lines.
fn split_pairs(text: &str) -> usize {
    memchr::memchr_iter(b' ', text.as_bytes())
        .filter(|&at| {
            text[..at].chars().next_back().is_some_and(is_chinese)
                && text[at + 1..].chars().next().is_some_and(is_chinese)
        })
        .count()
}

impl Rule for Despace {
    fn uses_dictionary(&self) -> bool {
        true
    }

    fn apply(&self, text: &str, out: &mut Vec<LocalEdit>) {
        // A spaced block has at least `min_pairs` pairs and `min_share` of them split, so at
        // least this many split pairs. Counting those reads only around the spaces; a page or
        // block with fewer (most: no spaces, or a credit's `。 某某 摄`) stops there, and a block
        // holds no more split pairs than its page.
        let enough = |t: &str| split_pairs(t) as f64 >= self.p.min_share * self.p.min_pairs as f64;
        if !enough(text) {
            return;
        }
        // A block is judged as a whole, so that its short last line follows the others.
        for block in blocks(text) {
            let body = &text[block.range.clone()];
            if !enough(body) {
                continue;
            }
            let (pairs, split) = body
                .lines()
                .map(pair_counts)
                .fold((0, 0), |(p, s), (a, b)| (p + a, s + b));
            if pairs < self.p.min_pairs || (split as f64) < self.p.min_share * pairs as f64 {
                continue;
            }
            let (han_split, words) = split_words(body);
            if (words as f64) < self.p.min_words * han_split as f64 {
                continue;
            }
            let chars: Vec<(usize, char)> = body.char_indices().collect();
            for k in 1..chars.len().saturating_sub(1) {
                let (at, c) = chars[k];
                let (before, after) = (chars[k - 1].1, chars[k + 1].1);
                // Only a single space between joining characters, one of them Chinese: `a , b`
                // is Latin text.
                if c == ' '
                    && joins(before)
                    && joins(after)
                    && (is_chinese(before) || is_chinese(after))
                {
                    let start = block.range.start + at;
                    out.push(LocalEdit::new(start..start + 1, ""));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn split_pairs_counts_what_pair_counts_does(text in "[近年 ,a\n\u{3000}，]{0,16}") {
            let by_lines: usize = text.lines().map(|l| pair_counts(l).1).sum();
            prop_assert_eq!(split_pairs(&text), by_lines);
        }
    }

    fn run(t: &str) -> String {
        crate::rules::run_rule(&Despace::new(Params::default()).unwrap(), t)
    }

    #[test]
    fn spaced_lines_close_up() {
        assert_eq!(run("近 年 来 , 山 西 省 气 象 局"), "近年来,山西省气象局");
        assert_eq!(
            run("當 時 的 國 際 經 貿 環 境 , 正 經 歷 結 構 性 的 變化 。"),
            "當時的國際經貿環境,正經歷結構性的變化。"
        );
        // Latin words and digits keep their spaces; so do wide gaps.
        assert_eq!(
            run("完成 於 1983 年 , 那 是 ATT 轉 化 為 WTO 的"),
            "完成於 1983 年,那是 ATT 轉化為 WTO 的"
        );
        assert_eq!(run("記 者  李 婷 報 道 消 息"), "記者  李婷報道消息");
        // The block decides: its short last line closes up too.
        assert_eq!(
            run("當 時 的 國 際 經 貿 環 境\n11 年 之 前 。"),
            "當時的國際經貿環境\n11 年之前。"
        );
    }

    #[test]
    fn normal_lines_stay() {
        for t in [
            "提升基层治理能力 推进“七区”战略实施",
            "运城晚报讯(记者 李婷)近日,市妇联召开",
            "山 西",
        ] {
            assert_eq!(run(t), t);
        }
    }
}
