//! Reading small files (rules, policies, keys) with a size cap, so that a path pointing at
//! `/dev/zero` or a huge file is a clear error instead of gigabytes of memory.

use std::io::Read;
use std::path::Path;

/// The largest rule file read (the built-in rules are about 60 KB together).
pub(crate) const MAX_RULE_FILE: u64 = 1 << 20;

/// The text of `path`, at most `limit` bytes, or an error naming the file.
pub(crate) fn read_capped(path: &Path, limit: u64) -> Result<String, String> {
    let name = path.display();
    let file = std::fs::File::open(path).map_err(|e| format!("{name}: {e}"))?;
    let mut buf = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("{name}: {e}"))?;
    if buf.len() as u64 > limit {
        return Err(format!(
            "{name}: the file is larger than the limit of {limit} bytes"
        ));
    }
    String::from_utf8(buf).map_err(|e| {
        format!(
            "{name}: not valid UTF-8 (at byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}
