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
use std::sync::mpsc::{sync_channel, Receiver, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use discreet::line;
use discreet::Redactor;
use discreet::{Direction, Scanner, Verdict};
use serde::{Deserialize, Serialize};

use crate::opts::ScannerOpts;
use crate::source::{self, CsvColumns, Format, Raw, ReadOpts, Source};
use crate::summary::Stats;
use crate::Outcome;

/// Arguments of `discreet scan`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[command(flatten)]
    scanner: ScannerOpts,
    /// Input format; by default detected from the first bytes, then the file name
    /// (`--verbose` says which was chosen and why).
    #[arg(long, value_enum, default_value = "auto")]
    format: Format,
    /// CSV: the column holding the text (default `text`).
    #[arg(long, value_name = "NAME")]
    text_column: Option<String>,
    /// CSV: the column holding the id (default `id` or `id_str` when present).
    #[arg(long, value_name = "NAME")]
    id_column: Option<String>,
    /// Direction of items that do not say. Default: `incoming`, except for archive tweets
    /// (`tweets.js`, `.zip`), which are the account's own: `outgoing`.
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
    /// Say on standard error which format each input is read as, and why.
    #[arg(long, short)]
    verbose: bool,
    /// Units of `start`/`end` in the output: UTF-8 bytes (the contract's default), UTF-16
    /// code units (JavaScript, Java) or code points (Python).
    #[arg(long, value_name = "UNIT", default_value = "utf8", value_parser = ["utf8", "utf16", "codepoint"])]
    offsets: String,
    /// Worker threads (default: all cores; at most 4 per core are used, and more than
    /// 1024 is an error).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// The longest item read, in bytes: a longer one gets an error line (with its id when
    /// it can be read) and the run goes on.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_ITEM,
          value_parser = clap::value_parser!(u64).range(1..=MAX_MAX_ITEM))]
    max_item_bytes: u64,
    /// Input files (`-` for standard input, the default).
    inputs: Vec<PathBuf>,
}

/// Items handed to a worker at once: enough to amortise the hand-over, few enough to keep
/// memory flat and output flowing.
const CHUNK: usize = 4096;
/// What all batches in flight may hold together, in bytes of input: the batch size in
/// bytes is this divided by the batches in flight (between 64 KiB and 4 MiB). Small,
/// because output can be ten times the input (an item dense with findings has a finding
/// and a reason per few dozen bytes), and it waits in memory until its turn to be written.
/// Ordinary tweets fill a batch by count (4,096 items) long before this.
const IN_FLIGHT_BYTES: usize = 4 << 20;
/// The default per-item limit: a tweet is at most a few KiB; 1 MiB leaves room for any
/// real message while bounding memory.
const DEFAULT_MAX_ITEM: u64 = 1 << 20;
/// The largest `--max-item-bytes` accepted.
const MAX_MAX_ITEM: u64 = 1 << 30;
/// More threads than this is a mistake, not a setting.
const MAX_THREADS: usize = 1024;
/// Threads beyond this many per core only add memory and switching.
const THREADS_PER_CORE: usize = 4;

/// Everything a worker needs to judge items.
struct Judge {
    scanner: Scanner,
    redactor: Option<Redactor>,
    /// Units of the offsets written.
    offsets: discreet::offsets::Unit,
    /// Direction of items that do not say.
    item_direction: Direction,
    /// Direction of archive tweets.
    tweet_direction: Direction,
    only_flagged: bool,
    /// `FILE: ` when several inputs are read, so that error lines name their file.
    prefix: String,
    /// What an item is called in error lines: `line`, `item` or `record`.
    noun: &'static str,
    max_item: u64,
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
    fn label(&self, n: u64) -> String {
        format!("{}{} {n}", self.prefix, self.noun)
    }

    /// Reads archive item `n`, checked whole: serde skips the fields it ignores without
    /// checking them, and a corrupt byte anywhere in the tweet must not pass unnoticed. The
    /// error names the item and the position, never the input (serde's message can quote it).
    fn archive_tweet(&self, bytes: &[u8], n: u64) -> Result<ArchiveTweet, String> {
        let json = std::str::from_utf8(bytes).map_err(|e| {
            format!(
                "{}: not valid UTF-8 (at byte {} of the item)",
                self.label(n),
                e.valid_up_to()
            )
        })?;
        serde_json::from_str::<ArchiveItem>(json)
            .and_then(|item| match item.tweet {
                Some(t) => Ok(t),
                None => serde_json::from_str::<ArchiveTweet>(json),
            })
            .map_err(|e| {
                format!(
                    "{}: malformed tweet (at line {} column {})",
                    self.label(n),
                    e.line(),
                    e.column()
                )
            })
    }

