//! The compiled, immutable scanner.

use std::collections::BTreeMap;
use std::sync::Arc;

use once_cell::sync::{Lazy, OnceCell};
use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind, PatternID, PatternSet};

use crate::allow::Allowlist;
use crate::context::{ceil_boundary, floor_boundary, ContextWords};
use crate::error::{Error, ErrorKind, Result};
use crate::finding::{Explanation, Finding};
use crate::phrases::PhraseSet;
use crate::rules::{Rule, RuleSet};
use crate::validate::{Region, Validator};
use crate::{Category, ScannerBuilder, DEFAULT_RULE_SIZE_LIMIT};

/// Budget for the compiled regexes of all of a user's rules together (the built-in ones
/// take about a tenth of it).
pub(crate) const USER_RULES_TOTAL_LIMIT: usize = 64 << 20;

/// Limit on the NFA of every rule in one automaton.
const UNION_SIZE_LIMIT: usize = 256 << 20;

/// Default lowest confidence reported.
pub(crate) const DEFAULT_MIN_SCORE: f64 = 0.5;

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
struct Inner {
    rules: Vec<CompiledRule>,
    /// Every rule's regex in one automaton, pattern `i` = `rules[i]`; `None` without rules.
    set: Option<Regex>,
    allow: Allowlist,
    min_score: f64,
    regions: Vec<Region>,
    /// Custom phrases; `None` for the built-in ones, compiled on the first verdict (a
    /// scanner used only to scan never pays for them).
    phrases: Option<Arc<PhraseSet>>,
}

#[derive(Debug)]
struct CompiledRule {
    rule: Rule,
    /// The rule's own regex, for spans. Built-in rules compile it on first use: most
    /// never match a given archive, and the union below has already checked them.
    regex: OnceCell<Regex>,
    size_limit: usize,
    context: Option<ContextWords>,
    negative: Option<ContextWords>,
    /// The rule's `weak-values` patterns, in one regex.
    weak: Option<Regex>,
}

/// A candidate that survived validation, with its evidence.
#[derive(Debug, Clone)]
struct Candidate<'s> {
    start: usize,
    end: usize,
    rule: usize,
    confidence: f64,
    context: Option<&'s str>,
    negative: Option<&'s str>,
    /// The value matched one of the rule's `weak-values`.
    weak: bool,
    /// Glued by a hyphen, dot or slash to the text beside it: kept only when what it is
    /// glued to is a self-evident value (`+1 415 555 0132-4111 1111 1111 1111`), since
    /// otherwise it is most likely a piece of a longer identifier (`D510-0212-7270`).
    glued: bool,
    /// Whether the rule's validator carries its own proof (card, IBAN).
    self_evident: bool,
    /// Where the rule's whole match starts (before the value when the rule's regex
    /// includes its context, as in `order #(?P<value>…)`).
    match_start: usize,
}

impl Default for Scanner {
    /// The built-in rules, compiled on first use and shared by every clone.
    fn default() -> Scanner {
        DEFAULT.clone()
    }
}

/// Regex syntax for every rule: ASCII classes and word boundaries over bytes. Unicode
/// `\d`, `\w` and `\b` make the lazy DFA many times slower and buy nothing here, since
/// every value worth finding is written with ASCII digits and separators (non-ASCII
/// literals in a pattern still match as their UTF-8 bytes).
fn syntax_config() -> syntax::Config {
    syntax::Config::new()
        .unicode(false)
        .utf8(false)
        .nest_limit(64)
}

fn compile_rule(rule: &Rule, size_limit: usize) -> Result<Regex> {
    let config = meta::Config::new()
        .nfa_size_limit(Some(size_limit))
        .onepass_size_limit(Some(size_limit))
        .hybrid_cache_capacity(1 << 20);
    Regex::builder()
        .syntax(syntax_config())
        .configure(config)
        .build(&rule.regex)
        .map_err(|e| regex_error(rule, e, size_limit))
}

impl CompiledRule {
    fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            // Only built-in rules reach here uncompiled; every one of them is compiled by
            // the test suite (tests/rules.rs runs each rule's examples), so this cannot
            // fail in a released build.
            compile_rule(&self.rule, self.size_limit)
                .unwrap_or_else(|e| panic!("built-in rule does not compile: {e}"))
        })
    }

    /// The `value` capture group: the part of the match that is the sensitive value.
    fn value_group(&self) -> Option<usize> {
        self.regex().group_info().to_index(PatternID::ZERO, "value")
    }
}

