//! The `galley` Python module: the library's engine, batch cleaning with furniture learned
//! across texts, and edits whose offsets are Python string indices.
//!
//! The module is a thin layer: everything it returns is what the Rust library computes, turned
//! into Python objects. Offsets are the one thing it adds, because Python slices strings by code
//! point and the library counts UTF-8 bytes: every edit and warning carries both.

mod offsets;

use galley::report::jsonl::EditRecord;
use galley::{batch, Layout, Level, Pack, Selection};
use offsets::CodePoints;
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};
use std::path::PathBuf;
use std::sync::Arc;

create_exception!(
    galley,
    GalleyError,
    PyValueError,
    "A rule pack, profile, selector or setting galley cannot use; the message is the command line's (FILE:LINE for packs)."
);

fn error(e: galley::Error) -> PyErr {
    GalleyError::new_err(e.to_string())
}

/// Where a pack comes from: a file, or TOML text given in place.
#[derive(Clone)]
enum RuleSource {
    Path(PathBuf),
    Toml(String),
}

/// What an engine was built from: enough to build it again (in another process, for pickling).
#[derive(Clone)]
struct Settings {
    profile: Option<String>,
    select: Vec<String>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    rules: Vec<RuleSource>,
    layout: Layout,
    convert: Option<String>,
    level: Level,
    /// Whether a text that does not end with a line break gets one, as a file does.
    final_newline: bool,
}

impl Settings {
    fn build(&self) -> PyResult<galley::Engine> {
        let mut builder = galley::Engine::builder()
            .profile(self.profile.as_deref())
            .selection(Selection {
                select: self.select.clone(),
                extend: self.extend_select.clone(),
                ignore: self.ignore.clone(),
            })
            .layout(self.layout);
        if let Some(config) = &self.convert {
            builder = builder.convert(config);
        }
        for (k, source) in self.rules.iter().enumerate() {
            let pack = match source {
                RuleSource::Path(path) => Pack::from_file(path),
                RuleSource::Toml(text) => Pack::parse(text, &format!("<rules[{k}]>")),
            };
            builder = builder.pack(pack.map_err(error)?);
        }
        builder.build().map_err(error)
    }
}

/// A rule engine: a profile's rule packs, your own packs, and which rules run.
///
/// >>> import galley
/// >>> engine = galley.Engine()
/// >>> engine.clean("近年来,山西省气象局坚持党建引领。\n").text
/// '近年来，山西省气象局坚持党建引领。\n'
/// >>> galley.Engine(select=["punct.comma"]).clean("近年来,山西,太原").text
/// '近年来，山西，太原'
///
/// `rules` takes pack files (a `str` or `os.PathLike` naming one) and TOML text (a `str` with a
/// line break); `layout` is `"auto"`, `"wrapped"` or `"paragraphs"`; `convert` an OpenCC
/// configuration (`"s2t"`, `"t2s"`, `"s2tw"`, …); `level="safe"` keeps only the edits that need
/// no review. With `final_newline=False` a text is cleaned as `galley clean --jsonl` cleans a
/// record's field, not as a file: one that did not end with a line break gets none.
///
/// >>> galley.Engine(final_newline=False).clean("近年来,山西").text
/// '近年来，山西'
///
/// A pack, selector or setting galley cannot use raises `GalleyError` with the
/// command line's message:
///
/// >>> galley.Engine(select=["punct.coma"])
/// Traceback (most recent call last):
/// ...
/// galley.GalleyError: `punct.coma` matches no rule id (did you mean `punct.comma`?); `galley rules list` shows the ids
#[pyclass(module = "galley", frozen)]
struct Engine {
    core: Arc<galley::Engine>,
    settings: Settings,
    /// The edge samples of the pages learned from, when the engine was learned.
    samples: Option<Arc<Vec<String>>>,
}

fn strings(value: Option<Vec<String>>) -> Vec<String> {
    value.unwrap_or_default()
}

