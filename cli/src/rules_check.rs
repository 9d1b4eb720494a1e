//! `discreet rules check`: every problem in every rule file, not only the first.
//!
//! Each file is read (with a size cap) and parsed; when the file as a whole fails, each of
//! its `[[rule]]` tables is checked on its own so that every bad rule is reported. Ids are
//! checked across all the files given and against the built-in rules, and the examples of
//! every valid rule are run. A rules folder's `judge/` phrase files are checked as well.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use discreet::{RuleSet, Scanner};

use crate::read_capped::{read_capped, MAX_RULE_FILE};
use crate::Outcome;

/// The rule files named by `path`: itself, or a directory's `*.toml` files sorted by name.
fn files(path: &Path) -> Result<Vec<PathBuf>, String> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && !p.is_dir())
        .collect();
    files.sort();
    Ok(files)
}

/// The valid rules of one file, and a message per problem.
fn check_file(path: &Path) -> (RuleSet, Vec<String>) {
    let src = match read_capped(path, MAX_RULE_FILE) {
        Ok(s) => s,
        Err(e) => return (RuleSet::new(), vec![e]),
    };
    let whole = match RuleSet::from_toml(&src, Some(path)) {
        Ok(set) => return (set, Vec::new()),
        Err(e) => e.to_string(),
    };
    // Something is wrong: check each `[[rule]]` alone to find every bad one.
    let Ok(table) = src.parse::<toml::Table>() else {
        return (RuleSet::new(), vec![whole]);
    };
    let Some(toml::Value::Array(items)) = table.get("rule") else {
        return (RuleSet::new(), vec![whole]);
    };
    if table.len() != 1 {
        return (RuleSet::new(), vec![whole]);
    }
    let mut set = RuleSet::new();
    let mut problems = Vec::new();
    for item in items {
        let mut one = toml::Table::new();
        one.insert("rule".into(), toml::Value::Array(vec![item.clone()]));
        let parsed = toml::to_string(&one)
            .map_err(|e| format!("{}: {e}", path.display()))
            .and_then(|s| RuleSet::from_toml(&s, Some(path)).map_err(|e| e.to_string()));
        match parsed.and_then(|r| set.merge(r).map_err(|e| e.to_string())) {
            Ok(()) => {}
            Err(e) => problems.push(e),
        }
    }
    if problems.is_empty() {
        // The file fails as a whole but no rule alone does: report the file's error.
        problems.push(whole);
    }
    (set, problems)
}

/// Compiles `set` and runs its examples. Compiling stops at the first bad regex, so when
/// the set fails each rule is compiled alone, and the examples of the good ones still run.
fn compile(set: &RuleSet) -> Vec<String> {
    let examples =
        |s: &Scanner| -> Vec<String> { s.check_examples().iter().map(|e| e.to_string()).collect() };
    if let Ok(scanner) = Scanner::new(set) {
        return examples(&scanner);
    }
    let mut problems = Vec::new();
    let mut good = RuleSet::new();
    for rule in set.iter() {
        let mut one = RuleSet::new();
        if let Err(e) = one.push(rule.clone()) {
            problems.push(e.to_string());
            continue;
        }
        match Scanner::new(&one) {
            Ok(_) => {
                let _ = good.push(rule.clone());
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
    match Scanner::new(&good) {
        Ok(scanner) => problems.extend(examples(&scanner)),
        Err(e) => problems.push(e.to_string()),
    }
    problems
}

/// Problems of one phrase file (`rules/judge/*.toml`): syntax, roles, regexes, ids, and
/// every example and negative example.
fn check_phrases(path: &Path, phrases: &mut usize) -> Vec<String> {
    let src = match read_capped(path, MAX_RULE_FILE) {
        Ok(s) => s,
        Err(e) => return vec![e],
    };
    let name = path.display().to_string();
    match discreet::phrases::PhraseSet::from_sources(&[(name.as_str(), src.as_str())]) {
        Ok(set) => {
            *phrases += set.iter().len();
            set.check_examples().iter().map(|e| e.to_string()).collect()
        }
        Err(e) => vec![e.to_string()],
    }
}

/// Whether `path` holds verdict phrases (`[[phrase]]` tables) rather than rules, so that
/// `discreet rules check rules/judge` checks phrase files as phrase files.
fn is_phrase_file(path: &Path) -> bool {
    read_capped(path, MAX_RULE_FILE)
        .ok()
        .and_then(|src| src.parse::<toml::Table>().ok())
        .is_some_and(|t| t.contains_key("phrase") && !t.contains_key("rule"))
}

pub(crate) fn run(paths: &[PathBuf]) -> Outcome {
    let mut problems: Vec<String> = Vec::new();
    let mut total = 0usize;
    let mut checked = 0usize;
    let mut phrases = 0usize;
    // Where each id was seen first. A rule identical to the built-in one of the same id is
    // the built-in file itself being checked, not a clash.
    let builtin: HashMap<&str, _> = RuleSet::builtin().iter().map(|r| (r.id(), r)).collect();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for path in paths {
        let files = match files(path) {
            Ok(f) => f,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        if files.is_empty() {
            problems.push(format!("{}: no *.toml rule files", path.display()));
        }
        // A rules folder's `judge/` holds the verdict phrase files: checked too.
        let judge = path.join("judge");
        if judge.is_dir() {
            match self::files(&judge) {
                Ok(phrase_files) => {
                    for f in phrase_files {
                        checked += 1;
                        problems.extend(check_phrases(&f, &mut phrases));
                    }
                }
                Err(e) => problems.push(e),
            }
        }
        for file in files {
            checked += 1;
            if is_phrase_file(&file) {
                problems.extend(check_phrases(&file, &mut phrases));
                continue;
            }
            let (set, mut found) = check_file(&file);
            total += set.len();
            for rule in set.iter() {
                let name = file.display();
                if let Some(b) = builtin.get(rule.id()) {
                    let same = b.regex() == rule.regex()
                        && b.category() == rule.category()
                        && b.kind() == rule.kind();
                    if !same {
                        found.push(format!(
                            "{name}: rule {}: the id of a built-in rule (disable the built-in \
                             one with --disable, or choose another id)",
                            rule.id()
                        ));
                    }
                }
                match seen.get(rule.id()) {
                    Some(first) if first != &file => found.push(format!(
                        "{name}: rule {}: duplicate id (also in {})",
                        rule.id(),
                        first.display()
                    )),
                    Some(_) => {}
                    None => {
                        seen.insert(rule.id().to_string(), file.clone());
                    }
                }
            }
            found.extend(compile(&set));
            problems.extend(found);
        }
    }
    for p in &problems {
        crate::report_raw(&format!("{p}\n"));
    }
    if problems.is_empty() {
        use std::io::Write;
        let line = if phrases == 0 {
            format!("{total} rules in {checked} file(s): ok\n")
        } else {
            format!("{total} rules and {phrases} phrases in {checked} file(s): ok\n")
        };
        match std::io::stdout().lock().write_all(line.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(format!("cannot write to standard output: {e}"))
            }
            _ => {}
        }
        Ok(ExitCode::SUCCESS)
    } else {
        crate::report_raw(&format!(
            "{} problem(s) in {checked} file(s)\n",
            problems.len()
        ));
        Ok(ExitCode::from(2))
    }
}
