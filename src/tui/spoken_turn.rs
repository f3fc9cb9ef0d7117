//! The turn in lines, for a juror who cannot see the screen: the same turn
//! (`JurorTurn`), the same drafts, rules and tally as the visual one, but
//! presented as one prompt per line, printed below the last and never
//! redrawn, which screen readers and braille displays follow, and spoken
//! through `speech` for headphones. Only the presentation differs.

use crossterm::event::{KeyCode, KeyEvent};

use super::app::{App, Mode, Overlay};
use super::keymap::{LinesAction, VoiceAction};
use super::speech::Voice;
use crate::turn::{JurorTurn, Stage, StepBack};

/// What the turn in lines is waiting for besides a grade.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Awaiting {
    #[default]
    Grade,
    /// O/Y or N: declare a conflict of interest on the current project.
    ConflictAnswer,
    /// Digits then Enter: the project to change, from the review.
    ProjectNumber(String),
    /// Digits then Enter: the criterion of `position` to change.
    CriterionNumber(usize, String),
}

/// The presentation state of a turn in lines (the turn itself is the mode's).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpokenTurn {
    pub awaiting: Awaiting,
    pub voice: Voice,
    /// The screen is blanked: lines are spoken, not printed.
    pub curtain: bool,
    /// Lines to print and speak, in order, not yet taken by the terminal.
    pub lines: Vec<String>,
    /// The last prompt, for "repeat".
    pub last_prompt: String,
}

impl App {
    /// Starts the turn of `seat` in lines (resuming its draft, if any).
    pub(super) fn begin_spoken_turn(&mut self, seat: usize) -> Mode {
        let mode = self.begin_turn(seat);
        let Mode::Turn(turn) = &mode else {
            return mode;
        };
        self.spoken = Some(SpokenTurn::default());
        if self.notice_source_key() == Some("turn.draft_unreadable") {
            self.say(self.strings().t("turn.draft_unreadable").to_owned());
        }
        let name = self.bundle.bundle.jurors[seat].display_name().to_owned();
        if turn.stage() == (Stage::Welcome { page: 0 }) {
            if turn.round() > 1 {
                self.say(super::screens::welcome_further_round(self, turn));
            }
            self.prompt(self.strings().fill("spoken.start", &[("name", &name)]));
        } else {
            self.say(self.strings().t("spoken.resumed").to_owned());
            self.prompt_for(turn, true);
        }
        mode
    }

    /// Whether the screen is in lines: a turn in lines, or its receipt.
    pub fn in_lines(&self) -> bool {
        self.spoken.is_some() && matches!(self.mode, Mode::Turn(_) | Mode::Receipt { .. })
    }

    /// The lines said since the last call, and the voice to say them with.
    pub fn take_lines(&mut self) -> Option<(Vec<String>, Voice, bool)> {
        let spoken = self.spoken.as_mut()?;
        if spoken.lines.is_empty() {
            return None;
        }
        Some((
            std::mem::take(&mut spoken.lines),
            spoken.voice,
            spoken.curtain,
        ))
    }

    pub(super) fn say(&mut self, line: String) {
        if let Some(spoken) = &mut self.spoken {
            spoken.lines.push(line);
        }
    }

    /// Says `line` and keeps it as the prompt that R repeats.
    fn prompt(&mut self, line: String) {
        if let Some(spoken) = &mut self.spoken {
            spoken.last_prompt.clone_from(&line);
            spoken.lines.push(line);
        }
    }

    fn awaiting(&self) -> Awaiting {
        self.spoken
            .as_ref()
            .map(|s| s.awaiting.clone())
            .unwrap_or_default()
    }

    fn set_awaiting(&mut self, awaiting: Awaiting) {
        if let Some(spoken) = &mut self.spoken {
            spoken.awaiting = awaiting;
        }
    }

