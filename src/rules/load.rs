//! Parsing and checking one rule file.

use std::path::Path;
use std::sync::Arc;

use super::syntax::RuleSyntax;
use super::Rule;
use crate::error::{Error, ErrorKind, Result};
use crate::validate::Validator;
use crate::Category;

/// Default weight of a context word found near a candidate.
const DEFAULT_CONTEXT_BOOST: f64 = 0.35;
/// Default weight of a negative context word found near a candidate.
const DEFAULT_NEGATIVE_PENALTY: f64 = 0.5;
/// Default base score.
const DEFAULT_SCORE: f64 = 0.6;
/// Default context window, in bytes on each side of the candidate: about eight words of
/// tweet text, enough for "my card number is" or "llámame al" without reaching into the
/// next sentence.
const DEFAULT_WINDOW: usize = 40;
/// The largest window accepted: context further away says nothing about the value.
const MAX_WINDOW: usize = 400;

/// Parses one file into checked rules (duplicates are checked by the caller).
pub(super) fn parse(src: &str, path: Option<&Path>) -> Result<Vec<Rule>> {
    let table: toml::Table =
        toml::from_str(src).map_err(|e| crate::patterns::toml_error(&e, src))?;
    let mut rules = Vec::new();
    for (key, value) in table {
        if key != "rule" {
            return Err(Error::new(ErrorKind::Syntax(format!(
                "unknown top-level key `{key}` (expected `[[rule]]` tables)"
            ))));
        }
        let toml::Value::Array(items) = value else {
            return Err(Error::new(ErrorKind::Syntax(
                "`rule` must be an array of tables: write `[[rule]]`".into(),
            )));
        };
        for (i, item) in items.into_iter().enumerate() {
            // Read the id first, so that every later error can name the rule.
            let id = item
                .get("id")
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .unwrap_or_else(|| format!("#{} (no id)", i + 1));
            let syntax: RuleSyntax = item.try_into().map_err(|e: toml::de::Error| {
                Error::new(ErrorKind::Syntax(e.message().to_string())).with_rule(&id)
            })?;
            let mut rule = check(syntax).map_err(|e| e.with_rule(&id))?;
            rule.source = path.map(Path::to_path_buf);
            rules.push(rule);
        }
    }
    Ok(rules)
}

fn is_id(s: &str) -> bool {
    let mut parts = 0;
    for part in s.split('.') {
        parts += 1;
        if part.is_empty()
            || !part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        {
            return false;
        }
    }
    parts >= 2
}

fn invalid(msg: String) -> Error {
    Error::new(ErrorKind::InvalidField(msg))
}

fn check_unit(name: &str, v: f64) -> Result<f64> {
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(invalid(format!(
            "`{name}` must be between 0 and 1, got {v}"
        )))
    }
}

fn check_words(name: &str, words: Vec<String>) -> Result<Vec<String>> {
    words
        .into_iter()
        .map(|w| {
            let w = w.trim().to_string();
            if w.is_empty() {
                Err(invalid(format!("`{name}` has an empty entry")))
            } else {
                Ok(w)
            }
        })
        .collect()
}