/// The strings of `texts`: any iterable of `str` (a list, a generator, a pandas Series), not
/// one string.
fn texts_of(texts: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts takes an iterable of strings, not one string (use clean for one)",
        ));
    }
    let mut out = Vec::new();
    for (k, item) in texts.try_iter()?.enumerate() {
        let item = item?;
        let text = item.extract::<String>().map_err(|_| {
            let kind = item
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default();
            PyTypeError::new_err(format!("texts[{k}] is not a str but {kind}"))
        })?;
        out.push(text);
    }
    Ok(out)
}

fn rule_sources(rules: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<RuleSource>> {
    let Some(rules) = rules else {
        return Ok(Vec::new());
    };
    if rules.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "rules takes a list of pack files or TOML texts, not one string",
        ));
    }
    let mut sources = Vec::new();
    for item in rules.try_iter()? {
        let item = item?;
        sources.push(match item.extract::<String>() {
            Ok(text) if text.contains('\n') => RuleSource::Toml(text),
            Ok(path) => RuleSource::Path(PathBuf::from(path)),
            Err(_) => RuleSource::Path(item.extract::<PathBuf>()?),
        });
    }
    Ok(sources)
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (profile="newspaper-zh", select=None, extend_select=None, ignore=None, rules=None, layout="auto", convert=None, level="all", final_newline=true))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        profile: Option<&str>,
        select: Option<Vec<String>>,
        extend_select: Option<Vec<String>>,
        ignore: Option<Vec<String>>,
        rules: Option<&Bound<'_, PyAny>>,
        layout: &str,
        convert: Option<String>,
        level: &str,
        final_newline: bool,
    ) -> PyResult<Engine> {
        let layout = layout
            .parse()
            .map_err(|e| GalleyError::new_err(format!("layout: {e}")))?;
        let level = match level {
            "all" => Level::Review,
            "safe" => Level::Safe,
            other => {
                return Err(GalleyError::new_err(format!(
                    "level: `{other}` is not a level (all, safe)"
                )))
            }
        };
        let settings = Settings {
            profile: profile.filter(|p| *p != "none").map(str::to_string),
            select: strings(select),
            extend_select: strings(extend_select),
            ignore: strings(ignore),
            rules: rule_sources(rules)?,
            layout,
            convert,
            level,
            final_newline,
        };
        Ok(Engine {
            core: Arc::new(settings.build()?),
            settings,
            samples: None,
        })
    }

    /// The clean text of `text`, its edits and its warnings.
    ///
    /// >>> c = galley.Engine().clean("近年来,山西\n")
    /// >>> c.text
    /// '近年来，山西\n'
    /// >>> e = c.edits[0]
    /// >>> (e.start, e.end, e.before, e.after, e.rules, e.level)
    /// (3, 4, ',', '，', ['punct.comma'], 'safe')
    fn clean(&self, py: Python<'_>, text: &str) -> Cleaned {
        let core = &self.core;
        let cleaned = py.detach(|| core.clean(text));
        Cleaned::new(text, cleaned, &self.settings)
    }

    /// `texts` (any iterable of strings) cleaned in parallel, results in input order. With `learn` (the default), the
    /// furniture that repeats across the texts (a running head, a publisher's line) is learned
    /// from all of them first, as `galley clean DIR` learns it across a directory's files.
    /// `threads` is the number of threads (by default one per core). The GIL is released while
    /// the texts are cleaned.
    ///
    /// >>> pages = [f"{a}\n\n法治周报社出版\n" for a in ["近年来,山西。", "会议指出,安全。", "全省春耕。", "各地备耕。"]]
    /// >>> [c.text for c in galley.Engine().clean_many(pages)][0]
    /// '近年来，山西。\n'
    #[pyo3(signature = (texts, learn=true, threads=None))]
    fn clean_many(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        learn: bool,
        threads: Option<usize>,
    ) -> PyResult<Vec<Cleaned>> {
        let texts = texts_of(texts)?;
        let core = &self.core;
        let run = || {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            batch::clean_many(core, &refs, learn)
        };
        let cleaned = py.detach(|| match threads {
            None => Ok(run()),
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map(|pool| pool.install(run)),
        });
        let cleaned = cleaned.map_err(|e| PyValueError::new_err(format!("threads: {e}")))?;
        Ok(texts
            .iter()
            .zip(cleaned)
            .map(|(t, c)| Cleaned::new(t, c, &self.settings))
            .collect())
    }

    /// This engine after learning the furniture of `texts` (a form feed ends a page): what
    /// `clean_many` cleans with. Learn once on a sample of a corpus, then clean its parts
    /// (partitions of a Spark job) with the learned engine, which pickles with what it learned.
    ///
    /// >>> pages = [f"{a}\n\n法治周报社出版\n" for a in ["近年来,山西。", "会议指出,安全。", "全省春耕。", "各地备耕。"]]
    /// >>> learned = galley.Engine().learned(pages)
    /// >>> learned.clean(pages[0]).text
    /// '近年来，山西。\n'
    /// >>> import pickle
    /// >>> pickle.loads(pickle.dumps(learned)).clean(pages[1]).text
    /// '会议指出，安全。\n'
    fn learned(&self, py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<Engine> {
        let texts = texts_of(texts)?;
        let core = &self.core;
        let (engine, samples) = py.detach(|| {
            let samples = batch::samples::EdgeSamples::of(texts.iter().map(String::as_str));
            let pages: Vec<String> = samples.pages().iter().map(|p| p.to_string()).collect();
            (core.learn(&samples.pages()), pages)
        });
        Ok(Engine {
            core: Arc::new(engine),
            settings: self.settings.clone(),
            samples: Some(Arc::new(samples)),
        })
    }

    /// Whether the engine learned furniture (`learned`).
    #[getter]
    fn is_learned(&self) -> bool {
        self.samples.is_some()
    }

    /// The ids of the rules that run, in order.
    ///
    /// >>> "punct.comma" in galley.Engine().rules
    /// True
    #[getter]
    fn rules(&self) -> Vec<String> {
        self.core.active().map(|r| r.info.id.clone()).collect()
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let s = &self.settings;
        let state = PyDict::new(py);
        state.set_item("profile", &s.profile)?;
        state.set_item("select", &s.select)?;
        state.set_item("extend_select", &s.extend_select)?;
        state.set_item("ignore", &s.ignore)?;
        let rules: Vec<(bool, String)> = s
            .rules
            .iter()
            .map(|r| match r {
                RuleSource::Path(p) => (true, p.to_string_lossy().into_owned()),
                RuleSource::Toml(t) => (false, t.clone()),
            })
            .collect();
        state.set_item("rules", rules)?;
        state.set_item("layout", s.layout.to_string())?;
        state.set_item("convert", &s.convert)?;
        state.set_item("level", s.level.to_string())?;
        state.set_item("final_newline", s.final_newline)?;
        state.set_item("samples", self.samples.as_deref())?;
        let restore = py.get_type::<Engine>().getattr("_restore")?;
        PyTuple::new(py, [restore, PyTuple::new(py, [state])?.into_any()])
    }

    /// Builds the engine `__reduce__` describes (packs named by path are read again).
    #[staticmethod]
    fn _restore(py: Python<'_>, state: &Bound<'_, PyDict>) -> PyResult<Engine> {
        let get = |k: &str| -> PyResult<Bound<'_, PyAny>> {
            state
                .get_item(k)?
                .ok_or_else(|| PyValueError::new_err(format!("engine state without `{k}`")))
        };
        let rules: Vec<(bool, String)> = get("rules")?.extract()?;
        let layout: String = get("layout")?.extract()?;
        let level: String = get("level")?.extract()?;
        let settings = Settings {
            profile: get("profile")?.extract()?,
            select: get("select")?.extract()?,
            extend_select: get("extend_select")?.extract()?,
            ignore: get("ignore")?.extract()?,
            rules: rules
                .into_iter()
                .map(|(is_path, s)| match is_path {
                    true => RuleSource::Path(PathBuf::from(s)),
                    false => RuleSource::Toml(s),
                })
                .collect(),
            layout: layout.parse().map_err(GalleyError::new_err)?,
            convert: get("convert")?.extract()?,
            level: level.parse().map_err(GalleyError::new_err)?,
            final_newline: get("final_newline")?.extract()?,
        };
        let samples: Option<Vec<String>> = get("samples")?.extract()?;
        let core = settings.build()?;
        let core = match &samples {
            Some(pages) => py.detach(|| {
                let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
                core.learn(&pages)
            }),
            None => core,
        };
        Ok(Engine {
            core: Arc::new(core),
            settings,
            samples: samples.map(Arc::new),
        })
    }

    fn __repr__(&self) -> String {
        let profile = self.settings.profile.as_deref().unwrap_or("none");
        let learned = if self.samples.is_some() {
            ", learned"
        } else {
            ""
        };
        format!(
            "Engine(profile={profile:?}, {} rules{learned})",
            self.core.active().count()
        )
    }
}

