//! What one pass of the join rule settled, carried to the next pass.
//!
//! A pass turns most boundaries down on what their two blocks hold alone: the first ends a
//! sentence, or the evidence falls short and the second is no headline that could be moved out
//! of the way. The next pass reads the text with the first pass's joins made; a boundary whose
//! two blocks, and the break between them, no join touched would be weighed on the same two
//! blocks again and turned down again. It is not weighed again: each boundary is decided once,
//! however many passes a page takes.

use crate::edit::LocalEdit;
use crate::text::blocks::Block;
use std::ops::Range;

/// The boundaries one pass turned down on their two blocks alone, and the edits it made.
pub(super) struct Settled {
    /// The blocks the pass read.
    blocks: Vec<Range<usize>>,
    /// For each boundary, between blocks `i` and `i + 1`: turned down on those two alone.
    settled: Vec<bool>,
    /// The pass's edits, in order: the span each replaced and the length of what replaced it.
    edits: Vec<(Range<usize>, usize)>,
}

impl Settled {
    /// What a pass that read `blocks` settled (`settled`, one flag per boundary), with `edits`,
    /// the pass's edits in order.
    pub(super) fn new(blocks: &[Block], settled: Vec<bool>, edits: &[LocalEdit]) -> Settled {
        debug_assert_eq!(settled.len(), blocks.len().saturating_sub(1));
        Settled {
            blocks: blocks.iter().map(|b| b.range.clone()).collect(),
            settled,
            edits: edits
                .iter()
                .map(|e| (e.range.clone(), e.replacement.len()))
                .collect(),
        }
    }

    /// For each boundary of `blocks`, the next pass's blocks on the text the edits made: whether
    /// it is a boundary this pass settled, with its two blocks and the break between them
    /// untouched (so the same two texts, next to each other as before).
    pub(super) fn carried(&self, blocks: &[Block]) -> Vec<bool> {
        // The settled boundaries no edit reaches, as the two block spans they have in the new
        // text; edits end before or start after the pair, so the shift is that of those before.
        let mut pairs: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        let mut next_edit = 0;
        let mut shift: isize = 0;
        for (i, _) in self.settled.iter().enumerate().filter(|(_, &s)| s) {
            let (a, b) = (&self.blocks[i], &self.blocks[i + 1]);
            while let Some((span, len)) = self.edits.get(next_edit) {
                if span.end >= a.start {
                    break;
                }
                shift += *len as isize - span.len() as isize;
                next_edit += 1;
            }
            // An edit that touches the pair, even an insertion at one of its ends, unsettles it.
            if self
                .edits
                .get(next_edit)
                .is_some_and(|(span, _)| span.start <= b.end)
            {
                continue;
            }
            let moved = |r: &Range<usize>| {
                (r.start as isize + shift) as usize..(r.end as isize + shift) as usize
            };
            pairs.push((moved(a), moved(b)));
        }
        blocks
            .windows(2)
            .map(|w| {
                pairs
                    .binary_search_by_key(&w[0].range.start, |(a, _)| a.start)
                    .is_ok_and(|k| pairs[k] == (w[0].range.clone(), w[1].range.clone()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(ranges: &[Range<usize>]) -> Vec<Block> {
        ranges
            .iter()
            .map(|r| Block {
                range: r.clone(),
                page: 0,
            })
            .collect()
    }

    fn edit(range: Range<usize>, replacement: &str) -> LocalEdit {
        LocalEdit::new(range, replacement)
    }

    #[test]
    fn untouched_settled_pairs_carry_over_where_they_moved() {
        // Blocks `ab`, `cd`, `ef`, `gh` of "ab\n\ncd\n\nef\n\ngh"; both first boundaries settled.
        let before = blocks(&[0..2, 4..6, 8..10, 12..14]);
        let settled = Settled::new(&before, vec![true, true, false], &[]);
        assert_eq!(settled.carried(&before), [true, true, false]);
        // Joining `ef` and `gh` ("ab\n\ncd\n\nefgh") leaves the first pair alone; the second now
        // ends in `efgh` and is weighed again.
        let s = Settled::new(&before, vec![true, true, false], &[edit(10..12, "")]);
        assert_eq!(s.carried(&blocks(&[0..2, 4..6, 8..12])), [true, false]);
        // Joining `cd` and `ef` ("ab\n\ncdef\n\ngh") changes `cd`: no pair holding it carries.
        let s = Settled::new(&before, vec![true, true, false], &[edit(6..8, "")]);
        assert_eq!(s.carried(&blocks(&[0..2, 4..8, 10..12])), [false, false]);
        // Two characters written into `ab` shift the pair after it and unsettle its own.
        let s = Settled::new(&before, vec![true, true, false], &[edit(0..2, "abcd")]);
        assert_eq!(
            s.carried(&blocks(&[0..4, 6..8, 10..12, 14..16])),
            [false, true, false]
        );
        // An insertion at the very end of a pair touches it.
        let s = Settled::new(&before, vec![true, true, false], &[edit(6..6, "x")]);
        assert_eq!(
            s.carried(&blocks(&[0..2, 4..7, 9..11, 13..15])),
            [false, false, false]
        );
        // A character of `ef` replaced, its length kept: the pairs holding it are weighed again.
        let s = Settled::new(&before, vec![true, true, true], &[edit(9..10, "x")]);
        assert_eq!(s.carried(&before), [true, false, false]);
        // The line break between `ef` and `gh` taken out ("…ef\ngh"): `ef` is now part of a
        // longer block, which its old pair must not stand for.
        let s = Settled::new(&before, vec![true, true, false], &[edit(11..12, "")]);
        assert_eq!(s.carried(&blocks(&[0..2, 4..6, 8..13])), [true, false]);
        // A boundary the pass did not settle is weighed again, untouched or not.
        let s = Settled::new(&before, vec![false, true, false], &[]);
        assert_eq!(s.carried(&before), [false, true, false]);
    }
}
