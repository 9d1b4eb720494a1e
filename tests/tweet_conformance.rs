//! Runs the twitter-text conformance suite against `discreet::tweet`, plus a
//! few checks of our own.
//!
//! The YAML files are read in place from `shared/conformance/twitter-text/`
//! next to the repository. When that directory is missing the conformance
//! tests print a notice and pass, unless `DISCREET_REQUIRE_CONFORMANCE=1` is
//! set, in which case they fail.

use discreet::tweet::{
    entities, parse_tweet, weighted_length, Entity, EntityKind, TweetLength, MAX_WEIGHTED_LENGTH,
};
use serde_yaml::Value;
use std::io::Write;
use std::path::Path;

const DATA_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/conformance/twitter-text/"
);

// ---------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------

struct Case {
    description: String,
    text: String,
    expected: Value,
}

/// Loads one section of a conformance file, or `None` (after saying so) when
/// the data directory is absent and not required.
fn section(file: &str, name: &str) -> Option<Vec<Case>> {
    let dir = Path::new(DATA_DIR);
    if !dir.is_dir() {
        if std::env::var("DISCREET_REQUIRE_CONFORMANCE").as_deref() == Ok("1") {
            panic!(
                "conformance data absent at {DATA_DIR}, but DISCREET_REQUIRE_CONFORMANCE=1 requires it"
            );
        }
        // Written straight to stderr so that it shows even though the test
        // harness captures output of passing tests.
        static NOTICE: std::sync::Once = std::sync::Once::new();
        NOTICE.call_once(|| {
            let _ = writeln!(
                std::io::stderr(),
                "conformance data absent at {DATA_DIR}: skipped"
            );
        });
        return None;
    }
    let path = dir.join(file);
    let raw = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doc: Value = serde_yaml::from_str(&raw)
        .unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()));
    let list = doc["tests"][name]
        .as_sequence()
        .unwrap_or_else(|| panic!("{file} has no section {name}"));
    let cases: Vec<Case> = list
        .iter()
        .map(|c| Case {
            description: c["description"].as_str().unwrap_or_default().to_owned(),
            text: c["text"]
                .as_str()
                .unwrap_or_else(|| panic!("{file}/{name}: case without text"))
                .to_owned(),
            expected: c["expected"].clone(),
        })
        .collect();
    assert!(!cases.is_empty(), "{file}/{name} is empty");
    Some(cases)
}

