//! Context words: evidence near a candidate that raises (or lowers) its confidence.
//!
//! A loose candidate such as a bare five-digit number means little on its own; "my zip is"
//! just before it makes it an address. Words are matched ASCII-case-insensitively and as
//! whole words (the characters around an occurrence must not be letters or digits), in a
//! window of bytes on both sides of the candidate. A `*` at either end of a word opens that
//! side: `llam*` also matches "llamar" and "llamará", `*nummer` matches "Handynummer":
//! cheap stemming for languages that inflect or compound.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::error::{ErrorKind, Result};
use crate::rules::Rule;
use crate::text::{ceil_boundary, floor_boundary};

/// A compiled list of context words.
#[derive(Debug, Clone)]
pub(crate) struct ContextWords {
    ac: AhoCorasick,
    words: Vec<String>,
    /// Per word: may it be glued to letters before it (`*nummer`) / after it (`llam*`)?
    open: Vec<(bool, bool)>,
}

impl ContextWords {
    /// Compiles `words`; `None` when the list is empty.
    pub(crate) fn new(rule: &Rule, words: &[String]) -> Result<Option<ContextWords>> {
        if words.is_empty() {
            return Ok(None);
        }
        let open: Vec<(bool, bool)> = words
            .iter()
            .map(|w| (w.starts_with('*'), w.ends_with('*') && w.len() > 1))
            .collect();
        let stems: Vec<&str> = words.iter().map(|w| w.trim_matches('*')).collect();
        if stems.iter().any(|s| s.is_empty()) {
            return Err(rule.error(ErrorKind::InvalidField("a context word is only `*`".into())));
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&stems)
            .map_err(|e| rule.error(ErrorKind::InvalidField(format!("context words: {e}"))))?;
        Ok(Some(ContextWords {
            ac,
            words: words.to_vec(),
            open,
        }))
    }

    /// Whether any context word occurs anywhere in `text` (whole word or not): a cheap
    /// necessary condition for [`ContextWords::find`].
    pub(crate) fn occurs_in(&self, text: &str) -> bool {
        self.ac.is_match(text)
    }

    /// The first whole-word occurrence of a context word within `window` bytes of
    /// `start..end` in `text`, as the word as written in the rule.
    pub(crate) fn find(&self, text: &str, start: usize, end: usize, window: usize) -> Option<&str> {
        let lo = floor_boundary(text, start.saturating_sub(window));
        let hi = ceil_boundary(text, end.saturating_add(window).min(text.len()));
        let hay = &text[lo..hi];
        self.ac
            .find_overlapping_iter(hay)
            .find(|m| {
                let (open_before, open_after) = self.open[m.pattern().as_usize()];
                whole_word(text, lo + m.start(), lo + m.end(), open_before, open_after)
            })
            .map(|m| self.words[m.pattern().as_usize()].as_str())
    }
}

/// Whether `text[start..end]` is not glued to letters or digits on either side (an edge
/// that is itself not alphanumeric, such as the `#` of `order #`, needs no gap; an open
/// side, from a `*` in the rule, needs none either).
fn whole_word(text: &str, start: usize, end: usize, open_before: bool, open_after: bool) -> bool {
    let inner_first = text[start..end].chars().next();
    let inner_last = text[start..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let glued = |edge: Option<char>, out: Option<char>| matches!((edge, out), (Some(e), Some(o)) if is_word_char(e) && is_word_char(o));
    (open_before || !glued(inner_first, before)) && (open_after || !glued(inner_last, after))
}

/// Letters and digits, except in scripts written without spaces between words (Chinese,
/// Japanese, Korean), where a word boundary cannot be read off the neighbouring character.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        && !matches!(c as u32,
            0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[&str]) -> ContextWords {
        let set = crate::RuleSet::from_toml(
            "[[rule]]\nid='t.t'\ncategory='phone'\nkind='phone'\nregex='x'\n",
            None,
        )
        .unwrap();
        let ws: Vec<String> = ws.iter().map(|s| s.to_string()).collect();
        ContextWords::new(set.get("t.t").unwrap(), &ws)
            .unwrap()
            .unwrap()
    }

    #[test]
    fn whole_words_case_insensitive_in_window() {
        let c = words(&["zip", "código postal"]);
        let t = "My ZIP is 94107";
        assert_eq!(c.find(t, 10, 15, 40), Some("zip"));
        let t = "zipper 94107";
        assert_eq!(c.find(t, 7, 12, 40), None, "not a whole word");
        let t = "mi CÓDIGO POSTAL es 28013";
        assert_eq!(c.find(t, 20, 25, 40), None, "only ASCII letters fold case");
        let t = "mi código postal es 28013";
        assert_eq!(c.find(t, 21, 26, 40), Some("código postal"));
        let t = "zip ........................................................ 94107";
        assert_eq!(
            c.find(t, t.len() - 5, t.len(), 20),
            None,
            "outside the window"
        );
    }

    #[test]
    fn stems_and_cjk() {
        let c = words(&["llam*", "*nummer", "電話番号"]);
        assert_eq!(c.find("te llamará al 600", 14, 17, 40), Some("llam*"));
        assert_eq!(c.find("Handynummer 0171", 12, 16, 40), Some("*nummer"));
        assert_eq!(c.find("Nummernschild 0171", 14, 18, 40), None);
        assert_eq!(c.find("電話番号は 070", 16, 19, 40), Some("電話番号"));
    }
}
