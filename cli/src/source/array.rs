//! Splits a JSON array into its elements without parsing them: strings, escapes and
//! brackets are tracked byte by byte, so a 2 GB array never sits in memory, and each
//! element is kept only up to the per-item limit (the rest is checked and skipped).
//!
//! The grammar between elements is strict (`[`, elements separated by single commas,
//! `]`): a byte out of place is corruption, reported with its offset, not skipped over.

use std::io::BufRead;

use super::input::Input;

/// Deepest nesting accepted inside one element (serde_json itself stops at 128).
const MAX_DEPTH: usize = 1024;

/// One step of the splitter.
pub(crate) enum Element {
    /// A whole element, at most the limit long.
    Value(Vec<u8>),
    /// An element longer than the limit: its first `limit + 1` bytes and its length.
    TooLong { prefix: Vec<u8>, len: u64 },
    /// The closing `]` was consumed.
    End,
}

/// Where the splitter stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// After `[`: an element or `]`.
    First,
    /// After an element: `,` or `]`.
    Separator,
    /// After `,`: an element.
    Next,
    /// After `]`.
    Done,
}

/// A problem: what, and the byte offset (in the input part) where it was seen.
pub(crate) type Problem = (String, u64);

/// The splitter, called after the opening `[` was consumed.
pub(crate) struct Array {
    state: State,
}

fn read_err(at: u64, e: std::io::Error) -> Problem {
    (format!("read error: {e}"), at)
}

/// Skips ASCII whitespace; the next byte, not consumed, or `None` at the end.
pub(crate) fn skip_blank(input: &mut Input) -> Result<Option<u8>, Problem> {
    loop {
        let at = input.offset();
        let buf = input.fill_buf().map_err(|e| read_err(at, e))?;
        if buf.is_empty() {
            return Ok(None);
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let b = buf[i];
                input.consume(i);
                return Ok(Some(b));
            }
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    }
}

impl Array {
    pub(crate) fn new() -> Array {
        Array {
            state: State::First,
        }
    }

    /// The next element (kept up to `max` bytes), or the end of the array.
    pub(crate) fn next(&mut self, input: &mut Input, max: usize) -> Result<Element, Problem> {
        if self.state == State::Done {
            return Ok(Element::End);
        }
        loop {
            let Some(b) = skip_blank(input)? else {
                return Err(("the array is not closed".into(), input.offset()));
            };
            match (self.state, b) {
                (State::First | State::Separator, b']') => {
                    input.consume(1);
                    self.state = State::Done;
                    return Ok(Element::End);
                }
                (State::Separator, b',') => {
                    input.consume(1);
                    self.state = State::Next;
                }
                (State::Separator, _) => {
                    return Err((
                        "expected `,` or `]` after an element".into(),
                        input.offset(),
                    ))
                }
                (State::Done, _) => return Ok(Element::End),
                (State::First | State::Next, _) => {
                    let e = element(input, max)?;
                    self.state = State::Separator;
                    return Ok(e);
                }
            }
        }
    }
}

