//! Live streams (`tail -f log | discreet scan`): when items arrive slowly, each verdict is
//! written as soon as its item is read, not when a batch of 4,096 fills or the input ends.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Feeds `lines` one at a time, each only after the previous verdict came out, and returns
/// how long each verdict after the first took. Standard input stays open throughout.
fn latencies(args: &[&str], header: Option<&str>, lines: &[String]) -> Vec<Duration> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_discreet"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                return;
            }
        }
    });
    if let Some(h) = header {
        stdin.write_all(h.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    let mut took = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        std::thread::sleep(Duration::from_millis(200));
        let sent = Instant::now();
        stdin.write_all(line.as_bytes()).unwrap();
        stdin.flush().unwrap();
        let out = rx
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("no verdict for item {i} while the input stays open"));
        took.push(sent.elapsed());
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let id = v["id"].as_u64().or_else(|| v["id"].as_str()?.parse().ok());
        assert_eq!(id, Some(i as u64), "{out}");
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
    // The first verdict also pays for compiling the rules on first use.
    took.remove(0);
    took
}

fn check(name: &str, took: &[Duration]) {
    eprintln!("{name}: {took:?}");
    // About 5 ms of waiting for more input, plus the verdict itself; a loaded CI machine
    // gets slack, but a batch held back would never come out at all.
    let worst = took.iter().max().unwrap();
    assert!(*worst < Duration::from_millis(1000), "{name}: {took:?}");
    let mut sorted = took.to_vec();
    sorted.sort();
    assert!(
        sorted[sorted.len() / 2] < Duration::from_millis(300),
        "{name}: {took:?}"
    );
}

#[test]
fn slow_json_lines_come_out_one_by_one() {
    let lines: Vec<String> = (0..8)
        .map(|i| format!("{{\"id\":{i},\"text\":\"call me at (415) 555-0132, item {i}\"}}\n"))
        .collect();
    check("jsonl", &latencies(&["scan", "--quiet"], None, &lines));
}

#[test]
fn slow_csv_records_come_out_one_by_one() {
    let lines: Vec<String> = (0..5)
        .map(|i| format!("{i},\"fine, item {i}\"\n"))
        .collect();
    check(
        "csv",
        &latencies(
            &["scan", "--quiet", "--format", "csv"],
            Some("id,text\n"),
            &lines,
        ),
    );
}
