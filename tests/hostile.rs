//! Hostile input: megabytes of digits, `a@`, glued emails, separators, combining marks,
//! number words and random bytes. Each must scan (and normalise) to a valid result; a
//! quadratic path would make this file take minutes instead of seconds. Throughput on the
//! same inputs is measured by the `hostile` criterion group in `benches/scan.rs`.

use discreet::normalize::normalize;
use discreet::{Direction, Scanner};

const MB: usize = 1 << 20;

fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len() + 1)
}

fn check_findings(text: &str, findings: &[discreet::Finding]) {
    let mut last = 0;
    for f in findings {
        assert!(f.start < f.end && f.end <= text.len(), "span {f:?}");
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        assert!(f.start >= last, "unsorted or overlapping");
        last = f.end;
    }
}

/// Every hostile input of about `bytes` bytes, named.
pub fn inputs(bytes: usize) -> Vec<(&'static str, String)> {
    let mut state: u64 = 42;
    let random: Vec<u8> = (0..bytes)
        .map(|_| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            (state >> 56) as u8
        })
        .collect();
    vec![
        ("digits", repeat_to("4111111111111111", bytes)),
        ("digits-spaced", repeat_to("4111 1111 1111 1111 ", bytes)),
        ("a-at", repeat_to("a@", bytes)),
        ("glued-emails", repeat_to("jo.doe@example.com", bytes)),
        ("separators", repeat_to("- . / _ ~ ", bytes)),
        ("combining", format!("a{}", "\u{301}".repeat(bytes / 2))),
        ("number-words", repeat_to("four one five ", bytes)),
        ("at-dot", repeat_to("a at b dot c ", bytes)),
        ("phones", repeat_to("call (415) 555-0132 ", bytes)),
        ("fullwidth", repeat_to("４１５５５５０１３２ ", bytes)),
        (
            "random-bytes",
            String::from_utf8_lossy(&random).into_owned(),
        ),
    ]
}

#[test]
fn megabyte_inputs_scan_to_valid_results() {
    let scanner = Scanner::default();
    for (name, text) in inputs(MB) {
        let findings = scanner.scan(&text);
        check_findings(&text, &findings);
        let view = normalize(&text);
        let r = view.original_range(0..view.as_str().len());
        assert!(r.end <= text.len(), "{name}");
        let v = scanner.classify(&text, Direction::Outgoing);
        assert_eq!(
            v.findings.is_empty(),
            v.action == discreet::Action::Ok || v.findings.is_empty()
        );
        match name {
            "digits-spaced" | "glued-emails" | "phones" => {
                assert!(findings.len() > 1000, "{name}: {} findings", findings.len())
            }
            "digits" | "a-at" | "separators" | "combining" => {
                assert!(findings.is_empty(), "{name}: {:?}", &findings[..1])
            }
            _ => {}
        }
    }
}

#[test]
fn glued_emails_are_found_one_by_one() {
    let text = repeat_to("jo.doe@example.com ", 100_000);
    let findings = Scanner::default().scan(&text);
    assert_eq!(findings.len(), text.matches("jo.doe@example.com").count());
}
