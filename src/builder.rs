//! Configuring and compiling a [`Scanner`].

use std::sync::Arc;

use crate::error::{Error, ErrorKind, Result};
use crate::phrases::PhraseSet;
use crate::rules::RuleSet;
use crate::scanner::{Scanner, DEFAULT_MIN_SCORE};
use crate::validate::Region;

/// Default limit on the compiled size of one rule's regex: generous for any honest
/// candidate pattern, small enough that `((a{100}){100}){100}` is refused in milliseconds.
pub const DEFAULT_RULE_SIZE_LIMIT: usize = 1 << 20;

/// Numbering plans tried, in order, for phone numbers written without a country code:
/// North America first, then the other markets the built-in context words cover.
pub const DEFAULT_PHONE_REGIONS: [Region; 13] = [
    Region::US,
    Region::CA,
    Region::GB,
    Region::DE,
    Region::FR,
    Region::ES,
    Region::IT,
    Region::NL,
    Region::IN,
    Region::AU,
    Region::BR,
    Region::MX,
    Region::JP,
];

/// Configures a [`Scanner`]: which rules, which are disabled, the allow-list, the
/// confidence threshold and the phone regions.
///
/// Setters take `&mut self` and return `&mut Self`; [`build`](ScannerBuilder::build) can be
/// called many times.
///
/// # Example: the built-in rules with a brand's own contact points allowed
/// ```
/// use discreet::ScannerBuilder;
///
/// let scanner = ScannerBuilder::new()
///     .allow("help@acme.example")
///     .allow("+1 800 555 0199")
///     .build()?;
/// let text = "Email help@acme.example or call 1-800-555-0199, or DM me: jo@example.org";
/// let found: Vec<_> = scanner.scan(text).iter().map(|f| &text[f.range()]).collect();
/// assert_eq!(found, ["jo@example.org"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ScannerBuilder {
    builtin: bool,
    extra: Vec<RuleSet>,
    disabled: Vec<String>,
    allow: Vec<String>,
    min_score: f64,
    regions: Vec<Region>,
    size_limit: usize,
    phrases: Option<Arc<PhraseSet>>,
}

impl Default for ScannerBuilder {
    fn default() -> Self {
        ScannerBuilder::new()
    }
}

impl ScannerBuilder {
    /// A builder starting from the built-in rules.
    pub fn new() -> ScannerBuilder {
        ScannerBuilder {
            builtin: true,
            extra: Vec::new(),
            disabled: Vec::new(),
            allow: Vec::new(),
            min_score: DEFAULT_MIN_SCORE,
            regions: DEFAULT_PHONE_REGIONS.to_vec(),
            size_limit: DEFAULT_RULE_SIZE_LIMIT,
            phrases: None,
        }
    }

    /// Whether to include the built-in rules (default `true`).
    pub fn builtin_rules(&mut self, yes: bool) -> &mut Self {
        self.builtin = yes;
        self
    }

    /// Adds rules (merged after the built-in ones; an id clash is an error at build time).
    pub fn rules(&mut self, rules: RuleSet) -> &mut Self {
        self.extra.push(rules);
        self
    }

    /// Disables the rule with this id (an unknown id is an error at build time).
    pub fn disable(&mut self, id: impl Into<String>) -> &mut Self {
        self.disabled.push(id.into());
        self
    }

    /// Allows a brand's own handle, email address, URL or phone number: it never counts as
    /// sensitive.
    pub fn allow(&mut self, entry: impl Into<String>) -> &mut Self {
        self.allow.push(entry.into());
        self
    }

    /// Adds a brand profile: its handles, phone numbers, mailboxes and addresses never
    /// count as sensitive, nor does any email address at its domains (see
    /// [`BrandProfile`](crate::BrandProfile)). Several profiles add up.
    pub fn brand(&mut self, profile: crate::BrandProfile) -> &mut Self {
        self.allow.extend(profile.allow_entries());
        self
    }

    /// The lowest confidence reported (default 0.5).
    pub fn min_score(&mut self, score: f64) -> &mut Self {
        self.min_score = score;
        self
    }

    /// National numbering plans tried for phone numbers written without a country code, in
    /// order (default [`DEFAULT_PHONE_REGIONS`]).
    pub fn phone_regions(&mut self, regions: &[Region]) -> &mut Self {
        self.regions = regions.to_vec();
        self
    }

    /// Limit on one rule's compiled regex size, in bytes (default 1 MiB).
    pub fn size_limit(&mut self, bytes: usize) -> &mut Self {
        self.size_limit = bytes;
        self
    }

    /// The phrases behind verdicts (requests for data, private channels, issues, brand
    /// contact points); default: the built-in `rules/judge/` files.
    pub fn phrases(&mut self, phrases: PhraseSet) -> &mut Self {
        self.phrases = Some(Arc::new(phrases));
        self
    }

    /// Checks and compiles everything into an immutable [`Scanner`].
    ///
    /// # Errors
    /// Duplicate rule ids, unknown ids to disable, regexes that do not compile or exceed the
    /// size limit, a `min_score` outside `0..=1`. Each error names the rule and its file.
    pub fn build(&self) -> Result<Scanner> {
        if !(0.0..=1.0).contains(&self.min_score) {
            return Err(Error::new(ErrorKind::Config(format!(
                "min score must be between 0 and 1, got {}",
                self.min_score
            ))));
        }
        let mut set = if self.builtin {
            RuleSet::builtin().clone()
        } else {
            RuleSet::new()
        };
        for extra in &self.extra {
            set.merge(extra.clone())?;
        }
        for id in &self.disabled {
            if !set.remove(id) {
                return Err(Error::new(ErrorKind::Config(format!(
                    "cannot disable rule {id:?}: no rule has that id"
                ))));
            }
        }
        Scanner::compile(
            set,
            &self.allow,
            self.min_score,
            self.regions.clone(),
            self.size_limit,
            self.phrases.clone(),
        )
    }
}
