//! `discreet._discreet`: the native half of the `discreet` Python package.
//!
//! Results are plain Python objects shaped like the `discreet scan` JSON contract (dicts) or
//! small frozen classes with `to_dict()`. Offsets are `str` indices (code points), so
//! `text[f["start"]:f["end"]]` is the value; the UTF-8 byte offsets of the contract are
//! there too, as `start_byte`/`end_byte`. `scan_jsonl` and the Arrow path keep the contract's
//! bytes. Errors from the library are raised as
//! `discreet.DiscreetError` (a `ValueError`) with the Rust error's `Display` text. Every
//! call that scans releases the GIL; batch calls also spread the rows over all cores.

mod arrow;
mod par;

use std::path::PathBuf;
use std::sync::OnceLock;

use discreet::offsets::{self, Unit};
use discreet::{
    Category, Direction, ErrorKind, Finding, Key, Reason, RedactionPolicy, Redactor, RuleSet,
    Scanner, ScannerBuilder, Verdict,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use pyo3::{create_exception, intern};

create_exception!(
    discreet,
    DiscreetError,
    PyValueError,
    "An error from the discreet library (rule files, allow-list, policies, keys); the \
     message is the Rust error's text. Attributes: kind, path, rule_id."
);

/// The Python name of an error kind.
fn kind_name(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Io(_) => "io",
        ErrorKind::Syntax(_) => "syntax",
        ErrorKind::InvalidRegex(_) => "invalid_regex",
        ErrorKind::RegexTooLarge { .. } => "regex_too_large",
        ErrorKind::UnknownValidator(_) => "unknown_validator",
        ErrorKind::UnknownCategory(_) => "unknown_category",
        ErrorKind::DuplicateId => "duplicate_id",
        ErrorKind::InvalidField(_) => "invalid_field",
        ErrorKind::Example(_) => "example",
        ErrorKind::Config(_) => "config",
        _ => "other",
    }
}

/// A library error as a `DiscreetError` with `kind`, `path` and `rule_id` attributes.
fn py_err(e: discreet::Error) -> PyErr {
    let err = DiscreetError::new_err(e.to_string());
    Python::attach(|py| {
        let value = err.value(py);
        let path = e.path().map(|p| p.display().to_string());
        // Setting attributes on a fresh exception object cannot fail in practice; if it
        // does, the message still says everything.
        let _ = value.setattr("kind", kind_name(e.kind()));
        let _ = value.setattr("path", path);
        let _ = value.setattr("rule_id", e.rule_id());
    });
    err
}

/// A scanner and the redactor its `redact` calls use.
#[derive(Clone, Debug)]
struct Engine {
    scanner: Scanner,
    redactor: Redactor,
}

fn default_redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(Redactor::default)
}

fn default_engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine {
        scanner: Scanner::default(),
        redactor: default_redactor().clone(),
    })
}

fn parse_direction(direction: &str) -> PyResult<Direction> {
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

fn redactor_from(
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

// ---------------------------------------------------------------------------------------
// Result objects

/// A verdict with its offsets in code points beside the byte offsets: `cp` is `v` with
/// every `start`/`end` converted (findings, reasons and entities in the same order).
#[derive(Clone, PartialEq)]
struct Judged {
    v: Verdict,
    cp: Verdict,
}

impl Judged {
    fn new(text: &str, v: Verdict) -> Judged {
        let mut cp = v.clone();
        offsets::convert_verdict(text, &mut cp, Unit::CodePoint);
        Judged { v, cp }
    }
}

/// Findings with their code-point offsets, converted in one pass.
fn py_findings(text: &str, findings: Vec<Finding>) -> Vec<PyFinding> {
    let mut cp = findings.clone();
    offsets::convert_findings(text, &mut cp, Unit::CodePoint);
    findings
        .into_iter()
        .zip(cp)
        .map(|(f, c)| PyFinding {
            start: c.start,
            end: c.end,
            f,
        })
        .collect()
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

/// The dict of a finding: the JSON contract's, with code-point `start`/`end` and the
/// bytes as `start_byte`/`end_byte`.
fn finding_dict<'py>(py: Python<'py>, f: &Finding, cp: &Finding) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    set_span(py, &d, (cp.start, cp.end), (f.start, f.end))?;
    d.set_item(intern!(py, "category"), f.category.as_str())?;
    d.set_item(intern!(py, "kind"), &*f.kind)?;
    d.set_item(intern!(py, "rule"), &*f.rule)?;
    d.set_item(intern!(py, "confidence"), f.confidence)?;
    Ok(d)
}

/// The dict of a reason: the JSON contract's, offsets as in [`finding_dict`].
fn reason_dict<'py>(py: Python<'py>, r: &Reason, cp: &Reason) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "code"), r.code.as_str())?;
    d.set_item(intern!(py, "category"), r.category.map(Category::as_str))?;
    set_span(py, &d, (cp.start, cp.end), (r.start, r.end))?;
    d.set_item(intern!(py, "message"), &r.message)?;
    Ok(d)
}

