//! The engine: rules in order over a text, edits composed back onto the original.

use crate::edit::compose::{step, Origin};
use crate::edit::LocalEdit;
use crate::edit::{apply_edits, Edit, Level};
use crate::error::{Error, Result};
use crate::pack::{builtin, Pack};
use crate::rules::{LoadedRule, Rule, RuleInfo};
use crate::select::Selection;
use crate::text::layout::Layout;
use crate::text::position::LineIndex;
use crate::text::triggers::{Present, TriggerMask};
use std::ops::Range;
use std::path::Path;

/// How many times the rules run over a text at most (see [`Engine::clean`]). Real pages are
/// stable after two; a join late in the order can make a block that unwrapping, early in it,
/// then reads anew, and such an exchange takes a round each way.
pub const MAX_ROUNDS: usize = 4;

/// The result of cleaning one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The clean text: the input with every edit applied.
    pub text: String,
    /// The edits, on the original input, sorted and not overlapping.
    pub edits: Vec<Edit>,
    /// What the rules left alone on purpose but a person should look at, in the clean text.
    pub warnings: Vec<Warning>,
}

/// Something a rule flagged in the clean text without changing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Byte offset in the clean text.
    pub offset: usize,
    /// 1-based line in the clean text.
    pub line: usize,
    /// The rule that flagged it.
    pub rule: String,
    /// What it is.
    pub message: String,
}

impl Cleaned {
    /// The input with only the edits at or below `level` applied (`Level::Safe`: safe edits only).
    pub fn text_at(&self, original: &str, level: Level) -> String {
        apply_edits(original, self.edits.iter().filter(|e| e.level <= level))
            .expect("edits of one result apply cleanly")
    }

    /// The result with only the edits at or below `level` kept, and its text to match
    /// (`original` is the input it was cleaned from).
    ///
    /// ```
    /// use galley::{Engine, Level};
    /// let page = "近年来,山西\n";
    /// let cleaned = Engine::builtin("newspaper-zh")?.clean(page);
    /// assert_eq!(cleaned.clone().keep(page, Level::Review).text, cleaned.text);
    /// assert!(cleaned.keep(page, Level::Safe).edits.iter().all(|e| e.level == Level::Safe));
    /// # Ok::<(), galley::Error>(())
    /// ```
    pub fn keep(self, original: &str, level: Level) -> Cleaned {
        self.retain(original, |e| e.level <= level)
    }

    /// The result for a text that is a field of a record rather than a file (`galley clean
    /// --jsonl`): a field that did not end with a line break gets none. Trailing blank lines
    /// are still trimmed to one line break, as in a file.
    ///
    /// ```
    /// let engine = galley::Engine::builtin("newspaper-zh")?;
    /// assert_eq!(engine.clean("近年来,山西").text, "近年来，山西\n");
    /// assert_eq!(engine.clean("近年来,山西").as_field("近年来,山西").text, "近年来，山西");
    /// # Ok::<(), galley::Error>(())
    /// ```
    pub fn as_field(self, original: &str) -> Cleaned {
        let adds_final_newline =
            |e: &Edit| e.start == e.end && e.rules.iter().any(|r| r == "layout.final-newline");
        self.retain(original, |e| !adds_final_newline(e))
    }

    /// The result with only the edits `keep` keeps, and its text to match (`original` is the
    /// input it was cleaned from): any subset of one result's edits applies.
    pub fn retain(self, original: &str, keep: impl Fn(&Edit) -> bool) -> Cleaned {
        if self.edits.iter().all(&keep) {
            return self;
        }
        let edits: Vec<Edit> = self.edits.into_iter().filter(keep).collect();
        let text = apply_edits(original, &edits).expect("edits of one result apply cleanly");
        Cleaned {
            text,
            edits,
            warnings: self.warnings,
        }
    }
}

/// Gives each group of edits (one change made of several: [`Edit::group`]) the offset of its
/// first edit as its id, in place of the rule's arbitrary one, so that a result is the same run
/// after run; a group left with one edit (a later rule merged the others into it) is none.
fn canonical_groups(edits: &mut [Edit]) {
    let mut groups: std::collections::HashMap<usize, (usize, usize)> = Default::default();
    for e in edits.iter() {
        if let Some(g) = e.group {
            let (start, members) = groups.entry(g).or_insert((e.start, 0));
            *start = (*start).min(e.start);
            *members += 1;
        }
    }
    for e in edits.iter_mut() {
        if let Some(g) = e.group {
            let (start, members) = groups[&g];
            e.group = (members > 1).then_some(start);
        }
    }
}

