//! A benchmark corpus that looks like real customer-service traffic, generated at bench
//! start (nothing is committed): mentions, hashtags, `t.co` links, ZWJ emoji, prices,
//! times, dates, flight, gate and seat numbers, counts, versions; and in a given share of
//! tweets one piece of data (a phone number, an email address, an IBAN, a card number).
//!
//! Every value is drawn afresh, so values practically never repeat: a memo or cache keyed
//! by value helps here no more than on a real archive. Deterministic for a given seed.

use std::collections::HashSet;
use std::fmt::Write;

/// A tiny xorshift64* generator: deterministic, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0; the modulo bias is irrelevant here).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    pub fn percent(&mut self, p: u32) -> bool {
        self.range(0, 99) < p
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

const BRANDS: &[&str] = &[
    "@AcmeAir",
    "@SkyLinkHelp",
    "@ShopCo_Help",
    "@CoastalBank",
    "@RailCo",
    "@NetWaveCares",
    "@PixelPlaySupport",
    "@FlyBlueSkies",
];
const EMOJI: &[&str] = &[
    "🤦‍♀️",
    "🤦‍♂️",
    "🤷‍♀️",
    "🙄",
    "😤",
    "😡",
    "🙏",
    "😂",
    "✈️",
    "💸",
    "👩‍👧",
    "🧑‍💻",
    "👍🏽",
    "❤️",
    "😭",
    "🏳️‍🌈",
    "🇬🇧",
];
const HASHTAGS: &[&str] = &[
    "#fail",
    "#travel",
    "#customerservice",
    "#delayed",
    "#refund",
    "#neveragain",
    "#help",
    "#MondayMotivation",
];
const AIRPORTS: &[&str] = &[
    "JFK", "LHR", "SFO", "ORD", "CDG", "FRA", "MAD", "AMS", "DEN", "ATL", "BOS", "SEA",
];
const CITIES: &[&str] = &[
    "Austin",
    "Leeds",
    "Denver",
    "Lyon",
    "Brooklyn",
    "Manchester",
    "Oakland",
    "Bristol",
];
const AIRLINES: &[&str] = &["UA", "BA", "AA", "DL", "LH", "AF", "IB", "KL", "B6", "WN"];
const NAMES: &[&str] = &[
    "maria", "kevin", "jo", "priya", "sam", "lena", "tom", "aisha", "diego", "chloe", "ben",
];
const DOMAINS: &[&str] = &[
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "icloud.com",
    "mail.example.org",
    "proton.me",
];
/// Area codes in service (so that most generated numbers are valid) and a few that are not.
const AREA_CODES: &[&str] = &[
    "212", "213", "305", "312", "404", "415", "469", "503", "512", "617", "646", "702", "713",
    "718", "773", "818", "917", "206", "411", "889",
];

/// What the generator writes into the templates, each value fresh.
struct Gen<'a> {
    rng: &'a mut Rng,
}

