//! Masking the parts of a furniture line that change from page to page — digits, Chinese
//! numerals, weekdays — so that `人民日报 1998年1月5日 星期一 第3版` and `人民日报 1998年1月6日
//! 星期二 第4版` compare as the same line.

/// `line` with digits as `0`, Chinese numerals as `〇` and weekday names masked.
pub fn mask(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut prev: Option<char> = None;
    for c in line.trim().chars() {
        let weekday_word = matches!(prev, Some('期' | '拜' | '周'));
        let m = match c {
            '0'..='9' | '０'..='９' => '0',
            '〇' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
            | '百' | '千' | '两' => '〇',
            '日' | '天' if weekday_word => '〇',
            c => c,
        };
        out.push(m);
        prev = Some(c);
    }
    out
}

/// How alike two masked lines are, from 0 (nothing shared) to 1 (equal): the share of characters
/// in the longest common alignment (`similar`'s ratio).
pub fn similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    similar::TextDiff::from_chars(a, b).ratio()
}

/// Whether lines of `m` and `n` characters can be [`alike`] at `threshold` at all: an alignment
/// matches at most the shorter line's characters.
pub fn lengths_allow(m: usize, n: usize, threshold: f32) -> bool {
    (2 * m.min(n)) as f32 >= threshold * (m + n) as f32
}

/// Whether [`similarity`] of `a` and `b` reaches `threshold`. Most pairs of lines are far apart,
/// so two bounds that cost no alignment come first: an alignment matches at most the shorter
/// line's characters, and at most the characters the two lines have in common (as multisets).
pub fn alike(a: &str, b: &str, threshold: f32) -> bool {
    if a == b {
        return true;
    }
    // The length bound first, before anything is collected: most lines compared with a
    // furniture line are body lines far longer than it.
    if !lengths_allow(a.chars().count(), b.chars().count(), threshold) {
        return false;
    }
    let mut x: Vec<char> = a.chars().collect();
    let mut y: Vec<char> = b.chars().collect();
    let total = (x.len() + y.len()) as f32;
    x.sort_unstable();
    y.sort_unstable();
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2 * common) as f32 >= threshold * total && similarity(a, b) >= threshold
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // What lets `repeated` rule a line out by its length before masking it.
        #[test]
        fn masking_keeps_the_trimmed_length(line in "[ 人民日报1998年月日星期一二三天第版0-9a-z\t]{0,24}") {
            prop_assert_eq!(mask(&line).chars().count(), line.trim().chars().count());
        }

        #[test]
        fn lines_the_length_bound_rules_out_are_not_alike(
            a in "[人民日报版0期一]{0,20}",
            b in "[人民日报版0期一]{0,20}",
            t in 0.0f32..=1.0,
        ) {
            if !lengths_allow(a.chars().count(), b.chars().count(), t) {
                prop_assert!(!alike(&a, &b, t));
                prop_assert!(similarity(&a, &b) < t);
            }
        }
    }

    #[test]
    fn dates_pages_and_weekdays_mask_alike() {
        assert_eq!(
            mask("人民日报 1998年1月5日 星期一 第3版"),
            "人民日报 0000年0月0日 星期〇 第0版"
        );
        assert_eq!(mask("星期天"), "星期〇");
        assert_eq!(mask(" - 3 - "), "- 0 -");
        assert_eq!(mask("今天"), "今天");
        let a = mask("人民日报 1998年1月5日 星期一 第3版");
        let b = mask("人民日报 1998年12月25日 星期日 第12版");
        assert!(similarity(&a, &b) > 0.85);
        assert!(similarity("（记者 李婷）", "（记者 王强）") < 0.8);
    }

    proptest::proptest! {
        // The bounds only skip the alignment; they never change the answer.
        #[test]
        fn alike_agrees_with_similarity(a in "[甲乙丙丁0 ]{0,12}", b in "[甲乙丙丁0 ]{0,12}", t in 0.0f32..1.0) {
            proptest::prop_assert_eq!(alike(&a, &b, t), similarity(&a, &b) >= t);
        }
    }
}
