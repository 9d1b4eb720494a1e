//! Where items come from: JSON Lines, an X/Twitter archive (`tweets.js`, or the `.zip` as
//! downloaded), or CSV. Every source streams: memory stays flat however large the input.
//!
//! A source hands out raw items in input order. Parsing the JSON of each item happens
//! later, on the worker threads; a source only finds item boundaries.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Detect from the file name, then from the first bytes.
    Auto,
    /// One JSON object per line: `{"id", "text", "direction"}`.
    Jsonl,
    /// An archive's `tweets.js` (`window.YTD.tweets.part0 = [ {"tweet": {...}}, ... ]`).
    TweetsJs,
    /// An X/Twitter account archive `.zip`: its `data/tweets*.js` files, in order.
    Zip,
    /// CSV with a header row.
    Csv,
}

/// One item, as read.
#[derive(Debug)]
pub(crate) enum Raw {
    /// A JSON Lines line (without its newline).
    Line(Vec<u8>),
    /// One element of a `tweets.js` array: `{"tweet": {...}}`.
    Tweet(Vec<u8>),
    /// A CSV record's id and text, or the problem with the record.
    Record {
        id: Option<String>,
        text: Result<String, String>,
    },
}

/// Options for CSV input.
#[derive(Debug, Clone, Default)]
pub(crate) struct CsvColumns {
    pub text: Option<String>,
    pub id: Option<String>,
}

/// A fatal problem with the input (truncated, corrupt): the items before it are kept.
pub(crate) type Fatal = String;

/// A source of raw items.
pub(crate) trait Source: Send {
    /// Up to `max` items; an empty vector at the end of the input.
    fn next_chunk(&mut self, max: usize) -> Result<Vec<Raw>, Fatal>;
}

/// Counts bytes read, for the progress bar.
pub(crate) struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens `path` (`-` for standard input) in `format`, detecting it when `Auto`.
/// Returns the source and, for files, their size (for the progress bar).
pub(crate) fn open(
    path: &Path,
    format: Format,
    columns: &CsvColumns,
    read: Arc<AtomicU64>,
) -> Result<(Box<dyn Source>, Option<u64>), String> {
    let stdin = path.as_os_str() == "-";
    let name = if stdin {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let size = if stdin {
        None
    } else {
        std::fs::metadata(path).ok().map(|m| m.len())
    };
    let raw: Box<dyn Read + Send> = if stdin {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path).map_err(|e| format!("{name}: {e}"))?)
    };
    let mut reader = BufReader::with_capacity(
        1 << 16,
        Counting {
            inner: raw,
            count: Arc::clone(&read),
        },
    );
    let format = match format {
        Format::Auto => detect(path, &mut reader).map_err(|e| format!("{name}: {e}"))?,
        f => f,
    };
    let source: Box<dyn Source> = match format {
        Format::Jsonl | Format::Auto => Box::new(Lines { reader }),
        Format::TweetsJs => Box::new(TweetsJs::new(reader, name)),
        Format::Csv => Box::new(Csv::new(reader, columns, &name)?),
        Format::Zip => {
            if stdin {
                return Err("a zip archive must be given as a file, not on standard input".into());
            }
            Box::new(ZipArchive::open(path.to_path_buf(), read)?)
        }
    };
    Ok((source, size))
}

/// The format of `path`: from its extension, else from its first bytes.
fn detect(path: &Path, reader: &mut impl BufRead) -> io::Result<Format> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("jsonl" | "ndjson") => return Ok(Format::Jsonl),
        Some("js") => return Ok(Format::TweetsJs),
        Some("zip") => return Ok(Format::Zip),
        Some("csv") => return Ok(Format::Csv),
        _ => {}
    }
    let head = reader.fill_buf()?;
    let trimmed: Vec<u8> = head
        .iter()
        .copied()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(16)
        .collect();
    Ok(if head.starts_with(b"PK\x03\x04") {
        Format::Zip
    } else if trimmed.starts_with(b"window.") || trimmed.starts_with(b"[") {
        Format::TweetsJs
    } else if trimmed.starts_with(b"{") || trimmed.is_empty() {
        Format::Jsonl
    } else {
        Format::Csv
    })
}

/// JSON Lines: one item per line.
struct Lines<R> {
    reader: R,
}

impl<R: BufRead + Send> Source for Lines<R> {
    fn next_chunk(&mut self, max: usize) -> Result<Vec<Raw>, Fatal> {
        let mut out = Vec::with_capacity(max);
        while out.len() < max {
            let mut buf = Vec::new();
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => break,
                Ok(_) => {
                    if buf.last() == Some(&b'\n') {
                        buf.pop();
                    }
                    if buf.last() == Some(&b'\r') {
                        buf.pop();
                    }
                    out.push(Raw::Line(buf));
                }
                Err(e) => return Err(format!("read error: {e}")),
            }
        }
        Ok(out)
    }
}

