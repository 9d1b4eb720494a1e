//! CSV with a header row (RFC 4180: `,` separators, `"` quotes doubled inside quoted
//! fields, CRLF or LF), read by a small bounded parser: a record is kept only up to the
//! per-item limit, and a quote left open at the end of the input is an error with the byte
//! offset where it opened, not a silent swallow of every record after it.
//!
//! Columns: the text (`text` or `--text-column`), the id (`id`, `id_str` or `--id-column`)
//! and, when present, `direction`.

use std::io::BufRead;

use discreet::Direction;

use super::detect::BOM;
use super::input::Input;
use super::{skip_bom, CsvColumns, Fatal, Items, Raw};

/// Parser states within a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field.
    Start,
    /// In a field without quotes.
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// A `"` inside a quoted field: doubled (a literal quote) or closing.
    Quote,
    /// After a closing quote: only `,`, a line end or the end of the input may follow.
    Closed,
}

/// One record as read.
struct Record {
    fields: Vec<Vec<u8>>,
    /// Total bytes of the record's fields.
    len: u64,
}

/// A CSV input.
pub(crate) struct Csv {
    input: Input,
    name: String,
    max: usize,
    text: usize,
    id: Option<usize>,
    direction: Option<usize>,
    columns: usize,
}

/// A column name fit to quote in a message: short, no control characters or quotes. A
/// first row that is really data (a card number in a headerless file) is never echoed,
/// because a value is rarely a plain short word, and we print only those.
fn printable(name: &[u8]) -> Option<&str> {
    let s = std::str::from_utf8(name).ok()?;
    (s.len() <= 32
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.')))
    .then_some(s)
}

fn column_list(headers: &[Vec<u8>]) -> String {
    let names: Option<Vec<&str>> = headers.iter().map(|h| printable(h)).collect();
    match names {
        Some(n) if n.len() <= 20 && n.iter().all(|s| !s.chars().any(|c| c.is_ascii_digit())) => {
            format!("columns: {}", n.join(", "))
        }
        _ => format!("{} columns, names not shown", headers.len()),
    }
}

impl Csv {
    /// Reads the header row and finds the columns.
    pub(crate) fn new(
        mut input: Input,
        name: String,
        max: usize,
        columns: &CsvColumns,
    ) -> Result<Csv, String> {
        skip_bom(&mut input).map_err(|e| format!("{name}: read error: {e}"))?;
        debug_assert!(!input.peek().starts_with(BOM));
        let mut csv = Csv {
            input,
            name,
            max,
            text: 0,
            id: None,
            direction: None,
            columns: 0,
        };
        let header = match csv.record()? {
            Some(r) if r.len <= max as u64 => r.fields,
            Some(_) => return Err(format!("{}: the CSV header row is too long", csv.name)),
            None => return Err(format!("{}: empty input: no CSV header row", csv.name)),
        };
        let name = &csv.name;
        // A header is text: a name that is not, is a corrupt or headerless file.
        let text =
            |h: &Vec<u8>| std::str::from_utf8(h).is_ok_and(|s| !s.chars().any(char::is_control));
        if let Some(i) = header.iter().position(|h| !text(h)) {
            return Err(format!(
                "{name}: column {} of the CSV header is not text (invalid UTF-8 or control \
                 characters)",
                i + 1
            ));
        }
        for (i, h) in header.iter().enumerate() {
            if let Some(j) = header[..i].iter().position(|g| g == h) {
                return Err(format!(
                    "{name}: columns {} and {} of the CSV header have the same name",
                    j + 1,
                    i + 1
                ));
            }
        }
        let find = |col: &str| header.iter().position(|h| h == col.as_bytes());
        let text_col = columns.text.as_deref().unwrap_or("text");
        csv.text = find(text_col).ok_or_else(|| {
            format!(
                "{name}: no column {text_col:?} for the text ({}); choose one with --text-column",
                column_list(&header)
            )
        })?;
        csv.id = match columns.id.as_deref() {
            Some(c) => Some(find(c).ok_or_else(|| {
                format!(
                    "{name}: no column {c:?} for the id ({})",
                    column_list(&header)
                )
            })?),
            None => find("id").or_else(|| find("id_str")),
        };
        csv.direction = find("direction");
        csv.columns = header.len();
        Ok(csv)
    }

    fn fatal(&self, what: &str, at: u64) -> Fatal {
        format!("{}: truncated or corrupt at byte {at}: {what}", self.name)
    }

    /// The next record, fields kept up to the limit in total; `None` at the end. Blank
    /// lines are skipped.
    fn record(&mut self) -> Result<Option<Record>, Fatal> {
        let mut rec = Record {
            fields: vec![Vec::new()],
            len: 0,
        };
        let mut state = State::Start;
        let mut quote_at = 0u64;
        let mut kept = 0usize;
        loop {
            let at = self.input.offset();
            let buf = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) => return Err(self.fatal(&format!("read error: {e}"), at)),
            };
            if buf.is_empty() {
                return match state {
                    State::Quoted => Err(self.fatal(
                        "a quoted field is not closed at the end of the input",
                        quote_at,
                    )),
                    State::Start if rec.fields.len() == 1 => Ok(None),
                    _ => Ok(Some(finish(rec, state))),
                };
            }
            let mut used = 0;
            let mut end = false;
            for &b in buf {
                used += 1;
                let mut push = None;
                match (state, b) {
                    (State::Start, b'"') => {
                        state = State::Quoted;
                        quote_at = at + used as u64 - 1;
                    }
                    (State::Start | State::Unquoted | State::Quote | State::Closed, b',') => {
                        if state == State::Unquoted {
                            strip_cr(&mut rec);
                        }
                        rec.fields.push(Vec::new());
                        state = State::Start;
                    }
                    (State::Start | State::Unquoted | State::Quote | State::Closed, b'\n') => {
                        if state == State::Unquoted {
                            strip_cr(&mut rec);
                        }
                        if matches!(state, State::Start | State::Unquoted)
                            && rec.fields.len() == 1
                            && rec.len == 0
                        {
                            // A blank line.
                            state = State::Start;
                            continue;
                        }
                        end = true;
                        break;
                    }
                    (State::Start | State::Unquoted, _) => {
                        state = State::Unquoted;
                        push = Some(b);
                    }
                    (State::Quoted, b'"') => state = State::Quote,
                    (State::Quoted, _) => push = Some(b),
                    (State::Quote, b'"') => {
                        state = State::Quoted;
                        push = Some(b'"');
                    }
                    (State::Quote | State::Closed, b'\r') => state = State::Closed,
                    (State::Quote | State::Closed, _) => {
                        let at = at + used as u64 - 1;
                        self.input.consume(used);
                        return Err(self.fatal("unexpected byte after a closing quote", at));
                    }
                }
                if let Some(b) = push {
                    rec.len += 1;
                    if kept <= self.max {
                        kept += 1;
                        if let Some(f) = rec.fields.last_mut() {
                            f.push(b);
                        }
                    }
                }
            }
            self.input.consume(used);
            if end {
                return Ok(Some(finish(rec, state)));
            }
        }
    }
}

