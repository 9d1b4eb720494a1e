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
//! - Nothing panics, whatever the text or the findings given to
//!   [`Redactor::redact_findings`] (spans out of bounds or off char boundaries are clamped).

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use hmac::{Hmac, Mac};
use serde::de::{self, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use crate::error::{Error, ErrorKind, Result};
use crate::{Category, Finding, Scanner};

/// The mask character used unless the policy sets `mask-char`.
pub const DEFAULT_MASK_CHAR: char = '•';

/// What the partial style puts in place of an email's local part. ASCII `*` on purpose: the
/// email rule accepts any non-ASCII character in a local part (internationalised addresses),
/// so `•••@example.com` would still scan as an email; `***@example.com` does not.
const PARTIAL_EMAIL_LOCAL: &str = "***";

/// Characters of a value that mask and partial keep as they are: the value's shape stays
/// readable (`•••• •••• •••• 1111`, `(•••) •••-••32`) and none of them is private. Not `+`:
/// the password rules count it as a password character, so `+(••` would read as one.
const SEPARATORS: &[char] = &['-', '.', '/', '(', ')'];

/// Characters in a pseudonym token: 48 bits of the MAC, four per character.
const TOKEN_LEN: usize = 12;

/// The token alphabet: sixteen consonants, one per 4-bit nibble. No digits or symbols,
/// because the password rules take any word with a digit or symbol after "password" for a
/// password (and the username rules any word with a digit after "username"); no vowels, so
/// a token never spells a word.
const TOKEN_ALPHABET: &[u8; 16] = b"bcdfghjklmnpqrst";

/// Most extra scans [`Redactor::redact`] makes of its own output. One is the rule; more
/// happen when each pass uncovers the next value: a run of digit groups where every new
/// `[PHONE]` is the context word that makes the next group a phone number.
const MAX_RESCANS: usize = 8;

/// How one value is redacted.
///
/// In a policy file a style is a name (`"mask"`) or a table
/// (`{ style = "mask", keep-last = 4 }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Style {
    /// Leave the value as it is.
    Keep,
    /// Each grapheme becomes the mask character; whitespace and `-./()` are kept, and so
    /// are the last `keep_last` ASCII digits, but never more than half of the value's
    /// digits (a CVV or a PIN is never shown whole): `•••• •••• •••• 1111`.
    Mask {
        /// How many of the last digits to keep (capped at half the value's digits).
        keep_last: usize,
    },
    /// The policy's placeholder text for the kind or category, `[EMAIL]` by default.
    Placeholder,
    /// An email keeps its domain (`***@example.com`), a phone number its last two digits
    /// (`•••-•••-••32`); any other value is masked whole.
    Partial,
    /// A stable token derived from the value with a secret [`Key`] (HMAC-SHA256, 48 bits,
    /// as twelve consonants) and labelled with the category: `[email:kdtmhbfqzrlc]`. The
    /// same value gets the same token with the same key.
    Pseudonym,
    /// The value is removed.
    Remove,
}

impl Style {
    /// The style's name in policy files: `keep`, `mask`, `placeholder`, `partial`,
    /// `pseudonym` or `remove`.
    pub fn name(&self) -> &'static str {
        match self {
            Style::Keep => "keep",
            Style::Mask { .. } => "mask",
            Style::Placeholder => "placeholder",
            Style::Partial => "partial",
            Style::Pseudonym => "pseudonym",
            Style::Remove => "remove",
        }
    }

    /// How much of the value the style hides: when findings overlap, the merged span takes
    /// the style that hides most.
    fn strength(self) -> (u8, std::cmp::Reverse<usize>) {
        let rank = match self {
            Style::Keep => 0,
            Style::Partial => 1,
            Style::Mask { .. } => 2,
            Style::Pseudonym => 3,
            Style::Placeholder => 4,
            Style::Remove => 5,
        };
        let keep = match self {
            Style::Mask { keep_last } => keep_last,
            _ => 0,
        };
        (rank, std::cmp::Reverse(keep))
    }
}

impl fmt::Display for Style {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Style::Mask { keep_last } if *keep_last > 0 => {
                write!(f, "mask (keep-last {keep_last})")
            }
            _ => f.write_str(self.name()),
        }
    }
}

/// A style's name, as written in policy files.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum StyleName {
    Keep,
    Mask,
    Placeholder,
    Partial,
    Pseudonym,
    Remove,
}

/// A style written as a table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct StyleTable {
    style: StyleName,
    #[serde(default)]
    keep_last: Option<usize>,
}

impl StyleTable {
    fn into_style(self) -> std::result::Result<Style, String> {
        match (self.style, self.keep_last) {
            (StyleName::Mask, keep) => Ok(Style::Mask {
                keep_last: keep.unwrap_or(0),
            }),
            (_, Some(_)) => Err("keep-last applies only to the mask style".to_string()),
            (StyleName::Keep, None) => Ok(Style::Keep),
            (StyleName::Placeholder, None) => Ok(Style::Placeholder),
            (StyleName::Partial, None) => Ok(Style::Partial),
            (StyleName::Pseudonym, None) => Ok(Style::Pseudonym),
            (StyleName::Remove, None) => Ok(Style::Remove),
        }
    }
}

