//! What a fresh process pays before its first answer: building the default scanner, the
//! first `classify` (which compiles the verdict phrases), and the first scan of a tweet
//! with a phone number (numbering-plan data).
//!
//! `cargo run --release --example cold_start` (each run is one cold process); add
//! `-- outgoing` for a brand's draft (the compose page, `discreet check --direction
//! outgoing`), which needs fewer of the verdict phrases.
//!
//! Wall-clock time on a shared machine mostly measures the neighbours; on Linux the CPU
//! time of this thread (from `/proc/thread-self/schedstat`) is printed beside it.

use std::time::{Duration, Instant};

use discreet::{Direction, Scanner};

/// Time this thread has spent on a CPU, where the system tells it (Linux).
fn cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Runs `f`, returning its result with its wall-clock and CPU time.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration, Option<Duration>) {
    let cpu = cpu_time();
    let t = Instant::now();
    let out = f();
    let wall = t.elapsed();
    let cpu = cpu.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a));
    (out, wall, cpu)
}

fn ms(wall: Duration, cpu: Option<Duration>) -> String {
    match cpu {
        Some(c) => format!(
            "{:.1} ms (cpu {:.1} ms)",
            wall.as_secs_f64() * 1e3,
            c.as_secs_f64() * 1e3
        ),
        None => format!("{:.1} ms", wall.as_secs_f64() * 1e3),
    }
}

fn main() {
    let direction = match std::env::args().nth(1).as_deref() {
        Some("outgoing") => Direction::Outgoing,
        _ => Direction::Incoming,
    };
    let (scanner, build, build_cpu) = timed(Scanner::default);
    let (verdict, first_classify, classify_cpu) = timed(|| {
        scanner.classify(
            "@AcmeAir flight UA 2231 delayed again, gate moved to B12 at 14:05 🤦‍♀️",
            direction,
        )
    });
    // The CPU clock read here advances in scheduler ticks: too coarse for these two.
    let (found, first_phone, _) =
        timed(|| scanner.scan("@AcmeAir call me at (415) 555-0132 or +44 20 7946 0958 pls"));
    let (again, second_phone, _) =
        timed(|| scanner.scan("@AcmeAir call me at (646) 555-0187 or +44 20 7946 0321 pls"));

    assert!(verdict.findings.is_empty());
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(again.len(), 2, "{again:?}");
    let total_cpu = build_cpu.zip(classify_cpu).map(|(a, b)| a + b);
    println!(
        "Scanner::default() {}, first classify ({direction:?}) {}, total {}; first scan with two phone numbers {}, next one (new numbers) {}",
        ms(build, build_cpu),
        ms(first_classify, classify_cpu),
        ms(build + first_classify, total_cpu),
        ms(first_phone, None),
        ms(second_phone, None),
    );
}
