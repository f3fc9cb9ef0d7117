//! Every key of every screen, in one table per mode: the keys, the action
//! they trigger, a short label (the footer's), a help text, whether the
//! footer shows it, and when it applies. The same tables dispatch the keys
//! (`App::handle_key` finds the action here, then runs it), draw the
//! footers (`footer_items`) and write the help pages (`help_lines`), so a
//! key cannot be handled without being documented, nor documented without
//! being handled. Labels and help texts are keys of `assets/i18n/*.ron`.
//!
//! Dialogs over a screen (yes/no questions, the passphrase gate, a reason)
//! say their own keys in their text and are not in these tables.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Mode, Overlay};
use super::spoken_turn::Awaiting;
use crate::i18n::Strings;
use crate::turn::{Stage, WELCOME_PAGES};

/// How a binding recognises a key press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// This key alone or with Shift (French keyboards type digits with
    /// Shift; Shift-Tab arrives as BackTab with Shift). Ctrl, Alt or Super
    /// make it another key, which nothing here takes.
    Is(KeyCode),
    /// This letter in either case, alone or with Shift; shown as written.
    Letter(char),
    /// Ctrl and this character.
    Ctrl(char),
    /// This key whatever modifiers are held (the ways out of the kiosk and
    /// the keys that work on every screen).
    AnyMods(KeyCode),
    /// This letter in either case, whatever modifiers are held.
    AnyLetter(char),
    /// A grade's digit: `1`…`9`, then `0` for a tenth, up to the scale's size.
    Grade,
    /// Any digit (a number being typed).
    Digit,
    /// A digit that is no grade of the scale.
    OtherDigit,
    /// Yes: `O` (oui) or `Y` (yes), either case, in both languages.
    Yes,
    /// A character typed into a text field.
    Text,
    /// Any other key, alone or with Shift (the bindings above it first).
    Other,
}

pub(super) fn plain(key: &KeyEvent) -> bool {
    key.modifiers.difference(KeyModifiers::SHIFT).is_empty()
}

/// The digit of grade `i` (0 = best): `1`…`9`, then `0` for a tenth grade.
pub fn grade_digit(i: usize) -> char {
    if i == 9 {
        '0'
    } else {
        char::from(b'1' + i as u8)
    }
}

/// The grade (0 = best) a digit stands for on a scale of `grades`.
pub fn grade_of(c: char, grades: usize) -> Option<u8> {
    let n = match c {
        '1'..='9' => c as u8 - b'1',
        '0' => 9,
        _ => return None,
    };
    (usize::from(n) < grades).then_some(n)
}

impl Key {
    /// Whether `key` is this one, on a grade scale of `grades`.
    pub fn matches(self, key: &KeyEvent, grades: usize) -> bool {
        let char_of = || match key.code {
            KeyCode::Char(c) => Some(c),
            _ => None,
        };
        match self {
            Key::Is(code) => plain(key) && key.code == code,
            Key::Letter(letter) => {
                plain(key) && char_of().is_some_and(|c| c.eq_ignore_ascii_case(&letter))
            }
            Key::Ctrl(c) => {
                key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
            }
            Key::AnyMods(code) => key.code == code,
            Key::AnyLetter(letter) => char_of().is_some_and(|c| c.eq_ignore_ascii_case(&letter)),
            Key::Grade => plain(key) && char_of().is_some_and(|c| grade_of(c, grades).is_some()),
            Key::Digit => plain(key) && char_of().is_some_and(|c| c.is_ascii_digit()),
            Key::OtherDigit => {
                plain(key)
                    && char_of()
                        .is_some_and(|c| c.is_ascii_digit() && grade_of(c, grades).is_none())
            }
            Key::Yes => plain(key) && char_of().is_some_and(|c| matches!(c, 'o' | 'O' | 'y' | 'Y')),
            Key::Text => char_of().is_some() && !key.modifiers.contains(KeyModifiers::CONTROL),
            Key::Other => plain(key),
        }
    }

