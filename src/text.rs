//! Small helpers on text that every layer needs: char boundaries around a byte offset
//! (the engine matches bytes, so a span may need widening before it can be sliced) and
//! the ASCII digits of a value (what validators, allow-lists and phone numbers compare).

/// The largest char boundary `<= i` (the text's length when `i` is past it).
pub(crate) fn floor_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary `>= i` (the text's length when `i` is past it).
pub(crate) fn ceil_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The ASCII digits of `s` as bytes (`b'0'..=b'9'`), in order, ignoring everything else.
pub(crate) fn ascii_digits(s: &[u8]) -> impl Iterator<Item = u8> + '_ {
    s.iter().copied().filter(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_widen_to_whole_characters() {
        let t = "a€b"; // '€' is bytes 1..4
        assert_eq!(floor_boundary(t, 2), 1);
        assert_eq!(ceil_boundary(t, 2), 4);
        assert_eq!(floor_boundary(t, 4), 4);
        assert_eq!(ceil_boundary(t, 99), t.len());
        assert_eq!(floor_boundary(t, 99), t.len());
    }

    #[test]
    fn digits_skip_separators() {
        let d: Vec<u8> = ascii_digits(b"+44 (20) 7946-0958").collect();
        assert_eq!(d, b"442079460958");
    }
}