    /// Judges one item into `out` (with its newline) and counts it.
    fn item(&self, raw: &Raw, n: u64, out: &mut Vec<u8>, stats: &mut Stats) {
        match raw {
            Raw::Line(bytes) | Raw::Item(bytes) => self.line(bytes, n, out, stats),
            Raw::Tweet(bytes) => {
                let t = match self.archive_tweet(bytes, n) {
                    Ok(t) => t,
                    Err(e) => return self.fail(out, stats, None::<&str>, e),
                };
                let id = t.id_str.as_deref();
                match t.full_text.or(t.text) {
                    Some(text) => self.judged(out, stats, id, id, &text, self.tweet_direction),
                    None => self.fail(
                        out,
                        stats,
                        id,
                        format!("{}: the tweet has no full_text", self.label(n)),
                    ),
                }
            }
            Raw::Record { id, fields } => match fields {
                Ok((text, direction)) => self.judged(
                    out,
                    stats,
                    id.as_deref(),
                    id.as_deref(),
                    text,
                    direction.unwrap_or(self.item_direction),
                ),
                Err(e) => self.fail(out, stats, id.as_deref(), format!("{}: {e}", self.label(n))),
            },
            Raw::TooLong { id, len } => self.fail(
                out,
                stats,
                id.as_deref(),
                format!(
                    "{}: the item is {len} bytes long, over the limit of {} (--max-item-bytes)",
                    self.label(n),
                    self.max_item
                ),
            ),
        }
    }

