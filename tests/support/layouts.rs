//! A generator of labelled pages in the two layouts OCR dumps come in, for measuring line and
//! column-break decisions on text no rule was tuned on:
//! - **paragraphs**: one paragraph a line (as People's Daily 1998 is distributed), with blank-line
//!   column breaks cut into some paragraphs;
//! - **wrapped**: one printed line a line, hard-wrapped at a column width that differs from page
//!   to page, first-line indents kept or lost, with blank-line column breaks.
//!
//! Both carry what real dumps carry besides articles: bylines (some with a title before the
//! name), runs of photo captions ending in a credit, lines of noise (characters that form no
//! words), and on wrapped pages two paragraphs set in columns of four lines or more whose lines
//! were read across, a line of each in turn.
//!
//! Every line break of a page is labelled: join (a printed wrap, a column break) or keep (a
//! paragraph's end, a headline or byline, an article's end). Articles come from any text whose
//! articles are separated by blank lines and whose paragraphs are lines; which half (development
//! or test) an article belongs to is fixed by its number, so a split made once stays made.
//! Deterministic for a seed.

#![allow(dead_code)]

use std::ops::Range;

/// What a line break is, by what it separates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// A printed line break inside a paragraph (join).
    LineWrap,
    /// A blank line where a column ended inside a paragraph (join).
    ColumnBreak,
    /// The end of a paragraph (keep).
    ParagraphEnd,
    /// After a headline, a subtitle or a byline (keep).
    Heading,
    /// Between articles (keep).
    ArticleEnd,
    /// Before, between and after photo captions (keep).
    Caption,
    /// Before or after a line of noise (keep).
    Noise,
    /// Between lines of two columns read across, line by line (keep: joining them splices two
    /// texts).
    Interleaved,
}

impl Class {
    pub fn joins(self) -> bool {
        matches!(self, Class::LineWrap | Class::ColumnBreak)
    }
}

/// One labelled line break: the run of newlines in the page, and what it is.
#[derive(Debug, Clone)]
pub struct Break {
    pub at: Range<usize>,
    pub class: Class,
}

/// Which layout a page is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layout {
    Paragraphs,
    Wrapped,
}

/// A generated page and its labels.
pub struct Page {
    pub text: String,
    pub layout: Layout,
    pub breaks: Vec<Break>,
}

/// An article: heading lines (title, subtitle, byline) and body paragraphs.
#[derive(Debug, Clone)]
pub struct Article {
    pub heading: Vec<String>,
    pub body: Vec<String>,
}

fn ends_sentence(line: &str) -> bool {
    line.ends_with(['。', '！', '？', '”', '」', '）', '…', '；', '：'])
}

/// Articles of a text whose articles are separated by blank lines and whose paragraphs are
/// lines: the leading lines that end without a sentence mark (at most three) are its heading.
/// Articles without two body paragraphs of some length are left out.
pub fn articles(text: &str) -> Vec<Article> {
    text.split("\n\n")
        .filter_map(|a| {
            let lines: Vec<&str> = a.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            let head = lines
                .iter()
                .take(3)
                .take_while(|l| !ends_sentence(l))
                .count();
            let body: Vec<String> = lines[head..].iter().map(|l| l.to_string()).collect();
            (head > 0 && body.len() >= 2 && body.iter().all(|p| p.chars().count() >= 8)).then(
                || Article {
                    heading: lines[..head].iter().map(|l| l.to_string()).collect(),
                    body,
                },
            )
        })
        .collect()
}

/// A small deterministic generator (PCG-style LCG).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed
            .wrapping_mul(2862933555777941757)
            .wrapping_add(3037000493))
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Builds a page line by line, labelling each break.
#[derive(Default)]
struct Builder {
    text: String,
    breaks: Vec<Break>,
}

impl Builder {
    fn line(&mut self, line: &str) {
        self.text.push_str(line);
    }

    fn brk(&mut self, newlines: &str, class: Class) {
        let start = self.text.len();
        self.text.push_str(newlines);
        self.breaks.push(Break {
            at: start..self.text.len(),
            class,
        });
    }
}

/// Where a paragraph may be cut by a column: not next to a mark (a column ends anywhere, but a
/// cut right after `，` is one the join rule calls on its strongest signal, which says little).
fn cut_point(chars: &[char], rng: &mut Rng) -> Option<usize> {
    if chars.len() < 12 {
        return None;
    }
    (0..8).find_map(|_| {
        let at = 4 + rng.below(chars.len() - 8);
        let near_mark = |c: char| !(c.is_alphanumeric());
        (!near_mark(chars[at - 1]) && !near_mark(chars[at])).then_some(at)
    })
}

