//! The JavaScript API itself, run in wasm (`wasm-bindgen-test-runner`, under Node): the
//! values JavaScript receives, not just the Rust logic behind them (see `src/api.rs`).
#![cfg(target_arch = "wasm32")]

use discreet_wasm::{classify, classify_json, dm_link, dm_reply, redact};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const CARD: &str = "@AcmeAir my card 4111 1111 1111 1111 was charged twice";

fn json(v: &JsValue) -> serde_json::Value {
    let s = js_sys::JSON::stringify(v).unwrap().as_string().unwrap();
    serde_json::from_str(&s).unwrap()
}

#[wasm_bindgen_test]
fn classify_returns_the_scan_line() {
    let v = classify(CARD, "incoming").unwrap();
    // The object JavaScript gets is the JSON line, parsed: same keys, same order, same
    // values (JavaScript writes the confidence 1.0 as 1).
    let line = js_sys::JSON::parse(&classify_json(CARD, "incoming").unwrap()).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&v).unwrap().as_string(),
        js_sys::JSON::stringify(&line).unwrap().as_string()
    );
    let got = json(&v);
    assert_eq!(got["action"], "require_dm");
    assert_eq!(got["findings"][0]["start"], 17);
    assert_eq!(got["findings"][0]["end"], 36);
    assert_eq!(got["findings"][0]["category"], "billing");
    assert_eq!(got["solicits"], serde_json::json!([]));
    assert_eq!(got["weighted_length"], 54);
}

#[wasm_bindgen_test]
fn a_too_long_reason_has_a_null_category() {
    // `None` is `null` in the contract, not a missing field.
    let v = json(&classify(&"We are so sorry. ".repeat(20), "outgoing").unwrap());
    assert_eq!(v["action"], "suggest_dm");
    assert_eq!(v["reasons"][0]["code"], "too_long");
    assert!(v["reasons"][0]["category"].is_null());
    assert!(v["reasons"][0]
        .as_object()
        .unwrap()
        .contains_key("category"));
}

#[wasm_bindgen_test]
fn bad_direction_is_an_error() {
    assert!(classify("x", "sideways").is_err());
    assert!(dm_reply("x", "sideways", None).is_err());
}

#[wasm_bindgen_test]
fn redact_dm_reply_and_link() {
    let r = json(&redact(CARD).unwrap());
    assert_eq!(r["text"], "@AcmeAir my card [BILLING] was charged twice");
    assert_eq!(r["spans"][0]["original"]["start"], 17);
    assert_eq!(r["spans"][0]["replacement"]["end"], 26);
    let reply = dm_reply(CARD, "incoming", Some("jo".into()))
        .unwrap()
        .unwrap();
    assert!(reply.starts_with("@jo "));
    assert_eq!(dm_reply("love it", "incoming", None).unwrap(), None);
    assert_eq!(
        dm_link("42", "a b").unwrap(),
        "https://twitter.com/messages/compose?recipient_id=42&text=a%20b"
    );
    assert!(dm_link("jo", "a b").is_err());
}

#[wasm_bindgen_test]
fn offsets_slice_the_javascript_string() {
    let text = "👨‍👩‍👧 Ünïcödé 東京 mail jo@example.org";
    let js = js_sys::JsString::from(text);
    let v = json(&classify(text, "incoming").unwrap());
    let (start, end) = (
        v["findings"][0]["start"].as_u64().unwrap() as u32,
        v["findings"][0]["end"].as_u64().unwrap() as u32,
    );
    assert_eq!(String::from(js.slice(start, end)), "jo@example.org");
    let r = json(&redact(text).unwrap());
    let original = &r["spans"][0]["original"];
    let (start, end) = (
        original["start"].as_u64().unwrap() as u32,
        original["end"].as_u64().unwrap() as u32,
    );
    assert_eq!(String::from(js.slice(start, end)), "jo@example.org");
}
