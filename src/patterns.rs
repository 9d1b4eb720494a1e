//! A set of patterns compiled into one pass: what detection rules (`rules/*.toml`) and
//! verdict phrases (`rules/judge/*.toml`) have in common.
//!
//! Both are lists of regexes written by people, loaded from TOML files, checked against
//! their own examples, and run the same way: one multi-pattern automaton says which
//! patterns occur anywhere in a text, and only those are run again, alone, for their spans.
//! This module holds each piece of that once: the regex syntax, the compile of one pattern
//! (eager for user files, lazy for built-in ones), the union, the file loader with its size
//! cap, TOML errors with line numbers, and the example check.

use std::panic::{RefUnwindSafe, UnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use once_cell::sync::OnceCell;
use regex_automata::hybrid;
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::{self, pikevm, pikevm::PikeVM, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternSet};

use crate::error::{Error, ErrorKind, Result};

/// The largest pattern file read: the built-in rules are about 60 KB together, and a path
/// pointing at `/dev/zero` or a log file must be an error, not gigabytes of memory.
pub(crate) const MAX_FILE: u64 = 1 << 20;

/// Regex syntax for every pattern: ASCII classes and word boundaries over bytes. Unicode
/// `\d`, `\w` and `\b` make the lazy DFA many times slower and buy nothing here, since
/// every value worth finding is written with ASCII digits and separators (non-ASCII
/// literals in a pattern still match as their UTF-8 bytes).
fn syntax_config() -> syntax::Config {
    syntax::Config::new()
        .unicode(false)
        .utf8(false)
        .nest_limit(64)
}

/// The error kind for a pattern that does not build.
fn build_error(e: &meta::BuildError, limit: usize) -> ErrorKind {
    if e.size_limit().is_some() {
        ErrorKind::RegexTooLarge { limit }
    } else {
        ErrorKind::InvalidRegex(match e.syntax_error() {
            Some(s) => s.to_string(),
            None => e.to_string(),
        })
    }
}

/// Compiles one pattern, with capture groups, for the spans of its matches.
pub(crate) fn compile(pattern: &str, limit: usize) -> Result<Regex, ErrorKind> {
    let config = meta::Config::new()
        .nfa_size_limit(Some(limit))
        .onepass_size_limit(Some(limit))
        .hybrid_cache_capacity(1 << 20);
    Regex::builder()
        .syntax(syntax_config())
        .configure(config)
        .build(pattern)
        .map_err(|e| build_error(&e, limit))
}

/// Compiles a pattern that is a constant of this crate (the normalised view's). Each one
/// is compiled by the test suite, so failing here is a build defect, not an input problem.
pub(crate) fn compile_fixed(pattern: &str) -> Regex {
    Regex::builder()
        .syntax(syntax_config())
        .build(pattern)
        .unwrap_or_else(|e| panic!("built-in pattern does not compile: {e}"))
}

/// Compiles one pattern from a user's file: as [`compile`], and a pattern that matches the
/// empty string (so everywhere) is refused.
pub(crate) fn compile_checked(pattern: &str, limit: usize) -> Result<Regex, ErrorKind> {
    let re = compile(pattern, limit)?;
    if re.is_match(Input::new("")) {
        return Err(ErrorKind::InvalidRegex(
            "the regex matches the empty string, so it would match everywhere".into(),
        ));
    }
    Ok(re)
}

/// Several patterns in one regex that only answers "is there a match" (no captures,
/// leftmost-first): a rule's `weak-values`.
pub(crate) fn compile_any(patterns: &[String], limit: usize) -> Result<Regex, ErrorKind> {
    let config = meta::Config::new()
        .nfa_size_limit(Some(limit))
        .which_captures(WhichCaptures::None);
    Regex::builder()
        .syntax(syntax_config())
        .configure(config)
        .build_many(patterns)
        .map_err(|e| build_error(&e, limit))
}

/// One pattern's own regex, compiled now (user files, so that errors come before any text
/// is scanned) or on first use (built-in files: most patterns never match a given text,
/// and the union has already checked that they compile).
#[derive(Debug, Clone)]
pub(crate) struct OwnRegex {
    regex: OnceCell<Regex>,
    limit: usize,
}

impl OwnRegex {
    /// Compiled now.
    pub(crate) fn compiled(regex: Regex, limit: usize) -> OwnRegex {
        OwnRegex {
            regex: OnceCell::with_value(regex),
            limit,
        }
    }

    /// Compiled on first use, with `limit`.
    pub(crate) fn lazy(limit: usize) -> OwnRegex {
        OwnRegex {
            regex: OnceCell::new(),
            limit,
        }
    }

    /// The regex of `pattern` (always the same pattern for one `OwnRegex`).
    pub(crate) fn get(&self, pattern: &str, id: &str) -> &Regex {
        self.regex.get_or_init(|| {
            // Only built-in patterns reach here uncompiled, and the test suite compiles
            // every one of them (tests/rules.rs, tests/phrases.rs): this cannot fail in a
            // released build.
            compile(pattern, self.limit)
                .unwrap_or_else(|e| panic!("built-in pattern {id} does not compile: {e}"))
        })
    }
}

/// Many patterns in one automaton that reports which of them match anywhere in a text.
///
/// Only "which patterns match" is ever asked of it, so it is a forward lazy DFA over a
/// forward NFA, with the PikeVM on the same NFA for texts where the lazy DFA gives up:
/// what a `meta::Regex` would run for this question, without the reverse NFA, the
/// reverse DFA and the literal analysis it also builds for searches this type never
/// makes. That halves the compile, which is most of a cold start (the verdict phrases'
/// unions are compiled on the first `classify`).
#[derive(Clone)]
pub(crate) struct Union {
    inner: Arc<UnionInner>,
}

struct UnionInner {
    dfa: hybrid::dfa::DFA,
    pikevm: PikeVM,
    /// One search cache per thread (the lazy DFA's states grow in it as texts need them).
    caches: Pool<UnionCache, UnionCacheFn>,
}

/// Builds a thread's caches; the marker traits are spelled out so that `Scanner` stays
/// `Send + Sync + UnwindSafe + RefUnwindSafe`.
type UnionCacheFn = Box<dyn Fn() -> UnionCache + Send + Sync + UnwindSafe + RefUnwindSafe>;

struct UnionCache {
    dfa: hybrid::dfa::Cache,
    pikevm: pikevm::Cache,
    /// The answer of the last search, kept so that a search allocates nothing of its own.
    which: PatternSet,
}

impl std::fmt::Debug for Union {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Union")
            .field("patterns", &self.inner.dfa.pattern_len())
            .finish_non_exhaustive()
    }
}

