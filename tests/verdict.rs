//! Verdict accuracy on `tests/corpus/verdict.jsonl`: incoming tweets and outgoing drafts
//! labelled with the action, the categories solicited in public and the findings. Prints
//! action accuracy, recommend-DM precision/recall and solicitation precision/recall, and
//! asserts each ≥ 0.95. `cargo test --test verdict -- --nocapture` lists every mistake.

mod common;

use common::load;
use discreet::{Action, Category, Direction, Scanner};

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

#[test]
fn verdict_corpus() {
    let corpus = load("verdict");
    assert!(corpus.len() >= 400, "{} texts", corpus.len());
    let scanner = Scanner::default();
    let (mut right, mut dm_tp, mut dm_fp, mut dm_fn) = (0, 0, 0, 0);
    let (mut s_tp, mut s_fp, mut s_fn) = (0, 0, 0);
    let mut mistakes = Vec::new();
    for l in &corpus {
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
        if v.action == expected {
            right += 1;
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
    let accuracy = ratio(right, corpus.len());
    let (dm_p, dm_r) = (ratio(dm_tp, dm_tp + dm_fp), ratio(dm_tp, dm_tp + dm_fn));
    let (s_p, s_r) = (ratio(s_tp, s_tp + s_fp), ratio(s_tp, s_tp + s_fn));
    println!("verdict corpus: {} texts", corpus.len());
    println!("action accuracy        {accuracy:.3}");
    println!("recommend-DM precision {dm_p:.3} recall {dm_r:.3}");
    println!("solicitation precision {s_p:.3} recall {s_r:.3}");
    for m in &mistakes {
        println!("  {m}");
    }
    assert!(accuracy >= 0.95, "action accuracy {accuracy:.3}");
    assert!(
        dm_p >= 0.95 && dm_r >= 0.95,
        "recommend-DM {dm_p:.3}/{dm_r:.3}"
    );
    assert!(s_p >= 0.95 && s_r >= 0.95, "solicitation {s_p:.3}/{s_r:.3}");
}
