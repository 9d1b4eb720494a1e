//! Verdicts: does this text belong in a Direct Message?

use serde::{Deserialize, Serialize};

use crate::{Category, Finding, Scanner};

/// Who wrote the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// A customer's tweet to the brand.
    #[default]
    Incoming,
    /// The brand's draft public reply.
    Outgoing,
}

impl std::str::FromStr for Direction {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Direction, crate::Error> {
        match s {
            "incoming" => Ok(Direction::Incoming),
            "outgoing" => Ok(Direction::Outgoing),
            _ => Err(crate::Error::new(crate::ErrorKind::Config(format!(
                "direction must be \"incoming\" or \"outgoing\", got {s:?}"
            )))),
        }
    }
}

/// What the support agent should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Fine in public.
    Ok,
    /// Nothing is disclosed, but the conversation should move to a DM.
    SuggestDm,
    /// The text discloses sensitive data: reply with a pointer to DM (incoming) or do not
    /// publish it (outgoing).
    RequireDm,
}

impl Action {
    /// The action's name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Ok => "ok",
            Action::SuggestDm => "suggest_dm",
            Action::RequireDm => "require_dm",
        }
    }
}

/// Why a verdict is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReasonCode {
    /// The text holds sensitive data.
    Discloses,
}

/// One reason behind a verdict: a code, the category, the span that triggered it and a
/// short sentence for a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    /// What kind of reason.
    pub code: ReasonCode,
    /// The category concerned, if any.
    pub category: Option<Category>,
    /// Start of the triggering span (UTF-8 bytes).
    pub start: usize,
    /// End of the triggering span (UTF-8 bytes).
    pub end: usize,
    /// A short human sentence.
    pub message: String,
}

/// The judgement on one text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// What to do.
    pub action: Action,
    /// The sensitive data found.
    pub findings: Vec<Finding>,
    /// The categories of data the text asks the other party to share in public.
    pub solicits: Vec<Category>,
    /// Why.
    pub reasons: Vec<Reason>,
}

fn disclosure_message(category: Category, direction: Direction) -> String {
    let what = match category {
        Category::Email => "an email address",
        Category::Phone => "a phone number",
        Category::Address => "a postal address",
        Category::Billing => "billing details",
        Category::Account => "account details",
        Category::Purchase => "order or booking details",
        Category::Verification => "security or identity details",
    };
    match direction {
        Direction::Incoming => format!(
            "the customer posted {what} in public: reply with a short pointer to DM and suggest deleting the tweet"
        ),
        Direction::Outgoing => format!("this reply would publish {what}: send it by DM instead"),
    }
}

impl Scanner {
    /// Judges `text` written in `direction`.
    ///
    /// # Example
    /// ```
    /// use discreet::{Action, Direction, Scanner};
    ///
    /// let v = Scanner::default().classify("my email is jo@example.org", Direction::Incoming);
    /// assert_eq!(v.action, Action::RequireDm);
    /// let v = Scanner::default().classify("Thanks, love the new app!", Direction::Incoming);
    /// assert_eq!(v.action, Action::Ok);
    /// ```
    pub fn classify(&self, text: &str, direction: Direction) -> Verdict {
        let findings = self.scan(text);
        let reasons: Vec<Reason> = findings
            .iter()
            .map(|f| Reason {
                code: ReasonCode::Discloses,
                category: Some(f.category),
                start: f.start,
                end: f.end,
                message: disclosure_message(f.category, direction),
            })
            .collect();
        let action = if findings.is_empty() {
            Action::Ok
        } else {
            Action::RequireDm
        };
        Verdict {
            action,
            findings,
            solicits: Vec::new(),
            reasons,
        }
    }
}

/// Judges `text` with the built-in rules (see [`Scanner::classify`]).
pub fn classify(text: &str, direction: Direction) -> Verdict {
    Scanner::default().classify(text, direction)
}
