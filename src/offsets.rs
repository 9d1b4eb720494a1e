//! Offsets in the units other languages index strings with.
//!
//! Everything in this crate reports UTF-8 byte offsets. A Python `str` is indexed by code
//! point and a JavaScript string by UTF-16 code unit, so on any text with an emoji or an
//! accented letter before a value, byte offsets slice the wrong characters there. This
//! module converts a whole result (a [`Verdict`], findings, a [`Redaction`]'s span map) in
//! one pass over the text, whatever the number of offsets.
//!
//! # Example: offsets for JavaScript and Python
//! ```
//! use discreet::offsets::{self, Unit};
//! use discreet::Scanner;
//!
//! let text = "🙈 café: mail jo@example.org";
//! let mut findings = Scanner::default().scan(text);
//! assert_eq!((findings[0].start, findings[0].end), (17, 31)); // UTF-8 bytes
//! offsets::convert_findings(text, &mut findings, Unit::Utf16);
//! assert_eq!((findings[0].start, findings[0].end), (14, 28)); // text.slice(14, 28) in JS
//!
//! let mut findings = Scanner::default().scan(text);
//! offsets::convert_findings(text, &mut findings, Unit::CodePoint);
//! assert_eq!((findings[0].start, findings[0].end), (13, 27)); // text[13:27] in Python
//! ```

use std::fmt;
use std::str::FromStr;

use crate::redact::Redaction;
use crate::{Finding, Verdict};

/// A unit of string offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Unit {
    /// UTF-8 bytes: Rust, Go, the JSON contract (the default).
    #[default]
    Utf8,
    /// UTF-16 code units: JavaScript, Java, C#, DOM ranges.
    Utf16,
    /// Unicode code points: Python `str`.
    CodePoint,
}

