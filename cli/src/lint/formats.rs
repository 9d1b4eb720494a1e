//! Readers of saved-reply files: each turns a file into its replies ([`Draft`]s) with
//! their way back to the file.
//!
//! - CSV/TSV: a header row; the reply column is `--column`, else the first column named
//!   like a reply (`text`, `body`, `reply`, …), else the only column. Quoted fields may
//!   span lines.
//! - JSON and YAML: every string under a reply-like key (`body`, `text`, `content`, …),
//!   the `value` of a Zendesk `comment_value`/`comment_value_html` action, every string
//!   of a top-level list of strings, and every value of a top-level map of strings.
//! - Markdown: each heading's section is a reply (text before the first heading too).
//! - Plain text: replies separated by a line `---`; without one, the file is one reply.
//!
//! In Markdown and plain text, a line that only holds a `discreet-ignore` comment is not
//! part of a reply.

use super::draft::{Draft, Lines, SourceMap};

/// The kinds of file understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv(u8),
    Json,
    Yaml,
    Markdown,
    Text,
}

impl Format {
    /// The format a file name says, if any.
    pub(crate) fn of(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" => Format::Csv(b','),
            "tsv" => Format::Csv(b'\t'),
            "json" => Format::Json,
            "yaml" | "yml" => Format::Yaml,
            "md" | "markdown" => Format::Markdown,
            "txt" | "text" => Format::Text,
            _ => return None,
        })
    }
}

/// Keys whose string values are replies (compared without case).
const REPLY_KEYS: &[&str] = &[
    "text",
    "body",
    "reply",
    "response",
    "content",
    "message",
    "template",
    "answer",
    "snippet",
    "comment",
    "comment_value",
    "body_html",
    "html_body",
    "content_html",
    "comment_value_html",
];

