//! Text structure shared by the rules: character classes, protected spans, lines and blocks.

pub mod across;
pub(crate) mod blocks;
pub mod class;
pub(crate) mod dictionary;
pub mod layout;
pub(crate) mod mask;
pub(crate) mod noise;
pub(crate) mod position;
pub(crate) mod prefilter;
pub(crate) mod protect;
pub(crate) mod quoted;
pub(crate) mod triggers;
pub mod visible;
