//! URL recognition with the behaviour of twitter-text v3's URL extractor.
//!
//! The reference implementation is one large backtracking regular expression
//! plus some post-processing. This module is a hand-written scanner that makes
//! the same decisions (which start position wins, how far a domain, a path or a
//! query extends, which matches are discarded afterwards), without regex
//! look-arounds and in time linear in the input for realistic text.
//!
//! All positions are UTF-8 byte offsets into the scanned text.

use once_cell::sync::Lazy;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::punycode::ascii_label_len;
use super::tlds::{COUNTRY_TLDS, GENERIC_TLDS, MAX_TLD_CHARS};

/// Longest URL (protocol included, UTF-16 units) that is still recognised.
const MAX_URL_LENGTH: usize = 4096;
/// Longest slug accepted after `t.co/`.
const MAX_TCO_SLUG_LENGTH: usize = 40;
/// Longest DNS label, in octets of its ASCII form.
const MAX_DOMAIN_LABEL_LENGTH: usize = 63;
/// Protocol assumed for URLs written without one (used for the length limit).
const DEFAULT_PROTOCOL_LEN: usize = "https://".len();

// ---------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------

/// ASCII punctuation that can never be part of a host name.
const fn is_punct(c: char) -> bool {
    matches!(
        c,
        '!' | '\''
            | '#'
            | '%'
            | '&'
            | '('
            | ')'
            | '*'
            | '+'
            | ','
            | '\\'
            | '-'
            | '.'
            | '/'
            | ':'
            | ';'
            | '<'
            | '='
            | '>'
            | '?'
            | '@'
            | '['
            | ']'
            | '^'
            | '_'
            | '{'
            | '|'
            | '}'
            | '~'
            | '$'
    )
}

/// White space as twitter-text defines it for entity boundaries.
pub(super) const fn is_space(c: char) -> bool {
    matches!(
        c,
        '\u{09}'..='\u{0D}'
            | ' '
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{180E}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// Characters that make a tweet invalid.
pub(super) fn is_invalid_char(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}')
}

/// Bidirectional formatting characters.
fn is_directional(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2066}'..='\u{2069}'
    )
}

/// ASCII characters allowed inside a host-name label.
const ASCII_DOMAIN_CHARS: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8 as char;
        t[b] = !(is_punct(c) || is_space(c));
        b += 1;
    }
    t
};

/// A character allowed inside a host-name label.
#[inline]
fn is_domain_char(c: char) -> bool {
    if c.is_ascii() {
        ASCII_DOMAIN_CHARS[c as usize]
    } else {
        !(is_space(c) || is_invalid_char(c) || is_directional(c))
    }
}

/// Characters of a label run: domain characters plus `_` and `-`.
fn is_label_char(c: char) -> bool {
    c == '_' || c == '-' || is_domain_char(c)
}

/// A character that may directly precede a URL.
fn is_url_preceding(c: char) -> bool {
    !(c.is_ascii_alphanumeric()
        || matches!(c, '@' | '\u{FF20}' | '$' | '#' | '\u{FF03}')
        || is_invalid_char(c))
}

/// Latin letters with diacritics and combining diacritical marks.
pub(super) fn is_latin_accent(c: char) -> bool {
    matches!(
        c,
        '\u{C0}'..='\u{D6}'
            | '\u{D8}'..='\u{F6}'
            | '\u{F8}'..='\u{FF}'
            | '\u{100}'..='\u{24F}'
            | '\u{253}'
            | '\u{254}'
            | '\u{256}'
            | '\u{257}'
            | '\u{259}'
            | '\u{25B}'
            | '\u{263}'
            | '\u{268}'
            | '\u{26F}'
            | '\u{272}'
            | '\u{289}'
            | '\u{28B}'
            | '\u{2BB}'
            | '\u{300}'..='\u{36F}'
            | '\u{1E00}'..='\u{1EFF}'
    )
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{4FF}')
}

/// Characters allowed anywhere in a URL path.
fn is_path_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '!' | '*'
                    | '\''
                    | ';'
                    | ':'
                    | '='
                    | '+'
                    | ','
                    | '.'
                    | '$'
                    | '/'
                    | '%'
                    | '#'
                    | '['
                    | ']'
                    | '-'
                    | '_'
                    | '~'
                    | '@'
                    | '|'
                    | '&'
            )
    } else {
        c == '\u{2013}' || is_cyrillic(c) || is_latin_accent(c)
    }
}

