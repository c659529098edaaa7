//! Evidence for and against joining two blocks across a blank line, with the weights a pack sets.
//!
//! Each signal is a named weight; a boundary's score is the sum of the signals that fire. Some
//! facts are not weighed but decide outright: a block ending a sentence, a heading, a byline.

use crate::text::class::{fold_char, fold_half_width as fold, is_han};
use crate::text::dictionary::{is_han_pair_word, is_word};
use crate::text::position::last_bytes;
use regex::Regex;
use regex_syntax::hir::Look;
use serde::Deserialize;

/// Weights and thresholds, as a pack writes them. Every field has a default.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Weights {
    /// The first block ends with `，、；：` or an opening mark (`“《（`…).
    pub ends_open: f64,
    /// The first block has an unclosed quote, bracket or book-title mark.
    pub unclosed: f64,
    /// The next block starts with a mark that may not start a line (`，。、；：？！”）》`…).
    pub starts_closing: f64,
    /// The next block starts with a particle (`的 了 地 得 着`…) that is not the start of a word.
    pub starts_particle: f64,
    /// The first block ends with a character that cannot end a sentence (`在 和 与 对 把`…).
    pub ends_function: f64,
    /// The last character of one block and the first of the next form a dictionary word.
    pub dictionary: f64,
    /// The next block's first clause is a fragment of at most `fragment_chars` Han characters.
    pub fragment: f64,
    /// The first block ends without sentence-final punctuation.
    pub no_final: f64,
    /// The first block ends inside a list: its last clause, after a `、`, is one or two Han
    /// characters (`食品、药品、水、电、气` / `等重点领域`), and the block does not use `、` as
    /// its comma (see `old_style_marks`).
    pub unfinished_list: f64,
    /// Latin text runs on: the first block ends with a lowercase letter or a hyphen after a
    /// letter, and the next starts with a lowercase letter.
    pub latin_continues: f64,
    /// The first block's last line is at least `long_chars` characters: body text, not a title.
    pub long: f64,
    /// Either block looks like a headline: short lines, no sentence punctuation (negative).
    pub headline: f64,
    /// The next block starts an article (`本报讯`, a dateline…) (negative).
    pub article_start: f64,
    /// The next block opens with a heading above more lines: its first line reads as a headline
    /// and is at most `heading_share` of the block's longest line (negative). In text with a
    /// paragraph per line, an article's headline, byline and body form one block.
    pub starts_heading: f64,
    /// Latin text ends and the next block starts with a capital letter: a new sentence, heading
    /// or clause of a licence, not a column break (negative). The first block must end in Latin
    /// (a letter, or a number after Latin), so `企业,` or `达到100` before `NBA` or `MW` does not
    /// count.
    pub starts_capital: f64,
    /// The next block starts a paragraph whatever came before: it opens with one of
    /// `section_marks` or matches `paragraph_start` (a dateline in brackets, an enumeration, a
    /// chapter heading) (negative).
    pub starts_paragraph: f64,
    /// Join when the score reaches this.
    pub join_threshold: f64,
    /// A join is `safe` when the score reaches this; below it, `review`.
    pub safe_threshold: f64,
    /// See `fragment`.
    pub fragment_chars: usize,
    /// A block with at least this many `、`, and three times as many as `，` and `。` together,
    /// uses `、` as its comma and full stop, as Chinese papers did before the 1950s: a `、` at its
    /// end does not count for `ends_open` (0: always counts).
    pub old_style_marks: usize,
    /// See `long`.
    pub long_chars: usize,
    /// A headline line has at most this many characters.
    pub headline_chars: usize,
    /// See `starts_heading`.
    pub heading_share: f64,
    /// Characters that mark a section or item when a block begins with them (`▲`, `◘`, `【`…).
    pub section_marks: String,
    /// A block that matches this at its start starts a paragraph (`（重慶廿日電）`, `（一）`,
    /// `第三回`).
    pub paragraph_start: String,
    /// Characters that may start a block only when they continue a sentence.
    pub particles: String,
    /// Characters that cannot end a sentence.
    pub function_end: String,
    /// Regexes for lines of blocks that never join a neighbour: headings, subtitles, bylines,
    /// photo credits. A block whose first or last line matches stands alone (in text with a
    /// paragraph per line, a byline inside a block of headline, byline and body does not keep the
    /// body's column break from joining).
    pub standalone: Vec<String>,
    /// Regexes for the start of a block that opens an article (`本报讯`, `新华社…电`).
    pub article_openers: Vec<String>,
    /// Move headline blocks that a column break dropped into a sentence to the start of their
    /// article, joining the sentence around them.
    pub move_headlines: bool,
    /// How many headline blocks in a row may sit inside one sentence.
    pub max_headline_blocks: usize,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            ends_open: 3.0,
            unclosed: 2.0,
            starts_closing: 3.0,
            starts_particle: 3.0,
            ends_function: 2.0,
            dictionary: 2.0,
            fragment: 2.0,
            no_final: 1.0,
            unfinished_list: 2.0,
            latin_continues: 3.0,
            long: 1.0,
            headline: -4.0,
            article_start: -5.0,
            starts_heading: -4.0,
            starts_paragraph: -5.0,
            starts_capital: -3.0,
            join_threshold: 2.0,
            safe_threshold: 4.0,
            fragment_chars: 2,
            old_style_marks: 5,
            long_chars: 40,
            headline_chars: 40,
            heading_share: 0.5,
            section_marks: SECTION_MARKS.into(),
            paragraph_start: PARAGRAPH_START.into(),
            particles: "的了地得着过们者么呢吗吧".into(),
            function_end: "的地得在和与及或对把被从向将以于之其这那每各该".into(),
            standalone: [
                r"^#{1,6}\s",
                r"^—{1,2}[^—]",
                r"^[□■●◆]",
                r"^[（(][^（）()。，,]{1,20}[）)]$",
            ]
            .into_iter()
            .chain(BYLINES)
            .chain([
                r"^本栏稿件",
                r"(?:组版|责编|责任编辑|校对|美编|本版编辑|电子信箱)\s*[:：]",
                // Markdown and HTML structure, as document OCR writes it: an image, a table
                // row or other tag, a markdown table row, a code fence, a rule, a list item
                // (`- `, `1. `, `b. `, `iv. `, `(b) `; a Chinese enumeration, `1.加强` or
                // `1.　加强`, has no ASCII space and is not one).
                r"^!\[[^\]]*\]\([^)]*\)$",
                r"^(?:[-*+]|[0-9]{1,3}[.)]|[a-z][.)]|[ivx]{2,5}[.)]|\((?:[0-9]{1,3}|[a-z]|[ivx]{2,5})\))(?:[ \t]|$)",
                r"^\|.*\|$",
                r"^</?[a-z][a-z0-9]*(?:\s[^>]*)?/?>",
                r"^(?:```|~~~)",
                r"^(?:-{3,}|\*{3,}|_{3,}|={3,})$",
            ])
            .map(String::from)
            .collect(),
            article_openers: [
                r"^\p{Han}{0,8}讯(?:\s|（|\(|$)",
                r"^新华社\S{0,12}电",
                r"^本报\S{0,12}电",
                // The rest of an article from another page: `（上接第一版）`.
                r"^[（(\[【]\s*上接第?\S{1,4}版",
            ]
            .map(String::from)
            .to_vec(),
            move_headlines: true,
            max_headline_blocks: 3,
        }
    }
}