/// A rule in the engine and whether it runs.
#[derive(Clone)]
struct Slot {
    rule: LoadedRule,
    active: bool,
    /// The rule's trigger characters, for skipping it on a text without them.
    triggers: Option<TriggerMask>,
}

impl Slot {
    fn new(rule: LoadedRule, active: bool) -> Slot {
        let triggers = rule.imp.triggers().map(TriggerMask::new);
        Slot {
            rule,
            active,
            triggers,
        }
    }
}

/// Cleans text with an ordered set of rules. Build it once and share it: it is `Send + Sync`.
///
/// ```
/// let engine = galley::Engine::builtin("newspaper-zh")?;
/// let cleaned = engine.clean("近年来,山西省气象局坚持(试\n\n行)办法。\n");
/// assert_eq!(cleaned.text, "近年来，山西省气象局坚持（试行）办法。\n");
/// for edit in &cleaned.edits {
///     println!("{}..{} {:?} by {}", edit.start, edit.end, edit.replacement, edit.rule_label());
/// }
/// # Ok::<(), galley::Error>(())
/// ```
pub struct Engine {
    slots: Vec<Slot>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let active: Vec<&str> = self.active().map(|r| r.info.id.as_str()).collect();
        f.debug_struct("Engine").field("active", &active).finish()
    }
}

/// Builds an [`Engine`] from a profile, extra packs and a selection.
#[derive(Debug)]
pub struct EngineBuilder {
    profile: Option<String>,
    packs: Vec<Pack>,
    selection: Selection,
    layout: Layout,
    convert: Option<String>,
}

impl Default for EngineBuilder {
    fn default() -> Self {
        EngineBuilder {
            profile: Some(crate::DEFAULT_PROFILE.to_string()),
            packs: Vec::new(),
            selection: Selection::default(),
            layout: Layout::Auto,
            convert: None,
        }
    }
}

impl EngineBuilder {
    /// Starts from built-in profile `name`, or from no built-in packs at all with `None`.
    pub fn profile(mut self, name: Option<&str>) -> Self {
        self.profile = name.map(str::to_string);
        self
    }

    /// Adds a pack after the profile's; a pack with a built-in pack's name replaces it in place.
    pub fn pack(mut self, pack: Pack) -> Self {
        self.packs.push(pack);
        self
    }

    /// Reads and adds a pack file.
    pub fn pack_file(self, path: &Path) -> Result<Self> {
        Ok(self.pack(Pack::from_file(path)?))
    }

    /// Selects and ignores rules by id or prefix (see [`crate::select`]).
    pub fn selection(mut self, selection: Selection) -> Self {
        self.selection = selection;
        self
    }

    /// Says how every page's lines were made, instead of letting each page say
    /// ([`Layout::Auto`], the default): `Wrapped` unwraps every page, `Paragraphs` none.
    pub fn layout(mut self, layout: Layout) -> Self {
        self.layout = layout;
        self
    }

    /// Converts between Traditional and Simplified with OpenCC configuration `config` (`s2t`,
    /// `t2s`, `s2tw`, `s2twp`, `tw2s`, … : [`crate::rules::convert::CONFIGS`]), whatever the
    /// profile: rule `convert.CONFIG` runs where the profile would convert (after the Unicode
    /// repairs, before furniture and punctuation), and no other `convert.*` rule does.
    ///
    /// ```
    /// let engine = galley::Engine::builder().convert("s2tw").build()?;
    /// assert_eq!(engine.clean("台湾,开放。\n").text, "臺灣，開放。\n");
    /// # Ok::<(), galley::Error>(())
    /// ```
    pub fn convert(mut self, config: &str) -> Self {
        self.convert = Some(config.to_string());
        self
    }

