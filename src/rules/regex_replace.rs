//! `regex`: a regular expression replaced by a template (`$1`, `${name}`), with guards.
//!
//! The `regex` crate has no look-around, so a rule states its context as guards instead:
//! `before` / `not_before` must (not) match the text just before the match, `after` / `not_after`
//! the text just after it. Guards look at most [`GUARD_REACH`] bytes away. A match that overlaps
//! a protected span, or fails its context, is skipped and the search goes on one character later.

use super::{next_boundary, Context, Protect, Rule};
use crate::edit::LocalEdit;
use crate::text::class::in_chinese_context;
use crate::text::position::{first_bytes, last_bytes};
use crate::text::prefilter::{Cursor, Pattern};
use crate::text::protect::Protection;
use regex::Regex;
use serde::Deserialize;

/// How far (in bytes) a guard looks before or after a match.
pub const GUARD_REACH: usize = 64;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    pattern: String,
    replace: String,
    before: Option<String>,
    not_before: Option<String>,
    after: Option<String>,
    not_after: Option<String>,
    #[serde(default)]
    context: Context,
    protect: Option<Vec<Protect>>,
}

#[derive(Debug)]
pub(crate) struct RegexReplace {
    /// Compiled by [`crate::text::prefilter`] to find its matches quickly in Chinese text.
    re: Pattern,
    /// What every match starts with.
    triggers: Option<crate::text::triggers::CharRanges>,
    replace: String,
    /// The template names groups (`$1`, `${name}`); otherwise it is the replacement as it is,
    /// and matches are found without their groups, which is much cheaper.
    uses_groups: bool,
    before: Option<Regex>,
    not_before: Option<Regex>,
    after: Option<Regex>,
    not_after: Option<Regex>,
    context: Context,
    protect: Vec<Protect>,
}

fn compile(what: &str, pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern).map_err(|e| format!("bad regex in `{what}`: {e}"))
}

impl RegexReplace {
    pub(crate) fn new(p: Params) -> Result<Self, String> {
        let tail = |what: &str, g: Option<String>| -> Result<Option<Regex>, String> {
            g.map(|g| compile(what, &format!(r"(?:{g})\z"))).transpose()
        };
        let head = |what: &str, g: Option<String>| -> Result<Option<Regex>, String> {
            g.map(|g| compile(what, &format!(r"\A(?:{g})"))).transpose()
        };
        Ok(RegexReplace {
            re: Pattern::new(&p.pattern).map_err(|e| format!("bad regex in `pattern`: {e}"))?,
            triggers: crate::text::triggers::first_chars(&p.pattern),
            uses_groups: p.replace.contains('$'),
            replace: p.replace,
            before: tail("before", p.before)?,
            not_before: tail("not_before", p.not_before)?,
            after: head("after", p.after)?,
            not_after: head("not_after", p.not_after)?,
            context: p.context,
            protect: p.protect.unwrap_or_else(|| Protect::ALL.to_vec()),
        })
    }

    fn guards_hold(&self, text: &str, start: usize, end: usize) -> bool {
        let left = last_bytes(&text[..start], GUARD_REACH);
        let right = first_bytes(&text[end..], GUARD_REACH);
        self.before.as_ref().is_none_or(|g| g.is_match(left))
            && !self.not_before.as_ref().is_some_and(|g| g.is_match(left))
            && self.after.as_ref().is_none_or(|g| g.is_match(right))
            && !self.not_after.as_ref().is_some_and(|g| g.is_match(right))
            && (self.context == Context::Any || in_chinese_context(text, start, end))
    }
}

impl Rule for RegexReplace {
    fn triggers(&self) -> Option<&[(char, char)]> {
        self.triggers.as_deref()
    }

    fn apply(&self, text: &str, out: &mut Vec<LocalEdit>) {
        let mut protection = Protection::new(text, &self.protect);
        let mut caps = self.re.create_captures();
        let mut cursor = Cursor::default();
        let mut at = 0;
        while at <= text.len() {
            let groups = self.uses_groups.then_some(&mut caps);
            let Some(m) = self.re.find(text, at, &mut cursor, groups) else {
                break;
            };
            let ok = self.guards_hold(text, m.start, m.end) && !protection.covers(m.clone());
            if !ok {
                at = next_boundary(text, m.start);
                continue;
            }
            let replacement = if self.uses_groups {
                let mut expanded = String::new();
                caps.interpolate_string_into(text, &self.replace, &mut expanded);
                expanded
            } else {
                self.replace.clone()
            };
            if replacement != text[m.clone()] {
                out.push(LocalEdit::new(m.clone(), replacement));
            }
            at = if m.is_empty() {
                next_boundary(text, m.end)
            } else {
                m.end
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pattern: &str, replace: &str) -> Params {
        Params {
            pattern: pattern.into(),
            replace: replace.into(),
            before: None,
            not_before: None,
            after: None,
            not_after: None,
            context: Context::Any,
            protect: None,
        }
    }

    fn rule(pattern: &str, replace: &str, f: impl FnOnce(&mut Params)) -> RegexReplace {
        let mut p = params(pattern, replace);
        f(&mut p);
        RegexReplace::new(p).unwrap()
    }

    fn run(r: &RegexReplace, t: &str) -> String {
        crate::rules::run_rule(r, t)
    }

    #[test]
    fn guards_emulate_lookaround() {
        let r = rule("(?m)^—", "——", |p| p.not_after = Some("—".into()));
        assert_eq!(run(&r, "—访某某\n——看\n甲—乙"), "——访某某\n——看\n甲—乙");
        let r = rule(r"\n*\z", "\n", |p| p.before = Some("[^\n]".into()));
        assert_eq!(run(&r, "甲\n\n\n"), "甲\n");
        assert_eq!(run(&r, "甲"), "甲\n");
        assert_eq!(run(&r, ""), "");
    }

    #[test]
    fn protected_spans_and_retry() {
        let r = rule(r"\.\.\.", "……", |p| p.context = Context::Chinese);
        assert_eq!(run(&r, "等等...好"), "等等……好");
        assert_eq!(run(&r, "wait... ok"), "wait... ok");
        let r = rule(":", "：", |_| {});
        assert_eq!(run(&r, "12:30开会:好"), "12:30开会：好");
    }

    #[test]
    fn bad_regex_is_an_error() {
        let err = RegexReplace::new(params("(", "")).unwrap_err();
        assert!(err.contains("bad regex"));
        let mut p = params("a", "");
        p.before = Some("[".into());
        assert!(RegexReplace::new(p)
            .unwrap_err()
            .contains("bad regex in `before`"));
    }
}
