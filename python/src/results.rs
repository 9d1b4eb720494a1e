//! The result classes `Finding`, `Reason` and `Verdict`: frozen views of the library's
//! values with offsets in code points (`str` indices) and bytes, and `to_dict()` giving
//! the dicts of [`crate::convert`].

use discreet::{Action, Category, Finding, Reason};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::convert::{self, Judged};

/// One piece of sensitive data: a span of the text, its category and kind, the rule that
/// found it and a confidence.
#[pyclass(name = "Finding", module = "discreet", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyFinding {
    f: Finding,
    /// Index (code points) of the value's first character: `text[start:end]` is the value.
    #[pyo3(get)]
    start: usize,
    /// Index (code points) one past the value's last character.
    #[pyo3(get)]
    end: usize,
}

impl PyFinding {
    /// Findings paired with their copies in code points (in the same order).
    pub(crate) fn list(findings: impl IntoIterator<Item = Finding>, cp: &[Finding]) -> Vec<Self> {
        findings
            .into_iter()
            .zip(cp)
            .map(|(f, c)| PyFinding {
                f,
                start: c.start,
                end: c.end,
            })
            .collect()
    }
}

#[pymethods]
impl PyFinding {
    /// UTF-8 byte offset of the value's first byte (the JSON contract's `start`).
    #[getter]
    fn start_byte(&self) -> usize {
        self.f.start
    }
    /// UTF-8 byte offset one past the value's last byte.
    #[getter]
    fn end_byte(&self) -> usize {
        self.f.end
    }
    /// One of the seven categories: email, phone, address, billing, account, purchase,
    /// verification.
    #[getter]
    fn category(&self) -> &'static str {
        self.f.category.as_str()
    }
    /// The kind within the category, e.g. `card_number`.
    #[getter]
    fn kind(&self) -> &str {
        &self.f.kind
    }
    /// The id of the rule that found it, e.g. `billing.card_number`.
    #[getter]
    fn rule(&self) -> &str {
        &self.f.rule
    }
    /// How sure the rule is, 0..1.
    #[getter]
    fn confidence(&self) -> f64 {
        self.f.confidence
    }
    /// The matched value, sliced from `text` (the text that was scanned), the same as
    /// `text[start:end]`; `None` when the span does not fit `text`.
    fn value(&self, text: &str) -> Option<String> {
        self.f.value(text).map(str::to_owned)
    }
    /// The finding as a dict: the JSON contract's fields, with code-point `start`/`end`
    /// and the bytes as `start_byte`/`end_byte`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let mut cp = self.f.clone();
        (cp.start, cp.end) = (self.start, self.end);
        convert::finding_dict(py, &self.f, &cp)
    }
    fn __repr__(&self) -> String {
        format!(
            "Finding(start={}, end={}, category={:?}, kind={:?}, rule={:?}, confidence={})",
            self.start,
            self.end,
            self.f.category.as_str(),
            &*self.f.kind,
            &*self.f.rule,
            self.f.confidence
        )
    }
}

/// One reason behind a verdict: a code, the category, the span that triggered it and a
/// sentence for a person.
#[pyclass(name = "Reason", module = "discreet", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyReason {
    r: Reason,
    /// Start of the triggering span (code points, a `str` index).
    #[pyo3(get)]
    start: usize,
    /// End of the triggering span (code points).
    #[pyo3(get)]
    end: usize,
}

#[pymethods]
impl PyReason {
    /// `discloses`, `solicits`, `too_long` or `needs_private_details`.
    #[getter]
    fn code(&self) -> &'static str {
        self.r.code.as_str()
    }
    /// The category concerned, or `None`.
    #[getter]
    fn category(&self) -> Option<&'static str> {
        self.r.category.map(Category::as_str)
    }
    /// Start of the triggering span (UTF-8 bytes, the JSON contract's `start`).
    #[getter]
    fn start_byte(&self) -> usize {
        self.r.start
    }
    /// End of the triggering span (UTF-8 bytes).
    #[getter]
    fn end_byte(&self) -> usize {
        self.r.end
    }
    /// A short sentence for a person.
    #[getter]
    fn message(&self) -> &str {
        &self.r.message
    }
    /// The reason as a dict (offsets as in `Finding.to_dict`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let mut cp = self.r.clone();
        (cp.start, cp.end) = (self.start, self.end);
        convert::reason_dict(py, &self.r, &cp)
    }
    fn __repr__(&self) -> String {
        format!(
            "Reason(code={:?}, category={}, start={}, end={}, message={:?})",
            self.r.code.as_str(),
            self.r
                .category
                .map_or("None".to_string(), |c| format!("{:?}", c.as_str())),
            self.start,
            self.end,
            self.r.message
        )
    }
}

/// The judgement on one text: what to do, what was found, what is asked for, and why.
#[pyclass(name = "Verdict", module = "discreet", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyVerdict(pub(crate) Judged);

#[pymethods]
impl PyVerdict {
    /// `ok`, `suggest_dm` or `require_dm`.
    #[getter]
    fn action(&self) -> &'static str {
        self.0.v.action.as_str()
    }
    /// The sensitive data found.
    #[getter]
    fn findings(&self) -> Vec<PyFinding> {
        PyFinding::list(self.0.v.findings.iter().cloned(), &self.0.cp.findings)
    }
    /// The categories the text asks the other party to share in public, sorted.
    #[getter]
    fn solicits(&self) -> Vec<&'static str> {
        convert::solicit_names(&self.0.v)
    }
    /// Why: disclosures, solicitations, length, issues.
    #[getter]
    fn reasons(&self) -> Vec<PyReason> {
        let j = &self.0;
        j.v.reasons
            .iter()
            .zip(&j.cp.reasons)
            .map(|(r, c)| PyReason {
                r: r.clone(),
                start: c.start,
                end: c.end,
            })
            .collect()
    }
    /// The twitter-text weighted length (a tweet allows 280).
    #[getter]
    fn weighted_length(&self) -> usize {
        self.0.v.weighted_length
    }
    /// Mentions, hashtags, URLs and cashtags: dicts with `kind`, `start`, `end` (code
    /// points), `start_byte`, `end_byte`.
    #[getter]
    fn entities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        convert::entity_list(py, &self.0)
    }
    /// Whether a Direct Message is recommended (`action` is not `ok`).
    #[getter]
    fn needs_dm(&self) -> bool {
        self.0.v.action != Action::Ok
    }
    /// The verdict as the `discreet scan` output object (`id` first).
    #[pyo3(signature = (id=None))]
    fn to_dict<'py>(
        &self,
        py: Python<'py>,
        id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        convert::verdict_dict(py, id, &self.0)
    }
    fn __repr__(&self) -> String {
        let found: Vec<String> = self
            .0
            .v
            .findings
            .iter()
            .map(|f| format!("{}/{}", f.category.as_str(), &*f.kind))
            .collect();
        format!(
            "Verdict(action={:?}, findings=[{}], solicits={:?}, weighted_length={})",
            self.0.v.action.as_str(),
            found.join(", "),
            self.solicits(),
            self.0.v.weighted_length
        )
    }
}
