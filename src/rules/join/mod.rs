//! `join`: blocks split by a column break are joined back into one paragraph.
//!
//! Every blank-line boundary between two blocks of a page is weighed (see [`evidence`]): join when
//! the score reaches `join_threshold`, as a `safe` edit from `safe_threshold` up and `review`
//! below. Where the last character(s) of one block repeat at the start of the next and the doubled
//! form is not wanted there (`方面⏎⏎面工作`), the repeat is dropped in the same edit, always as
//! `review`; a doubled word (`面面`, `天天`) and a doubled two-character verb (`研究研究`, a
//! reduplication) are left as they are. Headline blocks dropped into the middle of a sentence are moved to the start of their
//! article.

mod evidence;
mod facts;
mod settled;

pub(crate) use evidence::{AnyOf, ParagraphStart, BYLINES, PARAGRAPH_START, SECTION_MARKS};

use super::Rule;
use crate::edit::{Level, LocalEdit};
use crate::text::blocks::{blocks, Block};
use crate::text::class::is_han;
use crate::text::dictionary::{is_verb, is_word};
use crate::text::quoted::Quoted;
use evidence::{ends_sentence, starts_with_closer, weigh, Patterns, Weights};
use facts::Facts;
use settled::Settled;

pub(crate) struct Join {
    w: Weights,
    patterns: Patterns,
}

impl Join {
    pub(crate) fn new(w: Weights) -> Result<Self, String> {
        if w.safe_threshold < w.join_threshold {
            return Err("`safe_threshold` must not be below `join_threshold`".into());
        }
        if !(0.0..=1.0).contains(&w.heading_share) {
            return Err("`heading_share` is a ratio from 0 to 1".into());
        }
        Ok(Join {
            patterns: Patterns::new(&w)?,
            w,
        })
    }

    /// Whether the boundary between blocks `i` and `j` may be weighed at all.
    fn may_join(&self, f: &Facts, i: usize, j: usize) -> bool {
        let (a, b) = (f.text(i), f.text(j));
        // Cheapest first: most blocks end a sentence.
        if ends_sentence(a)
            && !(starts_with_closer(b) && b.starts_with(['”', '’', '）', ')', '》']))
        {
            return false;
        }
        // Gluing the blocks must not create a sequence that NFC (which ran earlier) would change.
        // The quick check settles Chinese and Latin text without building the seam.
        let seam = a.chars().next_back().into_iter().chain(b.chars().next());
        let nfc = match unicode_normalization::is_nfc_quick(seam.clone()) {
            unicode_normalization::IsNormalized::Yes => true,
            _ => unicode_normalization::is_nfc(&seam.collect::<String>()),
        };
        nfc && !f.standalone(i, &self.patterns) && !f.standalone(j, &self.patterns)
    }

    /// How many characters at the start of `b` repeat the end of `a` and should go.
    fn overlap(a: &str, b: &str) -> usize {
        // Five characters of each side answer every question of `overlap_of` (a repeat is at
        // most four characters, and each side must hold more than it); blocks are paragraphs.
        let mut a: Vec<char> = a.trim_end().chars().rev().take(5).collect();
        a.reverse();
        let b: Vec<char> = b.chars().take(5).collect();
        Self::overlap_of(&a, &b)
    }

    /// [`Join::overlap`] on characters: `a` the end of the block before the break (or all of
    /// it), `b` the start of the block after.
    fn overlap_of(a: &[char], b: &[char]) -> usize {
        for k in (2..=4).rev() {
            if a.len() > k
                && b.len() > k
                && a[a.len() - k..] == b[..k]
                && a[a.len() - k..].iter().all(|&c| is_han(c))
            {
                let repeat: String = a[a.len() - k..].iter().collect();
                let doubled = repeat.repeat(2);
                let reduplicated = k == 2 && is_verb(&repeat);
                return if is_word(&doubled) || reduplicated {
                    0
                } else {
                    k
                };
            }
        }
        // One character: drop it when it closes a word in `a` but starts none in `b`
        // (`方面|面工作`), which a reduplication such as `天天向上` does not do.
        if a.len() >= 2 && b.len() >= 2 && a[a.len() - 1] == b[0] && is_han(b[0]) {
            let closes: String = a[a.len() - 2..].iter().collect();
            let starts: String = b[..2].iter().collect();
            if is_word(&closes) && !is_word(&starts) {
                return 1;
            }
        }
        0
    }

