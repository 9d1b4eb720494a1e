//! Writes `rules/judge/solicit.toml` from the word lists in `tools/solicit/words.toml`.
//!
//! The solicitation phrases are long alternations: ask verbs in five languages, adverbs,
//! determiners, modifiers and the data nouns of each category. Written by hand they would be
//! unreadable and, unfactored, they would blow up the lazy DFA that all phrases share. So the
//! data file keeps the lists and the grammar apart:
//!
//! - `[lists]`: named lists of alternatives, each item a fragment in the rules' regex dialect
//!   (`"what's"`, `'d(?:é|e)janos'`). An item that is only `{name}` of another list adds that
//!   list's items (`ask = ["{ask_en}", "{ask_es}", …]`).
//! - `[fragments]`: named regex templates in which `{name}` is a list (inserted prefix-factored,
//!   in a group) or another fragment (inserted as it is). `{0,2}` stays a repetition: a name
//!   starts with a letter.
//! - `[[phrase]]`: the phrase tables of the output (`id`, `role`, `category`, `description`,
//!   `examples`, `negative-examples`) with `regex` as a template, the phrase's own `lists` and
//!   `fragments` (looked up before the shared ones), and `except` to drop items from a shared
//!   list for this phrase.
//!
//! Each list becomes a prefix tree over its items' tokens (a character, an escape, a class or a
//! whole group, each with its repetition): `what's`, `what is`, `which is` give
//! `wh(?:at(?:'s| is)|ich is)`. Children keep the order in which they were first seen, and an
//! item that ends where longer ones go on becomes an optional group, greedy if the longer
//! items came first (`quickly`, `quick` → `quick(?:ly)?`), lazy if it came first, and no
//! later item joins a branch ahead of it (`on x`, `on`, `on file` → `on(?: x|| file)`): as in
//! a plain alternation, an earlier item wins where two could match. Every non-ASCII letter
//! becomes its UTF-8 lead byte and "any continuation byte" (`é` → `\xc3[\x80-\xbf]`): the
//! phrases run in ASCII mode over bytes, where `(?i)` cannot fold accents, and fewer distinct
//! bytes keep the DFA's alphabet small. The output is checked before it is written: every
//! phrase compiles, every example matches, no negative example does.
//!
//! `cargo run --example gen_solicit` regenerates the file (CI regenerates it and fails if it
//! changed). After editing the lists, compare with the version before:
//!
//! ```text
//! git show HEAD:rules/judge/solicit.toml > /tmp/old.toml
//! cargo run --example gen_solicit -- --compare /tmp/old.toml [--search]
//! ```
//!
//! This writes nothing. For every phrase it searches every text of `tests/corpus/*.jsonl`,
//! `tests/data/*.toml` and the examples of `rules/` from every character position with the
//! old and the new regex and reports the searches that find different spans; walks the
//! anchored lazy DFAs of both regexes in step to prove that they match the same strings (or
//! print a string that tells them apart, in seconds); with `--search`, also walks their
//! unanchored leftmost-first DFAs to prove that every search finds the same span (minutes);
//! and prints the size of the union automaton of all the phrases. It exits 1 on a difference.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use regex_automata::hybrid::dfa::DFA;
use regex_automata::hybrid::LazyStateID;
use regex_automata::meta::Regex;
use regex_automata::nfa::thompson;
use regex_automata::util::{start, syntax};
use regex_automata::{Anchored, Input, MatchKind};
use serde::Deserialize;

/// The data file, relative to the crate root.
const DATA: &str = "tools/solicit/words.toml";
/// The generated file, relative to the crate root.
const OUT: &str = "rules/judge/solicit.toml";
/// How fragments may nest before the data is taken to be circular.
const MAX_DEPTH: usize = 32;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    /// The explanatory comment written at the top of the output.
    comment: String,
    #[serde(default)]
    lists: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    fragments: BTreeMap<String, String>,
    #[serde(default)]
    phrase: Vec<PhraseData>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PhraseData {
    /// A comment written before the phrase's table.
    #[serde(default)]
    comment: Option<String>,
    id: String,
    role: String,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    description: Option<String>,
    regex: String,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    negative_examples: Vec<String>,
    #[serde(default)]
    lists: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    fragments: BTreeMap<String, String>,
    /// Items dropped from a list for this phrase only.
    #[serde(default)]
    except: BTreeMap<String, Vec<String>>,
}

