//! A bounded, loopback-only load generator for `discreet serve` (run by
//! `scripts/load-serve.sh`).
//!
//! Phase 1 posts the tweets of a JSON Lines file to `/v1/scan` in batches and reports
//! tweets/s. Phase 2 sends `/v1/classify` requests over a fixed number of keep-alive
//! connections and reports p50/p99/p99.9 latency, next to the service's own histogram for
//! the same requests. Both phases stop at a request count or a time limit.
//!
//! Phase 2 runs in one of two modes, and says which:
//! - **closed loop** (PACE 0): each connection sends its next request as soon as it has
//!   the answer to the last. The rate is whatever the service sustains, and latency is then
//!   mostly queueing: by Little's law, mean latency = connections / throughput, so 64
//!   connections at 50,000 req/s average 1.3 ms however fast one request is served.
//! - **open loop** (PACE > 0 requests/s per connection): each connection sends on a fixed
//!   schedule whether or not its earlier answers have come (HTTP/1.1 pipelining), so a slow
//!   answer delays no later send and cannot hide itself ("coordinated omission"). Latency
//!   is measured from the moment a request is written. The timer wakes senders up to about
//!   a millisecond late; that lateness is reported apart as the send lag, since the service
//!   never saw those requests earlier.
//!
//! The generator is kept light, as it shares the machine with the service: one thread,
//! requests formatted once up front, responses parsed in place.
//!
//! Usage: `load ADDR TWEETS.jsonl [CONCURRENCY=64] [CLASSIFY_REQUESTS=50000] [BATCH=1000] [PACE=0]`
//! (phase 1 runs only without a PACE, and not with BATCH 0).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::TcpStream;

/// Neither phase runs longer than this.
const TIME_LIMIT: Duration = Duration::from_secs(60);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: load ADDR TWEETS.jsonl [CONCURRENCY] [CLASSIFY_REQUESTS] [BATCH] [PACE]");
        std::process::exit(2);
    }
    let addr: SocketAddr = args[1].parse().expect("ADDR is host:port");
    assert!(
        addr.ip().is_loopback(),
        "the load test only targets loopback"
    );
    let tweets = std::fs::read_to_string(&args[2]).expect("read the tweets");
    let lines: Vec<&str> = tweets.lines().filter(|l| !l.is_empty()).collect();
    let arg = |i: usize, d: usize| args.get(i).map_or(d, |s| s.parse().expect("a number"));
    let (concurrency, requests, batch) = (arg(3, 64), arg(4, 50_000), arg(5, 1_000));
    let pace = arg(6, 0);
    // One thread: the generator takes at most one core from the service.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        if pace == 0 && batch > 0 {
            scan_phase(addr, &lines, batch).await;
        }
        classify_phase(addr, &lines, concurrency, requests, pace).await;
    });
}

async fn scan_phase(addr: SocketAddr, lines: &[&str], batch: usize) {
    let bodies: Vec<String> = lines.chunks(batch).map(|c| c.join("\n") + "\n").collect();
    // Two batches in flight: one per core of the machine this was written for.
    let next = Arc::new(AtomicUsize::new(0));
    let bodies = Arc::new(bodies);
    let start = Instant::now();
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (next, bodies) = (next.clone(), bodies.clone());
            tokio::spawn(async move {
                let mut items = 0;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= bodies.len() || start.elapsed() > TIME_LIMIT {
                        return items;
                    }
                    let mut c = TcpStream::connect(addr).await.unwrap();
                    let head = format!(
                        "POST /v1/scan HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-ndjson\r\nContent-Length: {}\r\n\r\n",
                        bodies[i].len()
                    );
                    c.write_all(head.as_bytes()).await.unwrap();
                    c.write_all(bodies[i].as_bytes()).await.unwrap();
                    let mut out = Vec::new();
                    c.read_to_end(&mut out).await.unwrap();
                    let text = String::from_utf8_lossy(&out);
                    assert!(text.starts_with("HTTP/1.1 200"), "scan failed: {}", &text[..text.len().min(200)]);
                    let body = &text[text.find("\r\n\r\n").unwrap() + 4..];
                    items += body.matches("\"action\":").count();
                }
            })
        })
        .collect();
    let mut items = 0;
    for w in workers {
        items += w.await.unwrap();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "/v1/scan      {items} tweets in {secs:.2} s: {:.0} tweets/s",
        items as f64 / secs
    );
}