    /// The separator between Chinese text is dropped; Latin words keep a space between them, and
    /// a Latin word hyphenated at the break is joined only when the whole word occurs elsewhere.
    fn joiner(text: &str, a: &Block, b: &Block) -> (usize, &'static str) {
        let before = &text[a.range.clone()];
        let after = &text[b.range.clone()];
        let last = before.chars().next_back().unwrap_or(' ');
        let first = after.chars().next().unwrap_or(' ');
        if last == '-' && first.is_ascii_alphabetic() {
            let head: String = before[..before.len() - 1]
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let tail: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            let whole = format!("{head}{tail}");
            // The break itself never spells the whole word, so any occurrence is elsewhere.
            let elsewhere = !head.is_empty() && text.contains(&whole);
            return if elsewhere { (1, "") } else { (0, "") };
        }
        if last.is_ascii_alphanumeric() && first.is_ascii_alphanumeric() {
            return (0, " ");
        }
        (0, "")
    }

    /// The block where the article holding block `at` starts: the nearest earlier block on the
    /// same page that opens an article, with no heading or headline between.
    fn article_start(&self, f: &Facts, at: usize) -> Option<usize> {
        let bl = f.blocks();
        (0..=at).rev().take(12).find_map(|i| {
            if bl[i].page != bl[at].page {
                return Some(None);
            }
            if f.article_start(i, &self.patterns) {
                return Some(Some(i));
            }
            if i != at && (f.headline(i, &self.w) || f.standalone(i, &self.patterns)) {
                return Some(None);
            }
            None
        })?
    }

    fn join_edit(
        &self,
        text: &str,
        a: &Block,
        b: &Block,
        score: f64,
        signals: &[&str],
    ) -> LocalEdit {
        let before = &text[a.range.clone()];
        let after = &text[b.range.clone()];
        let (trim_hyphen, glue) = Self::joiner(text, a, b);
        let drop = Self::overlap(before, after);
        let dropped: usize = after.chars().take(drop).map(char::len_utf8).sum();
        let level = if drop > 0 || score < self.w.safe_threshold {
            Level::Review
        } else {
            Level::Safe
        };
        let mut reason = format!(
            "column break joined (score {score}: {})",
            signals.join(", ")
        );
        if drop > 0 {
            reason.push_str(&format!("; repeated {} dropped", Quoted(&after[..dropped])));
        }
        LocalEdit::new(a.range.end - trim_hyphen..b.range.start + dropped, glue)
            .with_level(level)
            .with_reason(reason)
    }
}

/// Joins change what the next boundary sees (a joined paragraph is longer, may close a quote,
/// is no longer a headline), so the rule runs pass after pass on its own output until nothing
/// changes; the result is then stable when cleaned again. Each pass removes a boundary or moves
/// headlines out of a sentence, so a few passes suffice; the cap only guards against surprises.
const MAX_PASSES: usize = 8;

impl Rule for Join {
    fn uses_dictionary(&self) -> bool {
        true
    }

    fn apply(&self, text: &str, out: &mut Vec<LocalEdit>) {
        let mut before: Option<Settled> = None;
        super::until_stable(
            text,
            MAX_PASSES,
            |t, o| before = self.one_pass(t, o, before.as_ref()),
            out,
        );
    }
}

impl Join {
    /// One pass over the boundaries of `text`, skipping those the pass `before` it settled (see
    /// [`settled`]); returns what this pass settled.
    fn one_pass(
        &self,
        text: &str,
        out: &mut Vec<LocalEdit>,
        before: Option<&Settled>,
    ) -> Option<Settled> {
        if !text.contains("\n\n") && !text.contains("\n \n") {
            return None;
        }
        let f = Facts::new(text, blocks(text));
        let carried = before.map_or_else(Vec::new, |b| b.carried(f.blocks()));
        let mut settled = vec![false; f.len().saturating_sub(1)];
        let first_edit = out.len();
        let mut i = 0;
        while i + 1 < f.len() {
            if f.block(i).page != f.block(i + 1).page {
                i += 1;
                continue;
            }
            if carried.get(i) == Some(&true) {
                settled[i] = true;
                i += 1;
                continue;
            }
            if self.may_join(&f, i, i + 1) {
                let headline = f.headline(i, &self.w) || f.headline(i + 1, &self.w);
                let v = weigh(
                    f.text(i),
                    f.text(i + 1),
                    &self.w,
                    Some(headline),
                    f.article_start(i + 1, &self.patterns),
                    self.patterns.starts_paragraph(f.text(i + 1)),
                );
                if v.score >= self.w.join_threshold {
                    out.push(self.join_edit(text, f.block(i), f.block(i + 1), v.score, &v.signals));
                    i += 1;
                    continue;
                }
                if self.w.move_headlines && f.headline(i + 1, &self.w) {
                    if let Some(next) = self.try_move(text, &f, i, out) {
                        i = next;
                        continue;
                    }
                    // Turned down on blocks beyond these two as well: not theirs alone to settle.
                    i += 1;
                    continue;
                }
            }
            settled[i] = true;
            i += 1;
        }
        // A pass that changed nothing is the last one: nothing is carried from it.
        (out.len() > first_edit).then(|| Settled::new(f.blocks(), settled, &out[first_edit..]))
    }
}

