//! `discreet serve` is wired to the service: it answers a request, shuts down on SIGTERM
//! with exit status 0, and a configuration that does not load is exit status 2.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

#[test]
fn serve_answers_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_discreet"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert!(
            log.read_line(&mut line).unwrap() > 0,
            "no address announced"
        );
        if let Some((_, a)) = line.trim_end().split_once("listening on ") {
            break a.to_string();
        }
    };
    let body = r#"{"id":"t1","text":"mail jo@example.org"}"#;
    let mut c = TcpStream::connect(&addr).unwrap();
    write!(
        c,
        "POST /v1/classify HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    c.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with(
        r#"{"id":"t1","action":"require_dm","findings":[{"start":5,"end":19,"category":"email","kind":"email","rule":"email.address","confidence":0.95}],"solicits":[],"reasons":[{"code":"discloses","category":"email","start":5,"end":19,"message":"the customer posted an email address in public: reply with a short pointer to DM and suggest deleting the tweet"}],"weighted_length":19}
"#
    ), "{response}");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(child.wait().unwrap().success());
}

#[test]
fn a_configuration_that_does_not_load_is_exit_status_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_discreet"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--config",
            "/nonexistent/serve.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("discreet: cannot read config /nonexistent/serve.toml"),
        "{err}"
    );
}
