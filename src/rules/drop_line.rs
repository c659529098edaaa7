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
use crate::text::blocks::{drop_span, page_lines};
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

fn is_body_line(line: &str) -> bool {
    line.contains(['，', '。', '；', '！', '？', ',', ';', '!', '?'])
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
}

impl Rule for DropLine {
    fn apply(&self, text: &str, out: &mut Vec<LocalEdit>) {
        for lines in page_lines(text) {
            let body: Vec<bool> = lines
                .iter()
                .map(|l| is_body_line(&text[l.start..l.end]))
                .collect();
            let total = body.iter().filter(|&&b| b).count();
            let mut body_before = 0;
            for (k, l) in lines.iter().enumerate() {
                let body_after = total - body_before - usize::from(body[k]);
                let near_edge = body_before <= self.edge_lines || body_after <= self.edge_lines;
                body_before += usize::from(body[k]);
                if self.position == Position::Edge && !near_edge {
                    continue;
                }
                let line = &text[l.start..l.end];
                if self.re.is_match(line.trim()) {
                    let reason = format!("line {line:?} is page furniture");
                    LocalEdit::push_deletion(out, drop_span(text, l), reason);
                }
            }
        }
    }
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