/// The output object of `discreet scan` for one line, offsets as in [`finding_dict`].
fn verdict_dict<'py>(
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
    let solicits: Vec<&str> = v.solicits.iter().map(|c| c.as_str()).collect();
    d.set_item(intern!(py, "solicits"), solicits)?;
    let reasons = PyList::empty(py);
    for (r, cp) in v.reasons.iter().zip(&j.cp.reasons) {
        reasons.append(reason_dict(py, r, cp)?)?;
    }
    d.set_item(intern!(py, "reasons"), reasons)?;
    d.set_item(intern!(py, "weighted_length"), v.weighted_length)?;
    Ok(d)
}

fn error_dict<'py>(
    py: Python<'py>,
    id: Option<&Bound<'py, PyAny>>,
    msg: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "id"), id)?;
    d.set_item(intern!(py, "error"), msg)?;
    Ok(d)
}

/// One piece of sensitive data: a span of the text, its category and kind, the rule that
/// found it and a confidence.
#[pyclass(name = "Finding", module = "discreet", frozen, eq)]
#[derive(Clone, PartialEq)]
struct PyFinding {
    f: Finding,
    start: usize,
    end: usize,
}

#[pymethods]
impl PyFinding {
    /// Index (code points) of the value's first character: `text[start:end]` is the value.
    #[getter]
    fn start(&self) -> usize {
        self.start
    }
    /// Index (code points) one past the value's last character.
    #[getter]
    fn end(&self) -> usize {
        self.end
    }
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
        let cp = Finding {
            start: self.start,
            end: self.end,
            ..self.f.clone()
        };
        finding_dict(py, &self.f, &cp)
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
struct PyReason {
    r: Reason,
    start: usize,
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
    /// Start of the triggering span (code points, a `str` index).
    #[getter]
    fn start(&self) -> usize {
        self.start
    }
    /// End of the triggering span (code points).
    #[getter]
    fn end(&self) -> usize {
        self.end
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
        let cp = Reason {
            start: self.start,
            end: self.end,
            ..self.r.clone()
        };
        reason_dict(py, &self.r, &cp)
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
struct PyVerdict(Judged);

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
        let j = &self.0;
        j.v.findings
            .iter()
            .zip(&j.cp.findings)
            .map(|(f, c)| PyFinding {
                f: f.clone(),
                start: c.start,
                end: c.end,
            })
            .collect()
    }
    /// The categories the text asks the other party to share in public, sorted.
    #[getter]
    fn solicits(&self) -> Vec<&'static str> {
        self.0.v.solicits.iter().map(|c| c.as_str()).collect()
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
        let out = PyList::empty(py);
        for (e, c) in self.0.v.entities.iter().zip(&self.0.cp.entities) {
            let d = PyDict::new(py);
            let kind = pythonize::pythonize(py, &e.kind).map_err(PyErr::from)?;
            d.set_item(intern!(py, "kind"), kind)?;
            set_span(py, &d, (c.start, c.end), (e.start, e.end))?;
            out.append(d)?;
        }
        Ok(out)
    }
    /// Whether a Direct Message is recommended (`action` is not `ok`).
    #[getter]
    fn needs_dm(&self) -> bool {
        self.0.v.action != discreet::Action::Ok
    }
    /// The verdict as the `discreet scan` output object (`id` first).
    #[pyo3(signature = (id=None))]
    fn to_dict<'py>(
        &self,
        py: Python<'py>,
        id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        verdict_dict(py, id, &self.0)
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

// ---------------------------------------------------------------------------------------
// Batch input

/// One input row, read under the GIL: the text (or why it cannot be judged) and the
/// direction (or why it is wrong).
struct InRow<'a> {
    text: Result<&'a str, String>,
    direction: Result<Direction, String>,
}

