//! A juror's own grades, found in a published tally with their receipt
//! code (`jury receipt`, `jury verify --receipt`): nothing else finds them.
//!
//! Secret ballots as earlier versions wrote them (format 2): the code
//! derives, for each round and project, the tag its owner's vector was
//! published under. Open ballots (format 1): the code is the start of the
//! ballot line's hash. Secret ballots now (format 3) have no receipt at all:
//! nothing lets a juror prove how they voted (docs/SECRECY.md, *Receipts*).

use crate::session::ReceiptCode;
use crate::tally::{Entry, GradeRow, parse_line};

/// One project's grades as the tally records them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Graded {
    pub round: u32,
    pub project: String,
    /// Grade indices, one per criterion (0: the best grade).
    pub grades: Vec<u8>,
}

/// What a code finds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Found {
    /// Open ballots name the seat; secret ones never do.
    pub seat: Option<String>,
    pub graded: Vec<Graded>,
    /// Open ballots: the projects declared a conflict of interest on.
    pub conflicts: Vec<String>,
}

/// What stops a look-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookUpError {
    /// A format 3 tally: there are no receipts to look up, by design.
    NoReceipts,
    /// Not a code, or not a tally.
    Unreadable(String),
}

impl std::fmt::Display for LookUpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoReceipts => f.write_str(NO_RECEIPTS),
            Self::Unreadable(why) => f.write_str(why),
        }
    }
}

impl From<String> for LookUpError {
    fn from(why: String) -> Self {
        Self::Unreadable(why)
    }
}

/// Why a format 3 tally finds no receipt.
pub const NO_RECEIPTS: &str = "this tally (format 3, secret ballots) has no receipts: it publishes only counts, and nothing in it or given to a juror says how anyone voted (docs/SECRECY.md, Receipts); a juror checks that their seat is on the roll (`jury results` lists who voted), and `jury verify` that every project's counts add up to the roll";

/// Looks `code` up in a tally's complete lines (already verified).
pub fn look_up<'a>(
    lines: impl IntoIterator<Item = &'a [u8]>,
    code: &str,
) -> Result<Option<Found>, LookUpError> {
    let mut lines = lines.into_iter();
    let first = lines.next().ok_or("the tally is empty".to_owned())?;
    let genesis = parse_line(first).map_err(|e| e.to_string())?;
    let Entry::SessionOpened {
        format, session_id, ..
    } = &genesis.record.entry
    else {
        return Err("the tally's first line is not SessionOpened"
            .to_owned()
            .into());
    };
    match *format {
        crate::tally::FORMAT_VERSION => return Ok(look_up_open(first, lines, code)?),
        crate::tally::VECTORS_FORMAT_VERSION => {}
        _ => return Err(LookUpError::NoReceipts),
    }
    let code = ReceiptCode::parse(code)?;
    let mut graded = Vec::new();
    for line in lines {
        let parsed = parse_line(line).map_err(|e| e.to_string())?;
        if let Entry::GradesPublished {
            round,
            project,
            vectors,
        } = &parsed.record.entry
        {
            let tag = code.tag(session_id, *round, project);
            if let Some((_, grades)) = vectors.iter().find(|(t, _)| **t == tag) {
                graded.push(Graded {
                    round: *round,
                    project: project.to_string(),
                    grades: grades.to_vec(),
                });
            }
        }
    }
    Ok((!graded.is_empty()).then_some(Found {
        seat: None,
        graded,
        conflicts: Vec::new(),
    }))
}

fn look_up_open<'a>(
    first: &'a [u8],
    lines: impl Iterator<Item = &'a [u8]>,
    code: &str,
) -> Result<Option<Found>, String> {
    let prefix: String = code
        .chars()
        .filter(|c| *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if prefix.len() != 12 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("an open-ballot receipt is 12 hex digits, as xxxx-xxxx-xxxx".into());
    }
    for line in std::iter::once(first).chain(lines) {
        let parsed = parse_line(line).map_err(|e| e.to_string())?;
        if !parsed.hash.hex().starts_with(&prefix) {
            continue;
        }
        if let Entry::BallotCast {
            seat,
            round,
            conflicts,
            grades,
            ..
        } = &parsed.record.entry
        {
            return Ok(Some(Found {
                seat: Some(seat.to_string()),
                graded: grades
                    .iter()
                    .map(|(project, g): &(_, GradeRow)| Graded {
                        round: *round,
                        project: project.to_string(),
                        grades: g.to_vec(),
                    })
                    .collect(),
                conflicts: conflicts.iter().map(|c| c.to_string()).collect(),
            }));
        }
    }
    Ok(None)
}
