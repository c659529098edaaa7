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

/// Whether `word` is a verb in the dictionary (jieba's tags `v`, `vn`, `vd`, …). A doubled
/// two-character verb is a reduplication (`研究研究`, `学习学习`), not a misread.
pub(crate) fn is_verb(word: &str) -> bool {
    is_word(word) && matches!(jieba().tag(word, false).as_slice(), [t] if t.tag.starts_with('v'))
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
