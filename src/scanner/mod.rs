//! The compiled, immutable scanner: what a scan returns and how it is asked.
//!
//! The rooms of a scan:
//! - [`ScannerBuilder`] (`builder.rs`) checks the settings and compiles the rules into the
//!   [`Inner`] every clone of a [`Scanner`] shares;
//! - `candidates.rs` finds and judges candidate values: one pass of the union of every
//!   rule, then each matching rule's own regex, its validator and its context words, and
//!   the values inside a match the validator rejected;
//! - `resolve.rs` drops what sits inside a mention, hashtag or URL and resolves overlaps,
//!   keeping what is left of a candidate beside a better one.

mod candidate;
mod candidates;
mod resolve;

use std::sync::Arc;

use once_cell::sync::Lazy;
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input, PatternID};

use crate::allow::Allowlist;
use crate::context::ContextWords;
use crate::error::Error;
use crate::finding::{Explanation, Finding};
use crate::patterns::{OwnRegex, Union};
use crate::phrases::PhraseSet;
use crate::rules::{Rule, RuleSet};
use crate::tweet::Entity;
use crate::validate::Region;
use crate::ScannerBuilder;

use candidate::Candidate;
use candidates::regex_matches_exactly;
use resolve::drop_entities;

static DEFAULT: Lazy<Scanner> = Lazy::new(|| {
    // The built-in rules compile in the test suite; failing here is a build defect.
    ScannerBuilder::new()
        .build()
        .unwrap_or_else(|e| panic!("built-in rules do not compile: {e}"))
});

/// Finds sensitive data in text. Immutable, `Send + Sync`, and cheap to clone (an `Arc`).
///
/// Build one with [`ScannerBuilder`] (or use [`Scanner::default`] for the built-in rules,
/// compiled once per process) and share it across threads.
///
/// # How a scan works
/// 1. One pass of a multi-pattern regex (every rule's regex, ASCII mode, over bytes) tells
///    which rules have a candidate anywhere in the text. On clean text this is all the work.
/// 2. For each such rule only, that rule's own regex gives the candidate spans (and the
///    `value` group where the rule has one).
/// 3. Each candidate must pass the rule's validator, must not sit inside a mention, hashtag
///    or URL, and must not be on the allow-list; context words near it raise or lower its
///    confidence; below the threshold it is dropped.
/// 4. Overlapping candidates are resolved deterministically: higher confidence, then longer
///    span, then earlier rule, then earlier start.
///
/// # Example
/// ```
/// let scanner = discreet::Scanner::default();
/// let text = "my card 4111 1111 1111 1111 was charged twice";
/// let findings = scanner.scan(text);
/// assert_eq!(findings.len(), 1);
/// assert_eq!(findings[0].category, discreet::Category::Billing);
/// assert_eq!(&text[findings[0].range()], "4111 1111 1111 1111");
/// ```
#[derive(Clone, Debug)]
pub struct Scanner {
    inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) rules: Vec<CompiledRule>,
    /// Every rule's regex in one automaton, pattern `i` = `rules[i]`; `None` without rules.
    pub(crate) set: Option<Union>,
    pub(crate) allow: Allowlist,
    pub(crate) min_score: f64,
    pub(crate) regions: Vec<Region>,
    /// Custom phrases; `None` for the built-in ones, compiled on the first verdict (a
    /// scanner used only to scan never pays for them).
    pub(crate) phrases: Option<Arc<PhraseSet>>,
}

#[derive(Debug)]
pub(crate) struct CompiledRule {
    pub(crate) rule: Rule,
    /// The rule's own regex, for spans (built-in rules compile it on first use).
    pub(crate) regex: OwnRegex,
    pub(crate) context: Option<ContextWords>,
    pub(crate) negative: Option<ContextWords>,
    /// The rule's `weak-values` patterns, in one regex.
    pub(crate) weak: Option<Regex>,
}

impl Default for Scanner {
    /// The built-in rules, compiled on first use and shared by every clone.
    fn default() -> Scanner {
        DEFAULT.clone()
    }
}

impl CompiledRule {
    pub(crate) fn regex(&self) -> &Regex {
        self.regex.get(&self.rule.regex, &self.rule.id)
    }

    /// The `value` capture group: the part of the match that is the sensitive value.
    pub(crate) fn value_group(&self) -> Option<usize> {
        self.regex().group_info().to_index(PatternID::ZERO, "value")
    }
}

impl Scanner {
    /// A scanner over exactly these rules (no built-in ones), with default settings.
    ///
    /// # Errors
    /// As [`ScannerBuilder::build`].
    pub fn new(rules: &RuleSet) -> Result<Scanner, Error> {
        ScannerBuilder::new()
            .builtin_rules(false)
            .rules(rules.clone())
            .build()
    }

    /// A builder starting from the built-in rules.
    pub fn builder() -> ScannerBuilder {
        ScannerBuilder::new()
    }

    pub(crate) fn from_inner(inner: Inner) -> Scanner {
        Scanner {
            inner: Arc::new(inner),
        }
    }

