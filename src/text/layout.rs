//! How a page's line breaks were made: by the printer at the end of each column line
//! ([`Layout::Wrapped`], one printed line a line, the commonest OCR dump) or by the writer at the
//! end of each paragraph ([`Layout::Paragraphs`], one paragraph a line). Unwrapping the first
//! gives its paragraphs back; doing it to the second glues paragraphs, headlines and verse
//! together, so the page itself must say which it is.
//!
//! Printed lines fill a column: most lines of a wrapped page are about as long as the lines
//! around them and stop without a sentence mark, in mid-clause. Paragraph lines are as long as
//! their paragraphs, which differ, and nearly all end with a sentence mark. The share of lines
//! that both fill the width around them and stop without a sentence mark tells the two apart:
//! over a whole text ([`detect`]), or, as the engine reads a page, over the lines within
//! [`REGION`] of each line break ([`LayoutMap`]).
//!
//! ```
//! use galley::text::layout::{detect, Layout};
//! let wrapped = "近年来，山西省气象局坚持以\n党建为引领，推动气象事业高\n质量发展，取得了显著成效，\n得到了各方面的充分肯定。\n";
//! assert_eq!(detect(wrapped), Layout::Wrapped);
//! let paragraphs = "近年来，山西省气象局坚持以党建为引领。\n推动气象事业高质量发展，取得了显著成效。\n得到了各方面的充分肯定。\n";
//! assert_eq!(detect(paragraphs), Layout::Paragraphs);
//! ```

use crate::text::across::goes_on;
use crate::text::blocks::{blocks, INDENT};
use crate::text::class::{is_cjk_punct, is_han, may_not_start_line};

/// How a page's line breaks were made, or how the user says they were.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// Read from the page itself, region by region ([`LayoutMap`]).
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
/// length to be a column's width (or, in a [`WIDE`] column, be its longest or one short).
pub const COLUMN_LINES: usize = 3;

/// Narrowest column whose width its longest lines can show without sharing one length
/// exactly: verse lines lie within a character or two of each other, but seldom run to sixteen.
pub const WIDE: usize = 16;

/// Fewest full lines that can show verse ([`Weighed::verse`]).
pub const VERSE_LINES: usize = 5;

/// Marks a character inside full lines below which they may be verse: prose holds one every
/// eight to twelve (0.07 on the median People's Daily article hard-wrapped, 0.1 in ECPO).
pub const VERSE_MARKS: f64 = 0.03;

/// Share of full lines cut in mid-word below which they may be verse.
pub const VERSE_CUTS: f64 = 0.1;

/// Fewest lines that can show a page's layout by a share of them.
pub const MIN_LINES: usize = 4;

fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '!' | '?' | '…' | '”' | '」' | '』' | '）' | ')' | '；' | '：'
    )
}

/// How far on either side of a line break, in bytes, the lines that decide its layout lie: a
/// page is read region by region, so that a long text without page breaks (a whole issue, a
/// batch of dumps run together) can hold both layouts, and so that a page too long to hold
/// ([`crate::long_page`]) decides each break as the whole page would. About 2,000 characters of
/// Chinese on either side: an ordinary page is decided as a whole.
pub const REGION: usize = 6 * 1024;

/// One line that [`filled_lines`] weighs.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Byte offset of the line's start in the text.
    start: usize,
    chars: usize,
    /// It fills the width of the lines around it (within a character).
    fills: bool,
    /// It ends without a sentence mark.
    open: bool,
    /// It fills its column, holds no mark inside and is cut: it goes on into the next line in
    /// mid-word, in a number or inside a quotation ([`crate::text::across`]), or the next line
    /// starts with a mark no line starts with.
    cut: bool,
    /// Punctuation marks inside it (its last character not counted).
    marks: usize,
}

