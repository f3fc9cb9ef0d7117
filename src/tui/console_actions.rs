//! The facilitator's actions: hand the kiosk over, mark absent, close a
//! round, show results, open a further round, record the decision, seal.
//! Each asks the kiosk what it needs (`close_step`…), shows the dialog
//! that asks for it, then makes the kiosk's call; the screen changes only
//! once the tally has it.

use super::app::{AfterDiscard, App, Mode, Notice, Overlay, ReasonFor, Tone};
use super::keymap::ConsoleAction;
use super::text_input::TextInput;
use crate::kiosk::{AbsentStep, CancelStep, CloseStep, Done, Kiosk};
use crate::session::SessionError;

impl App {
    /// Runs a facilitator call on the kiosk (it is on disk when this
    /// returns true) and says what happened.
    pub(super) fn record(
        &mut self,
        action: impl FnOnce(&mut Kiosk) -> Result<(), SessionError>,
        done: &'static str,
    ) -> bool {
        self.record_then(|k| action(k).map(|()| Done::default()), done)
    }

    /// As `record`, for a call that also deletes drafts: one that could not
    /// be deleted is said after what was done.
    pub(super) fn record_then(
        &mut self,
        action: impl FnOnce(&mut Kiosk) -> Result<Done, SessionError>,
        done: &'static str,
    ) -> bool {
        let Some(kiosk) = &mut self.kiosk else {
            return false;
        };
        match action(kiosk) {
            Ok(outcome) => {
                self.tell(Tone::Done, done, &[]);
                if let Some(message) = outcome.draft_left {
                    self.notice = Some(Notice::Error(message));
                }
                true
            }
            Err(e) => {
                self.notice = Some(Notice::Error(e.to_string()));
                false
            }
        }
    }

    /// S confirmed: the seal, then what goes onto the paper minutes.
    pub(super) fn seal(&mut self) -> Option<Mode> {
        let kiosk = self.kiosk.as_mut()?;
        match kiosk.seal() {
            Ok(report) => {
                self.notice = None;
                return Some(Mode::Sealed(Box::new(report)));
            }
            Err(e) if kiosk.state().is_sealed() => {
                self.tell(
                    Tone::Warning,
                    "seal.unsigned",
                    &[("reason", &e.to_string())],
                );
            }
            Err(e) => self.notice = Some(Notice::Error(e.to_string())),
        }
        None
    }

    /// Seats that may vote now: `SessionState::may_vote`, the rules' own.
    pub fn seat_is_waiting(&self, seat: usize) -> bool {
        self.kiosk.as_ref().is_some_and(|k| k.may_vote(seat))
    }

    /// F: close the round, if it has the quorum of ballots; an unconfirmed
    /// turn is never discarded without the facilitator saying so.
    pub(super) fn start_close(&mut self) {
        let Some(kiosk) = &self.kiosk else { return };
        match kiosk.close_step() {
            CloseStep::BelowQuorum {
                cancellable: true, ..
            } => self.overlay = Some(Overlay::BelowQuorum),
            CloseStep::BelowQuorum {
                ballots, quorum, ..
            } => self.tell(
                Tone::Warning,
                "close.below_quorum",
                &[("n", &ballots), ("quorum", &quorum)],
            ),
            CloseStep::DraftsAtRisk(seats) => {
                self.overlay = Some(Overlay::DraftAtRisk {
                    seats,
                    then: AfterDiscard::CloseRound,
                });
            }
            CloseStep::NeedsReason => self.ask_reason(ReasonFor::CloseRound),
            CloseStep::Confirm => self.overlay = Some(Overlay::ConfirmClose),
        }
    }

    pub(super) fn ask_reason(&mut self, purpose: ReasonFor) {
        self.overlay = Some(Overlay::Reason {
            purpose,
            input: TextInput::default(),
        });
    }

    /// C on a further round below the quorum: cancel it, with a reason.
    pub(super) fn start_cancel(&mut self) {
        let Some(kiosk) = &self.kiosk else { return };
        match kiosk.cancel_step() {
            CancelStep::NeedsReason => self.ask_reason(ReasonFor::CancelRound),
            CancelStep::DraftsAtRisk(seats) => {
                self.overlay = Some(Overlay::DraftAtRisk {
                    seats,
                    then: AfterDiscard::CancelRound,
                });
            }
        }
    }

    /// D on an unconfirmed turn in the way: records each discard in the
    /// tally, deletes the drafts, then does what the facilitator was doing.
    pub(super) fn discard_and_go_on(&mut self, seats: &[usize], then: AfterDiscard) {
        if !self.record_then(|k| k.discard_drafts(seats), "draft.discarded") {
            return;
        }
        match then {
            AfterDiscard::MarkAbsent(seat) => {
                self.record_then(|k| k.mark_absent(seat), "console.absent_done");
            }
            AfterDiscard::CloseRound => self.start_close(),
            AfterDiscard::CancelRound => self.start_cancel(),
        }
    }

