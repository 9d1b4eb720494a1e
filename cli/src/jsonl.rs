//! `discreet scan`: JSON Lines in, JSON Lines out, exactly the contract other tools rely on.
//!
//! Input line: `{"id": ..., "text": "...", "direction": "incoming" | "outgoing"}` (`id` and
//! `direction` optional, other fields ignored). Output: one line per input line, in order:
//! `{"id": ..., "action": ..., "findings": [...], "solicits": [...], "reasons": [...],
//! "weighted_length": N}`, or
//! `{"id": ..., "error": "..."}` for a line that cannot be judged. Lines are read in chunks
//! and judged on all cores; output order is input order.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use discreet::{Direction, Scanner};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::opts::ScannerOpts;
use crate::Outcome;

/// Arguments of `discreet scan`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[command(flatten)]
    scanner: ScannerOpts,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// JSON Lines file to read, or `-` for standard input (the default).
    input: Option<PathBuf>,
}

/// Lines judged per batch: large enough to amortise handing work to threads, small enough
/// to keep memory flat and output flowing.
const CHUNK: usize = 8192;

#[derive(Deserialize)]
struct InLine<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    text: Option<&'a RawValue>,
    #[serde(borrow, default)]
    direction: Option<&'a RawValue>,
}

#[derive(Serialize)]
struct OutLine<'a> {
    id: Option<&'a RawValue>,
    action: discreet::Action,
    findings: &'a [discreet::Finding],
    solicits: &'a [discreet::Category],
    reasons: &'a [discreet::Reason],
    weighted_length: usize,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    id: Option<&'a RawValue>,
    error: String,
}

pub(crate) fn run(args: Args) -> Outcome {
    let scanner = args.scanner.build()?;
    let input: Box<dyn Read> = match args.input.as_deref() {
        None => Box::new(io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(io::stdin().lock()),
        Some(p) => Box::new(File::open(p).map_err(|e| format!("{}: {e}", p.display()))?),
    };
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    match scan_stream(
        &scanner,
        BufReader::with_capacity(1 << 16, input),
        &mut out,
        threads,
    )
    .and_then(|errors| out.flush().map(|()| errors))
    {
        Ok(0) => Ok(ExitCode::SUCCESS),
        Ok(_) => Ok(ExitCode::from(2)),
        // A reader that went away (`discreet scan | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(format!("i/o error: {e}")),
    }
}

/// Judges every line of `input`, writing one line each to `out`; returns how many lines
/// had errors.
pub(crate) fn scan_stream(
    scanner: &Scanner,
    mut input: impl BufRead,
    out: &mut impl Write,
    threads: usize,
) -> io::Result<usize> {
    let mut errors = 0;
    let mut line_no = 0usize;
    loop {
        let mut lines: Vec<Vec<u8>> = Vec::with_capacity(CHUNK);
        for _ in 0..CHUNK {
            let mut buf = Vec::new();
            if input.read_until(b'\n', &mut buf)? == 0 {
                break;
            }
            lines.push(buf);
        }
        if lines.is_empty() {
            return Ok(errors);
        }
        let first = line_no + 1;
        line_no += lines.len();
        let parts = judge_chunk(scanner, &lines, first, threads);
        for (bytes, errs) in parts {
            out.write_all(&bytes)?;
            errors += errs;
        }
        if lines.len() < CHUNK {
            return Ok(errors);
        }
    }
}

/// Judges a chunk, split into one contiguous part per thread, returning each part's output
/// bytes and error count in order.
fn judge_chunk(
    scanner: &Scanner,
    lines: &[Vec<u8>],
    first_line: usize,
    threads: usize,
) -> Vec<(Vec<u8>, usize)> {
    let per = lines.len().div_ceil(threads).max(1);
    if threads == 1 || lines.len() < 64 {
        return vec![judge_part(scanner, lines, first_line)];
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = lines
            .chunks(per)
            .enumerate()
            .map(|(i, part)| s.spawn(move || judge_part(scanner, part, first_line + i * per)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    (b"{\"id\":null,\"error\":\"internal error\"}\n".to_vec(), 1)
                })
            })
            .collect()
    })
}

fn judge_part(scanner: &Scanner, lines: &[Vec<u8>], first_line: usize) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(lines.len() * 96);
    let mut errors = 0;
    for (i, raw) in lines.iter().enumerate() {
        if let Err(()) = judge_line(scanner, raw, first_line + i, &mut out) {
            errors += 1;
        }
        out.push(b'\n');
    }
    (out, errors)
}

/// Writes the output line for one input line (without the newline); `Err` when it is an
/// error line.
pub(crate) fn judge_line(
    scanner: &Scanner,
    raw: &[u8],
    line_no: usize,
    out: &mut Vec<u8>,
) -> Result<(), ()> {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let fail = |out: &mut Vec<u8>, id: Option<&RawValue>, msg: String| {
        let line = ErrorLine {
            id,
            error: format!("line {line_no}: {msg}"),
        };
        // Serialising a string and a raw value cannot fail.
        let _ = serde_json::to_writer(&mut *out, &line);
        Err(())
    };
    let text = match std::str::from_utf8(raw) {
        Ok(t) => t,
        Err(e) => {
            return fail(
                out,
                None,
                format!("not valid UTF-8 (at byte {})", e.valid_up_to()),
            )
        }
    };
    if text.trim().is_empty() {
        return fail(out, None, "empty line: expected a JSON object".into());
    }
    let rec: InLine<'_> = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => return fail(out, None, format!("not a JSON object: {e}")),
    };
    let id = rec.id;
    let body: String = match rec.text {
        None => return fail(out, id, "\"text\" is missing".into()),
        Some(t) => match serde_json::from_str(t.get()) {
            Ok(s) => s,
            Err(_) => return fail(out, id, "\"text\" must be a string".into()),
        },
    };
    let direction = match rec.direction {
        None => Direction::Incoming,
        Some(d) => match serde_json::from_str::<String>(d.get())
            .ok()
            .and_then(|s| s.parse::<Direction>().ok())
        {
            Some(d) => d,
            None => {
                return fail(
                    out,
                    id,
                    format!(
                        "\"direction\" must be \"incoming\" or \"outgoing\", got {}",
                        d.get()
                    ),
                )
            }
        },
    };
    let v = scanner.classify(&body, direction);
    let line = OutLine {
        id,
        action: v.action,
        findings: &v.findings,
        solicits: &v.solicits,
        reasons: &v.reasons,
        weighted_length: v.weighted_length,
    };
    let _ = serde_json::to_writer(&mut *out, &line);
    Ok(())
}
