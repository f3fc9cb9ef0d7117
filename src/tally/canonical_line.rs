//! A fast reader for the one spelling the writer produces (`ron::to_string`
//! of a record: compact, fields in order). Anything else, including every
//! valid RON variation it does not know, returns `None` and the caller falls
//! back to `ron`. It must never accept a line `ron` would read differently:
//! `tests/canonical_line.rs` checks that against `ron` on random entries and
//! random damage.

use std::borrow::Cow;

use super::entry::{Entry, GradeRow, Record};

struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn eat(&mut self, literal: &str) -> Option<()> {
        let end = self.at + literal.len();
        (self.bytes.get(self.at..end)? == literal.as_bytes()).then(|| self.at = end)
    }

    /// Decimal digits, no sign, no leading zero (the writer never makes one).
    fn number(&mut self) -> Option<u64> {
        let digits = self.bytes[self.at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let text = &self.bytes[self.at..self.at + digits];
        if digits == 0 || (digits > 1 && text[0] == b'0') {
            return None;
        }
        self.at += digits;
        text.iter().try_fold(0u64, |n, &d| {
            n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        })
    }

    /// A string as the writer escapes it (Rust's `escape_debug`: `\\`, `\"`,
    /// `\'`, `\n`, `\r`, `\t`, `\0`, `\u{…}`); anything else declines.
    /// Borrowed from the line unless it has escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.eat("\"")?;
        let mut out: Option<String> = None;
        loop {
            // Runs of plain characters are taken at once.
            let plain = self.bytes[self.at..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20 || b == 0x7f)?;
            let run = self.text.get(self.at..self.at + plain)?;
            if !run.is_ascii() && run.chars().any(char::is_control) {
                return None;
            }
            self.at += plain;
            let c = self.bytes[self.at];
            self.at += 1;
            match (c, &mut out) {
                (b'"', None) => return Some(Cow::Borrowed(run)),
                (b'"', Some(out)) => {
                    out.push_str(run);
                    return Some(Cow::Owned(std::mem::take(out)));
                }
                (b'\\', _) => {
                    let escaped = self.escape()?;
                    let out = out.get_or_insert_with(String::new);
                    out.push_str(run);
                    out.push(escaped);
                }
                // Raw control characters are not what the writer makes.
                _ => return None,
            }
        }
    }

    /// The character after a backslash.
    fn escape(&mut self) -> Option<char> {
        let e = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(match e {
            b'"' => '"',
            b'\\' => '\\',
            b'\'' => '\'',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'0' => '\0',
            b'u' => {
                self.eat("{")?;
                let len = self.bytes[self.at..].iter().position(|&b| b == b'}')?;
                let hex = std::str::from_utf8(&self.bytes[self.at..self.at + len]).ok()?;
                if hex.is_empty() || hex.len() > 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                self.at += len + 1;
                char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
            }
            _ => return None,
        })
    }

    fn option_string(&mut self) -> Option<Option<Cow<'a, str>>> {
        if self.eat("None").is_some() {
            return Some(None);
        }
        self.eat("Some(")?;
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
        if self.eat("]").is_some() {
            return Some(out);
        }
        loop {
            push(&mut out, item(self)?);
            if self.eat("]").is_some() {
                return Some(out);
            }
            self.eat(",")?;
        }
    }

    fn strings(&mut self) -> Option<Vec<Cow<'a, str>>> {
        self.list(Self::string, Vec::push)
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.number()?).ok()
    }

    fn entry(&mut self) -> Option<Entry<Cow<'a, str>>> {
        let entry = if self.eat("SessionOpened(format:").is_some() {
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
        } else if self.eat("JurorAbsent(seat:").is_some() {
            let seat = self.string()?;
            self.eat(",round:")?;
            Entry::JurorAbsent {
                seat,
                round: self.u32()?,
            }
        } else if self.eat("BallotCast(seat:").is_some() {
            let seat = self.string()?;
            self.eat(",round:")?;
            let round = self.u32()?;
            self.eat(",order:")?;
            let order = self.strings()?;
            self.eat(",conflicts:")?;
            let conflicts = self.strings()?;
            self.eat(",grades:")?;
            let grades = self.list(
                |c| {
                    c.eat("(")?;
                    let id = c.string()?;
                    c.eat(",")?;
                    let values = c.list(|c| u8::try_from(c.number()?).ok(), GradeRow::push)?;
                    c.eat(")")?;
                    Some((id, values))
                },
                Vec::push,
            )?;
            Entry::BallotCast {
                seat,
                round,
                order,
                conflicts,
                grades,
            }
        } else if self.eat("RoundClosed(round:").is_some() {
            let round = self.u32()?;
            self.eat(",reason:")?;
            Entry::RoundClosed {
                round,
                reason: self.option_string()?,
            }
        } else if self.eat("RoundOpened(round:").is_some() {
            let round = self.u32()?;
            self.eat(",projects:")?;
            Entry::RoundOpened {
                round,
                projects: self.strings()?,
            }
        } else if self.eat("DecisionRecorded(selected:").is_some() {
            let selected = self.strings()?;
            self.eat(",reason:")?;
            Entry::DecisionRecorded {
                selected,
                reason: self.option_string()?,
            }
        } else if self.eat("SessionSealed(count:").is_some() {
            let count = self.number()?;
            self.eat(",head:")?;
            let head = self.string()?;
            self.eat(",results:")?;
            Entry::SessionSealed {
                count,
                head,
                results: self.string()?,
            }
        } else {
            return None;
        };
        self.eat(")")?;
        Some(entry)
    }
}

/// The record, if `text` is exactly in the writer's spelling.
pub fn parse_canonical(text: &str) -> Option<Record<'_>> {
    let mut c = Cursor {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    c.eat("(seq:")?;
    let seq = c.number()?;
    c.eat(",prev:")?;
    let prev = c.string()?;
    c.eat(",at:")?;
    let at = c.string()?;
    c.eat(",entry:")?;
    let entry = c.entry()?;
    c.eat(",sig:")?;
    let sig = c.string()?;
    c.eat(")")?;
    (c.at == c.bytes.len()).then_some(Record {
        seq,
        prev,
        at,
        entry,
        sig,
    })
}
