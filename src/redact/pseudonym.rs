//! Pseudonym tokens: the canonical form of a value, its keyed token, and how a token is
//! recognised in redacted text.

use std::borrow::Cow;

use hmac::Mac;

use super::key::Key;
use crate::Category;

/// Characters in a pseudonym token: 48 bits of the MAC, four per character.
pub(super) const TOKEN_LEN: usize = 12;

/// The token alphabet: sixteen consonants, one per 4-bit nibble. No digits or symbols,
/// because the password rules take any word with a digit or symbol after "password" for a
/// password (and the username rules any word with a digit after "username"); no vowels, so
/// a token never spells a word.
pub(super) const TOKEN_ALPHABET: &[u8; 16] = b"bcdfghjklmnpqrst";

/// The country calling code assumed for a phone number written without one: that of the
/// first of [`DEFAULT_PHONE_REGIONS`](crate::DEFAULT_PHONE_REGIONS), the United States
/// (the North American Numbering Plan, ten-digit national numbers). A redactor does not
/// know which regions a scanner was built with, and a token must not depend on it.
const DEFAULT_COUNTRY_CODE: &str = "1";

/// Digits of a national number in the default country's plan.
const DEFAULT_NATIONAL_DIGITS: usize = 10;

/// Writes the token of `value`, labelled by category: `[email:kdtmhbfqzrlc]`.
pub(super) fn write(out: &mut String, key: &Key, category: Category, value: &str) {
    // Labelled by category, not kind: a kind name (`username`, `password`) followed by `:`
    // is exactly the context a rule looks for before a value.
    out.push('[');
    out.push_str(category.as_str());
    out.push(':');
    out.push_str(&token(key, category, value));
    out.push(']');
}

/// The token of `value`: HMAC-SHA256 over the category and the canonical value, the first
/// 48 bits, one consonant per nibble ([`TOKEN_ALPHABET`]). With 48 bits, two distinct values
/// share a token with even odds only among some 20 million values of one category.
pub(super) fn token(key: &Key, category: Category, value: &str) -> String {
    let mut mac = key.mac();
    mac.update(category.as_str().as_bytes());
    mac.update(&[0x1f]);
    mac.update(canonical(category, value).as_bytes());
    let digest = mac.finalize().into_bytes();
    digest[..TOKEN_LEN / 2]
        .iter()
        .flat_map(|b| [b >> 4, b & 15])
        .map(|n| char::from(TOKEN_ALPHABET[usize::from(n)]))
        .collect()
}

/// The value as a pseudonym sees it, so that one customer's value gets one token however it
/// was typed. First the scanner's normalised view (fullwidth forms and other digits to
/// ASCII, invisible characters dropped, emails spelt out rewritten), then:
/// - an email, case-folded;
/// - a phone number, `+`, the country code and the digits ([`canonical_phone`]);
/// - anything else (cards, IBANs, account numbers), its letters and digits, case-folded.
pub(super) fn canonical(category: Category, value: &str) -> String {
    // A `(0)` after a country code is a trunk prefix dialled only from inside the country
    // (`+44 (0)20 …`); the normalised view would glue it to the digits.
    let value = match category {
        Category::Phone if value.contains("(0)") => Cow::Owned(value.replace("(0)", " ")),
        _ => Cow::Borrowed(value),
    };
    // The normalised view matters for non-ASCII text (fullwidth forms, other digits,
    // keycaps) and for emails spelt out with spaces (`jo at example dot com`); plain ASCII
    // values skip it, which keeps pseudonyms as cheap as the other styles.
    let plain = value.is_ascii() && (category != Category::Email || !value.contains(' '));
    let view;
    let v = if plain {
        value.trim()
    } else {
        view = crate::normalize::normalize(&value);
        view.as_str().trim()
    };
    let n = match category {
        Category::Email => v.to_lowercase(),
        Category::Phone => canonical_phone(v),
        _ => v
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect(),
    };
    if n.is_empty() {
        v.to_string()
    } else {
        n
    }
}

/// A phone number in an E.164-like form: `+`, the country code, the national number, and
/// `;ext=` with an extension's digits. The country code is the written one (after `+` or
/// `00`); a number without
/// one is read in the default plan ([`DEFAULT_COUNTRY_CODE`]) when it has that plan's
/// length, with or without its leading `1`. Other national numbers keep their digits as
/// written (a region cannot be guessed), so `07700 900123` and `+44 7700 900123` differ.
fn canonical_phone(v: &str) -> String {
    // An extension starts at the first letter or `#`: `x623`, `ext. 623`, `#623`.
    let (number, ext) = match v.find(|c: char| c.is_alphabetic() || c == '#') {
        Some(i) => (&v[..i], &v[i..]),
        None => (v, ""),
    };
    let first = number.trim_start_matches(|c: char| !(c == '+' || c.is_ascii_digit()));
    let plus = first.starts_with('+');
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let mut out = String::with_capacity(digits.len() + 8);
    out.push('+');
    if plus {
        out.push_str(&digits);
    } else if let Some(rest) = digits.strip_prefix("00") {
        out.push_str(rest);
    } else if digits.len() == DEFAULT_NATIONAL_DIGITS {
        out.push_str(DEFAULT_COUNTRY_CODE);
        out.push_str(&digits);
    } else if digits.len() == DEFAULT_NATIONAL_DIGITS + DEFAULT_COUNTRY_CODE.len()
        && digits.starts_with(DEFAULT_COUNTRY_CODE)
    {
        out.push_str(&digits);
    } else {
        // A national number of another plan: no country code can be added.
        out.clear();
        out.push_str(&digits);
    }
    let ext: String = ext.chars().filter(char::is_ascii_digit).collect();
    if !ext.is_empty() {
        out.push_str(";ext=");
        out.push_str(&ext);
    }
    out
}

