//! The tables of the turn in lines (its help is said, not shown).

use crossterm::event::KeyCode;

use super::binding::{Binding, Table, When, bind};
use super::keys::Key;
use Key::{Digit, Grade, Is, Letter, Other, OtherDigit, Yes};
use KeyCode::{Backspace, Enter, Esc, F, Left, Up};

/// The turn in lines. Its help is said, not shown (`spoken_help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinesAction {
    Begin,
    Grade,
    NoSuchGrade,
    MoveOn,
    Repeat,
    Where,
    Describe,
    Scale,
    Help,
    Previous,
    Undo,
    Conflict,
    Review,
    AnswerYes,
    AnswerNo,
    Change,
    Confirm,
    RepeatReview,
    NumberDigit,
    NumberErase,
    NumberDone,
    Cast,
    BackToReview,
    RepeatPrompt,
}

/// The voice and the screen curtain, at every step of the turn in lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoiceAction {
    Slower,
    Faster,
    Softer,
    Louder,
    Curtain,
}

pub const LINES_VOICE: Table<VoiceAction> = Table {
    note: None,
    bindings: &[
        said(&[Is(F(5))], VoiceAction::Slower, "lines.slower"),
        said(&[Is(F(6))], VoiceAction::Faster, "lines.faster"),
        said(&[Is(F(7))], VoiceAction::Softer, "lines.softer"),
        said(&[Is(F(8))], VoiceAction::Louder, "lines.louder"),
        said(&[Is(F(9))], VoiceAction::Curtain, "lines.curtain"),
    ],
};

pub const LINES_WELCOME: Table<LinesAction> = Table {
    note: None,
    bindings: &[said(&[Is(Enter)], LinesAction::Begin, "lines.begin")],
};

pub const LINES_SCORING: Table<LinesAction> = Table {
    note: None,
    bindings: &[
        said(&[Grade], LinesAction::Grade, "lines.grade"),
        said(&[OtherDigit], LinesAction::NoSuchGrade, "lines.no_grade"),
        said(&[Is(Enter)], LinesAction::MoveOn, "lines.move_on").when(When::ConflictHere),
        said(
            &[Letter('R'), Is(Enter)],
            LinesAction::Repeat,
            "lines.repeat",
        ),
        said(&[Letter('I')], LinesAction::Where, "lines.where"),
        said(&[Letter('D')], LinesAction::Describe, "lines.describe"),
        said(&[Letter('E')], LinesAction::Scale, "lines.scale"),
        said(
            &[Letter('P'), Is(Left), Is(Up)],
            LinesAction::Previous,
            "lines.previous",
        ),
        said(&[Letter('U')], LinesAction::Undo, "lines.undo"),
        said(&[Letter('C')], LinesAction::Conflict, "lines.conflict"),
        said(&[Letter('V')], LinesAction::Review, "lines.review"),
        said(&[Letter('H')], LinesAction::Help, "lines.help"),
    ],
};

/// "Declare a conflict of interest on …? Y for yes, N for no."
pub const LINES_ANSWER: Table<LinesAction> = Table {
    note: None,
    bindings: &[
        said(&[Yes], LinesAction::AnswerYes, "lines.answer_yes"),
        said(&[Other], LinesAction::AnswerNo, "lines.answer_no"),
    ],
};

pub const LINES_REVIEW: Table<LinesAction> = Table {
    note: None,
    bindings: &[
        said(&[Letter('M')], LinesAction::Change, "lines.change"),
        said(&[Letter('V')], LinesAction::Confirm, "lines.confirm"),
        said(
            &[Letter('R'), Is(Enter)],
            LinesAction::RepeatReview,
            "lines.repeat",
        ),
        said(&[Letter('E')], LinesAction::Scale, "lines.scale"),
        said(&[Letter('U')], LinesAction::Undo, "lines.undo"),
        said(&[Letter('H')], LinesAction::Help, "lines.help"),
    ],
};

/// A project or criterion number, then Enter.
pub const LINES_NUMBER: Table<LinesAction> = Table {
    note: None,
    bindings: &[
        said(&[Digit], LinesAction::NumberDigit, "lines.number"),
        said(&[Is(Backspace)], LinesAction::NumberErase, "lines.erase"),
        said(&[Is(Enter)], LinesAction::NumberDone, "lines.number_done"),
    ],
};

pub const LINES_CONFIRM: Table<LinesAction> = Table {
    note: None,
    bindings: &[
        said(&[Yes], LinesAction::Cast, "lines.cast"),
        said(
            &[Letter('N'), Is(Esc)],
            LinesAction::BackToReview,
            "lines.back",
        ),
        said(&[Other], LinesAction::RepeatPrompt, "lines.repeat"),
    ],
};

/// A binding of the turn in lines: what it says is its help and its label.
const fn said<A: Copy>(keys: &'static [Key], action: A, word: &'static str) -> Binding<A> {
    bind(keys, action, word, word)
}
