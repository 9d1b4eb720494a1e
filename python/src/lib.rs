//! `discreet._discreet`: the native half of the `discreet` Python package.
//!
//! Results are plain Python objects shaped like the `discreet scan` JSON contract (dicts) or
//! small frozen classes with `to_dict()`. Offsets are `str` indices (code points), so
//! `text[f["start"]:f["end"]]` is the value; the UTF-8 byte offsets of the contract are
//! there too, as `start_byte`/`end_byte`. `scan_jsonl` and the Arrow path keep the contract's
//! bytes. Errors from the library are raised as
//! `discreet.DiscreetError` (a `ValueError`) with the Rust error's `Display` text. Every
//! call that scans releases the GIL; batch calls also spread the rows over all cores.
//!
//! # Layout
//!
//! ```text
//! functions   module functions (built-in rules) ─┐
//! scanner     the Scanner class ─────────────────┤
//!                                                ▼
//! engine      scanner + redactor, arguments (direction, policy, key), calls on one text
//! batch       many texts: arguments → rows → judged on all cores → dicts; JSON Lines
//! buffers     the Arrow call: bytes buffers in and out ──► arrow (columns, pure Rust)
//! par         the thread pools batch calls run on
//! results     the Finding, Reason and Verdict classes
//! convert     library values → dicts (code-point and byte offsets)
//! errors      DiscreetError and the mapping from discreet::Error
//! ```
//!
//! The Python layer (`discreet/__init__.py`) subclasses `Scanner` for pickling and adds
//! `scan_arrow` (`discreet/_arrow.py`), which wraps the buffers as pyarrow arrays.

mod arrow;
mod batch;
mod buffers;
mod convert;
mod engine;
mod errors;
mod functions;
mod par;
mod results;
mod scanner;

use discreet::Category;
use pyo3::prelude::*;

/// The native half of the `discreet` package; import `discreet`, not this.
#[pymodule]
#[pyo3(name = "_discreet")]
fn discreet_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("DiscreetError", py.get_type::<errors::DiscreetError>())?;
    m.add_class::<scanner::PyScanner>()?;
    m.add_class::<results::PyVerdict>()?;
    m.add_class::<results::PyFinding>()?;
    m.add_class::<results::PyReason>()?;
    m.add_function(wrap_pyfunction!(functions::scan, m)?)?;
    m.add_function(wrap_pyfunction!(functions::classify, m)?)?;
    m.add_function(wrap_pyfunction!(functions::findings, m)?)?;
    m.add_function(wrap_pyfunction!(functions::redact, m)?)?;
    m.add_function(wrap_pyfunction!(functions::scan_batch, m)?)?;
    m.add_function(wrap_pyfunction!(functions::scan_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(functions::_default_scanner, m)?)?;
    m.add("CATEGORIES", Category::NAMES.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