/// Characters a URL path may end with (besides a balanced parenthesis group).
fn is_path_end_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '=' | '_' | '#' | '/')
    } else {
        is_cyrillic(c) || is_latin_accent(c)
    }
}

/// Characters allowed in a query string.
fn is_query_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '?'
                | '*'
                | '\''
                | '@'
                | '('
                | ')'
                | ';'
                | ':'
                | '&'
                | '='
                | '+'
                | '$'
                | '/'
                | '%'
                | '#'
                | '['
                | ']'
                | '-'
                | '_'
                | '.'
                | ','
                | '~'
                | '|'
        )
}

/// Characters a query string may end with.
fn is_query_end_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '&' | '=' | '#' | '/')
}

/// Characters of the labels of a protocol-less ("ASCII") domain.
fn is_ascii_domain_label_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || is_latin_accent(c)
}

/// A character that must not directly follow a top-level domain.
fn blocks_tld(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '@' | '+' | '-')
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

#[inline]
fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|t| t.chars().next_back())
}

/// End of the run of characters satisfying `pred` that starts at `i`.
#[inline]
fn run_end(s: &str, i: usize, limit: usize, pred: impl Fn(char) -> bool) -> usize {
    let mut j = i;
    for c in s[i..limit].chars() {
        if !pred(c) {
            break;
        }
        j += c.len_utf8();
    }
    j
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Case-insensitive test for an ASCII prefix.
fn starts_with_ignore_case(s: &str, i: usize, prefix: &str) -> bool {
    s.as_bytes()
        .get(i..i + prefix.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
}

// ---------------------------------------------------------------------------
// Top-level domains
// ---------------------------------------------------------------------------

/// FNV-1a: a fast hash for the short keys of the TLD table.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
}

/// Whether a TLD is generic (`true`) or a country code (`false`), by its
/// lower-cased UTF-8 bytes.
static TLD_KINDS: Lazy<HashMap<&'static [u8], bool, BuildHasherDefault<Fnv>>> = Lazy::new(|| {
    let mut map = HashMap::with_capacity_and_hasher(
        GENERIC_TLDS.len() + COUNTRY_TLDS.len(),
        BuildHasherDefault::default(),
    );
    map.extend(COUNTRY_TLDS.iter().map(|t| (t.as_bytes(), false)));
    map.extend(GENERIC_TLDS.iter().map(|t| (t.as_bytes(), true)));
    map
});

