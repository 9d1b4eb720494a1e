//! Data-driven scan cases from `tests/data/*.toml`: each case shows the expected findings
//! inline (`"call |415-555-0132| now"`). Failures are collected and reported together;
//! `DISCREET_TEST=name` runs one case.

use discreet::Scanner;
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    test: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    expect: String,
    #[serde(default)]
    categories: Vec<String>,
}

/// The text with every finding between bars.
fn marked(text: &str, scanner: &Scanner) -> (String, Vec<String>) {
    let findings = scanner.scan(text);
    let mut out = String::new();
    let mut at = 0;
    for f in &findings {
        out.push_str(&text[at..f.start]);
        out.push('|');
        out.push_str(&text[f.range()]);
        out.push('|');
        at = f.end;
    }
    out.push_str(&text[at..]);
    (
        out,
        findings.iter().map(|f| f.category.to_string()).collect(),
    )
}

fn run_file(src: &str) {
    let file: File = toml::from_str(src).expect("test file parses");
    let only = std::env::var("DISCREET_TEST").ok();
    let scanner = Scanner::default();
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in &file.test {
        if only.as_deref().is_some_and(|o| o != case.name) {
            continue;
        }
        ran += 1;
        let (got, cats) = marked(&case.text, &scanner);
        if got != case.expect {
            failures.push(format!(
                "{}:\n  expected {:?}\n  got      {:?}",
                case.name, case.expect, got
            ));
        } else if !case.categories.is_empty() && cats != case.categories {
            failures.push(format!(
                "{}: categories {cats:?}, expected {:?}",
                case.name, case.categories
            ));
        }
    }
    assert!(ran > 0, "no case ran");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn scan_cases() {
    run_file(include_str!("data/scan.toml"));
}
