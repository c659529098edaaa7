//! Many texts cleaned as one batch: what repeats across their pages (running heads, publisher
//! lines: furniture) is learned from the edges of every page first, then each text is cleaned
//! on all threads, results in input order.
//!
//! A page alone cannot tell a running head from a headline; a batch can, because furniture comes
//! back page after page. So learning reads the whole batch before anything is cleaned, and only
//! the lines at the edges of each page ([`samples`]), in bounded memory. The command line's
//! `galley clean DIR` does the same with files; [`clean_many`] does it with texts in memory.
//!
//! ```
//! use galley::{batch, Engine};
//!
//! let engine = Engine::builtin("newspaper-zh")?;
//! let articles = ["近年来,山西省气象局坚持党建引领。", "会议指出,安全生产事关人民福祉。", "全省春耕生产全面展开。", "各地抢抓农时备耕备种。"];
//! let pages: Vec<String> = articles.iter().map(|a| format!("{a}\n\n法治周报社出版\n")).collect();
//! let texts: Vec<&str> = pages.iter().map(String::as_str).collect();
//! let cleaned = batch::clean_many(&engine, &texts, true);
//! // The line at the foot of every page is furniture, and goes.
//! assert_eq!(cleaned[0].text, "近年来，山西省气象局坚持党建引领。\n");
//! // A page alone keeps it.
//! assert_eq!(engine.clean(texts[0]).text, "近年来，山西省气象局坚持党建引领。\n\n法治周报社出版\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod files;
pub mod runs;
pub mod samples;

use crate::{Cleaned, Engine};
use rayon::prelude::*;
use samples::EdgeSamples;

/// `engine` after learning from the edge lines of every page of `texts` (a form feed ends a
/// page): what [`clean_many`] cleans with, and what a batch split into parts (the partitions of
/// a distributed run) can learn once from a sample and hand to every part.
pub fn learned<'a>(engine: &Engine, texts: impl IntoIterator<Item = &'a str>) -> Engine {
    engine.learn(&EdgeSamples::of(texts).pages())
}

/// `texts` cleaned in parallel (on the current rayon pool), in input order; with `learn`, by
/// the engine [`learned`] from all of them, as `galley clean DIR` cleans a directory.
pub fn clean_many(engine: &Engine, texts: &[&str], learn: bool) -> Vec<Cleaned> {
    let learned_engine;
    let engine = if learn {
        learned_engine = learned(engine, texts.iter().copied());
        &learned_engine
    } else {
        engine
    };
    if texts.len() > 1 {
        if let Some(load) = engine.preloader() {
            rayon::spawn(load);
        }
    }
    texts.par_iter().map(|t| engine.clean(t)).collect()
}
