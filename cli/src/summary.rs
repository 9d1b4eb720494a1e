//! What a scan found, counted: the `--summary` report.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::time::Duration;

use discreet::{Action, Verdict};
use serde::Serialize;

/// How many of the most serious items the summary lists.
const SERIOUS: usize = 10;

/// Counts over the items of a scan; workers keep their own and the results are merged.
#[derive(Debug, Default, Clone)]
pub(crate) struct Stats {
    pub read: u64,
    pub errors: u64,
    pub written: u64,
    pub bytes: u64,
    actions: [u64; 3],
    categories: BTreeMap<&'static str, u64>,
    kinds: BTreeMap<String, u64>,
    rules: HashMap<String, u64>,
    serious: Vec<Serious>,
}

#[derive(Debug, Clone, Serialize)]
struct Serious {
    id: String,
    link: Option<String>,
    action: &'static str,
    findings: usize,
    categories: Vec<&'static str>,
    #[serde(skip)]
    rank: (Action, usize, u64),
}

fn action_index(a: Action) -> usize {
    match a {
        Action::Ok => 0,
        Action::SuggestDm => 1,
        Action::RequireDm => 2,
    }
}

impl Stats {
    pub(crate) fn error(&mut self) {
        self.read += 1;
        self.errors += 1;
    }

    /// Counts one judged item; `id` is the item's id as text, if it has one.
    pub(crate) fn item(&mut self, id: Option<&str>, v: &Verdict) {
        self.read += 1;
        self.actions[action_index(v.action)] += 1;
        for f in &v.findings {
            *self.categories.entry(f.category.as_str()).or_default() += 1;
            *self.kinds.entry(f.kind.to_string()).or_default() += 1;
            *self.rules.entry(f.rule.to_string()).or_default() += 1;
        }
        if v.action == Action::Ok {
            return;
        }
        let best = v
            .findings
            .iter()
            .map(|f| (f.confidence * 100.0) as u64)
            .max()
            .unwrap_or(0);
        let rank = (v.action, v.findings.len(), best);
        if self.serious.len() == SERIOUS && self.serious.last().is_some_and(|s| s.rank >= rank) {
            return;
        }
        let id = id.unwrap_or("").to_string();
        let link = (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
            .then(|| format!("https://twitter.com/i/web/status/{id}"));
        let mut categories: Vec<&'static str> =
            v.findings.iter().map(|f| f.category.as_str()).collect();
        categories.extend(v.solicits.iter().map(|c| c.as_str()));
        categories.dedup();
        self.serious.push(Serious {
            id,
            link,
            action: v.action.as_str(),
            findings: v.findings.len(),
            categories,
            rank,
        });
        self.serious.sort_by_key(|s| std::cmp::Reverse(s.rank));
        self.serious.truncate(SERIOUS);
    }

    pub(crate) fn merge(&mut self, other: Stats) {
        self.read += other.read;
        self.errors += other.errors;
        self.written += other.written;
        self.bytes += other.bytes;
        for i in 0..3 {
            self.actions[i] += other.actions[i];
        }
        for (k, v) in other.categories {
            *self.categories.entry(k).or_default() += v;
        }
        for (k, v) in other.kinds {
            *self.kinds.entry(k).or_default() += v;
        }
        for (k, v) in other.rules {
            *self.rules.entry(k).or_default() += v;
        }
        self.serious.extend(other.serious);
        self.serious.sort_by_key(|s| std::cmp::Reverse(s.rank));
        self.serious.truncate(SERIOUS);
    }

    fn top_rules(&self) -> Vec<(&str, u64)> {
        let mut r: Vec<(&str, u64)> = self.rules.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        r.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        r.truncate(10);
        r
    }

    /// The report as JSON. `problems` are the inputs that could not be read to their end
    /// (missing, truncated, corrupt): with any, `complete` is false.
    pub(crate) fn to_json(&self, elapsed: Duration, problems: &[String]) -> serde_json::Value {
        let secs = elapsed.as_secs_f64().max(1e-9);
        serde_json::json!({
            "complete": problems.is_empty(),
            "input_errors": problems,
            "items_read": self.read,
            "items_with_errors": self.errors,
            "lines_written": self.written,
            "actions": {
                "ok": self.actions[0],
                "suggest_dm": self.actions[1],
                "require_dm": self.actions[2],
            },
            "categories": self.categories,
            "kinds": self.kinds,
            "top_rules": self.top_rules().iter().map(|(r, n)| serde_json::json!({"rule": r, "findings": n})).collect::<Vec<_>>(),
            "seconds": secs,
            "items_per_second": self.read as f64 / secs,
            "bytes_per_second": self.bytes as f64 / secs,
            "most_serious": self.serious,
        })
    }

    /// The report for a person; ids are escaped, so that an id holding terminal escape
    /// sequences or line ends cannot rewrite the screen.
    pub(crate) fn to_text(&self, elapsed: Duration, problems: &[String]) -> String {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let mut s = String::new();
        let _ = writeln!(s, "discreet scan summary");
        if !problems.is_empty() {
            let _ = writeln!(
                s,
                "  INCOMPLETE: {} input(s) could not be read to the end:",
                problems.len()
            );
            for p in problems {
                let _ = writeln!(s, "    {}", escape(p, 200));
            }
        }
        let _ = writeln!(
            s,
            "  items read: {}   with errors: {}   lines written: {}",
            self.read, self.errors, self.written
        );
        let _ = writeln!(
            s,
            "  actions: require_dm {}   suggest_dm {}   ok {}",
            self.actions[2], self.actions[1], self.actions[0]
        );
        if !self.categories.is_empty() {
            let cats: Vec<String> = self
                .categories
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            let _ = writeln!(s, "  findings by category: {}", cats.join(", "));
            let kinds: Vec<String> = self.kinds.iter().map(|(k, v)| format!("{k} {v}")).collect();
            let _ = writeln!(s, "  findings by kind: {}", kinds.join(", "));
            let rules: Vec<String> = self
                .top_rules()
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            let _ = writeln!(s, "  top rules: {}", rules.join(", "));
        }
        let _ = writeln!(
            s,
            "  throughput: {:.0} items/s, {:.1} MB/s over {:.2} s",
            self.read as f64 / secs,
            self.bytes as f64 / secs / 1e6,
            secs
        );
        if !self.serious.is_empty() {
            let _ = writeln!(s, "  most serious:");
            for it in &self.serious {
                let _ = writeln!(
                    s,
                    "    {:<10} {} ({} findings: {}) {}",
                    it.action,
                    if it.id.is_empty() {
                        "(no id)".to_string()
                    } else {
                        escape(&it.id, 40)
                    },
                    it.findings,
                    it.categories.join(", "),
                    it.link.as_deref().unwrap_or("")
                );
            }
        }
        s
    }
}

/// `s` fit for a terminal: control characters (ESC, CR, LF, …) and backslashes as escapes,
/// and at most `max` characters.
pub(crate) fn escape(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        // Bidirectional and zero-width format characters reorder or hide what follows.
        let format = matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || format || c == '\\' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert_eq!(escape("1699001", 40), "1699001");
        assert_eq!(escape("a\x1b[2Jb\r\nc", 40), "a\\u{1b}[2Jb\\r\\nc");
        assert_eq!(escape("abcdef", 3), "abc…");
        assert_eq!(escape("x\u{202E}y", 9), "x\\u{202e}y");
        assert_eq!(escape("é\\", 9), "é\\\\");
    }
}
