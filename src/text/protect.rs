//! Protected spans: stretches of text that character rules must not touch.
//!
//! A Chinese page quotes things that are not Chinese prose: numbers (`1,000`, `44.4%`), times and
//! ratios (`12:30`, `1:500`), URLs, e-mail addresses and Latin text (`LOW-E`, `Stay hungry, stay
//! foolish`). Their half-width marks are right as they are. Each kind is a named, testable
//! pattern; a rule lists the kinds it respects and an edit that overlaps one is skipped.

use regex::Regex;
use serde::Deserialize;
use std::ops::Range;
use std::sync::OnceLock;

/// A kind of protected span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protect {
    /// `http://…`, `https://…`, `ftp://…`, `www.…`
    Url,
    /// `name@host.tld`
    Email,
    /// Digits joined by `.` `,` `/` `-`: decimals, thousands, dates, phone numbers, versions.
    Number,
    /// Digits joined by `:`: times and ratios.
    Time,
    /// Runs of Latin words, with the spaces and punctuation between them.
    Latin,
    /// HTML character references: `&quot;`, `&#34;`, `&#x4E2D;`.
    Entity,
    /// LaTeX in document OCR: the math delimiters `\(` `\)` `\[` `\]` and control words
    /// (`\textcircled`), whose brackets and letters are markup, not prose.
    Latex,
    /// Markdown inline code `` `a, b` `` and the target of a link `[文字](/a/b)`.
    Code,
    /// Markdown fenced code blocks (not those marked `markdown`, which hold prose: document OCR
    /// wraps whole pages in them). They span lines, so they are found for a whole page, which
    /// costs a pass over it: only rules that name this kind look for them (not in [`Self::ALL`]).
    Fence,
}

impl Protect {
    /// Every kind, the default for rules that edit characters.
    pub const ALL: [Protect; 8] = [
        Protect::Url,
        Protect::Email,
        Protect::Number,
        Protect::Time,
        Protect::Latin,
        Protect::Entity,
        Protect::Latex,
        Protect::Code,
    ];

    /// The pattern that finds this kind in a stretch of text; `None` for fences, which span
    /// lines and are found for a whole page (see [`fenced_code`]).
    fn pattern(self) -> Option<&'static str> {
        Some(match self {
            Protect::Url => r"(?i)(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+",
            Protect::Email => r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+",
            Protect::Number => r"[0-9]+(?:[.,/\-][0-9]+)+",
            Protect::Time => r"[0-9]+(?::[0-9]+)+",
            Protect::Entity => r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});",
            Protect::Latex => r"\\(?:[()\[\]]|[A-Za-z]+)",
            // ASCII only, as every span found a stretch at a time.
            Protect::Code => r"`[\x20-\x5F\x61-\x7E]+`|\]\([\x21-\x27\x2A-\x7E]*\)",
            Protect::Fence => return None,
            Protect::Latin => {
                r"[A-Za-z][A-Za-z0-9'’]*(?:(?:[,;:!?.]?[ \t]+|[\-./_&+])[A-Za-z0-9][A-Za-z0-9'’]*)*"
            }
        })
    }

    fn regex(self) -> Option<&'static Regex> {
        static CACHE: [OnceLock<Regex>; 9] = [const { OnceLock::new() }; 9];
        let pattern = self.pattern()?;
        Some(CACHE[self as usize].get_or_init(|| Regex::new(pattern).expect("built-in pattern")))
    }
}

/// Whether `c` may be part of a span: the patterns are ASCII, plus `’` in Latin words and the two
/// letters that case-insensitive matching takes for ASCII ones (`ſ` for `s`, the Kelvin sign).
fn may_be_in_span(c: char) -> bool {
    (c.is_ascii() && c != '\n') || matches!(c, '’' | 'ſ' | '\u{212A}')
}

/// Protected spans looked up around the ranges a rule asks about, for rules that touch a few
/// marks of a long page: the answers of [`ProtectedSpans::find`] and
/// [`ProtectedSpans::overlaps`], at a cost that depends on the text around each range rather than
/// on the whole text.
///
/// A span is made of characters that may belong to one (ASCII other than a line break, and the
/// few that match ASCII patterns), so only the stretch of such characters around a range needs
/// the patterns; beside a Chinese character that stretch ends.
pub struct Protection<'t> {
    text: &'t str,
    kinds: &'t [Protect],
    /// The last stretch looked at and its spans (relative to the stretch): neighbouring marks
    /// of one number or Latin phrase share it.
    last: Option<(Range<usize>, ProtectedSpans)>,
    /// Fenced code blocks (for rules that name [`Protect::Fence`]), found for the whole text on
    /// the first question.
    fences: Option<ProtectedSpans>,
}

