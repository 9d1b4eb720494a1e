//! The brand profile: the brand's own public contact points, named once in a TOML file.
//!
//! A support team answers from known handles, publishes known numbers and mailboxes, and
//! runs stores at known addresses. None of those is a customer's data, whoever writes them:
//! a draft that gives the store's address, or a customer who says they rang the published
//! line, discloses nothing. The profile names them:
//!
//! ```toml
//! name = "Acme Air"
//! handles = ["@AcmeAir", "@AcmeAirHelp"]
//! domains = ["acme-air.com"]                   # any address at these (and their subdomains)
//! phones = ["+1 888 555 0188", "(512) 555-0170"]
//! addresses = ["210 Pine St, Austin, TX 78701"]
//! mailboxes = ["acme.help@mailhost.example"]   # mailboxes at other domains
//! ```
//!
//! Every key is optional and unknown keys are errors. Phone numbers are compared by their
//! digits, so any spelling of a listed number matches (`+1 888 555 0188` also covers
//! `1-888-555-0188`); mailboxes, handles and addresses match as written, ignoring ASCII
//! case, and an address's first line (up to the first comma) also matches on its own.
//! Load a profile with [`BrandProfile::from_path`] and hand it to
//! [`ScannerBuilder::brand`](crate::ScannerBuilder::brand).

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};

/// Fewest digits in a phone number of the profile: shorter numbers would match too much.
const MIN_PHONE_DIGITS: usize = 7;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BrandSyntax {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    handles: Vec<String>,
    #[serde(default)]
    domains: Vec<String>,
    #[serde(default)]
    phones: Vec<String>,
    #[serde(default)]
    addresses: Vec<String>,
    #[serde(default)]
    mailboxes: Vec<String>,
}

/// A brand's own handles, domains, phone numbers, addresses and mailboxes (see the
/// [module docs](crate::brand) for the file format).
///
/// # Example
/// ```
/// use discreet::{Action, BrandProfile, Direction, ScannerBuilder};
///
/// let brand = BrandProfile::from_toml(r#"
/// domains = ["acme-air.com"]
/// phones = ["(512) 555-0170"]
/// "#, None)?;
/// let scanner = ScannerBuilder::new().brand(brand).build()?;
/// let v = scanner.classify("Maria on our team will help: maria.lopez@acme-air.com", Direction::Outgoing);
/// assert_eq!(v.action, Action::Ok);
/// let v = scanner.classify("rang 512-555-0170 twice, no answer", Direction::Incoming);
/// assert_eq!(v.action, Action::Ok);
/// # Ok::<(), discreet::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrandProfile {
    name: Option<String>,
    handles: Vec<String>,
    domains: Vec<String>,
    phones: Vec<String>,
    addresses: Vec<String>,
    mailboxes: Vec<String>,
}

impl BrandProfile {
    /// Parses and checks a profile; `path` only names the file in errors.
    ///
    /// # Errors
    /// Invalid TOML, unknown keys, wrong types, and malformed entries (a domain with `@` or
    /// spaces or no dot, a mailbox without `@`, a phone number with fewer than 7 digits, an
    /// empty entry). Messages name the file, the key and the entry's position, never its
    /// value.
    pub fn from_toml(src: &str, path: Option<&Path>) -> Result<BrandProfile> {
        let named = |e: Error| match path {
            Some(p) => e.with_path(p),
            None => e,
        };
        let s: BrandSyntax = toml::from_str(src)
            .map_err(|e| named(Error::new(ErrorKind::Syntax(e.message().into()))))?;
        let bad = |key: &str, i: usize, why: &str| {
            named(Error::new(ErrorKind::InvalidField(format!(
                "brand profile: {key}[{i}] {why}"
            ))))
        };
        let trimmed = |key: &str, list: Vec<String>| -> Result<Vec<String>> {
            list.into_iter()
                .enumerate()
                .map(|(i, v)| {
                    let v = v.trim().to_string();
                    if v.is_empty() {
                        Err(bad(key, i, "is empty"))
                    } else {
                        Ok(v)
                    }
                })
                .collect()
        };
        let handles: Vec<String> = trimmed("handles", s.handles)?
            .into_iter()
            .map(|h| {
                if h.starts_with('@') {
                    h
                } else {
                    format!("@{h}")
                }
            })
            .collect();
        for (i, h) in handles.iter().enumerate() {
            if h.len() < 2
                || h[1..]
                    .bytes()
                    .any(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
            {
                return Err(bad("handles", i, "is not a handle (letters, digits and _)"));
            }
        }
        let domains: Vec<String> = trimmed("domains", s.domains)?
            .into_iter()
            .map(|d| d.trim_end_matches('.').to_ascii_lowercase())
            .collect();
        for (i, d) in domains.iter().enumerate() {
            if d.contains('@') || d.contains(char::is_whitespace) || !d.contains('.') {
                return Err(bad(
                    "domains",
                    i,
                    "is not a domain name (like acme.example)",
                ));
            }
        }
        let phones = trimmed("phones", s.phones)?;
        for (i, p) in phones.iter().enumerate() {
            let digits = p.bytes().filter(u8::is_ascii_digit).count();
            let plain = p
                .bytes()
                .all(|b| b.is_ascii_digit() || b" +-().".contains(&b));
            if digits < MIN_PHONE_DIGITS || !plain {
                return Err(bad(
                    "phones",
                    i,
                    "is not a phone number (at least 7 digits; only + - ( ) . and spaces besides)",
                ));
            }
        }
        let mailboxes = trimmed("mailboxes", s.mailboxes)?;
        for (i, m) in mailboxes.iter().enumerate() {
            let ok = m
                .split_once('@')
                .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'));
            if !ok || m.contains(char::is_whitespace) {
                return Err(bad("mailboxes", i, "is not an email address"));
            }
        }
        Ok(BrandProfile {
            name: s
                .name
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
            handles,
            domains,
            phones,
            addresses: trimmed("addresses", s.addresses)?,
            mailboxes,
        })
    }

    /// Reads and checks a profile file.
    ///
    /// # Errors
    /// The file cannot be read, or as [`BrandProfile::from_toml`]; each error names the file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<BrandProfile> {
        let path = path.as_ref();
        let src = std::fs::read_to_string(path)
            .map_err(|e| Error::new(ErrorKind::Io(e.to_string())).with_path(path))?;
        BrandProfile::from_toml(&src, Some(path))
    }