fn is_reply_key(key: &str) -> bool {
    REPLY_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

fn is_html_key(key: &str) -> bool {
    key.to_ascii_lowercase().contains("html")
}

/// A read error: the 1-based line (when known) and what is wrong, never the file's text.
#[derive(Debug)]
pub(crate) struct ReadError {
    pub line: Option<usize>,
    pub message: String,
}

impl ReadError {
    fn at(line: usize, message: impl Into<String>) -> Self {
        ReadError {
            line: Some(line),
            message: message.into(),
        }
    }
}

/// The replies in `src`, a file in `format`.
pub(crate) fn read(
    src: &str,
    format: Format,
    column: Option<&str>,
) -> Result<Vec<Draft>, ReadError> {
    match format {
        Format::Csv(delim) => csv(src, delim, column),
        Format::Json => {
            // serde_json checks the syntax and gives a precise position; the small parser
            // below then only needs the spans of strings.
            if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(src) {
                return Err(ReadError::at(
                    e.line(),
                    format!("not valid JSON (column {})", e.column()),
                ));
            }
            let mut p = JsonParser {
                s: src.as_bytes(),
                src,
                i: 0,
            };
            let node = p.value().ok_or_else(|| ReadError {
                line: None,
                message: "not valid JSON".into(),
            })?;
            Ok(replies(node))
        }
        Format::Yaml => yaml(src).map(replies),
        Format::Markdown => Ok(sections(src, true)),
        Format::Text => Ok(sections(src, false)),
    }
}

// ---- CSV ------------------------------------------------------------------------------

struct Field {
    text: String,
    map: SourceMap,
}

fn csv(src: &str, delim: u8, column: Option<&str>) -> Result<Vec<Draft>, ReadError> {
    let records = csv_records(src, delim)?;
    let mut rows = records.into_iter();
    let Some(header) = rows.next() else {
        return Ok(Vec::new());
    };
    let names: Vec<&str> = header.iter().map(|f| f.text.trim()).collect();
    let col = match column {
        Some(c) => names.iter().position(|n| n.eq_ignore_ascii_case(c)).ok_or_else(|| {
            ReadError::at(1, format!("no column named {c:?} in the header"))
        })?,
        None => match names.iter().position(|n| is_reply_key(n)) {
            Some(i) => i,
            None if names.len() == 1 => 0,
            None => {
                return Err(ReadError::at(
                    1,
                    "no reply column in the header: name one of text, body, reply, content, message, or pass --column",
                ))
            }
        },
    };
    let html = is_html_key(names[col]);
    Ok(rows
        .filter_map(|mut r| (col < r.len()).then(|| r.swap_remove(col)))
        .filter(|f| !f.text.trim().is_empty())
        .map(|f| Draft {
            text: f.text,
            map: f.map,
            html,
        })
        .collect())
}

/// RFC 4180 records: quoted fields may hold the delimiter, `""` and line breaks.
fn csv_records(src: &str, delim: u8) -> Result<Vec<Vec<Field>>, ReadError> {
    let b = src.as_bytes();
    let mut records = Vec::new();
    let mut record: Vec<Field> = Vec::new();
    let mut i = 0;
    let mut line = 1;
    loop {
        let mut field = Field {
            text: String::new(),
            map: SourceMap::default(),
        };
        if b.get(i) == Some(&b'"') {
            let open_line = line;
            i += 1;
            let mut run = i;
            loop {
                match b.get(i) {
                    None => {
                        return Err(ReadError::at(open_line, "quoted field never closed"));
                    }
                    Some(b'"') if b.get(i + 1) == Some(&b'"') => {
                        field.map.anchor(field.text.len(), run);
                        field.text.push_str(&src[run..=i]);
                        i += 2;
                        run = i;
                    }
                    Some(b'"') => {
                        field.map.anchor(field.text.len(), run);
                        field.text.push_str(&src[run..i]);
                        i += 1;
                        break;
                    }
                    Some(c) => {
                        line += usize::from(*c == b'\n');
                        i += 1;
                    }
                }
            }
            // Anything between the closing quote and the delimiter is kept as text.
            let run = i;
            while i < b.len() && b[i] != delim && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
            field.map.anchor(field.text.len(), run);
            field.text.push_str(&src[run..i]);
        } else {
            let run = i;
            while i < b.len() && b[i] != delim && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
            field.map.anchor(0, run);
            field.text.push_str(&src[run..i]);
        }
        record.push(field);
        match b.get(i) {
            Some(&c) if c == delim => i += 1,
            None => {
                if !(record.len() == 1 && record[0].text.is_empty()) {
                    records.push(record);
                }
                return Ok(records);
            }
            Some(_) => {
                if b[i] == b'\r' {
                    i += 1;
                }
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
                line += 1;
                let blank = record.len() == 1 && record[0].text.is_empty();
                if !blank {
                    records.push(std::mem::take(&mut record));
                }
                record.clear();
                if i >= b.len() {
                    return Ok(records);
                }
            }
        }
    }
}

// ---- JSON and YAML: one tree ----------------------------------------------------------

/// A JSON or YAML document, with the replies' strings already mapped to the file.
enum Node {
    Str(Box<Draft>),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
    Other,
}

fn replies(root: Node) -> Vec<Draft> {
    let mut out = Vec::new();
    match root {
        // A list of replies, or a map of name → reply.
        Node::Seq(items) if items.iter().all(|n| matches!(n, Node::Str(_))) => {
            for n in items {
                collect(n, false, &mut out);
            }
        }
        Node::Map(entries) if entries.iter().all(|(_, n)| matches!(n, Node::Str(_))) => {
            for (k, n) in entries {
                collect(n, is_html_key(&k), &mut out);
            }
        }
        other => walk(other, &mut out),
    }
    out.retain(|d| !d.text.trim().is_empty());
    out
}

/// Every string of `node` is a reply.
fn collect(node: Node, html: bool, out: &mut Vec<Draft>) {
    match node {
        Node::Str(mut d) => {
            d.html = html;
            out.push(*d);
        }
        Node::Seq(items) => items.into_iter().for_each(|n| collect(n, html, out)),
        Node::Map(entries) => entries.into_iter().for_each(|(_, n)| collect(n, html, out)),
        Node::Other => {}
    }
}

/// Finds the replies in a document: values of reply keys, and Zendesk actions.
fn walk(node: Node, out: &mut Vec<Draft>) {
    match node {
        Node::Seq(items) => items.into_iter().for_each(|n| walk(n, out)),
        Node::Map(entries) => {
            // Zendesk macros: {"field": "comment_value", "value": "…"}.
            let zendesk = entries.iter().find_map(|(k, n)| match n {
                Node::Str(d) if k == "field" && d.text.starts_with("comment_value") => {
                    Some(d.text.ends_with("_html"))
                }
                _ => None,
            });
            for (k, n) in entries {
                if let (Some(html), "value") = (zendesk, k.as_str()) {
                    collect(n, html, out);
                } else if is_reply_key(&k) && !matches!(n, Node::Map(_)) {
                    collect(n, is_html_key(&k), out);
                } else {
                    walk(n, out);
                }
            }
        }
        Node::Str(_) | Node::Other => {}
    }
}

struct JsonParser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
}

