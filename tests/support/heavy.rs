//! Edit-heavy pages: a page (a seed, or one of the newspaper generator's) as a careless OCR gives
//! it, with its clause marks and brackets half-width (`,` `:` `;` `?` `!` `(` `)`), its digits
//! full-width, and its paragraphs hard-wrapped at a column width. Every line has work for several
//! rules, where a real page has some; the benchmark runs on both kinds.

#![allow(dead_code)]

/// The column width paragraphs are wrapped at, in characters.
pub const WIDTH: usize = 18;

/// `text` with its marks made half-width, its digits full-width and its paragraphs (lines
/// longer than [`WIDTH`] that end with `。`) wrapped.
pub fn heavy(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 11 / 10);
    for line in text.lines() {
        let marked: String = line
            .chars()
            .map(|c| match c {
                '，' => ',',
                '：' => ':',
                '；' => ';',
                '？' => '?',
                '！' => '!',
                '（' => '(',
                '）' => ')',
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
                _ => c,
            })
            .collect();
        let chars: Vec<char> = marked.chars().collect();
        if chars.len() <= WIDTH || !line.ends_with('。') {
            out.push_str(&marked);
            out.push('\n');
            continue;
        }
        for row in chars.chunks(WIDTH) {
            out.extend(row);
            out.push('\n');
        }
    }
    out
}
