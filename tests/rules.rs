//! The built-in rule files check themselves: ids unique, every example found by its rule,
//! no negative example found.

use discreet::{Category, RuleSet, Scanner};

#[test]
fn every_builtin_example_and_negative_example_holds() {
    let scanner = Scanner::default();
    let errors = scanner.check_examples();
    for e in &errors {
        eprintln!("{e}");
    }
    assert!(errors.is_empty(), "{} rule example failures", errors.len());
    let examples: usize = scanner.rules().map(|r| r.examples().len()).sum();
    assert!(examples >= scanner.rules().len(), "every rule has examples");
    assert!(scanner.rules().all(|r| !r.examples().is_empty()));
}

#[test]
fn builtin_files_are_one_per_category_and_rules_match_their_file() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
    for cat in Category::ALL {
        let path = format!("{dir}/{}.toml", cat.as_str());
        let set = RuleSet::from_path(&path).unwrap_or_else(|e| panic!("{e}"));
        for r in &set {
            assert_eq!(r.category(), cat, "{} sits in {path}", r.id());
            assert!(
                r.id().starts_with(&format!("{}.", cat.as_str())),
                "{} should be named after its category",
                r.id()
            );
        }
    }
    assert_eq!(
        RuleSet::from_path(dir).unwrap().len(),
        RuleSet::builtin().len()
    );
}

#[test]
fn rule_examples_fail_loudly_when_wrong() {
    let src = r#"
[[rule]]
id = "acme.ticket"
category = "purchase"
kind = "ticket_number"
regex = 'TCK-[0-9]{6}'
examples = ["ticket TCK-12345"]
negative-examples = ["TCK-123456 is public"]
"#;
    let set = RuleSet::from_toml(src, Some(std::path::Path::new("acme.toml"))).unwrap();
    let errors = Scanner::new(&set).unwrap().check_examples();
    let msgs: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs[0]
        .starts_with("acme.toml: rule acme.ticket: example \"ticket TCK-12345\" is not found"));
    assert!(msgs[1].contains("negative example \"TCK-123456 is public\" is found"));
}
