//! `unwrap`: dumps that keep every printed line as a line of text get their paragraphs back.
//!
//! A printed line that reaches the right edge of its column continues the paragraph; a short one
//! ends it. The column's width is read locally, as the most common line length among the
//! `window` lines on either side (the longer on a tie), because one block can hold columns of
//! different widths (a narrow column beside a picture, then the full measure again). A line
//! within `slack` characters of that width that does not end a sentence continues; so does any
//! line where the text visibly goes on (it ends with `，；：` or an opening mark, or the next
//! starts with a mark that may not start a line), and any line whose last characters and the
//! next line's first spell a dictionary word (`現|已`, `以|爲`: a short line there is a column
//! cut short beside a picture, not a paragraph's end; Traditional text is looked up in
//! Simplified).
//!
//! Some lines start a paragraph whatever came before: a section mark (`◘`, `▲`, …), a dateline in
//! brackets (`（重慶廿日電）`), an enumeration (`（一）`), a chapter heading (`第三回`), a short bracketed
//! credit (`（張波）`); a credit wholly in brackets also ends one (`（自北平寄）`, set above its article, is
//! not the article's first words). And the lines at the head of a block, before its body (the first
//! two successive full lines of a column at least `min_width` wide), are headlines, bylines and the
//! like: gluing a headline to its article is the worst mistake this rule can make, so they are
//! joined only where the text visibly goes on: the next line starts with a mark that may not start
//! a line, or the line is running text that a column of uneven lines put before the body (at least
//! `running_chars` long with a clause mark inside, cut mid-clause, and the next line punctuated
//! too; headlines seldom hold a clause mark, and two lines that both do are a sentence). A column
//! narrower than `min_width` (three to five characters, in a box or beside a picture) starts the
//! body too once `narrow_lines` successive lines have exactly its width: headlines rarely stack
//! that many lines of one length.
//!
//! Three more signals come from old papers, where much of a page is set in odd shapes. A break
//! inside a short pair of brackets or quotes continues (`（華盛頓` / `廿三日` / `美聯電）`, a
//! dateline over three short lines). Lines of exactly two characters are lettering in a narrow
//! box, a phrase cut into pieces (`首相` / `請速` / `通過`): they join one another, and the text
//! before the box does not run into it. And a would-be paragraph of a few short lines without a
//! single punctuation mark is a deck of headlines or a verse, not prose, which is punctuated every
//! few characters: its lines stay apart.
//!
//! What dumps of real pages add. Lines are weighed without their indents, but an indent counts in
//! a line's length (it fills cells of the column); where some lines carry a paragraph's
//! two-character indent and others none, an indented line after an unindented one starts a
//! paragraph. A byline or a credit (`bylines`) and a line that forms no words (noise, a list of
//! names) are joined to nothing; a photo caption ends with its credit (`…摄）`). And a stretch of
//! two columns read across, a line of each in turn ([`crate::text::across`]), is left as it is
//! and flagged: joining there splices two texts.
//!
//! In a block where at least one break is joined, the breaks that end paragraphs become blank
//! lines, as in the rest of galley's output.

