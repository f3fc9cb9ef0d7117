//! Every condition on the state that a key depends on, in one place
//! (`App::holds`): the rules' own queries, asked through the kiosk.

use super::binding::When;
use crate::tui::app::{App, Mode, Overlay};
use crate::turn::{JurorTurn, Stage, WELCOME_PAGES};

impl App {
    /// A text field has the keyboard, or will have it again once the help
    /// over it is closed (the help tells the keys of the screen beneath).
    fn typing_beneath(&self) -> bool {
        match self.overlay {
            Some(Overlay::Help) => self.typing_passphrase(),
            _ => self.typing_text(),
        }
    }

    /// Every condition a key depends on, in one place.
    pub(in crate::tui) fn holds(&self, when: When) -> bool {
        let turn = match &self.mode {
            Mode::Turn(turn) => Some(turn.as_ref()),
            _ => None,
        };
        let page = turn.and_then(|t| match t.stage() {
            Stage::Welcome { page } => Some(page),
            _ => None,
        });
        match when {
            When::Always => true,
            When::Typing => self.typing_beneath(),
            When::NotTyping => !self.typing_beneath(),
            When::Kiosk => self.is_kiosk(),
            When::KioskNotConfirming => {
                self.is_kiosk() && turn.is_none_or(|t| t.stage() != Stage::Confirm)
            }
            When::OnWelcome => page.is_some() && self.spoken.is_none(),
            When::Setup => matches!(self.mode, Mode::Setup { .. }),
            When::Unlock => matches!(self.mode, Mode::Unlock { .. }),
            When::RoundOpen => self.round_open(),
            When::RoundNotOpen => !self.round_open(),
            When::CanSeal => self.can_seal(),
            When::Sealed => self.is_sealed(),
            When::NotSealed => !self.is_sealed(),
            When::MayOpenRound => self.may_open_round(),
            When::WelcomeNotLast => page.is_some_and(|p| p + 1 < WELCOME_PAGES),
            When::WelcomeLast => page.is_some_and(|p| p + 1 == WELCOME_PAGES),
            When::WelcomeNotFirst => page.is_some_and(|p| p > 0),
            When::ProjectNotLast => turn.is_some_and(|t| !t.project_last()),
            When::ProjectLast => turn.is_some_and(JurorTurn::project_last),
            When::NotRecused => turn.is_some_and(|t| !t.is_recused()),
            When::ConflictHere => turn.is_some_and(JurorTurn::conflict_here),
        }
    }
}