    /// How the key is written: `compact` in a footer (`1…7`), else in words
    /// (`1 to 7`).
    pub fn name(self, s: &Strings, grades: usize, compact: bool) -> String {
        let code_name = |code: KeyCode| -> String {
            match code {
                KeyCode::Enter => s.t("key.enter").into(),
                KeyCode::Esc => s.t("key.esc").into(),
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::Tab => s.t("key.tab").into(),
                KeyCode::BackTab => s.t("key.backtab").into(),
                KeyCode::Backspace => s.t("key.backspace").into(),
                KeyCode::Delete => s.t("key.delete").into(),
                KeyCode::PageUp => s.t("key.page_up").into(),
                KeyCode::PageDown => s.t("key.page_down").into(),
                KeyCode::F(n) => format!("F{n}"),
                KeyCode::Char(' ') => s.t("key.space").into(),
                KeyCode::Char(c) => c.to_string(),
                other => format!("{other:?}"),
            }
        };
        match self {
            Key::Is(code) | Key::AnyMods(code) => code_name(code),
            Key::Letter(c) | Key::AnyLetter(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Grade => {
                let last = grade_digit(grades.saturating_sub(1));
                if compact {
                    format!("1…{last}")
                } else {
                    s.fill("key.grades", &[("last", &last)])
                }
            }
            Key::Digit => s.t("key.digit").into(),
            Key::OtherDigit => s.t("key.other_digit").into(),
            Key::Yes => s.t("key.yes").into(),
            Key::Text => s.t("key.text").into(),
            Key::Other => s.t("key.other").into(),
        }
    }

    /// A press of this key, as a test or a footer check would send it.
    pub fn example(self, s: &Strings) -> KeyEvent {
        let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
        match self {
            Key::Is(code) | Key::AnyMods(code) => plain(code),
            Key::Letter(c) | Key::AnyLetter(c) => plain(KeyCode::Char(c)),
            Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            Key::Grade | Key::Digit => plain(KeyCode::Char('1')),
            Key::OtherDigit => plain(KeyCode::Char('9')),
            Key::Yes => plain(KeyCode::Char(
                s.t("key.yes")
                    .chars()
                    .next()
                    .unwrap_or('y')
                    .to_ascii_lowercase(),
            )),
            Key::Text => plain(KeyCode::Char('a')),
            Key::Other => plain(KeyCode::Char('z')),
        }
    }

    /// The letter of a letter key, to list letters alphabetically.
    fn letter(self) -> char {
        match self {
            Key::Is(KeyCode::Char(c)) | Key::Letter(c) | Key::AnyLetter(c) => {
                c.to_ascii_lowercase()
            }
            _ => '\0',
        }
    }

    /// The order alternative keys are listed in: arrows, named keys,
    /// function keys, then letters.
    fn rank(self) -> u8 {
        match self {
            Key::Is(KeyCode::Up | KeyCode::Down | KeyCode::Left | KeyCode::Right) => 0,
            Key::Is(KeyCode::Tab) => 1,
            Key::Is(KeyCode::BackTab) => 2,
            Key::Is(KeyCode::Char(_)) | Key::Letter(_) | Key::AnyLetter(_) => 5,
            Key::Ctrl(_) => 6,
            Key::Is(KeyCode::F(_)) | Key::AnyMods(KeyCode::F(_)) => 4,
            _ => 3,
        }
    }
}

/// When a binding applies: every condition on the state that a key
/// depends on, decided in one place (`App::holds`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// A text field has the keyboard (L and ? are letters there).
    Typing,
    NotTyping,
    /// A juror may be at the keyboard: leaving needs the facilitator.
    Kiosk,
    /// The same, except on the confirmation step, where Esc goes back.
    KioskNotConfirming,
    /// The welcome pages of the visual turn.
    OnWelcome,
    /// A new session: the passphrase is chosen.
    Setup,
    /// An existing session: the passphrase opens it.
    Unlock,
    RoundOpen,
    RoundNotOpen,
    CanSeal,
    Sealed,
    NotSealed,
    /// No decision yet and not sealed: a further round may be opened.
    MayOpenRound,
    WelcomeNotLast,
    WelcomeLast,
    WelcomeNotFirst,
    /// Enter goes to the next project (not the review).
    ProjectNotLast,
    ProjectLast,
    /// The juror's conflict on this project was not declared in an earlier
    /// round (only then can C withdraw it).
    NotRecused,
    /// A conflict of interest is declared on the current project.
    ConflictHere,
}

