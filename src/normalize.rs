//! Seeing through disguised data: a normalised view of a text, with a map back to the
//! original bytes.
//!
//! People write `jane dot doe at gmail dot com`, `4 1 5 5 5 5 0 1 3 2`,
//! `four one five five five five zero one three two`, fullwidth `４１５`, keycap emoji
//! digits, zero-width characters inside numbers, or a Cyrillic `о` in `gmail.com`, to slip
//! past filters or just by habit. [`normalize`] rewrites such text into the ordinary form
//! the rules expect, and [`Normalized::original_range`] maps every span of the view back to
//! the original text, so findings always point at the bytes the user wrote.
//!
//! The scanner only builds this view when a cheap check says it can matter: the trigger
//! patterns below ride along in the single multi-pattern pass that finds rule candidates,
//! so plain text pays nothing extra.
//!
//! # Example
//! ```
//! use discreet::normalize::normalize;
//!
//! let text = "mail jane [at] example [dot] com";
//! let view = normalize(text);
//! assert_eq!(view.as_str(), "mail jane@example.com");
//! assert_eq!(&text[view.original_range(5..21)], "jane [at] example [dot] com");
//! ```

use std::ops::Range;

use once_cell::sync::Lazy;
use regex_automata::meta::Regex;
use regex_automata::util::syntax;
use regex_automata::Input;

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

fn words_alternation() -> String {
    let mut words: Vec<&str> = NUMBER_WORDS
        .iter()
        .flat_map(|w| w.iter().copied())
        .collect();
    // Longest first, so that "une" is preferred to "un".
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.join("|")
}

/// Patterns that say a text may hold disguised data. They are added to the scanner's
/// multi-pattern automaton; when one matches, the scanner also scans the normalised view.
pub(crate) fn trigger_patterns() -> Vec<String> {
    let w = words_alternation();
    vec![
        // (at) [dot] {at} <at> [@] (.), a spaced-out @, and a spelled "dot".
        r"(?i)[(\[{<] ?(?:at|dot|@|\.) ?[)\]}>]|[a-z0-9] +@ +[a-z0-9]".to_string(),
        r"(?i)\bdot\b".to_string(),
        // Four number words or single digits in a row ("four one five", "6 one 7 five").
        format!(r"(?i)\b(?:{w}|[0-9])[ ,-]+(?:{w}|[0-9])[ ,-]+(?:{w}|[0-9])[ ,-]+(?:{w}|[0-9])\b"),
        format!(r"(?i)\b(?:{w})[ ,-]+(?:{w})[ ,-]+(?:{w})\b"),
        r"\b[0-9]\.[0-9]\.[0-9]\.[0-9]\.[0-9]\b".to_string(),
        // Digit groups with odd or mixed separators.
        r"[0-9] *[_~*|] *[0-9]|[0-9] *(?:--+|[-./] +| +[-./]) *[0-9]|[0-9]{3} */ *[0-9]{3}|[0-9]{4}[ .-][0-9]{4}[ .-][0-9]{4}[ .-][0-9]{4}".to_string(),
        // Non-ASCII that normalisation rewrites, only where it can disguise data. An emoji
        // is never a trigger: the zero-width joiner inside 🤦‍♀️ sits between emoji bytes,
        // and building the view for it cost time and once glued a date to a count.
        //
        // Characters that are digits themselves: fullwidth digits and @, keycaps, circled,
        // Arabic-Indic, Devanagari, Bengali and mathematical digits.
        r"\xEF\xBC[\x90-\x99\xA0]|[0-9#*](?:\xEF\xB8\x8F)?\xE2\x83\xA3|\xE2\x91[\xA0-\xA8]|\xE2\x93\xAA|\xD9[\xA0-\xA9]|\xDB[\xB0-\xB9]|\xE0\xA5[\xA6-\xAF]|\xE0\xA7[\xA6-\xAF]|\xF0\x9D\x9F[\x8E-\xBF]".to_string(),
        // Other fullwidth forms, zero-width characters and the soft hyphen, next to an
        // ASCII letter, digit, `@` or `.` (inside a number, a handle or an address).
        format!(r"[0-9A-Za-z@.](?:{ZW}|{FW})|(?:{ZW}|{FW})[0-9A-Za-z@.]"),
        // Cyrillic and Greek look-alikes glued to ASCII letters or digits: `gmаil.com`
        // with a Cyrillic `а`. Russian or Greek prose is not a trigger.
        format!(r"[0-9A-Za-z@.]{LOOKALIKE}|{LOOKALIKE}[0-9A-Za-z@.]"),
    ]
}