/// What a `{name}` stands for.
enum Named<'a> {
    List(&'a [String]),
    Fragment(&'a str),
}

/// Expands the templates of one phrase.
struct Expander<'a> {
    data: &'a Data,
    phrase: &'a PhraseData,
}

impl<'a> Expander<'a> {
    fn lookup(&self, name: &str) -> Result<Named<'a>, String> {
        let p = self.phrase;
        let d = self.data;
        if let Some(f) = p.fragments.get(name) {
            Ok(Named::Fragment(f))
        } else if let Some(l) = p.lists.get(name) {
            Ok(Named::List(l))
        } else if let Some(f) = d.fragments.get(name) {
            Ok(Named::Fragment(f))
        } else if let Some(l) = d.lists.get(name) {
            Ok(Named::List(l))
        } else {
            Err(format!("unknown list or fragment `{name}`"))
        }
    }

    /// `template` with every `{name}` replaced, non-ASCII letters as byte ranges.
    fn expand(&self, template: &str, depth: usize) -> Result<String, String> {
        if depth > MAX_DEPTH {
            return Err("lists and fragments nest too deep (a cycle?)".into());
        }
        let mut out = String::new();
        let mut rest = template;
        while let Some(at) = rest.find('{') {
            let escaped = rest[..at].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1;
            let name_len = rest[at + 1..]
                .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
                .unwrap_or(rest.len() - at - 1);
            let name = &rest[at + 1..at + 1 + name_len];
            let closed = rest[at + 1 + name_len..].starts_with('}');
            if escaped || !closed || !name.starts_with(|c: char| c.is_ascii_lowercase()) {
                // A repetition (`{0,2}`) or a literal brace.
                out.push_str(&rest[..=at]);
                rest = &rest[at + 1..];
                continue;
            }
            out.push_str(&rest[..at]);
            match self.lookup(name)? {
                Named::Fragment(f) => out.push_str(
                    &self
                        .expand(f, depth + 1)
                        .map_err(|e| format!("in `{name}`: {e}"))?,
                ),
                Named::List(_) => {
                    let items = self
                        .items(name, depth + 1)
                        .map_err(|e| format!("in `{name}`: {e}"))?;
                    out.push_str("(?:");
                    out.push_str(&factor(&items).map_err(|e| format!("in `{name}`: {e}"))?);
                    out.push(')');
                }
            }
            rest = &rest[at + 2 + name_len..];
        }
        out.push_str(rest);
        bytes_for_non_ascii(&out)
    }

    /// The expanded items of list `name`, with spliced lists and this phrase's exceptions.
    fn items(&self, name: &str, depth: usize) -> Result<Vec<String>, String> {
        if depth > MAX_DEPTH {
            return Err("lists nest too deep (a cycle?)".into());
        }
        let Named::List(raw) = self.lookup(name)? else {
            return Err(format!("`{name}` is a fragment, not a list"));
        };
        let except = self.phrase.except.get(name);
        if let Some(except) = except {
            if let Some(missing) = except.iter().find(|e| !raw.contains(e)) {
                return Err(format!(
                    "`except` names {missing:?}, which is not in the list"
                ));
            }
        }
        let mut out = Vec::new();
        for item in raw {
            if except.is_some_and(|e| e.contains(item)) {
                continue;
            }
            let spliced = item
                .strip_prefix('{')
                .and_then(|s| s.strip_suffix('}'))
                .filter(|n| matches!(self.lookup(n), Ok(Named::List(_))));
            match spliced {
                Some(inner) => out.extend(self.items(inner, depth + 1)?),
                None => out.push(self.expand(item, depth + 1)?),
            }
        }
        if out.is_empty() {
            return Err("the list is empty".into());
        }
        Ok(out)
    }
}

