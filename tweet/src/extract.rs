//! Mentions, hashtags and cashtags with twitter-text v3 boundaries.
//!
//! Each scanner walks the trigger characters (`@`, `#`, `$` and their
//! full-width forms) and applies the reference rules for the character before
//! the trigger, the entity body and the text right after it. Like the
//! reference, a candidate that is rejected because of what follows it still
//! consumes its text, so the next entity cannot start inside it.
//!
//! All positions are UTF-8 byte offsets.

use once_cell::sync::Lazy;
use regex_automata::meta::Regex;

use super::url::{is_latin_accent, is_space};

/// Characters of a hashtag (letters, marks, decimal digits and a few joiners
/// and punctuation marks that occur inside words).
const HASHTAG_ALNUM: &str = r"\p{L}\p{M}\p{Nd}_\x{200C}\x{200D}\x{A67E}\x{05BE}\x{05F3}\x{05F4}\x{FF5E}\x{301C}\x{309B}\x{309C}\x{30A0}\x{30FB}\x{3003}\x{0F0B}\x{0F0C}\x{00B7}";

/// Hashtag text: hashtag characters including at least one letter or mark.
static HASHTAG_BODY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"\A[{HASHTAG_ALNUM}]*[\p{{L}}\p{{M}}][{HASHTAG_ALNUM}]*"
    ))
    .expect("hashtag body pattern is valid")
});

/// One hashtag character.
static HASHTAG_CHAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(r"\A[{HASHTAG_ALNUM}]")).expect("hashtag char pattern is valid")
});

#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

#[inline]
fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|t| t.chars().next_back())
}

/// Positions of `ascii` and of the full-width `wide` form in `text`, in order.
fn trigger_positions(
    text: &str,
    ascii: u8,
    wide: char,
) -> impl Iterator<Item = (usize, usize)> + '_ {
    let wide_len = wide.len_utf8();
    let mut buf = [0u8; 4];
    let wide_lead = wide.encode_utf8(&mut buf).as_bytes()[0];
    memchr::memchr2_iter(ascii, wide_lead, text.as_bytes()).filter_map(move |i| {
        if text.as_bytes()[i] == ascii {
            Some((i, 1))
        } else if text.get(i..).is_some_and(|t| t.starts_with(wide)) {
            Some((i, wide_len))
        } else {
            None
        }
    })
}

fn is_hashtag_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        let mut buf = [0u8; 4];
        HASHTAG_CHAR.is_match(&*c.encode_utf8(&mut buf))
    }
}

/// Calls `f(start, end)` for each hashtag (`#` or `＃` plus its text).
pub(super) fn scan_hashtags(text: &str, mut f: impl FnMut(usize, usize)) {
    let mut last_end = 0usize;
    for (h, sign_len) in trigger_positions(text, b'#', '\u{FF03}') {
        if h < last_end {
            continue;
        }
        // What may precede the hash sign.
        let boundary_ok = match char_before(text, h) {
            None => true,
            Some(c) => {
                h - c.len_utf8() >= last_end
                    && (matches!(c, '\u{FE0E}' | '\u{FE0F}') || !(c == '&' || is_hashtag_char(c)))
            }
        };
        if !boundary_ok {
            continue;
        }
        let body_start = h + sign_len;
        // Not a keycap / emoji presentation of '#'.
        if matches!(char_at(text, body_start), Some('\u{FE0F}' | '\u{20E3}')) {
            continue;
        }
        let Some(m) = HASHTAG_BODY.find(&text[body_start..]) else {
            continue;
        };
        let end = body_start + m.end();
        last_end = end;
        let rest = &text[end..];
        if rest.starts_with(['#', '\u{FF03}']) || rest.starts_with("://") {
            continue;
        }
        f(h, end);
    }
}

/// Characters that may not directly precede a mention's at sign.
fn blocks_mention(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '_' | '!' | '#' | '$' | '%' | '&' | '*' | '@' | '\u{FF20}'
        )
}

/// Characters that may not directly precede an `RT` before a mention.
fn blocks_retweet_prefix(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '~' | '.' | '-')
}

