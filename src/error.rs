//! The library's errors. Each names the file (and line, for rule packs) it is about and, where it
//! can, what to do next.

use std::path::PathBuf;

/// Everything that can go wrong while loading rules or reading input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule pack is malformed: TOML syntax, an unknown kind, a bad parameter or regex, a
    /// duplicate id, or an example the rule does not satisfy.
    #[error("{file}:{line}: {}{message}", rule.as_ref().map(|r| format!("rule `{r}`: ")).unwrap_or_default())]
    Pack {
        /// The pack file (`builtin:NAME` for built-in packs).
        file: String,
        /// 1-based line the problem is on (the rule's first line when no finer place is known).
        line: usize,
        /// The rule concerned, if any.
        rule: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A settings file (`galley.toml`, `[tool.galley]` in `pyproject.toml`) is malformed.
    #[error("{file}:{line}: {message}")]
    Config {
        /// The settings file.
        file: String,
        /// 1-based line the problem is on.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A line of a decisions file is not an edit record.
    #[error("{file}:{line}: {message}")]
    Decisions {
        /// The decisions file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A backup's name is taken by a file that is not a copy of the original (a backup from an
    /// earlier run, or a link someone planted); galley never replaces or writes through it.
    #[error("{}: a file is already there and it is not a copy of {}; galley never replaces a backup. Move the earlier backups out of the way (or clean from them) and run again", backup.display(), original.display())]
    BackupExists {
        /// The file to be backed up.
        original: PathBuf,
        /// Where its backup would go.
        backup: PathBuf,
    },
    /// Input text is not UTF-8.
    #[error("{}: not valid UTF-8 (first bad byte at offset {offset}); galley reads UTF-8 text — convert the file first, e.g. `iconv -f GB18030 -t UTF-8`", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// A page too long to hold has no place to be cut where the slices around it agree (see
    /// [`crate::long_page`]).
    #[error("a page too long to hold whole has no safe place to cut near byte {offset} of it (a line start with sentence lines on both sides, where the slices around it make the same edits); clean the file whole with --stream-above larger than it")]
    NoCut {
        /// Offset in the page of the stretch where the slices disagreed.
        offset: usize,
    },
    /// Input bytes begin with a byte-order mark but are not valid in its encoding.
    #[error("{}: begins with a {encoding} byte-order mark but is not valid {encoding} (first bad byte near offset {offset}); the file is damaged or mislabelled: repair it, or name its encoding with --encoding", path.display())]
    BadBytes {
        /// The file.
        path: PathBuf,
        /// The encoding the mark names.
        encoding: &'static str,
        /// Where decoding failed.
        offset: usize,
    },
    /// Input bytes read as two encodings and nothing says which: decoded as the wrong one, a
    /// page becomes fluent-looking garbage.
    #[error("{}: the bytes read as {first} and as {second}, and the detector's guess depends on where the text is from; name the encoding (--encoding big5, --encoding gb18030) or the region (--region tw, hk or cn)", path.display())]
    AmbiguousEncoding {
        /// The file.
        path: PathBuf,
        /// The detector's guess for mainland text.
        first: &'static str,
        /// Its guess with no region.
        second: &'static str,
    },
    /// Input text decodes in none of the encodings tried.
    #[error("{}: could not be decoded (tried {tried}); name its encoding with --encoding", path.display())]
    Undecodable {
        /// The file.
        path: PathBuf,
        /// The encodings tried.
        tried: String,
    },
    /// No built-in profile has this name.
    #[error("unknown profile `{name}` (built-in profiles: {known})")]
    UnknownProfile {
        /// The name asked for.
        name: String,
        /// The names that exist.
        known: String,
    },
    /// A `--select` or `--ignore` entry matches no rule: most likely a typo.
    #[error("`{selector}` matches no rule id{}; `galley rules list` shows the ids", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownSelector {
        /// The selector as given.
        selector: String,
        /// The rule id or prefix nearest to it, when one is near.
        suggestion: Option<String>,
    },
    /// `convert` names no OpenCC configuration galley has a rule for.
    #[error("unknown OpenCC conversion `{config}` (known: {known})")]
    UnknownConvert {
        /// The configuration as given.
        config: String,
        /// The configurations there are rules for.
        known: String,
    },
    /// Two packs define the same rule id.
    #[error("{file}:{line}: rule `{id}` is already defined in {other}; rule ids must be unique (to replace a built-in pack, give yours the same `[pack] name`)")]
    DuplicateRule {
        /// The id.
        id: String,
        /// Where the second definition is.
        file: String,
        /// Its line.
        line: usize,
        /// Where the first one is.
        other: String,
    },
}

/// Shorthand for results with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
