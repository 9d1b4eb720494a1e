//! JSON Lines: one item per line, read with a bounded line reader.

use std::io::BufRead;

use super::detect::BOM;
use super::input::Input;
use super::{id_in_prefix, Fatal, Items, Raw};

/// A JSON Lines input.
pub(crate) struct Jsonl {
    input: Input,
    name: String,
    max: usize,
    started: bool,
}

impl Jsonl {
    pub(crate) fn new(input: Input, name: String, max: usize) -> Jsonl {
        Jsonl {
            input,
            name,
            max,
            started: false,
        }
    }

    fn fatal(&self, e: std::io::Error) -> Fatal {
        format!(
            "{}: read error at byte {}: {e}",
            self.name,
            self.input.offset()
        )
    }
}

impl Items for Jsonl {
    fn next_item(&mut self) -> Result<Option<Raw>, Fatal> {
        if !self.started {
            self.started = true;
            // A byte order mark belongs to the file, not to line 1.
            while self.input.peek().len() < BOM.len() && BOM.starts_with(self.input.peek()) {
                if !self.input.peek_more().map_err(|e| self.fatal(e))? {
                    break;
                }
            }
            if self.input.peek().starts_with(BOM) {
                self.input.consume(BOM.len());
            }
        }
        // Keep at most `max` bytes of the line; count the rest without storing it.
        let mut line = Vec::new();
        let mut len = 0u64;
        let mut any = false;
        loop {
            let buf = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) => return Err(self.fatal(e)),
            };
            if buf.is_empty() {
                if !any {
                    return Ok(None);
                }
                break;
            }
            any = true;
            let (part, newline) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], true),
                None => (buf, false),
            };
            let room = (self.max + 1).saturating_sub(line.len());
            line.extend_from_slice(&part[..part.len().min(room)]);
            len += part.len() as u64;
            let used = part.len() + usize::from(newline);
            self.input.consume(used);
            if newline {
                break;
            }
        }
        if line.last() == Some(&b'\r') && len <= self.max as u64 + 1 {
            line.pop();
            len -= 1;
        }
        if len > self.max as u64 {
            return Ok(Some(Raw::TooLong {
                id: id_in_prefix(&line, &[b"id"]),
                len,
            }));
        }
        Ok(Some(Raw::Line(line)))
    }

    fn idle(&mut self, wait: std::time::Duration) -> bool {
        self.input.idle(wait)
    }
}
