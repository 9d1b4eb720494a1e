//! `discreet lint` end to end over saved-reply files in every format: what is found and
//! where (checked against the file's own text), placeholders, ignore comments and files,
//! the four output formats (SARIF checked field by field against the 2.1.0 schema's
//! requirements) and the exit statuses.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/lint/macros");

fn lint(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_discreet"))
        .arg("lint")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A fresh folder for one test, with `files` written in it.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("lint")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (f, text) in files {
        let p = dir.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// The problems of `--format json`.
fn problems(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        .collect()
}

/// The text of `file` from 1-based `line`:`col` (code points) to `end_line`:`end_col`.
fn span_text(dir: &Path, p: &Value) -> String {
    let src = std::fs::read_to_string(dir.join(p["file"].as_str().unwrap())).unwrap();
    let offset = |line: u64, col: u64| -> usize {
        let start: usize = src
            .split_inclusive('\n')
            .take(line as usize - 1)
            .map(str::len)
            .sum();
        start
            + src[start..]
                .chars()
                .take(col as usize - 1)
                .map(char::len_utf8)
                .sum::<usize>()
    };
    let s = offset(p["line"].as_u64().unwrap(), p["column"].as_u64().unwrap());
    let e = offset(
        p["end_line"].as_u64().unwrap(),
        p["end_column"].as_u64().unwrap(),
    );
    src[s..e].to_string()
}

fn name(p: &Value) -> String {
    format!(
        "{} {}/{}",
        p["file"].as_str().unwrap(),
        p["category"].as_str().unwrap(),
        p["kind"].as_str().unwrap()
    )
}

#[test]
fn every_format_is_read_and_each_problem_points_at_its_place() {
    let dir = Path::new(DATA);
    let out = lint(&["--format", "json", "."], dir);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let found = problems(&out);
    let names: Vec<String> = found.iter().map(name).collect();
    assert_eq!(
        names,
        [
            "canned.md length/too_long",
            "quick.txt address/solicits",
            "replies.csv billing/solicits",
            "replies.csv billing/card_number",
            "snippets.yaml verification/solicits",
            "zendesk.json purchase/solicits",
            "zendesk.json email/solicits",
            "zendesk.json email/email",
        ]
    );
    // Values: the span in the file is exactly the value, through CSV quotes and JSON.
    let by = |n: &str| found.iter().find(|p| name(p) == n).unwrap();
    assert_eq!(
        span_text(dir, by("replies.csv billing/card_number")),
        "4111 1111 1111 1111"
    );
    assert_eq!(
        span_text(dir, by("zendesk.json email/email")),
        "maria.lopez@gmail.com"
    );
    // An ask on the second line of a quoted multi-line CSV field.
    let ask = by("replies.csv billing/solicits");
    assert_eq!(ask["line"], 4);
    assert!(span_text(dir, ask).contains("tweet us"), "{ask}");
    // In a YAML block scalar.
    let ask = by("snippets.yaml verification/solicits");
    assert_eq!(ask["line"], 4);
    assert_eq!(
        span_text(dir, ask),
        "please reply here with your password\n    and the code we texted",
        "{ask}"
    );
    assert_eq!(by("zendesk.json email/email")["action"], "require_dm");
    assert_eq!(by("canned.md length/too_long")["action"], "suggest_dm");
    assert_eq!(by("canned.md length/too_long")["line"], 7);
}

#[test]
fn text_format_and_no_values_in_any_output() {
    let dir = Path::new(DATA);
    let text = stdout(&lint(&["."], dir));
    assert!(
        text.lines()
            .any(|l| l == "replies.csv:6:25: require_dm billing/card_number: this reply would publish billing details: send it by DM instead"),
        "{text}"
    );
    for format in ["text", "json", "sarif", "github"] {
        let out = stdout(&lint(&["--format", format, "."], dir));
        for value in ["4111", "maria.lopez", "415-555", "12345678", "password"] {
            assert!(!out.contains(value), "{format} output shows {value}");
        }
    }
}

#[test]
fn placeholders_are_neither_findings_nor_length() {
    // 270 characters of text plus long placeholders: fits. Placeholders that look like
    // data are never findings.
    let body = format!(
        "Hi {{{{ticket.requester.first_name}}}} {{last_name}}, {} Ref %ORDER_ID% [ACCOUNT NUMBER] {{{{ticket.id}}}}",
        "x".repeat(230)
    );
    let csv = format!("name,reply\nlong,\"{body}\"\n");
    let dir = scratch("placeholders", &[("m.csv", &csv)]);
    let out = lint(&["m.csv"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // Without the placeholders' names, the same length of real text is too long.
    let long = format!("name,reply\nlong,\"{}\"\n", "x".repeat(body.len()));
    std::fs::write(dir.join("m.csv"), long).unwrap();
    let out = lint(&["m.csv"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("m.csv:2:7: suggest_dm length/too_long"));
}

#[test]
fn ignore_comments_and_ignore_files() {
    // The YAML fixture's callback number is accepted by its `# discreet-ignore`, the
    // Markdown account number by the comment above its heading.
    let dir = Path::new(DATA);
    let all = problems(&lint(&["--format", "json", "."], dir));
    assert!(!all.iter().any(|p| p["category"] == "phone"));
    assert!(!all.iter().any(|p| p["kind"] == "account_number"));

    let md = "# A\n\nMail jo.bloggs@gmail.com today.\n\n# B\n\nPlease tweet us your order number.\n<!-- discreet-ignore purchase/solicits -->\nOur agent's cell is 415-555-0132.\n";
    let dir = scratch(
        "ignore",
        &[
            ("m.md", md),
            (".discreetignore", "# accepted\nm.md:3 email\n"),
        ],
    );
    let names = |out: &Output| -> Vec<String> { problems(out).iter().map(name).collect() };
    let out = lint(&["--format", "json", "m.md"], &dir);
    assert_eq!(names(&out), ["m.md purchase/solicits", "m.md phone/phone"]);
    std::fs::write(
        dir.join("m.md"),
        md.replace(
            "\n<!-- discreet-ignore purchase/solicits -->",
            " <!-- discreet-ignore purchase/solicits -->",
        ),
    )
    .unwrap();
    let out = lint(&["--format", "json", "m.md"], &dir);
    assert_eq!(names(&out), ["m.md phone/phone"]);
    // Without the ignore file (the comment on the ask's line still holds).
    let out = lint(
        &["--format", "json", "--ignore-file", "/dev/null", "m.md"],
        &dir,
    );
    assert_eq!(names(&out), ["m.md email/email", "m.md phone/phone"]);
}

#[test]
fn exit_statuses_and_errors() {
    let dir = scratch(
        "errors",
        &[
            (
                "ok/fine.txt",
                "Thanks! We've sent you a DM.\n---\nHappy to help!\n",
            ),
            (
                "bad/broken.json",
                "{\"macros\": [{\"body\": \"call 415-555-0132\"}\n",
            ),
            (
                "bad/open.csv",
                "title,body\nA,\"never closed 4111 1111 1111 1111\n",
            ),
            ("bad/cols.csv", "a,b\nx,y\n"),
            ("bad/latin1.txt", ""),
        ],
    );
    std::fs::write(dir.join("bad/latin1.txt"), b"caf\xe9").unwrap();
    assert_eq!(lint(&["ok"], &dir).status.code(), Some(0));
    let out = lint(&["bad", "missing.yaml"], &dir);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for expected in [
        "bad/broken.json:2: error: not valid JSON",
        "bad/open.csv:2: error: quoted field never closed",
        "bad/cols.csv:1: error: no reply column",
        "bad/latin1.txt: error: not valid UTF-8 (at byte 3)",
        "missing.yaml: error: cannot read",
    ] {
        assert!(err.contains(expected), "{expected:?} not in {err}");
    }
    assert!(!err.contains("4111") && !err.contains("415"), "{err}");
    let out = lint(&["--column", "b", "bad/cols.csv"], &dir);
    assert_eq!(out.status.code(), Some(0));
    let yaml = scratch("yaml", &[("y.yaml", "a: [1, 2\nb: 415-555-0132\n")]);
    let out = lint(&["y.yaml"], &yaml);
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("415"));
}

#[test]
fn github_annotations() {
    let out = stdout(&lint(&["--format", "github", "."], Path::new(DATA)));
    let line = out
        .lines()
        .find(|l| l.contains("card_number"))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        line,
        "::error file=replies.csv,line=6,col=25,endLine=6,endColumn=44,title=discreet billing/card_number::require_dm billing/card_number: this reply would publish billing details: send it by DM instead"
    );
    assert!(out
        .lines()
        .all(|l| l.starts_with("::error file=") || l.starts_with("::warning file=")));
}

/// The SARIF 2.1.0 schema's requirements on what `discreet lint` writes: required
/// properties, enumerations, and minimum values (`sarif-schema-2.1.0.json`: sarifLog,
/// run, tool, toolComponent, reportingDescriptor, result, message, location,
/// physicalLocation, artifactLocation, region).
fn check_sarif(log: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    let mut need = |ok: bool, what: &str| {
        if !ok {
            errs.push(what.to_string());
        }
    };
    need(
        log["version"] == "2.1.0",
        "sarifLog.version must be \"2.1.0\"",
    );
    need(
        log["$schema"].is_string(),
        "sarifLog.$schema is a URI string",
    );
    let Some(runs) = log["runs"].as_array() else {
        return vec!["sarifLog.runs is a required array".into()];
    };
    for run in runs {
        let driver = &run["tool"]["driver"];
        need(
            driver["name"].is_string(),
            "run.tool.driver.name is required",
        );
        need(
            ["utf16CodeUnits", "unicodeCodePoints"]
                .contains(&run["columnKind"].as_str().unwrap_or("utf16CodeUnits")),
            "run.columnKind enumeration",
        );
        let rules = driver["rules"].as_array().cloned().unwrap_or_default();
        for r in &rules {
            need(r["id"].is_string(), "reportingDescriptor.id is required");
            need(
                r["shortDescription"]["text"].is_string(),
                "multiformatMessageString.text is required",
            );
        }
        let ids: Vec<&Value> = rules.iter().map(|r| &r["id"]).collect();
        for res in run["results"].as_array().into_iter().flatten() {
            need(
                res["message"]["text"].is_string() || res["message"]["id"].is_string(),
                "result.message needs text or id",
            );
            need(
                ["none", "note", "warning", "error"]
                    .contains(&res["level"].as_str().unwrap_or("warning")),
                "result.level enumeration",
            );
            if let Some(i) = res["ruleIndex"].as_u64() {
                need(
                    ids.get(i as usize) == Some(&&res["ruleId"]),
                    "result.ruleIndex points at its ruleId",
                );
            }
            for loc in res["locations"].as_array().into_iter().flatten() {
                let phys = &loc["physicalLocation"];
                need(
                    phys["artifactLocation"]["uri"]
                        .as_str()
                        .is_some_and(|u| !u.contains(' ') && !u.contains('\\')),
                    "artifactLocation.uri is a URI reference",
                );
                let region = &phys["region"];
                for k in ["startLine", "startColumn", "endLine", "endColumn"] {
                    need(
                        region[k].as_u64().is_some_and(|n| n >= 1),
                        &format!("region.{k} is an integer >= 1"),
                    );
                }
                need(
                    region["endLine"].as_u64() >= region["startLine"].as_u64(),
                    "region ends after it starts",
                );
            }
        }
    }
    errs
}

#[test]
fn sarif_meets_the_schema() {
    let out = lint(&["--format", "sarif", "."], Path::new(DATA));
    assert_eq!(out.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(check_sarif(&log), Vec::<String>::new());
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 8);
    let card = results
        .iter()
        .find(|r| r["ruleId"] == "billing/card_number")
        .unwrap();
    assert_eq!(card["level"], "error");
    assert_eq!(
        card["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
    // The checker itself fails on what the schema forbids.
    let mut bad = log.clone();
    bad["version"] = "2.0.0".into();
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert_eq!(check_sarif(&bad).len(), 2);
    // A clean run is a valid log too.
    let dir = scratch("sarif-clean", &[("a.txt", "Thanks!\n")]);
    let out = lint(&["--format", "sarif", "a.txt"], &dir);
    assert_eq!(out.status.code(), Some(0));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(check_sarif(&log), Vec::<String>::new());
}
