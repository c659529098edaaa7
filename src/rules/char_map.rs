//! `char_map`: single characters mapped to replacements (full-width digits, half-width marks in
//! Chinese context). Brackets listed in `brackets` are decided as a pair, so `(ABC)` inside a
//! Chinese sentence does not end up as `（ABC)`.

use super::{Context, Protect, Rule};
use crate::edit::LocalEdit;
use crate::text::class::{context_run, is_chinese};
use crate::text::protect::Protection;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    /// Character → replacement.
    #[serde(default)]
    map: BTreeMap<String, String>,
    /// Where the mapping applies.
    #[serde(default)]
    context: Context,
    /// Opening → closing bracket, both keys of `map`, converted together when they pair up on
    /// one line.
    #[serde(default)]
    brackets: BTreeMap<String, String>,
    /// A mark used both to open and to close (`"`) → its opening and closing forms (`“”`):
    /// occurrences pair up in order on a line and each pair is converted as brackets are. A line
    /// with an odd number of them is left alone: the pairing would be a guess.
    #[serde(default)]
    quotes: BTreeMap<String, String>,
    /// Protected spans the rule keeps out of (default: all kinds).
    protect: Option<Vec<Protect>>,
}

#[derive(Debug)]
pub(crate) struct CharMap {
    map: CharTable<String>,
    context: Context,
    /// Opening bracket → closing bracket.
    open: HashMap<char, char>,
    close: HashMap<char, char>,
    /// Same-character quote → (opening form, closing form).
    quotes: HashMap<char, (String, String)>,
    protect: Vec<Protect>,
    /// The keys: nothing changes where none occurs.
    triggers: Vec<(char, char)>,
    /// The ASCII keys of the map and the quotes, as bytes.
    ascii_keys: Vec<u8>,
}

/// A lookup from characters, built for the hot loop: a direct table for ASCII, a sorted list
/// (binary search) for the rest. Most text is Han, which a range check rejects at once.
#[derive(Debug)]
struct CharTable<T> {
    ascii: Vec<Option<T>>,
    other: Vec<(char, T)>,
    /// The smallest and largest non-ASCII key, for a quick rejection.
    range: (char, char),
}

impl<T> CharTable<T> {
    fn new(entries: Vec<(char, T)>) -> Self {
        let mut ascii: Vec<Option<T>> = (0..128).map(|_| None).collect();
        let mut other = Vec::new();
        for (c, v) in entries {
            if c.is_ascii() {
                ascii[c as usize] = Some(v);
            } else {
                other.push((c, v));
            }
        }
        other.sort_by_key(|(c, _)| *c);
        let range = match (other.first(), other.last()) {
            (Some(a), Some(b)) => (a.0, b.0),
            _ => (char::MAX, '\0'),
        };
        CharTable {
            ascii,
            other,
            range,
        }
    }

    fn get(&self, c: char) -> Option<&T> {
        if c.is_ascii() {
            return self.ascii[c as usize].as_ref();
        }
        if c < self.range.0 || c > self.range.1 {
            return None;
        }
        self.other
            .binary_search_by_key(&c, |(k, _)| *k)
            .ok()
            .map(|i| &self.other[i].1)
    }
}

fn single_char(s: &str, what: &str) -> Result<char, String> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(format!("{what} `{s}` must be exactly one character")),
    }
}

