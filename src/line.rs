//! The `discreet scan` JSON Lines contract, defined once.
//!
//! Every binding (the command, Python's `scan_jsonl`, the WebAssembly `classify`, the HTTP
//! service) reads items and writes verdict lines through this module, so the field names,
//! their order, the default direction and the error texts cannot drift apart.
//!
//! Input, one JSON object per line: `{"id": …, "text": "…", "direction": "incoming"}`
//! (`id` any JSON value and optional, `direction` optional, other fields ignored).
//!
//! Output, exactly one line per input line:
//! `{"id":…,"action":…,"findings":[…],"solicits":[…],"reasons":[…],"weighted_length":N}`
//! (plus `"redacted"` when asked), or `{"id":…,"error":"line N: …"}`.
//!
//! Error texts name the line and the problem, never the text being scanned.
//!
//! # Example
//! ```
//! use discreet::line::{judge_line, LineOptions};
//! use discreet::Scanner;
//!
//! let scanner = Scanner::default();
//! let mut out = Vec::new();
//! let opts = LineOptions::default();
//! judge_line(&scanner, br#"{"id":"t1","text":"mail jo@example.org"}"#, 1, &opts, &mut out);
//! assert_eq!(
//!     String::from_utf8(out)?,
//!     r#"{"id":"t1","action":"require_dm","findings":[{"start":5,"end":19,"category":"email","kind":"email","rule":"email.address","confidence":0.95}],"solicits":[],"reasons":[{"code":"discloses","category":"email","start":5,"end":19,"message":"the customer posted an email address in public: reply with a short pointer to DM and suggest deleting the tweet"}],"weighted_length":19}
//! "#
//! );
//!
//! let mut out = Vec::new();
//! judge_line(&scanner, br#"["t1", "card 4111 1111 1111 1111"]"#, 7, &opts, &mut out);
//! assert_eq!(String::from_utf8(out)?, "{\"id\":null,\"error\":\"line 7: not a JSON object\"}\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::{Action, Category, Direction, Finding, Reason, Redactor, Scanner, Verdict};

/// How [`judge_line`] judges items.
#[derive(Debug, Clone, Default)]
pub struct LineOptions {
    /// Direction of items that do not say (default `incoming`).
    pub default_direction: Direction,
    /// Adds `"redacted"`, the text redacted by this redactor, to every verdict line.
    pub redactor: Option<Redactor>,
    /// The unit of `start`/`end` (UTF-8 bytes by default, the contract; see
    /// [`offsets`](crate::offsets)).
    pub offsets: crate::offsets::Unit,
}

/// One item read from an input line.
#[derive(Debug)]
pub struct Item<'a> {
    /// The item's `id` as it was written (any JSON value), if any.
    pub id: Option<&'a RawValue>,
    /// The text to judge.
    pub text: String,
    /// The item's direction, if it said.
    pub direction: Option<Direction>,
}

/// Why an input line holds no item: the message of its error line (without the `line N: `
/// prefix), and the id when it could be read.
#[derive(Debug)]
pub struct LineError<'a> {
    /// The item's `id`, when the line is an object with one.
    pub id: Option<&'a RawValue>,
    /// What is wrong, never quoting the text.
    pub message: String,
}

#[derive(Deserialize)]
struct InLine<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    text: Option<&'a RawValue>,
    #[serde(borrow, default)]
    direction: Option<&'a RawValue>,
}

