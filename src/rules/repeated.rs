//! `repeated`: lines that recur at the top or bottom of many pages — running heads, section
//! banners, publisher lines — dropped as furniture.
//!
//! Pages are the form-feed separated parts of a text, or, for a batch, of all its texts
//! ([`Rule::learn`]). The first and last `edge_lines` lines of each page that are not already
//! known furniture are candidates; they are compared with digits, Chinese numerals and weekdays
//! masked ([`crate::text::mask`]) and grouped when their similarity ratio reaches `similarity`. A
//! group is furniture when the batch has at least `min_pages` pages and the group recurs on at
//! least `min_support` pages and `min_share` of all pages, or on `min_consecutive` consecutive
//! pages. Lines holding a sentence (`。！？`) are never candidates.

use super::Rule;
use crate::edit::LocalEdit;
use crate::text::blocks::{drop_span, has_sentence_end, page_lines, Line};
use crate::text::mask::{alike, lengths_allow, mask};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Params {
    /// How many lines at each end of a page, furniture aside, are candidates.
    edge_lines: usize,
    /// Share of all pages a line must recur on.
    min_share: f64,
    /// Pages a line must recur on at least.
    min_support: usize,
    /// Consecutive pages that make a line furniture whatever its share.
    min_consecutive: usize,
    /// Fewest pages in a batch for any line to count as furniture.
    min_pages: usize,
    /// Similarity ratio (0–1) at which two masked lines are the same line.
    similarity: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            edge_lines: 3,
            min_share: 0.2,
            min_support: 3,
            min_consecutive: 3,
            min_pages: 3,
            similarity: 0.8,
        }
    }
}

/// Lines recognised as alike at one end of the pages.
#[derive(Debug, Clone)]
struct Group {
    top: bool,
    masked: String,
    /// The characters in `masked`, which every line near a page's edge is measured against.
    chars: usize,
    example: String,
    pages: Vec<usize>,
}

impl Group {
    fn longest_run(&self) -> usize {
        let (mut best, mut run) = (0, 0);
        for (k, &p) in self.pages.iter().enumerate() {
            run = if k > 0 && self.pages[k - 1] + 1 == p {
                run + 1
            } else {
                1
            };
            best = best.max(run);
        }
        best
    }
}

/// A line near a page's edge that may be furniture.
struct Candidate {
    /// Its index among the page's lines.
    line: usize,
    /// Whether it belongs to the top of the page (else the bottom).
    top: bool,
    /// The known furniture group it matches.
    group: Option<usize>,
}

/// A page's lines masked ([`mask`]), each when first asked: learning reads the same edge lines
/// in every round.
struct Masks(Vec<Option<String>>);

impl Masks {
    fn new(lines: usize) -> Masks {
        Masks(vec![None; lines])
    }

    fn get(&mut self, page: &[&str], k: usize) -> &str {
        self.0[k].get_or_insert_with(|| mask(page[k]))
    }
}

/// Groups being collected, indexed so that a batch of many pages does not compare every line
/// with every group: exact masked text first, then only groups that share the line's first or
/// last character (furniture lines differ in their masked middle, if at all).
#[derive(Default)]
struct GroupIndex {
    groups: Vec<Group>,
    /// By masked text, for the bottom (`[0]`) and the top (`[1]`).
    exact: [HashMap<String, usize>; 2],
    by_end: HashMap<(bool, char), Vec<usize>>,
}

impl GroupIndex {
    fn add(&mut self, rule: &Repeated, top: bool, masked: &str, example: &str, page: usize) {
        let ends = [masked.chars().next(), masked.chars().next_back()];
        let found = self.exact[usize::from(top)]
            .get(masked)
            .copied()
            .or_else(|| {
                ends.iter()
                    .flatten()
                    .filter_map(|c| self.by_end.get(&(top, *c)))
                    .flatten()
                    .copied()
                    .find(|&g| alike(&self.groups[g].masked, masked, rule.p.similarity))
            });
        match found {
            Some(g) if self.groups[g].pages.last() == Some(&page) => {}
            Some(g) => self.groups[g].pages.push(page),
            None => {
                let g = self.groups.len();
                self.exact[usize::from(top)].insert(masked.to_string(), g);
                for c in ends.into_iter().flatten() {
                    let list = self.by_end.entry((top, c)).or_default();
                    if !list.contains(&g) {
                        list.push(g);
                    }
                }
                self.groups.push(Group {
                    top,
                    masked: masked.to_string(),
                    chars: masked.chars().count(),
                    example: example.to_string(),
                    pages: vec![page],
                });
            }
        }
    }
}

