//! A candidate value and the evidence behind it, as judged by its rule.

/// A candidate that survived validation, with its evidence.
#[derive(Debug, Clone)]
pub(crate) struct Candidate<'s> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) rule: usize,
    pub(crate) confidence: f64,
    pub(crate) context: Option<&'s str>,
    pub(crate) negative: Option<&'s str>,
    /// The value matched one of the rule's `weak-values`.
    pub(crate) weak: bool,
    /// Glued by a hyphen, dot or slash to the text beside it: kept only when what it is
    /// glued to is a self-evident value (`+1 415 555 0132-4111 1111 1111 1111`), since
    /// otherwise it is most likely a piece of a longer identifier (`D510-0212-7270`).
    pub(crate) glued: bool,
    /// Whether the rule's validator carries its own proof (card, IBAN).
    pub(crate) self_evident: bool,
    /// Where the rule's whole match starts (before the value when the rule's regex
    /// includes its context, as in `order #(?P<value>…)`).
    pub(crate) match_start: usize,
}
