//! The dialogs' tables. A dialog says its keys in its own text; these
//! tables decide what a key does there, so that no key acts over a dialog
//! unless its table says so. Over a yes/no question every key but yes is no.

use crossterm::event::KeyCode;

use super::binding::{Table, bind};
use super::keys::Key;
use Key::{Any, AnyLetter, AnyMods, Ctrl, Text, Yes};
use KeyCode::{Backspace, Enter, Esc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YesNoAction {
    Yes,
    No,
}

pub const YES_NO: Table<YesNoAction> = Table {
    note: None,
    bindings: &[
        bind(&[Yes], YesNoAction::Yes, "keys.confirm", "help.dialog.yes"),
        bind(&[Any], YesNoAction::No, "keys.back", "help.dialog.no"),
    ],
};

/// An unconfirmed turn in the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftAction {
    Discard,
    Keep,
}

pub const DRAFT_AT_RISK: Table<DraftAction> = Table {
    note: None,
    bindings: &[
        bind(
            &[AnyLetter('d')],
            DraftAction::Discard,
            "keys.validate",
            "help.dialog.discard",
        ),
        bind(
            &[Any],
            DraftAction::Keep,
            "keys.back",
            "help.dialog.let_finish",
        ),
    ],
};

/// A further round below its quorum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuorumAction {
    Cancel,
    Keep,
}

pub const BELOW_QUORUM: Table<QuorumAction> = Table {
    note: None,
    bindings: &[
        bind(
            &[AnyLetter('c')],
            QuorumAction::Cancel,
            "keys.validate",
            "help.dialog.cancel_round",
        ),
        bind(
            &[Any],
            QuorumAction::Keep,
            "keys.back",
            "help.dialog.keep_open",
        ),
    ],
};

/// A text field over a screen: the passphrase gate, a typed reason.
/// `TextInput` edits the field with the keys of `Edit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldAction {
    Submit,
    Cancel,
    Edit,
}

pub const TEXT_FIELD: Table<FieldAction> = Table {
    note: None,
    bindings: &[
        bind(
            &[AnyMods(Enter)],
            FieldAction::Submit,
            "keys.validate",
            "help.field.submit",
        ),
        bind(
            &[AnyMods(Esc)],
            FieldAction::Cancel,
            "keys.back",
            "help.field.cancel",
        ),
        bind(
            &[AnyMods(Backspace)],
            FieldAction::Edit,
            "keys.erase",
            "help.erase",
        ),
        bind(
            &[Ctrl('u')],
            FieldAction::Edit,
            "keys.clear",
            "help.clear_field",
        ),
        bind(&[Text], FieldAction::Edit, "keys.type", "help.opening.type"),
    ],
};

/// The help page: any key closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpAction {
    Close,
}

pub const HELP: Table<HelpAction> = Table {
    note: None,
    bindings: &[bind(
        &[Any],
        HelpAction::Close,
        "keys.back",
        "help.dialog.close",
    )],
};
