//! Reports of edits for people and programs.

pub mod diff;
pub mod html;
pub mod jsonl;
