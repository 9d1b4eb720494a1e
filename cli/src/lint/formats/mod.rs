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

mod csv;
mod json;
mod yaml;

use super::draft::{Draft, Lines, SourceMap};
use csv::csv;
use json::JsonParser;
use yaml::yaml;

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