    /// The prompt for the focused criterion, with the project's name first
    /// when the juror arrives on a project.
    fn prompt_for(&mut self, turn: &JurorTurn, with_project: bool) {
        let s = self.strings();
        let bundle = &self.bundle.bundle;
        let lang = self.lang();
        let total = turn.order().len();
        let mut line = String::new();
        if with_project {
            let name = bundle.projects[turn.project()].text(lang).name;
            line.push_str(&s.fill(
                "spoken.project",
                &[
                    ("n", &(turn.position() + 1)),
                    ("total", &total),
                    ("name", &name),
                ],
            ));
            line.push(' ');
        }
        if turn.is_recused() {
            line.push_str(s.t("spoken.recused_session"));
        } else if turn.conflicts()[turn.position()] {
            line.push_str(s.t("spoken.recused"));
        } else {
            let grades = &bundle.grades;
            line.push_str(&s.fill(
                "spoken.criterion",
                &[
                    ("n", &(turn.criterion() + 1)),
                    ("total", &turn.criteria()),
                    ("label", &bundle.criteria[turn.criterion()].text(lang).0),
                    ("max", &grades.len()),
                    ("best", &grades[0].text(lang).0),
                    ("worst", &grades[grades.len() - 1].text(lang).0),
                ],
            ));
        }
        self.prompt(line);
    }

    fn say_review(&mut self, turn: &JurorTurn) {
        let s = self.strings();
        let bundle = &self.bundle.bundle;
        let lang = self.lang();
        let mut lines = vec![s.fill("spoken.review", &[("projects", &turn.order().len())])];
        for (position, &p) in turn.order().iter().enumerate() {
            let name = bundle.projects[p].text(lang).name;
            let n = position + 1;
            if turn.conflicts()[position] {
                lines.push(s.fill("spoken.review_recused", &[("n", &n), ("name", &name)]));
                continue;
            }
            let grades: Vec<String> = turn.grades()[position]
                .iter()
                .enumerate()
                .map(|(c, g)| {
                    let criterion = bundle.criteria[c].text(lang).0;
                    let grade = g.map_or("?", |g| bundle.grades[usize::from(g)].text(lang).0);
                    s.fill(
                        "spoken.review_grade",
                        &[
                            ("n", &(c + 1)),
                            ("criterion", &criterion),
                            ("grade", &grade),
                        ],
                    )
                })
                .collect();
            lines.push(s.fill(
                "spoken.review_line",
                &[("n", &n), ("name", &name), ("grades", &grades.join(" "))],
            ));
        }
        let missing = turn.missing().len();
        if missing > 0 {
            lines.push(s.fill("spoken.review_missing", &[("count", &missing)]));
        }
        for line in lines {
            self.say(line);
        }
        self.prompt(s.t("spoken.review_keys").to_owned());
    }

    /// A key of the turn in lines' tables (`keymap::LINES_*`). Rules,
    /// drafts and the ballot are the visual turn's own (`JurorTurn`,
    /// `save_draft`, `cast`).
    pub(super) fn lines_action(
        &mut self,
        mut turn: Box<JurorTurn>,
        action: LinesAction,
        key: KeyEvent,
    ) -> Mode {
        let before = turn.clone();
        match (turn.stage(), action) {
            (Stage::Welcome { .. }, LinesAction::Begin) => {
                turn.start_scoring();
                self.say_intro(&turn);
                self.prompt_for(&turn, true);
            }
            (Stage::Scoring, action) => self.spoken_scoring_action(&mut turn, action, key),
            (Stage::Review, action) => self.spoken_review_action(&mut turn, action, key),
            (Stage::Confirm, LinesAction::Cast) => return self.cast_spoken(turn),
            (Stage::Confirm, LinesAction::BackToReview) => {
                turn.back_to_review();
                self.say_review(&turn);
            }
            (Stage::Confirm, _) => self.repeat(),
            (Stage::Welcome { .. }, _) => {}
        }
        if *turn != *before {
            self.save_draft_of(&turn);
        }
        Mode::Turn(turn)
    }

