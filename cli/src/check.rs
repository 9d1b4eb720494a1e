//! `discreet check`: a readable verdict for a person.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use discreet::{Action, Direction};

use crate::opts::ScannerOpts;
use crate::Outcome;

/// Arguments of `discreet check`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[command(flatten)]
    scanner: ScannerOpts,
    /// Who wrote the text: `incoming` (a customer) or `outgoing` (the brand's draft).
    #[arg(long, default_value = "incoming", value_parser = ["incoming", "outgoing"])]
    direction: String,
    /// The text to judge, or `-` (the default) to read it from standard input.
    text: Option<String>,
}

pub(crate) fn run(args: Args) -> Outcome {
    crate::require_rules(&args.scanner)?;
    let text = crate::opts::read_text(args.text.as_deref())?;
    let direction: Direction = args.direction.parse().map_err(|e| format!("{e}"))?;
    let scanner = args.scanner.build().map_err(|e| e.to_string())?;
    // One scan: the verdict and the evidence of the findings it used.
    let (verdict, explained) = scanner.classify_explained(&text, direction);

    // Built in memory and written once, so that a closed pipe is an ordinary outcome.
    let mut out = String::new();
    let _ = writeln!(out, "action: {}", verdict.action.as_str());
    if !explained.is_empty() {
        let _ = writeln!(out, "text:   {}", marked(&text, &verdict.findings));
        let _ = writeln!(out, "findings:");
        for e in &explained {
            let f = &e.finding;
            let mut why = format!("rule {}, confidence {:.2}", f.rule, f.confidence);
            if let Some(v) = e.validator {
                why.push_str(&format!(", passed {v}"));
            }
            if let Some(c) = &e.context {
                why.push_str(&format!(", context {c:?}"));
            }
            if let Some(c) = &e.negative_context {
                why.push_str(&format!(", negative context {c:?}"));
            }
            if e.weak_value {
                why.push_str(", weak value");
            }
            let _ = writeln!(
                out,
                "  {}/{} {:?} at {}..{} ({why})",
                f.category,
                f.kind,
                &text[f.range()],
                f.start,
                f.end
            );
        }
    }
    if !verdict.solicits.is_empty() {
        let asked: Vec<&str> = verdict.solicits.iter().map(|c| c.as_str()).collect();
        let _ = writeln!(out, "solicits: {}", asked.join(", "));
    }
    let _ = writeln!(
        out,
        "length: {} of 280 weighted characters",
        verdict.weighted_length
    );
    if !verdict.reasons.is_empty() {
        let _ = writeln!(out, "reasons:");
        for r in &verdict.reasons {
            let _ = writeln!(out, "  - {}", r.message);
        }
    }
    if let Some(reply) =
        discreet::reply::ReplyTemplate::default().public_reply(&verdict, direction, None)
    {
        let _ = writeln!(out, "suggested public reply: {reply}");
    }
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(format!("cannot write to standard output: {e}"))
        }
        _ => {}
    }
    Ok(match verdict.action {
        Action::Ok => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    })
}

/// The text with each finding in brackets.
fn marked(text: &str, findings: &[discreet::Finding]) -> String {
    let mut out = String::with_capacity(text.len() + 4 * findings.len());
    let mut at = 0;
    for f in findings {
        out.push_str(&text[at..f.start]);
        out.push('[');
        out.push_str(&text[f.range()]);
        out.push(']');
        at = f.end;
    }
    out.push_str(&text[at..]);
    out
}
