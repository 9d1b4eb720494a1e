//! Phone numbers, checked against real numbering-plan metadata (the `phonenumber` crate,
//! a port of libphonenumber's data).

use phonenumber::country::Id;

/// A country or region whose national numbering plan is tried for numbers written without
/// a country code. Re-exported from the `phonenumber` crate.
pub type Region = Id;

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
    // Parsing against numbering plans costs microseconds to milliseconds (the parser's
    // shared cache of compiled patterns holds only a hundred), and the same numbers come
    // back: on every keystroke of a draft, and across an archive. Remember recent answers
    // per thread.
    thread_local! {
        static MEMO: std::cell::RefCell<std::collections::HashMap<(String, Vec<Region>), bool>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    const MEMO_CAPACITY: usize = 4096;
    let key = (s.to_string(), regions.to_vec());
    if let Some(hit) = MEMO.with(|m| m.borrow().get(&key).copied()) {
        return hit;
    }
    let answer = check_phone(s, regions);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_CAPACITY {
            m.clear();
        }
        m.insert(key, answer);
    });
    answer
}

fn check_phone(s: &str, regions: &[Region]) -> bool {
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
            .any(|&r| plausible_length(r, n_digits) && valid(Some(r), s))
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
/// plan. A cheap filter before the real parse: the parser keeps a small shared cache of
/// compiled patterns, and trying every region on every candidate would thrash it.
fn plausible_length(r: Region, n: usize) -> bool {
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

fn valid(region: Option<Region>, s: &str) -> bool {
    match phonenumber::parse(region, s) {
        Ok(n) => {
            // A national number parsed under region R may carry another country's code
            // (e.g. "1 800 ..." read in another plan); require the plan we asked about.
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
fn shares_code(r: Region, n: &phonenumber::PhoneNumber) -> bool {
    matches!(r, Id::US | Id::CA) && n.code().value() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn international_and_national() {
        let us = [Id::US];
        assert!(
            is_phone("+33 1 42 68 53 00", &us),
            "country code wins over region"
        );
        assert!(is_phone("0033 1 42 68 53 00", &us));
        assert!(is_phone("(415) 555-0132", &us));
        assert!(is_phone("415.555.0132 ext. 12", &us));
        assert!(is_phone("1-800-555-0199", &us));
        assert!(is_phone("+44 20 7946 0958", &us));
        assert!(is_phone("020 7946 0958", &[Id::GB]));
        assert!(!is_phone("020 7946 0958", &us));
    }

    #[test]
    fn not_phones() {
        let us = [Id::US];
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
