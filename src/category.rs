//! The seven categories of data that belong in a Direct Message.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A category of sensitive data, from social-care practice: what a brand must never carry
/// or ask for in a public reply.
///
/// The names (`email`, `phone`, …) are part of the JSON contract of `discreet scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// An email address.
    Email,
    /// A phone number.
    Phone,
    /// A mailing or billing address.
    Address,
    /// Billing information: cards, bank accounts.
    Billing,
    /// Personal account information: account, customer and member numbers, usernames.
    Account,
    /// The specific items or orders bought: order, tracking and booking numbers.
    Purchase,
    /// Security questions and identity proofs: passwords, PINs, codes, SSN, date of birth.
    Verification,
}

impl Category {
    /// Every category, in contract order.
    pub const ALL: [Category; 7] = [
        Category::Email,
        Category::Phone,
        Category::Address,
        Category::Billing,
        Category::Account,
        Category::Purchase,
        Category::Verification,
    ];

    /// The names of every category, as they appear in rule files and JSON.
    pub const NAMES: [&'static str; 7] = [
        "email",
        "phone",
        "address",
        "billing",
        "account",
        "purchase",
        "verification",
    ];

    /// The category's name, as in rule files and JSON.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Category, crate::Error> {
        Category::NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| Category::ALL[i])
            .ok_or_else(|| {
                crate::Error::new(crate::ErrorKind::UnknownCategory {
                    name: s.to_string(),
                    known: &Self::NAMES,
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>().unwrap(), c);
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{c}\""));
        }
        assert!("emails".parse::<Category>().is_err());
    }
}