fn regex_error(rule: &Rule, e: meta::BuildError, limit: usize) -> Error {
    if e.size_limit().is_some() {
        rule.error(ErrorKind::RegexTooLarge { limit })
    } else {
        let msg = match e.syntax_error() {
            Some(s) => s.to_string(),
            None => e.to_string(),
        };
        rule.error(ErrorKind::InvalidRegex(msg))
    }
}

impl Scanner {
    /// A scanner over exactly these rules (no built-in ones), with default settings.
    ///
    /// # Errors
    /// As [`ScannerBuilder::build`].
    pub fn new(rules: &RuleSet) -> Result<Scanner> {
        ScannerBuilder::new()
            .builtin_rules(false)
            .rules(rules.clone())
            .build()
    }

    /// A builder starting from the built-in rules.
    pub fn builder() -> ScannerBuilder {
        ScannerBuilder::new()
    }

    pub(crate) fn compile(
        set: RuleSet,
        allow: &[String],
        min_score: f64,
        regions: Vec<Region>,
        size_limit: usize,
        phrases: Option<Arc<PhraseSet>>,
    ) -> Result<Scanner> {
        let mut rules = Vec::with_capacity(set.len());
        // Compiled bytes of the user's rules so far: thousands of rules each under the
        // per-rule limit could still hold gigabytes, so they share one budget.
        let mut user_bytes = 0usize;
        for rule in set.iter() {
            let regex = OnceCell::new();
            // Built-in rules compile lazily with their own limit: a small user limit
            // must never make a built-in rule fail on its first use.
            let limit = if rule.builtin {
                DEFAULT_RULE_SIZE_LIMIT.max(size_limit)
            } else {
                size_limit
            };
            if !rule.builtin {
                // A user's rule is compiled now, so that its errors (syntax, size, a
                // regex matching the empty string) name it before any text is scanned.
                let compiled = compile_rule(rule, size_limit)?;
                if compiled.is_match(Input::new("")) {
                    return Err(rule.error(ErrorKind::InvalidRegex(
                        "the regex matches the empty string, so it would match everywhere".into(),
                    )));
                }
                user_bytes = user_bytes.saturating_add(compiled.memory_usage());
                if user_bytes > USER_RULES_TOTAL_LIMIT {
                    return Err(rule.error(ErrorKind::RegexTooLarge {
                        limit: USER_RULES_TOTAL_LIMIT,
                    }));
                }
                let _ = regex.set(compiled);
            }
            let weak = if rule.weak_values.is_empty() {
                None
            } else {
                let config = meta::Config::new()
                    .nfa_size_limit(Some(limit))
                    .which_captures(regex_automata::nfa::thompson::WhichCaptures::None);
                Some(
                    Regex::builder()
                        .syntax(syntax_config())
                        .configure(config)
                        .build_many(&rule.weak_values)
                        .map_err(|e| regex_error(rule, e, limit))?,
                )
            };
            rules.push(CompiledRule {
                context: ContextWords::new(rule, &rule.context)?,
                negative: ContextWords::new(rule, &rule.negative_context)?,
                rule: rule.clone(),
                regex,
                size_limit: limit,
                weak,
            });
        }
        let set = if rules.is_empty() {
            None
        } else {
            // Pattern i < rules.len() is rule i; the rest are the normalisation triggers,
            // so that deciding whether to look for disguised data costs no extra pass.
            let triggers = crate::normalize::trigger_patterns();
            let patterns: Vec<&str> = rules
                .iter()
                .map(|r| r.rule.regex.as_str())
                .chain(triggers.iter().map(String::as_str))
                .collect();
            // Only "which rules match" is asked of the union, so it keeps no capture
            // groups and reports all matches (MatchKind::All) rather than leftmost-first.
            let limit = DEFAULT_RULE_SIZE_LIMIT
                .max(size_limit)
                .saturating_mul(rules.len())
                .min(UNION_SIZE_LIMIT);
            let config = meta::Config::new()
                .match_kind(MatchKind::All)
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::None)
                .onepass(false)
                .backtrack(false)
                .nfa_size_limit(Some(limit))
                // The lazy DFA of ~60 rules plus triggers needs about 12 MiB of states on
                // tweet text; below that it keeps clearing its cache and falls back to a
                // slow engine (measured: 8 MiB gave 1-2 MB/s, 16-32 MiB over 200 MB/s). The
                // cache grows only as states are built, per thread.
                .hybrid_cache_capacity(32 << 20);
            let set = Regex::builder()
                .syntax(syntax_config())
                .configure(config)
                .build_many(&patterns)
                .map_err(|e| {
                    Error::new(ErrorKind::InvalidRegex(format!(
                        "the rules together do not compile: {e}"
                    )))
                })?;
            Some(set)
        };
        Ok(Scanner {
            inner: Arc::new(Inner {
                rules,
                set,
                allow: Allowlist::new(allow),
                min_score,
                regions,
                phrases,
            }),
        })
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
        self.candidates(text, None)
            .into_iter()
            .map(|c| self.finding(&c))
            .collect()
    }

    /// Whether `text` holds anything sensitive. Cheaper than [`scan`](Scanner::scan) on
    /// clean text, the common case: one pass that finds no candidate is the whole cost.
    pub fn is_match(&self, text: &str) -> bool {
        !self.candidates(text, None).is_empty()
    }

    /// Like [`scan`](Scanner::scan), with the evidence behind each finding: the base score,
    /// the validator passed and the context words that moved the confidence.
    pub fn explain(&self, text: &str) -> Vec<Explanation> {
        self.candidates(text, None)
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
                .candidates(text, Some(i))
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
        drop_entities(&self.inner.rules, text, &mut one);
        one.retain(|c| !c.glued);
        one.first().map(|c| self.finding(c))
    }

    /// Checks every rule's `examples` (each must give a finding of that rule) and
    /// `negative-examples` (none may). Returns every failure, each naming file and rule.
    pub fn check_examples(&self) -> Vec<Error> {
        let mut errors = Vec::new();
        for r in &self.inner.rules {
            let rule = &r.rule;
            for ex in &rule.examples {
                if self.scan_rule(&rule.id, ex).is_empty() {
                    errors.push(
                        rule.error(ErrorKind::Example(format!("example {ex:?} is not found"))),
                    );
                }
            }
            for ex in &rule.negative_examples {
                if let Some(f) = self.scan_rule(&rule.id, ex).first() {
                    errors.push(rule.error(ErrorKind::Example(format!(
                        "negative example {ex:?} is found: {:?}",
                        &ex[f.range()]
                    ))));
                }
            }
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

    /// Candidates that pass every check, overlap-resolved and sorted by start. With
    /// `only`, just that rule's candidates, unresolved.
    fn candidates(&self, text: &str, only: Option<usize>) -> Vec<Candidate<'_>> {
        let inner = &*self.inner;
        let Some(set) = &inner.set else {
            return Vec::new();
        };
        if text.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        match only {
            Some(i) => {
                self.rule_candidates(i, text, &mut out);
                drop_entities(&self.inner.rules, text, &mut out);
                out.retain(|c| !c.glued);
            }
            None => {
                let disguised = self.plain_candidates(set, text, &mut out);
                if disguised {
                    // Something may be disguised: scan the normalised view too, and map
                    // what it finds back onto the original bytes. Long texts are viewed
                    // piece by piece, so the view's memory stays bounded.
                    for (offset, piece) in pieces(text, NORMALIZE_PIECE) {
                        let view = crate::normalize::normalize(piece);
                        if !view.is_changed(piece) {
                            continue;
                        }
                        let mut extra = Vec::new();
                        self.plain_candidates(set, view.as_str(), &mut extra);
                        for mut c in extra {
                            let r = view.original_range(c.start..c.end);
                            if r.start < r.end {
                                c.start = offset + r.start;
                                c.end = offset + r.end;
                                c.match_start = c.start;
                                out.push(c);
                            }
                        }
                    }
                }
                drop_entities(&self.inner.rules, text, &mut out);
                keep_glued_beside_values(text, &mut out);
                if out.len() > 1 {
                    out = resolve_overlaps(out, |c, s, e| self.trimmed(text, c, s, e));
                }
            }
        }
        out
    }

    /// Candidates of every rule with a match in `text`, from one pass of the multi-pattern
    /// automaton; returns whether a normalisation trigger matched too.
    fn plain_candidates<'s>(
        &'s self,
        set: &Regex,
        text: &str,
        out: &mut Vec<Candidate<'s>>,
    ) -> bool {
        let mut which = PatternSet::new(set.pattern_len());
        set.which_overlapping_matches(&Input::new(text), &mut which);
        let n_rules = self.inner.rules.len();
        let mut disguised = false;
        for pid in which.iter() {
            if pid.as_usize() < n_rules {
                let r = &self.inner.rules[pid.as_usize()];
                // A rule that needs a context word cannot fire on a text without one
                // anywhere: one Aho-Corasick pass is cheaper than running its regex and
                // rejecting every candidate (gitleaks' keyword prefilter, in effect).
                if r.rule.require_context && r.context.as_ref().is_some_and(|c| !c.occurs_in(text))
                {
                    continue;
                }
                self.rule_candidates(pid.as_usize(), text, out);
            } else {
                disguised = true;
            }
        }
        disguised
    }

    fn rule_candidates<'s>(&'s self, i: usize, text: &str, out: &mut Vec<Candidate<'s>>) {
        let r = &self.inner.rules[i];
        let first = out.len();
        let re = r.regex();
        let group = r.value_group();
        let splittable = r.rule.validator.is_some_and(Validator::splittable);
        let bytes = text.as_bytes();
        let mut caps = re.create_captures();
        let mut at = 0;
        // A manual leftmost-first loop rather than `captures_iter`: when a match is
        // rejected but a value inside it (or starting inside it and running past it) is
        // found, the search resumes after that value, not after the rejected match.
        while at < bytes.len() {
            re.search_captures(&Input::new(bytes).range(at..), &mut caps);
            let Some(m) = caps.get_match() else {
                break;
            };
            let (vs, ve) = match group.and_then(|g| caps.get_group(g)) {
                Some(span) => (span.start, span.end),
                None => (m.start(), m.end()),
            };
            let mut next = m.end().max(m.start() + 1);
            match self.consider(r, i, text, m.start(), vs, ve) {
                // A value glued to what follows (`373 548 242 12/27`) is kept only beside
                // a self-evident value; the value inside it, cut at its last separator,
                // is tried as well.
                Some(c) if c.glued => {
                    out.push(c);
                    let furthest = self.split(r, i, text, m.start(), vs, ve, group.is_none(), out);
                    next = next.max(furthest);
                }
                Some(c) => out.push(c),
                None if splittable => {
                    let furthest = self.split(r, i, text, m.start(), vs, ve, group.is_none(), out);
                    next = next.max(furthest);
                }
                None => {}
            }
            at = next;
        }
        let allow = &self.inner.allow;
        if !allow.is_empty() && out.len() > first {
            let occurrences = allow.occurrences(text);
            let mut k = first;
            while k < out.len() {
                if allow.allows(&occurrences, text, out[k].start, out[k].end) {
                    out.swap_remove(k);
                } else {
                    k += 1;
                }
            }
        }
    }

    /// Judges `text[start..end]` (widened to whole characters) as a value of rule `i`.
    fn consider<'s>(
        &'s self,
        r: &'s CompiledRule,
        i: usize,
        text: &str,
        match_start: usize,
        start: usize,
        end: usize,
    ) -> Option<Candidate<'s>> {
        // ASCII-mode classes may stop inside a multi-byte character; widen to whole
        // characters so that every span is safe to slice.
        let start = floor_boundary(text, start);
        let end = ceil_boundary(text, end);
        if start >= end {
            return None;
        }
        let mut c = self.judge(r, i, text, start, end, false)?;
        c.match_start = floor_boundary(text, match_start.min(start));
        // Glue inside the rule's own match is part of what the rule describes (`…8903/0328/402`
        // for a CVV after a card and its expiry): only glue after the value counts.
        if c.glued && c.match_start < start {
            c.glued = glued_after(text, start, end);
        }
        Some(c)
    }

    /// Tries the values inside a rejected match: the regex's leftmost-longest run of
    /// digits and separators often swallows a neighbour (`4111 1111 1111 1111 12/27`,
    /// `2024 4111 …`, `+44 7700 900123 2024`), and the validator then rejects the whole.
    ///
    /// Every sub-span between token boundaries is a candidate, longest first; for rules
    /// whose regex has no context prefix, the regex is also run again, anchored at each
    /// token start, so a value that starts inside the match and ends after it is found
    /// too. No accepted value holds another; the number of starts and of spans judged is
    /// bounded, so the cost stays linear in the text whatever it holds. Returns the
    /// furthest end of an accepted value (0 when none).
    #[allow(clippy::too_many_arguments)]
    fn split<'s>(
        &'s self,
        r: &'s CompiledRule,
        i: usize,
        text: &str,
        match_start: usize,
        vs: usize,
        ve: usize,
        rerun: bool,
        out: &mut Vec<Candidate<'s>>,
    ) -> usize {
        let b = text.as_bytes();
        let starts: Vec<usize> = (vs..ve)
            .filter(|&j| is_token_start(b, j, vs))
            .take(MAX_SPLIT_STARTS)
            .collect();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for &p in &starts {
            // How far a value starting at `p` may reach: to the end of the match, or for a
            // rule without a context prefix, to the end of the rule's own match from `p`.
            let mut limit = ve;
            if rerun && p > vs {
                let input = Input::new(b).range(p..).anchored(Anchored::Yes);
                if let Some(m) = r.regex().search(&input) {
                    limit = limit.max(m.end());
                }
            }
            let limit = limit.min(p + MAX_SPLIT_REACH);
            spans.extend(
                (p + 1..=limit)
                    .filter(|&e| is_token_end(b, e, limit))
                    .map(|e| (p, e)),
            );
        }
        // Longest first, then leftmost: the whole value before any piece of it.
        spans.sort_by_key(|&(s, e)| (std::cmp::Reverse(e - s), s));
        spans.dedup();
        let mut accepted: Vec<(usize, usize)> = Vec::new();
        let mut furthest = 0;
        for (s, e) in spans.into_iter().take(MAX_SPLIT_TRIES) {
            // A piece of a value already accepted is no other value; a span that only
            // overlaps one is tried too (`0958 020 7946` and `020 7946 0958` in one run of
            // digits: overlap resolution against the other rules picks between them).
            if (s, e) == (vs, ve) || accepted.iter().any(|&(a, z)| a <= s && e <= z) {
                continue;
            }
            if rerun && !regex_matches_exactly(r.regex(), b, s, e) {
                continue;
            }
            if let Some(c) = self.consider(r, i, text, match_start.min(s), s, e) {
                accepted.push((c.start, c.end));
                furthest = furthest.max(c.end);
                out.push(c);
            }
        }
        furthest
    }

    /// What is left of candidate `c` once `[s, e)`, a better value glued to it, is taken
    /// out: `hunter22-5555 5555 5555 4444` holds a password and a card, and losing the
    /// password to the card would leave it public. The rest is trimmed of separators and
    /// judged again as a value of `c`'s rule.
    fn trimmed<'s>(
        &'s self,
        text: &str,
        c: &Candidate<'s>,
        s: usize,
        e: usize,
    ) -> Option<Candidate<'s>> {
        let (from, to) = if s > c.start {
            (c.start, s)
        } else {
            (e, c.end)
        };
        let b = text.as_bytes();
        let mut from = from.max(c.start);
        let mut to = to.min(c.end);
        while from < to && !b[from].is_ascii_alphanumeric() && b[from] < 0x80 {
            from += 1;
        }
        while to > from && !b[to - 1].is_ascii_alphanumeric() && b[to - 1] < 0x80 {
            to -= 1;
        }
        // Two characters are no value of any kind.
        if to.saturating_sub(from) < 3 {
            return None;
        }
        let r = &self.inner.rules[c.rule];
        // What it was glued to is a value of its own, so the glue is no reason to refuse it.
        let mut t = self.judge(r, c.rule, text, from, to, true)?;
        t.match_start = c.match_start;
        Some(t)
    }

    /// Validates and scores one candidate span.
    fn judge<'s>(
        &'s self,
        r: &'s CompiledRule,
        i: usize,
        text: &str,
        start: usize,
        end: usize,
        glued: bool,
    ) -> Option<Candidate<'s>> {
        let inner = &*self.inner;
        let rule = &r.rule;
        // Cheapest checks first: a phone validation costs microseconds, a context lookup
        // a fraction of that.
        // A value that carries its own proof (a card's Luhn digit and issuer range, an
        // IBAN's mod-97) is a value whatever it is glued to (`cc#4111…/0328`,
        // `hunter22-5555 …`); a bare run of digits glued to letters is only part of a
        // longer identifier.
        let self_evident = glued || rule.validator.is_some_and(Validator::self_evident);
        // Self-evident values skip the token heuristics; `drop_entities` still removes
        // any that really sit inside a mention, hashtag or URL.
        if rule.category != Category::Email && !self_evident && inside_entity(text, start) {
            return None;
        }
        let piece_of_token = rule.category != Category::Email
            && !self_evident
            && part_of_longer_token(text, start, end);
        let context = r
            .context
            .as_ref()
            .and_then(|c| c.find(text, start, end, rule.window));
        if rule.require_context && context.is_none() {
            return None;
        }
        if let Some(v) = rule.validator {
            if !v.check(&text[start..end], &inner.regions) {
                return None;
            }
        }

        let negative = r
            .negative
            .as_ref()
            .and_then(|c| c.find(text, start, end, rule.window));
        let mut score = rule.score;
        if context.is_some() {
            score += rule.context_boost;
        }
        let weak = r
            .weak
            .as_ref()
            .is_some_and(|w| w.is_match(Input::new(&text[start..end])));
        if negative.is_some() || weak {
            score -= rule.negative_penalty;
        }
        let confidence = (score.clamp(0.0, 1.0) * 100.0).round() / 100.0;
        if confidence < inner.min_score {
            return None;
        }
        Some(Candidate {
            start,
            end,
            rule: i,
            confidence,
            context,
            negative,
            weak,
            match_start: start,
            glued: piece_of_token,
            self_evident: rule.validator.is_some_and(Validator::self_evident),
        })
    }
}

