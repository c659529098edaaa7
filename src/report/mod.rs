//! Reports of edits for people and programs.

pub mod jsonl;