impl<'t> Protection<'t> {
    /// Spans of `kinds` in `text`, found when asked.
    pub fn new(text: &'t str, kinds: &'t [Protect]) -> Self {
        Protection {
            text,
            kinds,
            last: None,
            fences: None,
        }
    }

    /// Whether `range` overlaps a protected span (an empty range counts when strictly inside).
    pub fn covers(&mut self, range: Range<usize>) -> bool {
        let (text, kinds) = (self.text, self.kinds);
        let fences = self.fences.get_or_insert_with(|| ProtectedSpans {
            spans: if kinds.contains(&Protect::Fence) {
                fenced_code(text)
            } else {
                Vec::new()
            },
        });
        if fences.overlaps(range.clone()) {
            return true;
        }
        let known = self
            .last
            .as_ref()
            .is_some_and(|(s, _)| s.start <= range.start && range.end <= s.end);
        if !known {
            let mut start = range.start;
            while let Some(c) = text[..start]
                .chars()
                .next_back()
                .filter(|&c| may_be_in_span(c))
            {
                start -= c.len_utf8();
            }
            let mut end = range.end;
            while let Some(c) = text[end..].chars().next().filter(|&c| may_be_in_span(c)) {
                end += c.len_utf8();
            }
            let around = &text[start..end];
            // Every kind of span holds an ASCII letter or digit, or is LaTeX's `\(`.
            let spans = if around
                .bytes()
                .any(|b| b.is_ascii_alphanumeric() || b == b'\\')
            {
                ProtectedSpans::find(around, self.kinds)
            } else {
                ProtectedSpans::default()
            };
            self.last = Some((start..end, spans));
        }
        let (stretch, spans) = self.last.as_ref().expect("looked up above");
        spans.overlaps(range.start - stretch.start..range.end - stretch.start)
    }
}

/// The fenced code blocks of `text` (three or more `` ` `` or `~` at the start of a line, up to
/// three spaces in, to a line of at least as many of the same, or to the end of the text), fence
/// lines included; a block whose info string is `markdown` or `md` holds prose and is not one.
fn fenced_code(text: &str) -> Vec<Range<usize>> {
    // One pass for both fence characters; pages without either are most.
    if memchr::memchr2(b'`', b'~', text.as_bytes()).is_none() {
        return Vec::new();
    }
    /// The fence a line opens or closes with: its character, its length and its info string.
    fn fence(line: &str) -> Option<(char, usize, &str)> {
        let rest = line.trim_start_matches(' ');
        if line.len() - rest.len() > 3 {
            return None;
        }
        let c = rest.chars().next().filter(|&c| c == '`' || c == '~')?;
        let n = rest.len() - rest.trim_start_matches(c).len();
        (n >= 3).then(|| (c, n, rest[n..].trim()))
    }
    let mut spans = Vec::new();
    let mut open: Option<(usize, char, usize, bool)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let end = at + line.len();
        match (open, fence(line.trim_end_matches(['\n', '\r']))) {
            (None, Some((c, n, info))) => {
                let prose = matches!(info.to_ascii_lowercase().as_str(), "markdown" | "md");
                open = Some((at, c, n, prose));
            }
            (Some((start, c, n, prose)), Some((d, m, ""))) if d == c && m >= n => {
                if !prose {
                    spans.push(start..end);
                }
                open = None;
            }
            _ => {}
        }
        at = end;
    }
    if let Some((start, _, _, false)) = open {
        spans.push(start..text.len());
    }
    spans
}

/// The protected byte ranges of a text, sorted and merged.
#[derive(Debug, Default, Clone)]
pub struct ProtectedSpans {
    spans: Vec<Range<usize>>,
}

