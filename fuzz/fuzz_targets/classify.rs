//! Classifying arbitrary text, either direction, under arbitrary scanner settings: see
//! `fuzz/checks.rs`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::classify_case(data));
