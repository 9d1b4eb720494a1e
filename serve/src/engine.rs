//! The engine: everything a request needs, built from [`Settings`] and swapped whole on
//! reload, so a request sees one consistent configuration from start to end.

use std::collections::BTreeMap;

use discreet::{Key, RedactionPolicy, Redactor, Scanner};

use crate::config::{Limits, Settings};
use crate::Error;

/// The scanner, the named redactors, the token and the limits: immutable once built.
#[derive(Debug)]
pub struct Engine {
    /// The scanner every request uses.
    pub scanner: Scanner,
    redactors: BTreeMap<String, Redactor>,
    token: Option<Vec<u8>>,
    /// The request limits.
    pub limits: Limits,
}

impl Engine {
    /// Builds the scanner, loads every policy file, the key file and the token file.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Config`] naming the file or setting that failed.
    pub fn build(s: &Settings) -> Result<Engine, Error> {
        let scanner = s
            .scanner
            .build()
            .map_err(|e| Error::config(e.to_string()))?;
        let key = match &s.key_file {
            Some(f) => Some(Key::from_file(f).map_err(|e| Error::config(e.to_string()))?),
            None => None,
        };
        let mut redactors = BTreeMap::new();
        let mut named: Vec<(String, RedactionPolicy)> = Vec::new();
        if !s.policies.contains_key("default") {
            named.push(("default".to_string(), RedactionPolicy::default()));
        }
        for (name, path) in &s.policies {
            let p = RedactionPolicy::from_path(path)
                .map_err(|e| Error::config(format!("policy {name}: {e}")))?;
            named.push((name.clone(), p));
        }
        for (name, policy) in named {
            let needs_key = policy.needs_key();
            let r = match (&key, needs_key) {
                (Some(k), _) => Redactor::with_key(policy, k.clone()),
                (None, true) => {
                    return Err(Error::config(format!(
                        "policy {name} uses pseudonyms, which need a secret key: give key-file"
                    )))
                }
                (None, false) => Redactor::new(policy),
            }
            .map_err(|e| Error::config(format!("policy {name}: {e}")))?;
            redactors.insert(name, r);
        }
        let token = match &s.token_file {
            Some(f) => {
                let raw = std::fs::read(f).map_err(|e| {
                    Error::config(format!("cannot read token file {}: {e}", f.display()))
                })?;
                let t = raw.trim_ascii().to_vec();
                if t.is_empty() {
                    return Err(Error::config(format!(
                        "token file {} is empty",
                        f.display()
                    )));
                }
                Some(t)
            }
            None => None,
        };
        // Parts of the scanner (phone metadata, phrase automata) are built on first use;
        // one classification here keeps that cost off the first request after a start or a
        // reload.
        let _ = scanner.classify(
            "call +1 415 555 0132 or mail jo@example.org, card 4111 1111 1111 1111",
            discreet::Direction::Incoming,
        );
        Ok(Engine {
            scanner,
            redactors,
            token,
            limits: s.limits,
        })
    }

    /// The redactor of the policy called `name`.
    pub fn redactor(&self, name: &str) -> Option<&Redactor> {
        self.redactors.get(name)
    }

    /// The names of the configured policies, sorted.
    pub fn policy_names(&self) -> impl Iterator<Item = &str> {
        self.redactors.keys().map(String::as_str)
    }

    /// Whether `presented` is the configured token (true when none is configured). The
    /// comparison takes the same time wherever the first difference is.
    pub fn token_matches(&self, presented: Option<&[u8]>) -> bool {
        use subtle::ConstantTimeEq;
        match (&self.token, presented) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(t), Some(p)) => bool::from(t.as_slice().ct_eq(p)),
        }
    }

    /// Whether requests must carry a bearer token.
    pub fn needs_token(&self) -> bool {
        self.token.is_some()
    }
}