impl Union {
    /// Compiles `patterns` (pattern `i` reports as `i`) under an NFA limit of `limit` bytes.
    /// `what` names the set in the error ("rules", "phrases").
    pub(crate) fn new(patterns: &[&str], limit: usize, what: &str) -> Result<Union> {
        let error = |e: &dyn std::fmt::Display| {
            Error::new(ErrorKind::InvalidRegex(format!(
                "the {what} together do not compile: {e}"
            )))
        };
        // No capture groups: only whether each pattern matches is asked.
        let nfa = thompson::Compiler::new()
            .syntax(syntax_config())
            .configure(
                thompson::Config::new()
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(limit)),
            )
            .build_many(patterns)
            .map_err(|e| error(&e))?;
        let dfa = hybrid::dfa::DFA::builder()
            .configure(
                hybrid::dfa::Config::new()
                    // Every match of every pattern, not leftmost-first.
                    .match_kind(MatchKind::All)
                    // The lazy DFA of ~60 rules plus triggers needs about 12 MiB of states
                    // on tweet text; below that it keeps clearing its cache and falls back
                    // to the PikeVM (measured: 8 MiB gave 1-2 MB/s, 16-32 MiB over
                    // 200 MB/s). The cache grows only as states are built, per thread.
                    .cache_capacity(32 << 20)
                    // As `meta::Regex` does: give up on a text that keeps clearing the
                    // cache (each clear costs every state built so far) and let the
                    // PikeVM finish it, which is linear too.
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .map_err(|e| error(&e))?;
        let pikevm = PikeVM::new_from_nfa(nfa).map_err(|e| error(&e))?;
        let (for_dfa, for_pikevm) = (dfa.clone(), pikevm.clone());
        let create: UnionCacheFn = Box::new(move || UnionCache {
            dfa: for_dfa.create_cache(),
            pikevm: for_pikevm.create_cache(),
            which: PatternSet::new(for_dfa.pattern_len()),
        });
        Ok(Union {
            inner: Arc::new(UnionInner {
                dfa,
                pikevm,
                caches: Pool::new(create),
            }),
        })
    }

