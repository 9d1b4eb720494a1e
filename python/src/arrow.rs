//! Arrow columns without an Arrow dependency: string columns read from their raw buffers
//! (validity bitmap, offsets, UTF-8 data) and result columns written as raw buffers, which
//! the Python side wraps with `pyarrow.Array.from_buffers` (no copy).
//!
//! Everything here is bounds-checked: bad buffers give an error or an error row, never a
//! panic or a read out of bounds.

use discreet::{Action, Finding, Reason, Verdict};

/// A string column (`string` or `large_string`) as Arrow lays it out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StrColumn<'a> {
    pub validity: Option<&'a [u8]>,
    pub offsets: &'a [u8],
    pub data: &'a [u8],
    /// The array's offset into its buffers (a sliced array).
    pub offset: usize,
    pub len: usize,
    /// 64-bit offsets (`large_string`) rather than 32-bit (`string`).
    pub large: bool,
}

/// Why a string column entry could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BadEntry {
    /// Offsets out of order or past the data buffer.
    Offsets,
    /// The bytes are not UTF-8.
    Utf8,
}

impl<'a> StrColumn<'a> {
    /// Checks that the buffers are long enough for `len` entries from `offset`.
    pub(crate) fn check(&self) -> Result<(), String> {
        let width = if self.large { 8 } else { 4 };
        let need = self
            .offset
            .checked_add(self.len)
            .and_then(|n| n.checked_add(1))
            .and_then(|n| n.checked_mul(width));
        match need {
            Some(n) if n <= self.offsets.len() => {}
            _ => {
                return Err(format!(
                    "offsets buffer too short: {} bytes for {} entries at offset {}",
                    self.offsets.len(),
                    self.len,
                    self.offset
                ))
            }
        }
        if let Some(v) = self.validity {
            let bits = (self.offset + self.len).div_ceil(8);
            if v.len() < bits {
                return Err(format!(
                    "validity bitmap too short: {} bytes for {} entries",
                    v.len(),
                    self.offset + self.len
                ));
            }
        }
        Ok(())
    }

    fn offset_at(&self, i: usize) -> Option<usize> {
        if self.large {
            let b = self.offsets.get(i * 8..i * 8 + 8)?;
            usize::try_from(i64::from_le_bytes(b.try_into().ok()?)).ok()
        } else {
            let b = self.offsets.get(i * 4..i * 4 + 4)?;
            usize::try_from(i32::from_le_bytes(b.try_into().ok()?)).ok()
        }
    }

    /// Entry `i`: `Ok(None)` for a null.
    pub(crate) fn get(&self, i: usize) -> Result<Option<&'a str>, BadEntry> {
        let at = self.offset + i;
        if let Some(v) = self.validity {
            let byte = v.get(at / 8).copied().unwrap_or(0);
            if byte & (1 << (at % 8)) == 0 {
                return Ok(None);
            }
        }
        let (Some(lo), Some(hi)) = (self.offset_at(at), self.offset_at(at + 1)) else {
            return Err(BadEntry::Offsets);
        };
        let bytes = self.data.get(lo..hi).ok_or(BadEntry::Offsets)?;
        std::str::from_utf8(bytes)
            .map(Some)
            .map_err(|_| BadEntry::Utf8)
    }
}

/// A validity bitmap being built (LSB first); `None` at the end when nothing was null.
#[derive(Default)]
pub(crate) struct Validity {
    bits: Vec<u8>,
    len: usize,
    nulls: usize,
}

impl Validity {
    fn push(&mut self, valid: bool) {
        if self.len % 8 == 0 {
            self.bits.push(0);
        }
        if valid {
            if let Some(last) = self.bits.last_mut() {
                *last |= 1 << (self.len % 8);
            }
        } else {
            self.nulls += 1;
        }
        self.len += 1;
    }

    pub(crate) fn finish(self) -> Option<Vec<u8>> {
        (self.nulls > 0).then_some(self.bits)
    }
}

/// A `string` column being built (32-bit offsets).
pub(crate) struct StrBuilder {
    pub validity: Validity,
    pub offsets: Vec<u8>,
    pub data: Vec<u8>,
}

impl StrBuilder {
    pub(crate) fn new(capacity: usize) -> StrBuilder {
        let mut offsets = Vec::with_capacity((capacity + 1) * 4);
        offsets.extend_from_slice(&0i32.to_le_bytes());
        StrBuilder {
            validity: Validity::default(),
            offsets,
            data: Vec::new(),
        }
    }

    fn end(&mut self) -> Result<(), Overflow> {
        let end = i32::try_from(self.data.len()).map_err(|_| Overflow)?;
        self.offsets.extend_from_slice(&end.to_le_bytes());
        Ok(())
    }

    pub(crate) fn push(&mut self, s: Option<&str>) -> Result<(), Overflow> {
        self.validity.push(s.is_some());
        if let Some(s) = s {
            self.data.extend_from_slice(s.as_bytes());
        }
        self.end()
    }
}

/// More than 2 GiB of strings (or 2^31 list entries) in one column: Arrow's 32-bit offsets
/// cannot address it.
#[derive(Debug)]
pub(crate) struct Overflow;

/// The 32-bit list offsets of a list column being built, with its validity.
pub(crate) struct ListOffsets {
    pub validity: Validity,
    pub offsets: Vec<u8>,
}

impl ListOffsets {
    fn new(capacity: usize) -> ListOffsets {
        let mut offsets = Vec::with_capacity((capacity + 1) * 4);
        offsets.extend_from_slice(&0i32.to_le_bytes());
        ListOffsets {
            validity: Validity::default(),
            offsets,
        }
    }

