//! A JSON array of items, `[{"id": …, "text": …}, …]` (each element read as a JSON Lines
//! item), or of archive tweets, `[{"tweet": {…}}, …]` (told apart by the first key).
//! The array must be the whole input: data after its `]` is an error, not ignored.

use std::io::BufRead;

use super::array::{skip_blank, Array, Element, Problem};
use super::input::Input;
use super::{id_in_prefix, skip_bom, Fatal, Items, Raw};

/// A JSON array input.
pub(crate) struct JsonArray {
    input: Input,
    name: String,
    max: usize,
    array: Option<Array>,
    done: bool,
}

impl JsonArray {
    pub(crate) fn new(input: Input, name: String, max: usize) -> JsonArray {
        JsonArray {
            input,
            name,
            max,
            array: None,
            done: false,
        }
    }

    fn fatal(&mut self, (what, at): Problem) -> Fatal {
        self.done = true;
        format!("{}: truncated or corrupt at byte {at}: {what}", self.name)
    }

    fn open(&mut self) -> Result<(), Problem> {
        skip_bom(&mut self.input).map_err(|e| (e.to_string(), 0))?;
        match skip_blank(&mut self.input)? {
            Some(b'[') => {
                self.input.consume(1);
                Ok(())
            }
            _ => Err((
                "expected `[` opening a JSON array".into(),
                self.input.offset(),
            )),
        }
    }
}

/// True when an element is an archive tweet: an object whose first key is `tweet`.
fn is_tweet(element: &[u8]) -> bool {
    let Some(rest) = element.strip_prefix(b"{") else {
        return false;
    };
    rest.trim_ascii_start().starts_with(b"\"tweet\"")
}

impl Items for JsonArray {
    fn next_item(&mut self) -> Result<Option<Raw>, Fatal> {
        if self.done {
            return Ok(None);
        }
        if self.array.is_none() {
            self.open().map_err(|p| self.fatal(p))?;
            self.array = Some(Array::new());
        }
        let step = match self.array.as_mut() {
            Some(a) => a.next(&mut self.input, self.max),
            None => Ok(Element::End),
        };
        match step {
            Ok(Element::Value(v)) if is_tweet(&v) => Ok(Some(Raw::Tweet(v))),
            Ok(Element::Value(v)) => Ok(Some(Raw::Item(v))),
            Ok(Element::TooLong { prefix, len }) => {
                let id = if is_tweet(&prefix) {
                    id_in_prefix(&prefix, &[b"tweet", b"id_str"])
                } else {
                    id_in_prefix(&prefix, &[b"id"])
                };
                Ok(Some(Raw::TooLong { id, len }))
            }
            Ok(Element::End) => {
                self.done = true;
                match skip_blank(&mut self.input) {
                    Ok(None) => Ok(None),
                    Ok(Some(_)) => {
                        let at = self.input.offset();
                        Err(self.fatal(("unexpected data after the JSON array".into(), at)))
                    }
                    Err(p) => Err(self.fatal(p)),
                }
            }
            Err(p) => Err(self.fatal(p)),
        }
    }

    fn idle(&mut self, wait: std::time::Duration) -> bool {
        self.input.idle(wait)
    }
}
