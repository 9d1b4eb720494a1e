//! Fault injection: JSON Lines, tweets.js, CSV and zip inputs are truncated and corrupted
//! at 50 seeded random offsets each. Whatever the fault, `discreet scan` must
//!
//! - write every item that lies wholly before the fault, once, in order, exactly as in
//!   the run on the intact input;
//! - never invent an item: every later verdict line is the intact run's line for an
//!   original id, in the original order (error lines may stand for damaged items);
//! - exit 2 whenever the fault is detectable, with an error naming the file and the byte
//!   offset for the formats that have a structure to break.
//!
//! What "detectable" means differs by format, and the assertions say so honestly:
//! - JSON Lines has no structure beyond the line: a damaged line becomes an error line
//!   naming its line number (not a byte offset), and the lines after it are read as usual.
//!   A cut exactly at a line end leaves a complete, shorter file: exit 0 is right.
//! - tweets.js is one array: a cut is always an error with the file and byte offset (unless
//!   only the text after the closing `]` is lost); a corrupt byte inside a tweet makes that
//!   tweet an error line, and a corrupt byte in the structure stops the read with an error.
//! - CSV: by RFC 4180 the last record may lack its line end, so a cut that leaves a valid
//!   record is indistinguishable from a shorter file (its one record may then be judged as
//!   cut); every other cut or corruption is an error line or an error with the offset.
//!   CSV is corrupted with 0xFF bytes only: any other byte inside a field is valid CSV.
//! - zip: the central directory is at the end, so a cut is "not a readable zip"; a corrupt
//!   byte is caught by the zip structure or by the entry's CRC-32 before its items are read.
//!   A corrupt byte in a tweets entry's name is caught by comparing the central directory
//!   with the local header. Bytes no reader looks at (version and time fields) change
//!   nothing: exit 0 is allowed only when every tweet is read intact.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A small seeded generator (SplitMix64): the same offsets on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const ROUNDS: usize = 50;

fn scan(path: &Path, format: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_discreet"))
        .args(["scan", "--quiet", "--format", format, "--threads", "2"])
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn lines(out: &Output) -> Vec<String> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("discreet-faults-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

const TEXTS: &[&str] = &[
    "my card is 4111 1111 1111 1111, please refund",
    "flight BA0117 delayed 3 hours, no info at gate 22",
    "mail me at jo.doe+shop@example.com about it",
    "¿a qué hora abre la tienda del centro mañana? 🙏",
    "call me at (415) 555-0132 after 5pm",
    "great service today, thank you Maria",
    "order 112-4567890-1234567 never arrived \"again\"",
    "Seit heute morgen kein Netz in Berlin-Mitte",
];

/// One generated input: its bytes, and each item's id and byte range in them.
struct Input {
    bytes: Vec<u8>,
    items: Vec<(String, std::ops::Range<usize>)>,
}

fn jsonl(n: usize) -> Input {
    let mut bytes = Vec::new();
    let mut items = Vec::new();
    for i in 0..n {
        let start = bytes.len();
        let line = serde_json::json!({"id": format!("j{i}"), "text": TEXTS[i % TEXTS.len()]});
        bytes.extend_from_slice(line.to_string().as_bytes());
        bytes.push(b'\n');
        items.push((format!("j{i}"), start..bytes.len()));
    }
    Input { bytes, items }
}

fn tweets_js(n: usize) -> Input {
    let mut bytes = b"window.YTD.tweets.part0 = [ ".to_vec();
    let mut items = Vec::new();
    for i in 0..n {
        if i > 0 {
            bytes.extend_from_slice(b", ");
        }
        let start = bytes.len();
        let t = serde_json::json!({"tweet": {"id_str": format!("{}", 1000 + i), "full_text": TEXTS[i % TEXTS.len()], "lang": "en"}});
        bytes.extend_from_slice(t.to_string().as_bytes());
        items.push((format!("{}", 1000 + i), start..bytes.len()));
    }
    bytes.extend_from_slice(b" ]\n");
    Input { bytes, items }
}

fn csv(n: usize) -> Input {
    let mut bytes = b"id,text,direction\n".to_vec();
    let mut items = Vec::new();
    for i in 0..n {
        let start = bytes.len();
        let text = TEXTS[i % TEXTS.len()].replace('"', "\"\"");
        let dir = if i % 3 == 0 { "outgoing" } else { "incoming" };
        bytes.extend_from_slice(format!("c{i},\"{text}\",{dir}\n").as_bytes());
        items.push((format!("c{i}"), start..bytes.len()));
    }
    Input { bytes, items }
}

/// What a faulty run may write, given the intact run's lines (one per item) and the index
/// of the first item the fault touches.
fn check_lines(
    what: &str,
    got: &[String],
    intact: &[String],
    ids: &[String],
    first_damaged: usize,
) -> Result<(), String> {
    if got.len() < first_damaged || got[..first_damaged] != intact[..first_damaged] {
        return Err(format!(
            "{what}: the {first_damaged} items before the fault are not all written intact \
             ({} lines)",
            got.len()
        ));
    }
    // After the prefix: error lines, or intact lines of later items in increasing order.
    let mut at = first_damaged;
    for line in &got[first_damaged..] {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{what}: bad line {e}"))?;
        if v.get("error").is_some() {
            continue;
        }
        let id = v["id"].as_str().unwrap_or_default();
        let Some(k) = ids[at..].iter().position(|i| i == id) else {
            return Err(format!("{what}: invented or out of order: {line}"));
        };
        if intact[at + k] != *line {
            return Err(format!("{what}: item {id} judged differently: {line}"));
        }
        at += k + 1;
    }
    Ok(())
}

/// The index of the first item whose bytes reach past `offset`.
fn first_touched(input: &Input, offset: usize) -> usize {
    input
        .items
        .iter()
        .position(|(_, r)| r.end > offset)
        .unwrap_or(input.items.len())
}

/// Runs `round` for 0..ROUNDS on a few threads (each process mostly waits on its own
/// start-up), collecting every failure.
fn rounds(round: impl Fn(usize) -> Vec<String> + Sync) -> Vec<String> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= ROUNDS {
                    return;
                }
                let f = round(i);
                failures.lock().unwrap().extend(f);
            });
        }
    });
    let mut f = failures.into_inner().unwrap();
    f.sort();
    f
}

