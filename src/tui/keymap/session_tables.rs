//! The facilitator's tables: every screen's keys, the opening, the
//! console, the results, the round picker and decision, the sealed session.

use crossterm::event::KeyCode;

use super::binding::{Table, When, bind};
use super::keys::Key;
use Key::{AnyLetter, AnyMods, Ctrl, Is, Letter, Text};
use KeyCode::{Backspace, Char, Down, Enter, Esc, F, Up};

/// Keys of every screen: the language, the help, and in the kiosk the ways
/// out, which open the facilitator's gate. The language is looked up even
/// over a dialog; the others after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalAction {
    Language,
    Help,
    Gate,
}

pub const GLOBAL: Table<GlobalAction> = Table {
    note: None,
    bindings: &[
        bind(
            &[AnyMods(F(2))],
            GlobalAction::Language,
            "keys.language",
            "help.language_typing",
        )
        .when(When::Typing),
        bind(
            &[AnyLetter('L'), AnyMods(F(2))],
            GlobalAction::Language,
            "keys.language",
            "help.language",
        )
        .when(When::NotTyping)
        .shown_when(When::OnWelcome),
        bind(
            &[AnyMods(F(1))],
            GlobalAction::Help,
            "keys.help",
            "help.help",
        )
        .when(When::Typing)
        .shown(),
        bind(
            &[AnyMods(Char('?')), AnyMods(F(1))],
            GlobalAction::Help,
            "keys.help",
            "help.help",
        )
        .when(When::NotTyping)
        .shown(),
        bind(
            &[AnyLetter('q'), Ctrl('c'), Ctrl('z'), Ctrl('d'), Ctrl('\\')],
            GlobalAction::Gate,
            "keys.facilitator",
            "help.gate",
        )
        .when(When::Kiosk),
        bind(
            &[AnyMods(Esc)],
            GlobalAction::Gate,
            "keys.facilitator",
            "help.gate",
        )
        .when(When::KioskNotConfirming),
    ],
};

/// Typing a passphrase (`TextInput` edits the field with the same keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpeningAction {
    Submit,
    Quit,
    Erase,
    Clear,
    Type,
}

pub const OPENING: Table<OpeningAction> = Table {
    note: None,
    bindings: &[
        bind(
            &[AnyMods(Enter)],
            OpeningAction::Submit,
            "keys.next",
            "help.opening.submit",
        )
        .when(When::Setup)
        .shown(),
        bind(
            &[AnyMods(Enter)],
            OpeningAction::Submit,
            "keys.open",
            "help.opening.submit",
        )
        .when(When::Unlock)
        .shown(),
        bind(
            &[AnyMods(Esc)],
            OpeningAction::Quit,
            "keys.quit",
            "help.opening.quit",
        )
        .shown(),
        bind(
            &[AnyMods(Backspace)],
            OpeningAction::Erase,
            "keys.erase",
            "help.erase",
        ),
        bind(
            &[Ctrl('u')],
            OpeningAction::Clear,
            "keys.clear",
            "help.clear_field",
        ),
        bind(
            &[Text],
            OpeningAction::Type,
            "keys.type",
            "help.opening.type",
        ),
    ],
};

/// Between jurors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockedAction {
    Facilitator,
}

