//! `docs/openapi.yaml` describes the router: the same paths and methods, every one of which
//! the live service answers, and the verdict fields a real response carries.

mod common;

use std::collections::BTreeSet;

use common::*;

fn spec() -> serde_yaml::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/openapi.yaml");
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn documented() -> BTreeSet<(String, String)> {
    let spec = spec();
    let mut out = BTreeSet::new();
    for (path, ops) in spec["paths"].as_mapping().unwrap() {
        for (method, _) in ops.as_mapping().unwrap() {
            let m = method.as_str().unwrap();
            if ["get", "post", "put", "delete", "patch", "head", "options"].contains(&m) {
                out.insert((m.to_uppercase(), path.as_str().unwrap().to_string()));
            }
        }
    }
    out
}

#[test]
fn the_spec_lists_exactly_the_routes() {
    let routes: BTreeSet<(String, String)> = discreet_serve::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented(), routes);
}

#[tokio::test]
async fn every_documented_route_is_served_and_no_other_method() {
    let s = start(discreet_serve::ServeArgs::default()).await;
    for (method, path) in documented() {
        let body: &[u8] = if path == "/v1/scan" {
            b"[{\"text\":\"hi\"}]"
        } else {
            b"{\"text\":\"hi\"}"
        };
        let r = send(
            s.addr,
            &method,
            &path,
            &[("Content-Type", "application/json")],
            body,
        )
        .await;
        assert_eq!(r.status, 200, "{method} {path}: {}", r.text());
        let other = if method == "GET" { "POST" } else { "GET" };
        let r = send(s.addr, other, &path, &[], b"").await;
        assert_eq!(r.status, 405, "{other} {path}");
    }
    let r = get(s.addr, "/v1/nothing").await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn the_verdict_schema_has_the_fields_of_a_real_verdict() {
    let s = start(discreet_serve::ServeArgs::default()).await;
    let r = post_json(
        s.addr,
        "/v1/redact",
        "{\"id\":1,\"text\":\"card 4111 1111 1111 1111\"}",
    )
    .await;
    let got: Vec<String> = r.json().as_object().unwrap().keys().cloned().collect();
    let spec = spec();
    let want: Vec<String> = spec["components"]["schemas"]["Verdict"]["properties"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    let (mut got, mut want) = (got, want);
    got.sort();
    want.sort();
    assert_eq!(got, want);
    let finding: Vec<String> = r.json()["findings"][0]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let mut fwant: Vec<String> = spec["components"]["schemas"]["Finding"]["properties"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    let mut finding = finding;
    finding.sort();
    fwant.sort();
    assert_eq!(finding, fwant);
}