    /// Loads the packs and applies the selection.
    pub fn build(self) -> Result<Engine> {
        let mut packs: Vec<Pack> = Vec::new();
        let mut enable: Vec<String> = Vec::new();
        if let Some(name) = &self.profile {
            let prof = builtin::profile(name)?;
            for p in &prof.packs {
                packs.push(builtin::pack(p).expect("profiles name built-in packs")?);
            }
            enable = prof.enable;
        }
        for p in self.packs {
            match packs.iter_mut().find(|q| q.name == p.name) {
                Some(slot) => *slot = p,
                None => packs.push(p),
            }
        }
        let convert = match &self.convert {
            Some(config) => Some(converting(&mut packs, config)?),
            None => None,
        };
        let mut slots: Vec<Slot> = Vec::new();
        for pack in packs {
            for rule in pack.rules {
                if let Some(prev) = slots.iter().find(|s| s.rule.info.id == rule.info.id) {
                    return Err(Error::DuplicateRule {
                        id: rule.info.id.clone(),
                        file: rule.info.file.clone(),
                        line: rule.info.line,
                        other: format!("{}:{}", prev.rule.info.file, prev.rule.info.line),
                    });
                }
                let mut rule = rule;
                if self.layout != Layout::Auto {
                    if let Some(imp) = rule.imp.with_layout(self.layout) {
                        rule.imp = imp;
                    }
                }
                let on = rule.info.enabled || enable.contains(&rule.info.id);
                let active = match &convert {
                    Some(id) if rule.info.id.starts_with("convert.") => rule.info.id == *id,
                    _ => self.selection.runs(&rule.info.id, on),
                };
                slots.push(Slot::new(rule, active));
            }
        }
        let ids: Vec<&str> = slots.iter().map(|s| s.rule.info.id.as_str()).collect();
        if let Some(bad) = self.selection.unknown(&ids).first() {
            return Err(Error::UnknownSelector {
                selector: bad.to_string(),
                suggestion: nearest(bad, &ids),
            });
        }
        Ok(Engine { slots })
    }
}

