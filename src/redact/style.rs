//! The styles a value can be redacted in, how they are written in policy files, and how
//! each one writes its replacement.

use std::fmt;

use serde::de::{self, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::Deserialize;
use unicode_segmentation::UnicodeSegmentation;

use super::key::Key;
use super::pseudonym;
use crate::Category;

/// The mask character used unless the policy sets `mask-char`.
pub const DEFAULT_MASK_CHAR: char = '•';

/// What the partial style puts in place of an email's local part. ASCII `*` on purpose: the
/// email rule accepts any non-ASCII character in a local part (internationalised addresses),
/// so `•••@example.com` would still scan as an email; `***@example.com` does not.
const PARTIAL_EMAIL_LOCAL: &str = "***";

/// Characters of a value that mask and partial keep as they are: the value's shape stays
/// readable (`•••• •••• •••• 1111`, `(•••) •••-••32`) and none of them is private. Not `+`:
/// the password rules count it as a password character, so `+(••` would read as one.
pub(super) const SEPARATORS: &[char] = &['-', '.', '/', '(', ')'];

/// The kind of a card's primary account number.
const CARD_NUMBER: &str = "card_number";

/// The most digits of a card number any mask shows. PCI DSS allows at most the last four
/// digits of a primary account number to be displayed, so `keep-last` above four is
/// lowered to four for the `card_number` kind, whatever the policy says.
pub(super) const CARD_NUMBER_MAX_SHOWN: usize = 4;

/// How one value is redacted.
///
/// In a policy file a style is a name (`"mask"`) or a table
/// (`{ style = "mask", keep-last = 4 }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Style {
    /// Leave the value as it is.
    Keep,
    /// Each grapheme becomes the mask character; whitespace and `-./()` are kept, and so
    /// are the last `keep_last` ASCII digits, but never more than half of the value's
    /// digits (a CVV or a PIN is never shown whole): `•••• •••• •••• 1111`.
    ///
    /// Card numbers (kind `card_number`) never show more than their last four digits, as
    /// PCI DSS requires: `keep_last` above four counts as four for them.
    Mask {
        /// How many of the last digits to keep (capped at half the value's digits, and at
        /// four for card numbers).
        keep_last: usize,
    },
    /// The policy's placeholder text for the kind or category, `[EMAIL]` by default.
    Placeholder,
    /// An email keeps its domain (`***@example.com`), a phone number its last two digits
    /// (`•••-•••-••32`); any other value is masked whole.
    Partial,
    /// A stable token derived from the value with a secret [`Key`] (HMAC-SHA256, 48 bits,
    /// as twelve consonants) and labelled with the category: `[email:kdtmhbfqzrlc]`.
    ///
    /// The token is computed on the value's canonical form, so one customer's value gets
    /// one token however it was written: fullwidth characters read as ASCII, emails
    /// case-folded, phone numbers as `+` and their digits with the country code (the
    /// written one, else `1`: numbers without one are read as North American, the first
    /// of the default regions), other values as their letters and digits, case-folded.
    /// `+1 415 555 0132` and `415-555-0132` get the same token with the same key.
    Pseudonym,
    /// The value is removed.
    Remove,
}

impl Style {
    /// The style's name in policy files: `keep`, `mask`, `placeholder`, `partial`,
    /// `pseudonym` or `remove`.
    pub fn name(&self) -> &'static str {
        match self {
            Style::Keep => "keep",
            Style::Mask { .. } => "mask",
            Style::Placeholder => "placeholder",
            Style::Partial => "partial",
            Style::Pseudonym => "pseudonym",
            Style::Remove => "remove",
        }
    }

    /// How much of the value the style hides: when findings overlap, the merged span takes
    /// the style that hides most.
    pub(super) fn strength(self) -> (u8, std::cmp::Reverse<usize>) {
        let rank = match self {
            Style::Keep => 0,
            Style::Partial => 1,
            Style::Mask { .. } => 2,
            Style::Pseudonym => 3,
            Style::Placeholder => 4,
            Style::Remove => 5,
        };
        let keep = match self {
            Style::Mask { keep_last } => keep_last,
            _ => 0,
        };
        (rank, std::cmp::Reverse(keep))
    }

    /// Whether the style shows part of the value (the digits a mask keeps, an email's
    /// domain, a phone's last digits).
    pub(super) fn shows_part(self) -> bool {
        matches!(self, Style::Partial | Style::Mask { keep_last: 1.. })
    }

    /// The style as applied to a value of `kind`: card numbers show at most their last
    /// four digits.
    pub(super) fn for_kind(self, kind: &str) -> Style {
        match self {
            Style::Mask { keep_last } if kind == CARD_NUMBER => Style::Mask {
                keep_last: keep_last.min(CARD_NUMBER_MAX_SHOWN),
            },
            s => s,
        }
    }
}

impl fmt::Display for Style {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Style::Mask { keep_last } if *keep_last > 0 => {
                write!(f, "mask (keep-last {keep_last})")
            }
            _ => f.write_str(self.name()),
        }
    }
}

/// A style's name, as written in policy files.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum StyleName {
    Keep,
    Mask,
    Placeholder,
    Partial,
    Pseudonym,
    Remove,
}

/// A style written as a table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct StyleTable {
    style: StyleName,
    #[serde(default)]
    keep_last: Option<usize>,
}

