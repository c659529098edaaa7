//! What a batch's rules learn from: the lines at the edges of its pages, in bounded memory.
//!
//! Furniture (running heads, publisher lines) sits at the top and bottom of pages, so learning
//! needs only the first and last lines of each page, and of those only the ones that could be
//! furniture: a line holding a sentence never is, and is kept as a bare `。`, which keeps the
//! place of the lines around it. When the samples outgrow their budget, every other one is let
//! go and from then on only every second page (then fourth, …) is sampled, so a batch of any size
//! learns from an even spread of its pages. The same pages in the same order always give the same
//! samples, whether a file is read whole or a run of pages at a time.

use crate::error::Result;
use crate::stream::{PageRuns, Piece, Pieces, Sniffed};
use std::io::Read;
use std::path::Path;

/// Lines kept at each end of a page (the furniture rule looks at a few, more once it knows some).
const KEEP: usize = 12;

/// Bytes of samples held before thinning them out.
const BUDGET: usize = 32 << 20;

/// Edge lines of the pages of a batch, in order.
#[derive(Default)]
pub struct EdgeSamples {
    pages: Vec<String>,
    bytes: usize,
    /// Only every `stride`-th page is sampled.
    stride: usize,
    seen: usize,
}

impl EdgeSamples {
    /// No samples yet.
    pub fn new() -> EdgeSamples {
        EdgeSamples {
            stride: 1,
            ..EdgeSamples::default()
        }
    }

    /// The samples of every page of `texts` (a form feed ends a page), in order.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> EdgeSamples {
        let mut samples = EdgeSamples::new();
        for text in texts {
            page_samples(text).into_iter().for_each(|p| samples.add(p));
        }
        samples
    }

    /// Adds the sample of the next page (see [`page_samples`]).
    pub fn add(&mut self, sample: String) {
        let take = self.seen % self.stride == 0;
        self.seen += 1;
        if !take {
            return;
        }
        self.bytes += sample.len();
        self.pages.push(sample);
        if self.bytes > BUDGET {
            let mut k = 0;
            self.pages.retain(|_| {
                k += 1;
                k % 2 == 1
            });
            self.bytes = self.pages.iter().map(String::len).sum();
            self.stride *= 2;
        }
    }

    /// Adds the samples of every page of `reader`, read a run of about `run` bytes at a time (as
    /// [`sniff`](crate::stream::sniff) decided to decode it; `path` names it in errors). Stops at
    /// the first read error and returns it; the pages before it stay sampled.
    pub fn add_streamed<R: Read>(
        &mut self,
        reader: R,
        sniffed: &Sniffed,
        path: &Path,
        run: usize,
    ) -> Result<()> {
        let mut long = LongPageSample::default();
        for piece in Pieces::new(PageRuns::new(reader, sniffed, path, run)) {
            match piece? {
                Piece::Pages(t) => page_samples(&t).into_iter().for_each(|p| self.add(p)),
                Piece::Part(t) => long.push(&t),
                Piece::PageEnd { .. } => self.add(std::mem::take(&mut long).finish()),
            }
        }
        Ok(())
    }

    /// One text per sampled page.
    pub fn pages(&self) -> Vec<&str> {
        self.pages.iter().map(String::as_str).collect()
    }
}

/// The sample of each page of `text`; a form feed ends a page (a final one starts none).
///
/// ```
/// use galley::batch::samples::page_samples;
/// let pages = page_samples("人民日报\n近年来，山西省气象局坚持党建引领。\n第3版\n\u{c}人民日报\n会议指出。\n");
/// assert_eq!(pages.len(), 2);
/// // Sentence lines are never furniture: they are kept as a bare mark holding their place.
/// assert!(pages[0].contains("人民日报") && pages[0].contains("第3版"));
/// assert!(!pages[0].contains("气象局"));
/// ```
pub fn page_samples(text: &str) -> Vec<String> {
    text.split_inclusive('\u{c}')
        .map(|page| edge_lines(page.strip_suffix('\u{c}').unwrap_or(page)))
        .collect()
}

/// What a line of a page contributes to its sample: nothing when blank, a bare `。` for a
/// sentence (which keeps its place), else the line.
fn sample_line(line: &str) -> Option<&str> {
    if line.trim().is_empty() {
        None
    } else if crate::text::blocks::has_sentence_end(line) {
        Some("。")
    } else {
        Some(line)
    }
}

