//! Where items come from: JSON Lines, a JSON array of items, an X/Twitter archive
//! (`tweets.js`, or the `.zip` as downloaded), or CSV. One module per format; [`detect`]
//! says which format an input is in and why.
//!
//! Every source streams with bounded memory: bytes are read ahead in a few blocks
//! ([`input`]), each item is kept only up to the per-item limit (a longer one becomes a
//! [`Raw::TooLong`], with its id when the kept part shows it), and batches are bounded in
//! items and in bytes. A source only finds item boundaries; parsing the JSON of each item
//! happens later, on the worker threads.

mod array;
mod csv;
pub(crate) mod detect;
pub(crate) mod input;
mod json_array;
mod jsonl;
mod tweets_js;
mod zip;

use std::fs::File;
use std::io::{self, BufRead};
use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

use discreet::Direction;
use serde_json::value::RawValue;

use detect::{Detected, BOM};
use input::Input;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Detect from the first bytes, then from the file name.
    Auto,
    /// One JSON object per line: `{"id", "text", "direction"}`.
    Jsonl,
    /// One JSON array of such objects (or of archive tweets, `{"tweet": {...}}`).
    JsonArray,
    /// An archive's `tweets.js` (`window.YTD.tweets.part0 = [ {"tweet": {...}}, ... ]`).
    TweetsJs,
    /// An X/Twitter account archive `.zip`: its `data/tweets*.js` files, in order.
    Zip,
    /// CSV with a header row (columns `text`, `id`, `direction`).
    Csv,
}

impl Format {
    /// The name `--format` takes.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Jsonl => "jsonl",
            Format::JsonArray => "json-array",
            Format::TweetsJs => "tweets-js",
            Format::Zip => "zip",
            Format::Csv => "csv",
        }
    }
}

/// One item, as read.
#[derive(Debug)]
pub(crate) enum Raw {
    /// A JSON Lines line (without its line end): `line N`.
    Line(Vec<u8>),
    /// An element of a JSON array of items: `item N`.
    Item(Vec<u8>),
    /// An archive tweet, `{"tweet": {...}}`: `item N`.
    Tweet(Vec<u8>),
    /// A CSV record's id, and its text and direction or the problem with it: `record N`.
    Record {
        id: Option<String>,
        fields: Result<(String, Option<Direction>), String>,
    },
    /// An item longer than the limit: its id when readable, and its length in bytes.
    TooLong { id: Option<Box<RawValue>>, len: u64 },
}

impl Raw {
    /// Bytes held, for bounding batches.
    fn size(&self) -> usize {
        match self {
            Raw::Line(b) | Raw::Item(b) | Raw::Tweet(b) => b.len(),
            Raw::Record { fields, .. } => fields.as_ref().map_or(0, |(t, _)| t.len()),
            Raw::TooLong { .. } => 0,
        }
    }
}

/// Options for CSV input.
#[derive(Debug, Clone, Default)]
pub(crate) struct CsvColumns {
    pub text: Option<String>,
    pub id: Option<String>,
}

/// A fatal problem with the input (truncated, corrupt), naming the file and the byte
/// offset: the items before it are kept.
pub(crate) type Fatal = String;

/// A reader of one format: one item at a time.
pub(crate) trait Items: Send {
    /// The next item; `None` at the end of the input.
    fn next_item(&mut self) -> Result<Option<Raw>, Fatal>;
    /// True when no input arrives within `wait`.
    fn idle(&mut self, wait: Duration) -> bool;
}

/// How long a batch waits for more input before it is handed on: short enough that a
/// live stream's verdicts come out at once, long enough that a merely bursty pipe still
/// fills batches.
const IDLE_WAIT: Duration = Duration::from_millis(5);

/// Batches of items from one input.
pub(crate) struct Source {
    items: Box<dyn Items>,
    pending: Option<Fatal>,
    done: bool,
}

impl Source {
    /// Up to `max_items` items holding up to `max_bytes` (at least one item); fewer when
    /// the input is slow; an empty vector at the end. A fatal problem comes after the
    /// items read before it.
    pub(crate) fn next_chunk(
        &mut self,
        max_items: usize,
        max_bytes: usize,
    ) -> Result<Vec<Raw>, Fatal> {
        if let Some(f) = self.pending.take() {
            return Err(f);
        }
        let mut out = Vec::new();
        let mut bytes = 0usize;
        while !self.done && out.len() < max_items && bytes < max_bytes {
            match self.items.next_item() {
                Ok(Some(raw)) => {
                    bytes += raw.size();
                    out.push(raw);
                }
                Ok(None) => self.done = true,
                Err(fatal) => {
                    self.done = true;
                    if out.is_empty() {
                        return Err(fatal);
                    }
                    self.pending = Some(fatal);
                }
            }
            if !self.done && self.items.idle(IDLE_WAIT) {
                break;
            }
        }
        Ok(out)
    }
}

/// An opened input.
pub(crate) struct Opened {
    pub source: Source,
    /// The file's size, for the progress bar.
    pub size: Option<u64>,
    /// The format read, and why.
    pub detected: Detected,
}

