//! Opening a session: the facilitator chooses a passphrase (new session) or
//! types it (existing one); the key is encrypted with it, the tally created
//! or replayed.

use crossterm::event::KeyEvent;

use super::app::{App, MIN_PASSPHRASE_CHARS, Mode, Notice, Tone, short_hash};
use super::text_input::{Edit, TextInput};
use crate::kiosk::{Kiosk, OpenError, Opened};

impl App {
    pub(super) fn setup_key(
        &mut self,
        mut first: TextInput,
        mut second: TextInput,
        confirming: bool,
        key: KeyEvent,
    ) -> Mode {
        let field = if confirming { &mut second } else { &mut first };
        match field.handle_key(key) {
            Edit::Cancel => self.quit = true,
            Edit::Submit if !confirming => {
                if first.text().chars().count() < MIN_PASSPHRASE_CHARS {
                    self.tell(
                        Tone::Warning,
                        "setup.too_short",
                        &[("min", &MIN_PASSPHRASE_CHARS)],
                    );
                } else {
                    self.notice = None;
                    return Mode::Setup {
                        first,
                        second,
                        confirming: true,
                    };
                }
            }
            Edit::Submit => {
                if first.text() != second.text() {
                    self.tell(Tone::Warning, "setup.mismatch", &[]);
                    return Mode::Setup {
                        first: TextInput::default(),
                        second: TextInput::default(),
                        confirming: false,
                    };
                }
                match self.folder.create(&self.bundle, first.text()) {
                    Ok(kiosk) => {
                        self.opened(kiosk);
                        return Mode::Console { selected: 0 };
                    }
                    Err(refused) => {
                        self.notice = Some(Notice::Error(self.refusal(refused)));
                        // Another program created the session meanwhile:
                        // it can only be opened with its own passphrase.
                        if self.folder.has_session() {
                            return Mode::Unlock {
                                input: TextInput::default(),
                            };
                        }
                    }
                }
            }
            Edit::Changed | Edit::Ignored => {}
        }
        Mode::Setup {
            first,
            second,
            confirming,
        }
    }

    /// What the facilitator is told when the session could not be opened.
    fn refusal(&self, refused: OpenError) -> String {
        let s = self.strings();
        match refused {
            OpenError::WrongPassphrase => s.t("unlock.wrong").into(),
            OpenError::Exists => s.t("setup.exists").into(),
            OpenError::OtherKey { fingerprint } => s.fill(
                "unlock.other_key",
                &[
                    ("folder", &self.folder.path().display()),
                    ("fingerprint", &fingerprint),
                ],
            ),
            OpenError::Failed(message) => message,
        }
    }

    /// A new session: its signer and genesis, for the minutes.
    fn opened(&mut self, kiosk: Kiosk) {
        let session = kiosk.session();
        self.tell(
            Tone::Done,
            "setup.opened",
            &[
                (
                    "fingerprint",
                    &super::screens::groups_of_four(&crate::signing::fingerprint(
                        session.key().public(),
                    )),
                ),
                ("genesis", &short_hash(&session.head())),
            ],
        );
        self.kiosk = Some(kiosk);
    }

    pub(super) fn unlock_key(&mut self, mut input: TextInput, key: KeyEvent) -> Mode {
        match input.handle_key(key) {
            Edit::Cancel => self.quit = true,
            Edit::Submit if self.refuse_while_waiting() => input.clear(),
            Edit::Submit => match self.folder.open(&self.bundle, input.text()) {
                Ok((kiosk, opened)) => {
                    self.folder.passphrase_succeeded();
                    let selected = kiosk.first_to_resume();
                    match opened {
                        Opened::Created => self.opened(kiosk),
                        Opened::Resumed { entries } => {
                            self.tell(Tone::Done, "unlock.resumed", &[("entries", &entries)]);
                            self.kiosk = Some(kiosk);
                        }
                        Opened::Torn { line, saved_to } => {
                            self.tell(
                                Tone::Warning,
                                "unlock.torn",
                                &[("line", &line), ("saved", &saved_to.display())],
                            );
                            self.kiosk = Some(kiosk);
                        }
                    }
                    return Mode::Console { selected };
                }
                Err(refused) => {
                    input.clear();
                    if refused == OpenError::WrongPassphrase {
                        self.folder.passphrase_failed();
                    }
                    self.notice = Some(Notice::Error(self.refusal(refused)));
                }
            },
            Edit::Changed | Edit::Ignored => {}
        }
        Mode::Unlock { input }
    }

    /// Says how long to wait if a passphrase may not be tried yet.
    pub(super) fn refuse_while_waiting(&mut self) -> bool {
        let Some(secs) = self.folder.passphrase_wait() else {
            return false;
        };
        self.tell(Tone::Warning, "passphrase.wait", &[("secs", &secs)]);
        true
    }
}
