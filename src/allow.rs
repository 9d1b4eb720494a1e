//! The allow-list: a brand's own public contact points never count as sensitive.
//!
//! Entries are handles, email addresses, URLs and phone numbers. A finding is dropped when
//! it lies inside an occurrence of an entry in the text (ASCII-case-insensitive), or, for
//! numbers, when its digits equal an entry's digits up to a country or trunk prefix
//! (`+1 800 555 0199` allows `(800) 555-0199`). An entry `*@domain` allows every email
//! address at that domain and its subdomains.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Compiled allow-list entries.
#[derive(Debug, Clone, Default)]
pub(crate) struct Allowlist {
    ac: Option<AhoCorasick>,
    digit_entries: Vec<String>,
    /// Lowercase domains from `*@domain` entries.
    domains: Vec<String>,
}

/// Fewest digits for a number entry to be compared by digits (shorter ones would allow
/// too much by suffix).
const MIN_DIGITS: usize = 7;

impl Allowlist {
    pub(crate) fn new(entries: &[String]) -> Allowlist {
        let mut domains = Vec::new();
        let entries: Vec<&str> = entries
            .iter()
            .map(|e| e.trim())
            .filter(|e| match e.strip_prefix("*@") {
                Some(d) => {
                    if !d.is_empty() {
                        domains.push(d.to_ascii_lowercase());
                    }
                    false
                }
                None => !e.is_empty(),
            })
            .collect();
        if entries.is_empty() {
            return Allowlist {
                domains,
                ..Allowlist::default()
            };
        }
        let digit_entries = entries
            .iter()
            .filter(|e| {
                e.bytes()
                    .all(|b| b.is_ascii_digit() || b" +-().".contains(&b))
            })
            .map(|e| digits(e))
            .filter(|d| d.len() >= MIN_DIGITS)
            .collect();
        // Building from plain strings cannot fail under the default size limits; if it
        // ever did, the text-occurrence half of the list is off and the digit half remains.
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&entries)
            .ok();
        Allowlist {
            ac,
            digit_entries,
            domains,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ac.is_none() && self.digit_entries.is_empty() && self.domains.is_empty()
    }

    /// The spans of allowed entries in `text`, computed once per scan.
    pub(crate) fn occurrences(&self, text: &str) -> Vec<(usize, usize)> {
        match &self.ac {
            Some(ac) => ac
                .find_overlapping_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect(),
            None => Vec::new(),
        }
    }

    /// Whether the finding `text[start..end]` is one of the allowed contact points, given
    /// the entries' `occurrences` in `text`.
    pub(crate) fn allows(
        &self,
        occurrences: &[(usize, usize)],
        text: &str,
        start: usize,
        end: usize,
    ) -> bool {
        if occurrences.iter().any(|&(s, e)| s <= start && end <= e) {
            return true;
        }
        if let Some((_, host)) = text[start..end].rsplit_once('@') {
            let host = host.trim_end_matches('.');
            let at_domain = |d: &String| {
                host.eq_ignore_ascii_case(d)
                    || (host.len() > d.len()
                        && host.as_bytes()[host.len() - d.len() - 1] == b'.'
                        && host[host.len() - d.len()..].eq_ignore_ascii_case(d))
            };
            if self.domains.iter().any(at_domain) {
                return true;
            }
        }
        if !self.digit_entries.is_empty() {
            let d = digits(&text[start..end]);
            if d.len() >= MIN_DIGITS {
                return self
                    .digit_entries
                    .iter()
                    .any(|e| e.ends_with(d.as_str()) || d.ends_with(e.as_str()));
            }
        }
        false
    }
}

fn digits(s: &str) -> String {
    crate::text::ascii_digits(s.as_bytes())
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_and_digits() {
        let a = Allowlist::new(&["Support@Acme.example".into(), "+1 800 555 0199".into()]);
        let t = "write to support@acme.example or call (800) 555-0199";
        let occ = a.occurrences(t);
        assert!(a.allows(&occ, t, 9, 29));
        assert!(a.allows(&occ, t, 38, t.len()));
        let t = "write to jane@acme.example";
        assert!(!a.allows(&a.occurrences(t), t, 9, t.len()));
        assert!(Allowlist::new(&[" ".into()]).is_empty());
        let a = Allowlist::new(&["*@Acme.example".into()]);
        for (t, allowed) in [
            ("maria@acme.example", true),
            ("jo@mail.ACME.example", true),
            ("jo@notacme.example", false),
            ("jo@acme.example.org", false),
        ] {
            assert_eq!(a.allows(&a.occurrences(t), t, 0, t.len()), allowed, "{t}");
        }
    }
}
