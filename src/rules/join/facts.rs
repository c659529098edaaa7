//! What one pass of the join rule asks about each block, worked out once.
//!
//! A block is weighed as the text before one boundary and as the text after the next, a moved
//! headline is looked at again when its article's start is searched for, and the standalone
//! patterns scan every line of the block they are asked about. Asking a block once per pass
//! instead of once per question took about a tenth off the rule.

use super::evidence::{is_headline, Patterns, Weights};
use crate::text::blocks::Block;
use std::cell::OnceCell;

/// The blocks of a page being joined, with their facts filled in as they are first asked for.
pub(crate) struct Facts<'t> {
    text: &'t str,
    blocks: Vec<Block>,
    standalone: Vec<OnceCell<bool>>,
    headline: Vec<OnceCell<bool>>,
    article_start: Vec<OnceCell<bool>>,
}

impl<'t> Facts<'t> {
    pub(crate) fn new(text: &'t str, blocks: Vec<Block>) -> Self {
        let n = blocks.len();
        Facts {
            text,
            blocks,
            standalone: vec![OnceCell::new(); n],
            headline: vec![OnceCell::new(); n],
            article_start: vec![OnceCell::new(); n],
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.blocks.len()
    }

    pub(crate) fn block(&self, i: usize) -> &Block {
        &self.blocks[i]
    }

    pub(crate) fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The text of block `i`.
    pub(crate) fn text(&self, i: usize) -> &'t str {
        &self.text[self.blocks[i].range.clone()]
    }

    /// Whether block `i` is a heading or a byline, which never joins.
    pub(crate) fn standalone(&self, i: usize, p: &Patterns) -> bool {
        *self.standalone[i].get_or_init(|| p.is_standalone(self.text(i)))
    }

    /// Whether block `i` looks like a headline.
    pub(crate) fn headline(&self, i: usize, w: &Weights) -> bool {
        *self.headline[i].get_or_init(|| is_headline(self.text(i), w))
    }

    /// Whether block `i` opens an article.
    pub(crate) fn article_start(&self, i: usize, p: &Patterns) -> bool {
        *self.article_start[i].get_or_init(|| p.starts_article(self.text(i)))
    }
}