/// One edit: the span `start:end` of the input (Python string indices; `byte_start:byte_end`
/// in its UTF-8) replaced by `after`, by the rules in `rules`.
#[pyclass(module = "galley", frozen, get_all)]
#[derive(Clone)]
struct Edit {
    /// Index of the first character replaced, as Python slices the input.
    start: usize,
    /// Index after the last character replaced.
    end: usize,
    /// UTF-8 byte offset where the span starts, as the CLI's reports give it.
    byte_start: usize,
    /// UTF-8 byte offset where it ends.
    byte_end: usize,
    /// 1-based line of `start`.
    line: usize,
    /// 1-based column of `start`, in characters.
    column: usize,
    /// The input's text in the span.
    before: String,
    /// What replaces it.
    after: String,
    /// The rules that made the edit, in the order they ran.
    rules: Vec<String>,
    /// The rules joined with `+`, as the reports name them.
    rule: String,
    /// `"safe"`, or `"review"` when a person should look at it.
    level: String,
    /// Why the rule made it.
    reason: String,
    /// The change the edit belongs to when it takes several edits, accepted or rejected
    /// together (a headline moved: taken out in one place, put back in another), else `None`.
    group: Option<usize>,
}

#[pymethods]
impl Edit {
    fn __repr__(&self) -> String {
        format!(
            "Edit({}:{} {:?} -> {:?}, rule={:?}, level={:?})",
            self.start, self.end, self.before, self.after, self.rule, self.level
        )
    }

