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
}

impl Protect {
    /// Every kind, the default for rules that edit characters.
    pub const ALL: [Protect; 6] = [
        Protect::Url,
        Protect::Email,
        Protect::Number,
        Protect::Time,
        Protect::Latin,
        Protect::Entity,
    ];

    fn pattern(self) -> &'static str {
        match self {
            Protect::Url => r"(?i)(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+",
            Protect::Email => r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+",
            Protect::Number => r"[0-9]+(?:[.,/\-][0-9]+)+",
            Protect::Time => r"[0-9]+(?::[0-9]+)+",
            Protect::Entity => r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});",
            Protect::Latin => {
                r"[A-Za-z][A-Za-z0-9'’]*(?:(?:[,;:!?.]?[ \t]+|[\-./_&+])[A-Za-z0-9][A-Za-z0-9'’]*)*"
            }
        }
    }

    fn regex(self) -> &'static Regex {
        static CACHE: [OnceLock<Regex>; 6] = [const { OnceLock::new() }; 6];
        CACHE[self as usize].get_or_init(|| Regex::new(self.pattern()).expect("built-in pattern"))
    }
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
            };
            if possible {
                spans.extend(kind.regex().find_iter(text).map(|m| m.range()));
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

    /// The spans, for display and tests.
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

    #[test]
    fn chinese_without_ascii_has_no_spans() {
        assert!(ProtectedSpans::find("近年来,山西省", &Protect::ALL)
            .spans()
            .is_empty());
    }
}
