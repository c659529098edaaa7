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

/// Refuses a template that names a group `pattern` does not have: the `regex` crate puts an
/// empty string there, so such a rule silently deletes text. Names follow the crate's reading:
/// `$name` takes the longest run of letters, digits and `_` (so `$1a` names `1a`, not `1`);
/// `${name}` is braced; `$$` is a `$`.
fn check_template(template: &str, pattern: &str) -> Result<(), String> {
    let re = compile("pattern", pattern)?;
    let names: Vec<&str> = re.capture_names().flatten().collect();
    let exists = |name: &str| match name.parse::<usize>() {
        Ok(n) => n < re.captures_len(),
        Err(_) => names.contains(&name),
    };
    let mut rest = template;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        let (name, len) = if let Some(braced) = rest.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                // Not a reference: the crate writes it as it is.
                None => continue,
            }
        } else if rest.starts_with('$') {
            rest = &rest[1..];
            continue;
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (&rest[..end], end)
        };
        if !name.is_empty() && !exists(name) {
            let groups = (1..re.captures_len())
                .map(|n| format!("${n}"))
                .chain(names.iter().map(|n| format!("${{{n}}}")))
                .collect::<Vec<_>>();
            return Err(format!(
                "`replace` names the group `${}`, which `pattern` does not have ({}); \
                 write `$$` for a literal `$`, and `${{1}}x` for group 1 before a letter",
                if len > name.len() {
                    format!("{{{name}}}")
                } else {
                    name.to_string()
                },
                if groups.is_empty() {
                    "it has no groups".to_string()
                } else {
                    format!("it has {}", groups.join(", "))
                }
            ));
        }
        rest = &rest[len..];
    }
    Ok(())
}

impl RegexReplace {
    pub(crate) fn new(p: Params) -> Result<Self, String> {
        check_template(&p.replace, &p.pattern)?;
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
    fn a_template_naming_a_missing_group_is_an_error() {
        let err = |pattern: &str, replace: &str| RegexReplace::new(params(pattern, replace)).err();
        let e = err("(甲)(乙)", "$5").unwrap();
        assert!(e.contains("`$5`") && e.contains("it has $1, $2"), "{e}");
        assert!(err("(?P<a>甲)", "${nope}").unwrap().contains("`${nope}`"));
        // `$1x` names a group `1x`, which the crate would replace with nothing.
        assert!(err("(甲)", "$1x").unwrap().contains("`$1x`"));
        assert!(err("甲", "$1").unwrap().contains("it has no groups"));
        for (pattern, replace) in [
            ("(甲)(乙)", "$2$1"),
            ("(甲)", "${1}x"),
            ("(?P<a>甲)", "$a ${a}"),
            ("甲", "$$5"),
            ("甲", "$"),
            ("甲", "${"),
            ("(甲)", "$0"),
        ] {
            assert_eq!(err(pattern, replace), None, "{pattern} {replace}");
        }
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