/// The lines of `text` that can show its layout, in order: lines of mostly Han text in blocks of
/// three or more, but not a block's last, which ends a paragraph in either layout.
fn weighed_lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    for block in blocks(text) {
        let mut starts = Vec::new();
        let mut lines = Vec::new();
        let mut at = block.range.start;
        for raw in text[block.range].split('\n') {
            starts.push(at);
            at += raw.len() + 1;
            lines.push(raw.trim_start_matches(INDENT).trim_end());
        }
        if lines.len() < 3 {
            continue;
        }
        let lengths: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
        for k in 0..lines.len() - 1 {
            // Tables of figures are set in rows of one width too, but a row is no sentence.
            if !mostly_han(lines[k]) {
                continue;
            }
            let near = k.saturating_sub(4)..(k + 5).min(lengths.len());
            let fills = column_width(&lengths[near.clone()], &lines[near]).is_some_and(|width| {
                width >= 4 && lengths[k] + 1 >= width && lengths[k] <= width + 1
            });
            let open = lines[k].chars().last().is_some_and(|c| !ends_sentence(c));
            let mut inner = lines[k].chars();
            inner.next_back();
            let marks = inner
                .filter(|&c| is_cjk_punct(c) || c.is_ascii_punctuation())
                .count();
            // A line with a mark inside counts toward the marks that tell prose; the word list
            // is asked only about lines without one.
            let cut = fills
                && open
                && marks == 0
                && (lines[k + 1].starts_with(may_not_start_line)
                    || goes_on(lines[k], lines[k + 1]));
            out.push(Line {
                start: starts[k],
                chars: lengths[k],
                fills,
                open,
                cut,
                marks,
            });
        }
    }
    out
}

/// How many lines of `text` (in blocks of three or more) fill the width of the lines around
/// them (within a character) and end without a sentence mark, and how many lines were weighed;
/// the last line of a block is not weighed, as it ends a paragraph in either layout.
pub fn filled_lines(text: &str) -> Weighed {
    weighed_lines(text)
        .iter()
        .fold(Weighed::default(), |w, l| w.with(l))
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
    /// Lines that fill their column, hold no mark inside and are cut in mid-word.
    pub cut: usize,
    /// Marks inside the lines that fill their column and stop in mid-sentence.
    pub filled_marks: usize,
}

impl Weighed {
    fn with(self, l: &Line) -> Weighed {
        let filled = l.fills && l.open;
        Weighed {
            lines: self.lines + 1,
            chars: self.chars + l.chars,
            filled_chars: self.filled_chars + if filled { l.chars } else { 0 },
            filled: self.filled + usize::from(filled),
            open: self.open + usize::from(l.open),
            cut: self.cut + usize::from(l.cut),
            filled_marks: self.filled_marks + if filled { l.marks } else { 0 },
        }
    }

    fn minus(self, o: Weighed) -> Weighed {
        Weighed {
            lines: self.lines - o.lines,
            chars: self.chars - o.chars,
            filled_chars: self.filled_chars - o.filled_chars,
            filled: self.filled - o.filled,
            open: self.open - o.open,
            cut: self.cut - o.cut,
            filled_marks: self.filled_marks - o.filled_marks,
        }
    }

    /// Whether the full lines are verse, couplets or a list set an item a line rather than a
    /// column: prose cut at a column's width is cut in mid-word at many lines (the dictionary
    /// finds a word across 43% of People's Daily breaks) and holds a mark every few characters;
    /// lines that end where a phrase ends and hold hardly a mark are set a phrase a line.
    fn verse(&self) -> bool {
        self.filled >= VERSE_LINES
            && (self.filled_marks as f64) < VERSE_MARKS * self.filled_chars as f64
            && (self.cut as f64) < VERSE_CUTS * self.filled as f64
    }

    /// The layout these lines show. Fewer than [`MIN_LINES`] lines are too few to share a
    /// column width: they are wrapped if every one stops in mid-sentence, which a paragraph's
    /// line never does.
    pub fn layout(&self) -> Layout {
        let wrapped = if self.lines < MIN_LINES {
            self.lines > 0 && self.open == self.lines
        } else {
            self.filled_chars as f64 >= WRAPPED_SHARE * self.chars as f64 && !self.verse()
        };
        if wrapped {
            Layout::Wrapped
        } else {
            Layout::Paragraphs
        }
    }
}

/// A page's layout region by region: the layout at a line break is what the weighed lines
/// starting within [`REGION`] bytes of it show.
#[derive(Debug)]
pub struct LayoutMap {
    starts: Vec<usize>,
    /// `sums[i]`: the first `i` weighed lines together.
    sums: Vec<Weighed>,
}

impl LayoutMap {
    /// The map of one page.
    pub fn of(page: &str) -> LayoutMap {
        let lines = weighed_lines(page);
        let mut sums = Vec::with_capacity(lines.len() + 1);
        sums.push(Weighed::default());
        for l in &lines {
            sums.push(sums[sums.len() - 1].with(l));
        }
        LayoutMap {
            starts: lines.iter().map(|l| l.start).collect(),
            sums,
        }
    }