pub(crate) struct Repeated {
    p: Params,
    /// Furniture learned from a batch, and the batch's page count; `None`: learn from each text.
    learned: Option<(Vec<Group>, usize)>,
}

impl Repeated {
    pub(crate) fn new(p: Params) -> Result<Self, String> {
        if !(0.0..=1.0).contains(&p.min_share) || !(0.0..=1.0).contains(&p.similarity) {
            return Err("`min_share` and `similarity` are ratios from 0 to 1".into());
        }
        Ok(Repeated { p, learned: None })
    }

    /// The furniture group `line` belongs to, if any; `masked` gives it masked.
    fn matches<'m>(
        &self,
        groups: &[Group],
        top: bool,
        line: &str,
        masked: impl FnOnce() -> &'m str,
    ) -> Option<usize> {
        // A masked line has as many characters as the trimmed line, and furniture lines are
        // short: most lines are ruled out by their length before they are masked.
        let n = line.trim().chars().count();
        let near = |g: &Group| g.top == top && lengths_allow(g.chars, n, self.p.similarity);
        if !groups.iter().any(near) {
            return None;
        }
        let masked = masked();
        if let Some(i) = groups
            .iter()
            .position(|g| g.top == top && g.masked == masked)
        {
            return Some(i);
        }
        groups
            .iter()
            .position(|g| near(g) && alike(&g.masked, masked, self.p.similarity))
    }

    /// The candidate lines of a page for up to `edge_lines` lines at each end that are not
    /// furniture, plus the furniture lines among them; `masks` holds the page's masked lines.
    fn candidates(&self, page: &[&str], masks: &mut Masks, furniture: &[Group]) -> Vec<Candidate> {
        let mut out = Vec::new();
        // Each line belongs to the nearer end of its page.
        let half = page.len().div_ceil(2);
        for top in [true, false] {
            let order: Box<dyn Iterator<Item = usize>> = if top {
                Box::new(0..half)
            } else {
                Box::new((half..page.len()).rev())
            };
            let mut others = 0;
            for k in order {
                if others >= self.p.edge_lines {
                    break;
                }
                let group = self.matches(furniture, top, page[k], || masks.get(page, k));
                if group.is_none() {
                    others += 1;
                }
                if !has_sentence_end(page[k]) {
                    out.push(Candidate {
                        line: k,
                        top,
                        group,
                    });
                }
            }
        }
        out
    }

    /// Groups the furniture of `pages` (each page's non-blank lines).
    fn learn_groups(&self, pages: &[Vec<&str>]) -> Vec<Group> {
        let n = pages.len();
        let mut furniture: Vec<Group> = Vec::new();
        if n < self.p.min_pages {
            return furniture;
        }
        let needed = self
            .p
            .min_support
            .max((self.p.min_share * n as f64).ceil() as usize);
        let mut masks: Vec<Masks> = pages.iter().map(|p| Masks::new(p.len())).collect();
        // Known furniture widens the window; a few rounds settle it.
        for _ in 0..4 {
            // Each page's candidates on its own, in parallel (a batch's learning is otherwise the
            // one part of a run on a single thread); grouping depends on page order, so it follows.
            let found: Vec<Vec<Candidate>> = pages
                .par_iter()
                .zip(masks.par_iter_mut())
                .map(|(page, masks)| self.candidates(page, masks, &furniture))
                .collect();
            let mut index = GroupIndex::default();
            for (i, ((page, masks), found)) in pages.iter().zip(&mut masks).zip(found).enumerate() {
                for c in found {
                    index.add(self, c.top, masks.get(page, c.line), page[c.line].trim(), i);
                }
            }
            let mut groups = index.groups;
            groups.retain(|g| g.pages.len() >= needed || g.longest_run() >= self.p.min_consecutive);
            let same = groups.len() == furniture.len()
                && groups
                    .iter()
                    .zip(&furniture)
                    .all(|(a, b)| a.masked == b.masked);
            furniture = groups;
            if same {
                break;
            }
        }
        furniture
    }

    fn pages_of(text: &str) -> (Vec<Vec<Line>>, Vec<Vec<&str>>) {
        let lines = page_lines(text);
        let texts = lines
            .iter()
            .map(|p| p.iter().map(|l| &text[l.start..l.end]).collect())
            .collect();
        (lines, texts)
    }
}