use super::join::{AnyOf, ParagraphStart, BYLINES, PARAGRAPH_START, SECTION_MARKS};
use super::Rule;
use crate::edit::{Level, LocalEdit};
use crate::text::across::{read_across, stretches};
use crate::text::blocks::{blocks, indent_cells, INDENT};
use crate::text::class::{is_han, may_not_start_line};
use crate::text::dictionary::word_across;
use crate::text::layout::{typical, Layout, LayoutMap, REGION};
use crate::text::noise;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Params {
    /// `auto` (each region of a page by its own lines: [`crate::text::layout::LayoutMap`]),
    /// `wrapped` (every page) or `paragraphs` (none).
    layout: String,
    /// Fewest lines in a block for it to be unwrapped.
    min_lines: usize,
    /// How many characters short of the column width a line may be and still continue.
    slack: usize,
    /// How many characters more a paragraph's first line may be short and still continue: its
    /// indent was lost or stripped.
    indent: usize,
    /// How many lines on either side of a line give its column width.
    window: usize,
    /// The narrowest column whose full lines mark the start of a block's body.
    min_width: usize,
    /// This many successive lines of exactly one length start the body even in a column
    /// narrower than `min_width` (0: never).
    narrow_lines: usize,
    /// The narrowest column `narrow_lines` applies to.
    narrow_width: usize,
    /// Join a body line to the next when the characters across the break spell a word.
    dictionary: bool,
    /// A bracketed line at most this long is a credit, not text: it starts a paragraph, and ends
    /// one when the bracket closes at its end.
    credit_chars: usize,
    /// A line at the head of a block with at least this many characters and a clause mark inside
    /// it is running text, not a headline, when it stops mid-clause and the next line has
    /// punctuation too: it continues (0: never).
    running_chars: usize,
    /// A break inside a pair of brackets or quotes whose content, across the break, is at most
    /// this many characters long continues: a dateline or a title set over two or three short
    /// lines (0: never).
    bracket_chars: usize,
    /// A would-be paragraph of at most `deck_lines` lines, none longer than `deck_chars`, with no
    /// punctuation mark in it is a deck of headlines or a verse: its lines stay apart (0: never).
    deck_lines: usize,
    /// See `deck_lines`: prose set without punctuation runs to longer lines.
    deck_chars: usize,
    /// This many successive lines or more that each end with a punctuation mark other than `、`
    /// and hold no other are verse or a list set a clause a line: their breaks stay (0: never). A
    /// printed line ends on a mark about one time in ten, so several in a row are seldom wraps;
    /// printed lines of verse that hold two clauses or more are a poem wrapped, and join.
    verse_lines: usize,
    /// Successive lines of exactly this many characters, without a digit or a Latin letter, are
    /// lettering in a narrow box, one phrase cut into pieces: they join (unless the first ends
    /// with `、` or a sentence end), and a longer line before two of them ends its paragraph
    /// (0: never).
    lettering_chars: usize,
    /// Characters that mark the start of a paragraph or section when a line begins with them.
    section_marks: String,
    /// A line that matches this starts a paragraph (datelines, enumerations, chapter headings).
    paragraph_start: String,
    /// A line that matches one of these is a byline or a credit: it is joined to nothing.
    bylines: Vec<String>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            layout: "auto".into(),
            min_lines: 3,
            slack: 1,
            indent: 2,
            window: 4,
            min_width: 6,
            narrow_lines: 4,
            narrow_width: 3,
            dictionary: true,
            credit_chars: 12,
            running_chars: 10,
            bracket_chars: 16,
            deck_lines: 6,
            deck_chars: 15,
            lettering_chars: 2,
            verse_lines: 4,
            section_marks: SECTION_MARKS.into(),
            paragraph_start: PARAGRAPH_START.into(),
            bylines: BYLINES.map(String::from).to_vec(),
        }
    }
}

pub(crate) struct Unwrap {
    p: Params,
    layout: Layout,
    paragraph_start: ParagraphStart,
    bylines: AnyOf,
}

fn ends_sentence(c: char) -> bool {
    "。！？」』”!?".contains(c)
}

fn is_clause_mark(c: char) -> bool {
    "、，,；;".contains(c)
}

fn is_punctuation(c: char) -> bool {
    "、，,；;：:。！？!?…「」『』“”（）()《》".contains(c)
}

const OPENING: [char; 7] = ['（', '(', '「', '『', '《', '〈', '“'];
const CLOSING: [char; 7] = ['）', ')', '」', '』', '》', '〉', '”'];

/// Whether the break after `lines[k]` falls inside a pair of brackets holding at most `max`
/// characters (the lines' ends not counted).
fn inside_brackets(lines: &[&str], k: usize, max: usize) -> bool {
    let mut held = 0;
    // Walking back from the break, closing marks wait for their opening marks.
    let mut waiting: Vec<usize> = Vec::new();
    let mut open = None;
    'back: for line in lines[..=k].iter().rev() {
        for c in line.chars().rev() {
            if let Some(i) = CLOSING.iter().position(|&x| x == c) {
                waiting.push(i);
            } else if let Some(i) = OPENING.iter().position(|&x| x == c) {
                if waiting.pop() != Some(i) {
                    open = Some(i);
                    break 'back;
                }
            }
            held += 1;
            if held > max {
                return false;
            }
        }
    }
    let Some(i) = open else { return false };
    let (opening, closing) = (OPENING[i], CLOSING[i]);
    let mut depth = 0usize;
    for c in lines[k + 1..].iter().flat_map(|l| l.chars()) {
        if c == closing {
            if depth == 0 {
                return true;
            }
            depth -= 1;
        } else if c == opening {
            depth += 1;
        }
        held += 1;
        if held > max {
            return false;
        }
    }
    false
}

