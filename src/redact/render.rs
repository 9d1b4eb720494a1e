//! Building the redacted text: findings widened to grapheme clusters, cut around what is
//! already redaction output, overlaps merged into their union, and each span replaced, with
//! the span map from the original text to the redacted one.

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;
use unicode_segmentation::GraphemeCursor;

use super::style::{self, Style};
use super::Inner;
use crate::{Category, Finding};

/// A span to replace, with the style and the finding it comes from.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) range: Range<usize>,
    pub(super) style: Style,
    pub(super) finding: usize,
}

/// Redacts `findings` of `text`; findings that overlap one of the `hard` spans keep nothing
/// of their value.
pub(super) fn redact(
    r: &Inner,
    text: &str,
    findings: &[Finding],
    hard: &[Range<usize>],
) -> Redaction {
    let mut pieces = pieces(r, text, findings, hard);
    pieces.sort_by_key(|p| (p.range.start, p.range.end));
    // Overlapping pieces merge into their union, so no part of any value stays public. The
    // union takes the style that hides most; a style that shows part of a value (the digits
    // a mask keeps, an email's domain) would show part of the other value too, so a union
    // of different spans is masked whole instead.
    let mut groups: Vec<(Piece, bool)> = Vec::with_capacity(pieces.len());
    for p in pieces {
        match groups.last_mut() {
            Some((g, mixed)) if p.range.start < g.range.end => {
                *mixed |= p.range != g.range;
                g.range.end = g.range.end.max(p.range.end);
                if p.style.strength() > g.style.strength() {
                    g.style = p.style;
                    g.finding = p.finding;
                }
            }
            _ => groups.push((p, false)),
        }
    }
    let mut out = String::with_capacity(text.len() + 16 * groups.len());
    let mut spans = Vec::with_capacity(groups.len());
    let mut last = 0;
    for (g, mixed) in groups {
        let f = &findings[g.finding];
        let style = if mixed && g.style.for_kind(&f.kind).shows_part() {
            Style::Mask { keep_last: 0 }
        } else {
            g.style
        };
        out.push_str(&text[last..g.range.start]);
        let start = out.len();
        let placeholder = r.policy.placeholder_for(f.category, &f.kind);
        let look = style::Look {
            mask_char: r.policy.mask_char(),
            placeholder: &placeholder,
        };
        style::write(
            &mut out,
            style,
            &text[g.range.clone()],
            f.category,
            &f.kind,
            &look,
            r.key.as_ref(),
        );
        spans.push(SpanMap {
            original: g.range.clone(),
            replacement: start..out.len(),
            category: f.category,
            kind: Arc::clone(&f.kind),
        });
        last = g.range.end;
    }
    out.push_str(&text[last..]);
    Redaction {
        weighted_length: crate::tweet::weighted_length(&out),
        text: out,
        spans,
    }
}

/// The spans to replace: each finding whose style is not `keep`, widened to grapheme
/// clusters, minus the redaction output already in the text, trimmed of whitespace.
pub(super) fn pieces(
    r: &Inner,
    text: &str,
    findings: &[Finding],
    hard: &[Range<usize>],
) -> Vec<Piece> {
    let mut spans = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let mut style = r.policy.style_for(f.category, &f.kind);
        if style == Style::Keep || f.start >= f.end || f.start >= text.len() {
            continue;
        }
        let start = floor_grapheme(text, f.start);
        let end = ceil_grapheme(text, f.end.min(text.len()));
        if start >= end {
            continue;
        }
        if style.shows_part() && overlapping(hard, start..end).next().is_some() {
            style = Style::Mask { keep_last: 0 };
        }
        spans.push((start..end, style, i));
    }
    if spans.is_empty() {
        return Vec::new();
    }
    let regions = r.artifacts.find(text);
    let mut out = Vec::with_capacity(spans.len());
    for (span, style, finding) in spans {
        let mut push = |range: Range<usize>| {
            let s = &text[range.clone()];
            let start = range.start + (s.len() - s.trim_start().len());
            let end = range.end - (s.len() - s.trim_end().len());
            if start < end {
                let range = floor_grapheme(text, start)..ceil_grapheme(text, end);
                out.push(Piece {
                    range,
                    style,
                    finding,
                });
            }
        };
        let mut cursor = span.start;
        for r in overlapping(&regions, span.clone()) {
            if r.start > cursor {
                push(cursor..r.start);
            }
            cursor = cursor.max(r.end);
        }
        if cursor < span.end {
            push(cursor..span.end);
        }
    }
    out
}

