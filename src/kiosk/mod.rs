//! The running kiosk, without a terminal: the session folder, the session
//! (the tally), and the drafts of unconfirmed turns. It offers the juror's
//! calls (begin a turn, save it, cast it) and the facilitator's (absences,
//! close, rounds, decision, seal), each deleting the drafts it makes
//! obsolete, and answers what the screens ask with the rules' own queries
//! (`session::rules`). Nothing here knows about keys or frames.

mod drafts;
mod facilitator;
pub mod folder;
mod folder_lock;
mod passphrase_delay;
mod passphrase_gate;

use std::path::Path;

pub use drafts::{DraftKey, Drafts, delete_draft, draft_path, load_draft, read_draft, save_draft};
pub use facilitator::{AbsentStep, CancelStep, CloseStep, DecisionStep, Done};
pub use folder::{KEY_FILE, OpenError, Opened, SessionFolder, TALLY_FILE};
pub use folder_lock::{FolderLock, FolderLockError};

use crate::bundle::Bundle;
use crate::session::{Receipt, SeatStatus, Session, SessionError, SessionState};
use crate::turn::JurorTurn;

/// A seat on the facilitator's console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat<'a> {
    Voted(&'a str),
    Absent(&'a str),
    /// An unconfirmed turn is on disk (it resumes where it was).
    Draft,
    Waiting,
}

pub struct Kiosk {
    session: Session,
    drafts: Drafts,
    /// The passphrase that opened the session, as a salted hash.
    gate: passphrase_gate::FacilitatorGate,
}

impl Kiosk {
    /// The kiosk on `session`, whose folder is `folder`, opened with
    /// `passphrase`: its drafts are read once, here.
    pub fn new(session: Session, folder: &Path, passphrase: &str) -> Self {
        let seats = session
            .bundle
            .bundle
            .jurors
            .iter()
            .map(|j| j.seat.clone())
            .collect();
        let drafts = Drafts::scan(folder, seats, DraftKey::of(session.key()));
        Self {
            session,
            drafts,
            gate: passphrase_gate::FacilitatorGate::new(passphrase),
        }
    }

    /// Whether `passphrase` is the one that opened the session (the exit gate).
    pub fn is_facilitator(&self, passphrase: &str) -> bool {
        self.gate.check(passphrase)
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn state(&self) -> &SessionState {
        self.session.state()
    }

    pub fn bundle(&self) -> &Bundle {
        &self.session.bundle.bundle
    }

    fn seats(&self) -> usize {
        self.bundle().jurors.len()
    }

    // Queries (the console, the footers, the dialogs).

    pub fn seat(&self, seat: usize) -> Seat<'_> {
        match self.state().seat_status(seat) {
            SeatStatus::Voted(at) => Seat::Voted(at),
            SeatStatus::Absent(at) => Seat::Absent(at),
            SeatStatus::NotVoted if self.drafts.has(seat) => Seat::Draft,
            SeatStatus::NotVoted => Seat::Waiting,
        }
    }

    /// A draft file is there for `seat` (from the index, not the disk).
    pub fn has_draft(&self, seat: usize) -> bool {
        self.drafts.has(seat)
    }

    /// Seats that may vote now: `SessionState::may_vote`, the rules' own.
    pub fn may_vote(&self, seat: usize) -> bool {
        self.state().may_vote(seat)
    }

    /// The seat the facilitator most likely wants next: the first still
    /// waiting to vote (or the first seat).
    pub fn first_waiting(&self) -> usize {
        (0..self.seats()).find(|&s| self.may_vote(s)).unwrap_or(0)
    }

    /// After a crash, the interrupted turn is the obvious next step;
    /// otherwise the first seat still waiting.
    pub fn first_to_resume(&self) -> usize {
        (0..self.seats())
            .find(|&s| self.has_draft(s) && self.may_vote(s))
            .unwrap_or_else(|| self.first_waiting())
    }

    /// A seat that may still vote and has an unconfirmed turn of this
    /// round: how many of its projects are done, out of how many.
    pub fn draft_at_risk(&self, seat: usize) -> Option<(usize, usize)> {
        let state = self.state();
        if !state.may_vote(seat) {
            return None;
        }
        let order = state.order_for(self.bundle(), seat);
        self.drafts.progress(seat, state.round_number(), &order)
    }

    pub fn drafts_at_risk(&self) -> Vec<usize> {
        (0..self.seats())
            .filter(|&s| self.draft_at_risk(s).is_some())
            .collect()
    }

    /// Ballots cast in the current round, and seats in all.
    pub fn voted_count(&self) -> (usize, usize) {
        (self.state().ballots_now(), self.seats())
    }

    pub fn may_seal(&self) -> bool {
        self.session.may_seal()
    }

    /// The results of the closed rounds (`None` while a round is open).
    pub fn results(&self) -> Option<&crate::results::Results> {
        self.state().round_closed().then(|| self.session.results())
    }

    // The juror's calls.

    /// The turn of `seat`: resumed from its draft, or a new one.
    pub fn begin_turn(&self, seat: usize) -> JurorTurn {
        let state = self.state();
        let order = state.order_for(self.bundle(), seat);
        let round = state.round_number();
        let mut turn = self
            .drafts
            .load(seat, round, &order)
            .unwrap_or_else(|| JurorTurn::new(self.bundle(), seat, round, order));
        // A conflict declared in an earlier ballot holds for the session.
        turn.recuse(state.recused_from(seat));
        turn
    }

    /// Saves `turn` as its seat's draft, fsynced; the reason if it could not be.
    pub fn save(&mut self, turn: &JurorTurn) -> Result<(), String> {
        self.drafts
            .save(turn)
            .map_err(|e| crate::io_error::describe_io(&e))
    }

    /// Appends the ballot to the tally (fsynced, signed); only then is the
    /// draft deleted. On failure the draft stays as it was.
    pub fn cast(&mut self, turn: &JurorTurn) -> Result<Receipt, SessionError> {
        let (conflicts, grades) = turn.ballot(self.bundle().projects.len());
        let receipt = self.session.cast_ballot(turn.seat(), &conflicts, &grades)?;
        // The ballot is safe in the tally; a stale draft is harmless (it no
        // longer fits the seat's state) but is removed.
        let _ = self.drafts.delete(turn.seat());
        Ok(receipt)
    }

    /// Deletes `seat`'s draft; the message to show if it could not be.
    fn delete_draft(&mut self, seat: usize) -> Option<String> {
        self.drafts.delete(seat).err().map(|e| {
            format!(
                "{}: {}",
                self.drafts.seat_id(seat),
                crate::io_error::describe_io(&e)
            )
        })
    }
}
