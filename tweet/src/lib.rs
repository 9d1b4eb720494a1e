//! Tweet text analysis compatible with twitter-text v3.
//!
//! Two services for short texts such as tweets:
//!
//! * [`entities`] finds mentions (`@name`, `@name/list`), hashtags, URLs (with
//!   or without a protocol) and cashtags, with UTF-8 byte offsets.
//! * [`parse_tweet`] / [`weighted_length`] compute the weighted length that
//!   decides whether a text fits in a tweet, using twitter-text's version 3
//!   configuration (most Latin, Greek, Cyrillic, Hebrew, Arabic … characters
//!   weigh 1, other characters 2, every URL 23 and every emoji sequence 2;
//!   280 at most).
//!
//! The behaviour follows the cross-language twitter-text conformance suite
//! (see `tests/tweet_conformance.rs` in the `discreet` repository), which passes in full. Nothing here
//! allocates or normalises when the text is plain ASCII without any `.`, `@`,
//! `#` or `$`.
//!
//! Where the reference implementations disagree with each other or rely on
//! quirks, this crate makes these choices:
//!
//! * Emoji sequences are recognised with the Unicode TS #51 grammar for
//!   fully-qualified sequences (keycaps, skin tones, recognised flags, tag
//!   flags, ZWJ sequences of emoji-presentation elements), not with the fixed
//!   Emoji 11 list the JavaScript library ships; newer emoji therefore count 2
//!   too, and so does a well-formed ZWJ combination that is not on any list.
//! * A URL costs 23 over its whole span (as in the Java library); the
//!   JavaScript library sometimes skips fewer characters for a protocol-less
//!   URL whose host mixes scripts.
//! * Offsets are computed on characters; the JavaScript library can misplace a
//!   protocol-less URL when the same text occurs earlier in its host.
//!
//! All offsets in this crate are UTF-8 byte offsets; [`TweetLength`] ranges are
//! UTF-16 code units, like twitter-text's.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod extract;
mod punycode;
mod tlds;
mod url;

use once_cell::sync::Lazy;
use regex_automata::meta::Regex;
use std::borrow::Cow;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Kind of tweet entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum EntityKind {
    /// A user mention such as `@acme_help`, or a list mention such as
    /// `@acme/support-team` (the span then includes the list slug).
    Mention,
    /// A hashtag such as `#Order66` (the span includes the `#`).
    Hashtag,
    /// A URL, with a protocol (`https://example.com/a`) or without one
    /// (`example.com/a`, `t.co/abc`).
    Url,
    /// A cashtag such as `$AAPL` (the span includes the `$`).
    Cashtag,
}

/// An entity with UTF-8 byte offsets into the text (start inclusive, end
/// exclusive), on char boundaries.
///
/// `&text[entity.start..entity.end]` is the entity's text, including its
/// `@`, `#` or `$` sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    /// What the entity is.
    pub kind: EntityKind,
    /// Byte offset of the first byte of the entity.
    pub start: usize,
    /// Byte offset just past the last byte of the entity.
    pub end: usize,
}

/// All mentions (`@name`, incl. `@user/list`), hashtags, URLs (with and
/// without protocol) and cashtags, sorted by start, never overlapping.
///
/// Offsets are UTF-8 byte offsets into `text` and always fall on char
/// boundaries. When two candidates overlap, the one that starts first wins (so
/// a `#fragment` inside a URL is not reported as a hashtag).
///
/// # Example
///
/// ```
/// use discreet_tweet::{entities, EntityKind};
///
/// let text = "@acme_help my order #A123 is late, see https://example.com/o/1 $ACME";
/// let found: Vec<(EntityKind, &str)> = entities(text)
///     .into_iter()
///     .map(|e| (e.kind, &text[e.start..e.end]))
///     .collect();
/// assert_eq!(
///     found,
///     [
///         (EntityKind::Mention, "@acme_help"),
///         (EntityKind::Hashtag, "#A123"),
///         (EntityKind::Url, "https://example.com/o/1"),
///         (EntityKind::Cashtag, "$ACME"),
///     ]
/// );
/// ```
#[must_use]
pub fn entities(text: &str) -> Vec<Entity> {
    extract_all(text, &mut Vec::new())
}

/// Entities and weighted length of one text, from one extraction of its URLs: what a
/// caller that needs both (a verdict) would otherwise compute twice.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Analysis {
    /// As [`entities`].
    pub entities: Vec<Entity>,
    /// As [`weighted_length`].
    pub weighted_length: usize,
}

