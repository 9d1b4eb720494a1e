//! The real binary as a child process: SIGHUP reloads without dropping requests (and keeps
//! the old configuration when the new one is bad), SIGTERM finishes the requests in flight.

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// The child, its address, and its log lines as they come.
struct Server {
    child: Child,
    addr: SocketAddr,
    log: mpsc::Receiver<String>,
}

impl Server {
    fn start(config: &std::path::Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_discreet-serve"))
            .args(["--verbose", "--listen", "127.0.0.1:0", "--config"])
            .arg(config)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let (tx, log) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut s = Server {
            child,
            addr: "0.0.0.0:0".parse().unwrap(),
            log,
        };
        let line = s.wait_for("listening on ");
        s.addr = line.rsplit(' ').next().unwrap().parse().unwrap();
        s
    }

    /// The first log line containing `needle` (within 30 s).
    fn wait_for(&mut self, needle: &str) -> String {
        let end = Instant::now() + Duration::from_secs(30);
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.log.recv_timeout(left) {
                Ok(l) if l.contains(needle) => return l,
                Ok(_) => {}
                Err(_) => panic!("no log line with {needle:?}"),
            }
        }
    }

    fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{name}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const BODY: &str = "{\"text\":\"write dana.lee@acme.example or jo@example.org\"}";

async fn findings(addr: SocketAddr) -> usize {
    let r = post_json(addr, "/v1/classify", BODY).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["findings"].as_array().unwrap().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_reloads_without_dropping_requests_and_keeps_a_good_config_over_a_bad_one() {
    let dir = TempDir::new("sighup");
    let config = dir.write("serve.toml", "allow = [\"dana.lee@acme.example\"]\n");
    let mut s = Server::start(&config);
    assert_eq!(findings(s.addr).await, 1);

    // Requests keep flowing through every reload: none fails.
    let addr = s.addr;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop2 = stop.clone();
    let traffic = tokio::spawn(async move {
        let mut n = 0;
        while !stop2.load(std::sync::atomic::Ordering::Relaxed) {
            let r = post_json(addr, "/v1/classify", BODY).await;
            assert_eq!(r.status, 200, "{}", r.text());
            n += 1;
        }
        n
    });

    dir.write("serve.toml", "allow = []\n");
    s.signal("HUP");
    s.wait_for("configuration reloaded");
    assert_eq!(findings(s.addr).await, 2);

    dir.write("serve.toml", "allow = [\n");
    s.signal("HUP");
    let why = s.wait_for("keeping the running one");
    assert!(why.contains("serve.toml"), "{why}");
    assert!(!why.contains("example"), "the log quotes a value: {why}");
    assert_eq!(findings(s.addr).await, 2);

    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let served = traffic.await.unwrap();
    assert!(served > 0);
    assert_reloads(s.addr, 1, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_every_request_in_flight() {
    let dir = TempDir::new("sigterm");
    let config = dir.write("serve.toml", "[limits]\ntimeout-ms = 20000\n");
    let mut s = Server::start(&config);
    let addr = s.addr;
    // Twenty requests whose bodies arrive over ~600 ms, all started before the signal.
    let body = BODY.as_bytes();
    let mut conns = Vec::new();
    for _ in 0..20 {
        let mut c = TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        c.write_all(head.as_bytes()).await.unwrap();
        c.write_all(&body[..10]).await.unwrap();
        conns.push(c);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    s.signal("TERM");
    s.wait_for("SIGTERM");
    let tasks: Vec<_> = conns
        .into_iter()
        .map(|mut c| {
            tokio::spawn(async move {
                for chunk in body[10..].chunks(10) {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    c.write_all(chunk).await.unwrap();
                }
                read_response(&mut c).await
            })
        })
        .collect();
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["findings"].as_array().unwrap().len(), 2);
    }
    let (status, s) = tokio::task::spawn_blocking(move || {
        let end = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(st) = s.child.try_wait().unwrap() {
                return (st, s);
            }
            assert!(Instant::now() < end, "still running after SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    })
    .await
    .unwrap();
    assert!(status.success(), "{status:?}");
    assert!(TcpStream::connect(addr).await.is_err());
    // Every request was logged (--verbose), and no log line carries a text or a value.
    let log: Vec<String> = s.log.try_iter().collect();
    let requests = log
        .iter()
        .filter(|l| l.contains("request") && l.contains("status=200"))
        .count();
    assert_eq!(requests, 20, "{log:#?}");
    for l in &log {
        assert!(!l.contains("example") && !l.contains("write"), "{l}");
    }
}
