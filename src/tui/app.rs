//! The kiosk's state, and the dispatch of keys and clicks to the actions of
//! the current mode (`opening_actions`, `juror_actions`, `console_actions`).
//! Drawing is in the screen modules and takes `&App`, so a frame never
//! changes what it shows.
//! Every confirmed change goes through `Session` (the tally) first.

use std::path::PathBuf;

use crossterm::event::{Event, KeyCode, KeyEvent, MouseButton, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::Rect;

use super::keymap::{
    Action, GlobalAction, HandoverAction, LinesAction, LockedAction, ReceiptAction, SealedAction,
};
use super::passphrase_delay::{PassphraseDelay, now_secs};
use super::speech::SpeechCommand;
use super::spoken_turn::SpokenTurn;
use super::text_input::{Edit, FacilitatorGate, TextInput};
use super::{Theme, screens, too_small};
use crate::bundle::BundleFile;
use crate::digest::Digest;
use crate::i18n::{Language, Strings};
use crate::session::{FolderLock, Session, SessionSeed};
use crate::signing::SessionKey;
use crate::turn::JurorTurn;

/// Passphrases shorter than this are refused when a session is opened.
pub use crate::signing::MIN_PASSPHRASE_CHARS;
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
    /// The ballot is on disk; the juror's receipt code (open ballots; a
    /// secret ballot has none).
    Receipt {
        code: Option<String>,
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
    /// Cancelling a further round below the quorum.
    CancelRound,
    /// A selection that departs from the ranking.
    Decision(Vec<usize>),
}

/// What the facilitator was doing when an unconfirmed turn was in the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterDiscard {
    MarkAbsent(usize),
    CloseRound,
    CancelRound,
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
    /// Withdrawing an absence marked by mistake (the round is still open).
    ConfirmPresent {
        seat: usize,
    },
    /// These seats have an unconfirmed turn that `then` would discard:
    /// D discards them (recorded), Esc lets the jurors finish.
    DraftAtRisk {
        seats: Vec<usize>,
        then: AfterDiscard,
    },
    /// The round has fewer ballots than the quorum: keep it open, or (a
    /// further round) cancel it.
    BelowQuorum,
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

/// What kind of notice: something done, or something to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Done,
    Warning,
}

/// How the notice on screen was made: its key and values, so that it is
/// said again in the other language when the language changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NoticeSource {
    tone: Tone,
    key: &'static str,
    values: Vec<(&'static str, String)>,
}

impl NoticeSource {
    fn render(&self, strings: &Strings) -> Notice {
        let values: Vec<(&str, &dyn std::fmt::Display)> = self
            .values
            .iter()
            .map(|(name, value)| (*name, value as &dyn std::fmt::Display))
            .collect();
        let text = strings.fill(self.key, &values);
        match self.tone {
            Tone::Done => Notice::Info(text),
            Tone::Warning => Notice::Error(text),
        }
    }
}

pub struct App {
    pub(super) bundle: BundleFile,
    /// The session's state folder: tally, encrypted key, drafts.
    pub(super) folder: PathBuf,
    /// Held while this kiosk may write in `folder`: taken before the first write.
    pub(super) folder_lock: Option<FolderLock>,
    /// Set while a juror's turn is presented in lines (the accessible turn).
    pub(super) spoken: Option<SpokenTurn>,
    /// The speech program, if this machine has one (`espeak-ng`).
    pub(super) speech: Option<SpeechCommand>,
    /// Wrong passphrase tries, kept in `folder`: each new try waits longer.
    pub(super) passphrase_delay: PassphraseDelay,
    /// A signer given with `--key`, used when the session is created.
    pub(super) pinned_key: Option<SessionKey>,
    /// The new session's seed; random unless fixed (tests, rehearsals).
    pub(super) seed: Option<SessionSeed>,
    pub(super) session: Option<Session>,
    pub(super) gate: Option<FacilitatorGate>,
    pub(super) mode: Mode,
    pub(super) overlay: Option<Overlay>,
    pub(super) notice: Option<Notice>,
    pub(super) notice_source: Option<NoticeSource>,
    pub(super) language: Language,
    pub(super) theme: Theme,
    /// The terminal's size at the last draw, for mouse hit tests.
    pub(super) area: Rect,
    /// Lines of the project card scrolled away.
    pub(super) card_scroll: u16,
    /// Shown on the opening screens when the folder is a scratch one.
    pub(super) scratch: bool,
    pub(super) quit: bool,
}

