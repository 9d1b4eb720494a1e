//! `discreet scan` never loses items silently: every input format, read as a new user
//! would feed it, gives either every item or an error naming the file and the byte offset
//! with exit status 2 (earlier items kept). Error messages never echo the input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use common::{discreet, lines, scratch, scratch_file, stderr};

/// `discreet scan --quiet ARGS` with `stdin`.
fn scan(args: &[&str], stdin: &[u8]) -> Output {
    discreet(&[&["scan", "--quiet"], args].concat(), stdin)
}

fn ids(out: &Output) -> Vec<String> {
    lines(out)
        .iter()
        .map(|l| match &l["id"] {
            serde_json::Value::String(s) => s.clone(),
            v => v.to_string(),
        })
        .collect()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const CARD: &str = "4111 1111 1111 1111";

fn jsonl(n: usize) -> String {
    (1..=n)
        .map(|i| format!("{{\"id\":\"t{i}\",\"text\":\"tweet {i} mail jo{i}@example.org\"}}\n"))
        .collect()
}

fn tweets_js(part: u32, ids: std::ops::RangeInclusive<u32>) -> String {
    let items: Vec<String> = ids
        .map(|i| format!("{{\"tweet\":{{\"id_str\":\"{i}\",\"full_text\":\"tweet {i}\"}}}}"))
        .collect();
    format!(
        "window.YTD.tweets.part{part} = [\n  {}\n]",
        items.join(",\n  ")
    )
}

/// Cases where the old reader exited 0 with items missing: each now gives every item, or
/// exit 2 with an error naming the input and the byte offset.
#[test]
fn no_silent_loss_on_stdin() {
    struct Case {
        name: &'static str,
        args: &'static [&'static str],
        input: Vec<u8>,
        status: i32,
        ids: Vec<&'static str>,
        stderr: &'static [&'static str],
    }
    let cases = vec![
        Case {
            name: "an empty array followed by JSON Lines",
            args: &[],
            input: format!("[]\n{}", jsonl(3)).into_bytes(),
            status: 2,
            ids: vec![],
            stderr: &["standard input: truncated or corrupt at byte 3: unexpected data after the JSON array"],
        },
        Case {
            name: "a first line that is not JSON is not guessed to be CSV",
            args: &[],
            input: format!("my card {CARD}\n{}", jsonl(2)).into_bytes(),
            status: 2,
            ids: vec![],
            stderr: &["cannot tell the format", "--format"],
        },
        Case {
            name: "a byte order mark before JSON Lines",
            args: &["--verbose"],
            input: format!("\u{feff}{}", jsonl(2)).into_bytes(),
            status: 0,
            ids: vec!["t1", "t2"],
            stderr: &["standard input: reading as jsonl (starts with `{`)"],
        },
        Case {
            name: "a byte order mark with --format jsonl",
            args: &["--format", "jsonl"],
            input: format!("\u{feff}{}", jsonl(2)).into_bytes(),
            status: 0,
            ids: vec!["t1", "t2"],
            stderr: &[],
        },
        Case {
            name: "a JSON Lines line that is an array is an error line",
            args: &[],
            input: format!("{}[\"t9\", \"card {CARD}\"]\n{}", jsonl(1), jsonl(1)).into_bytes(),
            status: 2,
            ids: vec!["t1", "null", "t1"],
            stderr: &[],
        },
        Case {
            name: "a JSON array of items keeps their ids",
            args: &["--verbose"],
            input: br#" [ {"id": "a1", "text": "mail jo@example.org"},
                {"id": 2, "text": "fine"} ,{"text": "no id"}]
            "#
            .to_vec(),
            status: 0,
            ids: vec!["a1", "2", "null"],
            stderr: &["reading as json-array"],
        },
        Case {
            name: "tweets.js parts concatenated are all read",
            args: &[],
            input: format!("{};\n{}\n", tweets_js(0, 1..=3), tweets_js(1, 4..=5)).into_bytes(),
            status: 0,
            ids: vec!["1", "2", "3", "4", "5"],
            stderr: &[],
        },
        Case {
            name: "a stray `]` after tweets.js",
            args: &[],
            input: format!("{}]\n", tweets_js(0, 1..=3)).into_bytes(),
            status: 2,
            ids: vec!["1", "2", "3"],
            stderr: &["standard input: truncated or corrupt at byte ", "unexpected data after the array of tweets"],
        },
        Case {
            name: "a CSV quote left open swallows nothing silently",
            args: &["--format", "csv"],
            input: b"id,text\n1,fine\n2,\"open quote\n3,more\n4,and more\n".to_vec(),
            status: 2,
            ids: vec!["1"],
            stderr: &["standard input: truncated or corrupt at byte 17: a quoted field is not closed"],
        },
        Case {
            name: "CSV with two columns of the same name",
            args: &["--format", "csv"],
            input: b"id,text,text\n1,a,b\n".to_vec(),
            status: 2,
            ids: vec![],
            stderr: &["columns 2 and 3 of the CSV header have the same name"],
        },
        Case {
            name: "a headerless CSV: the first row is never echoed",
            args: &["--format", "csv"],
            input: format!("{CARD},jo@example.org\n1,2\n").into_bytes(),
            status: 2,
            ids: vec![],
            stderr: &["no column \"text\"", "2 columns, names not shown"],
        },
        Case {
            name: "a CSV record with a field too many",
            args: &["--format", "csv"],
            input: b"id,text\r\n1,fine\r\n2,a,b\r\n3,\"x, \"\"y\"\"\"\r\n".to_vec(),
            status: 2,
            ids: vec!["1", "2", "3"],
            stderr: &[],
        },
    ];
    let mut failures = Vec::new();
    for c in &cases {
        let out = scan(c.args, &c.input);
        let err = stderr(&out);
        let got = ids(&out);
        let mut problems = Vec::new();
        if out.status.code() != Some(c.status) {
            problems.push(format!("status {:?}", out.status.code()));
        }
        if got != c.ids {
            problems.push(format!("ids {got:?}"));
        }
        for want in c.stderr {
            if !err.contains(want) {
                problems.push(format!("stderr lacks {want:?}"));
            }
        }
        if err.contains("4111") || err.contains("example.org") {
            problems.push("stderr echoes the input".into());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {} (stderr: {err})",
                c.name,
                problems.join(", ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn array_of_archive_tweets_is_read_as_tweets() {
    let path = scratch_file(
        "inputs",
        "tweets.json",
        br#"[{"tweet": {"id_str": "10", "full_text": "mail jo@example.org"}}, {"tweet": {"id_str": "11", "full_text": "ok"}}]"#,
    );
    let out = scan(&[s(&path)], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(ids(&out), ["10", "11"]);
    // An account's own tweets: judged as outgoing, as in tweets.js.
    let js = scratch_file(
        "inputs",
        "same.js",
        tweets_js(0, 10..=10)
            .replace("tweet 10", "mail jo@example.org")
            .as_bytes(),
    );
    let from_js = scan(&[s(&js)], b"");
    assert_eq!(lines(&out)[0], lines(&from_js)[0]);
}

#[test]
fn csv_direction_column_is_honoured() {
    let csv = "id,text,direction\n1,mail jo@example.org,outgoing\n2,mail jo@example.org,incoming\n3,mail jo@example.org,\n4,hi,sideways\n";
    let out = scan(&["--format", "csv"], csv.as_bytes());
    let j = "{\"id\":\"1\",\"text\":\"mail jo@example.org\",\"direction\":\"outgoing\"}\n{\"id\":\"2\",\"text\":\"mail jo@example.org\",\"direction\":\"incoming\"}\n{\"id\":\"3\",\"text\":\"mail jo@example.org\"}\n";
    let want = scan(&[], j.as_bytes());
    let (got, want) = (lines(&out), lines(&want));
    assert_eq!(got[..3], want[..3]);
    assert_ne!(got[0], got[1], "the direction changes the verdict");
    assert_eq!(got[3]["id"], "4");
    assert_eq!(
        got[3]["error"],
        "record 4: \"direction\" must be \"incoming\" or \"outgoing\""
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn several_inputs_each_named_and_a_missing_one_skipped() {
    let a = scratch_file(
        "inputs",
        "a.jsonl",
        b"{\"id\":\"a1\",\"text\":\"hi\"}\n{\"id\":\"a2\"}\n",
    );
    let b = scratch_file("inputs", "b.jsonl", b"{\"id\":\"b1\",\"text\":\"hi\"}\n");
    let missing = scratch("inputs").join("missing.jsonl");
    let summary = scratch("inputs").join("several-summary.json");
    let out = scan(
        &["--summary-json", s(&summary), s(&a), s(&missing), s(&b)],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        ids(&out),
        ["a1", "a2", "b1"],
        "the file after the missing one is read"
    );
    let v = lines(&out);
    let err = v[1]["error"].as_str().unwrap();
    assert!(err.starts_with(&format!("{}: line 2: ", s(&a))), "{err}");
    assert!(stderr(&out).contains(&format!("{}: ", s(&missing))));
    let sum: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!(sum["complete"], false);
    assert_eq!(sum["input_errors"].as_array().unwrap().len(), 1);
    assert_eq!(sum["items_read"], 3);
}

#[test]
fn summary_json_reports_truncation() {
    let full = tweets_js(0, 1..=4);
    let path = scratch_file("inputs", "cut.js", &full.as_bytes()[..full.len() - 30]);
    let summary = scratch("inputs").join("cut-summary.json");
    let out = scan(&["--summary-json", s(&summary), s(&path)], b"");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(ids(&out), ["1", "2", "3"]);
    let sum: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!(sum["complete"], false, "{sum}");
    let e = sum["input_errors"][0].as_str().unwrap();
    assert!(
        e.starts_with(&format!("{}: truncated or corrupt at byte ", s(&path))),
        "{e}"
    );
}

#[test]
fn format_flag_wins_over_detection() {
    // A `.csv` name and a `{` first byte: --format decides.
    let path = scratch_file("inputs", "really.csv", jsonl(2).as_bytes());
    let out = scan(&["--verbose", "--format", "jsonl", s(&path)], b"");
    assert_eq!(ids(&out), ["t1", "t2"]);
    assert!(stderr(&out).contains("reading as jsonl (--format)"));
    let out = scan(&["--format", "csv", s(&path)], b"");
    assert_eq!(
        out.status.code(),
        Some(2),
        "JSON read as CSV has no text column"
    );
}

/// A zip with `entries` (name, bytes), stored or deflated.
fn zip(name: &str, entries: &[(&str, &[u8])], deflate: bool) -> PathBuf {
    let path = scratch("inputs").join(name);
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    for (n, b) in entries {
        w.start_file(*n, opts).unwrap();
        w.write_all(b).unwrap();
    }
    w.finish().unwrap();
    path
}

/// Flips one byte of `path` inside the first occurrence of `marker`.
fn flip(path: &Path, marker: &[u8]) {
    let mut bytes = std::fs::read(path).unwrap();
    let at = bytes
        .windows(marker.len())
        .position(|w| w == marker)
        .expect("marker in the file");
    bytes[at + 1] ^= 0x01;
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn zip_corruption_is_reported_with_the_entry() {
    let part0 = tweets_js(0, 1..=50);
    let part1 = tweets_js(1, 51..=60);
    // Stored: a changed byte in the second entry. The first entry is whole and kept.
    let stored = zip(
        "stored.zip",
        &[
            ("data/tweets.js", part0.as_bytes()),
            ("data/tweets-part1.js", part1.as_bytes()),
        ],
        false,
    );
    let out = scan(&[s(&stored)], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(ids(&out).len(), 60);
    flip(&stored, b"tweet 55");
    let out = scan(&[s(&stored)], b"");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(ids(&out).len(), 50, "nothing from the corrupt entry");
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{} (data/tweets-part1.js)", s(&stored))),
        "{err}"
    );
    assert!(err.contains("the entry is corrupt"), "{err}");

    // Deflated: a flipped byte in the middle of the compressed data.
    let big: String = tweets_js(0, 1..=3000);
    let deflated = zip("deflated.zip", &[("data/tweets.js", big.as_bytes())], true);
    let mut bytes = std::fs::read(&deflated).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x20;
    std::fs::write(&deflated, bytes).unwrap();
    let out = scan(&[s(&deflated)], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        lines(&out).is_empty(),
        "nothing decoded from a corrupt entry"
    );
    let err = stderr(&out);
    assert!(err.contains("(data/tweets.js)"), "{err}");
}
