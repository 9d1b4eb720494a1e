//! The `Scanner` class: a compiled [`Engine`] built from the constructor's arguments,
//! whose methods are the module functions with its own rules and policy.

use std::path::PathBuf;

use discreet::phrases::PhraseSet;
use discreet::{BrandProfile, RuleSet, Scanner, ScannerBuilder};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::engine::{redactor_from, Engine};
use crate::errors::py_err;
use crate::results::{PyFinding, PyVerdict};
use crate::{batch, buffers, convert};

/// A compiled scanner: the built-in rules (unless `builtin=False`), extra rule files, rules
/// disabled by id, an allow-list of the brand's own contact points, a confidence threshold,
/// and the redaction policy (and key) that `redact` uses.
///
/// Build one and reuse it: compiling takes milliseconds, scanning a tweet microseconds.
/// Immutable and safe to share between threads.
#[pyclass(name = "Scanner", module = "discreet._discreet", subclass, frozen)]
pub(crate) struct PyScanner {
    pub(crate) engine: Engine,
    pub(crate) repr: String,
}

/// A list-of-str argument (`what`, for the message); `None` is empty, a lone str is an
/// error (it would be read as its characters).
fn strings(v: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<String>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    if v.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a list of str, not a str"
        )));
    }
    v.try_iter()?.map(|i| i?.extract::<String>()).collect()
}

/// A `rules` argument: the paths of rule files or folders.
fn paths(rules: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    let Some(r) = rules.filter(|r| !r.is_none()) else {
        return Ok(Vec::new());
    };
    if r.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "rules and phrases must be lists of paths, not a str",
        ));
    }
    r.try_iter()?.map(|p| p?.extract()).collect()
}

#[pymethods]
impl PyScanner {
    #[new]
    #[pyo3(signature = (rules=None, disable=None, allow=None, *, builtin=true, min_score=None, rules_toml=None, policy=None, key=None, brand=None, phrases=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        rules: Option<&Bound<'_, PyAny>>,
        disable: Option<&Bound<'_, PyAny>>,
        allow: Option<&Bound<'_, PyAny>>,
        builtin: bool,
        min_score: Option<f64>,
        rules_toml: Option<&Bound<'_, PyAny>>,
        policy: Option<&Bound<'_, PyAny>>,
        key: Option<&Bound<'_, PyAny>>,
        brand: Option<PathBuf>,
        phrases: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyScanner> {
        let phrase_paths = paths(phrases)?;
        let paths = paths(rules)?;
        let toml = strings(rules_toml, "rules_toml")?;
        let disable = strings(disable, "disable")?;
        let allow = strings(allow, "allow")?;
        let brand = match brand {
            Some(p) => Some(BrandProfile::from_path(&p).map_err(py_err)?),
            None => None,
        };
        let plain = paths.is_empty()
            && brand.is_none()
            && toml.is_empty()
            && disable.is_empty()
            && allow.is_empty()
            && builtin
            && min_score.is_none()
            && phrase_paths.is_empty();
        let scanner = if plain {
            Scanner::default()
        } else {
            let mut b = ScannerBuilder::new();
            b.builtin_rules(builtin);
            for p in &paths {
                b.rules(RuleSet::from_path(p).map_err(py_err)?);
            }
            for src in &toml {
                b.rules(RuleSet::from_toml(src, None).map_err(py_err)?);
            }
            for id in &disable {
                b.disable(id);
            }
            for a in &allow {
                b.allow(a);
            }
            if let Some(s) = min_score {
                b.min_score(s);
            }
            if let Some(profile) = brand {
                b.brand(profile);
            }
            if !phrase_paths.is_empty() {
                let refs: Vec<&std::path::Path> =
                    phrase_paths.iter().map(PathBuf::as_path).collect();
                b.phrases(PhraseSet::builtin_and(&refs).map_err(py_err)?);
            }
            py.detach(|| b.build()).map_err(py_err)?
        };
        let redactor = redactor_from(py, policy, key, Some(&scanner))?;
        let repr = format!(
            "Scanner(rules={}, disable={:?}, allow={:?}, builtin={}, min_score={}{})",
            scanner.rules().len(),
            disable,
            allow,
            if builtin { "True" } else { "False" },
            min_score.map_or("None".to_string(), |s| s.to_string()),
            if policy.is_some() { ", policy=..." } else { "" },
        );
        Ok(PyScanner {
            engine: Engine { scanner, redactor },
            repr,
        })
    }

    /// Judges one text: the `discreet scan` output object for
    /// `{"id": id, "text": text, "direction": direction}`.
    #[pyo3(signature = (text, direction="incoming", id=None))]
    fn scan<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        direction: &str,
        id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        self.engine.scan(py, text, direction, id)
    }

    /// Judges one text: a `Verdict` object (`to_dict()` gives what `scan` returns).
    #[pyo3(signature = (text, direction="incoming"))]
    fn classify(&self, py: Python<'_>, text: &str, direction: &str) -> PyResult<PyVerdict> {
        self.engine.classify(py, text, direction)
    }

    /// The sensitive data in `text`, whoever wrote it, as `Finding` objects.
    fn findings(&self, py: Python<'_>, text: &str) -> Vec<PyFinding> {
        self.engine.findings(py, text)
    }

    /// `text` with every finding replaced by this scanner's policy.
    fn redact(&self, py: Python<'_>, text: &str) -> String {
        self.engine.redact(py, text)
    }

    /// `redact` with the details: `{"text", "spans": [{"original": {"start", "end"},
    /// "replacement": {"start", "end"}, "category", "kind"}], "weighted_length"}`.
    fn redaction<'py>(&self, py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyDict>> {
        self.engine.redaction(py, text)
    }

    /// Judges many texts on all cores, without the GIL: one `discreet scan` output dict per
    /// text, in order (with `"redacted"` added when `redact=True`). A text that is `None`
    /// or not a str, or a bad direction, gives `{"id", "error"}` for that row.
    #[pyo3(signature = (texts, directions=None, ids=None, *, redact=false, threads=None))]
    fn scan_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        directions: Option<&Bound<'py, PyAny>>,
        ids: Option<&Bound<'py, PyAny>>,
        redact: bool,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        batch::scan_batch(&self.engine, py, texts, directions, ids, redact, threads)
    }

    /// `discreet scan` over JSON Lines: one output line (a str, no newline) per input line,
    /// byte for byte what the command writes.
    #[pyo3(signature = (lines, *, threads=None))]
    fn scan_jsonl(
        &self,
        py: Python<'_>,
        lines: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<String>> {
        batch::scan_jsonl(&self.engine, py, lines, threads)
    }

    /// Internal: the Arrow batch call on raw buffers (see `discreet._arrow`).
    #[pyo3(signature = (texts, directions=None, redact=false, threads=None))]
    fn _scan_buffers<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        directions: Option<&Bound<'py, PyAny>>,
        redact: bool,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyDict>> {
        buffers::scan_buffers(&self.engine, py, texts, directions, redact, threads)
    }

    /// The rules this scanner runs: dicts with `id`, `category`, `kind`.
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        convert::rule_list(py, &self.engine.scanner)
    }

    fn __repr__(&self) -> String {
        self.repr.clone()
    }
}