/// Recognises a top-level domain starting at `p` (looking no further than
/// `limit`) and returns where it ends.
///
/// Generic TLDs are preferred over country TLDs, longer over shorter, and a TLD
/// counts only when it is not directly followed by an ASCII letter or digit,
/// `@`, `+` or `-`. Failing those, a punycode TLD (`xn--…`) is accepted.
fn tld_at(s: &str, p: usize, limit: usize) -> Option<usize> {
    let first = *s.as_bytes().get(p)?;
    if p >= limit || (first.is_ascii() && !first.is_ascii_alphabetic()) {
        return None;
    }
    // Lower-cased candidate characters, and where each one ends in `buf` and in `s`.
    let mut buf = [0u8; 4 * 3 * MAX_TLD_CHARS];
    let mut buf_ends = [0usize; MAX_TLD_CHARS + 1];
    let mut src_ends = [p; MAX_TLD_CHARS + 1];
    let mut count = 0usize;
    let mut blen = 0usize;
    let mut i = p;
    for c in s[p..limit].chars() {
        if count == MAX_TLD_CHARS || !is_domain_char(c) {
            break;
        }
        if c.is_ascii() {
            buf[blen] = c.to_ascii_lowercase() as u8;
            blen += 1;
        } else {
            for l in c.to_lowercase() {
                blen += l.encode_utf8(&mut buf[blen..]).len();
            }
        }
        i += c.len_utf8();
        count += 1;
        buf_ends[count] = blen;
        src_ends[count] = i;
    }
    let kinds = &*TLD_KINDS;
    let mut country = None;
    for n in (1..=count).rev() {
        let end = src_ends[n];
        if end < limit && char_at(s, end).is_some_and(blocks_tld) {
            continue;
        }
        match kinds.get(&buf[..buf_ends[n]]) {
            Some(true) => return Some(end),
            Some(false) if country.is_none() => country = Some(end),
            _ => {}
        }
    }
    if country.is_some() {
        return country;
    }
    // Punycode TLD: "xn--" followed by at least one [-0-9a-z].
    if limit - p > 4 && starts_with_ignore_case(s, p, "xn--") {
        let end = run_end(s, p + 4, limit, |c| c.is_ascii_alphanumeric() || c == '-');
        if end > p + 4 {
            return Some(end);
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Host names
// ---------------------------------------------------------------------------

/// One dot-terminated label run of a region.
#[derive(Clone, Copy)]
struct Seg {
    /// First byte of the run.
    start: usize,
    /// Position of the `.` that ends the run.
    end: usize,
    /// Position of the last `_` in the run, if any.
    last_underscore: Option<usize>,
    /// Whether the last character of the run is a domain character.
    last_is_domain_char: bool,
    /// End of a TLD that starts right after this run's dot.
    tld_end: Option<usize>,
    /// End of a TLD that starts right after this run's dot, when the whole
    /// run is a valid domain-name label.
    name_tld_end: Option<usize>,
    /// First later segment whose run is not a valid subdomain label (or the
    /// number of segments).
    next_bad_sub: usize,
    /// Largest index `k` up to this one whose `name_tld_end` is set.
    best_name_upto: Option<usize>,
}

/// A maximal chain `label.label.….rest` of label runs separated by single dots.
struct Region {
    segs: Vec<Seg>,
    /// End of the region (first character that is neither a label character
    /// nor part of the chain).
    end: usize,
    /// Whether any run is followed by a TLD (otherwise nothing can match).
    any_tld: bool,
}

impl Region {
    fn new() -> Self {
        Region {
            segs: Vec::new(),
            end: 0,
            any_tld: false,
        }
    }

    /// Builds the region whose first run starts at `start` and ends at the dot `dot`.
    fn build(&mut self, s: &str, start: usize, dot: usize) {
        self.segs.clear();
        self.any_tld = false;
        let mut run_start = start;
        let mut run_stop = dot;
        loop {
            let mut last_underscore = None;
            let mut last_is_domain_char = false;
            let mut first_is_domain_char = false;
            let mut i = run_start;
            for c in s[run_start..run_stop].chars() {
                if i == run_start {
                    first_is_domain_char = is_domain_char(c);
                }
                if c == '_' {
                    last_underscore = Some(i);
                }
                last_is_domain_char = is_domain_char(c);
                i += c.len_utf8();
            }
            let nonempty = run_stop > run_start;
            let sub_ok = nonempty && first_is_domain_char && last_is_domain_char;
            let tld_end = if nonempty {
                tld_at(s, run_stop + 1, s.len())
            } else {
                None
            };
            self.any_tld |= tld_end.is_some();
            let name_tld_end = if sub_ok && last_underscore.is_none() {
                tld_end
            } else {
                None
            };
            self.segs.push(Seg {
                start: run_start,
                end: run_stop,
                last_underscore,
                last_is_domain_char,
                tld_end,
                name_tld_end,
                // `sub_ok` is parked here until the pass below.
                next_bad_sub: usize::from(sub_ok),
                best_name_upto: None,
            });
            // Next run.
            let next_start = run_stop + 1;
            let next_stop = run_end(s, next_start, s.len(), is_label_char);
            if next_stop > next_start && s.as_bytes().get(next_stop) == Some(&b'.') {
                run_start = next_start;
                run_stop = next_stop;
            } else {
                self.end = next_stop;
                break;
            }
        }
        let mut next_bad = self.segs.len();
        for (i, seg) in self.segs.iter_mut().enumerate().rev() {
            let sub_ok = seg.next_bad_sub == 1;
            seg.next_bad_sub = next_bad;
            if !sub_ok {
                next_bad = i;
            }
        }
        let mut best = None;
        for (k, seg) in self.segs.iter_mut().enumerate() {
            if seg.name_tld_end.is_some() {
                best = Some(k);
            }
            seg.best_name_upto = best;
        }
    }

    /// Host name starting at `u` inside segment `i`: returns where it ends.
    ///
    /// Mirrors `subdomain* domainname tld` with greedy subdomains: the longest
    /// chain of subdomain labels is tried first, then shorter ones.
    fn domain_from(&self, s: &str, i: usize, u: usize) -> Option<usize> {
        let seg = &self.segs[i];
        if u >= seg.end || !char_at(s, u).is_some_and(is_domain_char) {
            return None;
        }
        let sub_ok = seg.last_is_domain_char;
        let m = self.segs.len();
        if sub_ok && i + 1 < m {
            let k_max = seg.next_bad_sub.min(m - 1);
            if let Some(k) = self.segs[k_max].best_name_upto {
                if k > i {
                    return self.segs[k].name_tld_end;
                }
            }
        }
        let name_ok = sub_ok && seg.last_underscore.is_none_or(|p| p < u);
        if name_ok {
            seg.tld_end
        } else {
            None
        }
    }
}

// ---------------------------------------------------------------------------
// Port, path, query
// ---------------------------------------------------------------------------

/// Balanced parenthesis group (up to one nested level) starting at `j` (`(`).
fn balanced_parens(s: &str, j: usize) -> Option<usize> {
    let len = s.len();
    let b = s.as_bytes();
    let k = j + 1;
    let k2 = run_end(s, k, len, is_path_char);
    if k2 > k && b.get(k2) == Some(&b')') {
        return Some(k2 + 1);
    }
    if b.get(k2) == Some(&b'(') {
        let k3 = run_end(s, k2 + 1, len, is_path_char);
        if k3 > k2 + 1 && b.get(k3) == Some(&b')') {
            let k4 = run_end(s, k3 + 1, len, is_path_char);
            if b.get(k4) == Some(&b')') {
                return Some(k4 + 1);
            }
        }
    }
    None
}

/// Path body after the leading `/`.
///
/// The reference pattern repeats "path characters and balanced parenthesis
/// groups ending with an allowed final character" or "a lone balanced
/// parenthesis group". That amounts to: the longest stretch of path characters
/// and parenthesis groups that ends with an allowed final *character*,
/// followed by as many directly adjacent parenthesis groups as there are.
fn path_body_end(s: &str, start: usize) -> usize {
    let mut j = start;
    let mut good = start;
    while let Some(c) = char_at(s, j) {
        if is_path_char(c) {
            j += c.len_utf8();
            if is_path_end_char(c) {
                good = j;
            }
        } else if c == '(' {
            match balanced_parens(s, j) {
                Some(e) => j = e,
                None => break,
            }
        } else {
            break;
        }
    }
    while s.as_bytes().get(good) == Some(&b'(') {
        match balanced_parens(s, good) {
            Some(e) => good = e,
            None => break,
        }
    }
    good
}

/// `?` plus query characters, ending with an allowed final character.
fn query_end(s: &str, q: usize) -> Option<usize> {
    let mut good = None;
    let mut j = q + 1;
    for c in s[q + 1..].chars() {
        if !is_query_char(c) {
            break;
        }
        j += c.len_utf8();
        if is_query_end_char(c) {
            good = Some(j);
        }
    }
    good
}

/// Parses the optional port, path and query after a host name ending at `i`.
/// Returns the end of the URL and whether a path was present.
fn rest_of_url(s: &str, mut i: usize) -> (usize, bool) {
    let b = s.as_bytes();
    if b.get(i) == Some(&b':') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i = run_end(s, i + 1, s.len(), |c| c.is_ascii_digit());
    }
    let mut has_path = false;
    if b.get(i) == Some(&b'/') {
        has_path = true;
        i = path_body_end(s, i + 1);
    }
    if b.get(i) == Some(&b'?') {
        if let Some(e) = query_end(s, i) {
            i = e;
        }
    }
    (i, has_path)
}

// ---------------------------------------------------------------------------
// Validation and post-processing
// ---------------------------------------------------------------------------

/// Protocol-less ("ASCII") domains inside `domain`: `(label.)+tld`, where
/// labels use ASCII letters, digits, `-` and Latin letters with diacritics.
/// Calls `f(start, end)` (offsets into `domain`) for each, left to right.
fn ascii_domains(domain: &str, mut f: impl FnMut(usize, usize)) {
    let len = domain.len();
    let b = domain.as_bytes();
    let mut q = 0;
    while q < len {
        let r = run_end(domain, q, len, is_ascii_domain_label_char);
        if r == q {
            q += char_at(domain, q).map_or(1, char::len_utf8);
            continue;
        }
        if b.get(r) != Some(&b'.') {
            q = r;
            continue;
        }
        // Last dot of the chain `label.label.…` that starts at q.
        let mut last = r;
        loop {
            let e = run_end(domain, last + 1, len, is_ascii_domain_label_char);
            if e > last + 1 && b.get(e) == Some(&b'.') {
                last = e;
            } else {
                break;
            }
        }
        // Greedy: try the TLD after the last dot first, then earlier ones.
        let mut d = last;
        let found = loop {
            if let Some(end) = tld_at(domain, d + 1, len) {
                break Some(end);
            }
            if d == r {
                break None;
            }
            let mut k = d;
            while let Some(c) = char_before(domain, k) {
                if !is_ascii_domain_label_char(c) {
                    break;
                }
                k -= c.len_utf8();
            }
            d = k - 1;
        };
        match found {
            Some(end) => {
                f(q, end);
                q = end;
            }
            // Any start inside the first label meets the same dots: skip it.
            None => q = r + 1,
        }
    }
}

/// The checks the reference applies to a host name after matching it.
fn domain_is_valid(domain: &str) -> bool {
    if domain.starts_with("xn--") {
        let mut any = false;
        ascii_domains(domain, |_, _| any = true);
        if !any {
            return false;
        }
    }
    domain.split('.').all(|label| {
        ascii_label_len(label).is_some_and(|n| (1..=MAX_DOMAIN_LABEL_LENGTH).contains(&n))
    })
}

/// For `t.co` links: `Some(Ok(end))` keeps only `https?://t.co/slug?query`,
/// `Some(Err(()))` rejects an over-long slug, `None` means "not a t.co link".
fn tco_end(s: &str, start: usize, end: usize) -> Option<Result<usize, ()>> {
    let url = &s[start..end];
    let after_proto = if starts_with_ignore_case(url, 0, "https://") {
        8
    } else if starts_with_ignore_case(url, 0, "http://") {
        7
    } else {
        return None;
    };
    if !starts_with_ignore_case(url, after_proto, "t.co/") {
        return None;
    }
    let slug_start = after_proto + 5;
    let slug_end = run_end(url, slug_start, url.len(), |c| c.is_ascii_alphanumeric());
    if slug_end == slug_start {
        return None;
    }
    if slug_end - slug_start > MAX_TCO_SLUG_LENGTH {
        return Some(Err(()));
    }
    let mut e = slug_end;
    if url.as_bytes().get(e) == Some(&b'?') {
        if let Some(q) = query_end(url, e) {
            e = q;
        }
    }
    Some(Ok(start + e))
}

// ---------------------------------------------------------------------------
// The scanner
// ---------------------------------------------------------------------------

/// A raw match of the URL pattern.
struct RawMatch {
    /// Start of the URL (after the preceding character).
    url_start: usize,
    /// Byte length of the protocol, 0 when absent.
    proto_len: usize,
    /// End of the host name.
    domain_end: usize,
    /// The character before the URL, if the match consumed one.
    before: Option<char>,
}

/// Calls `f(start, end)` for every URL in `text`, in order.
///
/// URLs with a protocol are reported whole (`t.co` links without trailing
/// path noise); URLs without one are reported when their host is made of ASCII
/// labels and a known TLD.
pub(super) fn scan_urls(text: &str, mut f: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut region = Region::new();
    // Where the next match may begin: text before it was consumed by a match.
    let mut pos = 0usize;
    // Where to look for the next dot (every host name contains one).
    let mut search = 0usize;
    while let Some(off) = memchr::memchr(b'.', &bytes[search.max(pos)..]) {
        let dot = search.max(pos) + off;
        // A dot inside a host name is followed by a label character.
        if !char_at(text, dot + 1).is_some_and(is_label_char) {
            search = dot + 1;
            continue;
        }
        // Label run that ends at this dot, not reaching back before `pos`.
        let mut start = dot;
        while start > pos {
            match char_before(text, start) {
                Some(c) if is_label_char(c) => start -= c.len_utf8(),
                _ => break,
            }
        }
        region.build(text, start, dot);
        if !region.any_tld {
            search = region.end.max(pos);
            continue;
        }
        let mut cursor = start;
        if let Some(m) = protocol_candidate(text, &region, pos, start) {
            pos = handle(text, &m, &mut f);
            cursor = pos;
        }
        while cursor < region.end {
            match next_candidate(text, &region, pos, cursor) {
                Some(m) => {
                    pos = handle(text, &m, &mut f);
                    cursor = pos;
                }
                None => break,
            }
        }
        search = region.end.max(pos);
        if search >= text.len() {
            break;
        }
    }
}

/// `http://` or `https://` directly before the region start `start`, followed
/// by a host name.
fn protocol_candidate(text: &str, region: &Region, pos: usize, start: usize) -> Option<RawMatch> {
    let (u, proto_len) = if start >= 8 && starts_with_ignore_case(text, start - 8, "https://") {
        (start - 8, 8)
    } else if start >= 7 && starts_with_ignore_case(text, start - 7, "http://") {
        (start - 7, 7)
    } else {
        return None;
    };
    if u < pos {
        return None;
    }
    let before = if u == 0 {
        None
    } else {
        let c = char_before(text, u)?;
        if u - c.len_utf8() < pos || !is_url_preceding(c) {
            return None;
        }
        Some(c)
    };
    let domain_end = region.domain_from(text, 0, start)?;
    Some(RawMatch {
        url_start: u,
        proto_len,
        domain_end,
        before,
    })
}

/// Finds the first protocol-less match in `region` whose host starts at or
/// after `cursor`, in the order the reference regex tries start positions.
fn next_candidate(text: &str, region: &Region, pos: usize, cursor: usize) -> Option<RawMatch> {
    let found = |u: usize, domain_end: usize, before: Option<char>| RawMatch {
        url_start: u,
        proto_len: 0,
        domain_end,
        before,
    };
    let first = region.segs.partition_point(|seg| seg.end <= cursor);
    for (i, seg) in region.segs.iter().enumerate().skip(first) {
        let mut u = seg.start.max(cursor);
        let mut already_tried = None;
        while u < seg.end {
            let c = char_at(text, u)?;
            let next_u = u + c.len_utf8();
            if u == 0 {
                // At the very start the regex first tries "the first character
                // precedes the URL", then "nothing precedes the URL".
                if is_url_preceding(c) {
                    if let Some(end) = region.domain_from(text, i, next_u) {
                        return Some(found(next_u, end, Some(c)));
                    }
                    already_tried = Some(next_u);
                }
                if let Some(end) = region.domain_from(text, i, 0) {
                    return Some(found(0, end, None));
                }
            } else if already_tried != Some(u) {
                let prev = char_before(text, u).filter(|&p| u - p.len_utf8() >= pos);
                if prev.is_some_and(is_url_preceding) {
                    if let Some(end) = region.domain_from(text, i, u) {
                        return Some(found(u, end, prev));
                    }
                } else if c.len_utf16() == 2 {
                    // The reference works on UTF-16 units: the high surrogate
                    // of a supplementary character can serve as the preceding
                    // character of a host that starts with its low surrogate.
                    // Such a host has the same labels as one starting at `u`.
                    if let Some(end) = region.domain_from(text, i, u) {
                        return Some(found(u, end, None));
                    }
                }
            }
            u = next_u;
        }
    }
    None
}

/// Post-processes a raw match: validation, protocol-less handling, `t.co`
/// trimming. Reports accepted URLs through `f` and returns where scanning
/// resumes (the end of the raw match).
fn handle(text: &str, m: &RawMatch, f: &mut impl FnMut(usize, usize)) -> usize {
    let domain_start = m.url_start + m.proto_len;
    let domain = &text[domain_start..m.domain_end];
    let (end, has_path) = rest_of_url(text, m.domain_end);
    let url = &text[m.url_start..end];
    let proto_len = if m.proto_len == 0 {
        DEFAULT_PROTOCOL_LEN
    } else {
        m.proto_len
    };
    if !domain_is_valid(domain) || proto_len + utf16_len(url) > MAX_URL_LENGTH {
        return end;
    }
    if m.proto_len == 0 {
        if matches!(m.before, Some('-' | '_' | '.' | '/')) {
            return end;
        }
        let mut pending: Option<(usize, usize)> = None;
        ascii_domains(domain, |a, b| {
            if let Some((ps, pe)) = pending.take() {
                f(ps, pe);
            }
            pending = Some((domain_start + a, domain_start + b));
        });
        if let Some((ps, pe)) = pending {
            f(ps, if has_path { end } else { pe });
        }
    } else {
        match tco_end(text, m.url_start, end) {
            Some(Err(())) => {}
            Some(Ok(e)) => f(m.url_start, e),
            None => f(m.url_start, end),
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::scan_urls;

    fn urls(text: &str) -> Vec<&str> {
        let mut v = Vec::new();
        scan_urls(text, |a, b| v.push(&text[a..b]));
        v
    }

    #[test]
    fn basic() {
        assert_eq!(urls("see http://example.com/a."), ["http://example.com/a"]);
        assert_eq!(urls("foo.co.jp"), ["foo.co.jp"]);
        assert_eq!(urls("example.comだよね"), ["example.com"]);
        assert_eq!(urls("no dots here"), Vec::<&str>::new());
        assert_eq!(urls("http://t.co/abc's"), ["http://t.co/abc"]);
    }
}
