//! A text too large to hold, cleaned as it is read: a run of whole pages at a time, several runs
//! in parallel, and a page too long to hold in slices ([`crate::long_page`]); the results come
//! out in order, each with the stretch of input it belongs to, so a caller can write the clean
//! text and the reports as it goes, in memory bounded by the run size.
//!
//! ```
//! use galley::batch::runs::CleanRuns;
//! use galley::stream::sniff;
//! use galley::decode::{EncodingChoice, Region};
//! use galley::Engine;
//! use std::path::Path;
//!
//! let engine = Engine::builtin("newspaper-zh")?;
//! let pages = "近年来,山西省气象局坚持党建引领。\n\u{c}会议指出,安全生产事关人民福祉。\n";
//! let path = Path::new("pages.txt");
//! let sniffed = sniff(|| Ok(pages.as_bytes()), path, EncodingChoice::Auto, Region::Unknown)?;
//! let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build()?;
//! let mut clean = String::new();
//! for run in CleanRuns::new(&engine, pages.as_bytes(), &sniffed, path, 1 << 20, 4096, &pool) {
//!     let run = run?;
//!     clean.push_str(&run.cleaned.text);
//! }
//! assert_eq!(clean, "近年来，山西省气象局坚持党建引领。\n\u{c}会议指出，安全生产事关人民福祉。\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::error::Result;
use crate::long_page::{LongPage, Segment};
use crate::stream::{PageRuns, Piece, Pieces, Sniffed};
use crate::{Cleaned, Engine};
use rayon::prelude::*;
use std::collections::VecDeque;
use std::io::Read;
use std::iter::Peekable;
use std::path::Path;

/// The results of [`CleanRuns`], in input order: they concatenate to the whole input.
pub type Run = Segment;

/// An input cleaned a run at a time (see the module documentation).
pub struct CleanRuns<'e, R: Read> {
    engine: &'e Engine,
    pool: &'e rayon::ThreadPool,
    pieces: Peekable<Pieces<R>>,
    /// How many runs of whole pages are cleaned together.
    width: usize,
    slice: usize,
    margin: usize,
    long: Option<LongPage<'e>>,
    ready: VecDeque<Segment>,
    /// The input ended, or failed: nothing more is read.
    done: bool,
}

impl<'e, R: Read> CleanRuns<'e, R> {
    /// `reader` (as [`sniff`](crate::stream::sniff) left it; `path` names it in errors) read in
    /// runs of about `run` bytes of whole pages, cleaned on `pool`; a page longer than a run is
    /// cleaned in slices of about twice `run`, overlapping by `margin` (see
    /// [`LongPage::new`]).
    pub fn new(
        engine: &'e Engine,
        reader: R,
        sniffed: &Sniffed,
        path: &Path,
        run: usize,
        margin: usize,
        pool: &'e rayon::ThreadPool,
    ) -> CleanRuns<'e, R> {
        let runs = PageRuns::new(reader, sniffed, path, run);
        CleanRuns {
            engine,
            pool,
            pieces: Pieces::new(runs).peekable(),
            width: 2 * pool.current_num_threads().max(1),
            slice: 2 * run,
            margin,
            long: None,
            ready: VecDeque::new(),
            done: false,
        }
    }

    /// Reads and cleans the next pieces until some results are ready or the input ends.
    fn fill(&mut self) -> Result<()> {
        let mut pages = Vec::new();
        while pages.len() < self.width {
            match self.pieces.next_if(|p| matches!(p, Ok(Piece::Pages(_)))) {
                Some(Ok(Piece::Pages(t))) => pages.push(t),
                _ => break,
            }
        }
        if !pages.is_empty() {
            let engine = self.engine;
            let cleaned: Vec<Cleaned> = self
                .pool
                .install(|| pages.par_iter().map(|t| engine.clean(t)).collect());
            let runs = pages.into_iter().zip(cleaned);
            self.ready
                .extend(runs.map(|(text, cleaned)| Segment { text, cleaned }));
            return Ok(());
        }
        match self.pieces.next() {
            None => {
                self.done = true;
                Ok(())
            }
            Some(Err(e)) => Err(e),
            Some(Ok(Piece::Pages(_))) => unreachable!("whole pages are taken above"),
            Some(Ok(Piece::Part(part))) => {
                let (engine, slice, margin) = (self.engine, self.slice, self.margin);
                let long = self
                    .long
                    .get_or_insert_with(|| LongPage::new(engine, slice, margin));
                let done = self.pool.install(|| long.push(&part))?;
                self.ready.extend(done);
                Ok(())
            }
            Some(Ok(Piece::PageEnd { form_feed })) => {
                if let Some(long) = self.long.take() {
                    self.ready.extend(long.finish()?);
                }
                if form_feed {
                    self.ready.push_back(Segment {
                        text: "\u{c}".into(),
                        cleaned: Cleaned {
                            text: "\u{c}".into(),
                            edits: Vec::new(),
                            warnings: Vec::new(),
                        },
                    });
                }
                Ok(())
            }
        }
    }
}

impl<R: Read> Iterator for CleanRuns<'_, R> {
    type Item = Result<Run>;

    fn next(&mut self) -> Option<Result<Run>> {
        while self.ready.is_empty() && !self.done {
            if let Err(e) = self.fill() {
                self.done = true;
                return Some(Err(e));
            }
        }
        self.ready.pop_front().map(Ok)
    }
}
