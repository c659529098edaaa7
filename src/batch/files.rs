//! A batch of files: the furniture of each group of files learned from the edges of its pages,
//! reading every file once, in parallel, a file too large to hold a run of pages at a time.
//!
//! These are the two passes of `galley clean DIR`: [`learn`] reads every file for the edges of
//! its pages; [`in_order`] then has each file cleaned with its group's learned engine
//! ([`crate::Engine::clean`] for a file held whole, in parallel; [`super::runs::CleanRuns`] for
//! one streamed) and hands the results on in input order, to be written where the caller wants.
//!
//! ```
//! use galley::batch::files::{learn, Learned, Source};
//! use galley::Engine;
//!
//! let dir = tempfile::tempdir()?;
//! let mut paths = Vec::new();
//! for (k, article) in ["近年来,山西。", "会议指出,安全。", "全省春耕。", "各地备耕。"].iter().enumerate() {
//!     let path = dir.path().join(format!("{k}.txt"));
//!     std::fs::write(&path, format!("{article}\n\n法治周报社出版\n"))?;
//!     paths.push(path);
//! }
//! let sources: Vec<Source> = paths.iter().map(|p| Source::whole(p, 0)).collect();
//! let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build()?;
//! let Learned { engines, .. } = learn(vec![Some(Engine::builtin("newspaper-zh")?)], &sources, Default::default(), 1 << 20, &pool);
//! let page = std::fs::read_to_string(&paths[0])?;
//! assert_eq!(engines[0].as_ref().unwrap().clean(&page).text, "近年来，山西。\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::samples::{page_samples, EdgeSamples};
use crate::decode::{decode, EncodingChoice, Region};
use crate::stream::{sniff, Sniffed};
use crate::Engine;
use rayon::prelude::*;
use std::path::Path;

/// Files read at a time, in either pass: their samples, or their results, are held together.
pub const CHUNK: usize = 256;

/// One file of a batch, as learning reads it.
pub struct Source<'a> {
    /// Where it is read from (and how errors name it).
    pub path: &'a Path,
    /// The group of files it belongs to: each group's engine learns from its own files.
    pub group: usize,
    /// How its text is had.
    pub text: Text<'a>,
}

/// How the text of a [`Source`] is had.
pub enum Text<'a> {
    /// Read and decoded whole from its path.
    Whole,
    /// Too large to hold: read a run of pages at a time.
    Streamed,
    /// Read already (standard input, a pipe: what can be read only once), or `None` when that
    /// failed: it teaches nothing.
    Read(Option<&'a str>),
}

impl<'a> Source<'a> {
    /// A file read whole, in group `group`.
    pub fn whole(path: &'a Path, group: usize) -> Source<'a> {
        Source {
            path,
            group,
            text: Text::Whole,
        }
    }
}

/// What [`learn`] gives back.
pub struct Learned {
    /// Each group's engine after learning (`None` where none was given).
    pub engines: Vec<Option<Engine>>,
    /// For each streamed source, how it decodes (`None` for the others, and for a streamed file
    /// that could not be read: its error comes when it is cleaned).
    pub sniffed: Vec<Option<Sniffed>>,
}

/// `engines` (one per group, `None` for a group without files) after each learned from the
/// page edges of its group's `sources`, decoded as `decoding` says. A file that cannot be read
/// or decoded teaches nothing: its error is for the pass that cleans it. Files are read in
/// parallel on `pool`; a streamed file is read in runs of about `run` bytes, on this thread.
pub fn learn(
    engines: Vec<Option<Engine>>,
    sources: &[Source<'_>],
    (choice, region): (EncodingChoice, Region),
    run: usize,
    pool: &rayon::ThreadPool,
) -> Learned {
    let mut samples: Vec<EdgeSamples> = engines.iter().map(|_| EdgeSamples::new()).collect();
    let mut sniffed: Vec<Option<Sniffed>> = sources.iter().map(|_| None).collect();
    // A batch, or a file cleaned a run of pages at a time, keeps several threads busy.
    let busy = sources.len() > 1 || sources.iter().any(|s| matches!(s.text, Text::Streamed));
    if let (true, Some(engine)) = (busy, engines.iter().flatten().next()) {
        preload(pool, engine);
    }
    for (c, chunk) in sources.chunks(CHUNK).enumerate() {
        let pages: Vec<Vec<String>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|s| match s.text {
                    Text::Streamed | Text::Read(None) => Vec::new(),
                    Text::Read(Some(text)) => page_samples(text),
                    Text::Whole => std::fs::read(s.path)
                        .ok()
                        .and_then(|bytes| decode(bytes, s.path, choice, region).ok())
                        .map(|d| page_samples(&d.text))
                        .unwrap_or_default(),
                })
                .collect()
        });
        for (k, (source, pages)) in chunk.iter().zip(pages).enumerate() {
            let group = &mut samples[source.group];
            if !matches!(source.text, Text::Streamed) {
                pages.into_iter().for_each(|p| group.add(p));
                continue;
            }
            let path = source.path;
            let found = sniff(|| std::fs::File::open(path), path, choice, region);
            if let (Ok(s), Ok(file)) = (found, std::fs::File::open(path)) {
                // A read error ends the samples there; it is reported when the file is cleaned.
                let _ = group.add_streamed(file, &s, path, run);
                sniffed[c * CHUNK + k] = Some(s);
            }
        }
    }
    // On the pool's threads: learning reads every sampled page.
    let engines = engines
        .into_iter()
        .zip(samples)
        .map(|(e, s)| e.map(|e| pool.install(|| e.learn(&s.pages()))))
        .collect();
    Learned { engines, sniffed }
}