impl Unwrap {
    pub(crate) fn new(p: Params) -> Result<Self, String> {
        if p.min_lines < 2 {
            return Err("`min_lines` must be at least 2".into());
        }
        let paragraph_start = ParagraphStart::new(&p.section_marks, &p.paragraph_start)?;
        let layout = p.layout.parse().map_err(|e| format!("`layout`: {e}"))?;
        let bylines = AnyOf::new("bylines", &p.bylines)?;
        Ok(Unwrap {
            p,
            layout,
            paragraph_start,
            bylines,
        })
    }

    /// Whether `line` must start a paragraph, whatever came before it.
    fn starts_paragraph(&self, line: &str) -> bool {
        let first = line.chars().next().unwrap_or(' ');
        ((first == '（' || first == '(') && line.chars().count() <= self.p.credit_chars)
            || self.paragraph_start.matches(line)
    }

    /// Whether `line` must end its paragraph: a credit wholly in brackets (`（自北平寄）`,
    /// `（某某作）`) stands alone, unlike a dateline or an enumeration, which the text follows; a
    /// photo credit (`…。（新华社记者王丹摄）`) ends its caption.
    fn ends_paragraph(&self, line: &str) -> bool {
        if line.ends_with("摄）") || line.ends_with("摄)") {
            return true;
        }
        let bracketed = (line.starts_with('（') && line.ends_with('）'))
            || (line.starts_with('(') && line.ends_with(')'));
        bracketed
            && line.chars().count() <= self.p.credit_chars
            && !self.paragraph_start.matches(line)
    }

    /// Whether the break after line `k` of the body continues the paragraph.
    fn continues(&self, lines: &[&str], lengths: &[usize], widths: &[usize], k: usize) -> bool {
        let (a, b) = (lines[k], lines[k + 1]);
        let last = a.chars().next_back().unwrap_or(' ');
        let first = b.chars().next().unwrap_or(' ');
        if self.starts_paragraph(b) || self.ends_paragraph(a) {
            return false;
        }
        if "，；：「『（“《,;:(".contains(last)
            || may_not_start_line(first)
            || self.in_brackets(lines, k)
        {
            return true;
        }
        // A `.` ends a sentence unless a number goes on after it (`8.` / `4‰`).
        let period = last == '.' && !first.is_ascii_digit();
        (lengths[k] + self.p.slack >= widths[k] && !ends_sentence(last) && !period)
            || (self.p.dictionary && word_across(a, b))
            || self.lost_indent(lines, lengths, widths, k)
    }

    /// Whether line `k` is a paragraph's first line that lost its indent: it follows a
    /// paragraph's end (or starts the block), falls short of its column by no more than the
    /// slack and an indent, holds running text (a `，` or a sentence mark inside: a subheading
    /// seldom does) and stops in mid-sentence.
    fn lost_indent(&self, lines: &[&str], lengths: &[usize], widths: &[usize], k: usize) -> bool {
        let (a, b) = (lines[k], lines[k + 1]);
        let after_end = k == 0 || {
            let prev = lines[k - 1];
            prev.ends_with(ends_sentence) || lengths[k - 1] + self.p.slack < widths[k - 1]
        };
        let mut inner = a.chars();
        let last = inner.next_back().unwrap_or(' ');
        self.p.indent > 0
            && after_end
            && widths[k] >= self.p.min_width
            && lengths[k] + self.p.slack + self.p.indent >= widths[k]
            && lengths[k] <= widths[k]
            && inner.any(|c| "，,；;。".contains(c))
            && !ends_sentence(last)
            && !"、：:）)".contains(last)
            && b.contains(|c| is_clause_mark(c) || ends_sentence(c))
            && !self.starts_paragraph(a)
            && !self.starts_paragraph(b)
    }

