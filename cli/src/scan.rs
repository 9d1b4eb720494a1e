//! `discreet scan`: items in (JSON Lines, an X/Twitter archive, CSV), one verdict line per
//! item out, in input order, on all cores, with memory flat whatever the input size.
//!
//! Output lines follow the contract other tools rely on:
//! `{"id": ..., "action": ..., "findings": [...], "solicits": [...], "reasons": [...],
//! "weighted_length": N}` (plus `"redacted"` with `--redact`), or `{"id": ..., "error": "..."}`
//! for an item that cannot be judged. Nothing is dropped: items read = lines written
//! (unless `--only-flagged` asks to keep only the items that are not `ok`).

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use discreet::line;
use discreet::Redactor;
use discreet::{Direction, Scanner, Verdict};
use serde::{Deserialize, Serialize};

use crate::opts::ScannerOpts;
use crate::source::{self, CsvColumns, Format, Raw};
use crate::summary::Stats;
use crate::Outcome;

/// Arguments of `discreet scan`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[command(flatten)]
    scanner: ScannerOpts,
    /// Input format; by default detected from the file name, then from the content.
    #[arg(long, value_enum, default_value = "auto")]
    format: Format,
    /// CSV: the column holding the text (default `text`).
    #[arg(long, value_name = "NAME")]
    text_column: Option<String>,
    /// CSV: the column holding the id (default `id` or `id_str` when present).
    #[arg(long, value_name = "NAME")]
    id_column: Option<String>,
    /// Direction of items that do not say. Default: `incoming`, except for archives
    /// (`tweets.js`, `.zip`), which hold the account's own tweets: `outgoing`.
    #[arg(long, value_parser = ["incoming", "outgoing"])]
    direction: Option<String>,
    /// Write only the items whose action is not `ok` (and error lines).
    #[arg(long)]
    only_flagged: bool,
    /// Add a `"redacted"` field with the redacted text to every line.
    #[arg(long)]
    redact: bool,
    /// Redaction policy file (TOML or JSON); implies --redact.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// File holding the secret key for pseudonyms (or set DISCREET_KEY); never on the
    /// command line.
    #[arg(long, value_name = "FILE")]
    key_file: Option<PathBuf>,
    /// Print a summary on standard error at the end.
    #[arg(long)]
    summary: bool,
    /// Write the summary as JSON to this file.
    #[arg(long, value_name = "FILE")]
    summary_json: Option<PathBuf>,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Input files (`-` for standard input, the default).
    inputs: Vec<PathBuf>,
}

/// Items handed to a worker at once: enough to amortise the hand-over, few enough to keep
/// memory flat and output flowing.
const CHUNK: usize = 4096;

/// Everything a worker needs to judge items.
struct Judge {
    scanner: Scanner,
    redactor: Option<Redactor>,
    default_direction: Direction,
    only_flagged: bool,
}

/// An archive item: `{"tweet": {...}}`; older exports hold the tweet object itself.
#[derive(Deserialize)]
struct ArchiveItem {
    #[serde(default)]
    tweet: Option<ArchiveTweet>,
}

#[derive(Deserialize, Default)]
struct ArchiveTweet {
    #[serde(default)]
    id_str: Option<String>,
    #[serde(default)]
    full_text: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

impl Judge {
    /// Judges one item into `out` (with its newline) and counts it.
    fn item(&self, raw: &Raw, line_no: u64, out: &mut Vec<u8>, stats: &mut Stats) {
        match raw {
            Raw::Line(bytes) => self.line(bytes, line_no, out, stats),
            Raw::Tweet(bytes) => {
                let parsed =
                    serde_json::from_slice::<ArchiveItem>(bytes).and_then(|item| {
                        match item.tweet {
                            Some(t) => Ok(t),
                            None => serde_json::from_slice::<ArchiveTweet>(bytes),
                        }
                    });
                let t = match parsed {
                    Ok(t) => t,
                    Err(e) => {
                        return self.fail(
                            out,
                            stats,
                            None::<&str>,
                            format!("item {line_no}: malformed tweet: {e}"),
                        )
                    }
                };
                let id = t.id_str.as_deref();
                match t.full_text.or(t.text) {
                    Some(text) => self.judged(out, stats, id, id, &text, self.default_direction),
                    None => self.fail(
                        out,
                        stats,
                        id,
                        format!("item {line_no}: the tweet has no full_text"),
                    ),
                }
            }
            Raw::Record { id, text } => match text {
                Ok(text) => self.judged(
                    out,
                    stats,
                    id.as_deref(),
                    id.as_deref(),
                    text,
                    self.default_direction,
                ),
                Err(e) => self.fail(out, stats, id.as_deref(), format!("record {line_no}: {e}")),
            },
        }
    }

