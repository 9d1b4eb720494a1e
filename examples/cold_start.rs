//! What a fresh process pays before its first answer: building the default scanner, the
//! first `classify` (which compiles the verdict phrases), and the first scan of a tweet
//! with a phone number (numbering-plan data).
//!
//! `cargo run --release --example cold_start` (each run is one cold process).

use std::time::Instant;

use discreet::{Direction, Scanner};

fn main() {
    let t = Instant::now();
    let scanner = Scanner::default();
    let build = t.elapsed();

    let t = Instant::now();
    let verdict = scanner.classify(
        "@AcmeAir flight UA 2231 delayed again, gate moved to B12 at 14:05 🤦‍♀️",
        Direction::Incoming,
    );
    let first_classify = t.elapsed();

    let t = Instant::now();
    let found = scanner.scan("@AcmeAir call me at (415) 555-0132 or +44 20 7946 0958 pls");
    let first_phone = t.elapsed();

    let t = Instant::now();
    let again = scanner.scan("@AcmeAir call me at (646) 555-0187 or +44 20 7946 0321 pls");
    let second_phone = t.elapsed();

    assert!(verdict.findings.is_empty());
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(again.len(), 2, "{again:?}");
    println!(
        "Scanner::default() {:.1} ms, first classify {:.1} ms, total {:.1} ms; first scan with two phone numbers {:.2} ms, next one (new numbers) {:.3} ms",
        build.as_secs_f64() * 1e3,
        first_classify.as_secs_f64() * 1e3,
        (build + first_classify).as_secs_f64() * 1e3,
        first_phone.as_secs_f64() * 1e3,
        second_phone.as_secs_f64() * 1e3,
    );
}