/// `ranges` sorted and merged: disjoint, in order.
pub(super) fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The ranges of `sorted` (disjoint, in order) that overlap `r`, found by binary search:
/// texts with thousands of findings stay linear.
fn overlapping(sorted: &[Range<usize>], r: Range<usize>) -> impl Iterator<Item = &Range<usize>> {
    let first = sorted.partition_point(|x| x.end <= r.start);
    sorted[first..].iter().take_while(move |x| x.start < r.end)
}

/// The grapheme boundary at or before `i`.
pub(super) fn floor_grapheme(text: &str, i: usize) -> usize {
    let i = crate::text::floor_boundary(text, i);
    let mut c = GraphemeCursor::new(i, text.len(), true);
    if c.is_boundary(text, 0).unwrap_or(true) {
        return i;
    }
    let mut c = GraphemeCursor::new(i, text.len(), true);
    c.prev_boundary(text, 0).ok().flatten().unwrap_or(0)
}

/// The grapheme boundary at or after `i`.
pub(super) fn ceil_grapheme(text: &str, i: usize) -> usize {
    let i = crate::text::ceil_boundary(text, i);
    let mut c = GraphemeCursor::new(i, text.len(), true);
    if c.is_boundary(text, 0).unwrap_or(true) {
        return i;
    }
    let mut c = GraphemeCursor::new(i, text.len(), true);
    c.next_boundary(text, 0)
        .ok()
        .flatten()
        .unwrap_or(text.len())
}

/// A redacted text: what [`Redactor::redact`](super::Redactor::redact) and [`Redactor::redact_findings`](super::Redactor::redact_findings) return.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Redaction {
    /// The redacted text.
    pub text: String,
    /// One entry per replaced span, in order: where it was in the original text and where
    /// its replacement is in [`text`](Redaction::text) (to highlight it in a UI).
    pub spans: Vec<SpanMap>,
    /// The weighted tweet length of [`text`](Redaction::text).
    pub weighted_length: usize,
}

/// One replaced span: UTF-8 byte ranges in the original and in the redacted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpanMap {
    /// The span in the original text (grapheme-aligned).
    pub original: Range<usize>,
    /// The replacement's span in the redacted text (empty for [`Style::Remove`]).
    pub replacement: Range<usize>,
    /// The category of the value replaced.
    pub category: Category,
    /// The kind of the value replaced.
    pub kind: Arc<str>,
}

impl Redaction {
    /// Maps a span of the redacted text back to the original text: a position inside a
    /// replacement maps to the whole replaced span.
    pub(super) fn to_original(&self, range: Range<usize>) -> Range<usize> {
        // Replacements are in order and disjoint, so their ends are sorted too.
        let spans = &self.spans;
        let i = spans.partition_point(|s| s.replacement.end <= range.start);
        let start = match spans.get(i) {
            Some(s) if s.replacement.start <= range.start => s.original.start,
            _ => self.shift(range.start),
        };
        let i = spans.partition_point(|s| s.replacement.end < range.end);
        let end = match spans.get(i) {
            Some(s) if s.replacement.start < range.end => s.original.end,
            _ => self.shift(range.end),
        };
        start..end.max(start)
    }

    /// A position outside every replacement, moved back by what the replacements before it
    /// added or removed.
    fn shift(&self, pos: usize) -> usize {
        match self.spans.partition_point(|s| s.replacement.end <= pos) {
            0 => pos,
            i => {
                let s = &self.spans[i - 1];
                pos - s.replacement.end + s.original.end
            }
        }
    }
}
