//! Configuration: a TOML file and flags, merged into [`Settings`].
//!
//! The file is read again on every reload, so `Settings::load` is the one place that turns
//! "what the operator wrote" into "what the service runs with". Flags override the file's
//! values and add to its lists. Relative paths in the file are relative to the file.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::{Error, ScannerOpts};

/// The address the service listens on when neither the file nor `--listen` names one:
/// loopback only, so a service without a token is not reachable from other machines.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The flags of `discreet serve` (and of the `discreet-serve` binary).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ServeArgs {
    /// Configuration file (TOML). Flags override its values and add to its lists. Read
    /// again on SIGHUP; a configuration that does not load keeps the running one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Address to listen on (default 127.0.0.1:8080: loopback only).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// How to build the scanner (the same flags as `discreet scan`).
    #[command(flatten)]
    pub scanner: ScannerOpts,
    /// A named redaction policy file, for `"policy": "NAME"` in /v1/redact and
    /// `?policy=NAME` in /v1/scan (repeatable). `default` is the placeholder policy unless
    /// given here.
    #[arg(long = "policy", value_name = "NAME=FILE", value_parser = parse_policy)]
    pub policies: Vec<(String, PathBuf)>,
    /// File holding the secret key for pseudonym policies.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// File holding a bearer token: /v1/* and /metrics then require
    /// `Authorization: Bearer TOKEN`.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Largest request body, in bytes.
    #[arg(long, value_name = "BYTES")]
    pub max_body_bytes: Option<usize>,
    /// Most items in one /v1/scan batch.
    #[arg(long, value_name = "N")]
    pub max_items: Option<usize>,
    /// Largest item (a /v1/classify or /v1/redact body, one batch line or array element).
    #[arg(long, value_name = "BYTES")]
    pub max_item_bytes: Option<usize>,
    /// Longest time a request may take, reading its body included, in milliseconds.
    #[arg(long, value_name = "MS")]
    pub timeout_ms: Option<u64>,
    /// Most requests served at once; more get 503 (taken at start, not on reload).
    #[arg(long, value_name = "N")]
    pub max_concurrent: Option<usize>,
    /// Log every request (route, status, duration; never a text).
    #[arg(long, short)]
    pub verbose: bool,
}

fn parse_policy(s: &str) -> Result<(String, PathBuf), String> {
    let (name, file) = s
        .split_once('=')
        .ok_or_else(|| "expected NAME=FILE".to_string())?;
    check_policy_name(name).map_err(|e| e.to_string())?;
    Ok((name.to_string(), PathBuf::from(file)))
}

fn check_policy_name(name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.');
    if ok {
        Ok(())
    } else {
        Err(Error::config(
            "a policy name is 1 to 64 letters, digits, '_', '-' or '.'",
        ))
    }
}

/// The limits every request is held to. Exceeding one answers a JSON error naming it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body, in bytes (413 `max_body_bytes`).
    pub max_body_bytes: usize,
    /// Most items in one batch (413 `max_items`).
    pub max_items: usize,
    /// Largest single item, in bytes (413 `max_item_bytes`).
    pub max_item_bytes: usize,
    /// Longest time for one request (408 `request_timeout`).
    pub request_timeout: Duration,
    /// Most requests at once (503 `max_concurrent`).
    pub max_concurrent: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body_bytes: 4 << 20,
            max_items: 10_000,
            max_item_bytes: 64 << 10,
            request_timeout: Duration::from_secs(10),
            max_concurrent: 512,
        }
    }
}

/// The configuration file's shape.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    listen: Option<SocketAddr>,
    #[serde(default)]
    rules: Vec<PathBuf>,
    #[serde(default)]
    no_builtin: bool,
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    allow: Vec<String>,
    brand: Option<PathBuf>,
    min_score: Option<f64>,
    #[serde(default)]
    phrases: Vec<PathBuf>,
    #[serde(default)]
    policies: BTreeMap<String, PathBuf>,
    key_file: Option<PathBuf>,
    token_file: Option<PathBuf>,
    #[serde(default)]
    limits: LimitsFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct LimitsFile {
    max_body_bytes: Option<usize>,
    max_items: Option<usize>,
    max_item_bytes: Option<usize>,
    timeout_ms: Option<u64>,
    max_concurrent: Option<usize>,
}