const TEXT_MISSING: &str = "\"text\" is missing";
const TEXT_NOT_STRING: &str = "\"text\" must be a string";
const TEXT_NOT_UTF8: &str = "\"text\" is not valid UTF-8";

fn direction_error(got: &str) -> String {
    format!("\"direction\" must be \"incoming\" or \"outgoing\", got {got}")
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// Directions for `n` rows: `None` (all incoming), one str for all, or one per row.
enum Directions<'py> {
    All(Direction),
    Each(Vec<Bound<'py, PyAny>>),
}

fn directions_from<'py>(
    directions: Option<&Bound<'py, PyAny>>,
    n: usize,
) -> PyResult<Directions<'py>> {
    match directions {
        None => Ok(Directions::All(Direction::Incoming)),
        Some(d) if d.is_none() => Ok(Directions::All(Direction::Incoming)),
        Some(d) => {
            if let Ok(s) = d.cast::<PyString>() {
                return Ok(Directions::All(parse_direction(s.to_str()?)?));
            }
            let each: Vec<Bound<'py, PyAny>> = d.try_iter()?.collect::<PyResult<_>>()?;
            if each.len() != n {
                return Err(PyValueError::new_err(format!(
                    "directions has {} items for {n} texts",
                    each.len()
                )));
            }
            Ok(Directions::Each(each))
        }
    }
}

fn direction_of(d: &Bound<'_, PyAny>) -> Result<Direction, String> {
    if d.is_none() {
        return Ok(Direction::Incoming);
    }
    match d.cast::<PyString>() {
        Ok(s) => match s.to_str() {
            Ok(s) => s
                .parse::<Direction>()
                .map_err(|_| direction_error(&json_str(s))),
            Err(_) => Err(direction_error("a str that is not valid UTF-8")),
        },
        Err(_) => Err(direction_error(
            &d.repr().map_or_else(|_| "?".into(), |r| r.to_string()),
        )),
    }
}

fn text_of<'a>(t: &'a Bound<'_, PyAny>) -> Result<&'a str, String> {
    if t.is_none() {
        return Err(TEXT_MISSING.into());
    }
    match t.cast::<PyString>() {
        Ok(s) => s.to_str().map_err(|_| TEXT_NOT_UTF8.to_string()),
        Err(_) => Err(TEXT_NOT_STRING.into()),
    }
}

fn ids_from<'py>(
    ids: Option<&Bound<'py, PyAny>>,
    n: usize,
) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
    let Some(ids) = ids.filter(|i| !i.is_none()) else {
        return Ok(None);
    };
    let ids: Vec<Bound<'py, PyAny>> = ids.try_iter()?.collect::<PyResult<_>>()?;
    if ids.len() != n {
        return Err(PyValueError::new_err(format!(
            "ids has {} items for {n} texts",
            ids.len()
        )));
    }
    Ok(Some(ids))
}

fn judge(engine: &Engine, row: &InRow<'_>, redact: bool) -> arrow::Row {
    let text = row.text.as_ref().map_err(Clone::clone)?;
    let direction = row.direction.as_ref().map_err(Clone::clone)?;
    let verdict = engine.scanner.classify(text, *direction);
    // As `discreet scan --redact`: the verdict's findings (an outgoing text's own brand
    // contact points are kept) are redacted.
    let redacted = redact.then(|| {
        engine
            .redactor
            .redact_findings(text, &verdict.findings)
            .text
    });
    Ok((verdict, redacted))
}