pub const LOCKED: Table<LockedAction> = Table {
    note: Some("help.locked.note"),
    bindings: &[bind(
        &[Is(Enter)],
        LockedAction::Facilitator,
        "keys.facilitator",
        "help.locked.enter",
    )
    .shown()],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleAction {
    Up,
    Down,
    HandOver,
    Absent,
    CloseRound,
    SpokenTurn,
    Results,
    Seal,
    Quit,
    Lock,
}

pub const CONSOLE: Table<ConsoleAction> = Table {
    note: Some("help.console.note"),
    bindings: &[
        bind(
            &[Is(Up), Is(Char('k'))],
            ConsoleAction::Up,
            "keys.choose",
            "help.console.choose",
        ),
        bind(
            &[Is(Down), Is(Char('j'))],
            ConsoleAction::Down,
            "keys.choose",
            "help.console.choose",
        ),
        bind(
            &[Is(Enter)],
            ConsoleAction::HandOver,
            "keys.hand_over",
            "help.console.hand_over",
        )
        .shown_when(When::RoundOpen),
        bind(
            &[Letter('A')],
            ConsoleAction::Absent,
            "keys.absent",
            "help.console.absent",
        )
        .shown_when(When::RoundOpen),
        bind(
            &[Letter('F')],
            ConsoleAction::CloseRound,
            "keys.close_round",
            "help.console.close",
        )
        .when(When::RoundOpen)
        .shown(),
        bind(
            &[Letter('V')],
            ConsoleAction::SpokenTurn,
            "keys.spoken",
            "help.console.spoken",
        )
        .when(When::RoundOpen)
        .shown_wide(),
        bind(
            &[Letter('R')],
            ConsoleAction::Results,
            "keys.results",
            "help.console.results",
        )
        .shown_when(When::RoundNotOpen),
        bind(
            &[Letter('S')],
            ConsoleAction::Seal,
            "keys.seal",
            "help.console.seal",
        )
        .when(When::CanSeal)
        .shown(),
        bind(
            &[Letter('q'), Ctrl('c')],
            ConsoleAction::Quit,
            "keys.quit",
            "help.console.quit",
        )
        .shown_when(When::Sealed),
        bind(
            &[Is(Esc)],
            ConsoleAction::Lock,
            "keys.lock",
            "help.console.lock",
        )
        .shown_when(When::NotSealed),
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsAction {
    Up,
    Down,
    Detail,
    FurtherRound,
    Decide,
    Console,
    Quit,
    Projector,
}

pub const RESULTS: Table<ResultsAction> = Table {
    note: Some("help.results.note"),
    bindings: &[
        bind(
            &[Is(Up), Is(Char('k'))],
            ResultsAction::Up,
            "keys.choose",
            "help.results.choose",
        ),
        bind(
            &[Is(Down), Is(Char('j'))],
            ResultsAction::Down,
            "keys.choose",
            "help.results.choose",
        ),
        bind(
            &[Is(Enter)],
            ResultsAction::Detail,
            "keys.detail",
            "help.results.detail",
        )
        .shown(),
        bind(
            &[Letter('T')],
            ResultsAction::FurtherRound,
            "keys.round2",
            "help.results.round",
        )
        .when(When::MayOpenRound)
        .shown(),
        bind(
            &[Letter('D')],
            ResultsAction::Decide,
            "keys.decide",
            "help.results.decide",
        )
        .when(When::NotSealed)
        .shown(),
        bind(
            &[Is(Esc)],
            ResultsAction::Console,
            "keys.console",
            "help.results.console",
        )
        .shown(),
        bind(
            &[Letter('q')],
            ResultsAction::Quit,
            "keys.quit",
            "help.results.quit",
        ),
        bind(
            &[Letter('H')],
            ResultsAction::Projector,
            "keys.projector",
            "help.results.projector",
        ),
    ],
};

/// Ticking projects: those of a further round, or the laureates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectionAction {
    Up,
    Down,
    Tick,
    Validate,
    Back,
}

/// The round picker and the decision share their keys; only what Space
/// and Enter do is told differently.
macro_rules! selection_table {
    ($tick:literal, $validate:literal) => {
        Table {
            note: None,
            bindings: &[
                bind(
                    &[Is(Up), Is(Char('k'))],
                    SelectionAction::Up,
                    "keys.choose",
                    "help.selection.move",
                )
                .shown(),
                bind(
                    &[Is(Down), Is(Char('j'))],
                    SelectionAction::Down,
                    "keys.choose",
                    "help.selection.move",
                )
                .shown(),
                bind(
                    &[Is(Char(' ')), Letter('x')],
                    SelectionAction::Tick,
                    "keys.tick",
                    $tick,
                )
                .shown(),
                bind(
                    &[Is(Enter)],
                    SelectionAction::Validate,
                    "keys.validate",
                    $validate,
                )
                .shown(),
                bind(
                    &[Is(Esc)],
                    SelectionAction::Back,
                    "keys.back",
                    "help.selection.back",
                )
                .shown(),
            ],
        }
    };
}

pub const ROUND_PICKER: Table<SelectionAction> =
    selection_table!("help.round.tick", "help.round.validate");

pub const DECISION: Table<SelectionAction> =
    selection_table!("help.decision.tick", "help.decision.validate");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealedAction {
    Results,
    Quit,
}

pub const SEALED: Table<SealedAction> = Table {
    note: None,
    bindings: &[
        bind(
            &[Is(Enter), Is(Esc)],
            SealedAction::Results,
            "keys.results",
            "help.sealed.results",
        )
        .shown(),
        bind(
            &[Letter('q')],
            SealedAction::Quit,
            "keys.quit",
            "help.sealed.quit",
        )
        .shown(),
    ],
};