/// Drops candidates that overlap a mention, hashtag, cashtag or URL (twitter-text's
/// extraction): `@user4155550132` holds no phone, `@PixelPlay` after "my password" is no
/// password. Email candidates are kept: an address is never itself one of these entities.
/// A hashtag only silences a match that starts at or inside it: in `order #A7734-221` the
/// rule's match starts at "order", and twitter-text's hashtag is really an order number.
fn drop_entities(rules: &[CompiledRule], text: &str, out: &mut Vec<Candidate<'_>>) {
    if out.is_empty()
        || !text
            .bytes()
            .any(|b| matches!(b, b'@' | b'#' | b'$' | b'.' | b'/'))
    {
        return;
    }
    let entities = crate::tweet::entities(text);
    if entities.is_empty() {
        return;
    }
    out.retain(|c| {
        rules[c.rule].rule.category == Category::Email
            || !entities.iter().any(|e| {
                e.start < c.end
                    && c.start < e.end
                    && (e.kind != crate::tweet::EntityKind::Hashtag || c.match_start >= e.start)
            })
    });
}

/// Drops glued candidates (see [`Candidate::glued`]) unless the glue joins them to a
/// self-evident value: `0132-4111 1111 1111 1111` is a phone and a card written together.
fn keep_glued_beside_values(text: &str, out: &mut Vec<Candidate<'_>>) {
    if !out.iter().any(|c| c.glued) {
        return;
    }
    let b = text.as_bytes();
    let glue = |i: usize| matches!(b.get(i), Some(b'-' | b'.' | b'/'));
    let evident: Vec<(usize, usize)> = out
        .iter()
        .filter(|c| c.self_evident)
        .map(|c| (c.start, c.end))
        .collect();
    out.retain(|c| {
        !c.glued
            || evident.iter().any(|&(s, e)| {
                (glue(c.end) && s == c.end + 1)
                    || (c.start >= 1 && glue(c.start - 1) && e + 1 == c.start)
            })
    });
}

