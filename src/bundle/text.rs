//! Which characters a bundle's strings may hold, checked as each string is
//! read (serde `deserialize_with`), so the RON error carries the position of
//! the string at fault, and so escapes such as `"\u{1b}"` are caught too.
//!
//! Every string refuses control characters (C0, DEL, C1), bidirectional
//! controls and invisible format characters (`crate::terminal_text::hazard`):
//! they could drive the terminal that shows them, or make two texts look the
//! same. Paragraphs (explanations, meanings, aims, proposals, complements)
//! may hold line breaks and tabs; one-line texts may not.

use std::cell::Cell;

use serde::Deserialize;
use serde::de::{self, Deserializer};

use crate::terminal_text::{self, Hazard};

/// Fields that are shown on one line.
const ONE_LINE: &str = "one-line text (title, date, place, language, ids, seats, names, labels, category, website, partners, signer)";

/// Why `text` may not be a one-line bundle text, if it may not: the index
/// (in characters) of the first character refused, and the message.
pub fn check_one_line(text: &str) -> Result<(), (usize, String)> {
    check(text, false)
}

/// Why `text` may not be a paragraph of a bundle, if it may not.
pub fn check_paragraph(text: &str) -> Result<(), (usize, String)> {
    check(text, true)
}

fn check(text: &str, paragraph: bool) -> Result<(), (usize, String)> {
    match terminal_text::first_hazard(text, paragraph) {
        None => Ok(()),
        Some((offset, c, hazard)) => Err((text[..offset].chars().count(), refusal(c, hazard))),
    }
}

/// The message for a character refused in a bundle.
pub fn refusal(c: char, hazard: Hazard) -> String {
    let name = terminal_text::name(c);
    match (hazard, c) {
        (Hazard::Control, '\n' | '\t') => format!(
            "{name} is not allowed in a {ONE_LINE}; write it on one line (line breaks and tabs are allowed only in explanations, meanings, aims, proposals and complements)"
        ),
        (Hazard::Control, _) => format!(
            "{name} is a control character, not allowed in a bundle: it could drive the terminal that shows it; remove it"
        ),
        (Hazard::Bidi, _) => format!(
            "{name} is a bidirectional text control, not allowed in a bundle: it reorders what is shown without being seen; remove it"
        ),
        (Hazard::Invisible, _) => format!(
            "{name} is an invisible format character, not allowed in a bundle: it makes texts that look the same differ; remove it"
        ),
    }
}

thread_local! {
    /// Index (in characters) of the character refused in the string just
    /// read, for `parse` to turn RON's position into that character's.
    static REFUSED_AT: Cell<Option<usize>> = const { Cell::new(None) };
}

/// The index left by the last refusal on this thread, cleared.
pub(super) fn take_refused_index() -> Option<usize> {
    REFUSED_AT.with(|cell| cell.take())
}

fn refuse<E: de::Error>((index, message): (usize, String)) -> E {
    REFUSED_AT.with(|cell| cell.set(Some(index)));
    E::custom(message)
}

/// The byte offset in `source` of the `index`-th character (from 0) of the
/// string literal that holds byte offset `inside`, counting characters as
/// RON decodes them (`\u{1b}` is one character). RON reports a string's
/// error somewhere inside it (after its last escape); this finds the
/// character itself. `None` if `inside` is not in a string literal as
/// expected.
pub(super) fn locate(source: &str, inside: usize, index: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    // Back to the opening quote: a quote preceded by an odd number of
    // backslashes is an escaped one, inside the string.
    let mut open = None;
    for at in (0..inside.min(bytes.len())).rev() {
        if bytes[at] == b'"' {
            let backslashes = bytes[..at]
                .iter()
                .rev()
                .take_while(|&&b| b == b'\\')
                .count();
            if backslashes % 2 == 0 {
                open = Some(at);
                break;
            }
        }
    }
    let open = open?;
    let hashes = bytes[..open]
        .iter()
        .rev()
        .take_while(|&&b| b == b'#')
        .count();
    let raw = open > hashes && bytes[open - hashes - 1] == b'r';
    let mut chars = source[open + 1..].char_indices().peekable();
    let mut count = 0;
    while let Some((at, c)) = chars.next() {
        let at = open + 1 + at;
        if raw || c != '\\' {
            if !raw && c == '"' {
                return None;
            }
            if count == index {
                return Some(at);
            }
            count += 1;
            continue;
        }
        match chars.next()?.1 {
            '\n' | '\r' => {
                // A string continuation: the line break and the next
                // line's leading spaces are not part of the string.
                while chars
                    .next_if(|&(_, c)| matches!(c, ' ' | '\t' | '\n' | '\r'))
                    .is_some()
                {}
                continue;
            }
            'u' => while chars.next()?.1 != '}' {},
            'x' => {
                // One to four `\xHH` make one UTF-8 character.
                let hex: String = [chars.next()?.1, chars.next()?.1].iter().collect();
                let lead = u8::from_str_radix(&hex, 16).ok()?;
                let more = match lead {
                    0xf0.. => 3,
                    0xe0.. => 2,
                    0xc0.. => 1,
                    _ => 0,
                };
                for _ in 0..more {
                    for _ in 0..4 {
                        chars.next()?;
                    }
                }
            }
            _ => {}
        }
        if count == index {
            return Some(at);
        }
        count += 1;
    }
    None
}

pub(super) fn one_line<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    check_one_line(&text).map_err(refuse)?;
    Ok(text)
}

pub(super) fn paragraph<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    check_paragraph(&text).map_err(refuse)?;
    Ok(text)
}

pub(super) fn optional_one_line<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    if let Some(text) = &text {
        check_one_line(text).map_err(refuse)?;
    }
    Ok(text)
}

pub(super) fn optional_paragraph<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    if let Some(text) = &text {
        check_paragraph(text).map_err(refuse)?;
    }
    Ok(text)
}

/// A string read as a one-line text, for map keys and list items.
pub(super) struct OneLine(pub String);

impl<'de> Deserialize<'de> for OneLine {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        one_line(deserializer).map(Self)
    }
}

pub(super) fn one_line_list<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    let items = Vec::<OneLine>::deserialize(deserializer)?;
    Ok(items.into_iter().map(|t| t.0).collect())
}
