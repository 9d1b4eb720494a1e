//! Verdicts, three ways:
//! - `tests/data/verdict.toml`: one row per case a support lead would judge (text,
//!   direction, action, solicited categories, optionally with the brand profile in
//!   `tests/data/brand.toml`); every failure is listed before the test fails.
//! - `tests/corpus/verdict*.jsonl`: the labelled corpus the phrases are tuned on; prints
//!   action accuracy, recommend-DM precision/recall and solicitation precision/recall.
//! - `tests/corpus/blind-verdict.jsonl`: a held-out set written by someone who has not read
//!   the phrases and never tuned on; the same figures plus per-class accuracy.
//!
//! `cargo test --test verdict -- --nocapture` lists every mistake.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{load, Labelled};
use discreet::{Action, BrandProfile, Category, Direction, Scanner, ScannerBuilder};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    direction: Direction,
    action: Action,
    #[serde(default)]
    solicits: Vec<Category>,
    #[serde(default)]
    brand: bool,
}

#[test]
fn verdict_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let src = std::fs::read_to_string(dir.join("verdict.toml")).unwrap();
    let file: CaseFile = toml::from_str(&src).unwrap();
    assert!(file.case.len() >= 40, "{} cases", file.case.len());
    let plain = Scanner::default();
    let brand = BrandProfile::from_path(dir.join("brand.toml")).unwrap();
    let branded = ScannerBuilder::new().brand(brand).build().unwrap();
    let mut failures = Vec::new();
    for c in &file.case {
        let scanner = if c.brand { &branded } else { &plain };
        let v = scanner.classify(&c.text, c.direction);
        // The explained verdict is the same verdict, with one piece of evidence per
        // finding it kept, in order (what `discreet check` prints).
        let (same, evidence) = scanner.classify_explained(&c.text, c.direction);
        assert_eq!(same, v, "{:?}", c.text);
        let evidenced: Vec<_> = evidence.iter().map(|e| e.finding.clone()).collect();
        assert_eq!(evidenced, v.findings, "{:?}", c.text);
        if v.action != c.action || v.solicits != c.solicits {
            let why: Vec<String> = v
                .reasons
                .iter()
                .map(|r| format!("{:?}:{:?}", r.code, &c.text[r.start..r.end]))
                .collect();
            failures.push(format!(
                "{:?} {:?}: expected {} {:?}, got {} {:?} {why:?}",
                c.direction,
                c.text,
                c.action.as_str(),
                c.solicits,
                v.action.as_str(),
                v.solicits
            ));
        }
    }
    for f in &failures {
        println!("  {f}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases wrong",
        failures.len(),
        file.case.len()
    );
}

/// Action accuracy, recommend-DM and solicitation precision/recall, per-class accuracy and
/// the mistakes of `scanner` on `corpus`.
struct Score {
    texts: usize,
    accuracy: f64,
    dm_p: f64,
    dm_r: f64,
    s_p: f64,
    s_r: f64,
    /// Per `class`: (right, total).
    classes: BTreeMap<String, (usize, usize)>,
    mistakes: Vec<String>,
}

#[derive(Deserialize)]
struct ClassOnly {
    #[serde(default)]
    class: Option<String>,
}

/// The corpus files starting with `prefix`, each text with its `class` label (if any).
fn load_classed(prefix: &str) -> Vec<(Labelled, Option<String>)> {
    let mut files: BTreeMap<String, Vec<String>> = BTreeMap::new();
    load(prefix)
        .into_iter()
        .map(|l| {
            // `origin` is "file:line".
            let (file, line) = l.origin.rsplit_once(':').unwrap();
            let lines = files.entry(file.to_string()).or_insert_with(|| {
                std::fs::read_to_string(common::corpus_dir().join(file))
                    .unwrap()
                    .lines()
                    .map(String::from)
                    .collect()
            });
            let n: usize = line.parse().unwrap();
            let c: ClassOnly = serde_json::from_str(&lines[n - 1]).unwrap();
            (l, c.class)
        })
        .collect()
}