/// A `tweets.js` file: a JavaScript assignment of one JSON array, split into its elements
/// without parsing them (strings and nesting are tracked byte by byte), so that a 2 GB
/// file never sits in memory.
struct TweetsJs<R> {
    reader: R,
    name: String,
    /// Bytes consumed so far, for error messages.
    offset: u64,
    started: bool,
    done: bool,
    /// A problem found after some items were read: reported on the next call.
    pending: Option<Fatal>,
}

impl<R: BufRead> TweetsJs<R> {
    fn new(reader: R, name: String) -> Self {
        TweetsJs {
            reader,
            name,
            offset: 0,
            started: false,
            done: false,
            pending: None,
        }
    }

    fn byte(&mut self) -> Result<Option<u8>, Fatal> {
        let buf = self
            .reader
            .fill_buf()
            .map_err(|e| format!("{}: read error at byte {}: {e}", self.name, self.offset))?;
        let Some(&b) = buf.first() else {
            return Ok(None);
        };
        self.reader.consume(1);
        self.offset += 1;
        Ok(Some(b))
    }

    fn truncated(&self, what: &str) -> Fatal {
        format!(
            "{}: truncated or corrupt at byte {}: {what}",
            self.name, self.offset
        )
    }

    /// Skips `window.YTD.tweets.part0 = ` up to and including the array's `[`.
    fn start(&mut self) -> Result<(), Fatal> {
        loop {
            match self.byte()? {
                Some(b'[') => return Ok(()),
                Some(_) => {}
                None => return Err(self.truncated("no `[` opening the array of tweets")),
            }
        }
    }

    /// The next element's bytes, or `None` after the closing `]`.
    fn element(&mut self) -> Result<Option<Vec<u8>>, Fatal> {
        // Skip separators up to the element's first byte.
        let first = loop {
            match self.byte()? {
                Some(b) if b.is_ascii_whitespace() || b == b',' => {}
                Some(b']') => return Ok(None),
                Some(b) => break b,
                None => return Err(self.truncated("the array of tweets is not closed")),
            }
        };
        let mut buf = vec![first];
        if first != b'{' && first != b'[' {
            // A scalar element: read to the next separator.
            loop {
                match self.byte()? {
                    Some(b',') => return Ok(Some(buf)),
                    Some(b']') => {
                        self.done = true;
                        return Ok(Some(buf));
                    }
                    Some(b) => buf.push(b),
                    None => return Err(self.truncated("the array of tweets is not closed")),
                }
            }
        }
        let mut depth = 1usize;
        let mut in_string = false;
        let mut escaped = false;
        while depth > 0 {
            // Copy runs of ordinary bytes at once rather than byte by byte.
            let chunk = self
                .reader
                .fill_buf()
                .map_err(|e| format!("{}: read error at byte {}: {e}", self.name, self.offset))?;
            if chunk.is_empty() {
                return Err(self.truncated("a tweet is cut off"));
            }
            let mut used = 0;
            for &b in chunk {
                used += 1;
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                    }
                } else {
                    match b {
                        b'"' => in_string = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => depth -= 1,
                        _ => {}
                    }
                }
                if depth == 0 {
                    break;
                }
            }
            buf.extend_from_slice(&chunk[..used]);
            self.reader.consume(used);
            self.offset += used as u64;
        }
        Ok(Some(buf))
    }
}

impl<R: BufRead + Send> Source for TweetsJs<R> {
    fn next_chunk(&mut self, max: usize) -> Result<Vec<Raw>, Fatal> {
        let mut out = Vec::new();
        if let Some(fatal) = self.pending.take() {
            return Err(fatal);
        }
        if self.done {
            return Ok(out);
        }
        if !self.started {
            self.started = true;
            self.start()?;
        }
        while out.len() < max {
            match self.element() {
                Ok(Some(e)) => out.push(Raw::Tweet(e)),
                Ok(None) => {
                    self.done = true;
                    break;
                }
                Err(fatal) => {
                    self.done = true;
                    if out.is_empty() {
                        return Err(fatal);
                    }
                    // Hand out what was read before the problem; report it next time.
                    self.pending = Some(fatal);
                    break;
                }
            }
            if self.done {
                break;
            }
        }
        Ok(out)
    }
}

