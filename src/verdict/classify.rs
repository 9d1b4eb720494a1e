//! Verdicts: does this text belong in a Direct Message?
//!
//! [`Scanner::classify`] turns findings and phrases into advice a support agent can act on
//! before pressing send:
//!
//! - `require_dm` when the text discloses sensitive data (any finding). Incoming: the
//!   customer posted it; reply publicly with a short pointer to DM and suggest deleting
//!   the tweet. Outgoing: the draft would publish it.
//! - `suggest_dm` when nothing is disclosed but the text asks for sensitive data in
//!   public (`solicits`), an outgoing text is longer than one tweet (280 weighted
//!   characters), or an incoming text raises an issue that needs private account or
//!   billing details (charged twice, a bill higher than usual, a parcel stuck in transit,
//!   a cancelled flight, locked out), or offers to post the customer's data in public.
//! - `ok` otherwise.
//!
//! An ask routed to a private channel ("DM us your order number") or to one of the brand's
//! mailboxes is not a public ask. The brand's own contact points are nobody's private data,
//! whoever writes them: role mailboxes (`refunds@`, `press@`), business lines (toll-free,
//! UK 03), the brand's places ("our store at …", a customer's "your branch at …"), what a
//! brand-contact phrase introduces in a draft ("call us on …"), and everything named in a
//! [`BrandProfile`](crate::BrandProfile).

use serde::{Deserialize, Serialize};

use super::own::{brand_own, sentence_of, sentence_starts};
use crate::phrases::Role;
use crate::tweet::{self, Entity};
use crate::{Category, Explanation, Finding, Scanner};

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
    /// The text asks the other party to share sensitive data in public.
    Solicits,
    /// An outgoing text is longer than one tweet.
    TooLong,
    /// An incoming text raises an issue that needs private details to resolve.
    NeedsPrivateDetails,
}

impl ReasonCode {
    /// The code's name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::Discloses => "discloses",
            ReasonCode::Solicits => "solicits",
            ReasonCode::TooLong => "too_long",
            ReasonCode::NeedsPrivateDetails => "needs_private_details",
        }
    }
}

/// One reason behind a verdict: a code, the category, the span that triggered it and a
/// short sentence for a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

/// The judgement on one text. Fields may be added in a minor release
/// (`#[non_exhaustive]`); verdicts are made by [`Scanner::classify`](crate::Scanner::classify).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Verdict {
    /// What to do.
    pub action: Action,
    /// The sensitive data found (an outgoing text's own brand contact points excluded).
    pub findings: Vec<Finding>,
    /// The categories of data the text asks the other party to share in public, sorted.
    pub solicits: Vec<Category>,
    /// Why, in order: disclosures, solicitations, length, issues.
    pub reasons: Vec<Reason>,
    /// The twitter-text v3 weighted length (a tweet allows 280).
    pub weighted_length: usize,
    /// Mentions, hashtags, URLs and cashtags, with byte spans.
    pub entities: Vec<Entity>,
}

fn what(category: Category) -> &'static str {
    match category {
        Category::Email => "an email address",
        Category::Phone => "a phone number",
        Category::Address => "a postal address",
        Category::Billing => "billing details",
        Category::Account => "account details",
        Category::Purchase => "order or booking details",
        Category::Verification => "security or identity details",
    }
}

