//! Spelled and bracketed emails: `jane dot doe at example dot com`.

use std::ops::Range;

use once_cell::sync::Lazy;
use regex_automata::meta::Regex;
use regex_automata::Input;

use super::Normalized;
use crate::patterns::compile_fixed as build;

const AT: &str = r"(?:\s*[(\[{<]\s*(?:at|@)\s*[)\]}>]\s*|\s+at\s+|\s*@\s*)";
const DOT: &str = r"(?:\s*[(\[{<]\s*(?:dot|\.)\s*[)\]}>]\s*|\s+dot\s+|\s+\.\s+|\.)";

/// A disguised email: words joined by spelled or bracketed "at" and "dot".
pub(super) static EMAIL: Lazy<Regex> = Lazy::new(|| {
    build(&format!(
        r"(?i)\b[a-z0-9_%+'-]+(?:{DOT}[a-z0-9_%+'-]+)*{AT}[a-z0-9-]+(?:{DOT}[a-z0-9-]+)+\b"
    ))
});

/// The "at" and "dot" tokens inside a disguised email.
pub(super) static EMAIL_TOKEN: Lazy<Regex> = Lazy::new(|| {
    build(r"(?i)\s*[(\[{<]\s*(?:at|dot|@|\.)\s*[)\]}>]\s*|\s+(?:at|dot)\s+|\s*@\s*|\s+\.\s+|\.")
});

/// Top-level domains accepted after a plain spelled " at ": the common generic ones and
/// the country codes of the markets covered. ("details at example dot org slash faq" is
/// still prose; see [`rewrite_emails`].)
const SPELLED_TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "io", "co", "info", "biz", "me", "us", "uk", "de", "fr",
    "es", "it", "nl", "be", "ch", "at", "pt", "br", "mx", "ar", "cl", "jp", "in", "au", "ca", "ie",
    "eu", "example", "mail", "email",
];

/// Words that read as prose before a plain " at " ("look at", "I'm at"): never a mailbox.
const PROSE_BEFORE_AT: &[&str] = &[
    "look",
    "looking",
    "looked",
    "details",
    "detail",
    "docs",
    "info",
    "words",
    "word",
    "me",
    "us",
    "him",
    "her",
    "it",
    "them",
    "you",
    "i",
    "i'm",
    "im",
    "we",
    "they",
    "this",
    "that",
    "the",
    "and",
    "or",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "here",
    "there",
    "arrive",
    "arrived",
    "stay",
    "staying",
    "meet",
    "see",
    "available",
    "online",
    "found",
    "posted",
    "live",
    "work",
    "works",
    "working",
    "page",
    "site",
    "website",
    "help",
    "faq",
];

/// `jane dot doe at example dot com` → `jane.doe@example.com`.
///
/// A plain " at " is read as `@` only when a "dot" is spelled out too: "look at
/// example.com" is prose, "jane at example dot com" is an address.
pub(super) fn rewrite_emails(view: &Normalized) -> Normalized {
    let hay = view.as_str();
    let mut edits = Vec::new();
    let mut at = 0;
    while at < hay.len() {
        let Some(m) = EMAIL.find(Input::new(hay).range(at..)) else {
            break;
        };
        let s = &hay[m.range()];
        let tokens: Vec<_> = EMAIL_TOKEN.find_iter(Input::new(s)).collect();
        match email_edits(s, &tokens) {
            Some(e) => {
                edits.extend(
                    e.into_iter()
                        .map(|(r, rep)| (m.start() + r.start..m.start() + r.end, rep)),
                );
                at = m.end();
            }
            None => {
                // Rejected ("me at zoe.b ..."): the address may start after the first
                // at-token, so search again from there rather than after the whole match.
                let skip = tokens
                    .iter()
                    .find(|t| is_at_token(&s[t.range()]))
                    .map_or(m.end(), |t| m.start() + t.end());
                at = skip.max(m.start() + 1);
                while !hay.is_char_boundary(at) {
                    at += 1;
                }
            }
        }
    }
    view.apply(&edits)
}

fn is_at_token(t: &str) -> bool {
    let x = t.trim().trim_matches(|c| "([{<>}])".contains(c)).trim();
    x.eq_ignore_ascii_case("at") || x == "@"
}

/// The edits that turn one disguised-email match into an address, or `None` when the
/// match is an ordinary address or reads as prose.
fn email_edits(s: &str, tokens: &[regex_automata::Match]) -> Option<Vec<(Range<usize>, String)>> {
    // Anything but a bare "@" or "." is a disguise: spelled, bracketed or spaced out.
    let disguised = |t: &regex_automata::Match| !matches!(&s[t.range()], "@" | ".");
    if !tokens.iter().any(disguised) {
        return None; // an ordinary address: the rules see it as it is
    }
    let at_pos = tokens.iter().position(|t| is_at_token(&s[t.range()]))?;
    // A bare `@` with a space before it but none after starts a mention (`still
    // @AcmeAir dot on`), not an address spaced out to hide it (`tasha @ example . com`).
    let at_token = &s[tokens[at_pos].range()];
    if at_token.trim() == "@"
        && at_token.starts_with(char::is_whitespace)
        && !at_token.ends_with(char::is_whitespace)
    {
        return None;
    }
    let plain_at = {
        let t = &s[tokens[at_pos].range()];
        t.trim().eq_ignore_ascii_case("at")
    };
    if plain_at {
        // A bare " at " is the commonest preposition: demand a spelled "dot", a known
        // top-level domain, a local part that is not a prose word, and no path after it.
        let spelled_dot = tokens
            .iter()
            .any(|t| s[t.range()].to_ascii_lowercase().contains("dot"));
        let local = s[..tokens[at_pos].start()].to_ascii_lowercase();
        let last_word = local
            .rsplit(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
            .next()
            .unwrap_or("");
        let tld = s[tokens.last()?.end()..].to_ascii_lowercase();
        if !spelled_dot
            || !SPELLED_TLDS.contains(&tld.as_str())
            || PROSE_BEFORE_AT.contains(&last_word)
            || local.split_whitespace().count() > 1 && !local.contains("dot")
        {
            return None;
        }
    }
    Some(
        tokens
            .iter()
            .map(|t| {
                let rep = if is_at_token(&s[t.range()]) { "@" } else { "." };
                (t.range(), rep.to_string())
            })
            .collect(),
    )
}
