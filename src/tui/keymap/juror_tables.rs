//! The juror's tables: the handover, the welcome pages, scoring, the
//! review, the confirmation and the receipt.

use crossterm::event::KeyCode;

use super::binding::{Table, When, bind};
use super::keys::Key;
use Key::{Grade, Is, Letter, Yes};
use KeyCode::{
    BackTab, Backspace, Char, Delete, Down, Enter, Esc, Left, PageDown, PageUp, Right, Tab, Up,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandoverAction {
    Begin,
}

pub const HANDOVER: Table<HandoverAction> = Table {
    note: None,
    bindings: &[bind(
        &[Is(Enter)],
        HandoverAction::Begin,
        "keys.begin",
        "help.handover.begin",
    )
    .shown()],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WelcomeAction {
    Next,
    Back,
}

pub const WELCOME: Table<WelcomeAction> = Table {
    note: None,
    bindings: &[
        bind(
            &[Is(Enter), Is(Right), Is(Char(' '))],
            WelcomeAction::Next,
            "keys.next",
            "help.welcome.next",
        )
        .when(When::WelcomeNotLast)
        .shown(),
        bind(
            &[Is(Enter), Is(Right), Is(Char(' '))],
            WelcomeAction::Next,
            "keys.start",
            "help.welcome.next",
        )
        .when(When::WelcomeLast)
        .shown(),
        bind(
            &[Is(Left), Is(Backspace)],
            WelcomeAction::Back,
            "keys.back",
            "help.welcome.back",
        )
        .when(When::WelcomeNotFirst)
        .shown(),
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoringAction {
    Grade,
    FocusPrevious,
    FocusNext,
    Next,
    Previous,
    Conflict,
    Undo,
    Clear,
    ScrollDown,
    ScrollUp,
}

pub const SCORING: Table<ScoringAction> = Table {
    note: None,
    bindings: &[
        bind(
            &[Grade],
            ScoringAction::Grade,
            "keys.grade",
            "help.scoring.grade",
        )
        .shown(),
        bind(
            &[Is(Up), Is(BackTab), Is(Char('k'))],
            ScoringAction::FocusPrevious,
            "keys.criterion",
            "help.scoring.focus",
        ),
        bind(
            &[Is(Down), Is(Tab), Is(Char('j'))],
            ScoringAction::FocusNext,
            "keys.criterion",
            "help.scoring.focus",
        ),
        bind(
            &[Is(Enter), Is(Right)],
            ScoringAction::Next,
            "keys.next_project",
            "help.scoring.next",
        )
        .when(When::ProjectNotLast)
        .shown(),
        bind(
            &[Is(Enter), Is(Right)],
            ScoringAction::Next,
            "keys.review",
            "help.scoring.next",
        )
        .when(When::ProjectLast)
        .shown(),
        bind(
            &[Is(Left)],
            ScoringAction::Previous,
            "keys.previous",
            "help.scoring.previous",
        )
        .shown(),
        bind(
            &[Letter('C')],
            ScoringAction::Conflict,
            "keys.conflict",
            "help.scoring.conflict",
        )
        .shown_when(When::NotRecused),
        bind(
            &[Letter('U')],
            ScoringAction::Undo,
            "keys.undo",
            "help.undo",
        ),
        bind(
            &[Is(Backspace), Is(Delete)],
            ScoringAction::Clear,
            "keys.clear",
            "help.scoring.clear",
        ),
        bind(
            &[Is(PageDown)],
            ScoringAction::ScrollDown,
            "keys.scroll",
            "help.scoring.scroll",
        ),
        bind(
            &[Is(PageUp)],
            ScoringAction::ScrollUp,
            "keys.scroll",
            "help.scoring.scroll",
        ),
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    Up,
    Down,
    Left,
    Right,
    Grade,
    Open,
    Undo,
    Validate,
}

pub const REVIEW: Table<ReviewAction> = Table {
    note: None,
    bindings: &[
        bind(
            &[Is(Up), Is(Char('k'))],
            ReviewAction::Up,
            "keys.move",
            "help.review.move",
        )
        .shown(),
        bind(
            &[Is(Down), Is(Char('j'))],
            ReviewAction::Down,
            "keys.move",
            "help.review.move",
        )
        .shown(),
        bind(
            &[Is(Left), Is(BackTab)],
            ReviewAction::Left,
            "keys.move",
            "help.review.move",
        )
        .shown(),
        bind(
            &[Is(Right), Is(Tab)],
            ReviewAction::Right,
            "keys.move",
            "help.review.move",
        )
        .shown(),
        bind(
            &[Grade],
            ReviewAction::Grade,
            "keys.grade",
            "help.review.grade",
        ),
        bind(
            &[Is(Enter)],
            ReviewAction::Open,
            "keys.change",
            "help.review.open",
        )
        .shown(),
        bind(&[Letter('U')], ReviewAction::Undo, "keys.undo", "help.undo"),
        bind(
            &[Letter('V')],
            ReviewAction::Validate,
            "keys.validate",
            "help.review.validate",
        )
        .shown(),
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmAction {
    Cast,
    Back,
}

pub const CONFIRM: Table<ConfirmAction> = Table {
    note: None,
    bindings: &[
        bind(
            &[Yes],
            ConfirmAction::Cast,
            "keys.confirm",
            "help.confirm.yes",
        )
        .shown(),
        bind(
            &[Is(Esc), Is(Left), Letter('N'), Is(Backspace)],
            ConfirmAction::Back,
            "keys.back_review",
            "help.confirm.back",
        )
        .shown(),
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptAction {
    Finish,
}

pub const RECEIPT: Table<ReceiptAction> = Table {
    note: None,
    bindings: &[bind(
        &[Is(Enter)],
        ReceiptAction::Finish,
        "keys.finish",
        "help.receipt.finish",
    )
    .shown()],
};