/// The rule id, or the prefix of ids (`punct`), nearest to a selector that matches none, when
/// one is near enough to be what was meant (a typo, not another word).
fn nearest(selector: &str, ids: &[&str]) -> Option<String> {
    let prefixes = ids
        .iter()
        .filter_map(|id| id.split_once('.').map(|(p, _)| p));
    ids.iter()
        .copied()
        .chain(prefixes)
        .map(|c| (strsim::jaro_winkler(selector, c), c))
        .filter(|&(score, _)| score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

/// The id of the rule that converts with OpenCC configuration `config`, after putting the
/// built-in pack that holds it among `packs` (after the Unicode packs) if no pack there does.
fn converting(packs: &mut Vec<Pack>, config: &str) -> Result<String> {
    let id = format!("convert.{config}");
    let holds = |p: &Pack| p.rules.iter().any(|r| r.info.id == id);
    if !packs.iter().any(holds) {
        let opencc = builtin::pack("opencc").expect("the opencc pack is built in")?;
        if !holds(&opencc) {
            return Err(Error::UnknownConvert {
                config: config.to_string(),
                known: crate::rules::convert::CONFIGS.join(", "),
            });
        }
        let at = packs
            .iter()
            .rposition(|p| p.name.starts_with("unicode"))
            .map_or(0, |k| k + 1);
        packs.insert(at, opencc);
    }
    Ok(id)
}

impl Engine {
    /// A builder starting from the default profile.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// The engine of a built-in profile with all its default rules.
    pub fn builtin(profile: &str) -> Result<Engine> {
        Engine::builder().profile(Some(profile)).build()
    }

    /// The rules that run, in order.
    pub fn active(&self) -> impl Iterator<Item = &LoadedRule> {
        self.slots.iter().filter(|s| s.active).map(|s| &s.rule)
    }

    /// Every loaded rule, with whether it runs.
    pub fn catalogue(&self) -> impl Iterator<Item = (&RuleInfo, bool)> {
        self.slots.iter().map(|s| (&s.rule.info, s.active))
    }

    /// Every loaded rule (running or not), for checking examples.
    pub fn rules(&self) -> impl Iterator<Item = &LoadedRule> {
        self.slots.iter().map(|s| &s.rule)
    }

    /// The engine for one batch of texts: rules that learn across pages (furniture repeated on
    /// many pages) learn from all of `texts` first. Clean each text of the batch with it.
    ///
    /// Learning reads the pages in parallel on the current `rayon` thread pool (the global one
    /// unless called inside `ThreadPool::install`).
    pub fn learn(&self, texts: &[&str]) -> Engine {
        let slots = self
            .slots
            .iter()
            .map(|s| {
                let mut rule = s.rule.clone();
                if s.active {
                    if let Some(imp) = rule.imp.learn(texts) {
                        rule.imp = imp;
                    }
                }
                Slot::new(rule, s.active)
            })
            .collect();
        Engine { slots }
    }

    /// The function that loads what the active rules otherwise load at their first lookup (the
    /// word list, about a tenth of a second), when they need any. A batch runs it on one of its
    /// threads while the others read files, instead of every thread waiting for the one that
    /// looks up a word first; a run too short to need it does not wait for it.
    pub fn preloader(&self) -> Option<fn()> {
        let load: fn() = crate::text::dictionary::load;
        self.active()
            .any(|r| r.imp.uses_dictionary())
            .then_some(load)
    }

    /// How far, in bytes, an active rule's decision at a place can depend on text outside the
    /// blocks around it ([`crate::long_page`] gives each slice at least five times this on
    /// either side).
    pub fn reach(&self) -> usize {
        self.active().map(|r| r.imp.reach()).max().unwrap_or(0)
    }

    /// How the engine reads the line breaks of `input` (see [`crate::text::layout`]): as the
    /// user or the pack gave it, or page by page and region by region from the pages
    /// themselves; `None` when no active rule depends on the layout. Read from `input` as given,
    /// before any rule: what the layout rules see differs from it only in punctuation.
    ///
    /// ```
    /// use galley::text::layout::Reading;
    /// let engine = galley::Engine::builtin("newspaper-zh")?;
    /// let lines = "近年来，山西省气象局坚持以\n党建为引领，推动气象事业高\n质量发展，取得了显著成效，\n得到了各方面的充分肯定。\n";
    /// assert_eq!(engine.layout_of(lines), Some((Reading::Wrapped, false)));
    /// assert_eq!(engine.layout_of("近年来，山西省气象局坚持改革。\n"), Some((Reading::Paragraphs, false)));
    /// # Ok::<(), galley::Error>(())
    /// ```
    ///
    /// The flag says whether the layout was given rather than read from the page.
    pub fn layout_of(&self, input: &str) -> Option<(crate::text::layout::Reading, bool)> {
        use crate::text::layout::{LayoutMap, Reading};
        let layout = self.active().find_map(|r| r.imp.layout())?;
        Some(match layout {
            Layout::Auto => (
                Reading::of(input.split('\u{c}').map(|p| LayoutMap::of(p).reading())),
                false,
            ),
            given => (given.into(), true),
        })
    }

    /// What the active rules learned from a batch, as (rule id, note).
    pub fn notes(&self) -> Vec<(String, String)> {
        self.active()
            .flat_map(|r| r.notes().into_iter().map(|n| (r.info.id.clone(), n)))
            .collect()
    }

    /// Cleans `input`: every active rule in order, each on the previous one's output, with all
    /// edits reported against `input`.
    ///
    /// A text is cleaned page by page (pages are separated by form feeds, which stay as they
    /// are): each rule sees one page, whose start and end are to it the start and end of a text.
    /// So a file cut into runs of whole pages and cleaned a run at a time comes out exactly as
    /// the file cleaned at once, which is how large files are cleaned in bounded memory. Rules
    /// that learn across pages (furniture repeated on many pages) learn from all pages of
    /// `input` first, unless the engine has already learned from a batch ([`Engine::learn`]).
    ///
    /// A later rule can create work for an earlier one (a join moves a headline to where a
    /// furniture rule would now see it), so the rules run again on their own output until it
    /// stops changing, at most [`MAX_ROUNDS`] times. Cleaning a clean text therefore changes
    /// nothing; on real pages the second round finds nothing to do.
    pub fn clean(&self, input: &str) -> Cleaned {
        let mut current = input.to_string();
        let mut edits: Vec<Edit> = Vec::new();
        // Where the pages of `current` are; found again only when a rule changes it.
        let mut pages = page_ranges(&current);
        // The characters `current` may hold, for skipping rules that would find nothing.
        let mut present = Present::of(&current);
        // How many times `current` has changed, and for each rule the version it last left
        // alone: a rule depends on nothing but its text, so it would leave that version alone
        // again. In the second round this skips the rules after the last one that edited.
        let mut version = 0usize;
        let mut idle_at: Vec<Option<usize>> = vec![None; self.slots.len()];
        for _ in 0..MAX_ROUNDS {
            let mut changed = false;
            for (slot, idle_at) in self.slots.iter().zip(&mut idle_at) {
                if !slot.active
                    || *idle_at == Some(version)
                    || slot.triggers.as_ref().is_some_and(|t| !present.any_of(t))
                {
                    continue;
                }
                let rule = &slot.rule;
                let learned = (rule.imp.unlearned() && pages.len() > 1)
                    .then(|| rule.imp.learn(&[&current]))
                    .flatten();
                let imp = learned.as_deref().unwrap_or(rule.imp.as_ref());
                let local = page_by_page(imp, &current, &pages);
                if local.is_empty() {
                    *idle_at = Some(version);
                    continue;
                }
                changed = true;
                version += 1;
                for e in &local {
                    present.add(&e.replacement);
                }
                let origin = Origin {
                    id: &rule.info.id,
                    level: rule.info.level,
                    description: &rule.info.description,
                };
                step(input, &mut current, &mut edits, local, &origin);
                pages = page_ranges(&current);
            }
            if !changed {
                break;
            }
        }
        canonical_groups(&mut edits);
        let flagged: Vec<(&LoadedRule, usize, String)> = self
            .active()
            .flat_map(|r| {
                r.warnings(&current)
                    .into_iter()
                    .map(move |(offset, message)| (r, offset, message))
            })
            .collect();
        // Most texts have no warnings; lines are counted only in those that have.
        let mut warnings = Vec::with_capacity(flagged.len());
        if !flagged.is_empty() {
            let index = LineIndex::new(&current);
            warnings.extend(flagged.into_iter().map(|(r, offset, message)| Warning {
                offset,
                line: index.line_column(&current, offset).0,
                rule: r.info.id.clone(),
                message,
            }));
        }
        Cleaned {
            text: current,
            edits,
            warnings,
        }
    }
}

/// The byte ranges of the pages of `text`, form feeds left out.
fn page_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for feed in memchr::memchr_iter(b'\x0c', text.as_bytes()) {
        out.push(start..feed);
        start = feed + 1;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// `rule`'s edits on `text`, asked of it one page at a time (`pages`, from [`page_ranges`]): to a
/// rule, the start and end of a page are the start and end of a text.
fn page_by_page(rule: &dyn Rule, text: &str, pages: &[Range<usize>]) -> Vec<LocalEdit> {
    let mut out = Vec::new();
    for page in pages {
        if page.start == 0 {
            rule.apply(&text[page.clone()], &mut out);
        } else {
            // A rule may look at the edits it has pushed so far; each page starts afresh.
            let mut edits = Vec::new();
            rule.apply(&text[page.clone()], &mut edits);
            out.extend(edits.into_iter().map(|mut e| {
                e.range = e.range.start + page.start..e.range.end + page.start;
                e
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    #[test]
    fn a_warning_names_its_line_in_the_clean_text() {
        let engine = super::Engine::builtin("newspaper-zh").unwrap();
        let cleaned = engine.clean("第一段。\n\n\n\n第二段。\n\n他说\"好。\n");
        let quote = cleaned
            .warnings
            .iter()
            .find(|w| w.rule == "punct.quotes")
            .expect("an unpaired quote is flagged");
        // Line 5 of the clean text (the blank lines between the first paragraphs became one).
        assert_eq!(quote.line, 5);
        assert_eq!(&cleaned.text[quote.offset..quote.offset + 1], "\"");
    }

    /// A rule that looks words up says so, or [`super::Engine::preloader`] would leave the word
    /// list to load at the first lookup, with every other thread waiting.
    #[test]
    fn rules_that_look_up_words_declare_it() {
        use crate::text::dictionary::LOOKUPS;
        let mut lookers = Vec::new();
        for profile in ["newspaper-zh", "to-simplified"] {
            for rule in super::Engine::builtin(profile).unwrap().rules() {
                LOOKUPS.with(|n| n.set(0));
                assert!(rule.check_examples().is_empty(), "{}", rule.info.id);
                if LOOKUPS.with(|n| n.get()) > 0 {
                    assert!(
                        rule.imp.uses_dictionary(),
                        "{} looks up words",
                        rule.info.id
                    );
                    lookers.push(rule.info.id.clone());
                }
            }
        }
        assert!(
            lookers.iter().any(|id| id == "join.column-break"),
            "{lookers:?}"
        );
        let bom = crate::Selection {
            select: vec!["unicode.bom".into()],
            ..Default::default()
        };
        let engine = super::Engine::builder().selection(bom).build().unwrap();
        assert!(engine.preloader().is_none());
        assert!(super::Engine::builtin("newspaper-zh")
            .unwrap()
            .preloader()
            .is_some());
    }

    proptest! {
        /// The pages are what splitting at form feeds gives, without the feeds.
        #[test]
        fn page_ranges_split_at_form_feeds(text in "[a\n\u{c}]{0,12}") {
            let mut want = Vec::new();
            let mut start = 0;
            for page in text.split_inclusive('\u{c}') {
                let body = page.strip_suffix('\u{c}').unwrap_or(page);
                want.push(start..start + body.len());
                start += page.len();
            }
            prop_assert_eq!(super::page_ranges(&text), want);
        }
    }
}
