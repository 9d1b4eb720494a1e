//! The module-level functions: the `Scanner` methods with the built-in rules and the
//! default policy (one shared [`default_engine`]), and the shared default `Scanner`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

use crate::batch;
use crate::engine::{default_engine, redactor_from};
use crate::results::{PyFinding, PyVerdict};
use crate::scanner::PyScanner;

/// Judges one text with the built-in rules: the `discreet scan` output object.
#[pyfunction]
#[pyo3(signature = (text, direction="incoming", id=None))]
pub(crate) fn scan<'py>(
    py: Python<'py>,
    text: &str,
    direction: &str,
    id: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    default_engine().scan(py, text, direction, id)
}

/// Judges one text with the built-in rules: a `Verdict`.
#[pyfunction]
#[pyo3(signature = (text, direction="incoming"))]
pub(crate) fn classify(py: Python<'_>, text: &str, direction: &str) -> PyResult<PyVerdict> {
    default_engine().classify(py, text, direction)
}

/// The sensitive data in `text` (built-in rules), as `Finding` objects.
#[pyfunction]
pub(crate) fn findings(py: Python<'_>, text: &str) -> Vec<PyFinding> {
    default_engine().findings(py, text)
}

/// `text` with every finding (built-in rules) replaced: by the default policy (category
/// placeholders such as `[EMAIL]`), or by `policy` (a dict in the policy file's shape, or
/// the path of a policy file); `key` (bytes or str, 16 bytes at least) for pseudonyms.
#[pyfunction]
#[pyo3(signature = (text, policy=None, key=None))]
pub(crate) fn redact(
    py: Python<'_>,
    text: &str,
    policy: Option<&Bound<'_, PyAny>>,
    key: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    if policy.is_none() && key.is_none() {
        return Ok(default_engine().redact(py, text));
    }
    let redactor = redactor_from(py, policy, key, None)?;
    let scanner = &default_engine().scanner;
    Ok(py.detach(|| redactor.redact(scanner, text).text))
}

/// `Scanner.scan_batch` with the built-in rules.
#[pyfunction]
#[pyo3(signature = (texts, directions=None, ids=None, *, redact=false, threads=None))]
pub(crate) fn scan_batch<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    directions: Option<&Bound<'py, PyAny>>,
    ids: Option<&Bound<'py, PyAny>>,
    redact: bool,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyList>> {
    batch::scan_batch(
        default_engine(),
        py,
        texts,
        directions,
        ids,
        redact,
        threads,
    )
}

/// `Scanner.scan_jsonl` with the built-in rules.
#[pyfunction]
#[pyo3(signature = (lines, *, threads=None))]
pub(crate) fn scan_jsonl(
    py: Python<'_>,
    lines: &Bound<'_, PyAny>,
    threads: Option<usize>,
) -> PyResult<Vec<String>> {
    batch::scan_jsonl(default_engine(), py, lines, threads)
}

/// The default scanner object (built-in rules), shared.
#[pyfunction]
pub(crate) fn _default_scanner(py: Python<'_>) -> PyResult<Py<PyScanner>> {
    static S: PyOnceLock<Py<PyScanner>> = PyOnceLock::new();
    S.get_or_try_init(py, || {
        Py::new(
            py,
            PyScanner {
                engine: default_engine().clone(),
                repr: "Scanner()".into(),
            },
        )
    })
    .map(|s| s.clone_ref(py))
}
