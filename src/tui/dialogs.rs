//! The dialogs over a screen (`Overlay`): each key goes through the
//! dialog's table (`keymap::dialog_tables`), and the handler returns the
//! mode to show next, if the answer changes it.

use crossterm::event::KeyEvent;

use super::app::{App, Mode, Overlay, ReasonFor, Tone};
use super::keymap::{DraftAction, FieldAction, HELP, QuorumAction, YesNoAction};
use super::text_input::TextInput;

impl App {
    pub(super) fn open_gate(&mut self) {
        self.overlay = Some(Overlay::Gate {
            input: TextInput::default(),
            failed: false,
        });
    }

    /// A key over `overlay` (taken off the screen): the dialog is put back
    /// when it is still open, and the next mode returned when it changes.
    pub(super) fn overlay_key(&mut self, overlay: Overlay, key: KeyEvent) -> Option<Mode> {
        let yes = self.yes_no(&key) == Some(YesNoAction::Yes);
        match overlay {
            Overlay::Help => {
                // Any key closes it (its table says so).
                if self.find(&HELP, &key).is_none() {
                    self.overlay = Some(Overlay::Help);
                }
                None
            }
            Overlay::Gate { input, failed } => self.gate_key(input, failed, key),
            Overlay::Reason { purpose, input } => self.reason_key(purpose, input, key),
            Overlay::ConfirmConflict => {
                let Mode::Turn(turn) = &self.mode else {
                    return None;
                };
                if !yes {
                    return None;
                }
                let mut turn = turn.clone();
                turn.toggle_conflict();
                self.save_draft_of(&turn);
                Some(Mode::Turn(turn))
            }
            Overlay::ConfirmQuit => {
                self.quit |= yes;
                None
            }
            Overlay::ConfirmAbsent { seat } => {
                if yes {
                    self.record_then(|k| k.mark_absent(seat), "console.absent_done");
                }
                None
            }
            Overlay::ConfirmPresent { seat } => {
                if yes {
                    self.record(|k| k.withdraw_absence(seat), "console.present_done");
                }
                None
            }
            Overlay::DraftAtRisk { seats, then } => {
                match self.draft_at_risk_action(&key) {
                    Some(DraftAction::Discard) => self.discard_and_go_on(&seats, then),
                    _ => self.tell(Tone::Done, "draft.kept", &[]),
                }
                None
            }
            Overlay::BelowQuorum => {
                if self.below_quorum_action(&key) == Some(QuorumAction::Cancel) {
                    self.start_cancel();
                }
                None
            }
            Overlay::ConfirmClose => {
                if yes {
                    self.record_then(|k| k.close_round(None), "console.closed");
                }
                None
            }
            Overlay::ConfirmRound(projects) => (yes
                && self.record(|k| k.open_round(&projects), "round.opened"))
            .then(|| Mode::Console {
                selected: self.first_waiting(),
            }),
            Overlay::ConfirmDecision(selected) => (yes
                && self.record(|k| k.record_decision(&selected, None), "decision.recorded"))
            .then_some(Mode::Console { selected: 0 }),
            Overlay::ConfirmSeal => {
                if yes {
                    self.seal()
                } else {
                    None
                }
            }
        }
    }

    fn gate_key(&mut self, mut input: TextInput, failed: bool, key: KeyEvent) -> Option<Mode> {
        match self.text_field_action(&key) {
            Some(FieldAction::Submit) if self.refuse_while_waiting() => input.clear(),
            Some(FieldAction::Submit) => {
                if self
                    .kiosk
                    .as_ref()
                    .is_some_and(|k| k.is_facilitator(input.text()))
                {
                    self.folder.passphrase_succeeded();
                    return Some(self.enter_console());
                }
                self.folder.passphrase_failed();
                input.clear();
                self.overlay = Some(Overlay::Gate {
                    input,
                    failed: true,
                });
                return None;
            }
            Some(FieldAction::Cancel) => return None,
            Some(FieldAction::Edit) => {
                input.handle_key(key);
            }
            None => {}
        }
        self.overlay = Some(Overlay::Gate { input, failed });
        None
    }

    fn reason_key(
        &mut self,
        purpose: ReasonFor,
        mut input: TextInput,
        key: KeyEvent,
    ) -> Option<Mode> {
        match self.text_field_action(&key) {
            Some(FieldAction::Submit) if crate::session::is_blank(input.text()) => {
                self.tell(Tone::Warning, "reason.empty", &[]);
            }
            Some(FieldAction::Submit) => {
                let text = input.text().trim().to_owned();
                let reason = Some(text.clone());
                match purpose {
                    ReasonFor::CloseRound => {
                        self.record_then(|k| k.close_round(reason), "console.closed");
                    }
                    ReasonFor::CancelRound => {
                        self.record_then(|k| k.cancel_round(text), "round.cancelled_done");
                    }
                    ReasonFor::Decision(selected) => {
                        return self
                            .record(
                                |k| k.record_decision(&selected, reason),
                                "decision.recorded",
                            )
                            .then_some(Mode::Console { selected: 0 });
                    }
                }
                return None;
            }
            Some(FieldAction::Cancel) => return None,
            Some(FieldAction::Edit) => {
                input.handle_key(key);
            }
            None => {}
        }
        self.overlay = Some(Overlay::Reason { purpose, input });
        None
    }

    /// The facilitator takes over: an open turn is kept as a draft on disk,
    /// and nothing of it stays on screen or in memory.
    pub(super) fn enter_console(&mut self) -> Mode {
        let mut selected = self.first_waiting();
        if let Mode::Turn(turn) = &self.mode {
            let turn = turn.clone();
            selected = turn.seat();
            self.save_draft_of(&turn);
            let name = self.bundle.bundle.jurors[selected]
                .display_name()
                .to_owned();
            self.tell(Tone::Done, "console.turn_suspended", &[("name", &name)]);
        } else if let Mode::Handover { seat } = self.mode {
            selected = seat;
        }
        self.card_scroll = 0;
        Mode::Console { selected }
    }
}
