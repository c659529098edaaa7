//! Pages too long to hold: cleaned in overlapping slices, stitched where neighbouring slices
//! agree.
//!
//! Rules see a page as a whole (its first and last lines, its blocks), so a page can be cut only
//! where no rule's decision depends on the cut. Each slice is therefore cleaned with `margin`
//! bytes of the page on either side of the part it contributes: to the rules, a slice's start
//! and end are a page's, and what they do differently there (furniture at a page's edge, the
//! final newline) stays in the margins. Where two slices overlap, the cut goes at a line start
//! in the middle of the overlap, and only when both slices made the very same edits there and
//! none of them crosses the cut. Rules that decide from less than a margin around each change
//! — all built-in rules on newspaper text — then give exactly the whole page's result. When the
//! slices disagree (a chain of joins longer than the margin), the page is not cut at all: an
//! error says where, and the file can be cleaned whole instead.
//!
//! ```
//! use galley::long_page::LongPage;
//! let engine = galley::Engine::builtin("newspaper-zh")?;
//! let page = "近年来,山西省气象局坚持改革。\n\n".repeat(20_000);
//! // The margin is raised to what the engine's rules need.
//! let mut long = LongPage::new(&engine, 4096, 512);
//! let mut parts = Vec::new();
//! for line in page.split_inclusive('\n') {
//!     parts.extend(long.push(line)?);
//! }
//! parts.extend(long.finish()?);
//! let stitched: String = parts.iter().map(|p| p.cleaned.text.as_str()).collect();
//! assert_eq!(stitched, engine.clean(&page).text);
//! # Ok::<(), galley::Error>(())
//! ```

use crate::edit::apply_edits;
use crate::error::{Error, Result};
use crate::text::blocks::is_body_line;
use crate::{Cleaned, Edit, Engine, Warning};
use rayon::prelude::*;

/// One stretch of a long page and its result, in order: the stretches concatenate to the page.
#[derive(Debug)]
pub struct Segment {
    /// The original text of the stretch.
    pub text: String,
    /// Its clean text, its edits (on `text`) and its warnings (on the clean text). Edit offsets
    /// count from the stretch's start, and so do group ids ([`crate::Edit::group`]); a group
    /// that began in an earlier stretch has an id that wraps below zero. Placed at its offset
    /// in the page with `wrapping_add`, every id is the page's.
    pub cleaned: Cleaned,
}

/// A slice that was cleaned: where it starts in the page, its text and its result.
struct Slice {
    start: usize,
    text: String,
    cleaned: Cleaned,
}

impl Slice {
    fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// Its edits, each with its span at page offsets.
    fn spans(&self) -> impl Iterator<Item = (usize, usize, &Edit)> + '_ {
        self.cleaned
            .edits
            .iter()
            .map(|e| (e.start + self.start, e.end + self.start, e))
    }

    /// Its edits whose page offset of start `keep` accepts, moved to start at page offset
    /// `origin`; only these are copied.
    fn edits_from(&self, origin: usize, keep: impl Fn(usize) -> bool) -> Vec<Edit> {
        self.spans()
            .filter(|&(start, _, _)| keep(start))
            .map(|(start, end, e)| Edit {
                start: start - origin,
                end: end - origin,
                // A group that began before `origin` (in an earlier stretch) keeps its place
                // there: its id wraps below zero, and placing the stretch back restores it.
                group: e.group.map(|g| (g + self.start).wrapping_sub(origin)),
                ..e.clone()
            })
            .collect()
    }

    /// Where page offset `at` (within the slice, not inside an edit) is in its clean text.
    fn clean_offset(&self, at: usize) -> usize {
        let at = at - self.start;
        let shift: isize = self
            .cleaned
            .edits
            .iter()
            .take_while(|e| e.end <= at && e.start < at)
            .map(|e| e.replacement.len() as isize - (e.end - e.start) as isize)
            .sum();
        (at as isize + shift) as usize
    }
}

