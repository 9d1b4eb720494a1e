//! The secret key behind pseudonyms: read from bytes, a file or an environment variable,
//! kept only as a keyed HMAC state.

use std::fmt;
use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::{Error, ErrorKind, Result};

/// A secret key for [`Style::Pseudonym`](super::Style::Pseudonym): at least
/// [`Key::MIN_LEN`] bytes.
///
/// Only the keyed HMAC state is kept, never the key bytes themselves, and `Debug` prints
/// nothing of it. Read keys from a file or an environment variable, never from a command
/// line (it shows in process lists).
///
/// # Example
/// ```
/// use discreet::Key;
///
/// let key = Key::new("a secret of at least sixteen bytes")?;
/// assert_eq!(format!("{key:?}"), "Key(..)");
/// assert!(Key::new("too short").is_err());
/// # Ok::<(), discreet::Error>(())
/// ```
#[derive(Clone)]
pub struct Key {
    mac: Hmac<Sha256>,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(..)")
    }
}

impl Key {
    /// The shortest key accepted, in bytes.
    pub const MIN_LEN: usize = 16;

    /// A key from raw bytes, used as they are.
    ///
    /// # Errors
    /// [`ErrorKind::Config`] when shorter than [`Key::MIN_LEN`] bytes.
    pub fn new(bytes: impl AsRef<[u8]>) -> Result<Key> {
        let bytes = bytes.as_ref();
        if bytes.len() < Key::MIN_LEN {
            return Err(Error::new(ErrorKind::Config(format!(
                "key too short: {} bytes, at least {} needed",
                bytes.len(),
                Key::MIN_LEN
            ))));
        }
        // HMAC accepts keys of any length; the error branch cannot be taken.
        let mac = Hmac::<Sha256>::new_from_slice(bytes)
            .map_err(|e| Error::new(ErrorKind::Config(format!("key rejected: {e}"))))?;
        Ok(Key { mac })
    }

    /// Reads a key file. Surrounding ASCII whitespace (a trailing newline) is ignored.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when the file cannot be read, [`ErrorKind::Config`] when the key
    /// is too short or the file larger than 64 KiB; all name the file (see
    /// [`Error::path`]).
    pub fn from_file(path: impl AsRef<Path>) -> Result<Key> {
        let path = path.as_ref();
        let bytes = crate::text::read_capped(path, super::MAX_KEY_FILE, "key")?;
        Key::new(bytes.trim_ascii()).map_err(|e| e.with_path(path))
    }

    /// Reads a key from the environment variable `name`. Surrounding ASCII whitespace is
    /// ignored.
    ///
    /// # Errors
    /// [`ErrorKind::Config`] when the variable is not set or the key is too short; both
    /// name the variable.
    pub fn from_env(name: &str) -> Result<Key> {
        let value = std::env::var_os(name).ok_or_else(|| {
            Error::new(ErrorKind::Config(format!(
                "environment variable {name} is not set"
            )))
        })?;
        let bytes = value.into_encoded_bytes();
        Key::new(bytes.trim_ascii()).map_err(|e| {
            Error::new(ErrorKind::Config(format!(
                "environment variable {name}: {}",
                e.kind()
            )))
        })
    }

    /// A fresh keyed MAC, ready for a message.
    pub(super) fn mac(&self) -> Hmac<Sha256> {
        self.mac.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::pseudonym::token;
    use crate::Category;

    #[test]
    fn keys() {
        let e = Key::new("short").unwrap_err();
        assert_eq!(e.to_string(), "key too short: 5 bytes, at least 16 needed");
        let k = Key::new([0u8; 16]).unwrap();
        assert_eq!(format!("{k:?}"), "Key(..)");
        let file = std::env::temp_dir().join(format!("discreet-key-{}", std::process::id()));
        std::fs::write(&file, "a key that is long enough\n").unwrap();
        let a = Key::from_file(&file).unwrap();
        let b = Key::new("a key that is long enough").unwrap();
        assert_eq!(
            token(&a, Category::Email, "x"),
            token(&b, Category::Email, "x")
        );
        std::fs::write(&file, "tiny\n").unwrap();
        let e = Key::from_file(&file).unwrap_err();
        assert!(
            e.path() == Some(file.as_path()) && e.to_string().contains("too short"),
            "{e}"
        );
        std::fs::remove_file(&file).unwrap();
        let e = Key::from_file(&file).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Io(_)), "{e}");
        // A path pointed at an endless file fails fast with a bounded read.
        let e = Key::from_file("/dev/zero").unwrap_err();
        assert_eq!(
            e.to_string(),
            "/dev/zero: cannot read: the key file is larger than the limit of 65536 bytes"
        );
        let e = crate::RedactionPolicy::from_path("/dev/zero").unwrap_err();
        assert_eq!(
            e.to_string(),
            "/dev/zero: cannot read: the policy file is larger than the limit of 1048576 bytes"
        );
    }

    #[test]
    fn keys_from_the_environment_name_the_variable() {
        let e = Key::from_env("DISCREET_TEST_SURELY_UNSET_VARIABLE").unwrap_err();
        assert_eq!(
            e.to_string(),
            "environment variable DISCREET_TEST_SURELY_UNSET_VARIABLE is not set"
        );
        // PATH is set in every test run and longer than a key needs: a real variable.
        let from_env = Key::from_env("PATH").unwrap();
        let path = std::env::var_os("PATH").unwrap().into_encoded_bytes();
        let direct = Key::new(path.trim_ascii()).unwrap();
        assert_eq!(
            token(&from_env, Category::Phone, "1"),
            token(&direct, Category::Phone, "1")
        );
    }
}
