//! Replays every input under `fuzz/regressions/` through the checks of its fuzz target
//! (`fuzz/checks.rs`, shared with the targets), so a crash once fixed stays fixed.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} fails again", path.display());
        n += 1;
    }
    assert!(n > 0, "no regression inputs in {}", dir.display());
}

#[test]
fn scan_regressions_stay_fixed() {
    replay("scan", checks::scan_case);
}

#[test]
fn classify_regressions_stay_fixed() {
    replay("classify", checks::classify_case);
}
