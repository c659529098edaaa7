//! Rule packs: TOML files of rules, loaded, checked and ordered into profiles.
//!
//! ```toml
//! [pack]
//! name = "punctuation"
//! description = "Half-width marks in Chinese text become full-width"
//!
//! [[rule]]
//! id = "punct.comma"
//! kind = "char_map"
//! level = "safe"
//! description = "`,` in Chinese context becomes `，`"
//! map = { "," = "，" }
//! context = "chinese"
//! examples = [
//!   { input = "近年来,山西", output = "近年来，山西" },
//!   { input = "1,000 and a, b", output = "1,000 and a, b" },
//! ]
//! ```
//!
//! `id`, `kind`, `level`, `description`, `examples` and the optional `enabled` (default `true`)
//! are common to all rules; the other keys are the kind's parameters.

pub mod builtin;

use crate::edit::Level;
use crate::error::{Error, Result};
use crate::rules::{Example, Kind, LoadedRule, RuleInfo};
use serde::Deserialize;
use std::path::Path;

/// A loaded pack.
#[derive(Debug)]
pub struct Pack {
    /// The pack's name; a user pack with a built-in pack's name replaces it.
    pub name: String,
    /// What the pack is for.
    pub description: String,
    /// Where it came from (`builtin:NAME` or a path).
    pub file: String,
    /// Its rules, in order.
    pub rules: Vec<LoadedRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    name: String,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    pack: Header,
    #[serde(default)]
    rule: Vec<toml::Spanned<toml::Table>>,
}

/// The examples alone, with their spans, read in a second pass.
#[derive(Deserialize)]
struct ExamplesOnly {
    #[serde(default)]
    rule: Vec<RuleExamples>,
}

#[derive(Deserialize)]
struct RuleExamples {
    #[serde(default)]
    examples: Vec<toml::Spanned<toml::Value>>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line of the parameter a rule kind's error names (its first `` `key` ``), found among the
/// lines of the rule that starts at `start`, so that the error points at the parameter to
/// mend; `None` when the message names no key of that rule.
fn key_line(text: &str, start: usize, message: &str) -> Option<usize> {
    let key = message.split('`').nth(1)?;
    let rule = &text[start.min(text.len())..];
    let end = rule[1..].find("\n[").map_or(rule.len(), |e| e + 1);
    let mut offset = start;
    for line in rule[..end].split_inclusive('\n') {
        let rest = line.trim_start().strip_prefix(key);
        if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
            return Some(line_of(text, offset));
        }
        offset += line.len();
    }
    None
}

impl Pack {
    /// Reads and checks a pack file.
    pub fn from_file(path: &Path) -> Result<Pack> {
        let text = crate::decode::read_text(path)?;
        Pack::parse(&text, &path.display().to_string())
    }

    /// Parses and checks a pack; `file` names it in errors.
    ///
    /// Every rule is built and its examples are checked: a pack that loads is a pack whose rules
    /// do what their examples say.
    pub fn parse(text: &str, file: &str) -> Result<Pack> {
        Pack::parse_inner(text, file, true)
    }

    /// Parses a pack without checking examples, so that `galley rules test` can report every
    /// failing example rather than the first.
    pub fn parse_unchecked(text: &str, file: &str) -> Result<Pack> {
        Pack::parse_inner(text, file, false)
    }

    /// Reads a pack file without checking examples.
    pub fn from_file_unchecked(path: &Path) -> Result<Pack> {
        let text = crate::decode::read_text(path)?;
        Pack::parse_unchecked(&text, &path.display().to_string())
    }

