//! `scan_jsonl`: the `discreet scan` contract, line for line.
//!
//! This mirrors `judge_line` in `cli/src/jsonl.rs` (the command is a binary, so its code
//! cannot be linked here); `tests/test_cli_parity.py` runs both on the same input and
//! compares the output byte for byte.

use discreet::{Direction, Scanner};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

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

/// The output line (without a newline) for one input line, numbered from 1, and whether it
/// is an error line.
pub(crate) fn judge_line(scanner: &Scanner, raw: &[u8], line_no: usize) -> (String, bool) {
    let mut out = Vec::with_capacity(128);
    let ok = judge_into(scanner, raw, line_no, &mut out).is_ok();
    // serde_json writes UTF-8 only.
    (String::from_utf8(out).unwrap_or_default(), !ok)
}

fn judge_into(scanner: &Scanner, raw: &[u8], line_no: usize, out: &mut Vec<u8>) -> Result<(), ()> {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let fail = |out: &mut Vec<u8>, id: Option<&RawValue>, msg: String| {
        let line = ErrorLine {
            id,
            error: format!("line {line_no}: {msg}"),
        };
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
