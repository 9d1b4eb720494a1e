//! The `phonenumber` crate's parse and validity check, re-done over tables generated from
//! its metadata (`examples/gen_phone_tables.rs`): every digit pattern is a DFA over the
//! ten digits, walked in nanoseconds, where the crate compiles regular expressions on
//! first use and keeps only a hundred (an archive of distinct numbers paid milliseconds
//! per number). Each step below names the crate function it mirrors; the unit tests
//! compare the two on thousands of numbers.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;

use phonenumber::country::Id;

include!("tables.rs");

/// The DFAs: per state, ten transitions (by digit) and a flags byte; state 0 of each
/// DFA is dead, state 1 its start.
static DFAS: &[u8] = include_bytes!("tables.bin");
const MATCH: u8 = 1;
const EOI_MATCH: u8 = 2;

/// One number type's pattern and possible lengths (bit `n` set: `n` digits).
struct Desc {
    dfa: u32,
    lengths: u32,
    local: u32,
}

/// One region's numbering plan.
struct RegionMeta {
    id: &'static str,
    /// Whether `id` is a `Region` the crate knows (not for "001").
    known_id: bool,
    code: u16,
    idd: Option<u32>,
    national_prefix: Option<&'static str>,
    npp: Option<u32>,
    /// The national-prefix pattern, kept only where a transform rule reads its groups.
    npp_pattern: Option<&'static str>,
    transform: Option<&'static str>,
    leading: Option<u32>,
    general: Desc,
    types: &'static [Desc],
}

/// The end of the leftmost-first match of the DFA at `dfa` that starts at the first
/// digit of `digits`, if any.
fn match_end(dfa: u32, digits: &[u8]) -> Option<usize> {
    let table = &DFAS[dfa as usize..];
    let state = |s: usize| &table[s * 11..s * 11 + 11];
    let mut s = 1;
    let mut last = None;
    for (i, &d) in digits.iter().enumerate() {
        s = usize::from(state(s)[usize::from(d - b'0')]);
        if state(s)[10] & MATCH != 0 {
            last = Some(i);
        }
        if s == 0 {
            return last;
        }
    }
    if state(s)[10] & EOI_MATCH != 0 {
        last = Some(digits.len());
    }
    last
}

/// `Descriptor::is_match`: a possible length, and the pattern matches from the start.
fn desc_match(d: &Desc, digits: &[u8]) -> bool {
    (d.lengths == 0 || bit(d.lengths, digits.len())) && match_end(d.dfa, digits).is_some()
}

fn bit(mask: u32, n: usize) -> bool {
    n < 32 && mask & (1 << n) != 0
}

/// `validator::number_type(..) != Type::Unknown`.
fn has_type(m: &RegionMeta, digits: &[u8]) -> bool {
    desc_match(&m.general, digits) && m.types.iter().any(|t| desc_match(t, digits))
}

#[derive(PartialEq)]
enum Length {
    Possible,
    TooShort,
    Other,
}

/// `validator::length(meta, number, Type::Unknown)`, reduced to what the parse asks.
fn length(m: &RegionMeta, n: usize) -> Length {
    let possible = m.general.lengths;
    if possible == 0 {
        return Length::Other;
    }
    let min = possible.trailing_zeros() as usize;
    if bit(m.general.local, n) || n == min {
        Length::Possible
    } else if n < min {
        Length::TooShort
    } else if bit(possible, n) {
        Length::Possible
    } else {
        Length::Other
    }
}

fn region_by_id(id: &str) -> Option<&'static RegionMeta> {
    REGIONS
        .binary_search_by(|m| m.id.cmp(id))
        .ok()
        .map(|i| &REGIONS[i])
}

/// The ISO code of `id` as the tables spell it (`"ZZ"`, libphonenumber's unknown region,
/// for an id without a plan of its own).
pub(super) fn code_of(id: Id) -> &'static str {
    region_by_id(id.as_ref()).map_or("ZZ", |m| m.id)
}

fn regions_of(code: u16) -> Option<&'static [u16]> {
    CODES
        .binary_search_by_key(&code, |c| c.0)
        .ok()
        .map(|i| CODES[i].1)
}

/// `validator::source_for`: the region a national number of `code` belongs to.
fn source_for(code: u16, digits: &[u8]) -> Option<&'static RegionMeta> {
    let regions = regions_of(code)?;
    if let [only] = regions {
        let m = &REGIONS[usize::from(*only)];
        return (m.id == "001" || m.known_id).then_some(m);
    }
    regions
        .iter()
        .map(|&i| &REGIONS[usize::from(i)])
        .find(|m| match m.leading {
            Some(l) => match_end(l, digits).is_some(),
            None => has_type(m, digits),
        })
}

