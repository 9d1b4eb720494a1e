//! YAML: the replies' scalars, mapped back onto the file.

use super::{Draft, Lines, Node, ReadError, SourceMap};

pub(super) fn yaml(src: &str) -> Result<Node, ReadError> {
    use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
    use yaml_rust2::scanner::Marker;

    struct Events(Vec<(Event, Marker)>);
    impl MarkedEventReceiver for Events {
        fn on_event(&mut self, ev: Event, mark: Marker) {
            self.0.push((ev, mark));
        }
    }
    let mut events = Events(Vec::new());
    let mut parser = Parser::new_from_str(src);
    if let Err(e) = parser.load(&mut events, true) {
        // The scanner's description names the construct, never the text.
        return Err(ReadError::at(
            e.marker().line(),
            format!(
                "not valid YAML (column {}): {}",
                e.marker().col() + 1,
                e.info()
            ),
        ));
    }
    let lines = Lines::new(src);
    let mut it = events.0.into_iter().peekable();
    // Documents of a stream: their contents side by side.
    let mut docs = Vec::new();
    while let Some((ev, mark)) = it.next() {
        if !matches!(
            ev,
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart | Event::DocumentEnd
        ) {
            docs.push(yaml_node(ev, mark, &mut it, src, &lines, 0));
        }
    }
    Ok(match docs.len() {
        1 => docs.pop().unwrap_or(Node::Other),
        _ => Node::Seq(docs),
    })
}

pub(super) fn yaml_node(
    ev: yaml_rust2::parser::Event,
    mark: yaml_rust2::scanner::Marker,
    it: &mut impl Iterator<Item = (yaml_rust2::parser::Event, yaml_rust2::scanner::Marker)>,
    src: &str,
    lines: &Lines<'_>,
    depth: usize,
) -> Node {
    use yaml_rust2::parser::Event;
    // Deeper than any macro file: skip this branch's events rather than recurse.
    if depth > 64 {
        let mut open = usize::from(matches!(
            ev,
            Event::SequenceStart(..) | Event::MappingStart(..)
        ));
        while open > 0 {
            match it.next() {
                Some((Event::SequenceStart(..) | Event::MappingStart(..), _)) => open += 1,
                Some((Event::SequenceEnd | Event::MappingEnd, _)) => open -= 1,
                Some(_) => {}
                None => break,
            }
        }
        return Node::Other;
    }
    match ev {
        Event::Scalar(value, ..) => {
            let at = lines.offset(mark.line(), mark.col());
            Node::Str(Box::new(Draft {
                map: align(&value, src, at),
                text: value,
                html: false,
            }))
        }
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            while let Some((ev, m)) = it.next() {
                if matches!(ev, Event::SequenceEnd) {
                    break;
                }
                items.push(yaml_node(ev, m, it, src, lines, depth + 1));
            }
            Node::Seq(items)
        }
        Event::MappingStart(..) => {
            let mut entries = Vec::new();
            while let Some((ev, m)) = it.next() {
                if matches!(ev, Event::MappingEnd) {
                    break;
                }
                let key = match yaml_node(ev, m, it, src, lines, depth + 1) {
                    Node::Str(d) => d.text,
                    _ => String::new(),
                };
                let Some((ev, m)) = it.next() else { break };
                entries.push((key, yaml_node(ev, m, it, src, lines, depth + 1)));
            }
            Node::Map(entries)
        }
        _ => Node::Other,
    }
}

/// Maps a decoded YAML scalar onto its source from `at`: each character is matched with
/// the next equal character of the source (a folded line break matches a space), skipping
/// the quotes, indentation and escapes in between. Bounded look-ahead, so a character the
/// source spells differently (`\u00e9`) stays near its place instead of running away.
pub(super) fn align(value: &str, src: &str, at: usize) -> SourceMap {
    let mut map = SourceMap::default();
    let mut j = at.min(src.len());
    for (off, c) in value.char_indices() {
        let mut found = None;
        let mut skipped = 0;
        for (k, rc) in src[j..].char_indices() {
            if rc == c || (c == ' ' && rc == '\n') {
                found = Some((j + k, rc.len_utf8()));
                break;
            }
            skipped += 1;
            if skipped > 256 || (!rc.is_whitespace() && skipped > 12) {
                break;
            }
        }
        match found {
            Some((p, len)) => {
                map.anchor(off, p);
                j = p + len;
            }
            None => {
                map.anchor(off, j);
                // An escape the value spells as one character (`\t`, `\u00e9`).
                if src[j..].starts_with('\\') {
                    let hex = match src.as_bytes().get(j + 1) {
                        Some(b'x') => 2,
                        Some(b'u') => 4,
                        Some(b'U') => 8,
                        _ => 0,
                    };
                    j = (j + 2 + hex).min(src.len());
                    while !src.is_char_boundary(j) {
                        j += 1;
                    }
                }
            }
        }
    }
    map.anchor(value.len(), j);
    map
}

// ---- Markdown and plain text ----------------------------------------------------------
