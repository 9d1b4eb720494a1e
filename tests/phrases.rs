//! The built-in phrase files (`rules/judge/`) check themselves: every example matches its
//! phrase, no negative example does.

use discreet::phrases::PhraseSet;

#[test]
fn every_builtin_phrase_example_holds() {
    let set = PhraseSet::builtin();
    let errors = set.check_examples();
    for e in &errors {
        eprintln!("{e}");
    }
    assert!(
        errors.is_empty(),
        "{} phrase example failures",
        errors.len()
    );
    assert!(set
        .iter()
        .all(|p| p.role() != discreet::phrases::Role::Solicit || p.category().is_some()));
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/judge");
    let from_disk = PhraseSet::from_paths(&[std::path::Path::new(dir)]).unwrap();
    assert_eq!(from_disk.iter().count(), set.iter().count());
}

#[test]
fn bad_phrase_files_name_file_and_id() {
    let e = PhraseSet::from_sources(&[(
        "mine.toml",
        "[[phrase]]\nid = 'x.y'\nrole = 'solicit'\nregex = 'order'\n",
    )])
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("mine.toml: rule x.y: solicit and issue phrases need a `category`"),
        "{e}"
    );
    let e = PhraseSet::from_sources(&[(
        "mine.toml",
        "[[phrase]]\nid = 'x.y'\nrole = 'shout'\nregex = 'a'\n",
    )])
    .unwrap_err();
    assert!(e.to_string().contains("mine.toml"), "{e}");
}
