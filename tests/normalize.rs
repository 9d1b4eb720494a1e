//! The normalised view never changes what an ordinary tweet holds: emoji (ZWJ sequences
//! included) do not trigger it, and it never joins numbers the writer kept apart.

use discreet::Scanner;
use proptest::prelude::*;

/// Findings as (rule, value as written): offsets move when an emoji is inserted.
fn findings(scanner: &Scanner, text: &str) -> Vec<(String, String)> {
    scanner
        .scan(text)
        .into_iter()
        .map(|f| (f.rule.to_string(), text[f.range()].to_string()))
        .collect()
}

const EMOJI: &[&str] = &[
    "🤦‍♀️",
    "🤦‍♂️",
    "👩‍👩‍👧",
    "🏳️‍🌈",
    "🧑‍💻",
    "👍🏽",
    "😤",
    "🙏",
    "✈️",
    "❤️",
    "🇬🇧",
    "😂😂",
];

#[test]
fn a_date_and_a_count_are_not_a_phone_number() {
    let scanner = Scanner::default();
    let base = "@AcmeAir still waiting on a refund since 05/28/2022 21 hours on the tarmac";
    assert_eq!(findings(&scanner, base), []);
    for e in EMOJI {
        for text in [
            format!("{base} {e}"),
            format!("{e} {base}"),
            format!("{base}{e}"),
        ] {
            assert_eq!(findings(&scanner, &text), [], "{text}");
        }
    }
    // Also when something else in the tweet does call for the normalised view.
    let disguised = format!("{base} 🤦‍♀️ mail jane dot doe at example dot com");
    let got = findings(&scanner, &disguised);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, "jane dot doe at example dot com");
}

#[test]
fn disguised_data_next_to_emoji_is_still_found() {
    let scanner = Scanner::default();
    for (text, value) in [
        (
            "call 415\u{200b}555\u{200b}0132 🤦‍♀️",
            "415\u{200b}555\u{200b}0132",
        ),
        ("🙏 ４１５-５５５-０１３２ pls", "４１５-５５５-０１３２"),
        (
            "👩‍👩‍👧 write jane dot doe at example dot com",
            "jane dot doe at example dot com",
        ),
    ] {
        let got = findings(&scanner, text);
        assert!(got.iter().any(|(_, v)| v == value), "{text}: {got:?}");
    }
}

/// Pieces of a customer-service tweet: plain words, values that are data, values that are
/// not, and a few disguises (so that the normalised view is built with and without the
/// emoji). Context words of any rule are left out: a context window is counted in bytes,
/// and an emoji between a value and its context word legitimately moves them apart.
fn atoms(scanner: &Scanner) -> Vec<&'static str> {
    const ATOMS: &[&str] = &[
        "still",
        "waiting",
        "since",
        "05/28/2022",
        "05/28/2022 21",
        "21",
        "hours",
        "on",
        "the",
        "tarmac",
        "refund",
        "$49.99",
        "14:05",
        "gate",
        "B12",
        "UA2231",
        "seat",
        "14C",
        "#travel",
        "@AcmeAir",
        "https://t.co/abc123XYZ",
        "415-555-0132",
        "(415) 555-0132",
        "+44 20 7946 0958",
        "jo.doe@mailbox.org",
        "4111 1111 1111 1111",
        "dot",
        "jane dot doe at mailbox dot org",
        "415_555_0132",
        "415\u{200b}555\u{200b}0132",
        "2024-03-15",
        "v2.14.3",
        "3 - 1",
        "again",
        "thanks",
        "ugh",
    ];
    let context: Vec<String> = scanner
        .rules()
        .flat_map(|r| r.context().iter().chain(r.negative_context()))
        .map(|w| w.trim_matches('*').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    ATOMS
        .iter()
        .copied()
        .filter(|a| {
            let a = a.to_lowercase();
            let tokens: Vec<&str> = a.split(|c: char| !c.is_alphanumeric()).collect();
            !context
                .iter()
                .any(|w| tokens.contains(&w.as_str()) || w.contains(' ') && a.contains(w.as_str()))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Adding an emoji (ZWJ sequences included) between two words never changes the
    /// findings.
    #[test]
    fn an_emoji_between_words_changes_nothing(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..14),
        at in any::<prop::sample::Index>(),
        emoji in prop::sample::select(EMOJI),
    ) {
        let scanner = Scanner::default();
        let atoms = atoms(&scanner);
        let words: Vec<&str> = picks.iter().map(|i| *i.get(&atoms)).collect();
        let text = words.join(" ");
        // Between two numbers an emoji does separate them (`1 415-555-0132` may be read
        // with its country code, `1 😤 415-555-0132` may not): only between a word and
        // anything else is the emoji pure decoration.
        let numeric = |w: &str, edge: Option<char>| {
            w.contains(|c: char| c.is_ascii_digit()) && edge.is_some_and(|c| c.is_ascii_digit() || "+()$".contains(c))
        };
        let k = at.index(words.len() + 1);
        let between_numbers = k > 0
            && k < words.len()
            && numeric(words[k - 1], words[k - 1].chars().last())
            && numeric(words[k], words[k].chars().next());
        prop_assume!(!between_numbers);
        // Nor next to a spelled-out `dot`: it joins the words on either side into an
        // address (`jane dot doe@...`), and an emoji there, like any word, separates them.
        let next_to_dot = (k > 0 && words[k - 1] == "dot") || words.get(k) == Some(&"dot");
        prop_assume!(!next_to_dot);
        let mut with = words.clone();
        with.insert(k, emoji);
        let with = with.join(" ");
        prop_assert_eq!(findings(&scanner, &text), findings(&scanner, &with), "{:?} vs {:?}", text, with);
    }
}

#[test]
fn the_atoms_hold_data_and_disguises() {
    let scanner = Scanner::default();
    let atoms = atoms(&scanner);
    assert!(atoms.len() >= 20, "{atoms:?}");
    let found = atoms
        .iter()
        .filter(|a| !findings(&scanner, a).is_empty())
        .count();
    assert!(found >= 4, "only {found} atoms hold data: {atoms:?}");
    assert!(atoms.contains(&"jane dot doe at mailbox dot org"));
}
