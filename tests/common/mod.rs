//! Shared helpers for the data-driven tests: the labelled corpora in `tests/corpus/`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use discreet::{Category, Finding};
use serde::Deserialize;

/// One labelled text.
#[derive(Debug, Clone, Deserialize)]
pub struct Labelled {
    pub text: String,
    #[serde(default)]
    pub direction: Option<String>,
    #[serde(default)]
    pub findings: Vec<Expected>,
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub solicits: Option<Vec<String>>,
    #[serde(skip)]
    pub origin: String,
}

/// One expected finding: the exact value as it appears in the text.
#[derive(Debug, Clone, Deserialize)]
pub struct Expected {
    pub category: Category,
    pub kind: String,
    pub value: String,
    #[serde(default)]
    pub region: Option<String>,
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Loads the corpus files whose names start with `prefix`.
pub fn load(prefix: &str) -> Vec<Labelled> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "jsonl")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no corpus files tests/corpus/{prefix}*.jsonl"
    );
    let mut out = Vec::new();
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        for (i, line) in src.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let mut l: Labelled = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", f.display(), i + 1));
            l.origin = format!("{}:{}", f.file_name().unwrap().to_string_lossy(), i + 1);
            out.push(l);
        }
    }
    out
}

/// Byte spans of the expected values: the n-th label with a given value takes the n-th
/// occurrence of that value.
pub fn expected_spans(l: &Labelled) -> Vec<(usize, usize, &Expected)> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    l.findings
        .iter()
        .map(|e| {
            let n = seen.entry(e.value.as_str()).or_insert(0);
            let start = l
                .text
                .match_indices(e.value.as_str())
                .nth(*n)
                .map(|(i, _)| i)
                .unwrap_or_else(|| panic!("{}: value {:?} not in text", l.origin, e.value));
            *n += 1;
            (start, start + e.value.len(), e)
        })
        .collect()
}

/// Counts per category: true positives, false positives, false negatives.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

/// Scores findings against labels: a finding counts as a true positive when it overlaps an
/// unmatched expected value of the same category. Returns the counts per category and a
/// list of human-readable mistakes.
pub fn score(
    corpus: &[Labelled],
    mut scan: impl FnMut(&Labelled) -> Vec<Finding>,
) -> (BTreeMap<Category, Counts>, Vec<String>) {
    let mut counts: BTreeMap<Category, Counts> = BTreeMap::new();
    let mut mistakes = Vec::new();
    for l in corpus {
        let expected = expected_spans(l);
        let found = scan(l);
        let mut used = vec![false; expected.len()];
        for f in &found {
            let hit = expected.iter().enumerate().position(|(i, (s, e, x))| {
                !used[i] && x.category == f.category && *s < f.end && f.start < *e
            });
            let c = counts.entry(f.category).or_default();
            match hit {
                Some(i) => {
                    used[i] = true;
                    c.tp += 1;
                }
                None => {
                    c.fp += 1;
                    mistakes.push(format!(
                        "{}: false {} {:?} ({}) in {:?}",
                        l.origin,
                        f.category,
                        &l.text[f.range()],
                        f.rule,
                        l.text
                    ));
                }
            }
        }
        for (i, (_, _, x)) in expected.iter().enumerate() {
            if !used[i] {
                counts.entry(x.category).or_default().fn_ += 1;
                mistakes.push(format!(
                    "{}: missed {}/{} {:?} in {:?}",
                    l.origin, x.category, x.kind, x.value, l.text
                ));
            }
        }
    }
    (counts, mistakes)
}

/// Prints a precision/recall table and returns the overall counts.
pub fn report(title: &str, counts: &BTreeMap<Category, Counts>) -> Counts {
    let mut all = Counts::default();
    println!("{title}");
    println!(
        "{:<14} {:>5} {:>5} {:>5} {:>9} {:>7}",
        "category", "tp", "fp", "fn", "precision", "recall"
    );
    for (cat, c) in counts {
        println!(
            "{:<14} {:>5} {:>5} {:>5} {:>9.3} {:>7.3}",
            cat.as_str(),
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall()
        );
        all.tp += c.tp;
        all.fp += c.fp;
        all.fn_ += c.fn_;
    }
    println!(
        "{:<14} {:>5} {:>5} {:>5} {:>9.3} {:>7.3}",
        "overall",
        all.tp,
        all.fp,
        all.fn_,
        all.precision(),
        all.recall()
    );
    all
}