/// Zero-width characters, the word joiner, the byte-order mark and the soft hyphen, as
/// UTF-8 bytes.
const ZW: &str = r"\xE2\x80[\x8B-\x8D]|\xE2\x81\xA0|\xEF\xBB\xBF|\xC2\xAD";
/// Fullwidth ASCII forms (U+FF01–U+FF5E) and the ideographic space, as UTF-8 bytes.
const FW: &str = r"\xEF\xBC[\x81-\xBF]|\xEF\xBD[\x80-\x9E]|\xE3\x80\x80";
/// Two-byte Cyrillic and Greek letters (U+0380–U+052F), as UTF-8 bytes.
const LOOKALIKE: &str = r"[\xCE-\xD4][\x80-\xBF]";

fn syntax_config() -> syntax::Config {
    syntax::Config::new().unicode(false).utf8(false)
}

fn build(pattern: &str) -> Regex {
    // The patterns are constants of this module, compiled in its tests; failing here is
    // a build defect, not an input problem.
    Regex::builder()
        .syntax(syntax_config())
        .build(pattern)
        .unwrap_or_else(|e| panic!("normalisation pattern does not compile: {e}"))
}

const AT: &str = r"(?:\s*[(\[{<]\s*(?:at|@)\s*[)\]}>]\s*|\s+at\s+|\s*@\s*)";
const DOT: &str = r"(?:\s*[(\[{<]\s*(?:dot|\.)\s*[)\]}>]\s*|\s+dot\s+|\s+\.\s+|\.)";

/// A disguised email: words joined by spelled or bracketed "at" and "dot".
static EMAIL: Lazy<Regex> = Lazy::new(|| {
    build(&format!(
        r"(?i)\b[a-z0-9_%+'-]+(?:{DOT}[a-z0-9_%+'-]+)*{AT}[a-z0-9-]+(?:{DOT}[a-z0-9-]+)+\b"
    ))
});

/// The "at" and "dot" tokens inside a disguised email.
static EMAIL_TOKEN: Lazy<Regex> = Lazy::new(|| {
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

/// Runs of number words and digits.
static NUMBER_RUN: Lazy<Regex> = Lazy::new(|| {
    let w = words_alternation();
    build(&format!(
        r"(?i)(?:\+|\b(?:plus|más|mas|mais)\s+)?\b(?:{w}|[0-9]+)(?:(?:\s*[,-]\s*|\s+)(?:{w}|[0-9]+)){{3,}}\b"
    ))
});

/// One unit of a number run: a word or a group of digits.
static NUMBER_UNIT: Lazy<Regex> = Lazy::new(|| {
    let w = words_alternation();
    build(&format!(r"(?i)\b(?:{w}|[0-9]+)\b"))
});

/// Digit groups joined by separators a rule would not accept: single digits spaced out,
/// `415_555_0132`, `415 / 555 / 0132`, `415 - 555 - 0132`, `305~555~0111`,
/// `4111.1111.1111.1111`, digits split by zero-width characters (marked `\x01` by the
/// character pass).
static ODD_GROUPS: Lazy<Regex> =
    Lazy::new(|| build(r"\+?\(?\b[0-9]{1,6}(?:[\s()._/~*|\x01-]+[0-9]{1,6}){2,18}\b"));

/// A normalised view of a text and the map back to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    /// For each byte of `text`: the original byte range it came from.
    map: Vec<(usize, usize)>,
}

impl Normalized {
    fn identity(text: &str) -> Normalized {
        let mut map = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            map.extend(std::iter::repeat_n((i, end), c.len_utf8()));
        }
        Normalized {
            text: text.to_string(),
            map,
        }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The range of the original text that `range` of the view came from. Always on the
    /// original's char boundaries; an empty or out-of-bounds range maps to an empty range.
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        let end = range.end.min(self.map.len());
        if range.start >= end {
            let at = self
                .map
                .get(range.start)
                .map_or_else(|| self.map.last().map_or(0, |m| m.1), |m| m.0);
            return at..at;
        }
        let start = self.map[range.start].0;
        let stop = self.map[range.start..end]
            .iter()
            .map(|m| m.1)
            .max()
            .unwrap_or(start);
        start..stop
    }

    /// Whether the view differs from the original text.
    pub fn is_changed(&self, original: &str) -> bool {
        self.text != original
    }

    /// Applies non-overlapping edits, sorted by start, given in this view's coordinates.
    /// Each byte of a replacement maps to the whole original range of what it replaced.
    fn apply(&self, edits: &[(Range<usize>, String)]) -> Normalized {
        if edits.is_empty() {
            return self.clone();
        }
        let mut text = String::with_capacity(self.text.len());
        let mut map = Vec::with_capacity(self.map.len());
        let mut at = 0;
        for (range, replacement) in edits {
            text.push_str(&self.text[at..range.start]);
            map.extend_from_slice(&self.map[at..range.start]);
            let orig = self.original_range(range.clone());
            text.push_str(replacement);
            map.extend(std::iter::repeat_n(
                (orig.start, orig.end),
                replacement.len(),
            ));
            at = range.end;
        }
        text.push_str(&self.text[at..]);
        map.extend_from_slice(&self.map[at..]);
        Normalized { text, map }
    }
}

