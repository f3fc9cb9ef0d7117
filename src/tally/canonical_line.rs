//! The tally line reader: the one byte form the writer produces
//! (`ron::to_string` of a record: compact, fields in order, strings escaped
//! with Rust's `char::escape_debug`), and nothing else. Any other spelling,
//! even one a generic RON parser reads to the same record, is refused with
//! the column where it departs from that form (docs/TALLY-FORMAT.md, *Line
//! grammar*). `tests/it/canonical_line.rs` checks it against `ron`, kept there
//! as a test oracle only: it accepts a line exactly when `ron` reads it and
//! writing the record back gives the same bytes.

use std::borrow::Cow;

use super::entry::{CountRow, Entry, GradeRow, Record};

/// The bytes that stand for themselves in a string: printable ASCII but
/// `"`, `\` and `'` (a table: one load per byte of the line's ids).
const PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut b = 0x20;
    while b < 0x7f {
        plain[b] = !matches!(b as u8, b'"' | b'\\' | b'\'');
        b += 1;
    }
    plain
};

struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    /// Where the line departs from the writer's form, and what the writer
    /// puts there: set by the check that failed.
    failed: (usize, &'static str, bool),
    /// The next failure is a literal the line should hold.
    literal: bool,
}

impl<'a> Cursor<'a> {
    /// Records why reading stops at byte `at`.
    fn fail<T>(&mut self, at: usize, want: &'static str) -> Option<T> {
        self.failed = (at, want, std::mem::take(&mut self.literal));
        None
    }

    #[inline]
    fn peek(&self, literal: &str) -> bool {
        self.bytes[self.at..].starts_with(literal.as_bytes())
    }

    /// The ASCII text `literal`; a line that departs from it is refused at
    /// the first byte that differs.
    #[inline]
    fn eat(&mut self, literal: &'static str) -> Option<()> {
        if self.peek(literal) {
            self.at += literal.len();
            return Some(());
        }
        self.eat_failed(literal)
    }

    /// Where the line departs from `literal`, which it does not hold.
    #[cold]
    fn eat_failed(&mut self, literal: &'static str) -> Option<()> {
        let same = self.bytes[self.at..]
            .iter()
            .zip(literal.as_bytes())
            .take_while(|(a, b)| a == b)
            .count();
        self.literal = true;
        self.fail(self.at + same, &literal[same..])
    }

    /// Decimal digits, no sign, no leading zero, at most `max`.
    fn number(&mut self, max: u64) -> Option<u64> {
        let start = self.at;
        // One digit, the common case (grades, rounds): no loop.
        if let [d @ b'0'..=b'9', next, ..] = self.bytes[start..]
            && !next.is_ascii_digit()
            && u64::from(d - b'0') <= max
        {
            self.at += 1;
            return Some(u64::from(d - b'0'));
        }
        let digits = self.bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let text = &self.bytes[start..start + digits];
        if digits == 0 {
            return self.fail(start, "a number (decimal digits)");
        }
        if digits > 1 && text[0] == b'0' {
            return self.fail(start, "a number without leading zeros");
        }
        let value = text.iter().try_fold(0u64, |n, &d| {
            n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        });
        match value.filter(|&v| v <= max) {
            Some(v) => {
                self.at += digits;
                Some(v)
            }
            None => self.fail(start, "a smaller number (it is out of range)"),
        }
    }

    fn u32(&mut self) -> Option<u32> {
        self.number(u64::from(u32::MAX)).map(|n| n as u32)
    }

    fn u8(&mut self) -> Option<u8> {
        self.number(u64::from(u8::MAX)).map(|n| n as u8)
    }

