//! Pages, blocks and lines: the layout units that joins and drops work on.
//!
//! A *page* is a stretch of text between form feeds (`\f`). A *block* is a run of non-blank lines;
//! blocks are separated by one or more blank lines (lines holding only whitespace). Block ranges
//! exclude the separating newlines and the spaces at the block's two ends.

use std::ops::Range;

/// What an indent is made of.
pub(crate) const INDENT: [char; 3] = [' ', '\t', '\u{3000}'];

/// How many character cells an indent takes: an ideographic space one, two ASCII spaces one, a
/// tab two.
pub(crate) fn indent_cells(indent: &str) -> usize {
    let cells: usize = indent
        .chars()
        .map(|c| match c {
            '\u{3000}' => 2,
            '\t' => 4,
            _ => 1,
        })
        .sum();
    cells / 2
}

/// `range` without the spaces at its ends, so that joining two blocks never keeps them.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let inner = &text[range.clone()];
    let lead = inner.len() - inner.trim_start_matches(INDENT).len();
    let trail = inner.len() - inner.trim_end_matches(INDENT).len();
    range.start + lead..range.end - trail
}

/// The lines of `text` with their newlines, as `text.split_inclusive('\n')` gives them, found
/// with the `memchr` crate's vectorised search: the standard library's is a word at a time, and
/// the layout rules walk every line of every page several times.
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut newlines = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = newlines.next().map_or(text.len(), |i| i + 1);
        let line = &text[start..end];
        start = end;
        Some(line)
    })
}

/// A block of non-blank lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Byte range of the block's text, from its first character to the end of its last line
    /// (without the final newline).
    pub range: Range<usize>,
    /// Index of the page (form-feed separated) that holds the block.
    pub page: usize,
}

fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace() && c != '\u{c}')
}

/// The blocks of `text`, in order.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut page = 0;
    let mut current: Option<Range<usize>> = None;
    let mut pos = 0;
    // The engine hands rules one page at a time, so a form feed is rare; without one, no line
    // needs to be searched for it.
    let has_form_feed = memchr::memchr(b'\x0c', text.as_bytes()).is_some();
    for line in lines_inclusive(text) {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let line_start = pos;
        pos += line.len();
        if is_blank(body) {
            if let Some(r) = current.take() {
                out.push(Block {
                    range: trimmed(text, r),
                    page,
                });
            }
            continue;
        }
        if !has_form_feed {
            match current.as_mut() {
                Some(r) => r.end = line_start + body.len(),
                None => current = Some(line_start..line_start + body.len()),
            }
            continue;
        }
        // A form feed ends the page, and with it the block, even in the middle of a line.
        let mut part_start = line_start;
        for (i, part) in body.split('\u{c}').enumerate() {
            if i > 0 {
                if let Some(r) = current.take() {
                    out.push(Block {
                        range: trimmed(text, r),
                        page,
                    });
                }
                page += 1;
            }
            let range = part_start..part_start + part.len();
            part_start = range.end + 1;
            if is_blank(part) {
                continue;
            }
            match current.as_mut() {
                Some(r) => r.end = range.end,
                None => current = Some(range),
            }
        }
    }
    if let Some(r) = current {
        out.push(Block {
            range: trimmed(text, r),
            page,
        });
    }
    out
}

/// A non-blank line of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// Where the line starts.
    pub start: usize,
    /// Where its text ends (before the newline).
    pub end: usize,
    /// Where it ends with its newline: the span to delete to drop the line.
    pub full_end: usize,
}

/// Whether `line` is body text: it holds sentence punctuation (full- or half-width). Furniture
/// sits between a page's edge and its first body lines, which is how edge rules find it.
pub fn is_body_line(line: &str) -> bool {
    line.contains(['，', '。', '；', '！', '？', ',', ';', '!', '?'])
}

/// Whether `s` holds a sentence-final mark (`。`, `！` or `？`): a line that does is a sentence,
/// never page furniture or a headline. Each mark is searched for as its three bytes, since a
/// search for the characters decodes every character of the line.
pub fn has_sentence_end(s: &str) -> bool {
    use memchr::memmem::Finder;
    static MARKS: std::sync::OnceLock<[Finder<'static>; 3]> = std::sync::OnceLock::new();
    MARKS
        .get_or_init(|| ["。", "！", "？"].map(Finder::new))
        .iter()
        .any(|f| f.find(s.as_bytes()).is_some())
}

/// The non-blank lines of each page (pages are separated by form feeds).
pub fn page_lines(text: &str) -> Vec<Vec<Line>> {
    let mut pages = Vec::new();
    let mut page_start = 0;
    for page in text.split('\u{c}') {
        let mut lines = Vec::new();
        let mut pos = page_start;
        for line in lines_inclusive(page) {
            let body = line.strip_suffix('\n').unwrap_or(line);
            if !body.trim().is_empty() {
                lines.push(Line {
                    start: pos,
                    end: pos + body.len(),
                    full_end: pos + line.len(),
                });
            }
            pos += line.len();
        }
        pages.push(lines);
        page_start += page.len() + 1;
    }
    pages
}

/// The non-blank lines of `text` (one page: no form feeds), from the first.
pub fn lines_from_top(text: &str) -> impl Iterator<Item = Line> + '_ {
    let mut pos = 0;
    lines_inclusive(text).filter_map(move |line| {
        let start = pos;
        pos += line.len();
        let body = line.strip_suffix('\n').unwrap_or(line);
        (!body.trim().is_empty()).then_some(Line {
            start,
            end: start + body.len(),
            full_end: pos,
        })
    })
}