/// The settings the service runs with: the file and the flags, merged and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Where to listen.
    pub listen: SocketAddr,
    /// How to build the scanner: the file's rules, disabled ids and allowed values, then
    /// the flags'; the flags' brand profile and lowest score win over the file's.
    pub scanner: ScannerOpts,
    /// Named redaction policy files.
    pub policies: BTreeMap<String, PathBuf>,
    /// The key file for pseudonyms.
    pub key_file: Option<PathBuf>,
    /// The bearer token file.
    pub token_file: Option<PathBuf>,
    /// The request limits.
    pub limits: Limits,
}

impl Settings {
    /// Reads the configuration file named by `args` (if any) and merges the flags in.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Config`] when the file cannot be read or parsed, has an unknown
    /// key, or a limit is zero; the message names the file or the setting.
    pub fn load(args: &ServeArgs) -> Result<Settings, Error> {
        let (file, base) = match &args.config {
            Some(path) => {
                let src = std::fs::read_to_string(path).map_err(|e| {
                    Error::config(format!("cannot read config {}: {e}", path.display()))
                })?;
                let file: ConfigFile = toml::from_str(&src).map_err(|e| {
                    // toml's message quotes the offending line, which holds settings, not
                    // user texts; keep only its first line to stay short.
                    let msg = e.message().lines().next().unwrap_or("").to_string();
                    Error::config(format!("config {}: {msg}", path.display()))
                })?;
                let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
                (file, base)
            }
            None => (ConfigFile::default(), PathBuf::new()),
        };
        let rel = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
        let lf = file.limits;
        let d = Limits::default();
        let limits = Limits {
            max_body_bytes: args
                .max_body_bytes
                .or(lf.max_body_bytes)
                .unwrap_or(d.max_body_bytes),
            max_items: args.max_items.or(lf.max_items).unwrap_or(d.max_items),
            max_item_bytes: args
                .max_item_bytes
                .or(lf.max_item_bytes)
                .unwrap_or(d.max_item_bytes),
            request_timeout: args
                .timeout_ms
                .or(lf.timeout_ms)
                .map(Duration::from_millis)
                .unwrap_or(d.request_timeout),
            max_concurrent: args
                .max_concurrent
                .or(lf.max_concurrent)
                .unwrap_or(d.max_concurrent),
        };
        for (name, zero) in [
            ("max-body-bytes", limits.max_body_bytes == 0),
            ("max-items", limits.max_items == 0),
            ("max-item-bytes", limits.max_item_bytes == 0),
            ("timeout-ms", limits.request_timeout.is_zero()),
            ("max-concurrent", limits.max_concurrent == 0),
        ] {
            if zero {
                return Err(Error::config(format!("limit {name} must be at least 1")));
            }
        }
        let mut policies = BTreeMap::new();
        for (name, path) in file.policies {
            check_policy_name(&name)?;
            policies.insert(name, rel(path));
        }
        for (name, path) in &args.policies {
            policies.insert(name.clone(), path.clone());
        }
        let flags = &args.scanner;
        let scanner = ScannerOpts {
            rules: file
                .rules
                .into_iter()
                .map(rel)
                .chain(flags.rules.iter().cloned())
                .collect(),
            no_builtin: flags.no_builtin || file.no_builtin,
            disable: file
                .disable
                .into_iter()
                .chain(flags.disable.iter().cloned())
                .collect(),
            allow: file
                .allow
                .into_iter()
                .chain(flags.allow.iter().cloned())
                .collect(),
            brand: flags.brand.clone().or(file.brand.map(rel)),
            min_score: flags.min_score.or(file.min_score),
            phrases: file
                .phrases
                .into_iter()
                .map(rel)
                .chain(flags.phrases.iter().cloned())
                .collect(),
        };
        let listen = match args.listen.or(file.listen) {
            Some(a) => a,
            None => DEFAULT_LISTEN.parse().expect("the default address parses"),
        };
        Ok(Settings {
            listen,
            scanner,
            policies,
            key_file: args.key_file.clone().or(file.key_file.map(rel)),
            token_file: args.token_file.clone().or(file.token_file.map(rel)),
            limits,
        })
    }
}
