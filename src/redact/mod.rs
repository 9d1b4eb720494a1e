//! Redaction: replace what a scan found, by a policy per category or kind.
//!
//! A [`RedactionPolicy`] (data: TOML, JSON or code) picks a [`Style`] for each category or
//! kind; a [`Redactor`] built from it (with a [`Key`] when the policy asks for pseudonyms)
//! rewrites a text and returns a [`Redaction`]: the new text, a [`SpanMap`] per replaced
//! span, and the weighted tweet length of the result.
//!
//! # Guarantees
//! - Each span is widened to whole grapheme clusters before it is replaced, so a value that
//!   ends before a combining mark or inside an emoji ZWJ sequence takes the whole cluster;
//!   the output is valid UTF-8 and the text outside the replaced spans is byte-identical.
//! - Redaction output is never redacted again: mask runs, placeholders, pseudonym tokens and
//!   partial emails are recognised in the text and cut out of any finding that covers them.
//!   Together with the re-scan in [`Redactor::redact`], redacting a redacted text changes
//!   nothing.
//! - A redaction never leaves part of a found value public: overlapping findings are
//!   replaced by their union, in the style that hides most (masked whole when the style
//!   would show part of one of the values).
//! - Card numbers never show more than their last four digits (PCI DSS), whatever a
//!   mask's `keep-last` says.
//! - A policy that names a kind no rule has (`card_numbr`) is refused when the
//!   [`Redactor`] is built, instead of leaving those values to the default style.
//! - Pseudonyms are computed on a value's canonical form, so `+1 415 555 0132` and
//!   `415-555-0132` get one token (see [`Style::Pseudonym`]).
//! - Nothing panics, whatever the text or the findings given to
//!   [`Redactor::redact_findings`] (spans out of bounds or off char boundaries are clamped).
//!
//! # Layout
//! - `policy.rs`: [`RedactionPolicy`], its file format and its checks.
//! - `style.rs`: [`Style`] and how each style writes a replacement.
//! - `pseudonym.rs`: canonical values and keyed tokens; `key.rs`: [`Key`].
//! - `render.rs`: the redacted text and the [`SpanMap`]s, grapheme widening, overlaps.
//! - `artifacts.rs`: recognising redaction output so it is never redacted again.
//! - here: the [`Redactor`], which ties them together and re-scans its own output.

mod artifacts;
mod key;
mod policy;
mod pseudonym;
mod render;
mod style;

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::error::{Error, ErrorKind, Result};
use crate::{Finding, Scanner};

pub use key::Key;
pub use policy::RedactionPolicy;
pub use render::{Redaction, SpanMap};
pub use style::{Style, DEFAULT_MASK_CHAR};

use artifacts::Artifacts;
use render::merged;

/// The largest policy file read, in bytes: a policy is a few lines, and a path pointed at
/// the wrong file (a log, `/dev/zero`) must fail fast instead of filling memory.
const MAX_POLICY_FILE: u64 = 1 << 20;

/// The largest key file read, in bytes: keys are tens of bytes.
const MAX_KEY_FILE: u64 = 64 << 10;

/// Most extra scans [`Redactor::redact`] makes of its own output. One is the rule; more
/// happen when each pass uncovers the next value: a run of digit groups where every new
/// `[PHONE]` is the context word that makes the next group a phone number.
const MAX_RESCANS: usize = 8;

