//! The API logic, in plain Rust: what the JavaScript exports in `lib.rs` call, tested
//! natively with `cargo test` (and in wasm with `wasm-bindgen-test`, see `tests/web.rs`).

use std::sync::{LazyLock, Mutex, RwLock};

use discreet::offsets::{self, Unit};
use discreet::reply::ReplyTemplate;
use discreet::{Direction, Redaction, Redactor, Scanner};

/// The built-in rules, compiled on first use (see [`warm_up`]).
static SCANNER: LazyLock<Scanner> = LazyLock::new(Scanner::default);

/// The built-in rules with the brand's own contact points allowed, after [`set_brand`].
static BRANDED: RwLock<Option<Scanner>> = RwLock::new(None);

/// The scanner in use: the branded one when a brand profile is set.
fn scanner() -> Scanner {
    match BRANDED.read() {
        Ok(b) => b.clone().unwrap_or_else(|| SCANNER.clone()),
        Err(_) => SCANNER.clone(),
    }
}

/// Sets the brand profile (TOML, as for `discreet --brand`): what it names is never a
/// disclosure. An empty text goes back to the built-in rules alone.
pub fn set_brand(toml: &str) -> Result<(), String> {
    let branded = if toml.trim().is_empty() {
        None
    } else {
        let profile = discreet::BrandProfile::from_toml(toml, None).map_err(|e| e.to_string())?;
        Some(
            discreet::ScannerBuilder::new()
                .brand(profile)
                .build()
                .map_err(|e| e.to_string())?,
        )
    };
    if let Ok(mut b) = BRANDED.write() {
        *b = branded;
    }
    // A verdict remembered under the old profile must not be reused.
    if let Ok(mut last) = LAST.lock() {
        *last = None;
    }
    Ok(())
}

/// The default redaction policy (placeholders, no key), built once.
static REDACTOR: LazyLock<Redactor> = LazyLock::new(Redactor::default);

/// The last text judged and its verdict: a page calls `dm_reply` right after `classify`
/// on the same keystroke, and should not pay for a second verdict.
static LAST: Mutex<Option<(String, Direction, discreet::Verdict)>> = Mutex::new(None);

/// A verdict as one line of `discreet scan` output, without the `id`: the same fields, in
/// the same order, with the same names (the library defines them once).
pub use discreet::line::VerdictFields as ScanLine;

/// Compiles the built-in rules and the redactor now rather than on the first keystroke.
pub fn warm_up() {
    LazyLock::force(&SCANNER);
    LazyLock::force(&REDACTOR);
    // The phone metadata and the phrase set are also built on first use: one real verdict
    // pays for everything.
    let _ = SCANNER.classify(
        "call me on +44 20 7946 0958 or mail jo@example.org about order 123456789",
        Direction::Incoming,
    );
}

/// Parses a direction as the `discreet scan` contract writes it; empty means `incoming`.
pub fn parse_direction(direction: &str) -> Result<Direction, String> {
    if direction.is_empty() {
        return Ok(Direction::Incoming);
    }
    direction
        .parse()
        .map_err(|e: discreet::Error| e.to_string())
}

/// The verdict on `text`.
pub fn classify(text: &str, direction: Direction) -> discreet::Verdict {
    let v = scanner().classify(text, direction);
    if let Ok(mut last) = LAST.lock() {
        *last = Some((text.to_owned(), direction, v.clone()));
    }
    v
}

/// The verdict on `text` with UTF-16 offsets, the indices of a JavaScript string:
/// `text.slice(f.start, f.end)` is the value.
pub fn classify_utf16(text: &str, direction: Direction) -> discreet::Verdict {
    let mut v = classify(text, direction);
    offsets::convert_verdict(text, &mut v, Unit::Utf16);
    v
}

/// The verdict on `text`, reusing the last one when it was for the same text.
fn verdict(text: &str, direction: Direction) -> discreet::Verdict {
    if let Ok(last) = LAST.lock() {
        if let Some((t, d, v)) = last.as_ref() {
            if *d == direction && t == text {
                return v.clone();
            }
        }
    }
    classify(text, direction)
}

