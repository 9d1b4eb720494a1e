//! Accepted exceptions, as linters have them.
//!
//! - A `discreet-ignore` comment accepts the problems on its own line and on the next line,
//!   and, on one of the three lines before a reply, all of that reply's (`# discreet-ignore`, `<!-- discreet-ignore -->`, `// discreet-ignore`, or the words
//!   anywhere in a CSV row or after a YAML value). Names after it narrow it:
//!   `discreet-ignore purchase/solicits length` accepts only those (a category, a
//!   `category/kind`, or `length` for over-long replies).
//! - A `.discreetignore` file: one entry a line, `PATH[:LINE] [NAME…]`, `#` comments. `*` in
//!   the path matches any run of characters; paths are as `discreet lint` prints them.

/// The marker word.
pub(crate) const MARKER: &str = "discreet-ignore";

/// Whether a Markdown or text line holds nothing but an ignore comment (and so is not part
/// of the reply).
pub(crate) fn is_comment_line(t: &str) -> bool {
    let inner = t
        .strip_prefix("<!--")
        .and_then(|r| r.strip_suffix("-->"))
        .or_else(|| t.strip_prefix("//"))
        .or_else(|| t.strip_prefix('#'))
        .map(str::trim);
    inner.is_some_and(|i| i.starts_with(MARKER))
}

/// What an ignore entry or comment accepts: every problem, or the named ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Accept {
    All,
    Only(Vec<String>),
}

impl Accept {
    fn from_names<'a>(names: impl Iterator<Item = &'a str>) -> Accept {
        let names: Vec<String> = names
            .map(|n| n.trim_matches(|c: char| matches!(c, ',' | ':' | '-' | '>' | '*')))
            .filter(|n| {
                !n.is_empty()
                    && n.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_/".contains(&b))
            })
            .map(str::to_string)
            .collect();
        if names.is_empty() {
            Accept::All
        } else {
            Accept::Only(names)
        }
    }

    /// Whether a problem named `category/kind` is accepted.
    pub(crate) fn accepts(&self, name: &str) -> bool {
        match self {
            Accept::All => true,
            Accept::Only(names) => names.iter().any(|n| {
                name == n
                    || name
                        .strip_prefix(n.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            }),
        }
    }
}

/// The ignore comment on a line, if any.
pub(crate) fn comment(line: &str) -> Option<Accept> {
    let at = line.find(MARKER)?;
    let rest = &line[at + MARKER.len()..];
    let rest = rest.split("-->").next().unwrap_or(rest);
    Some(Accept::from_names(rest.split_whitespace()))
}

/// A `.discreetignore` file.
#[derive(Debug, Default)]
pub(crate) struct IgnoreFile {
    entries: Vec<(String, Option<usize>, Accept)>,
}

impl IgnoreFile {
    /// Parses the file's text.
    ///
    /// # Errors
    /// A line number that is not a number (the message names the entry's line).
    pub(crate) fn parse(src: &str) -> Result<IgnoreFile, String> {
        let mut entries = Vec::new();
        for (n, line) in src.lines().enumerate() {
            let line = line.split(" #").next().unwrap_or(line).trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut words = line.split_whitespace();
            let target = words.next().unwrap_or("");
            let (path, at) = match target.rsplit_once(':') {
                Some((p, l)) if !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()) => {
                    let l = l
                        .parse()
                        .map_err(|_| format!("line {}: line number out of range", n + 1))?;
                    (p, Some(l))
                }
                _ => (target, None),
            };
            entries.push((
                path.trim_start_matches("./").to_string(),
                at,
                Accept::from_names(words),
            ));
        }
        Ok(IgnoreFile { entries })
    }

    /// Whether the problem `name` at `file:line` is accepted.
    pub(crate) fn accepts(&self, file: &str, line: usize, name: &str) -> bool {
        let file = file.trim_start_matches("./");
        self.entries
            .iter()
            .any(|(p, l, a)| glob(p, file) && l.is_none_or(|l| l == line) && a.accepts(name))
    }
}

/// `*` matches any run of characters (`/` included); everything else itself.
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_names() {
        assert_eq!(comment("x # discreet-ignore"), Some(Accept::All));
        let a = comment("<!-- discreet-ignore purchase/solicits, length -->").unwrap();
        assert!(a.accepts("purchase/solicits"));
        assert!(a.accepts("length/too_long"));
        assert!(!a.accepts("billing/card_number"));
        assert!(comment("nothing here").is_none());
        assert!(is_comment_line("<!-- discreet-ignore -->"));
        assert!(!is_comment_line("Call discreet-ignore"));
    }

    #[test]
    fn ignore_file_entries() {
        let f = IgnoreFile::parse(
            "# accepted\nmacros/legal.md\nmacros/*.csv:4 purchase\n./x.yaml phone/phone\n",
        )
        .unwrap();
        assert!(f.accepts("macros/legal.md", 9, "billing/card_number"));
        assert!(f.accepts("macros/a.csv", 4, "purchase/solicits"));
        assert!(!f.accepts("macros/a.csv", 5, "purchase/solicits"));
        assert!(!f.accepts("macros/a.csv", 4, "phone/phone"));
        assert!(f.accepts("x.yaml", 1, "phone/phone"));
        assert!(glob("a*b*c", "axxbyyc") && !glob("a*b", "ab/c") && glob("*", "q"));
    }
}
