//! galley cleans raw OCR dumps of Chinese newspaper pages.
//!
//! OCR of a multi-column page leaves scars: sentences cut where a column ends, half-width
//! punctuation in Chinese text, page headers and editor lines, characters read twice where columns
//! overlap. galley repairs them with rules loaded from TOML packs and reports every change as an
//! [`Edit`] on the original input, with the rule that made it, so that a person can review the
//! changes and accept any subset.
//!
//! ```
//! use galley::{apply_edits, Engine, Level};
//!
//! let engine = Engine::builtin("newspaper-zh")?;
//! let page = "近年来,山西省气象局坚持党建引领。\n";
//! let cleaned = engine.clean(page);
//! assert_eq!(cleaned.text, "近年来，山西省气象局坚持党建引领。\n");
//! assert_eq!(cleaned.edits[0].rules, ["punct.comma"]);
//! assert_eq!(cleaned.edits[0].level, Level::Safe);
//! // Rejecting every edit gives the page back.
//! assert_eq!(apply_edits(page, &[])?, page);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod atomic;
pub mod batch;
pub mod config;
pub mod decisions;
pub mod decode;
pub mod edit;
mod engine;
pub mod error;
pub mod long_page;
pub mod pack;
pub mod record;
pub mod report;
pub mod rules;
pub mod select;
pub mod stream;
pub mod text;

pub use edit::{apply_edits, ApplyError, Edit, Level};
pub use engine::{Cleaned, Engine, EngineBuilder, Warning, MAX_ROUNDS};
pub use error::{Error, Result};
pub use pack::Pack;
pub use select::Selection;
pub use text::layout::{Layout, Reading};

/// The profile used when none is named.
pub const DEFAULT_PROFILE: &str = "newspaper-zh";
