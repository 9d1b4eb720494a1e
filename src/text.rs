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

/// Reads at most `limit` bytes of the file at `path` (a `what` file: rule, policy, key),
/// or fails naming the file and the limit: a path pointed at `/dev/zero` or a log file is
/// an error within milliseconds, not gigabytes of memory.
pub(crate) fn read_capped(
    path: &std::path::Path,
    limit: u64,
    what: &str,
) -> crate::Result<Vec<u8>> {
    use crate::{Error, ErrorKind};
    use std::io::Read;
    let io = |msg: String| Error::new(ErrorKind::Io(msg)).with_path(path);
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|e| io(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(io(format!(
            "the {what} file is larger than the limit of {limit} bytes"
        )));
    }
    Ok(bytes)
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
