//! A juror's turn: keys and clicks on the welcome, scoring, review and
//! confirmation steps; the draft saved after each change; the ballot cast.

use crossterm::event::{KeyCode, KeyEvent};

use super::app::{App, Mode, Notice, Overlay, Tone};
use super::keymap::{self, Action, ConfirmAction, ReviewAction, ScoringAction, WelcomeAction};
use super::screens;
use crate::turn::{self, Blocked, JurorTurn, Stage, WELCOME_PAGES};

impl App {
    /// Starts (or resumes from its draft) the turn of `seat`.
    pub(super) fn begin_turn(&mut self, seat: usize) -> Mode {
        let Some(session) = &self.session else {
            return Mode::Locked;
        };
        let bundle = &self.bundle.bundle;
        let state = session.state();
        let order = state.order_for(bundle, seat);
        let round = state.round_number();
        let seat_id = &bundle.jurors[seat].seat;
        let key = turn::DraftKey::of(session.key());
        let mut turn = turn::load_draft(&self.folder, seat_id, seat, round, &order, &key)
            .unwrap_or_else(|| JurorTurn::new(bundle, seat, round, order));
        // A conflict declared in an earlier ballot holds for the session.
        turn.recuse(state.recused_from(seat));
        self.card_scroll = 0;
        self.notice = None;
        Mode::Turn(Box::new(turn))
    }

    /// A seat marked absent will not resume its interrupted turn.
    pub(super) fn discard_draft(&mut self, seat: usize) {
        let seat_id = &self.bundle.bundle.jurors[seat].seat;
        if let Err(e) = turn::delete_draft(&self.folder, seat_id) {
            self.notice = Some(Notice::Error(format!(
                "{seat_id}: {}",
                crate::io_error::describe_io(&e)
            )));
        }
    }

    /// Once a round is closed, no interrupted turn of it can be resumed.
    pub(super) fn discard_drafts(&mut self) {
        for seat in 0..self.bundle.bundle.jurors.len() {
            self.discard_draft(seat);
        }
    }

    /// Saves the draft of the turn on screen (`self.mode`).
    pub(super) fn save_draft(&mut self) {
        if let Mode::Turn(turn) = &self.mode {
            let turn = turn.clone();
            self.save_draft_of(&turn);
        }
    }

    /// Saves `turn`'s draft. Key handlers hold the turn themselves while
    /// `self.mode` is a placeholder, so they name the turn they saved.
    pub(super) fn save_draft_of(&mut self, turn: &JurorTurn) {
        let Some(session) = &self.session else { return };
        let seat_id = &self.bundle.bundle.jurors[turn.seat].seat;
        let key = turn::DraftKey::of(session.key());
        if let Err(e) = turn::save_draft(&self.folder, seat_id, turn, &key) {
            self.tell(
                Tone::Warning,
                "turn.draft_failed",
                &[("reason", &crate::io_error::describe_io(&e))],
            );
        }
    }

    /// A key of the visual turn's tables (welcome, scoring, review,
    /// confirmation); the draft is saved when the turn changed.
    pub(super) fn turn_action(
        &mut self,
        mut turn: Box<JurorTurn>,
        action: Action,
        key: KeyEvent,
    ) -> Mode {
        let before = turn.clone();
        let position = turn.position;
        match (turn.stage, action) {
            (Stage::Welcome { page }, Action::Welcome(WelcomeAction::Next)) => {
                turn.stage = if page + 1 < WELCOME_PAGES {
                    Stage::Welcome { page: page + 1 }
                } else {
                    Stage::Scoring
                };
            }
            (Stage::Welcome { page }, Action::Welcome(WelcomeAction::Back)) => {
                turn.stage = Stage::Welcome {
                    page: page.saturating_sub(1),
                };
            }
            (Stage::Scoring, Action::Scoring(action)) => {
                self.scoring_action(&mut turn, action, key)
            }
            (Stage::Review, Action::Review(action)) => self.review_action(&mut turn, action, key),
            (Stage::Confirm, Action::Confirm(ConfirmAction::Cast)) => return self.cast(turn),
            (Stage::Confirm, Action::Confirm(ConfirmAction::Back)) => {
                turn.stage = Stage::Review;
            }
            _ => {}
        }
        if turn.position != position {
            self.card_scroll = 0;
        }
        if turn != before {
            self.save_draft_of(&turn);
        }
        Mode::Turn(turn)
    }

    /// The grade a digit key stands for (the tables take only those with
    /// no modifier but Shift).
    pub(super) fn grade_for(&self, key: &KeyEvent) -> Option<u8> {
        let KeyCode::Char(c) = key.code else {
            return None;
        };
        keymap::grade_of(c, self.bundle.bundle.grades.len())
    }

