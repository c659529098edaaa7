//! UTF-8 byte offsets turned into the code-point indices Python slices strings by.

/// A text's byte offsets counted in characters, fastest for offsets asked in increasing order
/// (as a result's edits come): each question counts only the characters since the last one.
pub struct CodePoints<'a> {
    text: &'a str,
    byte: usize,
    index: usize,
}

impl<'a> CodePoints<'a> {
    pub fn new(text: &'a str) -> CodePoints<'a> {
        CodePoints {
            text,
            byte: 0,
            index: 0,
        }
    }

    /// The code-point index of byte offset `byte` (a character boundary of the text).
    pub fn index(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.index = 0;
        }
        self.index += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.index
    }
}

#[cfg(test)]
mod tests {
    use super::CodePoints;

    #[test]
    fn counts_characters_in_any_order() {
        let text = "近年来,山西𠀀a";
        let mut p = CodePoints::new(text);
        let expected: Vec<(usize, usize)> = text
            .char_indices()
            .enumerate()
            .map(|(k, (b, _))| (b, k))
            .collect();
        for &(b, k) in &expected {
            assert_eq!(p.index(b), k);
        }
        assert_eq!(p.index(text.len()), text.chars().count());
        assert_eq!(p.index(3), 1);
    }
}