/// Parses one input line (without its newline; a trailing `\r` is ignored).
///
/// # Errors
/// A line that is not UTF-8, is blank, is not a JSON object, or whose `text` is missing or
/// not a string, or whose `direction` is not `incoming` or `outgoing`.
pub fn parse_line(raw: &[u8]) -> Result<Item<'_>, LineError<'_>> {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let fail = |id, message: &str| {
        Err(LineError {
            id,
            message: message.to_string(),
        })
    };
    let Ok(text) = std::str::from_utf8(raw) else {
        return fail(None, "not valid UTF-8");
    };
    let trimmed = text.trim_start_matches([' ', '\t']);
    if trimmed.trim().is_empty() {
        return fail(None, "empty line: expected a JSON object");
    }
    // An array or a scalar is valid JSON but no item: serde would accept an array as a
    // struct written positionally, so refuse anything that does not open an object.
    if !trimmed.starts_with('{') {
        return fail(None, "not a JSON object");
    }
    let rec: InLine<'_> = match serde_json::from_str(text) {
        Ok(r) => r,
        // serde's message can quote the input ("invalid type: string \"…\""): only its
        // position is kept.
        Err(e) => {
            return fail(
                None,
                &format!("not a JSON object (syntax error at column {})", e.column()),
            )
        }
    };
    let id = rec.id.filter(|r| r.get() != "null");
    let body: String = match rec.text {
        None => return fail(id, "\"text\" is missing"),
        Some(t) => match serde_json::from_str(t.get()) {
            Ok(s) => s,
            Err(_) => return fail(id, "\"text\" must be a string"),
        },
    };
    let direction = match rec.direction {
        None => None,
        Some(d) if d.get() == "null" => None,
        Some(d) => match serde_json::from_str::<&str>(d.get())
            .ok()
            .and_then(|s| s.parse::<Direction>().ok())
        {
            Some(d) => Some(d),
            None => return fail(id, "\"direction\" must be \"incoming\" or \"outgoing\""),
        },
    };
    Ok(Item {
        id,
        text: body,
        direction,
    })
}

/// The fields of a verdict line after the `id`, borrowing the verdict: what the
/// WebAssembly `classify` returns, and what [`VerdictLine`] writes after the id.
#[derive(Debug, Serialize)]
pub struct VerdictFields<'a> {
    /// `ok`, `suggest_dm` or `require_dm`.
    pub action: Action,
    /// The sensitive data found, with UTF-8 byte offsets into the text.
    pub findings: &'a [Finding],
    /// The categories the text asks for in public.
    pub solicits: &'a [Category],
    /// Why, in order.
    pub reasons: &'a [Reason],
    /// The twitter-text v3 weighted length.
    pub weighted_length: usize,
    /// The redacted text, when redaction was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redacted: Option<&'a str>,
}

impl<'a> VerdictFields<'a> {
    /// The fields for `verdict`.
    pub fn new(verdict: &'a Verdict, redacted: Option<&'a str>) -> Self {
        VerdictFields {
            action: verdict.action,
            findings: &verdict.findings,
            solicits: &verdict.solicits,
            reasons: &verdict.reasons,
            weighted_length: verdict.weighted_length,
            redacted,
        }
    }
}

/// One verdict line of the contract: the id, then the verdict's fields.
#[derive(Debug, Serialize)]
pub struct VerdictLine<'a, I: Serialize> {
    /// The item's id (`null` when it had none).
    pub id: I,
    /// The verdict.
    #[serde(flatten)]
    pub verdict: VerdictFields<'a>,
}

/// One error line of the contract.
#[derive(Debug, Serialize)]
pub struct ErrorLine<I: Serialize> {
    /// The item's id, when it could be read (`null` otherwise).
    pub id: I,
    /// `line N: what is wrong` (or `record N`, `item N` for other formats).
    pub error: String,
}

/// Writes the verdict line for `verdict` on `text` to `out`, with its newline.
pub fn write_verdict<I: Serialize>(
    out: &mut Vec<u8>,
    id: I,
    text: &str,
    verdict: &Verdict,
    redactor: Option<&Redactor>,
) {
    write_verdict_in(out, id, text, verdict, redactor, crate::offsets::Unit::Utf8);
}

