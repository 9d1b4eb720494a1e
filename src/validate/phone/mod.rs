//! Phone numbers, checked against real numbering-plan metadata (the `phonenumber` crate,
//! a port of libphonenumber's data).
//!
//! The crate's own parser compiles its patterns on first use and keeps only a hundred, so
//! a number it had not seen cost 0.1 to 20 ms. The same parse runs here over tables
//! generated from its metadata (`cargo run --example gen_phone_tables`), in about a
//! microsecond; the crate itself remains the reference, and the path for the rare
//! candidate written with other characters than ASCII digits, spaces and `.-()/+`.

use phonenumber::country::Id;

/// A country or region whose national numbering plan is tried for numbers written without
/// a country code, by its ISO 3166-1 alpha-2 code.
///
/// ```
/// use discreet::validate::Region;
///
/// let de: Region = "DE".parse()?;
/// assert_eq!(de, Region::DE);
/// assert_eq!(de.code(), "DE");
/// assert!("XX".parse::<Region>().is_err());
/// # Ok::<(), discreet::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region(Id);

impl Region {
    /// United States.
    pub const US: Region = Region(Id::US);
    /// Canada.
    pub const CA: Region = Region(Id::CA);
    /// United Kingdom.
    pub const GB: Region = Region(Id::GB);
    /// Germany.
    pub const DE: Region = Region(Id::DE);
    /// France.
    pub const FR: Region = Region(Id::FR);
    /// Spain.
    pub const ES: Region = Region(Id::ES);
    /// Italy.
    pub const IT: Region = Region(Id::IT);
    /// The Netherlands.
    pub const NL: Region = Region(Id::NL);
    /// India.
    pub const IN: Region = Region(Id::IN);
    /// Australia.
    pub const AU: Region = Region(Id::AU);
    /// Brazil.
    pub const BR: Region = Region(Id::BR);
    /// Mexico.
    pub const MX: Region = Region(Id::MX);
    /// Japan.
    pub const JP: Region = Region(Id::JP);

    /// The region's ISO 3166-1 alpha-2 code (`"US"`).
    pub fn code(self) -> &'static str {
        // The code names are `'static` in the crate's table; `as_ref` borrows from `self`.
        plan::code_of(self.0)
    }
}

impl std::str::FromStr for Region {
    type Err = crate::Error;

    /// Parses an ISO 3166-1 alpha-2 code, in capitals (`"GB"`).
    fn from_str(s: &str) -> Result<Region, crate::Error> {
        s.parse::<Id>().map(Region).map_err(|_| {
            crate::Error::new(crate::ErrorKind::Config(format!(
                "unknown region code {s:?} (expected an ISO 3166-1 alpha-2 code such as \"GB\")"
            )))
        })
    }
}

