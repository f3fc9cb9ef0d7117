//! The kiosk's state, and the dispatch of keys and clicks to the actions of
//! the current mode (`opening_actions`, `juror_actions`, `console_actions`).
//! Drawing is in the screen modules and takes `&App`, so a frame never
//! changes what it shows.
//! Every confirmed change goes through `Session` (the tally) first.

use std::path::PathBuf;

use crossterm::event::{Event, KeyEvent, MouseButton, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::Rect;

use super::keymap::{
    Action, GlobalAction, HandoverAction, LinesAction, LockedAction, ReceiptAction, SealedAction,
};
use super::speech::SpeechCommand;
use super::spoken_turn::SpokenTurn;
use super::text_input::TextInput;
use super::{Theme, screens, too_small};
use crate::bundle::BundleFile;
use crate::digest::Digest;
use crate::i18n::{Language, Strings};
use crate::kiosk::{FolderLock, Kiosk, SessionFolder};
use crate::session::{Session, SessionSeed};
use crate::signing::SessionKey;
use crate::turn::JurorTurn;

/// Passphrases shorter than this are refused when a session is opened.
pub use crate::signing::MIN_PASSPHRASE_CHARS;

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
    /// The session's state folder, until and after the session is open.
    pub(super) folder: SessionFolder,
    /// The open session, its drafts, the facilitator's calls.
    pub(super) kiosk: Option<Kiosk>,
    /// Set while a juror's turn is presented in lines (the accessible turn).
    pub(super) spoken: Option<SpokenTurn>,
    /// The speech program, if this machine has one (`espeak-ng`).
    pub(super) speech: Option<SpeechCommand>,
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
        let folder = SessionFolder::new(folder);
        let mode = if folder.has_session() {
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
            kiosk: None,
            spoken: None,
            speech: SpeechCommand::detect(),
            mode,
            overlay: None,
            notice: None,
            notice_source: None,
            language,
            theme,
            area: Rect::new(0, 0, 80, 24),
            card_scroll: 0,
            quit: false,
        }
    }

    /// The folder's lock, taken by the caller before the kiosk starts (so
    /// a second kiosk is told at once); otherwise taken before the first write.
    pub fn with_folder_lock(mut self, lock: FolderLock) -> Self {
        self.folder = self.folder.with_lock(lock);
        self
    }

    pub fn with_pinned_key(mut self, key: SessionKey) -> Self {
        self.folder = self.folder.with_pinned_key(key);
        self
    }

    /// Fixes the seed of a session this app creates (reproducible orders).
    pub fn with_seed(mut self, seed: SessionSeed) -> Self {
        self.folder = self.folder.with_seed(seed);
        self
    }

    pub fn with_language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    pub fn scratch_folder(mut self) -> Self {
        self.folder = self.folder.scratch();
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
        self.kiosk.as_ref().map(Kiosk::session)
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
                if let Mode::Turn(turn) = &self.mode
                    && let Some(next) = self.click(&turn.clone(), mouse.column, mouse.row)
                {
                    self.mode = Mode::Turn(Box::new(next));
                }
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
            if let Some(mode) = self.overlay_key(overlay, key) {
                self.mode = mode;
            }
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
        // The spoken help is made from the current screen's table.
        if action == Action::Lines(LinesAction::Help) {
            let help = self.spoken_help();
            self.say(help);
            return;
        }
        // Each handler is given (a copy of) the mode it acts on and returns
        // the next one; no handler assigns `self.mode`, so `self.mode` is
        // the screen on show until the handler is done.
        self.mode = self.mode_key(self.mode.clone(), action, key);
    }

    /// The next mode after `action` in `mode`.
    fn mode_key(&mut self, mode: Mode, action: Action, key: KeyEvent) -> Mode {
        match (mode, action) {
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
        }
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
}

pub fn short_hash(hash: &Digest) -> String {
    hash.hex()[..16].to_owned()
}
