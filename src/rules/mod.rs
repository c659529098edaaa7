//! Rules: the trait every rule kind implements, and the kinds themselves (one file each).
//!
//! A rule is built from its `[[rule]]` table in a pack: the fields every rule has (`id`, `kind`,
//! `level`, `description`, `examples`, `enabled`) are read by [`crate::pack`]; the rest are the
//! kind's parameters, parsed here by the kind with unknown keys refused.

mod char_map;
pub mod convert;
mod despace;
mod drop_line;
mod flag;
mod join;
mod mojibake;
mod normalize;
mod regex_replace;
mod repeated;
mod unwrap;

use crate::edit::{Level, LocalEdit};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

pub use crate::text::protect::Protect;

/// A rule kind's behaviour: propose edits on the text it is given.
pub trait Rule: Send + Sync {
    /// Appends this rule's edits on `text` to `out`, sorted by position and not overlapping.
    fn apply(&self, text: &str, out: &mut Vec<LocalEdit>);

    /// For rules that learn from a whole batch (furniture repeated across pages): the rule to use
    /// for every text of the batch `texts`. `None`: the rule is the same for any batch.
    fn learn(&self, _texts: &[&str]) -> Option<Arc<dyn Rule>> {
        None
    }

    /// The characters the rule must see before it can change anything (the engine skips the
    /// rule on a text that holds none of them); `None`: it may change any text.
    fn triggers(&self) -> Option<&[(char, char)]> {
        None
    }

    /// Whether the rule learns across pages and has not learned yet: [`crate::Engine::clean`]
    /// lets it learn from all pages of a text before cleaning the text page by page.
    fn unlearned(&self) -> bool {
        false
    }

    /// What the rule learned, for the user (one line each).
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }

    /// Things in a (clean) text the rule left alone on purpose but a person should look at, as
    /// (byte offset, message): e.g. an unpaired straight quote.
    fn warnings(&self, _text: &str) -> Vec<(usize, String)> {
        Vec::new()
    }

    /// The rule for pages of `layout` whatever they look like, for rules whose work depends
    /// on how a page's lines were made ([`crate::text::layout`]); `None`: the rule is the same
    /// for any layout.
    fn with_layout(&self, _layout: crate::text::layout::Layout) -> Option<Arc<dyn Rule>> {
        None
    }

    /// The layout the rule takes pages to have, for rules whose work depends on it
    /// ([`Rule::with_layout`]); `None` for the others.
    fn layout(&self) -> Option<crate::text::layout::Layout> {
        None
    }

    /// How far, in bytes, the rule's decision at a place can depend on text outside the blocks
    /// around it (a layout read region by region); 0 for rules that decide from those blocks.
    fn reach(&self) -> usize {
        0
    }

    /// Whether the rule looks words up in the dictionary, which is loaded on first use (see
    /// [`crate::Engine::preloader`]).
    fn uses_dictionary(&self) -> bool {
        false
    }
}

/// The kinds of rule a pack can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Single characters mapped to replacements, optionally only in Chinese context.
    CharMap,
    /// A regular expression replacement with context guards and protected spans.
    Regex,
    /// Joins blocks split by a column break, weighing evidence.
    Join,
    /// Drops whole lines (page furniture) by pattern.
    Drop,
    /// Traditional/Simplified conversion with OpenCC.
    Convert,
    /// Unicode normalisation (NFC).
    Normalize,
    /// Drops lines that recur at the top or bottom of many pages.
    Repeated,
    /// Closes up lines that OCR spaced out character by character.
    Despace,
    /// Unwraps printed lines into paragraphs.
    Unwrap,
    /// Flags text for a person to look at, changing nothing.
    Flag,
    /// Turns UTF-8 text that was decoded as GBK back into what it said.
    Mojibake,
}

impl Kind {
    /// Every kind, for help texts.
    pub const ALL: [Kind; 11] = [
        Kind::CharMap,
        Kind::Regex,
        Kind::Join,
        Kind::Unwrap,
        Kind::Drop,
        Kind::Repeated,
        Kind::Despace,
        Kind::Convert,
        Kind::Normalize,
        Kind::Flag,
        Kind::Mojibake,
    ];