impl App {
    /// The kiosk on `folder`: opens the session there, or creates it.
    ///
    /// `bundle` comes from `bundle::load` or `bundle::parse`, which refuse
    /// control, bidi and invisible characters in every string: ratatui drops
    /// control characters when drawing, but not bidi overrides (U+202E is
    /// zero-width, so it is appended to the previous cell and reaches the
    /// terminal), so the screens rely on that refusal. Typed reasons are
    /// filtered in `TextInput`.
    pub fn new(bundle: BundleFile, folder: PathBuf, theme: Theme) -> Self {
        let language = Language::from_code(&bundle.bundle.language);
        // A key without a tally is a session whose opening was cut short:
        // its passphrase opens it; a new key must never replace it.
        let passphrase_delay = PassphraseDelay::load(&folder);
        let mode = if session_files_exist(&folder) {
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
            folder_lock: None,
            spoken: None,
            speech: SpeechCommand::detect(),
            passphrase_delay,
            pinned_key: None,
            seed: None,
            session: None,
            gate: None,
            mode,
            overlay: None,
            notice: None,
            notice_source: None,
            language,
            theme,
            area: Rect::new(0, 0, 80, 24),
            card_scroll: 0,
            scratch: false,
            quit: false,
        }
    }

    /// The folder's lock, taken by the caller before the kiosk starts (so
    /// a second kiosk is told at once); otherwise taken before the first write.
    pub fn with_folder_lock(mut self, lock: FolderLock) -> Self {
        self.folder_lock = Some(lock);
        self
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

    /// Shows the notice `key` (a table key) with `values` in the current
    /// language, and remembers how, to say it again after a language switch.
    pub(super) fn tell(
        &mut self,
        tone: Tone,
        key: &'static str,
        values: &[(&'static str, &dyn std::fmt::Display)],
    ) {
        let source = NoticeSource {
            tone,
            key,
            values: values
                .iter()
                .map(|(name, value)| (*name, value.to_string()))
                .collect(),
        };
        self.notice = Some(source.render(self.strings()));
        self.notice_source = Some(source);
    }

    /// The speech program found on this machine, if any.
    pub fn speech_command(&self) -> Option<super::speech::SpeechCommand> {
        self.speech.clone()
    }

    /// `fr` or `en`: the language of the screens, and of the voice.
    pub fn language_code(&self) -> &'static str {
        self.language.code()
    }

    /// The table key of the notice on screen, if it came from the tables.
    pub(super) fn notice_source_key(&self) -> Option<&'static str> {
        let source = self.notice_source.as_ref()?;
        (self.notice.as_ref() == Some(&source.render(self.strings()))).then_some(source.key)
    }

    /// French ↔ English; every visible string follows, the notice too
    /// when it came from the tables (a system error message stays as it is).
    pub(super) fn switch_language(&mut self) {
        let before = self.strings();
        self.language = match self.language {
            Language::Fr => Language::En,
            Language::En => Language::Fr,
        };
        if let Some(source) = &self.notice_source
            && self.notice.as_ref() == Some(&source.render(before))
        {
            self.notice = Some(source.render(self.strings()));
        }
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
        let overlay = self.overlay.clone();
        let notice = self.notice.clone();
        self.dispatch_event(event);
        if self.in_lines() {
            // In lines, what the screen would show is said.
            self.say_overlay_change(overlay.as_ref());
            if self.notice != notice
                && let Some(Notice::Error(text) | Notice::Info(text)) = self.notice.clone()
            {
                self.say(text);
            }
        } else {
            self.spoken = None;
        }
    }

    fn dispatch_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) => self.handle_key(*key),
            Event::Mouse(mouse)
                if mouse.kind == MouseEventKind::Down(MouseButton::Left)
                    && self.overlay.is_none() =>
            {
                self.handle_click(mouse.column, mouse.row);
            }
            Event::Resize(w, h) => self.area = Rect::new(0, 0, *w, *h),
            Event::Paste(text) => self.handle_paste(text),
            _ => {}
        }
    }

    /// A paste goes into the text field being typed, as one input; anywhere
    /// else it does nothing (a pasted "1q…" must not grade or quit) but say so.
    pub fn handle_paste(&mut self, text: &str) {
        if !too_small::fits(self.area) {
            return;
        }
        let field = match (&mut self.overlay, &mut self.mode) {
            (Some(Overlay::Gate { input, .. } | Overlay::Reason { input, .. }), _) => Some(input),
            (Some(_), _) => None,
            (
                None,
                Mode::Setup {
                    first,
                    second,
                    confirming,
                },
            ) => Some(if *confirming { second } else { first }),
            (None, Mode::Unlock { input }) => Some(input),
            (None, _) => None,
        };
        match field {
            Some(input) => {
                input.paste(text);
            }
            None => self.tell(Tone::Warning, "paste.ignored", &[]),
        }
    }

    /// A juror may be at the keyboard: leaving needs the facilitator.
    pub(super) fn is_kiosk(&self) -> bool {
        matches!(
            self.mode,
            Mode::Locked | Mode::Handover { .. } | Mode::Turn(_) | Mode::Receipt { .. }
        )
    }

    /// Every key goes through the tables of `keymap`: the global keys
    /// first (the language even over a dialog), a dialog's own keys, then
    /// the current mode's table. A key no table takes does nothing.
    pub fn handle_key(&mut self, key: KeyEvent) {
        // Below 80×24 only "please enlarge" is on screen: no key may change
        // anything nobody can see (a turn in lines does not draw screens).
        if !too_small::fits(self.area) && !self.in_lines() {
            return;
        }
        let global = self.global_action(&key);
        if global == Some(GlobalAction::Language) {
            self.switch_language();
            return;
        }
        if let Some(overlay) = self.overlay.take() {
            self.overlay_key(overlay, key);
            return;
        }
        match global {
            Some(GlobalAction::Help) => {
                self.overlay = Some(Overlay::Help);
                return;
            }
            Some(GlobalAction::Gate) => {
                self.open_gate();
                return;
            }
            Some(GlobalAction::Language) | None => {}
        }
        let Some(action) = self.mode_action(&key) else {
            return;
        };
        // The spoken help is made from the current screen's table: said
        // here, while `self.mode` is still the turn.
        if action == Action::Lines(LinesAction::Help) {
            let help = self.spoken_help();
            self.say(help);
            return;
        }
        // Each handler is given the mode it acts on and returns the next one;
        // meanwhile `self.mode` is a placeholder (Locked, the safe screen),
        // so a handler names what it works on (`save_draft_of(&turn)`).
        let mode = std::mem::replace(&mut self.mode, Mode::Locked);
        self.mode = match (mode, action) {
            (
                Mode::Setup {
                    first,
                    second,
                    confirming,
                },
                Action::Opening(_),
            ) => self.setup_key(first, second, confirming, key),
            (Mode::Unlock { input }, Action::Opening(_)) => self.unlock_key(input, key),
            (Mode::Locked, Action::Locked(LockedAction::Facilitator)) => {
                self.open_gate();
                Mode::Locked
            }
            (Mode::Console { selected }, Action::Console(action)) => {
                self.console_action(selected, action)
            }
            (Mode::Handover { seat }, Action::Handover(HandoverAction::Begin)) => {
                self.begin_turn(seat)
            }
            (Mode::Turn(turn), Action::Voice(action)) => {
                self.voice_action(action);
                Mode::Turn(turn)
            }
            (Mode::Turn(turn), Action::Lines(action)) => self.lines_action(turn, action, key),
            (Mode::Turn(turn), action) => self.turn_action(turn, action, key),
            (Mode::Receipt { .. }, Action::Receipt(ReceiptAction::Finish)) => {
                self.notice = None;
                Mode::Locked
            }
            (Mode::Results { selected, detail }, Action::Results(action)) => {
                self.results_action(selected, detail, action)
            }
            (Mode::RoundPicker { chosen, cursor }, Action::Selection(action)) => {
                self.round_picker_action(chosen, cursor, action)
            }
            (Mode::Decision { chosen, cursor }, Action::Selection(action)) => {
                self.decision_action(chosen, cursor, action)
            }
            (Mode::Sealed(_), Action::Sealed(SealedAction::Results)) => Mode::Results {
                selected: 0,
                detail: false,
            },
            (Mode::Sealed(report), Action::Sealed(SealedAction::Quit)) => {
                self.overlay = Some(Overlay::ConfirmQuit);
                Mode::Sealed(report)
            }
            // `mode_action` read this mode's own table: no other pair occurs.
            (mode, _) => mode,
        };
    }

    pub(super) fn typing_passphrase(&self) -> bool {
        matches!(self.mode, Mode::Setup { .. } | Mode::Unlock { .. })
    }

    /// A text field has the keyboard: a passphrase, or a typed reason.
    pub fn typing_text(&self) -> bool {
        match &self.overlay {
            Some(Overlay::Gate { .. } | Overlay::Reason { .. }) => true,
            Some(_) => false,
            None => self.typing_passphrase(),
        }
    }

    pub(super) fn open_gate(&mut self) {
        self.overlay = Some(Overlay::Gate {
            input: TextInput::default(),
            failed: false,
        });
    }

    pub(super) fn overlay_key(&mut self, overlay: Overlay, key: KeyEvent) {
        match overlay {
            Overlay::Help => {} // any key closes it
            Overlay::Gate { mut input, failed } => match input.handle_key(key) {
                Edit::Submit if self.refuse_while_waiting() => {
                    input.clear();
                    self.overlay = Some(Overlay::Gate { input, failed });
                }
                Edit::Submit => {
                    if self.gate.as_ref().is_some_and(|g| g.check(input.text())) {
                        self.passphrase_delay.succeeded();
                        self.enter_console();
                    } else {
                        self.passphrase_delay.failed(now_secs());
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
            Overlay::ConfirmPresent { seat } => {
                if is_yes(&key) {
                    self.record(|s| s.withdraw_absence(seat), "console.present_done");
                }
            }
            Overlay::DraftAtRisk { seats, then } => {
                if matches!(key.code, KeyCode::Char('d' | 'D')) {
                    self.discard_and_go_on(&seats, then);
                } else {
                    self.tell(Tone::Done, "draft.kept", &[]);
                }
            }
            Overlay::BelowQuorum => {
                if matches!(key.code, KeyCode::Char('c' | 'C')) {
                    self.start_cancel();
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
                Edit::Submit if crate::session::is_blank(input.text()) => {
                    self.tell(Tone::Warning, "reason.empty", &[]);
                    self.overlay = Some(Overlay::Reason { purpose, input });
                }
                Edit::Submit => {
                    let text = input.text().trim().to_owned();
                    let reason = Some(text.clone());
                    match purpose {
                        ReasonFor::CloseRound => {
                            if self.record(|s| s.close_round(reason), "console.closed") {
                                self.discard_drafts();
                            }
                        }
                        ReasonFor::CancelRound => {
                            if self.record(|s| s.cancel_round(text), "round.cancelled_done") {
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

    /// The facilitator takes over: an open turn is kept as a draft on disk,
    /// and nothing of it stays on screen or in memory.
    pub(super) fn enter_console(&mut self) {
        let mut selected = self.first_waiting();
        if let Mode::Turn(turn) = &self.mode {
            selected = turn.seat;
            self.save_draft();
            let name = self.bundle.bundle.jurors[selected]
                .display_name()
                .to_owned();
            self.tell(Tone::Done, "console.turn_suspended", &[("name", &name)]);
        } else if let Mode::Handover { seat } = self.mode {
            selected = seat;
        }
        self.mode = Mode::Console { selected };
        self.card_scroll = 0;
    }
}

/// O (oui) or Y (yes), in either language, pressed alone or with Shift: a
/// dialog's "yes" is never taken from Alt-y or Ctrl-o.
pub(super) fn is_yes(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char('o' | 'O' | 'y' | 'Y')) && super::keymap::plain(key)
}

/// Whether `folder` holds a session (its tally, or its key).
pub(super) fn session_files_exist(folder: &std::path::Path) -> bool {
    [TALLY_FILE, KEY_FILE]
        .iter()
        .any(|name| std::fs::symlink_metadata(folder.join(name)).is_ok())
}

pub fn short_hash(hash: &Digest) -> String {
    hash.hex()[..16].to_owned()
}