impl<'de> Deserialize<'de> for Style {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Style, D::Error> {
        struct StyleVisitor;
        impl<'de> Visitor<'de> for StyleVisitor {
            type Value = Style;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a style name (keep, mask, placeholder, partial, pseudonym, remove) \
                     or a table with `style` and, for mask, `keep-last`",
                )
            }

            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Style, E> {
                let name = StyleName::deserialize(v.into_deserializer())?;
                StyleTable {
                    style: name,
                    keep_last: None,
                }
                .into_style()
                .map_err(E::custom)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Style, A::Error> {
                StyleTable::deserialize(de::value::MapAccessDeserializer::new(map))?
                    .into_style()
                    .map_err(de::Error::custom)
            }
        }
        d.deserialize_any(StyleVisitor)
    }
}

/// Which [`Style`] each category and kind gets, the placeholder texts and the mask character.
///
/// A kind's entry wins over its category's, which wins over `default`. The default policy
/// (also what an empty policy file gives) replaces every finding with its category's
/// placeholder: `[EMAIL]`, `[PHONE]`, `[ADDRESS]`, `[BILLING]`, `[ACCOUNT]`, `[PURCHASE]`,
/// `[VERIFICATION]`.
///
/// # Policy files
/// TOML (or the same shape in JSON); unknown keys, categories and styles are errors.
///
/// ```toml
/// default = "placeholder"   # style for everything without an entry below
/// mask-char = "•"           # one character: not a letter, digit, space or -./()
///
/// [category]                # by category: email, phone, address, billing, account,
/// email = "partial"         #   purchase, verification
/// phone = "pseudonym"
/// billing = { style = "mask", keep-last = 4 }
///
/// [kind]                    # by kind (wins over the category): card_number, password, ...
/// password = "remove"
/// order_number = "keep"
///
/// [placeholder]             # placeholder text by kind or category
/// email = "[EMAIL]"
/// card_number = "[CARD]"
/// ```
///
/// Styles: `keep`, `mask` (with `keep-last = N`), `placeholder`, `partial`, `pseudonym`
/// (needs a [`Key`]), `remove`; see [`Style`].
///
/// Placeholder texts and the mask character should not look like data: the password rules
/// take a word with a digit or one of `@#$%^&*_~+=<>|\` after "password" for a password, so
/// under `mask-char = "*"` a masked password still scans as one. It is never redacted
/// again (redaction output is recognised), but a re-scan reports it. The defaults (`•`,
/// `[EMAIL]`, …) scan clean.
///
/// # Example
/// ```
/// use discreet::{Category, RedactionPolicy, Style};
///
/// let policy = RedactionPolicy::from_toml(r#"
///     [category]
///     billing = { style = "mask", keep-last = 4 }
///     [kind]
///     password = "remove"
/// "#)?;
/// assert_eq!(policy.style_for(Category::Billing, "card_number"), Style::Mask { keep_last: 4 });
/// assert_eq!(policy.style_for(Category::Verification, "password"), Style::Remove);
/// assert_eq!(policy.style_for(Category::Email, "email"), Style::Placeholder);
///
/// // The same policy in code, or from JSON.
/// let mut same = RedactionPolicy::new();
/// same.set_category(Category::Billing, Style::Mask { keep_last: 4 })
///     .set_kind("password", Style::Remove);
/// assert_eq!(policy, same);
/// let json: RedactionPolicy = serde_json::from_str(
///     r#"{"category": {"billing": {"style": "mask", "keep-last": 4}}, "kind": {"password": "remove"}}"#,
/// )?;
/// assert_eq!(json, same);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "PolicySyntax")]
pub struct RedactionPolicy {
    default: Style,
    mask: char,
    categories: BTreeMap<Category, Style>,
    kinds: BTreeMap<String, Style>,
    placeholders: BTreeMap<String, String>,
}

/// The serde shape of a policy file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PolicySyntax {
    #[serde(default)]
    default: Option<Style>,
    #[serde(default)]
    mask_char: Option<char>,
    #[serde(default)]
    category: BTreeMap<String, Style>,
    #[serde(default)]
    kind: BTreeMap<String, Style>,
    #[serde(default)]
    placeholder: BTreeMap<String, String>,
}

impl TryFrom<PolicySyntax> for RedactionPolicy {
    type Error = Error;

    fn try_from(s: PolicySyntax) -> Result<RedactionPolicy> {
        let mut p = RedactionPolicy::new();
        if let Some(d) = s.default {
            p.set_default(d);
        }
        if let Some(c) = s.mask_char {
            p.set_mask_char(c);
        }
        for (name, style) in s.category {
            let c: Category = name.parse().map_err(|e: Error| {
                Error::new(ErrorKind::Config(format!("[category]: {}", e.kind())))
            })?;
            p.set_category(c, style);
        }
        for (kind, style) in s.kind {
            p.set_kind(kind, style);
        }
        for (key, text) in s.placeholder {
            p.set_placeholder(key, text);
        }
        p.check()?;
        Ok(p)
    }
}

impl Default for RedactionPolicy {
    fn default() -> RedactionPolicy {
        RedactionPolicy::new()
    }
}

