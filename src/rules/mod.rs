//! Rule files: data that says what to look for.
//!
//! A rule file is TOML with one `[[rule]]` table per rule; the schema is documented in
//! `rules/README.md` and in the [crate docs](crate#rule-files). Loading checks every field and
//! names the file and rule id in every error; compiling happens in
//! [`ScannerBuilder::build`](crate::ScannerBuilder::build).

mod load;
mod syntax;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use once_cell::sync::Lazy;

use crate::error::{Error, ErrorKind, Result};
use crate::validate::Validator;
use crate::Category;

/// The built-in rule files, embedded in the crate: one per category.
pub(crate) const BUILTIN_FILES: [(&str, &str); 7] = [
    ("rules/email.toml", include_str!("../../rules/email.toml")),
    ("rules/phone.toml", include_str!("../../rules/phone.toml")),
    (
        "rules/address.toml",
        include_str!("../../rules/address.toml"),
    ),
    (
        "rules/billing.toml",
        include_str!("../../rules/billing.toml"),
    ),
    (
        "rules/account.toml",
        include_str!("../../rules/account.toml"),
    ),
    (
        "rules/purchase.toml",
        include_str!("../../rules/purchase.toml"),
    ),
    (
        "rules/verification.toml",
        include_str!("../../rules/verification.toml"),
    ),
];

static BUILTIN: Lazy<RuleSet> = Lazy::new(|| {
    let mut set = RuleSet::new();
    for (name, src) in BUILTIN_FILES {
        // The built-in files are checked by the test suite (tests/rules.rs) and by
        // `discreet rules check rules/*.toml` in CI, so a failure here is a build defect.
        let file = RuleSet::from_toml(src, Some(Path::new(name)))
            .unwrap_or_else(|e| panic!("built-in rules are invalid: {e}"));
        set.merge(file)
            .unwrap_or_else(|e| panic!("built-in rules are invalid: {e}"));
    }
    for rule in &mut set.rules {
        rule.builtin = true;
    }
    set
});

/// A checked rule: every field validated, ready to compile.
#[derive(Debug, Clone)]
pub struct Rule {
    pub(crate) id: Arc<str>,
    pub(crate) category: Category,
    pub(crate) kind: Arc<str>,
    pub(crate) description: Option<String>,
    pub(crate) regex: String,
    pub(crate) score: f64,
    pub(crate) validator: Option<Validator>,
    pub(crate) context: Vec<String>,
    pub(crate) context_boost: f64,
    pub(crate) negative_context: Vec<String>,
    pub(crate) negative_penalty: f64,
    pub(crate) weak_values: Vec<String>,
    pub(crate) require_context: bool,
    pub(crate) window: usize,
    pub(crate) examples: Vec<String>,
    pub(crate) negative_examples: Vec<String>,
    pub(crate) source: Option<PathBuf>,
    /// Shipped with the crate and checked by its tests: compiled lazily, on first use.
    pub(crate) builtin: bool,
}

impl Rule {
    /// The rule's dotted id, e.g. `billing.card_number`.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The category of what the rule finds.
    pub fn category(&self) -> Category {
        self.category
    }
    /// The kind of what the rule finds, e.g. `card_number`.
    pub fn kind(&self) -> &str {
        &self.kind
    }
    /// The rule's one-line description, if it has one.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
    /// The candidate regex.
    pub fn regex(&self) -> &str {
        &self.regex
    }
    /// The base score before context, in `0..=1`.
    pub fn score(&self) -> f64 {
        self.score
    }
    /// The validator a candidate must pass, if any.
    pub fn validator(&self) -> Option<Validator> {
        self.validator
    }
    /// Words near a candidate that raise its confidence.
    pub fn context(&self) -> &[String] {
        &self.context
    }
    /// Words near a candidate that lower its confidence.
    pub fn negative_context(&self) -> &[String] {
        &self.negative_context
    }
    /// Regexes over the value itself that lower its confidence by the negative penalty
    /// (e.g. role addresses such as `support@`).
    pub fn weak_values(&self) -> &[String] {
        &self.weak_values
    }
    /// Whether a candidate without a context word is dropped.
    pub fn requires_context(&self) -> bool {
        self.require_context
    }
    /// Texts the rule must find something in.
    pub fn examples(&self) -> &[String] {
        &self.examples
    }
    /// Texts the rule must find nothing in.
    pub fn negative_examples(&self) -> &[String] {
        &self.negative_examples
    }
    /// The file the rule came from, if it came from a file.
    pub fn source(&self) -> Option<&Path> {
        self.source.as_deref()
    }

