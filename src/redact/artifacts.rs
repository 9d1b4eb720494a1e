//! Recognising redaction output in a text, so that it is never redacted again: placeholders,
//! pseudonym tokens, partial emails and mask runs.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use unicode_segmentation::UnicodeSegmentation;

use super::policy::{default_placeholder, RedactionPolicy};
use super::pseudonym;
use super::render::{ceil_grapheme, floor_grapheme, merged};
use super::style::{is_digit, is_separator};
use crate::Category;

/// What a redactor's output looks like, compiled once per redactor.
pub(super) struct Artifacts {
    /// Every placeholder text the policy can write.
    placeholders: Option<AhoCorasick>,
    /// The policy's mask character.
    mask: char,
    /// The most digits a mask run may hold and still be redaction output.
    max_kept_digits: usize,
}

impl Artifacts {
    pub(super) fn new(policy: &RedactionPolicy) -> Artifacts {
        let mut texts: Vec<String> = Category::ALL
            .iter()
            .map(|&c| default_placeholder(c))
            .collect();
        texts.extend(policy.placeholder_texts().map(str::to_string));
        texts.sort();
        texts.dedup();
        // Building fails only past automaton size limits that a policy's few short texts
        // cannot reach; without it, placeholders are simply not recognised.
        let placeholders = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&texts)
            .ok();
        Artifacts {
            placeholders,
            mask: policy.mask_char(),
            max_kept_digits: policy.max_kept_digits(),
        }
    }

    /// grapheme boundaries.
    pub(super) fn find(&self, text: &str) -> Vec<Range<usize>> {
        let inner = self;
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
            if let Some(len) = pseudonym::token_len(&bytes[i..]) {
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
        if text.contains(inner.mask) {
            mask_runs(text, inner.mask, inner.max_kept_digits, &mut out);
        }
        for r in &mut out {
            *r = floor_grapheme(text, r.start)..ceil_grapheme(text, r.end);
        }
        merged(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_output_is_recognised() {
        let policy =
            RedactionPolicy::from_toml("default = { style = 'mask', keep-last = 4 }").unwrap();
        let a = Artifacts::new(&policy);
        let regions = |t: &str| {
            a.find(t)
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
}
