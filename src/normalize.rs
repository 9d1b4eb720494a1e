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
        // (at) [dot] {at} <at>, and a spelled "dot".
        r"(?i)[(\[{<] ?(?:at|dot) ?[)\]}>]".to_string(),
        r"(?i)\bdot\b".to_string(),
        // Three number words in a row.
        format!(r"(?i)\b(?:{w})[ ,-]+(?:{w})[ ,-]+(?:{w})\b"),
        // Single digits spaced out, and digit groups with odd separators.
        r"\b[0-9][ ._/-][0-9][ ._/-][0-9][ ._/-][0-9]\b".to_string(),
        r"[0-9] *_ *[0-9]|[0-9] +[-./] +[0-9]|[0-9]{3} */ *[0-9]{3}|[0-9]{4}\.[0-9]{4}\.".to_string(),
        // Non-ASCII that normalisation rewrites: fullwidth forms, keycaps, zero-width and
        // soft hyphen, Cyrillic and Greek letters, circled, Arabic-Indic, Devanagari and
        // mathematical digits.
        r"\xEF[\xBC\xBD]|\xE2\x83\xA3|\xE2\x80[\x8B-\x8D]|\xE2\x81\xA0|\xEF\xBB\xBF|\xC2\xAD|[\xCE-\xD1][\x80-\xBF]|\xE2\x91[\xA0-\xA8]|\xD9[\xA0-\xA9]|\xDB[\xB0-\xB9]|\xE0\xA5[\xA6-\xAF]|\xF0\x9D\x9F".to_string(),
    ]
}

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

const AT: &str = r"(?:\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+|\s*@\s*)";
const DOT: &str = r"(?:\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+|\.)";

/// A disguised email: words joined by spelled or bracketed "at" and "dot".
static EMAIL: Lazy<Regex> = Lazy::new(|| {
    build(&format!(
        r"(?i)\b[a-z0-9_%+'-]+(?:{DOT}[a-z0-9_%+'-]+)*{AT}[a-z0-9-]+(?:{DOT}[a-z0-9-]+)+\b"
    ))
});

/// The "at" and "dot" tokens inside a disguised email.
static EMAIL_TOKEN: Lazy<Regex> =
    Lazy::new(|| build(r"(?i)\s*[(\[{<]\s*(?:at|dot)\s*[)\]}>]\s*|\s+(?:at|dot)\s+|\s*@\s*|\."));

/// Runs of number words and digits.
static NUMBER_RUN: Lazy<Regex> = Lazy::new(|| {
    let w = words_alternation();
    build(&format!(
        r"(?i)\+?\b(?:{w}|[0-9]+)(?:(?:\s*[,-]\s*|\s+)(?:{w}|[0-9]+)){{3,}}\b"
    ))
});

/// One unit of a number run: a word or a group of digits.
static NUMBER_UNIT: Lazy<Regex> = Lazy::new(|| {
    let w = words_alternation();
    build(&format!(r"(?i)\b(?:{w}|[0-9]+)\b"))
});

/// Digit groups joined by separators a rule would not accept: single digits spaced out,
/// `415_555_0132`, `415 / 555 / 0132`, `415 - 555 - 0132`, `4111.1111.1111.1111`.
static ODD_GROUPS: Lazy<Regex> = Lazy::new(|| {
    build(
        r"\+?\b(?:[0-9](?:(?:\s|\s*[._/-]\s*)[0-9]){6,18}|[0-9]{2,5}(?:(?:\s*[_/]\s*|\s+[-.]\s*|\s*[-.]\s+)[0-9]{2,5}){2,5}|[0-9]{4}(?:\.[0-9]{4}){3})\b",
    )
});

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
    for m in EMAIL.find_iter(Input::new(hay)) {
        let s = &hay[m.range()];
        let tokens: Vec<_> = EMAIL_TOKEN.find_iter(Input::new(s)).collect();
        let spelled = |t: &regex_automata::Match| {
            let x = s[t.range()].trim().to_ascii_lowercase();
            x != "@" && x != "."
        };
        if !tokens.iter().any(spelled) {
            continue; // an ordinary address: the rules see it as it is
        }
        let plain_at = tokens.iter().any(|t| {
            s[t.range()].trim().eq_ignore_ascii_case("at")
                && !s[t.range()].contains(['(', '[', '{', '<'])
        });
        let spelled_dot = tokens.iter().any(|t| {
            let x = s[t.range()].to_ascii_lowercase();
            x.contains("dot")
        });
        if plain_at && !spelled_dot {
            continue;
        }
        for t in &tokens {
            let x = s[t.range()].to_ascii_lowercase();
            let rep = if x.contains("at") || x.contains('@') {
                "@"
            } else {
                "."
            };
            edits.push((m.start() + t.start()..m.start() + t.end(), rep.to_string()));
        }
    }
    view.apply(&edits)
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
    match d.len() {
        10 if digits.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..])
        }
        11 if d[0] == b'1' => format!("1-{}-{}-{}", &digits[1..4], &digits[4..7], &digits[7..]),
        _ => digits.to_string(),
    }
}

/// `four one five five five five zero one three two` → `415-555-0132`.
fn rewrite_numbers(view: &Normalized) -> Normalized {
    let hay = view.as_str();
    let mut edits = Vec::new();
    for m in NUMBER_RUN.find_iter(Input::new(hay)) {
        let run = &hay[m.range()];
        let mut digits = String::new();
        let mut words = 0;
        for u in NUMBER_UNIT.find_iter(Input::new(run)) {
            let unit = &run[u.range()];
            if unit.bytes().all(|b| b.is_ascii_digit()) {
                digits.push_str(unit);
            } else if let Some(d) = word_digit(unit) {
                digits.push(d);
                words += 1;
            }
        }
        if words < 2 || digits.len() < MIN_RUN_DIGITS {
            continue;
        }
        let plus = if run.starts_with('+') { "+" } else { "" };
        edits.push((m.range(), format!("{plus}{}", canonical(&digits))));
    }
    view.apply(&edits)
}

/// `4 1 5 5 5 5 0 1 3 2`, `415_555_0132`, `415 - 555 - 0132` → `415-555-0132`.
fn rewrite_odd_groups(view: &Normalized) -> Normalized {
    let hay = view.as_str();
    let mut edits = Vec::new();
    for m in ODD_GROUPS.find_iter(Input::new(hay)) {
        let run = &hay[m.range()];
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        if digits.len() < MIN_RUN_DIGITS {
            continue;
        }
        let plus = if run.starts_with('+') { "+" } else { "" };
        edits.push((m.range(), format!("{plus}{}", canonical(&digits))));
    }
    view.apply(&edits)
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
        assert_eq!(view("41\u{200b}55"), "4155");
        assert_eq!(view("jane@gmаil.com"), "jane@gmail.com");
        assert_eq!(view("привет как дела"), "привет как дела");
        let t = "x jane [at] example [dot] com y";
        let v = normalize(t);
        let r = v.original_range(2..v.as_str().len() - 2);
        assert_eq!(&t[r], "jane [at] example [dot] com");
    }

    #[test]
    fn ranges_are_safe() {
        let v = normalize("é");
        assert_eq!(v.original_range(5..9), 2..2);
        assert_eq!(v.original_range(1..1), 0..0);
    }
}
