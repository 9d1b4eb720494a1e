//! Batch calls: many texts judged on all cores without the GIL (`scan_batch`), and
//! `discreet scan` over JSON Lines (`scan_jsonl`).
//!
//! The Python arguments are read under the GIL into [`InRow`]s first; a row that cannot be
//! judged (no text, a bad direction) carries the reason and becomes an error row, never an
//! exception, so one bad row does not lose the batch. The same rows feed the Arrow call in
//! [`crate::buffers`].

use discreet::Direction;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};

use crate::arrow;
use crate::convert::{self, Judged};
use crate::engine::{parse_direction, Engine};
use crate::par;

/// One input row, read under the GIL: the text (or why it cannot be judged) and the
/// direction (or why it is wrong).
pub(crate) struct InRow<'a> {
    text: Result<&'a str, String>,
    direction: Result<Direction, String>,
}

pub(crate) const TEXT_MISSING: &str = "\"text\" is missing";
const TEXT_NOT_STRING: &str = "\"text\" must be a string";
pub(crate) const TEXT_NOT_UTF8: &str = "\"text\" is not valid UTF-8";

/// The row error for a direction that is neither `incoming` nor `outgoing`; `got` is
/// what was given, already quoted or described.
pub(crate) fn direction_error(got: &str) -> String {
    format!("\"direction\" must be \"incoming\" or \"outgoing\", got {got}")
}

/// One row's direction given as a string.
pub(crate) fn row_direction(s: &str) -> Result<Direction, String> {
    s.parse::<Direction>().map_err(|_| {
        let quoted = serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"));
        direction_error(&quoted)
    })
}

/// Directions for the rows: one for all, or one per row (read, or why it is wrong).
pub(crate) enum Directions {
    All(Direction),
    Each(Vec<Result<Direction, String>>),
}

/// A `directions` argument for `n` texts: `None` (all incoming), one str for all (a bad
/// one raises `DiscreetError`), or an iterable of one direction (or `None`) per text.
pub(crate) fn directions_from(
    directions: Option<&Bound<'_, PyAny>>,
    n: usize,
) -> PyResult<Directions> {
    let Some(d) = directions.filter(|d| !d.is_none()) else {
        return Ok(Directions::All(Direction::Incoming));
    };
    if let Ok(s) = d.cast::<PyString>() {
        return Ok(Directions::All(parse_direction(s.to_str()?)?));
    }
    let each: Vec<Bound<'_, PyAny>> = d.try_iter()?.collect::<PyResult<_>>()?;
    check_len("directions", each.len(), n)?;
    Ok(Directions::Each(each.iter().map(direction_of).collect()))
}

fn direction_of(d: &Bound<'_, PyAny>) -> Result<Direction, String> {
    if d.is_none() {
        return Ok(Direction::Incoming);
    }
    match d.cast::<PyString>() {
        Ok(s) => match s.to_str() {
            Ok(s) => row_direction(s),
            Err(_) => Err(direction_error("a str that is not valid UTF-8")),
        },
        Err(_) => Err(direction_error(
            &d.repr().map_or_else(|_| "?".into(), |r| r.to_string()),
        )),
    }
}

/// A per-text argument (`what`) must have one item per text.
pub(crate) fn check_len(what: &str, got: usize, n: usize) -> PyResult<()> {
    if got != n {
        return Err(PyValueError::new_err(format!(
            "{what} has {got} items for {n} texts"
        )));
    }
    Ok(())
}

/// The items of a `texts` argument (any iterable but a single str).
pub(crate) fn text_items<'py>(texts: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be a list of str, not a str (use scan() for one text)",
        ));
    }
    texts.try_iter()?.collect()
}

/// One row's text, or why it cannot be judged.
pub(crate) fn text_of<'a>(t: &'a Bound<'_, PyAny>) -> Result<&'a str, String> {
    if t.is_none() {
        return Err(TEXT_MISSING.into());
    }
    match t.cast::<PyString>() {
        Ok(s) => s.to_str().map_err(|_| TEXT_NOT_UTF8.to_string()),
        Err(_) => Err(TEXT_NOT_STRING.into()),
    }
}

/// The rows: each text with its direction.
pub(crate) fn rows<'a>(
    texts: impl IntoIterator<Item = Result<&'a str, String>>,
    dirs: &Directions,
) -> Vec<InRow<'a>> {
    texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| InRow {
            text,
            direction: match dirs {
                Directions::All(d) => Ok(*d),
                Directions::Each(each) => each[i].clone(),
            },
        })
        .collect()
}

fn ids_from<'py>(
    ids: Option<&Bound<'py, PyAny>>,
    n: usize,
) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
    let Some(ids) = ids.filter(|i| !i.is_none()) else {
        return Ok(None);
    };
    let ids: Vec<Bound<'py, PyAny>> = ids.try_iter()?.collect::<PyResult<_>>()?;
    check_len("ids", ids.len(), n)?;
    Ok(Some(ids))
}

/// A `threads` argument: `None` (every core) or at least 1.
pub(crate) fn check_threads(threads: Option<usize>) -> PyResult<usize> {
    if threads == Some(0) {
        return Err(PyValueError::new_err("threads must be at least 1"));
    }
    Ok(par::threads(threads))
}

/// Judges every row on `threads` threads, in order (call it without the GIL).
pub(crate) fn judge_all(
    engine: &Engine,
    rows: &[InRow<'_>],
    redact: bool,
    threads: usize,
) -> Vec<arrow::Row> {
    par::map(rows, threads, |_, row| judge(engine, row, redact))
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

/// `scan_batch`: one `discreet scan` output dict per text, in order (with `"redacted"`
/// when `redact`), or `{"id", "error"}` for a row that cannot be judged.
pub(crate) fn scan_batch<'py>(
    engine: &Engine,
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    directions: Option<&Bound<'py, PyAny>>,
    ids: Option<&Bound<'py, PyAny>>,
    redact: bool,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyList>> {
    let threads = check_threads(threads)?;
    let items = text_items(texts)?;
    let n = items.len();
    let dirs = directions_from(directions, n)?;
    let ids = ids_from(ids, n)?;
    let rows = rows(items.iter().map(text_of), &dirs);
    let results = py.detach(|| judge_all(engine, &rows, redact, threads));
    let _pause = GcPause::new(py, results.len());
    let out = PyList::empty(py);
    for (i, r) in results.iter().enumerate() {
        let id = ids.as_ref().map(|ids| &ids[i]);
        let d = match (r, &rows[i].text) {
            (Ok((v, red)), Ok(text)) => {
                let d = convert::verdict_dict(py, id, &Judged::new(text, v.clone()))?;
                if redact {
                    d.set_item(intern!(py, "redacted"), red)?;
                }
                d
            }
            (Err(msg), _) | (_, Err(msg)) => convert::error_dict(py, id, msg)?,
        };
        out.append(d)?;
    }
    Ok(out)
}

/// `scan_jsonl`: each line (str or bytes) judged as `discreet scan` judges it; one output
/// line per input line, without its newline.
pub(crate) fn scan_jsonl<'py>(
    engine: &Engine,
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
    let scanner = &engine.scanner;
    Ok(py.detach(|| {
        let opts = discreet::line::LineOptions::default();
        par::map(&raw, threads, |i, line| {
            let mut out = Vec::with_capacity(256);
            discreet::line::judge_line(scanner, line, i as u64 + 1, &opts, &mut out);
            // Python gets one string per line, without the newline.
            out.pop();
            // The line is serde_json's output, which is always UTF-8.
            String::from_utf8(out).unwrap_or_default()
        })
    }))
}