/// Builds the normalised view of `text` (the text itself when nothing is disguised).
///
/// Runs in time linear in the text: one pass over its characters, then a few regex passes
/// over the view.
pub fn normalize(text: &str) -> Normalized {
    let view = char_pass(text);
    let view = rewrite_emails(&view);
    let view = rewrite_numbers(&view);
    rewrite_odd_groups(&view)
}

/// Zero-width characters, soft hyphens and emoji presentation selectors: invisible, and
/// dropped from the view.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{FE0E}'
            | '\u{FE0F}'
    )
}

/// The ASCII digit a Unicode digit or digit-like symbol stands for.
fn digit_value(c: char) -> Option<char> {
    let n = c as u32;
    let d = match n {
        0xFF10..=0xFF19 => n - 0xFF10,
        0x0660..=0x0669 => n - 0x0660,
        0x06F0..=0x06F9 => n - 0x06F0,
        0x0966..=0x096F => n - 0x0966,
        0x09E6..=0x09EF => n - 0x09E6,
        0x1D7CE..=0x1D7FF => (n - 0x1D7CE) % 10,
        0x2460..=0x2468 => n - 0x2460 + 1,
        0x24EA => 0,
        _ => return None,
    };
    char::from_digit(d, 10)
}

/// Latin look-alikes of Cyrillic and Greek letters.
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' => 'a',
        'е' | 'ε' => 'e',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' | 'χ' => 'x',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'һ' => 'h',
        'ӏ' => 'l',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'κ' => 'k',
        'ν' => 'v',
        'υ' => 'u',
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'Е' | 'Ε' => 'E',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Н' | 'Η' => 'H',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'С' => 'C',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'І' | 'Ι' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        'Ζ' => 'Z',
        'Ν' => 'N',
        'Υ' => 'Y',
        _ => return None,
    })
}

/// Whether a whitespace-delimited token mixes ASCII letters or digits with look-alike
/// letters: only then are the look-alikes rewritten, so Russian or Greek prose stays as
/// it is.
fn mixed_script(token: &str) -> bool {
    token
        .bytes()
        .any(|b| b.is_ascii_alphanumeric() || b == b'@' || b == b'.')
        && token.chars().any(|c| latin_lookalike(c).is_some())
}

