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

#[cfg(test)]
mod tests {
    use super::*;

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
}
