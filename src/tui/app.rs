//! The kiosk's state and its reactions to keys and clicks. Drawing is in the
//! screen modules and takes `&App`, so a frame never changes what it shows.
//! Every confirmed change goes through `Session` (the tally) first.

use std::path::PathBuf;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::Rect;

use super::text_input::{Edit, FacilitatorGate, TextInput};
use super::{Theme, screens, too_small};
use crate::bundle::BundleFile;
use crate::digest::Digest;
use crate::i18n::{Language, Strings};
use crate::session::{Session, SessionSeed};
use crate::signing::{KeyError, SessionKey};
use crate::turn::{self, Blocked, JurorTurn, Stage, WELCOME_PAGES};

/// Passphrases shorter than this are refused when a session is opened.
pub const MIN_PASSPHRASE_CHARS: usize = 6;
pub const TALLY_FILE: &str = "tally.jury";
pub const KEY_FILE: &str = "signing-key";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// A new session: the facilitator chooses a passphrase (twice).
    Setup {
        first: TextInput,
        second: TextInput,
        confirming: bool,
    },
    /// An existing session: the facilitator's passphrase opens it.
    Unlock {
        input: TextInput,
    },
    /// Between jurors: nothing of anyone's ballot on screen.
    Locked,
    /// The facilitator's console.
    Console {
        selected: usize,
    },
    /// "Hand the laptop to …": the juror presses Enter to begin.
    Handover {
        seat: usize,
    },
    Turn(Box<JurorTurn>),
    /// The ballot is on disk; the juror's receipt code.
    Receipt {
        code: String,
    },
    /// The ranking, for the room and the projector. `selected` is a ranking
    /// position; `detail` shows its per-criterion profile and why it is placed.
    Results {
        selected: usize,
        detail: bool,
    },
    /// Choosing the projects of a further round (`chosen` per bundle project).
    RoundPicker {
        chosen: Vec<bool>,
        cursor: usize,
    },
    /// Choosing the laureates (`chosen` per bundle project; `cursor` a ranking position).
    Decision {
        chosen: Vec<bool>,
        cursor: usize,
    },
    /// The seal is written: what goes onto the paper minutes.
    Sealed(Box<crate::session::SealReport>),
}

