//! Configuring and compiling a [`Scanner`].

use std::sync::Arc;

use crate::allow::Allowlist;
use crate::context::ContextWords;
use crate::error::{Error, ErrorKind, Result};
use crate::patterns::{self, OwnRegex, Union};
use crate::phrases::PhraseSet;
use crate::rules::{Rule, RuleSet};
use crate::scanner::{CompiledRule, Inner, Scanner};
use crate::validate::Region;

/// Default limit on the compiled size of one rule's regex: generous for any honest
/// candidate pattern, small enough that `((a{100}){100}){100}` is refused in milliseconds.
pub const DEFAULT_RULE_SIZE_LIMIT: usize = 1 << 20;

/// Budget for the compiled regexes of all of a user's rules together (the built-in ones
/// take about a tenth of it).
pub(crate) const USER_RULES_TOTAL_LIMIT: usize = 64 << 20;

/// Limit on the NFA of every rule in one automaton.
const UNION_SIZE_LIMIT: usize = 256 << 20;

/// Default lowest confidence reported.
const DEFAULT_MIN_SCORE: f64 = 0.5;

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
        let rules = set
            .iter()
            .map(|rule| self.compile_rule(rule))
            .collect::<Result<Vec<_>>>()?;
        check_user_budget(&rules)?;
        // Pattern i < rules.len() is rule i; the rest are the normalisation triggers, so
        // that deciding whether to look for disguised data costs no extra pass.
        let set = if rules.is_empty() {
            None
        } else {
            let triggers = crate::normalize::trigger_patterns();
            let patterns: Vec<&str> = rules
                .iter()
                .map(|r| r.rule.regex.as_str())
                .chain(triggers.iter().map(String::as_str))
                .collect();
            let limit = DEFAULT_RULE_SIZE_LIMIT
                .max(self.size_limit)
                .saturating_mul(rules.len())
                .min(UNION_SIZE_LIMIT);
            Some(Union::new(&patterns, limit, "rules")?)
        };
        Ok(Scanner::from_inner(Inner {
            rules,
            set,
            allow: Allowlist::new(&self.allow),
            min_score: self.min_score,
            regions: self.regions.clone(),
            phrases: self.phrases.clone(),
        }))
    }

    /// One rule, ready to run. A user's rule is compiled now, so that its errors (syntax,
    /// size, a regex matching the empty string) name it before any text is scanned;
    /// built-in rules compile on first use, with their own limit: a small user limit must
    /// never make a built-in rule fail on its first use.
    fn compile_rule(&self, rule: &Rule) -> Result<CompiledRule> {
        let limit = if rule.builtin {
            DEFAULT_RULE_SIZE_LIMIT.max(self.size_limit)
        } else {
            self.size_limit
        };
        let regex = if rule.builtin {
            OwnRegex::lazy(limit)
        } else {
            let re = patterns::compile_checked(&rule.regex, limit).map_err(|k| rule.error(k))?;
            OwnRegex::compiled(re, limit)
        };
        let weak = if rule.weak_values.is_empty() {
            None
        } else {
            Some(patterns::compile_any(&rule.weak_values, limit).map_err(|k| rule.error(k))?)
        };
        Ok(CompiledRule {
            context: ContextWords::new(rule, &rule.context)?,
            negative: ContextWords::new(rule, &rule.negative_context)?,
            rule: rule.clone(),
            regex,
            weak,
        })
    }
}

/// Thousands of user rules each under the per-rule limit could still hold gigabytes, so
/// they share one budget; the first rule past it is named.
fn check_user_budget(rules: &[CompiledRule]) -> Result<()> {
    let mut user_bytes = 0usize;
    for r in rules.iter().filter(|r| !r.rule.builtin) {
        user_bytes = user_bytes.saturating_add(r.regex().memory_usage());
        if user_bytes > USER_RULES_TOTAL_LIMIT {
            return Err(r.rule.error(ErrorKind::RegexTooLarge {
                limit: USER_RULES_TOTAL_LIMIT,
            }));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_size_limit_never_breaks_the_built_in_rules() {
        let scanner = ScannerBuilder::new().size_limit(64).build().unwrap();
        let text = "card 4111 1111 1111 1111, mail jo@example.org, call +44 20 7946 0958";
        let found = scanner.scan(text);
        let kinds: Vec<&str> = found.iter().map(|f| &*f.kind).collect();
        assert_eq!(kinds, ["card_number", "email", "phone"]);
        // ... while a user rule is still held to it.
        let src = "[[rule]]\nid='user.x'\ncategory='account'\nkind='x'\nregex='[0-9]{40}'\n";
        let set = RuleSet::from_toml(src, None).unwrap();
        let e = ScannerBuilder::new()
            .size_limit(64)
            .rules(set)
            .build()
            .unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::RegexTooLarge { .. }), "{e}");
    }

    #[test]
    fn thousands_of_user_rules_share_one_budget() {
        let mut src = String::new();
        for i in 0..2000 {
            src.push_str(&format!(
                "[[rule]]\nid='user.r{i}'\ncategory='account'\nkind='x'\nregex='\\w{{{}}}[0-9]{{1000}}'\n",
                i % 50 + 1
            ));
        }
        let set = RuleSet::from_toml(&src, Some(std::path::Path::new("many.toml"))).unwrap();
        let t = std::time::Instant::now();
        let e = ScannerBuilder::new().rules(set).build().unwrap_err();
        assert!(t.elapsed().as_secs() < 60);
        assert!(matches!(e.kind(), ErrorKind::RegexTooLarge { .. }), "{e}");
        assert!(e.to_string().starts_with("many.toml: rule user.r"), "{e}");
    }

    #[test]
    fn oversized_and_empty_regexes_are_refused_with_the_rule_id() {
        let src =
            "[[rule]]\nid='user.big'\ncategory='account'\nkind='x'\nregex='((a{100}){100}){100}'\n";
        let set = RuleSet::from_toml(src, Some(std::path::Path::new("big.toml"))).unwrap();
        let t = std::time::Instant::now();
        let e = Scanner::new(&set).unwrap_err();
        assert!(t.elapsed().as_secs() < 5);
        assert!(matches!(e.kind(), ErrorKind::RegexTooLarge { .. }), "{e}");
        assert!(
            e.to_string()
                .starts_with("big.toml: rule user.big: regex too large"),
            "{e}"
        );
        let src = "[[rule]]\nid='user.empty'\ncategory='account'\nkind='x'\nregex='a*'\n";
        let e = Scanner::new(&RuleSet::from_toml(src, None).unwrap()).unwrap_err();
        assert!(e.to_string().contains("empty string"), "{e}");
        let src = "[[rule]]\nid='user.bad'\ncategory='account'\nkind='x'\nregex='(abc'\n";
        let e = Scanner::new(&RuleSet::from_toml(src, None).unwrap()).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::InvalidRegex(_)), "{e}");
        assert!(
            e.to_string().contains("rule user.bad: invalid regex"),
            "{e}"
        );
    }
}
