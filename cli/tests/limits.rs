//! Hostile inputs, scaled to fit CI, with the peak memory of the `discreet` process
//! asserted under 256 MB: a 30 MB line, an endless line of zero bytes, many 2 MB items, a
//! tweets.js, CSV and zip holding one 30 MB text. Also the thread and rule-file caps, and
//! zip time linear in the number of entries.
//!
//! Peak memory is the kernel's high-water mark (`VmHWM` in `/proc/PID/status`), polled
//! while the child runs. It only ever grows, so a reading taken after the peak shows it;
//! the one blind spot is a peak in the last few milliseconds before exit, which none of
//! these cases has (the big items are read long before the end).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::ChildStdin;
use std::time::{Duration, Instant};

mod common;

use common::{command, scratch};

const LIMIT_KB: u64 = 256 * 1024;

struct Run {
    status: Option<i32>,
    /// Each output line's id and error (the rest is dropped: lines can be megabytes).
    lines: Vec<(serde_json::Value, Option<String>)>,
    stderr: String,
    peak_kb: u64,
}

fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `discreet ARGS`, feeding standard input from `feed`, and measures its peak RSS.
fn measure(args: &[&str], feed: impl FnOnce(ChildStdin) + Send + 'static) -> Run {
    let mut child = command(args).spawn().unwrap();
    let pid = child.id();
    let stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || feed(stdin));
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        let mut r = BufReader::new(stdout);
        let mut line = Vec::new();
        while r.read_until(b'\n', &mut line).unwrap_or(0) > 0 {
            let v: serde_json::Value = serde_json::from_slice(&line).expect("a JSON line");
            lines.push((v["id"].clone(), v["error"].as_str().map(str::to_string)));
            line.clear();
        }
        lines
    });
    let mut stderr = child.stderr.take().unwrap();
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut peak = 0;
    let status = loop {
        if let Some(kb) = vm_hwm(pid) {
            peak = peak.max(kb);
        }
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = feeder.join();
    Run {
        status: status.code(),
        lines: reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
        peak_kb: peak,
    }
}

fn nothing(_: ChildStdin) {}

/// Writes `total` bytes of `fill` in blocks, never holding them all.
fn stream_bytes(mut w: ChildStdin, head: Vec<u8>, fill: u8, total: usize, tail: Vec<u8>) {
    let block = vec![fill; 1 << 16];
    if w.write_all(&head).is_err() {
        return;
    }
    let mut left = total;
    while left > 0 {
        let n = left.min(block.len());
        if w.write_all(&block[..n]).is_err() {
            return;
        }
        left -= n;
    }
    let _ = w.write_all(&tail);
}

fn check(name: &str, run: &Run) {
    assert!(
        run.peak_kb > 0 && run.peak_kb < LIMIT_KB,
        "{name}: peak RSS {} KB (limit {LIMIT_KB} KB)",
        run.peak_kb
    );
    eprintln!("{name}: peak RSS {} MB", run.peak_kb / 1024);
}

const MB: usize = 1 << 20;

#[test]
fn a_30_mb_line_is_an_error_line_with_its_id() {
    let run = measure(&["scan", "--quiet"], |w| {
        stream_bytes(
            w,
            b"{\"id\":\"t1\",\"text\":\"ok\"}\n{\"id\": \"big\", \"text\": \"".to_vec(),
            b'a',
            30 * MB,
            b"\"}\n{\"id\":\"t3\",\"text\":\"ok\"}\n".to_vec(),
        )
    });
    check("30 MB line", &run);
    assert_eq!(run.status, Some(2));
    let ids: Vec<_> = run.lines.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(ids, ["t1", "big", "t3"]);
    let err = run.lines[1].1.as_deref().unwrap();
    assert!(
        err.starts_with("line 2: the item is 31457305 bytes long, over the limit of 1048576"),
        "{err}"
    );
}

#[test]
fn an_endless_line_of_zero_bytes() {
    // `head -c 200M /dev/zero | discreet scan --format jsonl`: one line, never ending
    // until the writer stops.
    let run = measure(&["scan", "--quiet", "--format", "jsonl"], |w| {
        stream_bytes(w, Vec::new(), 0, 200 * MB, Vec::new())
    });
    check("200 MB of zero bytes", &run);
    assert_eq!(run.status, Some(2));
    assert_eq!(run.lines.len(), 1);
    assert!(run.lines[0]
        .1
        .as_deref()
        .unwrap()
        .contains("over the limit"));
    // Detection never guesses from zero bytes: an error, at once.
    let run = measure(&["scan", "--quiet"], |w| {
        stream_bytes(w, Vec::new(), 0, 50 * MB, Vec::new())
    });
    check("zero bytes, detected", &run);
    assert_eq!(run.status, Some(2));
    assert!(
        run.stderr.contains("cannot tell the format"),
        "{}",
        run.stderr
    );
}

