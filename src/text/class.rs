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

/// Marks that a printed line never starts with: a line that does was cut before them and goes
/// on from the line before.
pub fn may_not_start_line(c: char) -> bool {
    "，。、；：」』）？！”》,.;:?!)".contains(c)
}

/// `s` with the half-width marks that galley widens in Chinese text read as their full-width
/// forms, so that evidence about a text does not change when they are widened.
pub fn fold_half_width(s: &str) -> std::borrow::Cow<'_, str> {
    // The marks are ASCII, so the text between them is copied a slice at a time (the join rule
    // folds the ends of blocks at every boundary it weighs).
    let is_mark = |b: &u8| b.is_ascii() && fold_char(char::from(*b)) != char::from(*b);
    let Some(first) = s.bytes().position(|b| is_mark(&b)) else {
        return s.into();
    };
    let mut out = String::with_capacity(s.len() + 8);
    let mut copied = 0;
    for (i, b) in s
        .bytes()
        .enumerate()
        .skip(first)
        .filter(|(_, b)| is_mark(b))
    {
        out.push_str(&s[copied..i]);
        out.push(fold_char(char::from(b)));
        copied = i + 1;
    }
    out.push_str(&s[copied..]);
    out.into()
}

/// `c` read as [`fold_half_width`] reads it.
pub fn fold_char(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        c => c,
    }
}

/// Kangxi radicals and CJK Radicals Supplement forms, which PDF and OCR text carry in place of
/// ideographs (`⼀⽅⾯`).
pub fn is_cjk_radical(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x2FDF)
}

/// Chinese for the purpose of context: a Han character, a radical or a CJK punctuation mark.
pub fn is_chinese(c: char) -> bool {
    is_han(c) || is_cjk_punct(c) || is_cjk_radical(c)
}

/// Half-width marks and brackets that may themselves be about to become full-width: they must
/// not decide the context of a mark beside them (`(试行);`, `,,机`), or cleaning twice would
/// convert more than cleaning once.
fn is_convertible_mark(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '?' | '!' | '(' | ')' | '[' | ']')
}

/// Characters skipped when looking for the neighbour that decides the context: spaces, quotes
/// both scripts share, and convertible marks.
fn is_transparent(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{3000}' | '“' | '”' | '‘' | '’' | '"' | '\''
    ) || is_convertible_mark(c)
}

/// The run of transparent characters around `start..end` on its line, and whether it stands in
/// Chinese context. Every mark of one run gets the same answer, so converting some of them can
/// never change the answer for the others: cleaning twice converts nothing more.
///
/// A run is Chinese when the character before it or after it is Chinese — except that a run
/// glued to a Latin letter and holding a quote belongs to the Latin text (`“Really?”他问`).
pub fn context_run(text: &str, start: usize, end: usize) -> (usize, usize, bool) {
    let before = &text[..start];
    let mut run_start = start;
    let mut left = None;
    for (i, c) in before.char_indices().rev() {
        if c == '\n' || !is_transparent(c) {
            left = (c != '\n').then_some(c);
            break;
        }
        run_start = i;
    }
    let mut run_end = end;
    let mut right = None;
    for (i, c) in text[end..].char_indices() {
        if c == '\n' || !is_transparent(c) {
            right = (c != '\n').then_some(c);
            break;
        }
        run_end = end + i + c.len_utf8();
    }
    let latin_quote = left.is_some_and(|c| c.is_ascii_alphabetic())
        && text[run_start..run_end].contains(['“', '”', '‘', '’', '"', '\'']);
    let chinese = left.is_some_and(is_chinese) || (right.is_some_and(is_chinese) && !latin_quote);
    (run_start, run_end, chinese)
}

/// Whether the span `start..end` stands in Chinese context (see [`context_run`]).
pub fn in_chinese_context(text: &str, start: usize, end: usize) -> bool {
    context_run(text, start, end).2
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
        let t = ", “ ,机";
        assert!(
            in_chinese_context(t, 0, 1),
            "a run of marks shares one answer"
        );
        let t = "Stay hungry, stay";
        let comma = t.find(',').unwrap();
        assert!(!in_chinese_context(t, comma, comma + 1));
    }

    #[test]
    fn half_width_brackets_do_not_decide() {
        let t = "山西(试行);";
        let semi = t.find(';').unwrap();
        assert!(in_chinese_context(t, semi, semi + 1));
    }

    #[test]
    fn context_stops_at_line_end() {
        let t = "中\n,a";
        let comma = t.find(',').unwrap();
        assert!(!in_chinese_context(t, comma, comma + 1));
    }

    proptest::proptest! {
        /// Copying the text between marks a slice at a time reads each character as
        /// [`fold_char`] does.
        #[test]
        fn folding_reads_each_character_as_fold_char(s in "[,;:?!()a中，（\n。]{0,24}") {
            let by_char: String = s.chars().map(fold_char).collect();
            proptest::prop_assert_eq!(fold_half_width(&s), by_char);
        }
    }

    #[test]
    fn classes() {
        assert!(is_han('机') && is_han('〇') && !is_han('a') && !is_han('，'));
        assert!(is_cjk_punct('，') && is_cjk_punct('《') && !is_cjk_punct(','));
    }
}
