//! Find sensitive data in short social-media texts, explain it, and know when a
//! conversation belongs in a Direct Message.
//!
//! Brands answer customers in public on Twitter/X. A public reply must never carry, or ask
//! for, private data: email addresses, phone numbers, addresses, billing details, account
//! identifiers, order numbers, passwords and other verification data. `discreet` compiles
//! rule files (data, not code) into one fast matcher that finds such data in tweets, with
//! byte offsets, a category, a kind, the rule that fired and a confidence.
//!
//! # Overview
//! - [`Scanner`]: the compiled, immutable matcher. `Scanner::default()` gives the built-in
//!   rules, compiled once per process; clones are cheap and it is `Send + Sync`.
//! - [`ScannerBuilder`]: your own rule files, disabled rules, an allow-list of the brand's
//!   own contact points, a confidence threshold, the phone regions.
//! - [`RuleSet`] / [`Rule`]: rule files, loaded and checked.
//! - [`Finding`]: what a scan returns; serialises to the `discreet scan` JSON contract.
//! - [`Scanner::classify`] → [`Verdict`]: `require_dm`, `suggest_dm` or `ok`, with the
//!   categories asked for in public, reasons and the tweet's weighted length.
//! - [`Redactor`]: masks, placeholders, partial values, keyed pseudonyms or removal, per
//!   category or kind, never splitting a grapheme cluster.
//! - Modules: [`tweet`] (twitter-text v3 weighted length and entities), [`normalize`]
//!   (the view that sees through disguised data), [`reply`] (the public DM pointer and the
//!   deep link), [`phrases`] (the data behind verdicts), [`rules`], [`validate`].
//! - [`Redactor`]: rewrites a text by a [`RedactionPolicy`] (placeholder, mask, partial,
//!   pseudonym with a secret [`Key`], or remove, per category or kind) into a
//!   [`Redaction`]: the text, the span map and the weighted tweet length.
//!
//! # Example: scan a customer's tweet
//! ```
//! use discreet::{Category, Scanner};
//!
//! let text = "@AcmeAir my card 4111 1111 1111 1111 was charged twice, call me on 415-555-0132";
//! let findings = Scanner::default().scan(text);
//! let found: Vec<(Category, &str)> =
//!     findings.iter().map(|f| (f.category, &text[f.range()])).collect();
//! assert_eq!(found, [
//!     (Category::Billing, "4111 1111 1111 1111"),
//!     (Category::Phone, "415-555-0132"),
//! ]);
//! ```
//!
//! # Example: your own rules beside the built-in ones
//! ```
//! use discreet::{RuleSet, ScannerBuilder};
//!
//! let mine = RuleSet::from_toml(r#"
//! [[rule]]
//! id = "acme.loyalty"
//! category = "account"
//! kind = "loyalty_number"
//! regex = '\bACM-[0-9]{8}\b'
//! score = 0.9
//! examples = ["my card ACM-12345678"]
//! "#, None)?;
//! let scanner = ScannerBuilder::new().rules(mine).build()?;
//! let text = "points missing on ACM-12345678";
//! assert_eq!(scanner.scan(text)[0].rule.as_ref(), "acme.loyalty");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Example: findings as JSON
//! ```
//! let text = "mail me: jo@example.org";
//! let json = serde_json::to_string(&discreet::scan(text))?;
//! assert_eq!(
//!     json,
//!     r#"[{"start":9,"end":23,"category":"email","kind":"email","rule":"email.address","confidence":0.95}]"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Example: lint a draft reply before it is sent
//! ```
//! use discreet::{Action, Category, Direction, Scanner};
//!
//! let v = Scanner::default().classify(
//!     "So sorry! Can you reply with your order number and the email on the account?",
//!     Direction::Outgoing,
//! );
//! assert_eq!(v.action, Action::SuggestDm);
//! assert_eq!(v.solicits, [Category::Email, Category::Purchase]);
//! ```
//!
//! # Example: see through disguised data
//! ```
//! let text = "write me at jane dot doe at example dot com";
//! let f = &discreet::scan(text)[0];
//! assert_eq!(&text[f.range()], "jane dot doe at example dot com");
//! ```
//!
//! # Rule files
//! One TOML file per category in `rules/`, each rule a `[[rule]]` table:
//!
//! ```toml
//! [[rule]]
//! id = "billing.card_number"      # dotted, unique
//! category = "billing"            # one of the seven categories
//! kind = "card_number"
//! regex = '''\b[0-9]{13,19}\b'''   # loose candidate; ASCII mode; a `value` group narrows the span
//! validator = "card"              # optional, from a closed set (luhn, card, phone, iban, ...)
//! score = 0.9                     # base confidence, 0..1
//! context = ["card", "visa"]      # nearby words that raise the confidence
//! negative-context = ["ending in"]
//! require-context = false         # true: no context word, no finding
//! examples = ["card 4111 1111 1111 1111"]
//! negative-examples = ["card ending in 4242"]
//! ```
//!
//! Unknown keys are errors; every error names the file and the rule id. The full schema is
//! in `rules/README.md`.
//!
//! # Performance
//! All rules run in one pass of a multi-pattern regex (`regex-automata`'s meta engine, in
//! ASCII mode over bytes); only the rules with a candidate then run on their own to find
//! spans. Clean text, the common case, costs that one pass. Build a scanner once and share
//! it: compiling the built-in rules takes milliseconds, scanning a tweet microseconds. The
//! criterion benchmarks in `benches/scan.rs` compare it with one regex per rule.
//!
//! # Architecture
//! Detection ([`ScannerBuilder`] → [`Scanner`]: rules, validators, context, the normalised
//! view) is one layer; the verdict ([`Scanner::classify`], the phrases in `rules/judge/`,
//! the [`BrandProfile`], [`reply`]) sits on it; [`line`](mod@line) defines the `discreet scan` JSON
//! line once, for the command, Python, WebAssembly and the HTTP service; [`offsets`] gives
//! every span in UTF-16 units or code points for hosts that slice by those.
//!
//! ```text
//! line, offsets                       the contract every front end writes
//! verdict/ (classify, phrases, reply) brand        judging a text
//! builder → scanner/ (candidates, resolve)         finding values
//! rules/, patterns, validate/, context, allow, normalize/
//! finding, redact/                                 what is reported and how it is hidden
//! text, error, tweet (the discreet-tweet crate)    below everything
//! ```
//!
//! # Stability
//! [`Finding`], [`Explanation`], [`Reason`] and [`Verdict`] are `#[non_exhaustive]`: a
//! field may be added in a minor release ([`Finding::new`] builds one).
//! [`Category`], [`Action`] and [`Direction`] are deliberately exhaustive: the seven
//! categories, the three actions and the two directions are the JSON contract of
//! `discreet scan`, which other tools rely on, so a new variant would be a breaking
//! change and a `match` on them may be complete. [`ErrorKind`], [`ReasonCode`],
//! [`Style`], [`validate::Validator`] and [`phrases::Role`] grow, and are
//! `#[non_exhaustive]`. No type of a 0.x dependency appears in the public API
//! ([`validate::Region`] is this crate's own).
//!
//! # Resource usage
//! - The union of all rules is one lazy DFA whose cache grows, per thread, up to 32 MiB
//!   (about 12 MiB on tweet text); each rule's own regex keeps a cache of up to 1 MiB,
//!   built on first use. A rule's compiled size is capped by
//!   [`ScannerBuilder::size_limit`] (built-in rules always get their own 1 MiB), and a
//!   user's rules together by a 64 MiB budget: building fails, naming the rule, above it.
//! - Phone numbers are validated over numbering-plan tables generated at build time
//!   (`examples/gen_phone_tables.rs`), so no regex is compiled while scanning.
//! - Startup: building the built-in rules took 24 ms and the first verdict 58 ms more on
//!   the project's 2-core machine (`cargo run --release --example cold_start`; nearly all
//!   of it compiling automata, see `docs/performance.md`); the verdict phrases for issues
//!   and offers compile only when a text needs them. Build one scanner per process and
//!   share it.
//!
//! # Untrusted input
//! Scanning never fails and never panics, whatever the text. Regex matching is linear in
//! the length of the text (finite automata, no backtracking), validators look only at a
//! candidate, and user rule regexes are refused above a compiled size limit
//! ([`ScannerBuilder::size_limit`]), so one rule cannot make compilation or scanning blow
//! up. Offsets are UTF-8 byte offsets on char boundaries.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod allow;
pub mod brand;
mod builder;
mod category;
mod context;
mod error;
mod finding;
pub mod line;
pub mod normalize;
pub mod offsets;
mod patterns;
pub mod redact;
pub mod rules;
mod scanner;
mod text;
pub mod validate;
mod verdict;

pub use brand::BrandProfile;
pub use builder::{ScannerBuilder, DEFAULT_PHONE_REGIONS, DEFAULT_RULE_SIZE_LIMIT};
pub use category::Category;
/// Tweet text analysis (twitter-text v3): entities and the weighted length. The
/// `discreet-tweet` crate, re-exported.
pub use discreet_tweet as tweet;
pub use error::{Error, ErrorKind, Result};
pub use finding::{Explanation, Finding};
pub use redact::{Key, Redaction, RedactionPolicy, Redactor, SpanMap, Style, DEFAULT_MASK_CHAR};
pub use rules::{Rule, RuleSet};
pub use scanner::Scanner;
pub use verdict::{classify, phrases, reply, Action, Direction, Reason, ReasonCode, Verdict};

/// Scans `text` with the built-in rules (see [`Scanner::default`]).
pub fn scan(text: &str) -> Vec<Finding> {
    Scanner::default().scan(text)
}

// The README's Rust examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
