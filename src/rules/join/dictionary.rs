//! The Chinese word list used as evidence: jieba's dictionary (≈350k words, MIT), shipped inside
//! the `jieba-rs` crate, loaded once on first use.

use jieba_rs::Jieba;
use std::sync::OnceLock;

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Whether `word` is in the dictionary.
pub(crate) fn is_word(word: &str) -> bool {
    word.chars().count() >= 2 && jieba().has_word(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_common_words_only() {
        for w in ["机关", "严肃", "现代", "表态", "服务", "天下", "党委"] {
            assert!(is_word(w), "{w}");
        }
        for w in ["测岗", "面工", "效近", "机"] {
            assert!(!is_word(w), "{w}");
        }
    }
}
