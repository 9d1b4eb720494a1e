//! The one error type of the service: what went wrong before or outside a request.

use std::fmt;

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The configuration file, a flag, a rule file, a policy file, the key file or the token
    /// file is wrong or unreadable.
    Config,
    /// The listening socket, the runtime or a signal handler could not be set up.
    Io,
}

/// A failure to configure, start or reload the service. Messages name files and settings,
/// never a text, a value, a key or a token.
#[derive(Debug, Clone)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub(crate) fn config(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Config,
            message: message.into(),
        }
    }

    pub(crate) fn io(what: &str, e: std::io::Error) -> Error {
        Error {
            kind: ErrorKind::Io,
            message: format!("{what}: {e}"),
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