const BYLINES: [&str; 8] = [
    "本报记者 王丹",
    "新华社记者 李婷",
    "本报通讯员 刘凯华",
    "文/图 冯海砚",
    "本报评论员",
    "中共平遥县委常委、宣传部部长 闫广明",
    "山西省气象局党组书记、局长 张振明",
    "本报特约评论员 陆春嵩",
];

const CREDITS: [&str; 3] = [
    "（新华社记者 王丹摄）",
    "（本报记者 李婷摄）",
    "（刘凯华摄）",
];

const NUMBERS: [char; 4] = ['①', '②', '③', '④'];

/// Photo captions drawn from an article's paragraphs: `图①　` and a paragraph's first clause,
/// then a credit in brackets.
fn captions(article: &Article, rng: &mut Rng) -> Vec<String> {
    let n = 2 + rng.below(2);
    article
        .body
        .iter()
        .take(n)
        .enumerate()
        .map(|(k, para)| {
            let clause: String = para
                .chars()
                .take_while(|c| !"，。；：！？、".contains(*c))
                .take(30)
                .collect();
            format!(
                "图{}　{clause}。{}",
                NUMBERS[k],
                CREDITS[rng.below(CREDITS.len())]
            )
        })
        .collect()
}

/// A line of noise: `n` characters drawn at random from `source`'s Han characters (a seal, the
/// other side of the sheet showing through); from a real line of noise if `source` has none (a
/// table of figures).
fn noise(source: &str, n: usize, rng: &mut Rng) -> String {
    let mut han: Vec<char> = source
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .collect();
    if han.is_empty() {
        han = "又平小欧命出期平小取正最".chars().collect();
    }
    (0..n).map(|_| han[rng.below(han.len())]).collect()
}

/// `chars` cut into printed lines of `width`, the first indented by two ideographic spaces or
/// not.
fn wrap(chars: &[char], width: usize, indent: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let first = lines.is_empty();
        let room = if first && indent { width - 2 } else { width };
        let end = (at + room).min(chars.len());
        let pad = if first && indent {
            "\u{3000}\u{3000}"
        } else {
            ""
        };
        lines.push(format!(
            "{pad}{}",
            chars[at..end].iter().collect::<String>()
        ));
        at = end;
    }
    lines
}

/// A page of `articles` in `layout`.
pub fn page(articles: &[&Article], layout: Layout, rng: &mut Rng) -> Page {
    let mut b = Builder::default();
    // A column width for the page (wrapped pages), as narrow as a newspaper column or as wide as
    // a book's line.
    let width = 8 + rng.below(23);
    for (n, article) in articles.iter().enumerate() {
        if n > 0 {
            b.brk("\n\n", Class::ArticleEnd);
        }
        for (k, h) in article.heading.iter().enumerate() {
            if k > 0 {
                b.brk("\n", Class::Heading);
            }
            b.line(h);
        }
        if rng.chance(40) {
            b.brk("\n", Class::Heading);
            b.line(BYLINES[rng.below(BYLINES.len())]);
        }
        b.brk("\n", Class::Heading);
        // Two paragraphs of a wrapped page set side by side in columns of four lines or more
        // (a column is seldom shorter), read across, line by line.
        let lines_at = |p: &str| p.chars().count().div_ceil(width);
        let pairs: Vec<usize> = (1..article.body.len().saturating_sub(1))
            .filter(|&k| lines_at(&article.body[k]) >= 4 && lines_at(&article.body[k + 1]) >= 4)
            .collect();
        let across = (layout == Layout::Wrapped && !pairs.is_empty() && rng.chance(10))
            .then(|| pairs[rng.below(pairs.len())]);
        let mut k = 0;
        while k < article.body.len() {
            if k > 0 {
                b.brk("\n", Class::ParagraphEnd);
            }
            if rng.chance(3) {
                b.line(&noise(&article.body[k], 10 + rng.below(8), rng));
                b.brk("\n", Class::Noise);
            }
            let chars: Vec<char> = article.body[k].chars().collect();
            match layout {
                Layout::Paragraphs => match cut_point(&chars, rng).filter(|_| rng.chance(25)) {
                    Some(at) => {
                        b.line(&chars[..at].iter().collect::<String>());
                        b.brk("\n\n", Class::ColumnBreak);
                        b.line(&chars[at..].iter().collect::<String>());
                    }
                    None => b.line(&article.body[k]),
                },
                Layout::Wrapped if across == Some(k) => {
                    let next: Vec<char> = article.body[k + 1].chars().collect();
                    let (a, c) = (wrap(&chars, width, false), wrap(&next, width, false));
                    let n = a.len().min(c.len());
                    for (i, line) in a[..n]
                        .iter()
                        .zip(&c[..n])
                        .flat_map(|(x, y)| [x, y])
                        .enumerate()
                    {
                        if i > 0 {
                            b.brk("\n", Class::Interleaved);
                        }
                        b.line(line);
                    }
                    k += 1;
                }
                Layout::Wrapped => {
                    // The first line keeps its two-character indent or loses it.
                    let indent = rng.chance(50);
                    for (i, line) in wrap(&chars, width, indent).iter().enumerate() {
                        if i > 0 {
                            if rng.chance(4) {
                                b.brk("\n\n", Class::ColumnBreak);
                            } else {
                                b.brk("\n", Class::LineWrap);
                            }
                        }
                        b.line(line);
                    }
                }
            }
            k += 1;
        }
        if rng.chance(25) {
            for caption in captions(article, rng) {
                b.brk("\n", Class::Caption);
                let chars: Vec<char> = caption.chars().collect();
                let lines = match layout {
                    Layout::Paragraphs => vec![caption],
                    Layout::Wrapped => wrap(&chars, width.max(12), false),
                };
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        b.brk("\n", Class::LineWrap);
                    }
                    b.line(line);
                }
            }
        }
    }
    b.text.push('\n');
    Page {
        text: b.text,
        layout,
        breaks: b.breaks,
    }
}

