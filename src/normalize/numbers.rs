//! Numbers in words and odd digit groups: `four one five …`, `415_555_0132`.

use std::ops::Range;

use once_cell::sync::Lazy;
use regex_automata::meta::Regex;
use regex_automata::Input;

use super::Normalized;
use crate::patterns::compile_fixed as build;

/// Number words, per digit, in English, Spanish, Portuguese, French and German. Words that
/// are also common in prose ("one", "un", "acht") are harmless: a run of seven or more is
/// needed before anything is rewritten.
const NUMBER_WORDS: [&[&str]; 10] = [
    &["zero", "oh", "cero", "zéro", "null"],
    &["one", "uno", "um", "un", "une", "eins"],
    &["two", "dos", "dois", "duas", "deux", "zwei", "zwo"],
    &["three", "tres", "três", "trois", "drei"],
    &["four", "cuatro", "quatro", "quatre", "vier"],
    &["five", "cinco", "cinq", "fünf", "fuenf"],
    &["six", "seis", "sechs"],
    &["seven", "siete", "sete", "sept", "sieben"],
    &["eight", "ocho", "oito", "huit", "acht"],
    &["nine", "nueve", "nove", "neuf", "neun"],
];

/// Fewest digits a spelled-out or spaced-out run must have to be rewritten: shorter runs
/// ("one two three", "1 2 3 4") are counting, not data.
const MIN_RUN_DIGITS: usize = 7;

pub(super) fn words_alternation() -> String {
    let mut words: Vec<&str> = NUMBER_WORDS
        .iter()
        .flat_map(|w| w.iter().copied())
        .collect();
    // Longest first, so that "une" is preferred to "un".
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.join("|")
}

/// Runs of number words and digits.
pub(super) static NUMBER_RUN: Lazy<Regex> = Lazy::new(|| {
    let w = words_alternation();
    build(&format!(
        r"(?i)(?:\+|\b(?:plus|más|mas|mais)\s+)?\b(?:{w}|[0-9]+)(?:(?:\s*[,-]\s*|\s+)(?:{w}|[0-9]+)){{3,}}\b"
    ))
});

/// One unit of a number run: a word or a group of digits.
pub(super) static NUMBER_UNIT: Lazy<Regex> = Lazy::new(|| {
    let w = words_alternation();
    build(&format!(r"(?i)\b(?:{w}|[0-9]+)\b"))
});

/// Digit groups joined by separators a rule would not accept: single digits spaced out,
/// `415_555_0132`, `415 / 555 / 0132`, `415 - 555 - 0132`, `305~555~0111`,
/// `4111.1111.1111.1111`, digits split by zero-width characters (marked `\x01` by the
/// character pass).
pub(super) static ODD_GROUPS: Lazy<Regex> =
    Lazy::new(|| build(r"\+?\(?\b[0-9]{1,6}(?:[\s()._/~*|\x01-]+[0-9]{1,6}){2,18}\b"));

/// The digit a number word stands for.
fn word_digit(word: &str) -> Option<char> {
    let lower = word.to_lowercase();
    NUMBER_WORDS
        .iter()
        .position(|ws| ws.contains(&lower.as_str()))
        .and_then(|d| char::from_digit(d as u32, 10))
}

/// Digits in the usual shape for their count: ten digits as a North American number,
/// anything else as one run. The shape matters because rules for bare digit runs want
/// context, and a number spelled out to hide it deserves no benefit of the doubt.
fn canonical(digits: &str) -> String {
    let d = digits.as_bytes();
    // NANP: area code and exchange start with 2-9.
    let nanp = |x: &[u8]| x.len() == 10 && x[0] >= b'2' && x[3] >= b'2';
    if nanp(d) {
        format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..])
    } else if d.len() == 11 && d[0] == b'1' && nanp(&d[1..]) {
        format!("1-{}-{}-{}", &digits[1..4], &digits[4..7], &digits[7..])
    } else {
        digits.to_string()
    }
}

/// Whether units count up one by one ("1 2 3 4 5 6 7 8 9 10", "one two three ..."):
/// counting, not a number.
pub(super) fn counting(units: &[u32]) -> bool {
    units.len() >= 3 && units.windows(2).all(|w| w[0].checked_add(1) == Some(w[1]))
}

/// `four one five five five five zero one three two` → `415-555-0132`.
pub(super) fn rewrite_numbers(view: &Normalized) -> Normalized {
    let hay = view.as_str();
    let mut edits = Vec::new();
    for m in NUMBER_RUN.find_iter(Input::new(hay)) {
        let run = &hay[m.range()];
        let lower = run.to_lowercase();
        let plus = run.starts_with('+')
            || ["plus ", "más ", "mas ", "mais "]
                .iter()
                .any(|p| lower.starts_with(p));
        let mut digits = String::new();
        let mut units = Vec::new();
        let mut words = 0;
        for u in NUMBER_UNIT.find_iter(Input::new(run)) {
            let unit = &run[u.range()];
            if unit.bytes().all(|b| b.is_ascii_digit()) {
                digits.push_str(unit);
                units.push(unit.parse::<u32>().unwrap_or(u32::MAX));
            } else if let Some(d) = word_digit(unit) {
                digits.push(d);
                units.push(d.to_digit(10).unwrap_or(0));
                words += 1;
            }
        }
        if words < 2 || digits.len() < MIN_RUN_DIGITS || counting(&units) {
            continue;
        }
        let plus = if plus { "+" } else { "" };
        edits.push((m.range(), format!("{plus}{}", canonical(&digits))));
    }
    view.apply(&edits)
}

