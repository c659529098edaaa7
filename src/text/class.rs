//! Character classes that decide whether a position is in Chinese context.
//!
//! A half-width mark is "in Chinese context" when the nearest significant character on either side
//! is Chinese: a Han ideograph or a CJK punctuation mark. Quotes that both scripts share (`“ ” ‘ ’ "
//! '`) and spaces are skipped when looking for that neighbour, so `说:“` and `”,县` are Chinese while
//! `foolish.”` is not.

/// Han ideographs, including the extension blocks and compatibility ideographs.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF
        | 0x2A700..=0x2EBEF | 0x2F800..=0x2FA1F | 0x30000..=0x323AF | 0x3007)
}

/// Marks that only Chinese (or CJK) text uses: the full-width forms of punctuation, CJK symbols,
/// `…` and `—` (which Chinese uses doubled).
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}'
        | '，' | '；' | '：' | '？' | '！' | '（' | '）' | '［' | '］' | '｛' | '｝' | '～'
        | '…' | '—' | '·' | '﹏' | '￥')
}

/// Chinese for the purpose of context: a Han character or a CJK punctuation mark.
pub fn is_chinese(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Characters skipped when looking for the neighbour that decides the context.
fn is_transparent(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{3000}' | '“' | '”' | '‘' | '’' | '"' | '\''
    )
}

/// How many characters the context search looks past transparent ones.
const CONTEXT_REACH: usize = 4;

/// The nearest significant character before byte offset `at`, on the same line.
pub fn significant_before(text: &str, at: usize) -> Option<char> {
    text[..at]
        .chars()
        .rev()
        .take(CONTEXT_REACH)
        .take_while(|&c| c != '\n')
        .find(|&c| !is_transparent(c))
}

/// The nearest significant character at or after byte offset `at`, on the same line.
pub fn significant_after(text: &str, at: usize) -> Option<char> {
    text[at..]
        .chars()
        .take(CONTEXT_REACH)
        .take_while(|&c| c != '\n')
        .find(|&c| !is_transparent(c))
}

/// Whether the span `start..end` stands in Chinese context.
///
/// A mark glued to a Latin letter belongs to the Latin text unless Chinese follows right after it
/// (spaces aside): `LOW-E,玻璃` is Chinese, `“Really?”他问` is not.
pub fn in_chinese_context(text: &str, start: usize, end: usize) -> bool {
    if text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphabetic())
    {
        return text[end..]
            .chars()
            .take(CONTEXT_REACH)
            .find(|&c| c != ' ' && c != '\t')
            .is_some_and(is_chinese);
    }
    significant_before(text, start).is_some_and(is_chinese)
        || significant_after(text, end).is_some_and(is_chinese)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_skips_shared_quotes_and_spaces() {
        let t = "说:“好”";
        let colon = t.find(':').unwrap();
        assert!(in_chinese_context(t, colon, colon + 1));
        let t = "foolish.”他说";
        let dot = t.find('.').unwrap();
        assert!(!in_chinese_context(t, dot, dot + 1));
        let t = "LOW-E,玻璃";
        let comma = t.find(',').unwrap();
        assert!(in_chinese_context(t, comma, comma + 1));
        let t = "Stay hungry, stay";
        let comma = t.find(',').unwrap();
        assert!(!in_chinese_context(t, comma, comma + 1));
    }

    #[test]
    fn context_stops_at_line_end() {
        let t = "中\n,a";
        let comma = t.find(',').unwrap();
        assert!(!in_chinese_context(t, comma, comma + 1));
    }

    #[test]
    fn classes() {
        assert!(is_han('机') && is_han('〇') && !is_han('a') && !is_han('，'));
        assert!(is_cjk_punct('，') && is_cjk_punct('《') && !is_cjk_punct(','));
    }
}
