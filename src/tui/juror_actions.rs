//! A juror's turn: keys and clicks on the welcome, scoring, review and
//! confirmation steps; the draft saved after each change; the ballot cast.

use crossterm::event::{KeyCode, KeyEvent};

use super::app::{App, Mode, Overlay, Tone};
use super::keymap::{self, Action, ConfirmAction, ReviewAction, ScoringAction, WelcomeAction};
use super::screens;
use crate::turn::{Blocked, JurorTurn, Stage};

impl App {
    /// Starts (or resumes from its draft) the turn of `seat`.
    pub(super) fn begin_turn(&mut self, seat: usize) -> Mode {
        let Some(kiosk) = &self.kiosk else {
            return Mode::Locked;
        };
        let turn = kiosk.begin_turn(seat);
        self.card_scroll = 0;
        self.notice = None;
        Mode::Turn(Box::new(turn))
    }

    /// Saves `turn`'s draft, or says why it could not be.
    pub(super) fn save_draft_of(&mut self, turn: &JurorTurn) {
        let Some(kiosk) = &mut self.kiosk else { return };
        if let Err(reason) = kiosk.save(turn) {
            self.tell(Tone::Warning, "turn.draft_failed", &[("reason", &reason)]);
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
        let position = turn.position();
        match (turn.stage(), action) {
            (Stage::Welcome { .. }, Action::Welcome(WelcomeAction::Next)) => {
                turn.next_welcome_page();
            }
            (Stage::Welcome { .. }, Action::Welcome(WelcomeAction::Back)) => {
                turn.previous_welcome_page();
            }
            (Stage::Scoring, Action::Scoring(action)) => {
                self.scoring_action(&mut turn, action, key)
            }
            (Stage::Review, Action::Review(action)) => self.review_action(&mut turn, action, key),
            (Stage::Confirm, Action::Confirm(ConfirmAction::Cast)) => return self.cast(turn),
            (Stage::Confirm, Action::Confirm(ConfirmAction::Back)) => turn.back_to_review(),
            _ => {}
        }
        if turn.position() != position {
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
                } else if turn.conflict_here() {
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
        match action {
            ReviewAction::Grade => {
                // Graded in place: the review stays on screen.
                if let Some(grade) = self.grade_for(&key)
                    && !turn.conflict_here()
                {
                    turn.grade(grade);
                }
            }
            ReviewAction::Up => turn.review_up(),
            ReviewAction::Down => turn.review_down(),
            ReviewAction::Left => turn.review_left(),
            ReviewAction::Right => turn.review_right(),
            ReviewAction::Open => turn.open_from_review(turn.position(), turn.criterion()),
            ReviewAction::Undo => {
                turn.undo();
            }
            ReviewAction::Validate => match turn.to_confirm() {
                Ok(()) => self.notice = None,
                Err(Blocked::MissingInBallot(missing)) => {
                    let (p, c) = missing[0];
                    turn.select(p, c);
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
        let Some(kiosk) = &mut self.kiosk else {
            return Mode::Turn(turn);
        };
        match kiosk.cast(&turn) {
            Ok(receipt) => {
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

    /// A click on the turn on screen: the next turn, saved when it changed.
    pub(super) fn click(&mut self, turn: &JurorTurn, column: u16, row: u16) -> Option<JurorTurn> {
        let hit = match turn.stage() {
            Stage::Scoring => screens::scoring::hit(self, turn, column, row),
            Stage::Review => screens::review::hit(self, turn, column, row),
            _ => None,
        }?;
        let mut turn = turn.clone();
        match (turn.stage(), hit) {
            (Stage::Scoring, screens::Hit::Criterion(c)) => turn.focus(c),
            (Stage::Scoring, screens::Hit::Grade(g)) => {
                if !turn.conflict_here() {
                    turn.grade(g);
                }
            }
            (Stage::Review, screens::Hit::Cell(p, c)) => turn.select(p, c),
            _ => return None,
        }
        self.save_draft_of(&turn);
        Some(turn)
    }
}