impl Join {
    /// Block `i` continues past one or more headline blocks; if the evidence is strong, emit one
    /// edit that joins the sentence and moves the headlines. Returns the next block to look at.
    fn try_move(&self, text: &str, f: &Facts, i: usize, out: &mut Vec<LocalEdit>) -> Option<usize> {
        let bl = f.blocks();
        let a = &bl[i];
        // The interrupted sentence is body text: a headline above the headlines is one more of
        // them, and gluing its last line to the text below would bury it in the article.
        if f.headline(i, &self.w) {
            return None;
        }
        // The headline blocks, at most `max_headline_blocks` of them, are i+1..c.
        let mut c = i + 1;
        while c < bl.len()
            && c - i - 1 < self.w.max_headline_blocks
            && bl[c].page == a.page
            && f.headline(c, &self.w)
            && f.text(c).chars().filter(|&ch| is_han(ch)).count() >= 2
            && !f.standalone(c, &self.patterns)
        {
            c += 1;
        }
        if c >= bl.len() || c == i + 1 || bl[c].page != a.page {
            return None;
        }
        // A headline where the sentence should resume: more of them than allowed.
        if !self.may_join(f, i, c) || f.headline(c, &self.w) {
            return None;
        }
        let v = weigh(
            f.text(i),
            f.text(c),
            &self.w,
            None,
            f.article_start(c, &self.patterns),
            self.patterns.starts_paragraph(f.text(c)),
        );
        // Only a sentence that visibly goes on may reach across a headline.
        let continues = v.signals.iter().any(|s| {
            matches!(
                *s,
                "starts_particle" | "starts_closing" | "ends_open" | "unclosed"
            )
        });
        if !continues || v.score < self.w.safe_threshold {
            return None;
        }
        let heads: Vec<&str> = bl[i + 1..c]
            .iter()
            .map(|b| &text[b.range.clone()])
            .collect();
        let heads = heads.join("\n\n");
        let joined = self.join_edit(text, a, &bl[c], v.score, &v.signals);
        let reason = format!(
            "headline {} moved out of the sentence it interrupted; {}",
            Quoted(&heads),
            joined.reason.as_deref().unwrap_or_default()
        );
        // The boundary after block `c` is weighed in this pass unless the edit below moved the
        // headlines there, in which case the next pass weighs it as it now stands.
        let group = LocalEdit::new_group();
        let moved = |range, replacement: String, reason: String| {
            LocalEdit::new(range, replacement)
                .with_level(Level::Review)
                .with_reason(reason)
                .with_group(group)
        };
        match self.article_start(f, i) {
            Some(p) => {
                // Two edits, one change: the headlines put back at the article's start, and taken
                // out of the sentence, which is joined. The edits between (joins already made in
                // the article, and later a comma fixed) stay edits of their own.
                let start = bl[p].range.start;
                let at = out.partition_point(|e| e.range.start < start);
                let back = format!(
                    "headline {} put back at its article's start",
                    Quoted(&heads)
                );
                out.insert(at, moved(start..start, format!("{heads}\n\n"), back));
                out.push(moved(joined.range, joined.replacement, reason));
                Some(c)
            }
            None => {
                // No article start: join the sentence and leave the headlines right after it.
                let end = bl[c].range.end;
                let after = format!("headline {} put after the sentence", Quoted(&heads));
                out.push(moved(joined.range, joined.replacement, reason));
                out.push(moved(end..end, format!("\n\n{heads}"), after));
                Some(c + 1)
            }
        }
    }
}

// The blocks the engine's property tests build pages from.
#[cfg(test)]
#[path = "../../../tests/support/blocks.rs"]
mod test_blocks;