/// [`entities`] and [`weighted_length`] together, scanning the text for URLs once (twice
/// only for text that Unicode normalisation changes, which is measured after NFC).
///
/// ```
/// use discreet_tweet::{analyze, entities, weighted_length};
///
/// let text = "@acme my order from https://shop.example/o/77 never came";
/// let a = analyze(text);
/// assert_eq!(a.entities, entities(text));
/// assert_eq!(a.weighted_length, weighted_length(text));
/// ```
#[must_use]
pub fn analyze(text: &str) -> Analysis {
    let mut urls = Vec::new();
    let entities = extract_all(text, &mut urls);
    let weighted_length = if text.is_ascii() {
        ascii_weighted_length(text, &urls)
    } else {
        parse_with(text, Some(urls)).weighted_length
    };
    Analysis {
        entities,
        weighted_length,
    }
}

/// Every entity of `text`; the URLs found, before overlaps are resolved, go to `urls` (the
/// weighted length counts each of them).
fn extract_all(text: &str, urls: &mut Vec<(usize, usize)>) -> Vec<Entity> {
    let bytes = text.as_bytes();
    // Every entity needs one of these bytes: '.', '@', '#', '$', or 0xEF, the
    // first byte of full-width '＠' and '＃'.
    if memchr::memchr3(b'.', b'@', b'#', bytes).is_none()
        && memchr::memchr2(b'$', 0xEF, bytes).is_none()
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    url::scan_urls(text, |a, b| urls.push((a, b)));
    out.extend(urls.iter().map(|&(start, end)| Entity {
        kind: EntityKind::Url,
        start,
        end,
    }));
    extract::scan_mentions(text, push(&mut out, EntityKind::Mention));
    extract::scan_hashtags(text, push(&mut out, EntityKind::Hashtag));
    extract::scan_cashtags(text, push(&mut out, EntityKind::Cashtag));
    if out.len() > 1 {
        // Stable, so equal starts keep the URL, mention, hashtag, cashtag order.
        out.sort_by_key(|e| e.start);
        let mut kept_end = 0;
        let mut first = true;
        out.retain(|e| {
            if first || e.start >= kept_end {
                first = false;
                kept_end = e.end;
                true
            } else {
                false
            }
        });
    }
    out
}

/// Collects entities of one kind into `out`.
fn push(out: &mut Vec<Entity>, kind: EntityKind) -> impl FnMut(usize, usize) + '_ {
    move |start, end| out.push(Entity { kind, start, end })
}

/// twitter-text v3 parse result.
///
/// The ranges are inclusive and counted in UTF-16 code units of the original
/// (un-normalised) text, exactly as twitter-text reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct TweetLength {
    /// Weighted length: most characters up to U+10FF and some punctuation
    /// count 1, other characters 2, each URL 23 and each emoji sequence 2.
    pub weighted_length: usize,
    /// Whether the text can be posted: not empty, at most
    /// [`MAX_WEIGHTED_LENGTH`], and free of U+FFFE, U+FEFF and U+FFFF.
    pub valid: bool,
    /// `weighted_length` in thousandths of [`MAX_WEIGHTED_LENGTH`] (rounded down).
    pub permillage: usize,
    /// Whole text: `(0, utf16_len - 1)`, or `(0, 0)` for an empty text.
    pub display_range: (usize, usize),
    /// Part of the text that fits: from 0 to the last UTF-16 unit that is
    /// still within the limit and before the first invalid character.
    pub valid_range: (usize, usize),
}

/// Largest weighted length of a valid tweet.
pub const MAX_WEIGHTED_LENGTH: usize = 280;

/// Weights are counted in hundredths.
const SCALE: usize = 100;
/// Weight of characters outside the light ranges.
const DEFAULT_WEIGHT: usize = 200;
/// Weight of characters in the light ranges.
const LIGHT_WEIGHT: usize = 100;
/// What a URL costs, whatever its length.
const URL_WEIGHT: usize = 23 * SCALE;
/// What an emoji sequence costs, however many characters it has.
const EMOJI_WEIGHT: usize = DEFAULT_WEIGHT;

/// Weight of one character (in hundredths).
#[inline]
fn char_weight(c: char) -> usize {
    match u32::from(c) {
        0..=4351 | 8192..=8205 | 8208..=8223 | 8242..=8247 => LIGHT_WEIGHT,
        _ => DEFAULT_WEIGHT,
    }
}