/// Patterns for blocks that never join: headings, bylines and credits, article openers.
pub(crate) struct Patterns {
    /// A block that is a heading or a byline never joins either neighbour.
    pub standalone: AnyOf,
    /// A block that starts an article.
    pub article_start: AnyOf,
    /// A block that starts a paragraph.
    paragraph_start: ParagraphStart,
}

/// What starts a paragraph whatever came before it: text that opens with one of `marks` or
/// matches `pattern` at its start (both rules that join text ask it).
pub(crate) struct ParagraphStart {
    marks: String,
    pattern: Regex,
}

impl ParagraphStart {
    /// From the `section_marks` and `paragraph_start` parameters.
    pub(crate) fn new(marks: &str, pattern: &str) -> Result<Self, String> {
        Ok(ParagraphStart {
            marks: marks.to_string(),
            pattern: Regex::new(pattern)
                .map_err(|e| format!("bad regex in `paragraph_start`: {e}"))?,
        })
    }

    pub(crate) fn matches(&self, text: &str) -> bool {
        text.chars().next().is_some_and(|c| self.marks.contains(c)) || self.pattern.is_match(text)
    }
}

/// Bylines and credits: lines that are never part of a sentence, in a block of their own or a
/// line of their own (the default of `bylines` for unwrapping printed lines; part of
/// `standalone` here).
pub(crate) const BYLINES: [&str; 5] = [
    r"^(?:本报)?(?:记者|通讯员)\s+\S",
    r"\S{2,4}\s+摄$",
    r"文/图$",
    // A byline with a title before the name, and credits of text and pictures.
    r"^[\p{Han}、]{0,24}(?:书记|部长|主任|局长|县长|市长|区长|主席|常委|委员|教授|研究员|评论员)\s+[\p{Han}·]{2,4}$",
    r"^(?:(?:文/图|图/文|文／图|图／文|摄影|撰文)\s*[:：]?|(?:文|图)\s*[:：]|(?:文|图)\s)\s*[\p{Han}·]{2,4}(?:[\s、][\p{Han}·]{2,4}){0,3}$",
];