impl std::fmt::Display for Region {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Splits an extension ("x204", "ext. 12") off a candidate: only the number is validated.
fn without_extension(s: &str) -> &str {
    let lower_at = s
        .char_indices()
        .find(|&(_, c)| c.is_ascii_alphabetic() || c == '#')
        .map(|(i, _)| i);
    match lower_at {
        Some(i) => s[..i].trim_end(),
        None => s,
    }
}

/// Whether `s` is a valid phone number: with `+` or `00`, in its country's plan; otherwise
/// in one of `regions`.
///
/// `phonenumber::parse` with a default region mis-reads some international numbers (with
/// region US, `+33 1 42 68 53 00` loses a digit and fails), so numbers with an explicit
/// country code are always parsed without a default region.
pub(crate) fn is_phone(s: &str, regions: &[Region]) -> bool {
    let s = without_extension(s.trim());
    let n_digits = s.bytes().filter(u8::is_ascii_digit).count();
    if !(7..=15).contains(&n_digits) || looks_like_date(s) {
        return false;
    }
    if let Some(rest) = s.strip_prefix('+') {
        return valid(None, &format!("+{rest}"));
    }
    if let Some(rest) = s.strip_prefix("00") {
        return valid(None, &format!("+{rest}"));
    }
    // Seven-digit local numbers exist, but without an area code they cannot be told from
    // counts and references; every plan we try writes eight digits or more nationally.
    n_digits >= 8
        && regions
            .iter()
            .any(|&Region(r)| plausible_length(r, n_digits) && valid(Some(r), s))
}

/// `05-06-1974`, `15.03.2024`, `2024-03-15`: dates that some national plan would accept
/// as a number.
fn looks_like_date(s: &str) -> bool {
    let groups: Vec<&str> = s.split(['-', '.', '/', ' ']).collect();
    let year = |g: &str| g.len() == 4 && (g.starts_with("19") || g.starts_with("20"));
    groups.len() == 3
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && ((groups[0].len() <= 2 && groups[1].len() <= 2 && year(groups[2]))
            || (year(groups[0]) && groups[1].len() <= 2 && groups[2].len() <= 2))
}

/// Whether a national number of `n` digits (trunk prefix included) can exist in `r`'s
/// plan. A cheap filter before the real parse (once there for the crate's small cache of
/// compiled patterns; the rules' accuracy is tuned with it, so it stays).
fn plausible_length(r: Id, n: usize) -> bool {
    match r {
        Id::US | Id::CA => n == 10 || n == 11,
        Id::GB => (9..=11).contains(&n),
        Id::DE => (6..=14).contains(&n),
        Id::FR => n == 10 || n == 9,
        Id::ES => n == 9,
        Id::IT => (6..=11).contains(&n),
        Id::NL => n == 10 || n == 9,
        Id::IN => n == 10 || n == 11,
        Id::AU => n == 10 || n == 9 || n == 8,
        Id::BR => (10..=12).contains(&n),
        Id::MX => n == 10 || n == 11 || n == 12,
        Id::JP => n == 10 || n == 11 || n == 9,
        _ => true,
    }
}

fn valid(region: Option<Id>, s: &str) -> bool {
    match plan::valid(region, s) {
        Some(answer) => answer,
        None => memo(region, s),
    }
}

/// [`reference::valid`], remembered per thread: it costs up to milliseconds, and the same
/// unusual candidate comes back on every keystroke of a draft.
fn memo(region: Option<Id>, s: &str) -> bool {
    thread_local! {
        static MEMO: std::cell::RefCell<std::collections::HashMap<(String, Option<Id>), bool>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    const MEMO_CAPACITY: usize = 1024;
    let key = (s.to_string(), region);
    if let Some(hit) = MEMO.with(|m| m.borrow().get(&key).copied()) {
        return hit;
    }
    let answer = reference::valid(region, s);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_CAPACITY {
            m.clear();
        }
        m.insert(key, answer);
    });
    answer
}

/// The `phonenumber` crate's parse and validity check, as it is: the reference for
/// [`plan`], and the path for the rare candidate [`plan`] does not take (characters other
/// than ASCII digits, spaces and `.-()/+`).
mod reference {
    use super::*;

    pub(super) fn valid(region: Option<Id>, s: &str) -> bool {
        match phonenumber::parse(region, s) {
            Ok(n) => {
                // A national number parsed under region R may carry another country's
                // code (e.g. "1 800 ..." read in another plan); require the plan we asked
                // about.
                phonenumber::is_valid(&n)
                    && match region {
                        Some(r) => n.country().id() == Some(r) || shares_code(r, &n),
                        None => true,
                    }
            }
            Err(_) => false,
        }
    }

    /// NANP regions share country code 1: a number parsed under US may belong to CA.
    fn shares_code(r: Id, n: &phonenumber::PhoneNumber) -> bool {
        matches!(r, Id::US | Id::CA) && n.code().value() == 1
    }
}