/// A multi-character emoji: a keycap (`1⃣`, `#️⃣`), or fully-qualified emoji
/// elements joined with ZERO WIDTH JOINER. An element is an emoji with a
/// skin-tone modifier, a tag-sequence flag (`🏴` + tags), an emoji shown as
/// emoji by default, or a text-default emoji followed by VARIATION SELECTOR-16.
///
/// This follows the Unicode TS #51 grammar for fully-qualified sequences rather
/// than a fixed list of recommended sequences, so emoji newer than the
/// reference's list also count 2; a well-formed but unlisted ZWJ combination
/// (such as man + ZWJ + cat) counts 2 as well.
static EMOJI_SEQUENCE: Lazy<Regex> = Lazy::new(|| {
    let element = concat!(
        r"(?:\p{Emoji_Modifier_Base}\p{Emoji_Modifier}",
        r"|\x{1F3F4}[\x{E0020}-\x{E007E}]+\x{E007F}",
        r"|[\p{Emoji_Presentation}--[\x{1F1E6}-\x{1F1FF}\x{1F3FB}-\x{1F3FF}]]",
        r"|[[\p{Emoji}--\p{Emoji_Presentation}]--[#*0-9]]\x{FE0F})"
    );
    Regex::new(&format!(
        r"\A(?:[#*0-9]\x{{FE0F}}?\x{{20E3}}|{element}(?:\x{{200D}}{element})*)"
    ))
    .expect("emoji pattern is valid")
});

/// Region codes of the recommended flag emoji (pairs of regional indicators),
/// from Unicode 15.0's `emoji-sequences.txt`, sorted.
const FLAG_REGIONS: &[u8; 516] = b"ACADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCPCRCUCVCWCXCYCZDEDGDJDKDMDODZEAECEEEGEHERESETEUFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUICIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTATCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUNUSUYUZVAVCVEVGVIVNVUWFWSXKYEYTZAZMZW";

