//! `discreet scan` on whole archives: the account archive fixture (zip and tweets.js) gives
//! the expected summary; malformed items, truncated files, corrupt zips and missing CSV
//! columns give clear errors while every item before them is kept.

use std::path::{Path, PathBuf};

mod common;

use common::{discreet, lines, scratch};

fn data(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(p)
}

#[test]
fn archive_fixture_gives_the_expected_summary() {
    let summary = scratch("archive").join("summary.json");
    let zip = data("archive.zip");
    let out = discreet(
        &[
            "scan",
            "--quiet",
            "--summary-json",
            summary.to_str().unwrap(),
            zip.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = lines(&out);
    assert_eq!(v.len(), 12, "items read = lines written");
    assert_eq!(v[0]["id"], "1699001000000000001");
    assert_eq!(v[11]["id"], "1699001000000000012", "parts in order");
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!(s["items_read"], 12);
    assert_eq!(s["items_with_errors"], 0);
    assert_eq!(s["actions"]["require_dm"], 3, "{s}");
    assert_eq!(s["actions"]["suggest_dm"], 2, "{s}");
    assert_eq!(s["actions"]["ok"], 7, "{s}");
    assert_eq!(s["categories"]["email"], 1);
    assert_eq!(s["categories"]["phone"], 1);
    assert_eq!(s["categories"]["purchase"], 1);
    let serious = s["most_serious"].as_array().unwrap();
    assert_eq!(serious[0]["action"], "require_dm");
    assert!(serious[0]["link"]
        .as_str()
        .unwrap()
        .starts_with("https://twitter.com/i/web/status/1699001000000000"));

    // The unzipped tweets.js gives the same lines; an account's own tweets are outgoing.
    let js = discreet(
        &[
            "scan",
            "--quiet",
            data("archive/data/tweets.js").to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(js.stdout, out.stdout);
    let flagged = discreet(
        &["scan", "--quiet", "--only-flagged", zip.to_str().unwrap()],
        b"",
    );
    assert_eq!(lines(&flagged).len(), 5);
    let incoming = discreet(
        &[
            "scan",
            "--quiet",
            "--direction",
            "incoming",
            zip.to_str().unwrap(),
        ],
        b"",
    );
    assert!(String::from_utf8_lossy(&incoming.stdout).contains("the customer posted"));
}

#[test]
fn malformed_item_is_an_error_line_and_the_run_goes_on() {
    let js = "window.YTD.tweets.part0 = [\n {\"tweet\": {\"id_str\": \"1\", \"full_text\": \"call (415) 555-0132\"}},\n {\"tweet\": {\"id_str\": \"2\"}},\n {\"tweet\": {\"id_str\": 3, \"full_text\": 4}},\n {\"tweet\": {\"id_str\": \"4\", \"full_text\": \"fine\"}}\n]";
    let out = discreet(&["scan", "--format", "tweets-js", "-"], js.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let v = lines(&out);
    assert_eq!(v.len(), 4);
    assert_eq!(v[0]["action"], "require_dm");
    assert_eq!(v[1]["id"], "2");
    assert!(v[1]["error"].as_str().unwrap().contains("no full_text"));
    assert!(v[2]["error"].as_str().unwrap().contains("malformed tweet"));
    assert_eq!(v[3]["action"], "ok");
}

#[test]
fn truncated_tweets_js_keeps_earlier_items_and_names_the_offset() {
    let full = std::fs::read_to_string(data("archive/data/tweets.js")).unwrap();
    let cut = &full[..full.len() * 2 / 3];
    let path = scratch("archive").join("cut-tweets.js");
    std::fs::write(&path, cut).unwrap();
    let out = discreet(&["scan", "--quiet", path.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cut-tweets.js: truncated or corrupt at byte"),
        "{err}"
    );
    let v = lines(&out);
    assert!(v.len() >= 6 && v.len() < 12, "{} items kept", v.len());
    assert!(v.iter().all(|l| l.get("action").is_some()));
}

#[test]
fn corrupt_zip_is_a_clear_error() {
    let mut bytes = std::fs::read(data("archive.zip")).unwrap();
    bytes.truncate(bytes.len() / 2);
    let path = scratch("archive").join("corrupt.zip");
    std::fs::write(&path, &bytes).unwrap();
    let out = discreet(&["scan", "--quiet", path.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("corrupt.zip"), "{err}");
    let path = scratch("archive").join("not-an-archive.zip");
    std::fs::write(&path, b"PK\x03\x04 nothing else").unwrap();
    let out = discreet(&["scan", path.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not-an-archive.zip"));
}

#[test]
fn csv_columns_chosen_and_missing() {
    let csv = "tweet_id,body,lang\n10,\"call me at (415) 555-0132, thanks\",en\n11,all good,en\n";
    let out = discreet(
        &[
            "scan",
            "--format",
            "csv",
            "--text-column",
            "body",
            "--id-column",
            "tweet_id",
            "-",
        ],
        csv.as_bytes(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = lines(&out);
    assert_eq!(v[0]["id"], "10");
    assert_eq!(v[0]["action"], "require_dm");
    assert_eq!(v[1]["action"], "ok");
    let out = discreet(&["scan", "--format", "csv", "-"], csv.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no column \"text\"") && err.contains("--text-column"),
        "{err}"
    );
}

#[test]
fn generated_archives_round_trip_in_both_shapes() {
    let js = discreet(
        &[
            "generate",
            "--count",
            "3000",
            "--format",
            "tweets-js",
            "--seed",
            "7",
        ],
        b"",
    );
    let path = scratch("archive").join("gen-tweets.js");
    std::fs::write(&path, &js.stdout).unwrap();
    let out = discreet(
        &["scan", "--quiet", "--threads", "2", path.to_str().unwrap()],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    let v = lines(&out);
    assert_eq!(v.len(), 3000);
    let flagged = v.iter().filter(|l| l["action"] != "ok").count();
    assert!(flagged > 30 && flagged < 600, "{flagged} flagged");
}