/// Pages from `articles` whose number `% 2` is `half` (0: development, 1: test), `per_page`
/// articles a page, alternating layouts.
pub fn pages(articles: &[Article], half: usize, per_page: usize, seed: u64) -> Vec<Page> {
    let mine: Vec<&Article> = articles
        .iter()
        .enumerate()
        .filter(|(n, _)| n % 2 == half)
        .map(|(_, a)| a)
        .collect();
    let mut rng = Rng::new(seed + half as u64);
    mine.chunks(per_page)
        .enumerate()
        .map(|(k, chunk)| {
            let layout = if k % 2 == 0 {
                Layout::Paragraphs
            } else {
                Layout::Wrapped
            };
            page(chunk, layout, &mut rng)
        })
        .collect()
}

/// Whether the edits of a cleaned page join the break at `at`: one edit covers the whole run of
/// newlines and puts no line break in its place.
pub fn joined(edits: &[galley::Edit], at: &Range<usize>) -> bool {
    edits
        .iter()
        .any(|e| e.start <= at.start && e.end >= at.end && !e.replacement.contains('\n'))
}

/// Join decisions against labels, per class and layout.
#[derive(Default, Clone)]
pub struct Tally {
    /// (layout, class) → (joined, total)
    pub counts: std::collections::BTreeMap<(Layout, Class), (usize, usize)>,
}

impl Tally {
    pub fn add(&mut self, page: &Page, edits: &[galley::Edit]) {
        for b in &page.breaks {
            let e = self.counts.entry((page.layout, b.class)).or_default();
            e.0 += usize::from(joined(edits, &b.at));
            e.1 += 1;
        }
    }

    fn sum(&self, f: impl Fn(Layout, Class) -> bool) -> (usize, usize) {
        self.counts
            .iter()
            .filter(|((l, c), _)| f(*l, *c))
            .fold((0, 0), |(j, t), (_, (a, b))| (j + a, t + b))
    }

    /// Precision and recall of the join decisions, over breaks of classes `f` accepts.
    pub fn precision_recall(&self, f: impl Fn(Layout, Class) -> bool) -> (f64, f64) {
        let (tp, should) = self.sum(|l, c| f(l, c) && c.joins());
        let (fp, _) = self.sum(|l, c| f(l, c) && !c.joins());
        (
            tp as f64 / (tp + fp).max(1) as f64,
            tp as f64 / should.max(1) as f64,
        )
    }

    /// Wrong joins on paragraph-per-line pages.
    pub fn paragraph_page_false_joins(&self) -> usize {
        self.sum(|l, c| l == Layout::Paragraphs && !c.joins()).0
    }
}
