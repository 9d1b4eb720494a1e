//! `discreet generate`: a synthetic archive of tweets for benchmarks and tests.
//!
//! Deterministic for a seed; realistic tweet lengths (20–280 characters), mentions,
//! hashtags, URLs and emoji, and a few percent of tweets with sensitive data drawn from
//! fictional values (example.com addresses, 555-01xx numbers, test card numbers). No real
//! person's data.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use crate::Outcome;

/// Output shapes of `discreet generate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Shape {
    /// `{"id": "...", "text": "...", "direction": "..."}` per line.
    Jsonl,
    /// An archive's `tweets.js`.
    TweetsJs,
}

/// Arguments of `discreet generate`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// How many tweets.
    #[arg(long, default_value_t = 1000)]
    count: u64,
    /// Output shape.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Shape,
    /// Percentage of tweets holding sensitive data.
    #[arg(long, default_value_t = 3)]
    pii_percent: u64,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

const OPENERS: &[&str] = &[
    "@AcmeAir",
    "@ShopCo_Help",
    "@CoastalBank",
    "hey @acme_help247",
    "",
    "",
    "ugh",
    "Thanks @RailCo",
    "@NimbusMobile",
    "@MaisonLumen",
    "Hola @RapidoEnvios_ES",
    "@TelcoNordDE",
];
const BODIES: &[&str] = &[
    "my package was supposed to arrive on 2024-03-15 and still nothing",
    "the app keeps crashing on v2.14.3 since the update, anyone else?",
    "flight BA0117 delayed 3 hours, no info at gate 22",
    "love the new store on Main Street, staff were great",
    "why was the price $49.99 yesterday and $59.99 today",
    "is the sale 30% off everything or just shoes",
    "waited 45 min on hold, this is ridiculous",
    "great service today, thank you Maria at the 5th Ave branch",
    "train 2231 cancelled again. third time this week",
    "internet down since 8am, any ETA?",
    "ordered 2 of the XPS 9530 and got one",
    "¿a qué hora abre la tienda del centro mañana?",
    "Merci pour la réponse rapide, tout est réglé",
    "Seit heute morgen kein Netz in Berlin-Mitte, was ist los?",
    "we're looking into the outage and will update this thread shortly",
    "thanks for flying with us, see you on board soon",
    "the new menu is amazing, best burger in town",
    "can you add dark mode to the android app please",
];
const PII: &[&str] = &[
    "my email is jo.doe+shop@example.com",
    "call me at (415) 555-0132",
    "card 5555 5555 5555 4444 was declined",
    "reach me on +44 20 7946 0958",
    "order 112-4567890-1234567 never arrived",
    "my password is Summer2024!",
];
const TAILS: &[&str] = &[
    "",
    "",
    " #fail",
    " https://t.co/xYz123AbC",
    " 😤😤",
    " pls help",
    " 🙏",
    " #travel #delay",
    " 👍",
];

/// A small deterministic generator (PCG-style LCG step).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.next() % from.len()]
    }
}

/// The text of tweet number `i`.
fn tweet(rng: &mut Rng, pii_percent: u64) -> String {
    let mut t = String::with_capacity(200);
    let opener = rng.pick(OPENERS);
    if !opener.is_empty() {
        t.push_str(opener);
        t.push(' ');
    }
    t.push_str(rng.pick(BODIES));
    if (rng.next() % 100) < pii_percent as usize {
        t.push_str(", ");
        t.push_str(rng.pick(PII));
    } else if rng.next() % 3 == 0 {
        t.push_str(". ");
        t.push_str(rng.pick(BODIES));
    }
    t.push_str(rng.pick(TAILS));
    t
}

pub(crate) fn run(args: Args) -> Outcome {
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut rng = Rng(args.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let base: u64 = 1_500_000_000_000_000_000;
    let mut write = |out: &mut BufWriter<io::StdoutLock<'_>>| -> io::Result<()> {
        if args.format == Shape::TweetsJs {
            out.write_all(b"window.YTD.tweets.part0 = [")?;
        }
        for i in 0..args.count {
            let text = tweet(&mut rng, args.pii_percent);
            let id = base + i * 7919;
            match args.format {
                Shape::Jsonl => {
                    let direction = if i % 4 == 0 { "outgoing" } else { "incoming" };
                    let line = serde_json::json!({"id": id.to_string(), "text": text, "direction": direction});
                    serde_json::to_writer(&mut *out, &line)?;
                    out.write_all(b"\n")?;
                }
                Shape::TweetsJs => {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    let item = serde_json::json!({"tweet": {
                        "id_str": id.to_string(),
                        "full_text": text,
                        "created_at": "Tue Mar 12 10:15:00 +0000 2024",
                        "in_reply_to_status_id_str": null,
                        "entities": {"hashtags": [], "user_mentions": [], "urls": []},
                    }});
                    out.write_all(b"\n  ")?;
                    serde_json::to_writer(&mut *out, &item)?;
                }
            }
        }
        if args.format == Shape::TweetsJs {
            out.write_all(b"\n]\n")?;
        }
        out.flush()
    };
    match write(&mut out) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(format!("cannot write: {e}")),
    }
}