impl RedactionPolicy {
    /// The default policy: every finding becomes its category's placeholder.
    pub fn new() -> RedactionPolicy {
        RedactionPolicy {
            default: Style::Placeholder,
            mask: DEFAULT_MASK_CHAR,
            categories: BTreeMap::new(),
            kinds: BTreeMap::new(),
            placeholders: BTreeMap::new(),
        }
    }

    /// Parses a policy file (TOML).
    ///
    /// # Errors
    /// [`ErrorKind::Syntax`] for malformed TOML, unknown keys or unknown styles;
    /// [`ErrorKind::Config`] for an unknown category, a bad mask character or an empty
    /// placeholder.
    pub fn from_toml(src: &str) -> Result<RedactionPolicy> {
        let syntax: PolicySyntax = toml::from_str(src).map_err(|e| {
            let at = e
                .span()
                .map(|s| {
                    let line = src[..s.start.min(src.len())].matches('\n').count() + 1;
                    format!(" (line {line})")
                })
                .unwrap_or_default();
            Error::new(ErrorKind::Syntax(format!(
                "invalid TOML{at}: {}",
                e.message().trim_end()
            )))
        })?;
        RedactionPolicy::try_from(syntax)
    }

    /// Parses a policy in JSON, same shape as the TOML file.
    ///
    /// # Errors
    /// As [`from_toml`](RedactionPolicy::from_toml).
    pub fn from_json(src: &str) -> Result<RedactionPolicy> {
        let syntax: PolicySyntax =
            serde_json::from_str(src).map_err(|e| Error::new(ErrorKind::Syntax(e.to_string())))?;
        RedactionPolicy::try_from(syntax)
    }

    /// Reads a policy file: JSON when the name ends in `.json`, TOML otherwise.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when the file cannot be read, otherwise as
    /// [`from_toml`](RedactionPolicy::from_toml); every error names the file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<RedactionPolicy> {
        let path = path.as_ref();
        let src = std::fs::read_to_string(path)
            .map_err(|e| Error::new(ErrorKind::Io(e.to_string())).with_path(path))?;
        let json = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("json"));
        let policy = if json {
            RedactionPolicy::from_json(&src)
        } else {
            RedactionPolicy::from_toml(&src)
        };
        policy.map_err(|e| e.with_path(path))
    }

    /// Sets the style of every category and kind without its own entry.
    pub fn set_default(&mut self, style: Style) -> &mut Self {
        self.default = style;
        self
    }

    /// Sets the style of one category.
    pub fn set_category(&mut self, category: Category, style: Style) -> &mut Self {
        self.categories.insert(category, style);
        self
    }

    /// Sets the style of one kind (`card_number`, `password`, …); wins over its category's.
    pub fn set_kind(&mut self, kind: impl Into<String>, style: Style) -> &mut Self {
        self.kinds.insert(kind.into(), style);
        self
    }

    /// Sets the placeholder text of a kind or a category (by name).
    pub fn set_placeholder(
        &mut self,
        key: impl Into<String>,
        text: impl Into<String>,
    ) -> &mut Self {
        self.placeholders.insert(key.into(), text.into());
        self
    }

    /// Sets the mask character (default `•`). Checked when a [`Redactor`] is built.
    pub fn set_mask_char(&mut self, c: char) -> &mut Self {
        self.mask = c;
        self
    }

    /// The style a finding of this category and kind gets.
    pub fn style_for(&self, category: Category, kind: &str) -> Style {
        self.kinds
            .get(kind)
            .or_else(|| self.categories.get(&category))
            .copied()
            .unwrap_or(self.default)
    }

    /// The placeholder text for this category and kind: the kind's, else the category's,
    /// else `[CATEGORY]` (the category's name in capitals).
    pub fn placeholder_for(&self, category: Category, kind: &str) -> String {
        self.placeholders
            .get(kind)
            .or_else(|| self.placeholders.get(category.as_str()))
            .cloned()
            .unwrap_or_else(|| default_placeholder(category))
    }

    /// The mask character.
    pub fn mask_char(&self) -> char {
        self.mask
    }

    /// Whether any category or kind uses [`Style::Pseudonym`], which needs a [`Key`].
    pub fn needs_key(&self) -> bool {
        self.styles().any(|s| s == Style::Pseudonym)
    }

    fn styles(&self) -> impl Iterator<Item = Style> + '_ {
        std::iter::once(self.default)
            .chain(self.categories.values().copied())
            .chain(self.kinds.values().copied())
    }

    /// The most digits any mask can leave: what a mask run in redacted text may hold.
    fn max_kept_digits(&self) -> usize {
        self.styles()
            .map(|s| match s {
                Style::Mask { keep_last } => keep_last,
                _ => 0,
            })
            .max()
            .unwrap_or(0)
            .max(2)
    }

    fn check(&self) -> Result<()> {
        let c = self.mask;
        if c.is_alphanumeric() || c.is_whitespace() || c.is_control() || SEPARATORS.contains(&c) {
            return Err(Error::new(ErrorKind::Config(format!(
                "mask-char must be a visible symbol, not a letter, digit, space or one of -./(): got {c:?}"
            ))));
        }
        for (key, text) in &self.placeholders {
            if text.trim().is_empty() {
                return Err(Error::new(ErrorKind::Config(format!(
                    "[placeholder]: {key}: the text is empty (use the remove style to remove values)"
                ))));
            }
        }
        Ok(())
    }
}

