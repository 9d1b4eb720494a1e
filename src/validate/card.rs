//! Payment card numbers: Luhn, issuer ranges, lengths.

use super::digits;

/// The Luhn checksum over the ASCII digits of `s` (other bytes ignored); false when there
/// are no digits.
pub(crate) fn luhn_digits(s: &str) -> bool {
    let d: Vec<u8> = digits(s).collect();
    !d.is_empty() && luhn(&d)
}

fn luhn(d: &[u8]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            let x = u32::from(x);
            if i % 2 == 1 {
                let y = x * 2;
                if y > 9 {
                    y - 9
                } else {
                    y
                }
            } else {
                x
            }
        })
        .sum();
    sum % 10 == 0
}

/// The number formed by the first `n` digits.
fn prefix(d: &[u8], n: usize) -> u32 {
    d.iter().take(n).fold(0, |acc, &x| acc * 10 + u32::from(x))
}

/// Whether the digits start with a known issuer range and have a length that issuer uses.
///
/// Ranges are the major networks' published IIN ranges (Visa, Mastercard incl. 2-series,
/// American Express, Discover, Diners Club, JCB, UnionPay, Maestro, Mir). Unknown issuers
/// are rejected: a Luhn-valid 16-digit number is one in ten of all 16-digit numbers, so
/// Luhn alone would flag too many order and account numbers.
fn known_issuer(d: &[u8]) -> bool {
    let len = d.len();
    let p1 = prefix(d, 1);
    let p2 = prefix(d, 2);
    let p3 = prefix(d, 3);
    let p4 = prefix(d, 4);
    let p6 = prefix(d, 6);
    let visa = p1 == 4 && matches!(len, 13 | 16 | 19);
    let mastercard = ((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && len == 16;
    let amex = matches!(p2, 34 | 37) && len == 15;
    let discover =
        (p4 == 6011 || (644..=649).contains(&p3) || p2 == 65) && (16..=19).contains(&len);
    let diners =
        ((300..=305).contains(&p3) || matches!(p2, 36 | 38 | 39)) && (14..=19).contains(&len);
    let jcb = (3528..=3589).contains(&p4) && (16..=19).contains(&len);
    let unionpay = (p2 == 62 || (622126..=622925).contains(&p6)) && (16..=19).contains(&len);
    let maestro = (matches!(p2, 50 | 56 | 57 | 58 | 67) || matches!(p4, 6304 | 6759 | 6761..=6763))
        && (12..=19).contains(&len);
    let mir = (2200..=2204).contains(&p4) && (16..=19).contains(&len);
    visa || mastercard || amex || discover || diners || jcb || unionpay || maestro || mir
}

/// A plausible payment card number: 12–19 digits, a known issuer and length, Luhn-valid,
/// and not a run of one repeated digit.
pub(crate) fn is_card(s: &str) -> bool {
    let d: Vec<u8> = digits(s).collect();
    (12..=19).contains(&d.len()) && d.iter().any(|&x| x != d[0]) && known_issuer(&d) && luhn(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_test_numbers() {
        for n in [
            "4111 1111 1111 1111",
            "4012888888881881",
            "5555-5555-5555-4444",
            "2223000048400011",
            "3782 822463 10005",
            "6011111111111117",
            "3056 9309 0259 04",
            "3530111333300000",
            "6200000000000005",
        ] {
            assert!(is_card(n), "{n}");
        }
    }

    #[test]
    fn rejects_bad_checksum_issuer_or_length() {
        assert!(!is_card("4111 1111 1111 1112"), "luhn");
        assert!(!is_card("9111111111111111"), "no issuer starts with 9");
        assert!(
            !is_card("4111111111111"),
            "13-digit visa must still pass luhn"
        );
        assert!(!is_card("378282246310005 1"), "amex is 15 digits");
        assert!(!is_card("0000 0000 0000 0000"));
        assert!(luhn_digits("79927398713"));
        assert!(!luhn_digits(""));
    }
}
