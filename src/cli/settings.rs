//! The settings a run uses: each from the command line if given there, else from the project's
//! settings file ([`galley::config`], found upward from the inputs), else the default.

use super::OK;
use anyhow::{bail, Context, Result};
use clap::Args;
use galley::config::{Found, Settings};
use galley::{Engine, Selection};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Which rules run: shared by every subcommand that builds an engine.
#[derive(Args, Debug, Clone)]
pub struct RuleArgs {
    /// Built-in profile to start from (`none` for no built-in packs) [default: newspaper-zh].
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
    /// Add a rule pack (repeatable); a pack named like a built-in pack replaces it.
    #[arg(long = "rules", value_name = "FILE")]
    rules: Vec<PathBuf>,
    /// Run only rules whose id matches one of these ids or prefixes (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    select: Vec<String>,
    /// Also run these rules (ids or prefixes; full ids for rules that are off by default).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    extend_select: Vec<String>,
    /// Do not run rules whose id matches one of these ids or prefixes.
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    ignore: Vec<String>,
    /// How the pages' line breaks were made: `auto` (each page by its own lines), `wrapped` (one
    /// printed line a line: breaks inside paragraphs are undone) or `paragraphs` (one paragraph
    /// a line: line breaks stay) [default: auto].
    #[arg(long, value_name = "LAYOUT")]
    layout: Option<galley::text::layout::Layout>,
    /// Convert between Traditional and Simplified with this OpenCC configuration, whatever the
    /// profile (it replaces the profile's own conversion): `s2t`, `t2s`, `s2tw`, `s2twp`,
    /// `tw2s`, `tw2sp`, `s2hk`, `hk2s`, `t2tw`, `tw2t`, `t2hk`, `hk2t`, `jp2t`, `t2jp`.
    #[arg(long, value_name = "CONFIG", value_parser = clap::builder::PossibleValuesParser::new(galley::rules::convert::CONFIGS), hide_possible_values = true)]
    convert: Option<String>,
    /// Read settings from FILE instead of the galley.toml (or .galley.toml, or [tool.galley] in
    /// pyproject.toml) found upward from the inputs.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every settings file: the command line and the defaults only.
    #[arg(long)]
    isolated: bool,
}

/// The settings file in force for a run, if any.
pub struct Project(Option<Found>);

impl Project {
    fn settings(&self) -> Settings {
        self.settings_of(0)
    }

    /// The settings of group `group`: 0 for the file's own, `k + 1` for its override `k`.
    fn settings_of(&self, group: usize) -> Settings {
        self.0
            .as_ref()
            .map(|f| f.settings_of(group.checked_sub(1)))
            .unwrap_or_default()
    }

    /// The group of the input at `path` (see [`Project::settings_of`]): the files of one group
    /// are cleaned by one engine and learn their furniture together.
    pub fn group_of(&self, path: &Path) -> usize {
        self.0
            .as_ref()
            .and_then(|f| f.override_of(path))
            .map_or(0, |k| k + 1)
    }

    /// Where the settings file is, for saying where a setting came from.
    fn source(&self) -> String {
        self.0
            .as_ref()
            .map_or("default".to_string(), |f| f.path.display().to_string())
    }
}

impl RuleArgs {
    /// The settings file for inputs `names` (searched from the first, or from here for
    /// standard input), unless `--isolated`; `--config FILE` names it instead.
    pub fn project(&self, names: &[PathBuf]) -> Result<Project> {
        if self.isolated {
            return Ok(Project(None));
        }
        if let Some(path) = &self.config {
            return Ok(Project(Some(galley::config::load(path)?)));
        }
        let start = names
            .iter()
            .find(|n| n.as_os_str() != "-")
            .map_or(Path::new("."), PathBuf::as_path);
        Ok(Project(galley::config::discover(start)?))
    }

    /// The engine for `project`: the command line's settings over the file's.
    pub fn engine_for(&self, project: &Project) -> Result<Engine> {
        self.engine_of(project, 0)
    }

    /// The engine for the inputs of group `group` of `project` ([`Project::group_of`]).
    pub fn engine_of(&self, project: &Project, group: usize) -> Result<Engine> {
        let file = project.settings_of(group);
        let profile = self
            .profile
            .clone()
            .or(file.profile)
            .unwrap_or_else(|| galley::DEFAULT_PROFILE.to_string());
        let layout = match (&self.layout, &file.layout) {
            (Some(l), _) => *l,
            (None, Some(l)) => l
                .parse()
                .map_err(|e| anyhow::anyhow!("{}: `layout`: {e}", project.source()))?,
            (None, None) => galley::text::layout::Layout::Auto,
        };
        let select = match self.select.is_empty() {
            true => file.select.unwrap_or_default(),
            false => self.select.clone(),
        };
        let joined =
            |a: Option<Vec<String>>, b: &[String]| [a.unwrap_or_default(), b.to_vec()].concat();
        let mut builder = Engine::builder()
            .profile((profile != "none").then_some(profile.as_str()))
            .selection(Selection {
                select,
                extend: joined(file.extend_select, &self.extend_select),
                ignore: joined(file.ignore, &self.ignore),
            })
            .layout(layout);
        if let Some(config) = self.convert.clone().or(file.convert) {
            builder = builder.convert(&config);
        }
        for path in file.rules.unwrap_or_default().iter().chain(&self.rules) {
            builder = builder.pack_file(path)?;
        }
        Ok(builder.build()?)
    }

