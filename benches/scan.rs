//! Criterion benchmarks of the hot path, with byte and text throughput, against a naive
//! baseline (one `regex` per rule, run in turn, then the same validators) in the same run.
//!
//! `cargo bench --bench scan` (add `-- --quick` for a fast smoke run).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use discreet::validate::Region;
use discreet::{Direction, Scanner};

const CLEAN: &str = "@AcmeAir flight UA 2231 delayed again, gate moved to B12 at 14:05. third time this month 😤 #travel https://t.co/abc123XYZ";
const WITH_PII: &str = "@AcmeAir my card 4111 1111 1111 1111 was charged twice for order 8834412, call me on 415-555-0132 or maria.lopez@example.com";

/// A deterministic archive of about `bytes` bytes of tweet text, one tweet per entry,
/// about 3% with sensitive data.
fn archive(bytes: usize) -> Vec<String> {
    const OPENERS: &[&str] = &[
        "@AcmeAir",
        "@ShopCo_Help",
        "@CoastalBank",
        "Hey @acme_help247",
        "",
        "Ugh",
        "Thanks @RailCo",
    ];
    const BODIES: &[&str] = &[
        "my package was supposed to arrive on 2024-03-15 and still nothing",
        "the app keeps crashing on v2.14.3 since the update, anyone else?",
        "flight BA0117 delayed 3 hours, no info at gate 22 😡",
        "love the new store on Main Street, staff were great",
        "why was I charged $49.99 twice this month??",
        "is the sale 30% off everything or just shoes",
        "waited 45 min on hold, this is ridiculous",
        "great service today, thank you Maria at the 5th Ave branch 🙏",
        "train 2231 cancelled again. third time this week",
        "internet down since 8am in 94107, any ETA?",
        "can you check status 1587234567890123456 pls",
        "ordered 2 of the XPS 9530 and got one",
    ];
    const PII: &[&str] = &[
        "my email is jo.doe+shop@example.com",
        "call me at (415) 555-0132",
        "card 5555 5555 5555 4444 was declined",
        "reach me on +44 20 7946 0958",
    ];
    const TAILS: &[&str] = &[
        "",
        " #fail",
        " https://t.co/xYz123AbC",
        " 😤😤",
        " pls help",
        " 🙏",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut out = Vec::new();
    let mut total = 0;
    while total < bytes {
        let mut t = String::new();
        t.push_str(OPENERS[next() % OPENERS.len()]);
        t.push(' ');
        t.push_str(BODIES[next() % BODIES.len()]);
        if next() % 100 < 3 {
            t.push_str(", ");
            t.push_str(PII[next() % PII.len()]);
        }
        t.push_str(TAILS[next() % TAILS.len()]);
        total += t.len();
        out.push(t);
    }
    out
}

/// The naive way: every rule's regex compiled on its own (same ASCII syntax), run in turn
/// over the text, each candidate validated.
struct Naive {
    rules: Vec<(regex::bytes::Regex, Option<discreet::validate::Validator>)>,
}

impl Naive {
    fn new(scanner: &Scanner) -> Naive {
        let rules = scanner
            .rules()
            .map(|r| {
                let re = regex::bytes::RegexBuilder::new(r.regex())
                    .unicode(false)
                    .build()
                    .expect("rule regex compiles");
                (re, r.validator())
            })
            .collect();
        Naive { rules }
    }

    fn count(&self, text: &str) -> usize {
        let regions = [Region::US, Region::CA];
        let mut n = 0;
        for (re, v) in &self.rules {
            for m in re.find_iter(text.as_bytes()) {
                let value = String::from_utf8_lossy(m.as_bytes());
                if v.is_none_or(|v| v.check(&value, &regions)) {
                    n += 1;
                }
            }
        }
        n
    }
}

fn bench_scan(c: &mut Criterion) {
    let scanner = Scanner::default();
    let naive = Naive::new(&scanner);
    // Warm up lazily loaded data (phone metadata) outside the measurements.
    assert_eq!(
        scanner.scan(WITH_PII).len(),
        4,
        "card, order number, phone, email"
    );
    assert!(scanner.scan(CLEAN).is_empty());

    let mut g = c.benchmark_group("scan/short");
    for (name, text, expected) in [("clean", CLEAN, 0), ("pii", WITH_PII, 4)] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("discreet", name), text, |b, t| {
            b.iter(|| {
                let f = scanner.scan(black_box(t));
                assert_eq!(f.len(), expected);
                f
            })
        });
        g.bench_with_input(BenchmarkId::new("naive", name), text, |b, t| {
            b.iter(|| naive.count(black_box(t)))
        });
    }
    g.finish();

    let tweets = archive(1 << 20);
    let bytes: usize = tweets.iter().map(String::len).sum();
    let expected: usize = tweets.iter().map(|t| scanner.scan(t).len()).sum();
    assert!(expected > 0);
    for (group, throughput) in [
        ("scan/archive-1mb/bytes", Throughput::Bytes(bytes as u64)),
        (
            "scan/archive-1mb/texts",
            Throughput::Elements(tweets.len() as u64),
        ),
    ] {
        let mut g = c.benchmark_group(group);
        g.throughput(throughput);
        g.sample_size(10);
        g.bench_function("discreet", |b| {
            b.iter(|| {
                let n: usize = tweets
                    .iter()
                    .map(|t| scanner.scan(black_box(t)).len())
                    .sum();
                assert_eq!(n, expected);
                n
            })
        });
        g.bench_function("naive", |b| {
            b.iter(|| {
                tweets
                    .iter()
                    .map(|t| naive.count(black_box(t)))
                    .sum::<usize>()
            })
        });
        g.finish();
    }

    // Clean text only: the 300 MB/s target is for tweets without sensitive data.
    let clean: Vec<&String> = tweets
        .iter()
        .filter(|t| scanner.scan(t).is_empty())
        .collect();
    let clean_bytes: usize = clean.iter().map(|t| t.len()).sum();
    let mut g = c.benchmark_group("scan/archive-clean");
    g.throughput(Throughput::Bytes(clean_bytes as u64));
    g.sample_size(10);
    g.bench_function("discreet", |b| {
        b.iter(|| {
            clean
                .iter()
                .filter(|t| scanner.is_match(black_box(t)))
                .count()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("classify/short");
    g.throughput(Throughput::Elements(1));
    g.bench_function("incoming-pii", |b| {
        b.iter(|| scanner.classify(black_box(WITH_PII), Direction::Incoming))
    });
    g.bench_function("outgoing-clean", |b| {
        b.iter(|| scanner.classify(black_box(CLEAN), Direction::Outgoing))
    });
    g.finish();
}

/// Normalisation costs only where a cheap check says it can matter: a disguised tweet
/// pays for the normalised view, a plain one with the same words does not.
fn bench_disguised(c: &mut Criterion) {
    let scanner = Scanner::default();
    let disguised = "@AcmeAir pls write me at jane dot doe at example dot com or call four one five five five five zero one three two";
    let plain = "@AcmeAir pls write me at the office or call me later today, thanks for the quick answer on the refund";
    assert_eq!(scanner.scan(disguised).len(), 2);
    assert!(scanner.scan(plain).is_empty());
    let mut g = c.benchmark_group("scan/normalise");
    for (name, text) in [("disguised", disguised), ("plain", plain)] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("discreet", name), text, |b, t| {
            b.iter(|| scanner.scan(black_box(t)))
        });
    }
    g.finish();
}

/// Hostile inputs of 1 MB each: every one must scan in linear time.
fn bench_hostile(c: &mut Criterion) {
    let scanner = Scanner::default();
    const MB: usize = 1 << 20;
    let rep = |unit: &str| unit.repeat(MB / unit.len() + 1);
    let inputs = [
        ("digits", rep("4111111111111111")),
        ("a-at", rep("a@")),
        ("glued-emails", rep("jo.doe@example.com")),
        ("separators", rep("- . / _ ~ ")),
        ("combining", format!("a{}", "\u{301}".repeat(MB / 2))),
        ("number-words", rep("four one five ")),
    ];
    let mut g = c.benchmark_group("hostile/1mb");
    g.sample_size(10);
    for (name, text) in &inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), text, |b, t| {
            b.iter(|| scanner.scan(black_box(t)).len())
        });
    }
    g.finish();
}

