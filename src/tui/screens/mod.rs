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
pub use welcome::further_round as welcome_further_round;

use super::App;
use super::app::{AfterDiscard, Mode, Overlay, ReasonFor};
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
        Mode::Turn(turn) => match turn.stage() {
            Stage::Welcome { page } => welcome::render(app, frame, turn, page),
            Stage::Scoring => scoring::render(app, frame, turn),
            Stage::Review => review::render(app, frame, turn),
            Stage::Confirm => confirm::render(app, frame, turn),
        },
        Mode::Receipt { code } => confirm::render_receipt(app, frame, code.as_deref()),
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
            let declared = matches!(app.mode(), Mode::Turn(t) if t.conflicts()[t.position()]);
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
        Some(Overlay::ConfirmPresent { seat }) => {
            let name = app.bundle.bundle.jurors[*seat].display_name();
            let body = s.fill("present.body", &[("name", &name)]);
            confirm_dialog(app, frame, "present.title", body);
        }
        Some(Overlay::DraftAtRisk { seats, then }) => {
            let b = &app.bundle.bundle;
            let what = match then {
                AfterDiscard::MarkAbsent(_) => s.t("draft.for_absent"),
                AfterDiscard::CloseRound => s.t("draft.for_close"),
                AfterDiscard::CancelRound => s.t("draft.for_cancel"),
            };
            let mut lines = vec![Line::raw(what), Line::raw("")];
            for &seat in seats {
                // From the kiosk's index: drawing reads no draft.
                let (done, total) = app
                    .kiosk
                    .as_ref()
                    .and_then(|k| k.draft_at_risk(seat))
                    .unwrap_or((0, 0));
                lines.push(Line::styled(
                    s.fill(
                        "draft.seat",
                        &[
                            ("seat", &b.jurors[seat].seat),
                            ("name", &b.jurors[seat].display_name()),
                            ("done", &done),
                            ("total", &total),
                        ],
                    ),
                    app.theme.heading,
                ));
            }
            lines.push(Line::raw(""));
            lines.push(Line::raw(s.t("draft.lost")));
            lines.push(Line::raw(""));
            lines.push(Line::styled(s.t("draft.keys"), app.theme.heading));
            chrome::dialog(app, frame, s.t("draft.title"), lines, 68);
        }
        Some(Overlay::BelowQuorum) => {
            let state = app.session().map(|x| x.state());
            let body = s.fill(
                "quorum.below",
                &[
                    ("round", &state.map_or(1, |x| x.round_number())),
                    ("n", &state.map_or(0, |x| x.ballots_now())),
                    ("quorum", &app.bundle.bundle.quorum()),
                ],
            );
            let lines = vec![
                Line::raw(body),
                Line::raw(""),
                Line::styled(s.t("quorum.keys"), app.theme.heading),
            ];
            chrome::dialog(app, frame, s.t("quorum.title"), lines, 68);
        }
        Some(Overlay::ConfirmClose) => {
            let mut body = s.t("close.body").to_owned();
            if further_round(app) {
                body = format!("{body} {}", quorum_rule(app));
            }
            confirm_dialog(app, frame, "close.title", body)
        }
        Some(Overlay::ConfirmRound(projects)) => {
            let body = s.fill("round.confirm", &[("n", &projects.len())]);
            let body = format!("{body} {}", quorum_rule(app));
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
                ReasonFor::CancelRound => ("cancel.title", "cancel.reason"),
                ReasonFor::Decision(_) => ("decision.title", "decision.reason"),
            };
            let mut body = s.t(body).to_owned();
            if *purpose == ReasonFor::CloseRound && further_round(app) {
                body = format!("{body} {}", quorum_rule(app));
            }
            let lines = vec![
                Line::raw(body),
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

/// The current round is a further one (round 2 or later).
fn further_round(app: &App) -> bool {
    app.session().is_some_and(|x| x.state().round_number() > 1)
}

/// The quorum rule of a further round, in one sentence, where the
/// facilitator meets it (closing a further round, opening one).
fn quorum_rule(app: &App) -> String {
    app.strings()
        .fill("quorum.rule", &[("quorum", &app.bundle.bundle.quorum())])
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