/// Reads HTTP/1.1 responses off a keep-alive connection, one at a time, in order.
struct Responses {
    rd: OwnedReadHalf,
    buf: Vec<u8>,
}

impl Responses {
    fn new(rd: OwnedReadHalf) -> Responses {
        Responses {
            rd,
            buf: Vec::with_capacity(16 << 10),
        }
    }

    /// Waits for the next whole response, checks it is a 200 and drops it.
    async fn next(&mut self) {
        loop {
            if let Some(n) = self.complete() {
                self.buf.drain(..n);
                return;
            }
            let got = self.rd.read_buf(&mut self.buf).await.unwrap();
            assert!(got > 0, "the service closed the connection");
        }
    }

    /// The length of the first response in the buffer, when all of it is there.
    fn complete(&self) -> Option<usize> {
        let head = self.buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
        let text = std::str::from_utf8(&self.buf[..head]).expect("an ASCII head");
        assert!(
            text.starts_with("HTTP/1.1 200"),
            "classify failed: {}",
            text.lines().next().unwrap_or("")
        );
        let len: usize = text
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse().unwrap())
            })
            .expect("a Content-Length");
        (self.buf.len() >= head + len).then_some(head + len)
    }
}

/// Per request: latency from the write, and (open loop) how late the write was.
#[derive(Default)]
struct Samples {
    latency: Vec<Duration>,
    send_lag: Vec<Duration>,
}

