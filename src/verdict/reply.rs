//! The recommended workflow once a DM is advised: a short public reply that points to the
//! DM (so onlookers see the brand is responsive), and the DM deep link.
//!
//! # Example
//! ```
//! use discreet::reply::{dm_link, ReplyTemplate};
//! use discreet::{Direction, Scanner};
//!
//! let v = Scanner::default().classify("my card 4111 1111 1111 1111 was charged twice", Direction::Incoming);
//! let reply = ReplyTemplate::default().public_reply(&v, Direction::Incoming, Some("@jo")).unwrap();
//! assert!(reply.starts_with("@jo "));
//! assert!(reply.contains("DM"));
//! let link = dm_link("783214", "Hi! Following up on your card charge.")?;
//! assert_eq!(link, "https://twitter.com/messages/compose?recipient_id=783214&text=Hi%21%20Following%20up%20on%20your%20card%20charge.");
//! # Ok::<(), discreet::Error>(())
//! ```

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::tweet;
use crate::{Action, Direction, ReasonCode, Verdict};

/// Characters left as they are in a query value: RFC 3986 unreserved.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Wording of the short public replies; every field is configurable (serde: TOML or JSON,
/// kebab-case keys, missing keys take the defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ReplyTemplate {
    /// When the customer posted private data.
    pub disclosed: String,
    /// When a draft asks for data in public, or the customer's issue needs private details.
    pub private_details: String,
    /// When the answer is too long for one tweet.
    pub too_long: String,
    /// Appended after the sentence, e.g. an agent's initials (`^JD`); empty for none.
    pub sign_off: String,
}

impl Default for ReplyTemplate {
    fn default() -> Self {
        ReplyTemplate {
            disclosed: "Thanks for reaching out! For your security, please delete the tweet with your details. We've sent you a DM so we can sort this out privately.".into(),
            private_details: "Thanks for reaching out! We'd love to help. We've sent you a DM so we can look into your account privately.".into(),
            too_long: "Thanks for your patience! There's a bit to explain, so we've sent you the details by DM.".into(),
            sign_off: String::new(),
        }
    }
}

impl ReplyTemplate {
    /// The short public reply for `verdict`, or `None` when the text is fine in public.
    /// `handle` (e.g. `@jo`) starts the reply. The reply is cut to fit one tweet.
    pub fn public_reply(
        &self,
        verdict: &Verdict,
        direction: Direction,
        handle: Option<&str>,
    ) -> Option<String> {
        if verdict.action == Action::Ok {
            return None;
        }
        let discloses = verdict
            .reasons
            .iter()
            .any(|r| r.code == ReasonCode::Discloses);
        let only_long = verdict
            .reasons
            .iter()
            .all(|r| r.code == ReasonCode::TooLong);
        let body = if discloses && direction == Direction::Incoming {
            &self.disclosed
        } else if only_long {
            &self.too_long
        } else {
            &self.private_details
        };
        let mut reply = String::new();
        if let Some(h) = handle.map(str::trim).filter(|h| !h.is_empty()) {
            if !h.starts_with('@') {
                reply.push('@');
            }
            reply.push_str(h);
            reply.push(' ');
        }
        reply.push_str(body.trim());
        if !self.sign_off.trim().is_empty() {
            reply.push(' ');
            reply.push_str(self.sign_off.trim());
        }
        Some(fit_tweet(reply))
    }
}

/// Cuts `text` at a character boundary so that its weighted length is at most 280.
fn fit_tweet(text: String) -> String {
    if tweet::weighted_length(&text) <= tweet::MAX_WEIGHTED_LENGTH {
        return text;
    }
    let mut end = text.len();
    while end > 0 {
        end -= 1;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let cut = format!("{}…", text[..end].trim_end());
        if tweet::weighted_length(&cut) <= tweet::MAX_WEIGHTED_LENGTH {
            return cut;
        }
    }
    String::new()
}

/// The deep link that opens a DM to `recipient_id` (the numeric user id) with `text`
/// pre-filled: `https://twitter.com/messages/compose?recipient_id=…&text=…`.
///
/// # Errors
/// `recipient_id` is not a non-empty string of ASCII digits (screen names are not accepted
/// by this endpoint).
pub fn dm_link(recipient_id: &str, text: &str) -> Result<String> {
    if recipient_id.is_empty() || !recipient_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::new(ErrorKind::Config(format!(
            "recipient id must be a numeric user id, got {recipient_id:?}"
        ))));
    }
    Ok(format!(
        "https://twitter.com/messages/compose?recipient_id={recipient_id}&text={}",
        utf8_percent_encode(text, QUERY_VALUE)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scanner;

    #[test]
    fn links_are_encoded_and_ids_checked() {
        let l = dm_link("12", "a&b=c d/é?#").unwrap();
        assert_eq!(l, "https://twitter.com/messages/compose?recipient_id=12&text=a%26b%3Dc%20d%2F%C3%A9%3F%23");
        assert!(dm_link("@jo", "x").is_err());
        assert!(dm_link("", "x").is_err());
    }

    #[test]
    fn replies_per_reason_and_none_when_ok() {
        let s = Scanner::default();
        let t = ReplyTemplate::default();
        let ok = s.classify("love the new app!", Direction::Incoming);
        assert_eq!(t.public_reply(&ok, Direction::Incoming, None), None);
        let long = s.classify(
            &"We are so sorry about the delay. ".repeat(10),
            Direction::Outgoing,
        );
        let r = t
            .public_reply(&long, Direction::Outgoing, Some("jo"))
            .unwrap();
        assert!(r.starts_with("@jo Thanks for your patience"), "{r}");
        let long_template = ReplyTemplate {
            sign_off: "x".repeat(400),
            ..ReplyTemplate::default()
        };
        let r = long_template
            .public_reply(&long, Direction::Outgoing, None)
            .unwrap();
        assert!(tweet::weighted_length(&r) <= 280);
    }
}