fn check(s: RuleSyntax) -> Result<Rule> {
    if !is_id(&s.id) {
        return Err(invalid(format!(
            "id {:?} must be dotted lowercase words, e.g. `billing.card_number`",
            s.id
        )));
    }
    let category: Category = s.category.parse()?;
    if s.kind.is_empty()
        || !s
            .kind
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(invalid(format!(
            "kind {:?} must be lowercase snake_case, e.g. `card_number`",
            s.kind
        )));
    }
    if s.regex.is_empty() {
        return Err(Error::new(ErrorKind::InvalidRegex(
            "the regex is empty".into(),
        )));
    }
    let validator = s
        .validator
        .as_deref()
        .map(str::parse::<Validator>)
        .transpose()?;
    let context = check_words("context", s.context)?;
    let negative_context = check_words("negative-context", s.negative_context)?;
    if s.require_context && context.is_empty() {
        return Err(invalid(
            "`require-context = true` needs at least one `context` word".into(),
        ));
    }
    let window = s.window.unwrap_or(DEFAULT_WINDOW);
    if window > MAX_WINDOW {
        return Err(invalid(format!(
            "`window` must be at most {MAX_WINDOW} bytes, got {window}"
        )));
    }
    if s.examples
        .iter()
        .chain(&s.negative_examples)
        .any(|e| e.is_empty())
    {
        return Err(invalid("examples must not be empty strings".into()));
    }
    Ok(Rule {
        id: Arc::from(s.id),
        category,
        kind: Arc::from(s.kind),
        description: s.description,
        regex: s.regex,
        score: check_unit("score", s.score.unwrap_or(DEFAULT_SCORE))?,
        validator,
        context,
        context_boost: check_unit(
            "context-boost",
            s.context_boost.unwrap_or(DEFAULT_CONTEXT_BOOST),
        )?,
        negative_context,
        negative_penalty: check_unit(
            "negative-penalty",
            s.negative_penalty.unwrap_or(DEFAULT_NEGATIVE_PENALTY),
        )?,
        weak_values: check_words("weak-values", s.weak_values)?,
        require_context: s.require_context,
        window,
        examples: s.examples,
        negative_examples: s.negative_examples,
        source: None,
        builtin: false,
    })
}

#[cfg(test)]
mod tests {
    use crate::{ErrorKind, RuleSet};
    use std::path::Path;

    fn err(src: &str) -> crate::Error {
        RuleSet::from_toml(src, Some(Path::new("my.toml"))).unwrap_err()
    }

    const OK: &str = r#"
[[rule]]
id = "acme.ticket"
category = "purchase"
kind = "ticket_number"
regex = 'TCK-\d{6}'
"#;

    #[test]
    fn minimal_rule_loads() {
        let set = RuleSet::from_toml(OK, None).unwrap();
        assert_eq!(set.len(), 1);
        let r = set.get("acme.ticket").unwrap();
        assert_eq!(r.kind(), "ticket_number");
        assert_eq!(r.score(), super::DEFAULT_SCORE);
    }

    #[test]
    fn unknown_field_names_file_rule_and_field() {
        let e = err(&format!("{OK}colour = 'red'\n"));
        let msg = e.to_string();
        assert!(msg.starts_with("my.toml: rule acme.ticket: "), "{msg}");
        assert!(msg.contains("colour"), "{msg}");
        assert_eq!(e.rule_id(), Some("acme.ticket"));
        assert_eq!(e.path(), Some(Path::new("my.toml")));
    }

    #[test]
    fn unknown_category_and_validator() {
        let e = err(&OK.replace("purchase", "shopping"));
        assert!(matches!(e.kind(), ErrorKind::UnknownCategory { name, .. } if name == "shopping"));
        assert!(e.to_string().contains("rule acme.ticket"), "{e}");
        let e = err(&format!("{OK}validator = 'crc99'\n"));
        assert!(matches!(e.kind(), ErrorKind::UnknownValidator { name, .. } if name == "crc99"));
        assert!(e.to_string().contains("luhn"), "lists the known ones: {e}");
    }

    #[test]
    fn duplicate_ids_and_bad_values() {
        let e = err(&format!("{OK}{OK}"));
        assert_eq!(e.kind(), &ErrorKind::DuplicateId);
        let e = err(&format!("{OK}score = 1.5\n"));
        assert!(e.to_string().contains("between 0 and 1"), "{e}");
        let e = err(&OK.replace("acme.ticket", "Ticket"));
        assert!(matches!(e.kind(), ErrorKind::InvalidField(_)), "{e}");
        let e = err("[[rule]]\nid = 'a.b'\n");
        assert!(e.to_string().contains("rule a.b"), "{e}");
        assert!(e.to_string().contains("missing field"), "{e}");
        let e = err("rules = 3\n");
        assert!(e.to_string().contains("unknown top-level key"), "{e}");
        let e = err("[[rule]\n");
        assert!(e.to_string().starts_with("my.toml: invalid TOML"), "{e}");
    }
}