/// Redaction of short tweets: `Redactor::redact` (the scan, the replacements and the
/// re-scan that checks the result is clean) under placeholders and under a mixed policy
/// (mask, partial, pseudonyms), and `redact_findings` alone for callers who already scanned.
fn bench_redact(c: &mut Criterion) {
    use discreet::{Category, Key, RedactionPolicy, Redactor, Style};

    let scanner = Scanner::default();
    let placeholders = Redactor::default();
    let mut policy = RedactionPolicy::new();
    policy
        .set_default(Style::Pseudonym)
        .set_category(Category::Billing, Style::Mask { keep_last: 4 })
        .set_category(Category::Email, Style::Partial);
    let key = Key::new("a benchmark key, not a secret").expect("long enough");
    let mixed = Redactor::with_key(policy, key).expect("valid policy");
    let findings = scanner.scan(WITH_PII);
    let n = findings.len();
    assert!(n >= 3);
    let redacted = placeholders.redact(&scanner, WITH_PII);
    assert!(
        redacted.text.contains("my card [BILLING] was"),
        "{}",
        redacted.text
    );
    let mut g = c.benchmark_group("redact/short");
    g.throughput(Throughput::Bytes(WITH_PII.len() as u64));
    for (name, redactor) in [("placeholder", &placeholders), ("mixed", &mixed)] {
        g.bench_with_input(BenchmarkId::new(name, "pii"), WITH_PII, |b, t| {
            b.iter(|| {
                let r = redactor.redact(&scanner, black_box(t));
                assert_eq!(r.spans.len(), n);
                r
            })
        });
    }
    g.bench_with_input(
        BenchmarkId::new("findings-only", "pii"),
        WITH_PII,
        |b, t| {
            b.iter(|| {
                let r = placeholders.redact_findings(black_box(t), &findings);
                assert_eq!(r.text, redacted.text);
                r
            })
        },
    );
    g.throughput(Throughput::Bytes(CLEAN.len() as u64));
    g.bench_with_input(BenchmarkId::new("placeholder", "clean"), CLEAN, |b, t| {
        b.iter(|| {
            let r = placeholders.redact(&scanner, black_box(t));
            assert!(r.spans.is_empty());
            r
        })
    });
    g.finish();
}

fn bench_build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    g.bench_function("default", |b| {
        b.iter(|| discreet::ScannerBuilder::new().build().expect("builds"))
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_scan,
    bench_disguised,
    bench_hostile,
    bench_redact,
    bench_build
);
criterion_main!(benches);
