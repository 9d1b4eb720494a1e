//! `discreet lint`: saved replies (macros) checked before anyone sends them.
//!
//! Every reply in the files given (folders recursively) is judged as an outgoing draft.
//! Three problems are reported: a value the reply would publish, a public ask for private
//! data, and a reply over 280 weighted characters. Template placeholders are neither
//! findings nor length. Problems point at the file's own line and column (code points),
//! and their messages name the category and kind, never the value.

mod draft;
mod formats;
mod ignore;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use discreet::{Direction, ReasonCode, Scanner};

use crate::opts::ScannerOpts;
use crate::Outcome;
use draft::{Draft, Lines, Neutral};
use formats::Format;
use ignore::IgnoreFile;

/// Files above this size are refused rather than read whole.
const MAX_FILE_BYTES: u64 = 64 << 20;

/// Arguments of `discreet lint`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[command(flatten)]
    scanner: ScannerOpts,
    /// Output: `text` (file:line:col: action category/kind: message), `json` (one object a
    /// line), `sarif` (SARIF 2.1.0) or `github` (Actions annotations).
    #[arg(long, default_value = "text", value_parser = ["text", "json", "sarif", "github"])]
    format: String,
    /// The CSV/TSV column holding the replies (default: the first named text, body, reply,
    /// content, message…, or the only column).
    #[arg(long, value_name = "NAME")]
    column: Option<String>,
    /// Accepted exceptions (default: `.discreetignore` in the current directory, if any).
    #[arg(long, value_name = "FILE")]
    ignore_file: Option<PathBuf>,
    /// Files or folders of saved replies: .csv .tsv .json .yaml .yml .md .txt (a file named
    /// explicitly with another extension is read as plain text).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// One problem found in a reply.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// `require_dm` (a value would be published) or `suggest_dm`.
    pub action: &'static str,
    pub category: String,
    pub kind: String,
    pub message: String,
}

impl Problem {
    /// `category/kind`, the problem's rule name in every output.
    pub(crate) fn name(&self) -> String {
        format!("{}/{}", self.category, self.kind)
    }
}

/// A file that could not be linted.
#[derive(Debug)]
pub(crate) struct FileError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

