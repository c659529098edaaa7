//! Byte offsets to 1-based line and column (column counted in characters).

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
    fn lines_and_columns_count_characters() {
        let t = "近年来,山西\n省气象局,";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_column(t, 0), (1, 1));
        assert_eq!(idx.line_column(t, t.find(',').unwrap()), (1, 4));
        assert_eq!(idx.line_column(t, t.rfind(',').unwrap()), (2, 5));
        assert_eq!(idx.line_column(t, t.len()), (2, 6));
    }
}