/// Longest piece of text normalised at once. Far above a tweet or a DM (10,000
/// characters); the normalised view costs about 16 bytes of map per byte of text.
const NORMALIZE_PIECE: usize = 64 * 1024;

/// `text` cut into pieces of at most about `max` bytes, at whitespace where possible
/// (never inside a character), each with its byte offset.
fn pieces(text: &str, max: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let start = at;
        let mut end = floor_boundary(text, start.saturating_add(max));
        if end < text.len() {
            // Prefer to cut at the last whitespace of the piece's final kilobyte.
            let tail_from = floor_boundary(text, end.saturating_sub(1024).max(start));
            if let Some(i) = text[tail_from..end].rfind(char::is_whitespace) {
                end = tail_from + i + 1;
            }
            if end <= start {
                end = ceil_boundary(text, start + 1);
            }
        }
        at = end;
        Some((start, &text[start..end]))
    })
}

/// How far back [`inside_entity`] looks for the start of the token holding a candidate.
const MAX_TOKEN_LOOKBACK: usize = 512;

/// Most token starts inside one rejected match from which values are tried.
const MAX_SPLIT_STARTS: usize = 12;

/// Longest value tried from one token start, in bytes: above any card, IBAN or phone
/// number with its separators.
const MAX_SPLIT_REACH: usize = 64;