/// CSV with a header: one item per record.
struct Csv {
    records: csv::ByteRecordsIntoIter<Box<dyn Read + Send>>,
    text: usize,
    id: Option<usize>,
    name: String,
}

impl Csv {
    fn new<R: Read + Send + 'static>(
        reader: R,
        columns: &CsvColumns,
        name: &str,
    ) -> Result<Csv, String> {
        let mut r = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(Box::new(reader) as Box<dyn Read + Send>);
        let headers = r
            .byte_headers()
            .map_err(|e| format!("{name}: cannot read the CSV header: {e}"))?
            .clone();
        let find = |col: &str| headers.iter().position(|h| h == col.as_bytes());
        let list = || {
            headers
                .iter()
                .map(|h| String::from_utf8_lossy(h).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let text_col = columns.text.as_deref().unwrap_or("text");
        let text = find(text_col).ok_or_else(|| {
            format!("{name}: no column {text_col:?} for the text (columns: {}); choose one with --text-column", list())
        })?;
        let id = match columns.id.as_deref() {
            Some(c) => Some(find(c).ok_or_else(|| {
                format!("{name}: no column {c:?} for the id (columns: {})", list())
            })?),
            None => find("id").or_else(|| find("id_str")),
        };
        Ok(Csv {
            records: r.into_byte_records(),
            text,
            id,
            name: name.to_string(),
        })
    }
}

impl Source for Csv {
    fn next_chunk(&mut self, max: usize) -> Result<Vec<Raw>, Fatal> {
        let mut out = Vec::with_capacity(max);
        while out.len() < max {
            let Some(rec) = self.records.next() else {
                break;
            };
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    if let csv::ErrorKind::Io(_) = e.kind() {
                        return Err(format!("{}: {e}", self.name));
                    }
                    out.push(Raw::Record {
                        id: None,
                        text: Err(format!("malformed CSV record: {e}")),
                    });
                    continue;
                }
            };
            let id = self
                .id
                .and_then(|i| rec.get(i))
                .map(|v| String::from_utf8_lossy(v).into_owned());
            let text = match rec.get(self.text) {
                None => Err("the record has no text column".to_string()),
                Some(t) => String::from_utf8(t.to_vec()).map_err(|e| {
                    format!(
                        "text is not valid UTF-8 (at byte {})",
                        e.utf8_error().valid_up_to()
                    )
                }),
            };
            out.push(Raw::Record { id, text });
        }
        Ok(out)
    }
}

/// An account archive: the `data/tweets.js`, `data/tweets-part1.js`, ... entries (older
/// archives say `tweet.js`), each split like a `tweets.js` file, in part order.
struct ZipArchive {
    path: PathBuf,
    entries: Vec<String>,
    next_entry: usize,
    current: Option<TweetsJs<BufReader<Box<dyn Read + Send>>>>,
    read: Arc<AtomicU64>,
}

impl ZipArchive {
    fn open(path: PathBuf, read: Arc<AtomicU64>) -> Result<ZipArchive, String> {
        let name = path.display().to_string();
        let file = File::open(&path).map_err(|e| format!("{name}: {e}"))?;
        let archive = zip::ZipArchive::new(file)
            .map_err(|e| format!("{name}: not a readable zip archive: {e}"))?;
        let mut entries: Vec<String> = archive
            .file_names()
            .filter(|n| is_tweets_entry(n))
            .map(str::to_string)
            .collect();
        if entries.is_empty() {
            return Err(format!(
                "{name}: no data/tweets.js (or tweets-partN.js) in this archive"
            ));
        }
        entries.sort_by_key(|n| part_number(n));
        Ok(ZipArchive {
            path,
            entries,
            next_entry: 0,
            current: None,
            read,
        })
    }

    /// Opens the next entry as a stream. The zip reader borrows its archive, so each entry
    /// is read on its own thread into a pipe: the archive stays streamed, never loaded.
    fn open_entry(
        &mut self,
        entry: &str,
    ) -> Result<TweetsJs<BufReader<Box<dyn Read + Send>>>, Fatal> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<u8>, String>>(4);
        let path = self.path.clone();
        let entry_name = entry.to_string();
        let label = format!("{} ({entry})", self.path.display());
        std::thread::spawn(move || {
            let run = || -> Result<(), String> {
                let file = File::open(&path).map_err(|e| e.to_string())?;
                let mut archive = zip::ZipArchive::new(file).map_err(|e| e.to_string())?;
                let mut f = archive.by_name(&entry_name).map_err(|e| e.to_string())?;
                let mut buf = vec![0u8; 1 << 16];
                loop {
                    let n = f.read(&mut buf).map_err(|e| e.to_string())?;
                    if n == 0 {
                        return Ok(());
                    }
                    if tx.send(Ok(buf[..n].to_vec())).is_err() {
                        return Ok(());
                    }
                }
            };
            if let Err(e) = run() {
                let _ = tx.send(Err(e));
            }
        });
        let reader: Box<dyn Read + Send> = Box::new(Counting {
            inner: ChannelReader {
                rx,
                buf: Vec::new(),
                at: 0,
            },
            count: Arc::clone(&self.read),
        });
        Ok(TweetsJs::new(
            BufReader::with_capacity(1 << 16, reader),
            label,
        ))
    }
}

