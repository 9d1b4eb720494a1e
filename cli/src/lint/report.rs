//! The output formats of `discreet lint`. None carries a reply's text: the position, the
//! category/kind and a fixed sentence are enough to find and fix it.

use std::fmt::Write as _;

use serde_json::json;

use super::Problem;

/// `file:line:col: action category/kind: message`, one a line.
pub(crate) fn text(problems: &[Problem]) -> String {
    let mut out = String::new();
    for p in problems {
        let _ = writeln!(
            out,
            "{}:{}:{}: {} {}: {}",
            p.file,
            p.line,
            p.column,
            p.action,
            p.name(),
            p.message
        );
    }
    out
}

/// One JSON object a line, fields in a fixed order.
pub(crate) fn json(problems: &[Problem]) -> String {
    let mut out = String::new();
    for p in problems {
        // Serialising a struct of strings and numbers cannot fail.
        out.push_str(&serde_json::to_string(p).unwrap_or_default());
        out.push('\n');
    }
    out
}

fn level(action: &str) -> &'static str {
    if action == "require_dm" {
        "error"
    } else {
        "warning"
    }
}

fn describe(name: &str) -> String {
    match name.split_once('/') {
        Some(("length", _)) => {
            "A saved reply longer than one tweet (280 weighted characters)".into()
        }
        Some((cat, "solicits")) => format!("A saved reply that asks for {cat} data in public"),
        Some((cat, kind)) => format!("A saved reply that would publish {cat} data ({kind})"),
        None => name.to_string(),
    }
}

/// A SARIF 2.1.0 log with one run: a rule per `category/kind` met, one result per problem.
/// Columns count Unicode code points (`columnKind`).
pub(crate) fn sarif(problems: &[Problem]) -> String {
    let mut rules: Vec<String> = problems.iter().map(Problem::name).collect();
    rules.sort();
    rules.dedup();
    let rule_objs: Vec<_> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r,
                "name": r.replace('/', "_"),
                "shortDescription": { "text": describe(r) },
            })
        })
        .collect();
    let results: Vec<_> = problems
        .iter()
        .map(|p| {
            let name = p.name();
            json!({
                "ruleId": name,
                "ruleIndex": rules.iter().position(|r| *r == name).unwrap_or(0),
                "level": level(p.action),
                "message": { "text": format!("{}: {}", p.action, p.message) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&p.file) },
                        "region": {
                            "startLine": p.line,
                            "startColumn": p.column,
                            "endLine": p.end_line,
                            "endColumn": p.end_column.max(if p.end_line == p.line { p.column } else { 1 }),
                        }
                    }
                }],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "discreet",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_objs,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

/// A relative path as a URI reference: `/` separators, reserved characters escaped.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…::…` (warnings for
/// `suggest_dm`).
pub(crate) fn github(problems: &[Problem]) -> String {
    let mut out = String::new();
    for p in problems {
        let _ = writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            level(p.action),
            property(&p.file),
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            property(&format!("discreet {}", p.name())),
            data(&format!("{} {}: {}", p.action, p.name(), p.message)),
        );
    }
    out
}

fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(uri("dir/my file#1.csv"), "dir/my%20file%231.csv");
    }
}
