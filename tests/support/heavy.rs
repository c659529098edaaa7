//! Edit-heavy pages: the newspaper generator's pages as a careless OCR gives them, with nearly
//! every clause mark half-width (`,` `:` `;` `?` `!` and `.` for `。` after a digit-free clause),
//! the digits full-width, and the article text hard-wrapped at a column width. Every line has
//! work for several rules, where a real page has some; the benchmark runs on both kinds.

#![allow(dead_code)]

#[path = "newspaper.rs"]
mod newspaper;

/// The column width the article text is wrapped at, in characters.
pub const WIDTH: usize = 18;

/// `n` edit-heavy pages (deterministic).
pub fn pages(n: usize) -> Vec<String> {
    newspaper::pages(n).iter().map(|p| heavy(&p.text)).collect()
}

/// `text` with its marks made half-width, its digits full-width and its long lines wrapped.
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
