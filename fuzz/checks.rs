//! The properties the `scan` and `classify` fuzz targets check, shared with
//! `tests/fuzz_replay.rs`, which replays every input committed under `fuzz/regressions/`.
//!
//! An input is a structured case: its first byte picks the scanner settings (from a fixed
//! family built once, so the fuzzer spends its time scanning rather than compiling), the
//! second the direction, and the rest is the text (decoded lossily, as `discreet scan` would
//! see it).

// Each fuzz target uses one of the checks.
#![allow(dead_code)]

use std::sync::OnceLock;

use discreet::{Action, BrandProfile, Direction, Scanner, ScannerBuilder};

/// The largest text tried: far above a tweet or a DM, small enough for many runs a second.
const MAX_TEXT: usize = 1 << 16;

/// Scanner settings the fuzzer chooses from: the defaults, the lowest and a high threshold,
/// two rules disabled, an allow-list, one phone region, a tiny user size limit (built-in
/// rules must still work) and a brand profile.
fn scanners() -> &'static [Scanner] {
    static SCANNERS: OnceLock<Vec<Scanner>> = OnceLock::new();
    SCANNERS.get_or_init(|| {
        let brand = BrandProfile::from_toml(
            "name = \"Acme\"\nhandles = [\"@acme\"]\ndomains = [\"acme.example\"]\nphones = [\"+1 888 555 0188\"]\n",
            None,
        )
        .expect("the fuzz brand profile is valid");
        let builders = [
            ScannerBuilder::new(),
            ScannerBuilder::new().min_score(0.0).clone(),
            ScannerBuilder::new().min_score(0.95).clone(),
            ScannerBuilder::new()
                .disable("billing.card_number")
                .disable("email.address")
                .clone(),
            ScannerBuilder::new()
                .allow("help@acme.example")
                .allow("4111 1111 1111 1111")
                .clone(),
            ScannerBuilder::new()
                .phone_regions(&[discreet::validate::Region::GB])
                .clone(),
            ScannerBuilder::new().size_limit(64).clone(),
            ScannerBuilder::new().brand(brand).clone(),
        ];
        builders
            .iter()
            .map(|b| b.build().expect("fuzz settings build"))
            .collect()
    })
}

/// Splits a case into its scanner, direction and text.
fn case(data: &[u8]) -> Option<(&'static Scanner, Direction, String)> {
    let [pick, dir, text @ ..] = data else {
        return None;
    };
    if text.len() > MAX_TEXT {
        return None;
    }
    let all = scanners();
    let scanner = &all[usize::from(*pick) % all.len()];
    let direction = if dir & 1 == 0 {
        Direction::Incoming
    } else {
        Direction::Outgoing
    };
    Some((
        scanner,
        direction,
        String::from_utf8_lossy(text).into_owned(),
    ))
}

/// Scanning never panics, and every span is in bounds, on char boundaries, sorted and
/// disjoint, with a confidence in range; `is_match` agrees with `scan`.
pub fn scan_case(data: &[u8]) {
    let Some((scanner, _, text)) = case(data) else {
        return;
    };
    let findings = scanner.scan(&text);
    let mut last_end = 0;
    for f in &findings {
        assert!(
            f.start < f.end && f.end <= text.len(),
            "span {f:?} out of bounds"
        );
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        assert!(
            f.start >= last_end,
            "findings overlap or are unsorted: {findings:?}"
        );
        assert!((0.0..=1.0).contains(&f.confidence));
        last_end = f.end;
    }
    assert_eq!(scanner.is_match(&text), !findings.is_empty());
}

/// Classifying never panics and gives a consistent verdict: findings mean `require_dm`,
/// reasons point inside the text on char boundaries, the explained verdict is the same.
pub fn classify_case(data: &[u8]) {
    let Some((scanner, direction, text)) = case(data) else {
        return;
    };
    let v = scanner.classify(&text, direction);
    if !v.findings.is_empty() {
        assert_eq!(v.action, Action::RequireDm);
    }
    for r in &v.reasons {
        assert!(r.start <= r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
    let (same, evidence) = scanner.classify_explained(&text, direction);
    assert_eq!(same, v);
    assert_eq!(evidence.len(), v.findings.len());
}
