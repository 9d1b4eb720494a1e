//! Property tests: on any text, spans are valid and sorted, and the fast scanner (one
//! multi-pattern pass, then the matched rules) agrees with a naive oracle that runs every
//! rule on its own and resolves overlaps by the documented order.

use discreet::normalize::normalize;
use discreet::{Finding, Scanner};
use proptest::prelude::*;

/// Pieces that make texts interesting: sensitive values of every category, near misses,
/// context words, prose, and awkward Unicode.
const PIECES: &[&str] = &[
    "4111 1111 1111 1111",
    "4111 1111 1111 1112",
    "5555-5555-5555-4444",
    "378282246310005",
    "jo.doe+x@example.com",
    "a@b",
    "@acme247",
    "#Order66",
    "https://t.co/abc123",
    "(415) 555-0132",
    "+44 20 7946 0958",
    "020 7946 0958",
    "415.555.0132 ext. 12",
    "call me",
    "my card",
    "order",
    "account number",
    "routing 021000021",
    "sort code 12-34-56",
    "IBAN DE89 3704 0044 0532 0130 00",
    "exp 04/27",
    "cvv 123",
    "my zip is 94107",
    "password is hunter2",
    "SSN 536-22-1234",
    "DOB 04/12/1988",
    "112-4567890-1234567",
    "1Z999AA10123456784",
    "booking ref K7X2QP",
    "at",
    "dot",
    "four one five",
    " ",
    ", ",
    "\n",
    "é",
    "\u{301}",
    "👨\u{200d}👩\u{200d}👧",
    "\u{200b}",
    "\u{202e}",
    "\0",
    "שלום",
    "中文",
    "１２３",
    "2024-03-15",
    "14:05",
    "$49.99",
    "1587234567890123456",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<String>(),
            1 => "[a-z0-9 .@-]{0,12}",
        ],
        0..12,
    )
    .prop_map(|parts| parts.join(" "))
}

/// The brute-force oracle: every sub-span of the text between token boundaries (a start
/// after a non-alphanumeric byte, an end before one, at most 64 bytes long) judged against
/// every rule on its own (`Scanner::judge_span`). It shares no candidate generation with
/// the scanner: no leftmost-longest regex runs, no splitting, no overlap resolution.
fn brute_force(scanner: &Scanner, text: &str) -> Vec<(String, Finding)> {
    let b = text.as_bytes();
    let alnum = |i: usize| b[i].is_ascii_alphanumeric();
    let starts: Vec<usize> = (0..b.len())
        .filter(|&i| {
            text.is_char_boundary(i)
                && (i == 0 || !alnum(i - 1))
                && (alnum(i) || b[i] == b'+' || b[i] == b'(')
        })
        .collect();
    let ends: Vec<usize> = (1..=b.len())
        .filter(|&e| {
            text.is_char_boundary(e)
                && (e == b.len() || !alnum(e))
                && (alnum(e - 1) || b[e - 1] == b')')
        })
        .collect();
    let mut out = Vec::new();
    for rule in scanner.rules() {
        for &s in &starts {
            for &e in ends.iter().filter(|&&e| e > s && e - s <= 64) {
                if let Some(f) = scanner.judge_span(rule.id(), text, s, e) {
                    out.push((rule.id().to_string(), f));
                }
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn spans_are_valid_sorted_and_disjoint(text in text_strategy()) {
        let findings = Scanner::default().scan(&text);
        let mut last = 0;
        for f in &findings {
            prop_assert!(f.start < f.end && f.end <= text.len());
            prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            prop_assert!(f.start >= last);
            prop_assert!((0.0..=1.0).contains(&f.confidence));
            last = f.end;
        }
    }

    #[test]
    fn nothing_the_brute_force_finds_is_left_public(text in text_strategy()) {
        // The oracle sees the text as written; disguised data is the normaliser's job and
        // is covered by its own tests.
        prop_assume!(!normalize(&text).is_changed(&text));
        let scanner = Scanner::default();
        let found = scanner.scan(&text);
        for (rule, v) in brute_force(&scanner, &text) {
            prop_assert!(
                found.iter().any(|f| f.start < v.end && v.start < f.end),
                "rule {} accepts {:?} at {}..{} but the scan reports {:?}",
                rule, &text[v.range()], v.start, v.end,
                found.iter().map(|f| &text[f.range()]).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn normalised_ranges_stay_in_the_original(text in text_strategy(), a in 0usize..400, b in 0usize..400) {
        let view = normalize(&text);
        let (a, b) = (a.min(b), a.max(b));
        let r = view.original_range(a..b);
        prop_assert!(r.start <= r.end && r.end <= text.len());
        prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
}
