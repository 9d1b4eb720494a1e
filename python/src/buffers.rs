//! The Python side of the Arrow call (`Scanner._scan_buffers`, wrapped by
//! `discreet._arrow`): string columns come in as `bytes` buffers and are read in place by
//! [`crate::arrow`]; the result columns it builds go back as `bytes` buffers.
//!
//! Rows are judged as in [`crate::batch`], with the same error rows.

use discreet::Direction;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyTuple};

use crate::arrow;
use crate::batch::{self, Directions};
use crate::engine::Engine;

/// `_scan_buffers`: texts as a column's buffers or any iterable of str; directions as
/// `None`, one str, a column or an iterable; the result columns as buffers.
pub(crate) fn scan_buffers<'py>(
    engine: &Engine,
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    directions: Option<&Bound<'py, PyAny>>,
    redact: bool,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyDict>> {
    let threads = batch::check_threads(threads)?;
    // Both are kept alive here: the rows borrow their strings.
    let text_args;
    let items;
    let texts: Vec<Result<&str, String>> = if let Ok(t) = texts.cast::<PyTuple>() {
        text_args = ColumnArgs::from_tuple(t)?;
        let c = text_args.view()?;
        (0..c.len).map(|i| column_text(&c, i)).collect()
    } else {
        items = batch::text_items(texts)?;
        items.iter().map(batch::text_of).collect()
    };
    let n = texts.len();
    let dirs = match directions.map(|d| d.cast::<PyTuple>()) {
        Some(Ok(t)) => {
            let args = ColumnArgs::from_tuple(t)?;
            let c = args.view()?;
            batch::check_len("directions", c.len, n)?;
            Directions::Each((0..c.len).map(|i| column_direction(&c, i)).collect())
        }
        _ => batch::directions_from(directions, n)?,
    };
    let rows = batch::rows(texts, &dirs);
    let columns = py.detach(|| {
        let results = batch::judge_all(engine, &rows, redact, threads);
        arrow::build(&results, redact)
    });
    let columns = columns.map_err(|_| {
        PyValueError::new_err(
            "a result column holds more than 2 GiB (32-bit Arrow offsets): pass smaller batches",
        )
    })?;
    columns_dict(py, columns)
}

/// Entry `i` of a text column, or why it cannot be judged.
fn column_text<'a>(c: &arrow::StrColumn<'a>, i: usize) -> Result<&'a str, String> {
    match c.get(i) {
        Ok(Some(t)) => Ok(t),
        Ok(None) => Err(batch::TEXT_MISSING.to_string()),
        Err(arrow::BadEntry::Utf8) => Err(batch::TEXT_NOT_UTF8.to_string()),
        Err(arrow::BadEntry::Offsets) => Err("\"text\": invalid Arrow offsets".to_string()),
    }
}

/// Entry `i` of a direction column (null: incoming), or why it is wrong.
fn column_direction(c: &arrow::StrColumn<'_>, i: usize) -> Result<Direction, String> {
    match c.get(i) {
        Ok(None) => Ok(Direction::Incoming),
        Ok(Some(s)) => batch::row_direction(s),
        Err(_) => Err(batch::direction_error("a value that is not valid UTF-8")),
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

/// A list column: `(validity | None, offsets, number of items, items)`.
fn list_tuple<'py>(
    py: Python<'py>,
    list: arrow::ListOffsets,
    count: usize,
    items: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyTuple>> {
    (
        bytes_or_none(py, list.validity.finish()),
        PyBytes::new(py, &list.offsets),
        count,
        items,
    )
        .into_pyobject(py)
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
        list_tuple(py, f.list, f.count, fields.into_any())?,
    )?;

    let s = c.solicits;
    let values = str_tuple(py, s.values)?.into_any();
    d.set_item("solicits", list_tuple(py, s.list, s.count, values)?)?;

    let r = c.reasons;
    let fields = PyDict::new(py);
    fields.set_item("code", str_tuple(py, r.code)?)?;
    fields.set_item("category", str_tuple(py, r.category)?)?;
    fields.set_item("start", PyBytes::new(py, &r.start))?;
    fields.set_item("end", PyBytes::new(py, &r.end))?;
    fields.set_item("message", str_tuple(py, r.message)?)?;
    d.set_item(
        "reasons",
        list_tuple(py, r.list, r.count, fields.into_any())?,
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
