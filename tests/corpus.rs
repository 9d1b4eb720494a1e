//! Accuracy on the labelled corpora in `tests/corpus/`, printed and asserted.
//!
//! Run with `cargo test --test corpus -- --nocapture` to see the tables and every mistake.

mod common;

use common::{load, report, score};
use discreet::{Category, Scanner};

/// `core.jsonl`: the first three detectors (email, phone, card numbers) on realistic
/// tweets with hard negatives (ids, dates, prices, handles, masked cards, ...).
#[test]
fn core_corpus_precision_and_recall() {
    let corpus = load("core");
    assert!(corpus.len() >= 300, "corpus has {} texts", corpus.len());
    let scanner = Scanner::default();
    let core = [Category::Email, Category::Phone, Category::Billing];
    let (counts, mistakes) = score(&corpus, |l| {
        scanner
            .scan(&l.text)
            .into_iter()
            .filter(|f| core.contains(&f.category))
            .filter(|f| f.category != Category::Billing || &*f.kind == "card_number")
            .collect()
    });
    let all = report("core corpus (email, phone, card)", &counts);
    for m in &mistakes {
        println!("  {m}");
    }
    assert!(all.precision() >= 0.95, "precision {:.3}", all.precision());
    assert!(all.recall() >= 0.95, "recall {:.3}", all.recall());
    for cat in core {
        let c = counts.get(&cat).copied().unwrap_or_default();
        assert!(c.tp > 0, "no true positives for {cat}");
    }
}

/// `detect-*.jsonl`: all seven categories, every kind, with hard negatives and texts in
/// English, Spanish, Portuguese, French and German. `DISCREET_CATEGORY=address` limits the
/// printed mistakes to one category.
#[test]
fn detect_corpus_per_category() {
    let corpus = load("detect-");
    assert!(corpus.len() >= 1500, "corpus has {} texts", corpus.len());
    let scanner = Scanner::default();
    let (counts, mistakes) = score(&corpus, |l| scanner.scan(&l.text));
    let all = report("detect corpus (seven categories)", &counts);
    let only = std::env::var("DISCREET_CATEGORY").ok();
    for m in &mistakes {
        if only.as_deref().is_none_or(|c| m.contains(&format!(" {c}"))) {
            println!("  {m}");
        }
    }
    let mut failing = Vec::new();
    for cat in Category::ALL {
        let c = counts.get(&cat).copied().unwrap_or_default();
        if c.tp == 0 || c.precision() < 0.95 || c.recall() < 0.92 {
            failing.push(format!(
                "{cat}: precision {:.3} recall {:.3}",
                c.precision(),
                c.recall()
            ));
        }
    }
    assert!(all.tp > 0);
    assert!(
        failing.is_empty(),
        "below precision 0.95 / recall 0.92: {failing:?}"
    );
}

/// `disguised.jsonl`: emails, phones and cards written to slip past filters (spelled
/// "at"/"dot", number words in five languages, spaced digits, fullwidth and keycap digits,
/// zero-width characters, look-alike letters) and prose full of the same words. Recall on
/// the disguised values must reach 0.9, and precision must hold.
#[test]
fn disguised_corpus_recall_and_precision() {
    let corpus = load("disguised");
    let scanner = Scanner::default();
    let kinds = ["email", "phone", "card_number"];
    let (counts, mistakes) = score(&corpus, |l| {
        scanner
            .scan(&l.text)
            .into_iter()
            .filter(|f| kinds.contains(&&*f.kind))
            .collect()
    });
    let all = report("disguised corpus (email, phone, card)", &counts);
    for m in &mistakes {
        println!("  {m}");
    }
    let positives = corpus.iter().filter(|l| !l.findings.is_empty()).count();
    assert!(positives >= 200, "{positives} disguised positives");
    assert!(
        all.recall() >= 0.9,
        "recall on disguised data {:.3}",
        all.recall()
    );
    assert!(all.precision() >= 0.95, "precision {:.3}", all.precision());
}

/// Scores one corpus file set, prints the table and every mistake, and returns the
/// overall counts.
fn score_files(prefix: &str, title: &str) -> common::Counts {
    let corpus = load(prefix);
    let scanner = Scanner::default();
    let (counts, mistakes) = score(&corpus, |l| scanner.scan(&l.text));
    let all = report(title, &counts);
    // A blind split shows only its figures: reading its misses would be tuning on it.
    if !prefix.starts_with("blind") {
        for m in &mistakes {
            println!("  {m}");
        }
    }
    all
}

/// `fresh-tune.jsonl`: 440 texts written the way customers and agents really type, by a
/// writer who had not read `rules/`. Scored before any tuning at recall 0.734, precision
/// 0.992. `fresh-tune2.jsonl`: 360 more by another such writer, recall 0.801, precision
/// 0.986 before tuning on them. Both together measured recall 0.931, precision 0.993 after
/// tuning; the thresholds are floors under those figures, raised as the rules improve.
#[test]
fn fresh_corpus_written_blind_to_the_rules() {
    let all = score_files("fresh-tune", "fresh corpus (tuning split)");
    assert!(all.precision() >= 0.99, "precision {:.3}", all.precision());
    assert!(all.recall() >= 0.93, "recall {:.3}", all.recall());
}

/// `blind-detect.jsonl` and `blind-detect2.jsonl`: the blind thirds of the same writing,
/// never tuned on (`blind-detect` recall 0.806, precision 1.000 before any tuning;
/// `blind-detect2` recall 0.823, precision 0.980 when it arrived). Together they measured
/// recall 0.885, precision 0.990. Their figures go in every note; the floors only guard
/// against regressions.
#[test]
fn blind_corpus_is_never_tuned_on() {
    let all = score_files("blind-detect", "blind corpus (never tuned on)");
    assert!(all.precision() >= 0.985, "precision {:.3}", all.precision());
    assert!(all.recall() >= 0.88, "recall {:.3}", all.recall());
}