fn default_placeholder(category: Category) -> String {
    format!("[{}]", category.as_str().to_ascii_uppercase())
}

/// A secret key for [`Style::Pseudonym`]: at least [`Key::MIN_LEN`] bytes.
///
/// Only the keyed HMAC state is kept, never the key bytes themselves, and `Debug` prints
/// nothing of it. Read keys from a file or an environment variable, never from a command
/// line (it shows in process lists).
///
/// # Example
/// ```
/// use discreet::Key;
///
/// let key = Key::new("a secret of at least sixteen bytes")?;
/// assert_eq!(format!("{key:?}"), "Key(..)");
/// assert!(Key::new("too short").is_err());
/// # Ok::<(), discreet::Error>(())
/// ```
#[derive(Clone)]
pub struct Key {
    mac: Hmac<Sha256>,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(..)")
    }
}

impl Key {
    /// The shortest key accepted, in bytes.
    pub const MIN_LEN: usize = 16;

    /// The environment variable the `discreet` command reads a key from.
    pub const ENV_VAR: &'static str = "DISCREET_KEY";

    /// A key from raw bytes, used as they are.
    ///
    /// # Errors
    /// [`ErrorKind::Config`] when shorter than [`Key::MIN_LEN`] bytes.
    pub fn new(bytes: impl AsRef<[u8]>) -> Result<Key> {
        let bytes = bytes.as_ref();
        if bytes.len() < Key::MIN_LEN {
            return Err(Error::new(ErrorKind::Config(format!(
                "key too short: {} bytes, at least {} needed (e.g. `head -c 32 /dev/urandom | base64`)",
                bytes.len(),
                Key::MIN_LEN
            ))));
        }
        // HMAC accepts keys of any length; the error branch cannot be taken.
        let mac = Hmac::<Sha256>::new_from_slice(bytes)
            .map_err(|e| Error::new(ErrorKind::Config(format!("key rejected: {e}"))))?;
        Ok(Key { mac })
    }

    /// Reads a key file. Surrounding ASCII whitespace (a trailing newline) is ignored.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when the file cannot be read, [`ErrorKind::Config`] when the key
    /// is too short; both name the file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Key> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)
            .map_err(|e| Error::new(ErrorKind::Io(e.to_string())).with_path(path))?;
        Key::new(bytes.trim_ascii()).map_err(|e| e.with_path(path))
    }

    /// Reads a key from an environment variable (e.g. [`Key::ENV_VAR`]). Surrounding ASCII
    /// whitespace is ignored.
    ///
    /// # Errors
    /// [`ErrorKind::Config`] when the variable is not set or the key is too short.
    pub fn from_env(var: &str) -> Result<Key> {
        let value = std::env::var_os(var).ok_or_else(|| {
            Error::new(ErrorKind::Config(format!(
                "environment variable {var} is not set"
            )))
        })?;
        let bytes = value.into_encoded_bytes();
        Key::new(bytes.trim_ascii()).map_err(|e| {
            Error::new(ErrorKind::Config(format!(
                "environment variable {var}: {}",
                e.kind()
            )))
        })
    }

    /// The token of `value`: HMAC-SHA256 over the category and the normalised value,
    /// the first 48 bits, one consonant per nibble ([`TOKEN_ALPHABET`]). With 48 bits, two
    /// distinct values share a token with even odds only among some 20 million values of
    /// one category.
    fn token(&self, category: Category, value: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(category.as_str().as_bytes());
        mac.update(&[0x1f]);
        mac.update(normalise(category, value).as_bytes());
        let digest = mac.finalize().into_bytes();
        digest[..TOKEN_LEN / 2]
            .iter()
            .flat_map(|b| [b >> 4, b & 15])
            .map(|n| char::from(TOKEN_ALPHABET[usize::from(n)]))
            .collect()
    }
}