    /// A string exactly as the writer escapes it: each character as Rust's
    /// `char::escape_debug` writes it, so `\0 \t \r \n \\ \' \"`, `\u{…}` in
    /// lowercase hex without leading zeros for the characters it escapes
    /// (docs/TALLY-FORMAT.md), every other character as itself.
    /// Borrowed from the line unless it has escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        const RAW: &str = "this character as the writer escapes it (`\\'`, `\\t`, `\\u{…}`…: see the line grammar)";
        let text = self.text;
        if !self.peek("\"") {
            return self.fail(self.at, "a string in double quotes");
        }
        self.at += 1;
        let begin = self.at;
        let mut out: Option<String> = None;
        loop {
            // ASCII characters that stand for themselves are taken as a
            // run; anything else is looked at one character at a time.
            let plain = self.bytes[self.at..]
                .iter()
                .position(|&b| !PLAIN[usize::from(b)])
                .unwrap_or(self.bytes.len() - self.at);
            if let Some(out) = &mut out {
                out.push_str(&text[self.at..self.at + plain]);
            }
            self.at += plain;
            let start = self.at;
            // The closing quote after a plain run: most strings end so.
            if self.bytes.get(start) == Some(&b'"') {
                self.at += 1;
                return Some(match out {
                    Some(out) => Cow::Owned(out),
                    None => Cow::Borrowed(&text[begin..start]),
                });
            }
            let Some(c) = text[start..].chars().next() else {
                return self.fail(start, "the string's closing `\"`");
            };
            match c {
                '"' => {
                    self.at += 1;
                    return Some(match out {
                        Some(out) => Cow::Owned(out),
                        None => Cow::Borrowed(&text[begin..start]),
                    });
                }
                '\\' => {
                    self.at += 1;
                    let escaped = self.escape(start)?;
                    out.get_or_insert_with(|| text[begin..start].to_owned())
                        .push(escaped);
                }
                c if c.escape_debug().len() == 1 => {
                    self.at += c.len_utf8();
                    if let Some(out) = &mut out {
                        out.push(c);
                    }
                }
                _ => return self.fail(start, RAW),
            }
        }
    }

    /// The character after a backslash at `start`, if the escape is the one
    /// `char::escape_debug` writes for it.
    fn escape(&mut self, start: usize) -> Option<char> {
        let rest = &self.text[self.at..];
        let c = match rest.as_bytes().first() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'\'') => '\'',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'0') => '\0',
            Some(b'u') => {
                let close = rest.find('}').filter(|&i| i <= 9);
                let c = close
                    .filter(|_| rest.starts_with("u{"))
                    .and_then(|i| u32::from_str_radix(&rest[2..i], 16).ok())
                    .and_then(char::from_u32);
                let written = c.map(|c| c.escape_debug().to_string());
                match (c, close, written) {
                    (Some(c), Some(i), Some(w)) if w.strip_prefix('\\') == Some(&rest[..=i]) => {
                        self.at += i;
                        c
                    }
                    _ => {
                        return self.fail(
                            start,
                            "`\\u{…}` only for a character the writer escapes, in lowercase hex without leading zeros",
                        );
                    }
                }
            }
            _ => {
                return self.fail(
                    start,
                    "one of the escapes `\\0 \\t \\r \\n \\\\ \\' \\\" \\u{…}`",
                );
            }
        };
        self.at += 1;
        Some(c)
    }

    fn option_string(&mut self) -> Option<Option<Cow<'a, str>>> {
        if self.peek("None") {
            self.at += 4;
            return Some(None);
        }
        if !self.peek("Some(") {
            return self.fail(self.at, "`None` or `Some(`");
        }
        self.at += 5;
        let s = self.string()?;
        self.eat(")")?;
        Some(Some(s))
    }

    /// `[a,b,c]` or `[]`, each item added to `C` by `push`.
    fn list<T, C: Default>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Option<T>,
        push: impl Fn(&mut C, T),
    ) -> Option<C> {
        self.eat("[")?;
        let mut out = C::default();
        if self.peek("]") {
            self.at += 1;
            return Some(out);
        }
        loop {
            push(&mut out, item(self)?);
            if self.peek("]") {
                self.at += 1;
                return Some(out);
            }
            if !self.peek(",") {
                return self.fail(self.at, "`,` or `]`");
            }
            self.at += 1;
        }
    }

    /// A string of exactly `len` lowercase hex digits.
    /// A line that departs from it is refused at the first byte that is
    /// not what the grammar allows there (the quote, a digit, the closing
    /// quote).
    fn hex(&mut self, len: usize, want: &'static str) -> Option<Cow<'a, str>> {
        let start = self.at;
        if self.bytes.get(start) != Some(&b'"') {
            return self.fail(start, want);
        }
        let digits = self.bytes[start + 1..]
            .iter()
            .take(len)
            .take_while(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            .count();
        if digits < len || self.bytes.get(start + 1 + len) != Some(&b'"') {
            return self.fail(start + 1 + digits, want);
        }
        self.at += len + 2;
        Some(Cow::Borrowed(&self.text[start + 1..start + 1 + len]))
    }

    /// `[("id",[1,2]),…]`: a string and a row of grades, each.
    fn grade_rows(&mut self) -> Option<Vec<(Cow<'a, str>, GradeRow)>> {
        self.list(
            |c| {
                c.eat("(")?;
                let id = c.string()?;
                c.eat(",")?;
                let values = c.list(Self::u8, GradeRow::push)?;
                c.eat(")")?;
                Some((id, values))
            },
            Vec::push,
        )
    }

    /// `[("id",[[2,1,0],[0,3,0]]),…]`: a project and its count rows.
    fn count_rows(&mut self) -> Option<Vec<(Cow<'a, str>, Vec<CountRow>)>> {
        self.list(
            |c| {
                c.eat("(")?;
                let id = c.string()?;
                c.eat(",")?;
                let rows = c.list(|c| c.list(Self::u32, CountRow::push), Vec::push)?;
                c.eat(")")?;
                Some((id, rows))
            },
            Vec::push,
        )
    }

    fn strings(&mut self) -> Option<Vec<Cow<'a, str>>> {
        self.list(Self::string, Vec::push)
    }

    fn entry(&mut self) -> Option<Entry<Cow<'a, str>>> {
        let entry = if self.peek("SessionOpened(") {
            self.eat("SessionOpened(format:")?;
            let format = self.u32()?;
            self.eat(",program:")?;
            let program = self.string()?;
            self.eat(",bundle_sha256:")?;
            let bundle_sha256 = self.string()?;
            self.eat(",signer:")?;
            let signer = self.string()?;
            self.eat(",session_id:")?;
            let session_id = self.string()?;
            self.eat(",seed:")?;
            let seed = self.string()?;
            Entry::SessionOpened {
                format,
                program,
                bundle_sha256,
                signer,
                session_id,
                seed,
            }
        } else if self.peek("JurorAbsent(") {
            self.eat("JurorAbsent(seat:")?;
            let seat = self.string()?;
            self.eat(",round:")?;
            Entry::JurorAbsent {
                seat,
                round: self.u32()?,
            }
        } else if self.peek("AbsenceWithdrawn(") {
            self.eat("AbsenceWithdrawn(seat:")?;
            let seat = self.string()?;
            self.eat(",round:")?;
            Entry::AbsenceWithdrawn {
                seat,
                round: self.u32()?,
            }
        } else if self.peek("DraftDiscarded(") {
            self.eat("DraftDiscarded(seat:")?;
            let seat = self.string()?;
            self.eat(",round:")?;
            Entry::DraftDiscarded {
                seat,
                round: self.u32()?,
            }
        } else if self.peek("BallotCast(") {
            self.eat("BallotCast(seat:")?;
            let seat = self.string()?;
            self.eat(",round:")?;
            let round = self.u32()?;
            self.eat(",order:")?;
            let order = self.strings()?;
            self.eat(",conflicts:")?;
            let conflicts = self.strings()?;
            self.eat(",grades:")?;
            let grades = self.grade_rows()?;
            Entry::BallotCast {
                seat,
                round,
                order,
                conflicts,
                grades,
            }
        } else if self.peek("SecretBallotCast(") {
            self.eat("SecretBallotCast(seat:")?;
            let seat = self.string()?;
            self.eat(",round:")?;
            let round = self.u32()?;
            self.eat(",conflicts:")?;
            Entry::SecretBallotCast {
                seat,
                round,
                conflicts: self.strings()?,
            }
        } else if self.peek("GradesPublished(") {
            self.eat("GradesPublished(round:")?;
            let round = self.u32()?;
            self.eat(",project:")?;
            let project = self.string()?;
            self.eat(",vectors:")?;
            Entry::GradesPublished {
                round,
                project,
                vectors: self.grade_rows()?,
            }
        } else if self.peek("CountsPublished(") {
            self.eat("CountsPublished(round:")?;
            let round = self.u32()?;
            self.eat(",counts:")?;
            Entry::CountsPublished {
                round,
                counts: self.count_rows()?,
            }
        } else if self.peek("RoundClosed(") {
            self.eat("RoundClosed(round:")?;
            let round = self.u32()?;
            self.eat(",reason:")?;
            Entry::RoundClosed {
                round,
                reason: self.option_string()?,
            }
        } else if self.peek("RoundCancelled(") {
            self.eat("RoundCancelled(round:")?;
            let round = self.u32()?;
            self.eat(",reason:")?;
            Entry::RoundCancelled {
                round,
                reason: self.string()?,
            }
        } else if self.peek("RoundOpened(") {
            self.eat("RoundOpened(round:")?;
            let round = self.u32()?;
            self.eat(",projects:")?;
            Entry::RoundOpened {
                round,
                projects: self.strings()?,
            }
        } else if self.peek("DecisionRecorded(") {
            self.eat("DecisionRecorded(selected:")?;
            let selected = self.strings()?;
            self.eat(",reason:")?;
            Entry::DecisionRecorded {
                selected,
                reason: self.option_string()?,
            }
        } else if self.peek("SessionSealed(") {
            self.eat("SessionSealed(count:")?;
            let count = self.number(u64::MAX)?;
            self.eat(",head:")?;
            let head = self.string()?;
            self.eat(",results:")?;
            Entry::SessionSealed {
                count,
                head,
                results: self.string()?,
            }
        } else {
            return self.fail(
                self.at,
                "an entry: `SessionOpened(format:`, `JurorAbsent(seat:`, `AbsenceWithdrawn(seat:`, `DraftDiscarded(seat:`, `BallotCast(seat:`, `SecretBallotCast(seat:`, `GradesPublished(round:`, `CountsPublished(round:`, `RoundClosed(round:`, `RoundCancelled(round:`, `RoundOpened(round:`, `DecisionRecorded(selected:` or `SessionSealed(count:`",
            );
        };
        self.eat(")")?;
        Some(entry)
    }
}

