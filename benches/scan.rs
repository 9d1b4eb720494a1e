//! Criterion benchmarks of the hot path, with byte and text throughput, against a naive
//! baseline (one `regex` per rule, run in turn, then the same validators) in the same run.
//!
//! The `realistic` groups run on generated customer-service tweets (see `corpus.rs`): one
//! corpus with data in 5% of tweets and one without, every value distinct. Before them, one
//! same-run comparison (scan, classify, the naive loop and a plain multi-pattern pass) and
//! the per-tweet latency on first sight of every value are printed.
//!
//! `cargo bench --bench scan` (add `-- --quick` for a fast smoke run).

mod corpus;

use std::cell::RefCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use discreet::validate::{Region, Validator};
use discreet::{Direction, Scanner, DEFAULT_PHONE_REGIONS};
use regex_automata::meta;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternSet};

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

/// One plain multi-pattern pass over the same rules' regexes: the floor a scanner built
/// on such a pass has to beat. It only says which rules match somewhere (no spans, no
/// validation), as the first stage of the scanner does.
struct MultiPattern {
    re: meta::Regex,
    set: RefCell<PatternSet>,
}

impl MultiPattern {
    fn new(scanner: &Scanner) -> MultiPattern {
        let patterns: Vec<&str> = scanner.rules().map(|r| r.regex()).collect();
        let re = meta::Regex::builder()
            .syntax(syntax::Config::new().unicode(false).utf8(false))
            .configure(
                meta::Config::new()
                    .match_kind(MatchKind::All)
                    .which_captures(regex_automata::nfa::thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(64 << 20))
                    .hybrid_cache_capacity(32 << 20),
            )
            .build_many(&patterns)
            .expect("the rules compile together");
        let set = RefCell::new(PatternSet::new(re.pattern_len()));
        MultiPattern { re, set }
    }

    fn count(&self, text: &str) -> usize {
        let mut set = self.set.borrow_mut();
        set.clear();
        self.re
            .which_overlapping_matches(&Input::new(text), &mut set);
        set.len()
    }
}

/// Tweets per corpus in the criterion groups and in the same-run comparison.
const REALISTIC_TWEETS: usize = 20_000;

/// Seeds: the measured corpora, a warm-up corpus, and fresh ones for the latency runs.
const SEED_DATA: u64 = 0x5EED_0005;
const SEED_CLEAN: u64 = 0x5EED_0000;
const SEED_WARM: u64 = 0x5EED_1111;
const SEED_FRESH: u64 = 0x5EED_2222;

fn tweets_per_second(texts: &[String], mut f: impl FnMut(&str) -> usize) -> (f64, usize) {
    let t = Instant::now();
    let n: usize = texts.iter().map(|x| f(black_box(x))).sum();
    (texts.len() as f64 / t.elapsed().as_secs_f64(), n)
}

/// p50, p99, p99.9 and max of one call per text, each text timed alone.
fn latencies(texts: &[String], mut f: impl FnMut(&str)) -> [Duration; 4] {
    let mut d: Vec<Duration> = texts
        .iter()
        .map(|x| {
            let t = Instant::now();
            f(black_box(x));
            t.elapsed()
        })
        .collect();
    d.sort();
    let at = |q: f64| d[((d.len() as f64 * q) as usize).min(d.len() - 1)];
    [at(0.50), at(0.99), at(0.999), d[d.len() - 1]]
}

