//! Scanning arbitrary bytes (decoded lossily, as `discreet scan` would see them) never
//! panics, and every span is in bounds, on char boundaries, sorted and disjoint.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() > 1 << 16 {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let scanner = discreet::Scanner::default();
    let findings = scanner.scan(&text);
    let mut last_end = 0;
    for f in &findings {
        assert!(f.start < f.end && f.end <= text.len(), "span {f:?} out of bounds");
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        assert!(f.start >= last_end, "findings overlap or are unsorted: {findings:?}");
        assert!((0.0..=1.0).contains(&f.confidence));
        last_end = f.end;
    }
    assert_eq!(scanner.is_match(&text), !findings.is_empty());
});