/// A file's turn in [`in_order`].
pub enum Turn<D> {
    /// File `k` was held whole and cleaned: what `whole` made of it.
    Whole(usize, D),
    /// File `k` is too large to hold: the caller cleans it now, a run at a time
    /// ([`super::runs::CleanRuns`], on the pool), handing on each run as it is done.
    Streamed(usize),
}

/// The second pass of a batch. The files not `streamed` go through `whole` (read, clean, write
/// the output: whatever the caller makes of a file) on `pool`'s threads, [`CHUNK`] files at a
/// time, so that memory holds the results of one chunk at most; every file comes to `next` in
/// input order, as soon as it and the files before it are done. Stops at `next`'s first error.
///
/// ```
/// use galley::batch::files::{in_order, Turn};
///
/// let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build()?;
/// let texts = ["近年来,山西。", "a very large file", "会议指出,安全。"];
/// let engine = galley::Engine::builtin("newspaper-zh")?;
/// let mut seen = Vec::new();
/// in_order(&[false, true, false], &pool, |k| engine.clean(texts[k]).text, |turn| {
///     match turn {
///         Turn::Whole(k, text) => seen.push(format!("{k}: {text}")),
///         Turn::Streamed(k) => seen.push(format!("{k}: streamed")),
///     }
///     Ok::<(), std::io::Error>(())
/// })?;
/// assert_eq!(seen, ["0: 近年来，山西。\n", "1: streamed", "2: 会议指出，安全。\n"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn in_order<D: Send, E>(
    streamed: &[bool],
    pool: &rayon::ThreadPool,
    whole: impl Fn(usize) -> D + Sync,
    mut next: impl FnMut(Turn<D>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut at = 0;
    while at < streamed.len() {
        if streamed[at] {
            next(Turn::Streamed(at))?;
            at += 1;
            continue;
        }
        let end = (at..streamed.len())
            .take_while(|&k| !streamed[k])
            .take(CHUNK)
            .last()
            .map_or(at + 1, |k| k + 1);
        let done: Vec<D> = pool.install(|| (at..end).into_par_iter().map(&whole).collect());
        for (k, d) in (at..end).zip(done) {
            next(Turn::Whole(k, d))?;
        }
        at = end;
    }
    Ok(())
}

/// With threads to spare, starts loading what `engine`'s rules load at their first lookup (the
/// word list) on one of `pool`'s threads, while the others read: every thread would otherwise
/// wait at its first lookup for the one loading it. Nothing waits for it, so a run too short to
/// look a word up ends as soon as without it.
pub fn preload(pool: &rayon::ThreadPool, engine: &Engine) {
    if pool.current_num_threads() > 1 {
        if let Some(load) = engine.preloader() {
            pool.spawn(load);
        }
    }
}