/// Rewrites texts by a [`RedactionPolicy`]. Immutable, `Send + Sync`, cheap to clone.
///
/// # Example: each style
/// ```
/// use discreet::{Category, Key, RedactionPolicy, Redactor, Scanner, Style};
///
/// let scanner = Scanner::default();
/// let text = "card 4111 1111 1111 1111, mail jo.doe@example.com, call 415-555-0132";
///
/// // The default policy: placeholders.
/// let r = Redactor::default().redact(&scanner, text);
/// assert_eq!(r.text, "card [BILLING], mail [EMAIL], call [PHONE]");
///
/// let mut policy = RedactionPolicy::new();
/// policy
///     .set_category(Category::Billing, Style::Mask { keep_last: 4 })
///     .set_category(Category::Email, Style::Partial)
///     .set_category(Category::Phone, Style::Remove);
/// let r = Redactor::new(policy)?.redact(&scanner, text);
/// assert_eq!(r.text, "card •••• •••• •••• 1111, mail ***@example.com, call ");
///
/// // Pseudonyms need a key; the same value always gets the same token.
/// let mut policy = RedactionPolicy::new();
/// policy.set_default(Style::Pseudonym);
/// assert!(Redactor::new(policy.clone()).is_err());
/// let redactor = Redactor::with_key(policy, Key::new("an archive-wide secret key")?)?;
/// let a = redactor.redact(&scanner, "mail jo.doe@example.com");
/// let b = redactor.redact(&scanner, "JO.DOE@example.com is mine");
/// assert!(a.text.starts_with("mail [email:"));
/// assert_eq!(&a.text[5..], &b.text[..a.text.len() - 5]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Redactor {
    inner: Arc<Inner>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

struct Inner {
    policy: RedactionPolicy,
    key: Option<Key>,
    /// What this redactor's output looks like, to recognise it in a text.
    artifacts: Artifacts,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redactor")
            .field("policy", &self.policy)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl Default for Redactor {
    /// The default policy (placeholders), which needs no key.
    fn default() -> Redactor {
        Redactor::build(RedactionPolicy::new(), None)
    }
}

impl Redactor {
    /// A redactor for a policy that needs no key.
    ///
    /// # Errors
    /// [`ErrorKind::Config`] when the policy uses [`Style::Pseudonym`] (use
    /// [`Redactor::with_key`]), names a kind that no built-in rule has and that was not
    /// declared with [`RedactionPolicy::with_kinds`], or its mask character or a
    /// placeholder is invalid.
    pub fn new(policy: RedactionPolicy) -> Result<Redactor> {
        policy.check_all()?;
        if policy.needs_key() {
            return Err(Error::new(ErrorKind::Config(
                "the policy uses the pseudonym style, which needs a secret key, and none was \
                 given"
                    .to_string(),
            )));
        }
        Ok(Redactor::build(policy, None))
    }

    /// A redactor with a key for [`Style::Pseudonym`].
    ///
    /// # Errors
    /// [`ErrorKind::Config`] when the policy names an unknown kind, or its mask character
    /// or a placeholder is invalid (as for [`Redactor::new`]).
    pub fn with_key(policy: RedactionPolicy, key: Key) -> Result<Redactor> {
        policy.check_all()?;
        Ok(Redactor::build(policy, Some(key)))
    }

    fn build(policy: RedactionPolicy, key: Option<Key>) -> Redactor {
        Redactor {
            inner: Arc::new(Inner {
                artifacts: Artifacts::new(&policy),
                policy,
                key,
            }),
        }
    }

    /// The policy.
    pub fn policy(&self) -> &RedactionPolicy {
        &self.inner.policy
    }

