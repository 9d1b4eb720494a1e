//! The service in-process on an ephemeral loopback port, called over real TCP: every
//! endpoint, every limit, malformed and mistyped requests, auth, reload, shutdown, load.

mod common;

use std::time::{Duration, Instant};

use common::*;
use discreet_serve::ServeArgs;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

fn args() -> ServeArgs {
    ServeArgs::default()
}

#[tokio::test]
async fn classify_answers_exactly_the_scan_line() {
    let s = start(args()).await;
    for (i, t) in TWEETS.iter().enumerate() {
        let item = serde_json::json!({"id": i, "text": t}).to_string();
        let r = post_json(s.addr, "/v1/classify", &item).await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.text(), expected_lines(&item));
    }
    // Direction, and an id of any JSON type, as in the contract.
    let r = post_json(
        s.addr,
        "/v1/classify",
        r#"{"id":{"ticket":7},"text":"So sorry! Can you reply with your order number and the email on the account?","direction":"outgoing"}"#,
    )
    .await;
    let v = r.json();
    assert_eq!(v["id"], serde_json::json!({"ticket": 7}));
    assert_eq!(v["action"], "suggest_dm");
    assert_eq!(v["solicits"], serde_json::json!(["email", "purchase"]));
}

#[tokio::test]
async fn a_body_in_several_chunks_is_read_whole() {
    let s = start(args()).await;
    let item = r#"{"id":"t1","text":"call +1 415 555 0132 or mail jo@example.org"}"#;
    let mut req = b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for part in [&item[..10], &item[10..31], &item[31..]] {
        req.extend_from_slice(format!("{:x}\r\n{part}\r\n", part.len()).as_bytes());
    }
    req.extend_from_slice(b"0\r\n\r\n");
    let r = raw(s.addr, &req).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.text(), expected_lines(item));
}

