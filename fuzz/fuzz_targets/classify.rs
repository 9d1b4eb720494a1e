//! Classifying arbitrary text in both directions never panics and gives a consistent
//! verdict: findings mean `require_dm`, reasons point inside the text.
#![no_main]

use discreet::{Action, Direction};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() > 1 << 16 {
        return;
    }
    let text = String::from_utf8_lossy(data);
    for direction in [Direction::Incoming, Direction::Outgoing] {
        let v = discreet::classify(&text, direction);
        if !v.findings.is_empty() {
            assert_eq!(v.action, Action::RequireDm);
        }
        for r in &v.reasons {
            assert!(r.start <= r.end && r.end <= text.len());
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }
});