/// Writes each non-ASCII character as its lead byte and a continuation-byte class per
/// following byte, grouped when a repetition follows. Non-ASCII inside a class is an error.
fn bytes_for_non_ascii(re: &str) -> Result<String, String> {
    let mut out = String::with_capacity(re.len());
    let mut chars = re.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push(c);
            if let Some(n) = chars.next() {
                out.push(n);
            }
            continue;
        }
        if c.is_ascii() {
            match c {
                '[' if !in_class => in_class = true,
                ']' if in_class && !out.ends_with('[') && !out.ends_with("[^") => in_class = false,
                _ => {}
            }
            out.push(c);
            continue;
        }
        if in_class {
            return Err(format!("non-ASCII {c:?} in a character class"));
        }
        let mut buf = [0; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        let mut piece = format!("\\x{:02x}", bytes[0]);
        for _ in 1..bytes.len() {
            piece.push_str("[\\x80-\\xbf]");
        }
        if matches!(chars.peek(), Some('?' | '*' | '+' | '{')) {
            piece = format!("(?:{piece})");
        }
        out.push_str(&piece);
    }
    Ok(out)
}

/// Splits an item into tokens: a character, an escape, a class or a group, each with the
/// repetition that follows it. A `|` outside groups is an error: the item would split.
fn tokens(item: &str) -> Result<Vec<String>, String> {
    let b = item.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        match b[i] {
            b'\\' => {
                i += if b.get(i + 1) == Some(&b'x') { 4 } else { 2 };
            }
            b'[' => i = class_end(b, i)?,
            b'(' => {
                let mut depth = 0usize;
                loop {
                    match b.get(i) {
                        None => return Err(format!("unclosed group in {item:?}")),
                        Some(b'\\') => i += 2,
                        Some(b'[') => i = class_end(b, i)?,
                        Some(b'(') => {
                            depth += 1;
                            i += 1;
                        }
                        Some(b')') => {
                            depth -= 1;
                            i += 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            b'|' => {
                return Err(format!(
                    "`|` outside a group in {item:?}: make it two items"
                ))
            }
            b')' => return Err(format!("unbalanced `)` in {item:?}")),
            _ => i += item[i..].chars().next().map_or(1, char::len_utf8),
        }
        i = i.min(b.len());
        // The repetition, if any, and its laziness belong to the token.
        let repeated = match b.get(i) {
            Some(b'?' | b'*' | b'+') => {
                i += 1;
                true
            }
            Some(b'{') if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i += item[i..].find('}').map_or(b.len() - i, |e| e + 1);
                true
            }
            _ => false,
        };
        if repeated && b.get(i) == Some(&b'?') {
            i += 1;
        }
        out.push(item[start..i].to_string());
    }
    if out.is_empty() {
        return Err("an empty item would match the empty string".into());
    }
    Ok(out)
}

/// The index just past the class that opens at `i`.
fn class_end(b: &[u8], mut i: usize) -> Result<usize, String> {
    i += 1;
    if b.get(i) == Some(&b'^') {
        i += 1;
    }
    if b.get(i) == Some(&b']') {
        i += 1;
    }
    loop {
        match b.get(i) {
            None => return Err("unclosed character class".into()),
            Some(b'\\') => i += 2,
            Some(b']') => return Ok(i + 1),
            Some(_) => i += 1,
        }
    }
}

/// A prefix tree over tokens, children in first-seen order.
#[derive(Default)]
struct Node {
    children: Vec<(String, Node)>,
    /// An item ends here; the number of children seen before it, which is where the empty
    /// alternative goes so that earlier items keep their priority.
    end: Option<usize>,
}

impl Node {
    fn insert(&mut self, toks: &[String]) {
        let Some((first, rest)) = toks.split_first() else {
            self.end.get_or_insert(self.children.len());
            return;
        };
        // Join the last branch with this token, unless an item that ends here came between
        // (it must keep its priority over this item): then open a branch after it.
        let joinable = self
            .children
            .iter()
            .rposition(|(t, _)| t == first)
            .filter(|&at| self.end.is_none_or(|end| at >= end));
        let at = match joinable {
            Some(at) => at,
            None => {
                self.children.push((first.clone(), Node::default()));
                self.children.len() - 1
            }
        };
        self.children[at].1.insert(rest);
    }

    /// The alternatives below this node, joined by `|`.
    fn alternation(&self) -> String {
        let mut parts = Vec::with_capacity(self.children.len());
        for (tok, child) in &self.children {
            parts.push(format!("{tok}{}", child.rest()));
        }
        parts.join("|")
    }

    /// What follows this node's token: nothing, a chain, or a group. An item that ends here
    /// makes the group optional: greedy when the longer items came first, lazy when it came
    /// first, an empty alternative in between otherwise.
    fn rest(&self) -> String {
        match self.end {
            _ if self.children.is_empty() => String::new(),
            None if self.children.len() == 1 => {
                let (tok, child) = &self.children[0];
                format!("{tok}{}", child.rest())
            }
            None => format!("(?:{})", self.alternation()),
            Some(0) => format!("(?:{})??", self.alternation()),
            Some(k) if k == self.children.len() => format!("(?:{})?", self.alternation()),
            Some(k) => {
                let mut parts: Vec<String> = self
                    .children
                    .iter()
                    .map(|(tok, child)| format!("{tok}{}", child.rest()))
                    .collect();
                parts.insert(k, String::new());
                format!("(?:{})", parts.join("|"))
            }
        }
    }
}

/// The items as one prefix-factored alternation (without the enclosing group).
fn factor(items: &[String]) -> Result<String, String> {
    let mut root = Node::default();
    for item in items {
        root.insert(&tokens(item)?);
    }
    Ok(root.alternation())
}

/// One phrase of the output.
struct Phrase {
    comment: Option<String>,
    id: String,
    role: String,
    category: Option<String>,
    description: Option<String>,
    regex: String,
    examples: Vec<String>,
    negative_examples: Vec<String>,
}

fn generate(data: &Data) -> Result<Vec<Phrase>, String> {
    let mut out = Vec::new();
    for p in &data.phrase {
        let ex = Expander { data, phrase: p };
        let regex = ex
            .expand(&p.regex, 0)
            .map_err(|e| format!("phrase {}: {e}", p.id))?;
        if regex.contains("'''") || regex.contains('\n') {
            return Err(format!(
                "phrase {}: the regex cannot be a TOML literal string",
                p.id
            ));
        }
        out.push(Phrase {
            comment: p.comment.clone(),
            id: p.id.clone(),
            role: p.role.clone(),
            category: p.category.clone(),
            description: p.description.clone(),
            regex,
            examples: p.examples.clone(),
            negative_examples: p.negative_examples.clone(),
        });
    }
    Ok(out)
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn comment_lines(out: &mut String, text: &str) {
    for line in text.trim_matches('\n').lines() {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            let _ = writeln!(out, "# {line}");
        }
    }
}

fn render(data: &Data, phrases: &[Phrase]) -> String {
    let mut out = format!(
        "# GENERATED by `cargo run --example gen_solicit` from {DATA}. Do not edit; edit the data and regenerate.\n"
    );
    comment_lines(&mut out, &data.comment);
    for p in phrases {
        out.push('\n');
        if let Some(c) = &p.comment {
            comment_lines(&mut out, c);
            out.push('\n');
        }
        out.push_str("[[phrase]]\n");
        let _ = writeln!(out, "id = {}", quoted(&p.id));
        let _ = writeln!(out, "role = {}", quoted(&p.role));
        if let Some(c) = &p.category {
            let _ = writeln!(out, "category = {}", quoted(c));
        }
        if let Some(d) = &p.description {
            let _ = writeln!(out, "description = {}", quoted(d));
        }
        let _ = writeln!(out, "regex = '''{}'''", p.regex);
        let list = |v: &[String]| v.iter().map(|s| quoted(s)).collect::<Vec<_>>().join(", ");
        let _ = writeln!(out, "examples = [{}]", list(&p.examples));
        let _ = writeln!(out, "negative-examples = [{}]", list(&p.negative_examples));
    }
    out
}

/// The phrases' regex options (as the library compiles them).
fn syntax_config() -> syntax::Config {
    syntax::Config::new()
        .unicode(false)
        .utf8(false)
        .nest_limit(64)
}

fn compile(pattern: &str) -> Result<Regex, String> {
    Regex::builder()
        .syntax(syntax_config())
        .build(pattern)
        .map_err(|e| e.to_string())
}

/// Every phrase compiles, every example matches it, no negative example does.
fn self_check(phrases: &[Phrase]) -> Result<(), String> {
    let mut errors = Vec::new();
    for p in phrases {
        let re = compile(&p.regex).map_err(|e| format!("phrase {}: {e}", p.id))?;
        for e in &p.examples {
            if !re.is_match(e.as_str()) {
                errors.push(format!("phrase {}: example {e:?} does not match", p.id));
            }
        }
        for e in &p.negative_examples {
            if re.is_match(e.as_str()) {
                errors.push(format!("phrase {}: negative example {e:?} matches", p.id));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [] => run(None),
        [flag, old] if flag == "--compare" => run(Some((Path::new(old), false))),
        [flag, old, search] if flag == "--compare" && search == "--search" => {
            run(Some((Path::new(old), true)))
        }
        _ => Err("usage: gen_solicit [--compare OLD.toml [--search]]".into()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gen_solicit: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(compare_with: Option<(&Path, bool)>) -> Result<ExitCode, String> {
    let path = root().join(DATA);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{DATA}: {e}"))?;
    let data: Data = toml::from_str(&text).map_err(|e| format!("{DATA}: {e}"))?;
    let phrases = generate(&data)?;
    self_check(&phrases)?;
    match compare_with {
        None => {
            std::fs::write(root().join(OUT), render(&data, &phrases))
                .map_err(|e| format!("{OUT}: {e}"))?;
            let bytes: usize = phrases.iter().map(|p| p.regex.len()).sum();
            println!("{OUT}: {} phrases, {bytes} bytes of regex", phrases.len());
            Ok(ExitCode::SUCCESS)
        }
        Some((old, search)) => compare(&phrases, old, search),
    }
}

/// The texts the comparison runs over.
fn corpus_texts() -> Result<Vec<String>, String> {
    let mut texts = Vec::new();
    let mut files = Vec::new();
    for dir in ["tests/corpus", "tests/data", "rules", "rules/judge"] {
        let rd = std::fs::read_dir(root().join(dir)).map_err(|e| format!("{dir}: {e}"))?;
        for f in rd.flatten() {
            files.push(f.path());
        }
    }
    files.sort();
    for f in files {
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "jsonl" && ext != "toml" {
            continue;
        }
        let src = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        if ext == "jsonl" {
            for line in src.lines().filter(|l| !l.trim().is_empty()) {
                let v: serde_json::Value =
                    serde_json::from_str(line).map_err(|e| format!("{}: {e}", f.display()))?;
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    texts.push(t.to_string());
                }
            }
        } else {
            let v: toml::Value =
                toml::from_str(&src).map_err(|e| format!("{}: {e}", f.display()))?;
            collect_texts(&v, None, &mut texts);
        }
    }
    texts.sort();
    texts.dedup();
    Ok(texts)
}

/// Strings under the keys `text`, `examples` and `negative-examples`, at any depth.
fn collect_texts(v: &toml::Value, key: Option<&str>, out: &mut Vec<String>) {
    let wanted = matches!(key, Some("text" | "examples" | "negative-examples"));
    match v {
        toml::Value::String(s) if wanted => out.push(s.clone()),
        toml::Value::Array(a) => a.iter().for_each(|x| collect_texts(x, key, out)),
        toml::Value::Table(t) => t.iter().for_each(|(k, x)| collect_texts(x, Some(k), out)),
        _ => {}
    }
}

/// Size of the union of `patterns` as the phrase set builds it: NFA states, and the lazy
/// DFA's cache after searching every text from its start.
fn union_size(patterns: &[&str], texts: &[String]) -> Result<(usize, usize), String> {
    let nfa = thompson::Compiler::new()
        .syntax(syntax_config())
        .configure(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
        .build_many(patterns)
        .map_err(|e| e.to_string())?;
    let states = nfa.states().len();
    let dfa = DFA::builder()
        .configure(
            DFA::config()
                .match_kind(MatchKind::All)
                .cache_capacity(256 << 20),
        )
        .build_from_nfa(nfa)
        .map_err(|e| e.to_string())?;
    let mut cache = dfa.create_cache();
    for t in texts {
        dfa.try_search_fwd(&mut cache, &Input::new(t.as_str()))
            .map_err(|e| e.to_string())?;
    }
    Ok((states, cache.memory_usage()))
}

/// Most states the language comparison explores before it gives up.
const MAX_PAIRS: usize = 4_000_000;

/// Whether `a` and `b` behave the same from every start context (the start of the text or
/// after any byte): a breadth-first walk over pairs of states of their lazy DFAs, comparing at
/// every pair whether a match ends before the next byte or at the end of the text.
///
/// With `Walk::Language` the DFAs are anchored and report all match ends: equal means the
/// regexes match the same strings. With `Walk::Search` they are unanchored and leftmost-first,
/// and dead states are compared too (a search stops there): equal means every search ends
/// its match at the same offset, and since the start of a match is then found by a reverse
/// search of the same language, at the same span.
///
/// `Ok(None)` when equal, `Ok(Some(text))` with a text that tells them apart, `Err` when the
/// walk grows too large.
#[derive(Clone, Copy)]
enum Walk {
    Language,
    Search,
}

fn behaviour_difference(a: &str, b: &str, walk: Walk) -> Result<Option<Vec<u8>>, String> {
    let (kind, anchored) = match walk {
        Walk::Language => (MatchKind::All, Anchored::Yes),
        Walk::Search => (MatchKind::LeftmostFirst, Anchored::No),
    };
    let build = |p: &str| {
        DFA::builder()
            .syntax(syntax_config())
            .thompson(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
            .configure(DFA::config().match_kind(kind).cache_capacity(1 << 30))
            .build(p)
            .map_err(|e| e.to_string())
    };
    let (da, db) = (build(a)?, build(b)?);
    let (mut ca, mut cb) = (da.create_cache(), db.create_cache());
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let mut seen: HashMap<(LazyStateID, LazyStateID), (usize, u8)> = HashMap::new();
    let mut order: Vec<(LazyStateID, LazyStateID)> = Vec::new();
    let contexts = std::iter::once(None).chain((0..=255u8).map(Some));
    for lb in contexts {
        let cfg = start::Config::new().anchored(anchored).look_behind(lb);
        let sa = da.start_state(&mut ca, &cfg).map_err(|e| err(&e))?;
        let sb = db.start_state(&mut cb, &cfg).map_err(|e| err(&e))?;
        if seen.insert((sa, sb), (usize::MAX, 0)).is_none() {
            order.push((sa, sb));
        }
    }
    let differs = |x: LazyStateID, y: LazyStateID| {
        x.is_match() != y.is_match() || (matches!(walk, Walk::Search) && x.is_dead() != y.is_dead())
    };
    let mut k = 0;
    while k < order.len() {
        let (sa, sb) = order[k];
        let ea = da.next_eoi_state(&mut ca, sa).map_err(|e| err(&e))?;
        let eb = db.next_eoi_state(&mut cb, sb).map_err(|e| err(&e))?;
        if differs(ea, eb) {
            return Ok(Some(path(&seen, &order, k)));
        }
        for byte in 0..=255u8 {
            let na = da.next_state(&mut ca, sa, byte).map_err(|e| err(&e))?;
            let nb = db.next_state(&mut cb, sb, byte).map_err(|e| err(&e))?;
            if differs(na, nb) {
                let mut text = path(&seen, &order, k);
                text.push(byte);
                return Ok(Some(text));
            }
            if na.is_dead() && nb.is_dead() {
                continue;
            }
            if let std::collections::hash_map::Entry::Vacant(v) = seen.entry((na, nb)) {
                v.insert((k, byte));
                order.push((na, nb));
            }
        }
        if ca.clear_count() + cb.clear_count() > 0 || order.len() > MAX_PAIRS {
            return Err(format!(
                "gave up after {} state pairs (cache {} + {} bytes)",
                order.len(),
                ca.memory_usage(),
                cb.memory_usage()
            ));
        }
        k += 1;
    }
    Ok(None)
}

/// The bytes that lead from a start state to pair `k`.
fn path(
    seen: &HashMap<(LazyStateID, LazyStateID), (usize, u8)>,
    order: &[(LazyStateID, LazyStateID)],
    mut k: usize,
) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(&(parent, byte)) = seen.get(&order[k]) {
        if parent == usize::MAX {
            break;
        }
        out.push(byte);
        k = parent;
    }
    out.reverse();
    out
}

fn compare(phrases: &[Phrase], old_path: &Path, search: bool) -> Result<ExitCode, String> {
    let src =
        std::fs::read_to_string(old_path).map_err(|e| format!("{}: {e}", old_path.display()))?;
    let v: toml::Value =
        toml::from_str(&src).map_err(|e| format!("{}: {e}", old_path.display()))?;
    let mut old: HashMap<String, String> = HashMap::new();
    for p in v
        .get("phrase")
        .and_then(|p| p.as_array())
        .into_iter()
        .flatten()
    {
        if let (Some(id), Some(re)) = (
            p.get("id").and_then(|x| x.as_str()),
            p.get("regex").and_then(|x| x.as_str()),
        ) {
            old.insert(id.to_string(), re.to_string());
        }
    }
    let texts = corpus_texts()?;
    let positions: usize = texts.iter().map(|t| t.char_indices().count()).sum();
    println!("{} texts, {positions} starting positions", texts.len());
    let mut differences = 0usize;
    let mut old_patterns = Vec::new();
    for p in phrases {
        let Some(old_re) = old.get(&p.id) else {
            println!("{}: not in the old file", p.id);
            differences += 1;
            continue;
        };
        old_patterns.push(old_re.as_str());
        let a = compile(old_re)?;
        let b = compile(&p.regex)?;
        let (mut matched, mut searches) = (0usize, 0usize);
        for t in &texts {
            for (i, _) in t.char_indices() {
                let input = Input::new(t.as_str()).range(i..);
                let (x, y) = (a.find(input.clone()), b.find(input));
                searches += 1;
                if x.is_some() && i == 0 {
                    matched += 1;
                }
                if x.map(|m| m.range()) != y.map(|m| m.range()) {
                    differences += 1;
                    if differences <= 20 {
                        println!(
                            "{}: from byte {i} of {t:?}: old {:?}, new {:?}",
                            p.id,
                            x.map(|m| m.range()),
                            y.map(|m| m.range())
                        );
                    }
                }
            }
        }
        let mut verdicts = Vec::new();
        let walks: &[(Walk, &str)] = if search {
            &[
                (Walk::Language, "same language"),
                (Walk::Search, "same search results"),
            ]
        } else {
            &[(Walk::Language, "same language")]
        };
        for &(walk, same) in walks {
            verdicts.push(match behaviour_difference(old_re, &p.regex, walk) {
                Ok(None) => same.to_string(),
                Err(e) => format!("{same} not proven: {e}"),
                Ok(Some(text)) => {
                    differences += 1;
                    format!("NOT the {same}: {:?}", String::from_utf8_lossy(&text))
                }
            });
        }
        let language = verdicts.join(", ");
        println!(
            "{}: {searches} searches, {matched} texts match, regex {} -> {} bytes, {language}",
            p.id,
            old_re.len(),
            p.regex.len()
        );
    }
    let new_patterns: Vec<&str> = phrases.iter().map(|p| p.regex.as_str()).collect();
    let (old_states, old_cache) = union_size(&old_patterns, &texts)?;
    let (new_states, new_cache) = union_size(&new_patterns, &texts)?;
    println!(
        "union: NFA states {old_states} -> {new_states}; lazy DFA cache after the texts {old_cache} -> {new_cache} bytes"
    );
    if differences == 0 {
        println!("no differences");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{differences} differences");
        Ok(ExitCode::FAILURE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn lists_factor_into_prefix_trees() {
        let cases: &[(&[&str], &str)] = &[
            (
                &["what's", "what is", "which is"],
                "wh(?:at(?:'s| is)|ich is)",
            ),
            // An item that ends where longer ones go on: its place in the list decides.
            (&["quickly", "quick"], "quick(?:ly)?"),
            (&["on", "on file"], "on(?: file)??"),
            (&["on x", "on", "on file"], "on(?: x|| file)"),
            // Tokens are whole classes, escapes and groups, with their repetitions.
            (&["quels? est", "quelles? est"], "quel(?:s? est|les? est)"),
            (
                &[r"no\.?", r"no\.? id", "n(?:u|ú)mero"],
                r"n(?:o\.?(?: id)??|(?:u|ú)mero)",
            ),
            (&["[a-z]+ card", "[a-z]+ cards"], "[a-z]+ card(?:s)??"),
            // Duplicates collapse.
            (&["pin", "pin"], "pin"),
        ];
        for (items, want) in cases {
            assert_eq!(factor(&strings(items)).unwrap(), *want, "{items:?}");
        }
    }

    #[test]
    fn factored_lists_match_what_the_plain_alternation_matches() {
        let items = strings(&["send us", "send", "share", "sharing", "s(?:e|é)nd it"]);
        let plain = compile(&format!("(?i)(?:{})", items.join("|"))).unwrap();
        let factored = compile(&format!(
            "(?i)(?:{})",
            bytes_for_non_ascii(&factor(&items).unwrap()).unwrap()
        ))
        .unwrap();
        for text in [
            "send us the code",
            "Send it",
            "sharing is caring",
            "sénd",
            "sen",
            "us",
        ] {
            let span = |re: &Regex| re.find(text).map(|m| m.range());
            assert_eq!(span(&plain), span(&factored), "{text:?}");
        }
    }

    #[test]
    fn non_ascii_letters_become_byte_ranges() {
        assert_eq!(
            bytes_for_non_ascii("ind(?:í|i)canos").unwrap(),
            r"ind(?:\xc3[\x80-\xbf]|i)canos"
        );
        assert_eq!(
            bytes_for_non_ascii("we’ll").unwrap(),
            r"we\xe2[\x80-\xbf][\x80-\xbf]ll"
        );
        // A repetition applies to the whole letter.
        assert_eq!(
            bytes_for_non_ascii("né?").unwrap(),
            r"n(?:\xc3[\x80-\xbf])?"
        );
        assert!(bytes_for_non_ascii("[aé]").is_err());
        assert_eq!(
            bytes_for_non_ascii(r"[\]é]").unwrap_err(),
            "non-ASCII 'é' in a character class"
        );
    }

    #[test]
    fn bad_items_are_errors() {
        assert!(factor(&strings(&["a|b"]))
            .unwrap_err()
            .contains("make it two items"));
        assert!(factor(&strings(&["(?:a"]))
            .unwrap_err()
            .contains("unclosed group"));
        assert!(factor(&strings(&["a)"]))
            .unwrap_err()
            .contains("unbalanced"));
        assert!(factor(&strings(&[""]))
            .unwrap_err()
            .contains("empty string"));
    }

    fn data(src: &str) -> Data {
        toml::from_str(src).unwrap()
    }

    #[test]
    fn templates_expand_lists_fragments_and_exceptions() {
        let d = data(
            r#"
            comment = "c"
            [lists]
            verb = ["{verb_en}", "nos das"]
            verb_en = ["send us", "send"]
            noun = ["order number", "iban"]
            [fragments]
            ask = '(?:^|\W){verb}\s+{noun}'
            [[phrase]]
            id = "a.b"
            role = "solicit"
            regex = '(?i){ask}(?:x){1,2}'
            except = { noun = ["iban"] }
            [phrase.lists]
            noun = ["order number", "iban", "número"]
            "#,
        );
        let phrases = generate(&d).unwrap();
        assert_eq!(
            phrases[0].regex,
            r"(?i)(?:^|\W)(?:send(?: us)?|nos das)\s+(?:order number|n\xc3[\x80-\xbf]mero)(?:x){1,2}"
        );
    }

    #[test]
    fn unknown_names_cycles_and_bad_exceptions_are_errors() {
        let base = |extra: &str| {
            format!(
                "comment = ''\n[fragments]\nloop = '{{loop}}'\n[lists]\nl = ['a']\n\
                 [[phrase]]\nid = 'x'\nrole = 'solicit'\n{extra}"
            )
        };
        let err = |extra: &str| generate(&data(&base(extra))).map(|_| ()).unwrap_err();
        assert!(err("regex = '{nope}'").contains("unknown list or fragment `nope`"));
        assert!(err("regex = '{loop}'").contains("too deep"));
        assert!(err("regex = '{l}'\nexcept = { l = ['b'] }").contains("not in the list"));
        assert!(err("regex = '{l}'\nexcept = { l = ['a'] }").contains("empty"));
    }
}
