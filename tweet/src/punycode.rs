//! Length of the ASCII (punycode, RFC 3492) form of a domain label.
//!
//! The URL extractor only needs to know how long a label becomes once encoded
//! (DNS labels are limited to 63 octets), so this computes the length of the
//! encoding without building the encoded string.

/// Parameters from RFC 3492, section 5.
const BASE: u64 = 36;
const T_MIN: u64 = 1;
const T_MAX: u64 = 26;
const SKEW: u64 = 38;
const DAMP: u64 = 700;
const INITIAL_BIAS: u64 = 72;
const INITIAL_N: u64 = 0x80;
/// Largest intermediate value accepted (the reference encoders use 32-bit signed
/// integers and refuse larger inputs).
const MAX_INT: u64 = i32::MAX as u64;

/// Separators that IDNA treats like `.` inside a host name.
fn is_label_separator(c: char) -> bool {
    matches!(c, '.' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}')
}

/// Bias adaptation function, RFC 3492 section 6.1.
fn adapt(delta: u64, num_points: u64, first_time: bool) -> u64 {
    let mut delta = if first_time { delta / DAMP } else { delta / 2 };
    delta += delta / num_points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

/// Number of characters `encode(input)` produces (without the `xn--` prefix),
/// or `None` when the encoding would overflow.
fn encoded_len(input: &[u32]) -> Option<usize> {
    let basic = input.iter().filter(|&&c| u64::from(c) < INITIAL_N).count();
    let mut out = basic;
    if basic > 0 {
        out += 1; // the delimiter '-'
    }
    let total = input.len();
    let mut handled = basic;
    let mut n = INITIAL_N;
    let mut delta: u64 = 0;
    let mut bias = INITIAL_BIAS;
    while handled < total {
        // Smallest code point not yet handled (there is one, since handled < total).
        let m = input
            .iter()
            .map(|&c| u64::from(c))
            .filter(|&c| c >= n)
            .min()?;
        delta = delta.checked_add((m - n).checked_mul(handled as u64 + 1)?)?;
        if delta > MAX_INT {
            return None;
        }
        n = m;
        for &c in input {
            let c = u64::from(c);
            if c < n {
                delta += 1;
                if delta > MAX_INT {
                    return None;
                }
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out += 1;
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out += 1;
                bias = adapt(delta, handled as u64 + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(out)
}

/// Length, in ASCII characters, of the IDNA `ToASCII` form of `label` as the
/// reference JavaScript implementation computes it: the label is split on IDNA
/// separators, every part holding a character above U+007E becomes `xn--` plus
/// its punycode, and the parts are joined again with `.`.
///
/// Returns `None` when the encoding overflows (such a label is never valid).
pub(super) fn ascii_label_len(label: &str) -> Option<usize> {
    if label.bytes().all(|b| b <= 0x7E) {
        return Some(label.len());
    }
    let mut total = 0usize;
    let mut parts = 0usize;
    let mut buf: Vec<u32> = Vec::new();
    for part in label.split(is_label_separator) {
        parts += 1;
        if part.bytes().all(|b| b <= 0x7E) {
            total += part.len();
        } else {
            buf.clear();
            buf.extend(part.chars().map(u32::from));
            total += 4 + encoded_len(&buf)?;
        }
    }
    Some(total + parts.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::ascii_label_len;

    #[test]
    fn ascii_labels_keep_their_length() {
        assert_eq!(ascii_label_len("example"), Some(7));
        assert_eq!(ascii_label_len(""), Some(0));
    }

    #[test]
    fn known_encodings() {
        // "bücher" -> "xn--bcher-kva"
        assert_eq!(ascii_label_len("bücher"), Some("xn--bcher-kva".len()));
        // "みんな" -> "xn--q9jyb4c"
        assert_eq!(ascii_label_len("みんな"), Some("xn--q9jyb4c".len()));
        // "中国" -> "xn--fiqs8s"
        assert_eq!(ascii_label_len("中国"), Some("xn--fiqs8s".len()));
        // "😷" -> "xn--ls8h"
        assert_eq!(ascii_label_len("😷"), Some("xn--ls8h".len()));
        // "パ" RFC 3492 sample-ish: "xn--" + encoding; just check it is sane
        assert!(ascii_label_len("パ").unwrap() > 4);
    }

    #[test]
    fn separators_split_labels() {
        // "ü。a" -> "xn--tda.a"
        assert_eq!(ascii_label_len("ü。a"), Some("xn--tda.a".len()));
    }
}
