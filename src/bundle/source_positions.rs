//! Where each string of a bundle's source is: its line and column, by the
//! path the validator names it with (`grades[1].label`,
//! `grades[0].translations["en"].label`, `jurors[2].name`). The model keeps
//! no positions, and most problems need none; a problem that is about two
//! places at once (two labels that look the same) names both.

use std::collections::HashMap;

/// Line and column (from 1, in characters) of the opening quote of every
/// string value of `source`, by path. Found by a small scan of the RON
/// text (comments, strings, raw strings, brackets, `key:`), which `ron`
/// has already read without error.
pub(super) fn string_positions(source: &str) -> HashMap<String, (usize, usize)> {
    let mut scan = Scan {
        chars: source.chars().collect(),
        at: 0,
        line: 1,
        column: 1,
    };
    let mut frames: Vec<Frame> = Vec::new();
    let mut positions = HashMap::new();
    let mut last_ident: Option<String> = None;
    while let Some(c) = scan.peek(0) {
        let start = (scan.line, scan.column);
        match c {
            '/' if scan.peek(1) == Some('/') => {
                while scan.peek(0).is_some_and(|c| c != '\n') {
                    scan.bump();
                }
                continue;
            }
            '/' if scan.peek(1) == Some('*') => {
                scan.block_comment();
                continue;
            }
            c if c.is_whitespace() => {
                scan.bump();
                continue;
            }
            '"' | 'r' if c == '"' || scan.raw_string_ahead() => {
                let literal = scan.string();
                match frames.last_mut() {
                    Some(Frame::Map {
                        key, expect_key, ..
                    }) if *expect_key => {
                        *key = ron::from_str::<String>(&literal).ok();
                        *expect_key = false;
                    }
                    _ => {
                        positions.entry(value_path(&frames)).or_insert(start);
                    }
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut ident = String::new();
                while let Some(c) = scan.peek(0).filter(|c| c.is_alphanumeric() || *c == '_') {
                    ident.push(c);
                    scan.bump();
                }
                last_ident = Some(ident);
                continue;
            }
            ':' => {
                scan.bump();
                if let (Some(Frame::Struct { key, .. }), Some(ident)) =
                    (frames.last_mut(), last_ident.take())
                {
                    *key = Some(ident);
                }
            }
            '(' | '[' | '{' => {
                scan.bump();
                let path = value_path(&frames);
                frames.push(match c {
                    '(' => Frame::Struct { path, key: None },
                    '[' => Frame::List { path, index: 0 },
                    _ => Frame::Map {
                        path,
                        key: None,
                        expect_key: true,
                    },
                });
            }
            ')' | ']' | '}' => {
                scan.bump();
                frames.pop();
            }
            ',' => {
                scan.bump();
                match frames.last_mut() {
                    Some(Frame::List { index, .. }) => *index += 1,
                    Some(Frame::Struct { key, .. }) => *key = None,
                    Some(Frame::Map {
                        key, expect_key, ..
                    }) => {
                        *key = None;
                        *expect_key = true;
                    }
                    None => {}
                }
            }
            _ => {
                scan.bump();
            }
        }
        last_ident = None;
    }
    positions
}

enum Frame {
    /// `( … )`: a struct (`key: value`), or `Some(…)` (the value itself).
    Struct {
        path: String,
        key: Option<String>,
    },
    List {
        path: String,
        index: usize,
    },
    Map {
        path: String,
        key: Option<String>,
        expect_key: bool,
    },
}

/// The path of the value about to be read, as the validator writes it.
fn value_path(frames: &[Frame]) -> String {
    match frames.last() {
        None => String::new(),
        Some(Frame::Struct { path, key: None }) => path.clone(),
        Some(Frame::Struct {
            path,
            key: Some(key),
        }) if path.is_empty() => key.clone(),
        Some(Frame::Struct {
            path,
            key: Some(key),
        }) => format!("{path}.{key}"),
        Some(Frame::List { path, index }) => format!("{path}[{index}]"),
        Some(Frame::Map {
            path,
            key: Some(key),
            ..
        }) => format!("{path}[{key:?}]"),
        Some(Frame::Map { path, .. }) => path.clone(),
    }
}

struct Scan {
    chars: Vec<char>,
    at: usize,
    line: usize,
    column: usize,
}

impl Scan {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    /// `/* … */`, nested as RON nests them.
    fn block_comment(&mut self) {
        let mut depth = 0;
        while let Some(c) = self.bump() {
            match (c, self.peek(0)) {
                ('/', Some('*')) => {
                    self.bump();
                    depth += 1;
                }
                ('*', Some('/')) => {
                    self.bump();
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// `r"…"` or `r#"…"#` starts here.
    fn raw_string_ahead(&self) -> bool {
        let mut i = 1;
        while self.peek(i) == Some('#') {
            i += 1;
        }
        self.peek(0) == Some('r') && self.peek(i) == Some('"')
    }

    /// The string literal starting here, as written.
    fn string(&mut self) -> String {
        let mut text = String::new();
        if self.peek(0) == Some('r') {
            text.extend(self.bump());
            let mut hashes = 0;
            while self.peek(0) == Some('#') {
                text.extend(self.bump());
                hashes += 1;
            }
            text.extend(self.bump());
            while let Some(c) = self.bump() {
                text.push(c);
                if c == '"' && (0..hashes).all(|i| self.peek(i) == Some('#')) {
                    for _ in 0..hashes {
                        text.extend(self.bump());
                    }
                    break;
                }
            }
            return text;
        }
        text.extend(self.bump());
        while let Some(c) = self.bump() {
            text.push(c);
            match c {
                '\\' => text.extend(self.bump()),
                '"' => break,
                _ => {}
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_found_by_their_validator_path() {
        let source = "// a comment with \"quotes\" (and brackets [\n(\n    title: \"T\", /* \"x\" */\n    grades: [\n        (label: \"Bien\", meaning: r#\"a \"b\"\"#, translations: {\"en\": (label: \"Good\")}),\n        (label: \"Biеn\"),\n    ],\n    jurors: [(seat: \"J1\", name: Some(\"Zoé\")), (seat: \"J2\", name: \"Zoé\")],\n)\n";
        let at = string_positions(source);
        assert_eq!(at["title"], (3, 12));
        assert_eq!(at["grades[0].label"], (5, 17));
        assert_eq!(at["grades[0].meaning"], (5, 34));
        assert_eq!(at["grades[0].translations[\"en\"].label"], (5, 75));
        assert_eq!(at["grades[1].label"], (6, 17));
        assert_eq!(at["jurors[0].name"], (8, 38));
        assert_eq!(at["jurors[1].name"], (8, 66));
    }
}