/// Whether the footer shows a binding (when it also applies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Footer {
    No,
    Yes,
    When(When),
    /// Only where the footer has room (100 columns): always in the help.
    Wide,
}

/// One line of a table.
#[derive(Debug, Clone, Copy)]
pub struct Binding<A: 'static> {
    pub keys: &'static [Key],
    pub action: A,
    /// The footer's word for it (a key of the i18n tables).
    pub label: &'static str,
    /// What the help says it does, after its keys (a key of the i18n tables).
    pub help: &'static str,
    pub footer: Footer,
    pub when: When,
}

const fn bind<A: Copy>(
    keys: &'static [Key],
    action: A,
    label: &'static str,
    help: &'static str,
) -> Binding<A> {
    Binding {
        keys,
        action,
        label,
        help,
        footer: Footer::No,
        when: When::Always,
    }
}

impl<A: Copy> Binding<A> {
    const fn shown(mut self) -> Self {
        self.footer = Footer::Yes;
        self
    }

    const fn shown_when(mut self, when: When) -> Self {
        self.footer = Footer::When(when);
        self
    }

    const fn shown_wide(mut self) -> Self {
        self.footer = Footer::Wide;
        self
    }

    const fn when(mut self, when: When) -> Self {
        self.when = when;
        self
    }

    fn row(&self) -> Row {
        Row {
            keys: self.keys,
            label: self.label,
            help: self.help,
            footer: self.footer,
            when: self.when,
        }
    }
}

/// A binding without its action: what footers and help pages read.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub keys: &'static [Key],
    pub label: &'static str,
    pub help: &'static str,
    pub footer: Footer,
    pub when: When,
}

/// The table of one mode, and a line of help that is no key (optional).
pub struct Table<A: 'static> {
    pub bindings: &'static [Binding<A>],
    pub note: Option<&'static str>,
}

impl<A: Copy> Table<A> {
    pub fn rows(&self) -> Vec<Row> {
        self.bindings.iter().map(Binding::row).collect()
    }
}

use Key::{AnyLetter, AnyMods, Ctrl, Digit, Grade, Is, Letter, Other, OtherDigit, Text, Yes};
use KeyCode::{
    BackTab, Backspace, Char, Delete, Down, Enter, Esc, F, Left, PageDown, PageUp, Right, Tab, Up,
};

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

pub const ROUND_PICKER: Table<SelectionAction> = Table {
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
            "help.round.tick",
        )
        .shown(),
        bind(
            &[Is(Enter)],
            SelectionAction::Validate,
            "keys.validate",
            "help.round.validate",
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
};

pub const DECISION: Table<SelectionAction> = Table {
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
            "help.decision.tick",
        )
        .shown(),
        bind(
            &[Is(Enter)],
            SelectionAction::Validate,
            "keys.validate",
            "help.decision.validate",
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
};

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

/// One line of a help page: the first key of each binding, the other
/// keys, and the help text they share.
struct HelpGroup {
    first: Vec<Key>,
    others: Vec<Key>,
    help: &'static str,
}