#[test]
fn many_large_items_are_batched_by_bytes() {
    // 2 MB items are over the default limit: error lines, nothing held.
    let run = measure(&["scan", "--quiet"], |mut w| {
        let body = "a".repeat(2 * MB);
        for i in 0..100 {
            let line = format!("{{\"id\":{i},\"text\":\"{body}\"}}\n");
            if w.write_all(line.as_bytes()).is_err() {
                return;
            }
        }
    });
    check("100 items of 2 MB", &run);
    assert_eq!(run.status, Some(2));
    assert_eq!(run.lines.len(), 100);
    assert!(run.lines.iter().all(|(id, e)| id.is_u64() && e.is_some()));
    // Items just under the limit and dense with findings (a phone number every 42 bytes,
    // so the output is about ten times the input): batches are bounded in bytes, so only
    // a few are in memory at once.
    let run = measure(&["scan", "--quiet"], |mut w| {
        let body = "call me at (415) 555-0132 or not, thanks. ".repeat(1_000_000 / 42);
        for i in 0..60 {
            let line = format!("{{\"id\":{i},\"text\":\"{body}\"}}\n");
            if w.write_all(line.as_bytes()).is_err() {
                return;
            }
        }
    });
    check("60 items of 1 MB dense with findings", &run);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let ids: Vec<u64> = run.lines.iter().filter_map(|(id, _)| id.as_u64()).collect();
    assert_eq!(ids, (0..60).collect::<Vec<_>>());
}

#[test]
fn one_30_mb_text_in_tweets_js_csv_and_zip() {
    let text = "x".repeat(30 * MB);
    let js = format!(
        "window.YTD.tweets.part0 = [{{\"tweet\":{{\"id_str\":\"1\",\"full_text\":\"ok\"}}}},\n{{\"tweet\":{{\"id_str\":\"2\",\"full_text\":\"{text}\"}}}},{{\"tweet\":{{\"id_str\":\"3\",\"full_text\":\"ok\"}}}}]"
    );
    let js_path = scratch("limits").join("big.js");
    std::fs::write(&js_path, &js).unwrap();
    let csv_path = scratch("limits").join("big.csv");
    std::fs::write(&csv_path, format!("id,text\n1,ok\n2,\"{text}\"\n3,ok\n")).unwrap();
    let zip_path = scratch("limits").join("big.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("data/tweets.js", opts).unwrap();
    w.write_all(js.as_bytes()).unwrap();
    w.finish().unwrap();
    drop(js);
    for path in [&js_path, &csv_path, &zip_path] {
        let p = path.to_str().unwrap();
        let run = measure(&["scan", "--quiet", p], nothing);
        check(p, &run);
        assert_eq!(run.status, Some(2), "{p}: {}", run.stderr);
        let ids: Vec<_> = run.lines.iter().map(|(id, _)| id.to_string()).collect();
        assert_eq!(ids, ["\"1\"", "\"2\"", "\"3\""], "{p}");
        let err = run.lines[1].1.as_deref().unwrap();
        assert!(err.contains("over the limit of 1048576"), "{p}: {err}");
    }
    for path in [&js_path, &csv_path, &zip_path] {
        let _ = std::fs::remove_file(path);
    }
}

#[test]
fn threads_and_rule_files_are_capped() {
    let line = |w: ChildStdin| {
        let mut w = w;
        let _ = w.write_all(b"{\"id\":1,\"text\":\"hi\"}\n");
    };
    let run = measure(&["scan", "--threads", "18446744073709551615"], line);
    assert_eq!(run.status, Some(2));
    assert!(run
        .stderr
        .contains("--threads 18446744073709551615 is too many"));
    let started = Instant::now();
    let run = measure(&["scan", "--threads", "1000"], line);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert_eq!(run.lines.len(), 1);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "threads are capped per core"
    );
    check("--threads 1000", &run);
    // Reading /dev/zero whole would take gigabytes and many seconds; capped, it is an
    // error within milliseconds (often before the first memory sample, so time it).
    let started = Instant::now();
    let run = measure(&["scan", "--rules", "/dev/zero"], line);
    assert_eq!(run.status, Some(2));
    assert!(
        run.stderr.contains("/dev/zero") && run.stderr.contains("larger than the limit"),
        "{}",
        run.stderr
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(run.peak_kb < LIMIT_KB);
}

#[test]
fn zip_time_is_linear_in_entries() {
    // 5,000 parts: reopening the archive per part (the old reader) took tens of seconds.
    let path = scratch("limits").join("parts.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    for part in 0..5000u32 {
        let name = if part == 0 {
            "data/tweets.js".to_string()
        } else {
            format!("data/tweets-part{part}.js")
        };
        w.start_file(name, opts).unwrap();
        write!(
            w,
            "window.YTD.tweets.part{part} = [{{\"tweet\":{{\"id_str\":\"{part}\",\"full_text\":\"hi\"}}}}]"
        )
        .unwrap();
    }
    w.finish().unwrap();
    let started = Instant::now();
    let run = measure(&["scan", "--quiet", path.to_str().unwrap()], nothing);
    let took = started.elapsed();
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let ids: Vec<String> = run
        .lines
        .iter()
        .map(|(id, _)| id.as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, (0..5000).map(|i| i.to_string()).collect::<Vec<_>>());
    let _ = std::fs::remove_file(&path);
    eprintln!("5,000 parts in {took:?}");
    assert!(took < Duration::from_secs(15), "{took:?}");
}

/// `check -` and `redact -` read one text: endless standard input is refused once it
/// passes the limit, with bounded memory and no echo of the input.
#[test]
fn one_text_from_endless_stdin_is_refused() {
    for cmd in ["check", "redact"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_discreet"))
            .args([cmd, "-"])
            .stdin(std::fs::File::open("/dev/zero").unwrap())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("longer than 16 MiB"), "{cmd}: {err}");
        assert!(err.len() < 300, "{cmd}: the message is short");
    }
}
