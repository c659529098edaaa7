//! How a page's line breaks were made: by the printer at the end of each column line
//! ([`Layout::Wrapped`], one printed line a line, the commonest OCR dump) or by the writer at the
//! end of each paragraph ([`Layout::Paragraphs`], one paragraph a line). Unwrapping the first
//! gives its paragraphs back; doing it to the second glues paragraphs, headlines and verse
//! together, so the page itself must say which it is.
//!
//! Printed lines fill a column: most lines of a wrapped page are about as long as the lines
//! around them and stop without a sentence mark, in mid-clause. Paragraph lines are as long as
//! their paragraphs, which differ, and nearly all end with a sentence mark. The share of lines
//! that both fill the width around them and stop without a sentence mark tells the two apart.
//!
//! ```
//! use galley::text::layout::{detect, Layout};
//! let wrapped = "近年来，山西省气象局坚持以\n党建为引领，推动气象事业高\n质量发展，取得了显著成效，\n得到了各方面的充分肯定。\n";
//! assert_eq!(detect(wrapped), Layout::Wrapped);
//! let paragraphs = "近年来，山西省气象局坚持以党建为引领。\n推动气象事业高质量发展，取得了显著成效。\n得到了各方面的充分肯定。\n";
//! assert_eq!(detect(paragraphs), Layout::Paragraphs);
//! ```

use crate::text::blocks::blocks;
use crate::text::class::is_han;

/// How a page's line breaks were made, or how the user says they were.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// Decided page by page from the page itself ([`detect`]).
    #[default]
    Auto,
    /// One printed line a line: breaks inside paragraphs are undone.
    Wrapped,
    /// One paragraph a line: line breaks are paragraph ends and stay.
    Paragraphs,
}

impl std::str::FromStr for Layout {
    type Err = String;

    fn from_str(s: &str) -> Result<Layout, String> {
        match s {
            "auto" => Ok(Layout::Auto),
            "wrapped" => Ok(Layout::Wrapped),
            "paragraphs" => Ok(Layout::Paragraphs),
            other => Err(format!(
                "unknown layout `{other}` (auto, wrapped or paragraphs)"
            )),
        }
    }
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Layout::Auto => "auto",
            Layout::Wrapped => "wrapped",
            Layout::Paragraphs => "paragraphs",
        })
    }
}

/// Share of a page's characters that must stand in lines that fill their column and stop in
/// mid-sentence for the page to be wrapped. Weighed by characters, not lines, so that a poem or
/// a list of short lines on a page of prose does not outweigh the prose. Measured on generated
/// pages of both layouts and on the ECPO articles (`examples/layout_eval.rs`, `tests/ecpo.rs`):
/// paragraph pages stay near 0, wrapped pages of any width lie above 0.5.
pub const WRAPPED_SHARE: f64 = 0.2;

/// Fewest lines among the nine around a line that must have the very same length for that
/// length to be a column's width.
pub const COLUMN_LINES: usize = 3;

/// Fewest lines that can show a page's layout by a share of them.
pub const MIN_LINES: usize = 4;

fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '!' | '?' | '…' | '”' | '」' | '』' | '）' | ')' | '；' | '：'
    )
}

/// How many lines of `text` (in blocks of three or more) fill the width of the lines around
/// them (within a character) and end without a sentence mark, and how many lines were weighed;
/// the last line of a block is not weighed, as it ends a paragraph in either layout.
pub fn filled_lines(text: &str) -> Weighed {
    let mut w = Weighed::default();
    for block in blocks(text) {
        let lines: Vec<&str> = text[block.range]
            .split('\n')
            .map(|l| l.trim_start_matches([' ', '\u{3000}', '\t']).trim_end())
            .collect();
        if lines.len() < 3 {
            continue;
        }
        let lengths: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
        for k in 0..lines.len() - 1 {
            // Tables of figures are set in rows of one width too, but a row is no sentence.
            if !mostly_han(lines[k]) {
                continue;
            }
            let near = &lengths[k.saturating_sub(4)..(k + 5).min(lengths.len())];
            let (width, lines_of_width) = typical(near);
            w.lines += 1;
            w.chars += lengths[k];
            // A column is set to one width: several lines around share it exactly. Verse and
            // headlines come in lengths that merely lie close together.
            let fills = width >= 4
                && lines_of_width >= COLUMN_LINES
                && lengths[k] + 1 >= width
                && lengths[k] <= width + 1;
            let open = lines[k].chars().last().is_some_and(|c| !ends_sentence(c));
            w.filled += usize::from(fills && open);
            w.filled_chars += if fills && open { lengths[k] } else { 0 };
            w.open += usize::from(open);
        }
    }
    w
}

/// What [`filled_lines`] found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Weighed {
    /// Lines weighed.
    pub lines: usize,
    /// Their characters.
    pub chars: usize,
    /// The characters of the lines that fill their column and stop in mid-sentence.
    pub filled_chars: usize,
    /// Lines that fill their column and stop in mid-sentence.
    pub filled: usize,
    /// Lines that stop in mid-sentence.
    pub open: usize,
}

/// Whether at least half the characters of `line` are Han ideographs.
fn mostly_han(line: &str) -> bool {
    let han = line.chars().filter(|&c| is_han(c)).count();
    2 * han >= line.chars().count()
}

/// The most common of `lengths` (the longer on a tie), and how many there are of it.
pub(crate) fn typical(lengths: &[usize]) -> (usize, usize) {
    let mut counts: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for &l in lengths {
        *counts.entry(l).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(l, n)| (n, l))
        .unwrap_or((0, 0))
}

/// The layout of one page: [`Layout::Wrapped`] or [`Layout::Paragraphs`]. A page of fewer than
/// [`MIN_LINES`] weighed lines has too few to share a column width; it is wrapped if every one
/// of them stops in mid-sentence, which a paragraph's line never does.
pub fn detect(text: &str) -> Layout {
    let w = filled_lines(text);
    let wrapped = if w.lines < MIN_LINES {
        w.lines > 0 && w.open == w.lines
    } else {
        w.filled_chars as f64 >= WRAPPED_SHARE * w.chars as f64
    };
    if wrapped {
        Layout::Wrapped
    } else {
        Layout::Paragraphs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_paragraph_lines_is_not_wrapped() {
        let page = "李鹏在北京考察企业\n向广大职工祝贺新年\n新华社北京十二月三十一日电今天是一九九七年的最后一天。\n上午九时二十分，李鹏总理来到北京石景山发电总厂。\n总厂年发电量四十五亿千瓦时。\n早在担任华北电管局领导时，李鹏就曾多次到发电总厂检查指导工作。\n";
        assert_eq!(detect(page), Layout::Paragraphs);
        // Too few lines to tell: left alone.
        assert_eq!(
            detect("近年来，山西省气象局坚持以\n党建为引领。\n"),
            Layout::Paragraphs
        );
        assert_eq!("wrapped".parse(), Ok(Layout::Wrapped));
        assert!("columns".parse::<Layout>().is_err());
    }
}
