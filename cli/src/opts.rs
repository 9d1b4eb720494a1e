//! Options shared by every command that builds a scanner.

use std::path::PathBuf;

use clap::Args;
use discreet::{BrandProfile, RuleSet, Scanner, ScannerBuilder};

/// How to build the scanner.
#[derive(Args, Debug, Clone, Default)]
pub(crate) struct ScannerOpts {
    /// Extra rule file or directory, merged with the built-in rules (repeatable).
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Leave out the built-in rules (use only --rules files).
    #[arg(long)]
    pub no_builtin: bool,
    /// Disable a rule by id (repeatable).
    #[arg(long, value_name = "ID")]
    pub disable: Vec<String>,
    /// Never count this handle, email, URL or phone number as sensitive: the brand's own
    /// contact points (repeatable).
    #[arg(long, value_name = "VALUE")]
    pub allow: Vec<String>,
    /// The brand profile: a TOML file naming the brand's handles, domains, phone numbers,
    /// addresses and mailboxes, none of which ever counts as disclosed.
    #[arg(long, value_name = "FILE")]
    pub brand: Option<PathBuf>,
    /// Lowest confidence reported, 0..1.
    #[arg(long, value_name = "SCORE")]
    pub min_score: Option<f64>,
}

impl ScannerOpts {
    pub(crate) fn build(&self) -> Result<Scanner, String> {
        let plain = self.rules.is_empty()
            && !self.no_builtin
            && self.disable.is_empty()
            && self.allow.is_empty()
            && self.brand.is_none()
            && self.min_score.is_none();
        if plain {
            return Ok(Scanner::default());
        }
        let mut b = ScannerBuilder::new();
        b.builtin_rules(!self.no_builtin);
        for path in &self.rules {
            b.rules(RuleSet::from_path(path).map_err(|e| e.to_string())?);
        }
        for id in &self.disable {
            b.disable(id);
        }
        for a in &self.allow {
            b.allow(a);
        }
        if let Some(path) = &self.brand {
            b.brand(BrandProfile::from_path(path).map_err(|e| e.to_string())?);
        }
        if let Some(s) = self.min_score {
            b.min_score(s);
        }
        b.build().map_err(|e| e.to_string())
    }
}

/// Longest text `check -` and `redact -` read from standard input.
const MAX_TEXT_BYTES: usize = 16 << 20;

/// The text given on the command line, or standard input for none or `-`. Standard input
/// that is not UTF-8 is an error naming the byte where it stops being valid.
pub(crate) fn read_text(arg: Option<&str>) -> Result<String, String> {
    use std::io::Read;
    match arg {
        None | Some("-") => {
            // One text, not an archive: endless input (`< /dev/zero`) must not take the
            // machine's memory, so reading stops one byte past the limit.
            let mut buf = Vec::new();
            std::io::stdin()
                .take(MAX_TEXT_BYTES as u64 + 1)
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            if buf.len() > MAX_TEXT_BYTES {
                return Err(format!(
                    "standard input is longer than {} MiB: one text is expected here (use \
                     `discreet scan` for many)",
                    MAX_TEXT_BYTES >> 20
                ));
            }
            String::from_utf8(buf).map_err(|e| {
                format!(
                    "standard input is not valid UTF-8 (at byte {})",
                    e.utf8_error().valid_up_to()
                )
            })
        }
        Some(t) => Ok(t.to_string()),
    }
}