    /// Unjoins the lines of every would-be paragraph of two to `deck_lines` lines without a
    /// punctuation mark in it: that is a deck of headlines, each line its own (`日軍由各處增援` /
    /// `西江情勢緊`), not prose, which is punctuated every few characters. Lettering
    /// (`首相` / `請速` / `通過`) is a phrase cut up, and stays joined.
    fn keep_decks(
        &self,
        lines: &[&str],
        lengths: &[usize],
        lettering: &[bool],
        joins: &mut [bool],
    ) {
        let mut start = 0;
        while start < lines.len() {
            let mut end = start;
            while end < joins.len() && joins[end] {
                end += 1;
            }
            // Lines start..=end form one paragraph.
            let n = end - start + 1;
            if n >= 2
                && n <= self.p.deck_lines
                && lengths[start..=end]
                    .iter()
                    .all(|&len| len <= self.p.deck_chars)
                && !lettering[start..=end].iter().all(|&l| l)
                && !lines[start..=end]
                    .iter()
                    .any(|l| l.contains(is_punctuation))
            {
                joins[start..end].iter_mut().for_each(|j| *j = false);
            }
            start = end + 1;
        }
    }

    /// Unjoins the breaks among `verse_lines` or more successive lines that each hold one clause
    /// and end with its mark (not `、`, which old papers' lines often end on), and around the rows
    /// of a table (two lines or more of more digits than Han characters: a row is no sentence).
    fn keep_verse_and_tables(&self, lines: &[&str], joins: &mut [bool]) {
        let marked = |l: &str| {
            let mut chars = l.chars();
            chars
                .next_back()
                .is_some_and(|c| "，,；;：:。！？!?…」』”）)》".contains(c))
                && !chars.any(is_punctuation)
        };
        let figures = |l: &str| {
            let digits = l.chars().filter(|&c| !is_han(c) && c.is_numeric()).count();
            digits > l.chars().filter(|&c| is_han(c)).count()
        };
        let mut start = 0;
        while start < lines.len() {
            let mut end = start;
            while end < lines.len() && marked(lines[end]) {
                end += 1;
            }
            if self.p.verse_lines > 0 && end - start >= self.p.verse_lines {
                joins[start..end - 1].iter_mut().for_each(|j| *j = false);
            }
            start = end + 1;
        }
        let figures: Vec<bool> = lines.iter().map(|l| figures(l)).collect();
        let row = |k: usize| {
            figures[k] && ((k > 0 && figures[k - 1]) || figures.get(k + 1) == Some(&true))
        };
        for (k, join) in joins.iter_mut().enumerate() {
            *join &= !row(k) && !row(k + 1);
        }
    }

    /// Whether `line` (`length` characters) is lettering in a box two characters wide: it holds
    /// no digit or Latin letter (a column of two-digit numbers is a table, not lettering).
    fn is_lettering(&self, line: &str, length: usize) -> bool {
        self.p.lettering_chars > 0
            && length == self.p.lettering_chars
            && !line.contains(|c: char| c.is_alphanumeric() && !is_han(c))
    }

    /// A warning at the first line of each stretch of a (clean) text that reads as two columns
    /// taken line by line ([`crate::text::across`]): its breaks were left as they are.
    fn read_across_warnings(&self, text: &str) -> Vec<(usize, String)> {
        if self.layout == Layout::Paragraphs {
            return Vec::new();
        }
        let mut out = Vec::new();
        for block in blocks(text) {
            let body = &text[block.range.clone()];
            let lines: Vec<&str> = body.split('\n').collect();
            for (first, n) in stretches(&lines) {
                let at =
                    block.range.start + lines[..first].iter().map(|l| l.len() + 1).sum::<usize>();
                out.push((
                    at,
                    format!(
                        "{n} lines read as two columns taken line by line (lines two apart continue each other, adjacent ones do not): left unjoined; put each column's lines together by hand"
                    ),
                ));
            }
        }
        out
    }

    fn in_brackets(&self, lines: &[&str], k: usize) -> bool {
        self.p.bracket_chars > 0 && inside_brackets(lines, k, self.p.bracket_chars)
    }