fn run_text_format(name: &str, format: &str, input: Input, seed: u64, corrupt: &[u8]) {
    let path = tmp(name);
    std::fs::write(&path, &input.bytes).unwrap();
    let intact_run = scan(&path, format);
    assert_eq!(intact_run.status.code(), Some(0), "{name} intact");
    let intact = lines(&intact_run);
    let ids: Vec<String> = input.items.iter().map(|(i, _)| i.clone()).collect();
    assert_eq!(intact.len(), ids.len());
    // The faults, drawn in order from the seed: (cut, corrupt offset, corrupt byte).
    let mut rng = Rng(seed);
    let faults: Vec<(usize, usize, u8)> = (0..ROUNDS)
        .map(|_| {
            let cut = 1 + rng.below(input.bytes.len() - 1);
            let at = rng.below(input.bytes.len());
            (cut, at, corrupt[rng.below(corrupt.len())])
        })
        .collect();
    let failures = rounds(|round| {
        let (cut, at, byte) = faults[round];
        let path = tmp(&format!("{round}-{name}"));
        let file = path.to_str().unwrap().to_string();
        let mut failures = Vec::new();
        // A cut.
        std::fs::write(&path, &input.bytes[..cut]).unwrap();
        let out = scan(&path, format);
        let got = lines(&out);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let what = format!("{name} cut at {cut} (round {round})");
        let first = first_touched(&input, cut);
        let mut problems = check_lines(&what, &got, &intact, &ids, first).err();
        let at_item_end = input.items.iter().any(|(_, r)| r.end == cut);
        let status = out.status.code();
        match format {
            "jsonl" => {
                // A cut JSON line is an error line naming the line.
                let cut_mid_line = !at_item_end;
                let want = if cut_mid_line { Some(2) } else { Some(0) };
                if status != want {
                    problems.get_or_insert(format!("{what}: status {status:?}"));
                }
                if cut_mid_line {
                    let last = got.last().cloned().unwrap_or_default();
                    if !last.contains(&format!("\"error\":\"line {}: ", first + 1)) {
                        problems.get_or_insert(format!("{what}: no error line: {last}"));
                    }
                }
            }
            "csv" => {
                // At most the one cut record beyond the prefix; exit 0 only if it read as
                // a whole record (RFC 4180 allows no final line end).
                if got.len() > first + 1 {
                    problems.get_or_insert(format!("{what}: {} lines", got.len()));
                }
                let whole = got.len() == first + 1 && !got[first].contains("\"error\"");
                if status != Some(2) && !(at_item_end || whole) {
                    problems.get_or_insert(format!("{what}: status {status:?} {err}"));
                }
            }
            _ => {
                // Only the bytes after the closing `]` may go unnoticed.
                let fatal = cut < input.items.last().unwrap().1.end + 2;
                if fatal {
                    let named = err.contains(&format!("{file}: truncated or corrupt at byte "));
                    if status != Some(2) || !named {
                        problems.get_or_insert(format!("{what}: status {status:?}, {err}"));
                    }
                    if got.len() != first {
                        problems
                            .get_or_insert(format!("{what}: {} lines, want {first}", got.len()));
                    }
                } else if status != Some(0) || got != intact {
                    problems.get_or_insert(format!("{what}: status {status:?}, {err}"));
                }
            }
        }
        failures.extend(problems);

        // A corrupt byte: always an error line or an input error (exit 2).
        if input.bytes[at] != byte {
            let mut bad = input.bytes.clone();
            bad[at] = byte;
            std::fs::write(&path, &bad).unwrap();
            let out = scan(&path, format);
            let got = lines(&out);
            let what = format!("{name} byte {at} set to {byte:#x} (round {round})");
            let first = first_touched(&input, at);
            let mut problems = check_lines(&what, &got, &intact, &ids, first).err();
            if out.status.code() != Some(2) {
                problems.get_or_insert(format!("{what}: status {:?}", out.status.code()));
            }
            failures.extend(problems);
        }
        std::fs::remove_file(&path).ok();
        failures
    });
    std::fs::remove_file(&path).ok();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn jsonl_faults() {
    run_text_format("faults.jsonl", "jsonl", jsonl(40), 1, &[0x00, 0xFF]);
}

#[test]
fn tweets_js_faults() {
    run_text_format("faults.js", "tweets-js", tweets_js(40), 2, &[0x00, 0xFF]);
}

#[test]
fn csv_faults() {
    run_text_format("faults.csv", "csv", csv(40), 3, &[0xFF]);
}

#[test]
fn zip_faults() {
    // Two parts, deflated, 40 tweets each.
    let part = |p: u32, from: usize| {
        let t = tweets_js(40);
        let s = String::from_utf8(t.bytes).unwrap();
        let s = s.replace("part0", &format!("part{p}"));
        // Distinct ids per part: 1000.. and 2000..
        (0..40).fold(s, |s, i| {
            s.replace(
                &format!("\"id_str\":\"{}\"", 1000 + i),
                &format!("\"id_str\":\"{}\"", from + i),
            )
        })
    };
    let path = tmp("faults.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("data/tweets.js", opts).unwrap();
    w.write_all(part(0, 1000).as_bytes()).unwrap();
    w.start_file("data/tweets-part1.js", opts).unwrap();
    w.write_all(part(1, 2000).as_bytes()).unwrap();
    w.finish().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let intact_run = scan(&path, "zip");
    assert_eq!(intact_run.status.code(), Some(0));
    let intact = lines(&intact_run);
    assert_eq!(intact.len(), 80);
    let mut rng = Rng(4);
    let faults: Vec<(usize, usize, u8)> = (0..ROUNDS)
        .map(|_| {
            let cut = 1 + rng.below(bytes.len() - 1);
            let at = rng.below(bytes.len());
            (cut, at, 1 + rng.below(255) as u8)
        })
        .collect();
    let invisible = std::sync::atomic::AtomicUsize::new(0);
    let failures = rounds(|round| {
        let (cut, at, xor) = faults[round];
        let path = tmp(&format!("{round}-faults.zip"));
        let file = path.to_str().unwrap().to_string();
        let mut failures = Vec::new();
        std::fs::write(&path, &bytes[..cut]).unwrap();
        let out = scan(&path, "zip");
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(2) || !err.contains(&file) || !lines(&out).is_empty() {
            failures.push(format!(
                "cut at {cut} (round {round}): {:?} {err}",
                out.status.code()
            ));
        }
        let mut bad = bytes.clone();
        bad[at] ^= xor;
        std::fs::write(&path, &bad).unwrap();
        let out = scan(&path, "zip");
        let got = lines(&out);
        let err = String::from_utf8_lossy(&out.stderr);
        let what = format!("byte {at} changed (round {round})");
        // Whole parts only: none, the first, or both (a change the format cannot see).
        let whole = got.is_empty() || got[..] == intact[..40] || got == intact;
        if !whole {
            failures.push(format!("{what}: {} lines", got.len()));
        }
        match out.status.code() {
            Some(2) if err.contains(&file) => {}
            Some(0) if got == intact => {
                // Exit 0: a byte no reader looks at (a version or time field, the
                // central directory's copy of a CRC). Every tweet is read intact.
                invisible.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            other => failures.push(format!("{what}: status {other:?} {err}")),
        }
        std::fs::remove_file(&path).ok();
        failures
    });
    let renamed = invisible.into_inner();
    std::fs::remove_file(&path).ok();
    eprintln!("zip: {renamed} of {ROUNDS} corruptions invisible to the format");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