    /// The name used in rule packs.
    pub fn name(self) -> &'static str {
        match self {
            Kind::CharMap => "char_map",
            Kind::Regex => "regex",
            Kind::Join => "join",
            Kind::Drop => "drop",
            Kind::Convert => "convert",
            Kind::Normalize => "normalize",
            Kind::Repeated => "repeated",
            Kind::Despace => "despace",
            Kind::Unwrap => "unwrap",
            Kind::Flag => "flag",
            Kind::Mojibake => "mojibake",
        }
    }

    /// Parses a kind name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Builds a rule of this kind from its parameters.
    pub(crate) fn build(self, params: toml::Table) -> Result<Arc<dyn Rule>, String> {
        fn parse<P: DeserializeOwned>(params: toml::Table) -> Result<P, String> {
            toml::Value::Table(params)
                .try_into()
                .map_err(|e: toml::de::Error| e.message().to_string())
        }
        Ok(match self {
            Kind::CharMap => Arc::new(char_map::CharMap::new(parse(params)?)?),
            Kind::Regex => Arc::new(regex_replace::RegexReplace::new(parse(params)?)?),
            Kind::Join => Arc::new(join::Join::new(parse(params)?)?),
            Kind::Drop => Arc::new(drop_line::DropLine::new(parse(params)?)?),
            Kind::Repeated => Arc::new(repeated::Repeated::new(parse(params)?)?),
            Kind::Despace => Arc::new(despace::Despace::new(parse(params)?)?),
            Kind::Unwrap => Arc::new(unwrap::Unwrap::new(parse(params)?)?),
            Kind::Flag => Arc::new(flag::Flag::new(parse(params)?)?),
            Kind::Mojibake => Arc::new(mojibake::Mojibake::new(parse(params)?)?),
            Kind::Convert => Arc::new(convert::Convert::new(parse(params)?)?),
            Kind::Normalize => Arc::new(normalize::Normalize::new(parse(params)?)?),
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a rule applies: anywhere, or only where the text around it is Chinese.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Context {
    /// Anywhere.
    #[default]
    Any,
    /// Only where the nearest significant character on either side is Chinese
    /// (see [`crate::text::class::in_chinese_context`]).
    Chinese,
}

/// One example a rule must satisfy: applied alone to `input`, the rule gives `output`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Text given to the rule.
    pub input: String,
    /// What the rule must make of it (equal to `input` for an example it must leave alone).
    pub output: String,
    /// Whether the rule must flag something in `output` (see [`Rule::warnings`]); unchecked
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warns: Option<bool>,
    /// The layout the example's page is taken to have (`wrapped`, `paragraphs`), for rules that
    /// depend on it ([`Rule::with_layout`]): a snippet of a few lines is too short to say which
    /// it is by itself. Absent: as the rule decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<crate::text::layout::Layout>,
}

/// Everything a pack says about a rule besides its kind's parameters.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// Stable dotted id, e.g. `punct.comma`.
    pub id: String,
    /// The rule's kind.
    pub kind: Kind,
    /// The level of its edits (a kind may lower or raise it per edit, e.g. joins).
    pub level: Level,
    /// One line saying what the rule does.
    pub description: String,
    /// Whether the rule runs unless selected by id.
    pub enabled: bool,
    /// The examples, with the line each starts on.
    pub examples: Vec<(Example, usize)>,
    /// Name of the pack that holds the rule.
    pub pack: String,
    /// File of the pack (`builtin:NAME` for built-in packs).
    pub file: String,
    /// Line of the rule in that file.
    pub line: usize,
}

/// A rule ready to run: what the pack says about it and its behaviour.
#[derive(Clone)]
pub struct LoadedRule {
    /// Id, level, description, examples and origin.
    pub info: RuleInfo,
    pub(crate) imp: Arc<dyn Rule>,
}

impl fmt::Debug for LoadedRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoadedRule")
            .field("info", &self.info)
            .finish()
    }
}

impl LoadedRule {
    /// The rule's edits on `text`.
    pub fn edits(&self, text: &str) -> Vec<LocalEdit> {
        let mut out = Vec::new();
        self.imp.apply(text, &mut out);
        out
    }

    /// The rule for pages of `layout` whatever they look like (itself, for a rule that does not
    /// depend on the layout).
    pub fn with_layout(&self, layout: crate::text::layout::Layout) -> LoadedRule {
        LoadedRule {
            info: self.info.clone(),
            imp: self
                .imp
                .with_layout(layout)
                .unwrap_or_else(|| self.imp.clone()),
        }
    }

    /// What the rule learned from a batch (see [`Rule::notes`]).
    pub fn notes(&self) -> Vec<String> {
        self.imp.notes()
    }

    /// What the rule flags in `text` (see [`Rule::warnings`]).
    pub fn warnings(&self, text: &str) -> Vec<(usize, String)> {
        self.imp.warnings(text)
    }

