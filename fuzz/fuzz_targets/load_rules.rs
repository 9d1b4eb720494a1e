//! Loading arbitrary rule TOML gives a rule set or an error, never a panic; a rule set that
//! loads either compiles or gives an error naming a rule.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() > 1 << 14 {
        return;
    }
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    match discreet::RuleSet::from_toml(src, None) {
        Ok(set) => {
            // Keep compilation cheap under fuzzing: a small size limit still exercises
            // the refusal path.
            let built = discreet::ScannerBuilder::new()
                .builtin_rules(false)
                .rules(set)
                .size_limit(1 << 16)
                .build();
            if let Ok(scanner) = built {
                let _ = scanner.check_examples();
                let _ = scanner.scan("call 415-555-0132 or mail a@b.example, card 4111 1111 1111 1111");
            }
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
        }
    }
});
