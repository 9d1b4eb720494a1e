//! `discreet redact`: one text in, the same text with its sensitive data redacted out.
//!
//! The policy comes from `--policy FILE` (TOML, or JSON for a `.json` name; default: every
//! value becomes its category's placeholder). A key for pseudonyms comes from
//! `--key-file FILE` or the `DISCREET_KEY` environment variable, never from the command
//! line, where every user of the machine could read it in the process list.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use discreet::{Key, RedactionPolicy, Redactor};

use crate::opts::ScannerOpts;
use crate::Outcome;

/// Arguments of `discreet redact`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[command(flatten)]
    scanner: ScannerOpts,
    /// Redaction policy file: TOML, or JSON when the name ends in `.json` (default: every
    /// value becomes a placeholder such as [EMAIL]).
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// File holding the secret key for pseudonyms (default: the DISCREET_KEY environment
    /// variable). There is no option to give the key itself: it would show in process lists.
    #[arg(long, value_name = "FILE")]
    key_file: Option<PathBuf>,
    /// Print the redaction as JSON: the text, each replaced span (original and replacement
    /// byte ranges, category, kind) and the weighted tweet length.
    #[arg(long)]
    json: bool,
    /// The text to redact, or `-` (the default) to read it from standard input.
    text: Option<String>,
}

/// A redactor for a policy file (or the default policy) with a key from `key_file` or, when
/// the policy needs one, from the `DISCREET_KEY` environment variable.
pub(crate) fn redactor(policy: Option<&Path>, key_file: Option<&Path>) -> Result<Redactor, String> {
    let policy = match policy {
        Some(p) => RedactionPolicy::from_path(p).map_err(|e| e.to_string())?,
        None => RedactionPolicy::default(),
    };
    let key = match key_file {
        Some(f) => Some(Key::from_file(f).map_err(|e| e.to_string())?),
        None if policy.needs_key() => match std::env::var_os(Key::ENV_VAR) {
            Some(_) => Some(Key::from_env(Key::ENV_VAR).map_err(|e| e.to_string())?),
            None => {
                return Err(format!(
                    "the policy uses the pseudonym style, which needs a secret key: give \
                     --key-file FILE or set {}",
                    Key::ENV_VAR
                ))
            }
        },
        None => None,
    };
    match key {
        Some(k) => Redactor::with_key(policy, k),
        None => Redactor::new(policy),
    }
    .map_err(|e| e.to_string())
}

pub(crate) fn run(args: Args) -> Outcome {
    let redactor = redactor(args.policy.as_deref(), args.key_file.as_deref())?;
    let text = crate::opts::read_text(args.text.as_deref())?;
    let scanner = args.scanner.build()?;
    let r = redactor.redact(&scanner, &text);
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        serde_json::to_writer(&mut out, &r)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
    } else {
        out.write_all(r.text.as_bytes()).and_then(|()| {
            if r.text.ends_with('\n') {
                Ok(())
            } else {
                out.write_all(b"\n")
            }
        })
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(format!("i/o error: {e}")),
    }
}