/// Reads the bytes another thread sends.
struct ChannelReader {
    rx: std::sync::mpsc::Receiver<Result<Vec<u8>, String>>,
    buf: Vec<u8>,
    at: usize,
}

impl Read for ChannelReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.at >= self.buf.len() {
            match self.rx.recv() {
                Ok(Ok(b)) => {
                    self.buf = b;
                    self.at = 0;
                }
                Ok(Err(e)) => return Err(io::Error::other(e)),
                Err(_) => return Ok(0),
            }
        }
        let n = out.len().min(self.buf.len() - self.at);
        out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn is_tweets_entry(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    let stem_ok = file == "tweets.js"
        || file == "tweet.js"
        || (file.starts_with("tweets-part") || file.starts_with("tweet-part"))
            && file.ends_with(".js");
    stem_ok && (name.starts_with("data/") || !name.contains('/'))
}

fn part_number(name: &str) -> u32 {
    name.rsplit('/')
        .next()
        .unwrap_or(name)
        .trim_end_matches(".js")
        .rsplit("part")
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

impl Source for ZipArchive {
    fn next_chunk(&mut self, max: usize) -> Result<Vec<Raw>, Fatal> {
        loop {
            if self.current.is_none() {
                let Some(entry) = self.entries.get(self.next_entry).cloned() else {
                    return Ok(Vec::new());
                };
                self.next_entry += 1;
                self.current = Some(self.open_entry(&entry)?);
            }
            let Some(cur) = self.current.as_mut() else {
                continue;
            };
            let chunk = cur.next_chunk(max)?;
            if chunk.is_empty() {
                self.current = None;
                continue;
            }
            return Ok(chunk);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elements(src: &str) -> Result<Vec<String>, String> {
        let mut t = TweetsJs::new(BufReader::new(src.as_bytes()), "t.js".into());
        let mut all = Vec::new();
        loop {
            let chunk = match t.next_chunk(2) {
                Ok(c) => c,
                Err(p) => return Err(format!("{} after {:?}", p, all)),
            };
            if chunk.is_empty() {
                return Ok(all);
            }
            all.extend(chunk.into_iter().map(|r| match r {
                Raw::Tweet(b) => String::from_utf8(b).unwrap(),
                _ => unreachable!(),
            }));
        }
    }

    #[test]
    fn splits_elements_with_nested_braces_and_escaped_quotes() {
        let src = r#"window.YTD.tweets.part0 = [ {"tweet": {"full_text": "a } \" ] {"}}, {"tweet": {"x": [1, {"y": 2}]}} ,{"tweet":{}} ]"#;
        let e = elements(src).unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(e[0], r#"{"tweet": {"full_text": "a } \" ] {"}}"#);
        assert_eq!(e[2], r#"{"tweet":{}}"#);
        assert_eq!(elements("window.YTD.tweets.part0 = []").unwrap().len(), 0);
    }

    #[test]
    fn truncation_keeps_what_came_before_and_names_the_offset() {
        let src =
            r#"window.YTD.tweets.part0 = [ {"tweet": {"a": 1}}, {"tweet": {"full_text": "cut"#;
        let e = elements(src).unwrap_err();
        assert!(e.contains("t.js: truncated or corrupt at byte"), "{e}");
        assert!(e.ends_with(r#"after ["{\"tweet\": {\"a\": 1}}"]"#), "{e}");
        let e = elements("nothing here").unwrap_err();
        assert!(e.contains("no `[`"), "{e}");
    }

    #[test]
    fn entry_names_and_parts() {
        assert!(is_tweets_entry("data/tweets.js"));
        assert!(is_tweets_entry("data/tweets-part2.js"));
        assert!(is_tweets_entry("data/tweet.js"));
        assert!(!is_tweets_entry("data/tweet-headers.js"));
        assert!(!is_tweets_entry("data/direct-messages.js"));
        assert_eq!(part_number("data/tweets-part12.js"), 12);
        assert_eq!(part_number("data/tweets.js"), 0);
    }
}
