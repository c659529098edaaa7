//! Two columns read across: OCR that takes a page's lines straight across two columns of one
//! height gives a line of the first column, then a line of the second, and so on. Each line goes
//! on in the line two below it, not in the next; unwrapping such a stretch splices two texts
//! into one, the worst kind of wrong join, and nothing can be joined there safely.
//!
//! The evidence is mostly the dictionary's: where a printed line stops in mid-word, its last
//! characters and the first of the line that continues it spell a word (`机|关`); a number cut
//! at a line's end goes on there too (`1989|年`), and so does a quotation or a title left open
//! (`以“为人民服务，|让群众满意”`). In a column, that is the next line; in a stretch read
//! across, the line after next. A stretch of [`WINDOW`] lines is read across when lines two
//! apart go on from each other [`MIN_SKIPS`] times or more, and [`MARGIN`] times or more beyond
//! adjacent lines. Measured on hard-wrapped People's Daily articles, adjacent lines of a column
//! spell a word across at 43% of breaks and lines two apart at 7% (by chance), so the condition
//! asks for the reverse of what a column shows, several times over; a column that happens to
//! break between words everywhere stays a column.
//!
//! ```
//! use galley::text::across::stretches;
//! let cut = |t: &str| -> Vec<String> {
//!     let chars: Vec<char> = t.chars().collect();
//!     chars.chunks(11).map(|c| c.iter().collect()).collect()
//! };
//! let a = cut("近年来山西省气象局坚持以党建为引领推动气象事业高质量发展取得了显著成效得到了各方面的充分肯定今后将继续深化改革创新");
//! let b = cut("会议指出安全生产事关人民群众生命财产安全事关经济发展和社会稳定大局各级党委政府要深刻认识做好安全生产工作的重要性");
//! let column: Vec<&str> = a.iter().map(String::as_str).collect();
//! assert!(stretches(&column).is_empty());
//! // A line of one column, then a line of the other: one stretch read across.
//! let across: Vec<&str> = a.iter().zip(&b).flat_map(|(x, y)| [x.as_str(), y.as_str()]).collect();
//! assert_eq!(stretches(&across).len(), 1);
//! ```

use crate::text::class::is_han;
use crate::text::dictionary::word_across;

/// Lines weighed together.
pub const WINDOW: usize = 8;

/// Fewest words across lines two apart in a window read across.
pub const MIN_SKIPS: usize = 3;

/// How many more words across lines two apart than across adjacent lines a window read across
/// has at least.
pub const MARGIN: usize = 3;

/// Whether `b` goes on from `a` in mid-word: both meet in Han characters that spell a word, `a`
/// ends in a number that `b` goes on with (`1989` / `年国家颁布`, `２` / `０００元`), or `b`
/// closes a quotation or a title that `a` left open.
pub(crate) fn goes_on(a: &str, b: &str) -> bool {
    let (Some(last), Some(first)) = (a.chars().next_back(), b.chars().next()) else {
        return false;
    };
    if is_digit(last) {
        return is_digit(first) || NUMBER_UNITS.contains(first);
    }
    (is_han(last) && is_han(first) && word_across(a, b)) || closes_what_opens(a, b)
}

/// Pairs of marks that a quotation, a title or an aside is set between.
const PAIRS: [(char, char); 5] = [
    ('“', '”'),
    ('《', '》'),
    ('（', '）'),
    ('「', '」'),
    ('『', '』'),
];

/// Whether `a` leaves a pair of marks open that `b` closes before it opens one again: the
/// quotation (`陈自昌以“为人民服务，` / `让群众满意”作为`) goes on in `b`.
fn closes_what_opens(a: &str, b: &str) -> bool {
    // Most lines close nothing: `b` is read first, and `a` only for the pairs `b` closes.
    let mut closes = [None::<bool>; PAIRS.len()];
    for c in b.chars() {
        for (k, &(open, close)) in PAIRS.iter().enumerate() {
            if closes[k].is_none() && (c == open || c == close) {
                closes[k] = Some(c == close);
            }
        }
    }
    if !closes.contains(&Some(true)) {
        return false;
    }
    let mut depth = [0u32; PAIRS.len()];
    for c in a.chars() {
        for (k, &(open, close)) in PAIRS.iter().enumerate() {
            if c == open {
                depth[k] += 1;
            } else if c == close {
                depth[k] = depth[k].saturating_sub(1);
            }
        }
    }
    (0..PAIRS.len()).any(|k| closes[k] == Some(true) && depth[k] > 0)
}

