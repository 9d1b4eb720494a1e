//! Validators: checks in Rust that a candidate really is what its rule says.
//!
//! Rule regexes are deliberately loose (they find candidates fast, in one pass); a validator
//! then decides with the real structure of the value: a checksum, a numbering plan, an issuer
//! range. The set is closed: a rule names one by its kebab-case name and an unknown name is a
//! load error.

mod card;
mod checksum;
mod parcel;
mod phone;
mod shape;

use std::fmt;
use std::str::FromStr;

pub use phone::Region;

use crate::error::{Error, ErrorKind};

/// A check a candidate value must pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Validator {
    /// The Luhn (mod 10) checksum over the digits, nothing more.
    Luhn,
    /// A payment card number: Luhn, a known issuer (IIN) range and a length that issuer uses.
    Card,
    /// A phone number valid in the real numbering plan: international when written with `+`
    /// or `00`, otherwise national in one of the scanner's regions.
    Phone,
    /// A North American (NANP) number, valid for the US or Canada.
    PhoneNanp,
    /// An IBAN: known country, that country's length, mod-97 check.
    Iban,
    /// A US ABA routing number: checksum and a valid Federal Reserve prefix.
    AbaRouting,
    /// A US Social Security number: area not 000, 666 or 900–999, group not 00, serial not 0000.
    Ssn,
    /// A UPS tracking number (`1Z` + 16) with its check digit.
    Ups,
    /// A USPS tracking number (20–22 digits) with its mod-10 check digit.
    Usps,
    /// A UK postcode in one of the six valid shapes.
    UkPostcode,
    /// A plausible calendar date (day, month and a year between 1900 and 2030).
    Date,
    /// An email address with a sane shape: label lengths, no `..`, and a top-level domain
    /// that is not a file extension (`image@2x.png`).
    Email,
    /// A UPU S10 postal item identifier (`RR473124829FR`) with its mod-11 check digit.
    S10,
}

impl Validator {
    /// Every validator name, as written in rule files.
    pub const NAMES: [&'static str; 13] = [
        "luhn",
        "card",
        "phone",
        "phone-nanp",
        "iban",
        "aba-routing",
        "ssn",
        "ups",
        "usps",
        "uk-postcode",
        "date",
        "email",
        "s10",
    ];
    const ALL: [Validator; 13] = [
        Validator::Luhn,
        Validator::Card,
        Validator::Phone,
        Validator::PhoneNanp,
        Validator::Iban,
        Validator::AbaRouting,
        Validator::Ssn,
        Validator::Ups,
        Validator::Usps,
        Validator::UkPostcode,
        Validator::Date,
        Validator::Email,
        Validator::S10,
    ];

    /// The validator's name, as written in rule files.
    pub fn name(self) -> &'static str {
        Self::NAMES[Self::ALL.iter().position(|v| *v == self).unwrap_or(0)]
    }

    /// Whether a rejected candidate of this validator may hold a valid value between its
    /// token boundaries (numbers, whose regexes swallow neighbouring digits).
    pub(crate) fn splittable(self) -> bool {
        matches!(
            self,
            Validator::Card
                | Validator::Luhn
                | Validator::Phone
                | Validator::PhoneNanp
                | Validator::Iban
                | Validator::AbaRouting
                | Validator::Ssn
                | Validator::Ups
                | Validator::Usps
                | Validator::S10
                | Validator::Date
        )
    }

    /// Whether a value passing this validator carries its own proof (issuer range and check
    /// digit, mod-97), so that it is a value even when glued to other text.
    pub(crate) fn self_evident(self) -> bool {
        matches!(self, Validator::Card | Validator::Iban)
    }

    /// Whether `value` passes. `regions` are the national numbering plans tried for a phone
    /// number written without a country code.
    pub fn check(self, value: &str, regions: &[Region]) -> bool {
        match self {
            Validator::Luhn => card::luhn_digits(value),
            Validator::Card => card::is_card(value),
            Validator::Phone => phone::is_phone(value, regions),
            Validator::PhoneNanp => phone::is_phone(value, &[Region::US, Region::CA]),
            Validator::Iban => checksum::iban(value),
            Validator::AbaRouting => checksum::aba(value),
            Validator::Ssn => checksum::ssn(value),
            Validator::Ups => checksum::ups(value),
            Validator::Usps => checksum::usps(value),
            Validator::UkPostcode => checksum::uk_postcode(value),
            Validator::Date => shape::date(value),
            Validator::Email => shape::email(value),
            Validator::S10 => parcel::s10(value),
        }
    }
}

impl fmt::Display for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Validator {
    type Err = Error;
    fn from_str(s: &str) -> Result<Validator, Error> {
        Self::NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| Self::ALL[i])
            .ok_or_else(|| {
                Error::new(ErrorKind::UnknownValidator {
                    name: s.to_string(),
                    known: &Self::NAMES,
                })
            })
    }
}

/// The ASCII digits of `s`, as values 0–9, ignoring everything else.
pub(crate) fn digits(s: &str) -> impl Iterator<Item = u8> + '_ {
    crate::text::ascii_digits(s.as_bytes()).map(|b| b - b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for v in Validator::ALL {
            assert_eq!(v.name().parse::<Validator>().unwrap(), v);
        }
    }
}