/// The value as the pseudonym sees it, so that one customer's value gets one token:
/// emails lowercased; other values reduced to their letters and digits, lowercased
/// (`(415) 555-0132` and `415.555.0132` agree).
fn normalise(category: Category, value: &str) -> String {
    if category == Category::Email {
        return value.trim().to_lowercase();
    }
    let n: String = value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if n.is_empty() {
        value.to_string()
    } else {
        n
    }
}

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
    /// Every placeholder text the policy can write, to recognise them in redacted text.
    placeholders: Option<AhoCorasick>,
    /// The most digits a mask run may hold and still be redaction output.
    max_kept_digits: usize,
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
    /// [`Redactor::with_key`]), or its mask character or a placeholder is invalid.
    pub fn new(policy: RedactionPolicy) -> Result<Redactor> {
        policy.check()?;
        if policy.needs_key() {
            return Err(Error::new(ErrorKind::Config(format!(
                "the policy uses the pseudonym style, which needs a secret key, and none was \
                 given: use a key file or the {} environment variable",
                Key::ENV_VAR
            ))));
        }
        Ok(Redactor::build(policy, None))
    }

    /// A redactor with a key for [`Style::Pseudonym`].
    ///
    /// # Errors
    /// [`ErrorKind::Config`] when the policy's mask character or a placeholder is invalid.
    pub fn with_key(policy: RedactionPolicy, key: Key) -> Result<Redactor> {
        policy.check()?;
        Ok(Redactor::build(policy, Some(key)))
    }

    fn build(policy: RedactionPolicy, key: Option<Key>) -> Redactor {
        let mut texts: Vec<String> = Category::ALL
            .iter()
            .map(|&c| default_placeholder(c))
            .collect();
        texts.extend(policy.placeholders.values().cloned());
        texts.sort();
        texts.dedup();
        let placeholders = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&texts)
            .ok();
        Redactor {
            inner: Arc::new(Inner {
                max_kept_digits: policy.max_kept_digits(),
                policy,
                key,
                placeholders,
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
        let mut out = self.redact_with(text, &findings, &hard);
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
            for p in self.pieces(&out.text, &again, &[]) {
                let range = out.to_original(p.range);
                findings.push(Finding {
                    start: range.start,
                    end: range.end,
                    ..again[p.finding].clone()
                });
            }
            let next = self.redact_with(text, &findings, &hard);
            if next.text == out.text {
                break;
            }
            out = next;
        }
        out
    }

    /// Redacts the given findings of `text` (for callers who already scanned).
    ///
    /// Findings are widened to grapheme clusters; overlapping ones are merged and take the
    /// style that hides most; parts of a finding that are already redaction output are left
    /// alone. Findings that do not fit the text are clamped to it, never a panic.
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
        self.redact_with(text, findings, &[])
    }

    /// [`redact_findings`](Redactor::redact_findings), where findings that overlap one of
    /// the `hard` spans keep nothing of their value.
    fn redact_with(&self, text: &str, findings: &[Finding], hard: &[Range<usize>]) -> Redaction {
        let mut pieces = self.pieces(text, findings, hard);
        pieces.sort_by_key(|p| (p.range.start, p.range.end));
        // Merge overlapping pieces; the merged span takes the style that hides most.
        let mut groups: Vec<Piece> = Vec::with_capacity(pieces.len());
        for p in pieces {
            match groups.last_mut() {
                Some(g) if p.range.start < g.range.end => {
                    g.range.end = g.range.end.max(p.range.end);
                    if p.style.strength() > g.style.strength() {
                        g.style = p.style;
                        g.finding = p.finding;
                    }
                }
                _ => groups.push(p),
            }
        }
        let mut out = String::with_capacity(text.len() + 16 * groups.len());
        let mut spans = Vec::with_capacity(groups.len());
        let mut last = 0;
        for g in groups {
            let f = &findings[g.finding];
            out.push_str(&text[last..g.range.start]);
            let start = out.len();
            self.render(
                &mut out,
                g.style,
                f.category,
                &f.kind,
                &text[g.range.clone()],
            );
            spans.push(SpanMap {
                original: g.range.clone(),
                replacement: start..out.len(),
                category: f.category,
                kind: Arc::clone(&f.kind),
            });
            last = g.range.end;
        }
        out.push_str(&text[last..]);
        Redaction {
            weighted_length: crate::tweet::weighted_length(&out),
            text: out,
            spans,
        }
    }

    /// The spans to replace: each finding whose style is not `keep`, widened to grapheme
    /// clusters, minus the redaction output already in the text, trimmed of whitespace.
    fn pieces(&self, text: &str, findings: &[Finding], hard: &[Range<usize>]) -> Vec<Piece> {
        let policy = &self.inner.policy;
        let mut spans = Vec::new();
        for (i, f) in findings.iter().enumerate() {
            let mut style = policy.style_for(f.category, &f.kind);
            if style == Style::Keep || f.start >= f.end || f.start >= text.len() {
                continue;
            }
            let start = floor_grapheme(text, f.start);
            let end = ceil_grapheme(text, f.end.min(text.len()));
            if start >= end {
                continue;
            }
            if matches!(style, Style::Mask { .. } | Style::Partial)
                && overlapping(hard, start..end).next().is_some()
            {
                style = Style::Mask { keep_last: 0 };
            }
            spans.push((start..end, style, i));
        }
        if spans.is_empty() {
            return Vec::new();
        }
        let regions = self.artifacts(text);
        let mut out = Vec::with_capacity(spans.len());
        for (span, style, finding) in spans {
            let mut push = |range: Range<usize>| {
                let s = &text[range.clone()];
                let start = range.start + (s.len() - s.trim_start().len());
                let end = range.end - (s.len() - s.trim_end().len());
                if start < end {
                    let range = floor_grapheme(text, start)..ceil_grapheme(text, end);
                    out.push(Piece {
                        range,
                        style,
                        finding,
                    });
                }
            };
            let mut cursor = span.start;
            for r in overlapping(&regions, span.clone()) {
                if r.start > cursor {
                    push(cursor..r.start);
                }
                cursor = cursor.max(r.end);
            }
            if cursor < span.end {
                push(cursor..span.end);
            }
        }
        out
    }

    /// Writes the replacement of `value` in `style`.
    fn render(&self, out: &mut String, style: Style, category: Category, kind: &str, value: &str) {
        let policy = &self.inner.policy;
        match style {
            Style::Keep => out.push_str(value),
            Style::Remove => {}
            Style::Placeholder => out.push_str(&policy.placeholder_for(category, kind)),
            Style::Mask { keep_last } => mask(out, value, policy.mask, keep_last),
            Style::Partial => match category {
                Category::Email => match value.rsplit_once('@') {
                    Some((_, domain)) => {
                        out.push_str(PARTIAL_EMAIL_LOCAL);
                        out.push('@');
                        out.push_str(domain);
                    }
                    None => mask(out, value, policy.mask, 0),
                },
                Category::Phone => mask(out, value, policy.mask, 2),
                _ => mask(out, value, policy.mask, 0),
            },
            Style::Pseudonym => match &self.inner.key {
                Some(key) => {
                    // Labelled by category, not kind: a kind name (`username`, `password`)
                    // followed by `:` is exactly the context a rule looks for before a value.
                    out.push('[');
                    out.push_str(category.as_str());
                    out.push(':');
                    out.push_str(&key.token(category, value));
                    out.push(']');
                }
                // `Redactor::new` refuses such a policy; never show the value regardless.
                None => out.push_str(&policy.placeholder_for(category, kind)),
            },
        }
    }

    /// Spans of `text` that are redaction output this redactor could have written: its
    /// placeholders, pseudonym tokens, partial emails and mask runs (mask characters and
    /// separators with at most as many digits as a mask keeps). Sorted, disjoint, on
    /// grapheme boundaries.
    fn artifacts(&self, text: &str) -> Vec<Range<usize>> {
        let inner = &*self.inner;
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        if let Some(ac) = &inner.placeholders {
            for m in ac.find_iter(text) {
                let (s, e) = (m.start(), m.end());
                let glued_before = text[s..].starts_with(char::is_alphanumeric)
                    && text[..s].ends_with(char::is_alphanumeric);
                let glued_after = text[..e].ends_with(char::is_alphanumeric)
                    && text[e..].starts_with(char::is_alphanumeric);
                if !glued_before && !glued_after {
                    out.push(s..e);
                }
            }
        }
        for i in memchr::memchr_iter(b'[', bytes) {
            if let Some(len) = token_len(&bytes[i..]) {
                out.push(i..i + len);
            }
        }
        for at in memchr::memchr_iter(b'@', bytes) {
            let mut s = at;
            while s > 0 && bytes[s - 1] == b'*' {
                s -= 1;
            }
            if s < at {
                let domain = &text[at + 1..];
                let len = domain
                    .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
                    .unwrap_or(domain.len());
                out.push(s..at + 1 + len);
            }
        }
        if text.contains(inner.policy.mask) {
            mask_runs(text, inner.policy.mask, inner.max_kept_digits, &mut out);
        }
        for r in &mut out {
            *r = floor_grapheme(text, r.start)..ceil_grapheme(text, r.end);
        }
        merged(out)
    }
}

