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

mod chars;
mod email;
mod numbers;

use std::ops::Range;

use numbers::words_alternation;

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
    let view = chars::char_pass(text);
    let view = email::rewrite_emails(&view);
    let view = numbers::rewrite_numbers(&view);
    numbers::rewrite_odd_groups(&view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::compile_fixed as build;
    use email::{EMAIL, EMAIL_TOKEN};
    use numbers::{counting, NUMBER_RUN, NUMBER_UNIT, ODD_GROUPS};
    use once_cell::sync::Lazy;

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
        let patterns = trigger_patterns();
        let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
        let set = crate::patterns::Union::new(&refs, 64 << 20, "triggers").unwrap();
        !set.which(text).is_empty()
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
