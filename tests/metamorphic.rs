//! Metamorphic properties: a value that is found stays found whatever stands beside it.
//!
//! For every labelled value in the corpora that the scanner finds in its own text, the
//! value must still be found (a finding of its category overlapping it) when an ordinary
//! neighbour is put right after or right before it: an expiry date, a CVV, a year, a time,
//! a date, a price, another phone, another card, an emoji, punctuation, a hashtag, a
//! mention, a newline. Two values joined by ` `, `, `, ` / `, ` and `, `-` are both found,
//! and a value written twice is found twice.
//!
//! `cargo test --test metamorphic -- --nocapture` prints every loss.

mod common;

use common::{expected_spans, load, Labelled};
use discreet::{Category, Finding, Scanner};

/// Ordinary neighbours, as support tweets put them beside values.
const NEIGHBOURS: &[&str] = &[
    " 12/27",
    " 08/29 911",
    " 2024",
    " 10:45pm",
    " 03/14/2025",
    " $49.99",
    " 212-555-0199",
    " 4000 0566 5566 5556",
    " 🤦\u{200d}♀️",
    "!",
    ".",
    " #help",
    " @AcmeAir",
    "\n",
    " 123",
];

/// Most losses allowed in [`a_neighbour_never_hides_a_value`] until the remaining ones are
/// fixed: mostly a phone number whose last group, read with the card after it, makes another
/// valid card number (`+31 20 123 4567 4000 0566 5566 5556`: `4567 4000 0566 5566` passes
/// Luhn) and wins over both. Was 134 at the start of this work; a glued value that no longer
/// hides its own pieces from the split took it from 127 to 23.
const LOSS_BUDGET: usize = 23;

/// Neighbours put before a value.
const BEFORE: &[&str] = &[
    "2024 ",
    "12/27 ",
    "10:45pm ",
    "$49.99 ",
    "🤦\u{200d}♀️ ",
    "@AcmeAir ",
    "#help ",
    "\n",
    "(",
];

fn covered(findings: &[Finding], cat: Category, start: usize, end: usize) -> bool {
    findings
        .iter()
        .any(|f| f.category == cat && f.start < end && start < f.end)
}

/// The labelled values the scanner finds in their own text: (text, start, end, category).
fn found_values(scanner: &Scanner) -> Vec<(Labelled, usize, usize, Category)> {
    let mut out = Vec::new();
    for prefix in ["core", "detect-", "fresh-"] {
        for l in load(prefix) {
            let findings = scanner.scan(&l.text);
            let spans: Vec<(usize, usize, Category)> = expected_spans(&l)
                .into_iter()
                .map(|(s, e, x)| (s, e, x.category))
                .collect();
            for (s, e, cat) in spans {
                if covered(&findings, cat, s, e) {
                    out.push((l.clone(), s, e, cat));
                }
            }
        }
    }
    out
}

/// Whether the neighbour itself is a value of the value's category (then a finding may
/// legitimately merge or shift onto it, and the property is about the original value).
fn report(losses: &[String], tried: usize, what: &str) {
    println!("{what}: {} losses in {tried} variants", losses.len());
    for l in losses.iter().take(60) {
        println!("  {l}");
    }
}

#[test]
fn a_neighbour_never_hides_a_value() {
    let scanner = Scanner::default();
    let values = found_values(&scanner);
    assert!(values.len() > 500, "{} values", values.len());
    let mut losses = Vec::new();
    let mut tried = 0;
    for (l, s, e, cat) in &values {
        for n in NEIGHBOURS {
            let text = format!("{}{n}{}", &l.text[..*e], &l.text[*e..]);
            tried += 1;
            if !covered(&scanner.scan(&text), *cat, *s, *e) {
                losses.push(format!(
                    "{}: {cat} {:?} lost with {n:?} after it",
                    l.origin,
                    &l.text[*s..*e]
                ));
            }
        }
        // Before a value that needs a context word, a neighbour would stand between the
        // word and the value: only values found on their own are held to this.
        let alone = &l.text[*s..*e];
        if !covered(&scanner.scan(alone), *cat, 0, alone.len()) {
            continue;
        }
        for n in BEFORE {
            let text = format!("{}{n}{}", &l.text[..*s], &l.text[*s..]);
            let shift = n.len();
            tried += 1;
            if !covered(&scanner.scan(&text), *cat, s + shift, e + shift) {
                losses.push(format!(
                    "{}: {cat} {:?} lost with {n:?} before it",
                    l.origin,
                    &l.text[*s..*e]
                ));
            }
        }
    }
    report(&losses, tried, "neighbours");
    // Measured 134 losses in 39,888 variants when this test was written (from 5,674 before
    // the scanner tried every candidate), 111 in 40,452 after the rules were tuned on
    // `fresh-tune`; `fresh-tune2` then brought 5,505 variants more and 16 losses more. The
    // budget only lets that number go down.
    assert!(
        losses.len() <= LOSS_BUDGET,
        "{} losses (see the list above), budget {LOSS_BUDGET}",
        losses.len()
    );
}

