//! Redaction under arbitrary policies, texts and findings never panics, gives valid UTF-8
//! with a consistent span map, leaves no byte of a redacted finding public (overlapping
//! findings are replaced by their union), and, through `redact`, is idempotent.
//!
//! The input is read as a structured case: a policy (default, per-category and per-kind
//! styles, keep-last, mask character, placeholders), a text, and hand-made findings that
//! may overlap, run past the text or fall inside a character.
#![no_main]

use discreet::{Category, Finding, Key, RedactionPolicy, Redactor, Scanner, Style};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// Kinds the findings and the policy draw from: built-in ones and one that no rule has.
const KINDS: &[&str] = &[
    "card_number",
    "email",
    "phone",
    "password",
    "iban",
    "x_unknown",
];

/// Placeholder texts: ones that do not look like data, as the policy docs ask, and an
/// empty one the policy refuses.
const PLACEHOLDERS: &[&str] = &["[CARD]", "<e-mail>", "(tel)", "[REDACTED]", " "];

/// Mask characters: valid ones and ones the policy refuses.
const MASKS: &[char] = &['•', '×', '#', '*', 'x', ' ', '-', '\u{301}'];

fn style(u: &mut Unstructured<'_>) -> Result<Style> {
    Ok(match u.int_in_range(0..=5u8)? {
        0 => Style::Keep,
        1 => Style::Mask {
            keep_last: usize::from(u.int_in_range(0..=20u8)?),
        },
        2 => Style::Placeholder,
        3 => Style::Partial,
        4 => Style::Pseudonym,
        _ => Style::Remove,
    })
}

fn policy(u: &mut Unstructured<'_>) -> Result<RedactionPolicy> {
    let mut p = RedactionPolicy::new();
    p.set_default(style(u)?);
    p.set_mask_char(*u.choose(MASKS)?);
    for _ in 0..u.int_in_range(0..=3u8)? {
        let c = *u.choose(&Category::ALL)?;
        p.set_category(c, style(u)?);
    }
    for _ in 0..u.int_in_range(0..=3u8)? {
        let kind = *u.choose(KINDS)?;
        p.set_kind(kind, style(u)?);
    }
    if u.arbitrary()? {
        let key = *u.choose(KINDS)?;
        p.set_placeholder(key, *u.choose(PLACEHOLDERS)?);
    }
    Ok(p)
}

fn findings(u: &mut Unstructured<'_>, len: usize) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    for _ in 0..u.int_in_range(0..=6u8)? {
        let start = u.int_in_range(0..=len + 2)?;
        let end = start.saturating_add(u.int_in_range(0..=24usize)?);
        let kind = *u.choose(KINDS)?;
        let category = *u.choose(&Category::ALL)?;
        out.push(Finding::new(
            start,
            end,
            category,
            kind,
            &format!("fuzz.{kind}"),
            1.0,
        ));
    }
    Ok(out)
}

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let policy = policy(&mut u)?;
    let with_key = u.arbitrary::<bool>()?;
    let text: String = u.arbitrary()?;
    let findings = findings(&mut u, text.len())?;
    let redactor = if with_key {
        Redactor::with_key(policy, Key::new("a fuzzing key, long enough").unwrap())
    } else {
        Redactor::new(policy)
    };
    // Refused policies (unknown kinds, bad mask characters, empty placeholders, no key)
    // are errors, never panics; nothing more to check for them.
    let Ok(redactor) = redactor else {
        return Ok(());
    };

    let r = redactor.redact_findings(&text, &findings);
    let (mut o, mut t) = (0, 0);
    for s in &r.spans {
        assert!(o <= s.original.start && s.original.start < s.original.end);
        assert!(s.original.end <= text.len() && s.replacement.end <= r.text.len());
        assert!(t <= s.replacement.start && s.replacement.start <= s.replacement.end);
        assert!(text.is_char_boundary(s.original.start) && text.is_char_boundary(s.original.end));
        assert_eq!(text[o..s.original.start], r.text[t..s.replacement.start]);
        o = s.original.end;
        t = s.replacement.end;
    }
    assert_eq!(text[o..], r.text[t..]);
    // No byte of a finding that is not kept stays public, unless it is already redaction
    // output or whitespace at the edge of a value (both left as they are on purpose): only
    // checked for plain texts, which hold neither.
    let plain = text.bytes().all(|b| b.is_ascii_alphanumeric());
    if plain {
        for f in &findings {
            let style = redactor.policy().style_for(f.category, &f.kind);
            if style == Style::Keep || f.start >= f.end || f.start >= text.len() {
                continue;
            }
            for i in f.start..f.end.min(text.len()) {
                assert!(
                    r.spans.iter().any(|s| s.original.contains(&i)),
                    "byte {i} of {:?} stays public",
                    f.range()
                );
            }
        }
    }

    if text.len() <= 1 << 12 {
        let scanner = Scanner::default();
        let once = redactor.redact(&scanner, &text);
        let twice = redactor.redact(&scanner, &once.text);
        assert_eq!(twice.text, once.text, "redaction is idempotent");
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    if data.len() > 1 << 14 {
        return;
    }
    let _ = run(data);
});
