//! What is left after candidates are judged: entities, glue and overlaps.

use std::collections::BTreeMap;

use super::candidate::Candidate;
use super::CompiledRule;
use crate::text::floor_boundary;
use crate::tweet::Entity;
use crate::Category;

/// Drops candidates that overlap a mention, hashtag, cashtag or URL (twitter-text's
/// extraction): `@user4155550132` holds no phone, `@PixelPlay` after "my password" is no
/// password. Email candidates are kept: an address is never itself one of these entities.
/// A hashtag only silences a match that starts at or inside it: in `order #A7734-221` the
/// rule's match starts at "order", and twitter-text's hashtag is really an order number.
///
/// `known` are the text's entities when the caller has extracted them already (a verdict
/// needs them too): one extraction per text.
pub(super) fn drop_entities(
    rules: &[CompiledRule],
    text: &str,
    known: Option<&[Entity]>,
    out: &mut Vec<Candidate<'_>>,
) {
    if out.is_empty()
        || !text
            .bytes()
            .any(|b| matches!(b, b'@' | b'#' | b'$' | b'.' | b'/'))
    {
        return;
    }
    let extracted;
    let entities = match known {
        Some(e) => e,
        None => {
            extracted = crate::tweet::entities(text);
            &extracted[..]
        }
    };
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
pub(super) fn keep_glued_beside_values(text: &str, out: &mut Vec<Candidate<'_>>) {
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

/// How far back [`inside_entity`] looks for the start of the token holding a candidate.
const MAX_TOKEN_LOOKBACK: usize = 512;

/// Whether `text[start..end]` is only a piece of a longer identifier: glued by a hyphen,
/// dot or slash to letters or digits before it (`D510-0212-7270` holds no phone
/// `0212-7270`), or by a hyphen or slash after it. A dot after it ends a sentence.
pub(super) fn part_of_longer_token(text: &str, start: usize, end: usize) -> bool {
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
pub(super) fn glued_after(text: &str, start: usize, end: usize) -> bool {
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
pub(super) fn inside_entity(text: &str, start: usize) -> bool {
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
pub(super) fn resolve_overlaps<'s>(
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
}