/// The length of a pseudonym token `[category:xxxxxxxxxxxx]` at the start of `b`, if any.
pub(super) fn token_len(b: &[u8]) -> Option<usize> {
    let rest = b.strip_prefix(b"[")?;
    let label = Category::NAMES
        .iter()
        .find(|n| rest.starts_with(n.as_bytes()))?
        .len();
    let body = rest.get(label + 1..label + 1 + TOKEN_LEN)?;
    let ok = rest[label] == b':'
        && body.iter().all(|c| TOKEN_ALPHABET.contains(c))
        && rest.get(label + 1 + TOKEN_LEN) == Some(&b']');
    ok.then_some(label + 3 + TOKEN_LEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Key {
        Key::new("0123456789abcdef-test-key").unwrap()
    }

    #[test]
    fn the_default_country_code_is_the_first_default_region() {
        let first = crate::DEFAULT_PHONE_REGIONS[0];
        assert_eq!(first, crate::validate::Region::US);
        assert_eq!(DEFAULT_COUNTRY_CODE, "1");
    }

    #[test]
    fn phones_are_canonical() {
        let same = [
            "+1 415 555 0132",
            "415-555-0132",
            "(415) 555-0132",
            "415.555.0132",
            "1-415-555-0132",
            "+1 (415) 555-0132",
            "001 415 555 0132",
            "４１５-５５５-０１３２",
            "+１ ４１５ ５５５ ０１３２",
        ];
        for v in same {
            assert_eq!(canonical(Category::Phone, v), "+14155550132", "{v}");
        }
        assert_eq!(
            canonical(Category::Phone, "+44 7700 900123"),
            canonical(Category::Phone, "0044 (0)7700 900 123")
        );
        assert_eq!(
            canonical(Category::Phone, "+44 7700 900123"),
            "+447700900123"
        );
        assert_eq!(
            canonical(Category::Phone, "415-555-0132 x623"),
            "+14155550132;ext=623"
        );
        assert_eq!(
            canonical(Category::Phone, "415-555-0132 ext. 623"),
            canonical(Category::Phone, "4155550132#623")
        );
        assert_ne!(
            canonical(Category::Phone, "415-555-0132"),
            canonical(Category::Phone, "415-555-0133")
        );
        // A national number of another plan keeps its digits; it cannot get a country code.
        assert_eq!(canonical(Category::Phone, "07700 900123"), "07700900123");
    }

    #[test]
    fn emails_cards_and_ibans_are_canonical() {
        let email = |v| canonical(Category::Email, v);
        assert_eq!(email("Jo.Doe@Example.COM"), "jo.doe@example.com");
        assert_eq!(email("ｊｏ@ｅｘａｍｐｌｅ.ｃｏｍ"), "jo@example.com");
        assert_eq!(email("Jo at Example dot com"), "jo@example.com");
        let billing = |v| canonical(Category::Billing, v);
        assert_eq!(billing("4111 1111 1111 1111"), "4111111111111111");
        assert_eq!(billing("4111-1111-1111-1111"), "4111111111111111");
        assert_eq!(
            billing("４１１１ １１１１ １１１１ １１１１"),
            "4111111111111111"
        );
        assert_eq!(
            billing("DE89 3704 0044 0532 0130 00"),
            billing("de89370400440532013000")
        );
    }

    #[test]
    fn tokens_are_stable_canonical_and_keyed() {
        let k = key();
        let t = |c, v| token(&k, c, v);
        assert_eq!(
            t(Category::Email, "Jo@Example.com"),
            t(Category::Email, "jo@example.com")
        );
        assert_eq!(
            t(Category::Phone, "+1 415 555 0132"),
            t(Category::Phone, "415-555-0132")
        );
        assert_ne!(
            t(Category::Phone, "415-555-0132"),
            t(Category::Phone, "415-555-0133")
        );
        assert_ne!(
            t(Category::Phone, "4155550132"),
            t(Category::Account, "4155550132")
        );
        let other = Key::new("another key, also long enough").unwrap();
        assert_ne!(
            t(Category::Email, "jo@example.com"),
            token(&other, Category::Email, "jo@example.com")
        );
        for v in ["a", "b", "c", "jo@example.com", "", " "] {
            let tok = t(Category::Email, v);
            assert_eq!(tok.len(), TOKEN_LEN);
            assert!(tok.bytes().all(|b| TOKEN_ALPHABET.contains(&b)));
            let mut s = String::new();
            write(&mut s, &k, Category::Email, v);
            assert_eq!(token_len(s.as_bytes()), Some(s.len()), "{s}");
        }
    }
}