async fn classify_phase(
    addr: SocketAddr,
    lines: &[&str],
    concurrency: usize,
    requests: usize,
    pace: usize,
) {
    let interval = (pace > 0).then(|| Duration::from_secs(1) / pace as u32);
    let reqs: Arc<Vec<Vec<u8>>> = Arc::new(
        lines
            .iter()
            .map(|body| {
                format!(
                    "POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                )
                .into_bytes()
            })
            .collect(),
    );
    let before = classify_histogram(addr).await;
    let sent = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let clients: Vec<_> = (0..concurrency)
        .map(|k| {
            let (reqs, sent) = (reqs.clone(), sent.clone());
            tokio::spawn(async move {
                let c = TcpStream::connect(addr).await.unwrap();
                c.set_nodelay(true).unwrap();
                let (rd, wr) = c.into_split();
                let rd = Responses::new(rd);
                let more = move || {
                    sent.fetch_add(1, Ordering::Relaxed) < requests && start.elapsed() < TIME_LIMIT
                };
                match interval {
                    None => closed_loop(rd, wr, &reqs, k, concurrency, more).await,
                    Some(d) => {
                        // Connections start spread over one interval, not all at once.
                        let first = Instant::now() + d * k as u32 / concurrency as u32;
                        open_loop(rd, wr, reqs, k, concurrency, more, first, d).await
                    }
                }
            })
        })
        .collect();
    let mut all = Samples::default();
    for c in clients {
        let s = c.await.unwrap();
        all.latency.extend(s.latency);
        all.send_lag.extend(s.send_lag);
    }
    let secs = start.elapsed().as_secs_f64();
    let after = classify_histogram(addr).await;
    let n = all.latency.len();
    let mode = match pace {
        0 => "closed loop".to_string(),
        p => format!(
            "open loop, {p} req/s each = {} req/s offered",
            p * concurrency
        ),
    };
    println!(
        "/v1/classify  {n} requests, {concurrency} connections ({mode}), {secs:.2} s: {:.0} req/s",
        n as f64 / secs
    );
    println!(
        "  client, from the write:     {}",
        quantiles(&mut all.latency)
    );
    if pace > 0 {
        println!(
            "  send lag (timer lateness):  {}",
            quantiles(&mut all.send_lag)
        );
    }
    if let (Some(b), Some(a)) = (before, after) {
        println!("  server, arrival to end:    {}", server_quantiles(&b, &a));
    }
}

async fn closed_loop(
    mut rd: Responses,
    mut wr: tokio::net::tcp::OwnedWriteHalf,
    reqs: &[Vec<u8>],
    k: usize,
    step: usize,
    more: impl Fn() -> bool,
) -> Samples {
    let mut s = Samples::default();
    let mut i = k;
    while more() {
        let t = Instant::now();
        wr.write_all(&reqs[i % reqs.len()]).await.unwrap();
        rd.next().await;
        s.latency.push(t.elapsed());
        i += step;
    }
    s
}

#[allow(clippy::too_many_arguments)]
async fn open_loop(
    mut rd: Responses,
    mut wr: tokio::net::tcp::OwnedWriteHalf,
    reqs: Arc<Vec<Vec<u8>>>,
    k: usize,
    step: usize,
    more: impl Fn() -> bool + Send + 'static,
    first: Instant,
    every: Duration,
) -> Samples {
    // The sender never waits for an answer; it tells the reader when each request went.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Instant, Duration)>();
    let sender = tokio::spawn(async move {
        let mut next = first;
        let mut i = k;
        while more() {
            tokio::time::sleep_until(next.into()).await;
            let t = Instant::now();
            wr.write_all(&reqs[i % reqs.len()]).await.unwrap();
            let _ = tx.send((t, t - next));
            next += every;
            i += step;
        }
        wr
    });
    let mut s = Samples::default();
    while let Some((t, lag)) = rx.recv().await {
        rd.next().await;
        s.latency.push(t.elapsed());
        s.send_lag.push(lag);
    }
    // The write half lives until every answer is read: dropping it would close the socket.
    drop(sender.await.unwrap());
    s
}

fn quantiles(d: &mut [Duration]) -> String {
    if d.is_empty() {
        return "no samples".into();
    }
    d.sort_unstable();
    let q = |p: f64| d[((d.len() as f64 * p) as usize).min(d.len() - 1)].as_secs_f64() * 1e3;
    format!(
        "p50 {:.3} ms, p99 {:.3} ms, p99.9 {:.3} ms, max {:.3} ms",
        q(0.50),
        q(0.99),
        q(0.999),
        q(1.0)
    )
}

/// The service's cumulative `/v1/classify` latency buckets, as (upper bound in seconds,
/// count), from `/metrics`.
async fn classify_histogram(addr: SocketAddr) -> Option<Vec<(f64, u64)>> {
    let mut c = TcpStream::connect(addr).await.ok()?;
    c.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .ok()?;
    let mut out = String::new();
    c.read_to_string(&mut out).await.ok()?;
    let prefix = "discreet_http_request_duration_seconds_bucket{route=\"/v1/classify\",le=\"";
    Some(
        out.lines()
            .filter_map(|l| {
                let rest = l.strip_prefix(prefix)?;
                let (le, n) = rest.split_once("\"} ")?;
                let le = if le == "+Inf" {
                    f64::INFINITY
                } else {
                    le.parse().ok()?
                };
                Some((le, n.parse().ok()?))
            })
            .collect(),
    )
}

/// Quantiles of the requests counted between two histogram readings, each as the bucket
/// bound it falls under ("≤ 0.25 ms"): the service's own view, from the moment its router
/// sees a request to the last byte of the response handed to the socket.
fn server_quantiles(before: &[(f64, u64)], after: &[(f64, u64)]) -> String {
    let at = |h: &[(f64, u64)], le: f64| h.iter().find(|(b, _)| *b == le).map_or(0, |(_, n)| *n);
    let diff: Vec<(f64, u64)> = after
        .iter()
        .map(|&(le, n)| (le, n - at(before, le)))
        .collect();
    let total = diff.last().map_or(0, |d| d.1);
    if total == 0 {
        return "no requests counted".into();
    }
    let q = |p: f64| {
        let want = (total as f64 * p).ceil() as u64;
        let le = diff
            .iter()
            .find(|d| d.1 >= want)
            .map_or(f64::INFINITY, |d| d.0);
        format!("<= {} ms", le * 1e3)
    };
    let under_1ms = diff.iter().find(|d| d.0 == 0.001).map_or(0, |d| d.1);
    format!(
        "p50 {}, p99 {}, p99.9 {} ({:.2}% of {total} within 1 ms)",
        q(0.50),
        q(0.99),
        q(0.999),
        100.0 * under_1ms as f64 / total as f64
    )
}
