//! Every key of every screen, in one table per mode: the keys, the action
//! they trigger, a short label (the footer's), a help text, whether the
//! footer shows it, and when it applies. The same tables dispatch the keys
//! (`App::handle_key` finds the action here, then runs it), draw the
//! footers (`footer_items`) and write the help pages (`help_lines`), so a
//! key cannot be handled without being documented, nor documented without
//! being handled. Labels and help texts are keys of `assets/i18n/*.ron`.
//!
//! Dialogs over a screen (yes/no questions, the passphrase gate, a reason)
//! say their own keys in their text; their tables (`dialog_tables`) decide
//! what a key does there.
//!
//! `keys` (how a key is recognised and written), `binding` (a table's
//! lines), one file of tables per part of the session, `conditions` (when
//! a line applies), `help` (footers and help pages), and here the dispatch.

mod binding;
mod conditions;
mod dialog_tables;
mod help;
mod juror_tables;
mod keys;
mod lines_tables;
mod session_tables;
#[cfg(test)]
mod tests;

use crossterm::event::KeyEvent;

#[cfg(test)]
use binding::When;
pub use binding::{Row, Table};
pub use dialog_tables::{
    BELOW_QUORUM, DRAFT_AT_RISK, DraftAction, FieldAction, HELP, QuorumAction, TEXT_FIELD, YES_NO,
    YesNoAction,
};
#[cfg(test)]
use help::help_text;
pub use juror_tables::{
    CONFIRM, ConfirmAction, HANDOVER, HandoverAction, RECEIPT, REVIEW, ReceiptAction, ReviewAction,
    SCORING, ScoringAction, WELCOME, WelcomeAction,
};
#[cfg(test)]
use keys::Key;
pub use keys::grade_of;
pub use lines_tables::{
    LINES_ANSWER, LINES_CONFIRM, LINES_NUMBER, LINES_REVIEW, LINES_SCORING, LINES_VOICE,
    LINES_WELCOME, LinesAction, VoiceAction,
};
pub use session_tables::{
    CONSOLE, ConsoleAction, DECISION, GLOBAL, GlobalAction, LOCKED, LockedAction, OPENING,
    OpeningAction, RESULTS, ROUND_PICKER, ResultsAction, SEALED, SealedAction, SelectionAction,
};

use super::app::{App, Mode, Overlay};
use super::spoken_turn::Awaiting;
use crate::turn::Stage;

/// Which table the keys go to now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Opening,
    Locked,
    Console,
    Handover,
    Welcome,
    Scoring,
    Review,
    Confirm,
    Receipt,
    Results,
    RoundPicker,
    Decision,
    Sealed,
    LinesWelcome,
    LinesScoring,
    LinesAnswer,
    LinesReview,
    LinesNumber,
    LinesConfirm,
}

impl Screen {
    #[cfg(test)]
    pub const ALL: [Screen; 19] = [
        Screen::Opening,
        Screen::Locked,
        Screen::Console,
        Screen::Handover,
        Screen::Welcome,
        Screen::Scoring,
        Screen::Review,
        Screen::Confirm,
        Screen::Receipt,
        Screen::Results,
        Screen::RoundPicker,
        Screen::Decision,
        Screen::Sealed,
        Screen::LinesWelcome,
        Screen::LinesScoring,
        Screen::LinesAnswer,
        Screen::LinesReview,
        Screen::LinesNumber,
        Screen::LinesConfirm,
    ];

