//! Phrases: the data behind verdicts.
//!
//! Detectors find data; phrases find *talk about* data: a request to share it
//! ("what's your order number?"), a pointer to a private channel ("DM us"), an issue that
//! needs private details ("I was charged twice"), a customer offering to post their data
//! ("should I post my account number here?"), a brand offering its own contact points
//! ("call us on …", "our store at …", `refunds@…`). They live in `rules/judge/*.toml` as
//! `[[phrase]]` tables:
//!
//! ```toml
//! [[phrase]]
//! id = "solicit.purchase"
//! role = "solicit"              # solicit | private-channel | issue | offer | brand-contact
//!                               # | brand-place | role-mailbox | caution
//! category = "purchase"         # the data asked for (solicit) or needed (issue)
//! # direction = "outgoing"      # optional: counts only in texts written this way
//! regex = '''(?i)\bwhat(?:'s| is) (?:your|the) order (?:number|#)'''
//! examples = ["what's your order number?"]
//! negative-examples = ["what's the order of the episodes?"]
//! ```
//!
//! Like rules, phrases compile into one multi-pattern automaton; only phrases that match
//! are run again for their spans.

use std::path::Path;
use std::sync::Arc;

use once_cell::sync::{Lazy, OnceCell};
use regex_automata::meta::Regex;
use regex_automata::Input;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::patterns::{self, OwnRegex, Union};
use crate::{Category, Direction};

/// What a phrase says about the text it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Role {
    /// Asks the other party to share data (of the phrase's category).
    Solicit,
    /// Routes the conversation to a private channel (DM, private message, email us…).
    PrivateChannel,
    /// Raises an issue that can only be resolved with private details.
    Issue,
    /// The writer offers its own public contact points ("call us on …").
    BrandContact,
    /// Introduces one of the brand's places ("our store at", "your branch at"): the postal
    /// address right after it is the brand's.
    BrandPlace,
    /// The local part of a role mailbox ("refunds@", "claims@", "press@"): a team's
    /// published address, not a person's. The match ends at the `@`.
    RoleMailbox,
    /// A customer offers to post their data in public ("do you need my card number? I can
    /// put it here"): ask them not to, and move to a DM.
    Offer,
    /// A warning against sharing ("never share your password"): an ask in the same
    /// sentence is not a request.
    Caution,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PhraseSyntax {
    id: String,
    role: Role,
    #[serde(default)]
    category: Option<Category>,
    #[serde(default)]
    direction: Option<Direction>,
    #[serde(default)]
    description: Option<String>,
    regex: String,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    negative_examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseFile {
    #[serde(default)]
    phrase: Vec<PhraseSyntax>,
}

/// One compiled phrase.
#[derive(Debug, Clone)]
pub struct Phrase {
    id: Arc<str>,
    role: Role,
    category: Option<Category>,
    direction: Option<Direction>,
    description: Option<String>,
    examples: Vec<String>,
    negative_examples: Vec<String>,
    /// The phrase's own regex, for spans; built-in phrases compile it on first use.
    regex: OwnRegex,
    pattern: String,
    source: Option<String>,
}

impl Phrase {
    fn regex(&self) -> &Regex {
        self.regex.get(&self.pattern, &self.id)
    }

    /// The phrase's id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// What the phrase says.
    pub fn role(&self) -> Role {
        self.role
    }
    /// The category asked for or needed, if any.
    pub fn category(&self) -> Option<Category> {
        self.category
    }
    /// The direction of the texts the phrase counts in; `None` for both.
    pub fn direction(&self) -> Option<Direction> {
        self.direction
    }
    /// Whether the phrase counts in a text written in `direction`.
    pub fn applies_to(&self, direction: Direction) -> bool {
        self.direction.is_none_or(|d| d == direction)
    }
    /// A one-line description.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
}

/// A match of a phrase in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Index of the phrase in its set.
    pub phrase: usize,
    /// Start byte offset.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
}

/// A compiled set of phrases.
#[derive(Debug, Clone)]
pub struct PhraseSet {
    phrases: Vec<Phrase>,
    /// One multi-pattern automaton per group of roles. Issues and offers (many long, loose
    /// phrases) get their own automaton: a verdict needs them only for an incoming text
    /// without findings, and kept in one union with the rest, their bounded windows
    /// multiply the lazy DFA's states on texts full of digits and data words.
    sets: Vec<Group>,
}

/// The automaton of one group of roles, with the phrase index of each of its patterns.
#[derive(Debug, Clone)]
struct Group {
    /// Compiled when the set is (user files, so that errors come first) or on the first
    /// text that needs the group (built-in files: compiling the unions is most of a cold
    /// start, and an outgoing draft never needs the issue/offer group).
    union: OnceCell<Union>,
    members: Vec<usize>,
    limit: usize,
}

/// The automaton group of a role (see [`PhraseSet`]).
fn group(role: Role) -> usize {
    match role {
        Role::Issue | Role::Offer => 1,
        _ => 0,
    }
}