    /// An error about this rule, naming its file and id.
    pub(crate) fn error(&self, kind: ErrorKind) -> Error {
        let e = Error::new(kind).with_rule(&*self.id);
        match &self.source {
            Some(p) => e.with_path(p),
            None => e,
        }
    }
}

/// An ordered set of checked rules with unique ids.
///
/// Start from [`RuleSet::builtin`] (the rules shipped in `rules/`) or [`RuleSet::new`], add
/// files with [`RuleSet::from_path`] / [`RuleSet::from_toml`] and [`RuleSet::merge`], then
/// compile with [`ScannerBuilder`](crate::ScannerBuilder).
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
}

impl RuleSet {
    /// An empty rule set.
    pub fn new() -> RuleSet {
        RuleSet::default()
    }

    /// The built-in rules (the `rules/` folder, embedded at build time).
    pub fn builtin() -> &'static RuleSet {
        &BUILTIN
    }

    /// Parses and checks one rule file's text. `path` is only used in error messages and
    /// recorded as each rule's source.
    ///
    /// # Errors
    /// Invalid TOML, unknown or mistyped fields, unknown categories or validators, malformed
    /// ids, scores out of range, duplicate ids within the file.
    pub fn from_toml(src: &str, path: Option<&Path>) -> Result<RuleSet> {
        let rules = load::parse(src, path).map_err(|e| match path {
            Some(p) => e.with_path(p),
            None => e,
        })?;
        let mut set = RuleSet::new();
        for rule in rules {
            set.push(rule)?;
        }
        Ok(set)
    }

    /// Loads a rule file, or every `*.toml` file of a directory (sorted by name).
    ///
    /// # Errors
    /// As [`RuleSet::from_toml`], plus I/O errors, all naming the file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<RuleSet> {
        let path = path.as_ref();
        let mut set = RuleSet::new();
        for f in crate::patterns::toml_files(path)? {
            let src = crate::patterns::read_file(&f)?;
            set.merge(RuleSet::from_toml(&src, Some(&f))?)?;
        }
        Ok(set)
    }

    /// Appends `other`'s rules.
    ///
    /// # Errors
    /// A rule id present in both sets (to replace a built-in rule, disable it with
    /// [`ScannerBuilder::disable`](crate::ScannerBuilder::disable) and give yours a new id).
    pub fn merge(&mut self, other: RuleSet) -> Result<()> {
        for rule in other.rules {
            self.push(rule)?;
        }
        Ok(())
    }

    /// Adds one rule.
    ///
    /// # Errors
    /// The id is already in the set.
    pub fn push(&mut self, rule: Rule) -> Result<()> {
        if self.get(&rule.id).is_some() {
            return Err(rule.error(ErrorKind::DuplicateId));
        }
        self.rules.push(rule);
        Ok(())
    }

    /// Removes the rule with this id; returns whether there was one.
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.rules.len();
        self.rules.retain(|r| &*r.id != id);
        before != self.rules.len()
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| &*r.id == id)
    }

    /// The rules, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Rule> {
        self.rules.iter()
    }

    /// How many rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

impl<'a> IntoIterator for &'a RuleSet {
    type Item = &'a Rule;
    type IntoIter = std::slice::Iter<'a, Rule>;
    fn into_iter(self) -> Self::IntoIter {
        self.rules.iter()
    }
}