    /// This screen's own rows (not the global ones), and its help note.
    pub fn rows(self) -> (Vec<Row>, Option<&'static str>) {
        fn of<A: Copy>(table: &Table<A>) -> (Vec<Row>, Option<&'static str>) {
            (table.rows(), table.note)
        }
        let lines = |table: &Table<LinesAction>| {
            let mut rows = table.rows();
            rows.extend(LINES_VOICE.rows());
            (rows, None)
        };
        match self {
            Screen::Opening => of(&OPENING),
            Screen::Locked => of(&LOCKED),
            Screen::Console => of(&CONSOLE),
            Screen::Handover => of(&HANDOVER),
            Screen::Welcome => of(&WELCOME),
            Screen::Scoring => of(&SCORING),
            Screen::Review => of(&REVIEW),
            Screen::Confirm => of(&CONFIRM),
            Screen::Receipt => of(&RECEIPT),
            Screen::Results => of(&RESULTS),
            Screen::RoundPicker => of(&ROUND_PICKER),
            Screen::Decision => of(&DECISION),
            Screen::Sealed => of(&SEALED),
            Screen::LinesWelcome => lines(&LINES_WELCOME),
            Screen::LinesScoring => lines(&LINES_SCORING),
            Screen::LinesAnswer => lines(&LINES_ANSWER),
            Screen::LinesReview => lines(&LINES_REVIEW),
            Screen::LinesNumber => lines(&LINES_NUMBER),
            Screen::LinesConfirm => lines(&LINES_CONFIRM),
        }
    }
}

/// What a key does on the current screen, found in its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Opening(OpeningAction),
    Locked(LockedAction),
    Console(ConsoleAction),
    Handover(HandoverAction),
    Welcome(WelcomeAction),
    Scoring(ScoringAction),
    Review(ReviewAction),
    Confirm(ConfirmAction),
    Receipt(ReceiptAction),
    Results(ResultsAction),
    Selection(SelectionAction),
    Sealed(SealedAction),
    Lines(LinesAction),
    Voice(VoiceAction),
}

/// Which table a dialog's keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    YesNo,
    DraftAtRisk,
    BelowQuorum,
    TextField,
    Help,
}

impl Dialog {
    #[cfg(test)]
    pub const ALL: [Dialog; 5] = [
        Dialog::YesNo,
        Dialog::DraftAtRisk,
        Dialog::BelowQuorum,
        Dialog::TextField,
        Dialog::Help,
    ];

    pub fn of(overlay: &Overlay) -> Self {
        match overlay {
            Overlay::Help => Dialog::Help,
            Overlay::Gate { .. } | Overlay::Reason { .. } => Dialog::TextField,
            Overlay::DraftAtRisk { .. } => Dialog::DraftAtRisk,
            Overlay::BelowQuorum => Dialog::BelowQuorum,
            Overlay::ConfirmConflict
            | Overlay::ConfirmQuit
            | Overlay::ConfirmAbsent { .. }
            | Overlay::ConfirmPresent { .. }
            | Overlay::ConfirmClose
            | Overlay::ConfirmRound(_)
            | Overlay::ConfirmDecision(_)
            | Overlay::ConfirmSeal => Dialog::YesNo,
        }
    }

    pub fn rows(self) -> Vec<Row> {
        match self {
            Dialog::YesNo => YES_NO.rows(),
            Dialog::DraftAtRisk => DRAFT_AT_RISK.rows(),
            Dialog::BelowQuorum => BELOW_QUORUM.rows(),
            Dialog::TextField => TEXT_FIELD.rows(),
            Dialog::Help => HELP.rows(),
        }
    }
}

impl App {
    /// The grade scale's size, which decides the grade keys.
    pub(in crate::tui) fn grades(&self) -> usize {
        self.bundle.bundle.grades.len()
    }

    /// The first binding of `table` that applies now and takes `key`.
    pub(in crate::tui) fn find<A: Copy>(&self, table: &Table<A>, key: &KeyEvent) -> Option<A> {
        table
            .bindings
            .iter()
            .find(|b| self.holds(b.when) && b.keys.iter().any(|k| k.matches(key, self.grades())))
            .map(|b| b.action)
    }

    /// What `key` does on every screen (language, help, the gate).
    pub(in crate::tui) fn global_action(&self, key: &KeyEvent) -> Option<GlobalAction> {
        self.find(&GLOBAL, key)
    }