impl StyleTable {
    fn into_style(self) -> std::result::Result<Style, String> {
        match (self.style, self.keep_last) {
            (StyleName::Mask, keep) => Ok(Style::Mask {
                keep_last: keep.unwrap_or(0),
            }),
            (_, Some(_)) => Err("keep-last applies only to the mask style".to_string()),
            (StyleName::Keep, None) => Ok(Style::Keep),
            (StyleName::Placeholder, None) => Ok(Style::Placeholder),
            (StyleName::Partial, None) => Ok(Style::Partial),
            (StyleName::Pseudonym, None) => Ok(Style::Pseudonym),
            (StyleName::Remove, None) => Ok(Style::Remove),
        }
    }
}

impl<'de> Deserialize<'de> for Style {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Style, D::Error> {
        struct StyleVisitor;
        impl<'de> Visitor<'de> for StyleVisitor {
            type Value = Style;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a style name (keep, mask, placeholder, partial, pseudonym, remove) \
                     or a table with `style` and, for mask, `keep-last`",
                )
            }

            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Style, E> {
                let name = StyleName::deserialize(v.into_deserializer())?;
                StyleTable {
                    style: name,
                    keep_last: None,
                }
                .into_style()
                .map_err(E::custom)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Style, A::Error> {
                StyleTable::deserialize(de::value::MapAccessDeserializer::new(map))?
                    .into_style()
                    .map_err(de::Error::custom)
            }
        }
        d.deserialize_any(StyleVisitor)
    }
}

/// What a replacement takes from the policy besides its style: the mask character and the
/// placeholder of the finding's kind.
pub(super) struct Look<'a> {
    pub(super) mask_char: char,
    pub(super) placeholder: &'a str,
}

/// Writes the replacement of `value` (a finding of `category` and `kind`) in `style`.
pub(super) fn write(
    out: &mut String,
    style: Style,
    value: &str,
    category: Category,
    kind: &str,
    look: &Look<'_>,
    key: Option<&Key>,
) {
    let mask_char = look.mask_char;
    match style.for_kind(kind) {
        Style::Keep => out.push_str(value),
        Style::Remove => {}
        Style::Placeholder => out.push_str(look.placeholder),
        Style::Mask { keep_last } => mask(out, value, mask_char, keep_last),
        Style::Partial => match category {
            Category::Email => match value.rsplit_once('@') {
                Some((_, domain)) => {
                    out.push_str(PARTIAL_EMAIL_LOCAL);
                    out.push('@');
                    out.push_str(domain);
                }
                None => mask(out, value, mask_char, 0),
            },
            Category::Phone => mask(out, value, mask_char, 2),
            _ => mask(out, value, mask_char, 0),
        },
        Style::Pseudonym => match key {
            Some(key) => pseudonym::write(out, key, category, value),
            // `Redactor::new` refuses such a policy; never show the value regardless.
            None => out.push_str(look.placeholder),
        },
    }
}

/// Masks `value` into `out`: one mask character per grapheme, separators kept, the last
/// `keep_last` digits kept but never more than half of them.
pub(super) fn mask(out: &mut String, value: &str, mask: char, keep_last: usize) {
    let digits = value.graphemes(true).filter(|g| is_digit(g)).count();
    let keep = keep_last.min(digits / 2);
    let mut seen = 0;
    for g in value.graphemes(true) {
        if is_digit(g) {
            seen += 1;
            if seen > digits - keep {
                out.push_str(g);
                continue;
            }
        } else if is_separator(g) {
            out.push_str(g);
            continue;
        }
        out.push(mask);
    }
}

/// Whether the grapheme is one ASCII digit.
pub(super) fn is_digit(g: &str) -> bool {
    g.len() == 1 && g.as_bytes()[0].is_ascii_digit()
}

/// Whether a mask keeps the grapheme: whitespace or one of [`SEPARATORS`].
pub(super) fn is_separator(g: &str) -> bool {
    let mut cs = g.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => c.is_whitespace() || SEPARATORS.contains(&c),
        _ => g.chars().all(char::is_whitespace),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_keeps_separators_and_at_most_half_the_digits() {
        let mut s = String::new();
        mask(&mut s, "4111 1111 1111 1111", '•', 4);
        assert_eq!(s, "•••• •••• •••• 1111");
        s.clear();
        mask(&mut s, "123", '•', 4);
        assert_eq!(s, "••3", "a CVV keeps at most one digit");
        s.clear();
        mask(&mut s, "(415) 555-0132", '•', 2);
        assert_eq!(s, "(•••) •••-••32");
        s.clear();
        mask(&mut s, "p\u{e9}a\u{301}ss 👩‍👩‍👧", '#', 0);
        assert_eq!(s, "##### #", "one mask character per grapheme");
    }

    #[test]
    fn card_numbers_show_at_most_four_digits() {
        let policy =
            crate::RedactionPolicy::from_toml("default = { style = 'mask', keep-last = 12 }")
                .unwrap();
        let look = Look {
            mask_char: policy.mask_char(),
            placeholder: "[card]",
        };
        let mut s = String::new();
        let card = "4111 1111 1111 1111";
        let style = policy.style_for(Category::Billing, "card_number");
        assert_eq!(style, Style::Mask { keep_last: 4 });
        write(
            &mut s,
            Style::Mask { keep_last: 12 },
            card,
            Category::Billing,
            "card_number",
            &look,
            None,
        );
        assert_eq!(s, "•••• •••• •••• 1111");
        // Other kinds keep what the policy says (at most half their digits).
        s.clear();
        write(
            &mut s,
            Style::Mask { keep_last: 12 },
            "DE89 3704 0044 0532 0130 00",
            Category::Billing,
            "iban",
            &look,
            None,
        );
        assert_eq!(s, "•••• •••• •••• 0532 0130 00");
    }
}
