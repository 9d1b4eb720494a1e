//! What a scan reports.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::Category;

/// One piece of sensitive data found in a text.
///
/// `start..end` are UTF-8 byte offsets into the scanned text, always on char boundaries, so
/// `&text[f.start..f.end]` never panics. Serialises to the JSON contract of `discreet scan`:
/// `{"start":12,"end":42,"category":"email","kind":"email","rule":"email.address","confidence":0.95}`.
///
/// Fields may be added in a minor release (`#[non_exhaustive]`): build one with
/// [`Finding::new`], read the fields freely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// Byte offset of the first byte of the value.
    pub start: usize,
    /// Byte offset one past the last byte of the value.
    pub end: usize,
    /// The category of the value.
    pub category: Category,
    /// The kind within the category, e.g. `card_number`.
    pub kind: Arc<str>,
    /// The id of the rule that found it, e.g. `billing.card_number`.
    pub rule: Arc<str>,
    /// How sure the rule is, in `0.0..=1.0` (two decimals).
    pub confidence: f64,
}

impl Finding {
    /// A finding made elsewhere (another tool's, or one read back from `discreet scan`
    /// output), to redact with [`Redactor::redact_findings`](crate::Redactor::redact_findings).
    ///
    /// ```
    /// use discreet::{Category, Finding};
    ///
    /// let f = Finding::new(5, 19, Category::Phone, "phone", "mine.phone", 0.9);
    /// assert_eq!(f.value("call 1-800-555-0199 now"), Some("1-800-555-0199"));
    /// ```
    pub fn new(
        start: usize,
        end: usize,
        category: Category,
        kind: &str,
        rule: &str,
        confidence: f64,
    ) -> Finding {
        Finding {
            start,
            end,
            category,
            kind: Arc::from(kind),
            rule: Arc::from(rule),
            confidence,
        }
    }

    /// The matched value, sliced from the text that was scanned.
    ///
    /// Returns `None` if `text` is not the text this finding came from (the span is out of
    /// bounds or not on char boundaries).
    pub fn value<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }

    /// The span as a range.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// Why a finding was reported: the evidence behind its confidence.
///
/// Returned by [`Scanner::explain`](crate::Scanner::explain), shown by `discreet check`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Explanation {
    /// The finding explained.
    #[serde(flatten)]
    pub finding: Finding,
    /// The rule's base score before context.
    pub base_score: f64,
    /// The validator the value passed, if the rule has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validator: Option<&'static str>,
    /// The context word near the value that raised the confidence, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// The negative context word near the value that lowered the confidence, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negative_context: Option<String>,
    /// The value matched one of the rule's `weak-values` (e.g. a role address such as
    /// `support@`), which lowered the confidence.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub weak_value: bool,
}
