//! `drop`: whole lines removed by pattern — page furniture such as editor lines and mastheads.
//!
//! Only whole lines are candidates (the pattern must match the entire line), and with
//! `position = "edge"` only lines near the top or bottom of a page: with at most `edge_lines`
//! *body lines* (lines holding sentence punctuation `，。；！？`) between them and the page's edge.
//! So a sentence that merely mentions `责编` in an article is never dropped. Counting body lines
//! rather than all lines keeps the result stable: dropping one furniture line never brings
//! another into reach.

use super::Rule;
use crate::edit::LocalEdit;
use crate::text::blocks::{
    drop_span, is_body_line, lines_from_bottom, lines_from_top, page_lines, Line,
};
use crate::text::quoted::Quoted;
use regex::Regex;
use serde::Deserialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Position {
    /// Anywhere on the page.
    Any,
    /// Near the top or the bottom of a page.
    #[default]
    Edge,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    /// Regex that must match the whole line (without its newline and surrounding spaces).
    pattern: String,
    #[serde(default)]
    position: Position,
    /// With `position = "edge"`: how many body lines may stand between a candidate and the top
    /// or bottom of its page.
    #[serde(default = "default_edge_lines")]
    edge_lines: usize,
}

fn default_edge_lines() -> usize {
    0
}

pub(crate) struct DropLine {
    re: Regex,
    position: Position,
    edge_lines: usize,
}

impl DropLine {
    pub(crate) fn new(p: Params) -> Result<Self, String> {
        let re = Regex::new(&format!(r"\A(?:{})\z", p.pattern))
            .map_err(|e| format!("bad regex in `pattern`: {e}"))?;
        Ok(DropLine {
            re,
            position: p.position,
            edge_lines: p.edge_lines,
        })
    }

    /// The furniture lines near the edges of `text`, one page, found by reading lines from the
    /// top and from the bottom only as far as the first body lines: the engine hands rules one
    /// page at a time, and the page between its edges is most of it.
    fn edge_drops(&self, text: &str, out: &mut Vec<LocalEdit>) {
        let body = |l: &Line| self.is_body(&text[l.start..l.end]);
        let mut lines = near_edge(lines_from_top(text), self.edge_lines, body);
        let top_end = lines.last().map_or(0, |l| l.full_end);
        let mut bottom = near_edge(
            lines_from_bottom(text).take_while(|l| l.start >= top_end),
            self.edge_lines,
            body,
        );
        bottom.reverse();
        lines.extend(bottom);
        self.drop_matching(text, &lines, out);
    }

    /// Whether `line` is a body line that keeps the lines beyond it from the edge: one this rule
    /// drops does not, since once it is gone the lines beyond are at the edge. So one pass drops
    /// every line that a pass after it would (`组版：闫广明，方面` above another editor line).
    fn is_body(&self, line: &str) -> bool {
        is_body_line(line) && !self.re.is_match(line.trim())
    }

    fn drop_matching(&self, text: &str, lines: &[Line], out: &mut Vec<LocalEdit>) {
        for l in lines {
            let line = &text[l.start..l.end];
            if self.re.is_match(line.trim()) {
                let reason = format!("line {} is page furniture", Quoted(line));
                LocalEdit::push_deletion(out, drop_span(text, l), reason);
            }
        }
    }

    /// The furniture lines of every page of `text`, reading all their lines.
    fn page_drops(&self, text: &str, out: &mut Vec<LocalEdit>) {
        for lines in page_lines(text) {
            let body = |k: usize| self.is_body(&text[lines[k].start..lines[k].end]);
            // Lines near an edge have at most `edge_lines` body lines between them and it: a run
            // from the top and a run from the bottom, found without reading the page between.
            let (top, bottom) = match self.position {
                Position::Any => (lines.len(), lines.len()),
                Position::Edge => (
                    near_edge(0..lines.len(), self.edge_lines, |&k| body(k)).len(),
                    lines.len()
                        - near_edge((0..lines.len()).rev(), self.edge_lines, |&k| body(k)).len(),
                ),
            };
            let picked: Vec<Line> = (0..top)
                .chain(bottom.max(top)..lines.len())
                .map(|k| lines[k])
                .collect();
            self.drop_matching(text, &picked, out);
        }
    }
}