/// `ranges` sorted and merged: disjoint, in order.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The ranges of `sorted` (disjoint, in order) that overlap `r`, found by binary search:
/// texts with thousands of findings stay linear.
fn overlapping(sorted: &[Range<usize>], r: Range<usize>) -> impl Iterator<Item = &Range<usize>> {
    let first = sorted.partition_point(|x| x.end <= r.start);
    sorted[first..].iter().take_while(move |x| x.start < r.end)
}

/// A span to replace, with the style and the finding it comes from.
#[derive(Debug, Clone)]
struct Piece {
    range: Range<usize>,
    style: Style,
    finding: usize,
}

/// Masks `value` into `out`: one mask character per grapheme, separators kept, the last
/// `keep_last` digits kept but never more than half of them.
fn mask(out: &mut String, value: &str, mask: char, keep_last: usize) {
    let digits = value.graphemes(true).filter(|g| is_digit(g)).count();
    let keep = keep_last.min(digits / 2);
    let mut seen = 0;
    for g in value.graphemes(true) {
        if is_digit(g) {
            seen += 1;
            if seen > digits - keep {
                out.push_str(g);
                continue;
            }
        } else if is_separator(g) {
            out.push_str(g);
            continue;
        }
        out.push(mask);
    }
}

fn is_digit(g: &str) -> bool {
    g.len() == 1 && g.as_bytes()[0].is_ascii_digit()
}

fn is_separator(g: &str) -> bool {
    let mut cs = g.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => c.is_whitespace() || SEPARATORS.contains(&c),
        _ => g.chars().all(char::is_whitespace),
    }
}