    fn line(&self, raw: &[u8], n: u64, out: &mut Vec<u8>, stats: &mut Stats) {
        match line::parse_line(raw) {
            Ok(item) => {
                let id_text: Option<String> = item.id.map(|r| {
                    serde_json::from_str::<String>(r.get()).unwrap_or_else(|_| r.get().to_string())
                });
                let direction = item.direction.unwrap_or(self.item_direction);
                self.judged(
                    out,
                    stats,
                    item.id,
                    id_text.as_deref(),
                    &item.text,
                    direction,
                );
            }
            Err(e) => self.fail(
                out,
                stats,
                e.id,
                format!("{}: {}", self.label(n), e.message),
            ),
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
        line::write_verdict_in(out, id, text, &v, self.redactor.as_ref(), self.offsets);
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

/// The worker threads for `--threads`: all cores by default, at most
/// [`THREADS_PER_CORE`] per core, and an error above [`MAX_THREADS`].
fn threads(asked: Option<usize>) -> Result<usize, String> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    match asked {
        None => Ok(cores),
        Some(0) => Err("--threads must be at least 1".into()),
        Some(n) if n > MAX_THREADS => Err(format!(
            "--threads {n} is too many: at most {MAX_THREADS} (this machine has {cores} cores)"
        )),
        Some(n) => Ok(n.min(cores.saturating_mul(THREADS_PER_CORE)).max(1)),
    }
}

pub(crate) fn run(args: Args) -> Outcome {
    let threads = threads(args.threads)?;
    // A summary that cannot be written is found out before an hour of scanning.
    let summary_file = match &args.summary_json {
        Some(f) => Some(
            std::fs::File::create(f)
                .map_err(|e| format!("cannot write the summary to {}: {e}", f.display()))?,
        ),
        None => None,
    };
    if args.verbose {
        crate::report(&format!("{threads} worker thread(s)"));
    }
    crate::require_rules(&args.scanner)?;
    let scanner = args.scanner.build().map_err(|e| e.to_string())?;
    let redactor = redactor(&args, &scanner)?;
    let offsets: discreet::offsets::Unit = args.offsets.parse().map_err(|e| format!("{e}"))?;
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let read_opts = ReadOpts {
        format: args.format,
        columns: CsvColumns {
            text: args.text_column.clone(),
            id: args.id_column.clone(),
        },
        max_item: usize::try_from(args.max_item_bytes).unwrap_or(usize::MAX),
    };
    let given: Option<Direction> = match args.direction.as_deref() {
        Some(d) => Some(d.parse().map_err(|e| format!("{e}"))?),
        None => None,
    };
    let started = Instant::now();
    let mut stats = Stats::default();
    // Problems that stopped an input (missing, truncated, corrupt): each is reported, the
    // other inputs are still read, and the exit status is 2.
    let mut problems: Vec<String> = Vec::new();
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let show_progress = !args.quiet && io::stderr().is_terminal();
    let several = inputs.len() > 1;
    for input in &inputs {
        let read = Arc::new(AtomicU64::new(0));
        let opened = match source::open(input, &read_opts, Arc::clone(&read)) {
            Ok(o) => o,
            Err(e) => {
                crate::report(&e);
                problems.push(e);
                continue;
            }
        };
        let name = source::display_name(input);
        if args.verbose {
            crate::report(&format!(
                "{name}: reading as {} ({})",
                opened.detected.format.name(),
                opened.detected.why
            ));
        }
        let noun = match opened.detected.format {
            Format::Jsonl | Format::Auto => "line",
            Format::Csv => "record",
            Format::JsonArray | Format::TweetsJs | Format::Zip => "item",
        };
        let judge = Judge {
            scanner: scanner.clone(),
            redactor: redactor.clone(),
            offsets,
            item_direction: given.unwrap_or(Direction::Incoming),
            tweet_direction: given.unwrap_or(Direction::Outgoing),
            only_flagged: args.only_flagged,
            prefix: if several {
                format!("{name}: ")
            } else {
                String::new()
            },
            noun,
            max_item: args.max_item_bytes,
        };
        let progress = show_progress.then(|| progress_bar(opened.size));
        let result = pipeline(
            opened.source,
            &judge,
            threads,
            &mut out,
            &read,
            progress.as_ref(),
        );
        if let Some(p) = progress {
            p.finish_and_clear();
        }
        match result {
            Ok((s, f)) => {
                stats.merge(s);
                if let Some(f) = f {
                    crate::report(&f);
                    problems.push(f);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
            Err(e) => return Err(format!("cannot write to standard output: {e}")),
        }
    }
    match out.flush() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(format!("cannot write to standard output: {e}")),
        Ok(()) => {}
    }
    let elapsed = started.elapsed();
    if let (Some(mut file), Some(path)) = (summary_file, &args.summary_json) {
        let json =
            serde_json::to_string_pretty(&stats.to_json(elapsed, &problems)).unwrap_or_default();
        file.write_all((json + "\n").as_bytes())
            .map_err(|e| format!("cannot write the summary to {}: {e}", path.display()))?;
    }
    if args.summary {
        crate::report_raw(&stats.to_text(elapsed, &problems));
    }
    Ok(if stats.errors > 0 || !problems.is_empty() {
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
///
/// Memory is bounded by credits: the reader takes one per batch and the writer gives it
/// back once the batch is written, so at most `in_flight` batches (each bounded in items
/// and bytes) exist at once, however unevenly the workers finish. The writer flushes
/// whenever no result is waiting, so a slow live stream sees each verdict at once.
fn pipeline(
    mut source: Source,
    judge: &Judge,
    threads: usize,
    out: &mut impl Write,
    read: &AtomicU64,
    progress: Option<&indicatif::ProgressBar>,
) -> io::Result<(Stats, Option<String>)> {
    let in_flight = threads + 2;
    let chunk_bytes = (IN_FLIGHT_BYTES / in_flight).clamp(64 << 10, 4 << 20);
    let (work_tx, work_rx) = sync_channel::<Work>(threads);
    let (done_tx, done_rx) = sync_channel::<Done>(in_flight);
    let (credit_tx, credit_rx) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = credit_tx.try_send(());
    }
    let work_rx = Arc::new(Mutex::new(work_rx));
    let started = Instant::now();
    std::thread::scope(|s| {
        let reader = s.spawn(move || {
            let mut seq = 0u64;
            let mut item = 0u64;
            loop {
                if credit_rx.recv().is_err() {
                    return None;
                }
                match source.next_chunk(CHUNK, chunk_bytes) {
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
                drop(chunk);
                // The buffer grew by doubling; what waits for its turn should not keep the
                // spare half (megabytes for items dense with findings).
                if bytes.capacity() - bytes.len() > 1 << 20 {
                    bytes.shrink_to_fit();
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
        loop {
            let done = match done_rx.try_recv() {
                Ok(d) => d,
                Err(TryRecvError::Disconnected) => break,
                Err(TryRecvError::Empty) => {
                    // Idle: what was written so far goes out now.
                    if let Err(e) = out.flush() {
                        write_err = Some(e);
                        break;
                    }
                    match done_rx.recv() {
                        Ok(d) => d,
                        Err(_) => break,
                    }
                }
            };
            let (seq, bytes, stats) = done;
            pending.insert(seq, (bytes, stats));
            while let Some((bytes, stats)) = pending.remove(&next) {
                if let Err(e) = out.write_all(&bytes) {
                    write_err = Some(e);
                }
                total.merge(stats);
                next += 1;
                let _ = credit_tx.try_send(());
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
                break;
            }
        }
        // Stop everything: the reader waits on credits or the work queue, the workers on
        // the done queue; dropping these ends their waits.
        drop(done_rx);
        drop(credit_tx);
        let fatal = reader
            .join()
            .unwrap_or(Some("internal error: the reader stopped".into()));
        match write_err {
            Some(e) => Err(e),
            None => Ok((total, fatal)),
        }
    })
}
