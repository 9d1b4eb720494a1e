//! `discreet scan --offsets`: the same findings in the units a host language slices by.

use std::io::Write;
use std::process::{Command, Stdio};

fn scan(unit: &str, text: &str) -> serde_json::Value {
    let mut child = Command::new(env!("CARGO_BIN_EXE_discreet"))
        .args(["scan", "--offsets", unit, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let line = serde_json::json!({"id": "t1", "text": text}).to_string() + "\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(line.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn each_unit_slices_its_own_string() {
    let text = "🤦\u{200d}♀️ café, ça va? mail jo@example.org or call +44 20 7946 0958";
    let bytes = scan("utf8", text);
    let utf16 = scan("utf16", text);
    let points = scan("codepoint", text);
    let units: Vec<u16> = text.encode_utf16().collect();
    let chars: Vec<char> = text.chars().collect();
    let n = bytes["findings"].as_array().unwrap().len();
    assert_eq!(n, 2);
    for i in 0..n {
        let at = |v: &serde_json::Value, k: &str| v["findings"][i][k].as_u64().unwrap() as usize;
        let value = &text[at(&bytes, "start")..at(&bytes, "end")];
        let from16 = String::from_utf16(&units[at(&utf16, "start")..at(&utf16, "end")]).unwrap();
        let fromcp: String = chars[at(&points, "start")..at(&points, "end")]
            .iter()
            .collect();
        assert_eq!(from16, value);
        assert_eq!(fromcp, value);
        // Reasons carry the same units as findings.
        assert_eq!(utf16["reasons"][i]["start"], utf16["findings"][i]["start"]);
    }
}
