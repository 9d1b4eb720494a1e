//! Library results as Python dicts: the `discreet scan` JSON contract's objects, with
//! `str` indices (code points) in `start`/`end` and the contract's UTF-8 byte offsets
//! beside them in `start_byte`/`end_byte`.
//!
//! Every dict is built from a value in bytes and its copy in code points (converted in one
//! pass by [`discreet::offsets`]), so the two kinds of offsets always describe one span.
//! Key order follows the contract (`id` first), as `discreet scan` writes it.

use std::ops::Range;

use discreet::offsets::{self, Unit};
use discreet::{Category, Finding, Reason, Redaction, Scanner, Verdict};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// A verdict with its offsets in code points beside the byte offsets: `cp` is `v` with
/// every `start`/`end` converted (findings, reasons and entities in the same order).
#[derive(Clone, PartialEq)]
pub(crate) struct Judged {
    pub(crate) v: Verdict,
    pub(crate) cp: Verdict,
}

impl Judged {
    pub(crate) fn new(text: &str, v: Verdict) -> Judged {
        let mut cp = v.clone();
        offsets::convert_verdict(text, &mut cp, Unit::CodePoint);
        Judged { v, cp }
    }
}

/// `findings` and their copy in code points, converted in one pass.
pub(crate) fn findings_cp(text: &str, findings: Vec<Finding>) -> (Vec<Finding>, Vec<Finding>) {
    let mut cp = findings.clone();
    offsets::convert_findings(text, &mut cp, Unit::CodePoint);
    (findings, cp)
}

/// A redaction and its copy in code points (spans in the original and the redacted text).
pub(crate) fn redaction_cp(text: &str, r: Redaction) -> (Redaction, Redaction) {
    let mut cp = r.clone();
    offsets::convert_redaction(text, &mut cp, Unit::CodePoint);
    (r, cp)
}

/// `start`, `end` (code points), `start_byte`, `end_byte` (UTF-8), in this order.
fn set_span(
    py: Python<'_>,
    d: &Bound<'_, PyDict>,
    cp: (usize, usize),
    bytes: (usize, usize),
) -> PyResult<()> {
    d.set_item(intern!(py, "start"), cp.0)?;
    d.set_item(intern!(py, "end"), cp.1)?;
    d.set_item(intern!(py, "start_byte"), bytes.0)?;
    d.set_item(intern!(py, "end_byte"), bytes.1)
}

/// A dict holding only a span, as [`set_span`] writes it.
fn span_dict<'py>(
    py: Python<'py>,
    cp: (usize, usize),
    bytes: (usize, usize),
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    set_span(py, &d, cp, bytes)?;
    Ok(d)
}

/// The dict of a finding: the JSON contract's, with code-point `start`/`end` and the
/// bytes as `start_byte`/`end_byte`.
pub(crate) fn finding_dict<'py>(
    py: Python<'py>,
    f: &Finding,
    cp: &Finding,
) -> PyResult<Bound<'py, PyDict>> {
    let d = span_dict(py, (cp.start, cp.end), (f.start, f.end))?;
    d.set_item(intern!(py, "category"), f.category.as_str())?;
    d.set_item(intern!(py, "kind"), &*f.kind)?;
    d.set_item(intern!(py, "rule"), &*f.rule)?;
    d.set_item(intern!(py, "confidence"), f.confidence)?;
    Ok(d)
}

/// The dict of a reason: the JSON contract's, offsets as in [`finding_dict`].
pub(crate) fn reason_dict<'py>(
    py: Python<'py>,
    r: &Reason,
    cp: &Reason,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "code"), r.code.as_str())?;
    d.set_item(intern!(py, "category"), r.category.map(Category::as_str))?;
    set_span(py, &d, (cp.start, cp.end), (r.start, r.end))?;
    d.set_item(intern!(py, "message"), &r.message)?;
    Ok(d)
}