    /// Scans `text` and redacts every finding.
    ///
    /// When something was replaced, the result is scanned again, until nothing is found
    /// that is not redaction output (at most eight times): a value that a rule reaches only
    /// once its neighbour is replaced is redacted too, and a value found in what a mask or
    /// partial replacement kept (the last digits of a card, now read as a CVV) is masked
    /// whole instead. So redacting the result again changes nothing, and scanning it finds
    /// nothing in the redacted categories. Costs one more scan when the text had findings.
    pub fn redact(&self, scanner: &Scanner, text: &str) -> Redaction {
        let mut findings = scanner.scan(text);
        // Original spans whose replacement must keep nothing of the value.
        let mut hard: Vec<Range<usize>> = Vec::new();
        let mut out = render::redact(&self.inner, text, &findings, &hard);
        for _ in 0..MAX_RESCANS {
            if out.spans.is_empty() {
                break;
            }
            let policy = &self.inner.policy;
            let again: Vec<Finding> = scanner
                .scan(&out.text)
                .into_iter()
                .filter(|f| policy.style_for(f.category, &f.kind) != Style::Keep)
                .collect();
            if again.is_empty() {
                break;
            }
            // A finding in what a replacement kept of a value (the last digits of a card
            // now next to "cvv"): that replacement keeps nothing next time.
            for g in &again {
                let first = out.spans.partition_point(|s| s.replacement.end <= g.start);
                for s in out.spans[first..]
                    .iter()
                    .take_while(|s| s.replacement.start < g.end)
                {
                    hard.push(s.original.clone());
                }
            }
            hard = merged(hard);
            // A finding outside the replacements (a value a context rule reaches once its
            // neighbour is gone): redacted as well.
            for p in render::pieces(&self.inner, &out.text, &again, &[]) {
                let range = out.to_original(p.range);
                findings.push(Finding {
                    start: range.start,
                    end: range.end,
                    ..again[p.finding].clone()
                });
            }
            let next = render::redact(&self.inner, text, &findings, &hard);
            if next.text == out.text {
                break;
            }
            out = next;
        }
        out
    }