fn micros(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

/// Whether the command line filters benchmarks to ones outside `group`, or asks for a
/// profiling run: the printed comparison is then skipped (it takes a few seconds).
fn filtered_out(group: &str) -> bool {
    // Under a profiler (`--profile-time N`) only the benchmark itself should be sampled.
    if std::env::args().any(|a| a == "--profile-time") {
        return true;
    }
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    !filters.is_empty()
        && !filters
            .iter()
            .any(|f| group.contains(f.as_str()) || f.contains(group))
}

/// The same-run comparison and latency report, printed once. Indicative only (one timing
/// loop each, same process); the criterion groups below are the reference numbers.
fn print_realistic_report(scanner: &Scanner, naive: &Naive, multi: &MultiPattern) {
    let n = REALISTIC_TWEETS;
    let data = corpus::tweets(n, 5, SEED_DATA);
    let clean = corpus::tweets(n, 0, SEED_CLEAN);
    // Warm up once on other tweets: the lazy DFAs' caches, lazily compiled rule regexes and
    // phrases. What is measured below is a long-running process, not a cold start.
    for t in corpus::tweets(2_000, 5, SEED_WARM) {
        black_box(scanner.classify(&t, Direction::Incoming));
    }
    // Latency first, before any of these values has been seen.
    let fresh = corpus::tweets(n, 5, SEED_FRESH);
    let [p50, p99, p999, max] = latencies(&fresh, |t| {
        black_box(scanner.scan(t));
    });
    let fresh2 = corpus::tweets(n, 5, SEED_FRESH + 1);
    let [c50, c99, c999, cmax] = latencies(&fresh2, |t| {
        black_box(scanner.classify(t, Direction::Incoming));
    });
    println!("\n== realistic tweets: indicative same-run figures ({n} tweets per corpus, one call per tweet, one thread; criterion numbers are the reference) ==");
    println!(
        "per-tweet latency, 5%-data corpus, first sight of every value: scan p50 {} p99 {} p99.9 {} max {}; classify p50 {} p99 {} p99.9 {} max {}",
        micros(p50), micros(p99), micros(p999), micros(max), micros(c50), micros(c99), micros(c999), micros(cmax)
    );
    println!(
        "{:<12} {:>12} {:>14} {:>12} {:>12} {:>11} {:>11} {:>14} {:>9}",
        "corpus",
        "naive t/s",
        "multi-pass t/s",
        "scan t/s",
        "classify t/s",
        "scan/naive",
        "scan/multi",
        "classify/scan",
        "findings"
    );
    for (name, texts) in [("data-5pct", &data), ("clean", &clean)] {
        // Interleaved, so that a noisy neighbour hurts every column alike.
        let (naive_tps, _) = tweets_per_second(texts, |t| naive.count(t));
        let (multi_tps, _) = tweets_per_second(texts, |t| multi.count(t));
        let (scan_tps, found) = tweets_per_second(texts, |t| scanner.scan(t).len());
        let (classify_tps, _) = tweets_per_second(texts, |t| {
            scanner.classify(t, Direction::Incoming).findings.len()
        });
        println!(
            "{name:<12} {:>12.0} {:>14.0} {:>12.0} {:>12.0} {:>10.1}x {:>10.2}x {:>13.2}x {found:>9}",
            naive_tps,
            multi_tps,
            scan_tps,
            classify_tps,
            scan_tps / naive_tps,
            scan_tps / multi_tps,
            scan_tps / classify_tps,
        );
    }
    println!();
}

/// With `DISCREET_BENCH_CORPUS=path` (and optionally `DISCREET_BENCH_TWEETS=n`), writes the
/// realistic 5%-data corpus to `path` as JSON Lines (`{"id","text"}`) and exits: the input
/// for profiling `discreet scan` end to end on the same tweets.
fn write_corpus_if_asked() {
    let Some(path) = std::env::var_os("DISCREET_BENCH_CORPUS") else {
        return;
    };
    let n = std::env::var("DISCREET_BENCH_TWEETS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200_000);
    let mut out = String::new();
    for (i, t) in corpus::tweets(n, 5, SEED_DATA).iter().enumerate() {
        let line = serde_json::json!({ "id": i.to_string(), "text": t });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(&path, out).expect("the corpus file can be written");
    eprintln!("wrote {n} tweets to {}", path.to_string_lossy());
    std::process::exit(0);
}

/// Throughput on realistic tweets, per tweet (Elements) and per byte.
fn bench_realistic(c: &mut Criterion) {
    write_corpus_if_asked();
    let scanner = Scanner::default();
    let naive = Naive::new(&scanner);
    let multi = MultiPattern::new(&scanner);
    if !filtered_out("realistic") {
        print_realistic_report(&scanner, &naive, &multi);
    }
    let corpora = [
        ("data-5pct", corpus::tweets(REALISTIC_TWEETS, 5, SEED_DATA)),
        ("clean", corpus::tweets(REALISTIC_TWEETS, 0, SEED_CLEAN)),
    ];
    for (name, texts) in &corpora {
        let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
        let expected: usize = texts.iter().map(|t| scanner.scan(t).len()).sum();
        if *name == "data-5pct" {
            assert!(expected > 0, "the data corpus holds data");
        }
        for (group, throughput, with_naive) in [
            (
                "realistic/tweets",
                Throughput::Elements(texts.len() as u64),
                true,
            ),
            ("realistic/bytes", Throughput::Bytes(bytes), false),
        ] {
            let mut g = c.benchmark_group(group);
            g.throughput(throughput);
            g.sample_size(10);
            g.bench_function(BenchmarkId::new("scan", name), |b| {
                b.iter(|| {
                    let n: usize = texts.iter().map(|t| scanner.scan(black_box(t)).len()).sum();
                    assert_eq!(n, expected);
                    n
                })
            });
            g.bench_function(BenchmarkId::new("classify", name), |b| {
                b.iter(|| {
                    texts
                        .iter()
                        .map(|t| {
                            scanner
                                .classify(black_box(t), Direction::Incoming)
                                .findings
                                .len()
                        })
                        .sum::<usize>()
                })
            });
            g.bench_function(BenchmarkId::new("multi-pattern", name), |b| {
                b.iter(|| {
                    texts
                        .iter()
                        .map(|t| multi.count(black_box(t)))
                        .sum::<usize>()
                })
            });
            if with_naive {
                g.bench_function(BenchmarkId::new("naive", name), |b| {
                    b.iter(|| {
                        texts
                            .iter()
                            .map(|t| naive.count(black_box(t)))
                            .sum::<usize>()
                    })
                });
            }
            g.finish();
        }
    }
}

/// Phone validation on numbers never seen before in the process: the cost a real archive
/// pays, where numbers rarely repeat.
fn bench_phone_first_sight(c: &mut Criterion) {
    let numbers = corpus::phone_numbers(200_000, 0xF0_4E);
    if !filtered_out("validate") {
        let sample = corpus::phone_numbers(2_000, 0xF1_57);
        let t = Instant::now();
        let valid = sample
            .iter()
            .filter(|p| Validator::Phone.check(p, &DEFAULT_PHONE_REGIONS))
            .count();
        println!(
            "\n== phone validation, first sight: {} per number (mean over {} distinct numbers, {valid} valid; indicative) ==\n",
            micros(t.elapsed() / sample.len() as u32),
            sample.len()
        );
    }
    let mut g = c.benchmark_group("validate");
    g.throughput(Throughput::Elements(1));
    let mut next = 0;
    g.bench_function("phone_first_sight", |b| {
        b.iter(|| {
            // A new number on every iteration (the pool is far larger than any memo).
            let p = &numbers[next % numbers.len()];
            next += 1;
            Validator::Phone.check(black_box(p), &DEFAULT_PHONE_REGIONS)
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_realistic,
    bench_phone_first_sight,
    bench_scan,
    bench_disguised,
    bench_hostile,
    bench_redact,
    bench_build
);
criterion_main!(benches);