/// Runs of mask characters, separators and digits shaped like mask output: the first
/// character that is not a separator is a mask character, and the run holds at most
/// `max_digits` digits and no more digits than mask characters (a mask keeps at most half
/// of a value's digits, always the last ones). `Girasol2023#` under a `#` mask holds no
/// such run: its digits come first.
fn mask_runs(text: &str, mask: char, max_digits: usize, out: &mut Vec<Range<usize>>) {
    #[derive(Clone, Copy)]
    struct Run {
        start: usize,
        masks: usize,
        digits: usize,
        /// Whether the first grapheme that is not a separator is a mask character.
        mask_first: Option<bool>,
    }
    let mut buf = [0u8; 4];
    let mask: &str = mask.encode_utf8(&mut buf);
    let mut run: Option<Run> = None;
    let mut close = |run: &mut Option<Run>, end: usize| {
        if let Some(r) = run.take() {
            if r.mask_first == Some(true) && r.digits <= max_digits && r.digits <= r.masks {
                out.push(r.start..end);
            }
        }
    };
    for (i, g) in text.grapheme_indices(true) {
        let is_mask = g == mask;
        let digit = is_digit(g);
        if !(is_mask || digit || is_separator(g)) {
            close(&mut run, i);
            continue;
        }
        let r = run.get_or_insert(Run {
            start: i,
            masks: 0,
            digits: 0,
            mask_first: None,
        });
        if is_mask || digit {
            r.mask_first.get_or_insert(is_mask);
        }
        r.masks += usize::from(is_mask);
        r.digits += usize::from(digit);
    }
    close(&mut run, text.len());
}

/// The length of a pseudonym token `[category:xxxxxxxxxx]` at the start of `b`, if any.
fn token_len(b: &[u8]) -> Option<usize> {
    let rest = b.strip_prefix(b"[")?;
    let label = Category::NAMES
        .iter()
        .find(|n| rest.starts_with(n.as_bytes()))?
        .len();
    let body = rest.get(label + 1..label + 1 + TOKEN_LEN)?;
    let ok = rest[label] == b':'
        && body.iter().all(|c| TOKEN_ALPHABET.contains(c))
        && rest.get(label + 1 + TOKEN_LEN) == Some(&b']');
    ok.then_some(label + 3 + TOKEN_LEN)
}

/// The grapheme boundary at or before `i`.
fn floor_grapheme(text: &str, i: usize) -> usize {
    let i = crate::context::floor_boundary(text, i);
    let mut c = GraphemeCursor::new(i, text.len(), true);
    if c.is_boundary(text, 0).unwrap_or(true) {
        return i;
    }
    let mut c = GraphemeCursor::new(i, text.len(), true);
    c.prev_boundary(text, 0).ok().flatten().unwrap_or(0)
}

/// The grapheme boundary at or after `i`.
fn ceil_grapheme(text: &str, i: usize) -> usize {
    let i = crate::context::ceil_boundary(text, i);
    let mut c = GraphemeCursor::new(i, text.len(), true);
    if c.is_boundary(text, 0).unwrap_or(true) {
        return i;
    }
    let mut c = GraphemeCursor::new(i, text.len(), true);
    c.next_boundary(text, 0)
        .ok()
        .flatten()
        .unwrap_or(text.len())
}

/// A redacted text: what [`Redactor::redact`] and [`Redactor::redact_findings`] return.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Redaction {
    /// The redacted text.
    pub text: String,
    /// One entry per replaced span, in order: where it was in the original text and where
    /// its replacement is in [`text`](Redaction::text) (to highlight it in a UI).
    pub spans: Vec<SpanMap>,
    /// The weighted tweet length of [`text`](Redaction::text).
    pub weighted_length: usize,
}

/// One replaced span: UTF-8 byte ranges in the original and in the redacted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpanMap {
    /// The span in the original text (grapheme-aligned).
    pub original: Range<usize>,
    /// The replacement's span in the redacted text (empty for [`Style::Remove`]).
    pub replacement: Range<usize>,
    /// The category of the value replaced.
    pub category: Category,
    /// The kind of the value replaced.
    pub kind: Arc<str>,
}

impl Redaction {
    /// Maps a span of the redacted text back to the original text: a position inside a
    /// replacement maps to the whole replaced span.
    fn to_original(&self, range: Range<usize>) -> Range<usize> {
        // Replacements are in order and disjoint, so their ends are sorted too.
        let spans = &self.spans;
        let i = spans.partition_point(|s| s.replacement.end <= range.start);
        let start = match spans.get(i) {
            Some(s) if s.replacement.start <= range.start => s.original.start,
            _ => self.shift(range.start),
        };
        let i = spans.partition_point(|s| s.replacement.end < range.end);
        let end = match spans.get(i) {
            Some(s) if s.replacement.start < range.end => s.original.end,
            _ => self.shift(range.end),
        };
        start..end.max(start)
    }