    /// The layout at byte offset `at` of the page.
    pub fn at(&self, at: usize) -> Layout {
        let lo = self.starts.partition_point(|&s| s + REGION < at);
        let hi = self.starts.partition_point(|&s| s <= at + REGION);
        self.sums[hi].minus(self.sums[lo]).layout()
    }

    /// Whether any part of the page is wrapped.
    pub fn any_wrapped(&self) -> bool {
        self.starts.iter().any(|&s| self.at(s) == Layout::Wrapped)
    }

    /// How the page reads: at the start of each weighed line (paragraphs for a page without
    /// any).
    pub fn reading(&self) -> Reading {
        Reading::of(self.starts.iter().map(|&s| self.at(s).into()))
    }
}

/// Whether at least half the characters of `line` are Han ideographs.
fn mostly_han(line: &str) -> bool {
    let han = line.chars().filter(|&c| is_han(c)).count();
    2 * han >= line.chars().count()
}

/// The width of the column `lengths` were set in, if they show one: the length that several
/// share exactly (verse and headlines come in lengths that merely lie close together), or else
/// the longest, where several lines are that long or a character shorter. OCR that drops a
/// character, or a mark hung beyond the margin, makes a column's line one shorter or longer, and
/// a picture set in a column leaves few lines at its full width (`32, 33, 33, 27, 26` above it);
/// verse is seldom written that close to its longest line.
fn column_width(lengths: &[usize], lines: &[&str]) -> Option<usize> {
    let (width, lines_of_width) = typical(lengths);
    let width = if lines_of_width >= COLUMN_LINES {
        width
    } else {
        let longest = lengths.iter().copied().max()?;
        let full = lengths.iter().filter(|&&l| l + 1 >= longest).count();
        (full >= COLUMN_LINES && longest >= WIDE).then_some(longest)?
    };
    // A line that runs beyond a column's margin does so by marks set in half a cell: a line of
    // characters alone a little longer than the width is no column's (it is verse, or a
    // headline). One far longer is a wider column's, beside a narrow box or a picture.
    let within = lengths
        .iter()
        .zip(lines)
        .all(|(&l, line)| l <= width || 2 * l > 3 * width || !line.chars().all(is_han));
    within.then_some(width)
}

/// The most common of `lengths` (the longer on a tie), and how many there are of it.
pub(crate) fn typical(lengths: &[usize]) -> (usize, usize) {
    // A window of a few lines is counted in place; a whole block in a map.
    if lengths.len() <= 16 {
        let mut best = (0, 0);
        for &l in lengths {
            let n = lengths.iter().filter(|&&m| m == l).count();
            if (n, l) > (best.1, best.0) {
                best = (l, n);
            }
        }
        return best;
    }
    let mut counts: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for &l in lengths {
        *counts.entry(l).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(l, n)| (n, l))
        .unwrap_or((0, 0))
}

/// How a text's line breaks were read, as [`crate::Engine::layout_of`] tells it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Reading {
    /// Every region of every page read as printed lines.
    Wrapped,
    /// Every region read as paragraph lines.
    Paragraphs,
    /// Some regions one way, some the other.
    Mixed,
}

impl Reading {
    /// The reading of a text from the readings of its parts (paragraphs for no part).
    pub fn of(parts: impl IntoIterator<Item = Reading>) -> Reading {
        parts
            .into_iter()
            .reduce(|a, b| if a == b { a } else { Reading::Mixed })
            .unwrap_or(Reading::Paragraphs)
    }
}

impl From<Layout> for Reading {
    /// A region's layout as a reading: [`Layout::Auto`] is no decision, and nothing is joined.
    fn from(layout: Layout) -> Reading {
        match layout {
            Layout::Wrapped => Reading::Wrapped,
            Layout::Auto | Layout::Paragraphs => Reading::Paragraphs,
        }
    }
}

impl std::fmt::Display for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Reading::Wrapped => "wrapped",
            Reading::Paragraphs => "paragraphs",
            Reading::Mixed => "mixed",
        })
    }
}

