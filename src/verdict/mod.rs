//! The verdict layer: does a text belong in a Direct Message, and what to say publicly.
//!
//! It sits on top of detection. [`Scanner::classify`](crate::Scanner::classify) scans the
//! text once, with the scanner's rules, then reads the same text with the verdict
//! [`phrases`] (requests for data, pointers to a DM, issues that need account details, the
//! brand's own contact points) and weighs both; [`reply`] drafts the short public reply
//! that points to the DM. `classify` is a method of `Scanner` because a verdict needs the
//! scanner's rules, allow-list and brand profile; it is defined here, in `classify.rs`,
//! so that the scanner's own files stay about finding values.
//!
//! ```text
//! text ─▶ Scanner::scan ─▶ findings ─┐
//!      └▶ PhraseSet::find_where ─────┴▶ classify ─▶ Verdict ─▶ ReplyTemplate
//! ```

mod classify;
mod own;
pub mod phrases;
pub mod reply;

pub use classify::{classify, Action, Direction, Reason, ReasonCode, Verdict};
