//! What one secret ballot says, exactly as it is sealed in the ballot box:
//! the plaintext of one box record. The box encrypts and decrypts these
//! bytes and never reads them; the close opens every record of the round
//! into a `BallotContents` and publishes only their counts
//! (`publication.rs`, docs/SECRECY.md).
//!
//! The byte form has one size per round of a bundle (projects × criteria),
//! whatever the grades and conflicts, so a record's size says nothing, and
//! it names its session and round, so a record moved from another session
//! or round is refused when it is opened:
//!
//! ```text
//! "jury-ballot@v1" 0x00  session id (16 bytes)  round (u32 BE)
//! projects (u32 BE)  criteria (u8)
//! per project of the round, in the round's order:
//!     0x01 and one grade index per criterion (0 = best), or
//!     0x00 and as many zero bytes: a conflict of interest (recused)
//! ```

use std::fmt;

use zeroize::{Zeroize, Zeroizing};

use crate::digest::from_hex;
use crate::tally::GradeRow;

const DOMAIN: &[u8] = b"jury-ballot@v1\0";
const HEADER: usize = DOMAIN.len() + 16 + 4 + 4 + 1;
const RECUSED: u8 = 0;
const GRADED: u8 = 1;

/// One opened (or about to be sealed) secret ballot.
#[derive(Clone, PartialEq, Eq)]
pub struct BallotContents {
    pub session_id: [u8; 16],
    pub round: u32,
    /// Per project of the round, in the round's order: the juror's grade on
    /// each criterion (bundle order), or `None` where they are recused.
    pub projects: Vec<Option<GradeRow>>,
}

/// Grades are secret: never printed, wiped when dropped.
impl fmt::Debug for BallotContents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "BallotContents(round {}, {} projects, hidden)",
            self.round,
            self.projects.len()
        )
    }
}

impl Drop for BallotContents {
    fn drop(&mut self) {
        for grades in self.projects.iter_mut().flatten() {
            grades.as_mut_slice().zeroize();
        }
    }
}

/// Why a record's bytes are not a ballot of this session and round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentsError(pub String);

impl fmt::Display for ContentsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ContentsError {}

/// The session id of a genesis entry (32 hex digits) as bytes.
pub fn session_id_bytes(hex: &str) -> Option<[u8; 16]> {
    from_hex(hex)?.try_into().ok()
}

impl BallotContents {
    /// The size of every record of a round of `projects` projects on
    /// `criteria` criteria.
    pub fn byte_len(projects: usize, criteria: usize) -> usize {
        HEADER + projects * (1 + criteria)
    }

    /// The record's plaintext (wiped when dropped).
    pub fn to_bytes(&self, criteria: usize) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(Self::byte_len(
            self.projects.len(),
            criteria,
        )));
        out.extend_from_slice(DOMAIN);
        out.extend_from_slice(&self.session_id);
        out.extend_from_slice(&self.round.to_be_bytes());
        out.extend_from_slice(&(self.projects.len() as u32).to_be_bytes());
        out.push(criteria as u8);
        for project in &self.projects {
            match project {
                Some(grades) => {
                    debug_assert_eq!(grades.len(), criteria);
                    out.push(GRADED);
                    out.extend_from_slice(grades);
                }
                None => out.extend(std::iter::repeat_n(RECUSED, 1 + criteria)),
            }
        }
        out
    }

    /// Reads a record's plaintext, which must be a ballot of `round` of the
    /// session `session_id`, on `projects` projects and `criteria`
    /// criteria, each grade below `grades`.
    pub fn from_bytes(
        bytes: &[u8],
        session_id: &[u8; 16],
        round: u32,
        projects: usize,
        criteria: usize,
        grades: usize,
    ) -> Result<Self, ContentsError> {
        let bad = |why: String| Err(ContentsError(why));
        let want = Self::byte_len(projects, criteria);
        if bytes.len() != want {
            return bad(format!(
                "a sealed ballot of this round is {want} bytes, this one {}",
                bytes.len()
            ));
        }
        let (header, body) = bytes.split_at(HEADER);
        let mut expected = Vec::with_capacity(HEADER);
        expected.extend_from_slice(DOMAIN);
        expected.extend_from_slice(session_id);
        expected.extend_from_slice(&round.to_be_bytes());
        expected.extend_from_slice(&(projects as u32).to_be_bytes());
        expected.push(criteria as u8);
        if header != expected.as_slice() {
            return bad(format!(
                "a sealed ballot of another session or round (this is round {round})"
            ));
        }
        let mut out = Self {
            session_id: *session_id,
            round,
            projects: Vec::with_capacity(projects),
        };
        for (i, cell) in body.chunks_exact(1 + criteria).enumerate() {
            let (flag, values) = (cell[0], &cell[1..]);
            match flag {
                GRADED if values.iter().all(|&g| usize::from(g) < grades) => {
                    out.projects.push(Some(GradeRow::from_slice(values)));
                }
                RECUSED if values.iter().all(|&g| g == 0) => out.projects.push(None),
                _ => return bad(format!("project {} of a sealed ballot is damaged", i + 1)),
            }
        }
        Ok(out)
    }

    /// Whether the juror is recused from the round's project at `i`.
    pub fn is_recused(&self, i: usize) -> bool {
        self.projects[i].is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ballot() -> BallotContents {
        BallotContents {
            session_id: [7; 16],
            round: 2,
            projects: vec![
                Some(GradeRow::from_slice(&[0, 4])),
                None,
                Some(GradeRow::from_slice(&[3, 3])),
            ],
        }
    }

    #[test]
    fn bytes_round_trip_at_one_size_whatever_the_ballot_says() {
        let b = ballot();
        let bytes = b.to_bytes(2);
        assert_eq!(bytes.len(), BallotContents::byte_len(3, 2));
        assert_eq!(
            BallotContents::from_bytes(&bytes, &[7; 16], 2, 3, 2, 5).unwrap(),
            b
        );
        let mut other = ballot();
        other.projects = vec![None, None, None];
        assert_eq!(other.to_bytes(2).len(), bytes.len());
        assert_eq!(
            format!("{b:?}"),
            "BallotContents(round 2, 3 projects, hidden)"
        );
    }

    #[test]
    fn a_record_of_another_session_round_or_shape_is_refused() {
        let bytes = ballot().to_bytes(2);
        let read = |bytes: &[u8], session: [u8; 16], round, projects, grades| {
            BallotContents::from_bytes(bytes, &session, round, projects, 2, grades)
        };
        assert!(read(&bytes, [8; 16], 2, 3, 5).is_err(), "another session");
        assert!(read(&bytes, [7; 16], 1, 3, 5).is_err(), "another round");
        assert!(read(&bytes, [7; 16], 2, 4, 5).is_err(), "another shape");
        assert!(
            read(&bytes, [7; 16], 2, 3, 4).is_err(),
            "a grade off the scale"
        );
        let mut damaged = bytes.to_vec();
        damaged[HEADER + 3] = 2; // the second project's flag
        assert!(read(&damaged, [7; 16], 2, 3, 5).is_err(), "a bad flag");
        let mut recused_with_grades = bytes.to_vec();
        recused_with_grades[HEADER + 4] = 1;
        assert!(read(&recused_with_grades, [7; 16], 2, 3, 5).is_err());
    }
}
