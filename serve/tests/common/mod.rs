//! A small HTTP/1.1 client over a raw TCP stream (one request per connection), and helpers
//! to start the service in-process on an ephemeral loopback port.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use discreet_serve::{Handle, ServeArgs, Service};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A response as read off the wire.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body ended as its framing said (false: the server cut it off).
    pub complete: bool,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("the body is UTF-8")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }
}

/// A running in-process service.
pub struct Running {
    pub addr: SocketAddr,
    pub handle: Handle,
    pub task: tokio::task::JoinHandle<Result<(), discreet_serve::Error>>,
}

pub async fn start(mut args: ServeArgs) -> Running {
    args.listen = Some("127.0.0.1:0".parse().unwrap());
    let service = Service::bind(args).await.expect("the service starts");
    let addr = service.local_addr();
    let handle = service.handle();
    let task = tokio::spawn(service.serve());
    Running { addr, handle, task }
}

/// The bytes of a request with a body and `Connection: close`.
pub fn request_bytes(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut r = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (k, v) in headers {
        r.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        r.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    r.push_str("\r\n");
    let mut bytes = r.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    raw(addr, &request_bytes(method, path, headers, body)).await
}

pub async fn post_json(addr: SocketAddr, path: &str, body: &str) -> Resp {
    send(
        addr,
        "POST",
        path,
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
    .await
}

/// A JSON Lines batch to `path` (`/v1/scan`, with or without a query).
pub async fn post_ndjson(addr: SocketAddr, path: &str, body: &[u8]) -> Resp {
    send(
        addr,
        "POST",
        path,
        &[("Content-Type", "application/x-ndjson")],
        body,
    )
    .await
}

pub async fn get(addr: SocketAddr, path: &str) -> Resp {
    send(addr, "GET", path, &[], b"").await
}

/// Asserts the reload counters `/metrics` shows: `ok` reloads that took, `failed` ones
/// that kept the running configuration.
pub async fn assert_reloads(addr: SocketAddr, ok: u64, failed: u64) {
    let m = get(addr, "/metrics").await.text();
    for (result, n) in [("ok", ok), ("failed", failed)] {
        let want = format!("discreet_config_reloads_total{{result=\"{result}\"}} {n}");
        assert!(m.contains(&want), "{want} not in {m}");
    }
}

/// Sends raw request bytes and reads the response until the server closes.
pub async fn raw(addr: SocketAddr, request: &[u8]) -> Resp {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.write_all(request).await.expect("write the request");
    read_response(&mut s).await
}

pub async fn read_response(s: &mut TcpStream) -> Resp {
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(60), s.read_to_end(&mut buf)).await;
    // A reset after the response was written still leaves the response in `buf`.
    let _ = read.expect("the server answers within 60 s");
    parse(&buf)
}

pub fn parse(raw: &[u8]) -> Resp {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..end]).expect("the head is ASCII");
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let rest = &raw[end + 4..];
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let (body, complete) = if chunked {
        dechunk(rest)
    } else {
        (rest.to_vec(), true)
    };
    Resp {
        status,
        headers,
        body,
        complete,
    }
}

fn dechunk(mut rest: &[u8]) -> (Vec<u8>, bool) {
    let mut body = Vec::new();
    loop {
        let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") else {
            return (body, false);
        };
        let size = std::str::from_utf8(&rest[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.trim(), 16).ok());
        let Some(size) = size else {
            return (body, false);
        };
        if size == 0 {
            return (body, true);
        }
        rest = &rest[eol + 2..];
        if rest.len() < size + 2 {
            body.extend_from_slice(&rest[..rest.len().min(size)]);
            return (body, false);
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

/// A temporary directory for config, policy, key and token files, removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("discreet-serve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn write(&self, name: &str, content: &str) -> std::path::PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, content).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The scan lines the library writes for JSON Lines input: what the service must answer.
pub fn expected_lines(input: &str) -> String {
    let scanner = discreet::Scanner::default();
    let opts = discreet::line::LineOptions::default();
    let mut out = Vec::new();
    for (i, l) in input.lines().enumerate() {
        discreet::line::judge_line(&scanner, l.as_bytes(), i as u64 + 1, &opts, &mut out);
    }
    String::from_utf8(out).unwrap()
}

/// Real-looking tweets: some clean, some with data, some asking for it.
pub const TWEETS: [&str; 8] = [
    "@AcmeAir my card 4111 1111 1111 1111 was charged twice!!",
    "flight AA100 delayed again, 3 hours at the gate #fail",
    "@AcmeAir call me back on 415-555-0132 please",
    "love the new lounge ✈️ thanks @AcmeAir",
    "my email is jane.doe@example.org, order 12345678 never arrived",
    "can you DM me? it's about my booking",
    "😡😡 lost my bag in Denver, nobody answers",
    "write me at jane dot doe at example dot com",
];