/// How to read inputs.
#[derive(Debug, Clone)]
pub(crate) struct ReadOpts {
    pub format: Format,
    pub columns: CsvColumns,
    /// The per-item limit in bytes.
    pub max_item: usize,
}

/// The name of an input in messages.
pub(crate) fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

/// Opens `path` (`-` for standard input), detecting its format unless `--format` gave it.
pub(crate) fn open(path: &Path, opts: &ReadOpts, read: Arc<AtomicU64>) -> Result<Opened, String> {
    let stdin = path.as_os_str() == "-";
    let name = display_name(path);
    let size = if stdin {
        None
    } else {
        std::fs::metadata(path).ok().map(|m| m.len())
    };
    let mut input = if stdin {
        Input::spawn(io::stdin(), Arc::clone(&read))
    } else {
        let f = File::open(path).map_err(|e| format!("{name}: {e}"))?;
        Input::spawn(f, Arc::clone(&read))
    };
    let text_column = opts.columns.text.as_deref().unwrap_or("text");
    let detected = match opts.format {
        Format::Auto => {
            detect::detect(path, &mut input, text_column).map_err(|e| format!("{name}: {e}"))?
        }
        f => Detected {
            format: f,
            why: "--format",
        },
    };
    let max = opts.max_item;
    let items: Box<dyn Items> = match detected.format {
        Format::Jsonl | Format::Auto => Box::new(jsonl::Jsonl::new(input, name, max)),
        Format::JsonArray => Box::new(json_array::JsonArray::new(input, name, max)),
        Format::TweetsJs => Box::new(tweets_js::TweetsJs::new(input, name, max)),
        Format::Csv => Box::new(csv::Csv::new(input, name, max, &opts.columns)?),
        Format::Zip => {
            if stdin {
                return Err("a zip archive must be given as a file, not on standard input".into());
            }
            drop(input);
            Box::new(zip::Zip::open(path, read, max)?)
        }
    };
    Ok(Opened {
        source: Source {
            items,
            pending: None,
            done: false,
        },
        size,
        detected,
    })
}

/// Consumes a UTF-8 byte order mark at the start of the input, if there is one.
pub(crate) fn skip_bom(input: &mut Input) -> io::Result<()> {
    while input.peek().len() < BOM.len() && BOM.starts_with(input.peek()) {
        if !input.peek_more()? {
            break;
        }
    }
    if input.peek().starts_with(BOM) {
        input.consume(BOM.len());
    }
    Ok(())
}

/// The id of an item cut short at the limit: the string or number under `path` (keys from
/// the outermost object in), when the kept part holds it. Scans strings and brackets like
/// the splitter; keys are compared as written.
pub(crate) fn id_in_prefix(prefix: &[u8], path: &[&[u8]]) -> Option<Box<RawValue>> {
    // The key under which each open container sits ("" for the outermost).
    let mut keys: Vec<&[u8]> = Vec::new();
    let mut last: Option<&[u8]> = None;
    let mut key: Option<&[u8]> = None;
    let mut i = 0;
    while i < prefix.len() {
        match prefix[i] {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < prefix.len() && prefix[j] != b'"' {
                    j += if prefix[j] == b'\\' { 2 } else { 1 };
                }
                if j >= prefix.len() {
                    return None;
                }
                last = Some(&prefix[start..j]);
                i = j;
            }
            b':' => {
                key = last.take();
                let at_path = keys.len() == path.len()
                    && keys[1..] == path[..path.len() - 1]
                    && key == path.last().copied();
                if at_path {
                    let value = serde_json::Deserializer::from_slice(&prefix[i + 1..])
                        .into_iter::<Box<RawValue>>()
                        .next()?
                        .ok()?;
                    let scalar = value.get().starts_with('"')
                        || value
                            .get()
                            .starts_with(|c: char| c == '-' || c.is_ascii_digit());
                    return scalar.then_some(value);
                }
            }
            b'{' | b'[' => keys.push(key.take().unwrap_or(b"")),
            b'}' | b']' => {
                keys.pop();
            }
            b',' => {
                key = None;
                last = None;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_items_cut_short() {
        let id =
            |s: &str, path: &[&[u8]]| id_in_prefix(s.as_bytes(), path).map(|r| r.get().to_string());
        assert_eq!(
            id(r#"{"id": "t1", "text": "aaaa"#, &[b"id"]).as_deref(),
            Some("\"t1\"")
        );
        assert_eq!(
            id(r#"{"text": "a", "id": 17, "x"#, &[b"id"]).as_deref(),
            Some("17")
        );
        assert_eq!(id(r#"{"text": "id: 5 \"id\": 6", "id"#, &[b"id"]), None);
        assert_eq!(id(r#"{"x": {"id": 1}, "text": "#, &[b"id"]), None);
        assert_eq!(
            id(
                r#"{"tweet": {"entities": {"id_str": "9"}, "id_str": "42", "full_text": "#,
                &[b"tweet", b"id_str"]
            )
            .as_deref(),
            Some("\"42\"")
        );
        assert_eq!(id(r#"{"id": "unterminated"#, &[b"id"]), None);
    }
}
