//! An X/Twitter account archive `.zip`: its `data/tweets.js`, `data/tweets-part1.js`, …
//! entries (older archives say `tweet.js`), each read as a `tweets.js`, in part order.
//!
//! One thread opens the archive once and streams the entries one after the other, so the
//! time is linear in the number of entries. Each entry is first read through to check its
//! CRC-32, then read again for its items: a corrupt entry (a flipped byte in stored or
//! deflated data) is an error naming the entry before any of its items is judged, instead
//! of items decoded from garbage.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::SyncSender;
use std::sync::Arc;

use super::input::{Input, Msg, BLOCK};
use super::tweets_js::TweetsJs;
use super::{Fatal, Items, Raw};

/// An account archive.
pub(crate) struct Zip {
    label: String,
    entries: Vec<String>,
    next: usize,
    current: Option<TweetsJs>,
    spare: Option<Input>,
    max: usize,
}

impl Zip {
    /// Opens the archive at `path` and starts reading its tweet entries.
    pub(crate) fn open(path: &Path, count: Arc<AtomicU64>, max: usize) -> Result<Zip, String> {
        let label = path.display().to_string();
        let file = File::open(path).map_err(|e| format!("{label}: {e}"))?;
        let mut archive = zip::ZipArchive::new(file)
            .map_err(|e| format!("{label}: not a readable zip archive: {e}"))?;
        check_names(&mut archive, path).map_err(|e| format!("{label}: {e}"))?;
        let mut entries: Vec<String> = archive
            .file_names()
            .filter(|n| is_tweets_entry(n))
            .map(str::to_string)
            .collect();
        if entries.is_empty() {
            return Err(format!(
                "{label}: no data/tweets.js (or tweets-partN.js) in this archive"
            ));
        }
        entries.sort_by_key(|n| (part_number(n), n.clone()));
        let (tx, input) = Input::channel();
        let list = entries.clone();
        std::thread::spawn(move || stream(archive, &list, &tx, &count));
        Ok(Zip {
            label,
            entries,
            next: 0,
            current: None,
            spare: Some(input),
            max,
        })
    }
}

/// Checks that every entry that is, or claims to be, a tweets part has the same name in
/// the central directory and in its local header. A corrupt byte in a name could otherwise
/// turn `tweets-part1.js` into some other file, which an archive may legitimately hold,
/// and lose that part with exit 0. One seek and read per entry: linear time.
fn check_names(archive: &mut zip::ZipArchive<File>, path: &Path) -> Result<(), String> {
    use std::io::{BufReader, Seek, SeekFrom};
    let mut raw = BufReader::with_capacity(512, File::open(path).map_err(|e| e.to_string())?);
    for i in 0..archive.len() {
        let (central, start) = {
            let f = archive
                .by_index_raw(i)
                .map_err(|e| format!("entry {}: {e}", i + 1))?;
            (f.name_raw().to_vec(), f.header_start())
        };
        let mut header = [0u8; 30];
        let local = raw
            .seek(SeekFrom::Start(start))
            .and_then(|_| raw.read_exact(&mut header))
            .and_then(|()| {
                let len = usize::from(u16::from_le_bytes([header[26], header[27]]));
                let mut name = vec![0u8; len];
                raw.read_exact(&mut name).map(|()| name)
            })
            .map_err(|e| format!("entry {}: cannot read its local header: {e}", i + 1))?;
        let tweets = |n: &[u8]| std::str::from_utf8(n).is_ok_and(is_tweets_entry);
        if header[..4] != *b"PK\x03\x04" {
            if tweets(&central) {
                return Err(format!("entry {}: corrupt local header", i + 1));
            }
            continue;
        }
        if (tweets(&central) || tweets(&local)) && central != local {
            return Err(format!(
                "entry {}: its name differs between the central directory and its local \
                 header: the archive is corrupt",
                i + 1
            ));
        }
    }
    Ok(())
}

/// Sends every entry's bytes, each followed by [`Msg::End`]; stops at the first problem.
fn stream(
    mut archive: zip::ZipArchive<File>,
    entries: &[String],
    tx: &SyncSender<Msg>,
    count: &AtomicU64,
) {
    let mut buf = vec![0u8; BLOCK];
    for entry in entries {
        let mut run = |archive: &mut zip::ZipArchive<File>, send: bool| -> Result<bool, String> {
            let index = archive
                .index_for_name(entry)
                .ok_or_else(|| "the entry disappeared".to_string())?;
            let mut f = archive.by_index(index).map_err(|e| e.to_string())?;
            let expected = f.crc32();
            let mut crc = crc32fast::Hasher::new();
            loop {
                let n = match f.read(&mut buf) {
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(format!("the entry is corrupt ({e})")),
                };
                if n == 0 {
                    break;
                }
                crc.update(&buf[..n]);
                if send {
                    count.fetch_add(n as u64, Ordering::Relaxed);
                    if tx.send(Msg::Data(buf[..n].to_vec())).is_err() {
                        return Ok(false);
                    }
                }
            }
            if crc.finalize() != expected {
                return Err("the entry is corrupt (CRC-32 mismatch)".into());
            }
            Ok(true)
        };
        // Check first, then send: nothing from a corrupt entry reaches the scanner.
        let mut outcome = run(&mut archive, false);
        if outcome.is_ok() {
            outcome = run(&mut archive, true);
        }
        match outcome {
            Ok(true) => {
                if tx.send(Msg::End).is_err() {
                    return;
                }
            }
            Ok(false) => return,
            Err(e) => {
                let _ = tx.send(Msg::Fail(e));
                return;
            }
        }
    }
}

impl Items for Zip {
    fn next_item(&mut self) -> Result<Option<Raw>, Fatal> {
        loop {
            if let Some(cur) = self.current.as_mut() {
                if let Some(raw) = cur.next_item()? {
                    return Ok(Some(raw));
                }
                self.spare = self.current.take().map(TweetsJs::into_input);
            }
            let Some(entry) = self.entries.get(self.next) else {
                return Ok(None);
            };
            self.next += 1;
            let Some(mut input) = self.spare.take() else {
                return Ok(None);
            };
            input.next_part();
            self.current = Some(TweetsJs::new(
                input,
                format!("{} ({entry})", self.label),
                self.max,
            ));
        }
    }

    fn idle(&mut self, wait: std::time::Duration) -> bool {
        match (self.current.as_mut(), self.spare.as_mut()) {
            (Some(c), _) => c.idle(wait),
            (None, Some(s)) => s.idle(wait),
            _ => false,
        }
    }
}

/// True for `data/tweets.js`, `data/tweets-partN.js` and the older `tweet*.js` names.
pub(crate) fn is_tweets_entry(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    let stem_ok = file == "tweets.js"
        || file == "tweet.js"
        || (file.starts_with("tweets-part") || file.starts_with("tweet-part"))
            && file.ends_with(".js");
    stem_ok && (name.starts_with("data/") || !name.contains('/'))
}

/// The N of `tweets-partN.js` (0 for `tweets.js`).
pub(crate) fn part_number(name: &str) -> u32 {
    name.rsplit('/')
        .next()
        .unwrap_or(name)
        .trim_end_matches(".js")
        .rsplit("part")
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

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