/// Pauses Python's cyclic garbage collector while a batch's results are built: a few
/// hundred thousand fresh dicts and lists would otherwise set off collections that walk
/// them again and again (measured: three times the cost of the whole batch call).
struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>, rows: usize) -> GcPause<'py> {
        let gc = (rows >= 1000)
            .then(|| py.import("gc").ok())
            .flatten()
            .filter(|gc| {
                gc.call_method0("isenabled")
                    .and_then(|e| e.extract::<bool>())
                    .unwrap_or(false)
            })
            .filter(|gc| gc.call_method0("disable").is_ok());
        GcPause { gc }
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            let _ = gc.call_method0("enable");
        }
    }
}

fn check_threads(threads: Option<usize>) -> PyResult<usize> {
    if threads == Some(0) {
        return Err(PyValueError::new_err("threads must be at least 1"));
    }
    Ok(par::threads(threads))
}

// ---------------------------------------------------------------------------------------
// Engine operations shared by the module functions and `Scanner`

impl Engine {
    fn scan<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        direction: &str,
        id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let direction = parse_direction(direction)?;
        let j = py.detach(|| Judged::new(text, self.scanner.classify(text, direction)));
        verdict_dict(py, id, &j)
    }

    fn classify(&self, py: Python<'_>, text: &str, direction: &str) -> PyResult<PyVerdict> {
        let direction = parse_direction(direction)?;
        Ok(PyVerdict(py.detach(|| {
            Judged::new(text, self.scanner.classify(text, direction))
        })))
    }

    fn findings(&self, py: Python<'_>, text: &str) -> Vec<PyFinding> {
        py.detach(|| py_findings(text, self.scanner.scan(text)))
    }

    fn redact(&self, py: Python<'_>, text: &str) -> String {
        py.detach(|| self.redactor.redact(&self.scanner, text).text)
    }

    fn redaction<'py>(&self, py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyDict>> {
        let (r, cp) = py.detach(|| {
            let r = self.redactor.redact(&self.scanner, text);
            let mut cp = r.clone();
            offsets::convert_redaction(text, &mut cp, Unit::CodePoint);
            (r, cp)
        });
        let d = PyDict::new(py);
        d.set_item(intern!(py, "text"), &r.text)?;
        let spans = PyList::empty(py);
        for (s, c) in r.spans.iter().zip(&cp.spans) {
            let span = PyDict::new(py);
            let original = PyDict::new(py);
            set_span(
                py,
                &original,
                (c.original.start, c.original.end),
                (s.original.start, s.original.end),
            )?;
            let replacement = PyDict::new(py);
            set_span(
                py,
                &replacement,
                (c.replacement.start, c.replacement.end),
                (s.replacement.start, s.replacement.end),
            )?;
            span.set_item(intern!(py, "original"), original)?;
            span.set_item(intern!(py, "replacement"), replacement)?;
            span.set_item(intern!(py, "category"), s.category.as_str())?;
            span.set_item(intern!(py, "kind"), &*s.kind)?;
            spans.append(span)?;
        }
        d.set_item(intern!(py, "spans"), spans)?;
        d.set_item(intern!(py, "weighted_length"), r.weighted_length)?;
        Ok(d)
    }

    #[allow(clippy::too_many_arguments)]
    fn scan_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        directions: Option<&Bound<'py, PyAny>>,
        ids: Option<&Bound<'py, PyAny>>,
        redact: bool,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        if texts.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "texts must be a list of str, not a str (use scan() for one text)",
            ));
        }
        let threads = check_threads(threads)?;
        let items: Vec<Bound<'py, PyAny>> = texts.try_iter()?.collect::<PyResult<_>>()?;
        let n = items.len();
        let dirs = directions_from(directions, n)?;
        let ids = ids_from(ids, n)?;
        let rows: Vec<InRow<'_>> = items
            .iter()
            .enumerate()
            .map(|(i, t)| InRow {
                text: text_of(t),
                direction: match &dirs {
                    Directions::All(d) => Ok(*d),
                    Directions::Each(each) => direction_of(&each[i]),
                },
            })
            .collect();
        let results = py.detach(|| par::map(&rows, threads, |_, r| judge(self, r, redact)));
        let _pause = GcPause::new(py, results.len());
        let out = PyList::empty(py);
        for (i, r) in results.iter().enumerate() {
            let id = ids.as_ref().map(|ids| &ids[i]);
            let d = match (r, &rows[i].text) {
                (Ok((v, red)), Ok(text)) => {
                    let d = verdict_dict(py, id, &Judged::new(text, v.clone()))?;
                    if redact {
                        d.set_item(intern!(py, "redacted"), red)?;
                    }
                    d
                }
                (Err(msg), _) | (_, Err(msg)) => error_dict(py, id, msg)?,
            };
            out.append(d)?;
        }
        Ok(out)
    }

    fn scan_jsonl<'py>(
        &self,
        py: Python<'py>,
        lines: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<String>> {
        if lines.is_instance_of::<PyString>() || lines.is_instance_of::<PyBytes>() {
            return Err(PyTypeError::new_err(
                "lines must be an iterable of str or bytes (e.g. a list, or an open file)",
            ));
        }
        let threads = check_threads(threads)?;
        let items: Vec<Bound<'py, PyAny>> = lines.try_iter()?.collect::<PyResult<_>>()?;
        let mut raw: Vec<&[u8]> = Vec::with_capacity(items.len());
        for item in &items {
            if let Ok(b) = item.cast::<PyBytes>() {
                raw.push(b.as_bytes());
            } else if let Ok(s) = item.cast::<PyString>() {
                raw.push(s.to_str()?.as_bytes());
            } else {
                return Err(PyTypeError::new_err("each line must be str or bytes"));
            }
        }
        let scanner = &self.scanner;
        Ok(py.detach(|| {
            let opts = discreet::line::LineOptions::default();
            par::map(&raw, threads, |i, line| {
                let mut out = Vec::with_capacity(256);
                discreet::line::judge_line(scanner, line, i as u64 + 1, &opts, &mut out);
                out.pop(); // the newline: Python gets one string per line
                           // serde_json writes UTF-8 only.
                String::from_utf8(out).unwrap_or_default()
            })
        }))
    }

    /// The Arrow path: string columns in as raw buffers, result columns out as raw buffers.
    #[allow(clippy::too_many_arguments)]
    fn scan_buffers<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        directions: Option<&Bound<'py, PyAny>>,
        redact: bool,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let threads = check_threads(threads)?;
        // Texts: a column's buffers (a 6-tuple from `discreet._arrow`) or any iterable of
        // str, read without copying.
        let text_args;
        let items: Vec<Bound<'py, PyAny>>;
        let texts: Vec<Result<&str, String>> = if let Ok(t) = texts.cast::<PyTuple>() {
            text_args = ColumnArgs::from_tuple(t)?;
            let c = text_args.view()?;
            (0..c.len)
                .map(|i| match c.get(i) {
                    Ok(Some(t)) => Ok(t),
                    Ok(None) => Err(TEXT_MISSING.to_string()),
                    Err(arrow::BadEntry::Utf8) => Err(TEXT_NOT_UTF8.to_string()),
                    Err(arrow::BadEntry::Offsets) => {
                        Err("\"text\": invalid Arrow offsets".to_string())
                    }
                })
                .collect()
        } else {
            if texts.is_instance_of::<PyString>() {
                return Err(PyTypeError::new_err(
                    "texts must be a list of str, not a str (use scan() for one text)",
                ));
            }
            items = texts.try_iter()?.collect::<PyResult<_>>()?;
            items.iter().map(text_of).collect()
        };
        let n = texts.len();
        // Directions: none (incoming), one str for all, a column, or an iterable.
        let dir_args;
        let dir_items;
        let dirs: Result<Direction, Vec<Result<Direction, String>>> = match directions {
            None => Ok(Direction::Incoming),
            Some(d) if d.is_none() => Ok(Direction::Incoming),
            Some(d) => {
                if let Ok(s) = d.cast::<PyString>() {
                    Ok(parse_direction(s.to_str()?)?)
                } else if let Ok(t) = d.cast::<PyTuple>() {
                    dir_args = ColumnArgs::from_tuple(t)?;
                    let c = dir_args.view()?;
                    if c.len != n {
                        return Err(PyValueError::new_err(format!(
                            "directions has {} items for {n} texts",
                            c.len
                        )));
                    }
                    Err((0..c.len)
                        .map(|i| match c.get(i) {
                            Ok(None) => Ok(Direction::Incoming),
                            Ok(Some(s)) => s
                                .parse::<Direction>()
                                .map_err(|_| direction_error(&json_str(s))),
                            Err(_) => Err(direction_error("a value that is not valid UTF-8")),
                        })
                        .collect())
                } else {
                    dir_items = directions_from(Some(d), n)?;
                    match &dir_items {
                        Directions::All(d) => Ok(*d),
                        Directions::Each(each) => Err(each.iter().map(direction_of).collect()),
                    }
                }
            }
        };
        let rows: Vec<InRow<'_>> = texts
            .into_iter()
            .enumerate()
            .map(|(i, text)| InRow {
                text,
                direction: match &dirs {
                    Ok(d) => Ok(*d),
                    Err(each) => each[i].clone(),
                },
            })
            .collect();
        let columns = py.detach(|| {
            let results = par::map(&rows, threads, |_, r| judge(self, r, redact));
            arrow::build(&results, redact)
        });
        let columns = columns.map_err(|_| {
            PyValueError::new_err(
                "a result column holds more than 2 GiB (32-bit Arrow offsets): pass smaller batches",
            )
        })?;
        columns_dict(py, columns)
    }
}