impl JsonParser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    /// One value; `None` on anything unexpected (the text was checked by serde_json, whose
    /// recursion limit also bounds the depth here).
    fn value(&mut self) -> Option<Node> {
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

fn yaml(src: &str) -> Result<Node, ReadError> {
    use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
    use yaml_rust2::scanner::Marker;

    struct Events(Vec<(Event, Marker)>);
    impl MarkedEventReceiver for Events {
        fn on_event(&mut self, ev: Event, mark: Marker) {
            self.0.push((ev, mark));
        }
    }
    let mut events = Events(Vec::new());
    let mut parser = Parser::new_from_str(src);
    if let Err(e) = parser.load(&mut events, true) {
        // The scanner's description names the construct, never the text.
        return Err(ReadError::at(
            e.marker().line(),
            format!(
                "not valid YAML (column {}): {}",
                e.marker().col() + 1,
                e.info()
            ),
        ));
    }
    let lines = Lines::new(src);
    let mut it = events.0.into_iter().peekable();
    // Documents of a stream: their contents side by side.
    let mut docs = Vec::new();
    while let Some((ev, mark)) = it.next() {
        if !matches!(
            ev,
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart | Event::DocumentEnd
        ) {
            docs.push(yaml_node(ev, mark, &mut it, src, &lines, 0));
        }
    }
    Ok(match docs.len() {
        1 => docs.pop().unwrap_or(Node::Other),
        _ => Node::Seq(docs),
    })
}

fn yaml_node(
    ev: yaml_rust2::parser::Event,
    mark: yaml_rust2::scanner::Marker,
    it: &mut impl Iterator<Item = (yaml_rust2::parser::Event, yaml_rust2::scanner::Marker)>,
    src: &str,
    lines: &Lines<'_>,
    depth: usize,
) -> Node {
    use yaml_rust2::parser::Event;
    // Deeper than any macro file: skip this branch's events rather than recurse.
    if depth > 64 {
        let mut open = usize::from(matches!(
            ev,
            Event::SequenceStart(..) | Event::MappingStart(..)
        ));
        while open > 0 {
            match it.next() {
                Some((Event::SequenceStart(..) | Event::MappingStart(..), _)) => open += 1,
                Some((Event::SequenceEnd | Event::MappingEnd, _)) => open -= 1,
                Some(_) => {}
                None => break,
            }
        }
        return Node::Other;
    }
    match ev {
        Event::Scalar(value, ..) => {
            let at = lines.offset(mark.line(), mark.col());
            Node::Str(Box::new(Draft {
                map: align(&value, src, at),
                text: value,
                html: false,
            }))
        }
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            while let Some((ev, m)) = it.next() {
                if matches!(ev, Event::SequenceEnd) {
                    break;
                }
                items.push(yaml_node(ev, m, it, src, lines, depth + 1));
            }
            Node::Seq(items)
        }
        Event::MappingStart(..) => {
            let mut entries = Vec::new();
            while let Some((ev, m)) = it.next() {
                if matches!(ev, Event::MappingEnd) {
                    break;
                }
                let key = match yaml_node(ev, m, it, src, lines, depth + 1) {
                    Node::Str(d) => d.text,
                    _ => String::new(),
                };
                let Some((ev, m)) = it.next() else { break };
                entries.push((key, yaml_node(ev, m, it, src, lines, depth + 1)));
            }
            Node::Map(entries)
        }
        _ => Node::Other,
    }
}

