//! The facilitator's calls: each asks the rules what an action needs
//! (`*_step`), then records it in the tally and deletes the drafts it
//! makes obsolete. The screens decide only how to ask.

use super::Kiosk;
use crate::session::{CloseRule, SealReport, SessionError, SessionState};

/// A recorded action; `draft_left` says which draft could not be deleted
/// (the tally has it all the same: such a draft no longer fits and is
/// never resumed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Done {
    pub draft_left: Option<String>,
}

/// What A on a seat needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AbsentStep {
    /// Marked absent in this open round: the absence may be withdrawn.
    WithdrawAbsence,
    /// The seat has an unconfirmed turn: discard it first (recorded).
    DraftAtRisk,
    Confirm,
    /// It has voted, or the round is closed.
    NotWaiting,
}

/// What closing the round needs now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloseStep {
    /// Fewer ballots than the quorum: it stays open; `cancellable` when it
    /// is a further round (round 1 never is).
    BelowQuorum {
        ballots: usize,
        quorum: usize,
        cancellable: bool,
    },
    /// These seats have an unconfirmed turn the close would discard.
    DraftsAtRisk(Vec<usize>),
    /// Seats may still vote: a reason, in the tally.
    NeedsReason,
    Confirm,
}

/// What cancelling a further round needs now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CancelStep {
    DraftsAtRisk(Vec<usize>),
    NeedsReason,
}

/// What recording a selection of laureates needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionStep {
    Confirm,
    /// It departs from the ranking: a reason, in the tally.
    NeedsReason,
}

impl Kiosk {
    fn with_drafts_deleted(&mut self, seats: impl IntoIterator<Item = usize>) -> Done {
        let mut done = Done::default();
        for seat in seats {
            if let Some(message) = self.delete_draft(seat) {
                done.draft_left = Some(message);
            }
        }
        done
    }

    fn all_seats(&self) -> std::ops::Range<usize> {
        0..self.bundle().jurors.len()
    }

    pub fn absent_step(&self, seat: usize) -> AbsentStep {
        if self.state().is_absent_now(seat) {
            AbsentStep::WithdrawAbsence
        } else if self.draft_at_risk(seat).is_some() {
            AbsentStep::DraftAtRisk
        } else if self.may_vote(seat) {
            AbsentStep::Confirm
        } else {
            AbsentStep::NotWaiting
        }
    }

    /// A seat marked absent will not resume its interrupted turn.
    pub fn mark_absent(&mut self, seat: usize) -> Result<Done, SessionError> {
        self.session.mark_absent(seat)?;
        Ok(self.with_drafts_deleted([seat]))
    }

    pub fn withdraw_absence(&mut self, seat: usize) -> Result<(), SessionError> {
        self.session.withdraw_absence(seat)
    }

    /// Discards the unconfirmed turns of `seats`: each discard recorded in
    /// the tally, then its draft deleted. Stops at the first refusal.
    pub fn discard_drafts(&mut self, seats: &[usize]) -> Result<Done, SessionError> {
        let mut done = Done::default();
        for &seat in seats {
            self.session.discard_draft(seat)?;
            // Each discard is said in turn: the last seat's outcome stays.
            done.draft_left = self.delete_draft(seat);
        }
        Ok(done)
    }

    /// F: an unconfirmed turn is never discarded without the facilitator
    /// saying so, and a close with seats still waiting needs a reason.
    pub fn close_step(&self) -> CloseStep {
        let rule = self.state().close_rule(self.bundle());
        if let CloseRule::BelowQuorum {
            ballots,
            quorum,
            cancellable,
        } = rule
        {
            return CloseStep::BelowQuorum {
                ballots,
                quorum,
                cancellable,
            };
        }
        let at_risk = self.drafts_at_risk();
        if !at_risk.is_empty() {
            return CloseStep::DraftsAtRisk(at_risk);
        }
        match rule {
            CloseRule::NeedsReason => CloseStep::NeedsReason,
            _ => CloseStep::Confirm,
        }
    }

    /// Once a round is closed, no interrupted turn of it can be resumed.
    pub fn close_round(&mut self, reason: Option<String>) -> Result<Done, SessionError> {
        self.session.close_round(reason)?;
        Ok(self.with_drafts_deleted(self.all_seats()))
    }

    pub fn cancel_step(&self) -> CancelStep {
        let at_risk = self.drafts_at_risk();
        if at_risk.is_empty() {
            CancelStep::NeedsReason
        } else {
            CancelStep::DraftsAtRisk(at_risk)
        }
    }

    pub fn cancel_round(&mut self, reason: String) -> Result<Done, SessionError> {
        self.session.cancel_round(reason)?;
        Ok(self.with_drafts_deleted(self.all_seats()))
    }

    pub fn may_open_round(&self) -> bool {
        self.state().may_open_round()
    }

    pub fn open_round(&mut self, projects: &[usize]) -> Result<(), SessionError> {
        self.session.open_round(projects)
    }

    /// Whether one more laureate may be ticked when `chosen` already are.
    pub fn may_add_laureate(&self, chosen: usize) -> bool {
        SessionState::may_add_laureate(self.bundle(), chosen)
    }

    pub fn laureate_cap(&self) -> usize {
        SessionState::laureate_cap(self.bundle())
    }

    pub fn decision_step(&self, selected: &[usize]) -> DecisionStep {
        let departs = self
            .results()
            .is_some_and(|r| r.departs_from_ranking(selected));
        if departs {
            DecisionStep::NeedsReason
        } else {
            DecisionStep::Confirm
        }
    }

    pub fn record_decision(
        &mut self,
        selected: &[usize],
        reason: Option<String>,
    ) -> Result<(), SessionError> {
        self.session.record_decision(selected, reason)
    }

    /// Writes the seal and its signature. When the seal is written but not
    /// its signature, `state().is_sealed()` holds and sealing again signs.
    pub fn seal(&mut self) -> Result<SealReport, SessionError> {
        self.session.seal()
    }
}
