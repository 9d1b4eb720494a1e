//! The one exception type, `discreet.DiscreetError`, and the mapping from the library's
//! [`discreet::Error`] to it.
//!
//! Argument errors that are not the library's (a wrong Python type, a length mismatch)
//! stay the built-in `TypeError`/`ValueError`; they are raised where the argument is read.

use discreet::ErrorKind;
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

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
        ErrorKind::UnknownValidator { .. } => "unknown_validator",
        ErrorKind::UnknownCategory { .. } => "unknown_category",
        ErrorKind::DuplicateId => "duplicate_id",
        ErrorKind::InvalidField(_) => "invalid_field",
        ErrorKind::Example(_) => "example",
        ErrorKind::Config(_) => "config",
        _ => "other",
    }
}

/// A library error as a `DiscreetError` with `kind`, `path` and `rule_id` attributes.
pub(crate) fn py_err(e: discreet::Error) -> PyErr {
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
