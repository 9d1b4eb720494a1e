//! Whose data is it? The brand's own contact points (role mailboxes, business lines, its
//! places, what a brand-contact phrase introduces) are nobody's private data; and the
//! sentences a verdict weighs phrases in.

use crate::phrases::{PhraseMatch, PhraseSet, Role};
use crate::{Category, Direction, Finding};

/// How far before a finding a brand-contact phrase may end and still introduce it.
const BRAND_CONTACT_REACH: usize = 48;

/// How far before an address a brand-place phrase ("our store at") may end and still
/// introduce it: room for a short name ("our store in Austin, at …").
const BRAND_PLACE_REACH: usize = 24;

/// The index of the sentence holding byte `at` (sentences end at `.`, `!`, `?` or a line
/// break followed by space or the end; "example.com" and "4.5" do not end one).
pub(super) fn sentence_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    for i in 0..b.len() {
        let end = matches!(b[i], b'!' | b'?' | b'\n')
            || (b[i] == b'.' && b.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()));
        if end && i + 1 < b.len() {
            starts.push(i + 1);
        }
    }
    starts
}

pub(super) fn sentence_of(starts: &[usize], at: usize) -> usize {
    starts.partition_point(|&s| s <= at).saturating_sub(1)
}

/// Whether a finding is one of the brand's own contact points rather than the writer's or
/// the customer's data:
/// - an email address whose local part names a team or function (`refunds@`, `press@`), in
///   either direction: a published mailbox;
/// - a business line (toll-free or non-geographic), in either direction: brands publish
///   these, customers quote them ("I called 1-800-…");
/// - a postal address right after a brand-place phrase ("our store at", or a customer's
///   "your branch at"), in the same sentence;
/// - in an outgoing text, an email, phone number or address that a brand-contact phrase
///   ("call us on", "our billing line is") introduces.
pub(super) fn brand_own(
    phrases: &PhraseSet,
    matches: &[PhraseMatch],
    starts: &[usize],
    text: &str,
    f: &Finding,
    direction: Direction,
) -> bool {
    let role = |m: &PhraseMatch| phrases.get(m.phrase).map(|p| p.role());
    match f.category {
        Category::Email => {
            let mailbox = matches.iter().any(|m| {
                role(m) == Some(Role::RoleMailbox)
                    && m.start <= f.start
                    && f.start < m.end
                    && m.end <= f.end
            });
            if mailbox {
                return true;
            }
        }
        Category::Phone => {
            if business_line(&text[f.range()]) {
                return true;
            }
        }
        Category::Address => {
            let sentence = sentence_of(starts, f.start);
            let placed = matches.iter().any(|m| {
                role(m) == Some(Role::BrandPlace)
                    && m.end <= f.start + 1
                    && f.start <= m.end + BRAND_PLACE_REACH
                    && sentence_of(starts, m.start) == sentence
            });
            if placed {
                return true;
            }
        }
        _ => return false,
    }
    direction == Direction::Outgoing
        && matches.iter().any(|m| {
            role(m) == Some(Role::BrandContact)
                && m.end <= f.start + 1
                && f.start <= m.end + BRAND_CONTACT_REACH
        })
}

/// Whether a phone number is a business line: a toll-free number (North American 8XX:
/// 800, 833, 844, 855, 866, 877, 888; free-phone 0800/0808 in the UK, DE, FR, NL and BR;
/// 900 in Spain; 800 in Italy; 1800 in Australia and India) or a UK non-geographic 03 or
/// 0843/0844/0845/0870/0871 number. Businesses publish these; customers do not own them.
fn business_line(value: &str) -> bool {
    let d: String = value.chars().filter(char::is_ascii_digit).collect();
    let plus = value.trim_start().starts_with('+');
    let national = d
        .strip_prefix('1')
        .filter(|n| n.len() == 10)
        .or_else(|| plus.then(|| &d[d.len().min(2)..]))
        .unwrap_or(&d);
    let nanp = national.len() == 10
        && ["800", "833", "844", "855", "866", "877", "888"]
            .iter()
            .any(|p| national.starts_with(p));
    // A UK number written +44 3… is 03… nationally.
    let uk = match d.strip_prefix("44") {
        Some(n) if plus => format!("0{n}"),
        _ => d.clone(),
    };
    let uk_business = uk.len() == 11
        && ["03", "0843", "0844", "0845", "0870", "0871"]
            .iter()
            .any(|p| uk.starts_with(p));
    nanp || uk_business
        || ["0800", "0808", "900", "800", "1800", "1300"]
            .iter()
            .any(|p| d.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_lines() {
        assert!(business_line("1-800-555-0199"));
        assert!(business_line("(888) 555-0142"));
        assert!(business_line("0800 555 0139"));
        assert!(business_line("900 555 014"));
        assert!(business_line("0345 014 7794"));
        assert!(business_line("+44 333 000 8884"));
        assert!(!business_line("(415) 555-0132"));
        assert!(!business_line("+44 20 7946 0958"));
        assert!(!business_line("07700 900123"));
        assert!(!business_line("+1 303 555 0100"));
    }

    #[test]
    fn sentences() {
        let t = "Hi. Mail jo@example.com now! Ok? yes\nno";
        let s = sentence_starts(t);
        assert_eq!(sentence_of(&s, 0), 0);
        assert_eq!(sentence_of(&s, t.find("example").unwrap()), 1);
        assert_eq!(sentence_of(&s, t.find("yes").unwrap()), 3);
        assert_eq!(sentence_of(&s, t.len() - 1), 4);
    }
}
