//! Normalising arbitrary text never panics, and every range of the view maps back to a
//! range of the original on char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() > 1 << 16 {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let view = discreet::normalize::normalize(&text);
    let n = view.as_str().len();
    for (a, b) in [(0, n), (0, n / 2), (n / 3, n), (n / 2, n / 2 + 1)] {
        let r = view.original_range(a..b.min(n));
        assert!(r.start <= r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
});