/// Reads one element starting at the next byte.
fn element(input: &mut Input, max: usize) -> Result<Element, Problem> {
    let mut keep = Vec::new();
    let mut len = 0u64;
    // Open brackets, innermost last: `true` for `{`.
    let mut open: Vec<bool> = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut scalar = false;
    let mut first = true;
    loop {
        let at = input.offset();
        let buf = input.fill_buf().map_err(|e| read_err(at, e))?;
        if buf.is_empty() {
            if scalar && !in_string {
                break;
            }
            return Err(("an element is cut off".into(), input.offset()));
        }
        let mut used = 0;
        let mut done = false;
        for &b in buf {
            if first {
                first = false;
                match b {
                    b'{' | b'[' => open.push(b == b'{'),
                    b'"' => {
                        scalar = true;
                        in_string = true;
                    }
                    b'-' | b'0'..=b'9' | b'a'..=b'z' => scalar = true,
                    _ => return Err(("expected an element".into(), input.offset() + used as u64)),
                }
                used += 1;
                continue;
            }
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                    if open.is_empty() {
                        // A string element ends with its quote.
                        used += 1;
                        done = true;
                        break;
                    }
                }
                used += 1;
                continue;
            }
            if open.is_empty() {
                // A bare scalar (number, true, false, null) ends before a separator.
                if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-') {
                    used += 1;
                    continue;
                }
                done = true;
                break;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => {
                    if open.len() >= MAX_DEPTH {
                        return Err((
                            "an element is nested too deeply".into(),
                            input.offset() + used as u64,
                        ));
                    }
                    open.push(b == b'{');
                }
                b'}' | b']' => {
                    if open.pop() != Some(b == b'}') {
                        return Err(("mismatched bracket".into(), input.offset() + used as u64));
                    }
                    if open.is_empty() {
                        used += 1;
                        done = true;
                        break;
                    }
                }
                _ => {}
            }
            used += 1;
        }
        let room = (max + 1).saturating_sub(keep.len());
        keep.extend_from_slice(&buf[..used.min(room)]);
        len += used as u64;
        input.consume(used);
        if done {
            break;
        }
    }
    if len > max as u64 {
        Ok(Element::TooLong { prefix: keep, len })
    } else {
        Ok(Element::Value(keep))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::input::Msg;

    fn split(src: &str, max: usize) -> Result<Vec<String>, String> {
        let (tx, mut input) = Input::channel();
        let bytes = src.as_bytes().to_vec();
        std::thread::spawn(move || {
            // Small blocks: elements straddle block boundaries.
            for c in bytes.chunks(3) {
                let _ = tx.send(Msg::Data(c.to_vec()));
            }
            let _ = tx.send(Msg::End);
        });
        assert_eq!(skip_blank(&mut input).unwrap(), Some(b'['));
        input.consume(1);
        let mut a = Array::new();
        let mut out = Vec::new();
        loop {
            match a.next(&mut input, max) {
                Ok(Element::Value(v)) => out.push(String::from_utf8(v).unwrap()),
                Ok(Element::TooLong { len, .. }) => out.push(format!("too long: {len}")),
                Ok(Element::End) => return Ok(out),
                Err((what, at)) => return Err(format!("{what} at {at} after {out:?}")),
            }
        }
    }

    #[test]
    fn elements_nested_escaped_and_scalar() {
        let e = split(
            r#"[ {"a": "x } \" ] {"}, {"b": [1, {"c": 2}]} ,"s\"tr", -1.5e3, null,{} ]"#,
            100,
        )
        .unwrap();
        assert_eq!(
            e,
            [
                r#"{"a": "x } \" ] {"}"#,
                r#"{"b": [1, {"c": 2}]}"#,
                r#""s\"tr""#,
                "-1.5e3",
                "null",
                "{}"
            ]
        );
        assert_eq!(split("[]", 10).unwrap().len(), 0);
        assert_eq!(
            split(r#"[{"t": "0123456789"}, {}]"#, 8).unwrap(),
            ["too long: 19", "{}"]
        );
    }

    #[test]
    fn corruption_is_an_error_with_its_offset() {
        let cases = [
            (
                r#"[{"a":1} {"b":2}]"#,
                "expected `,` or `]` after an element at 9",
            ),
            (r#"[{"a":1},,{"b":2}]"#, "expected an element at 9"),
            (r#"[{"a":1},]"#, "expected an element at 9"),
            (r#"[{"a":[1}]"#, "mismatched bracket at 8"),
            (r#"[{"a":1}"#, "the array is not closed at 8"),
            (r#"[{"a":"#, "an element is cut off at 6"),
        ];
        for (src, want) in cases {
            let got = split(src, 100).unwrap_err();
            assert!(got.starts_with(want), "{src}: {got}");
        }
    }
}