/// The layout of a text taken as a whole: [`Layout::Wrapped`] or [`Layout::Paragraphs`] (see
/// [`Weighed::layout`]). The engine decides region by region instead ([`LayoutMap`]).
pub fn detect(text: &str) -> Layout {
    filled_lines(text).layout()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The typical length is one the most lines share, the longest of those, counted in
        /// place or in a map alike.
        #[test]
        fn typical_is_the_commonest_and_longest(lengths in proptest::collection::vec(0usize..6, 0..40)) {
            let (l, n) = typical(&lengths);
            let count = |x: usize| lengths.iter().filter(|&&m| m == x).count();
            prop_assert_eq!(n, if lengths.is_empty() { 0 } else { count(l) });
            for &m in &lengths {
                prop_assert!(count(m) < n || (count(m) == n && m <= l));
            }
        }
    }

    #[test]
    fn a_page_of_paragraph_lines_is_not_wrapped() {
        let page = "省长在太原考察企业\n向广大职工祝贺新年\n本报太原十二月三十一日电今天是一年里的最后一天。\n上午九时，省长来到太原第一热电厂看望职工。\n电厂年发电量四十亿千瓦时。\n早在主持全省能源工作时，他就曾多次到电厂检查指导工作。\n";
        assert_eq!(detect(page), Layout::Paragraphs);
        // Too few lines to tell: left alone.
        assert_eq!(
            detect("近年来，山西省气象局坚持以\n党建为引领。\n"),
            Layout::Paragraphs
        );
        assert_eq!("wrapped".parse(), Ok(Layout::Wrapped));
    }

    /// Free verse: lines of lengths that lie close together, none ending with a mark, five of
    /// them of one length. The lines of characters alone a little longer than that length say it
    /// is no column's width.
    #[test]
    fn free_verse_is_not_a_column() {
        let verse = "北风吹过了河湾的柳树\n山那边的雪就落下来了\n落在窑洞的门前\n落在赶路人的肩头上\n像一封迟到了许久的家书\n像一盏不灭的灯火\n半是思念，半是盼望\n从黄土里，从岁月里\n生出来的那些小小的花\n开得那样认真和坦然\n它看见了远方的灯火\n和灯火下面的人们\n";
        assert_eq!(detect(verse), Layout::Paragraphs);
        // A column's lines, each cut in mid-clause, one a character longer than the rest by a
        // mark set in half a cell: a column.
        let column = "近年来山西省气象局坚持\n以党建为引领推动气象事\n业高质量发展取得了显著\n成效，得到了各方面的充分\n肯定和大力支持，气象服\n务保障能力不断提升，防\n灾减灾体系日趋完善，为\n经济社会发展作出了积极\n的贡献。\n";
        assert_eq!(detect(column), Layout::Wrapped);
    }

    /// Couplets and a list of titles share a length as a column's lines do, but hold no mark and
    /// end where a phrase ends: not a column. A narrow column of the same width, marked and cut
    /// in mid-word, is.
    #[test]
    fn couplets_and_lists_are_not_a_column() {
        let couplets = "新春联\n王小明\n春回大地千山秀\n福满人间万户欢\n瑞雪兆丰年\n春风送喜来\n门迎百福福星照\n户纳千祥祥云开\n一帆风顺年年好\n万事如意步步高\n灯照吉祥岁岁安\n花开富贵家家乐\n风调雨顺年年好\n国泰民安岁岁新\n横批\n万象更新\n";
        assert_eq!(detect(couplets), Layout::Paragraphs);
        let list = "优秀作品评选揭晓\n题目作者发表日期\n黄河岸边的灯火陈明远３月２日\n山村教师的一天李秀英３月９日\n写给远方的信王建国３月１６日\n大漠里的绿洲赵春华３月２３日\n小城的早晨孙立平３月３０日\n一条路的故事周文斌４月６日\n";
        assert_eq!(detect(list), Layout::Paragraphs);
        let column = "近年来山西省气\n象局坚持以党建\n为引领，推动气\n象事业高质量发\n展，取得了显著\n成效，得到了各\n方面的充分肯定\n和大力支持。\n";
        assert_eq!(detect(column), Layout::Wrapped);
    }

    /// Lines beside a picture: three at the column's full width or one short, then the narrow
    /// lines beside the picture, then the full width again (ECPO 晶報, `tests/data/ecpo`).
    #[test]
    fn a_column_around_a_picture_is_wrapped() {
        let sample = include_str!("../../tests/data/ecpo/sample.lines.txt");
        let article = sample
            .split("\n\n\n")
            .find(|a| a.starts_with("碔砆中之假寶玉"))
            .expect("the article is in the sample");
        let lines: Vec<&str> = article.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(detect(&lines.join("\n")), Layout::Wrapped);
        assert!("columns".parse::<Layout>().is_err());
    }
}