    /// The phrases this scanner's verdicts use.
    pub fn phrase_set(&self) -> Arc<PhraseSet> {
        match &self.inner.phrases {
            Some(p) => Arc::clone(p),
            None => PhraseSet::builtin(),
        }
    }

    /// The rules this scanner runs, in order.
    pub fn rules(&self) -> impl ExactSizeIterator<Item = &Rule> + '_ {
        self.inner.rules.iter().map(|r| &r.rule)
    }

    /// Every finding in `text`, sorted by start, never overlapping.
    ///
    /// Never fails and never panics, whatever the text; runs in time linear in its length.
    pub fn scan(&self, text: &str) -> Vec<Finding> {
        self.scan_in(text, None)
    }

    /// [`scan`](Scanner::scan), with the text's entities when the caller has them already.
    pub(crate) fn scan_in(&self, text: &str, entities: Option<&[Entity]>) -> Vec<Finding> {
        self.candidates(text, None, entities)
            .into_iter()
            .map(|c| self.finding(&c))
            .collect()
    }

    /// Whether `text` holds anything sensitive. Cheaper than [`scan`](Scanner::scan) on
    /// clean text, the common case: one pass that finds no candidate is the whole cost.
    pub fn is_match(&self, text: &str) -> bool {
        !self.candidates(text, None, None).is_empty()
    }

    /// Like [`scan`](Scanner::scan), with the evidence behind each finding: the base score,
    /// the validator passed and the context words that moved the confidence.
    pub fn explain(&self, text: &str) -> Vec<Explanation> {
        self.explain_in(text, None)
    }

    /// [`explain`](Scanner::explain), with the text's entities when the caller has them.
    pub(crate) fn explain_in(&self, text: &str, entities: Option<&[Entity]>) -> Vec<Explanation> {
        self.candidates(text, None, entities)
            .into_iter()
            .map(|c| {
                let rule = &self.inner.rules[c.rule].rule;
                Explanation {
                    finding: self.finding(&c),
                    base_score: rule.score,
                    validator: rule.validator.map(|v| v.name()),
                    context: c.context.map(str::to_string),
                    negative_context: c.negative.map(str::to_string),
                    weak_value: c.weak,
                }
            })
            .collect()
    }

    /// Findings of one rule alone (no overlap resolution with other rules): what the rule's
    /// `examples` and `negative-examples` are checked against.
    pub fn scan_rule(&self, id: &str, text: &str) -> Vec<Finding> {
        match self.inner.rules.iter().position(|r| &*r.rule.id == id) {
            Some(i) => self
                .candidates(text, Some(i), None)
                .into_iter()
                .map(|c| self.finding(&c))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The finding rule `id` gives for exactly `text[start..end]`, judged alone: the rule's
    /// regex must produce that span (its `value` group, for rules with one, from a match
    /// starting at most 64 bytes before it), and the span must pass the rule's validator,
    /// context and entity checks. Candidate generation plays no part: this is what the
    /// brute-force oracle in `tests/props.rs` tries on every token-boundary sub-span.
    #[doc(hidden)]
    pub fn judge_span(&self, id: &str, text: &str, start: usize, end: usize) -> Option<Finding> {
        let i = self.inner.rules.iter().position(|r| &*r.rule.id == id)?;
        let r = &self.inner.rules[i];
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return None;
        }
        let b = text.as_bytes();
        let re = r.regex();
        let produced = match r.value_group() {
            None => regex_matches_exactly(re, b, start, end),
            Some(g) => {
                let mut caps = re.create_captures();
                (start.saturating_sub(64)..=start).any(|ms| {
                    re.search_captures(
                        &Input::new(b).range(ms..end).anchored(Anchored::Yes),
                        &mut caps,
                    );
                    caps.get_group(g)
                        .is_some_and(|v| v.start == start && v.end == end)
                })
            }
        };
        if !produced {
            return None;
        }
        let c = self.judge(r, i, text, start, end, false)?;
        let mut one = vec![c];
        drop_entities(&self.inner.rules, text, None, &mut one);
        one.retain(|c| !c.glued);
        one.first().map(|c| self.finding(c))
    }

    /// Checks every rule's `examples` (each must give a finding of that rule) and
    /// `negative-examples` (none may). Returns every failure, each naming file and rule.
    pub fn check_examples(&self) -> Vec<Error> {
        let mut errors = Vec::new();
        for r in &self.inner.rules {
            let rule = &r.rule;
            crate::patterns::check_examples(
                &rule.examples,
                &rule.negative_examples,
                |ex| self.scan_rule(&rule.id, ex).first().map(Finding::range),
                |kind| rule.error(kind),
                &mut errors,
            );
        }
        errors
    }

    fn finding(&self, c: &Candidate<'_>) -> Finding {
        let rule = &self.inner.rules[c.rule].rule;
        Finding {
            start: c.start,
            end: c.end,
            category: rule.category,
            kind: Arc::clone(&rule.kind),
            rule: Arc::clone(&rule.id),
            confidence: c.confidence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_types_are_send_sync_unwind_safe() {
        fn check<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}
        check::<Scanner>();
        check::<ScannerBuilder>();
        check::<RuleSet>();
        check::<Finding>();
        check::<crate::Error>();
    }
}