const BUILTIN_FILES: [(&str, &str); 7] = [
    (
        "rules/judge/solicit.toml",
        include_str!("../../rules/judge/solicit.toml"),
    ),
    (
        "rules/judge/private-channel.toml",
        include_str!("../../rules/judge/private-channel.toml"),
    ),
    (
        "rules/judge/issue.toml",
        include_str!("../../rules/judge/issue.toml"),
    ),
    (
        "rules/judge/brand-contact.toml",
        include_str!("../../rules/judge/brand-contact.toml"),
    ),
    (
        "rules/judge/caution.toml",
        include_str!("../../rules/judge/caution.toml"),
    ),
    (
        "rules/judge/brand-place.toml",
        include_str!("../../rules/judge/brand-place.toml"),
    ),
    (
        "rules/judge/offer.toml",
        include_str!("../../rules/judge/offer.toml"),
    ),
];

static BUILTIN: Lazy<Arc<PhraseSet>> = Lazy::new(|| {
    let srcs: Vec<(&str, &str)> = BUILTIN_FILES.to_vec();
    // The built-in files are checked by tests/phrases.rs; failing here is a build defect.
    Arc::new(PhraseSet::compile(&srcs, true).unwrap_or_else(|e| panic!("built-in phrases: {e}")))
});

impl PhraseSet {
    /// The built-in phrases (`rules/judge/`), compiled once per process.
    pub fn builtin() -> Arc<PhraseSet> {
        Arc::clone(&BUILTIN)
    }