impl Unit {
    /// The unit's name: `utf8`, `utf16` or `codepoint`.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Utf8 => "utf8",
            Unit::Utf16 => "utf16",
            Unit::CodePoint => "codepoint",
        }
    }

    /// How many of these units `c` takes.
    fn width(self, c: char) -> usize {
        match self {
            Unit::Utf8 => c.len_utf8(),
            Unit::Utf16 => c.len_utf16(),
            Unit::CodePoint => 1,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Unit {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Unit, crate::Error> {
        match s {
            "utf8" => Ok(Unit::Utf8),
            "utf16" => Ok(Unit::Utf16),
            "codepoint" => Ok(Unit::CodePoint),
            _ => Err(crate::Error::new(crate::ErrorKind::Config(format!(
                "offsets must be \"utf8\", \"utf16\" or \"codepoint\", got {s:?}"
            )))),
        }
    }
}

/// Converts the UTF-8 byte offsets behind `offsets` into `unit`, in place, in one pass
/// over `text`. An offset inside a character counts as that character's start; one past
/// the end of the text as the end.
pub fn convert(text: &str, unit: Unit, offsets: &mut [&mut usize]) {
    if unit == Unit::Utf8 || offsets.is_empty() {
        return;
    }
    // Visit the offsets in text order; the text is walked once.
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| *offsets[i]);
    let mut chars = text.char_indices().peekable();
    let mut units = 0;
    for i in order {
        let target = *offsets[i];
        while let Some(&(at, c)) = chars.peek() {
            if at + c.len_utf8() > target {
                break;
            }
            units += unit.width(c);
            chars.next();
        }
        *offsets[i] = units;
    }
}

/// Converts one byte offset into `unit` (for many, [`convert`] walks the text once).
pub fn to_unit(text: &str, byte: usize, unit: Unit) -> usize {
    let mut b = byte;
    convert(text, unit, &mut [&mut b]);
    b
}

/// Converts the findings' `start`/`end` from bytes of `text` into `unit`.
pub fn convert_findings(text: &str, findings: &mut [Finding], unit: Unit) {
    let mut all: Vec<&mut usize> = findings
        .iter_mut()
        .flat_map(|f| [&mut f.start, &mut f.end])
        .collect();
    convert(text, unit, &mut all);
}

/// Converts every offset of a verdict on `text` (findings, reasons, entities) into `unit`.
pub fn convert_verdict(text: &str, verdict: &mut Verdict, unit: Unit) {
    let Verdict {
        findings,
        reasons,
        entities,
        ..
    } = verdict;
    let mut all: Vec<&mut usize> = findings
        .iter_mut()
        .flat_map(|f| [&mut f.start, &mut f.end])
        .chain(reasons.iter_mut().flat_map(|r| [&mut r.start, &mut r.end]))
        .chain(entities.iter_mut().flat_map(|e| [&mut e.start, &mut e.end]))
        .collect();
    convert(text, unit, &mut all);
}

/// Converts a redaction's span map into `unit`: `original` ranges against `original`, the
/// text that was redacted, and `replacement` ranges against the redacted text.
pub fn convert_redaction(original: &str, redaction: &mut Redaction, unit: Unit) {
    let Redaction { text, spans, .. } = redaction;
    let mut before: Vec<&mut usize> = Vec::with_capacity(spans.len() * 2);
    let mut after: Vec<&mut usize> = Vec::with_capacity(spans.len() * 2);
    for s in spans.iter_mut() {
        before.extend([&mut s.original.start, &mut s.original.end]);
        after.extend([&mut s.replacement.start, &mut s.replacement.end]);
    }
    convert(original, unit, &mut before);
    convert(text, unit, &mut after);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Direction, RedactionPolicy, Redactor, Scanner};
    use proptest::prelude::*;

    /// Slices a string by code points or UTF-16 units, as Python and JavaScript do.
    fn slice(text: &str, start: usize, end: usize, unit: Unit) -> String {
        match unit {
            Unit::Utf8 => text[start..end].to_string(),
            Unit::CodePoint => text.chars().skip(start).take(end - start).collect(),
            Unit::Utf16 => {
                let u: Vec<u16> = text.encode_utf16().collect();
                String::from_utf16(&u[start..end]).expect("a whole-character slice")
            }
        }
    }

    #[test]
    fn units_and_edges() {
        let t = "a€😀b";
        assert_eq!(to_unit(t, 1, Unit::Utf16), 1);
        assert_eq!(to_unit(t, 4, Unit::Utf16), 2);
        assert_eq!(to_unit(t, 8, Unit::Utf16), 4);
        assert_eq!(to_unit(t, 8, Unit::CodePoint), 3);
        assert_eq!(to_unit(t, 9, Unit::CodePoint), 4);
        // Inside a character: its start; past the end: the end.
        assert_eq!(to_unit(t, 2, Unit::CodePoint), 1);
        assert_eq!(to_unit(t, 99, Unit::Utf16), 5);
        assert_eq!(to_unit(t, 99, Unit::Utf8), 99);
        assert_eq!("codepoint".parse::<Unit>().unwrap(), Unit::CodePoint);
        assert!("utf-16".parse::<Unit>().is_err());
    }

    #[test]
    fn scan_lines_in_each_unit() {
        use crate::line::{judge_line, LineOptions};
        let raw = r#"{"id":1,"text":"👋🏽 café, jo@example.org"}"#.as_bytes();
        let line = |unit| {
            let opts = LineOptions {
                offsets: unit,
                ..LineOptions::default()
            };
            let mut out = Vec::new();
            judge_line(&Scanner::default(), raw, 1, &opts, &mut out);
            let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
            let f = &v["findings"][0];
            let r = &v["reasons"][0];
            (f["start"].as_u64(), f["end"].as_u64(), r["start"].as_u64())
        };
        assert_eq!(line(Unit::Utf8), (Some(16), Some(30), Some(16)));
        assert_eq!(line(Unit::Utf16), (Some(11), Some(25), Some(11)));
        assert_eq!(line(Unit::CodePoint), (Some(9), Some(23), Some(9)));
    }

    /// Text pieces that are hard on offsets: emoji, a ZWJ family, flags, skin tones,
    /// combining marks, CJK, right-to-left, and plain ASCII.
    const PIECES: &[&str] = &[
        "😀",
        "👨‍👩‍👧‍👦",
        "🇫🇷",
        "👍🏽",
        "e\u{301}",
        "Å",
        "東京",
        "注文",
        "שלום",
        "ok ",
        " ",
        "!",
        "\u{200d}",
        "ñ",
    ];

    /// The values placed after the noise, each a finding of the built-in rules.
    const VALUES: &[&str] = &[
        "jo@example.org",
        "4111 1111 1111 1111",
        "415-555-0132",
        "maría.lópez@correo.es",
    ];

    fn noisy_text() -> impl Strategy<Value = (String, Vec<&'static str>)> {
        let noise = prop::collection::vec(prop::sample::select(PIECES), 0..12);
        let parts = prop::collection::vec(
            (
                noise.clone().prop_map(|v| v.concat()),
                prop::sample::select(VALUES),
            ),
            1..4,
        );
        (parts, noise).prop_map(|(parts, tail)| {
            let mut text = String::new();
            let mut values = Vec::new();
            for (n, v) in parts {
                text.push_str(&n);
                text.push_str(" mail ");
                text.push_str(v);
                text.push_str(" 🙂 ");
                values.push(v);
            }
            text.push_str(&tail.concat());
            (text, values)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Slicing the host language's string with converted offsets gives exactly what
        /// slicing the Rust string with byte offsets gives, for findings, reasons and
        /// entities.
        #[test]
        fn converted_offsets_slice_the_same_text((text, values) in noisy_text()) {
            let scanner = Scanner::default();
            let v = scanner.classify(&text, Direction::Incoming);
            let found: Vec<&str> = v.findings.iter().map(|f| &text[f.range()]).collect();
            for value in &values {
                prop_assert!(found.contains(value), "{value:?} not found in {text:?}");
            }
            for unit in [Unit::Utf16, Unit::CodePoint] {
                let mut c = v.clone();
                convert_verdict(&text, &mut c, unit);
                for (b, u) in v.findings.iter().zip(&c.findings) {
                    prop_assert_eq!(slice(&text, u.start, u.end, unit), &text[b.range()]);
                }
                for (b, u) in v.reasons.iter().zip(&c.reasons) {
                    prop_assert_eq!(slice(&text, u.start, u.end, unit), &text[b.start..b.end]);
                }
                for (b, u) in v.entities.iter().zip(&c.entities) {
                    prop_assert_eq!(slice(&text, u.start, u.end, unit), &text[b.start..b.end]);
                }
            }
        }

        /// A redaction's span map, converted, slices both texts the same way.
        #[test]
        fn converted_span_maps_slice_both_texts((text, _) in noisy_text()) {
            let r = Redactor::new(RedactionPolicy::new()).unwrap();
            let red = r.redact(&Scanner::default(), &text);
            for unit in [Unit::Utf16, Unit::CodePoint] {
                let mut c = red.clone();
                convert_redaction(&text, &mut c, unit);
                for (b, u) in red.spans.iter().zip(&c.spans) {
                    prop_assert_eq!(
                        slice(&text, u.original.start, u.original.end, unit),
                        &text[b.original.clone()]
                    );
                    prop_assert_eq!(
                        slice(&red.text, u.replacement.start, u.replacement.end, unit),
                        &red.text[b.replacement.clone()]
                    );
                }
            }
        }
    }
}