/// The non-blank lines at the two ends of `page`, sentences reduced to `。`.
fn edge_lines(page: &str) -> String {
    // Read from both ends, so that the middle of a long page is never looked at.
    let mut lines = page.lines().filter_map(sample_line);
    let mut kept: Vec<&str> = lines.by_ref().take(KEEP).collect();
    let mut tail: Vec<&str> = lines.by_ref().rev().take(KEEP).collect();
    tail.reverse();
    kept.extend(tail);
    kept.join("\n")
}

/// The sample of a page too long to hold, fed a part at a time: what [`page_samples`] gives for
/// the whole page, holding only its first and last lines.
#[derive(Default)]
pub struct LongPageSample {
    /// The start of a line whose end has not come yet.
    carry: String,
    head: Vec<String>,
    tail: std::collections::VecDeque<String>,
    lines: usize,
}

impl LongPageSample {
    /// The next part of the page.
    pub fn push(&mut self, part: &str) {
        self.carry.push_str(part);
        let Some(end) = self.carry.rfind('\n') else {
            return;
        };
        let rest = self.carry.split_off(end + 1);
        let done = std::mem::replace(&mut self.carry, rest);
        // As `str::lines` reads them: a line ends at `\n`, a `\r` before it is not part of it.
        for line in done.split_terminator('\n') {
            self.line(line.strip_suffix('\r').unwrap_or(line));
        }
    }

    fn line(&mut self, line: &str) {
        let Some(line) = sample_line(line) else {
            return;
        };
        self.lines += 1;
        if self.head.len() < 2 * KEEP {
            self.head.push(line.to_string());
        }
        self.tail.push_back(line.to_string());
        if self.tail.len() > KEEP {
            self.tail.pop_front();
        }
    }

    /// The sample of the whole page.
    pub fn finish(mut self) -> String {
        let last = std::mem::take(&mut self.carry);
        self.line(&last);
        if self.lines <= 2 * KEEP {
            self.head.join("\n")
        } else {
            let tail: Vec<String> = self.tail.into_iter().collect();
            [&self.head[..KEEP], &tail[..]].concat().join("\n")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_only_and_sentences_reduced() {
        let page: String = (1..=30).map(|i| format!("第{i}行\n")).collect();
        let sample = edge_lines(&format!(
            "要闻 第1版\n\n会议指出，安全生产事关人民福祉。\n{page}"
        ));
        let lines: Vec<&str> = sample.lines().collect();
        assert_eq!(lines.len(), 2 * KEEP);
        assert_eq!(&lines[..3], ["要闻 第1版", "。", "第1行"]);
        assert_eq!(lines.last(), Some(&"第30行"));
    }

    #[test]
    fn a_long_page_fed_in_parts_samples_as_a_whole() {
        let page: String = (1..=40)
            .map(|i| {
                if i % 3 == 0 {
                    format!("第{i}行。\r\n")
                } else {
                    format!("第{i}行\n\n")
                }
            })
            .collect::<String>()
            + "末行";
        for part in [1, 5, 17, 1000] {
            let mut sample = LongPageSample::default();
            let chars: Vec<char> = page.chars().collect();
            for piece in chars.chunks(part) {
                sample.push(&piece.iter().collect::<String>());
            }
            assert_eq!(sample.finish(), edge_lines(&page), "parts of {part}");
        }
        let mut short = LongPageSample::default();
        short.push("甲\n乙。\n");
        assert_eq!(short.finish(), edge_lines("甲\n乙。\n"));
        // Around twice `KEEP` lines, where the ends read from the front and the back meet.
        for n in 0..=2 * KEEP + 2 {
            let page: String = (1..=n).map(|i| format!("第{i}行\n")).collect();
            let mut whole = LongPageSample::default();
            whole.push(&page);
            let sample = edge_lines(&page);
            assert_eq!(sample, whole.finish(), "{n} lines");
            assert_eq!(sample.lines().count(), n.min(2 * KEEP), "{n} lines");
        }
    }

    #[test]
    fn pages_are_thinned_evenly_past_the_budget() {
        let mut samples = EdgeSamples::new();
        let line = "版".repeat(1000);
        let pages = 2 * BUDGET / line.len() + 10;
        for _ in 0..pages {
            samples.add(edge_lines(&line));
        }
        assert!(samples.bytes <= BUDGET, "{}", samples.bytes);
        assert!(samples.stride >= 2);
        assert_eq!(samples.pages.len(), pages.div_ceil(samples.stride));
    }
}