#[tokio::test]
async fn redact_uses_the_named_policy() {
    let dir = TempDir::new("redact");
    let policy = dir.write("masked.toml", "default = \"mask\"\n");
    let mut a = args();
    a.policies.push(("masked".into(), policy));
    let s = start(a).await;
    let r = post_json(
        s.addr,
        "/v1/redact",
        r#"{"id":"t1","text":"mail jo@example.org now"}"#,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["redacted"], "mail [EMAIL] now");
    assert_eq!(v["action"], "require_dm");
    let r = post_json(
        s.addr,
        "/v1/redact",
        r#"{"text":"mail jo@example.org now","policy":"masked"}"#,
    )
    .await;
    let red = r.json()["redacted"].as_str().unwrap().to_string();
    assert!(
        red.starts_with("mail ") && red.ends_with(" now") && !red.contains("jo@example.org"),
        "{red}"
    );
    assert!(!red.contains("[EMAIL]"), "{red}");
    // An unknown policy or a policy of the wrong type is a 400 listing the known names.
    let r = post_json(
        s.addr,
        "/v1/redact",
        r#"{"text":"mail jo@example.org","policy":"nope"}"#,
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"],
        "unknown policy; configured: default, masked"
    );
    let r = post_json(s.addr, "/v1/redact", r#"{"text":"x","policy":3}"#).await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn the_brand_profile_comes_from_the_flag_or_the_config_file() {
    let dir = TempDir::new("brand");
    let brand = dir.write(
        "acme.toml",
        "domains = ['acme-air.com']\nphones = ['(512) 555-0170']\n",
    );
    let item = r#"{"text":"Maria will help: maria.lopez@acme-air.com or (512) 555-0170","direction":"outgoing"}"#;
    let s = start(args()).await;
    let v = post_json(s.addr, "/v1/classify", item).await.json();
    assert_eq!(
        v["action"], "require_dm",
        "without the profile it discloses: {v}"
    );
    let mut flag = args();
    flag.scanner.brand = Some(brand);
    // A relative path in the file is relative to the file.
    let mut file = args();
    file.config = Some(dir.write("serve.toml", "brand = \"acme.toml\"\n"));
    for a in [flag, file] {
        let s = start(a).await;
        let v = post_json(s.addr, "/v1/classify", item).await.json();
        assert_eq!(v["action"], "ok", "{v}");
        assert_eq!(v["findings"], serde_json::json!([]), "{v}");
    }
}

#[tokio::test]
async fn scan_streams_lines_in_order_for_json_lines_and_arrays() {
    let s = start(args()).await;
    // JSON Lines, with malformed lines among them: one output line per input line.
    let mut input = String::new();
    for (i, t) in TWEETS.iter().enumerate() {
        input.push_str(&serde_json::json!({"id": i, "text": t}).to_string());
        input.push('\n');
    }
    input.push_str("[\"t9\",\"card 4111 1111 1111 1111\"]\n\n{\"id\":10}\n{\"id\":11,\"text\":\"ok\",\"direction\":\"up\"}\n");
    let r = post_ndjson(s.addr, "/v1/scan", input.as_bytes()).await;
    assert_eq!(r.status, 200);
    assert!(r.complete);
    assert_eq!(r.header("content-type"), Some("application/x-ndjson"));
    assert_eq!(r.text(), expected_lines(&input));

    // A JSON array gives the same lines, errors numbered by item.
    let items: Vec<serde_json::Value> = TWEETS
        .iter()
        .enumerate()
        .map(|(i, t)| serde_json::json!({"id": i, "text": t}))
        .collect();
    let mut array = serde_json::to_value(&items).unwrap();
    array
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!("just a string"));
    let r = post_json(s.addr, "/v1/scan", &array.to_string()).await;
    let mut want = expected_lines(
        &items
            .iter()
            .map(|v| v.to_string() + "\n")
            .collect::<String>(),
    );
    want.push_str("{\"id\":null,\"error\":\"item 9: not a JSON object\"}\n");
    assert_eq!(r.text(), want);

    // A batch of many chunks keeps its order.
    let n = 1_500;
    let big: String = (0..n)
        .map(|i| serde_json::json!({"id": i, "text": TWEETS[i % TWEETS.len()]}).to_string() + "\n")
        .collect();
    let r = post_ndjson(s.addr, "/v1/scan", big.as_bytes()).await;
    let ids: Vec<u64> = r
        .text()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, (0..n as u64).collect::<Vec<_>>());

    // Query options: a default direction and a redaction policy for every line.
    let r = post_ndjson(
        s.addr,
        "/v1/scan?direction=outgoing&policy=default",
        b"{\"text\":\"Can you reply with your order number and the email on the account?\"}\n{\"text\":\"call 415-555-0132\",\"direction\":\"incoming\"}\n",
    )
    .await;
    let lines: Vec<serde_json::Value> = r
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines[0]["solicits"],
        serde_json::json!(["email", "purchase"])
    );
    assert_eq!(lines[1]["redacted"], "call [PHONE]");
    let r = post_ndjson(s.addr, "/v1/scan?color=red", b"").await;
    assert_eq!(r.status, 400);

    // Empty batches are fine.
    let r = post_json(s.addr, "/v1/scan", "[]").await;
    assert_eq!((r.status, r.body.len()), (200, 0));
}