/// `4 1 5 5 5 5 0 1 3 2`, `415_555_0132`, `415 - 555 - 0132` → `415-555-0132`.
///
/// Groups joined the ordinary way (one space, one hyphen, or dots between four-digit
/// groups) are left alone: the rules read them as written, and dates, versions and IP
/// addresses look just like them. Nor is anything joined that the writer kept apart:
/// whitespace alone between two groups separates two numbers
/// (`since 05/28/2022 21 hours` holds a date and a count, not `0528202221`; see
/// [`kept_apart`] for the exceptions), and a date is never part of a number.
pub(super) fn rewrite_odd_groups(view: &Normalized) -> Normalized {
    let hay = view.as_str();
    let mut edits = Vec::new();
    for m in ODD_GROUPS.find_iter(Input::new(hay)) {
        let run = &hay[m.range()];
        let lead = run.len() - run.trim_start_matches(['+', '(']).len();
        let groups = digit_groups(run, lead);
        for segment in kept_apart(run, &groups) {
            let (from, to) = (segment[0].start, segment[segment.len() - 1].end);
            // A `+` or `(` before the run belongs to its first number only.
            let at = if from == lead { 0 } else { from };
            if let Some(rep) = odd_group_edit(&run[at..to], &run[from..to], segment, from) {
                edits.push((m.start() + at..m.start() + to, rep));
            }
        }
    }
    view.apply(&edits)
}

/// The digit groups of `run` from byte `from` on, as byte ranges.
fn digit_groups(run: &str, from: usize) -> Vec<Range<usize>> {
    let b = run.as_bytes();
    let mut groups = Vec::new();
    let mut i = from;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            groups.push(start..i);
        } else {
            i += 1;
        }
    }
    groups
}

/// `groups` cut where the writer kept two numbers apart: at whitespace alone, unless
/// between two single digits (`4 1 5 5 ...` is one number spaced out; `3 - 1 415-555-0132`
/// is a score and a phone number) or two blocks of four (`4111-1111 1111.1111` is one card
/// with mixed separators).
fn kept_apart<'g>(run: &str, groups: &'g [Range<usize>]) -> Vec<&'g [Range<usize>]> {
    let mut out = Vec::new();
    let mut first = 0;
    for k in 1..groups.len() {
        let sep = &run[groups[k - 1].end..groups[k].start];
        let apart = sep.bytes().all(|b| b.is_ascii_whitespace())
            && (groups[k - 1].len() >= 2 || groups[k].len() >= 2)
            && !(groups[k - 1].len() == 4 && groups[k].len() == 4);
        if apart {
            out.push(&groups[first..k]);
            first = k;
        }
    }
    if first < groups.len() {
        out.push(&groups[first..]);
    }
    out
}

/// The replacement for one run of digit groups (`body`, which `with_lead` extends by a
/// leading `+` or `(`), or `None` when it is left as written. `groups` are byte ranges
/// in the enclosing run, whose `body` starts at `offset`.
fn odd_group_edit(
    with_lead: &str,
    body: &str,
    groups: &[Range<usize>],
    offset: usize,
) -> Option<String> {
    let group = |r: &Range<usize>| &body[r.start - offset..r.end - offset];
    let seps: Vec<&str> = groups
        .windows(2)
        .map(|w| &body[w[0].end - offset..w[1].start - offset])
        .collect();
    let digits: String = groups.iter().map(group).collect();
    if !(MIN_RUN_DIGITS..=19).contains(&digits.len()) {
        return None;
    }
    let units: Vec<u32> = groups
        .iter()
        .map(|g| group(g).parse().unwrap_or(u32::MAX))
        .collect();
    if counting(&units) || is_date(&groups.iter().map(group).collect::<Vec<_>>(), &seps) {
        return None;
    }
    let uniform = seps.windows(2).all(|w| w[0] == w[1]);
    let ordinary = uniform
        && groups.iter().all(|g| g.len() >= 2)
        && seps.first().is_some_and(|s| matches!(*s, " " | "-"));
    // Dots join decimals, versions, dates and IP addresses; only a card's 4-4-4-4
    // written with dots is taken apart.
    let dotted = seps.iter().all(|s| *s == ".")
        && !(groups.len() == 4 && groups.iter().all(|g| g.len() == 4))
        && !groups.iter().all(|g| g.len() == 1);
    if ordinary || dotted {
        return None;
    }
    let plus = if with_lead.starts_with('+') { "+" } else { "" };
    Some(format!("{plus}{}", canonical(&digits)))
}

/// Day, month and year (`05/28/2022`, `5-28-2022`, `2022/05/28`) with one separator.
fn is_date(groups: &[&str], seps: &[&str]) -> bool {
    let [a, b, c] = groups else {
        return false;
    };
    let same_sep =
        seps.len() == 2 && seps[0] == seps[1] && matches!(seps[0].trim(), "/" | "-" | ".");
    let small = |g: &str| g.len() <= 2 && g.parse::<u32>().is_ok_and(|v| (1..=31).contains(&v));
    let year = |g: &str| g.len() == 4 && (g.starts_with("19") || g.starts_with("20"));
    same_sep
        && ((small(a) && small(b) && (year(c) || c.len() == 2))
            || (year(a) && small(b) && small(c)))
}
