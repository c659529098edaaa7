//! Quoting text in an edit's reason, as `{:?}` would, without its cost on Chinese text.
//!
//! `{:?}` asks the standard library's printable-character tables about every character, which
//! walks them for each Han character (about two thousand instructions a character): quoting the
//! furniture lines a page drops cost more than finding them. Text made only of characters that
//! `{:?}` writes as they are is written directly; anything else goes through `{:?}`.

use std::fmt;

/// `text` as `format!("{:?}", text)` writes it.
pub(crate) struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.chars().all(written_as_is) {
            write!(f, "\"{}\"", self.0)
        } else {
            write!(f, "{:?}", self.0)
        }
    }
}

/// Characters `{:?}` writes unescaped in a string, in the ranges newspaper text is made of (the
/// test below checks each against `{:?}`).
fn written_as_is(c: char) -> bool {
    match c {
        ' '..='~' => c != '"' && c != '\\',
        _ => matches!(c as u32,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF01..=0xFF5E | 0x3001..=0x3029 | 0x3030..=0x303F
            | 0x2010..=0x2027 | 0xB7),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_written_as_is_is_what_debug_writes() {
        let mut checked = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let alone = c.to_string();
            let debug = format!("{alone:?}");
            if written_as_is(c) {
                assert_eq!(debug, format!("\"{c}\""), "{:X}", c as u32);
                checked += 1;
            }
        }
        assert!(checked > 27_000, "{checked}");
    }

    #[test]
    fn quoted_text_is_what_debug_writes() {
        for text in [
            "组版:闫广明 责编:冯海砚",
            "第 3 版",
            "他说\"好\"",
            "a\\b",
            "line\nbreak\ttab",
            "\u{300}combining",
            "\u{302A}",
            "",
        ] {
            assert_eq!(Quoted(text).to_string(), format!("{text:?}"), "{text}");
        }
    }
}
