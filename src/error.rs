//! The crate's one error type.
//!
//! Scanning text never fails; errors come from loading and compiling rule files (and, in
//! later layers, from loading policies and keys). Every message names where the problem is:
//! the file, the rule id and what is wrong, e.g.
//! `rules/billing.toml: rule billing.card_number: invalid regex: unclosed group`.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error from loading, checking or compiling rules.
///
/// The error is opaque: inspect it with [`Error::kind`], [`Error::path`] and
/// [`Error::rule_id`], or print it (`Display` gives the full lowercase message).
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
    rule: Option<String>,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A rule file could not be read.
    #[error("cannot read: {0}")]
    Io(String),
    /// The file is not valid TOML, or a field has the wrong type, or an unknown field was used.
    #[error("{0}")]
    Syntax(String),
    /// A rule's regex does not parse or compile; the payload is the engine's message.
    #[error("invalid regex: {0}")]
    InvalidRegex(String),
    /// A rule's regex compiles to more than the size limit (in bytes of NFA).
    #[error("regex too large: it compiles to more than the limit of {limit} bytes")]
    RegexTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The `validator` field names a validator this crate does not have.
    #[error("unknown validator {name:?} (known: {known})", known = known.join(", "))]
    UnknownValidator {
        /// The name given.
        name: String,
        /// The names this crate knows.
        known: &'static [&'static str],
    },
    /// The `category` field is not one of the seven categories.
    #[error("unknown category {name:?} (known: {known})", known = known.join(", "))]
    UnknownCategory {
        /// The name given.
        name: String,
        /// The seven names.
        known: &'static [&'static str],
    },
    /// Two rules share an id.
    #[error("duplicate rule id")]
    DuplicateId,
    /// A field has a value out of range (score outside 0..1, malformed id, empty list entry…).
    #[error("{0}")]
    InvalidField(String),
    /// One of the rule's `examples` is not found, or one of its `negative-examples` is.
    #[error("{0}")]
    Example(String),
    /// Any other problem with a configuration value (policy, key, allow-list).
    #[error("{0}")]
    Config(String),
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error {
            kind,
            path: None,
            rule: None,
        }
    }

    pub(crate) fn with_rule(mut self, rule: impl Into<String>) -> Error {
        self.rule = Some(rule.into());
        self
    }

    pub(crate) fn with_path(mut self, path: impl AsRef<Path>) -> Error {
        if self.path.is_none() {
            self.path = Some(path.as_ref().to_path_buf());
        }
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The rule file involved, when the rules came from a file.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The id of the rule involved, when one could be read.
    pub fn rule_id(&self) -> Option<&str> {
        self.rule.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}: ", path.display())?;
        }
        if let Some(rule) = &self.rule {
            write!(f, "rule {rule}: ")?;
        }
        write!(f, "{}", self.kind)
    }
}

impl std::error::Error for Error {}

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