/// Marks that begin a section or an item (the default of `section_marks`, here and for
/// unwrapping printed lines).
pub(crate) const SECTION_MARKS: &str = "◘◉▲△■□●◇◆○★☆▼▽【◎";

/// What begins a paragraph whatever came before: a dateline in brackets, an enumeration, a
/// chapter heading (the default of `paragraph_start`, here and for unwrapping printed lines).
pub(crate) const PARAGRAPH_START: &str = r"^(?:[（(][^）)]{0,12}[電电][）)]|[（(][一二三四五六七八九十〇]+[）)]|[（(][0-9]{1,2}[）)]|第[一二三四五六七八九十〇百]+[回章囘]|[①-⑳]|图(?:[①-⑳]|[0-9０-９]{1,2}[　 ：:])|[0-9]{1,2}[.．](?:[^0-9]|$)|(?:问|答)[：:])";

/// Patterns asked one question, whether any of them matches, grouped by their anchors.
///
/// One alternation of all of them must scan the whole line, since one unanchored pattern makes
/// the alternation unanchored. Grouped, the patterns anchored at the start (`^本报`) are tried only
/// there, those anchored at the end (`\S{2,4}\s+摄$`) are matched backwards from the end, and the
/// rest keep their literal prefilters (`组版|责编…`): the join rule spent a fifth of its time in
/// this question before.
pub(crate) struct AnyOf(Vec<Regex>);