/// A page fed in parts and cleaned a slice at a time (see the module documentation).
pub struct LongPage<'e> {
    engine: &'e Engine,
    slice: usize,
    margin: usize,
    /// The page's text from offset `held` on.
    text: String,
    held: usize,
    /// Where the output still owed starts.
    owed: usize,
    prev: Option<Slice>,
}

impl<'e> LongPage<'e> {
    /// Slices of about `slice` bytes overlapping by twice `margin`. `slice` is raised to at
    /// least five margins, so that every slice moves on, and `margin` to at least five times the
    /// engine's [`reach`](Engine::reach): a cut lies at least a quarter of a margin from a
    /// slice's edge, and what a rule decides near the cut must not depend on text the slice
    /// does not hold.
    pub fn new(engine: &'e Engine, slice: usize, margin: usize) -> LongPage<'e> {
        let margin = margin.max(5 * engine.reach()).max(1);
        LongPage {
            engine,
            slice: slice.max(5 * margin),
            margin,
            text: String::new(),
            held: 0,
            owed: 0,
            prev: None,
        }
    }

    /// The next part of the page; returns the stretches it completes. The slices it completes
    /// are cleaned in parallel (on the current rayon pool).
    pub fn push(&mut self, part: &str) -> Result<Vec<Segment>> {
        self.text.push_str(part);
        // A slice ends before the page does; the last one is `finish`'s.
        let mut bounds = Vec::new();
        let mut last_end = self.prev.as_ref().map(Slice::end);
        loop {
            let start = self.start_after(last_end)?;
            let want = start + self.slice;
            if self.held + self.text.len() <= want {
                break;
            }
            // A slice ends where a block starts, so that no block is cut in two: rules weigh
            // whole blocks (a join looks at every line of the blocks on either side).
            let end = self
                .block_starts(start + self.slice / 2, want)
                .next_back()
                .ok_or(Error::NoCut { offset: want })?;
            bounds.push((start, end));
            last_end = Some(end);
        }
        let held = self.held;
        let cleaned: Vec<Cleaned> = bounds
            .par_iter()
            .map(|&(start, end)| self.engine.clean(&self.text[start - held..end - held]))
            .collect();
        let mut out = Vec::new();
        for ((start, end), cleaned) in bounds.into_iter().zip(cleaned) {
            out.extend(self.take_slice(start, end, cleaned)?);
        }
        Ok(out)
    }

    /// The end of the page; returns the remaining stretches.
    pub fn finish(mut self) -> Result<Vec<Segment>> {
        let start = self.start_after(self.prev.as_ref().map(Slice::end))?;
        let end = self.held + self.text.len();
        let cleaned = self.engine.clean(&self.text[start - self.held..]);
        let mut out = self.take_slice(start, end, cleaned)?;
        let last = self.prev.take().expect("a slice was just taken");
        out.push(segment(&last, self.owed, end, true));
        Ok(out)
    }

    /// Where the slice after one ending at `end` starts: the page's start for the first, else a
    /// block start between twice and once the margin before that end.
    fn start_after(&self, end: Option<usize>) -> Result<usize> {
        match end {
            None => Ok(0),
            Some(end) => self
                .block_starts(end - 2 * self.margin, end - self.margin)
                .next()
                .ok_or(Error::NoCut { offset: end }),
        }
    }

    /// The page offsets in `from..to` where a block starts (see [`after_blank_line`]), in order.
    fn block_starts(&self, from: usize, to: usize) -> impl DoubleEndedIterator<Item = usize> + '_ {
        let (lo, hi) = (from - self.held, (to - self.held).min(self.text.len()));
        (lo.max(1)..hi)
            .filter(|&p| after_blank_line(&self.text, p))
            .map(|p| self.held + p)
    }

