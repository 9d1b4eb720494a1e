//! Options shared by every command that builds a scanner, and the one text they read.

// The scanner's flags are shared with `discreet serve`, whose crate defines them.
pub(crate) use discreet_serve::ScannerOpts;

/// Longest text `check -` and `redact -` read from standard input.
const MAX_TEXT_BYTES: usize = 16 << 20;

/// The text given on the command line, or standard input for none or `-`. Standard input
/// that is not UTF-8 is an error naming the byte where it stops being valid.
pub(crate) fn read_text(arg: Option<&str>) -> Result<String, String> {
    use std::io::Read;
    match arg {
        None | Some("-") => {
            // One text, not an archive: endless input (`< /dev/zero`) must not take the
            // machine's memory, so reading stops one byte past the limit.
            let mut buf = Vec::new();
            std::io::stdin()
                .take(MAX_TEXT_BYTES as u64 + 1)
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            if buf.len() > MAX_TEXT_BYTES {
                return Err(format!(
                    "standard input is longer than {} MiB: one text is expected here (use \
                     `discreet scan` for many)",
                    MAX_TEXT_BYTES >> 20
                ));
            }
            String::from_utf8(buf).map_err(|e| {
                format!(
                    "standard input is not valid UTF-8 (at byte {})",
                    e.utf8_error().valid_up_to()
                )
            })
        }
        Some(t) => Ok(t.to_string()),
    }
}