/// Drops the `\r` of a CRLF line end from an unquoted last field.
fn strip_cr(rec: &mut Record) {
    if let Some(f) = rec.fields.last_mut() {
        if f.last() == Some(&b'\r') {
            f.pop();
            rec.len -= 1;
        }
    }
}

fn finish(mut rec: Record, state: State) -> Record {
    if state == State::Unquoted {
        strip_cr(&mut rec);
    }
    rec
}

impl Items for Csv {
    fn next_item(&mut self) -> Result<Option<Raw>, Fatal> {
        let Some(rec) = self.record()? else {
            return Ok(None);
        };
        let text_of = |i: usize, what: &str| -> Result<Option<String>, String> {
            match rec.fields.get(i) {
                None => Ok(None),
                Some(v) => String::from_utf8(v.clone()).map(Some).map_err(|e| {
                    format!(
                        "{what} is not valid UTF-8 (at byte {})",
                        e.utf8_error().valid_up_to()
                    )
                }),
            }
        };
        let id = self.id.map(|i| text_of(i, "the id"));
        if rec.len > self.max as u64 {
            let id = id
                .and_then(|r| r.ok().flatten())
                .and_then(|s| serde_json::value::to_raw_value(&s).ok());
            return Ok(Some(Raw::TooLong { id, len: rec.len }));
        }
        let (id, id_err) = match id {
            None => (None, None),
            Some(Ok(v)) => (v, None),
            Some(Err(e)) => (None, Some(e)),
        };
        let fields = (|| {
            if let Some(e) = id_err {
                return Err(e);
            }
            if rec.fields.len() != self.columns {
                return Err(format!(
                    "the record has {} fields, the header has {}",
                    rec.fields.len(),
                    self.columns
                ));
            }
            let text = text_of(self.text, "the text")?.unwrap_or_default();
            let direction = match self.direction {
                None => None,
                Some(i) => match text_of(i, "the direction")?.as_deref() {
                    None | Some("") => None,
                    Some(d) => Some(d.parse::<Direction>().map_err(|_| {
                        "\"direction\" must be \"incoming\" or \"outgoing\"".to_string()
                    })?),
                },
            };
            Ok((text, direction))
        })();
        Ok(Some(Raw::Record { id, fields }))
    }