/// Maps a decoded YAML scalar onto its source from `at`: each character is matched with
/// the next equal character of the source (a folded line break matches a space), skipping
/// the quotes, indentation and escapes in between. Bounded look-ahead, so a character the
/// source spells differently (`\u00e9`) stays near its place instead of running away.
fn align(value: &str, src: &str, at: usize) -> SourceMap {
    let mut map = SourceMap::default();
    let mut j = at.min(src.len());
    for (off, c) in value.char_indices() {
        let mut found = None;
        let mut skipped = 0;
        for (k, rc) in src[j..].char_indices() {
            if rc == c || (c == ' ' && rc == '\n') {
                found = Some((j + k, rc.len_utf8()));
                break;
            }
            skipped += 1;
            if skipped > 256 || (!rc.is_whitespace() && skipped > 12) {
                break;
            }
        }
        match found {
            Some((p, len)) => {
                map.anchor(off, p);
                j = p + len;
            }
            None => {
                map.anchor(off, j);
                // An escape the value spells as one character (`\t`, `\u00e9`).
                if src[j..].starts_with('\\') {
                    let hex = match src.as_bytes().get(j + 1) {
                        Some(b'x') => 2,
                        Some(b'u') => 4,
                        Some(b'U') => 8,
                        _ => 0,
                    };
                    j = (j + 2 + hex).min(src.len());
                    while !src.is_char_boundary(j) {
                        j += 1;
                    }
                }
            }
        }
    }
    map.anchor(value.len(), j);
    map
}

// ---- Markdown and plain text ----------------------------------------------------------

/// Replies of a Markdown (`headings`) or plain-text file, line by line.
fn sections(src: &str, headings: bool) -> Vec<Draft> {
    let lines = Lines::new(src);
    let mut out = Vec::new();
    let mut cur = Draft {
        text: String::new(),
        map: SourceMap::default(),
        html: false,
    };
    let mut fence = false;
    let mut front_matter = false;
    let mut offset = 0;
    for n in 1..=lines.count() {
        let line = lines.line(n);
        let start = offset;
        offset += src[offset..]
            .find('\n')
            .map_or(src.len() - offset, |i| i + 1);
        let t = line.trim();
        if headings && n == 1 && t == "---" {
            front_matter = true;
            continue;
        }
        if front_matter {
            front_matter = t != "---" && t != "...";
            continue;
        }
        if headings && (t.starts_with("```") || t.starts_with("~~~")) {
            fence = !fence;
        }
        let split = if headings {
            !fence && (t.starts_with('#') && heading(t) || t == "---")
        } else {
            t == "---"
        };
        if split {
            flush(&mut cur, &mut out);
            continue;
        }
        if super::ignore::is_comment_line(t) {
            continue;
        }
        if cur.text.is_empty() && t.is_empty() {
            continue;
        }
        if !cur.text.is_empty() {
            cur.text.push('\n');
        }
        cur.map.anchor(cur.text.len(), start);
        cur.text.push_str(line);
    }
    flush(&mut cur, &mut out);
    out
}

fn heading(t: &str) -> bool {
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    hashes <= 6 && t[hashes..].chars().next().is_none_or(char::is_whitespace)
}