    /// The edit as a dict with the report's field names (and `byte_start`, `byte_end`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("byte_start", self.byte_start)?;
        d.set_item("byte_end", self.byte_end)?;
        d.set_item("line", self.line)?;
        d.set_item("column", self.column)?;
        d.set_item("before", &self.before)?;
        d.set_item("after", &self.after)?;
        d.set_item("rules", &self.rules)?;
        d.set_item("rule", &self.rule)?;
        d.set_item("level", &self.level)?;
        d.set_item("reason", &self.reason)?;
        d.set_item("group", self.group)?;
        Ok(d)
    }
}

/// Something a rule noticed and did not change, on the clean text.
#[pyclass(module = "galley", frozen, get_all)]
#[derive(Clone)]
struct Warning {
    /// Index in the clean text, as Python slices it.
    offset: usize,
    /// UTF-8 byte offset in the clean text.
    byte_offset: usize,
    /// 1-based line in the clean text.
    line: usize,
    /// The rule that flagged it.
    rule: String,
    /// What it is.
    message: String,
}

#[pymethods]
impl Warning {
    fn __repr__(&self) -> String {
        format!(
            "Warning(line {}, rule={:?}: {})",
            self.line, self.rule, self.message
        )
    }
}

/// The result of cleaning a text: `text`, `edits` (on the input) and `warnings` (on `text`).
#[pyclass(module = "galley", frozen, get_all)]
struct Cleaned {
    /// The clean text.
    text: String,
    /// The edits, in order; applying all of them to the input gives `text`.
    edits: Vec<Edit>,
    /// What the rules flagged and left alone.
    warnings: Vec<Warning>,
}

