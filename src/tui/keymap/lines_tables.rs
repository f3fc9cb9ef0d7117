//! The tables of the turn in lines (its help is said, not shown).

use crossterm::event::KeyCode;

use super::binding::{Table, When, bind};
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
        bind(
            &[Is(F(5))],
            VoiceAction::Slower,
            "lines.slower",
            "lines.slower",
        ),
        bind(
            &[Is(F(6))],
            VoiceAction::Faster,
            "lines.faster",
            "lines.faster",
        ),
        bind(
            &[Is(F(7))],
            VoiceAction::Softer,
            "lines.softer",
            "lines.softer",
        ),
        bind(
            &[Is(F(8))],
            VoiceAction::Louder,
            "lines.louder",
            "lines.louder",
        ),
        bind(
            &[Is(F(9))],
            VoiceAction::Curtain,
            "lines.curtain",
            "lines.curtain",
        ),
    ],
};

pub const LINES_WELCOME: Table<LinesAction> = Table {
    note: None,
    bindings: &[bind(
        &[Is(Enter)],
        LinesAction::Begin,
        "lines.begin",
        "lines.begin",
    )],
};

pub const LINES_SCORING: Table<LinesAction> = Table {
    note: None,
    bindings: &[
        bind(&[Grade], LinesAction::Grade, "lines.grade", "lines.grade"),
        bind(
            &[OtherDigit],
            LinesAction::NoSuchGrade,
            "lines.no_grade",
            "lines.no_grade",
        ),
        bind(
            &[Is(Enter)],
            LinesAction::MoveOn,
            "lines.move_on",
            "lines.move_on",
        )
        .when(When::ConflictHere),
        bind(
            &[Letter('R'), Is(Enter)],
            LinesAction::Repeat,
            "lines.repeat",
            "lines.repeat",
        ),
        bind(
            &[Letter('I')],
            LinesAction::Where,
            "lines.where",
            "lines.where",
        ),
        bind(
            &[Letter('D')],
            LinesAction::Describe,
            "lines.describe",
            "lines.describe",
        ),
        bind(
            &[Letter('E')],
            LinesAction::Scale,
            "lines.scale",
            "lines.scale",
        ),
        bind(
            &[Letter('P'), Is(Left), Is(Up)],
            LinesAction::Previous,
            "lines.previous",
            "lines.previous",
        ),
        bind(
            &[Letter('U')],
            LinesAction::Undo,
            "lines.undo",
            "lines.undo",
        ),
        bind(
            &[Letter('C')],
            LinesAction::Conflict,
            "lines.conflict",
            "lines.conflict",
        ),
        bind(
            &[Letter('V')],
            LinesAction::Review,
            "lines.review",
            "lines.review",
        ),
        bind(
            &[Letter('H')],
            LinesAction::Help,
            "lines.help",
            "lines.help",
        ),
    ],
};

/// "Declare a conflict of interest on …? Y for yes, N for no."
pub const LINES_ANSWER: Table<LinesAction> = Table {
    note: None,
    bindings: &[
        bind(
            &[Yes],
            LinesAction::AnswerYes,
            "lines.answer_yes",
            "lines.answer_yes",
        ),
        bind(
            &[Other],
            LinesAction::AnswerNo,
            "lines.answer_no",
            "lines.answer_no",
        ),
    ],
};

pub const LINES_REVIEW: Table<LinesAction> = Table {
    note: None,
    bindings: &[
        bind(
            &[Letter('M')],
            LinesAction::Change,
            "lines.change",
            "lines.change",
        ),
        bind(
            &[Letter('V')],
            LinesAction::Confirm,
            "lines.confirm",
            "lines.confirm",
        ),
        bind(
            &[Letter('R'), Is(Enter)],
            LinesAction::RepeatReview,
            "lines.repeat",
            "lines.repeat",
        ),
        bind(
            &[Letter('E')],
            LinesAction::Scale,
            "lines.scale",
            "lines.scale",
        ),
        bind(
            &[Letter('U')],
            LinesAction::Undo,
            "lines.undo",
            "lines.undo",
        ),
        bind(
            &[Letter('H')],
            LinesAction::Help,
            "lines.help",
            "lines.help",
        ),
    ],
};

/// A project or criterion number, then Enter.
pub const LINES_NUMBER: Table<LinesAction> = Table {
    note: None,
    bindings: &[
        bind(
            &[Digit],
            LinesAction::NumberDigit,
            "lines.number",
            "lines.number",
        ),
        bind(
            &[Is(Backspace)],
            LinesAction::NumberErase,
            "lines.erase",
            "lines.erase",
        ),
        bind(
            &[Is(Enter)],
            LinesAction::NumberDone,
            "lines.number_done",
            "lines.number_done",
        ),
    ],
};

pub const LINES_CONFIRM: Table<LinesAction> = Table {
    note: None,
    bindings: &[
        bind(&[Yes], LinesAction::Cast, "lines.cast", "lines.cast"),
        bind(
            &[Letter('N'), Is(Esc)],
            LinesAction::BackToReview,
            "lines.back",
            "lines.back",
        ),
        bind(
            &[Other],
            LinesAction::RepeatPrompt,
            "lines.repeat",
            "lines.repeat",
        ),
    ],
};
