//! A saved reply read from a file, and the way back from a position in it to the file.
//!
//! Readers decode a reply (CSV quotes, JSON escapes, YAML folding) into plain text. Every
//! problem must still point at the file's own line and column, so each reply carries a
//! [`SourceMap`] from its text to the file. Template placeholders are then swapped for
//! neutral text before judging ([`Neutral`]), with a second map back to the reply.

/// Offsets in a text mapped to offsets in another: sorted `(offset in text, offset in
/// source)` anchors, each valid until the next one (a run of bytes copied as they are).
#[derive(Debug, Clone, Default)]
pub(crate) struct SourceMap(Vec<(usize, usize)>);

impl SourceMap {
    /// From here on, text offset `text` is source offset `src`.
    pub(crate) fn anchor(&mut self, text: usize, src: usize) {
        if let Some(last) = self.0.last_mut() {
            if last.0 == text {
                *last = (text, src);
                return;
            }
        }
        self.0.push((text, src));
    }

    /// The source offset of the byte at text offset `off`.
    pub(crate) fn start(&self, off: usize) -> usize {
        let i = self.0.partition_point(|&(t, _)| t <= off);
        match i {
            0 => self.0.first().map_or(off, |&(_, s)| s),
            i => {
                let (t, s) = self.0[i - 1];
                s + (off - t)
            }
        }
    }

    /// The source offset just past the byte before text offset `off` (the end of a span
    /// that ends at `off`, inside the run it ends in).
    pub(crate) fn end(&self, off: usize) -> usize {
        let i = self.0.partition_point(|&(t, _)| t < off);
        match i {
            0 => self.start(off),
            i => {
                let (t, s) = self.0[i - 1];
                s + (off - t)
            }
        }
    }
}

/// One saved reply: its text and where each of its bytes is in the file.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// The reply as an agent would paste it.
    pub text: String,
    /// Text offsets to file offsets.
    pub map: SourceMap,
    /// HTML tags are markup, not text (a `*_html` field).
    pub html: bool,
}

/// Line starts of a file, to turn byte offsets into 1-based lines and columns.
#[derive(Debug)]
pub(crate) struct Lines<'a> {
    src: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(src));
        Lines { src, starts }
    }

    /// 1-based line and column; columns count Unicode code points.
    pub(crate) fn position(&self, off: usize) -> (usize, usize) {
        let off = floor_char_boundary(self.src, off.min(self.src.len()));
        let line = self.starts.partition_point(|&s| s <= off);
        let start = self.starts[line - 1];
        (line, self.src[start..off].chars().count() + 1)
    }

    /// The byte offset of 1-based `line` and 0-based character column `col`.
    pub(crate) fn offset(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.src.len();
        };
        self.src[start..]
            .char_indices()
            .nth(col)
            .map_or(self.src.len(), |(i, _)| start + i)
    }

    /// The text of 1-based `line`, without its line break.
    pub(crate) fn line(&self, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(self.src.len(), |&e| e);
        self.src[start..end].trim_end_matches(['\n', '\r'])
    }

    /// How many lines the file has.
    pub(crate) fn count(&self) -> usize {
        self.starts.len()
    }
}

fn memchr_newlines(src: &str) -> impl Iterator<Item = usize> + '_ {
    src.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i + 1)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A reply made neutral for judging: placeholders (and HTML tags in HTML fields) become
/// one space, so a value split by a placeholder does not join up and a placeholder is
/// never a finding; for the length they count nothing.
#[derive(Debug)]
pub(crate) struct Neutral {
    /// The text to judge.
    pub text: String,
    /// Offsets in `text` to offsets in the reply.
    pub map: SourceMap,
    /// The reply without its placeholders, for the weighted length.
    pub bare: String,
}

impl Neutral {
    pub(crate) fn new(reply: &str, html: bool) -> Neutral {
        let mut text = String::with_capacity(reply.len());
        let mut bare = String::with_capacity(reply.len());
        let mut map = SourceMap::default();
        let b = reply.as_bytes();
        let mut i = 0;
        let mut run = 0; // start of the run of plain text being copied
        while i < b.len() {
            let Some(len) = placeholder_at(reply, i, html) else {
                i += 1;
                continue;
            };
            map.anchor(text.len(), run);
            text.push_str(&reply[run..i]);
            bare.push_str(&reply[run..i]);
            map.anchor(text.len(), i);
            text.push(' ');
            i += len;
            run = i;
        }
        map.anchor(text.len(), run);
        text.push_str(&reply[run..]);
        bare.push_str(&reply[run..]);
        Neutral { text, map, bare }
    }
}

