//! The engine behind the module functions and `Scanner`: a compiled scanner with the
//! redactor its `redact` uses, the Python arguments that configure them (direction,
//! policy, key), and the calls on one text. Each call releases the GIL while it scans.
//!
//! The module functions use [`default_engine`] (built-in rules, default policy); a
//! `Scanner` holds its own. Batch calls are in [`crate::batch`] and [`crate::buffers`].

use std::path::PathBuf;
use std::sync::OnceLock;

use discreet::{Direction, Key, RedactionPolicy, Redactor, Scanner};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::convert::{self, Judged};
use crate::errors::py_err;
use crate::results::{PyFinding, PyVerdict};

/// A scanner and the redactor its `redact` calls use.
#[derive(Clone, Debug)]
pub(crate) struct Engine {
    pub(crate) scanner: Scanner,
    pub(crate) redactor: Redactor,
}

fn default_redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(Redactor::default)
}

/// The built-in rules with the default redaction policy, built on first use.
pub(crate) fn default_engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine {
        scanner: Scanner::default(),
        redactor: default_redactor().clone(),
    })
}

/// A `direction` argument (`"incoming"` or `"outgoing"`); anything else raises
/// `DiscreetError`.
pub(crate) fn parse_direction(direction: &str) -> PyResult<Direction> {
    direction.parse::<Direction>().map_err(py_err)
}

/// A policy argument: `None` (placeholders), a dict (the policy file's shape), or the path
/// of a policy file (TOML, or JSON when it ends in `.json`).
fn policy_from(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<RedactionPolicy> {
    let Some(p) = policy else {
        return Ok(RedactionPolicy::new());
    };
    if p.is_instance_of::<PyDict>() {
        let json = py.import("json")?;
        let text: String = json.call_method1("dumps", (p,))?.extract()?;
        return RedactionPolicy::from_json(&text).map_err(py_err);
    }
    let path: PathBuf = p.extract().map_err(|_| {
        PyTypeError::new_err(
            "policy must be None, a dict or the path of a policy file (str or os.PathLike)",
        )
    })?;
    RedactionPolicy::from_path(path).map_err(py_err)
}

/// A key argument: bytes, a str (its UTF-8 bytes), or an `os.PathLike` naming a key file
/// (read as `discreet scan --key-file` reads it: surrounding whitespace ignored).
fn key_from(key: &Bound<'_, PyAny>) -> PyResult<Key> {
    let bytes: Vec<u8> = if let Ok(s) = key.cast::<PyString>() {
        s.to_str()?.as_bytes().to_vec()
    } else if let Ok(b) = key.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if key.hasattr("__fspath__")? {
        let path: PathBuf = key.extract()?;
        return Key::from_file(path).map_err(py_err);
    } else {
        return Err(PyTypeError::new_err(
            "key must be bytes, str, or the path of a key file (os.PathLike)",
        ));
    };
    Key::new(bytes).map_err(py_err)
}

/// The redactor for `policy` and `key` arguments (the shared default one when both are
/// `None`). With a `scanner`, the policy may name the kinds of its rules.
pub(crate) fn redactor_from(
    py: Python<'_>,
    policy: Option<&Bound<'_, PyAny>>,
    key: Option<&Bound<'_, PyAny>>,
    scanner: Option<&Scanner>,
) -> PyResult<Redactor> {
    if policy.is_none() && key.is_none() {
        return Ok(default_redactor().clone());
    }
    let mut policy = policy_from(py, policy)?;
    // A policy may name the kinds of the scanner's own rules, not only the built-in ones.
    if let Some(scanner) = scanner {
        policy.with_kinds(scanner.rules().map(|r| r.kind().to_string()));
    }
    match key {
        Some(k) => Redactor::with_key(policy, key_from(k)?),
        None => Redactor::new(policy),
    }
    .map_err(py_err)
}

impl Engine {
    /// The `discreet scan` output object for one text.
    pub(crate) fn scan<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        direction: &str,
        id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        convert::verdict_dict(py, id, &self.judge(py, text, direction)?)
    }

    /// The verdict on one text as a `Verdict` object.
    pub(crate) fn classify(
        &self,
        py: Python<'_>,
        text: &str,
        direction: &str,
    ) -> PyResult<PyVerdict> {
        Ok(PyVerdict(self.judge(py, text, direction)?))
    }

    fn judge(&self, py: Python<'_>, text: &str, direction: &str) -> PyResult<Judged> {
        let direction = parse_direction(direction)?;
        Ok(py.detach(|| Judged::new(text, self.scanner.classify(text, direction))))
    }

    pub(crate) fn findings(&self, py: Python<'_>, text: &str) -> Vec<PyFinding> {
        let (findings, cp) = py.detach(|| convert::findings_cp(text, self.scanner.scan(text)));
        PyFinding::list(findings, &cp)
    }

    pub(crate) fn redact(&self, py: Python<'_>, text: &str) -> String {
        py.detach(|| self.redactor.redact(&self.scanner, text).text)
    }

    pub(crate) fn redaction<'py>(
        &self,
        py: Python<'py>,
        text: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let (r, cp) =
            py.detach(|| convert::redaction_cp(text, self.redactor.redact(&self.scanner, text)));
        convert::redaction_dict(py, &r, &cp)
    }
}