#[tokio::test]
async fn malformed_bodies_and_wrong_types_get_json_errors_that_quote_nothing() {
    let s = start(args()).await;
    let cases: &[(&str, &str, &str, u16, &str)] = &[
        (
            "/v1/classify",
            "application/json",
            "{\"text\":",
            400,
            "not a JSON object (syntax error at column 8)",
        ),
        (
            "/v1/classify",
            "application/json",
            "{\"id\":1}",
            400,
            "\"text\" is missing",
        ),
        (
            "/v1/classify",
            "application/json",
            "[\"4111 1111 1111 1111\"]",
            400,
            "not a JSON object",
        ),
        (
            "/v1/classify",
            "application/json",
            "{\"text\":\"4111 1111 1111 1111\",\"direction\":\"4111 1111 1111 1111\"}",
            400,
            "\"direction\" must be \"incoming\" or \"outgoing\"",
        ),
        (
            "/v1/classify",
            "application/json",
            "{\"text\":4111111111111111}",
            400,
            "\"text\" must be a string",
        ),
        (
            "/v1/classify",
            "text/plain",
            "{\"text\":\"hi\"}",
            415,
            "Content-Type must be application/json",
        ),
        (
            "/v1/redact",
            "application/x-www-form-urlencoded",
            "text=hi",
            415,
            "Content-Type must be application/json",
        ),
        (
            "/v1/scan",
            "text/plain",
            "{\"text\":\"hi\"}",
            415,
            "Content-Type must be application/json or application/x-ndjson",
        ),
        (
            "/v1/scan",
            "application/json",
            "{\"text\":\"4111 1111 1111 1111\"}",
            400,
            "the body is not a JSON array of items (error at line 1 column 0)",
        ),
        (
            "/v1/scan",
            "application/json",
            "[{\"text\":\"4111 1111 1111 1111\"",
            400,
            "the body is not a JSON array of items (error at line 1 column 30)",
        ),
    ];
    for (path, ctype, body, status, error) in cases {
        let r = send(
            s.addr,
            "POST",
            path,
            &[("Content-Type", ctype)],
            body.as_bytes(),
        )
        .await;
        assert_eq!(r.status, *status, "{path} {body}: {}", r.text());
        assert_eq!(r.json()["error"], *error, "{path} {body}");
        assert!(!r.text().contains("4111"), "{}", r.text());
    }
    // No Content-Type at all; charset parameters are fine.
    let r = send(s.addr, "POST", "/v1/classify", &[], b"{\"text\":\"hi\"}").await;
    assert_eq!(r.status, 415);
    let r = send(
        s.addr,
        "POST",
        "/v1/classify",
        &[("Content-Type", "application/json; charset=utf-8")],
        b"{\"text\":\"hi\"}",
    )
    .await;
    assert_eq!(r.status, 200);
    // Unknown routes and wrong methods.
    let r = get(s.addr, "/v2/classify").await;
    assert_eq!(
        (r.status, r.json()["error"].as_str()),
        (404, Some("no such route"))
    );
    let r = get(s.addr, "/v1/classify").await;
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("POST"));
    let r = send(s.addr, "POST", "/healthz", &[], b"").await;
    assert_eq!(r.status, 405);
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let s = start(args()).await;
    let r = get(s.addr, "/healthz").await;
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("ok")));
    let r = get(s.addr, "/readyz").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "ready");
    assert!(r.json()["rules"].as_u64().unwrap() > 10);
    for t in TWEETS {
        post_json(
            s.addr,
            "/v1/classify",
            &serde_json::json!({"text": t}).to_string(),
        )
        .await;
    }
    post_json(s.addr, "/v1/classify", "{").await;
    let r = get(s.addr, "/metrics").await;
    assert_eq!(
        r.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let m = r.text();
    let value = |series: &str| -> f64 {
        m.lines()
            .find_map(|l| l.strip_prefix(series).and_then(|v| v.strip_prefix(' ')))
            .unwrap_or_else(|| panic!("no {series} in\n{m}"))
            .parse()
            .unwrap()
    };
    assert_eq!(
        value("discreet_http_requests_total{route=\"/v1/classify\",status=\"200\"}"),
        8.0
    );
    assert_eq!(
        value("discreet_http_requests_total{route=\"/v1/classify\",status=\"400\"}"),
        1.0
    );
    assert_eq!(
        value("discreet_http_request_duration_seconds_count{route=\"/v1/classify\"}"),
        9.0
    );
    assert_eq!(
        value("discreet_http_request_duration_seconds_bucket{route=\"/v1/classify\",le=\"+Inf\"}"),
        9.0
    );
    assert_eq!(value("discreet_items_total{result=\"verdict\"}"), 8.0);
    assert_eq!(value("discreet_items_total{result=\"error\"}"), 1.0);
    assert_eq!(value("discreet_findings_total{category=\"billing\"}"), 1.0);
    assert_eq!(value("discreet_findings_total{category=\"phone\"}"), 1.0);
    assert_eq!(value("discreet_findings_total{category=\"email\"}"), 2.0);
    assert_eq!(value("discreet_verdicts_total{action=\"require_dm\"}"), 4.0);
    // Never a text or a value.
    for needle in ["4111", "415-555", "example", "Denver", "jane"] {
        assert!(!m.contains(needle), "metrics mention {needle}");
    }
    // Buckets are cumulative.
    let buckets: Vec<f64> = m
        .lines()
        .filter(|l| {
            l.starts_with("discreet_http_request_duration_seconds_bucket{route=\"/v1/classify\"")
        })
        .map(|l| l.rsplit(' ').next().unwrap().parse().unwrap())
        .collect();
    assert!(buckets.windows(2).all(|w| w[0] <= w[1]), "{buckets:?}");
}