impl CharMap {
    pub(crate) fn new(p: Params) -> Result<Self, String> {
        let mut entries = Vec::new();
        for (k, v) in p.map {
            entries.push((single_char(&k, "map key")?, v));
        }
        let map = CharTable::new(entries);
        let mut open = HashMap::new();
        let mut close = HashMap::new();
        for (o, c) in p.brackets {
            let (o, c) = (single_char(&o, "bracket")?, single_char(&c, "bracket")?);
            if map.get(o).is_none() || map.get(c).is_none() {
                return Err(format!(
                    "brackets `{o}` and `{c}` must both be keys of `map`"
                ));
            }
            open.insert(o, c);
            close.insert(c, o);
        }
        let mut quotes = HashMap::new();
        for (q, forms) in p.quotes {
            let q = single_char(&q, "quote")?;
            let mut f = forms.chars();
            let (Some(o), Some(c), None) = (f.next(), f.next(), f.next()) else {
                return Err(format!(
                    "quote `{q}` needs its two forms, opening and closing, e.g. \"“”\""
                ));
            };
            quotes.insert(q, (o.to_string(), c.to_string()));
        }
        let triggers: Vec<(char, char)> = map
            .ascii
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_some())
            .map(|(c, _)| c as u8 as char)
            .chain(map.other.iter().map(|(c, _)| *c))
            .chain(quotes.keys().copied())
            .map(|c| (c, c))
            .collect();
        let ascii_keys = triggers
            .iter()
            .filter(|(c, _)| c.is_ascii())
            .map(|&(c, _)| c as u8)
            .collect();
        Ok(CharMap {
            ascii_keys,
            triggers,
            map,
            context: p.context,
            open,
            close,
            quotes,
            protect: p.protect.unwrap_or_else(|| Protect::ALL.to_vec()),
        })
    }

    /// Bracket pairs on one line: (open offset, close offset, whether the pair is Chinese).
    fn pairs(&self, text: &str, candidates: &[(usize, char)]) -> HashMap<usize, bool> {
        let mut decided = HashMap::new();
        let mut stack: Vec<(char, usize)> = Vec::new();
        // Brackets are keys of the map, so only line breaks and candidates matter.
        let lines = text.match_indices('\n').map(|(i, _)| (i, '\n'));
        let mut marks: Vec<(usize, char)> = candidates.iter().copied().chain(lines).collect();
        marks.sort_unstable_by_key(|&(i, _)| i);
        for (i, c) in marks {
            if c == '\n' {
                stack.clear();
            } else if self.open.contains_key(&c) {
                stack.push((c, i));
            } else if let Some(&o) = self.close.get(&c) {
                if let Some(pos) = stack.iter().rposition(|&(sc, _)| sc == o) {
                    let (_, at) = stack[pos];
                    stack.truncate(pos);
                    let inner = &text[at + o.len_utf8()..i];
                    let chinese = self.context == Context::Any
                        || inner.chars().any(is_chinese)
                        || context_run(text, at, at + o.len_utf8()).2
                        || context_run(text, i, i + c.len_utf8()).2;
                    decided.insert(at, chinese);
                    decided.insert(i, chinese);
                }
            }
        }
        decided
    }
}

/// A bracket converted as part of a pair becomes context for an unpaired mark beside it, so a
/// second pass may find more to do; passes repeat until none does.
const MAX_PASSES: usize = 4;

impl Rule for CharMap {
    fn triggers(&self) -> Option<&[(char, char)]> {
        Some(&self.triggers)
    }

    fn apply(&self, text: &str, out: &mut Vec<LocalEdit>) {
        // Single marks are decided per run of marks, so converting some never changes the
        // context of the others: one pass is stable. Pairs are not, as `MAX_PASSES` says.
        if self.context == Context::Any || (self.open.is_empty() && self.quotes.is_empty()) {
            self.one_pass(text, out);
        } else {
            super::until_stable(text, MAX_PASSES, |t, o| self.one_pass(t, o), out);
        }
    }

    fn warnings(&self, text: &str) -> Vec<(usize, String)> {
        if self.quotes.is_empty() {
            Vec::new()
        } else {
            self.unpaired_quotes(text)
        }
    }
}

/// Whether the straight quotes at `at` (offsets in the text; `line` starts at `pos`) stand
/// among curly ones that leave them no safe pairing: a `open` still open before the first (the
/// first closes it: a join brought `……"` onto the line of the text after it) or a `close` not
/// yet opened after the last.
fn mixed_with(line: &str, at: &[usize], pos: usize, q: char, open: &str, close: &str) -> bool {
    let (Some(&first), Some(&last)) = (at.first(), at.last()) else {
        return false;
    };
    let depth = |s: &str| s.matches(open).count() as isize - s.matches(close).count() as isize;
    depth(&line[..first - pos]) > 0 || depth(&line[last + q.len_utf8() - pos..]) < 0
}

