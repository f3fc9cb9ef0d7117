//! Opening a session: the facilitator chooses a passphrase (new session) or
//! types it (existing one); the key is encrypted with it, the tally created
//! or replayed.

use crossterm::event::KeyEvent;

use super::app::{App, KEY_FILE, MIN_PASSPHRASE_CHARS, Mode, Notice, TALLY_FILE, short_hash};
use super::text_input::{Edit, FacilitatorGate, TextInput};
use crate::session::{Session, SessionSeed};
use crate::signing::{KeyError, SessionKey};

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
                    self.notice = Some(Notice::Error(
                        self.strings()
                            .fill("setup.too_short", &[("min", &MIN_PASSPHRASE_CHARS)]),
                    ));
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
                    self.notice = Some(Notice::Error(self.strings().t("setup.mismatch").into()));
                    return Mode::Setup {
                        first: TextInput::default(),
                        second: TextInput::default(),
                        confirming: false,
                    };
                }
                match self.create_session(first.text()) {
                    Ok(()) => return Mode::Console { selected: 0 },
                    Err(message) => self.notice = Some(Notice::Error(message)),
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

    pub(super) fn create_session(&mut self, passphrase: &str) -> Result<(), String> {
        let s = self.strings();
        std::fs::create_dir_all(&self.folder).map_err(|e| {
            format!(
                "{}: {}",
                self.folder.display(),
                crate::bundle::describe_io(&e)
            )
        })?;
        let key = self
            .pinned_key
            .take()
            .unwrap_or_else(|| SessionKey::generate("jury-session"));
        let encrypted = key.to_encrypted_openssh(passphrase)?;
        let key_path = self.folder.join(KEY_FILE);
        crate::atomic_file::write_atomic_with_mode(&key_path, encrypted.as_bytes(), 0o600)
            .map_err(|e| format!("{}: {}", key_path.display(), crate::bundle::describe_io(&e)))?;
        let session = Session::create(
            &self.folder.join(TALLY_FILE),
            self.bundle.clone(),
            key,
            &self.seed.take().unwrap_or_else(SessionSeed::random),
        )
        .map_err(|e| e.to_string())?;
        self.notice = Some(Notice::Info(s.fill(
            "setup.opened",
            &[
                (
                    "fingerprint",
                    &crate::signing::fingerprint(session.key().public()),
                ),
                ("genesis", &short_hash(&session.head())),
            ],
        )));
        self.gate = Some(FacilitatorGate::new(passphrase));
        self.session = Some(session);
        Ok(())
    }

    pub(super) fn unlock_key(&mut self, mut input: TextInput, key: KeyEvent) -> Mode {
        match input.handle_key(key) {
            Edit::Cancel => self.quit = true,
            Edit::Submit => match self.open_session(input.text()) {
                Ok(()) => {
                    // After a crash, the interrupted turn is the obvious next step.
                    let seats = self.bundle.bundle.jurors.len();
                    let selected = (0..seats)
                        .find(|&s| self.has_draft(s) && self.seat_is_waiting(s))
                        .unwrap_or(0);
                    return Mode::Console { selected };
                }
                Err(message) => {
                    input.clear();
                    self.notice = Some(Notice::Error(message));
                }
            },
            Edit::Changed | Edit::Ignored => {}
        }
        Mode::Unlock { input }
    }

    pub(super) fn open_session(&mut self, passphrase: &str) -> Result<(), String> {
        let s = self.strings();
        let key = match SessionKey::read_file(&self.folder.join(KEY_FILE), Some(passphrase)) {
            Ok(key) => key,
            Err(KeyError::WrongPassphrase) => return Err(s.t("unlock.wrong").into()),
            Err(e) => return Err(e.to_string()),
        };
        let (session, torn) =
            Session::resume(&self.folder.join(TALLY_FILE), self.bundle.clone(), key)
                .map_err(|e| e.to_string())?;
        self.notice = Some(match torn {
            Some(t) => Notice::Error(s.fill(
                "unlock.torn",
                &[("line", &t.line), ("saved", &t.saved_to.display())],
            )),
            None => {
                Notice::Info(s.fill("unlock.resumed", &[("entries", &session.state().entries)]))
            }
        });
        self.gate = Some(FacilitatorGate::new(passphrase));
        self.session = Some(session);
        Ok(())
    }
}
