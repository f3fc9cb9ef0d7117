//! The byte-level rules of a tally line, shared by the writer and the
//! verifier. Nothing here re-serialises what it reads: hashes and signatures
//! are over the bytes exactly as they are in the file.
//!
//! A line (without its final `\n`) ends with `,sig:"<128 hex>")`. The
//! signature covers `SIGNATURE_DOMAIN` followed by every byte of the line
//! before that suffix; the line's hash is SHA-256 of `LINE_DOMAIN` followed by
//! every byte of the line. The next line's `prev` is that hash.

use std::fmt;

use super::entry::{Entry, EntryText, Record, UnsignedRecord};
use crate::digest::{Digest, from_hex_array, to_hex};
use crate::signing::{EntrySigner, EntryVerifier, parse_signer};
use ssh_key::PublicKey;

pub const LINE_DOMAIN: &[u8] = b"jury-tally-line@v1\0";
pub const SIGNATURE_DOMAIN: &[u8] = b"jury-tally-entry@v1\0";
/// `prev` of the genesis entry.
pub const GENESIS_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const SIG_OPEN: &[u8] = b",sig:\"";
const SIG_CLOSE: &[u8] = b"\")";
const SIG_HEX_LEN: usize = 128;
const SIG_SUFFIX_LEN: usize = SIG_OPEN.len() + SIG_HEX_LEN + SIG_CLOSE.len();
/// Lines longer than this are refused unread: no honest entry comes close.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// A tally larger than this is refused unread. The largest session a bundle
/// allows (500 seats, 2,000 projects) writes 30 MB in one round; even with
/// 12 criteria and 64-character ids one round stays under 170 MB.
pub const MAX_TALLY_BYTES: u64 = 256 << 20;
/// A tally file, as `crate::bounded_read` reads it (docs/TALLY-FORMAT.md,
/// *Limits*).
pub const TALLY_KIND: crate::bounded_read::Kind = crate::bounded_read::Kind {
    name: "tally file",
    expected: "a tally file",
    limit: MAX_TALLY_BYTES,
    too_large: "no jury session writes that much (500 seats grading 2,000 projects write 30 MB)",
};
/// A session writes a line per seat and round, and a few more: this is 200
/// rounds of the largest jury (500 seats). Reading stops past it.
pub const MAX_TALLY_LINES: usize = 100_000;

/// The hash that the next line's `prev` names.
pub fn line_hash(line: &[u8]) -> Digest {
    Digest::of_parts(&[LINE_DOMAIN, line])
}

/// Builds the line (without `\n`) for `entry`, signed by `signer`.
pub fn build_line(
    seq: u64,
    prev: &Digest,
    at: &str,
    entry: &Entry,
    signer: &EntrySigner,
) -> String {
    let prev = prev_text(seq, prev);
    let unsigned = UnsignedRecord {
        seq,
        prev: &prev,
        at,
        entry,
    };
    let mut line = ron::to_string(&unsigned).expect("tally entries always serialise");
    // `(…)` → `(…` then `,sig:"…")`: the signature is the record's last field.
    let closing = line.pop();
    debug_assert_eq!(closing, Some(')'));
    let signature = signer.sign(&[SIGNATURE_DOMAIN, line.as_bytes()].concat());
    line.push_str(",sig:\"");
    line.push_str(&to_hex(&signature));
    line.push_str("\")");
    line
}

fn prev_text(seq: u64, prev: &Digest) -> String {
    if seq == 0 {
        GENESIS_PREV.to_owned()
    } else {
        prev.hex()
    }
}

/// A line read back: its record, signature and hash.
#[derive(Debug, Clone)]
pub struct ParsedLine<'a> {
    pub record: Record<'a>,
    pub signature: [u8; 64],
    /// The signed bytes: the line without its `,sig:"…")` suffix.
    pub signed: &'a [u8],
    pub hash: Digest,
}

/// Why a line is not a well-formed tally line (the "syntax" step).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError(pub String);

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn syntax<T>(message: &str) -> Result<T, SyntaxError> {
    Err(SyntaxError(message.to_owned()))
}

