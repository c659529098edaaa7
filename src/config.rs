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
//! ```toml
//! [[overrides]]
//! paths = ["1950s/**"]
//! profile = "to-simplified"
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
    /// `[[overrides]]` tables as written, read into [`Found::overrides`].
    #[serde(default)]
    overrides: Option<Vec<toml::Spanned<toml::Table>>>,
}

impl Settings {
    /// These settings with what `over` sets in place of theirs.
    pub fn with(&self, over: &Settings) -> Settings {
        let o = over.clone();
        let s = self.clone();
        Settings {
            profile: o.profile.or(s.profile),
            select: o.select.or(s.select),
            extend_select: o.extend_select.or(s.extend_select),
            ignore: o.ignore.or(s.ignore),
            rules: o.rules.or(s.rules),
            include: o.include.or(s.include),
            exclude: o.exclude.or(s.exclude),
            level: o.level.or(s.level),
            layout: o.layout.or(s.layout),
            encoding: o.encoding.or(s.encoding),
            region: o.region.or(s.region),
            convert: o.convert.or(s.convert),
            overrides: None,
        }
    }
}

/// Settings for the files under some paths: `[[overrides]] paths = ["1950s/**"]` followed by the
/// keys that choose rules (`profile`, `select`, `extend-select`, `ignore`, `rules`, `layout`,
/// `convert`); the others apply to the whole run. Paths are globs relative to the settings
/// file's directory; the first override whose globs match a file applies to it, and the files
/// of one override learn their furniture together.
#[derive(Debug, Clone)]
pub struct Override {
    /// The globs, as written.
    pub paths: Vec<String>,
    /// What the override sets.
    pub settings: Settings,
    matcher: globset::GlobSet,
}

/// A settings file found, and what it says.
#[derive(Debug, Clone)]
pub struct Found {
    /// The file.
    pub path: PathBuf,
    /// Its settings, with pack paths made relative to the directory galley runs in (or
    /// absolute).
    pub settings: Settings,
    /// Its `[[overrides]]`, in order.
    pub overrides: Vec<Override>,
}

impl Found {
    /// Which override applies to the file at `path` (its index in [`Found::overrides`]), if
    /// any: the first whose globs match the path relative to the settings file's directory.
    pub fn override_of(&self, path: &Path) -> Option<usize> {
        let base = self.path.parent()?;
        let path = std::path::absolute(path).ok()?;
        let rel = path.strip_prefix(base).ok()?;
        self.overrides.iter().position(|o| o.matcher.is_match(rel))
    }

    /// The settings for files under override `k` (`None`: the file's own settings).
    pub fn settings_of(&self, k: Option<usize>) -> Settings {
        match k.and_then(|k| self.overrides.get(k)) {
            Some(o) => self.settings.with(&o.settings),
            None => self.settings.clone(),
        }
    }
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
            if let Some(found) = read(&path)? {
                return Ok(Some(found));
            }
        }
    }
    Ok(None)
}

/// Reads the settings file at `path` (a `pyproject.toml` must hold `[tool.galley]`).
pub fn load(path: &Path) -> Result<Found> {
    match read(path)? {
        Some(found) => Ok(found),
        None => Err(config_error(
            path,
            1,
            "no [tool.galley] table: a pyproject.toml holds galley's settings there".into(),
        )),
    }
}

/// The settings in `path`, or `None` for a `pyproject.toml` without `[tool.galley]`.
fn read(path: &Path) -> Result<Option<Found>> {
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
    let line_at = |offset: usize| text[..offset].matches('\n').count() + 1;
    let Some(mut settings) = parsed.map_err(|e| {
        let line = e.span().map_or(1, |s| line_at(s.start));
        config_error(path, line, e.message().to_string())
    })?
    else {
        return Ok(None);
    };
    // Packs are named relative to the file that names them.
    let base = path.parent().unwrap_or(Path::new("."));
    let relative = |s: &mut Settings| {
        for r in s.rules.iter_mut().flatten() {
            if r.is_relative() {
                *r = base.join(&*r);
            }
        }
    };
    relative(&mut settings);
    let mut overrides = Vec::new();
    for table in settings.overrides.take().unwrap_or_default() {
        let line = line_at(table.span().start);
        let mut table = table.into_inner();
        let err = |m: String| config_error(path, line, format!("[[overrides]]: {m}"));
        let paths: Vec<String> = match table.remove("paths") {
            Some(v) => v
                .try_into()
                .map_err(|_| err("`paths` must be a list of globs".into()))?,
            None => {
                return Err(err(
                    "`paths` is missing: the globs of the files it is for".into()
                ))
            }
        };
        let mut over: Settings = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| err(e.message().to_string()))?;
        let whole_run = [
            ("include", over.include.is_some()),
            ("exclude", over.exclude.is_some()),
            ("level", over.level.is_some()),
            ("encoding", over.encoding.is_some()),
            ("region", over.region.is_some()),
            ("overrides", over.overrides.is_some()),
        ];
        if let Some((key, _)) = whole_run.iter().find(|(_, set)| *set) {
            return Err(err(format!(
                "`{key}` applies to the whole run, not to some paths: set it at the top"
            )));
        }
        relative(&mut over);
        let mut set = globset::GlobSetBuilder::new();
        for p in &paths {
            set.add(globset::Glob::new(p).map_err(|e| err(e.to_string()))?);
        }
        let matcher = set.build().map_err(|e| err(e.to_string()))?;
        overrides.push(Override {
            paths,
            settings: over,
            matcher,
        });
    }
    Ok(Some(Found {
        path: path.to_path_buf(),
        settings,
        overrides,
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
    fn an_override_applies_to_the_paths_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(
            d.join("galley.toml"),
            "ignore = [\"punct.colon\"]\n\n[[overrides]]\npaths = [\"1950s/**\"]\nprofile = \"to-simplified\"\n",
        )
        .unwrap();
        let found = discover(d).unwrap().unwrap();
        assert_eq!(found.override_of(&d.join("1950s/a/p.txt")), Some(0));
        assert_eq!(found.override_of(&d.join("1960s/p.txt")), None);
        let old = found.settings_of(Some(0));
        assert_eq!(old.profile.as_deref(), Some("to-simplified"));
        assert_eq!(old.ignore, Some(vec!["punct.colon".to_string()]));
        assert_eq!(found.settings_of(None).profile, None);
        std::fs::write(
            d.join("galley.toml"),
            "[[overrides]]\npaths = [\"1950s/**\"]\nlevel = \"safe\"\n",
        )
        .unwrap();
        let e = discover(d).unwrap_err().to_string();
        assert!(
            e.contains("galley.toml:1: [[overrides]]: `level` applies to the whole run"),
            "{e}"
        );
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