/// The `value` group references of a transform rule (`$1`, `869$1`) expanded.
fn expand(rule: &str, caps: &Captures, hay: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let b = rule.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            let mut j = i + 1;
            let mut g = 0usize;
            while j < b.len() && b[j].is_ascii_digit() {
                g = g * 10 + usize::from(b[j] - b'0');
                j += 1;
            }
            if let Some(span) = caps.get_group(g) {
                out.extend_from_slice(&hay[span.range()]);
            }
            i = j;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// `helper::national_number`: strips (or transforms) the national prefix. `None`
/// when the region's rule needs a regex with groups that did not compile.
fn national_number(m: &RegionMeta, national: Vec<u8>) -> Option<Vec<u8>> {
    let Some(npp) = m.npp else {
        let mut national = national;
        if let Some(p) = m.national_prefix {
            if national.starts_with(p.as_bytes()) {
                national.drain(..p.len());
            }
        }
        return Some(national);
    };
    let Some(end) = match_end(npp, &national) else {
        return Some(national);
    };
    let (Some(rule), Some(pattern)) = (m.transform, m.npp_pattern) else {
        return Some(national[end..].to_vec());
    };
    // A transform reads capture groups: a small regex, compiled once per region.
    let re = transform_regex(m.code, pattern)?;
    let mut caps = re.create_captures();
    re.captures(regex_automata::Input::new(&national), &mut caps);
    let last = caps.group_len().saturating_sub(1);
    if caps.get_group(last).is_none() {
        return Some(national[end..].to_vec());
    }
    let mut transformed = expand(rule, &caps, &national);
    transformed.extend_from_slice(&national[end..]);
    let viable = desc_match(&m.general, &national);
    if viable && !desc_match(&m.general, &transformed) {
        return Some(national);
    }
    Some(transformed)
}

/// The regex of a national-prefix pattern with a transform rule, compiled on first use
/// and kept (a few dozen regions have one; each is a short pattern).
fn transform_regex(code: u16, pattern: &'static str) -> Option<&'static Regex> {
    type Compiled = HashMap<(&'static str, u16), Option<&'static Regex>>;
    static COMPILED: OnceLock<Mutex<Compiled>> = OnceLock::new();
    let map = COMPILED.get_or_init(Default::default);
    let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
    let key = (pattern, code);
    *map.entry(key).or_insert_with(|| {
        Regex::builder()
            .syntax(
                regex_automata::util::syntax::Config::new()
                    .unicode(false)
                    .utf8(false)
                    .ignore_whitespace(true),
            )
            .build(pattern)
            .ok()
            .map(|re| &*Box::leak(Box::new(re)))
    })
}

/// What the crate's parse gives: the calling code and the national significant number
/// as its digits, or `Err(())` where it returns an error. `None`: not handled here.
type Parsed = Option<Result<(u16, Vec<u8>), ()>>;

#[derive(PartialEq, Clone, Copy)]
enum Source {
    Plus,
    Idd,
    Default,
}

fn is_punct(b: u8) -> bool {
    matches!(b, b' ' | b'.' | b'-' | b'(' | b')' | b'/')
}

/// `valid::phone_number` on ASCII text of digits, `+` and punctuation: pluses only in
/// front, and three digits or more.
fn viable(raw: &[u8]) -> bool {
    let body = &raw[raw.iter().take_while(|&&b| b == b'+').count()..];
    raw.len() >= 2
        && !body.contains(&b'+')
        && body.iter().filter(|b| b.is_ascii_digit()).count() >= 3
}

fn digits_of(raw: &[u8]) -> Vec<u8> {
    crate::text::ascii_digits(raw).collect()
}

/// `parser::parse_with`, for text of ASCII digits, spaces, `.-()/` and `+`.
fn parse(region: Option<&'static RegionMeta>, s: &str) -> Parsed {
    let b = s.as_bytes();
    if !b
        .iter()
        .all(|&c| c.is_ascii_digit() || c == b'+' || is_punct(c))
    {
        return None;
    }
    // `rfc3966::phone_number` (tried first, for text without spaces), else
    // `natural::phone_number`.
    let (raw, prefix): (&[u8], Option<Vec<u8>>) = match rfc3966(b) {
        Some(r) => r,
        None => {
            let Some(start) = b.iter().position(|&c| c == b'+' || c.is_ascii_digit()) else {
                return Some(Err(()));
            };
            let mut end = b.len();
            while end > start && !b[end - 1].is_ascii_digit() {
                end -= 1;
            }
            if end == start {
                return Some(Err(()));
            }
            (&b[start..end], None)
        }
    };
    if !viable(raw) {
        return Some(Err(()));
    }
    Some(parse_number(region, raw, prefix))
}

/// `rfc3966::phone_number` on text without spaces: an optional `+prefix` up to the
/// first separator, then digits and separators to the end.
fn rfc3966(b: &[u8]) -> Option<(&[u8], Option<Vec<u8>>)> {
    if b.contains(&b' ') {
        return None;
    }
    let sep = |c: u8| matches!(c, b'-' | b'.' | b'(' | b')');
    let number = |c: u8| c.is_ascii_digit() || sep(c);
    let (prefix, rest) = match b.strip_prefix(b"+") {
        Some(after) => {
            let n = after.iter().take_while(|&&c| !sep(c)).count();
            if n == 0 {
                (None, b)
            } else {
                (Some(digits_of(&after[..n])), &after[n..])
            }
        }
        None => (None, b),
    };
    (!rest.is_empty() && rest.iter().all(|&c| number(c))).then_some((rest, prefix))
}

fn parse_code(p: &[u8]) -> Option<u16> {
    std::str::from_utf8(p).ok()?.parse().ok()
}

fn parse_number(
    region: Option<&'static RegionMeta>,
    raw: &[u8],
    prefix: Option<Vec<u8>>,
) -> Result<(u16, Vec<u8>), ()> {
    // `helper::country_code` with `helper::international_prefix`.
    let idd = region.and_then(|m| m.idd);
    let mut national;
    let mut source;
    let idd_check = |national: &mut Vec<u8>, source: &mut Source| {
        if let Some(end) = idd.and_then(|i| match_end(i, national)) {
            if national.get(end) != Some(&b'0') {
                if *source != Source::Plus {
                    *source = Source::Idd;
                }
                national.drain(..end);
            }
        }
    };
    if prefix.is_some() {
        source = Source::Plus;
        national = digits_of(raw);
    } else {
        let pluses = raw.iter().take_while(|&&c| c == b'+').count();
        national = digits_of(&raw[pluses..]);
        if pluses > 0 {
            source = Source::Plus;
            if idd.and_then(|i| match_end(i, &national)).is_some() {
                idd_check(&mut national, &mut source);
            }
        } else {
            source = Source::Default;
            idd_check(&mut national, &mut source);
        }
    }
    let code = match source {
        Source::Plus | Source::Idd => {
            if national.len() <= 2 {
                return Err(());
            }
            match &prefix {
                Some(p) => {
                    let code = parse_code(p).ok_or(())?;
                    regions_of(code).ok_or(())?;
                    code
                }
                None => {
                    if national[0] == b'0' {
                        return Err(());
                    }
                    let found = (1..=3).find_map(|len| {
                        let code = parse_code(&national[..len])?;
                        regions_of(code).map(|_| (len, code))
                    });
                    let (len, code) = found.ok_or(())?;
                    national.drain(..len);
                    code
                }
            }
        }
        Source::Default => {
            let m = region.ok_or(())?;
            let code = m.code.to_string();
            if national.starts_with(code.as_bytes())
                && (!desc_match(&m.general, &national)
                    || length(m, national.len()) != Length::Possible)
            {
                national.drain(..code.len());
            }
            m.code
        }
    };
    // `parse_with`: the national prefix, under the default region or the number's own.
    let meta = match region {
        Some(m) => Some(m),
        None => {
            let first = national.iter().take_while(|&&d| d == b'0').count();
            source_for(code, &national[first..])
        }
    };
    if let Some(m) = meta {
        let mut potential = national_number(m, national.clone()).ok_or(())?;
        if let Some(p) = m.national_prefix {
            if potential.starts_with(p.as_bytes()) {
                potential.drain(..p.len());
            }
        }
        if length(m, potential.len()) != Length::TooShort {
            national = potential;
        }
    }
    if !(2..=17).contains(&national.len()) {
        return Err(());
    }
    // `NationalNumber::from_str`: leading zeros, then a value below 2^56.
    let zeros = national.iter().take_while(|&&d| d == b'0').count();
    let value = &national[zeros..];
    let v: u64 = std::str::from_utf8(value)
        .ok()
        .and_then(|v| v.parse().ok())
        .ok_or(())?;
    if v >= 1 << 56 {
        return Err(());
    }
    Ok((code, national))
}

/// Whether `s` is valid, as `phonenumber::parse` then `is_valid` and the region check
/// in `super::reference::valid` would say; `None` where this module does not decide.
pub(super) fn valid(region: Option<Id>, s: &str) -> Option<bool> {
    let meta = match region {
        Some(r) => Some(region_by_id(r.as_ref())?),
        None => None,
    };
    let (code, national) = match parse(meta, s)? {
        Ok(p) => p,
        Err(()) => return Some(false),
    };
    // `validator::is_valid_with`.
    let Some(m) = source_for(code, &national) else {
        return Some(false);
    };
    if !has_type(m, &national) {
        return Some(false);
    }
    let Some(r) = region else {
        return Some(true);
    };
    // `Country::id`: the region of the number without its leading zeros.
    let zeros = national.iter().take_while(|&&d| d == b'0').count();
    let id = source_for(code, &national[zeros..])
        .filter(|m| m.known_id)
        .and_then(|m| m.id.parse::<Id>().ok());
    Some(id == Some(r) || matches!(r, Id::US | Id::CA) && code == 1)
}