/// Runs every case of a section, collects all mismatches and reports them
/// together. `check` returns `Err((expected, got))` on a mismatch.
fn run_section(file: &str, name: &str, check: impl Fn(&Case) -> Result<(), (String, String)>) {
    let Some(cases) = section(file, name) else {
        return;
    };
    let mut failures = Vec::new();
    for case in &cases {
        if let Err((expected, got)) = check(case) {
            failures.push(format!(
                "- {}\n    text:     {:?}\n    expected: {expected}\n    got:      {got}",
                case.description, case.text
            ));
        }
    }
    let passed = cases.len() - failures.len();
    eprintln!("{file} / {name}: {passed}/{} passed", cases.len());
    assert!(
        failures.is_empty(),
        "{file} / {name}: {} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn compare<T: PartialEq + std::fmt::Debug>(expected: T, got: T) -> Result<(), (String, String)> {
    if expected == got {
        Ok(())
    } else {
        Err((format!("{expected:?}"), format!("{got:?}")))
    }
}

/// UTF-16 index of a byte offset (the suite counts UTF-16 units).
fn utf16_index(text: &str, byte: usize) -> u64 {
    text[..byte].encode_utf16().count() as u64
}

fn of_kind(text: &str, kind: EntityKind) -> Vec<Entity> {
    entities(text)
        .into_iter()
        .filter(|e| e.kind == kind)
        .collect()
}

/// Entity text without its leading sign (`@`, `#`, `$` or a full-width form).
fn without_sign<'a>(text: &'a str, e: &Entity) -> &'a str {
    let s = &text[e.start..e.end];
    let mut chars = s.chars();
    chars.next();
    chars.as_str()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_sequence()
        .map(|s| {
            s.iter()
                .map(|x| x.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// `[{<key>: text, indices: [a, b]}, …]` as `(text, a, b)` triples.
fn with_indices(v: &Value, key: &str) -> Vec<(String, u64, u64)> {
    v.as_sequence()
        .map(|s| {
            s.iter()
                .map(|m| {
                    let idx = &m["indices"];
                    (
                        m[key].as_str().unwrap_or_default().to_owned(),
                        idx[0].as_u64().unwrap_or(u64::MAX),
                        idx[1].as_u64().unwrap_or(u64::MAX),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------
// validate.yml
// ---------------------------------------------------------------------------

fn check_parse(case: &Case) -> Result<(), (String, String)> {
    let e = &case.expected;
    let num = |k: &str| e[k].as_u64().unwrap_or(u64::MAX) as usize;
    let expected = TweetLength {
        weighted_length: num("weightedLength"),
        valid: e["valid"].as_bool().unwrap_or(false),
        permillage: num("permillage"),
        display_range: (num("displayRangeStart"), num("displayRangeEnd")),
        valid_range: (num("validRangeStart"), num("validRangeEnd")),
    };
    compare(expected, parse_tweet(&case.text))?;
    compare(expected.weighted_length, weighted_length(&case.text))
}

#[test]
fn validate_weighted_tweets_with_discounted_emoji() {
    run_section(
        "validate.yml",
        "WeightedTweetsWithDiscountedEmojiCounterTest",
        check_parse,
    );
}

#[test]
fn validate_unicode_directional_markers() {
    run_section(
        "validate.yml",
        "UnicodeDirectionalMarkerCounterTest",
        check_parse,
    );
}

// ---------------------------------------------------------------------------
// extract.yml
// ---------------------------------------------------------------------------

fn check_url_strings(case: &Case) -> Result<(), (String, String)> {
    let got: Vec<String> = of_kind(&case.text, EntityKind::Url)
        .iter()
        .map(|e| case.text[e.start..e.end].to_owned())
        .collect();
    compare(strings(&case.expected), got)
}

fn check_url_indices(case: &Case) -> Result<(), (String, String)> {
    let t = &case.text;
    let got: Vec<(String, u64, u64)> = of_kind(t, EntityKind::Url)
        .iter()
        .map(|e| {
            (
                t[e.start..e.end].to_owned(),
                utf16_index(t, e.start),
                utf16_index(t, e.end),
            )
        })
        .collect();
    compare(with_indices(&case.expected, "url"), got)
}

#[test]
fn extract_urls() {
    run_section("extract.yml", "urls", check_url_strings);
}

#[test]
fn extract_urls_with_indices() {
    run_section("extract.yml", "urls_with_indices", check_url_indices);
}

#[test]
fn extract_urls_with_directional_markers() {
    run_section(
        "extract.yml",
        "urls_with_directional_markers",
        check_url_indices,
    );
}

#[test]
fn extract_tco_urls_with_params() {
    run_section("extract.yml", "tco_urls_with_params", check_url_strings);
}

/// Plain mentions: list mentions (`@user/list`) are not screen names.
fn screen_names(text: &str) -> Vec<Entity> {
    of_kind(text, EntityKind::Mention)
        .into_iter()
        .filter(|e| !text[e.start..e.end].contains('/'))
        .collect()
}

#[test]
fn extract_mentions() {
    run_section("extract.yml", "mentions", |case| {
        let t = &case.text;
        let got: Vec<String> = screen_names(t)
            .iter()
            .map(|e| without_sign(t, e).to_owned())
            .collect();
        compare(strings(&case.expected), got)
    });
}

#[test]
fn extract_mentions_with_indices() {
    run_section("extract.yml", "mentions_with_indices", |case| {
        let t = &case.text;
        let got: Vec<(String, u64, u64)> = screen_names(t)
            .iter()
            .map(|e| {
                (
                    without_sign(t, e).to_owned(),
                    utf16_index(t, e.start),
                    utf16_index(t, e.end),
                )
            })
            .collect();
        compare(with_indices(&case.expected, "screen_name"), got)
    });
}

#[test]
fn extract_mentions_or_lists_with_indices() {
    run_section("extract.yml", "mentions_or_lists_with_indices", |case| {
        let t = &case.text;
        let got: Vec<(String, String, u64, u64)> = of_kind(t, EntityKind::Mention)
            .iter()
            .map(|e| {
                let body = without_sign(t, e);
                let (name, slug) = body.find('/').map_or((body, ""), |i| body.split_at(i));
                (
                    name.to_owned(),
                    slug.to_owned(),
                    utf16_index(t, e.start),
                    utf16_index(t, e.end),
                )
            })
            .collect();
        let expected: Vec<(String, String, u64, u64)> = case
            .expected
            .as_sequence()
            .map(|s| {
                s.iter()
                    .map(|m| {
                        (
                            m["screen_name"].as_str().unwrap_or_default().to_owned(),
                            m["list_slug"].as_str().unwrap_or_default().to_owned(),
                            m["indices"][0].as_u64().unwrap_or(u64::MAX),
                            m["indices"][1].as_u64().unwrap_or(u64::MAX),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        compare(expected, got)
    });
}

fn check_tag_strings(kind: EntityKind) -> impl Fn(&Case) -> Result<(), (String, String)> {
    move |case| {
        let t = &case.text;
        let got: Vec<String> = of_kind(t, kind)
            .iter()
            .map(|e| without_sign(t, e).to_owned())
            .collect();
        compare(strings(&case.expected), got)
    }
}

fn check_tag_indices(
    kind: EntityKind,
    key: &'static str,
) -> impl Fn(&Case) -> Result<(), (String, String)> {
    move |case| {
        let t = &case.text;
        let got: Vec<(String, u64, u64)> = of_kind(t, kind)
            .iter()
            .map(|e| {
                (
                    without_sign(t, e).to_owned(),
                    utf16_index(t, e.start),
                    utf16_index(t, e.end),
                )
            })
            .collect();
        compare(with_indices(&case.expected, key), got)
    }
}

#[test]
fn extract_hashtags() {
    run_section(
        "extract.yml",
        "hashtags",
        check_tag_strings(EntityKind::Hashtag),
    );
}

#[test]
fn extract_hashtags_from_astral() {
    run_section(
        "extract.yml",
        "hashtags_from_astral",
        check_tag_strings(EntityKind::Hashtag),
    );
}

#[test]
fn extract_hashtags_with_indices() {
    run_section(
        "extract.yml",
        "hashtags_with_indices",
        check_tag_indices(EntityKind::Hashtag, "hashtag"),
    );
}

#[test]
fn extract_cashtags() {
    run_section(
        "extract.yml",
        "cashtags",
        check_tag_strings(EntityKind::Cashtag),
    );
}

#[test]
fn extract_cashtags_with_indices() {
    run_section(
        "extract.yml",
        "cashtags_with_indices",
        check_tag_indices(EntityKind::Cashtag, "cashtag"),
    );
}

// ---------------------------------------------------------------------------
// tlds.yml
// ---------------------------------------------------------------------------

#[test]
fn tlds_country() {
    run_section("tlds.yml", "country", check_url_strings);
}

#[test]
fn tlds_generic() {
    run_section("tlds.yml", "generic", check_url_strings);
}

// ---------------------------------------------------------------------------
// Our own checks
// ---------------------------------------------------------------------------

fn spans(text: &str) -> Vec<(EntityKind, &str)> {
    entities(text)
        .into_iter()
        .map(|e| (e.kind, &text[e.start..e.end]))
        .collect()
}

#[test]
fn customer_service_entities() {
    assert_eq!(
        spans("@acme_help247"),
        [(EntityKind::Mention, "@acme_help247")]
    );
    assert_eq!(spans("#Order66"), [(EntityKind::Hashtag, "#Order66")]);
    assert_eq!(
        spans("@acme/support-team"),
        [(EntityKind::Mention, "@acme/support-team")]
    );
    assert_eq!(spans("$ACME"), [(EntityKind::Cashtag, "$ACME")]);
    assert_eq!(
        spans("https://twitter.com/acme/status/1587234567890123456"),
        [(
            EntityKind::Url,
            "https://twitter.com/acme/status/1587234567890123456"
        )]
    );
    assert_eq!(
        spans("@acme_help247 order #Order66 still missing, see acme.com/orders?id=66 $ACME"),
        [
            (EntityKind::Mention, "@acme_help247"),
            (EntityKind::Hashtag, "#Order66"),
            (EntityKind::Url, "acme.com/orders?id=66"),
            (EntityKind::Cashtag, "$ACME"),
        ]
    );
    // An e-mail address is neither a mention nor a URL.
    assert_eq!(spans("mail me at jane.doe@example.com"), []);
    // Plain text has no entities.
    assert_eq!(spans("my parcel never arrived"), []);
}

#[test]
fn length_limit() {
    let ok = "a".repeat(MAX_WEIGHTED_LENGTH);
    let r = parse_tweet(&ok);
    assert_eq!(r.weighted_length, 280);
    assert!(r.valid);
    assert_eq!(r.permillage, 1000);
    assert_eq!(r.valid_range, (0, 279));

    let too_long = "a".repeat(MAX_WEIGHTED_LENGTH + 1);
    let r = parse_tweet(&too_long);
    assert_eq!(r.weighted_length, 281);
    assert!(!r.valid);
    assert_eq!(r.display_range, (0, 280));
    assert_eq!(r.valid_range, (0, 279));
    assert_eq!(weighted_length(&too_long), 281);
}

#[test]
fn offsets_on_char_boundaries_for_cjk_and_emoji() {
    let text =
        "注文 #注文番号 の件 @acme_jp 👨‍👩‍👧 https://例え.jp/注文 😷#emoji ＃全角 ＠wide example.com";
    let found = spans(text);
    assert_eq!(
        found,
        [
            (EntityKind::Hashtag, "#注文番号"),
            (EntityKind::Mention, "@acme_jp"),
            (EntityKind::Url, "https://例え.jp/"),
            (EntityKind::Hashtag, "#emoji"),
            (EntityKind::Hashtag, "＃全角"),
            (EntityKind::Mention, "＠wide"),
            (EntityKind::Url, "example.com"),
        ]
    );
    for e in entities(text) {
        assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
    }
}

/// Deterministic pseudo-random generator (xorshift64*), to avoid extra
/// dependencies.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Checks the invariants every input must satisfy.
fn check_invariants(text: &str) {
    let found = entities(text);
    let mut prev_end = 0;
    for e in &found {
        assert!(e.start < e.end, "empty entity {e:?} in {text:?}");
        assert!(
            e.start >= prev_end,
            "overlap or disorder at {e:?} in {text:?}"
        );
        assert!(
            text.is_char_boundary(e.start) && text.is_char_boundary(e.end),
            "{e:?} not on char boundaries in {text:?}"
        );
        prev_end = e.end;
    }
    let r = parse_tweet(text);
    assert_eq!(r.weighted_length, weighted_length(text), "{text:?}");
    let len16 = text.encode_utf16().count();
    assert_eq!(r.display_range, (0, len16.saturating_sub(1)), "{text:?}");
    assert!(
        r.valid_range.1 <= r.display_range.1 || len16 == 0,
        "{text:?}: {r:?}"
    );
    assert!(
        !r.valid || r.weighted_length <= MAX_WEIGHTED_LENGTH,
        "{text:?}"
    );
}

#[test]
fn edge_and_random_inputs_do_not_panic() {
    let edge = [
        "",
        "\0",
        "\u{301}",
        "\u{200D}",
        "\u{200F}\u{202E}\u{2066}",
        "\u{FFFF}",
        "\u{FFFE}\u{FEFF}",
        "@",
        "#",
        "$",
        ".",
        "..",
        "@/",
        "#\u{FE0F}",
        "#\u{20E3}",
        "http://",
        "https://.",
        "xn--.com",
        "a.xn--",
        "http://t.co/",
        "(((((http://a.co/(((((",
        "\u{1F468}\u{200D}",
        "\u{1F3F4}\u{E0067}",
        "1\u{FE0F}",
        "\u{1F1E6}",
        "a\u{300}\u{301}\u{302}.com",
    ];
    for t in edge {
        check_invariants(t);
    }
    // Random strings over an alphabet rich in syntax and awkward characters.
    let alphabet: Vec<char> = "aZ09_-.:/?#@$&()[]+=%~! \t\n\u{A0}\u{3000}.@#$ééñ日本語한ا\u{301}\u{200D}\u{200C}\u{FE0F}\u{FE0E}\u{20E3}\u{1F3FD}\u{1F468}\u{1F469}\u{1F1EF}\u{1F1F5}\u{E0067}\u{E007F}\u{202A}\u{2066}\u{FFFF}\u{FFFE}\u{FEFF}\0\u{FF20}\u{FF03}\u{3002}\u{10400}\u{20021}"
        .chars()
        .collect();
    let pieces = [
        "http://",
        "https://",
        "www.",
        ".com",
        ".co.jp",
        ".みんな",
        "t.co/",
        "xn--",
        "@user",
        "#tag",
        "$AB",
        "/list",
        "?q=1",
        ":80",
        "RT",
        "(a)",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let mut s = String::new();
        let n = rng.below(40);
        for _ in 0..n {
            if rng.below(4) == 0 {
                s.push_str(pieces[rng.below(pieces.len())]);
            } else {
                s.push(alphabet[rng.below(alphabet.len())]);
            }
        }
        check_invariants(&s);
    }
    // Long adversarial inputs stay fast (no quadratic blow-up) and correct.
    for unit in [
        "a.",
        "a-",
        "-a.",
        "a.co中",
        "a.com中b-.",
        "(a)",
        "\u{1F1EF}",
        "x\u{301}",
        "@a",
        "#a",
        "$A ",
        "a.b.c.d/",
        "((",
        "😀\u{200D}",
    ] {
        let s = unit.repeat(20_000);
        let t = std::time::Instant::now();
        check_invariants(&s);
        assert!(
            t.elapsed().as_secs() < 20,
            "{unit:?} x 20000 took {:?}",
            t.elapsed()
        );
    }
}