/// The length of the placeholder starting at byte `i`, if one does:
/// `{{ticket.requester.first_name}}`, `{% if … %}`, `{first_name}`, `${name}`,
/// `%ORDER_ID%`, `[NAME]` (not a Markdown link), and with `html`, a tag.
fn placeholder_at(s: &str, i: usize, html: bool) -> Option<usize> {
    let b = s.as_bytes();
    let rest = &s[i..];
    let within = |open: usize, close: &str, max: usize| -> Option<usize> {
        let body = rest.get(open..)?;
        let end = body.find(close)?;
        (end <= max && !body[..end].contains('\n')).then_some(open + end + close.len())
    };
    match b[i] {
        b'{' if rest.starts_with("{{") => {
            let n = within(2, "}}", 200)?;
            // `{{{raw}}}`: the third brace closes too.
            Some(if rest[n..].starts_with('}') { n + 1 } else { n })
        }
        b'{' if rest.starts_with("{%") => within(2, "%}", 200),
        b'{' | b'$' => {
            let open = if b[i] == b'$' {
                rest.strip_prefix("${")?;
                2
            } else {
                1
            };
            let n = within(open, "}", 64)?;
            let name = &rest[open..n - 1];
            let ok = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'));
            ok.then_some(n)
        }
        b'%' => {
            let n = within(1, "%", 64)?;
            let name = &rest[1..n - 1];
            let ok = name.starts_with(|c: char| c.is_ascii_uppercase())
                && name
                    .bytes()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_');
            ok.then_some(n)
        }
        b'[' => {
            let n = within(1, "]", 64)?;
            let name = &rest[1..n - 1];
            let ok = name.starts_with(|c: char| c.is_ascii_uppercase())
                && name.bytes().all(|c| {
                    c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, b'_' | b' ')
                })
                && !rest[n..].starts_with('(');
            ok.then_some(n)
        }
        b'<' if html => {
            let next = *b.get(i + 1)?;
            if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!') {
                return None;
            }
            let end = rest.get(1..)?.find('>')?;
            (end < 1000).then_some(end + 2)
        }
        _ => None,
    }
}

/// The positions of one reply in the file: maps a span of the judged text back.
pub(crate) fn source_span(
    draft: &Draft,
    neutral: &Neutral,
    start: usize,
    end: usize,
) -> (usize, usize) {
    let s = draft.map.start(neutral.map.start(start));
    let e = draft.map.end(neutral.map.end(end));
    (s, e.max(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_neutral_and_count_nothing() {
        let n = Neutral::new(
            "Hi {{ticket.requester.first_name}}, order %ORDER_ID% for [NAME] {first_name} ${x}! See [Docs](https://x.y) {not a placeholder}",
            false,
        );
        assert_eq!(
            n.bare,
            "Hi , order  for   ! See [Docs](https://x.y) {not a placeholder}"
        );
        assert_eq!(
            n.text,
            "Hi  , order   for      ! See [Docs](https://x.y) {not a placeholder}"
        );
        let reply = "Hi {{a}} 4111";
        let n = Neutral::new(reply, false);
        let at = n.text.find("4111").unwrap();
        assert_eq!(&reply[n.map.start(at)..n.map.end(at + 4)], "4111");
        let h = Neutral::new("<p>Hi</p><br/>x < y", true);
        assert_eq!(h.bare, "Hix < y");
    }

    #[test]
    fn maps_find_runs() {
        let mut m = SourceMap::default();
        m.anchor(0, 10);
        m.anchor(5, 20);
        assert_eq!(m.start(3), 13);
        assert_eq!(m.start(5), 20);
        assert_eq!(m.end(5), 15);
        assert_eq!(m.end(6), 21);
        let l = Lines::new("ab\ncé\nd");
        assert_eq!(l.position(0), (1, 1));
        assert_eq!(l.position(6), (2, 3));
        assert_eq!(l.offset(2, 2), 6);
        assert_eq!(l.line(2), "cé");
    }
}