fn score(scanner: &Scanner, corpus: &[(Labelled, Option<String>)]) -> Score {
    let (mut right, mut dm_tp, mut dm_fp, mut dm_fn) = (0, 0, 0, 0);
    let (mut s_tp, mut s_fp, mut s_fn) = (0, 0, 0);
    let mut classes: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut mistakes = Vec::new();
    for (l, class) in corpus {
        let direction: Direction = l
            .direction
            .as_deref()
            .unwrap_or("incoming")
            .parse()
            .unwrap();
        let v = scanner.classify(&l.text, direction);
        let expected = match l.action.as_deref() {
            Some("ok") => Action::Ok,
            Some("suggest_dm") => Action::SuggestDm,
            Some("require_dm") => Action::RequireDm,
            other => panic!("{}: action {other:?}", l.origin),
        };
        let class = classes
            .entry(class.clone().unwrap_or_else(|| "-".into()))
            .or_default();
        class.1 += 1;
        if v.action == expected {
            right += 1;
            class.0 += 1;
        } else {
            let why: Vec<String> = v
                .reasons
                .iter()
                .map(|r| format!("{:?}:{:?}", r.code, &l.text[r.start..r.end]))
                .collect();
            mistakes.push(format!(
                "{}: {direction:?} expected {} got {} {why:?} in {:?}",
                l.origin,
                expected.as_str(),
                v.action.as_str(),
                l.text
            ));
        }
        match (expected != Action::Ok, v.action != Action::Ok) {
            (true, true) => dm_tp += 1,
            (false, true) => dm_fp += 1,
            (true, false) => dm_fn += 1,
            (false, false) => {}
        }
        let want: Vec<Category> = l
            .solicits
            .clone()
            .unwrap_or_default()
            .iter()
            .map(|c| c.parse().unwrap())
            .collect();
        for c in &v.solicits {
            if want.contains(c) {
                s_tp += 1;
            } else {
                s_fp += 1;
                mistakes.push(format!("{}: false solicit {c} in {:?}", l.origin, l.text));
            }
        }
        for c in &want {
            if !v.solicits.contains(c) {
                s_fn += 1;
                mistakes.push(format!("{}: missed solicit {c} in {:?}", l.origin, l.text));
            }
        }
    }
    Score {
        texts: corpus.len(),
        accuracy: ratio(right, corpus.len()),
        dm_p: ratio(dm_tp, dm_tp + dm_fp),
        dm_r: ratio(dm_tp, dm_tp + dm_fn),
        s_p: ratio(s_tp, s_tp + s_fp),
        s_r: ratio(s_tp, s_tp + s_fn),
        classes,
        mistakes,
    }
}

fn print(name: &str, s: &Score, mistakes: bool) {
    println!("{name}: {} texts", s.texts);
    println!("action accuracy        {:.3}", s.accuracy);
    println!("recommend-DM precision {:.3} recall {:.3}", s.dm_p, s.dm_r);
    println!("solicitation precision {:.3} recall {:.3}", s.s_p, s.s_r);
    for (class, (right, total)) in &s.classes {
        println!(
            "  class {class:<24} {:.3} ({right}/{total})",
            ratio(*right, *total)
        );
    }
    if mistakes {
        for m in &s.mistakes {
            println!("  {m}");
        }
    }
}

#[test]
fn verdict_corpus() {
    let corpus = load_classed("verdict");
    assert!(corpus.len() >= 400, "{} texts", corpus.len());
    let s = score(&Scanner::default(), &corpus);
    print("verdict corpus", &s, true);
    // Measured 0.989, recommend-DM 1.000/0.985, solicitation 0.986/1.000 (the misses left
    // are disclosures the detectors do not find).
    assert!(s.accuracy >= 0.98, "action accuracy {:.3}", s.accuracy);
    assert!(
        s.dm_p >= 0.99 && s.dm_r >= 0.98,
        "recommend-DM {:.3}/{:.3}",
        s.dm_p,
        s.dm_r
    );
    assert!(
        s.s_p >= 0.95 && s.s_r >= 0.95,
        "solicitation {:.3}/{:.3}",
        s.s_p,
        s.s_r
    );
}

/// The blind split: figures only. Its texts are never printed (nobody tunes on them).
///
/// The targets are action accuracy 0.96, recommend-DM precision 0.98 and recall
/// 0.96, brand-contact drafts 0.97 `ok` and issue tweets 0.93 `suggest_dm`; the floors
/// below are what the current phrases honestly reach (a guard against regressions, not
/// the targets). Measured: action accuracy 0.895, recommend-DM 0.974/0.877, solicitation
/// 0.952/0.909, brand_contact 0.875, issue 0.757. Most of the remaining gap is issue tweets
/// worded unlike anything in the tuning set, and disclosures the detectors miss.
#[test]
fn blind_verdict_corpus() {
    let corpus = load_classed("blind-verdict");
    assert!(corpus.len() >= 100, "{} texts", corpus.len());
    let s = score(&Scanner::default(), &corpus);
    print("blind verdict corpus", &s, false);
    let class = |name: &str| {
        let (right, total) = s.classes.get(name).copied().unwrap_or_default();
        ratio(right, total)
    };
    let floors = [
        ("action accuracy", s.accuracy, 0.89),
        ("recommend-DM precision", s.dm_p, 0.97),
        ("recommend-DM recall", s.dm_r, 0.87),
        ("solicitation precision", s.s_p, 0.90),
        ("solicitation recall", s.s_r, 0.90),
        ("brand_contact ok", class("brand_contact"), 0.85),
        ("brand_quoted ok", class("brand_quoted"), 0.85),
        ("issue suggest_dm", class("issue"), 0.75),
        ("routed ok", class("routed"), 0.90),
    ];
    let below: Vec<String> = floors
        .iter()
        .filter(|(_, got, floor)| got < floor)
        .map(|(name, got, floor)| format!("{name} {got:.3} < {floor}"))
        .collect();
    assert!(below.is_empty(), "{below:?}");
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}
