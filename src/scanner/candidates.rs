//! Candidate values: found by the rules' regexes, judged by their validators and context.

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};

use super::candidate::Candidate;
use super::resolve::{
    drop_entities, glued_after, inside_entity, keep_glued_beside_values, part_of_longer_token,
    resolve_overlaps,
};
use super::{CompiledRule, Scanner};
use crate::patterns::Union;
use crate::text::{ceil_boundary, floor_boundary};
use crate::tweet::Entity;
use crate::validate::Validator;
use crate::Category;

impl Scanner {
    /// Candidates that pass every check, overlap-resolved and sorted by start. With
    /// `only`, just that rule's candidates, unresolved.
    pub(super) fn candidates(
        &self,
        text: &str,
        only: Option<usize>,
        entities: Option<&[Entity]>,
    ) -> Vec<Candidate<'_>> {
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
                drop_entities(&self.inner.rules, text, entities, &mut out);
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
                drop_entities(&self.inner.rules, text, entities, &mut out);
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
        set: &Union,
        text: &str,
        out: &mut Vec<Candidate<'s>>,
    ) -> bool {
        let which = set.which(text);
        let n_rules = self.inner.rules.len();
        let mut disguised = false;
        for pid in which {
            if pid < n_rules {
                let r = &self.inner.rules[pid];
                // A rule that needs a context word cannot fire on a text without one
                // anywhere: one Aho-Corasick pass is cheaper than running its regex and
                // rejecting every candidate (gitleaks' keyword prefilter, in effect).
                if r.rule.require_context && r.context.as_ref().is_some_and(|c| !c.occurs_in(text))
                {
                    continue;
                }
                self.rule_candidates(pid, text, out);
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
                // A value glued to what follows may yet be dropped (it is kept only beside
                // a self-evident value), so it hides none of its pieces: in
                // `rewards number 6746 6528 3913 212-555-0199` the glued `… 3913 212` must
                // not hide `6746 6528 3913`.
                if !c.glued {
                    accepted.push((c.start, c.end));
                }
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
    pub(super) fn judge<'s>(
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
pub(super) fn regex_matches_exactly(re: &Regex, b: &[u8], s: usize, e: usize) -> bool {
    let input = Input::new(b).range(s..e).anchored(Anchored::Yes);
    re.search(&input).is_some_and(|m| m.end() == e)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
