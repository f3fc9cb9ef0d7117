//! A secret round's ballots between the session and its ballot box: each
//! ballot sealed as its `BallotContents` bytes, and at the close every
//! ballot opened and counted into the round's `CountsPublished`. The seam
//! with `ballot_box.rs`, which encrypts and decrypts, and never reads what
//! it seals.

use super::{
    BallotContents, Round, Sealed, Session, SessionError, TAG_HEX_LEN, box_paths, counts_entry,
    session_id_bytes,
};
use crate::tally::{Entry, Storage, TallyError};

impl<S: Storage> Session<S> {
    /// Seals one ballot into the current round's box; on disk when this
    /// returns. (The box's record is `contents`' bytes: the seam with
    /// `ballot_box.rs`, which encrypts them and never reads them.)
    pub(super) fn seal_contents(&self, contents: &BallotContents) -> Result<(), SessionError> {
        let sealed: Vec<Sealed> = contents
            .projects
            .iter()
            .map(|p| match p {
                Some(grades) => Sealed::Graded {
                    tag: "0".repeat(TAG_HEX_LEN),
                    grades: grades.clone(),
                },
                None => Sealed::Conflict,
            })
            .collect();
        let cast = self.state.ballots_now();
        self.ballot_box()?
            .append(cast, &sealed)
            .map_err(self.box_error("seal the ballot"))
    }

    /// Every ballot of the current round, opened from its box.
    fn open_contents(&self, round: &Round) -> Result<Vec<BallotContents>, SessionError> {
        let session_id = self.session_id()?;
        let sealed = self
            .ballot_box()?
            .read(round.ballots.len())
            .map_err(self.box_error("read the ballot box"))?;
        Ok(sealed
            .into_iter()
            .map(|ballot| BallotContents {
                session_id,
                round: round.number,
                projects: ballot
                    .into_iter()
                    .map(|p| match p {
                        Sealed::Graded { grades, .. } => Some(grades),
                        Sealed::Conflict => None,
                    })
                    .collect(),
            })
            .collect())
    }

    pub(super) fn session_id(&self) -> Result<[u8; 16], SessionError> {
        session_id_bytes(&self.state.genesis.session_id)
            .ok_or_else(|| SessionError::Mismatch("the session id is not 32 hex digits".into()))
    }

    /// Format 3: the `CountsPublished` of the round just closed, from its
    /// ballot box: the only thing a secret round publishes of its grades.
    pub(super) fn publication(&self) -> Result<Entry, SessionError> {
        let round = self
            .state
            .current_round()
            .expect("a round was closed")
            .clone();
        let opened = self.open_contents(&round)?;
        let session_id = self.session_id()?;
        counts_entry(&self.bundle.bundle, &session_id, &round, &opened).map_err(|e| {
            SessionError::Tally(TallyError::Io {
                path: box_paths(self.writer.path()).0,
                action: "count the ballot box",
                reason: e.0,
            })
        })
    }
}
