//! A bounded, loopback-only load generator for `discreet serve` (run by
//! `scripts/load-serve.sh`).
//!
//! Phase 1 posts the tweets of a JSON Lines file to `/v1/scan` in batches and reports
//! tweets/s. Phase 2 sends `/v1/classify` requests from a fixed number of clients, each on
//! its own keep-alive connection, and reports p50/p99/p99.9 latency. Both phases stop at a
//! request count or a time limit, whichever comes first.
//!
//! With a PACE (requests per second per client), each client sends on a fixed schedule and
//! latency is measured from the scheduled time, so a slow answer is not hidden by the
//! requests it delayed; without one (0), each client sends as soon as it has its answer,
//! and latency is then mostly queueing (clients / throughput).
//!
//! Usage: `load ADDR TWEETS.jsonl [CONCURRENCY=64] [CLASSIFY_REQUESTS=50000] [BATCH=1000] [PACE=0]`

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Neither phase runs longer than this.
const TIME_LIMIT: Duration = Duration::from_secs(60);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: load ADDR TWEETS.jsonl [CONCURRENCY] [CLASSIFY_REQUESTS] [BATCH]");
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
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        if pace == 0 {
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

async fn classify_phase(
    addr: SocketAddr,
    lines: &[&str],
    concurrency: usize,
    requests: usize,
    pace: usize,
) {
    let interval = (pace > 0).then(|| Duration::from_secs(1) / pace as u32);
    let lines: Arc<Vec<String>> = Arc::new(lines.iter().map(|s| s.to_string()).collect());
    let sent = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let clients: Vec<_> = (0..concurrency)
        .map(|k| {
            let (lines, sent) = (lines.clone(), sent.clone());
            tokio::spawn(async move {
                let c = TcpStream::connect(addr).await.unwrap();
                c.set_nodelay(true).unwrap();
                let (rd, mut wr) = c.into_split();
                let mut rd = BufReader::new(rd);
                let mut lat = Vec::new();
                let mut i = k;
                // Clients start spread over one interval, not all at once.
                let mut next = Instant::now() + interval.map_or(Duration::ZERO, |d| d * k as u32 / concurrency as u32);
                while sent.fetch_add(1, Ordering::Relaxed) < requests && start.elapsed() < TIME_LIMIT {
                    let body = &lines[i % lines.len()];
                    i += concurrency;
                    let req = format!(
                        "POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    let t = match interval {
                        Some(d) => {
                            tokio::time::sleep_until(next.into()).await;
                            let scheduled = next;
                            next += d;
                            scheduled
                        }
                        None => Instant::now(),
                    };
                    wr.write_all(req.as_bytes()).await.unwrap();
                    let mut len = 0;
                    let mut line = String::new();
                    rd.read_line(&mut line).await.unwrap();
                    assert!(line.starts_with("HTTP/1.1 200"), "classify failed: {line}");
                    loop {
                        line.clear();
                        rd.read_line(&mut line).await.unwrap();
                        if line == "\r\n" {
                            break;
                        }
                        if let Some((k, v)) = line.split_once(':') {
                            if k.eq_ignore_ascii_case("content-length") {
                                len = v.trim().parse().unwrap();
                            }
                        }
                    }
                    let mut body = vec![0; len];
                    rd.read_exact(&mut body).await.unwrap();
                    lat.push(t.elapsed());
                }
                lat
            })
        })
        .collect();
    let mut lat = Vec::new();
    for c in clients {
        lat.extend(c.await.unwrap());
    }
    let secs = start.elapsed().as_secs_f64();
    lat.sort();
    let q = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)].as_secs_f64() * 1e3;
    println!(
        "/v1/classify  {} requests at {concurrency} clients ({}) in {secs:.2} s: {:.0} req/s, p50 {:.3} ms, p99 {:.3} ms, p99.9 {:.3} ms",
        lat.len(),
        if pace == 0 { "closed loop".to_string() } else { format!("{pace} req/s each") },
        lat.len() as f64 / secs,
        q(0.50),
        q(0.99),
        q(0.999)
    );
}
