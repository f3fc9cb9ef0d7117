//! One file per screen; `render` picks the one for the current mode and
//! draws any overlay on top.

mod chrome;
mod confirm;
mod console;
mod handover;
mod help;
mod locked;
mod opening;
pub mod review;
pub mod scoring;
mod welcome;

use ratatui::Frame;
use ratatui::text::Line;

use super::App;
use super::app::{Mode, Overlay};
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
    }
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
                    chrome::styled(format!("{}▏", input.masked()), app.theme.focus),
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
            let s = app.strings();
            let lines = vec![
                Line::raw(s.t("quit.body")),
                Line::raw(""),
                Line::styled(s.t("dialog.yes_no"), app.theme.heading),
            ];
            chrome::dialog(app, frame, s.t("quit.title"), lines, 60);
        }
    }
}
