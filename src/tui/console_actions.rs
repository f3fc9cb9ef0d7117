//! The facilitator's actions: hand the kiosk over, mark absent, close a
//! round, show results, open a further round, record the decision, seal.
//! Each goes through the session (the tally) before the screen changes.

use super::Theme;
use super::app::{AfterDiscard, App, Mode, Notice, Overlay, ReasonFor, Tone};
use super::keymap::{ConsoleAction, ResultsAction, SelectionAction};
use super::text_input::TextInput;
use crate::session::Session;
use crate::turn::{self};

impl App {
    /// Runs a facilitator action on the session (it is on disk when this
    /// returns true) and says what happened.
    pub(super) fn record(
        &mut self,
        action: impl FnOnce(&mut Session) -> Result<(), crate::session::SessionError>,
        done: &'static str,
    ) -> bool {
        let Some(session) = &mut self.session else {
            return false;
        };
        match action(session) {
            Ok(()) => {
                self.tell(Tone::Done, done, &[]);
                true
            }
            Err(e) => {
                self.notice = Some(Notice::Error(e.to_string()));
                false
            }
        }
    }

    pub(super) fn seal(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        match session.seal() {
            Ok(report) => {
                self.notice = None;
                self.mode = Mode::Sealed(Box::new(report));
            }
            Err(e) if session.state().is_sealed() => {
                self.tell(
                    Tone::Warning,
                    "seal.unsigned",
                    &[("reason", &e.to_string())],
                );
            }
            Err(e) => self.notice = Some(Notice::Error(e.to_string())),
        }
    }

