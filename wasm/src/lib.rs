//! `discreet` for the browser: judge a tweet or a draft reply where it is typed, on every
//! keystroke, without sending it anywhere.
//!
//! Built with `wasm-bindgen --target web` (see `examples/web/README.md`), the module
//! exports:
//!
//! - `classify(text, direction)`: the verdict, as an object with exactly the fields of a
//!   `discreet scan` output line (`action`, `findings`, `solicits`, `reasons`,
//!   `weighted_length`). Offsets are UTF-16 indices, a JavaScript string's own, so
//!   `text.slice(f.start, f.end)` is the value (the JSON contract's are UTF-8 bytes).
//!   `direction` is `"incoming"` (the default when empty) or `"outgoing"`.
//! - `classify_json(text, direction)`: the same, as the JSON text of that line.
//! - `redact(text)`: `{ text, spans: [{ original: {start, end}, replacement: {start, end},
//!   category, kind }], weighted_length }`, every finding replaced by its category's
//!   placeholder (`[BILLING]`); `original` indexes `text`, `replacement` the result (UTF-16).
//! - `dm_reply(text, direction, handle)`: the short public reply that points to a DM, or
//!   `undefined` when the text is fine in public.
//! - `dm_link(recipient_id, text)`: the DM deep link with `text` pre-filled.
//! - `warm_up()`: compiles the rules now instead of on the first keystroke.
//!
//! The logic is in [`api`], plain Rust, tested natively.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;

use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    // JSON-compatible: `None` is `null` (as in the contract), maps are plain objects.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Sets the brand profile (the TOML of `discreet --brand`): the brand's own handles,
/// domains, phones, addresses and mailboxes never count as disclosed. `""` clears it.
#[wasm_bindgen]
pub fn set_brand(toml: &str) -> Result<(), JsError> {
    api::set_brand(toml).map_err(|e| JsError::new(&e))
}

/// Compiles the built-in rules, the phone metadata and the redactor now.
#[wasm_bindgen]
pub fn warm_up() {
    api::warm_up();
}

/// The verdict on `text` (`direction`: `"incoming"` or `"outgoing"`), as a `discreet
/// scan` output line without `id`.
#[wasm_bindgen]
pub fn classify(text: &str, direction: &str) -> Result<JsValue, JsError> {
    let direction = api::parse_direction(direction).map_err(|e| JsError::new(&e))?;
    let v = api::classify_utf16(text, direction);
    to_js(&api::ScanLine::new(&v, None))
}

/// [`classify`], as JSON text.
#[wasm_bindgen]
pub fn classify_json(text: &str, direction: &str) -> Result<String, JsError> {
    api::classify_json(text, direction).map_err(|e| JsError::new(&e))
}

/// `text` with every finding replaced by its category's placeholder.
#[wasm_bindgen]
pub fn redact(text: &str) -> Result<JsValue, JsError> {
    to_js(&api::redact(text))
}

/// The short public reply pointing to a DM, or `undefined` when `text` is fine in public.
#[wasm_bindgen]
pub fn dm_reply(
    text: &str,
    direction: &str,
    handle: Option<String>,
) -> Result<Option<String>, JsError> {
    let direction = api::parse_direction(direction).map_err(|e| JsError::new(&e))?;
    Ok(api::dm_reply(text, direction, handle.as_deref()))
}

/// The DM deep link to `recipient_id` (a numeric user id) with `text` pre-filled.
#[wasm_bindgen]
pub fn dm_link(recipient_id: &str, text: &str) -> Result<String, JsError> {
    api::dm_link(recipient_id, text).map_err(|e| JsError::new(&e))
}