    /// The brand's name, if given.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    /// The brand's handles, each starting with `@`.
    pub fn handles(&self) -> &[String] {
        &self.handles
    }
    /// The brand's email domains, lowercase.
    pub fn domains(&self) -> &[String] {
        &self.domains
    }
    /// The brand's phone numbers.
    pub fn phones(&self) -> &[String] {
        &self.phones
    }
    /// The brand's postal addresses.
    pub fn addresses(&self) -> &[String] {
        &self.addresses
    }
    /// The brand's mailboxes at other domains.
    pub fn mailboxes(&self) -> &[String] {
        &self.mailboxes
    }

    /// The profile as allow-list entries: domains become `*@domain` (any address at the
    /// domain or a subdomain), each address also gives its first line.
    pub(crate) fn allow_entries(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        out.extend(self.handles.iter().cloned());
        out.extend(self.domains.iter().map(|d| format!("*@{d}")));
        out.extend(self.phones.iter().cloned());
        out.extend(self.mailboxes.iter().cloned());
        for a in &self.addresses {
            out.push(a.clone());
            if let Some((first, _)) = a.split_once(',') {
                if !first.trim().is_empty() {
                    out.push(first.trim().to_string());
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalises() {
        let b = BrandProfile::from_toml(
            "name = 'Acme'\nhandles = ['AcmeAir']\ndomains = ['Acme-Air.com.']\nphones = ['+1 888 555 0188']\naddresses = ['210 Pine St, Austin, TX 78701']\n",
            None,
        )
        .unwrap();
        assert_eq!(b.name(), Some("Acme"));
        assert_eq!(b.handles(), ["@AcmeAir"]);
        assert_eq!(b.domains(), ["acme-air.com"]);
        assert_eq!(
            b.allow_entries(),
            [
                "@AcmeAir",
                "*@acme-air.com",
                "+1 888 555 0188",
                "210 Pine St, Austin, TX 78701",
                "210 Pine St"
            ]
        );
    }

    #[test]
    fn errors_name_file_key_and_position_not_value() {
        let p = Path::new("brand.toml");
        let cases = [
            ("domain = ['x.com']", "unknown field"),
            ("domains = ['jo@x.com']", "domains[0]"),
            ("phones = ['555 01']", "phones[0]"),
            ("mailboxes = ['x.com', 'nobody']", "mailboxes[0]"),
            ("addresses = ['ok', ' ']", "addresses[1] is empty"),
            ("handles = ['@a b']", "handles[0]"),
            ("phones = 5", "invalid type"),
        ];
        for (src, want) in cases {
            let e = BrandProfile::from_toml(src, Some(p))
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("brand.toml: "), "{src}: {e}");
            assert!(e.contains(want), "{src}: {e}");
            assert!(!e.contains("jo@x.com") && !e.contains("555 01"), "{e}");
        }
        let e = BrandProfile::from_path("/nonexistent/brand.toml").unwrap_err();
        assert_eq!(e.path(), Some(Path::new("/nonexistent/brand.toml")));
    }
}