pub(crate) fn run(args: Args) -> Outcome {
    let scanner = args.scanner.build().map_err(|e| e.to_string())?;
    let ignores = match &args.ignore_file {
        Some(p) => read_ignore(p)?,
        None if Path::new(".discreetignore").is_file() => {
            read_ignore(Path::new(".discreetignore"))?
        }
        None => IgnoreFile::default(),
    };
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in &args.paths {
        collect_files(p, true, &mut files, &mut errors);
    }
    let mut problems = Vec::new();
    let mut replies = 0;
    for (path, format) in &files {
        let name = display(path);
        match lint_file(&scanner, path, &name, *format, args.column.as_deref()) {
            Ok((n, found)) => {
                replies += n;
                problems.extend(
                    found
                        .into_iter()
                        .filter(|p| !ignores.accepts(&p.file, p.line, &p.name())),
                );
            }
            Err(e) => errors.push(e),
        }
    }
    let out = match args.format.as_str() {
        "json" => report::json(&problems),
        "sarif" => report::sarif(&problems),
        "github" => report::github(&problems),
        _ => report::text(&problems),
    };
    {
        use std::io::Write;
        match std::io::stdout().lock().write_all(out.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(format!("cannot write to standard output: {e}"))
            }
            _ => {}
        }
    }
    for e in &errors {
        match e.line {
            Some(l) => eprintln!("{}:{l}: error: {}", e.file, e.message),
            None => eprintln!("{}: error: {}", e.file, e.message),
        }
    }
    eprintln!(
        "{} problem(s) in {replies} repl{} across {} file(s){}",
        problems.len(),
        if replies == 1 { "y" } else { "ies" },
        files.len(),
        if errors.is_empty() {
            String::new()
        } else {
            format!(", {} error(s)", errors.len())
        }
    );
    Ok(if !errors.is_empty() {
        ExitCode::from(2)
    } else if !problems.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn read_ignore(path: &Path) -> Result<IgnoreFile, String> {
    let src = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read ignore file {}: {e}", path.display()))?;
    IgnoreFile::parse(&src).map_err(|e| format!("{}: {e}", path.display()))
}

fn display(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// The files under `path`, sorted, with their format. Folders are walked without following
/// links; there, files of unknown formats and hidden entries are skipped.
fn collect_files(
    path: &Path,
    explicit: bool,
    files: &mut Vec<(PathBuf, Format)>,
    errors: &mut Vec<FileError>,
) {
    let meta = if explicit {
        std::fs::metadata(path)
    } else {
        std::fs::symlink_metadata(path)
    };
    let meta = match meta {
        Ok(m) => m,
        Err(e) => {
            errors.push(FileError {
                file: display(path),
                line: None,
                message: format!("cannot read: {e}"),
            });
            return;
        }
    };
    if meta.is_dir() {
        let entries = match std::fs::read_dir(path) {
            Ok(rd) => rd,
            Err(e) => {
                errors.push(FileError {
                    file: display(path),
                    line: None,
                    message: format!("cannot read folder: {e}"),
                });
                return;
            }
        };
        let mut children: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect();
        children.sort();
        for c in children {
            collect_files(&c, false, files, errors);
        }
    } else if meta.is_file() {
        match Format::of(path) {
            Some(f) => files.push((path.to_path_buf(), f)),
            None if explicit => files.push((path.to_path_buf(), Format::Text)),
            None => {}
        }
    }
}

/// Lints one file: the number of replies and their problems.
fn lint_file(
    scanner: &Scanner,
    path: &Path,
    name: &str,
    format: Format,
    column: Option<&str>,
) -> Result<(usize, Vec<Problem>), FileError> {
    let fail = |line, message: String| FileError {
        file: name.to_string(),
        line,
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| fail(None, format!("cannot read: {e}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(fail(
            None,
            format!("{size} bytes, more than the {MAX_FILE_BYTES} a file may have"),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(None, format!("cannot read: {e}")))?;
    let src = String::from_utf8(bytes).map_err(|e| {
        fail(
            None,
            format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
        )
    })?;
    // A byte-order mark is no column of the first line.
    let src = match src.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => src,
    };
    let drafts = formats::read(&src, format, column).map_err(|e| fail(e.line, e.message))?;
    let lines = Lines::new(&src);
    let mut problems = Vec::new();
    let mut after = 0; // the last line of the reply before
    for d in &drafts {
        problems.extend(judge(scanner, name, &lines, d, after));
        after = lines.position(d.map.end(d.text.len())).0;
    }
    Ok((drafts.len(), problems))
}

/// The problems of one reply, after its ignore comments.
fn judge(
    scanner: &Scanner,
    file: &str,
    lines: &Lines<'_>,
    draft: &Draft,
    after: usize,
) -> Vec<Problem> {
    let neutral = Neutral::new(&draft.text, draft.html);
    let verdict = scanner.classify(&neutral.text, Direction::Outgoing);
    let mut problems = Vec::new();
    let mut push = |start: usize, end: usize, action, category: &str, kind: &str, msg: String| {
        // A phrase's span can take in the space before it; the problem starts at a word.
        let span = neutral.text.get(start..end).unwrap_or("");
        let start = start + (span.len() - span.trim_start().len());
        let end = end.max(start) - (span.len() - span.trim_end().len()).min(end - start);
        let (s, e) = draft::source_span(draft, &neutral, start, end);
        let (line, column) = lines.position(s);
        let (end_line, end_column) = lines.position(e);
        problems.push(Problem {
            file: file.to_string(),
            line,
            column,
            end_line,
            end_column,
            action,
            category: category.to_string(),
            kind: kind.to_string(),
            message: msg,
        });
    };
    for r in &verdict.reasons {
        match r.code {
            ReasonCode::Discloses => {
                let Some(f) = verdict
                    .findings
                    .iter()
                    .find(|f| f.start == r.start && f.end == r.end)
                else {
                    continue;
                };
                push(
                    f.start,
                    f.end,
                    "require_dm",
                    f.category.as_str(),
                    &f.kind,
                    r.message.clone(),
                );
            }
            ReasonCode::Solicits => {
                let cat = r.category.map_or("private", |c| c.as_str());
                push(
                    r.start,
                    r.end,
                    "suggest_dm",
                    cat,
                    "solicits",
                    r.message.clone(),
                );
            }
            // The length is judged below, without the placeholders.
            _ => {}
        }
    }
    let length = discreet::tweet::weighted_length(&neutral.bare);
    if length > discreet::tweet::MAX_WEIGHTED_LENGTH {
        push(
            0,
            neutral.text.len(),
            "suggest_dm",
            "length",
            "too_long",
            format!(
                "this reply is {length} weighted characters without its placeholders, more than one tweet (280): shorten it or send it by DM"
            ),
        );
    }
    // Ignore comments: on the problem's line or the line before it, or on one of the three
    // lines before the reply that are not the previous reply's (above a Markdown heading,
    // on a YAML entry's title line).
    let (first_line, _) = lines.position(draft.map.start(0));
    let before = first_line.saturating_sub(3).max(after + 1)..first_line;
    problems.retain(|p| {
        let name = p.name();
        let accepted = [p.line, p.line.wrapping_sub(1)]
            .into_iter()
            .chain(before.clone())
            .filter(|&l| l >= 1)
            .filter_map(|l| ignore::comment(lines.line(l)))
            .any(|a| a.accepts(&name));
        !accepted
    });
    problems.sort_by_key(|p| (p.line, p.column));
    problems
}