#[tokio::test]
async fn body_item_and_batch_limits_name_themselves() {
    let mut a = args();
    a.max_body_bytes = Some(2_000);
    a.max_items = Some(5);
    a.max_item_bytes = Some(200);
    let s = start(a).await;
    let check = |r: Resp, status: u16, limit: &str| {
        assert_eq!(r.status, status, "{}", r.text());
        assert_eq!(r.json()["limit"], limit, "{}", r.text());
    };
    let long = format!("{{\"text\":\"{}\"}}", "a".repeat(300));
    check(
        post_json(s.addr, "/v1/classify", &long).await,
        413,
        "max_item_bytes",
    );
    check(
        post_json(s.addr, "/v1/redact", &long).await,
        413,
        "max_item_bytes",
    );
    let huge = format!("{{\"text\":\"{}\"}}", "a".repeat(3_000));
    check(
        post_json(s.addr, "/v1/classify", &huge).await,
        413,
        "max_body_bytes",
    );
    // A body without a declared length is cut off at the limit too.
    let mut req = b"POST /v1/scan HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..30 {
        req.extend_from_slice(b"64\r\n");
        req.extend_from_slice(&[b' '; 100]);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    check(raw(s.addr, &req).await, 413, "max_body_bytes");
    let six: String = (0..6)
        .map(|i| format!("{{\"id\":{i},\"text\":\"hi\"}}\n"))
        .collect();
    check(
        post_ndjson(s.addr, "/v1/scan", six.as_bytes()).await,
        413,
        "max_items",
    );
    let six_array = format!("[{}]", six.trim_end().replace('\n', ","));
    check(
        post_json(s.addr, "/v1/scan", &six_array).await,
        413,
        "max_items",
    );
    let r = post_json(s.addr, "/v1/scan", &format!("[{{\"text\":\"hi\"}},{long}]")).await;
    assert_eq!(
        r.json()["error"],
        "item 2 is larger than max_item_bytes (200)"
    );
    check(r, 413, "max_item_bytes");
    let lines = format!("{{\"text\":\"hi\"}}\n{long}\n");
    let r = post_ndjson(s.addr, "/v1/scan", lines.as_bytes()).await;
    assert_eq!(
        r.json()["error"],
        "line 2 is larger than max_item_bytes (200)"
    );
    check(r, 413, "max_item_bytes");
    let five: String = (0..5)
        .map(|i| format!("{{\"id\":{i},\"text\":\"hi\"}}\n"))
        .collect();
    let r = post_ndjson(s.addr, "/v1/scan", five.as_bytes()).await;
    assert_eq!((r.status, r.text().lines().count()), (200, 5));
    let m = get(s.addr, "/metrics").await.text();
    assert!(
        m.contains("discreet_limit_rejections_total{limit=\"max_items\"} 2"),
        "{m}"
    );
}

/// Sends a request head announcing `len` body bytes, then one byte every `every`, until the
/// server stops reading; returns the response.
async fn trickle(addr: std::net::SocketAddr, len: usize, every: Duration) -> (Resp, Duration) {
    let t = Instant::now();
    let s = TcpStream::connect(addr).await.unwrap();
    let (mut rd, mut wr) = s.into_split();
    let head = format!("POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {len}\r\n\r\n");
    wr.write_all(head.as_bytes()).await.unwrap();
    let writer = tokio::spawn(async move {
        for _ in 0..len {
            if wr.write_all(b" ").await.is_err() {
                break;
            }
            tokio::time::sleep(every).await;
        }
    });
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(
        Duration::from_secs(30),
        tokio::io::AsyncReadExt::read_to_end(&mut rd, &mut buf),
    )
    .await;
    writer.abort();
    (parse(&buf), t.elapsed())
}