    fn line(&self, raw: &[u8], line_no: u64, out: &mut Vec<u8>, stats: &mut Stats) {
        match line::parse_line(raw) {
            Ok(item) => {
                let id_text: Option<String> = item.id.map(|r| {
                    serde_json::from_str::<String>(r.get()).unwrap_or_else(|_| r.get().to_string())
                });
                let direction = item.direction.unwrap_or(self.default_direction);
                self.judged(
                    out,
                    stats,
                    item.id,
                    id_text.as_deref(),
                    &item.text,
                    direction,
                );
            }
            Err(e) => self.fail(out, stats, e.id, format!("line {line_no}: {}", e.message)),
        }
    }

    fn judged<I: Serialize>(
        &self,
        out: &mut Vec<u8>,
        stats: &mut Stats,
        id: I,
        id_text: Option<&str>,
        text: &str,
        direction: Direction,
    ) {
        let v: Verdict = self.scanner.classify(text, direction);
        stats.bytes += text.len() as u64;
        stats.item(id_text, &v);
        if self.only_flagged && v.action == discreet::Action::Ok {
            return;
        }
        line::write_verdict(out, id, text, &v, self.redactor.as_ref());
        stats.written += 1;
    }

    fn fail<I: Serialize>(&self, out: &mut Vec<u8>, stats: &mut Stats, id: I, error: String) {
        stats.error();
        line::write_error(out, id, error);
        stats.written += 1;
    }
}

/// The redactor for `--redact` / `--policy`, built as `discreet redact` builds it.
fn redactor(args: &Args, scanner: &Scanner) -> Result<Option<Redactor>, String> {
    let opts = crate::redact::RedactOpts {
        enabled: args.redact || args.policy.is_some(),
        policy: args.policy.as_deref(),
        key_file: args.key_file.as_deref(),
    };
    crate::redact::redactor(opts, scanner)
}

pub(crate) fn run(args: Args) -> Outcome {
    let scanner = args.scanner.build()?;
    let redactor = redactor(&args, &scanner)?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let columns = CsvColumns {
        text: args.text_column.clone(),
        id: args.id_column.clone(),
    };
    let started = Instant::now();
    let mut stats = Stats::default();
    let mut fatal = None;
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let show_progress = !args.quiet && io::stderr().is_terminal();
    for input in &inputs {
        let read = Arc::new(AtomicU64::new(0));
        let (source, size) = source::open(input, args.format, &columns, Arc::clone(&read))?;
        let archive = matches!(args.format, Format::TweetsJs | Format::Zip)
            || input
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("js") || e.eq_ignore_ascii_case("zip"));
        let default_direction = match args.direction.as_deref() {
            Some(d) => d.parse().map_err(|e| format!("{e}"))?,
            None if archive => Direction::Outgoing,
            None => Direction::Incoming,
        };
        let judge = Judge {
            scanner: scanner.clone(),
            redactor: redactor.clone(),
            default_direction,
            only_flagged: args.only_flagged,
        };
        let progress = show_progress.then(|| progress_bar(size));
        let result = pipeline(source, &judge, threads, &mut out, &read, progress.as_ref());
        if let Some(p) = progress {
            p.finish_and_clear();
        }
        match result {
            Ok((s, f)) => {
                stats.merge(s);
                if let Some(f) = f {
                    fatal = Some(f);
                    break;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
            Err(e) => return Err(format!("i/o error: {e}")),
        }
    }
    match out.flush() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(format!("i/o error: {e}")),
        Ok(()) => {}
    }
    let elapsed = started.elapsed();
    if let Some(f) = &args.summary_json {
        let json = serde_json::to_string_pretty(&stats.to_json(elapsed)).unwrap_or_default();
        std::fs::write(f, json + "\n").map_err(|e| format!("{}: {e}", f.display()))?;
    }
    if args.summary {
        eprint!("{}", stats.to_text(elapsed));
    }
    if let Some(f) = fatal {
        eprintln!("discreet: {f}");
        return Ok(ExitCode::from(2));
    }
    Ok(if stats.errors > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn progress_bar(size: Option<u64>) -> indicatif::ProgressBar {
    let bar = match size {
        Some(n) => indicatif::ProgressBar::new(n).with_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {bytes}/{total_bytes} {msg} eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        ),
        None => indicatif::ProgressBar::new_spinner().with_style(
            indicatif::ProgressStyle::with_template("{spinner} {bytes} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        ),
    };
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
    bar
}

type Work = (u64, u64, Vec<Raw>);
type Done = (u64, Vec<u8>, Stats);

/// Reads chunks on one thread, judges them on `threads` workers, and writes the results
/// in input order. Returns the counts and a fatal input problem, if any (every item read
/// before it is still judged and written).
fn pipeline(
    mut source: Box<dyn source::Source>,
    judge: &Judge,
    threads: usize,
    out: &mut impl Write,
    read: &AtomicU64,
    progress: Option<&indicatif::ProgressBar>,
) -> io::Result<(Stats, Option<String>)> {
    // Bounded queues keep memory flat: at most a few chunks wait at each stage.
    let (work_tx, work_rx) = sync_channel::<Work>(threads * 2);
    let (done_tx, done_rx) = sync_channel::<Done>(threads * 2);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let started = Instant::now();
    std::thread::scope(|s| {
        let reader = s.spawn(move || {
            let mut seq = 0u64;
            let mut item = 0u64;
            loop {
                match source.next_chunk(CHUNK) {
                    Ok(chunk) if chunk.is_empty() => return None,
                    Ok(chunk) => {
                        let n = chunk.len() as u64;
                        if work_tx.send((seq, item + 1, chunk)).is_err() {
                            return None;
                        }
                        seq += 1;
                        item += n;
                    }
                    Err(fatal) => return Some(fatal),
                }
            }
        });
        for _ in 0..threads {
            let rx: Arc<Mutex<Receiver<Work>>> = Arc::clone(&work_rx);
            let tx = done_tx.clone();
            s.spawn(move || loop {
                let next = match rx.lock() {
                    Ok(guard) => guard.recv(),
                    Err(_) => return,
                };
                let Ok((seq, first, chunk)) = next else {
                    return;
                };
                let mut bytes = Vec::with_capacity(chunk.len() * 160);
                let mut stats = Stats::default();
                for (i, raw) in chunk.iter().enumerate() {
                    judge.item(raw, first + i as u64, &mut bytes, &mut stats);
                }
                if tx.send((seq, bytes, stats)).is_err() {
                    return;
                }
            });
        }
        // Only the workers hold the work queue now: when they stop, the reader's next send
        // fails and it stops too.
        drop(work_rx);
        drop(done_tx);
        let mut pending: BTreeMap<u64, (Vec<u8>, Stats)> = BTreeMap::new();
        let mut next = 0u64;
        let mut total = Stats::default();
        let mut write_err = None;
        for (seq, bytes, stats) in done_rx.iter() {
            pending.insert(seq, (bytes, stats));
            while let Some((bytes, stats)) = pending.remove(&next) {
                if write_err.is_none() {
                    if let Err(e) = out.write_all(&bytes) {
                        write_err = Some(e);
                    }
                }
                total.merge(stats);
                next += 1;
            }
            if let Some(p) = progress {
                p.set_position(read.load(Ordering::Relaxed));
                let secs = started.elapsed().as_secs_f64().max(1e-3);
                p.set_message(format!(
                    "{} items, {:.0} items/s",
                    total.read,
                    total.read as f64 / secs
                ));
            }
            if write_err.is_some() {
                // Stop reading: drop the receiver so workers and the reader wind down.
                break;
            }
        }
        drop(done_rx);
        let fatal = reader
            .join()
            .unwrap_or(Some("internal error: the reader stopped".into()));
        match write_err {
            Some(e) => Err(e),
            None => Ok((total, fatal)),
        }
    })
}
