//! The character pass: invisible characters dropped, digits of every script and
//! fullwidth forms made ASCII, Latin look-alikes inside mixed-script tokens replaced.

use super::Normalized;

/// Zero-width characters, soft hyphens and emoji presentation selectors: invisible, and
/// dropped from the view.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{FE0E}'
            | '\u{FE0F}'
    )
}

/// The ASCII digit a Unicode digit or digit-like symbol stands for.
fn digit_value(c: char) -> Option<char> {
    let n = c as u32;
    let d = match n {
        0xFF10..=0xFF19 => n - 0xFF10,
        0x0660..=0x0669 => n - 0x0660,
        0x06F0..=0x06F9 => n - 0x06F0,
        0x0966..=0x096F => n - 0x0966,
        0x09E6..=0x09EF => n - 0x09E6,
        0x1D7CE..=0x1D7FF => (n - 0x1D7CE) % 10,
        0x2460..=0x2468 => n - 0x2460 + 1,
        0x24EA => 0,
        _ => return None,
    };
    char::from_digit(d, 10)
}

/// Latin look-alikes of Cyrillic and Greek letters.
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' => 'a',
        'е' | 'ε' => 'e',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' | 'χ' => 'x',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'һ' => 'h',
        'ӏ' => 'l',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'κ' => 'k',
        'ν' => 'v',
        'υ' => 'u',
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'Е' | 'Ε' => 'E',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Н' | 'Η' => 'H',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'С' => 'C',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'І' | 'Ι' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        'Ζ' => 'Z',
        'Ν' => 'N',
        'Υ' => 'Y',
        _ => return None,
    })
}

/// Whether a whitespace-delimited token mixes ASCII letters or digits with look-alike
/// letters: only then are the look-alikes rewritten, so Russian or Greek prose stays as
/// it is.
fn mixed_script(token: &str) -> bool {
    token
        .bytes()
        .any(|b| b.is_ascii_alphanumeric() || b == b'@' || b == b'.')
        && token.chars().any(|c| latin_lookalike(c).is_some())
}

/// Character-level rewriting: fullwidth forms and other digits to ASCII, keycaps to their
/// digit, invisible characters dropped, look-alike letters in mixed-script tokens to Latin.
pub(super) fn char_pass(text: &str) -> Normalized {
    if text.is_ascii() {
        return Normalized::identity(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut push = |out: &mut String, c: char, src: (usize, usize)| {
        out.push(c);
        map.extend(std::iter::repeat_n(src, c.len_utf8()));
    };
    let mut token_mixed = false;
    let mut token_end = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let end = i + c.len_utf8();
        if i >= token_end {
            // Entering a new token (or whitespace): decide once per token.
            let rest = &text[i..];
            let len = rest
                .find(char::is_whitespace)
                .unwrap_or(rest.len())
                .max(c.len_utf8());
            token_end = i + len;
            token_mixed = mixed_script(&text[i..token_end]);
        }
        // Keycap: a digit, #, or *, an optional presentation selector, then U+20E3.
        if c.is_ascii_digit() || c == '#' || c == '*' {
            let mut j = k + 1;
            if chars.get(j).is_some_and(|&(_, n)| n == '\u{FE0F}') {
                j += 1;
            }
            if let Some(&(ki, '\u{20E3}')) = chars.get(j) {
                push(&mut out, c, (i, ki + '\u{20E3}'.len_utf8()));
                k = j + 1;
                continue;
            }
        }
        if is_invisible(c) {
            // Between digits, an invisible character splits a number on purpose: mark the
            // split for the separator pass instead of gluing the digits together.
            let prev_digit = out.as_bytes().last().is_some_and(u8::is_ascii_digit);
            let next_digit = chars
                .get(k + 1)
                .is_some_and(|&(_, n)| n.is_ascii_digit() || digit_value(n).is_some());
            if prev_digit && next_digit {
                push(&mut out, '\u{1}', (i, end));
            }
            k += 1;
            continue;
        }
        let n = c as u32;
        let mapped = if (0xFF01..=0xFF5E).contains(&n) {
            char::from_u32(n - 0xFEE0)
        } else if c == '\u{3000}' {
            Some(' ')
        } else if let Some(d) = digit_value(c) {
            Some(d)
        } else if token_mixed {
            latin_lookalike(c)
        } else {
            None
        };
        push(&mut out, mapped.unwrap_or(c), (i, end));
        k += 1;
    }
    Normalized { text: out, map }
}
