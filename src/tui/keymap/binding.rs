//! One line of a table (`Binding`): its keys, its action, its words, when
//! the footer shows it and when it applies (`When`, decided in `conditions`).

use super::keys::Key;

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

pub(super) const fn bind<A: Copy>(
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
    pub(super) const fn shown(mut self) -> Self {
        self.footer = Footer::Yes;
        self
    }

    pub(super) const fn shown_when(mut self, when: When) -> Self {
        self.footer = Footer::When(when);
        self
    }

    pub(super) const fn shown_wide(mut self) -> Self {
        self.footer = Footer::Wide;
        self
    }

    pub(super) const fn when(mut self, when: When) -> Self {
        self.when = when;
        self
    }

    pub(super) fn row(&self) -> Row {
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