/// The signed bytes of a line and its signature: all a signature check
/// needs, so it can run before (and beside) reading the record.
pub fn split_signature(line: &[u8]) -> Result<(&[u8], [u8; 64]), SyntaxError> {
    if line.len() < SIG_SUFFIX_LEN
        || !line.ends_with(SIG_CLOSE)
        || &line[line.len() - SIG_SUFFIX_LEN..][..SIG_OPEN.len()] != SIG_OPEN
    {
        return syntax("line does not end with the signature field `,sig:\"<128 hex digits>\")`");
    }
    let signed_len = line.len() - SIG_SUFFIX_LEN;
    let sig_hex = &line[signed_len + SIG_OPEN.len()..line.len() - SIG_CLOSE.len()];
    match from_hex_array::<64>(sig_hex) {
        Some(signature) => Ok((&line[..signed_len], signature)),
        None => syntax("signature is not 128 lowercase hex digits"),
    }
}

pub fn parse_line(line: &[u8]) -> Result<ParsedLine<'_>, SyntaxError> {
    if line.len() > MAX_LINE_BYTES {
        return syntax("line longer than 1 MiB");
    }
    let Ok(text) = std::str::from_utf8(line) else {
        return syntax("not valid UTF-8");
    };
    // The one byte form the writer produces, and no other (the grammar in
    // docs/TALLY-FORMAT.md); it also checks `prev` and `sig` are lowercase hex.
    // That form has no CR (a string writes it `\r`), so a line in it needs
    // no separate search; a refused line holding one says so.
    let record = super::canonical_line::parse_canonical(text).map_err(|e| {
        if text.contains('\r') {
            SyntaxError("carriage return in line (the format uses LF only)".into())
        } else {
            SyntaxError(e.to_string())
        }
    })?;
    let (signed, signature) = split_signature(line)?;
    Ok(ParsedLine {
        record,
        signature,
        signed,
        hash: line_hash(line),
    })
}

/// Why a well-formed line does not follow its predecessor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    Sequence { expected: u64, found: u64 },
    Prev { expected: String, found: String },
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sequence { expected, found } => {
                write!(f, "sequence number {found}, expected {expected}")
            }
            Self::Prev { expected, found } => write!(
                f,
                "prev hash {found} does not match the previous line's hash {expected}"
            ),
        }
    }
}

/// Checks `seq` and `prev` against the previous line (`None` for genesis).
pub fn check_link(
    parsed: &ParsedLine,
    expected_seq: u64,
    previous: Option<&Digest>,
) -> Result<(), LinkError> {
    if parsed.record.seq != expected_seq {
        return Err(LinkError::Sequence {
            expected: expected_seq,
            found: parsed.record.seq,
        });
    }
    let expected_prev = previous.map_or_else(|| GENESIS_PREV.to_owned(), Digest::hex);
    if parsed.record.prev != expected_prev.as_str() {
        return Err(LinkError::Prev {
            expected: expected_prev,
            found: parsed.record.prev.to_string(),
        });
    }
    Ok(())
}

/// The key every line of a tally is signed with: the one its first entry,
/// `SessionOpened`, names. Both line walkers (the kiosk's `scan` and the
/// staff's `verify`) read it here, with the same words when it is missing.
pub fn genesis_key<S: EntryText>(entry: &Entry<S>) -> Result<(EntryVerifier, PublicKey), String> {
    let Entry::SessionOpened { signer, .. } = entry else {
        return Err(not_opened(entry));
    };
    let key = parse_signer(signer)?;
    Ok((EntryVerifier::new(&key)?, key))
}

/// What is wrong when a tally does not begin with `SessionOpened`.
pub fn not_opened<S: EntryText>(first: &Entry<S>) -> String {
    format!(
        "the first entry must be SessionOpened (it names the signing key), found {}",
        first.kind()
    )
}

pub fn check_signature(parsed: &ParsedLine, verifier: &EntryVerifier) -> bool {
    verify_signed(parsed.signed, &parsed.signature, verifier, &mut Vec::new())
}

/// Checks a signature over `SIGNATURE_DOMAIN` + `signed`, assembling the
/// message in `buffer` (reused across lines by the verifier).
pub fn verify_signed(
    signed: &[u8],
    signature: &[u8; 64],
    verifier: &EntryVerifier,
    buffer: &mut Vec<u8>,
) -> bool {
    buffer.clear();
    buffer.extend_from_slice(SIGNATURE_DOMAIN);
    buffer.extend_from_slice(signed);
    verifier.verify(buffer, signature)
}
