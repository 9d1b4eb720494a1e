//! `discreet redact` and `discreet scan --redact` end to end: policy files (TOML and JSON),
//! key files and the environment variable, the missing-key error, exit statuses.

use std::path::PathBuf;
use std::process::Output;

mod common;

use common::{command, run, scratch_file, stderr, stdout};

/// `discreet ARGS` with `stdin` and `env`, and without a key in the environment unless
/// `env` gives one.
fn discreet(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut cmd = command(args);
    cmd.env_remove("DISCREET_KEY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(cmd, stdin)
}

/// A file in a fresh per-test directory.
fn file(test: &str, name: &str, contents: &str) -> PathBuf {
    scratch_file(&format!("cli-redact-{test}"), name, contents)
}

const TEXT: &str = "card 4111 1111 1111 1111, mail jo.doe@example.com, call 415-555-0132 👩‍👩‍👧";

const POLICY: &str = r#"
default = "placeholder"
[category]
billing = { style = "mask", keep-last = 4 }
email = "partial"
phone = "pseudonym"
"#;

#[test]
fn default_policy_uses_placeholders() {
    let out = discreet(&["redact", TEXT], b"", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "card [BILLING], mail [EMAIL], call [PHONE] 👩‍👩‍👧\n"
    );
    // Standard input, with or without `-`; a trailing newline is kept, not doubled.
    let out = discreet(&["redact", "-"], b"mail jo@example.org\n", &[]);
    assert_eq!(stdout(&out), "mail [EMAIL]\n");
    let out = discreet(&["redact"], b"nothing to see", &[]);
    assert_eq!(stdout(&out), "nothing to see\n");
    let out = discreet(&["redact", "-"], b"bad \xff bytes", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not valid UTF-8"), "{}", stderr(&out));
}

#[test]
fn policy_file_and_key_file() {
    let policy = file("policy", "policy.toml", POLICY);
    let key = file("policy", "key", "a key of at least sixteen bytes\n");
    let args = [
        "redact",
        "--policy",
        policy.to_str().unwrap(),
        "--key-file",
        key.to_str().unwrap(),
        TEXT,
    ];
    let out = discreet(&args, b"", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("card •••• •••• •••• 1111, mail ***@example.com, call [phone:"),
        "{text}"
    );
    assert!(text.ends_with("] 👩‍👩‍👧\n"), "{text}");
    assert!(!text.contains("sixteen"), "the key never shows");
    // The same key from the environment gives the same pseudonym; another key another one.
    let env = discreet(
        &["redact", "--policy", policy.to_str().unwrap(), TEXT],
        b"",
        &[("DISCREET_KEY", "a key of at least sixteen bytes")],
    );
    assert_eq!(stdout(&env), text);
    let other = discreet(
        &["redact", "--policy", policy.to_str().unwrap(), TEXT],
        b"",
        &[("DISCREET_KEY", "some other key, long enough")],
    );
    assert_eq!(other.status.code(), Some(0));
    assert_ne!(stdout(&other), text);
}

#[test]
fn json_policy_and_json_output() {
    let policy = file(
        "json",
        "policy.json",
        r#"{"default": "remove", "kind": {"email": {"style": "mask"}}}"#,
    );
    let out = discreet(
        &[
            "redact",
            "--json",
            "--policy",
            policy.to_str().unwrap(),
            "jo@x.org or 415-555-0132",
        ],
        b"",
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["text"], "••••.••• or ");
    assert_eq!(v["spans"][0]["original"]["start"], 0);
    assert_eq!(v["spans"][0]["original"]["end"], 8);
    assert_eq!(v["spans"][0]["replacement"]["end"], "••••.•••".len());
    assert_eq!(v["spans"][1]["category"], "phone");
    assert_eq!(
        v["weighted_length"],
        discreet::tweet::weighted_length("••••.••• or ")
    );
}

#[test]
fn missing_key_and_bad_files_exit_2_with_a_message() {
    let policy = file("errors", "policy.toml", POLICY);
    let out = discreet(
        &["redact", "--policy", policy.to_str().unwrap(), TEXT],
        b"",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("needs a secret key: give --key-file FILE or set DISCREET_KEY"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty(), "nothing is printed unredacted");
    let short = file("errors", "short", "tiny\n");
    let out = discreet(
        &[
            "redact",
            "--policy",
            policy.to_str().unwrap(),
            "--key-file",
            short.to_str().unwrap(),
            TEXT,
        ],
        b"",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("key too short"), "{}", stderr(&out));
    let out = discreet(
        &["redact", "--policy", policy.to_str().unwrap(), TEXT],
        b"",
        &[("DISCREET_KEY", "short")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("DISCREET_KEY: key too short"),
        "{}",
        stderr(&out)
    );
    let bad = file("errors", "bad.toml", "default = \"blur\"\n");
    let out = discreet(
        &["redact", "--policy", bad.to_str().unwrap(), "x"],
        b"",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.toml") && err.contains("unknown variant `blur`"),
        "{err}"
    );
    let out = discreet(
        &["redact", "--policy", "/nonexistent/policy.toml", "x"],
        b"",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read"), "{}", stderr(&out));
}

#[test]
fn scan_redact_adds_the_redacted_text_and_nothing_else() {
    let input = concat!(
        "{\"id\": \"a\", \"text\": \"mail jo@example.org now\"}\n",
        "{\"id\": \"b\", \"text\": \"all good 🙏\"}\n",
    );
    let plain = discreet(&["scan"], input.as_bytes(), &[]);
    let redacted = discreet(&["scan", "--redact"], input.as_bytes(), &[]);
    assert_eq!(redacted.status.code(), Some(0), "{}", stderr(&redacted));
    let plain: Vec<serde_json::Value> = stdout(&plain)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let lines: Vec<serde_json::Value> = stdout(&redacted)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["redacted"], "mail [EMAIL] now");
    assert_eq!(lines[1]["redacted"], "all good 🙏");
    for (p, r) in plain.iter().zip(&lines) {
        assert!(p.get("redacted").is_none());
        let mut r = r.clone();
        r.as_object_mut().unwrap().remove("redacted");
        assert_eq!(p, &r, "only the redacted field is added");
    }
    // With a pseudonym policy: the key file, or a clear error without a key.
    let policy = file("scan", "policy.toml", "default = \"pseudonym\"\n");
    let key = file("scan", "key", "0123456789abcdef0123\n");
    let out = discreet(
        &[
            "scan",
            "--redact",
            "--policy",
            policy.to_str().unwrap(),
            "--key-file",
            key.to_str().unwrap(),
        ],
        input.as_bytes(),
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let first: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    let text = first["redacted"].as_str().unwrap();
    assert!(
        text.starts_with("mail [email:") && text.ends_with("] now"),
        "{text}"
    );
    let out = discreet(
        &["scan", "--redact", "--policy", policy.to_str().unwrap()],
        input.as_bytes(),
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("secret key"), "{}", stderr(&out));
}

#[test]
fn a_misspelt_kind_is_an_error_not_a_leak() {
    // With `default = "keep"`, a kind that matches nothing would print the card.
    let policy = file(
        "kinds",
        "policy.toml",
        "default = \"keep\"\n[kind]\ncard_numbr = \"remove\"\n",
    );
    for cmd in ["redact", "scan"] {
        let args = [cmd, "--policy", policy.to_str().unwrap()];
        let (args, stdin): (Vec<&str>, &[u8]) = if cmd == "redact" {
            ([&args[..], &[TEXT]].concat(), b"")
        } else {
            (
                args.to_vec(),
                b"{\"id\": \"a\", \"text\": \"card 4111 1111 1111 1111\"}\n",
            )
        };
        let out = discreet(&args, stdin, &[]);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("policy.toml")
                && err.contains("unknown kind \"card_numbr\"")
                && err.contains("did you mean \"card_number\""),
            "{cmd}: {err}"
        );
        assert!(!stdout(&out).contains("4111"), "{cmd}: nothing is printed");
    }
    // A kind from the user's own rules is known once those rules are loaded.
    let rules = file(
        "kinds",
        "rules.toml",
        r#"
[[rule]]
id = "acme.loyalty"
category = "account"
kind = "loyalty_points"
regex = '\bLP-[0-9]{8}\b'
score = 0.9
examples = ["points on LP-12345678"]
"#,
    );
    let mine = file(
        "kinds",
        "mine.toml",
        "[kind]\nloyalty_points = \"remove\"\n[placeholder]\nloyalty_points = \"[LP]\"\n",
    );
    let text = "points on LP-12345678?";
    let out = discreet(
        &["redact", "--policy", mine.to_str().unwrap(), text],
        b"",
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "not a built-in kind");
    let out = discreet(
        &[
            "redact",
            "--rules",
            rules.to_str().unwrap(),
            "--policy",
            mine.to_str().unwrap(),
            text,
        ],
        b"",
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "points on ?\n");
}

#[test]
fn card_numbers_show_at_most_their_last_four_digits() {
    let policy = file(
        "pci",
        "policy.toml",
        "default = { style = \"mask\", keep-last = 12 }\n",
    );
    let out = discreet(
        &[
            "redact",
            "--policy",
            policy.to_str().unwrap(),
            "card 4111 1111 1111 1111",
        ],
        b"",
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "card •••• •••• •••• 1111\n");
}

#[test]
fn pseudonyms_agree_however_a_phone_number_is_written() {
    let policy = file("canon", "policy.toml", "default = \"pseudonym\"\n");
    let key = file("canon", "key", "a key of at least sixteen bytes\n");
    let token = |text: &str| {
        let out = discreet(
            &[
                "redact",
                "--policy",
                policy.to_str().unwrap(),
                "--key-file",
                key.to_str().unwrap(),
                text,
            ],
            b"",
            &[],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    let a = token("call +1 415 555 0132");
    assert!(a.starts_with("call [phone:"), "{a}");
    assert_eq!(token("call 415-555-0132"), a);
    assert_eq!(token("call (415) 555-0132"), a);
    assert_ne!(token("call 415-555-0133"), a);
}

#[test]
fn an_unused_key_file_is_never_ignored_in_silence() {
    let key = file("unused", "key", "a key of at least sixteen bytes\n");
    // `scan` without --redact or --policy: the output would not be redacted at all.
    let input = b"{\"id\": \"a\", \"text\": \"mail jo@example.org\"}\n";
    let out = discreet(&["scan", "--key-file", key.to_str().unwrap()], input, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--key-file is only used for redaction: add --redact"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
    // A policy without pseudonyms: redacted as asked, with a warning about the key.
    for args in [
        vec![
            "redact",
            "--key-file",
            key.to_str().unwrap(),
            "mail jo@example.org",
        ],
        vec!["scan", "--redact", "--key-file", key.to_str().unwrap()],
    ] {
        let out = discreet(&args, input, &[]);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("warning: --key-file")
                && stderr(&out).contains("the policy has no pseudonym style"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(stdout(&out).contains("mail [EMAIL]"), "{}", stdout(&out));
        assert!(!stderr(&out).contains("sixteen"), "the key never shows");
    }
}

#[test]
fn policy_and_key_paths_at_endless_files_fail_fast() {
    let policy = file("endless", "policy.toml", "default = \"pseudonym\"\n");
    for (args, want) in [
        (
            vec!["redact", "--policy", "/dev/zero", "x"],
            "/dev/zero: cannot read: the policy file is larger than the limit",
        ),
        (
            vec![
                "redact",
                "--policy",
                policy.to_str().unwrap(),
                "--key-file",
                "/dev/zero",
                "x",
            ],
            "/dev/zero: cannot read: the key file is larger than the limit",
        ),
    ] {
        let out = discreet(&args, b"", &[]);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
    }
}