impl Rule for Repeated {
    fn apply(&self, text: &str, out: &mut Vec<LocalEdit>) {
        if self.learned.as_ref().is_some_and(|(g, _)| g.is_empty()) {
            return; // The batch has no furniture that recurs.
        }
        let (lines, texts) = Self::pages_of(text);
        let own;
        let (groups, total) = match &self.learned {
            Some((g, n)) => (g.as_slice(), *n),
            None => {
                own = self.learn_groups(&texts);
                (own.as_slice(), texts.len())
            }
        };
        if groups.is_empty() {
            return;
        }
        for (page, page_texts) in lines.iter().zip(&texts) {
            let mut drops: Vec<(usize, usize)> = self
                .candidates(page_texts, &mut Masks::new(page_texts.len()), groups)
                .into_iter()
                .filter_map(|c| c.group.map(|g| (c.line, g)))
                .collect();
            drops.sort_unstable();
            drops.dedup_by_key(|d| d.0);
            for (k, g) in drops {
                let group = &groups[g];
                let reason = format!(
                    "recurs at the {} of {} of {} pages: «{}»",
                    if group.top { "top" } else { "bottom" },
                    group.pages.len(),
                    total,
                    group.example
                );
                LocalEdit::push_deletion(out, drop_span(text, &page[k]), reason);
            }
        }
    }

    fn learn(&self, texts: &[&str]) -> Option<Arc<dyn Rule>> {
        let pages: Vec<Vec<&str>> = texts.iter().flat_map(|t| Self::pages_of(t).1).collect();
        let groups = self.learn_groups(&pages);
        Some(Arc::new(Repeated {
            p: self.p.clone(),
            learned: Some((groups, pages.len())),
        }))
    }

    fn unlearned(&self) -> bool {
        self.learned.is_none()
    }

    fn notes(&self) -> Vec<String> {
        let Some((groups, total)) = &self.learned else {
            return Vec::new();
        };
        groups
            .iter()
            .map(|g| {
                format!(
                    "furniture at the {} of {} of {} pages: «{}»",
                    if g.top { "top" } else { "bottom" },
                    g.pages.len(),
                    total,
                    g.example
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(n: usize, body: &str) -> String {
        format!("要闻·第{n}版\n\n{body}\n\n本报地址：北京市金台西路2号 第{n}页")
    }

    #[test]
    fn learns_running_heads_from_the_pages_of_one_text() {
        let text: Vec<String> = (1..=4)
            .map(|n| page(n, &format!("正文第{n}段。")))
            .collect();
        let text = text.join("\u{c}");
        let got = crate::rules::run_rule(&Repeated::new(Params::default()).unwrap(), &text);
        assert_eq!(
            got,
            "正文第1段。\n\u{c}正文第2段。\n\u{c}正文第3段。\n\u{c}正文第4段。\n"
        );
    }

    #[test]
    fn too_few_pages_or_too_rare_is_not_furniture() {
        let rule = Repeated::new(Params::default()).unwrap();
        let two = [page(1, "甲。"), page(2, "乙。")].join("\u{c}");
        assert_eq!(crate::rules::run_rule(&rule, &two), two);
        // A line on 2 of 12 pages (not consecutive) is below both thresholds.
        let pages: Vec<String> = (1..=12)
            .map(|n| {
                let head = if n == 3 || n == 9 {
                    "特别报道\n\n"
                } else {
                    ""
                };
                format!("{head}正文{n}。\n\n另一段{n}。")
            })
            .collect();
        let text = pages.join("\u{c}");
        assert_eq!(crate::rules::run_rule(&rule, &text), text);
    }

    #[test]
    fn a_learned_batch_applies_to_single_pages() {
        let rule = Repeated::new(Params::default()).unwrap();
        let pages: Vec<String> = (1..=5).map(|n| page(n, "正文。")).collect();
        let refs: Vec<&str> = pages.iter().map(String::as_str).collect();
        let learned = rule.learn(&refs).unwrap();
        assert_eq!(
            crate::rules::run_rule(learned.as_ref(), &pages[0]),
            "正文。\n"
        );
        assert_eq!(learned.notes().len(), 2);
    }
}