/// The non-blank lines of `text` (one page: no form feeds), from the last: the lines near a
/// page's foot without reading the page above them.
pub fn lines_from_bottom(text: &str) -> impl Iterator<Item = Line> + '_ {
    let mut full_end = text.len();
    std::iter::from_fn(move || loop {
        if full_end == 0 {
            return None;
        }
        let end = if text.as_bytes()[full_end - 1] == b'\n' {
            full_end - 1
        } else {
            full_end
        };
        let start = memchr::memrchr(b'\n', &text.as_bytes()[..end]).map_or(0, |i| i + 1);
        let line = Line {
            start,
            end,
            full_end,
        };
        full_end = start;
        if !text[start..end].trim().is_empty() {
            return Some(line);
        }
    })
}

/// The span to delete to drop `line` from `text` without leaving an extra blank line behind.
///
/// A line with blank lines (or its page's start) before it takes the blank lines after it along;
/// a line that ends its page takes the blank lines before it; a line inside a block goes alone,
/// so the blocks around it stay apart.
pub fn drop_span(text: &str, line: &Line) -> Range<usize> {
    let is_blank = |l: &str| l.chars().all(|c| c.is_whitespace() && c != '\u{c}');
    // Start of the blank lines just before the line, and whether the page starts there.
    let mut blank_start = line.start;
    let mut page_start = line.start == 0 || text[..line.start].ends_with('\u{c}');
    for l in text[..line.start].split_inclusive('\n').rev() {
        if l.ends_with('\u{c}') || !l.ends_with('\n') || !is_blank(l) {
            break;
        }
        blank_start -= l.len();
        page_start = blank_start == 0 || text[..blank_start].ends_with('\u{c}');
    }
    // End of the blank lines just after it, and whether the page ends there.
    let mut blank_end = line.full_end;
    for l in text[line.full_end..].split_inclusive('\n') {
        if l.contains('\u{c}') || !is_blank(l) {
            break;
        }
        blank_end += l.len();
    }
    let page_end = blank_end == text.len() || text[blank_end..].starts_with('\u{c}');
    if page_end && !page_start {
        blank_start..blank_end
    } else if page_start || blank_start < line.start {
        line.start..blank_end
    } else {
        line.start..line.full_end
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sentence_ends_are_the_marks(s in "[。！？!?.a中，\u{3082}\u{FF01}\u{FF1F}\u{FF41}]{0,12}") {
            prop_assert_eq!(super::has_sentence_end(&s), s.contains(['。', '！', '？']));
        }

        #[test]
        fn lines_from_either_end_are_the_page_s_lines(text in "[a \n近]{0,24}") {
            let lines = page_lines(&text).remove(0);
            let top: Vec<Line> = lines_from_top(&text).collect();
            let mut bottom: Vec<Line> = lines_from_bottom(&text).collect();
            bottom.reverse();
            prop_assert_eq!(&top, &lines);
            prop_assert_eq!(&bottom, &lines);
        }

        #[test]
        fn lines_are_those_of_split_inclusive(text in "[a\n近\u{c} ]{0,24}") {
            let ours: Vec<&str> = lines_inclusive(&text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            prop_assert_eq!(ours, std);
        }
    }

    use super::*;

    fn texts(t: &str) -> Vec<(&str, usize)> {
        blocks(t)
            .into_iter()
            .map(|b| (&t[b.range], b.page))
            .collect()
    }

    #[test]
    fn blank_lines_separate_blocks() {
        assert_eq!(texts("\n\n甲\n乙\n\n  \n丙\n"), [("甲\n乙", 0), ("丙", 0)]);
    }

    #[test]
    fn form_feeds_start_pages() {
        assert_eq!(
            texts("甲\n\u{c}乙\n\n丙\u{c}\n丁"),
            [("甲", 0), ("乙", 1), ("丙", 1), ("丁", 2)]
        );
    }

    #[test]
    fn non_blank_lines_per_page() {
        let t = "甲\n\n乙\u{c}\n丙";
        let pages = page_lines(t);
        let texts: Vec<Vec<&str>> = pages
            .iter()
            .map(|p| p.iter().map(|l| &t[l.start..l.end]).collect())
            .collect();
        assert_eq!(texts, [vec!["甲", "乙"], vec!["丙"]]);
        assert_eq!(&t[pages[0][0].start..pages[0][0].full_end], "甲\n");
    }

    fn dropped(t: &str, k: usize) -> String {
        let all: Vec<Line> = page_lines(t).into_iter().flatten().collect();
        let r = drop_span(t, &all[k]);
        format!("{}{}", &t[..r.start], &t[r.end..])
    }

    #[test]
    fn dropping_a_line_leaves_no_extra_blank_line() {
        assert_eq!(dropped("页眉\n\n\n正文", 0), "正文");
        assert_eq!(dropped("甲\n\n页眉\n\n乙", 1), "甲\n\n乙");
        assert_eq!(dropped("甲\n页眉\n\n乙", 1), "甲\n\n乙");
        assert_eq!(dropped("甲\n\n- 3 -\n", 1), "甲\n");
        assert_eq!(dropped("甲\n\n- 3 -\n\n\u{c}乙", 1), "甲\n\u{c}乙");
        assert_eq!(dropped("甲\n\n页眉", 1), "甲\n");
        assert_eq!(dropped("甲\n页眉\n乙", 1), "甲\n乙");
        assert_eq!(dropped("\n\n页眉\n\n\n\n正文", 0), "\n\n正文");
    }
}