/// Whether the text before the at sign at `a` allows a mention, given that
/// nothing before `last_end` may be used.
fn mention_may_start(text: &str, a: usize, last_end: usize) -> bool {
    if a == 0 {
        return true;
    }
    let Some(c) = char_before(text, a) else {
        return true;
    };
    if a - c.len_utf8() >= last_end && !blocks_mention(c) {
        return true;
    }
    // "RT", "RT:" (any case) before the at sign.
    let b = text.as_bytes();
    let q = if b[a - 1] == b':' { a - 1 } else { a };
    if q < 2 || q - 2 < last_end || !b[q - 2..q].eq_ignore_ascii_case(b"rt") {
        return false;
    }
    let r = q - 2;
    match char_before(text, r) {
        None => true,
        Some(p) => r - p.len_utf8() >= last_end && !blocks_retweet_prefix(p),
    }
}

/// Calls `f(start, end)` for each mention or list mention (`@name`,
/// `@name/list-slug`).
pub(super) fn scan_mentions(text: &str, mut f: impl FnMut(usize, usize)) {
    let b = text.as_bytes();
    let mut last_end = 0usize;
    for (a, sign_len) in trigger_positions(text, b'@', '\u{FF20}') {
        if a < last_end || !mention_may_start(text, a, last_end) {
            continue;
        }
        let name_start = a + sign_len;
        let mut end = name_start;
        while end < b.len()
            && end - name_start < 20
            && (b[end].is_ascii_alphanumeric() || b[end] == b'_')
        {
            end += 1;
        }
        if end == name_start {
            continue;
        }
        // Optional "/list-slug": a letter, then up to 24 of [A-Za-z0-9_-].
        if b.get(end) == Some(&b'/') && b.get(end + 1).is_some_and(u8::is_ascii_alphabetic) {
            let slug_start = end + 2;
            let mut e = slug_start;
            while e < b.len()
                && e - slug_start < 24
                && (b[e].is_ascii_alphanumeric() || b[e] == b'_' || b[e] == b'-')
            {
                e += 1;
            }
            end = e;
        }
        last_end = end;
        let rest = &text[end..];
        let blocked = rest.starts_with(['@', '\u{FF20}'])
            || rest.starts_with("://")
            || rest.chars().next().is_some_and(is_latin_accent);
        if !blocked {
            f(a, end);
        }
    }
}

/// White space as JavaScript's `\s` sees it.
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// Whether a cashtag may end right before `i`.
fn cashtag_may_end(text: &str, i: usize) -> bool {
    match char_at(text, i) {
        None => true,
        Some(c) => is_js_space(c) || (c.is_ascii_punctuation() && !matches!(c, '"' | '`')),
    }
}

/// Calls `f(start, end)` for each cashtag (`$` plus 1–6 letters, optionally
/// `.` or `_` and 1–2 more letters).
pub(super) fn scan_cashtags(text: &str, mut f: impl FnMut(usize, usize)) {
    let b = text.as_bytes();
    let mut last_end = 0usize;
    for d in memchr::memchr_iter(b'$', b) {
        if d < last_end {
            continue;
        }
        let preceded_ok = match char_before(text, d) {
            None => true,
            Some(c) => d - c.len_utf8() >= last_end && is_space(c),
        };
        if !preceded_ok {
            continue;
        }
        let start = d + 1;
        let mut e = start;
        while e < b.len() && b[e].is_ascii_alphabetic() {
            e += 1;
        }
        let letters = e - start;
        if letters == 0 || letters > 6 {
            continue;
        }
        let mut options = [None; 3];
        if matches!(b.get(e), Some(b'.' | b'_')) {
            let mut s = e + 1;
            while s < b.len() && s - (e + 1) < 2 && b[s].is_ascii_alphabetic() {
                s += 1;
            }
            let suffix = s - (e + 1);
            if suffix == 2 {
                options[0] = Some(e + 3);
            }
            if suffix >= 1 {
                options[1] = Some(e + 2);
            }
        }
        options[2] = Some(e);
        if let Some(end) = options
            .into_iter()
            .flatten()
            .find(|&end| cashtag_may_end(text, end))
        {
            last_end = end;
            f(d, end);
        }
    }
}