    /// Seats that may vote now: `SessionState::may_vote`, the rules' own.
    pub fn seat_is_waiting(&self, seat: usize) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.state().may_vote(seat))
    }

    /// A seat that may still vote and has an unconfirmed turn of this
    /// round: how many of its projects are done, out of how many.
    pub fn draft_at_risk(&self, seat: usize) -> Option<(usize, usize)> {
        let session = self.session.as_ref()?;
        let state = session.state();
        if !state.may_vote(seat) {
            return None;
        }
        let bundle = &self.bundle.bundle;
        let order = state.order_for(bundle, seat);
        let turn = turn::load_draft(
            &self.folder,
            &bundle.jurors[seat].seat,
            seat,
            state.round_number(),
            &order,
            &turn::DraftKey::of(session.key()),
        )?;
        Some((turn.done(), turn.order.len()))
    }

    fn drafts_at_risk(&self) -> Vec<usize> {
        (0..self.bundle.bundle.jurors.len())
            .filter(|&s| self.draft_at_risk(s).is_some())
            .collect()
    }

    /// F: close the round, if it has the quorum of ballots; an unconfirmed
    /// turn is never discarded without the facilitator saying so.
    pub(super) fn start_close(&mut self) {
        let Some(session) = &self.session else { return };
        let state = session.state();
        let bundle = &self.bundle.bundle;
        if !state.has_quorum(bundle) {
            if state.round_number() > 1 {
                self.overlay = Some(Overlay::BelowQuorum);
            } else {
                let n = state.ballots_now();
                self.tell(
                    Tone::Warning,
                    "close.below_quorum",
                    &[("n", &n), ("quorum", &bundle.quorum())],
                );
            }
            return;
        }
        let at_risk = self.drafts_at_risk();
        if !at_risk.is_empty() {
            self.overlay = Some(Overlay::DraftAtRisk {
                seats: at_risk,
                then: AfterDiscard::CloseRound,
            });
            return;
        }
        let waiting = (0..bundle.jurors.len()).any(|s| self.seat_is_waiting(s));
        self.overlay = Some(if waiting {
            Overlay::Reason {
                purpose: ReasonFor::CloseRound,
                input: TextInput::default(),
            }
        } else {
            Overlay::ConfirmClose
        });
    }

    /// C on a further round below the quorum: cancel it, with a reason.
    pub(super) fn start_cancel(&mut self) {
        let at_risk = self.drafts_at_risk();
        self.overlay = Some(if at_risk.is_empty() {
            Overlay::Reason {
                purpose: ReasonFor::CancelRound,
                input: TextInput::default(),
            }
        } else {
            Overlay::DraftAtRisk {
                seats: at_risk,
                then: AfterDiscard::CancelRound,
            }
        });
    }

    /// D on an unconfirmed turn in the way: records each discard in the
    /// tally, deletes the drafts, then does what the facilitator was doing.
    pub(super) fn discard_and_go_on(&mut self, seats: &[usize], then: AfterDiscard) {
        for &seat in seats {
            if !self.record(|s| s.discard_draft(seat), "draft.discarded") {
                return;
            }
            self.discard_draft(seat);
        }
        match then {
            AfterDiscard::MarkAbsent(seat) => {
                if self.record(|s| s.mark_absent(seat), "console.absent_done") {
                    self.discard_draft(seat);
                }
            }
            AfterDiscard::CloseRound => self.start_close(),
            AfterDiscard::CancelRound => self.start_cancel(),
        }
    }

    /// Ballots cast in the current round, and seats in all.
    pub fn voted_count(&self) -> (usize, usize) {
        let voted = self
            .session
            .as_ref()
            .and_then(|s| s.state().current_round().map(|r| r.ballots.len()))
            .unwrap_or(0);
        (voted, self.bundle.bundle.jurors.len())
    }

    pub fn has_draft(&self, seat: usize) -> bool {
        turn::draft_path(&self.folder, &self.bundle.bundle.jurors[seat].seat).exists()
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
            ConsoleAction::Absent => {
                let absent = self
                    .session
                    .as_ref()
                    .is_some_and(|s| s.state().is_absent_now(selected));
                if absent {
                    self.overlay = Some(Overlay::ConfirmPresent { seat: selected });
                } else if self.draft_at_risk(selected).is_some() {
                    self.overlay = Some(Overlay::DraftAtRisk {
                        seats: vec![selected],
                        then: AfterDiscard::MarkAbsent(selected),
                    });
                } else if self.seat_is_waiting(selected) {
                    self.overlay = Some(Overlay::ConfirmAbsent { seat: selected });
                } else {
                    self.tell(Tone::Warning, "console.not_waiting", &[]);
                }
            }
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
        (0..self.bundle.bundle.jurors.len())
            .find(|&s| self.seat_is_waiting(s))
            .unwrap_or(0)
    }

    /// The current round is open for voting.
    pub fn round_open(&self) -> bool {
        self.session.as_ref().is_some_and(|s| {
            let state = s.state();
            !state.is_sealed() && state.current_round().is_none_or(|r| r.is_open())
        })
    }

    /// Voting is over for now: results may be shown.
    pub fn round_closed(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.state().current_round().is_some_and(|r| !r.is_open()))
    }

    pub fn can_seal(&self) -> bool {
        self.session
            .as_ref()
            // Sealed but unsigned (the signature could not be written): S again signs.
            .is_some_and(|s| s.state().decision.is_some() && !s.is_signed())
    }

    pub fn is_sealed(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.state().is_sealed())
    }

    /// The results of the closed rounds (`None` while a round is open).
    pub fn results(&self) -> Option<&crate::results::Results> {
        let session = self.session.as_ref()?;
        self.round_closed().then(|| session.results())
    }

    pub(super) fn open_results(&mut self) -> Mode {
        self.notice = None;
        Mode::Results {
            selected: 0,
            detail: false,
        }
    }

    /// A key of the results' table (`keymap::RESULTS`).
    pub(super) fn results_action(
        &mut self,
        selected: usize,
        detail: bool,
        action: ResultsAction,
    ) -> Mode {
        let projects = self.bundle.bundle.projects.len();
        let Some(results) = self.results() else {
            return Mode::Console { selected: 0 };
        };
        match action {
            ResultsAction::Up => {
                return Mode::Results {
                    selected: selected.saturating_sub(1),
                    detail,
                };
            }
            ResultsAction::Down => {
                return Mode::Results {
                    selected: (selected + 1).min(projects - 1),
                    detail,
                };
            }
            ResultsAction::Detail => {
                return Mode::Results {
                    selected,
                    detail: !detail,
                };
            }
            ResultsAction::Console => return Mode::Console { selected: 0 },
            ResultsAction::Quit => self.overlay = Some(Overlay::ConfirmQuit),
            ResultsAction::Projector => {
                self.theme = if self.theme == Theme::high_contrast() {
                    Theme::from_env()
                } else {
                    Theme::high_contrast()
                };
            }
            ResultsAction::FurtherRound => {
                let mut chosen = vec![false; projects];
                for r in results.ranking.iter().filter(|r| r.to_discuss) {
                    chosen[r.project] = true;
                }
                return Mode::RoundPicker { chosen, cursor: 0 };
            }
            ResultsAction::Decide => {
                let mut chosen = vec![false; projects];
                for p in results.default_selection() {
                    chosen[p] = true;
                }
                return Mode::Decision { chosen, cursor: 0 };
            }
        }
        Mode::Results { selected, detail }
    }

    /// Bundle project indices in ranking order.
    pub fn ranked_projects(&self) -> Vec<usize> {
        self.results()
            .map(|r| r.ranking.iter().map(|x| x.project).collect())
            .unwrap_or_default()
    }

    /// A key of the further round's list (`keymap::ROUND_PICKER`).
    pub(super) fn round_picker_action(
        &mut self,
        mut chosen: Vec<bool>,
        cursor: usize,
        action: SelectionAction,
    ) -> Mode {
        let ranked = self.ranked_projects();
        match action {
            SelectionAction::Up => {
                return Mode::RoundPicker {
                    chosen,
                    cursor: cursor.saturating_sub(1),
                };
            }
            SelectionAction::Down => {
                return Mode::RoundPicker {
                    chosen,
                    cursor: (cursor + 1).min(ranked.len() - 1),
                };
            }
            SelectionAction::Tick => chosen[ranked[cursor]] = !chosen[ranked[cursor]],
            SelectionAction::Back => return self.open_results(),
            SelectionAction::Validate => {
                let projects: Vec<usize> = ranked.iter().copied().filter(|&p| chosen[p]).collect();
                if projects.is_empty() {
                    self.tell(Tone::Warning, "round.none", &[]);
                } else {
                    self.overlay = Some(Overlay::ConfirmRound(projects));
                }
            }
        }
        Mode::RoundPicker { chosen, cursor }
    }

    /// A key of the decision's list (`keymap::DECISION`).
    pub(super) fn decision_action(
        &mut self,
        mut chosen: Vec<bool>,
        cursor: usize,
        action: SelectionAction,
    ) -> Mode {
        let ranked = self.ranked_projects();
        let max = self.bundle.bundle.max_laureates as usize;
        match action {
            SelectionAction::Up => {
                return Mode::Decision {
                    chosen,
                    cursor: cursor.saturating_sub(1),
                };
            }
            SelectionAction::Down => {
                return Mode::Decision {
                    chosen,
                    cursor: (cursor + 1).min(ranked.len() - 1),
                };
            }
            SelectionAction::Tick => {
                let p = ranked[cursor];
                if !chosen[p] && chosen.iter().filter(|c| **c).count() >= max {
                    self.tell(Tone::Warning, "decision.too_many", &[("max", &max)]);
                } else {
                    chosen[p] = !chosen[p];
                    self.notice = None;
                }
            }
            SelectionAction::Back => return self.open_results(),
            SelectionAction::Validate => {
                let selected: Vec<usize> = ranked.iter().copied().filter(|&p| chosen[p]).collect();
                let departs = self
                    .results()
                    .is_some_and(|r| r.departs_from_ranking(&selected));
                self.overlay = Some(if !departs {
                    Overlay::ConfirmDecision(selected)
                } else {
                    Overlay::Reason {
                        purpose: ReasonFor::Decision(selected),
                        input: TextInput::default(),
                    }
                });
            }
        }
        Mode::Decision { chosen, cursor }
    }
}
