//! The questions the kiosk asks the rules before it offers an action: may
//! this seat vote, may the round be closed and with what, may a further
//! round be opened, may the session be sealed. They read the state the
//! tally folds to (`SessionState`); `apply` enforces the same rules when the
//! entry is written, so a screen never restates one.

use super::{Session, SessionState};
use crate::bundle::Bundle;
use crate::tally::Storage;

/// A seat in the current round, as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatStatus<'a> {
    /// Its ballot is in, cast at this time (RFC 3339).
    Voted(&'a str),
    /// Marked absent at this time.
    Absent(&'a str),
    /// Neither (it may vote when the round is open).
    NotVoted,
}

/// What closing the round needs now (`SessionState::close_rule`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseRule {
    /// Fewer ballots than the quorum: it stays open; a further round may
    /// instead be cancelled, round 1 never.
    BelowQuorum {
        ballots: usize,
        quorum: usize,
        cancellable: bool,
    },
    /// Seats may still vote: closing early needs a reason, in the tally.
    NeedsReason,
    /// Every seat has voted or is absent.
    MayClose,
}

impl SessionState {
    pub fn seat_status(&self, seat: usize) -> SeatStatus<'_> {
        let round = self.current_round();
        if let Some(ballot) = round.and_then(|r| r.ballots.get(&seat)) {
            SeatStatus::Voted(&ballot.at)
        } else if let Some(at) = round.and_then(|r| r.absent.get(&seat)) {
            SeatStatus::Absent(at)
        } else {
            SeatStatus::NotVoted
        }
    }

    /// The current round is open for voting.
    pub fn round_open(&self) -> bool {
        !self.is_sealed() && self.current_round().is_none_or(|r| r.is_open())
    }

    /// Voting is over for now: results may be shown.
    pub fn round_closed(&self) -> bool {
        self.current_round().is_some_and(|r| !r.is_open())
    }

    /// Seats that may vote now, in seat order.
    pub fn seats_waiting(&self, bundle: &Bundle) -> Vec<usize> {
        (0..bundle.jurors.len())
            .filter(|&s| self.may_vote(s))
            .collect()
    }

    /// A round after the first may be cancelled (below its quorum); round
    /// 1, which every session has, never.
    pub fn may_cancel_round(&self) -> bool {
        self.round_number() > 1
    }

    /// What closing the current round needs.
    pub fn close_rule(&self, bundle: &Bundle) -> CloseRule {
        if !self.has_quorum(bundle) {
            return CloseRule::BelowQuorum {
                ballots: self.ballots_now(),
                quorum: bundle.quorum(),
                cancellable: self.may_cancel_round(),
            };
        }
        if self.seats_waiting(bundle).is_empty() {
            CloseRule::MayClose
        } else {
            CloseRule::NeedsReason
        }
    }

    /// No decision yet and not sealed: a further round may be opened.
    pub fn may_open_round(&self) -> bool {
        self.decision.is_none() && !self.is_sealed()
    }

    /// Whether one more laureate may be ticked when `chosen` already are.
    pub fn may_add_laureate(bundle: &Bundle, chosen: usize) -> bool {
        chosen < Self::laureate_cap(bundle)
    }

    /// The most laureates a decision may name.
    pub fn laureate_cap(bundle: &Bundle) -> usize {
        bundle.max_laureates as usize
    }
}

impl<S: Storage> Session<S> {
    /// A decision is recorded and the seal is not signed yet (sealed but
    /// unsigned, when the signature could not be written: sealing again signs).
    pub fn may_seal(&self) -> bool {
        self.state().decision.is_some() && !self.is_signed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::SessionSeed;
    use crate::signing::SessionKey;

    fn session(dir: &std::path::Path) -> Session {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).unwrap();
        Session::create(
            &dir.join("tally.jury"),
            crate::bundle::demo(),
            SessionKey::from_seed(&[4; 32], "rules"),
            &SessionSeed::random(),
        )
        .unwrap()
    }

    #[test]
    fn round_one_below_quorum_is_not_cancellable_and_a_waiting_seat_needs_a_reason() {
        let dir = std::env::temp_dir().join(format!("jury-rules-{}", std::process::id()));
        let mut s = session(&dir);
        let bundle = s.bundle.bundle.clone();
        assert_eq!(
            s.state().close_rule(&bundle),
            CloseRule::BelowQuorum {
                ballots: 0,
                quorum: 2,
                cancellable: false
            }
        );
        assert_eq!(s.state().seat_status(0), SeatStatus::NotVoted);
        s.mark_absent(2).unwrap();
        assert!(matches!(s.state().seat_status(2), SeatStatus::Absent(_)));
        assert_eq!(s.state().seats_waiting(&bundle), vec![0, 1]);
        assert!(!s.may_seal());
        assert!(s.state().may_open_round());
        assert!(s.state().round_open() && !s.state().round_closed());
        assert!(SessionState::may_add_laureate(&bundle, 1));
        assert!(!SessionState::may_add_laureate(
            &bundle,
            SessionState::laureate_cap(&bundle)
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