/// Values that speak for themselves, with no context word: each is found alone, twice, and
/// joined to any other by common separators.
const SELF_EVIDENT: &[(&str, Category)] = &[
    ("jo.doe@example.com", Category::Email),
    ("m.silva+orders@mail.example.org", Category::Email),
    ("4111 1111 1111 1111", Category::Billing),
    ("5555-5555-5555-4444", Category::Billing),
    ("378282246310005", Category::Billing),
    ("6011 0009 9013 9424", Category::Billing),
    ("DE89 3704 0044 0532 0130 00", Category::Billing),
    ("GB29NWBK60161331926819", Category::Billing),
    ("FR14 2004 1010 0505 0001 3M02 606", Category::Billing),
    ("+44 20 7946 0958", Category::Phone),
    ("+1 415 555 0132", Category::Phone),
    ("+49 30 901820", Category::Phone),
    ("+33 1 42 68 53 00", Category::Phone),
];

const JOINS: &[&str] = &[" ", ", ", " / ", " and ", "-", "\n"];

#[test]
fn self_evident_values_alone_twice_and_joined() {
    let scanner = Scanner::default();
    let mut losses = Vec::new();
    let mut tried = 0;
    for &(v, cat) in SELF_EVIDENT {
        tried += 2;
        if !covered(&scanner.scan(v), cat, 0, v.len()) {
            losses.push(format!("{v:?} alone"));
        }
        let twice = format!("{v} {v}");
        let f = scanner.scan(&twice);
        if !covered(&f, cat, 0, v.len()) || !covered(&f, cat, v.len() + 1, twice.len()) {
            losses.push(format!("{v:?} twice"));
        }
        for &(w, wcat) in SELF_EVIDENT {
            if w == v {
                continue;
            }
            for j in JOINS {
                // `0958-jo.doe@example.com` is itself a valid address: a hyphen before
                // an email joins nothing.
                if *j == "-" && wcat == Category::Email {
                    continue;
                }
                let text = format!("{v}{j}{w}");
                let f = scanner.scan(&text);
                tried += 1;
                let second = v.len() + j.len();
                if !covered(&f, cat, 0, v.len()) || !covered(&f, wcat, second, text.len()) {
                    losses.push(format!("{text:?}: {:?}", found(&text, &f)));
                }
            }
        }
    }
    report(&losses, tried, "alone, twice, joined");
    // Two known losses: a German number read on into the first group of a card that
    // follows it (`+49 30 901820 5555-…`), where the longer reading also validates.
    assert!(
        losses.len() <= 2,
        "{} losses (see the list above)",
        losses.len()
    );
}

fn found<'t>(text: &'t str, f: &[Finding]) -> Vec<&'t str> {
    f.iter().map(|f| &text[f.range()]).collect()
}

/// The cases a user reported, each with what must be found.
#[test]
fn reported_neighbour_cases() {
    let scanner = Scanner::default();
    let cases: &[(&str, &[&str])] = &[
        (
            "card 4111 1111 1111 1111 12/27 123",
            &["4111 1111 1111 1111", "12/27", "123"],
        ),
        (
            "my visa 4111-1111-1111-1111 08/29 911",
            &["4111-1111-1111-1111", "08/29", "911"],
        ),
        (
            "in 2024 4111 1111 1111 1111 was charged",
            &["4111 1111 1111 1111"],
        ),
        ("ref 1234 5555 5555 5555 4444", &["5555 5555 5555 4444"]),
        (
            "call 415 555 0132 4111 1111 1111 1111",
            &["415 555 0132", "4111 1111 1111 1111"],
        ),
        (
            "pin 4321/4111 1111 1111 1111",
            &["4321", "4111 1111 1111 1111"],
        ),
        (
            "password is hunter22-5555 5555 5555 4444",
            &["hunter22", "5555 5555 5555 4444"],
        ),
        (
            "order #A1234-5555 5555 5555 4444",
            &["A1234", "5555 5555 5555 4444"],
        ),
        (
            "iban DE89370400440532013000-5555 5555 5555 4444",
            &["DE89370400440532013000", "5555 5555 5555 4444"],
        ),
        ("call +55-81-96984-5702 06/28", &["+55-81-96984-5702"]),
        ("text 07700 900123 06/28 pls", &["07700 900123"]),
        ("my number is +44 7911 123456 2024", &["+44 7911 123456"]),
    ];
    let mut failures = Vec::new();
    for (text, want) in cases {
        let f = scanner.scan(text);
        let got = found(text, &f);
        if got != *want {
            failures.push(format!("{text:?}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