impl Rule for DropLine {
    fn apply(&self, text: &str, out: &mut Vec<LocalEdit>) {
        if self.position == Position::Edge && memchr::memchr(b'\x0c', text.as_bytes()).is_none() {
            self.edge_drops(text, out);
        } else {
            self.page_drops(text, out);
        }
    }
}

/// The lines `order` visits, from the first, that have at most `edge_lines` body lines before
/// them in that order.
fn near_edge<T>(
    order: impl Iterator<Item = T>,
    edge_lines: usize,
    body: impl Fn(&T) -> bool,
) -> Vec<T> {
    let mut seen = 0;
    let mut out = Vec::new();
    for item in order {
        if seen > edge_lines {
            break;
        }
        seen += usize::from(body(&item));
        out.push(item);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(pattern: &str, edge_lines: usize, t: &str) -> String {
        let r = DropLine::new(Params {
            pattern: pattern.into(),
            position: Position::Edge,
            edge_lines,
        })
        .unwrap();
        crate::rules::run_rule(&r, t)
    }

    proptest::proptest! {
        // The lines looked at are those with at most `edge_lines` body lines between them and
        // the top or the bottom of their page, counted line by line.
        #[test]
        fn edge_lines_are_found_from_both_ends(
            kinds in proptest::collection::vec(0..3usize, 0..30),
            edge_lines in 0..4usize,
        ) {
            let lines: Vec<&str> = kinds.iter().map(|&k| ["责编:甲", "正文。", "标题"][k]).collect();
            let text = lines.join("\n");
            let body: Vec<bool> = lines.iter().map(|l| is_body_line(l)).collect();
            let expected: String = lines
                .iter()
                .enumerate()
                .filter(|&(k, l)| {
                    let before = body[..k].iter().filter(|&&b| b).count();
                    let after = body[k + 1..].iter().filter(|&&b| b).count();
                    !(l.starts_with("责编") && (before <= edge_lines || after <= edge_lines))
                })
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join("\n");
            let got = run("责编:.+", edge_lines, &text);
            proptest::prop_assert_eq!(got.trim_end(), expected.trim_end());
        }
    }

    proptest::proptest! {
        // Reading a page from its two ends finds what reading all its lines finds.
        #[test]
        fn edge_reading_finds_what_reading_every_line_finds(
            kinds in proptest::collection::vec(0..5usize, 0..30),
            edge_lines in 0..3usize,
            newline_at_end in proptest::bool::ANY,
        ) {
            let lines: Vec<&str> = kinds.iter().map(|&k| ["责编:甲", "正文。", "标题", "", "  "][k]).collect();
            let mut text = lines.join("\n");
            if newline_at_end {
                text.push('\n');
            }
            let r = DropLine::new(Params {
                pattern: "责编:.+".into(),
                position: Position::Edge,
                edge_lines,
            })
            .unwrap();
            let mut fast = Vec::new();
            r.edge_drops(&text, &mut fast);
            let mut slow = Vec::new();
            r.page_drops(&text, &mut slow);
            let ranges = |v: &[LocalEdit]| v.iter().map(|e| e.range.clone()).collect::<Vec<_>>();
            proptest::prop_assert_eq!(ranges(&fast), ranges(&slow));
        }
    }

    #[test]
    fn drops_whole_lines_near_page_edges_only() {
        let t = "\n责编:甲\n\n标题\n\n正文一。\n\n责编:乙\n\n正文二。\n\n责编:丙";
        assert_eq!(
            run("责编:.+", 0, t),
            "\n标题\n\n正文一。\n\n责编:乙\n\n正文二。\n"
        );
        assert_eq!(run("责编:.+", 1, t), "\n标题\n\n正文一。\n\n正文二。\n");
        // Each page has its own edges.
        assert_eq!(
            run("页眉", 0, "页眉\n甲，\n乙。\u{c}页眉\n丙。\n丁。"),
            "甲，\n乙。\u{c}丙。\n丁。"
        );
        // The pattern must match the whole line; consecutive furniture lines go together.
        assert_eq!(run("责编", 0, "他是责编\n"), "他是责编\n");
        assert_eq!(run("[0-9]", 0, "1\n2\n正文。\n3"), "正文。\n");
    }
}