    /// Takes the cleaned slice `start..end` of the page and, after the first, cuts between it
    /// and the one before.
    fn take_slice(&mut self, start: usize, end: usize, cleaned: Cleaned) -> Result<Vec<Segment>> {
        let next = Slice {
            start,
            text: self.text[start - self.held..end - self.held].to_string(),
            cleaned,
        };
        let mut out = Vec::new();
        if let Some(prev) = self.prev.take() {
            let cut = cut(&prev, &next)?;
            out.push(segment(&prev, self.owed, cut, false));
            self.owed = cut;
        }
        self.prev = Some(next);
        // Only the output owed and the slices after this one need text; all start after this.
        let keep = self.owed.min(start);
        self.text.drain(..keep - self.held);
        self.held = keep;
        Ok(out)
    }
}

/// Whether offset `p` of `text` (which starts at a line start) is just after a blank line, where
/// `text::blocks` starts a block.
fn after_blank_line(text: &str, p: usize) -> bool {
    p >= 1 && p <= text.len() && text.as_bytes()[p - 1] == b'\n' && {
        let line = text[..p - 1].rfind('\n').map_or(0, |i| i + 1);
        text[line..p - 1].trim().is_empty()
    }
}

/// Lines holding a sentence that must stand between a cut and each end of the overlap. Rules
/// that work at a page's edge (furniture: mastheads, page numbers, running heads) reach from the
/// edge up to the first few such lines, so with these between, the slices' false edges cannot
/// reach the cut. In a long stretch without sentences (a table) there is no such place, and
/// agreeing slices could both be wrong there, so such a page is not cut.
const BODY_LINES: usize = 8;

/// Where to cut between two overlapping slices: a line start in the middle half of their
/// overlap, with [`BODY_LINES`] sentence lines on either side within it, where both made the
/// same edits and none crosses it.
fn cut(prev: &Slice, next: &Slice) -> Result<usize> {
    let (lo, hi) = (next.start, prev.end());
    let quarter = (hi - lo) / 4;
    let (mid_lo, mid_hi) = (lo + quarter, hi - quarter);
    let within = |start: usize| start >= mid_lo && start < mid_hi;
    let crosses = |x: usize| {
        prev.spans()
            .chain(next.spans())
            .any(|(start, end, _)| start < x && x < end)
    };
    if prev.edits_from(0, within) == next.edits_from(0, within) {
        let overlap = &next.text[..hi - lo];
        let body = |from: usize, to: usize| {
            overlap[from - lo..to - lo]
                .lines()
                .filter(|l| is_body_line(l))
                .count()
        };
        let found = overlap
            .match_indices('\n')
            .map(|(i, _)| lo + i + 1)
            .filter(|&x| x > mid_lo && x < mid_hi && after_blank_line(overlap, x - lo))
            .filter(|&x| !crosses(x))
            .find(|&x| body(lo, x) >= BODY_LINES && body(x, hi) >= BODY_LINES);
        if let Some(x) = found {
            return Ok(x);
        }
    }
    Err(Error::NoCut { offset: mid_lo })
}

/// The stretch `from..to` of the page as `slice` cleaned it; an insertion at `to` belongs to the
/// next stretch, unless this one ends the page.
fn segment(slice: &Slice, from: usize, to: usize, ends_page: bool) -> Segment {
    let text = slice.text[from - slice.start..to - slice.start].to_string();
    let edits = slice.edits_from(from, |start| {
        start >= from && (start < to || (ends_page && start == to))
    });
    let clean = apply_edits(&text, &edits).expect("edits of one result apply");
    let clean_from = slice.clean_offset(from);
    let clean_to = if ends_page {
        usize::MAX
    } else {
        slice.clean_offset(to)
    };
    let warnings = slice
        .cleaned
        .warnings
        .iter()
        .filter(|w| w.offset >= clean_from && w.offset < clean_to)
        .map(|w| {
            let offset = w.offset - clean_from;
            Warning {
                offset,
                line: clean[..offset].matches('\n').count() + 1,
                ..w.clone()
            }
        })
        .collect();
    Segment {
        text,
        cleaned: Cleaned {
            text: clean,
            edits,
            warnings,
        },
    }
}