#[cfg(test)]
mod tests {
    use super::*;
    use test_blocks::BLOCKS;

    fn join(t: &str) -> String {
        crate::rules::run_rule(&Join::new(Weights::default()).unwrap(), t)
    }

    proptest::proptest! {
        /// Carrying what a pass settled to the next changes nothing: the edits are those of
        /// passes that weigh every boundary.
        #[test]
        fn settled_boundaries_are_not_weighed_again(
            picks in proptest::collection::vec((0..BLOCKS.len(), 0..4usize), 0..16),
        ) {
            let seps = ["\n\n", "\n\n", "\n", "\n\n\n"];
            let text: String = picks.iter().map(|&(b, s)| format!("{}{}", BLOCKS[b], seps[s])).collect();
            let rule = Join::new(Weights::default()).unwrap();
            let mut carried = Vec::new();
            rule.apply(&text, &mut carried);
            let mut every = Vec::new();
            crate::rules::until_stable(&text, MAX_PASSES, |t, o| {
                rule.one_pass(t, o, None);
            }, &mut every);
            proptest::prop_assert_eq!(numbered(carried), numbered(every));
        }
    }

    /// `edits` with their group ids numbered in order of appearance (ids are drawn fresh on
    /// every run).
    fn numbered(mut edits: Vec<LocalEdit>) -> Vec<LocalEdit> {
        let mut seen: Vec<usize> = Vec::new();
        for e in &mut edits {
            if let Some(g) = e.group {
                let k = seen.iter().position(|&s| s == g).unwrap_or_else(|| {
                    seen.push(g);
                    seen.len() - 1
                });
                e.group = Some(k);
            }
        }
        edits
    }

    #[test]
    fn latin_words_across_a_break() {
        assert_eq!(join("it is low-\n\ncost"), "it is low-cost");
        assert_eq!(join("a low-\n\ncost and lowcost"), "a lowcost and lowcost");
        assert_eq!(join("the glass is\n\nmade"), "the glass is made");
    }

    #[test]
    fn a_headline_moved_after_a_block_ends_the_pass_there() {
        // The headlines go after `他说：…low-`; the hyphenated word after them is not joined
        // over them in the same pass (which made two edits overlap and panicked).
        assert_eq!(
            join("他说：\n\n提升汾河防洪能力\n\n他说：\nit is low-\n\ncost and lowcost\n\n"),
            "他说：他说：\nit is low-\n\n提升汾河防洪能力\n\ncost and lowcost\n\n"
        );
    }

    proptest::proptest! {
        /// The repeat is found from five characters of each block as from all of them.
        #[test]
        fn overlap_reads_five_characters_a_side(
            a in "[方面天城市研究学习 a]{0,9}",
            repeat in 0..6usize,
            rest in "[方面天城市研究学习工作 a]{0,5}",
        ) {
            // `b` starts with the last characters of `a`, as where a column was read twice.
            let tail: Vec<char> = a.trim_end().chars().rev().take(repeat).collect();
            let b: String = tail.into_iter().rev().chain(rest.chars()).collect();
            let a_all: Vec<char> = a.trim_end().chars().collect();
            let b_all: Vec<char> = b.chars().collect();
            proptest::prop_assert_eq!(Join::overlap(&a, &b), Join::overlap_of(&a_all, &b_all));
        }
    }

    #[test]
    fn overlap_rules() {
        assert_eq!(Join::overlap("7方面", "面工作"), 1);
        assert_eq!(Join::overlap("每天", "天气很好"), 0);
        assert_eq!(Join::overlap("方面", "面面俱到"), 0);
        assert_eq!(Join::overlap("着力推进城市", "城市更新行动"), 2);
        // A two-character verb doubled is a reduplication, not a misread.
        assert_eq!(Join::overlap("我们要认真研究", "研究这个问题"), 0);
        assert_eq!(Join::overlap("大家要多学习", "学习新知识"), 0);
    }

    #[test]
    fn levels_follow_the_score() {
        let rule = Join::new(Weights::default()).unwrap();
        let mut out = Vec::new();
        rule.apply("面对群众的诉求，\n\n该局严格落实。", &mut out);
        assert_eq!(out[0].level, Some(Level::Safe));
        out.clear();
        rule.apply(
            "2021年，各级团组织和广大团员、团干部，紧紧凝聚在\n\n党的旗帜下，听党号令。",
            &mut out,
        );
        assert_eq!(out[0].level, Some(Level::Review));
    }
}