impl Gen<'_> {
    fn price(&mut self) -> String {
        let cents = self.rng.range(0, 99);
        match self.rng.below(4) {
            0 => format!("${}.{cents:02}", self.rng.range(1, 2500)),
            1 => format!("£{}.{cents:02}", self.rng.range(1, 900)),
            2 => format!("€{},{cents:02}", self.rng.range(1, 900)),
            _ => format!("${}", self.rng.range(5, 1500)),
        }
    }

    fn time(&mut self) -> String {
        let (h, m) = (self.rng.range(0, 23), self.rng.range(0, 59));
        match self.rng.below(3) {
            0 => format!("{h:02}:{m:02}"),
            1 => format!("{}:{m:02}{}", h % 12 + 1, if h < 12 { "am" } else { "pm" }),
            _ => format!("{}{}", h % 12 + 1, if h < 12 { "am" } else { "pm" }),
        }
    }

    fn date(&mut self) -> String {
        let (y, mo, d) = (
            self.rng.range(2019, 2026),
            self.rng.range(1, 12),
            self.rng.range(1, 28),
        );
        const MONTHS: &[&str] = &[
            "Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov",
            "Dec",
        ];
        match self.rng.below(5) {
            0 => format!("{mo:02}/{d:02}/{y}"),
            1 => format!("{y}-{mo:02}-{d:02}"),
            2 => format!("{d}.{mo}.{y}"),
            3 => format!("{} {d}", MONTHS[mo as usize - 1]),
            _ => format!("{mo}/{d}"),
        }
    }

    fn flight(&mut self) -> String {
        let airline = self.rng.pick(AIRLINES);
        let n = self.rng.range(1, 9999);
        if self.rng.percent(50) {
            format!("{airline} {n}")
        } else {
            format!("{airline}{n}")
        }
    }

    fn gate(&mut self) -> String {
        let letter = char::from(b'A' + self.rng.below(6) as u8);
        format!("{letter}{}", self.rng.range(1, 60))
    }

    fn seat(&mut self) -> String {
        let letter = char::from(b'A' + self.rng.below(6) as u8);
        format!("{}{letter}", self.rng.range(1, 42))
    }

    fn url(&mut self) -> String {
        const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let code: String = (0..10)
            .map(|_| char::from(ALNUM[self.rng.below(ALNUM.len())]))
            .collect();
        format!("https://t.co/{code}")
    }

    fn emoji(&mut self) -> String {
        let mut s = self.rng.pick(EMOJI).to_string();
        if self.rng.percent(25) {
            s.push_str(self.rng.pick(EMOJI));
        }
        s
    }

    fn phone(&mut self) -> String {
        let area = self.rng.pick(AREA_CODES);
        let exchange = self.rng.range(200, 999);
        let line = self.rng.digits(4);
        match self.rng.below(7) {
            0 => format!("{area}-{exchange}-{line}"),
            1 => format!("({area}) {exchange}-{line}"),
            2 => format!("+1 {area} {exchange} {line}"),
            3 => format!("{area}.{exchange}.{line}"),
            4 => format!("07{} {}", self.rng.range(400, 999), self.rng.digits(6)),
            5 => format!(
                "+44 20 {} {}",
                self.rng.range(3000, 8999),
                self.rng.digits(4)
            ),
            _ => format!("+49 30 {} {}", self.rng.range(100, 999), self.rng.digits(5)),
        }
    }

    fn email(&mut self) -> String {
        let name = self.rng.pick(NAMES);
        let n = self.rng.range(1, 99_999);
        let sep = self.rng.pick(&[".", "_", ""]);
        let surname = self
            .rng
            .pick(&["lopez", "ramos", "smith", "k", "nguyen", "ross"]);
        format!("{name}{sep}{surname}{n}@{}", self.rng.pick(DOMAINS))
    }

    fn iban(&mut self) -> String {
        let (country, bban) = if self.rng.percent(50) {
            ("DE", self.rng.digits(18))
        } else {
            let bank = self.rng.pick(&["NWBK", "BARC", "LOYD", "MIDL"]);
            ("GB", format!("{bank}{}", self.rng.digits(14)))
        };
        let check = 98 - mod97(&format!("{bban}{country}00"));
        let iban = format!("{country}{check:02}{bban}");
        if self.rng.percent(50) {
            iban
        } else {
            // Printed in groups of four, as on a statement.
            let b = iban.as_bytes();
            b.chunks(4)
                .map(|c| std::str::from_utf8(c).unwrap_or(""))
                .collect::<Vec<_>>()
                .join(" ")
        }
    }

    fn card(&mut self) -> String {
        let mut digits: Vec<u8> = std::iter::once(4)
            .chain((0..14).map(|_| self.rng.below(10) as u8))
            .collect();
        digits.push(luhn_check_digit(&digits));
        let s: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        format!("{} {} {} {}", &s[..4], &s[4..8], &s[8..12], &s[12..])
    }
}

/// Mod 97 of the number spelled by `s`, letters counting as 10–35 (ISO 13616).
fn mod97(s: &str) -> u32 {
    s.bytes().fold(0, |rem, b| {
        if b.is_ascii_digit() {
            (rem * 10 + u32::from(b - b'0')) % 97
        } else {
            (rem * 100 + u32::from(b - b'A') + 10) % 97
        }
    })
}