    /// Whether `a` (`length` characters), at the head of a block, is running text that goes on
    /// into `b`: a headline seldom has a clause mark inside it, and both lines having one is a
    /// sentence.
    fn runs_on(&self, a: &str, length: usize, b: &str) -> bool {
        let mut chars = a.chars();
        let last = chars.next_back().unwrap_or(' ');
        self.p.running_chars > 0
            && length >= self.p.running_chars
            && chars.any(is_clause_mark)
            // `、` ends sentences in older papers; `：` introduces a list; a bracket closes a
            // credit or a note.
            && !ends_sentence(last)
            && !"、：:）)".contains(last)
            && b.contains(|c| is_clause_mark(c) || ends_sentence(c))
            && !self.starts_paragraph(b)
    }

    /// Whether line `k` fills a column of width `width` at least `min_width` wide.
    fn fills(&self, length: usize, width: usize) -> bool {
        width >= self.p.min_width
            && length + self.p.slack >= width
            && length <= width + self.p.slack
    }

    /// The first line of the block's body: the first of two successive lines that fill their
    /// column, or of `narrow_lines` lines of exactly a narrow column's width. `lengths.len()`
    /// when there is none.
    fn body_start(&self, lengths: &[usize], widths: &[usize]) -> usize {
        let full = (0..lengths.len().saturating_sub(1))
            .find(|&k| self.fills(lengths[k], widths[k]) && self.fills(lengths[k + 1], widths[k]));
        let n = self.p.narrow_lines;
        let narrow = (n > 0)
            .then(|| {
                (0..(lengths.len() + 1).saturating_sub(n)).find(|&k| {
                    widths[k] >= self.p.narrow_width
                        && lengths[k..k + n].iter().all(|&l| l == widths[k])
                })
            })
            .flatten();
        full.into_iter()
            .chain(narrow)
            .min()
            .unwrap_or(lengths.len())
    }
}

impl Rule for Unwrap {
    fn uses_dictionary(&self) -> bool {
        self.p.dictionary
    }

    fn layout(&self) -> Option<Layout> {
        Some(self.layout)
    }

