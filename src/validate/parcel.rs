//! Parcel identifiers with a check digit that the other validators do not cover.

/// A UPU S10 item identifier (international registered mail, EMS, parcels handed between
/// postal operators: `RR123456785GB`): two service letters, eight serial digits, a check
/// digit, two country letters. The check digit weighs the serial with 8, 6, 4, 2, 3, 5, 9,
/// 7; it is 11 minus the sum mod 11, with 10 written 0 and 11 written 5. Spaces between the
/// groups (`RR 123 456 785 GB`) are ignored.
pub(crate) fn s10(s: &str) -> bool {
    let c: Vec<u8> = s
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if c.len() != 13
        || !c[..2].iter().all(u8::is_ascii_uppercase)
        || !c[11..].iter().all(u8::is_ascii_uppercase)
        || !c[2..11].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    const WEIGHTS: [u32; 8] = [8, 6, 4, 2, 3, 5, 9, 7];
    let sum: u32 = c[2..10]
        .iter()
        .zip(WEIGHTS)
        .map(|(&d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        d => d,
    };
    u32::from(c[10] - b'0') == check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s10_check_digit() {
        // The worked example of the S10 standard: serial 47312482 weighs 200, 200 mod 11
        // is 2, the check digit is 9.
        assert!(s10("RR473124829FR"));
        assert!(!s10("RR473124828FR"));
        assert!(s10("rr 473 124 829 fr"), "spaces and case");
        // Remainder 1 gives 10, written 0; remainder 0 gives 11, written 5.
        assert!(s10("LX291417770ES"));
        assert!(s10("RR631706695DE"));
        assert!(!s10("RR631706690DE"));
        // Shape: two letters, nine digits, two letters.
        assert!(!s10("R1473124829FR"));
        assert!(!s10("RR47312482FR"));
        assert!(!s10("RR4731248299FR"));
        assert!(!s10("RR473124829F1"));
        assert!(!s10(""));
    }
}