    /// A position outside every replacement, moved back by what the replacements before it
    /// added or removed.
    fn shift(&self, pos: usize) -> usize {
        match self.spans.partition_point(|s| s.replacement.end <= pos) {
            0 => pos,
            i => {
                let s = &self.spans[i - 1];
                pos - s.replacement.end + s.original.end
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn mask_keeps_separators_and_at_most_half_the_digits() {
        let mut s = String::new();
        mask(&mut s, "4111 1111 1111 1111", '•', 4);
        assert_eq!(s, "•••• •••• •••• 1111");
        s.clear();
        mask(&mut s, "123", '•', 4);
        assert_eq!(s, "••3", "a CVV keeps at most one digit");
        s.clear();
        mask(&mut s, "(415) 555-0132", '•', 2);
        assert_eq!(s, "(•••) •••-••32");
        s.clear();
        mask(&mut s, "p\u{e9}a\u{301}ss 👩‍👩‍👧", '#', 0);
        assert_eq!(s, "##### #", "one mask character per grapheme");
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
        assert_eq!(token_len(a.as_bytes()), Some(20));
    }

    #[test]
    fn pseudonyms_are_stable_normalised_and_keyed() {
        let k = key();
        let t = |c, v| k.token(c, v);
        assert_eq!(
            t(Category::Email, "Jo@Example.com"),
            t(Category::Email, "jo@example.com")
        );
        assert_eq!(
            t(Category::Phone, "(415) 555-0132"),
            t(Category::Phone, "415.555.0132")
        );
        assert_ne!(
            t(Category::Phone, "415-555-0132"),
            t(Category::Phone, "415-555-0133")
        );
        assert_ne!(
            t(Category::Phone, "4155550132"),
            t(Category::Account, "4155550132")
        );
        let other = Key::new("another key, also long enough").unwrap();
        assert_ne!(
            t(Category::Email, "jo@example.com"),
            other.token(Category::Email, "jo@example.com")
        );
        for v in ["a", "b", "c", "jo@example.com"] {
            let tok = t(Category::Email, v);
            assert_eq!(tok.len(), TOKEN_LEN);
            assert!(tok.bytes().all(|b| TOKEN_ALPHABET.contains(&b)));
        }
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
    fn redaction_output_is_recognised() {
        let r = redactor("default = { style = 'mask', keep-last = 4 }");
        let regions = |t: &str| {
            r.artifacts(t)
                .into_iter()
                .map(|x| t[x].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            regions("card •••• •••• •••• 1111 ok"),
            [" •••• •••• •••• 1111 "]
        );
        assert!(
            regions("x •••• 4111 1111 1111 1111").is_empty(),
            "real digits stay"
        );
        assert!(regions("pw 2023• or 1•• or •••••12345").is_empty());
        assert_eq!(regions("pw ••12 or ••-••3"), [" ••12 ", " ••-••3"]);
        assert_eq!(
            regions("[EMAIL] and [email:bcdfghjklmnp]"),
            ["[EMAIL]", "[email:bcdfghjklmnp]"]
        );
        assert_eq!(regions("at ***@example.com."), ["***@example.com."]);
        assert!(regions("[PHONE]x and X[PHONE] and [mail:abc]").len() == 2);
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
    fn policy_errors_are_clear() {
        let e = RedactionPolicy::from_toml("default = 'blur'").unwrap_err();
        assert!(e.to_string().contains("unknown variant `blur`"), "{e}");
        let e = RedactionPolicy::from_toml("colour = 'red'").unwrap_err();
        assert!(e.to_string().contains("unknown field `colour`"), "{e}");
        let e = RedactionPolicy::from_toml("[category]\nemails = 'mask'").unwrap_err();
        assert!(e.to_string().contains("unknown category \"emails\""), "{e}");
        let e = RedactionPolicy::from_toml("[kind]\npin = { style = 'remove', keep-last = 2 }")
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("keep-last applies only to the mask style"),
            "{e}"
        );
        let e =
            RedactionPolicy::from_toml("[kind]\npin = { style = 'mask', keep = 2 }").unwrap_err();
        assert!(e.to_string().contains("unknown field `keep`"), "{e}");
        let e = RedactionPolicy::from_toml("mask-char = 'x'").unwrap_err();
        assert!(e.to_string().contains("mask-char"), "{e}");
        let e = RedactionPolicy::from_toml("[placeholder]\nemail = ''").unwrap_err();
        assert!(e.to_string().contains("empty"), "{e}");
        let e = RedactionPolicy::from_json(r#"{"default": "mask", "extra": 1}"#).unwrap_err();
        assert!(e.to_string().contains("unknown field `extra`"), "{e}");
        let e = Redactor::new(RedactionPolicy::from_toml("[kind]\nemail = 'pseudonym'").unwrap())
            .unwrap_err();
        assert!(e.to_string().contains("needs a secret key"), "{e}");
    }

    #[test]
    fn keys() {
        let e = Key::new("short").unwrap_err();
        assert!(
            e.to_string()
                .contains("key too short: 5 bytes, at least 16"),
            "{e}"
        );
        let k = Key::new([0u8; 16]).unwrap();
        assert_eq!(format!("{k:?}"), "Key(..)");
        let r = Redactor::with_key(RedactionPolicy::new(), k).unwrap();
        assert!(!format!("{r:?}").contains("0, 0"), "{r:?}");
        let dir = std::env::temp_dir().join(format!("discreet-key-{}", std::process::id()));
        std::fs::write(&dir, "a key that is long enough\n").unwrap();
        let a = Key::from_file(&dir).unwrap();
        let b = Key::new("a key that is long enough").unwrap();
        assert_eq!(a.token(Category::Email, "x"), b.token(Category::Email, "x"));
        std::fs::write(&dir, "tiny\n").unwrap();
        let e = Key::from_file(&dir).unwrap_err();
        assert!(
            e.path().is_some() && e.to_string().contains("too short"),
            "{e}"
        );
        std::fs::remove_file(&dir).unwrap();
        let e = Key::from_file(&dir).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Io(_)), "{e}");
        let e = Key::from_env("DISCREET_TEST_SURELY_UNSET_VARIABLE").unwrap_err();
        assert!(e.to_string().contains("is not set"), "{e}");
    }
}
