//! Check digits and numbering rules: IBAN, ABA routing, SSN, parcel tracking numbers, UK
//! postcodes.

use super::digits;

/// IBAN lengths by country (ISO 13616 registry).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SC", 31),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

/// An IBAN: separators ignored, country length, mod-97 == 1.
pub(crate) fn iban(s: &str) -> bool {
    let chars: Vec<u8> = s
        .bytes()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if chars.len() < 15 || !chars[..2].iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    let country = std::str::from_utf8(&chars[..2]).unwrap_or("");
    let Some(&(_, len)) = IBAN_LENGTHS.iter().find(|(c, _)| *c == country) else {
        return false;
    };
    if chars.len() != len || !chars[2..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut rem: u32 = 0;
    for &b in chars[4..].iter().chain(&chars[..4]) {
        let v = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// A US ABA routing number: nine digits, weights 3-7-1, valid Federal Reserve prefix.
pub(crate) fn aba(s: &str) -> bool {
    let d: Vec<u32> = digits(s).map(u32::from).collect();
    if d.len() != 9 {
        return false;
    }
    let prefix = d[0] * 10 + d[1];
    let prefix_ok =
        prefix <= 12 || (21..=32).contains(&prefix) || (61..=72).contains(&prefix) || prefix == 80;
    let sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
    prefix_ok && sum % 10 == 0 && d.iter().any(|&x| x != 0)
}

/// A US SSN by the SSA's issuance rules.
pub(crate) fn ssn(s: &str) -> bool {
    let d: Vec<u32> = digits(s).map(u32::from).collect();
    if d.len() != 9 {
        return false;
    }
    let area = d[0] * 100 + d[1] * 10 + d[2];
    let group = d[3] * 10 + d[4];
    let serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
    area != 0
        && area != 666
        && area < 900
        && group != 0
        && serial != 0
        // Numbers used in advertising and known to be invalid.
        && !(area == 78 && group == 5 && serial == 1120)
        && !(area == 123 && group == 45 && serial == 6789)
}

/// A UPS `1Z` tracking number with its check digit.
pub(crate) fn ups(s: &str) -> bool {
    let c: Vec<u8> = s
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if c.len() != 18 || &c[..2] != b"1Z" {
        return false;
    }
    let body = &c[2..17];
    let mut sum = 0u32;
    for (i, &b) in body.iter().enumerate() {
        let v = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            // UPS maps letters to digits as (letter offset + 2) mod 10.
            (u32::from(b - b'A') + 2) % 10
        };
        sum += if i % 2 == 1 { v * 2 } else { v };
    }
    let check = (10 - sum % 10) % 10;
    c[17].is_ascii_digit() && u32::from(c[17] - b'0') == check
}

/// A USPS tracking number: 20–22 digits, mod-10 check (weights 3,1 from the right).
pub(crate) fn usps(s: &str) -> bool {
    let d: Vec<u32> = digits(s).map(u32::from).collect();
    if !(20..=22).contains(&d.len()) {
        return false;
    }
    let (body, check) = d.split_at(d.len() - 1);
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| if i % 2 == 0 { 3 * x } else { x })
        .sum();
    (10 - sum % 10) % 10 == check[0]
}

/// A UK postcode: outward code in one of the six shapes, then `9AA`.
pub(crate) fn uk_postcode(s: &str) -> bool {
    let c: Vec<u8> = s
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if !(5..=7).contains(&c.len()) {
        return false;
    }
    let (out, inward) = c.split_at(c.len() - 3);
    let a = |b: &u8| b.is_ascii_uppercase();
    let n = |b: &u8| b.is_ascii_digit();
    // The inward code never uses C, I, K, M, O or V.
    let inward_ok = n(&inward[0]) && inward[1..].iter().all(|b| a(b) && !b"CIKMOV".contains(b));
    let out_ok = match out {
        [x, y] => a(x) && n(y),
        [x, y, z] => (a(x) && n(y) && n(z)) || (a(x) && a(y) && n(z)) || (a(x) && n(y) && a(z)),
        [w, x, y, z] => a(w) && a(x) && n(y) && (n(z) || a(z)),
        _ => false,
    };
    inward_ok && out_ok && !b"QVX".contains(&out[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans() {
        assert!(iban("DE89 3704 0044 0532 0130 00"));
        assert!(iban("GB82 WEST 1234 5698 7654 32"));
        assert!(iban("gb82west12345698765432"));
        assert!(!iban("GB82 WEST 1234 5698 7654 33"));
        assert!(!iban("DE89 3704 0044 0532 0130"), "wrong length");
        assert!(!iban("ZZ89 3704 0044 0532 0130 00"), "unknown country");
    }

    #[test]
    fn routing_ssn_tracking() {
        assert!(aba("021000021"));
        assert!(aba("011401533"));
        assert!(!aba("021000022"));
        assert!(ssn("536-22-1234"));
        assert!(!ssn("000-12-3456"));
        assert!(!ssn("666-12-3456"));
        assert!(!ssn("912-12-3456"));
        assert!(!ssn("536-00-1234"));
        assert!(ups("1Z999AA10123456784"));
        assert!(!ups("1Z999AA10123456785"));
        // Exactly one final digit completes a USPS body.
        let valid = (0..10)
            .filter(|d| usps(&format!("9400 1000 0000 0000 0000 0{d}")))
            .count();
        assert_eq!(valid, 1);
        assert!(!usps("9400 1000"));
    }

    #[test]
    fn postcodes() {
        for p in [
            "SW1A 1AA", "EC1A 1BB", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX",
        ] {
            assert!(uk_postcode(p), "{p}");
        }
        for p in ["SW1A 1CA", "Q1 1AA", "12345", "AB 1AA"] {
            assert!(!uk_postcode(p), "{p}");
        }
    }
}