/// The output object of `discreet scan` for one line, offsets as in [`finding_dict`].
pub(crate) fn verdict_dict<'py>(
    py: Python<'py>,
    id: Option<&Bound<'py, PyAny>>,
    j: &Judged,
) -> PyResult<Bound<'py, PyDict>> {
    let v = &j.v;
    let d = PyDict::new(py);
    d.set_item(intern!(py, "id"), id)?;
    d.set_item(intern!(py, "action"), v.action.as_str())?;
    let findings = PyList::empty(py);
    for (f, cp) in v.findings.iter().zip(&j.cp.findings) {
        findings.append(finding_dict(py, f, cp)?)?;
    }
    d.set_item(intern!(py, "findings"), findings)?;
    d.set_item(intern!(py, "solicits"), solicit_names(v))?;
    let reasons = PyList::empty(py);
    for (r, cp) in v.reasons.iter().zip(&j.cp.reasons) {
        reasons.append(reason_dict(py, r, cp)?)?;
    }
    d.set_item(intern!(py, "reasons"), reasons)?;
    d.set_item(intern!(py, "weighted_length"), v.weighted_length)?;
    Ok(d)
}

/// The categories a verdict says the text solicits, by name.
pub(crate) fn solicit_names(v: &Verdict) -> Vec<&'static str> {
    v.solicits.iter().map(|c| c.as_str()).collect()
}

/// The row of a batch that could not be judged: `{"id": id, "error": msg}`.
pub(crate) fn error_dict<'py>(
    py: Python<'py>,
    id: Option<&Bound<'py, PyAny>>,
    msg: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "id"), id)?;
    d.set_item(intern!(py, "error"), msg)?;
    Ok(d)
}

/// A verdict's entities (mentions, hashtags, URLs, cashtags): dicts with `kind` and the
/// span.
pub(crate) fn entity_list<'py>(py: Python<'py>, j: &Judged) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for (e, c) in j.v.entities.iter().zip(&j.cp.entities) {
        let d = PyDict::new(py);
        let kind = pythonize::pythonize(py, &e.kind).map_err(PyErr::from)?;
        d.set_item(intern!(py, "kind"), kind)?;
        set_span(py, &d, (c.start, c.end), (e.start, e.end))?;
        out.append(d)?;
    }
    Ok(out)
}

/// `{"text", "spans": [{"original", "replacement", "category", "kind"}],
/// "weighted_length"}`, each span as in [`finding_dict`] (`replacement` in the redacted
/// text).
pub(crate) fn redaction_dict<'py>(
    py: Python<'py>,
    r: &Redaction,
    cp: &Redaction,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "text"), &r.text)?;
    let spans = PyList::empty(py);
    for (s, c) in r.spans.iter().zip(&cp.spans) {
        let range =
            |b: &Range<usize>, c: &Range<usize>| span_dict(py, (c.start, c.end), (b.start, b.end));
        let span = PyDict::new(py);
        span.set_item(intern!(py, "original"), range(&s.original, &c.original)?)?;
        span.set_item(
            intern!(py, "replacement"),
            range(&s.replacement, &c.replacement)?,
        )?;
        span.set_item(intern!(py, "category"), s.category.as_str())?;
        span.set_item(intern!(py, "kind"), &*s.kind)?;
        spans.append(span)?;
    }
    d.set_item(intern!(py, "spans"), spans)?;
    d.set_item(intern!(py, "weighted_length"), r.weighted_length)?;
    Ok(d)
}

/// A scanner's rules: dicts with `id`, `category`, `kind`.
pub(crate) fn rule_list<'py>(py: Python<'py>, scanner: &Scanner) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for r in scanner.rules() {
        let d = PyDict::new(py);
        d.set_item("id", r.id())?;
        d.set_item("category", r.category().as_str())?;
        d.set_item("kind", r.kind())?;
        out.append(d)?;
    }
    Ok(out)
}