/// Most sub-spans of one rejected match that are judged (validators cost nanoseconds to a
/// microsecond each, so this bounds the work per match).
const MAX_SPLIT_TRIES: usize = 64;

/// Whether a value may start at byte `j`: the match's own start, or an alphanumeric byte,
/// `+` or `(` after a byte that is neither a letter nor a digit.
fn is_token_start(b: &[u8], j: usize, first: usize) -> bool {
    if j == first {
        return true;
    }
    let opens = b[j].is_ascii_alphanumeric() || matches!(b[j], b'+' | b'(');
    opens && !b[j - 1].is_ascii_alphanumeric() && !matches!(b[j - 1], b'+' | b'(')
}

/// Whether a value may end at byte `e`: the limit itself, or after a letter, digit or `)`
/// that is followed by a byte that is neither a letter nor a digit.
fn is_token_end(b: &[u8], e: usize, limit: usize) -> bool {
    let closes = b[e - 1].is_ascii_alphanumeric() || b[e - 1] == b')';
    closes && (e == limit || e == b.len() || !b[e].is_ascii_alphanumeric())
}

/// Whether `re`, anchored at `s`, has a match ending exactly at `e` (look-around still sees
/// the bytes beyond the span, so `\b` keeps its meaning).
fn regex_matches_exactly(re: &Regex, b: &[u8], s: usize, e: usize) -> bool {
    let input = Input::new(b).range(s..e).anchored(Anchored::Yes);
    re.search(&input).is_some_and(|m| m.end() == e)
}