    fn warnings(&self, text: &str) -> Vec<(usize, String)> {
        let mut out = self.read_across_warnings(text);
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            if noise::is_noise(line.trim_end()) {
                out.push((
                    at,
                    format!(
                        "`{}` forms no words (a seal, show-through, a smudge?): left on a line of its own, not joined",
                        line.trim()
                    ),
                ));
            }
            at += line.len();
        }
        out.sort_by_key(|&(at, _)| at);
        out
    }

    fn reach(&self) -> usize {
        // A break's layout is read from a region around it, and a paragraph's end becomes a
        // blank line by the joins within a region of it.
        match self.layout {
            Layout::Auto => 2 * REGION,
            _ => 0,
        }
    }

    fn with_layout(&self, layout: Layout) -> Option<Arc<dyn Rule>> {
        let mut p = self.p.clone();
        p.layout = layout.to_string();
        Some(Arc::new(Unwrap::new(p).expect("the rule's own parameters")))
    }

    fn apply(&self, text: &str, out: &mut Vec<LocalEdit>) {
        let map = match self.layout {
            Layout::Auto => Some(LayoutMap::of(text)),
            Layout::Wrapped => None,
            Layout::Paragraphs => return,
        };
        if map.as_ref().is_some_and(|m| !m.any_wrapped()) {
            return;
        }
        let wrapped_at = |at: usize| map.as_ref().is_none_or(|m| m.at(at) == Layout::Wrapped);
        for block in blocks(text) {
            let body = &text[block.range.clone()];
            let raw: Vec<&str> = body.split('\n').collect();
            if raw.len() < self.p.min_lines {
                continue;
            }
            let lines: Vec<&str> = raw.iter().map(|l| l.trim_start_matches(INDENT)).collect();
            let indents: Vec<usize> = raw
                .iter()
                .zip(&lines)
                .map(|(r, l)| indent_cells(&r[..r.len() - l.len()]))
                .collect();
            // An indent is a printed line's first cells: it counts in the line's length.
            let lengths: Vec<usize> = lines
                .iter()
                .zip(&indents)
                .map(|(l, i)| l.chars().count() + i)
                .collect();
            // Where some lines are indented by a paragraph's two characters and others not, an
            // indented line after one that is not starts a paragraph (where all are, or none,
            // the indent says nothing; a single space is a scanner's wobble, not an indent).
            let indented: Vec<bool> = indents.iter().map(|&i| i >= 2).collect();
            let indents_tell =
                indented.iter().any(|&x| x) && indented.iter().filter(|&&x| !x).count() >= 2;
            let block_width = typical(&lengths).0;
            let widths: Vec<usize> = (0..lines.len())
                .map(|k| {
                    let near = &lengths[k.saturating_sub(self.p.window)
                        ..(k + self.p.window + 1).min(lengths.len())];
                    if near.len() >= 3 {
                        typical(near).0
                    } else {
                        block_width
                    }
                })
                .collect();
            let body_start = self.body_start(&lengths, &widths);
            let lettering: Vec<bool> = lines
                .iter()
                .zip(&lengths)
                .map(|(line, &length)| self.is_lettering(line, length))
                .collect();
            let lettering_at = |i: usize| lettering.get(i) == Some(&true);
            let mut joins: Vec<bool> = (0..lines.len() - 1)
                .map(|k| {
                    let (a, b) = (lines[k], lines[k + 1]);
                    if lettering_at(k) && lettering_at(k + 1) {
                        !self.starts_paragraph(b)
                            && !self.ends_paragraph(a)
                            && !a.ends_with(|c| c == '、' || ends_sentence(c))
                    } else if lettering_at(k + 1) && lettering_at(k + 2) {
                        // Text does not run on into a box of lettering: the box is set in it.
                        false
                    } else if k < body_start {
                        b.starts_with(may_not_start_line)
                            || self.runs_on(a, lengths[k], b)
                            || self.in_brackets(&lines, k)
                            || self.lost_indent(&lines, &lengths, &widths, k)
                    } else if indents_tell && indented[k + 1] && !indented[k] {
                        false
                    } else {
                        self.continues(&lines, &lengths, &widths, k)
                    }
                })
                .collect();
            self.keep_decks(&lines, &lengths, &lettering, &mut joins);
            self.keep_verse_and_tables(&lines, &mut joins);
            // Two columns read across, line by line: no break there is touched.
            let across = read_across(&lines);
            // Nothing is joined to a line that forms no words (noise, a list of names), nor to a
            // byline.
            let no_words: Vec<bool> = lines
                .iter()
                .map(|l| noise::no_words(l) || self.bylines.is_match(l))
                .collect();
            for (k, join) in joins.iter_mut().enumerate() {
                *join &= !no_words[k] && !no_words[k + 1];
            }
            // Where each break is, and whether it lies in a wrapped region: a break in a region
            // of paragraph lines stays as it is.
            let breaks: Vec<usize> = raw
                .iter()
                .scan(block.range.start, |at, l| {
                    *at += l.len() + 1;
                    Some(*at - 1)
                })
                .take(joins.len())
                .collect();
            let laid: Vec<bool> = breaks.iter().map(|&at| wrapped_at(at)).collect();
            for ((join, &laid), &across) in joins.iter_mut().zip(&laid).zip(&across) {
                *join &= laid && !across;
            }
            // A paragraph's end becomes a blank line only in a block with a join; where the
            // layout is read region by region, only within a region of a join, so that the
            // decision stays as local as the layout's.
            let joined: Vec<usize> = breaks
                .iter()
                .zip(&joins)
                .filter(|&(_, &j)| j)
                .map(|(&at, _)| at)
                .collect();
            let near_join = |at: usize| {
                if map.is_none() {
                    return !joined.is_empty();
                }
                let i = joined.partition_point(|&j| j + REGION < at);
                joined.get(i).is_some_and(|&j| j <= at + REGION)
            };
            let mut edits = Vec::new();
            for (k, &join) in joins.iter().enumerate() {
                let pos = breaks[k];
                if !laid[k] || !near_join(pos) || across[k] {
                    continue;
                }
                let (a, b) = (lines[k], lines[k + 1]);
                let head = k < body_start;
                // Words of Latin script wrapped at a space get it back; a number cut in two
                // does not get one.
                let latin = a.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && b.starts_with(|c: char| c.is_ascii_alphanumeric())
                    && !(a.ends_with(|c: char| c.is_ascii_digit())
                        && b.starts_with(|c: char| c.is_ascii_digit()));
                let replacement = match (join, latin) {
                    (true, true) => " ",
                    (true, false) => "",
                    (false, _) => "\n\n",
                };
                let reason = match (join, head) {
                    (true, _) => format!(
                        "printed line break inside a paragraph (column width {})",
                        widths[k]
                    ),
                    (false, true) => "a headline or byline line stays on its own".to_string(),
                    (false, false) => "the line ends the paragraph".to_string(),
                };
                // A joined line's indent goes with its break.
                let end = match join {
                    true => pos + 1 + raw[k + 1].len() - lines[k + 1].len(),
                    false => pos + 1,
                };
                edits.push(
                    LocalEdit::new(pos..end, replacement)
                        .with_level(Level::Review)
                        .with_reason(reason),
                );
            }
            out.extend(edits);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule on a page taken to be printed lines: these tests are about how it unwraps them
    /// (whether a page is printed lines: `crate::text::layout`).
    fn run(t: &str) -> String {
        let p = Params {
            layout: "wrapped".into(),
            ..Params::default()
        };
        crate::rules::run_rule(&Unwrap::new(p).unwrap(), t)
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
        let t = "会议指出，安全生产事关人\n民福祉，事关经济发展大局\n（张波）";
        assert_eq!(
            run(t),
            "会议指出，安全生产事关人民福祉，事关经济发展大局\n\n（张波）"
        );
    }

    #[test]
    fn a_dateline_starts_a_paragraph_after_a_full_line() {
        let t = "近年来山西省气象局坚持以习近\n平新时代中国特色社会主义思想\n为指导，推进各项工作落实到位\n（新华社北京电）会议指出安全生\n产事关人民福祉。";
        assert_eq!(
            run(t),
            "近年来山西省气象局坚持以习近平新时代中国特色社会主义思想为指导，推进各项工作落实到位\n\n（新华社北京电）会议指出安全生产事关人民福祉。"
        );
    }

    #[test]
    fn a_break_inside_short_brackets_is_inside_them() {
        let inside = |lines: &[&str], max| inside_brackets(lines, 0, max);
        assert!(inside(&["（華盛頓", "廿三日美聯電）"], 16));
        // Nine characters inside: not with room for eight.
        assert!(!inside(&["（華盛頓", "廿三日美聯電）"], 8));
        // A closed pair before the break, another kind of bracket inside the open one.
        assert!(!inside(&["「甲」乙", "丙"], 16));
        assert!(inside(&["（見「附表」", "第三頁）"], 16));
        // Never closed, or closed by another kind of mark.
        assert!(!inside(&["（華盛頓", "廿三日美聯電"], 16));
        assert!(!inside(&["（華盛頓", "廿三日」"], 16));
    }

    #[test]
    fn a_narrow_column_is_judged_by_its_own_width() {
        // Six lines of a 13-character column, then five of a 6-character column beside a
        // picture: the narrow lines are full where they are, though short against the block.
        // (A narrow stretch must outnumber the wide lines within `window` of its first line.)
        let sentence: Vec<char> = "近年来山西省气象局坚持以习近平新时代中国特色社会主义思想为指导全面推进各项工作落实到位会议指出安全生产事关人民福祉事关经济发展大局各成员单位要深刻认识做好安全生产工作的重要性切实增强责任感和使命感坚决守住安全底线确保全省安全生产形势持续稳定向好。".chars().collect();
        let mut lines = Vec::new();
        let mut at = 0;
        for width in [13, 13, 13, 13, 13, 13, 6, 6, 6, 6, 6] {
            lines.push(sentence[at..at + width].iter().collect::<String>());
            at += width;
        }
        lines.push(sentence[at..].iter().collect());
        let whole: String = sentence.iter().collect();
        assert_eq!(run(&lines.join("\n")), whole);
    }
}