/// The verdict on `text` as the JSON of a `discreet scan` output line (without `id`), with
/// UTF-16 offsets.
pub fn classify_json(text: &str, direction: &str) -> Result<String, String> {
    let v = classify_utf16(text, parse_direction(direction)?);
    serde_json::to_string(&ScanLine::new(&v, None)).map_err(|e| e.to_string())
}

/// `text` with every finding replaced by its category's placeholder (`[EMAIL]`, …); the
/// span map in UTF-16 offsets (`original` into `text`, `replacement` into the result).
pub fn redact(text: &str) -> Redaction {
    let mut r = REDACTOR.redact(&scanner(), text);
    offsets::convert_redaction(text, &mut r, Unit::Utf16);
    r
}

/// The short public reply that points the customer to a DM, or `None` when `text` is fine
/// in public. `handle` (`@jo` or `jo`) starts the reply.
pub fn dm_reply(text: &str, direction: Direction, handle: Option<&str>) -> Option<String> {
    let v = verdict(text, direction);
    ReplyTemplate::default().public_reply(&v, direction, handle)
}

/// The deep link that opens a DM to `recipient_id` (a numeric user id) with `text`
/// pre-filled.
pub fn dm_link(recipient_id: &str, text: &str) -> Result<String, String> {
    discreet::reply::dm_link(recipient_id.trim(), text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use discreet::{Action, Category};

    const CARD: &str = "@AcmeAir my card 4111 1111 1111 1111 was charged twice";

    #[test]
    fn classify_json_is_a_scan_line_without_id() {
        let json = classify_json(CARD, "incoming").unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        // serde_json's map is sorted; the order on the wire is the struct's.
        assert_eq!(
            keys,
            [
                "action",
                "findings",
                "reasons",
                "solicits",
                "weighted_length"
            ]
        );
        assert!(json.starts_with(r#"{"action":"require_dm","findings":[{"start":17,"end":36,"category":"billing","kind":"card_number""#), "{json}");
        assert_eq!(v["weighted_length"], 54);
        assert_eq!(v["reasons"][0]["code"], "discloses");
        assert_eq!(&CARD[17..36], "4111 1111 1111 1111");
    }

    #[test]
    fn same_json_as_the_library_verdict() {
        // The fields the contract shares with `Verdict` serialise identically.
        for (text, dir) in [
            (CARD, Direction::Incoming),
            (
                "Sorry! Can you reply with your order number?",
                Direction::Outgoing,
            ),
            ("Thanks, glad it's sorted!", Direction::Outgoing),
        ] {
            let mine: serde_json::Value = serde_json::from_str(
                &classify_json(
                    text,
                    if dir == Direction::Incoming {
                        "incoming"
                    } else {
                        "outgoing"
                    },
                )
                .unwrap(),
            )
            .unwrap();
            let mut full = serde_json::to_value(discreet::classify(text, dir)).unwrap();
            full.as_object_mut().unwrap().remove("entities");
            assert_eq!(mine, full, "{text}");
        }
    }

    #[test]
    fn directions() {
        assert_eq!(parse_direction("").unwrap(), Direction::Incoming);
        assert_eq!(parse_direction("outgoing").unwrap(), Direction::Outgoing);
        let e = parse_direction("sideways").unwrap_err();
        assert!(e.contains("sideways"), "{e}");
        assert!(classify_json("x", "OUT").is_err());
    }

    #[test]
    fn outgoing_drafts() {
        let v = classify(
            "Sorry about that! Can you reply with your email address?",
            Direction::Outgoing,
        );
        assert_eq!(v.action, Action::SuggestDm);
        assert_eq!(v.solicits, [Category::Email]);
        let v = classify(
            "We've refunded order 123-4567890-1234567.",
            Direction::Outgoing,
        );
        assert_eq!(v.action, Action::RequireDm, "{v:?}");
        let v = classify("Glad we could help, have a great day!", Direction::Outgoing);
        assert_eq!(v.action, Action::Ok);
        assert!(v.reasons.is_empty());
    }

    #[test]
    fn redacts_with_placeholders_and_spans() {
        let r = redact(CARD);
        assert_eq!(r.text, "@AcmeAir my card [BILLING] was charged twice");
        assert_eq!(r.spans.len(), 1);
        assert_eq!(r.spans[0].original, 17..36);
        assert_eq!(&r.text[r.spans[0].replacement.clone()], "[BILLING]");
        let json = serde_json::to_string(&r).unwrap();
        assert!(
            json.contains(r#""original":{"start":17,"end":36}"#),
            "{json}"
        );
        assert_eq!(redact("nothing here").text, "nothing here");
    }

    #[test]
    fn dm_reply_and_link() {
        assert_eq!(
            dm_reply("love the app", Direction::Incoming, Some("jo")),
            None
        );
        let r = dm_reply(CARD, Direction::Incoming, Some("jo")).unwrap();
        assert!(r.starts_with("@jo "), "{r}");
        assert!(r.contains("delete"), "{r}");
        // The public reply itself is fine in public.
        assert_eq!(classify(&r, Direction::Outgoing).action, Action::Ok, "{r}");
        let l = dm_link(" 783214 ", "order #12 & refund?").unwrap();
        assert_eq!(
            l,
            "https://twitter.com/messages/compose?recipient_id=783214&text=order%20%2312%20%26%20refund%3F"
        );
        assert!(dm_link("@jo", "x").is_err());
    }

    #[test]
    fn dm_reply_reuses_only_the_same_verdict() {
        let _ = classify(CARD, Direction::Incoming);
        // Same text, other direction: judged again (the incoming reply asks to delete).
        let out = dm_reply(CARD, Direction::Outgoing, None).unwrap();
        assert!(!out.contains("delete"), "{out}");
        let _ = classify("love the app", Direction::Incoming);
        assert!(dm_reply(CARD, Direction::Incoming, None)
            .unwrap()
            .contains("delete"));
        assert_eq!(dm_reply("love the app", Direction::Incoming, None), None);
    }

    /// Slices a string by UTF-16 units, as JavaScript's `slice` does.
    fn js_slice(text: &str, start: usize, end: usize) -> String {
        let u: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16(&u[start..end]).unwrap()
    }

    #[test]
    fn offsets_are_utf16_indices() {
        let text = "👨‍👩‍👧 café 東京: card 4111 1111 1111 1111, mail jo@example.org";
        let v: serde_json::Value =
            serde_json::from_str(&classify_json(text, "incoming").unwrap()).unwrap();
        let found: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                js_slice(
                    text,
                    f["start"].as_u64().unwrap() as usize,
                    f["end"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        assert_eq!(found, ["4111 1111 1111 1111", "jo@example.org"]);
        let r = redact(text);
        assert_eq!(
            js_slice(text, r.spans[1].original.start, r.spans[1].original.end),
            "jo@example.org"
        );
        assert_eq!(
            js_slice(
                &r.text,
                r.spans[1].replacement.start,
                r.spans[1].replacement.end
            ),
            "[EMAIL]"
        );
        // The cached byte verdict behind dm_reply is not converted in place.
        assert_eq!(
            classify(text, Direction::Incoming).findings[1].end,
            text.len()
        );
    }

    #[test]
    fn hostile_input_never_panics() {
        let long = "4111 1111 1111 1111 ".repeat(2000);
        let v = classify(&long, Direction::Outgoing);
        assert_eq!(v.action, Action::RequireDm);
        for t in ["", "\u{0}", "👩‍👩‍👧 é\u{301}", &long] {
            let _ = classify_json(t, "outgoing").unwrap();
            let _ = redact(t);
        }
    }

    #[test]
    fn a_brand_profile_keeps_the_brand_s_contact_points_out() {
        let text = "I called (512) 555-0170 twice, my email is jo@example.org";
        set_brand("name = \"Acme\"\nphones = [\"(512) 555-0170\"]\n").unwrap();
        let v = classify(text, Direction::Incoming);
        let found: Vec<&str> = v.findings.iter().map(|f| &text[f.range()]).collect();
        assert_eq!(found, ["jo@example.org"]);
        assert!(
            set_brand("phones = [").is_err(),
            "a bad profile is an error"
        );
        set_brand("").unwrap();
        assert_eq!(classify(text, Direction::Incoming).findings.len(), 2);
    }
}