    /// Redacts the given findings of `text` (for callers who already scanned).
    ///
    /// Findings are widened to grapheme clusters; overlapping ones are merged into their
    /// union, which takes the style that hides most (masked whole when that style would
    /// show part of a value: a mask's last digits, an email's domain), so no part of a
    /// value stays public; adjacent ones are replaced one by one. Parts of a finding that
    /// are already redaction output are left alone. Findings that do not fit the text are
    /// clamped to it, never a panic.
    ///
    /// # Example
    /// ```
    /// use discreet::{Redactor, Scanner};
    ///
    /// let text = "mail jo@example.org 👩‍👩‍👧";
    /// let findings = Scanner::default().scan(text);
    /// let r = Redactor::default().redact_findings(text, &findings);
    /// assert_eq!(r.text, "mail [EMAIL] 👩‍👩‍👧");
    /// assert_eq!(r.spans[0].original, 5..19);
    /// assert_eq!(&r.text[r.spans[0].replacement.clone()], "[EMAIL]");
    /// ```
    pub fn redact_findings(&self, text: &str, findings: &[Finding]) -> Redaction {
        render::redact(&self.inner, text, findings, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Category;

    fn finding(start: usize, end: usize, category: Category, kind: &str) -> Finding {
        Finding {
            start,
            end,
            category,
            kind: kind.into(),
            rule: format!("{category}.{kind}").into(),
            confidence: 0.9,
        }
    }

    fn key() -> Key {
        Key::new("0123456789abcdef-test-key").unwrap()
    }

    fn redactor(toml: &str) -> Redactor {
        let policy = RedactionPolicy::from_toml(toml).unwrap();
        Redactor::with_key(policy, key()).unwrap()
    }

    #[test]
    fn public_types_are_send_sync_unwind_safe() {
        fn check<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}
        check::<Redactor>();
        check::<RedactionPolicy>();
        check::<Key>();
        check::<Redaction>();
        check::<SpanMap>();
        check::<Style>();
    }

    #[test]
    fn every_style() {
        let text = "mail jo.doe@example.com or 415-555-0132";
        let f = [
            finding(5, 23, Category::Email, "email"),
            finding(27, 39, Category::Phone, "phone"),
        ];
        let cases = [
            ("default = 'placeholder'", "mail [EMAIL] or [PHONE]"),
            (
                "default = 'mask'",
                "mail ••.•••••••••••.••• or •••-•••-••••",
            ),
            (
                "default = { style = 'mask', keep-last = 4 }",
                "mail ••.•••••••••••.••• or •••-•••-0132",
            ),
            (
                "default = 'partial'",
                "mail ***@example.com or •••-•••-••32",
            ),
            ("default = 'remove'", "mail  or "),
            ("default = 'keep'", text),
            (
                "[placeholder]\nemail = '<e-mail>'\nphone = '(tel)'",
                "mail <e-mail> or (tel)",
            ),
        ];
        for (policy, want) in cases {
            let r = redactor(policy).redact_findings(text, &f);
            assert_eq!(r.text, want, "{policy}");
        }
        let r = redactor("default = 'pseudonym'").redact_findings(text, &f);
        let (a, b) = (
            &r.text[r.spans[0].replacement.clone()],
            &r.text[r.spans[1].replacement.clone()],
        );
        assert!(a.starts_with("[email:") && a.len() == 20, "{a}");
        assert!(b.starts_with("[phone:") && b.len() == 20, "{b}");
        assert_eq!(pseudonym::token_len(a.as_bytes()), Some(20));
    }

    #[test]
    fn spans_widen_to_grapheme_clusters() {
        // The finding stops before a combining mark / inside a ZWJ sequence.
        let text = "x cafe\u{301} y";
        let r = redactor("").redact_findings(text, &[finding(2, 6, Category::Account, "username")]);
        assert_eq!(r.text, "x [ACCOUNT] y");
        assert_eq!(r.spans[0].original, 2..8);
        let text = "a 👩‍👩‍👧 b";
        let r = redactor("default = 'mask'")
            .redact_findings(text, &[finding(2, 6, Category::Verification, "password")]);
        assert_eq!(r.text, "a • b");
    }

    #[test]
    fn findings_that_do_not_fit_are_clamped_or_dropped() {
        let text = "héllo wörld";
        let f = [
            finding(2, 3, Category::Account, "username"), // inside `é`
            finding(8, 100, Category::Account, "username"),
            finding(50, 60, Category::Account, "username"),
            finding(4, 4, Category::Account, "username"),
            finding(5, 1, Category::Account, "username"),
        ];
        let r = redactor("default = 'mask'").redact_findings(text, &f);
        assert_eq!(r.text, "h•llo w••••");
    }

    #[test]
    fn overlapping_findings_merge_and_hide_most() {
        let text = "id 12345678 ok";
        let f = [
            finding(3, 9, Category::Account, "account_number"),
            finding(5, 11, Category::Verification, "pin"),
        ];
        let r = redactor("[category]\naccount = 'mask'\nverification = 'remove'")
            .redact_findings(text, &f);
        assert_eq!(r.text, "id  ok");
        assert_eq!(r.spans.len(), 1);
        assert_eq!(r.spans[0].original, 3..11);
        assert_eq!(r.spans[0].category, Category::Verification);
    }

    #[test]
    fn real_data_that_resembles_a_mask_is_redacted_whole() {
        // Under a `#` mask, `2023#` is no mask run: its digits come first.
        let r = redactor("mask-char = '#'\ndefault = 'remove'");
        let text = "Tried password Girasol2023# like 5 times";
        let f = [finding(15, 27, Category::Verification, "password")];
        assert_eq!(
            r.redact_findings(text, &f).text,
            "Tried password  like 5 times"
        );
    }

    #[test]
    fn span_map_maps_back() {
        let text = "a 4111 1111 1111 1111 b jo@x.org c";
        let f = [
            finding(2, 21, Category::Billing, "card_number"),
            finding(24, 32, Category::Email, "email"),
        ];
        let r = redactor("[category]\nemail = 'remove'").redact_findings(text, &f);
        assert_eq!(r.text, "a [BILLING] b  c");
        assert_eq!(r.to_original(0..1), 0..1);
        assert_eq!(r.to_original(3..5), 2..21);
        assert_eq!(r.to_original(12..13), 22..23);
        assert_eq!(r.to_original(14..16), 32..34);
    }

    #[test]
    fn overlapping_findings_redact_their_union() {
        // A password finding that runs into a card number, as a scanner may report
        // "hunter22-5555" beside the card: no digit of either value may stay public.
        let text = "password is hunter22-5555 5555 5555 4444 ok";
        let f = [
            finding(12, 25, Category::Verification, "password"),
            finding(21, 40, Category::Billing, "card_number"),
        ];
        let cases = [
            ("", "password is [VERIFICATION] ok"),
            ("[kind]\npassword = 'remove'", "password is  ok"),
            (
                // The card's mask would keep its last four digits, the password's
                // placeholder hides most: the union takes the placeholder.
                "[kind]\ncard_number = { style = 'mask', keep-last = 4 }",
                "password is [VERIFICATION] ok",
            ),
            (
                // Both masks keep digits; on the union that would show the end of one
                // value inside the other's replacement, so the union is masked whole.
                "default = { style = 'mask', keep-last = 4 }",
                "password is ••••••••-•••• •••• •••• •••• ok",
            ),
            (
                "default = 'partial'",
                "password is ••••••••-•••• •••• •••• •••• ok",
            ),
        ];
        for (policy, want) in cases {
            for order in [[0, 1], [1, 0]] {
                let given = [f[order[0]].clone(), f[order[1]].clone()];
                let r = redactor(policy).redact_findings(text, &given);
                assert_eq!(r.text, want, "{policy:?}");
                assert_eq!(r.spans.len(), 1, "{policy:?}");
                assert_eq!(r.spans[0].original, 12..40);
            }
        }
        // A partial email overlapping a card: the domain would carry card digits.
        let text = "jo@example.com4111 1111 1111 1111";
        let f = [
            finding(0, 18, Category::Email, "email"),
            finding(11, 33, Category::Billing, "card_number"),
        ];
        let r = redactor("default = 'partial'").redact_findings(text, &f);
        assert!(
            !r.text.contains("example") && !r.text.contains('1'),
            "{}",
            r.text
        );
    }

    #[test]
    fn adjacent_findings_are_each_replaced_whole() {
        let text = "id hunter22-5555 5555 5555 4444.";
        let f = [
            finding(3, 11, Category::Verification, "password"),
            finding(11, 31, Category::Billing, "card_number"),
        ];
        let r = redactor("").redact_findings(text, &f);
        assert_eq!(r.text, "id [VERIFICATION][BILLING].");
        let r = redactor("default = { style = 'mask', keep-last = 9 }").redact_findings(text, &f);
        assert_eq!(r.text, "id •••••••2-•••• •••• •••• 4444.");
        assert_eq!(r.spans.len(), 2);
    }

    #[test]
    fn unknown_kinds_are_refused_when_a_redactor_is_built() {
        let p =
            RedactionPolicy::from_toml("default = 'keep'\n[kind]\ncard_numbr = 'remove'").unwrap();
        let e = Redactor::new(p.clone()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "[kind]: unknown kind \"card_numbr\": no rule has this kind (did you mean \"card_number\"?)"
        );
        assert!(Redactor::with_key(p, key()).is_err());
        let p = RedactionPolicy::from_toml("[placeholder]\nloyalty_points = '[POINTS]'").unwrap();
        let e = Redactor::new(p.clone()).unwrap_err();
        assert!(
            e.to_string().starts_with("[placeholder]: unknown kind"),
            "{e}"
        );
        let mut declared = p.clone();
        declared.with_kinds(["loyalty_points"]);
        assert!(Redactor::new(declared).is_ok());
        // Categories and built-in kinds are known.
        let p = RedactionPolicy::from_toml(
            "[kind]\niban = 'remove'\n[placeholder]\nemail = '<e>'\norder_number = '<o>'",
        )
        .unwrap();
        assert!(Redactor::new(p).is_ok());
    }
}