/// Rows grouped for a help page: rows with the same help text are one
/// line, their keys together (`↑ ↓ or k j`).
fn help_groups(rows: &[Row]) -> Vec<HelpGroup> {
    let mut groups: Vec<HelpGroup> = Vec::new();
    for row in rows {
        let (first, others) = row.keys.split_first().expect("a binding has keys");
        let index = match groups.iter().position(|g| g.help == row.help) {
            Some(i) => i,
            None => {
                groups.push(HelpGroup {
                    first: Vec::new(),
                    others: Vec::new(),
                    help: row.help,
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[index];
        if !group.first.contains(first) {
            group.first.push(*first);
        }
        for key in others {
            if !group.first.contains(key) && !group.others.contains(key) {
                group.others.push(*key);
            }
        }
    }
    for group in &mut groups {
        group.others.retain(|k| !group.first.contains(k));
        // Stable: keys of one rank keep the table's order, letters a–z.
        group.others.sort_by_key(|k| (k.rank(), k.letter()));
    }
    groups
}

/// `↑ ↓ or k j`: the first key of each binding, then the other ones.
fn keys_text(group: &HelpGroup, s: &Strings, grades: usize) -> String {
    let names = |keys: &[Key]| {
        let mut names: Vec<String> = Vec::new();
        for key in keys {
            let name = key.name(s, grades, false);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.join(" ")
    };
    if group.others.is_empty() {
        names(&group.first)
    } else {
        format!(
            "{} {} {}",
            names(&group.first),
            s.t("key.or"),
            names(&group.others)
        )
    }
}

/// The lines of a help page for `rows`, then its note.
pub fn help_text(rows: &[Row], note: Option<&str>, s: &Strings, grades: usize) -> Vec<String> {
    let mut lines: Vec<String> = note.map(|n| s.t(n).to_owned()).into_iter().collect();
    for group in help_groups(rows) {
        lines.push(s.fill(
            "help.line",
            &[
                ("keys", &keys_text(&group, s, grades)),
                ("what", &s.t(group.help)),
            ],
        ));
    }
    lines
}

impl App {
    /// The grade scale's size, which decides the grade keys.
    fn grades(&self) -> usize {
        self.bundle.bundle.grades.len()
    }

    /// The first binding of `table` that applies now and takes `key`.
    fn find<A: Copy>(&self, table: &Table<A>, key: &KeyEvent) -> Option<A> {
        table
            .bindings
            .iter()
            .find(|b| self.holds(b.when) && b.keys.iter().any(|k| k.matches(key, self.grades())))
            .map(|b| b.action)
    }

    /// What `key` does on every screen (language, help, the gate).
    pub(super) fn global_action(&self, key: &KeyEvent) -> Option<GlobalAction> {
        self.find(&GLOBAL, key)
    }

    /// Which table the current mode's keys go to.
    pub(super) fn screen(&self) -> Screen {
        let awaiting = self.spoken.as_ref().map(|s| &s.awaiting);
        match &self.mode {
            Mode::Setup { .. } | Mode::Unlock { .. } => Screen::Opening,
            Mode::Locked => Screen::Locked,
            Mode::Console { .. } => Screen::Console,
            Mode::Handover { .. } => Screen::Handover,
            Mode::Turn(turn) => match (turn.stage, awaiting) {
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
    pub(super) fn mode_action(&self, key: &KeyEvent) -> Option<Action> {
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

    /// A text field has the keyboard, or will have it again once the help
    /// over it is closed (the help tells the keys of the screen beneath).
    fn typing_beneath(&self) -> bool {
        match self.overlay {
            Some(Overlay::Help) => self.typing_passphrase(),
            _ => self.typing_text(),
        }
    }

    /// Every condition a key depends on, in one place.
    pub(super) fn holds(&self, when: When) -> bool {
        let turn = match &self.mode {
            Mode::Turn(turn) => Some(turn.as_ref()),
            _ => None,
        };
        let page = turn.and_then(|t| match t.stage {
            Stage::Welcome { page } => Some(page),
            _ => None,
        });
        let decided = self
            .session
            .as_ref()
            .is_some_and(|s| s.state().decision.is_some());
        match when {
            When::Always => true,
            When::Typing => self.typing_beneath(),
            When::NotTyping => !self.typing_beneath(),
            When::Kiosk => self.is_kiosk(),
            When::KioskNotConfirming => {
                self.is_kiosk() && turn.is_none_or(|t| t.stage != Stage::Confirm)
            }
            When::OnWelcome => page.is_some() && self.spoken.is_none(),
            When::Setup => matches!(self.mode, Mode::Setup { .. }),
            When::Unlock => matches!(self.mode, Mode::Unlock { .. }),
            When::RoundOpen => self.round_open(),
            When::RoundNotOpen => !self.round_open(),
            When::CanSeal => self.can_seal(),
            When::Sealed => self.is_sealed(),
            When::NotSealed => !self.is_sealed(),
            When::MayOpenRound => !decided && !self.is_sealed(),
            When::WelcomeNotLast => page.is_some_and(|p| p + 1 < WELCOME_PAGES),
            When::WelcomeLast => page.is_some_and(|p| p + 1 == WELCOME_PAGES),
            When::WelcomeNotFirst => page.is_some_and(|p| p > 0),
            When::ProjectNotLast => turn.is_some_and(|t| !project_last(t)),
            When::ProjectLast => turn.is_some_and(project_last),
            When::NotRecused => turn.is_some_and(|t| !t.is_recused()),
            When::ConflictHere => turn.is_some_and(|t| t.conflicts[t.position]),
        }
    }

    /// The rows that apply on the current screen: its own, then the global
    /// ones (language, help, the gate).
    fn rows_now(&self) -> (Vec<Row>, Option<&'static str>) {
        let (mut rows, note) = self.screen().rows();
        rows.extend(GLOBAL.rows().into_iter().filter(|r| self.holds(r.when)));
        (rows, note)
    }

    /// The footer: the keys shown, and what they do, in the order of the
    /// tables; bindings side by side with one label share it (`↑↓ choose`).
    pub(super) fn footer_items(&self, width: u16) -> Vec<(String, String)> {
        let s = self.strings();
        let mut items: Vec<(String, String)> = Vec::new();
        let mut last_label = "";
        for row in self.footer_rows(width) {
            let name = row.keys[0].name(s, self.grades(), true);
            match items.last_mut() {
                Some((keys, _)) if row.label == last_label => {
                    if !keys.contains(&name) {
                        keys.push_str(&name);
                    }
                }
                _ => items.push((name, s.t(row.label).to_owned())),
            }
            last_label = row.label;
        }
        items
    }

    fn footer_rows(&self, width: u16) -> Vec<Row> {
        let (rows, _) = self.rows_now();
        rows.into_iter()
            .filter(|row| {
                self.holds(row.when)
                    && match row.footer {
                        Footer::No => false,
                        Footer::Yes => true,
                        Footer::When(when) => self.holds(when),
                        Footer::Wide => width >= 100,
                    }
            })
            .collect()
    }

    /// A press of each key the footer shows now (at `width` columns), for
    /// checks that every one of them does something.
    pub fn footer_keys(&self, width: u16) -> Vec<KeyEvent> {
        self.footer_rows(width)
            .iter()
            .map(|row| row.keys[0].example(self.strings()))
            .collect()
    }

    /// Whether the current screen's keys, as its help and footer list them
    /// (its table and the global keys that apply now), include `key`.
    pub fn documents_key(&self, key: &KeyEvent) -> bool {
        let (rows, _) = self.rows_now();
        rows.iter().any(|row| {
            self.holds(row.when) && row.keys.iter().any(|k| k.matches(key, self.grades()))
        })
    }

    /// The help page of the current screen: every key of its table (also
    /// those that do not apply right now), then the global ones.
    pub(super) fn help_lines(&self) -> Vec<String> {
        let (rows, note) = self.rows_now();
        help_text(&rows, note, self.strings(), self.grades())
    }

    /// The help of the turn in lines, said in one line.
    pub(super) fn spoken_help(&self) -> String {
        let s = self.strings();
        let lines = self.help_lines();
        s.fill("lines.help_text", &[("keys", &lines.join(" · "))])
    }
}

fn project_last(turn: &crate::turn::JurorTurn) -> bool {
    turn.position + 1 == turn.order.len() || turn.from_review
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;
    use std::collections::BTreeSet;

    fn every_table() -> Vec<(Screen, Vec<Row>, Option<&'static str>)> {
        let mut all: Vec<_> = Screen::ALL
            .iter()
            .map(|&screen| {
                let (rows, note) = screen.rows();
                (screen, rows, note)
            })
            .collect();
        for (_, rows, _) in &mut all {
            rows.extend(GLOBAL.rows());
        }
        all
    }

    /// Every label, help text and note is in both language tables.
    #[test]
    fn every_binding_is_worded_in_both_languages() {
        let mut missing = Vec::new();
        for language in [Language::Fr, Language::En] {
            let s = Strings::get(language);
            let known: BTreeSet<&str> = s.keys().collect();
            for (screen, rows, note) in every_table() {
                let words = rows.iter().flat_map(|r| [r.label, r.help]).chain(note);
                for key in words {
                    if !known.contains(key) {
                        missing.push(format!("{language:?} {screen:?}: {key}"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }

    /// A help page names every key of its table and says what each does.
    #[test]
    fn every_binding_appears_in_its_screens_help() {
        for language in [Language::Fr, Language::En] {
            let s = Strings::get(language);
            for (screen, rows, note) in every_table() {
                let page = help_text(&rows, note, s, 7).join("\n");
                for row in &rows {
                    assert!(
                        page.contains(s.t(row.help)),
                        "{screen:?}: {} in\n{page}",
                        row.help
                    );
                    for key in row.keys {
                        let name = key.name(s, 7, false);
                        let line = page
                            .lines()
                            .find(|l| l.ends_with(s.t(row.help)))
                            .unwrap_or_default();
                        assert!(line.contains(&name), "{screen:?}: {name} in {line:?}");
                    }
                }
                if let Some(note) = note {
                    assert!(page.contains(s.t(note)), "{screen:?}: {note}");
                }
            }
        }
    }

    /// A binding after one that takes the same key whatever the state
    /// would never be reached (the global keys are looked up first).
    #[test]
    fn no_binding_is_hidden_behind_another() {
        let s = Strings::get(Language::En);
        for screen in Screen::ALL {
            // In lines, the voice keys are looked up before the step's own.
            let is_voice = |r: &Row| LINES_VOICE.bindings.iter().any(|b| b.help == r.help);
            let own = screen.rows().0;
            let mut rows = GLOBAL.rows();
            rows.extend(own.iter().copied().filter(is_voice));
            rows.extend(own.iter().copied().filter(|r| !is_voice(r)));
            for (i, row) in rows.iter().enumerate() {
                for earlier in &rows[..i] {
                    let shared = row
                        .keys
                        .iter()
                        .any(|k| earlier.keys.iter().any(|e| e.matches(&k.example(s), 7)));
                    assert!(
                        !(shared && earlier.when == When::Always),
                        "{screen:?}: {} is behind {}",
                        row.help,
                        earlier.help
                    );
                }
            }
        }
    }

    /// Each key's example press is taken by that key (the footer check in
    /// `tests/keys.rs` presses these).
    #[test]
    fn each_key_matches_its_example_press() {
        let s = Strings::get(Language::En);
        for (_, rows, _) in every_table() {
            for row in rows {
                for key in row.keys {
                    assert!(key.matches(&key.example(s), 7), "{key:?}");
                }
            }
        }
        let fr = Strings::get(Language::Fr);
        assert!(Key::Yes.matches(&Key::Yes.example(fr), 7));
    }

    #[test]
    fn only_shift_may_accompany_a_grade() {
        let digit = |m| KeyEvent::new(KeyCode::Char('4'), m);
        assert!(Key::Grade.matches(&digit(KeyModifiers::NONE), 7));
        assert!(Key::Grade.matches(&digit(KeyModifiers::SHIFT), 7));
        for m in [
            KeyModifiers::CONTROL,
            KeyModifiers::ALT,
            KeyModifiers::SUPER,
        ] {
            assert!(!Key::Grade.matches(&digit(m), 7));
        }
        assert!(!Key::Grade.matches(&KeyEvent::new(KeyCode::Char('8'), KeyModifiers::NONE), 7));
        assert!(Key::OtherDigit.matches(&KeyEvent::new(KeyCode::Char('8'), KeyModifiers::NONE), 7));
    }

    #[test]
    fn help_lines_put_the_main_keys_first() {
        let s = Strings::get(Language::En);
        let page = help_text(&SCORING.rows(), None, s, 7);
        assert!(
            page.contains(&"↑ ↓ or Tab Shift-Tab j k: choose a criterion (or click it)".to_owned()),
            "{page:#?}"
        );
        assert!(
            page.contains(&"1 to 7: give the grade to the chosen criterion (1 = best)".to_owned()),
            "{page:#?}"
        );
    }
}