    /// The rule applied alone to `text`.
    pub fn apply_alone(&self, text: &str) -> String {
        run_rule(self.imp.as_ref(), text)
    }

    /// Checks every example; returns the failures as (example line, message).
    pub fn check_examples(&self) -> Vec<(usize, String)> {
        let mut failures = Vec::new();
        for (n, (ex, line)) in self.info.examples.iter().enumerate() {
            let laid_out = ex.layout.and_then(|l| self.imp.with_layout(l));
            let imp = laid_out.as_deref().unwrap_or(self.imp.as_ref());
            let got = run_rule(imp, &ex.input);
            if got != ex.output {
                failures.push((
                    *line,
                    format!(
                        "example {} failed: input {:?} gave {:?}, expected {:?}",
                        n + 1,
                        ex.input,
                        got,
                        ex.output
                    ),
                ));
            } else {
                let again = run_rule(imp, &got);
                if again != got {
                    failures.push((
                        *line,
                        format!(
                            "example {} is not stable: applying the rule again to {:?} gives {:?}",
                            n + 1,
                            got,
                            again
                        ),
                    ));
                }
            }
        }
        for (n, (ex, line)) in self.info.examples.iter().enumerate() {
            if let Some(want) = ex.warns {
                let got = !self.warnings(&ex.output).is_empty();
                if got != want {
                    failures.push((
                        *line,
                        format!(
                            "example {} {}: {:?}",
                            n + 1,
                            if want {
                                "should be flagged and is not"
                            } else {
                                "is flagged and should not be"
                            },
                            ex.output
                        ),
                    ));
                }
            }
        }
        // A rule shows what it acts on (a change or a flag) and what it leaves alone.
        let acts = |e: &Example| e.input != e.output || e.warns == Some(true);
        let changes = self.info.examples.iter().any(|(e, _)| acts(e));
        let keeps = self
            .info
            .examples
            .iter()
            .any(|(e, _)| e.input == e.output && e.warns != Some(true));
        if !changes || !keeps {
            failures.push((
                self.info.line,
                "needs at least one example it changes and one it must leave alone".to_string(),
            ));
        }
        failures
    }
}

/// `rule` applied alone to `text`.
pub(crate) fn run_rule(rule: &dyn Rule, text: &str) -> String {
    let mut edits = Vec::new();
    rule.apply(text, &mut edits);
    crate::edit::apply_local(text, &edits).expect("a rule's edits are sorted and within the text")
}

/// Runs `pass` on its own output until it proposes nothing more (at most `max_passes` times) and
/// returns the combined edits on `text`. Rules whose decisions depend on their own earlier
/// changes use it, so that cleaning a clean text changes nothing.
pub(crate) fn until_stable(
    text: &str,
    max_passes: usize,
    mut pass: impl FnMut(&str, &mut Vec<LocalEdit>),
    out: &mut Vec<LocalEdit>,
) {
    use crate::edit::compose::{step, Origin};
    let origin = Origin {
        id: "",
        level: Level::Safe,
        description: "",
    };
    if max_passes == 0 {
        return;
    }
    // On most pages the first pass finds nothing: it is asked of `text` itself, and only a page
    // that changes is copied.
    let mut first = Vec::new();
    pass(text, &mut first);
    if first.is_empty() {
        return;
    }
    let mut current = text.to_string();
    let mut edits = Vec::new();
    // Levels are carried through only when the rule set them; otherwise the rule's own applies.
    let mut explicit_level = first.iter().any(|e| e.level.is_some());
    step(text, &mut current, &mut edits, first, &origin);
    for _ in 1..max_passes {
        let mut more = Vec::new();
        pass(&current, &mut more);
        if more.is_empty() {
            break;
        }
        explicit_level |= more.iter().any(|e| e.level.is_some());
        step(text, &mut current, &mut edits, more, &origin);
    }
    out.extend(edits.into_iter().map(|e| {
        let mut local = LocalEdit::new(e.start..e.end, e.replacement);
        if explicit_level {
            local = local.with_level(e.level);
        }
        // Reasons of the rule itself are not repeated; a pass's own reason is kept.
        if !e.reason.is_empty() {
            local = local.with_reason(e.reason);
        }
        local.group = e.group;
        local
    }));
}

/// Next character boundary after `at` (or `at + 1` past the end), for stepping past a match.
pub(crate) fn next_boundary(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(at + 1, |c| at + c.len_utf8())
}
