//! `unwrap`: dumps that keep every printed line as a line of text get their paragraphs back.
//!
//! Within a block of at least `min_lines` lines, the block's typical line length (the most common
//! one; the longer on a tie) is the column width. A line break continues the paragraph when the
//! line before it is within `slack` characters of that width and does not end a sentence, or when
//! the text visibly goes on (the line ends with `，；：` or an opening mark, or the next starts
//! with a mark that may not start a line). A short line, or one that ends a sentence, ends its
//! paragraph; so does a break before a short bracketed credit (`（张波）`). In a block where at
//! least one break is joined, the breaks that end paragraphs become blank lines, as in the rest
//! of galley's output.

use super::Rule;
use crate::edit::{Level, LocalEdit};
use crate::text::blocks::blocks;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Params {
    /// Fewest lines in a block for it to be unwrapped.
    min_lines: usize,
    /// How many characters short of the typical width a line may be and still continue.
    slack: usize,
    /// A bracketed line at most this long after a break is a credit, not text.
    credit_chars: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_lines: 3,
            slack: 1,
            credit_chars: 12,
        }
    }
}

pub(crate) struct Unwrap {
    p: Params,
}

impl Unwrap {
    pub(crate) fn new(p: Params) -> Result<Self, String> {
        if p.min_lines < 2 {
            return Err("`min_lines` must be at least 2".into());
        }
        Ok(Unwrap { p })
    }

    fn continues(&self, a: &str, b: &str, width: usize) -> bool {
        let len = a.chars().count();
        let last = a.chars().next_back().unwrap_or(' ');
        let first = b.chars().next().unwrap_or(' ');
        if (first == '（' || first == '(') && b.chars().count() <= self.p.credit_chars {
            return false;
        }
        if "，；：「『（“《,;:(".contains(last) || "，。、；：」』）？！”》,.;:?!)".contains(first)
        {
            return true;
        }
        len + self.p.slack >= width && !ends_sentence(last)
    }
}

fn ends_sentence(c: char) -> bool {
    "。！？」』”!?".contains(c)
}

impl Rule for Unwrap {
    fn apply(&self, text: &str, out: &mut Vec<LocalEdit>) {
        for block in blocks(text) {
            let body = &text[block.range.clone()];
            let lines: Vec<&str> = body.split('\n').collect();
            if lines.len() < self.p.min_lines {
                continue;
            }
            let mut counts: HashMap<usize, usize> = HashMap::new();
            for l in &lines {
                *counts.entry(l.chars().count()).or_default() += 1;
            }
            let width = counts
                .iter()
                .max_by_key(|&(len, n)| (n, len))
                .map_or(0, |(len, _)| *len);
            let mut edits = Vec::new();
            let mut pos = block.range.start;
            let mut any_join = false;
            for k in 0..lines.len() - 1 {
                pos += lines[k].len();
                let (a, b) = (lines[k], lines[k + 1]);
                let join = self.continues(a, b, width);
                any_join |= join;
                let latin = a.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && b.starts_with(|c: char| c.is_ascii_alphanumeric());
                let replacement = match (join, latin) {
                    (true, true) => " ",
                    (true, false) => "",
                    (false, _) => "\n\n",
                };
                edits.push(
                    LocalEdit::new(pos..pos + 1, replacement)
                        .with_level(Level::Review)
                        .with_reason(if join {
                            format!("printed line break inside a paragraph (column width {width})")
                        } else {
                            "a short line ends the paragraph".to_string()
                        }),
                );
                pos += 1;
            }
            if any_join {
                out.extend(edits);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &str) -> String {
        crate::rules::run_rule(&Unwrap::new(Params::default()).unwrap(), t)
    }

    #[test]
    fn wrapped_lines_become_paragraphs() {
        let t = "近年来山西省气象局坚持\n以习近平新时代中国特\n色社会主义思想为指导。\n会议指出安全生产事关\n人民福祉。";
        assert_eq!(
            run(t),
            "近年来山西省气象局坚持以习近平新时代中国特色社会主义思想为指导。\n\n会议指出安全生产事关人民福祉。"
        );
    }

    #[test]
    fn headline_blocks_and_credits_stay() {
        assert_eq!(
            run("提升汾河太原段防洪减灾能力\n我省实施方案"),
            "提升汾河太原段防洪减灾能力\n我省实施方案"
        );
        let t = "会议指出安全生产事关人\n民福祉事关经济发展大局\n（张波）";
        assert_eq!(
            run(t),
            "会议指出安全生产事关人民福祉事关经济发展大局\n\n（张波）"
        );
    }
}
