//! One file per screen; `render` picks the one for the current mode and
//! draws any overlay on top.

mod chrome;
mod confirm;
mod console;
mod handover;
mod help;
mod locked;
mod merit_bar;
mod opening;
mod results;
pub mod review;
pub mod scoring;
mod sealed;
mod selection;
mod welcome;

use ratatui::Frame;
use ratatui::text::Line;

pub use chrome::groups_of_four;

use super::App;
use super::app::{Mode, Overlay, ReasonFor};
use crate::turn::Stage;

/// What a mouse click landed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Criterion(usize),
    Grade(u8),
    Cell(usize, usize),
}

pub fn render(app: &App, frame: &mut Frame) {
    frame.render_widget(
        ratatui::widgets::Block::new().style(app.theme.base),
        frame.area(),
    );
    match app.mode() {
        Mode::Setup { .. } | Mode::Unlock { .. } => opening::render(app, frame),
        Mode::Locked => locked::render(app, frame),
        Mode::Console { selected } => console::render(app, frame, *selected),
        Mode::Handover { seat } => handover::render(app, frame, *seat),
        Mode::Turn(turn) => match turn.stage {
            Stage::Welcome { page } => welcome::render(app, frame, turn, page),
            Stage::Scoring => scoring::render(app, frame, turn),
            Stage::Review => review::render(app, frame, turn),
            Stage::Confirm => confirm::render(app, frame, turn),
        },
        Mode::Receipt { code } => confirm::render_receipt(app, frame, code),
        Mode::Results { selected, detail } => results::render(app, frame, *selected, *detail),
        Mode::RoundPicker { chosen, cursor } => {
            selection::render(app, frame, selection::Purpose::Round, chosen, *cursor);
        }
        Mode::Decision { chosen, cursor } => {
            selection::render(app, frame, selection::Purpose::Decision, chosen, *cursor);
        }
        Mode::Sealed(report) => sealed::render(app, frame, report),
    }
    let s = app.strings();
    match app.overlay() {
        None => {}
        Some(Overlay::Help) => help::render(app, frame),
        Some(Overlay::Gate { input, failed }) => {
            let s = app.strings();
            let mut lines = vec![
                Line::raw(s.t("gate.body")),
                Line::raw(""),
                Line::from(vec![
                    chrome::styled(format!("{} ", s.t("gate.prompt")), app.theme.heading),
                    chrome::styled(
                        format!("{}{}", input.masked(), chrome::CARET),
                        app.theme.focus,
                    ),
                ]),
            ];
            if *failed {
                lines.push(Line::styled(
                    format!("⚠ {}", s.t("gate.wrong")),
                    app.theme.warning,
                ));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(s.t("gate.keys"), app.theme.dim));
            chrome::dialog(app, frame, s.t("gate.title"), lines, 60);
        }
        Some(Overlay::ConfirmConflict) => {
            let s = app.strings();
            let declared = matches!(app.mode(), Mode::Turn(t) if t.conflicts[t.position]);
            let (title, body) = if declared {
                ("conflict.withdraw_title", "conflict.withdraw_body")
            } else {
                ("conflict.title", "conflict.body")
            };
            let lines = vec![
                Line::raw(s.t(body)),
                Line::raw(""),
                Line::styled(s.t("dialog.yes_no"), app.theme.heading),
            ];
            chrome::dialog(app, frame, s.t(title), lines, 64);
        }
        Some(Overlay::ConfirmQuit) => {
            let body = if app.is_sealed() {
                "quit.body_sealed"
            } else {
                "quit.body"
            };
            confirm_dialog(app, frame, "quit.title", s.t(body).into())
        }
        Some(Overlay::ConfirmAbsent { seat }) => {
            let name = app.bundle.bundle.jurors[*seat].display_name();
            let body = s.fill("absent.body", &[("name", &name)]);
            confirm_dialog(app, frame, "absent.title", body);
        }
        Some(Overlay::ConfirmClose) => {
            confirm_dialog(app, frame, "close.title", s.t("close.body").into())
        }
        Some(Overlay::ConfirmRound(projects)) => {
            let body = s.fill("round.confirm", &[("n", &projects.len())]);
            confirm_dialog(app, frame, "round.title", body);
        }
        Some(Overlay::ConfirmDecision(selected)) => {
            let body = s.fill("decision.confirm", &[("n", &selected.len())]);
            confirm_dialog(app, frame, "decision.title", body);
        }
        Some(Overlay::ConfirmSeal) => {
            confirm_dialog(app, frame, "seal.title", s.t("seal.body").into())
        }
        Some(Overlay::Reason { purpose, input }) => {
            let (title, body) = match purpose {
                ReasonFor::CloseRound => ("close.title", "close.reason"),
                ReasonFor::Decision(_) => ("decision.title", "decision.reason"),
            };
            let lines = vec![
                Line::raw(s.t(body)),
                Line::raw(""),
                Line::styled(
                    format!("{}{}", input.text(), chrome::CARET),
                    app.theme.focus,
                ),
                Line::raw(""),
                Line::styled(s.t("reason.keys"), app.theme.dim),
            ];
            chrome::dialog(app, frame, s.t(title), lines, 72);
        }
    }
    if app.typing_text() {
        chrome::cursor_at_caret(frame);
    }
}

/// A yes/no question over the screen.
fn confirm_dialog(app: &App, frame: &mut Frame, title: &str, body: String) {
    let s = app.strings();
    let lines = vec![
        Line::raw(body),
        Line::raw(""),
        Line::styled(s.t("dialog.yes_no"), app.theme.heading),
    ];
    chrome::dialog(app, frame, s.t(title), lines, 64);
}