fn luhn_check_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// One ordinary tweet, without data.
fn ordinary(g: &mut Gen<'_>) -> String {
    let mut t = String::new();
    let brand = g.rng.pick(BRANDS);
    match g.rng.below(16) {
        0 => write!(
            t,
            "{brand} flight {} delayed again, gate moved to {} at {}. third time this month {}",
            g.flight(),
            g.gate(),
            g.time(),
            g.emoji()
        ),
        1 => write!(
            t,
            "{brand} still waiting on a refund since {} {} hours on the tarmac {}",
            g.date(),
            g.rng.range(2, 30),
            g.emoji()
        ),
        2 => write!(
            t,
            "{brand} charged {} twice for seat {} on {}?? {}",
            g.price(),
            g.seat(),
            g.flight(),
            g.rng.pick(HASHTAGS)
        ),
        3 => write!(
            t,
            "{brand} my bag didn't make it from {} to {}, landed at {} {}",
            g.rng.pick(AIRPORTS),
            g.rng.pick(AIRPORTS),
            g.time(),
            g.url()
        ),
        4 => write!(
            t,
            "{brand} the app shows {} but checkout says {} {}",
            g.price(),
            g.price(),
            g.emoji()
        ),
        5 => write!(
            t,
            "{brand} booked for {}, the confirmation says {}. which one is it",
            g.date(),
            g.date()
        ),
        6 => write!(
            t,
            "{brand} on hold for {} min now {}{}",
            g.rng.range(5, 180),
            g.emoji(),
            g.emoji()
        ),
        7 => write!(
            t,
            "thanks {brand} for the quick help today {} {}",
            g.emoji(),
            g.rng.pick(HASHTAGS)
        ),
        8 => write!(
            t,
            "{brand} internet down since {} in {}, any ETA? {}",
            g.time(),
            g.rng.pick(CITIES),
            g.url()
        ),
        9 => write!(
            t,
            "{brand} v{}.{}.{} keeps crashing since the update {}",
            g.rng.range(1, 9),
            g.rng.range(0, 30),
            g.rng.range(0, 9),
            g.emoji()
        ),
        10 => write!(
            t,
            "{brand} {} to {} cancelled, rebooked on {} at {} seat {} {}",
            g.rng.pick(AIRPORTS),
            g.rng.pick(AIRPORTS),
            g.flight(),
            g.time(),
            g.seat(),
            g.rng.pick(HASHTAGS)
        ),
        11 => write!(
            t,
            "{brand} paid {} for wifi on {} and it worked for {} minutes {}",
            g.price(),
            g.flight(),
            g.rng.range(2, 40),
            g.emoji()
        ),
        12 => write!(
            t,
            "@{}{} {brand} same here, {} people in the queue at gate {}",
            g.rng.pick(NAMES),
            g.rng.range(1, 999),
            g.rng.range(20, 300),
            g.gate()
        ),
        13 => write!(
            t,
            "{brand} ordered {} items on {} and only {} arrived {} {}",
            g.rng.range(2, 9),
            g.date(),
            g.rng.range(1, 3),
            g.emoji(),
            g.url()
        ),
        14 => write!(
            t,
            "{brand} {} degrees at gate {} and the AC is off {} {}",
            g.rng.range(80, 99),
            g.gate(),
            g.emoji(),
            g.rng.pick(HASHTAGS)
        ),
        _ => write!(
            t,
            "{brand} {}% off was the deal, got charged {} at {} {}",
            g.rng.range(10, 70),
            g.price(),
            g.time(),
            g.emoji()
        ),
    }
    .expect("writing to a String cannot fail");
    t
}

/// One piece of data, in a phrase a customer would write.
fn data(g: &mut Gen<'_>) -> String {
    match g.rng.below(10) {
        0..=3 => {
            let lead = g.rng.pick(&[
                "call me at",
                "my number is",
                "text me on",
                "reach me on",
                "cell:",
            ]);
            format!("{lead} {}", g.phone())
        }
        4..=6 => {
            let lead = g
                .rng
                .pick(&["email me at", "my email is", "account is under"]);
            format!("{lead} {}", g.email())
        }
        7 | 8 => format!(
            "{} {}",
            g.rng
                .pick(&["refund to", "my IBAN is", "send it to account"]),
            g.iban()
        ),
        _ => format!(
            "my card {} {}",
            g.card(),
            g.rng
                .pick(&["was charged twice", "got declined", "was billed again"])
        ),
    }
}

/// `n` tweets; `data_percent` of them carry one piece of data. Values never repeat within
/// a corpus (a repeated tweet is drawn again).
pub fn tweets(n: usize, data_percent: u32, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut seen = HashSet::with_capacity(n);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let mut g = Gen { rng: &mut rng };
        let mut t = ordinary(&mut g);
        if g.rng.percent(data_percent) {
            let d = data(&mut g);
            if g.rng.percent(50) {
                t.push_str(", ");
                t.push_str(&d);
            } else {
                // Before the closing emoji, hashtag or link.
                let at = t.rfind(' ').unwrap_or(t.len());
                t.insert_str(at, &format!(" {d}"));
            }
        }
        if seen.insert(t.clone()) {
            out.push(t);
        }
    }
    out
}

/// `n` distinct phone numbers as written in tweets, for first-sight validation costs.
pub fn phone_numbers(n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut seen = HashSet::with_capacity(n);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let p = Gen { rng: &mut rng }.phone();
        if seen.insert(p.clone()) {
            out.push(p);
        }
    }
    out
}