#[tokio::test]
async fn a_trickled_body_hits_the_timeout_and_frees_its_slot() {
    let mut a = args();
    a.timeout_ms = Some(400);
    a.max_concurrent = Some(1);
    let s = start(a).await;
    let addr = s.addr;
    let slow = tokio::spawn(async move { trickle(addr, 1_000, Duration::from_millis(20)).await });
    tokio::time::sleep(Duration::from_millis(150)).await;
    // The only slot is taken.
    let r = post_json(s.addr, "/v1/classify", "{\"text\":\"hi\"}").await;
    assert_eq!(r.status, 503);
    assert_eq!(r.json()["limit"], "max_concurrent");
    assert_eq!(r.header("retry-after"), Some("1"));
    let (r, took) = slow.await.unwrap();
    assert_eq!(r.status, 408, "{}", r.text());
    assert_eq!(r.json()["limit"], "request_timeout");
    assert!(took < Duration::from_secs(3), "{took:?}");
    // And free again.
    let r = post_json(s.addr, "/v1/classify", "{\"text\":\"hi\"}").await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn bearer_token_guards_the_work_routes_and_metrics() {
    let dir = TempDir::new("token");
    let mut a = args();
    a.token_file = Some(dir.write("token", "s3cret-token-of-some-length\n"));
    let s = start(a).await;
    let body = b"{\"text\":\"hi\"}";
    let ct = ("Content-Type", "application/json");
    let r = send(s.addr, "POST", "/v1/classify", &[ct], body).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    let r = send(
        s.addr,
        "POST",
        "/v1/classify",
        &[ct, ("Authorization", "Bearer s3cret-token-of-some-lengtX")],
        body,
    )
    .await;
    assert_eq!(r.status, 401);
    assert!(!r.text().contains("s3cret"));
    let r = send(
        s.addr,
        "POST",
        "/v1/classify",
        &[ct, ("Authorization", "Basic s3cret-token-of-some-length")],
        body,
    )
    .await;
    assert_eq!(r.status, 401);
    let r = send(
        s.addr,
        "POST",
        "/v1/classify",
        &[ct, ("Authorization", "Bearer s3cret-token-of-some-length")],
        body,
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(send(s.addr, "GET", "/metrics", &[], b"").await.status, 401);
    assert_eq!(
        send(
            s.addr,
            "GET",
            "/metrics",
            &[("Authorization", "bearer s3cret-token-of-some-length")],
            b""
        )
        .await
        .status,
        200
    );
    // Probes stay open for the orchestrator.
    assert_eq!(get(s.addr, "/healthz").await.status, 200);
    assert_eq!(get(s.addr, "/readyz").await.status, 200);
}

#[tokio::test]
async fn reload_swaps_the_configuration_and_keeps_it_when_the_new_one_is_bad() {
    let dir = TempDir::new("reload");
    let config = dir.write("serve.toml", "allow = [\"dana.lee@acme.example\"]\n");
    let mut a = args();
    a.config = Some(config.clone());
    let s = start(a).await;
    let body = "{\"text\":\"write dana.lee@acme.example or jo@example.org\"}";
    let emails = |r: Resp| r.json()["findings"].as_array().unwrap().len();
    assert_eq!(emails(post_json(s.addr, "/v1/classify", body).await), 1);
    dir.write(
        "serve.toml",
        "allow = []\n[policies]\nmasked = \"masked.toml\"\n",
    );
    dir.write("masked.toml", "default = \"mask\"\n");
    s.handle
        .reload()
        .await
        .expect("the new configuration loads");
    assert_eq!(emails(post_json(s.addr, "/v1/classify", body).await), 2);
    let r = post_json(
        s.addr,
        "/v1/redact",
        "{\"text\":\"jo@example.org\",\"policy\":\"masked\"}",
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    // A bad file: the error names it, the running configuration stays.
    dir.write("serve.toml", "allow = [\n");
    let e = s.handle.reload().await.unwrap_err();
    assert!(e.to_string().contains("serve.toml"), "{e}");
    dir.write("serve.toml", "rules = [\"missing.toml\"]\n");
    assert!(s.handle.reload().await.is_err());
    dir.write("serve.toml", "colour = \"blue\"\n");
    assert!(s.handle.reload().await.is_err());
    assert_eq!(emails(post_json(s.addr, "/v1/classify", body).await), 2);
    assert_eq!(
        post_json(
            s.addr,
            "/v1/redact",
            "{\"text\":\"jo@example.org\",\"policy\":\"masked\"}"
        )
        .await
        .status,
        200
    );
    assert_reloads(s.addr, 1, 3).await;
}

#[tokio::test]
async fn a_bad_configuration_at_start_is_an_error_naming_it() {
    let dir = TempDir::new("badstart");
    let mut a = args();
    a.config = Some(dir.write("serve.toml", "[limits]\nmax-items = 0\n"));
    let e = discreet_serve::Service::bind(a).await.unwrap_err();
    assert_eq!(e.to_string(), "limit max-items must be at least 1");
    let mut a = args();
    a.policies
        .push(("p".into(), dir.write("p.toml", "default = \"pseudonym\"\n")));
    let e = discreet_serve::Service::bind(a).await.unwrap_err();
    assert!(e.to_string().contains("policy p uses pseudonyms"), "{e}");
    let mut a = args();
    a.token_file = Some(dir.write("empty", "\n"));
    assert!(discreet_serve::Service::bind(a)
        .await
        .unwrap_err()
        .to_string()
        .contains("is empty"));
}

#[tokio::test]
async fn shutdown_finishes_requests_in_flight() {
    let s = start(args()).await;
    let addr = s.addr;
    // Ten requests whose bodies take ~300 ms to arrive.
    let slow: Vec<_> = (0..10)
        .map(|_| tokio::spawn(async move { trickle(addr, 15, Duration::from_millis(20)).await.0 }))
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    s.handle.shutdown();
    for t in slow {
        let r = t.await.unwrap();
        assert_eq!(r.status, 400, "{}", r.text()); // blank bodies: answered, not dropped
        assert_eq!(r.json()["error"], "empty line: expected a JSON object");
    }
    tokio::time::timeout(Duration::from_secs(5), s.task)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "still accepting after shutdown"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_connections_all_get_their_verdict() {
    let mut a = args();
    a.max_concurrent = Some(2_000);
    let s = start(a).await;
    let n = 1_000;
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(n));
    let t = Instant::now();
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let addr = s.addr;
            let barrier = barrier.clone();
            tokio::spawn(async move {
                let body =
                    serde_json::json!({"id": i, "text": TWEETS[i % TWEETS.len()]}).to_string();
                let req = request_bytes(
                    "POST",
                    "/v1/classify",
                    &[("Content-Type", "application/json")],
                    body.as_bytes(),
                );
                let mut c = TcpStream::connect(addr).await.expect("connect");
                barrier.wait().await; // every connection open before any request is sent
                c.write_all(&req).await.unwrap();
                let r = read_response(&mut c).await;
                (i, r)
            })
        })
        .collect();
    for t in tasks {
        let (i, r) = t.await.unwrap();
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["id"], i);
    }
    assert!(t.elapsed() < Duration::from_secs(60), "{:?}", t.elapsed());
}