/// What a typed reason is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonFor {
    /// Closing the round while seats have not voted.
    CloseRound,
    /// A selection that departs from the ranking.
    Decision(Vec<usize>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    /// The facilitator's passphrase, asked when anyone tries to leave the kiosk.
    Gate {
        input: TextInput,
        failed: bool,
    },
    ConfirmConflict,
    ConfirmQuit,
    ConfirmAbsent {
        seat: usize,
    },
    ConfirmClose,
    ConfirmRound(Vec<usize>),
    ConfirmDecision(Vec<usize>),
    ConfirmSeal,
    Reason {
        purpose: ReasonFor,
        input: TextInput,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Info(String),
    Error(String),
}

pub struct App {
    pub(super) bundle: BundleFile,
    /// The session's state folder: tally, encrypted key, drafts.
    pub(super) folder: PathBuf,
    /// A signer given with `--key`, used when the session is created.
    pinned_key: Option<SessionKey>,
    /// The new session's seed; random unless fixed (tests, rehearsals).
    seed: Option<SessionSeed>,
    pub(super) session: Option<Session>,
    gate: Option<FacilitatorGate>,
    pub(super) mode: Mode,
    pub(super) overlay: Option<Overlay>,
    pub(super) notice: Option<Notice>,
    pub(super) language: Language,
    pub(super) theme: Theme,
    /// The terminal's size at the last draw, for mouse hit tests.
    pub(super) area: Rect,
    /// Lines of the project card scrolled away.
    pub(super) card_scroll: u16,
    /// Shown on the opening screens when the folder is a scratch one.
    pub(super) scratch: bool,
    quit: bool,
}

impl App {
    /// The kiosk on `folder`: opens the session there, or creates it.
    pub fn new(bundle: BundleFile, folder: PathBuf, theme: Theme) -> Self {
        let language = Language::from_code(&bundle.bundle.language);
        let mode = if folder.join(TALLY_FILE).exists() {
            Mode::Unlock {
                input: TextInput::default(),
            }
        } else {
            Mode::Setup {
                first: TextInput::default(),
                second: TextInput::default(),
                confirming: false,
            }
        };
        Self {
            bundle,
            folder,
            pinned_key: None,
            seed: None,
            session: None,
            gate: None,
            mode,
            overlay: None,
            notice: None,
            language,
            theme,
            area: Rect::new(0, 0, 80, 24),
            card_scroll: 0,
            scratch: false,
            quit: false,
        }
    }

    pub fn with_pinned_key(mut self, key: SessionKey) -> Self {
        self.pinned_key = Some(key);
        self
    }

    /// Fixes the seed of a session this app creates (reproducible orders).
    pub fn with_seed(mut self, seed: SessionSeed) -> Self {
        self.seed = Some(seed);
        self
    }

    pub fn with_language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    pub fn scratch_folder(mut self) -> Self {
        self.scratch = true;
        self
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    pub(super) fn strings(&self) -> &'static Strings {
        Strings::get(self.language)
    }

    /// The bundle's language code for criterion and grade texts.
    pub(super) fn lang(&self) -> &'static str {
        self.language.code()
    }

    pub fn set_area(&mut self, area: Rect) {
        self.area = area;
    }

    pub fn render(&self, frame: &mut Frame) {
        if !too_small::fits(frame.area()) {
            too_small::render(frame, self.strings(), &self.theme);
            return;
        }
        screens::render(self, frame);
    }

    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) => self.handle_key(*key),
            Event::Mouse(mouse)
                if mouse.kind == MouseEventKind::Down(MouseButton::Left)
                    && self.overlay.is_none() =>
            {
                self.handle_click(mouse.column, mouse.row);
            }
            Event::Resize(w, h) => self.area = Rect::new(0, 0, *w, *h),
            _ => {}
        }
    }

    /// Keys with which someone might try to leave the kiosk.
    fn is_exit_attempt(key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        matches!(key.code, KeyCode::Char('q' | 'Q') | KeyCode::Esc)
            || (ctrl && matches!(key.code, KeyCode::Char('c' | 'z' | 'd' | '\\')))
    }

    /// A juror may be at the keyboard: leaving needs the facilitator.
    fn is_kiosk(&self) -> bool {
        matches!(
            self.mode,
            Mode::Locked | Mode::Handover { .. } | Mode::Turn(_) | Mode::Receipt { .. }
        )
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        // Below 80×24 only "please enlarge" is on screen: no key may change
        // anything nobody can see.
        if !too_small::fits(self.area) {
            return;
        }
        if let Some(overlay) = self.overlay.take() {
            self.overlay_key(overlay, key);
            return;
        }
        if key.code == KeyCode::Char('?') && !self.typing_passphrase() {
            self.overlay = Some(Overlay::Help);
            return;
        }
        // Inside the turn, Esc on the confirmation step only goes back.
        let confirming = matches!(&self.mode, Mode::Turn(t) if t.stage == Stage::Confirm);
        if self.is_kiosk()
            && Self::is_exit_attempt(&key)
            && !(confirming && key.code == KeyCode::Esc)
        {
            self.open_gate();
            return;
        }
        // L switches language where letters are not typed; F2 everywhere.
        let letter_l = !self.typing_passphrase()
            && matches!(key.code, KeyCode::Char('l' | 'L'))
            && !matches!(self.mode, Mode::Console { .. });
        if letter_l || key.code == KeyCode::F(2) {
            self.language = match self.language {
                Language::Fr => Language::En,
                Language::En => Language::Fr,
            };
            return;
        }
        let mode = std::mem::replace(&mut self.mode, Mode::Locked);
        self.mode = match mode {
            Mode::Setup {
                first,
                second,
                confirming,
            } => self.setup_key(first, second, confirming, key),
            Mode::Unlock { input } => self.unlock_key(input, key),
            Mode::Locked => {
                if key.code == KeyCode::Enter {
                    self.open_gate();
                }
                Mode::Locked
            }
            Mode::Console { selected } => self.console_key(selected, key),
            Mode::Handover { seat } => {
                if key.code == KeyCode::Enter {
                    self.begin_turn(seat)
                } else {
                    Mode::Handover { seat }
                }
            }
            Mode::Turn(turn) => self.turn_key(turn, key),
            Mode::Receipt { code } => {
                if key.code == KeyCode::Enter {
                    self.notice = None;
                    Mode::Locked
                } else {
                    Mode::Receipt { code }
                }
            }
            Mode::Results { selected, detail } => self.results_key(selected, detail, key),
            Mode::RoundPicker { chosen, cursor } => self.round_picker_key(chosen, cursor, key),
            Mode::Decision { chosen, cursor } => self.decision_key(chosen, cursor, key),
            Mode::Sealed(report) => match key.code {
                KeyCode::Enter | KeyCode::Esc => Mode::Results {
                    selected: 0,
                    detail: false,
                },
                KeyCode::Char('q' | 'Q') => {
                    self.overlay = Some(Overlay::ConfirmQuit);
                    Mode::Sealed(report)
                }
                _ => Mode::Sealed(report),
            },
        };
    }

    fn typing_passphrase(&self) -> bool {
        matches!(self.mode, Mode::Setup { .. } | Mode::Unlock { .. })
    }

    fn open_gate(&mut self) {
        self.overlay = Some(Overlay::Gate {
            input: TextInput::default(),
            failed: false,
        });
    }

    fn overlay_key(&mut self, overlay: Overlay, key: KeyEvent) {
        match overlay {
            Overlay::Help => {} // any key closes it
            Overlay::Gate { mut input, failed } => match input.handle_key(key) {
                Edit::Submit => {
                    if self.gate.as_ref().is_some_and(|g| g.check(input.text())) {
                        self.enter_console();
                    } else {
                        input.clear();
                        self.overlay = Some(Overlay::Gate {
                            input,
                            failed: true,
                        });
                    }
                }
                Edit::Cancel => {}
                Edit::Changed | Edit::Ignored => {
                    self.overlay = Some(Overlay::Gate { input, failed })
                }
            },
            Overlay::ConfirmConflict => {
                if is_yes(&key) {
                    if let Mode::Turn(turn) = &mut self.mode {
                        turn.toggle_conflict();
                    }
                    self.save_draft();
                }
            }
            Overlay::ConfirmQuit => {
                if is_yes(&key) {
                    self.quit = true;
                }
            }
            Overlay::ConfirmAbsent { seat } => {
                if is_yes(&key) && self.record(|s| s.mark_absent(seat), "console.absent_done") {
                    self.discard_draft(seat);
                }
            }
            Overlay::ConfirmClose => {
                if is_yes(&key) && self.record(|s| s.close_round(None), "console.closed") {
                    self.discard_drafts();
                }
            }
            Overlay::ConfirmRound(projects) => {
                if is_yes(&key) && self.record(|s| s.open_round(&projects), "round.opened") {
                    self.mode = Mode::Console {
                        selected: self.first_waiting(),
                    };
                }
            }
            Overlay::ConfirmDecision(selected) => {
                if is_yes(&key)
                    && self.record(|s| s.record_decision(&selected, None), "decision.recorded")
                {
                    self.mode = Mode::Console { selected: 0 };
                }
            }
            Overlay::ConfirmSeal => {
                if is_yes(&key) {
                    self.seal();
                }
            }
            Overlay::Reason { purpose, mut input } => match input.handle_key(key) {
                Edit::Submit if input.text().trim().is_empty() => {
                    self.notice = Some(Notice::Error(self.strings().t("reason.empty").into()));
                    self.overlay = Some(Overlay::Reason { purpose, input });
                }
                Edit::Submit => {
                    let reason = Some(input.text().trim().to_owned());
                    match purpose {
                        ReasonFor::CloseRound => {
                            if self.record(|s| s.close_round(reason), "console.closed") {
                                self.discard_drafts();
                            }
                        }
                        ReasonFor::Decision(selected) => {
                            if self.record(
                                |s| s.record_decision(&selected, reason),
                                "decision.recorded",
                            ) {
                                self.mode = Mode::Console { selected: 0 };
                            }
                        }
                    }
                }
                Edit::Cancel => {}
                Edit::Changed | Edit::Ignored => {
                    self.overlay = Some(Overlay::Reason { purpose, input });
                }
            },
        }
    }

    /// Runs a facilitator action on the session (it is on disk when this
    /// returns true) and says what happened.
    fn record(
        &mut self,
        action: impl FnOnce(&mut Session) -> Result<(), crate::session::SessionError>,
        done: &str,
    ) -> bool {
        let Some(session) = &mut self.session else {
            return false;
        };
        match action(session) {
            Ok(()) => {
                self.notice = Some(Notice::Info(self.strings().t(done).into()));
                true
            }
            Err(e) => {
                self.notice = Some(Notice::Error(e.to_string()));
                false
            }
        }
    }

    fn seal(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        match session.seal() {
            Ok(report) => {
                self.notice = None;
                self.mode = Mode::Sealed(Box::new(report));
            }
            Err(e) => self.notice = Some(Notice::Error(e.to_string())),
        }
    }

    /// The facilitator takes over: an open turn is kept as a draft on disk,
    /// and nothing of it stays on screen or in memory.
    fn enter_console(&mut self) {
        let mut selected = self.first_waiting();
        if let Mode::Turn(turn) = &self.mode {
            selected = turn.seat;
            self.save_draft();
            self.notice = Some(Notice::Info(self.strings().fill(
                "console.turn_suspended",
                &[("name", &self.bundle.bundle.jurors[selected].display_name())],
            )));
        } else if let Mode::Handover { seat } = self.mode {
            selected = seat;
        }
        self.mode = Mode::Console { selected };
        self.card_scroll = 0;
    }

    fn setup_key(
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

    fn create_session(&mut self, passphrase: &str) -> Result<(), String> {
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

    fn unlock_key(&mut self, mut input: TextInput, key: KeyEvent) -> Mode {
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

    fn open_session(&mut self, passphrase: &str) -> Result<(), String> {
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

    /// Seats that may vote now: neither voted nor absent in the current round.
    pub fn seat_is_waiting(&self, seat: usize) -> bool {
        let Some(session) = &self.session else {
            return false;
        };
        let state = session.state();
        !state.is_sealed()
            && match state.current_round() {
                None => true,
                Some(r) => {
                    r.is_open() && !r.ballots.contains_key(&seat) && !r.absent.contains_key(&seat)
                }
            }
    }

    /// Ballots cast in the current round, and seats in all.
    pub fn voted_count(&self) -> (usize, usize) {
        let voted = self
            .session
            .as_ref()
            .and_then(|s| s.state().current_round().map(|r| r.ballots.len()))
            .unwrap_or(0);
        (voted, self.bundle.bundle.jurors.len())
    }

    pub fn has_draft(&self, seat: usize) -> bool {
        turn::draft_path(&self.folder, &self.bundle.bundle.jurors[seat].seat).exists()
    }

    fn console_key(&mut self, selected: usize, key: KeyEvent) -> Mode {
        let seats = self.bundle.bundle.jurors.len();
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        match key.code {
            _ if ctrl_c => self.overlay = Some(Overlay::ConfirmQuit),
            KeyCode::Char('q' | 'Q') => self.overlay = Some(Overlay::ConfirmQuit),
            KeyCode::Esc => {
                self.notice = None;
                return Mode::Locked;
            }
            KeyCode::Up | KeyCode::Char('k') => {
                return Mode::Console {
                    selected: (selected + seats - 1) % seats,
                };
            }
            KeyCode::Down | KeyCode::Char('j') => {
                return Mode::Console {
                    selected: (selected + 1) % seats,
                };
            }
            KeyCode::Enter => {
                if self.seat_is_waiting(selected) {
                    self.notice = None;
                    return Mode::Handover { seat: selected };
                }
                if self.round_closed() {
                    return self.open_results();
                }
                self.notice = Some(Notice::Error(
                    self.strings().t("console.not_waiting").into(),
                ));
            }
            KeyCode::Char('a' | 'A') => {
                if self.seat_is_waiting(selected) {
                    self.overlay = Some(Overlay::ConfirmAbsent { seat: selected });
                } else {
                    self.notice = Some(Notice::Error(
                        self.strings().t("console.not_waiting").into(),
                    ));
                }
            }
            KeyCode::Char('f' | 'F') if self.round_open() => {
                let waiting = (0..seats).any(|s| self.seat_is_waiting(s));
                self.overlay = Some(if waiting {
                    Overlay::Reason {
                        purpose: ReasonFor::CloseRound,
                        input: TextInput::default(),
                    }
                } else {
                    Overlay::ConfirmClose
                });
            }
            KeyCode::Char('r' | 'R') => {
                if self.round_closed() {
                    return self.open_results();
                }
                self.notice = Some(Notice::Error(
                    self.strings().t("console.results_later").into(),
                ));
            }
            KeyCode::Char('s' | 'S') if self.can_seal() => {
                self.overlay = Some(Overlay::ConfirmSeal);
            }
            _ => {}
        }
        Mode::Console { selected }
    }

    /// The seat the facilitator most likely wants next: the first still
    /// waiting to vote (or the first seat).
    fn first_waiting(&self) -> usize {
        (0..self.bundle.bundle.jurors.len())
            .find(|&s| self.seat_is_waiting(s))
            .unwrap_or(0)
    }

    /// The current round is open for voting.
    pub fn round_open(&self) -> bool {
        self.session.as_ref().is_some_and(|s| {
            let state = s.state();
            !state.is_sealed() && state.current_round().is_none_or(|r| r.is_open())
        })
    }

    /// Voting is over for now: results may be shown.
    pub fn round_closed(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.state().current_round().is_some_and(|r| !r.is_open()))
    }

    pub fn can_seal(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.state().decision.is_some() && !s.state().is_sealed())
    }

    pub fn is_sealed(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.state().is_sealed())
    }

    /// The results of the closed rounds (`None` while a round is open).
    pub fn results(&self) -> Option<&crate::results::Results> {
        let session = self.session.as_ref()?;
        self.round_closed().then(|| session.results())
    }

    fn open_results(&mut self) -> Mode {
        self.notice = None;
        Mode::Results {
            selected: 0,
            detail: false,
        }
    }

    fn results_key(&mut self, selected: usize, detail: bool, key: KeyEvent) -> Mode {
        let projects = self.bundle.bundle.projects.len();
        let Some(results) = self.results() else {
            return Mode::Console { selected: 0 };
        };
        let decided = self
            .session
            .as_ref()
            .is_some_and(|s| s.state().decision.is_some());
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => {
                return Mode::Results {
                    selected: selected.saturating_sub(1),
                    detail,
                };
            }
            KeyCode::Down | KeyCode::Char('j') => {
                return Mode::Results {
                    selected: (selected + 1).min(projects - 1),
                    detail,
                };
            }
            KeyCode::Enter => {
                return Mode::Results {
                    selected,
                    detail: !detail,
                };
            }
            KeyCode::Esc => return Mode::Console { selected: 0 },
            KeyCode::Char('q' | 'Q') => self.overlay = Some(Overlay::ConfirmQuit),
            KeyCode::Char('h' | 'H') => {
                self.theme = if self.theme == Theme::high_contrast() {
                    Theme::from_env()
                } else {
                    Theme::high_contrast()
                };
            }
            KeyCode::Char('t' | 'T') if !decided && !self.is_sealed() => {
                let mut chosen = vec![false; projects];
                for r in results.ranking.iter().filter(|r| r.to_discuss) {
                    chosen[r.project] = true;
                }
                return Mode::RoundPicker { chosen, cursor: 0 };
            }
            KeyCode::Char('d' | 'D') if !self.is_sealed() => {
                let mut chosen = vec![false; projects];
                for p in results.default_selection() {
                    chosen[p] = true;
                }
                return Mode::Decision { chosen, cursor: 0 };
            }
            _ => {}
        }
        Mode::Results { selected, detail }
    }

    /// Bundle project indices in ranking order.
    pub fn ranked_projects(&self) -> Vec<usize> {
        self.results()
            .map(|r| r.ranking.iter().map(|x| x.project).collect())
            .unwrap_or_default()
    }

    fn round_picker_key(&mut self, mut chosen: Vec<bool>, cursor: usize, key: KeyEvent) -> Mode {
        let ranked = self.ranked_projects();
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => {
                return Mode::RoundPicker {
                    chosen,
                    cursor: cursor.saturating_sub(1),
                };
            }
            KeyCode::Down | KeyCode::Char('j') => {
                return Mode::RoundPicker {
                    chosen,
                    cursor: (cursor + 1).min(ranked.len() - 1),
                };
            }
            KeyCode::Char(' ' | 'x' | 'X') => chosen[ranked[cursor]] = !chosen[ranked[cursor]],
            KeyCode::Esc => return self.open_results(),
            KeyCode::Enter => {
                let projects: Vec<usize> = ranked.iter().copied().filter(|&p| chosen[p]).collect();
                if projects.is_empty() {
                    self.notice = Some(Notice::Error(self.strings().t("round.none").into()));
                } else {
                    self.overlay = Some(Overlay::ConfirmRound(projects));
                }
            }
            _ => {}
        }
        Mode::RoundPicker { chosen, cursor }
    }

    fn decision_key(&mut self, mut chosen: Vec<bool>, cursor: usize, key: KeyEvent) -> Mode {
        let ranked = self.ranked_projects();
        let max = self.bundle.bundle.max_laureates as usize;
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => {
                return Mode::Decision {
                    chosen,
                    cursor: cursor.saturating_sub(1),
                };
            }
            KeyCode::Down | KeyCode::Char('j') => {
                return Mode::Decision {
                    chosen,
                    cursor: (cursor + 1).min(ranked.len() - 1),
                };
            }
            KeyCode::Char(' ' | 'x' | 'X') => {
                let p = ranked[cursor];
                if !chosen[p] && chosen.iter().filter(|c| **c).count() >= max {
                    self.notice = Some(Notice::Error(
                        self.strings().fill("decision.too_many", &[("max", &max)]),
                    ));
                } else {
                    chosen[p] = !chosen[p];
                    self.notice = None;
                }
            }
            KeyCode::Esc => return self.open_results(),
            KeyCode::Enter => {
                let selected: Vec<usize> = ranked.iter().copied().filter(|&p| chosen[p]).collect();
                let mut default = self
                    .results()
                    .map(|r| r.default_selection())
                    .unwrap_or_default();
                let mut mine = selected.clone();
                default.sort_unstable();
                mine.sort_unstable();
                self.overlay = Some(if mine == default {
                    Overlay::ConfirmDecision(selected)
                } else {
                    Overlay::Reason {
                        purpose: ReasonFor::Decision(selected),
                        input: TextInput::default(),
                    }
                });
            }
            _ => {}
        }
        Mode::Decision { chosen, cursor }
    }

    /// Starts (or resumes from its draft) the turn of `seat`.
    fn begin_turn(&mut self, seat: usize) -> Mode {
        let Some(session) = &self.session else {
            return Mode::Locked;
        };
        let bundle = &self.bundle.bundle;
        let state = session.state();
        let order = state.order_for(bundle, seat);
        let round = state.round_number();
        let seat_id = &bundle.jurors[seat].seat;
        let turn = turn::load_draft(&self.folder, seat_id, seat, round, &order)
            .unwrap_or_else(|| JurorTurn::new(bundle, seat, round, order));
        self.card_scroll = 0;
        self.notice = None;
        Mode::Turn(Box::new(turn))
    }

    /// A seat marked absent will not resume its interrupted turn.
    fn discard_draft(&mut self, seat: usize) {
        let seat_id = &self.bundle.bundle.jurors[seat].seat;
        if let Err(e) = turn::delete_draft(&self.folder, seat_id) {
            self.notice = Some(Notice::Error(format!(
                "{seat_id}: {}",
                crate::bundle::describe_io(&e)
            )));
        }
    }

    /// Once a round is closed, no interrupted turn of it can be resumed.
    fn discard_drafts(&mut self) {
        for seat in 0..self.bundle.bundle.jurors.len() {
            self.discard_draft(seat);
        }
    }

    fn save_draft(&mut self) {
        let Mode::Turn(turn) = &self.mode else { return };
        let seat_id = &self.bundle.bundle.jurors[turn.seat].seat;
        if let Err(e) = turn::save_draft(&self.folder, seat_id, turn) {
            self.notice = Some(Notice::Error(self.strings().fill(
                "turn.draft_failed",
                &[("reason", &crate::bundle::describe_io(&e))],
            )));
        }
    }

    fn turn_key(&mut self, mut turn: Box<JurorTurn>, key: KeyEvent) -> Mode {
        let before = turn.clone();
        let position = turn.position;
        match turn.stage {
            Stage::Welcome { page } => match key.code {
                KeyCode::Enter | KeyCode::Right | KeyCode::Char(' ') => {
                    turn.stage = if page + 1 < WELCOME_PAGES {
                        Stage::Welcome { page: page + 1 }
                    } else {
                        Stage::Scoring
                    };
                }
                KeyCode::Left | KeyCode::Backspace if page > 0 => {
                    turn.stage = Stage::Welcome { page: page - 1 };
                }
                _ => {}
            },
            Stage::Scoring => self.scoring_key(&mut turn, key),
            Stage::Review => self.review_key(&mut turn, key),
            Stage::Confirm => match key.code {
                KeyCode::Char('o' | 'O' | 'y' | 'Y') => return self.cast(turn),
                KeyCode::Esc | KeyCode::Left | KeyCode::Char('n' | 'N') | KeyCode::Backspace => {
                    turn.stage = Stage::Review;
                }
                _ => {}
            },
        }
        if turn.position != position {
            self.card_scroll = 0;
        }
        let changed = turn != before;
        self.mode = Mode::Turn(turn);
        if changed {
            self.save_draft();
        }
        std::mem::replace(&mut self.mode, Mode::Locked)
    }

    fn grade_for(&self, key: &KeyEvent) -> Option<u8> {
        let KeyCode::Char(c) = key.code else {
            return None;
        };
        let n = match c {
            '1'..='9' => c as u8 - b'1',
            '0' => 9,
            _ => return None,
        };
        (usize::from(n) < self.bundle.bundle.grades.len()).then_some(n)
    }

    fn scoring_key(&mut self, turn: &mut JurorTurn, key: KeyEvent) {
        if let Some(grade) = self.grade_for(&key) {
            if turn.conflicts[turn.position] {
                self.notice = Some(Notice::Error(
                    self.strings().t("scoring.conflict_no_grade").into(),
                ));
            } else {
                turn.grade(grade);
                self.notice = None;
            }
            return;
        }
        match key.code {
            KeyCode::Down | KeyCode::Tab | KeyCode::Char('j') => turn.focus_next(),
            KeyCode::Up | KeyCode::BackTab | KeyCode::Char('k') => turn.focus_previous(),
            KeyCode::Enter | KeyCode::Right => match turn.advance() {
                Ok(()) => self.notice = None,
                Err(Blocked::MissingHere(missing)) => {
                    self.notice = Some(Notice::Error(self.missing_message(&missing)));
                }
                Err(Blocked::MissingInBallot(_)) => {}
            },
            KeyCode::Left => {
                turn.back();
                self.notice = None;
            }
            KeyCode::Char('c' | 'C') => self.overlay = Some(Overlay::ConfirmConflict),
            KeyCode::Char('u' | 'U') => {
                turn.undo();
            }
            KeyCode::Backspace | KeyCode::Delete => turn.clear(),
            KeyCode::PageDown => self.card_scroll = self.card_scroll.saturating_add(5),
            KeyCode::PageUp => self.card_scroll = self.card_scroll.saturating_sub(5),
            _ => {}
        }
    }

    fn missing_message(&self, missing: &[usize]) -> String {
        let names: Vec<&str> = missing
            .iter()
            .map(|&c| self.bundle.bundle.criteria[c].text(self.lang()).0)
            .collect();
        self.strings()
            .fill("scoring.missing", &[("criteria", &names.join(" · "))])
    }

    fn review_key(&mut self, turn: &mut JurorTurn, key: KeyEvent) {
        let rows = turn.order.len();
        let cols = turn.criteria();
        if let Some(grade) = self.grade_for(&key) {
            if !turn.conflicts[turn.position] {
                turn.grade(grade);
                turn.stage = Stage::Review;
            }
            return;
        }
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => turn.position = (turn.position + rows - 1) % rows,
            KeyCode::Down | KeyCode::Char('j') => turn.position = (turn.position + 1) % rows,
            KeyCode::Left | KeyCode::BackTab => turn.criterion = (turn.criterion + cols - 1) % cols,
            KeyCode::Right | KeyCode::Tab => turn.criterion = (turn.criterion + 1) % cols,
            KeyCode::Enter => turn.open_from_review(turn.position, turn.criterion),
            KeyCode::Char('u' | 'U') => {
                turn.undo();
            }
            KeyCode::Char('v' | 'V') => match turn.to_confirm() {
                Ok(()) => self.notice = None,
                Err(Blocked::MissingInBallot(missing)) => {
                    let (p, c) = missing[0];
                    turn.position = p;
                    turn.criterion = c;
                    self.notice = Some(Notice::Error(
                        self.strings()
                            .fill("review.missing", &[("count", &missing.len())]),
                    ));
                }
                Err(Blocked::MissingHere(_)) => {}
            },
            _ => {}
        }
    }

    /// Appends the ballot to the tally (fsynced, signed) and only then shows
    /// the receipt. On failure the turn stays as it was, draft included.
    fn cast(&mut self, turn: Box<JurorTurn>) -> Mode {
        let Some(session) = &mut self.session else {
            return Mode::Turn(turn);
        };
        let (conflicts, grades) = turn.ballot(self.bundle.bundle.projects.len());
        match session.cast_ballot(turn.seat, &conflicts, &grades) {
            Ok(receipt) => {
                let seat_id = &self.bundle.bundle.jurors[turn.seat].seat;
                // The ballot is safe in the tally; a stale draft is harmless
                // (it no longer fits the seat's state) but is removed.
                let _ = turn::delete_draft(&self.folder, seat_id);
                self.notice = None;
                Mode::Receipt {
                    code: receipt_code(&receipt),
                }
            }
            Err(e) => {
                self.notice = Some(Notice::Error(
                    self.strings().fill("confirm.failed", &[("reason", &e)]),
                ));
                Mode::Turn(turn)
            }
        }
    }

    fn handle_click(&mut self, column: u16, row: u16) {
        let Mode::Turn(turn) = &self.mode else { return };
        let hit = match turn.stage {
            Stage::Scoring => screens::scoring::hit(self, turn, column, row),
            Stage::Review => screens::review::hit(self, turn, column, row),
            _ => None,
        };
        let Some(hit) = hit else { return };
        let Mode::Turn(turn) = &mut self.mode else {
            return;
        };
        match (turn.stage, hit) {
            (Stage::Scoring, screens::Hit::Criterion(c)) => turn.focus(c),
            (Stage::Scoring, screens::Hit::Grade(g)) => {
                if !turn.conflicts[turn.position] {
                    turn.grade(g);
                }
            }
            (Stage::Review, screens::Hit::Cell(p, c)) => {
                turn.position = p;
                turn.criterion = c;
            }
            _ => return,
        }
        self.save_draft();
    }
}

fn is_yes(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char('o' | 'O' | 'y' | 'Y'))
}

/// What a juror notes down: the first 12 hex digits of the ballot line's
/// hash, in groups of four, to find it later in the published tally.
pub fn receipt_code(hash: &Digest) -> String {
    let hex = hash.hex();
    format!("{}-{}-{}", &hex[0..4], &hex[4..8], &hex[8..12])
}

pub fn short_hash(hash: &Digest) -> String {
    hash.hex()[..16].to_owned()
}