/// What follows a number and belongs to it: a unit of time, of counting or of money.
const NUMBER_UNITS: &str = "年月日号时分秒万亿元个人次岁倍名户家件项%％";

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// For each line break of `lines` (after line `k`, `k < lines.len() - 1`), whether it lies in a
/// stretch read across two columns.
pub fn read_across(lines: &[&str]) -> Vec<bool> {
    let breaks = lines.len().saturating_sub(1);
    let mut out = vec![false; breaks];
    if lines.len() < WINDOW {
        return out;
    }
    // Lines two apart go on from each other seldom in a column, so few windows have skips
    // enough to be read across: only in those are adjacent lines asked too.
    let skipping: Vec<bool> = (0..breaks.saturating_sub(1))
        .map(|k| goes_on(lines[k], lines[k + 2]))
        .collect();
    let mut adjacent: Vec<Option<bool>> = vec![None; breaks];
    let mut adjacent_at =
        |k: usize| *adjacent[k].get_or_insert_with(|| goes_on(lines[k], lines[k + 1]));
    for start in 0..=lines.len() - WINDOW {
        let end = start + WINDOW - 1;
        let s = skipping[start..end - 1].iter().filter(|&&x| x).count();
        if s < MIN_SKIPS {
            continue;
        }
        let a = (start..end).filter(|&k| adjacent_at(k)).count();
        if s >= a + MARGIN {
            out[start..end].iter_mut().for_each(|x| *x = true);
        }
    }
    // A window may start or end a line inside the stretch: the break on either side of a stretch
    // that does not fall in mid-word belongs to it.
    let inside = out.clone();
    for k in 0..breaks {
        let beside = (k + 1 < breaks && inside[k + 1]) || (k > 0 && inside[k - 1]);
        if beside && !adjacent_at(k) {
            out[k] = true;
        }
    }
    out
}

/// The first line of each stretch read across in `lines`, with the number of lines in it.
pub fn stretches(lines: &[&str]) -> Vec<(usize, usize)> {
    let across = read_across(lines);
    let mut out = Vec::new();
    let mut k = 0;
    while k < across.len() {
        if across[k] {
            let start = k;
            while k < across.len() && across[k] {
                k += 1;
            }
            out.push((start, k - start + 1));
        } else {
            k += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_cut_at_a_line_end_goes_on() {
        assert!(goes_on("国家于1989", "年颁布了行政诉讼法"));
        assert!(goes_on("产值达到１２", "００万元"));
        assert!(goes_on("全县共有3", "万人"));
        // A number that ends a clause is not cut: the next line starts anew.
        assert!(!goes_on("全年增长了8", "会议指出"));
        assert!(!goes_on("全年增长了8", "。会议指出"));
        assert!(goes_on("会议指出安全生产事关人", "民群众"));
        assert!(!goes_on("会议指出安全生产事关", "经济发展"));
    }

    #[test]
    fn a_quotation_goes_on_where_it_closes() {
        assert!(goes_on("陈自昌以“为人民服务，", "让群众满意”作为出发点"));
        assert!(goes_on("他著有《鲁迅早期", "创作》等专著"));
        // Closed in its own line, or not closed next: no evidence.
        assert!(!goes_on("他说“好”，", "大家都笑了”"));
        assert!(!goes_on(
            "陈自昌以“为人民服务，",
            "当时，信宜“基础设施”落后"
        ));
        assert!(!goes_on("陈自昌以“为人民服务，", "当时，信宜基础设施落后"));
    }
}
