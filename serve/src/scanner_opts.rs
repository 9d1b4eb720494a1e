//! The scanner's flags, defined once for every command that builds a scanner: `discreet
//! check`, `scan`, `redact`, `lint` and `serve`.
//!
//! They live in this crate because the CLI depends on it (never the reverse) and the
//! library has no command line; the CLI re-exports them.

use std::path::PathBuf;

use discreet::phrases::PhraseSet;
use discreet::{BrandProfile, RuleSet, Scanner, ScannerBuilder};

/// How to build the scanner: extra rules, disabled rules, the brand's own contact points
/// and the lowest confidence reported.
#[derive(clap::Args, Debug, Clone, Default, PartialEq)]
pub struct ScannerOpts {
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
    /// Extra verdict phrase file or directory (the `rules/judge/` format), added to the
    /// built-in phrases (repeatable).
    #[arg(long = "phrases", value_name = "FILE")]
    pub phrases: Vec<PathBuf>,
}

impl ScannerOpts {
    /// Builds the scanner these options describe; the defaults give the shared default
    /// scanner without compiling anything again.
    ///
    /// # Errors
    /// A rule file or the brand profile that cannot be read or parsed, or settings the
    /// builder refuses; the message names the file or the setting.
    pub fn build(&self) -> Result<Scanner, discreet::Error> {
        if *self == ScannerOpts::default() {
            return Ok(Scanner::default());
        }
        let mut b = ScannerBuilder::new();
        b.builtin_rules(!self.no_builtin);
        for path in &self.rules {
            b.rules(RuleSet::from_path(path)?);
        }
        for id in &self.disable {
            b.disable(id);
        }
        for a in &self.allow {
            b.allow(a);
        }
        if let Some(path) = &self.brand {
            b.brand(BrandProfile::from_path(path)?);
        }
        if let Some(s) = self.min_score {
            b.min_score(s);
        }
        if !self.phrases.is_empty() {
            let paths: Vec<&std::path::Path> = self.phrases.iter().map(PathBuf::as_path).collect();
            b.phrases(PhraseSet::builtin_and(&paths)?);
        }
        b.build()
    }
}