impl AnyOf {
    /// Compiles `list`, each pattern alone first so that an error names the bad one.
    pub(crate) fn new(what: &str, list: &[String]) -> Result<Self, String> {
        let mut groups: [Vec<String>; 3] = Default::default();
        for r in list {
            Regex::new(r).map_err(|e| format!("bad regex in `{what}`: {e}"))?;
            let props = regex_syntax::parse(r)
                .map_err(|e| format!("bad regex in `{what}`: {e}"))?
                .properties()
                .clone();
            let group = if props.look_set_prefix().contains(Look::Start) {
                0
            } else if props.look_set_suffix().contains(Look::End) {
                1
            } else {
                2
            };
            groups[group].push(format!("(?:{r})"));
        }
        let regexes = groups
            .iter()
            .filter(|g| !g.is_empty())
            .map(|g| Regex::new(&g.join("|")).map_err(|e| format!("bad regex in `{what}`: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(AnyOf(regexes))
    }

    pub(crate) fn is_match(&self, s: &str) -> bool {
        self.0.iter().any(|r| r.is_match(s))
    }
}

const OPENING: &[char] = &['“', '‘', '《', '（', '【', '〈', '「', '『', '(', '['];
const CONTINUES: &[char] = &['，', '、', '；', '：', ',', ';', ':'];
const CLOSING_START: &[char] = &[
    '，', '。', '、', '；', '：', '？', '！', '”', '’', '）', '》', '」', '』', '】', '〉', '…',
    ',', '.', ';', ':', '?', '!', ')', ']',
];
const FINAL: &[char] = &['。', '！', '？', '…', '!', '?', '.'];
// Straight quotes close too where they follow a final mark (`"Not a Contribution."`).
const CLOSERS: &[char] = &[
    '”', '’', '）', '》', '」', '』', '】', '〉', ')', ']', '"', '\'',
];
const SENTENCE_PUNCT: &[char] = &[
    '，', '。', '；', '：', '！', '？', '、', ',', ';', ':', '!', '?',
];

/// What one boundary's evidence came to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Verdict {
    pub score: f64,
    pub signals: Vec<&'static str>,
}

/// Whether `block` ends a sentence: final punctuation, optionally closed by quotes or brackets
/// and followed by credits or notes in brackets (`。（王红霞）`, `。（新华社记者王明摄）（传真照片）`)
/// or a signature after a dash (`。———编者`); or a note that the article goes on on another
/// page (`（下转第二版）`), after which the next block is another article.
pub(crate) fn ends_sentence(block: &str) -> bool {
    let end = block.trim_end();
    if continued_elsewhere(end) {
        return true;
    }
    // Most blocks decide on their last character: final punctuation, or a mark that no closer,
    // credit or signature can stand behind.
    match end.chars().next_back().map(fold_char) {
        None => return false,
        Some(c) if FINAL.contains(&c) => return true,
        Some(c) if !CLOSERS.contains(&c) && signature_start(end).is_none() => return false,
        Some(_) => {}
    }
    // The end decides; credits and signatures are short, so the last lines' worth is enough.
    let folded = fold(last_bytes(end, 256));
    let mut s: &str = &folded;
    if let Some(at) = signature_start(s) {
        s = &s[..at];
    }
    // Bracketed credits or notes after the sentence, one or more, whatever they hold: a
    // bracket that closes after a final mark is not where a column cut a sentence.
    while s.ends_with('）') || s.ends_with(')') {
        let Some(open) = s.rfind(['（', '(']) else {
            break;
        };
        // (A note may stand on a line of its own below the sentence.)
        let before = s[..open].trim_end();
        if before.ends_with(|c: char| FINAL.contains(&c) || CLOSERS.contains(&c)) {
            s = before;
        } else {
            break;
        }
    }
    let trimmed = s.trim_end_matches(CLOSERS);
    trimmed.ends_with(FINAL)
}

/// Whether `end` closes with a note that the article goes on on another page: `（下转第二版）`,
/// `(转第4版)`.
fn continued_elsewhere(end: &str) -> bool {
    let Some(body) = end.strip_suffix(['）', ')']) else {
        return false;
    };
    let Some(open) = body.rfind(['（', '(']) else {
        return false;
    };
    let note = body[open..].trim_start_matches(['（', '(']).trim();
    let note = note.strip_prefix("下").unwrap_or(note);
    note.starts_with('转') && note.ends_with('版') && note.chars().count() <= 8
}

/// Where a signature after the last sentence starts (`。———编者`, `。——本报记者`): a run of
/// dashes and at most eight characters without punctuation, behind a final mark or closer.
fn signature_start(s: &str) -> Option<usize> {
    // Eight characters are at most 32 bytes, so a dash before the last 35 bytes (it takes three)
    // has more behind it; only the end of the block is searched, not the whole paragraph.
    signature_within(s, 35)
}

/// [`signature_start`], looking for the dash in the last `window` bytes of `s` only.
fn signature_within(s: &str, window: usize) -> Option<usize> {
    let dash = |c: char| c == '—' || c == '－';
    let window = last_bytes(s, window);
    let tail_at = s.len() - window.len() + window.rfind(dash)? + '—'.len_utf8();
    let tail = &s[tail_at..];
    let n = tail.chars().count();
    if n == 0 || n > 8 || tail.contains(|c: char| SENTENCE_PUNCT.contains(&c) || FINAL.contains(&c))
    {
        return None;
    }
    let before = s[..tail_at].trim_end_matches(dash);
    (before.len() + 4 <= tail_at
        && before.ends_with(|c: char| FINAL.contains(&c) || CLOSERS.contains(&c)))
    .then_some(before.len())
}

/// Whether `block` ends with a list item of one or two Han characters after a `、`.
fn ends_in_list(block: &str) -> bool {
    for (han, c) in block.trim_end().chars().rev().enumerate() {
        if c == '、' {
            return (1..=2).contains(&han);
        }
        if !is_han(c) || han == 2 {
            return false;
        }
    }
    false
}

/// Whether `block` punctuates in the old style, with `、` for comma and full stop alike: at
/// least `min` of them (0: never) and three times as many as `，` and `。` together (a modern
/// list of places has its commas and full stops around it).
fn old_style(block: &str, min: usize) -> bool {
    let (mut stops, mut modern) = (0usize, 0usize);
    for c in block.chars() {
        match c {
            '、' => stops += 1,
            '，' | '。' | ',' => modern += 1,
            _ => {}
        }
    }
    min > 0 && stops >= min && modern * 3 < stops
}

/// Whether `b` starts with a closing mark; `’９７` (an abbreviated year) does not.
pub(crate) fn starts_with_closer(b: &str) -> bool {
    let mut chars = b.chars().map(fold_char);
    match (chars.next(), chars.next()) {
        (Some('’'), Some(d)) if d.is_ascii_digit() || ('０'..='９').contains(&d) => false,
        (Some(c), _) => CLOSING_START.contains(&c),
        _ => false,
    }
}

/// Whether `b` starts with a word of two to four characters (`了解`, `过大年`): its first
/// character is then no particle.
fn starts_word(b: &str) -> bool {
    let head: Vec<char> = b.chars().take(4).collect();
    (2..=head.len()).any(|n| {
        head[..n].iter().all(|&c| is_han(c)) && is_word(&head[..n].iter().collect::<String>())
    })
}

/// Whether the block has more opening than closing quotes, brackets or book-title marks.
fn has_unclosed(block: &str) -> bool {
    // Depth of each kind of pair, counted in one pass over the block.
    let mut depth = [0u32; 6];
    for ch in block.chars() {
        let (kind, opens) = match ch {
            '“' => (0, true),
            '”' => (0, false),
            '（' => (1, true),
            '）' => (1, false),
            '《' => (2, true),
            '》' => (2, false),
            '(' => (3, true),
            ')' => (3, false),
            '「' => (4, true),
            '」' => (4, false),
            '【' => (5, true),
            '】' => (5, false),
            _ => continue,
        };
        if opens {
            depth[kind] += 1;
        } else {
            depth[kind] = depth[kind].saturating_sub(1);
        }
    }
    depth.iter().any(|&d| d > 0)
}

/// Whether the block looks like a (Chinese) headline: Han text in short lines, no sentence
/// punctuation, no mark left open.
pub(crate) fn is_headline(block: &str, w: &Weights) -> bool {
    // Every test takes half-width and full-width marks alike, so no folding is needed.
    block.lines().all(|l| l.chars().count() <= w.headline_chars)
        && !block.contains(|c: char| SENTENCE_PUNCT.contains(&c) || FINAL.contains(&c))
        && block.chars().any(is_han)
        && !has_unclosed(block)
}

impl Patterns {
    pub(crate) fn new(w: &Weights) -> Result<Self, String> {
        Ok(Patterns {
            standalone: AnyOf::new("standalone", &w.standalone)?,
            article_start: AnyOf::new("article_openers", &w.article_openers)?,
            paragraph_start: ParagraphStart::new(&w.section_marks, &w.paragraph_start)?,
        })
    }

    /// Whether `block` starts a paragraph (see `Weights::starts_paragraph`).
    pub(crate) fn starts_paragraph(&self, block: &str) -> bool {
        self.paragraph_start.matches(block)
    }

    pub(crate) fn is_standalone(&self, block: &str) -> bool {
        let mut lines = block.lines();
        let first = lines.next().map(str::trim);
        let last = lines.next_back().map(str::trim);
        first
            .into_iter()
            .chain(last)
            .any(|l| self.standalone.is_match(l) || crate::text::noise::no_words(l))
    }

    /// Whether `block` starts an article; openers are read at the start, half-width marks as
    /// full-width.
    pub(crate) fn starts_article(&self, block: &str) -> bool {
        let end = block.char_indices().nth(64).map_or(block.len(), |(i, _)| i);
        self.article_start.is_match(&fold(&block[..end]))
    }
}

/// Weighs joining block `a` (text before the break) with block `b` (text after it). `headline`
/// says whether either is a headline, where that signal is weighed; `article_start` whether `b`
/// opens an article. (The caller knows both from [`super::facts::Facts`].)
pub(crate) fn weigh(
    a: &str,
    b: &str,
    w: &Weights,
    headline: Option<bool>,
    article_start: bool,
    paragraph_start: bool,
) -> Verdict {
    let mut v = Verdict {
        score: 0.0,
        signals: Vec::new(),
    };
    let mut add = |name: &'static str, weight: f64, fires: bool| {
        if fires && weight != 0.0 {
            v.score += weight;
            v.signals.push(name);
        }
    };
    // Half-width marks count as the full-width ones they become. Every boundary of every page
    // is weighed, several times, so nothing here reads more of a block than it needs.
    let mut tail = a.trim_end().chars().rev().map(fold_char);
    let mut head = b.chars().map(fold_char);
    let (Some(last), Some(first)) = (tail.next(), head.next()) else {
        return v;
    };
    let before_last = tail.next().unwrap_or(last);
    add(
        "ends_open",
        w.ends_open,
        (CONTINUES.contains(&last) && !(last == '、' && old_style(a, w.old_style_marks)))
            || OPENING.contains(&last),
    );
    add("unclosed", w.unclosed, has_unclosed(a));
    add("starts_closing", w.starts_closing, starts_with_closer(b));
    add(
        "starts_particle",
        w.starts_particle,
        w.particles.contains(first) && !starts_word(b),
    );
    add(
        "ends_function",
        w.ends_function,
        w.function_end.contains(last),
    );
    add("dictionary", w.dictionary, is_han_pair_word(last, first));
    // A fragment: `b`'s first clause holds a few Han characters and ends in punctuation. A colon
    // does not count: `北京：` opens a dateline or a label, not the tail of a cut sentence.
    let mut clause_han = 0;
    let mut clause_ends = false;
    for c in b.chars() {
        if c == '：' || c == ':' {
            break;
        }
        if SENTENCE_PUNCT.contains(&c) || FINAL.contains(&c) {
            clause_ends = true;
            break;
        }
        if is_han(c) {
            clause_han += 1;
            if clause_han > w.fragment_chars {
                break;
            }
        }
    }
    add(
        "fragment",
        w.fragment,
        clause_ends && clause_han > 0 && clause_han <= w.fragment_chars,
    );
    add("no_final", w.no_final, true);
    add(
        "unfinished_list",
        w.unfinished_list,
        ends_in_list(a) && !old_style(a, w.old_style_marks),
    );
    add(
        "latin_continues",
        w.latin_continues,
        (last.is_ascii_lowercase() || (last == '-' && before_last.is_ascii_alphabetic()))
            && first.is_ascii_lowercase(),
    );
    // Latin text ends with a letter, or with a number after Latin (`LICENSE-2.0`), not after Han
    // (`达到100` above `MW` is a unit cut off its number).
    let mut tail_chars = a
        .trim_end()
        .chars()
        .rev()
        .skip_while(|c| c.is_ascii_punctuation());
    let latin_end = match tail_chars.next() {
        Some(c) if c.is_ascii_alphabetic() => true,
        Some(c) if c.is_ascii_digit() => tail_chars
            .find(|&c| !c.is_ascii_digit() && c != '.')
            .is_some_and(|c| c.is_ascii()),
        _ => false,
    };
    add(
        "starts_capital",
        w.starts_capital,
        latin_end && first.is_ascii_uppercase(),
    );
    let last_line = a.lines().next_back().unwrap_or("");
    add("long", w.long, last_line.chars().count() >= w.long_chars);
    if let Some(headline) = headline {
        add("headline", w.headline, headline);
    }
    add("article_start", w.article_start, article_start);
    add("starts_paragraph", w.starts_paragraph, paragraph_start);
    add(
        "starts_heading",
        w.starts_heading,
        w.starts_heading != 0.0 && opens_with_heading(b, w),
    );
    v
}

/// Whether block `b` opens with a heading above more lines (see `Weights::starts_heading`):
/// `戏迷团长——刘德明` above a byline and an article's paragraphs. A block cut from a column of
/// printed lines starts with a line as wide as the rest, so its first line does not count.
fn opens_with_heading(b: &str, w: &Weights) -> bool {
    // Most blocks are one line.
    let Some(end) = memchr::memchr(b'\n', b.as_bytes()) else {
        return false;
    };
    let first = &b[..end];
    if !is_headline(first, w) {
        return false;
    }
    let longest = b[end + 1..]
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    longest > 0 && first.chars().count() as f64 <= w.heading_share * longest as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Searching only the end of a block for the dash finds what searching all of it does,
        /// whatever the width of the characters before the window's edge.
        #[test]
        fn signature_start_reads_only_the_end(
            body in "[。编者记a]{0,12}",
            mark in "[。”a]?",
            dashes in "[—－]{1,3}",
            tail in "[编\u{20000}]{5,10}",
            after in "[—。，a]{0,2}",
        ) {
            let text = format!("{body}{mark}{dashes}{tail}{after}");
            proptest::prop_assert_eq!(signature_start(&text), signature_within(&text, text.len()));
        }
    }

