//! The `discreet` command: a thin layer over the `discreet` library.
//!
//! `main` only maps the outcome of `run` to an exit status; every subcommand lives in its
//! own module.

mod check;
mod generate;
mod lint;
mod opts;
mod read_capped;
mod redact;
mod rules_check;
mod scan;
mod serve;
mod source;
mod summary;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use opts::ScannerOpts;

/// Find sensitive data in tweets and tell when a conversation belongs in a Direct Message.
#[derive(Parser, Debug)]
#[command(name = "discreet", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Judge one text for a person: the action, each finding marked in the text, the reasons.
    /// Exit status 0 when the text is fine in public, 1 when a DM is recommended, 2 on error.
    Check(check::Args),
    /// Read JSON Lines ({"id", "text", "direction"}), an X/Twitter archive (tweets.js or
    /// the .zip) or CSV, and write one verdict line per item, in order. Exit status 2 when
    /// any item had an error or the input is truncated, 0 otherwise.
    Scan(scan::Args),
    /// Write a synthetic archive of tweets (JSON Lines or tweets.js) for benchmarks and
    /// tests: realistic lengths, mentions, URLs, emoji, a few percent with sensitive data.
    Generate(generate::Args),
    /// Redact one text by a policy (placeholders by default; --policy FILE for masks,
    /// partial values, pseudonyms or removal; pseudonyms take their key from --key-file or
    /// DISCREET_KEY). Exit status 0, or 2 on error.
    Redact(redact::Args),
    /// Serve classify, redact and batch scan over HTTP (JSON in, the `scan` line out), with
    /// health, readiness and Prometheus metrics; SIGHUP reloads, SIGTERM drains.
    Serve(serve::Args),
    /// Check saved replies (CSV, JSON, YAML, Markdown, text; folders recursively) before
    /// anyone sends them. Exit status 0 clean, 1 problems, 2 errors.
    Lint(lint::Args),
    /// List or check rule files.
    #[command(subcommand)]
    Rules(RulesCommand),
}

#[derive(Subcommand, Debug)]
enum RulesCommand {
    /// List the rules a scanner would run (built-in plus --rules files).
    List {
        #[command(flatten)]
        scanner: ScannerOpts,
    },
    /// Check rule files: fields, regexes, and every example and negative example.
    Check {
        /// Rule files or directories to check.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
}

/// The outcome of a command that ran: the exit status to report.
pub(crate) type Outcome = Result<ExitCode, String>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Scan(args) => scan::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Redact(args) => redact::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Rules(RulesCommand::List { scanner }) => rules_list(&scanner),
        Command::Rules(RulesCommand::Check { files }) => rules_check::run(&files),
    };
    match outcome {
        Ok(code) => code,
        Err(msg) => {
            report(&msg);
            ExitCode::from(2)
        }
    }
}

/// `--no-builtin` without `--rules` leaves nothing to look for: a scan would say `ok` to
/// everything, which is a mistake to report, not a result.
pub(crate) fn require_rules(opts: &ScannerOpts) -> Result<(), String> {
    if opts.no_builtin && opts.rules.is_empty() {
        return Err("--no-builtin leaves no rules: give --rules FILE as well".into());
    }
    Ok(())
}

/// Prints `discreet: MSG` on standard error. A standard error that cannot be written is
/// ignored: the exit status still tells (`eprintln!` would panic instead).
pub(crate) fn report(msg: &str) {
    report_raw(&format!("discreet: {msg}\n"));
}

/// Prints `text` as it is on standard error, ignoring failures as [`report`] does.
pub(crate) fn report_raw(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

fn rules_list(opts: &ScannerOpts) -> Outcome {
    use std::io::Write;
    require_rules(opts)?;
    let scanner = opts.build().map_err(|e| e.to_string())?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut written = Ok(());
    for rule in scanner.rules() {
        written = writeln!(
            out,
            "{:<32} {:<13} {:<20} {}",
            rule.id(),
            rule.category().as_str(),
            rule.kind(),
            rule.description().unwrap_or("")
        );
        if written.is_err() {
            break;
        }
    }
    match written.and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // The reader went away (`discreet rules list | head`): not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(format!("cannot write to standard output: {e}")),
    }
}