/// A string column as the Python side passes it:
/// `(validity: bytes | None, offsets: bytes, data: bytes, offset: int, length: int, large: bool)`.
struct ColumnArgs<'py> {
    validity: Option<Bound<'py, PyBytes>>,
    offsets: Bound<'py, PyBytes>,
    data: Bound<'py, PyBytes>,
    offset: usize,
    len: usize,
    large: bool,
}

impl<'py> ColumnArgs<'py> {
    fn from_tuple(t: &Bound<'py, PyTuple>) -> PyResult<ColumnArgs<'py>> {
        if t.len() != 6 {
            return Err(PyValueError::new_err("a string column is a 6-tuple"));
        }
        let bytes = |i: usize| -> PyResult<Option<Bound<'py, PyBytes>>> {
            let item = t.get_item(i)?;
            if item.is_none() {
                return Ok(None);
            }
            item.cast_into::<PyBytes>()
                .map(Some)
                .map_err(|_| PyTypeError::new_err("Arrow buffers must be passed as bytes"))
        };
        let py = t.py();
        Ok(ColumnArgs {
            validity: bytes(0)?,
            offsets: bytes(1)?.unwrap_or_else(|| PyBytes::new(py, b"")),
            data: bytes(2)?.unwrap_or_else(|| PyBytes::new(py, b"")),
            offset: t.get_item(3)?.extract()?,
            len: t.get_item(4)?.extract()?,
            large: t.get_item(5)?.extract()?,
        })
    }

