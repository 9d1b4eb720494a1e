//! JSON: the spans of strings, after serde_json has checked the syntax.

use super::{Draft, Node, SourceMap};

pub(super) struct JsonParser<'a> {
    pub(super) s: &'a [u8],
    pub(super) src: &'a str,
    pub(super) i: usize,
}

impl JsonParser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    /// One value; `None` on anything unexpected (the text was checked by serde_json, whose
    /// recursion limit also bounds the depth here).
    pub(super) fn value(&mut self) -> Option<Node> {
        self.ws();
        match *self.s.get(self.i)? {
            b'"' => self.string().map(|d| Node::Str(Box::new(d))),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    match *self.s.get(self.i)? {
                        b']' => {
                            self.i += 1;
                            return Some(Node::Seq(items));
                        }
                        b',' => self.i += 1,
                        _ => items.push(self.value()?),
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut entries = Vec::new();
                loop {
                    self.ws();
                    match *self.s.get(self.i)? {
                        b'}' => {
                            self.i += 1;
                            return Some(Node::Map(entries));
                        }
                        b',' => self.i += 1,
                        b'"' => {
                            let key = self.string()?.text;
                            self.ws();
                            if self.s.get(self.i) != Some(&b':') {
                                return None;
                            }
                            self.i += 1;
                            entries.push((key, self.value()?));
                        }
                        _ => return None,
                    }
                }
            }
            _ => {
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|c| !matches!(c, b',' | b']' | b'}'))
                {
                    self.i += 1;
                }
                Some(Node::Other)
            }
        }
    }

    /// A string starting at the opening quote, decoded, with its map to the file.
    fn string(&mut self) -> Option<Draft> {
        self.i += 1;
        let mut text = String::new();
        let mut map = SourceMap::default();
        let mut run = self.i;
        loop {
            match *self.s.get(self.i)? {
                b'"' => {
                    map.anchor(text.len(), run);
                    text.push_str(&self.src[run..self.i]);
                    self.i += 1;
                    return Some(Draft {
                        text,
                        map,
                        html: false,
                    });
                }
                b'\\' => {
                    map.anchor(text.len(), run);
                    text.push_str(&self.src[run..self.i]);
                    map.anchor(text.len(), self.i);
                    let esc = *self.s.get(self.i + 1)?;
                    self.i += 2;
                    let c = match esc {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'u' => self.unicode()?,
                        other => other as char,
                    };
                    text.push(c);
                    run = self.i;
                }
                _ => self.i += 1,
            }
        }
    }

    /// The code point of `\uXXXX` (a surrogate pair when one follows), after the `\u`.
    fn unicode(&mut self) -> Option<char> {
        let hex = |p: &mut Self| -> Option<u32> {
            let h = p.src.get(p.i..p.i + 4)?;
            p.i += 4;
            u32::from_str_radix(h, 16).ok()
        };
        let hi = hex(self)?;
        if (0xD800..0xDC00).contains(&hi) && self.src[self.i..].starts_with("\\u") {
            let save = self.i;
            self.i += 2;
            let lo = hex(self)?;
            if (0xDC00..0xE000).contains(&lo) {
                return char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
            }
            self.i = save;
        }
        Some(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }
}