    #[test]
    fn closers_and_particles() {
        assert!(starts_with_closer("，切实抓好"));
        assert!(starts_with_closer("”他说"));
        // `’９７` is an abbreviated year.
        assert!(!starts_with_closer("’９７医药科技大事"));
        assert!(!starts_with_closer("’97年"));
        // A particle that starts a word is no particle there.
        assert!(starts_word("过大年啦"));
        assert!(starts_word("了解情况"));
        assert!(!starts_word("的重要意义"));
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("好。"));
        assert!(ends_sentence("他说：“好。”"));
        assert!(ends_sentence("担当。（王红霞）"));
        // Credits and notes of any length, several, or on a line of their own.
        assert!(ends_sentence("书籍。（新华社记者王明摄）（传真照片）"));
        assert!(ends_sentence(
            "人。\n（以上图书各地新华书店有售，地址见各店公告）"
        ));
        // A signature after a dash.
        assert!(ends_sentence("共勉。———编者"));
        assert!(ends_sentence("共勉。”——本报记者"));
        assert!(!ends_sentence("他说——编者"));
        assert!(!ends_sentence("共勉。——这是一个很长的句子开头部分"));
        assert!(!ends_sentence("共勉。——编者，"));
        // Eight characters of four bytes each are still a signature; nine are not.
        assert_eq!(signature_start("。——𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀"), Some(3));
        assert_eq!(signature_start("。——𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀"), None);
        assert!(!ends_sentence("（牛志连）"));
        assert!(!ends_sentence("办法（试"));
        assert!(!ends_sentence("要求，"));
        // A note that the article goes on elsewhere.
        assert!(ends_sentence("推动农业现代化（下转第二版）"));
        assert!(ends_sentence("推动农业现代化(转第4版)"));
        assert!(!ends_sentence("推动农业现代化（转型发展）"));
    }

    #[test]
    fn unclosed_marks() {
        assert!(has_unclosed("做了《为全面建设"));
        assert!(has_unclosed("构建“社区大党"));
        assert!(!has_unclosed("“绿色家庭”创建工作"));
    }

    #[test]
    fn old_style_punctuation() {
        assert!(old_style(
            "據報載、日軍屢圖進犯、均未得逞、華軍陣地未動、前線平靜、",
            5
        ));
        assert!(!old_style("據報載、日軍屢圖進犯、均未得逞、前線平靜、", 5));
        assert!(!old_style(
            "会议强调，要把北京、上海、广州、深圳、天津建设好，加快发展。武汉、",
            5
        ));
        assert!(!old_style(
            "據報載、日軍屢圖進犯、均未得逞、華軍陣地未動、前線平靜、",
            0
        ));
    }
}