    /// The buffers, borrowed (bytes objects are immutable, so the view stays valid while
    /// the GIL is released).
    fn view(&self) -> PyResult<arrow::StrColumn<'_>> {
        let c = arrow::StrColumn {
            validity: self.validity.as_ref().map(|b| b.as_bytes()),
            offsets: self.offsets.as_bytes(),
            data: self.data.as_bytes(),
            offset: self.offset,
            len: self.len,
            large: self.large,
        };
        c.check().map_err(PyValueError::new_err)?;
        Ok(c)
    }
}

fn bytes_or_none<'py>(py: Python<'py>, b: Option<Vec<u8>>) -> Option<Bound<'py, PyBytes>> {
    b.map(|b| PyBytes::new(py, &b))
}

/// `(validity | None, offsets, data)`.
fn str_tuple<'py>(py: Python<'py>, s: arrow::StrBuilder) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(
        py,
        [
            bytes_or_none(py, s.validity.finish())
                .into_pyobject(py)?
                .into_any(),
            PyBytes::new(py, &s.offsets).into_any(),
            PyBytes::new(py, &s.data).into_any(),
        ],
    )
}

/// The result columns as raw buffers, for `discreet._arrow` to wrap.
fn columns_dict(py: Python<'_>, c: arrow::Columns) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("length", c.len)?;
    d.set_item("action", str_tuple(py, c.action)?)?;

    let f = c.findings;
    let fields = PyDict::new(py);
    fields.set_item("start", PyBytes::new(py, &f.start))?;
    fields.set_item("end", PyBytes::new(py, &f.end))?;
    fields.set_item("category", str_tuple(py, f.category)?)?;
    fields.set_item("kind", str_tuple(py, f.kind)?)?;
    fields.set_item("rule", str_tuple(py, f.rule)?)?;
    fields.set_item("confidence", PyBytes::new(py, &f.confidence))?;
    d.set_item(
        "findings",
        (
            bytes_or_none(py, f.list.validity.finish()),
            PyBytes::new(py, &f.list.offsets),
            f.count,
            fields,
        ),
    )?;

    let s = c.solicits;
    d.set_item(
        "solicits",
        (
            bytes_or_none(py, s.list.validity.finish()),
            PyBytes::new(py, &s.list.offsets),
            s.count,
            str_tuple(py, s.values)?,
        ),
    )?;

    let r = c.reasons;
    let fields = PyDict::new(py);
    fields.set_item("code", str_tuple(py, r.code)?)?;
    fields.set_item("category", str_tuple(py, r.category)?)?;
    fields.set_item("start", PyBytes::new(py, &r.start))?;
    fields.set_item("end", PyBytes::new(py, &r.end))?;
    fields.set_item("message", str_tuple(py, r.message)?)?;
    d.set_item(
        "reasons",
        (
            bytes_or_none(py, r.list.validity.finish()),
            PyBytes::new(py, &r.list.offsets),
            r.count,
            fields,
        ),
    )?;

    let (validity, values) = c.weighted_length;
    d.set_item(
        "weighted_length",
        (
            bytes_or_none(py, validity.finish()),
            PyBytes::new(py, &values),
        ),
    )?;
    match c.redacted {
        Some(r) => d.set_item("redacted", str_tuple(py, r)?)?,
        None => d.set_item("redacted", py.None())?,
    }
    d.set_item("error", str_tuple(py, c.error)?)?;
    Ok(d)
}

