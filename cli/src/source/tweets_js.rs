//! An archive's `tweets.js`: `window.YTD.tweets.part0 = [ {"tweet": {...}}, ... ]`.
//!
//! Parts concatenated into one stream (`cat tweets.js tweets-part1.js`) are read one after
//! the other; anything else after a closing `]` is corruption, reported with its offset.

use std::io::BufRead;

use super::array::{skip_blank, Array, Element, Problem};
use super::input::Input;
use super::{id_in_prefix, skip_bom, Fatal, Items, Raw};

/// The longest `window.YTD.<name>.partN = ` accepted before the `[`.
const MAX_PREFIX: usize = 256;

enum State {
    /// Before `window.…= [` (at the start, or after a part).
    Prefix,
    /// Inside a part's array.
    Array(Array),
    /// After a part's `]`.
    After,
    /// At the end of the input.
    Done,
}

/// A `tweets.js` input (or one zip entry holding one).
pub(crate) struct TweetsJs {
    input: Input,
    name: String,
    max: usize,
    state: State,
    /// Parts read so far (the first part must exist).
    parts: u32,
}

impl TweetsJs {
    pub(crate) fn new(input: Input, name: String, max: usize) -> TweetsJs {
        TweetsJs {
            input,
            name,
            max,
            state: State::Prefix,
            parts: 0,
        }
    }

    /// Gives the input back (a zip reads its next entry from it).
    pub(crate) fn into_input(self) -> Input {
        self.input
    }

    fn fatal(&self, (what, at): Problem) -> Fatal {
        format!("{}: truncated or corrupt at byte {at}: {what}", self.name)
    }

    /// Consumes `window.<dotted name> = [`.
    fn prefix(&mut self) -> Result<(), Problem> {
        const EXPECTED: &str = "expected `window.YTD.tweets.part0 = [`";
        if self.parts == 0 {
            skip_bom(&mut self.input).map_err(|e| (e.to_string(), self.input.offset()))?;
        }
        let Some(_) = skip_blank(&mut self.input)? else {
            return Err(("no `window.… = [` opening the array of tweets".into(), 0));
        };
        let start = self.input.offset();
        let mut seen = 0usize;
        let mut equals = false;
        loop {
            let at = self.input.offset();
            let buf = self
                .input
                .fill_buf()
                .map_err(|e| (format!("read error: {e}"), at))?;
            let Some(&b) = buf.first() else {
                return Err((EXPECTED.into(), at));
            };
            let ok = if seen < 7 {
                b == b"window."[seen]
            } else if equals {
                b.is_ascii_whitespace() || b == b'['
            } else {
                b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'$' | b'=') || b == b' '
            };
            if !ok || at - start > MAX_PREFIX as u64 {
                return Err((EXPECTED.into(), at));
            }
            self.input.consume(1);
            seen += 1;
            if b == b'=' {
                equals = true;
            }
            if b == b'[' {
                return Ok(());
            }
        }
    }
}

impl Items for TweetsJs {
    fn next_item(&mut self) -> Result<Option<Raw>, Fatal> {
        loop {
            match &mut self.state {
                State::Done => return Ok(None),
                State::Prefix => {
                    self.prefix().map_err(|p| self.fatal(p))?;
                    self.parts += 1;
                    self.state = State::Array(Array::new());
                }
                State::Array(a) => match a.next(&mut self.input, self.max) {
                    Ok(Element::Value(v)) => return Ok(Some(Raw::Tweet(v))),
                    Ok(Element::TooLong { prefix, len }) => {
                        let id = id_in_prefix(&prefix, &[b"tweet", b"id_str"])
                            .or_else(|| id_in_prefix(&prefix, &[b"id_str"]));
                        return Ok(Some(Raw::TooLong { id, len }));
                    }
                    Ok(Element::End) => self.state = State::After,
                    Err(p) => {
                        self.state = State::Done;
                        return Err(self.fatal(p));
                    }
                },
                State::After => {
                    // `;` may end the assignment; another `window.` starts the next part.
                    let next = loop {
                        match skip_blank(&mut self.input).map_err(|p| self.fatal(p))? {
                            Some(b';') => self.input.consume(1),
                            other => break other,
                        }
                    };
                    match next {
                        None => self.state = State::Done,
                        Some(b'w') => self.state = State::Prefix,
                        Some(_) => {
                            self.state = State::Done;
                            let at = self.input.offset();
                            return Err(self
                                .fatal(("unexpected data after the array of tweets".into(), at)));
                        }
                    }
                }
            }
        }
    }

    fn idle(&mut self, wait: std::time::Duration) -> bool {
        self.input.idle(wait)
    }
}