    fn say_intro(&mut self, turn: &JurorTurn) {
        let grades = &self.bundle.bundle.grades;
        let lang = self.lang();
        let line = self.strings().fill(
            "spoken.intro",
            &[
                ("projects", &turn.order().len()),
                ("criteria", &turn.criteria()),
                ("n", &grades.len()),
                ("best", &grades[0].text(lang).0),
                ("worst", &grades[grades.len() - 1].text(lang).0),
            ],
        );
        self.say(line);
    }

    fn repeat(&mut self) {
        if let Some(prompt) = self.spoken.as_ref().map(|s| s.last_prompt.clone()) {
            self.say(prompt);
        }
    }

    /// F5–F9: the voice's speed and volume, and the screen curtain.
    pub(super) fn voice_action(&mut self, action: VoiceAction) {
        let Some(spoken) = &mut self.spoken else {
            return;
        };
        let voice = &mut spoken.voice;
        match action {
            VoiceAction::Slower => voice.slower(),
            VoiceAction::Faster => voice.faster(),
            VoiceAction::Softer => voice.softer(),
            VoiceAction::Louder => voice.louder(),
            VoiceAction::Curtain => spoken.curtain = !spoken.curtain,
        }
        let (voice, curtain) = (spoken.voice, spoken.curtain);
        let s = self.strings();
        let line = match action {
            VoiceAction::Slower | VoiceAction::Faster => {
                s.fill("spoken.rate", &[("rate", &voice.rate)])
            }
            VoiceAction::Softer | VoiceAction::Louder => {
                s.fill("spoken.volume", &[("volume", &voice.volume)])
            }
            VoiceAction::Curtain if curtain => s.t("spoken.curtain_on").to_owned(),
            VoiceAction::Curtain => s.t("spoken.curtain_off").to_owned(),
        };
        self.say(line);
    }

    fn spoken_scoring_action(&mut self, turn: &mut JurorTurn, action: LinesAction, key: KeyEvent) {
        let s = self.strings();
        match action {
            LinesAction::AnswerYes | LinesAction::AnswerNo => {
                self.set_awaiting(Awaiting::Grade);
                if action == LinesAction::AnswerYes {
                    let name = self.bundle.bundle.projects[turn.project()]
                        .text(self.lang())
                        .name
                        .to_owned();
                    turn.toggle_conflict();
                    self.say(s.fill("spoken.conflict_done", &[("name", &name)]));
                    self.move_on(turn);
                } else {
                    self.prompt_for(turn, false);
                }
            }
            LinesAction::Grade => {
                let Some(grade) = self.grade_for(&key) else {
                    return;
                };
                if turn.conflicts()[turn.position()] {
                    self.prompt_for(turn, false);
                    return;
                }
                let label = self.bundle.bundle.grades[usize::from(grade)]
                    .text(self.lang())
                    .0
                    .to_owned();
                turn.grade(grade);
                self.say(s.fill(
                    "spoken.given",
                    &[("grade", &(grade + 1)), ("label", &label)],
                ));
                if turn.missing_here().is_empty() {
                    self.move_on(turn);
                } else {
                    self.prompt_for(turn, false);
                }
            }
            LinesAction::NoSuchGrade => {
                if let KeyCode::Char(c) = key.code {
                    let max = self.bundle.bundle.grades.len();
                    self.say(s.fill("spoken.no_grade", &[("key", &c), ("max", &max)]));
                }
            }
            LinesAction::MoveOn => self.move_on(turn),
            LinesAction::Repeat => self.repeat(),
            LinesAction::Where => self.say_where(turn),
            LinesAction::Describe => self.say_description(turn),
            LinesAction::Scale => self.say_scale(),
            LinesAction::Previous => self.previous(turn),
            LinesAction::Undo => self.spoken_undo(turn),
            LinesAction::Conflict if turn.is_recused() => {
                self.say(s.t("scoring.recused_no_undo").to_owned());
                self.prompt_for(turn, false);
            }
            LinesAction::Conflict => {
                if turn.conflicts()[turn.position()] {
                    turn.toggle_conflict();
                    self.say(s.t("spoken.conflict_withdrawn").to_owned());
                    self.prompt_for(turn, false);
                } else {
                    let name = self.bundle.bundle.projects[turn.project()]
                        .text(self.lang())
                        .name;
                    let line = s.fill("spoken.conflict_ask", &[("name", &name)]);
                    self.set_awaiting(Awaiting::ConflictAnswer);
                    self.prompt(line);
                }
            }
            LinesAction::Review => {
                turn.skip_to_review();
                self.say_review(turn);
            }
            _ => {}
        }
    }