// ---------------------------------------------------------------------------------------
// Scanner

/// A compiled scanner: the built-in rules (unless `builtin=False`), extra rule files, rules
/// disabled by id, an allow-list of the brand's own contact points, a confidence threshold,
/// and the redaction policy (and key) that `redact` uses.
///
/// Build one and reuse it: compiling takes milliseconds, scanning a tweet microseconds.
/// Immutable and safe to share between threads.
#[pyclass(name = "Scanner", module = "discreet._discreet", subclass, frozen)]
struct PyScanner {
    engine: Engine,
    repr: String,
}

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

#[pymethods]
impl PyScanner {
    #[new]
    #[pyo3(signature = (rules=None, disable=None, allow=None, *, builtin=true, min_score=None, rules_toml=None, policy=None, key=None, brand=None))]
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
    ) -> PyResult<PyScanner> {
        let mut paths: Vec<PathBuf> = Vec::new();
        if let Some(r) = rules.filter(|r| !r.is_none()) {
            if r.is_instance_of::<PyString>() {
                return Err(PyTypeError::new_err(
                    "rules must be a list of paths, not a str",
                ));
            }
            for p in r.try_iter()? {
                paths.push(p?.extract()?);
            }
        }
        let toml = strings(rules_toml, "rules_toml")?;
        let disable = strings(disable, "disable")?;
        let allow = strings(allow, "allow")?;
        let brand = match brand {
            Some(p) => Some(discreet::BrandProfile::from_path(&p).map_err(py_err)?),
            None => None,
        };
        let plain = paths.is_empty()
            && brand.is_none()
            && toml.is_empty()
            && disable.is_empty()
            && allow.is_empty()
            && builtin
            && min_score.is_none();
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
        self.engine
            .scan_batch(py, texts, directions, ids, redact, threads)
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
        self.engine.scan_jsonl(py, lines, threads)
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
        self.engine
            .scan_buffers(py, texts, directions, redact, threads)
    }

    /// The rules this scanner runs: dicts with `id`, `category`, `kind`.
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for r in self.engine.scanner.rules() {
            let d = PyDict::new(py);
            d.set_item("id", r.id())?;
            d.set_item("category", r.category().as_str())?;
            d.set_item("kind", r.kind())?;
            out.append(d)?;
        }
        Ok(out)
    }

    fn __repr__(&self) -> String {
        self.repr.clone()
    }
}