    fn push(&mut self, valid: bool, child_len: usize) -> Result<(), Overflow> {
        self.validity.push(valid);
        let end = i32::try_from(child_len).map_err(|_| Overflow)?;
        self.offsets.extend_from_slice(&end.to_le_bytes());
        Ok(())
    }
}

fn push_i64(buf: &mut Vec<u8>, v: usize) {
    buf.extend_from_slice(&(v as i64).to_le_bytes());
}

/// `list<struct<start, end, category, kind, rule, confidence>>`.
pub(crate) struct FindingsBuilder {
    pub list: ListOffsets,
    pub count: usize,
    pub start: Vec<u8>,
    pub end: Vec<u8>,
    pub category: StrBuilder,
    pub kind: StrBuilder,
    pub rule: StrBuilder,
    pub confidence: Vec<u8>,
}

impl FindingsBuilder {
    fn new(rows: usize) -> FindingsBuilder {
        FindingsBuilder {
            list: ListOffsets::new(rows),
            count: 0,
            start: Vec::new(),
            end: Vec::new(),
            category: StrBuilder::new(0),
            kind: StrBuilder::new(0),
            rule: StrBuilder::new(0),
            confidence: Vec::new(),
        }
    }

    fn push(&mut self, findings: Option<&[Finding]>) -> Result<(), Overflow> {
        for f in findings.unwrap_or_default() {
            push_i64(&mut self.start, f.start);
            push_i64(&mut self.end, f.end);
            self.category.push(Some(f.category.as_str()))?;
            self.kind.push(Some(&f.kind))?;
            self.rule.push(Some(&f.rule))?;
            self.confidence
                .extend_from_slice(&f.confidence.to_le_bytes());
            self.count += 1;
        }
        self.list.push(findings.is_some(), self.count)
    }
}

/// `list<string>` of solicited categories.
pub(crate) struct SolicitsBuilder {
    pub list: ListOffsets,
    pub count: usize,
    pub values: StrBuilder,
}

/// `list<struct<code, category, start, end, message>>`.
pub(crate) struct ReasonsBuilder {
    pub list: ListOffsets,
    pub count: usize,
    pub code: StrBuilder,
    pub category: StrBuilder,
    pub start: Vec<u8>,
    pub end: Vec<u8>,
    pub message: StrBuilder,
}

/// A reason code's name, as in the JSON contract.
impl ReasonsBuilder {
    fn push(&mut self, reasons: Option<&[Reason]>) -> Result<(), Overflow> {
        for r in reasons.unwrap_or_default() {
            self.code.push(Some(r.code.as_str()))?;
            self.category.push(r.category.map(|c| c.as_str()))?;
            push_i64(&mut self.start, r.start);
            push_i64(&mut self.end, r.end);
            self.message.push(Some(&r.message))?;
            self.count += 1;
        }
        self.list.push(reasons.is_some(), self.count)
    }
}

/// One judged row: the verdict and the redacted text, or the row's error.
pub(crate) type Row = Result<(Verdict, Option<String>), String>;

/// Every result column of a batch.
pub(crate) struct Columns {
    pub len: usize,
    pub action: StrBuilder,
    pub findings: FindingsBuilder,
    pub solicits: SolicitsBuilder,
    pub reasons: ReasonsBuilder,
    pub weighted_length: (Validity, Vec<u8>),
    pub redacted: Option<StrBuilder>,
    pub error: StrBuilder,
}

fn action_name(a: Action) -> &'static str {
    a.as_str()
}

/// Lays the rows out as Arrow columns.
pub(crate) fn build(rows: &[Row], redact: bool) -> Result<Columns, Overflow> {
    let n = rows.len();
    let mut c = Columns {
        len: n,
        action: StrBuilder::new(n),
        findings: FindingsBuilder::new(n),
        solicits: SolicitsBuilder {
            list: ListOffsets::new(n),
            count: 0,
            values: StrBuilder::new(0),
        },
        reasons: ReasonsBuilder {
            list: ListOffsets::new(n),
            count: 0,
            code: StrBuilder::new(0),
            category: StrBuilder::new(0),
            start: Vec::new(),
            end: Vec::new(),
            message: StrBuilder::new(0),
        },
        weighted_length: (Validity::default(), Vec::with_capacity(n * 8)),
        redacted: redact.then(|| StrBuilder::new(n)),
        error: StrBuilder::new(n),
    };
    for row in rows {
        let (v, red) = match row {
            Ok((v, red)) => (Some(v), red.as_deref()),
            Err(_) => (None, None),
        };
        c.action.push(v.map(|v| action_name(v.action)))?;
        c.findings.push(v.map(|v| v.findings.as_slice()))?;
        for cat in v.map(|v| v.solicits.as_slice()).unwrap_or_default() {
            c.solicits.values.push(Some(cat.as_str()))?;
            c.solicits.count += 1;
        }
        c.solicits.list.push(v.is_some(), c.solicits.count)?;
        c.reasons.push(v.map(|v| v.reasons.as_slice()))?;
        c.weighted_length.0.push(v.is_some());
        push_i64(&mut c.weighted_length.1, v.map_or(0, |v| v.weighted_length));
        if let Some(r) = c.redacted.as_mut() {
            r.push(red)?;
        }
        c.error.push(row.as_ref().err().map(String::as_str))?;
    }
    Ok(c)
}