/// Whether two regional indicators form a recommended flag.
fn is_flag(a: char, b: char) -> bool {
    let letter = |c: char| (u32::from(c) - 0x1F1E6) as u8 + b'A';
    let code = [letter(a), letter(b)];
    let (mut lo, mut hi) = (0, FLAG_REGIONS.len() / 2);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match FLAG_REGIONS[2 * mid..2 * mid + 2].cmp(&code[..]) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Characters that can continue an emoji sequence.
#[inline]
fn continues_emoji(c: char) -> bool {
    matches!(
        c,
        '\u{FE0F}' | '\u{200D}' | '\u{20E3}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}'
    )
}

#[inline]
fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

/// Byte length of the emoji sequence of two or more characters that starts
/// with `c` at the start of `rest`, if any.
#[inline]
fn emoji_sequence_len(rest: &str, c: char) -> Option<usize> {
    let next = rest[c.len_utf8()..].chars().next()?;
    if is_regional_indicator(c) {
        return (is_regional_indicator(next) && is_flag(c, next)).then_some(8);
    }
    if !continues_emoji(next) {
        return None;
    }
    EMOJI_SEQUENCE
        .find(rest)
        .map(|m| m.end())
        .filter(|&n| n > c.len_utf8())
}

/// Characters from common blocks that are unchanged by NFC and never combine
/// with a neighbour (canonical combining class 0, NFC quick check "yes"). A
/// text made only of these is already normalised; anything else goes through
/// the full quick check.
#[inline]
fn is_nfc_starter(c: char) -> bool {
    matches!(
        u32::from(c),
        0..=0x2FF
            | 0x400..=0x482
            | 0x2002..=0x206F
            | 0x20A0..=0x20C0
            | 0x2190..=0x2328
            | 0x232B..=0x23FF
            | 0x2460..=0x27BF
            | 0x3000..=0x3029
            | 0x3030..=0x303F
            | 0x3041..=0x3096
            | 0x309B..=0x30FF
            | 0x4E00..=0x9FFF
            | 0xAC00..=0xD7A3
            | 0xFF01..=0xFFEF
            | 0x1F000..=0x1FAFF
    )
}

/// Length in UTF-16 code units: one per character, two for characters
/// outside the Basic Multilingual Plane (4-byte UTF-8 sequences).
fn utf16_len(s: &str) -> usize {
    s.bytes()
        .map(|b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// Parses `text` the way twitter-text's `parseTweet` does with its version 3
/// configuration.
///
/// The text is NFC-normalised first; URLs (as found by [`entities`]) count 23,
/// emoji sequences (ZWJ families, skin tones, flags, keycaps, tag sequences)
/// count 2, and every other character counts 1 or 2 depending on its code
/// point. A text is valid when it is non-empty, weighs at most
/// [`MAX_WEIGHTED_LENGTH`] and has no U+FFFE, U+FEFF or U+FFFF.
///
/// # Example
///
/// ```
/// use discreet_tweet::parse_tweet;
///
/// let r = parse_tweet("Hi http://test.co");
/// assert_eq!(r.weighted_length, 26); // "Hi " + a URL counted as 23
/// assert!(r.valid);
/// assert_eq!(r.permillage, 92);
/// assert_eq!(r.display_range, (0, 16));
/// assert_eq!(r.valid_range, (0, 16));
///
/// // CJK characters weigh 2: 141 of them are too many.
/// let r = parse_tweet(&"字".repeat(141));
/// assert_eq!(r.weighted_length, 282);
/// assert!(!r.valid);
/// assert_eq!(r.valid_range, (0, 139));
/// ```
#[must_use]
pub fn parse_tweet(text: &str) -> TweetLength {
    parse_with(text, None)
}

/// [`parse_tweet`], with the URLs of `text` when the caller has them already (they are
/// used only when normalisation leaves the text as it is).
fn parse_with(text: &str, known_urls: Option<Vec<(usize, usize)>>) -> TweetLength {
    let original_len16 = utf16_len(text);
    let normalized: Cow<'_, str> = if text.is_ascii()
        || text.chars().all(is_nfc_starter)
        || is_nfc_quick(text.chars()) == IsNormalized::Yes
    {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    };
    let s: &str = &normalized;
    let bytes = s.as_bytes();

    let urls = match (&normalized, known_urls) {
        (Cow::Borrowed(_), Some(urls)) => urls,
        _ => {
            let mut urls: Vec<(usize, usize)> = Vec::new();
            url::scan_urls(s, |a, b| urls.push((a, b)));
            urls
        }
    };
    let mut next_url = 0usize;

    let limit = MAX_WEIGHTED_LENGTH * SCALE;
    let mut weight = 0usize;
    let mut valid = true;
    // Inclusive UTF-16 end of the last unit that fits, and the current position.
    let mut valid_end16 = 0usize;
    let mut pos16 = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        // A URL that an earlier unit swallowed never counts.
        while next_url < urls.len() && urls[next_url].0 < i {
            next_url += 1;
        }
        let url_start = urls.get(next_url).map_or(bytes.len(), |u| u.0);
        if i == url_start {
            let (a, b) = urls[next_url];
            next_url += 1;
            let unit = &s[a..b];
            let unit16 = utf16_len(unit);
            weight += URL_WEIGHT;
            valid = valid && !unit.chars().next_back().is_some_and(url::is_invalid_char);
            if valid && weight <= limit {
                valid_end16 = pos16 + unit16 - 1;
            }
            pos16 += unit16;
            i = b;
            continue;
        }
        if bytes[i] < 0x80 {
            // A run of ASCII characters: each weighs 1 and is one UTF-16 unit.
            let mut e = i + 1;
            while e < url_start && bytes[e] < 0x80 {
                e += 1;
            }
            // Leave a possible keycap base ('1' + U+20E3 …) to the emoji check.
            if e < url_start && matches!(bytes[e - 1], b'#' | b'*' | b'0'..=b'9') {
                e -= 1;
            }
            if e > i {
                let n = e - i;
                if valid && weight < limit {
                    let fit = n.min((limit - weight) / LIGHT_WEIGHT);
                    if fit > 0 {
                        valid_end16 = pos16 + fit - 1;
                    }
                }
                weight += n * LIGHT_WEIGHT;
                pos16 += n;
                i = e;
                continue;
            }
        }
        let rest = &s[i..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        let c_len = c.len_utf8();
        // Emoji sequences continue with a character encoded with one of these leads.
        let seq_len = if matches!(bytes.get(i + c_len), Some(0xE2 | 0xEF | 0xF0 | 0xF3)) {
            emoji_sequence_len(rest, c)
        } else {
            None
        };
        let (unit_len, unit16, last) = match seq_len {
            Some(n) => {
                let unit = &rest[..n];
                weight += EMOJI_WEIGHT;
                (n, utf16_len(unit), unit.chars().next_back().unwrap_or(c))
            }
            None => {
                weight += char_weight(c);
                (c_len, c.len_utf16(), c)
            }
        };
        valid = valid && !url::is_invalid_char(last);
        if valid && weight <= limit {
            valid_end16 = pos16 + unit16 - 1;
        }
        pos16 += unit16;
        i += unit_len;
    }

    let weighted_length = weight / SCALE;
    let valid = valid && weighted_length > 0 && weighted_length <= MAX_WEIGHTED_LENGTH;
    // Same floating-point formula as the reference, so results agree exactly.
    let permillage =
        ((weighted_length as f64 / MAX_WEIGHTED_LENGTH as f64) * 1000.0).floor() as usize;
    // Ranges refer to the original text: shift by what NFC changed (NFC can
    // also lengthen a text, hence the saturating subtraction).
    let valid_end = (valid_end16 + original_len16).saturating_sub(pos16);
    TweetLength {
        weighted_length,
        valid,
        permillage,
        display_range: (0, original_len16.saturating_sub(1)),
        valid_range: (0, valid_end),
    }
}

/// The weighted length of `text`; always equal to
/// `parse_tweet(text).weighted_length`, but plain ASCII text takes a fast path
/// (about one pass over the bytes when it contains no `.`, and no allocation).
///
/// # Example
///
/// ```
/// use discreet_tweet::{weighted_length, MAX_WEIGHTED_LENGTH};
///
/// assert_eq!(weighted_length("Where is my parcel?"), 19);
/// assert_eq!(weighted_length("Tracking: https://example.com/t/12345"), 10 + 23);
/// assert_eq!(weighted_length("こんにちは"), 10);
/// assert_eq!(weighted_length("👨‍👩‍👧‍👦"), 2);
/// assert!(weighted_length(&"a".repeat(281)) > MAX_WEIGHTED_LENGTH);
/// ```
#[must_use]
pub fn weighted_length(text: &str) -> usize {
    if !text.is_ascii() {
        return parse_tweet(text).weighted_length;
    }
    let mut urls = Vec::new();
    url::scan_urls(text, |a, b| urls.push((a, b)));
    ascii_weighted_length(text, &urls)
}

/// The weighted length of ASCII `text` whose URLs are `urls`: NFC is the identity, there
/// are no emoji and every character weighs 1, so only URLs change the count.
fn ascii_weighted_length(text: &str, urls: &[(usize, usize)]) -> usize {
    urls.iter().fold(text.len(), |len, &(a, b)| {
        len - (b - a) + URL_WEIGHT / SCALE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyze_agrees_with_entities_and_weighted_length() {
        for text in [
            "",
            "plain text without any entity",
            "@user.com is a mention and a URL at once",
            "see example.com/x and https://t.co/abc, @acme #help $ACME",
            "café https://exämple.com/ü 👩‍👩‍👧 done",
            // NFD: normalisation changes it, so the URLs are found again after NFC.
            "cafe\u{301} www.example.com cafe\u{301}",
            "＠acme ＃order 字字字 http://test.co",
        ] {
            let a = analyze(text);
            assert_eq!(a.entities, entities(text), "{text:?}");
            assert_eq!(a.weighted_length, weighted_length(text), "{text:?}");
            assert_eq!(
                a.weighted_length,
                parse_tweet(text).weighted_length,
                "{text:?}"
            );
        }
    }

    #[test]
    fn fast_path_matches_slow_path() {
        for t in [
            "",
            "hello",
            "a.b",
            "see example.com now",
            "x http://t.co/abc y",
        ] {
            assert_eq!(weighted_length(t), parse_tweet(t).weighted_length, "{t:?}");
        }
    }

    #[test]
    fn emoji_sequences() {
        assert_eq!(weighted_length("1\u{20E3}"), 2);
        assert_eq!(weighted_length("\u{1F1EB}\u{1F1F7}"), 2);
        assert_eq!(weighted_length("\u{1F44D}\u{1F3FD}"), 2);
        assert_eq!(weighted_length("\u{2764}\u{FE0F}"), 2);
        // Not a recognised flag, not a presentation sequence.
        assert_eq!(weighted_length("\u{1F1EF}\u{1F1EF}"), 4);
        assert_eq!(weighted_length("\u{1F308}\u{FE0F}"), 4);
        // Text-default emoji need VS16 to join a ZWJ sequence.
        assert_eq!(weighted_length("\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}"), 2);
        assert_eq!(weighted_length("\u{1F3F3}\u{200D}\u{1F308}"), 5);
        // ZWJ between letters is not an emoji sequence.
        assert_eq!(weighted_length("a\u{200D}b"), 3);
    }

    #[test]
    fn empty_is_invalid() {
        let r = parse_tweet("");
        assert!(!r.valid);
        assert_eq!(r.weighted_length, 0);
        assert_eq!(r.display_range, (0, 0));
        assert_eq!(r.valid_range, (0, 0));
    }
}
