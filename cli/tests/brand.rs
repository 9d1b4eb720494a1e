//! `--brand FILE`: the brand profile in check, scan and redact, and its errors.

mod common;

use common::{discreet, scratch_file};

#[test]
fn brand_contact_points_are_not_disclosed() {
    let brand = scratch_file(
        "brand",
        "acme.toml",
        "domains = ['acme-air.com']\nphones = ['(512) 555-0170']\n",
    );
    let brand = brand.to_str().unwrap();
    let text = "Maria will help: maria.lopez@acme-air.com or (512) 555-0170";

    let out = discreet(&["check", "--direction", "outgoing", text], b"");
    assert_eq!(
        out.status.code(),
        Some(1),
        "without the profile it discloses"
    );
    let out = discreet(
        &["check", "--direction", "outgoing", "--brand", brand, text],
        b"",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let input = format!(
        "{}\n",
        serde_json::json!({"id": 1, "text": format!("{text}, mine is jo@example.org")})
    );
    let out = discreet(&["scan", "--brand", brand], input.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let line: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap();
    let findings = line["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{line}");
    assert_eq!(findings[0]["category"], "email");

    let out = discreet(&["redact", "--brand", brand, text], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("maria.lopez@acme-air.com"));
}

#[test]
fn bad_profiles_are_errors_naming_the_file() {
    let bad = scratch_file(
        "brand",
        "bad.toml",
        "domains = ['acme-air.com']\nphone = ['5']\n",
    );
    let out = discreet(&["check", "--brand", bad.to_str().unwrap(), "hi"], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml") && err.contains("unknown field"),
        "{err}"
    );
    let out = discreet(&["check", "--brand", "/nonexistent/brand.toml", "hi"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/brand.toml"));
}
