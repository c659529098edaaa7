//! Turning command-line inputs (files, directories, `-`) into a list of texts to clean.

use anyhow::{bail, Context, Result};
use std::path::{Component, Path, PathBuf};

/// One input: where it is read from, its name in reports and messages, and where its clean
/// text goes under `--output`.
pub struct Input {
    /// The path as given or as found under a directory, or `-`. A path is an `OsStr`: a file
    /// whose name is not UTF-8 is read and written all the same.
    pub path: PathBuf,
    /// The path for reports and messages, or `-`: lossy where it is not UTF-8, and with its
    /// control characters escaped, so that a file name cannot act on a terminal.
    pub name: String,
    /// The path of the clean file relative to the output directory (`None` for standard input).
    pub rel: Option<PathBuf>,
    /// Whether it can be read only once (standard input, a pipe, a device): such an input is
    /// read in full the first time and its text kept.
    once: bool,
}

impl Input {
    fn new(path: PathBuf, rel: Option<PathBuf>, once: bool) -> Input {
        Input {
            name: galley::text::visible::escape_controls(&path.to_string_lossy()).into_owned(),
            path,
            rel,
            once,
        }
    }

    /// Whether this is standard input.
    pub fn is_stdin(&self) -> bool {
        self.path == Path::new("-")
    }

    /// Whether the input can be read only once (standard input, a pipe, a device).
    pub fn read_once(&self) -> bool {
        self.once
    }
}

/// Expands files, directories and `-` into inputs. A directory is walked recursively, in sorted
/// order, honouring `.ignore` files (`.gitignore` files only inside a git repository) and
/// skipping hidden files, as ripgrep does;
/// `globs` (ripgrep's `--glob`: `*.txt` keeps only matching files, `!*.bak` leaves some out)
/// filter what the walk finds. A file named on the command line is always taken.
pub fn expand(args: &[PathBuf], globs: &[String]) -> Result<Vec<Input>> {
    let mut out = Vec::new();
    for path in args {
        let arg = path.display();
        if path == Path::new("-") {
            out.push(Input::new(path.clone(), None, true));
        } else if path.is_dir() {
            let mut overrides = ignore::overrides::OverrideBuilder::new(path);
            for glob in globs {
                overrides
                    .add(glob)
                    .with_context(|| format!("bad --glob `{glob}`"))?;
            }
            let walker = ignore::WalkBuilder::new(path)
                .sort_by_file_name(|a, b| a.cmp(b))
                .overrides(overrides.build().context("bad --glob")?)
                .build();
            for entry in walker {
                let entry = entry.with_context(|| format!("cannot walk {arg}"))?;
                if entry.file_type().is_some_and(|t| t.is_file()) {
                    let p = entry.path();
                    let rel = p.strip_prefix(path).unwrap_or(p).to_path_buf();
                    out.push(Input::new(p.to_path_buf(), Some(rel), false));
                }
            }
        } else {
            let rel: PathBuf = if path.is_absolute() {
                PathBuf::from(path.file_name().unwrap_or(path.as_os_str()))
            } else {
                path.components()
                    .filter(|c| matches!(c, Component::Normal(_)))
                    .collect()
            };
            let once = std::fs::metadata(path).is_ok_and(|m| !m.is_file());
            out.push(Input::new(path.clone(), Some(rel), once));
        }
    }
    Ok(out)
}

/// Where the clean text of `input` goes under `dir`; never the input itself.
/// What `--output PATH` names: standard output for `-`; the file to write when one file is
/// cleaned and PATH is no existing directory (as `opencc -o` reads it); else the directory to
/// write each clean file under. For a file, the input is set to be written under PATH's parent
/// at PATH's name, so that the rest of the run treats both alike.
pub fn output_dir(output: &Path, names: &[PathBuf], inputs: &mut [Input]) -> Option<PathBuf> {
    if output == Path::new("-") {
        return None;
    }
    let one_file = matches!((names, &mut *inputs), ([name], [_]) if !name.is_dir());
    let names_dir = output.is_dir() || output.as_os_str().to_string_lossy().ends_with(['/', '\\']);
    match (one_file, output.file_name()) {
        (true, Some(file)) if !names_dir => {
            inputs[0].rel = Some(PathBuf::from(file));
            let parent = output.parent().filter(|p| !p.as_os_str().is_empty());
            Some(parent.unwrap_or(Path::new(".")).to_path_buf())
        }
        _ => Some(output.to_path_buf()),
    }
}

pub fn output_path(dir: &Path, input: &Input) -> Result<PathBuf> {
    let Some(rel) = &input.rel else {
        bail!(
            "standard input has no name to write under {}; print it instead",
            dir.display()
        );
    };
    let out = dir.join(rel);
    // Only a path that exists can be the input; asking that first spares resolving both paths
    // for every file of a fresh output tree.
    if out.try_exists().unwrap_or(true) && same_place(&input.path, &out) {
        bail!(
            "{}: the output path is the input itself; choose another --output path",
            input.name
        );
    }
    Ok(out)
}

/// Where a path points, to tell whether two paths name one file: the file itself when it
/// exists, else the absolute path (two missing paths are one place only when those are equal).
pub struct Place(Result<PathBuf, Option<PathBuf>>);

impl Place {
    pub fn of(path: &Path) -> Place {
        Place(std::fs::canonicalize(path).map_err(|_| std::path::absolute(path).ok()))
    }
}

impl PartialEq for Place {
    fn eq(&self, other: &Place) -> bool {
        match (&self.0, &other.0) {
            (Ok(a), Ok(b)) => a == b,
            (Err(Some(a)), Err(Some(b))) => a == b,
            // One exists and the other does not, or a path has no absolute form.
            _ => false,
        }
    }
}

/// Whether two paths name one file (see [`Place`]).
pub fn same_place(a: &Path, b: &Path) -> bool {
    Place::of(a) == Place::of(b)
}

/// Refuses inputs whose clean texts would go to one path under `--output` (`/a/p.txt` and
/// `/b/p.txt` both to `p.txt`), where the last would silently replace the others.
pub fn check_distinct_outputs(inputs: &[Input]) -> Result<()> {
    let mut seen: std::collections::HashMap<&Path, &str> = std::collections::HashMap::new();
    for input in inputs {
        let Some(rel) = &input.rel else { continue };
        if let Some(first) = seen.insert(rel, &input.name) {
            bail!(
                "{first} and {} would both be written to {} under the output directory; name \
                 a directory that holds both (paths under it are kept), or write them in two runs",
                input.name,
                rel.display()
            );
        }
    }
    Ok(())
}