impl ProtectedSpans {
    /// Finds every span of the given kinds in `text`.
    pub fn find(text: &str, kinds: &[Protect]) -> Self {
        let mut spans: Vec<Range<usize>> = Vec::new();
        for kind in kinds {
            // Cheap pre-checks: most Chinese lines have no ASCII at all.
            let possible = match kind {
                Protect::Email => text.contains('@'),
                Protect::Url => {
                    text.contains("://") || text.contains("www.") || text.contains("WWW.")
                }
                Protect::Number | Protect::Time => text.bytes().any(|b| b.is_ascii_digit()),
                Protect::Latin => text.bytes().any(|b| b.is_ascii_alphabetic()),
                Protect::Entity => text.contains('&'),
                Protect::Latex => text.contains('\\'),
                Protect::Code => text.contains('`') || text.contains("]("),
                Protect::Fence => false,
            };
            if let Some(re) = kind.regex().filter(|_| possible) {
                spans.extend(re.find_iter(text).map(|m| m.range()));
            }
        }
        spans.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
        for r in spans {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        ProtectedSpans { spans: merged }
    }

    /// Whether `range` overlaps a protected span (an empty range counts when strictly inside).
    pub fn overlaps(&self, range: Range<usize>) -> bool {
        let i = self.spans.partition_point(|s| s.end <= range.start);
        self.spans.get(i).is_some_and(|s| {
            if range.is_empty() {
                s.start < range.start
            } else {
                s.start < range.end
            }
        })
    }

    /// The spans, for tests.
    #[cfg(test)]
    pub fn spans(&self) -> &[Range<usize>] {
        &self.spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, kind: Protect) -> Vec<&str> {
        ProtectedSpans::find(text, &[kind])
            .spans()
            .iter()
            .map(|r| &text[r.clone()])
            .collect()
    }

    #[test]
    fn each_kind_finds_its_spans() {
        assert_eq!(
            found("电子信箱:llrbzjhb@163.com", Protect::Email),
            ["llrbzjhb@163.com"]
        );
        assert_eq!(
            found("见https://a.cn/x?y=1,z。", Protect::Url),
            ["https://a.cn/x?y=1,z"]
        );
        assert_eq!(
            found(
                "增长44.4%,1,000元、2011-02-15、010-88842603",
                Protect::Number
            ),
            ["44.4", "1,000", "2011-02-15", "010-88842603"]
        );
        assert_eq!(
            found("12:30开会,比例1:500", Protect::Time),
            ["12:30", "1:500"]
        );
        assert_eq!(
            found("“Stay hungry, stay foolish.”和LOW-E,", Protect::Latin),
            ["Stay hungry, stay foolish", "LOW-E"]
        );
        assert_eq!(
            found("面积8.56万km\\(^2\\),如图\\textcircled{2}", Protect::Latex),
            ["\\(", "\\)", "\\textcircled"]
        );
    }

    #[test]
    fn code_is_found() {
        assert_eq!(
            found(
                "调用`revoke`函数,见[参考页](/docs/Proxy/handler).",
                Protect::Code
            ),
            ["`revoke`", "](/docs/Proxy/handler)"]
        );
        let text = "说明:\n```js\n  let a = f(x, y);\n```\n结束,\n```markdown\n正文,\n```\n";
        let spans = fenced_code(text);
        assert_eq!(spans.len(), 1);
        assert_eq!(&text[spans[0].clone()], "```js\n  let a = f(x, y);\n```\n");
        let mut p = Protection::new(text, &[Protect::Fence]);
        assert!(!Protection::new(text, &[Protect::Code])
            .covers(text.find("  let").unwrap()..text.find("  let").unwrap() + 2));
        assert!(p.covers(text.find("  let").unwrap()..text.find("  let").unwrap() + 2));
        assert!(!p.covers(text.find(",\n```m").unwrap()..text.find(",\n```m").unwrap() + 1));
        // A fence closes at a fence of its character at least as long.
        assert!(fenced_code("````md\n```\n````\n中,文\n").is_empty());
        let text = "~~~\nx,y\n```\n~~~~\n中";
        let spans = fenced_code(text);
        assert_eq!(
            (spans.len(), spans[0].clone()),
            (1, 0..text.find('中').unwrap())
        );
        // An unclosed fence runs to the end of the text.
        let spans = fenced_code("a\n```\nb,c");
        assert_eq!((spans.len(), spans[0].clone()), (1, 2..9));
    }

    #[test]
    fn overlap_is_strict() {
        let p = ProtectedSpans::find("1,000元", &Protect::ALL);
        assert!(p.overlaps(1..2));
        assert!(!p.overlaps(5..8));
        assert!(!p.overlaps(5..5));
        assert!(p.overlaps(2..2));
        assert!(!p.overlaps(0..0));
    }

    proptest::proptest! {
        // Looking only around a range answers as the spans of the whole text do.
        #[test]
        fn covers_answers_as_the_whole_text(
            text in "[a-zA-Z0-9 .,:/@&#;%\\-’ſ\u{212A}中文。，\n\t\\\\()`\\[\\]]{0,40}",
            a in 0usize..200,
            b in 0usize..200,
        ) {
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let (a, b) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
            let range = a.min(b)..a.max(b);
            let whole = ProtectedSpans::find(&text, &Protect::ALL).overlaps(range.clone());
            let mut lazy = Protection::new(&text, &Protect::ALL);
            // Asked after another range, so that a remembered stretch is used where it applies.
            lazy.covers(range.start..range.start);
            proptest::prop_assert_eq!(lazy.covers(range), whole);
        }
    }

    #[test]
    fn chinese_without_ascii_has_no_spans() {
        assert!(ProtectedSpans::find("近年来,山西省", &Protect::ALL)
            .spans()
            .is_empty());
    }
}
