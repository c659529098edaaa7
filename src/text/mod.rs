//! Text structure shared by the rules: character classes, protected spans, lines and blocks.

pub mod across;
pub mod blocks;
pub mod class;
pub(crate) mod dictionary;
pub mod layout;
pub mod mask;
pub mod noise;
pub mod position;
pub mod prefilter;
pub mod protect;
pub(crate) mod quoted;
pub mod triggers;
pub mod visible;