/// [`write_verdict`] with `start`/`end` in `unit` (`discreet scan --offsets`).
pub fn write_verdict_in<I: Serialize>(
    out: &mut Vec<u8>,
    id: I,
    text: &str,
    verdict: &Verdict,
    redactor: Option<&Redactor>,
    unit: crate::offsets::Unit,
) {
    let redacted = redactor.map(|r| r.redact_findings(text, &verdict.findings).text);
    let converted;
    let verdict = if unit == crate::offsets::Unit::Utf8 {
        verdict
    } else {
        let mut v = verdict.clone();
        crate::offsets::convert_verdict(text, &mut v, unit);
        converted = v;
        &converted
    };
    // Serialising these types into a Vec cannot fail.
    let line = VerdictLine {
        id,
        verdict: VerdictFields::new(verdict, redacted.as_deref()),
    };
    let _ = serde_json::to_writer(&mut *out, &line);
    out.push(b'\n');
}

/// Writes an error line to `out`, with its newline.
pub fn write_error<I: Serialize>(out: &mut Vec<u8>, id: I, error: String) {
    let _ = serde_json::to_writer(&mut *out, &ErrorLine { id, error });
    out.push(b'\n');
}

/// What [`judge_line`] did with a line.
#[derive(Debug)]
pub enum Judged {
    /// A verdict line was written.
    Verdict(Verdict),
    /// An error line was written.
    Error,
}

/// Judges one input line (numbered from 1) and writes its output line, with a newline, to
/// `out`. Returns the verdict, or that the line was an error.
pub fn judge_line(
    scanner: &Scanner,
    raw: &[u8],
    line_no: u64,
    opts: &LineOptions,
    out: &mut Vec<u8>,
) -> Judged {
    match parse_line(raw) {
        Ok(item) => {
            let direction = item.direction.unwrap_or(opts.default_direction);
            let v = scanner.classify(&item.text, direction);
            write_verdict_in(
                out,
                item.id,
                &item.text,
                &v,
                opts.redactor.as_ref(),
                opts.offsets,
            );
            Judged::Verdict(v)
        }
        Err(e) => {
            write_error(out, e.id, format!("line {line_no}: {}", e.message));
            Judged::Error
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(raw: &str) -> String {
        match parse_line(raw.as_bytes()) {
            Ok(_) => panic!("{raw:?} parsed"),
            Err(e) => format!("{:?} {}", e.id.map(|r| r.get()), e.message),
        }
    }

    #[test]
    fn every_malformed_line_has_its_error() {
        assert_eq!(err(""), "None empty line: expected a JSON object");
        assert_eq!(err("  \r"), "None empty line: expected a JSON object");
        assert_eq!(err("[\"t1\",\"card\"]"), "None not a JSON object");
        assert_eq!(err("42"), "None not a JSON object");
        assert_eq!(
            err("{\"id\":"),
            "None not a JSON object (syntax error at column 6)"
        );
        assert_eq!(
            err("{\"id\":\"a\"}"),
            "Some(\"\\\"a\\\"\") \"text\" is missing"
        );
        assert_eq!(
            err("{\"id\":7,\"text\":3}"),
            "Some(\"7\") \"text\" must be a string"
        );
        assert_eq!(
            err("{\"text\":\"x\",\"direction\":\"sideways 4111111111111111\"}"),
            "None \"direction\" must be \"incoming\" or \"outgoing\""
        );
        assert!(matches!(parse_line(b"\xff{"), Err(e) if e.message == "not valid UTF-8"));
    }

    #[test]
    fn items_keep_their_id_and_direction() {
        let item =
            parse_line(b"{\"id\":[1,2],\"text\":\"hi\",\"direction\":\"outgoing\"}\r\n").unwrap();
        assert_eq!(item.id.unwrap().get(), "[1,2]");
        assert_eq!(item.text, "hi");
        assert_eq!(item.direction, Some(Direction::Outgoing));
        let item = parse_line(b"{\"text\":\"hi\",\"direction\":null,\"id\":null}").unwrap();
        assert!(item.id.is_none() && item.direction.is_none());
    }
}
