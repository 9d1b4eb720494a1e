//! The `discreet` command end to end: exit statuses, the `scan` JSON Lines contract with
//! bad lines mixed in, rule checking.

use std::process::{Output, Stdio};

mod common;

use common::{command, discreet, lines, run, scratch_file, stderr, stdout};

#[test]
fn check_exit_status_follows_the_verdict() {
    let out = discreet(&["check", "Love the new app, thanks!"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("action: ok"));
    let out = discreet(&["check", "my card is 4111 1111 1111 1111"], b"");
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("[4111 1111 1111 1111]"), "{s}");
    assert!(s.contains("billing/card_number"), "{s}");
    let out = discreet(&["check", "-"], "mail jo@example.org".as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let out = discreet(&["check", "-"], b"bad \xff\xfe bytes");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8"));
}

#[test]
fn scan_contract_with_bad_lines() {
    let input = concat!(
        "{\"id\": \"s1\", \"text\": \"Reach me at maria.lopez+orders@example.com\", \"direction\": \"incoming\"}\n",
        "{\"id\": \"x1\", \"text\": \n",
        "{\"id\": 17, \"text\": \"📦 escríbeme a ana@example.org 🙏\", \"extra\": [1, 2]}\n",
        "{\"id\": \"x2\"}\n",
        "{\"id\": \"x3\", \"text\": [\"no\"]}\n",
        "[1, 2, 3]\n",
        "plain words\n",
        "{\"id\": \"x4\", \"text\": \"hi\", \"direction\": \"sideways\"}\n",
        "{\"text\": \"refund 5555 5555 5555 4444 please\"}\n",
        "{\"id\": \"ok\", \"text\": \"Gate B12 moved to 14:05, flight 2231 boards in 20 min\", \"direction\": \"outgoing\"}"
    );
    let out = discreet(&["scan"], input.as_bytes());
    assert_eq!(out.status.code(), Some(2), "some lines had errors");
    let v = lines(&out);
    assert_eq!(v.len(), 10, "one output line per input line");
    assert_eq!(v[0]["id"], "s1");
    assert_eq!(v[0]["action"], "require_dm");
    let f = &v[0]["findings"][0];
    assert_eq!(
        (f["start"].as_u64(), f["end"].as_u64()),
        (Some(12), Some(42))
    );
    assert_eq!(f["category"], "email");
    assert_eq!(f["kind"], "email");
    assert_eq!(f["rule"], "email.address");
    assert!(v[0]["solicits"].as_array().is_some());
    assert!(v[0]["reasons"].as_array().is_some());
    assert!(v[1]["error"].as_str().unwrap().contains("line 2"));
    assert_eq!(v[2]["id"], 17, "numeric ids come back as numbers");
    assert_eq!(v[2]["findings"][0]["start"], 18, "byte offsets");
    assert_eq!(v[3]["id"], "x2");
    assert!(v[3]["error"]
        .as_str()
        .unwrap()
        .contains("\"text\" is missing"));
    assert!(v[4]["error"].as_str().unwrap().contains("must be a string"));
    assert!(v[5]["error"].is_string());
    assert!(v[6]["error"].is_string());
    assert_eq!(v[7]["id"], "x4");
    assert!(v[7]["error"].as_str().unwrap().contains("direction"));
    assert!(v[8]["id"].is_null());
    assert_eq!(v[8]["findings"][0]["category"], "billing");
    assert_eq!(v[9]["action"], "ok");
    assert_eq!(v[9]["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn scan_clean_input_exits_zero_and_keeps_order_across_chunks() {
    let mut input = String::new();
    for i in 0..20_000 {
        if i % 1000 == 7 {
            input.push_str(&format!(
                "{{\"id\": {i}, \"text\": \"call me at (415) 555-0132\"}}\n"
            ));
        } else {
            input.push_str(&format!(
                "{{\"id\": {i}, \"text\": \"tweet number {i} is fine\"}}\n"
            ));
        }
    }
    let out = discreet(&["scan", "--threads", "2"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let v = lines(&out);
    assert_eq!(v.len(), 20_000);
    for (i, line) in v.iter().enumerate() {
        assert_eq!(line["id"], i as u64);
        let expect = if i % 1000 == 7 { "require_dm" } else { "ok" };
        assert_eq!(line["action"], expect, "line {i}");
    }
}

#[test]
fn scan_with_allow_list_and_extra_rules() {
    let dir = std::env::temp_dir().join(format!("discreet-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rules = dir.join("acme.toml");
    std::fs::write(
        &rules,
        "[[rule]]\nid = 'acme.loyalty'\ncategory = 'account'\nkind = 'loyalty_number'\nregex = 'ACM-[0-9]{8}'\nexamples = ['ACM-12345678']\n",
    )
    .unwrap();
    let input = "{\"id\":1,\"text\":\"write help@acme.example or use ACM-12345678\"}\n";
    let out = discreet(
        &[
            "scan",
            "--allow",
            "help@acme.example",
            "--rules",
            rules.to_str().unwrap(),
        ],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0));
    let v = lines(&out);
    let found: Vec<&str> = v[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(found, ["acme.loyalty"]);
    let out = discreet(&["rules", "check", rules.to_str().unwrap()], b"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(
        &rules,
        "[[rule]]\nid = 'acme.bad'\ncategory = 'account'\nkind = 'x'\nregex = '(ACM'\n",
    )
    .unwrap();
    let out = discreet(&["rules", "check", rules.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("acme.toml: rule acme.bad: invalid regex"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn rules_list_and_check_builtin() {
    let out = discreet(&["rules", "list"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("billing.card_number"));
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../rules");
    let out = discreet(&["rules", "check", dir], b"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn discreet_to(args: &[&str], stdin: &[u8], stdout: Stdio, stderr: Stdio) -> Output {
    let mut cmd = command(args);
    cmd.stdout(stdout).stderr(stderr);
    run(cmd, stdin)
}

fn dev_full() -> Stdio {
    Stdio::from(
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    )
}

#[test]
fn unwritable_outputs_are_errors_not_panics() {
    // Standard output full: a status, and a message on standard error.
    for args in [&["rules", "list"][..], &["scan"][..], &["check", "hi"][..]] {
        let out = discreet_to(
            args,
            b"{\"id\":1,\"text\":\"hi\"}\n",
            dev_full(),
            Stdio::piped(),
        );
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("cannot write to standard output"),
            "{args:?}: {err}"
        );
    }
    // Standard error full too: still a status (a panic would be 101).
    let out = discreet_to(
        &["scan", "/nonexistent/input.jsonl"],
        b"",
        Stdio::null(),
        dev_full(),
    );
    assert_eq!(out.status.code(), Some(2));
    let out = discreet_to(&["rules", "list"], b"", dev_full(), dev_full());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn summary_json_unwritable_fails_before_the_scan() {
    let out = discreet(
        &["scan", "--summary-json", "/nonexistent/dir/summary.json"],
        b"{\"id\":1,\"text\":\"hi\"}\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing scanned");
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the summary"));
}

#[test]
fn summary_escapes_ids() {
    let input =
        "{\"id\":\"\\u001b[2J\\r\\nFAKE require_dm 1\",\"text\":\"card 4111 1111 1111 1111\"}\n";
    let out = discreet(&["scan", "--summary", "--quiet"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains('\u{1b}') && !err.contains('\r'), "{err:?}");
    assert!(err.contains("\\u{1b}[2J\\r\\nFAKE require_dm 1"), "{err}");
}

#[test]
fn no_builtin_without_rules_is_an_error() {
    for args in [
        &["scan", "--no-builtin"][..],
        &["check", "--no-builtin", "hi"][..],
        &["rules", "list", "--no-builtin"][..],
    ] {
        let out = discreet(args, b"{\"id\":1,\"text\":\"hi\"}\n");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--no-builtin leaves no rules"));
    }
}

#[test]
fn rules_check_reports_every_problem() {
    let dir = std::env::temp_dir().join(format!("discreet-rules-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rule = |id: &str, regex: &str| {
        format!("[[rule]]\nid = '{id}'\ncategory = 'account'\nkind = 'x'\nregex = '{regex}'\n")
    };
    // a.toml: two bad rules and a good one; b.toml: unparsable; c.toml: an id of a.toml
    // and one of the built-in rules.
    std::fs::write(
        dir.join("a.toml"),
        rule("acme.bad_one", "(ACM")
            + &rule("acme.good", "ACM-[0-9]{8}")
            + &rule("acme.bad_two", "[z-a]"),
    )
    .unwrap();
    std::fs::write(dir.join("b.toml"), "[[rule]\nid = ").unwrap();
    std::fs::write(
        dir.join("c.toml"),
        rule("acme.good", "ACX-[0-9]{8}") + &rule("billing.card_number", "[0-9]{16}"),
    )
    .unwrap();
    // judge/: verdict phrase files, checked too.
    std::fs::create_dir_all(dir.join("judge")).unwrap();
    std::fs::write(
        dir.join("judge/bad.toml"),
        "[[phrase]]\nid = 'x.y'\nbogus = 1\n",
    )
    .unwrap();
    let out = discreet(&["rules", "check", dir.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for want in [
        "judge/bad.toml: invalid TOML (line 3): unknown field `bogus`",
        "a.toml: rule acme.bad_one: invalid regex",
        "a.toml: rule acme.bad_two: invalid regex",
        "b.toml: invalid TOML (line 1)",
        "c.toml: rule acme.good: duplicate id (also in ",
        "c.toml: rule billing.card_number: the id of a built-in rule",
        "6 problem(s) in 4 file(s)",
    ] {
        assert!(err.contains(want), "{want:?} in {err}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// `rules check` given a phrase folder or file checks phrases as phrases, examples included.
#[test]
fn rules_check_takes_phrase_files_too() {
    let judge = concat!(env!("CARGO_MANIFEST_DIR"), "/../rules/judge");
    let out = discreet(&["rules", "check", judge], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("phrases in 7 file(s): ok"),
        "{}",
        stdout(&out)
    );
    let bad = scratch_file(
        "phrase-example",
        "p.toml",
        "[[phrase]]\nid = 'acme.c'\nrole = 'caution'\nregex = '(?i)never share'\nexamples = ['always share']\n",
    );
    let out = discreet(&["rules", "check", bad.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("example \"always share\" is not found"),
        "{}",
        stderr(&out)
    );
}
