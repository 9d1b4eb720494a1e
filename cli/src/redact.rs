//! `discreet redact`: one text in, the same text with its sensitive data redacted out.
//!
//! The policy comes from `--policy FILE` (TOML, or JSON for a `.json` name; default: every
//! value becomes its category's placeholder). A key for pseudonyms comes from
//! `--key-file FILE` or the `DISCREET_KEY` environment variable, never from the command
//! line, where every user of the machine could read it in the process list. The policy may
//! name the kinds of the built-in rules and of `--rules` files; any other kind is an error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use discreet::{ErrorKind, Key, RedactionPolicy, Redactor, Scanner};

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

/// The environment variable a pseudonym key is read from when there is no `--key-file`.
const KEY_ENV_VAR: &str = "DISCREET_KEY";

/// How to make a key, added to key errors.
const KEY_HINT: &str = "make one with: head -c 32 /dev/urandom | base64 > key";

/// Where the redactor's settings come from: `--redact`, `--policy` and `--key-file`.
pub(crate) struct RedactOpts<'a> {
    /// Whether to redact at all (`discreet redact`; `discreet scan --redact` or `--policy`).
    pub enabled: bool,
    /// `--policy FILE`.
    pub policy: Option<&'a Path>,
    /// `--key-file FILE`.
    pub key_file: Option<&'a Path>,
}

/// The redactor for `discreet redact` and `discreet scan`, or `None` when nothing is to be
/// redacted: a policy file (or the default policy) checked against the kinds of `scanner`'s
/// rules, with a key from `--key-file` or, when the policy needs one, from `DISCREET_KEY`.
///
/// A `--key-file` that would not be used is never ignored in silence: without redaction
/// (`scan` without `--redact` or `--policy`) it is an error, since whoever gave it expected
/// redacted output; with a policy that has no pseudonym style it is a warning.
pub(crate) fn redactor(
    opts: RedactOpts<'_>,
    scanner: &Scanner,
) -> Result<Option<Redactor>, String> {
    if !opts.enabled {
        return match opts.key_file {
            Some(_) => Err(
                "--key-file is only used for redaction: add --redact (or --policy) \
                 to redact the output, or leave out --key-file"
                    .to_string(),
            ),
            None => Ok(None),
        };
    }
    let mut policy = match opts.policy {
        Some(p) => RedactionPolicy::from_path(p).map_err(|e| e.to_string())?,
        None => RedactionPolicy::default(),
    };
    // The user's own rules (`--rules`) bring their kinds: a policy may name them.
    policy.with_kinds(scanner.rules().map(|r| r.kind()));
    let key = match opts.key_file {
        Some(f) if !policy.needs_key() => {
            // A warning that cannot be written is no reason to stop (nor to panic, as
            // `eprintln!` would).
            let _ = writeln!(
                std::io::stderr(),
                "warning: --key-file {} is not used: the policy has no pseudonym style",
                f.display()
            );
            None
        }
        Some(f) => Some(Key::from_file(f).map_err(|e| key_error(&e))?),
        None if policy.needs_key() => match std::env::var_os(KEY_ENV_VAR) {
            Some(_) => Some(Key::from_env(KEY_ENV_VAR).map_err(|e| key_error(&e))?),
            None => {
                return Err(format!(
                    "the policy uses the pseudonym style, which needs a secret key: give \
                     --key-file FILE or set {KEY_ENV_VAR}"
                ))
            }
        },
        None => None,
    };
    let built = match key {
        Some(k) => Redactor::with_key(policy, k),
        None => Redactor::new(policy),
    };
    built.map(Some).map_err(|e| match opts.policy {
        Some(p) => format!("{}: {e}", p.display()),
        None => e.to_string(),
    })
}

/// A key error, with how to make a good key when the one given is too short.
fn key_error(e: &discreet::Error) -> String {
    match e.kind() {
        ErrorKind::Config(_) => format!("{e} ({KEY_HINT})"),
        _ => e.to_string(),
    }
}

pub(crate) fn run(args: Args) -> Outcome {
    let scanner = args.scanner.build().map_err(|e| e.to_string())?;
    let opts = RedactOpts {
        enabled: true,
        policy: args.policy.as_deref(),
        key_file: args.key_file.as_deref(),
    };
    let redactor = redactor(opts, &scanner)?.unwrap_or_default();
    let text = crate::opts::read_text(args.text.as_deref())?;
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