/// Whether `text[start..end]` is only a piece of a longer identifier: glued by a hyphen,
/// dot or slash to letters or digits before it (`D510-0212-7270` holds no phone
/// `0212-7270`), or by a hyphen or slash after it. A dot after it ends a sentence.
fn part_of_longer_token(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    // `+44 20 …` read from its `44`: the number with its `+` is another candidate.
    let after_plus = start >= 1 && b[start - 1] == b'+' && b[start].is_ascii_digit();
    let before = after_plus
        || start >= 2
            && matches!(b[start - 1], b'-' | b'.' | b'/')
            && b[start - 2].is_ascii_alphanumeric()
            && b[start].is_ascii_alphanumeric();
    before || glued_after(text, start, end)
}

/// Whether `text[start..end]` is glued by a hyphen or slash to letters or digits after it.
fn glued_after(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    end > start
        && end + 1 < b.len()
        && matches!(b[end], b'-' | b'/')
        && b[end + 1].is_ascii_alphanumeric()
        && b[end - 1].is_ascii_alphanumeric()
}

/// Whether the byte at `start` sits inside a mention, hashtag, cashtag or URL: a handle
/// with digits (`@acme247`), `#Order66` or a status URL is never a phone or card.
///
/// Looks at the whitespace-delimited token holding `start`, up to `start`.
fn inside_entity(text: &str, start: usize) -> bool {
    // Look back a bounded distance: a token longer than this is no mention, and an
    // unbounded look-back would make a text without spaces quadratic to scan.
    let from = floor_boundary(text, start.saturating_sub(MAX_TOKEN_LOOKBACK));
    let before = &text[from..start];
    let token_start = before
        .rfind(|c: char| c.is_whitespace())
        .map(|i| from + i + before[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(from);
    let token = &text[token_start..start];
    if token.is_empty() {
        return false;
    }
    let first = token.as_bytes()[0];
    // A mention always; a hashtag or cashtag only with a letter in it: `#220254270` and
    // `$49.99` are a number and a price, `#Order66` and `$AAPL` are entities.
    let has_letter = token.as_bytes()[1..].iter().any(u8::is_ascii_alphabetic) || !token.is_ascii();
    let entity = match first {
        b'@' => true,
        b'#' | b'$' => has_letter,
        _ => false,
    };
    if entity && !token.contains(['(', ')', ':']) {
        return true;
    }
    let lower = token.to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("www.")
        || (lower.contains('/') && lower.contains('.'))
}

/// Keeps the best of overlapping candidates (confidence, then length, then rule order,
/// then position) and returns the kept ones sorted by start. A candidate that overlaps a
/// kept one at its edge is not simply dropped: `trim` may give what is left of it, which is
/// kept if it clashes with nothing (so two values glued together are both found).
fn resolve_overlaps<'s>(
    mut cands: Vec<Candidate<'s>>,
    trim: impl Fn(&Candidate<'s>, usize, usize) -> Option<Candidate<'s>>,
) -> Vec<Candidate<'s>> {
    if cands.len() <= 1 {
        return cands;
    }
    cands.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.rule.cmp(&b.rule))
            .then(a.start.cmp(&b.start))
    });
    // Kept spans, disjoint, keyed by start: a new span overlaps a kept one iff the kept
    // span starting last before the new end reaches past the new start.
    let mut kept: BTreeMap<usize, usize> = BTreeMap::new();
    let clash = |kept: &BTreeMap<usize, usize>, s: usize, e: usize| {
        kept.range(..e)
            .next_back()
            .filter(|(_, &end)| end > s)
            .map(|(&ks, &ke)| (ks, ke))
    };
    let mut out = Vec::with_capacity(cands.len());
    for c in cands {
        match clash(&kept, c.start, c.end) {
            None => {
                kept.insert(c.start, c.end);
                out.push(c);
            }
            // A candidate inside a kept value is another reading of the same characters;
            // one that reaches past it keeps its own part (the left one first).
            Some((ks, ke)) if ks > c.start || ke < c.end => {
                if let Some(t) = trim(&c, ks, ke) {
                    if clash(&kept, t.start, t.end).is_none() {
                        kept.insert(t.start, t.end);
                        out.push(t);
                    }
                }
            }
            Some(_) => {}
        }
    }
    out.sort_by_key(|c| (c.start, c.end));
    out
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
        check::<Error>();
    }

    #[test]
    fn entity_tokens() {
        assert!(inside_entity("hi @acme4155550132", 8));
        assert!(inside_entity("see https://x.com/s/1587234567890", 20));
        assert!(inside_entity("#Order66", 6));
        assert!(!inside_entity("call 4155550132", 5));
        assert!(
            !inside_entity("routing #220254270", 9),
            "digits only: not a hashtag"
        );
        assert!(!inside_entity("tel:(415) 555-0132", 5));
    }

    #[test]
    fn pieces_cover_the_text_at_char_boundaries() {
        let text = "é abc ".repeat(50_000);
        let mut next = 0;
        for (offset, piece) in pieces(&text, 1000) {
            assert_eq!(offset, next);
            assert!(!piece.is_empty() && piece.len() <= 1000);
            next = offset + piece.len();
        }
        assert_eq!(next, text.len());
        assert_eq!(pieces("", 10).count(), 0);
        let long_word = "x".repeat(2500);
        assert_eq!(pieces(&long_word, 1000).count(), 3);
    }

    #[test]
    fn overlap_resolution_is_deterministic() {
        let c = |start, end, rule, confidence| Candidate {
            start,
            end,
            rule,
            confidence,
            context: None,
            negative: None,
            weak: false,
            match_start: start,
            glued: false,
            self_evident: false,
        };
        let kept = resolve_overlaps(
            vec![c(0, 10, 1, 0.8), c(5, 20, 0, 0.9), c(20, 25, 2, 0.6)],
            |_, _, _| None,
        );
        let spans: Vec<_> = kept.iter().map(|c| (c.start, c.end)).collect();
        assert_eq!(spans, [(5, 20), (20, 25)]);
        let kept = resolve_overlaps(vec![c(0, 10, 1, 0.8), c(0, 10, 0, 0.8)], |_, _, _| None);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].rule, 0, "ties go to the earlier rule");
    }

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
