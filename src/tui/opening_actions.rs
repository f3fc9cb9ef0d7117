//! Opening a session: the facilitator chooses a passphrase (new session) or
//! types it (existing one); the key is encrypted with it, the tally created
//! or replayed.

use crossterm::event::KeyEvent;

use super::app::{
    App, KEY_FILE, MIN_PASSPHRASE_CHARS, Mode, Notice, TALLY_FILE, Tone, session_files_exist,
    short_hash,
};
use super::passphrase_delay::now_secs;
use super::text_input::{Edit, FacilitatorGate, TextInput};
use crate::atomic_file::write_new;
use crate::session::{FolderLock, Session, SessionSeed};
use crate::signing::{KeyError, SessionKey};

/// Why a session could not be opened.
pub(super) enum Refused {
    WrongPassphrase,
    Other(String),
}

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
                match self.create_session(first.text()) {
                    Ok(()) => return Mode::Console { selected: 0 },
                    Err(message) => {
                        self.notice = Some(Notice::Error(message));
                        // Another program created the session meanwhile:
                        // it can only be opened with its own passphrase.
                        if session_files_exist(&self.folder) {
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

    /// Takes the folder's lock if this kiosk does not hold it yet: nothing
    /// is written in the folder before.
    fn lock_folder(&mut self) -> Result<(), String> {
        if self.folder_lock.is_none() {
            self.folder_lock = Some(FolderLock::acquire(&self.folder).map_err(|e| e.to_string())?);
        }
        Ok(())
    }

    /// A new session: a new key file (never replacing one), then the tally.
    /// A failure leaves the folder as it was.
    pub(super) fn create_session(&mut self, passphrase: &str) -> Result<(), String> {
        self.lock_folder()?;
        if session_files_exist(&self.folder) {
            return Err(self.strings().t("setup.exists").into());
        }
        let key = self
            .pinned_key
            .take()
            .unwrap_or_else(|| SessionKey::generate("jury-session"));
        let encrypted = key.to_encrypted_openssh(passphrase)?;
        let key_path = self.folder.join(KEY_FILE);
        write_new(&key_path, encrypted.as_bytes(), 0o600).map_err(|e| {
            format!(
                "{}: {}",
                key_path.display(),
                crate::io_error::describe_io(&e)
            )
        })?;
        let seed = self.seed.take().unwrap_or_else(SessionSeed::random);
        match Session::create(
            &self.folder.join(TALLY_FILE),
            self.bundle.clone(),
            key,
            &seed,
        ) {
            Ok(session) => {
                self.opened(session, passphrase);
                Ok(())
            }
            Err(e) => {
                // The key file is this kiosk's (written above, under the lock).
                let _ = std::fs::remove_file(&key_path);
                Err(e.to_string())
            }
        }
    }

    fn opened(&mut self, session: Session, passphrase: &str) {
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
        self.gate = Some(FacilitatorGate::new(passphrase));
        self.session = Some(session);
    }

    pub(super) fn unlock_key(&mut self, mut input: TextInput, key: KeyEvent) -> Mode {
        match input.handle_key(key) {
            Edit::Cancel => self.quit = true,
            Edit::Submit if self.refuse_while_waiting() => input.clear(),
            Edit::Submit => match self.open_session(input.text()) {
                Ok(()) => {
                    self.passphrase_delay.succeeded();
                    // After a crash, the interrupted turn is the obvious next step.
                    let seats = self.bundle.bundle.jurors.len();
                    // Otherwise, the first seat still waiting to vote.
                    let selected = (0..seats)
                        .find(|&s| self.has_draft(s) && self.seat_is_waiting(s))
                        .unwrap_or_else(|| self.first_waiting());
                    return Mode::Console { selected };
                }
                Err(refused) => {
                    input.clear();
                    let message = match refused {
                        Refused::WrongPassphrase => {
                            self.passphrase_delay.failed(now_secs());
                            self.strings().t("unlock.wrong").into()
                        }
                        Refused::Other(message) => message,
                    };
                    self.notice = Some(Notice::Error(message));
                }
            },
            Edit::Changed | Edit::Ignored => {}
        }
        Mode::Unlock { input }
    }

    /// Says how long to wait if a passphrase may not be tried yet.
    pub(super) fn refuse_while_waiting(&mut self) -> bool {
        let Some(secs) = self.passphrase_delay.wait_left(now_secs()) else {
            return false;
        };
        self.tell(Tone::Warning, "passphrase.wait", &[("secs", &secs)]);
        true
    }

    pub(super) fn open_session(&mut self, passphrase: &str) -> Result<(), Refused> {
        self.lock_folder().map_err(Refused::Other)?;
        let key = match SessionKey::read_file(&self.folder.join(KEY_FILE), Some(passphrase)) {
            Ok(key) => key,
            Err(KeyError::WrongPassphrase) => return Err(Refused::WrongPassphrase),
            Err(e) => return Err(Refused::Other(e.to_string())),
        };
        self.resume_with(key, passphrase).map_err(Refused::Other)
    }

    fn resume_with(&mut self, key: SessionKey, passphrase: &str) -> Result<(), String> {
        let s = self.strings();
        if let Some(pinned) = &self.pinned_key
            && pinned.public().key_data() != key.public().key_data()
        {
            return Err(s.fill(
                "unlock.other_key",
                &[
                    ("folder", &self.folder.display()),
                    ("fingerprint", &crate::signing::fingerprint(key.public())),
                ],
            ));
        }
        let tally = self.folder.join(TALLY_FILE);
        if std::fs::symlink_metadata(&tally).is_err() {
            // The opening was cut short after the key was written: open it now.
            let seed = self.seed.take().unwrap_or_else(SessionSeed::random);
            let session = Session::create(&tally, self.bundle.clone(), key, &seed)
                .map_err(|e| e.to_string())?;
            self.opened(session, passphrase);
            return Ok(());
        }
        let (session, torn) =
            Session::resume(&tally, self.bundle.clone(), key).map_err(|e| e.to_string())?;
        match torn {
            Some(t) => self.tell(
                Tone::Warning,
                "unlock.torn",
                &[("line", &t.line), ("saved", &t.saved_to.display())],
            ),
            None => self.tell(
                Tone::Done,
                "unlock.resumed",
                &[("entries", &session.state().entries)],
            ),
        }
        self.gate = Some(FacilitatorGate::new(passphrase));
        self.session = Some(session);
        Ok(())
    }
}