#[tokio::test]
async fn a_stalled_request_head_is_dropped_and_an_idle_connection_does_not_hold_up_shutdown() {
    let mut a = args();
    a.timeout_ms = Some(300);
    let s = start(a).await;
    let t = Instant::now();
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(
        Duration::from_secs(10),
        tokio::io::AsyncReadExt::read_to_end(&mut c, &mut buf),
    )
    .await;
    assert!(read.is_ok(), "the connection is still open");
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());

    let _idle = TcpStream::connect(s.addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let t = Instant::now();
    s.handle.shutdown();
    tokio::time::timeout(Duration::from_secs(10), s.task)
        .await
        .expect("shutdown is not held up")
        .unwrap()
        .unwrap();
    assert!(t.elapsed() < Duration::from_secs(6), "{:?}", t.elapsed());
}

#[tokio::test]
async fn a_batch_past_the_timeout_is_cut_off_not_finished() {
    let mut a = args();
    a.timeout_ms = Some(30);
    a.max_items = Some(100_000);
    a.max_body_bytes = Some(32 << 20);
    let s = start(a).await;
    let n = 60_000;
    let big: String = (0..n)
        .map(|i| serde_json::json!({"id": i, "text": TWEETS[i % TWEETS.len()]}).to_string() + "\n")
        .collect();
    let t = Instant::now();
    let r = post_ndjson(s.addr, "/v1/scan", big.as_bytes()).await;
    // Judging 60,000 tweets takes far longer than 30 ms in a test build: the answer is a
    // 408 (still reading) or a stream that ends without its final chunk.
    match r.status {
        408 => assert_eq!(r.json()["limit"], "request_timeout"),
        200 => {
            assert!(!r.complete, "a batch finished past its deadline");
            assert!(r.text().lines().count() < n);
        }
        other => panic!("status {other}"),
    }
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    let m = get(s.addr, "/metrics").await.text();
    assert!(
        m.contains("discreet_limit_rejections_total{limit=\"request_timeout\"} 1"),
        "{m}"
    );
    // The slot is free again.
    assert_eq!(
        post_json(s.addr, "/v1/classify", "{\"text\":\"hi\"}")
            .await
            .status,
        200
    );
}