/// Where a line departs from the writer's form: the 1-based column (in
/// characters) and what the writer puts there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCanonical {
    pub column: usize,
    pub expected: &'static str,
    /// `expected` is text the line should hold there, quoted in messages.
    pub literal: bool,
}

impl std::fmt::Display for NotCanonical {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (quote, expected) = match self.literal {
            true => ("`", self.expected),
            false => ("", self.expected),
        };
        write!(
            f,
            "column {}: not the tally's one byte form: expected {quote}{expected}{quote}",
            self.column
        )
    }
}

/// The record, if `text` is exactly in the writer's form.
pub fn parse_canonical(text: &str) -> Result<Record<'_>, NotCanonical> {
    let mut c = Cursor {
        text,
        bytes: text.as_bytes(),
        at: 0,
        failed: (0, "", false),
        literal: false,
    };
    record(&mut c).ok_or_else(|| {
        let (at, expected, literal) = c.failed;
        // `at` is always a character boundary: checks stop before a character.
        let column = text.get(..at).map_or(at, |t| t.chars().count()) + 1;
        NotCanonical {
            column,
            expected,
            literal,
        }
    })
}

fn record<'a>(c: &mut Cursor<'a>) -> Option<Record<'a>> {
    c.eat("(seq:")?;
    let seq = c.number(u64::MAX)?;
    c.eat(",prev:")?;
    let prev = c.hex(64, "`prev` as 64 lowercase hex digits in double quotes")?;
    c.eat(",at:")?;
    let at = c.string()?;
    c.eat(",entry:")?;
    let entry = c.entry()?;
    c.eat(",sig:")?;
    let sig = c.hex(128, "`sig` as 128 lowercase hex digits in double quotes")?;
    c.eat(")")?;
    if c.at != c.bytes.len() {
        return c.fail(c.at, "the end of the line after the record's `)`");
    }
    Some(Record {
        seq,
        prev,
        at,
        entry,
        sig,
    })
}