    /// After a project is complete (or recused): the next project, or back
    /// to the review when the change was made from it, or the review at the end.
    fn move_on(&mut self, turn: &mut JurorTurn) {
        let position = turn.position();
        if turn.advance().is_err() {
            self.prompt_for(turn, false);
            return;
        }
        if turn.stage() == Stage::Review {
            self.say_review(turn);
        } else {
            self.prompt_for(turn, turn.position() != position);
        }
    }

    /// Takes back the last grade (from the scoring or the review, as the
    /// visual turn does) and asks for that criterion again.
    fn spoken_undo(&mut self, turn: &mut JurorTurn) {
        let s = self.strings();
        if turn.undo() {
            self.say(s.fill(
                "spoken.undone",
                &[
                    ("c", &(turn.criterion() + 1)),
                    ("n", &(turn.position() + 1)),
                ],
            ));
            self.prompt_for(turn, true);
        } else {
            self.say(s.t("spoken.nothing_to_undo").to_owned());
        }
    }

    fn previous(&mut self, turn: &mut JurorTurn) {
        match turn.step_back() {
            Some(StepBack::Criterion) => self.prompt_for(turn, false),
            Some(StepBack::Project) => self.prompt_for(turn, true),
            None => self.say(self.strings().t("spoken.first").to_owned()),
        }
    }

    fn say_where(&mut self, turn: &JurorTurn) {
        let name = self.bundle.bundle.projects[turn.project()]
            .text(self.lang())
            .name;
        let line = self.strings().fill(
            "spoken.where",
            &[
                ("n", &(turn.position() + 1)),
                ("total", &turn.order().len()),
                ("name", &name),
                ("c", &(turn.criterion() + 1)),
                ("criteria", &turn.criteria()),
                ("done", &turn.done()),
            ],
        );
        self.say(line);
    }

    fn say_description(&mut self, turn: &JurorTurn) {
        let p = self.bundle.bundle.projects[turn.project()].text(self.lang());
        let line = self.strings().fill(
            "spoken.description",
            &[
                ("name", &p.name),
                ("aim", &p.aim),
                ("proposal", &p.proposal),
                ("complements", &p.complements),
            ],
        );
        self.say(line.split_whitespace().collect::<Vec<_>>().join(" "));
    }

