//! Which format an input is in, decided only on conclusive evidence.
//!
//! The first non-blank bytes decide when they can: `PK\x03\x04` is a zip, `window.` a
//! `tweets.js`, `[` a JSON array, `{` JSON Lines. Otherwise the file name's extension
//! decides, and a header row naming the text column makes CSV. Anything else is an error
//! asking for `--format`: guessing wrong means reading nothing and exiting 0.

use std::path::Path;

use super::input::Input;
use super::Format;

/// What detection chose, and on which evidence (for `--verbose`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Detected {
    /// The format.
    pub format: Format,
    /// Why, in a few words; never quotes the input.
    pub why: &'static str,
}

/// How far detection looks for a CSV header row.
const HEADER_LIMIT: usize = 1 << 16;

/// The UTF-8 byte order mark.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Detects the format of `input` (named `path`) from its first bytes, reading ahead as
/// needed but consuming nothing. `text_column` is the CSV text column to look for.
pub(crate) fn detect(
    path: &Path,
    input: &mut Input,
    text_column: &str,
) -> Result<Detected, String> {
    let io = |e: std::io::Error| e.to_string();
    // Read until the first non-blank byte (or the end).
    loop {
        let head = input.peek();
        let body = head.strip_prefix(BOM).unwrap_or(head);
        if head.starts_with(b"PK\x03\x04") {
            return Ok(found(Format::Zip, "zip signature"));
        }
        let partial = |sig: &[u8]| head.len() < sig.len() && sig.starts_with(head);
        if !partial(b"PK\x03\x04") && !partial(BOM) {
            if let Some(p) = body.iter().position(|b| !b.is_ascii_whitespace()) {
                // `window.` needs its seven bytes; any other first byte decides alone.
                if body[p] != b'w' || body.len() - p >= 7 {
                    break;
                }
            }
        }
        if !input.peek_more().map_err(io)? {
            break;
        }
    }
    let head = input.peek();
    let body = head.strip_prefix(BOM).unwrap_or(head);
    let first = body.iter().position(|b| !b.is_ascii_whitespace());
    let Some(first) = first else {
        return Ok(found(Format::Jsonl, "empty input"));
    };
    let rest = &body[first..];
    if rest.starts_with(b"window.") {
        return Ok(found(Format::TweetsJs, "starts with `window.`"));
    }
    match rest[0] {
        b'[' => return Ok(found(Format::JsonArray, "starts with `[`")),
        b'{' => return Ok(found(Format::Jsonl, "starts with `{`")),
        _ => {}
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => return Ok(found(Format::Csv, "file name ends in .csv")),
        Some("jsonl" | "ndjson") => return Ok(found(Format::Jsonl, "file name ends in .jsonl")),
        Some("js") => return Ok(found(Format::TweetsJs, "file name ends in .js")),
        Some("zip") => return Ok(found(Format::Zip, "file name ends in .zip")),
        _ => {}
    }
    // CSV only when the whole header row is here and names the text column.
    loop {
        let head = input.peek();
        let body = head.strip_prefix(BOM).unwrap_or(head);
        if let Some(end) = body.iter().position(|&b| b == b'\n') {
            if header_names(&body[..end], text_column) {
                return Ok(found(Format::Csv, "header row with a text column"));
            }
            break;
        }
        if body.len() > HEADER_LIMIT || !input.peek_more().map_err(io)? {
            break;
        }
    }
    Err(
        "cannot tell the format from the first bytes (not JSON, not a zip or tweets.js, no \
         CSV header naming the text column): give --format jsonl|json-array|tweets-js|zip|csv"
            .into(),
    )
}

fn found(format: Format, why: &'static str) -> Detected {
    Detected { format, why }
}

/// True when `line` is a CSV header row with a column named `text_column`.
fn header_names(line: &[u8], text_column: &str) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    line.split(|&b| b == b',').any(|name| {
        let name = name.strip_prefix(b"\"").unwrap_or(name);
        let name = name.strip_suffix(b"\"").unwrap_or(name);
        name == text_column.as_bytes()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::input::Msg;

    fn detect_bytes(name: &str, bytes: &[u8]) -> Result<Format, String> {
        let (tx, mut input) = Input::channel();
        // Deliver byte by byte: detection must wait for the evidence, not guess early.
        let bytes = bytes.to_vec();
        std::thread::spawn(move || {
            for b in bytes {
                if tx.send(Msg::Data(vec![b])).is_err() {
                    return;
                }
            }
            let _ = tx.send(Msg::End);
        });
        detect(Path::new(name), &mut input, "text").map(|d| d.format)
    }

    #[test]
    fn conclusive_evidence_only() {
        let cases: &[(&str, &[u8], Result<Format, ()>)] = &[
            ("-", b"{\"id\":1}\n", Ok(Format::Jsonl)),
            ("-", b"\xEF\xBB\xBF  {\"id\":1}\n", Ok(Format::Jsonl)),
            ("-", b"", Ok(Format::Jsonl)),
            ("-", b" \n\n", Ok(Format::Jsonl)),
            ("-", b"[]\n{\"id\":1}", Ok(Format::JsonArray)),
            ("-", b"window.YTD.tweets.part0 = [", Ok(Format::TweetsJs)),
            (
                "x.jsonl",
                b"window.YTD.tweets.part0 = [",
                Ok(Format::TweetsJs),
            ),
            ("-", b"PK\x03\x04rest", Ok(Format::Zip)),
            ("-", b"id,text\n1,hi\n", Ok(Format::Csv)),
            ("-", b"\xEF\xBB\xBF\"id\",\"text\"\r\n", Ok(Format::Csv)),
            ("a.csv", b"tweet_id,body\n", Ok(Format::Csv)),
            ("-", b"tweet_id,body\n", Err(())),
            ("-", b"card 4111 1111 1111 1111\n", Err(())),
            ("-", b"id,text", Err(())),
        ];
        for (name, bytes, want) in cases {
            let got = detect_bytes(name, bytes);
            match (want, &got) {
                (Ok(w), Ok(g)) => assert_eq!(w, g, "{name} {bytes:?}"),
                (Err(()), Err(e)) => assert!(!e.contains("4111") && e.contains("--format")),
                _ => panic!("{name} {bytes:?}: {got:?}"),
            }
        }
    }
}
