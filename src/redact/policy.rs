//! Redaction policies: which style each category and kind gets, parsed from TOML or JSON
//! and checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use super::style::{Style, DEFAULT_MASK_CHAR, SEPARATORS};
use crate::error::{Error, ErrorKind, Result};
use crate::Category;

/// Which [`Style`] each category and kind gets, the placeholder texts and the mask character.
///
/// A kind's entry wins over its category's, which wins over `default`. The default policy
/// (also what an empty policy file gives) replaces every finding with its category's
/// placeholder: `[EMAIL]`, `[PHONE]`, `[ADDRESS]`, `[BILLING]`, `[ACCOUNT]`, `[PURCHASE]`,
/// `[VERIFICATION]`.
///
/// # Policy files
/// TOML (or the same shape in JSON); unknown keys, categories and styles are errors.
/// Unknown kinds are errors too, when a [`Redactor`](super::Redactor) is built from the
/// policy: a misspelt kind (`card_numbr = "remove"` beside `default = "keep"`) would
/// otherwise leave every card number public. The known kinds are those of the built-in
/// rules (the table in the README) and any declared with
/// [`with_kinds`](RedactionPolicy::with_kinds): the kinds of your own rules.
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
/// (needs a [`Key`](super::Key)), `remove`; see [`Style`]. Card numbers never show more than
/// their last four digits, whatever `keep-last` says (PCI DSS).
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
    /// Kinds beyond the built-in rules' that `[kind]` and `[placeholder]` may name.
    extra_kinds: BTreeSet<String>,
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
            extra_kinds: BTreeSet::new(),
        }
    }

    /// Parses a policy file (TOML).
    ///
    /// # Errors
    /// [`ErrorKind::Syntax`] for malformed TOML, unknown keys or unknown styles;
    /// [`ErrorKind::Config`] for an unknown category, a bad mask character or an empty
    /// placeholder.
    pub fn from_toml(src: &str) -> Result<RedactionPolicy> {
        let syntax: PolicySyntax =
            toml::from_str(src).map_err(|e| crate::patterns::toml_error(&e, src))?;
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
    /// [`ErrorKind::Io`] when the file cannot be read or is not UTF-8,
    /// [`ErrorKind::Config`] when it is larger than 1 MiB, otherwise as
    /// [`from_toml`](RedactionPolicy::from_toml); every error names the file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<RedactionPolicy> {
        let path = path.as_ref();
        let bytes = crate::text::read_capped(path, super::MAX_POLICY_FILE, "policy")?;
        let src = String::from_utf8(bytes).map_err(|_| {
            Error::new(ErrorKind::Io("stream did not contain valid UTF-8".into())).with_path(path)
        })?;
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
    /// The kind must be a built-in rule's or declared with
    /// [`with_kinds`](RedactionPolicy::with_kinds); checked when a
    /// [`Redactor`](super::Redactor) is built.
    pub fn set_kind(&mut self, kind: impl Into<String>, style: Style) -> &mut Self {
        self.kinds.insert(kind.into(), style);
        self
    }

    /// Sets the placeholder text of a kind or a category (by name). Checked, as kinds are,
    /// when a [`Redactor`](super::Redactor) is built.
    pub fn set_placeholder(
        &mut self,
        key: impl Into<String>,
        text: impl Into<String>,
    ) -> &mut Self {
        self.placeholders.insert(key.into(), text.into());
        self
    }

    /// Sets the mask character (default `•`). Checked when a [`Redactor`](super::Redactor) is built.
    pub fn set_mask_char(&mut self, c: char) -> &mut Self {
        self.mask = c;
        self
    }

    /// Declares kinds that `[kind]` and `[placeholder]` may name besides the built-in
    /// rules' kinds: the kinds of your own rules. Any other kind is an error when a
    /// [`Redactor`](super::Redactor) is built.
    ///
    /// # Example
    /// ```
    /// use discreet::{RedactionPolicy, Redactor, RuleSet, ScannerBuilder};
    ///
    /// let mine = RuleSet::from_toml(r#"
    /// [[rule]]
    /// id = "acme.loyalty"
    /// category = "account"
    /// kind = "loyalty_points"
    /// regex = '\bLP-[0-9]{8}\b'
    /// score = 0.9
    /// "#, None)?;
    /// let scanner = ScannerBuilder::new().rules(mine).build()?;
    /// let mut policy = RedactionPolicy::from_toml("[kind]\nloyalty_points = 'remove'")?;
    /// assert!(Redactor::new(policy.clone()).is_err(), "not a built-in kind");
    /// policy.with_kinds(scanner.rules().map(|r| r.kind()));
    /// let r = Redactor::new(policy)?.redact(&scanner, "points on LP-12345678?");
    /// assert_eq!(r.text, "points on ?");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_kinds<I>(&mut self, kinds: I) -> &mut Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.extra_kinds.extend(kinds.into_iter().map(Into::into));
        self
    }

    /// The style a finding of this category and kind gets. For card numbers a mask keeps
    /// at most the last four digits, whatever the policy says.
    pub fn style_for(&self, category: Category, kind: &str) -> Style {
        self.kinds
            .get(kind)
            .or_else(|| self.categories.get(&category))
            .copied()
            .unwrap_or(self.default)
            .for_kind(kind)
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

    /// Whether any category or kind uses [`Style::Pseudonym`], which needs a [`Key`](super::Key).
    pub fn needs_key(&self) -> bool {
        self.styles().any(|s| s == Style::Pseudonym)
    }

    fn styles(&self) -> impl Iterator<Item = Style> + '_ {
        std::iter::once(self.default)
            .chain(self.categories.values().copied())
            .chain(self.kinds.values().copied())
    }

    /// The placeholder texts the policy sets.
    pub(super) fn placeholder_texts(&self) -> impl Iterator<Item = &str> + '_ {
        self.placeholders.values().map(String::as_str)
    }

    /// The most digits any mask can leave: what a mask run in redacted text may hold.
    pub(super) fn max_kept_digits(&self) -> usize {
        self.styles()
            .map(|s| match s {
                Style::Mask { keep_last } => keep_last,
                _ => 0,
            })
            .max()
            .unwrap_or(0)
            .max(2)
    }

    /// Checks the values a policy file can get wrong: the mask character and the
    /// placeholder texts.
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

    /// Checks everything, kinds included: what a [`Redactor`](super::Redactor) needs.
    pub(super) fn check_all(&self) -> Result<()> {
        self.check()?;
        let builtin = crate::RuleSet::builtin();
        let known = |kind: &str| {
            self.extra_kinds.contains(kind) || builtin.iter().any(|r| r.kind() == kind)
        };
        let unknown = |table: &str, kind: &str| {
            let candidates = builtin
                .iter()
                .map(|r| r.kind())
                .chain(self.extra_kinds.iter().map(String::as_str));
            let hint = match closest(kind, candidates) {
                Some(k) => format!(" (did you mean {k:?}?)"),
                None => String::new(),
            };
            Err(Error::new(ErrorKind::Config(format!(
                "[{table}]: unknown kind {kind:?}: no rule has this kind{hint}"
            ))))
        };
        for kind in self.kinds.keys() {
            if !known(kind) {
                return unknown("kind", kind);
            }
        }
        for key in self.placeholders.keys() {
            if !known(key) && key.parse::<Category>().is_err() {
                return unknown("placeholder", key);
            }
        }
        Ok(())
    }
}

/// The candidate nearest to `name` by edit distance, if it is near enough to be a typo.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(name, c), c))
        .filter(|&(d, _)| d <= 2)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// `[EMAIL]`, `[PHONE]`, …: the placeholder of a category without its own text.
pub(super) fn default_placeholder(category: Category) -> String {
    format!("[{}]", category.as_str().to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Redactor;

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
    fn edit_distance_finds_typos() {
        assert_eq!(edit_distance("card_numbr", "card_number"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("pin", "pin"), 0);
        assert_eq!(
            closest("pasword", ["password", "pin"].into_iter()),
            Some("password")
        );
        assert_eq!(closest("colour", ["password", "pin"].into_iter()), None);
    }
}