    /// Compiles phrase files given as `(name, text)` pairs.
    ///
    /// # Errors
    /// Invalid TOML, unknown fields or roles, a solicit or issue phrase without a category,
    /// bad regexes, duplicate ids: each naming the file and phrase id.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<PhraseSet> {
        PhraseSet::compile(sources, false)
    }

    /// With `lazy`, each phrase's own regex is compiled on first use (built-in files).
    fn compile(sources: &[(&str, &str)], lazy: bool) -> Result<PhraseSet> {
        let mut phrases: Vec<Phrase> = Vec::new();
        for (name, src) in sources {
            let file: PhraseFile =
                toml::from_str(src).map_err(|e| patterns::toml_error(&e, src).with_path(name))?;
            for p in file.phrase {
                let err = |kind| Error::new(kind).with_rule(&p.id).with_path(name);
                if phrases.iter().any(|q| *q.id == *p.id) {
                    return Err(err(ErrorKind::DuplicateId));
                }
                if matches!(p.role, Role::Solicit | Role::Issue) && p.category.is_none() {
                    return Err(err(ErrorKind::InvalidField(
                        "solicit and issue phrases need a `category`".into(),
                    )));
                }
                let limit = crate::DEFAULT_RULE_SIZE_LIMIT;
                let regex = if lazy {
                    OwnRegex::lazy(limit)
                } else {
                    let re = patterns::compile_checked(&p.regex, limit).map_err(err)?;
                    OwnRegex::compiled(re, limit)
                };
                phrases.push(Phrase {
                    id: Arc::from(p.id.as_str()),
                    role: p.role,
                    category: p.category,
                    direction: p.direction,
                    description: p.description,
                    examples: p.examples,
                    negative_examples: p.negative_examples,
                    regex,
                    pattern: p.regex,
                    source: Some(name.to_string()),
                });
            }
        }
        let mut sets = Vec::new();
        for g in 0..2 {
            let members: Vec<usize> = (0..phrases.len())
                .filter(|&i| group(phrases[i].role) == g)
                .collect();
            if members.is_empty() {
                continue;
            }
            let patterns: Vec<&str> = members
                .iter()
                .map(|&i| phrases[i].pattern.as_str())
                .collect();
            let limit = crate::DEFAULT_RULE_SIZE_LIMIT.saturating_mul(members.len());
            let union = if lazy {
                OnceCell::new()
            } else {
                OnceCell::with_value(Union::new(&patterns, limit, "phrases")?)
            };
            sets.push(Group {
                union,
                members,
                limit,
            });
        }
        Ok(PhraseSet { phrases, sets })
    }

    /// Loads phrase files from disk (each a file, or a directory of `*.toml`).
    ///
    /// # Errors
    /// As [`PhraseSet::from_sources`], plus I/O errors.
    pub fn from_paths(paths: &[&Path]) -> Result<PhraseSet> {
        PhraseSet::load(&[], paths)
    }

    /// The built-in phrases and those of these files (each a file, or a directory of
    /// `*.toml`), in one set: how `discreet --phrases` and Python's `phrases=` add a
    /// brand's own wording to the defaults. An id already built in is an error.
    ///
    /// # Errors
    /// As [`PhraseSet::from_paths`].
    pub fn builtin_and(paths: &[&Path]) -> Result<PhraseSet> {
        PhraseSet::load(&BUILTIN_FILES, paths)
    }

    fn load(first: &[(&str, &str)], paths: &[&Path]) -> Result<PhraseSet> {
        let mut files = Vec::new();
        for path in paths {
            for f in patterns::toml_files(path)? {
                let src = patterns::read_file(&f)?;
                files.push((f.display().to_string(), src));
            }
        }
        let refs: Vec<(&str, &str)> = first
            .iter()
            .copied()
            .chain(files.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .collect();
        PhraseSet::from_sources(&refs)
    }

    /// The phrases, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Phrase> {
        self.phrases.iter()
    }

    /// The phrase at `index` (as in [`PhraseMatch::phrase`]).
    pub fn get(&self, index: usize) -> Option<&Phrase> {
        self.phrases.get(index)
    }

    /// The union of group `g`, compiled on first use for the built-in files.
    fn union(&self, g: usize) -> &Union {
        let group = &self.sets[g];
        group.union.get_or_init(|| {
            let patterns: Vec<&str> = group
                .members
                .iter()
                .map(|&i| self.phrases[i].pattern.as_str())
                .collect();
            // Only built-in files are compiled lazily, and tests/phrases.rs compiles the
            // same files eagerly: this cannot fail in a released build.
            Union::new(&patterns, group.limit, "phrases")
                .unwrap_or_else(|e| panic!("built-in phrases do not compile: {e}"))
        })
    }

    /// Every match of every phrase, sorted by start.
    pub fn find_all(&self, text: &str) -> Vec<PhraseMatch> {
        self.find_where(text, |_| true)
    }

    /// Every match of the phrases that `keep` accepts, sorted by start. One pass finds which
    /// phrases occur at all; only the kept ones among them are searched again for spans,
    /// which is where the time goes when many phrases occur.
    pub fn find_where(&self, text: &str, keep: impl Fn(&Phrase) -> bool) -> Vec<PhraseMatch> {
        self.search(text, keep, false)
    }

    /// Like [`find_where`](PhraseSet::find_where), but only the first match of each phrase:
    /// enough where the earliest match is all that is used (an issue or an offer in a
    /// verdict), and cheaper for long, loose phrases.
    pub fn first_where(&self, text: &str, keep: impl Fn(&Phrase) -> bool) -> Vec<PhraseMatch> {
        self.search(text, keep, true)
    }

    fn search(&self, text: &str, keep: impl Fn(&Phrase) -> bool, first: bool) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        for (g, Group { members, .. }) in self.sets.iter().enumerate() {
            // A group none of whose phrases is wanted is not searched at all.
            if !members.iter().any(|&i| keep(&self.phrases[i])) {
                continue;
            }
            for pid in self.union(g).which(text) {
                let i = members[pid];
                if !keep(&self.phrases[i]) {
                    continue;
                }
                let found = self.phrases[i].regex().find_iter(Input::new(text));
                for m in found.take(if first { 1 } else { usize::MAX }) {
                    out.push(PhraseMatch {
                        phrase: i,
                        start: crate::text::floor_boundary(text, m.start()),
                        end: crate::text::ceil_boundary(text, m.end()),
                    });
                }
            }
        }
        out.sort_by_key(|m| (m.start, m.end, m.phrase));
        out
    }

    /// Checks every phrase's examples (each must match) and negative examples (none may).
    pub fn check_examples(&self) -> Vec<Error> {
        let mut errors = Vec::new();
        for p in &self.phrases {
            let err = |kind: ErrorKind| {
                let e = Error::new(kind).with_rule(&*p.id);
                match &p.source {
                    Some(s) => e.with_path(s),
                    None => e,
                }
            };
            patterns::check_examples(
                &p.examples,
                &p.negative_examples,
                |ex| p.regex().find(Input::new(ex)).map(|m| m.range()),
                err,
                &mut errors,
            );
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lazy_groups_answer_as_eager_ones_and_compile_only_when_needed() {
        let lazy = PhraseSet::compile(&BUILTIN_FILES, true).unwrap();
        let eager = PhraseSet::from_sources(&BUILTIN_FILES).unwrap();
        assert!(lazy.sets.iter().all(|g| g.union.get().is_none()));
        // An outgoing draft never asks for issues or offers: that group stays uncompiled.
        let draft = "Sorry about that! Can you reply with your order number?";
        let outgoing = |p: &Phrase| {
            p.applies_to(Direction::Outgoing) && !matches!(p.role(), Role::Issue | Role::Offer)
        };
        assert_eq!(
            lazy.find_where(draft, outgoing),
            eager.find_where(draft, outgoing)
        );
        assert!(!lazy.find_where(draft, outgoing).is_empty());
        let issues = lazy
            .sets
            .iter()
            .find(|g| g.members.iter().any(|&i| group(lazy.phrases[i].role) == 1))
            .unwrap();
        assert!(issues.union.get().is_none());
        for text in [
            "@AcmeAir I was charged twice for my flight this month 😤",
            "should I post my account number here? DM us your booking reference",
            "@ShopCo_Help v1.28.3 keeps crashing since the update 🤦‍♀️",
        ] {
            assert_eq!(lazy.find_all(text), eager.find_all(text), "{text}");
        }
        assert!(lazy.sets.iter().all(|g| g.union.get().is_some()));
    }
}