    /// The patterns with a match somewhere in `text`, in one pass, in increasing order.
    /// Allocates only when something matches (most texts match nothing).
    pub(crate) fn which(&self, text: &str) -> Vec<usize> {
        let inner = &*self.inner;
        let input = Input::new(text);
        let mut cache = inner.caches.get();
        let cache = &mut *cache;
        let which = &mut cache.which;
        which.clear();
        if inner
            .dfa
            .try_which_overlapping_matches(&mut cache.dfa, &input, which)
            .is_err()
        {
            // The lazy DFA gave up (or met a byte it must quit on): the PikeVM answers
            // for the whole text; what the DFA already reported is a subset of its answer.
            inner
                .pikevm
                .which_overlapping_matches(&mut cache.pikevm, &input, which);
        }
        which.iter().map(|p| p.as_usize()).collect()
    }
}

/// The files behind `path`: the file itself, or every `*.toml` of a directory, sorted by
/// name.
pub(crate) fn toml_files(path: &Path) -> Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let io = |e: std::io::Error| Error::new(ErrorKind::Io(e.to_string())).with_path(path);
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads one pattern file, at most [`MAX_FILE`] bytes of UTF-8.
pub(crate) fn read_file(path: &Path) -> Result<String> {
    let bytes = crate::text::read_capped(path, MAX_FILE, "rule")?;
    String::from_utf8(bytes).map_err(|e| {
        Error::new(ErrorKind::Io(format!(
            "not valid UTF-8 (at byte {})",
            e.utf8_error().valid_up_to()
        )))
        .with_path(path)
    })
}

/// A TOML error as this crate reports it: the parser's message with the line it points at.
pub(crate) fn toml_error(e: &toml::de::Error, src: &str) -> Error {
    let at = e
        .span()
        .map(|s| {
            let line = src[..s.start.min(src.len())].matches('\n').count() + 1;
            format!(" (line {line})")
        })
        .unwrap_or_default();
    Error::new(ErrorKind::Syntax(format!(
        "invalid TOML{at}: {}",
        e.message().trim_end()
    )))
}

/// Checks one pattern's `examples` (each must be found) and `negative-examples` (none may
/// be). `found` gives the span found in an example, if any; `error` dresses a message with
/// the file and id.
pub(crate) fn check_examples(
    examples: &[String],
    negative_examples: &[String],
    found: impl Fn(&str) -> Option<std::ops::Range<usize>>,
    error: impl Fn(ErrorKind) -> Error,
    errors: &mut Vec<Error>,
) {
    for ex in examples {
        if found(ex).is_none() {
            errors.push(error(ErrorKind::Example(format!(
                "example {ex:?} is not found"
            ))));
        }
    }
    for ex in negative_examples {
        if let Some(r) = found(ex) {
            errors.push(error(ErrorKind::Example(format!(
                "negative example {ex:?} is found: {:?}",
                &ex[r]
            ))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_matching_the_empty_string_is_refused() {
        assert!(matches!(
            compile_checked("x*", 1 << 20),
            Err(ErrorKind::InvalidRegex(_))
        ));
        assert!(compile_checked("x+", 1 << 20).is_ok());
    }

    #[test]
    fn a_small_limit_is_a_size_error_not_a_syntax_error() {
        assert_eq!(
            compile("[a-z]{50}[0-9]{50}", 100).unwrap_err(),
            ErrorKind::RegexTooLarge { limit: 100 }
        );
        assert!(matches!(
            compile("(", 1 << 20),
            Err(ErrorKind::InvalidRegex(_))
        ));
    }

    #[test]
    fn the_union_reports_every_pattern_that_occurs() {
        let u = Union::new(&["cat", "dog", "bird"], 1 << 20, "test").unwrap();
        assert_eq!(u.which("a dog and a cat"), [0, 1]);
        assert!(u.which("a cow").is_empty());
    }

    #[test]
    fn toml_errors_give_the_line() {
        let src = "a = 1\nb = \n";
        let e = toml::from_str::<toml::Table>(src).unwrap_err();
        assert!(toml_error(&e, src).to_string().contains("(line 2)"));
    }
}