impl CharMap {
    /// Same-character quotes paired on each line: offset → replacement, for Chinese pairs.
    fn quote_pairs(&self, text: &str) -> HashMap<usize, String> {
        let mut out = HashMap::new();
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            for (&q, (open, close)) in &self.quotes {
                let at: Vec<usize> = line.match_indices(q).map(|(i, _)| pos + i).collect();
                if at.len() % 2 != 0 || mixed_with(line, &at, pos, q, open, close) {
                    continue;
                }
                for pair in at.chunks(2) {
                    let (o, c) = (pair[0], pair[1]);
                    let inner = &text[o + q.len_utf8()..c];
                    let chinese = self.context == Context::Any
                        || inner.chars().any(is_chinese)
                        || context_run(text, o, o + q.len_utf8()).2
                        || context_run(text, c, c + q.len_utf8()).2;
                    if chinese {
                        out.insert(o, open.clone());
                        out.insert(c, close.clone());
                    }
                }
            }
            pos += line.len();
        }
        out
    }

    /// The offsets and characters the rule may change. When every key is ASCII (the punctuation
    /// rules) a byte search finds them without decoding the Han text around them; for up to
    /// three keys, `memchr`'s vectorised search.
    fn candidates<'t>(&'t self, text: &'t str) -> Box<dyn Iterator<Item = (usize, char)> + 't> {
        let hit = move |c: char| self.map.get(c).is_some() || self.quotes.contains_key(&c);
        if !(self.map.other.is_empty() && self.quotes.keys().all(char::is_ascii)) {
            return Box::new(text.char_indices().filter(move |&(_, c)| hit(c)));
        }
        let bytes = text.as_bytes();
        let at = move |i: usize| (i, bytes[i] as char);
        match self.ascii_keys[..] {
            [a] => Box::new(memchr::memchr_iter(a, bytes).map(at)),
            [a, b] => Box::new(memchr::memchr2_iter(a, b, bytes).map(at)),
            [a, b, c] => Box::new(memchr::memchr3_iter(a, b, c, bytes).map(at)),
            _ => Box::new(
                bytes
                    .iter()
                    .enumerate()
                    .filter(move |&(_, &b)| b.is_ascii() && hit(b as char))
                    .map(|(i, &b)| (i, b as char)),
            ),
        }
    }

    /// Lines where a same-character quote stands unpaired next to Chinese text: left as they are,
    /// since pairing them would be a guess.
    fn unpaired_quotes(&self, text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        // Every clean page is asked; most hold no straight quote at all.
        if !self.quotes.keys().any(|&q| text.contains(q)) {
            return out;
        }
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            for (&q, (open, close)) in &self.quotes {
                let at: Vec<usize> = line.match_indices(q).map(|(i, _)| pos + i).collect();
                let unpaired = at.len() % 2 == 1 || mixed_with(line, &at, pos, q, open, close);
                if unpaired && at.iter().any(|&i| context_run(text, i, i + q.len_utf8()).2) {
                    out.push((
                        at[0],
                        format!("unpaired straight quote `{q}` left as it is"),
                    ));
                }
            }
            pos += line.len();
        }
        out
    }

    fn one_pass(&self, text: &str, out: &mut Vec<LocalEdit>) {
        let candidates: Vec<(usize, char)> = self.candidates(text).collect();
        if candidates.is_empty() {
            return;
        }
        let mut protection = Protection::new(text, &self.protect);
        let pairs = if self.open.is_empty() {
            HashMap::new()
        } else {
            self.pairs(text, &candidates)
        };
        let quotes = if self.quotes.is_empty() {
            HashMap::new()
        } else {
            self.quote_pairs(text)
        };
        let mut run: Option<(usize, usize, bool)> = None;
        for (i, c) in candidates {
            if let Some(rep) = quotes.get(&i) {
                if !protection.covers(i..i + c.len_utf8()) {
                    out.push(LocalEdit::new(i..i + c.len_utf8(), rep.clone()));
                }
                continue;
            }
            let Some(rep) = self.map.get(c) else {
                continue;
            };
            let end = i + c.len_utf8();
            let ok = match pairs.get(&i) {
                Some(&chinese) => chinese,
                None if self.context == Context::Any => true,
                // The context of a run of marks is decided once for the whole run.
                None => match run {
                    Some((s, e, chinese)) if s <= i && end <= e => chinese,
                    _ => {
                        let r = context_run(text, i, end);
                        run = Some(r);
                        r.2
                    }
                },
            };
            if ok && !protection.covers(i..end) && rep.as_str() != &text[i..end] {
                out.push(LocalEdit::new(i..end, rep.clone()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(context: Context) -> CharMap {
        let map = [(",", "，"), ("(", "（"), (")", "）"), (":", "：")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let brackets = [("(".to_string(), ")".to_string())].into_iter().collect();
        CharMap::new(Params {
            map,
            context,
            brackets,
            quotes: BTreeMap::new(),
            protect: None,
        })
        .unwrap()
    }

    fn run(r: &CharMap, t: &str) -> String {
        crate::rules::run_rule(r, t)
    }

    #[test]
    fn chinese_context_only() {
        let r = rule(Context::Chinese);
        assert_eq!(run(&r, "近年来,山西"), "近年来，山西");
        assert_eq!(run(&r, "a, b"), "a, b");
        assert_eq!(run(&r, "1,000元,12:30"), "1,000元，12:30");
        assert_eq!(
            run(&r, "电子信箱:llrbzjhb@163.com"),
            "电子信箱：llrbzjhb@163.com"
        );
    }

    #[test]
    fn brackets_pair_up() {
        let r = rule(Context::Chinese);
        assert_eq!(run(&r, "阴性(Ct值≥35,两次)"), "阴性（Ct值≥35，两次）");
        assert_eq!(run(&r, "部分(ABC)\n"), "部分（ABC）\n");
        assert_eq!(run(&r, "f(x) = 1"), "f(x) = 1");
        // A pair cut by a line break falls back to each bracket's own context.
        assert_eq!(run(&r, "办法(试\n\n行)》"), "办法（试\n\n行）》");
    }

    #[test]
    fn any_context() {
        assert_eq!(run(&rule(Context::Any), "a,b"), "a，b");
    }

    fn quotes_rule() -> CharMap {
        let quotes = [("\"".to_string(), "“”".to_string())].into_iter().collect();
        CharMap::new(Params {
            map: BTreeMap::new(),
            context: Context::Chinese,
            brackets: BTreeMap::new(),
            quotes,
            protect: None,
        })
        .unwrap()
    }

    #[test]
    fn straight_quotes_pair_up_within_a_line() {
        let r = quotes_rule();
        assert_eq!(run(&r, "他说\"好的\"。"), "他说“好的”。");
        assert_eq!(
            run(&r, "他说\"hello\"，又说\"好\""),
            "他说“hello”，又说“好”"
        );
        assert_eq!(run(&r, "他说\"好的。\n\"走\""), "他说\"好的。\n“走”");
        assert_eq!(run(&r, "say \"hi\" now"), "say \"hi\" now");
        let w = r.warnings("他说\"好的。\n“走”\nsay \"hi");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].0, "他说".len());
    }

    #[test]
    fn refuses_multi_char_keys_and_bad_quote_forms() {
        let map = [("ab".to_string(), "x".to_string())].into_iter().collect();
        let p = Params {
            map,
            context: Context::Any,
            brackets: BTreeMap::new(),
            quotes: BTreeMap::new(),
            protect: None,
        };
        assert!(CharMap::new(p).is_err());
        let quotes = [("\"".to_string(), "“".to_string())].into_iter().collect();
        let p = Params {
            map: BTreeMap::new(),
            context: Context::Any,
            brackets: BTreeMap::new(),
            quotes,
            protect: None,
        };
        assert!(CharMap::new(p).is_err());
    }
}
