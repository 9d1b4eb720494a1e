//! The serde shape of a rule file, before it is checked.
//!
//! Kept apart from the checked [`Rule`](super::Rule) so that the file format can grow
//! (new optional keys) without the compiled form changing, and so that every field is
//! checked in one place ([`super::load`]).

use serde::Deserialize;

/// One `[[rule]]` table as written in a rule file. Unknown keys are errors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RuleSyntax {
    pub id: String,
    pub category: String,
    pub kind: String,
    #[serde(default)]
    pub description: Option<String>,
    pub regex: String,
    #[serde(default)]
    pub score: Option<f64>,
    #[serde(default)]
    pub validator: Option<String>,
    #[serde(default)]
    pub context: Vec<String>,
    #[serde(default)]
    pub context_boost: Option<f64>,
    #[serde(default)]
    pub negative_context: Vec<String>,
    #[serde(default)]
    pub negative_penalty: Option<f64>,
    #[serde(default)]
    pub weak_values: Vec<String>,
    #[serde(default)]
    pub require_context: bool,
    #[serde(default)]
    pub window: Option<usize>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub negative_examples: Vec<String>,
}