fn flush(cur: &mut Draft, out: &mut Vec<Draft>) {
    let text = cur.text.trim_end().len();
    cur.text.truncate(text);
    let d = std::mem::replace(
        cur,
        Draft {
            text: String::new(),
            map: SourceMap::default(),
            html: false,
        },
    );
    if !d.text.trim().is_empty() {
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every reply of `src`, with each reply's first character's offset in the file.
    fn read_all(src: &str, f: Format) -> Vec<(String, usize)> {
        read(src, f, None)
            .unwrap()
            .into_iter()
            .map(|d| {
                let at = d.map.start(0);
                (d.text, at)
            })
            .collect()
    }

    #[test]
    fn csv_quoted_fields_keep_their_place() {
        let src = "title,body\r\nA,\"Hi \"\"you\"\",\nline two\"\nB,plain\n";
        let r = read("title,body\n", Format::Csv(b','), None).unwrap();
        assert!(r.is_empty());
        let all = read(src, Format::Csv(b','), None).unwrap();
        assert_eq!(all[0].text, "Hi \"you\",\nline two");
        let at = all[0].text.find("line").unwrap();
        assert_eq!(&src[all[0].map.start(at)..][..4], "line");
        let at = all[0].text.find("you").unwrap();
        assert_eq!(&src[all[0].map.start(at)..][..3], "you");
        assert_eq!(all[1].text, "plain");
        let e = read("a,b\n\"x\n", Format::Csv(b','), Some("b")).unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn json_strings_map_through_escapes() {
        let src = r#"{"macros":[{"title":"T","actions":[{"field":"comment_value","value":"caf\u00e9 \"ok\" 4111"}]}]}"#;
        let all = read(src, Format::Json, None).unwrap();
        assert_eq!(all.len(), 1);
        let d = &all[0];
        assert_eq!(d.text, "café \"ok\" 4111");
        let at = d.text.find("4111").unwrap();
        assert_eq!(&src[d.map.start(at)..][..4], "4111");
        assert_eq!(read_all(r#"["a","b"]"#, Format::Json).len(), 2);
        assert_eq!(
            read_all(r#"{"x":{"body":"hi"},"id":"no"}"#, Format::Json),
            [("hi".to_string(), 14)]
        );
    }

    #[test]
    fn yaml_block_and_plain_scalars() {
        let src = "- title: A\n  body: |\n    Hi {first_name},\n    call 415\n- title: B\n  body: \"one\\ttwo\"\n";
        let all = read(src, Format::Yaml, None).unwrap();
        assert_eq!(all.len(), 2);
        let at = all[0].text.find("415").unwrap();
        assert_eq!(&src[all[0].map.start(at)..][..3], "415");
        let at = all[1].text.find("two").unwrap();
        assert_eq!(&src[all[1].map.start(at)..][..3], "two");
    }

    #[test]
    fn deep_yaml_is_skipped_not_misread() {
        let deep = format!("{}x{}", "[".repeat(100), "]".repeat(100));
        let src = format!("- {deep}\n- body: after the deep one\n");
        let all = read_all(&src, Format::Yaml);
        assert_eq!(
            all,
            [("after the deep one".to_string(), src.find("after").unwrap())]
        );
    }

    #[test]
    fn markdown_sections() {
        let src = "---\ntitle: x\n---\n# Refund\n\nHi there\n<!-- discreet-ignore -->\nsecond\n\n## Other\n```\n# not a heading\n```\n";
        let all = read_all(src, Format::Markdown);
        assert_eq!(all[0].0, "Hi there\nsecond");
        assert_eq!(&src[all[0].1..][..2], "Hi");
        assert_eq!(all[1].0, "```\n# not a heading\n```");
        let t = read_all("one\n---\ntwo\n", Format::Text);
        assert_eq!(t, [("one".into(), 0), ("two".into(), 8)]);
    }
}