// ---------------------------------------------------------------------------------------
// Module functions: the built-in rules

/// Judges one text with the built-in rules: the `discreet scan` output object.
#[pyfunction]
#[pyo3(signature = (text, direction="incoming", id=None))]
fn scan<'py>(
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
fn classify(py: Python<'_>, text: &str, direction: &str) -> PyResult<PyVerdict> {
    default_engine().classify(py, text, direction)
}

/// The sensitive data in `text` (built-in rules), as `Finding` objects.
#[pyfunction]
fn findings(py: Python<'_>, text: &str) -> Vec<PyFinding> {
    default_engine().findings(py, text)
}

/// `text` with every finding (built-in rules) replaced: by the default policy (category
/// placeholders such as `[EMAIL]`), or by `policy` (a dict in the policy file's shape, or
/// the path of a policy file); `key` (bytes or str, 16 bytes at least) for pseudonyms.
#[pyfunction]
#[pyo3(signature = (text, policy=None, key=None))]
fn redact(
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
fn scan_batch<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    directions: Option<&Bound<'py, PyAny>>,
    ids: Option<&Bound<'py, PyAny>>,
    redact: bool,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyList>> {
    default_engine().scan_batch(py, texts, directions, ids, redact, threads)
}

/// `Scanner.scan_jsonl` with the built-in rules.
#[pyfunction]
#[pyo3(signature = (lines, *, threads=None))]
fn scan_jsonl(
    py: Python<'_>,
    lines: &Bound<'_, PyAny>,
    threads: Option<usize>,
) -> PyResult<Vec<String>> {
    default_engine().scan_jsonl(py, lines, threads)
}

/// The default scanner object (built-in rules), shared.
#[pyfunction]
fn _default_scanner(py: Python<'_>) -> PyResult<Py<PyScanner>> {
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

/// The native half of the `discreet` package; import `discreet`, not this.
#[pymodule]
#[pyo3(name = "_discreet")]
fn discreet_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("DiscreetError", py.get_type::<DiscreetError>())?;
    m.add_class::<PyScanner>()?;
    m.add_class::<PyVerdict>()?;
    m.add_class::<PyFinding>()?;
    m.add_class::<PyReason>()?;
    m.add_function(wrap_pyfunction!(scan, m)?)?;
    m.add_function(wrap_pyfunction!(classify, m)?)?;
    m.add_function(wrap_pyfunction!(findings, m)?)?;
    m.add_function(wrap_pyfunction!(redact, m)?)?;
    m.add_function(wrap_pyfunction!(scan_batch, m)?)?;
    m.add_function(wrap_pyfunction!(scan_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(_default_scanner, m)?)?;
    m.add("CATEGORIES", Category::NAMES.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
