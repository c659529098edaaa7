//! A project's settings, committed once instead of repeated on every command line: `galley.toml`
//! (or `.galley.toml`, or a `[tool.galley]` table in `pyproject.toml`), found by searching
//! upward from the inputs, as ruff and typos find theirs.
//!
//! ```toml
//! profile = "newspaper-zh"
//! extend-select = ["punct.corner-to-curly"]
//! ignore = ["punct.colon"]
//! rules = ["rules/house.toml"]   # packs, relative to this file
//! include = ["*.txt"]            # in directories, only these files ...
//! exclude = ["*.bak"]            # ... and never these
//! level = "safe"
//! layout = "auto"
//! encoding = "auto"
//! region = "tw"
//! convert = "s2tw"
//! ```
//!
//! Every key is optional; a key the command line also gives is overridden by it. The nearest
//! file wins and files are not merged (as ruff): a project states its settings in one place.
//!
//! ```
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("galley.toml"), "profile = \"to-simplified\"\nlevel = \"safe\"\n")?;
//! std::fs::create_dir(dir.path().join("1950s"))?;
//! let found = galley::config::discover(&dir.path().join("1950s"))?.expect("a galley.toml above");
//! assert_eq!(found.settings.profile.as_deref(), Some("to-simplified"));
//! assert_eq!(found.settings.level.as_deref(), Some("safe"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The names a settings file goes by, in the order they are looked for in each directory.
pub const FILE_NAMES: [&str; 3] = ["galley.toml", ".galley.toml", "pyproject.toml"];

/// What a settings file can say. Every field is optional: what it leaves out comes from the
/// command line or the defaults.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// The built-in profile (`none` for no built-in packs).
    pub profile: Option<String>,
    /// Run only these rules (ids or prefixes).
    pub select: Option<Vec<String>>,
    /// Also run these rules.
    pub extend_select: Option<Vec<String>>,
    /// Do not run these rules.
    pub ignore: Option<Vec<String>>,
    /// Rule packs to add, relative to the settings file.
    pub rules: Option<Vec<PathBuf>>,
    /// In directories, clean only files matching one of these globs.
    pub include: Option<Vec<String>>,
    /// In directories, leave out files matching one of these globs.
    pub exclude: Option<Vec<String>>,
    /// `safe` or `all`.
    pub level: Option<String>,
    /// `auto`, `wrapped` or `paragraphs`.
    pub layout: Option<String>,
    /// Input encoding: `auto` or a label.
    pub encoding: Option<String>,
    /// `cn`, `tw` or `hk`.
    pub region: Option<String>,
    /// An OpenCC configuration to convert with (`s2t`, `t2s`, `s2tw`, …).
    pub convert: Option<String>,
}

/// A settings file found, and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The file.
    pub path: PathBuf,
    /// Its settings, with pack paths made relative to the directory galley runs in (or
    /// absolute).
    pub settings: Settings,
}

/// The nearest settings file at or above `start` (a directory, or a file whose directory is
/// searched), read; `None` when there is none. A `pyproject.toml` counts only when it has a
/// `[tool.galley]` table.
pub fn discover(start: &Path) -> Result<Option<Found>> {
    let start = std::path::absolute(start).map_err(|source| Error::Io {
        path: start.to_path_buf(),
        source,
    })?;
    let first = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    for dir in first.into_iter().flat_map(Path::ancestors) {
        for name in FILE_NAMES {
            let path = dir.join(name);
            if !path.is_file() {
                continue;
            }
            if let Some(settings) = read(&path)? {
                return Ok(Some(Found { path, settings }));
            }
        }
    }
    Ok(None)
}

/// Reads the settings file at `path` (a `pyproject.toml` must hold `[tool.galley]`).
pub fn load(path: &Path) -> Result<Found> {
    match read(path)? {
        Some(settings) => Ok(Found {
            path: path.to_path_buf(),
            settings,
        }),
        None => Err(config_error(
            path,
            1,
            "no [tool.galley] table: a pyproject.toml holds galley's settings there".into(),
        )),
    }
}

/// The settings in `path`, or `None` for a `pyproject.toml` without `[tool.galley]`.
fn read(path: &Path) -> Result<Option<Settings>> {
    let text = crate::decode::read_text(path)?;
    let pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let parsed: std::result::Result<Option<Settings>, toml::de::Error> = if pyproject {
        #[derive(Deserialize)]
        struct Pyproject {
            tool: Option<Tool>,
        }
        #[derive(Deserialize)]
        struct Tool {
            galley: Option<Settings>,
        }
        toml::from_str::<Pyproject>(&text).map(|p| p.tool.and_then(|t| t.galley))
    } else {
        toml::from_str::<Settings>(&text).map(Some)
    };
    let settings = parsed.map_err(|e| {
        let line = e
            .span()
            .map_or(1, |s| text[..s.start].matches('\n').count() + 1);
        config_error(path, line, e.message().to_string())
    })?;
    // Packs are named relative to the file that names them.
    let base = path.parent().unwrap_or(Path::new("."));
    Ok(settings.map(|mut s| {
        if let Some(rules) = &mut s.rules {
            for r in rules.iter_mut() {
                if r.is_relative() {
                    *r = base.join(&*r);
                }
            }
        }
        s
    }))
}

fn config_error(path: &Path, line: usize, message: String) -> Error {
    Error::Config {
        file: path.display().to_string(),
        line,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_file_wins_and_pyproject_needs_its_table() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/b")).unwrap();
        std::fs::write(d.join("galley.toml"), "level = \"safe\"\n").unwrap();
        std::fs::write(d.join("a/pyproject.toml"), "[project]\nname = \"x\"\n").unwrap();
        let found = discover(&d.join("a/b")).unwrap().unwrap();
        assert_eq!(found.path, d.join("galley.toml"));
        std::fs::write(
            d.join("a/pyproject.toml"),
            "[tool.galley]\nrules = [\"house.toml\"]\n",
        )
        .unwrap();
        let found = discover(&d.join("a/b/page.txt")).unwrap().unwrap();
        assert_eq!(found.path, d.join("a/pyproject.toml"));
        assert_eq!(found.settings.rules, Some(vec![d.join("a/house.toml")]));
        assert_eq!(found.settings.level, None);
    }

    #[test]
    fn a_bad_key_is_an_error_with_its_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("galley.toml");
        std::fs::write(&path, "profile = \"newspaper-zh\"\nselct = [\"punct\"]\n").unwrap();
        let e = discover(dir.path()).unwrap_err().to_string();
        assert!(e.contains("galley.toml:2:"), "{e}");
        assert!(e.contains("selct"), "{e}");
        assert!(load(&dir.path().join("missing.toml")).is_err());
    }
}
