//! `--brand FILE`: the brand profile in check, scan and redact, and its errors.

mod common;

use common::{discreet, scratch_file, stderr, stdout};

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

/// `--phrases FILE` adds a brand's own wording to the built-in verdict phrases: an ask the
/// built-in phrases do not know becomes a public ask, and a bad file is an error naming it.
#[test]
fn extra_phrase_files_add_to_the_built_in_ones() {
    let phrases = scratch_file(
        "phrases",
        "acme.toml",
        "[[phrase]]\nid = 'acme.solicit_stars'\nrole = 'solicit'\ncategory = 'account'\n\
         regex = '''(?i)\\bstars code (?:pls|please|here|below)'''\n\
         examples = ['stars code pls, and we will sort it']\n\
         negative-examples = ['the stars code of conduct']\n",
    );
    let draft = "Happy to check! stars code pls, and we will sort it";
    let plain = discreet(&["check", "--direction", "outgoing", draft], b"");
    assert_eq!(plain.status.code(), Some(0), "{}", stdout(&plain));
    let p = phrases.to_str().unwrap();
    let with = discreet(
        &["check", "--direction", "outgoing", "--phrases", p, draft],
        b"",
    );
    assert_eq!(with.status.code(), Some(1));
    assert!(
        stdout(&with).contains("solicits: account"),
        "{}",
        stdout(&with)
    );
    // The built-in phrases still apply beside the extra ones.
    let builtin = "Sorry! Can you reply with your order number?";
    let out = discreet(
        &["check", "--direction", "outgoing", "--phrases", p, builtin],
        b"",
    );
    assert!(
        stdout(&out).contains("solicits: purchase"),
        "{}",
        stdout(&out)
    );
    let bad = scratch_file(
        "phrases-bad",
        "bad.toml",
        "[[phrase]]\nid = 'x.y'\nrole = 'nope'\n",
    );
    let out = discreet(&["check", "--phrases", bad.to_str().unwrap(), "hi"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bad.toml"), "{}", stderr(&out));
}