    /// Which table the current mode's keys go to.
    pub(in crate::tui) fn screen(&self) -> Screen {
        let awaiting = self.spoken.as_ref().map(|s| &s.awaiting);
        match &self.mode {
            Mode::Setup { .. } | Mode::Unlock { .. } => Screen::Opening,
            Mode::Locked => Screen::Locked,
            Mode::Console { .. } => Screen::Console,
            Mode::Handover { .. } => Screen::Handover,
            Mode::Turn(turn) => match (turn.stage(), awaiting) {
                (Stage::Welcome { .. }, None) => Screen::Welcome,
                (Stage::Scoring, None) => Screen::Scoring,
                (Stage::Review, None) => Screen::Review,
                (Stage::Confirm, None) => Screen::Confirm,
                (Stage::Welcome { .. }, Some(_)) => Screen::LinesWelcome,
                (Stage::Scoring, Some(Awaiting::ConflictAnswer)) => Screen::LinesAnswer,
                (Stage::Scoring, Some(_)) => Screen::LinesScoring,
                (
                    Stage::Review,
                    Some(Awaiting::ProjectNumber(_) | Awaiting::CriterionNumber(..)),
                ) => Screen::LinesNumber,
                (Stage::Review, Some(_)) => Screen::LinesReview,
                (Stage::Confirm, Some(_)) => Screen::LinesConfirm,
            },
            Mode::Receipt { .. } => Screen::Receipt,
            Mode::Results { .. } => Screen::Results,
            Mode::RoundPicker { .. } => Screen::RoundPicker,
            Mode::Decision { .. } => Screen::Decision,
            Mode::Sealed(_) => Screen::Sealed,
        }
    }

    /// What `key` does in the current mode, from its table.
    pub(in crate::tui) fn mode_action(&self, key: &KeyEvent) -> Option<Action> {
        let lines = |table: &Table<LinesAction>| {
            self.find(&LINES_VOICE, key)
                .map(Action::Voice)
                .or_else(|| self.find(table, key).map(Action::Lines))
        };
        match self.screen() {
            Screen::Opening => self.find(&OPENING, key).map(Action::Opening),
            Screen::Locked => self.find(&LOCKED, key).map(Action::Locked),
            Screen::Console => self.find(&CONSOLE, key).map(Action::Console),
            Screen::Handover => self.find(&HANDOVER, key).map(Action::Handover),
            Screen::Welcome => self.find(&WELCOME, key).map(Action::Welcome),
            Screen::Scoring => self.find(&SCORING, key).map(Action::Scoring),
            Screen::Review => self.find(&REVIEW, key).map(Action::Review),
            Screen::Confirm => self.find(&CONFIRM, key).map(Action::Confirm),
            Screen::Receipt => self.find(&RECEIPT, key).map(Action::Receipt),
            Screen::Results => self.find(&RESULTS, key).map(Action::Results),
            Screen::RoundPicker => self.find(&ROUND_PICKER, key).map(Action::Selection),
            Screen::Decision => self.find(&DECISION, key).map(Action::Selection),
            Screen::Sealed => self.find(&SEALED, key).map(Action::Sealed),
            Screen::LinesWelcome => lines(&LINES_WELCOME),
            Screen::LinesScoring => lines(&LINES_SCORING),
            Screen::LinesAnswer => lines(&LINES_ANSWER),
            Screen::LinesReview => lines(&LINES_REVIEW),
            Screen::LinesNumber => lines(&LINES_NUMBER),
            Screen::LinesConfirm => lines(&LINES_CONFIRM),
        }
    }

    /// A yes/no question's answer to `key`.
    pub(in crate::tui) fn yes_no(&self, key: &KeyEvent) -> Option<YesNoAction> {
        self.find(&YES_NO, key)
    }

    pub(in crate::tui) fn draft_at_risk_action(&self, key: &KeyEvent) -> Option<DraftAction> {
        self.find(&DRAFT_AT_RISK, key)
    }

    pub(in crate::tui) fn below_quorum_action(&self, key: &KeyEvent) -> Option<QuorumAction> {
        self.find(&BELOW_QUORUM, key)
    }

    /// What `key` does in the text field of the gate or of a reason.
    pub(in crate::tui) fn text_field_action(&self, key: &KeyEvent) -> Option<FieldAction> {
        self.find(&TEXT_FIELD, key)
    }
}