mod plan;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn international_and_national() {
        let us = [Region::US];
        assert!(
            is_phone("+33 1 42 68 53 00", &us),
            "country code wins over region"
        );
        assert!(is_phone("0033 1 42 68 53 00", &us));
        assert!(is_phone("(415) 555-0132", &us));
        assert!(is_phone("415.555.0132 ext. 12", &us));
        assert!(is_phone("1-800-555-0199", &us));
        assert!(is_phone("+44 20 7946 0958", &us));
        assert!(is_phone("020 7946 0958", &[Region::GB]));
        assert!(!is_phone("020 7946 0958", &us));
        // Not plain ASCII: the crate decides (a no-break space is punctuation to it).
        assert_eq!(plan::valid(None, "+44 20 7946\u{a0}0958"), None);
        assert!(is_phone("+44 20 7946\u{a0}0958", &us));
    }

    /// A small deterministic generator (xorshift) for the comparison below.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
        fn digits(&mut self, n: usize) -> String {
            (0..n)
                .map(|_| char::from(b'0' + self.below(10) as u8))
                .collect()
        }
    }

    /// `digits` written the ways people write numbers: grouped by spaces, dots or
    /// hyphens, with an area code in parentheses, or run together.
    fn written(rng: &mut Rng, digits: &str) -> String {
        let d = digits;
        match rng.below(6) {
            0 => d.to_string(),
            1 if d.len() > 6 => format!("{} {} {}", &d[..3], &d[3..6], &d[6..]),
            2 if d.len() > 6 => format!("({}) {}-{}", &d[..3], &d[3..6], &d[6..]),
            3 if d.len() > 4 => format!("{}.{}", &d[..4], &d[4..]),
            4 if d.len() > 5 => format!("{}-{}", &d[..2], &d[2..]),
            _ if d.len() > 4 => format!("{} {}", &d[..d.len() - 4], &d[d.len() - 4..]),
            _ => d.to_string(),
        }
    }

    /// The table-driven parse and the `phonenumber` crate agree, number by number: on the
    /// metadata's own example numbers (valid by construction), on them with a digit
    /// changed, added or dropped, with trunk and international prefixes, and on random
    /// digits, for every region and calling code. `DISCREET_PHONE_CASES` raises the
    /// number of random cases.
    #[test]
    fn tables_agree_with_the_crate() {
        use phonenumber::metadata::DATABASE;
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let random: usize = std::env::var("DISCREET_PHONE_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(400);
        let mut cases: Vec<(Option<Id>, String)> = Vec::new();
        let mut metas: Vec<_> = DATABASE.iter().collect();
        metas.sort_by_key(|m| (m.id().to_string(), m.country_code()));
        for m in metas {
            let region: Option<Id> = m.id().parse().ok();
            let code = m.country_code();
            let d = m.descriptors();
            let examples = [
                d.general(),
                d.fixed_line().unwrap_or(d.general()),
                d.mobile().unwrap_or(d.general()),
                d.toll_free().unwrap_or(d.general()),
            ]
            .into_iter()
            .filter_map(|x| x.example().map(str::to_string));
            for ex in examples {
                let mut variants = vec![ex.clone()];
                let mut changed = ex.clone().into_bytes();
                let last = changed.len() - 1;
                changed[last] = b'0' + (changed[last] - b'0' + 1 + rng.below(8) as u8) % 10;
                variants.push(String::from_utf8(changed).unwrap());
                variants.push(format!("{ex}{}", rng.below(10)));
                variants.push(ex[..ex.len() - 1].to_string());
                for v in variants {
                    let w = written(&mut rng, &v);
                    cases.push((None, format!("+{code} {w}")));
                    cases.push((None, format!("+{code}{v}")));
                    cases.push((None, format!("+{code}-{w}")));
                    if let Some(r) = region {
                        cases.push((Some(r), w.clone()));
                        if let Some(np) = m.national_prefix() {
                            cases.push((Some(r), format!("{np}{w}")));
                            cases.push((
                                Some(r),
                                format!("({np}{}) {}", &v[..2.min(v.len())], &v[2.min(v.len())..]),
                            ));
                        }
                        cases.push((Some(r), format!("{code} {w}")));
                        cases.push((Some(r), format!("00 {code} {w}")));
                        cases.push((Some(r), format!("011 {code} {w}")));
                        for other in [Id::US, Id::GB, Id::AU, Id::BR, Id::JP, Id::MX] {
                            cases.push((Some(other), format!("{code}{v}")));
                        }
                    }
                }
            }
        }
        let regions: Vec<Id> = crate::DEFAULT_PHONE_REGIONS
            .iter()
            .map(|r| r.0)
            .chain([
                Id::AR,
                Id::KN,
                Id::GA,
                Id::MG,
                Id::IM,
                Id::RU,
                Id::KZ,
                Id::CX,
            ])
            .collect();
        for _ in 0..random {
            let n = 6 + rng.below(9);
            let digits = rng.digits(n);
            let w = written(&mut rng, &digits);
            cases.push((None, format!("+{w}")));
            let r = regions[rng.below(regions.len())];
            cases.push((Some(r), w.clone()));
            cases.push((Some(r), format!("0{w}")));
            cases.push((Some(r), format!("1 {w}")));
        }
        let mut disagree = Vec::new();
        let mut decided = 0;
        let mut valid_count = 0;
        for (region, s) in &cases {
            let want = reference::valid(*region, s);
            valid_count += usize::from(want);
            if let Some(got) = plan::valid(*region, s) {
                decided += 1;
                if got != want {
                    disagree.push(format!("{region:?} {s:?}: tables {got}, crate {want}"));
                }
            }
        }
        assert!(
            disagree.is_empty(),
            "{} of {} disagree:\n{}",
            disagree.len(),
            cases.len(),
            disagree[..disagree.len().min(40)].join("\n")
        );
        assert_eq!(decided, cases.len(), "every case is plain ASCII");
        println!("{} cases, {valid_count} valid, all agree", cases.len());
        assert!(
            valid_count > cases.len() / 10,
            "{valid_count} valid of {}",
            cases.len()
        );
    }

    #[test]
    fn not_phones() {
        let us = [Region::US];
        for s in [
            "123-456-7890",
            "2026-11-26",
            "555-0100",
            "1587234567890123456",
            "12:30",
        ] {
            assert!(!is_phone(s, &us), "{s}");
        }
    }
}