    /// The engine for a command without inputs: settings found from here.
    pub fn engine(&self) -> Result<Engine> {
        self.engine_for(&self.project(&[])?)
    }
}

/// What the clean and diff commands take from the settings file besides rules.
pub struct FileOptions {
    pub level: Option<String>,
    pub encoding: Option<String>,
    pub region: Option<String>,
    /// `--glob` entries: include patterns, then `!`-prefixed exclude patterns.
    pub globs: Vec<String>,
    pub source: String,
}

impl Project {
    pub fn options(&self) -> FileOptions {
        let s = self.settings();
        let globs = s
            .include
            .unwrap_or_default()
            .into_iter()
            .chain(
                s.exclude
                    .unwrap_or_default()
                    .into_iter()
                    .map(|g| format!("!{g}")),
            )
            .collect();
        FileOptions {
            level: s.level,
            encoding: s.encoding,
            region: s.region,
            globs,
            source: self.source(),
        }
    }
}

#[derive(Args)]
pub struct ConfigArgs {
    /// The file or directory whose settings to show (default: here).
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
}

/// `galley config`: every setting in force, and where it comes from.
pub fn run(args: ConfigArgs) -> Result<i32> {
    let names: Vec<PathBuf> = args.path.iter().cloned().collect();
    let project = args.rules.project(&names)?;
    let group = args.path.as_deref().map_or(0, |p| project.group_of(p));
    // The rules these settings run, so that a mistake shows here and not in the middle of a
    // batch.
    let active = args.rules.engine_of(&project, group)?.active().count();
    if active == 0 {
        bail!("these settings run no rule");
    }
    let from_file = project.source();
    let lines = rows(&args.rules, &project.settings_of(group))
        .into_iter()
        .map(|(key, cli, file, default)| {
            let (value, source) = match (cli, file) {
                (Some(v), _) => (v, "command line"),
                (None, Some(v)) => (v, from_file.as_str()),
                (None, None) => (default.to_string(), "default"),
            };
            format!("{key:<14} = {value:<40} # {source}")
        });
    // Written with `writeln!`, so that a closed pipe (`galley config | head`) is an error to
    // return, not a panic in `println!`.
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", header(&project, group, args.rules.isolated)).context(super::STDOUT)?;
    for line in lines {
        writeln!(out, "{line}").context(super::STDOUT)?;
    }
    writeln!(out, "# {active} rules run").context(super::STDOUT)?;
    Ok(OK)
}

/// Which settings file is in force, and which of its overrides.
fn header(project: &Project, group: usize, isolated: bool) -> String {
    match &project.0 {
        Some(f) if group > 0 => format!(
            "# settings file: {}, with its [[overrides]] for {:?}",
            f.path.display(),
            f.overrides[group - 1].paths
        ),
        Some(f) => format!("# settings file: {}", f.path.display()),
        None if isolated => "# settings files ignored (--isolated)".to_string(),
        None => "# no settings file (galley.toml, .galley.toml, [tool.galley] in pyproject.toml) at or above the path".to_string(),
    }
}

/// Each setting: its key, the command line's value, the file's, and the default.
type Row = (&'static str, Option<String>, Option<String>, &'static str);

fn rows(r: &RuleArgs, file: &Settings) -> Vec<Row> {
    let list = |v: &[String]| (!v.is_empty()).then(|| format!("{v:?}"));
    let paths = |v: &[PathBuf]| {
        let shown: Vec<String> = v.iter().map(|p| p.display().to_string()).collect();
        list(&shown)
    };
    let from = |v: &Option<Vec<String>>| v.as_deref().and_then(list);
    vec![
        (
            "profile",
            r.profile.clone(),
            file.profile.clone(),
            galley::DEFAULT_PROFILE,
        ),
        ("select", list(&r.select), from(&file.select), "[]"),
        (
            "extend-select",
            list(&r.extend_select),
            from(&file.extend_select),
            "[]",
        ),
        ("ignore", list(&r.ignore), from(&file.ignore), "[]"),
        (
            "rules",
            paths(&r.rules),
            file.rules.as_deref().and_then(paths),
            "[]",
        ),
        (
            "layout",
            r.layout.map(|l| l.to_string()),
            file.layout.clone(),
            "auto",
        ),
        ("convert", r.convert.clone(), file.convert.clone(), "(none)"),
        ("include", None, from(&file.include), "[]"),
        ("exclude", None, from(&file.exclude), "[]"),
        ("level", None, file.level.clone(), "all"),
        ("encoding", None, file.encoding.clone(), "auto"),
        ("region", None, file.region.clone(), "(none)"),
    ]
}