    fn scoring_action(&mut self, turn: &mut JurorTurn, action: ScoringAction, key: KeyEvent) {
        match action {
            ScoringAction::Grade => {
                let Some(grade) = self.grade_for(&key) else {
                    return;
                };
                if turn.is_recused() {
                    self.tell(Tone::Warning, "scoring.recused_no_grade", &[]);
                } else if turn.conflicts[turn.position] {
                    self.tell(Tone::Warning, "scoring.conflict_no_grade", &[]);
                } else {
                    turn.grade(grade);
                    self.notice = None;
                }
            }
            ScoringAction::FocusNext => turn.focus_next(),
            ScoringAction::FocusPrevious => turn.focus_previous(),
            ScoringAction::Next => match turn.advance() {
                Ok(()) => self.notice = None,
                Err(Blocked::MissingHere(missing)) => {
                    self.tell_missing(&missing);
                }
                Err(Blocked::MissingInBallot(_)) => {}
            },
            ScoringAction::Previous => {
                turn.back();
                self.notice = None;
            }
            ScoringAction::Conflict if turn.is_recused() => {
                self.tell(Tone::Warning, "scoring.recused_no_undo", &[]);
            }
            ScoringAction::Conflict => self.overlay = Some(Overlay::ConfirmConflict),
            ScoringAction::Undo => {
                turn.undo();
            }
            ScoringAction::Clear => turn.clear(),
            ScoringAction::ScrollDown => self.card_scroll = self.card_scroll.saturating_add(5),
            ScoringAction::ScrollUp => self.card_scroll = self.card_scroll.saturating_sub(5),
        }
    }

    /// Which criteria still need a grade, named in the juror's language.
    pub(super) fn tell_missing(&mut self, missing: &[usize]) {
        let names: Vec<&str> = missing
            .iter()
            .map(|&c| self.bundle.bundle.criteria[c].text(self.lang()).0)
            .collect();
        self.tell(
            Tone::Warning,
            "scoring.missing",
            &[("criteria", &names.join(" · "))],
        );
    }

    fn review_action(&mut self, turn: &mut JurorTurn, action: ReviewAction, key: KeyEvent) {
        let rows = turn.order.len();
        let cols = turn.criteria();
        match action {
            ReviewAction::Grade => {
                if let Some(grade) = self.grade_for(&key)
                    && !turn.conflicts[turn.position]
                {
                    turn.grade(grade);
                    turn.stage = Stage::Review;
                }
            }
            ReviewAction::Up => turn.position = (turn.position + rows - 1) % rows,
            ReviewAction::Down => turn.position = (turn.position + 1) % rows,
            ReviewAction::Left => turn.criterion = (turn.criterion + cols - 1) % cols,
            ReviewAction::Right => turn.criterion = (turn.criterion + 1) % cols,
            ReviewAction::Open => turn.open_from_review(turn.position, turn.criterion),
            ReviewAction::Undo => {
                turn.undo();
            }
            ReviewAction::Validate => match turn.to_confirm() {
                Ok(()) => self.notice = None,
                Err(Blocked::MissingInBallot(missing)) => {
                    let (p, c) = missing[0];
                    turn.position = p;
                    turn.criterion = c;
                    self.tell(
                        Tone::Warning,
                        "review.missing",
                        &[("count", &missing.len())],
                    );
                }
                Err(Blocked::MissingHere(_)) => {}
            },
        }
    }

    /// Appends the ballot to the tally (fsynced, signed) and only then shows
    /// the receipt. On failure the turn stays as it was, draft included.
    pub(super) fn cast(&mut self, turn: Box<JurorTurn>) -> Mode {
        let Some(session) = &mut self.session else {
            return Mode::Turn(turn);
        };
        let (conflicts, grades) = turn.ballot(self.bundle.bundle.projects.len());
        match session.cast_ballot(turn.seat, &conflicts, &grades) {
            Ok(receipt) => {
                let seat_id = &self.bundle.bundle.jurors[turn.seat].seat;
                // The ballot is safe in the tally; a stale draft is harmless
                // (it no longer fits the seat's state) but is removed.
                let _ = turn::delete_draft(&self.folder, seat_id);
                self.notice = None;
                Mode::Receipt {
                    code: receipt.display(),
                }
            }
            Err(e) => {
                self.tell(Tone::Warning, "confirm.failed", &[("reason", &e)]);
                Mode::Turn(turn)
            }
        }
    }

    pub(super) fn handle_click(&mut self, column: u16, row: u16) {
        let Mode::Turn(turn) = &self.mode else { return };
        let hit = match turn.stage {
            Stage::Scoring => screens::scoring::hit(self, turn, column, row),
            Stage::Review => screens::review::hit(self, turn, column, row),
            _ => None,
        };
        let Some(hit) = hit else { return };
        let Mode::Turn(turn) = &mut self.mode else {
            return;
        };
        match (turn.stage, hit) {
            (Stage::Scoring, screens::Hit::Criterion(c)) => turn.focus(c),
            (Stage::Scoring, screens::Hit::Grade(g)) => {
                if !turn.conflicts[turn.position] {
                    turn.grade(g);
                }
            }
            (Stage::Review, screens::Hit::Cell(p, c)) => {
                turn.position = p;
                turn.criterion = c;
            }
            _ => return,
        }
        self.save_draft();
    }
}