    fn say_scale(&mut self) {
        let lang = self.lang();
        let lines: Vec<String> = self
            .bundle
            .bundle
            .grades
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let (label, meaning) = g.text(lang);
                self.strings().fill(
                    "spoken.scale_item",
                    &[("n", &(i + 1)), ("label", &label), ("meaning", &meaning)],
                )
            })
            .collect();
        for line in lines {
            self.say(line);
        }
    }

    fn spoken_review_action(&mut self, turn: &mut JurorTurn, action: LinesAction, key: KeyEvent) {
        let s = self.strings();
        match (self.awaiting(), action) {
            (Awaiting::ProjectNumber(typed), _) => {
                let max = turn.order().len();
                match self.number_key(typed, action, key, max) {
                    NumberEntry::Typing(typed) => self.set_awaiting(Awaiting::ProjectNumber(typed)),
                    NumberEntry::Done(n) => {
                        self.set_awaiting(Awaiting::CriterionNumber(n - 1, String::new()));
                        if turn.conflicts()[n - 1] {
                            // A recused project: open it, where C withdraws the conflict.
                            self.set_awaiting(Awaiting::Grade);
                            turn.open_from_review(n - 1, 0);
                            self.prompt_for(turn, true);
                        } else {
                            self.prompt(s.t("spoken.ask_criterion").to_owned());
                        }
                    }
                }
            }
            (Awaiting::CriterionNumber(position, typed), _) => {
                let max = turn.criteria();
                match self.number_key(typed, action, key, max) {
                    NumberEntry::Typing(typed) => {
                        self.set_awaiting(Awaiting::CriterionNumber(position, typed));
                    }
                    NumberEntry::Done(c) => {
                        self.set_awaiting(Awaiting::Grade);
                        turn.open_from_review(position, c - 1);
                        self.prompt_for(turn, true);
                    }
                }
            }
            (_, LinesAction::Change) => {
                if let Some(&(position, criterion)) = turn.missing().first() {
                    turn.open_from_review(position, criterion);
                    self.prompt_for(turn, true);
                } else {
                    self.set_awaiting(Awaiting::ProjectNumber(String::new()));
                    self.prompt(s.t("spoken.ask_project").to_owned());
                }
            }
            (_, LinesAction::Confirm) => {
                if turn.to_confirm().is_ok() {
                    self.prompt(s.t("spoken.confirm").to_owned());
                } else {
                    self.say_review(turn);
                }
            }
            (_, LinesAction::RepeatReview) => self.say_review(turn),
            (_, LinesAction::Scale) => self.say_scale(),
            (_, LinesAction::Undo) => self.spoken_undo(turn),
            _ => {}
        }
    }

    fn number_key(
        &mut self,
        mut typed: String,
        action: LinesAction,
        key: KeyEvent,
        max: usize,
    ) -> NumberEntry {
        match (action, key.code) {
            (LinesAction::NumberDigit, KeyCode::Char(c)) if typed.len() < 4 => {
                typed.push(c);
                self.say(c.to_string());
                NumberEntry::Typing(typed)
            }
            (LinesAction::NumberErase, _) => {
                typed.pop();
                NumberEntry::Typing(typed)
            }
            (LinesAction::NumberDone, _) => match typed.parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => NumberEntry::Done(n),
                _ => {
                    let line = self
                        .strings()
                        .fill("spoken.bad_number", &[("number", &typed), ("max", &max)]);
                    self.say(line);
                    NumberEntry::Typing(String::new())
                }
            },
            _ => NumberEntry::Typing(typed),
        }
    }

    /// Casts the ballot as the visual turn does; the receipt is said.
    fn cast_spoken(&mut self, turn: Box<JurorTurn>) -> Mode {
        let mode = self.cast(turn);
        match &mode {
            Mode::Receipt { code: None } => {
                let line = self.strings().t("spoken.receipt_none").to_owned();
                self.prompt(line);
            }
            Mode::Receipt { code: Some(code) } => {
                // Spelled out, so a speech synthesiser reads it sign by sign.
                let spelled: Vec<String> = code
                    .split('-')
                    .map(|group| {
                        group
                            .chars()
                            .map(String::from)
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect();
                let line = self.strings().fill(
                    "spoken.receipt",
                    &[("spelled", &format!("{code} ({})", spelled.join(", ")))],
                );
                self.prompt(line);
            }
            _ => {
                if let Some(super::app::Notice::Error(text)) = self.notice.clone() {
                    self.say(text);
                }
            }
        }
        mode
    }

    /// In lines, the exit gate and its answers are lines too.
    pub(super) fn say_overlay_change(&mut self, before: Option<&Overlay>) {
        if !self.in_lines() {
            return;
        }
        let line = match (before, &self.overlay) {
            (Some(Overlay::Gate { .. }), Some(Overlay::Gate { failed: true, .. })) => {
                Some("spoken.gate_wrong")
            }
            (Some(Overlay::Gate { .. }), _) => None,
            (_, Some(Overlay::Gate { .. })) => Some("spoken.gate"),
            (_, Some(Overlay::Help)) => {
                let help = self.spoken_help();
                self.say(help);
                None
            }
            _ => None,
        };
        if let Some(key) = line {
            let text = self.strings().t(key).to_owned();
            self.say(text);
        }
    }
}

enum NumberEntry {
    Typing(String),
    Done(usize),
}