impl Cleaned {
    fn new(input: &str, cleaned: galley::Cleaned, settings: &Settings) -> Cleaned {
        let cleaned = match settings.final_newline {
            true => cleaned,
            false => cleaned.as_field(input),
        };
        let galley::Cleaned {
            text,
            edits: kept,
            warnings,
        } = cleaned.keep(input, settings.level);
        let mut points = CodePoints::new(input);
        let edits = EditRecord::from_edits("", input, &kept)
            .into_iter()
            .map(|r| Edit {
                start: points.index(r.start),
                end: points.index(r.end),
                byte_start: r.start,
                byte_end: r.end,
                line: r.line,
                column: r.column,
                before: r.before,
                after: r.after,
                rule: r.rule,
                rules: r.rules,
                level: r.level.to_string(),
                reason: r.reason,
                group: r.group,
            })
            .collect();
        let mut points = CodePoints::new(&text);
        let mut warnings: Vec<&galley::Warning> = warnings.iter().collect();
        warnings.sort_by_key(|w| w.offset);
        let warnings = warnings
            .into_iter()
            .map(|w| Warning {
                offset: points.index(w.offset),
                byte_offset: w.offset,
                line: w.line,
                rule: w.rule.clone(),
                message: w.message.clone(),
            })
            .collect();
        Cleaned {
            text,
            edits,
            warnings,
        }
    }
}

#[pymethods]
impl Cleaned {
    fn __repr__(&self) -> String {
        format!(
            "Cleaned({} edits, {} warnings)",
            self.edits.len(),
            self.warnings.len()
        )
    }
}

/// `text` with `edits` applied: the edits a reviewer kept, from `Engine.clean(text).edits`.
/// Any subset of one result's edits applies; all of them give the clean text. Keep or drop the
/// edits of one `group` (a headline moved: taken out in one place, put back in another)
/// together, or the moved text is lost or doubled.
///
/// >>> text = "近年来,山西,太原"
/// >>> edits = galley.Engine().clean(text).edits
/// >>> galley.apply_edits(text, edits[:1])
/// '近年来，山西,太原'
#[pyfunction]
fn apply_edits(text: &str, edits: Vec<Edit>) -> PyResult<String> {
    let edits: Vec<galley::Edit> = edits
        .into_iter()
        .map(|e| galley::Edit {
            start: e.byte_start,
            end: e.byte_end,
            replacement: e.after,
            rules: e.rules,
            level: e.level.parse().unwrap_or(Level::Review),
            reason: e.reason,
            group: e.group,
        })
        .collect();
    galley::apply_edits(text, &edits).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// galley cleans raw OCR dumps of Chinese newspaper pages: it joins sentences a column break
/// cut in two, gives line-per-box dumps their paragraphs back, drops page furniture, turns
/// half-width punctuation in Chinese text into full-width, and reports every change as an edit
/// with the rule that made it.
///
/// >>> import galley
/// >>> galley.Engine().clean("近年来,山西省气象局坚持党建引领。\n").text
/// '近年来，山西省气象局坚持党建引领。\n'
#[pymodule]
#[pyo3(name = "galley")]
fn galley_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_class::<Cleaned>()?;
    m.add_class::<Edit>()?;
    m.add_class::<Warning>()?;
    m.add_function(wrap_pyfunction!(apply_edits, m)?)?;
    m.add("GalleyError", m.py().get_type::<GalleyError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_PROFILE", galley::DEFAULT_PROFILE)?;
    // What `from galley import *` (and the package maturin wraps the module in) takes.
    let names = [
        "Engine",
        "Cleaned",
        "Edit",
        "Warning",
        "GalleyError",
        "apply_edits",
        "DEFAULT_PROFILE",
        "__version__",
    ];
    m.add("__all__", names)?;
    Ok(())
}