    /// Ballots cast in the current round, and seats in all.
    pub fn voted_count(&self) -> (usize, usize) {
        self.kiosk
            .as_ref()
            .map_or((0, self.bundle.bundle.jurors.len()), Kiosk::voted_count)
    }

    /// An unconfirmed turn of `seat` is on disk (from the kiosk's index).
    pub fn has_draft(&self, seat: usize) -> bool {
        self.kiosk.as_ref().is_some_and(|k| k.has_draft(seat))
    }

    /// A key of the console's table (`keymap::CONSOLE`).
    pub(super) fn console_action(&mut self, selected: usize, action: ConsoleAction) -> Mode {
        let seats = self.bundle.bundle.jurors.len();
        match action {
            ConsoleAction::Quit => self.overlay = Some(Overlay::ConfirmQuit),
            ConsoleAction::Lock => {
                self.notice = None;
                return Mode::Locked;
            }
            ConsoleAction::Up => {
                return Mode::Console {
                    selected: (selected + seats - 1) % seats,
                };
            }
            ConsoleAction::Down => {
                return Mode::Console {
                    selected: (selected + 1) % seats,
                };
            }
            // The turn in lines (accessible), for a juror who cannot see the
            // screen. Without a voice, the console says so first.
            ConsoleAction::SpokenTurn if !self.seat_is_waiting(selected) => {
                self.tell(Tone::Warning, "console.not_waiting", &[]);
            }
            ConsoleAction::SpokenTurn => {
                let warned = self.notice_source_key() == Some("console.spoken_no_voice");
                if self.speech.is_none() && !warned {
                    self.tell(Tone::Warning, "console.spoken_no_voice", &[]);
                } else {
                    self.notice = None;
                    return self.begin_spoken_turn(selected);
                }
            }
            ConsoleAction::HandOver => {
                if self.seat_is_waiting(selected) {
                    self.notice = None;
                    return Mode::Handover { seat: selected };
                }
                if self.round_closed() {
                    return self.open_results();
                }
                self.tell(Tone::Warning, "console.not_waiting", &[]);
            }
            ConsoleAction::Absent => match self.kiosk.as_ref().map(|k| k.absent_step(selected)) {
                Some(AbsentStep::WithdrawAbsence) => {
                    self.overlay = Some(Overlay::ConfirmPresent { seat: selected });
                }
                Some(AbsentStep::DraftAtRisk) => {
                    self.overlay = Some(Overlay::DraftAtRisk {
                        seats: vec![selected],
                        then: AfterDiscard::MarkAbsent(selected),
                    });
                }
                Some(AbsentStep::Confirm) => {
                    self.overlay = Some(Overlay::ConfirmAbsent { seat: selected });
                }
                Some(AbsentStep::NotWaiting) | None => {
                    self.tell(Tone::Warning, "console.not_waiting", &[]);
                }
            },
            ConsoleAction::CloseRound => self.start_close(),
            ConsoleAction::Results => {
                if self.round_closed() {
                    return self.open_results();
                }
                self.tell(Tone::Warning, "console.results_later", &[]);
            }
            ConsoleAction::Seal => self.overlay = Some(Overlay::ConfirmSeal),
        }
        Mode::Console { selected }
    }

    /// The seat the facilitator most likely wants next: the first still
    /// waiting to vote (or the first seat).
    pub(super) fn first_waiting(&self) -> usize {
        self.kiosk.as_ref().map_or(0, Kiosk::first_waiting)
    }

    /// The current round is open for voting.
    pub fn round_open(&self) -> bool {
        self.kiosk.as_ref().is_some_and(|k| k.state().round_open())
    }

    /// Voting is over for now: results may be shown.
    pub fn round_closed(&self) -> bool {
        self.kiosk
            .as_ref()
            .is_some_and(|k| k.state().round_closed())
    }

    pub fn can_seal(&self) -> bool {
        self.kiosk.as_ref().is_some_and(Kiosk::may_seal)
    }

    pub fn may_open_round(&self) -> bool {
        self.kiosk.as_ref().is_some_and(Kiosk::may_open_round)
    }

    pub fn is_sealed(&self) -> bool {
        self.kiosk.as_ref().is_some_and(|k| k.state().is_sealed())
    }

    /// The results of the closed rounds (`None` while a round is open).
    pub fn results(&self) -> Option<&crate::results::Results> {
        self.kiosk.as_ref()?.results()
    }
}