/// Character-level rewriting: fullwidth forms and other digits to ASCII, keycaps to their
/// digit, invisible characters dropped, look-alike letters in mixed-script tokens to Latin.
fn char_pass(text: &str) -> Normalized {
    if text.is_ascii() {
        return Normalized::identity(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut push = |out: &mut String, c: char, src: (usize, usize)| {
        out.push(c);
        map.extend(std::iter::repeat_n(src, c.len_utf8()));
    };
    let mut token_mixed = false;
    let mut token_end = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let end = i + c.len_utf8();
        if i >= token_end {
            // Entering a new token (or whitespace): decide once per token.
            let rest = &text[i..];
            let len = rest
                .find(char::is_whitespace)
                .unwrap_or(rest.len())
                .max(c.len_utf8());
            token_end = i + len;
            token_mixed = mixed_script(&text[i..token_end]);
        }
        // Keycap: a digit, #, or *, an optional presentation selector, then U+20E3.
        if c.is_ascii_digit() || c == '#' || c == '*' {
            let mut j = k + 1;
            if chars.get(j).is_some_and(|&(_, n)| n == '\u{FE0F}') {
                j += 1;
            }
            if let Some(&(ki, '\u{20E3}')) = chars.get(j) {
                push(&mut out, c, (i, ki + '\u{20E3}'.len_utf8()));
                k = j + 1;
                continue;
            }
        }
        if is_invisible(c) {
            // Between digits, an invisible character splits a number on purpose: mark the
            // split for the separator pass instead of gluing the digits together.
            let prev_digit = out.as_bytes().last().is_some_and(u8::is_ascii_digit);
            let next_digit = chars
                .get(k + 1)
                .is_some_and(|&(_, n)| n.is_ascii_digit() || digit_value(n).is_some());
            if prev_digit && next_digit {
                push(&mut out, '\u{1}', (i, end));
            }
            k += 1;
            continue;
        }
        let n = c as u32;
        let mapped = if (0xFF01..=0xFF5E).contains(&n) {
            char::from_u32(n - 0xFEE0)
        } else if c == '\u{3000}' {
            Some(' ')
        } else if let Some(d) = digit_value(c) {
            Some(d)
        } else if token_mixed {
            latin_lookalike(c)
        } else {
            None
        };
        push(&mut out, mapped.unwrap_or(c), (i, end));
        k += 1;
    }
    Normalized { text: out, map }
}

/// `jane dot doe at example dot com` → `jane.doe@example.com`.
///
/// A plain " at " is read as `@` only when a "dot" is spelled out too: "look at
/// example.com" is prose, "jane at example dot com" is an address.
fn rewrite_emails(view: &Normalized) -> Normalized {
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
fn counting(units: &[u32]) -> bool {
    units.len() >= 3 && units.windows(2).all(|w| w[0].checked_add(1) == Some(w[1]))
}

/// `four one five five five five zero one three two` → `415-555-0132`.
fn rewrite_numbers(view: &Normalized) -> Normalized {
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
fn rewrite_odd_groups(view: &Normalized) -> Normalized {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn view(text: &str) -> String {
        normalize(text).as_str().to_string()
    }

    #[test]
    fn patterns_compile() {
        for p in trigger_patterns() {
            build(&p);
        }
        Lazy::force(&EMAIL);
        Lazy::force(&EMAIL_TOKEN);
        Lazy::force(&NUMBER_RUN);
        Lazy::force(&NUMBER_UNIT);
        Lazy::force(&ODD_GROUPS);
    }

    #[test]
    fn emails() {
        assert_eq!(view("jane dot doe at gmail dot com"), "jane.doe@gmail.com");
        assert_eq!(view("jane(at)gmail(dot)com"), "jane@gmail.com");
        assert_eq!(
            view("mail jane [at] gmail [dot] com pls"),
            "mail jane@gmail.com pls"
        );
        assert_eq!(view("jane.doe [at] example.com"), "jane.doe@example.com");
        assert_eq!(view("look at example.com"), "look at example.com");
        assert_eq!(
            view("contact me at zoe.b {at} example {dot} com"),
            "contact me at zoe.b@example.com"
        );
        assert_eq!(view("tasha @ example . com"), "tasha@example.com");
        assert_eq!(view("kofi.m[@]example.org"), "kofi.m@example.org");
        assert_eq!(
            view("details at example dot org slash faq"),
            "details at example dot org slash faq"
        );
        assert_eq!(view("I'm at the dot gate"), "I'm at the dot gate");
        assert_eq!(view("still @AcmeAir dot on it"), "still @AcmeAir dot on it");
        assert_eq!(view("we met at the cafe"), "we met at the cafe");
    }

    #[test]
    fn numbers() {
        assert_eq!(
            view("call four one five five five five zero one three two"),
            "call 415-555-0132"
        );
        assert_eq!(view("4 1 5 5 5 5 0 1 3 2"), "415-555-0132");
        assert_eq!(view("415_555_0132"), "415-555-0132");
        assert_eq!(view("415 - 555 - 0132"), "415-555-0132");
        assert_eq!(
            view("seis uno dos tres cuatro cinco seis siete ocho"),
            "612345678"
        );
        assert_eq!(
            view("at one point two of us left"),
            "at one point two of us left"
        );
        assert_eq!(view("one two three go"), "one two three go");
        assert_eq!(
            view("one two three four five six seven eight nine ten"),
            "one two three four five six seven eight nine ten"
        );
        assert_eq!(view("1 2 3 4 5 6 7 8 9 10"), "1 2 3 4 5 6 7 8 9 10");
        assert_eq!(
            view("plus four four two zero seven nine four six zero nine five eight"),
            "+442079460958"
        );
        assert_eq!(view("( 3 0 5 ) 5 5 5 0 1 1 1"), "( 305-555-0111");
        assert_eq!(
            view("on 2024-03-15, v2.14.3, 192.168.1.20, 15.03.2024"),
            "on 2024-03-15, v2.14.3, 192.168.1.20, 15.03.2024"
        );
        assert_eq!(
            view("score 3 - 1 at 14:05 on 2024-03-15"),
            "score 3 - 1 at 14:05 on 2024-03-15"
        );
    }

    #[test]
    fn characters_and_map_back() {
        let t = "ｃａｌｌ ４１５５５５０１３２";
        let v = normalize(t);
        assert_eq!(v.as_str(), "call 4155550132");
        let r = v.original_range(5..v.as_str().len());
        assert_eq!(&t[r], "４１５５５５０１３２");
        let t = "4\u{fe0f}\u{20e3}1\u{fe0f}\u{20e3}5\u{fe0f}\u{20e3}";
        assert_eq!(view(t), "415");
        assert_eq!(view("41\u{200b}55"), "41\u{1}55");
        assert_eq!(view("415\u{200b}555\u{200b}0132"), "415-555-0132");
        assert_eq!(view("jane@gmаil.com"), "jane@gmail.com");
        assert_eq!(view("привет как дела"), "привет как дела");
        let t = "x jane [at] example [dot] com y";
        let v = normalize(t);
        let r = v.original_range(2..v.as_str().len() - 2);
        assert_eq!(&t[r], "jane [at] example [dot] com");
    }

    #[test]
    fn counting_never_overflows() {
        // Regression (tests/props.rs): a digit group too long for u32 parsed as u32::MAX.
        assert!(!counting(&[u32::MAX, 0, 1]));
        assert!(counting(&[1, 2, 3]));
        let long = "99999999999 1 2 3 four five six seven";
        assert_eq!(
            normalize(long).as_str().len(),
            normalize(long).as_str().len()
        );
    }

    /// Whether any trigger pattern matches `text`.
    fn triggered(text: &str) -> bool {
        let set = Regex::builder()
            .syntax(syntax_config())
            .build_many(&trigger_patterns())
            .unwrap();
        set.is_match(Input::new(text))
    }

    #[test]
    fn emoji_never_trigger_the_view() {
        for text in [
            "still waiting on a refund since 05/28/2022 21 hours on the tarmac 🤦‍♀️",
            "🤦‍♂️ gate B12 at 14:05, seat 14C, $49.99 for a sandwich",
            "family trip 👩‍👩‍👧 ✈️ 🏳️‍🌈 👍🏽 🧑‍💻 🇬🇧 ❤️",
            "привет, как дела? Καλημέρα",
            "（笑）ありがとう！",
        ] {
            assert!(!triggered(text), "{text}");
        }
        for text in [
            "415\u{200b}555\u{200b}0132",
            "jane\u{200d}@example.com",
            "ｃａｌｌ ４１５５５５０１３２",
            "jane@gmаil.com",
            "ｊａｎｅ＠ｅｘａｍｐｌｅ.com",
            "4\u{fe0f}\u{20e3}1\u{fe0f}\u{20e3}",
            "call ٤١٥٥٥٥٠١٣٢",
        ] {
            assert!(triggered(text), "{text}");
        }
    }

    #[test]
    fn what_the_writer_kept_apart_stays_apart() {
        for text in [
            "still waiting on a refund since 05/28/2022 21 hours on the tarmac",
            "booked 5-28-2022 and 2022/05/28, 31 days later",
            "15.03.2024 12 Uhr",
            "flight 2231 22 min late",
        ] {
            assert_eq!(view(text), text);
        }
        // A disguised number next to a date is still rewritten, the date is not.
        assert_eq!(
            view("415_555_0132 05/28/2022 21 hours"),
            "415-555-0132 05/28/2022 21 hours"
        );
        assert_eq!(
            view("+44_20_7946_0958 since 05/28/2022"),
            "+442079460958 since 05/28/2022"
        );
        assert_eq!(view("card 4111-1111 1111.1111"), "card 4111111111111111");
    }

    #[test]
    fn ranges_are_safe() {
        let v = normalize("é");
        assert_eq!(v.original_range(5..9), 2..2);
        assert_eq!(v.original_range(1..1), 0..0);
    }
}