    fn parse_inner(text: &str, file: &str, check: bool) -> Result<Pack> {
        let err = |line: usize, rule: Option<&str>, message: String| Error::Pack {
            file: file.to_string(),
            line,
            rule: rule.map(str::to_string),
            message,
        };
        let raw: RawPack = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            err(line, None, e.message().trim().to_string())
        })?;
        let examples: ExamplesOnly =
            toml::from_str(text).map_err(|e| err(1, None, e.to_string()))?;
        let mut rules: Vec<LoadedRule> = Vec::new();
        for (n, spanned) in raw.rule.into_iter().enumerate() {
            let start = spanned.span().start;
            let line = line_of(text, start);
            let mut table = spanned.into_inner();
            let mut take_str = |key: &str, rule: Option<&str>| -> Result<Option<String>> {
                match table.remove(key) {
                    None => Ok(None),
                    Some(toml::Value::String(s)) => Ok(Some(s)),
                    Some(other) => Err(err(
                        line,
                        rule,
                        format!("`{key}` must be a string, not {}", other.type_str()),
                    )),
                }
            };
            let id =
                take_str("id", None)?.ok_or_else(|| err(line, None, "rule has no `id`".into()))?;
            let rid = Some(id.as_str());
            if !valid_id(&id) {
                return Err(err(
                    line,
                    rid,
                    "ids are lowercase words joined by `.` or `-`, e.g. `punct.comma`".into(),
                ));
            }
            if let Some(prev) = rules.iter().find(|r| r.info.id == id) {
                return Err(Error::DuplicateRule {
                    id,
                    file: file.into(),
                    line,
                    other: format!("{}:{}", prev.info.file, prev.info.line),
                });
            }
            let kind_name =
                take_str("kind", rid)?.ok_or_else(|| err(line, rid, "no `kind`".into()))?;
            let kind = Kind::from_name(&kind_name).ok_or_else(|| {
                let known: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                err(
                    line,
                    rid,
                    format!("unknown kind `{kind_name}` (known: {})", known.join(", ")),
                )
            })?;
            let level: Level = take_str("level", rid)?
                .ok_or_else(|| err(line, rid, "no `level` (`safe` or `review`)".into()))?
                .parse()
                .map_err(|e: String| err(line, rid, e))?;
            let description = take_str("description", rid)?
                .ok_or_else(|| err(line, rid, "no one-line `description`".into()))?;
            let enabled = match table.remove("enabled") {
                None => true,
                Some(toml::Value::Boolean(b)) => b,
                Some(_) => return Err(err(line, rid, "`enabled` must be true or false".into())),
            };
            table.remove("examples");
            let mut exs = Vec::new();
            for ex in examples
                .rule
                .get(n)
                .map(|r| r.examples.as_slice())
                .unwrap_or_default()
            {
                let ex_line = line_of(text, ex.span().start);
                let parsed: Example =
                    ex.get_ref()
                        .clone()
                        .try_into()
                        .map_err(|e: toml::de::Error| {
                            err(ex_line, rid, format!("bad example: {}", e.message()))
                        })?;
                exs.push((parsed, ex_line));
            }
            let imp = kind
                .build(table)
                .map_err(|m| err(key_line(text, start, &m).unwrap_or(line), rid, m))?;
            let rule = LoadedRule {
                info: RuleInfo {
                    id: id.clone(),
                    kind,
                    level,
                    description,
                    enabled,
                    examples: exs,
                    pack: raw.pack.name.clone(),
                    file: file.to_string(),
                    line,
                },
                imp,
            };
            if check {
                if let Some((l, m)) = rule.check_examples().into_iter().next() {
                    return Err(err(l, rid, m));
                }
            }
            rules.push(rule);
        }
        Ok(Pack {
            name: raw.pack.name,
            description: raw.pack.description,
            file: file.to_string(),
            rules,
        })
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('.').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[pack]
name = "t"

[[rule]]
id = "t.comma"
kind = "char_map"
level = "safe"
description = "comma"
map = { "," = "，" }
context = "chinese"
examples = [
  { input = "甲,乙", output = "甲，乙" },
  { input = "a,b", output = "a,b" },
]
"#;

    fn error_of(text: &str) -> String {
        Pack::parse(text, "p.toml").unwrap_err().to_string()
    }

    #[test]
    fn loads_a_good_pack() {
        let p = Pack::parse(GOOD, "p.toml").unwrap();
        assert_eq!(p.rules.len(), 1);
        assert_eq!(p.rules[0].info.line, 5);
        assert_eq!(p.rules[0].info.examples[1].1, 14);
    }

    #[test]
    fn errors_name_file_line_and_rule() {
        assert_eq!(
            error_of(&GOOD.replace("char_map", "charmap")),
            "p.toml:5: rule `t.comma`: unknown kind `charmap` (known: char_map, regex, join, unwrap, drop, repeated, despace, convert, normalize, flag, mojibake)"
        );
        assert!(
            error_of(&GOOD.replace("output = \"甲，乙\"", "output = \"甲,乙\""))
                .starts_with("p.toml:13: rule `t.comma`: example 1 failed")
        );
        assert!(error_of(&GOOD.replace("[[rule]]", "[[rule]")).starts_with("p.toml:5:"));
        assert!(error_of(&GOOD.replace("context =", "contxt =")).contains("unknown field `contxt`"));
        let twice = format!("{GOOD}{}", &GOOD[GOOD.find("[[rule]]").unwrap()..]);
        assert!(error_of(&twice).contains("rule `t.comma` is already defined in p.toml:5"));
        let regex = GOOD.replace(
            "kind = \"char_map\"",
            "kind = \"regex\"\npattern = \"(\"\nreplace = \"\"",
        );
        let e = error_of(&regex.replace("map = { \",\" = \"，\" }\n", ""));
        assert!(e.starts_with("p.toml:8: rule `t.comma`: bad regex"), "{e}");
    }

    #[test]
    fn flag_examples_are_checked() {
        let flag = r#"
[pack]
name = "f"

[[rule]]
id = "f.bad"
kind = "flag"
level = "review"
description = "flags"
pattern = 'x{3}'
message = "m"
examples = [
  { input = "axxxb", output = "axxxb", warns = true },
  { input = "axb", output = "axb", warns = false },
]
"#;
        assert!(Pack::parse(flag, "f.toml").is_ok());
        let wrong = flag.replace("\"axb\", warns = false", "\"axb\", warns = true");
        assert!(
            error_of(&wrong).contains("example 2 should be flagged and is not"),
            "{}",
            error_of(&wrong)
        );
        let one_sided = flag.replace(
            "  { input = \"axb\", output = \"axb\", warns = false },\n",
            "",
        );
        assert!(error_of(&one_sided).contains("one it must leave alone"));
    }

    #[test]
    fn a_rule_needs_both_kinds_of_example() {
        let one = GOOD.replace("  { input = \"a,b\", output = \"a,b\" },\n", "");
        assert!(error_of(&one).contains("one it must leave alone"));
    }
}
