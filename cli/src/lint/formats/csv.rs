//! CSV and TSV: a header row, a reply column, quoted fields that may span lines.

use super::{is_html_key, is_reply_key, Draft, ReadError, SourceMap};

// ---- CSV ------------------------------------------------------------------------------

pub(super) struct Field {
    text: String,
    map: SourceMap,
}

pub(super) fn csv(src: &str, delim: u8, column: Option<&str>) -> Result<Vec<Draft>, ReadError> {
    let records = csv_records(src, delim)?;
    let mut rows = records.into_iter();
    let Some(header) = rows.next() else {
        return Ok(Vec::new());
    };
    let names: Vec<&str> = header.iter().map(|f| f.text.trim()).collect();
    let col = match column {
        Some(c) => names.iter().position(|n| n.eq_ignore_ascii_case(c)).ok_or_else(|| {
            ReadError::at(1, format!("no column named {c:?} in the header"))
        })?,
        None => match names.iter().position(|n| is_reply_key(n)) {
            Some(i) => i,
            None if names.len() == 1 => 0,
            None => {
                return Err(ReadError::at(
                    1,
                    "no reply column in the header: name one of text, body, reply, content, message, or pass --column",
                ))
            }
        },
    };
    let html = is_html_key(names[col]);
    Ok(rows
        .filter_map(|mut r| (col < r.len()).then(|| r.swap_remove(col)))
        .filter(|f| !f.text.trim().is_empty())
        .map(|f| Draft {
            text: f.text,
            map: f.map,
            html,
        })
        .collect())
}

/// RFC 4180 records: quoted fields may hold the delimiter, `""` and line breaks.
pub(super) fn csv_records(src: &str, delim: u8) -> Result<Vec<Vec<Field>>, ReadError> {
    let b = src.as_bytes();
    let mut records = Vec::new();
    let mut record: Vec<Field> = Vec::new();
    let mut i = 0;
    let mut line = 1;
    loop {
        let mut field = Field {
            text: String::new(),
            map: SourceMap::default(),
        };
        if b.get(i) == Some(&b'"') {
            let open_line = line;
            i += 1;
            let mut run = i;
            loop {
                match b.get(i) {
                    None => {
                        return Err(ReadError::at(open_line, "quoted field never closed"));
                    }
                    Some(b'"') if b.get(i + 1) == Some(&b'"') => {
                        field.map.anchor(field.text.len(), run);
                        field.text.push_str(&src[run..=i]);
                        i += 2;
                        run = i;
                    }
                    Some(b'"') => {
                        field.map.anchor(field.text.len(), run);
                        field.text.push_str(&src[run..i]);
                        i += 1;
                        break;
                    }
                    Some(c) => {
                        line += usize::from(*c == b'\n');
                        i += 1;
                    }
                }
            }
            // Anything between the closing quote and the delimiter is kept as text.
            let run = i;
            while i < b.len() && b[i] != delim && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
            field.map.anchor(field.text.len(), run);
            field.text.push_str(&src[run..i]);
        } else {
            let run = i;
            while i < b.len() && b[i] != delim && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
            field.map.anchor(0, run);
            field.text.push_str(&src[run..i]);
        }
        record.push(field);
        match b.get(i) {
            Some(&c) if c == delim => i += 1,
            None => {
                if !(record.len() == 1 && record[0].text.is_empty()) {
                    records.push(record);
                }
                return Ok(records);
            }
            Some(_) => {
                if b[i] == b'\r' {
                    i += 1;
                }
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
                line += 1;
                let blank = record.len() == 1 && record[0].text.is_empty();
                if !blank {
                    records.push(std::mem::take(&mut record));
                }
                record.clear();
                if i >= b.len() {
                    return Ok(records);
                }
            }
        }
    }
}