    fn idle(&mut self, wait: std::time::Duration) -> bool {
        self.input.idle(wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::input::Msg;

    /// Reads `src` as CSV (delivered in 2-byte blocks, so that records straddle blocks),
    /// one string per item: `id|text|direction`, `id!error`, or the fatal error last.
    fn read(src: &str, max: usize) -> Vec<String> {
        let (tx, input) = Input::channel();
        let bytes = src.as_bytes().to_vec();
        std::thread::spawn(move || {
            for c in bytes.chunks(2) {
                let _ = tx.send(Msg::Data(c.to_vec()));
            }
            let _ = tx.send(Msg::End);
        });
        let mut csv = match Csv::new(input, "t.csv".into(), max, &CsvColumns::default()) {
            Ok(c) => c,
            Err(e) => return vec![e],
        };
        let mut out = Vec::new();
        loop {
            match csv.next_item() {
                Ok(None) => return out,
                Ok(Some(Raw::Record { id, fields })) => out.push(match fields {
                    Ok((t, d)) => format!("{}|{t}|{d:?}", id.unwrap_or_default()),
                    Err(e) => format!("{}!{e}", id.unwrap_or_default()),
                }),
                Ok(Some(Raw::TooLong { id, len })) => out.push(format!(
                    "{}!too long {len}",
                    id.map(|r| r.get().to_string()).unwrap_or_default()
                )),
                Ok(Some(other)) => out.push(format!("{other:?}")),
                Err(e) => {
                    out.push(e);
                    return out;
                }
            }
        }
    }

    #[test]
    fn records_as_rfc_4180_says() {
        let cases: &[(&str, &[&str])] = &[
            ("id,text\n1,hi\n", &["1|hi|None"]),
            ("\u{feff}id,text\r\n1,hi\r\n\r\n2,\"a, \"\"b\"\"\r\nc\"\r\n", &["1|hi|None", "2|a, \"b\"\r\nc|None"]),
            ("text,id\nno end,3", &["3|no end|None"]),
            ("id,text,direction\n1,x,outgoing\n2,y,\n3,z,up\n", &[
                "1|x|Some(Outgoing)",
                "2|y|None",
                "3!\"direction\" must be \"incoming\" or \"outgoing\"",
            ]),
            ("id,text\n1,a,b\n2\n", &["1!the record has 3 fields, the header has 2", "2!the record has 1 fields, the header has 2"]),
            ("id,text\n1,\"open\n2,x\n", &["t.csv: truncated or corrupt at byte 10: a quoted field is not closed at the end of the input"]),
            ("id,text\n1,\"a\"b\n", &["t.csv: truncated or corrupt at byte 13: unexpected byte after a closing quote"]),
            ("id,text\n\"7\",\"01234567890123456789\"\n8,ok\n", &["\"7\"!too long 21", "8|ok|None"]),
            ("id,body\n1,x\n", &["t.csv: no column \"text\" for the text (columns: id, body); choose one with --text-column"]),
            ("4111 1111,x\n", &["t.csv: no column \"text\" for the text (2 columns, names not shown); choose one with --text-column"]),
            ("", &["t.csv: empty input: no CSV header row"]),
        ];
        for (src, want) in cases {
            assert_eq!(read(src, 16), *want, "{src:?}");
        }
    }
}
