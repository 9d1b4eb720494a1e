//! Redacting arbitrary text never panics, gives valid UTF-8 with a consistent span map,
//! and is idempotent: redacting the redacted text changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() > 1 << 14 {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let scanner = discreet::Scanner::default();
    let redactor = discreet::Redactor::default();
    let once = redactor.redact(&scanner, &text);
    for span in &once.spans {
        assert!(span.original.end <= text.len());
        assert!(text.is_char_boundary(span.original.start) && text.is_char_boundary(span.original.end));
        assert!(span.replacement.end <= once.text.len());
        assert!(once.text.is_char_boundary(span.replacement.start));
    }
    let twice = redactor.redact(&scanner, &once.text);
    assert_eq!(twice.text, once.text, "redaction is idempotent");
});