fn disclosure_message(category: Category, direction: Direction) -> String {
    let what = what(category);
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
    /// # Example: triage and pre-send linting
    /// ```
    /// use discreet::{Action, Category, Direction, Scanner};
    ///
    /// let s = Scanner::default();
    /// let v = s.classify("my email is jo@example.org", Direction::Incoming);
    /// assert_eq!(v.action, Action::RequireDm);
    ///
    /// let v = s.classify("Sorry about that! Can you reply with your order number?", Direction::Outgoing);
    /// assert_eq!(v.action, Action::SuggestDm);
    /// assert_eq!(v.solicits, [Category::Purchase]);
    ///
    /// let v = s.classify("Sorry about that! Please DM us your order number.", Direction::Outgoing);
    /// assert_eq!(v.action, Action::Ok);
    ///
    /// let v = s.classify("I was charged twice this month", Direction::Incoming);
    /// assert_eq!(v.action, Action::SuggestDm);
    /// ```
    pub fn classify(&self, text: &str, direction: Direction) -> Verdict {
        self.judge_text(text, direction, false).0
    }

    /// [`classify`](Scanner::classify), with the evidence behind each of the verdict's
    /// findings (as [`explain`](Scanner::explain) gives it), in the same order: one scan
    /// for both, and only what the verdict used (the brand's own contact points, which
    /// `explain` lists, are not among the verdict's findings).
    ///
    /// ```
    /// use discreet::{Direction, Scanner};
    ///
    /// let text = "Call us on 1-800-555-0199 or DM your card 4111 1111 1111 1111";
    /// let (v, evidence) = Scanner::default().classify_explained(text, Direction::Outgoing);
    /// assert_eq!(v.findings.len(), evidence.len());
    /// assert_eq!(evidence[0].finding, v.findings[0]);
    /// assert_eq!(evidence[0].validator, Some("card"));
    /// ```
    pub fn classify_explained(
        &self,
        text: &str,
        direction: Direction,
    ) -> (Verdict, Vec<Explanation>) {
        self.judge_text(text, direction, true)
    }

    /// The verdict, from one extraction of the text's entities and URLs (shared by entity
    /// suppression, the weighted length and the verdict's own entity list) and one scan.
    fn judge_text(
        &self,
        text: &str,
        direction: Direction,
        explained: bool,
    ) -> (Verdict, Vec<Explanation>) {
        let phrases = self.phrase_set();
        let tweet = tweet::analyze(text);
        let mut evidence = Vec::new();
        let mut findings = if explained {
            evidence = self.explain_in(text, Some(&tweet.entities));
            evidence.iter().map(|e| e.finding.clone()).collect()
        } else {
            self.scan_in(text, Some(&tweet.entities))
        };
        // Only the phrases that can change this verdict get their spans: brand contact
        // points matter only beside findings, issues and offers only in an incoming text
        // without any.
        let incoming_clean = direction == Direction::Incoming && findings.is_empty();
        let matches = phrases.find_where(text, |p| {
            p.applies_to(direction)
                && match p.role() {
                    Role::Issue | Role::Offer => false,
                    Role::BrandContact | Role::BrandPlace | Role::RoleMailbox => {
                        !findings.is_empty()
                    }
                    _ => true,
                }
        });
        // Only the earliest issue or offer is used: each phrase's first match is enough.
        let concerns = if incoming_clean {
            phrases.first_where(text, |p| {
                p.applies_to(direction) && matches!(p.role(), Role::Issue | Role::Offer)
            })
        } else {
            Vec::new()
        };
        let starts = sentence_starts(text);
        // The brand's own contact points (role mailboxes, business lines, its places, what a
        // brand-contact phrase introduces) are not disclosed; a sentence that gives one of its
        // mailboxes or lines routes any ask in it to that channel.
        let mut brand_channels: Vec<usize> = Vec::new();
        if !findings.is_empty() {
            findings.retain(|f| {
                let own = brand_own(&phrases, &matches, &starts, text, f, direction);
                if own && matches!(f.category, Category::Email | Category::Phone) {
                    brand_channels.push(sentence_of(&starts, f.start));
                }
                !own
            });
        }
        let mut reasons: Vec<Reason> = findings
            .iter()
            .map(|f| Reason {
                code: ReasonCode::Discloses,
                category: Some(f.category),
                start: f.start,
                end: f.end,
                message: disclosure_message(f.category, direction),
            })
            .collect();

        // Public asks: solicit phrases not in (or right after) a sentence that routes to a
        // private channel or to one of the brand's mailboxes or lines.
        let mut routed: Vec<usize> = matches
            .iter()
            .filter(|m| {
                phrases
                    .get(m.phrase)
                    .is_some_and(|p| p.role() == Role::PrivateChannel)
            })
            .map(|m| sentence_of(&starts, m.start))
            .collect();
        routed.extend(brand_channels);
        let cautioned: Vec<usize> = matches
            .iter()
            .filter(|m| {
                phrases
                    .get(m.phrase)
                    .is_some_and(|p| p.role() == Role::Caution)
            })
            .map(|m| sentence_of(&starts, m.start))
            .collect();
        let mut solicits: Vec<Category> = Vec::new();
        for m in &matches {
            let Some(p) = phrases.get(m.phrase) else {
                continue;
            };
            if p.role() != Role::Solicit {
                continue;
            }
            let s = sentence_of(&starts, m.start);
            if routed.iter().any(|&r| r == s || r + 1 == s) || cautioned.contains(&s) {
                continue;
            }
            let Some(cat) = p.category() else { continue };
            // A solicitation span overlapping the disclosed value itself ("my email is …")
            // is a disclosure, not an ask.
            if findings
                .iter()
                .any(|f| f.start < m.end && m.start < f.end && f.category == cat)
            {
                continue;
            }
            if !solicits.contains(&cat) {
                solicits.push(cat);
                reasons.push(Reason {
                    code: ReasonCode::Solicits,
                    category: Some(cat),
                    start: m.start,
                    end: m.end,
                    message: format!(
                        "this asks for {} in public: ask for it by DM instead",
                        what(cat)
                    ),
                });
            }
        }
        solicits.sort();

        let weighted_length = tweet.weighted_length;
        let too_long =
            direction == Direction::Outgoing && weighted_length > tweet::MAX_WEIGHTED_LENGTH;
        if too_long {
            reasons.push(Reason {
                code: ReasonCode::TooLong,
                category: None,
                start: 0,
                end: text.len(),
                message: format!(
                    "this reply is {weighted_length} weighted characters, more than one tweet (280): continue in a DM (up to 10,000)"
                ),
            });
        }
        let mut issue = false;
        if direction == Direction::Incoming && findings.is_empty() {
            // An offer to post data comes first: the reply must also ask the customer not to.
            let found = concerns
                .iter()
                .filter_map(|m| {
                    let p = phrases.get(m.phrase)?;
                    matches!(p.role(), Role::Offer | Role::Issue).then_some((m, p))
                })
                .min_by_key(|(m, p)| (p.role() != Role::Offer, m.start));
            if let Some((m, p)) = found {
                issue = true;
                let cat = p.category();
                let message = if p.role() == Role::Offer {
                    "the customer offers to post private details in public: ask them not to, and reply with a short pointer to DM".to_string()
                } else {
                    format!(
                        "resolving this needs {}: reply publicly with a short pointer to DM",
                        cat.map_or("private details", what)
                    )
                };
                reasons.push(Reason {
                    code: ReasonCode::NeedsPrivateDetails,
                    category: cat,
                    start: m.start,
                    end: m.end,
                    message,
                });
            }
        }
        let action = if !findings.is_empty() {
            Action::RequireDm
        } else if !solicits.is_empty() || too_long || issue {
            Action::SuggestDm
        } else {
            Action::Ok
        };
        // The evidence of what the verdict kept, in the findings' order.
        evidence.retain(|e| findings.contains(&e.finding));
        let verdict = Verdict {
            action,
            findings,
            solicits,
            reasons,
            weighted_length,
            entities: tweet.entities,
        };
        (verdict, evidence)
    }
}

/// Judges `text` with the built-in rules (see [`Scanner::classify`]).
pub fn classify(text: &str, direction: Direction) -> Verdict {
    Scanner::default().classify(text, direction)
}
