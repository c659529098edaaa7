//! Positions in a text: byte offsets to 1-based line and column (column counted in characters),
//! and a text's first or last bytes cut where a character starts.

/// The end of `s`: its last `n` bytes, or fewer so as to start at a character.
pub fn last_bytes(s: &str, n: usize) -> &str {
    let mut from = s.len().saturating_sub(n);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    &s[from..]
}

/// The start of `s`: its first `n` bytes, or fewer so as to end at a character.
pub fn first_bytes(s: &str, n: usize) -> &str {
    let mut to = n.min(s.len());
    while !s.is_char_boundary(to) {
        to -= 1;
    }
    &s[..to]
}

/// An index of line starts, for turning many byte offsets of one text into lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line and character column of byte offset `at` in the indexed `text`.
    pub fn line_column(&self, text: &str, at: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= at);
        let start = self.starts[line - 1];
        let column = text[start..at].chars().count() + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_cut_at_characters() {
        // `近` takes three bytes: four bytes of `a近b` end or start in the middle of it.
        assert_eq!(last_bytes("a近b", 4), "近b");
        assert_eq!(last_bytes("a近b", 3), "b");
        assert_eq!(last_bytes("a近b", 9), "a近b");
        assert_eq!(first_bytes("a近b", 4), "a近");
        assert_eq!(first_bytes("a近b", 3), "a");
        assert_eq!(first_bytes("a近b", 9), "a近b");
        assert_eq!(first_bytes("", 2), "");
    }

    #[test]
    fn lines_and_columns_count_characters() {
        let t = "近年来,山西\n省气象局,";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_column(t, 0), (1, 1));
        assert_eq!(idx.line_column(t, t.find(',').unwrap()), (1, 4));
        assert_eq!(idx.line_column(t, t.rfind(',').unwrap()), (2, 5));
        assert_eq!(idx.line_column(t, t.len()), (2, 6));
    }
}
