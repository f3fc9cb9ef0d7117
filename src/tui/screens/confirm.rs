//! "This is final", then the receipt once the ballot is on disk.

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::text::Line;

use super::chrome::{self, key_span, styled};
use crate::tui::App;
use crate::turn::JurorTurn;

pub fn render(app: &App, frame: &mut Frame, turn: &JurorTurn) {
    let s = app.strings();
    let areas = chrome::areas(frame.area());
    chrome::header(app, frame, areas.header, s.t("confirm.title"), "");
    let conflicts = turn.conflicts.iter().filter(|c| **c).count();
    let graded = turn.order.len() - conflicts;
    let lines = vec![
        Line::raw(s.fill(
            "confirm.summary",
            &[("graded", &graded), ("conflicts", &conflicts)],
        )),
        Line::raw(""),
        Line::styled(s.t("confirm.final"), app.theme.heading),
        Line::raw(""),
        Line::from(vec![
            key_span(app, s.t("key.yes")),
            styled(format!(" {}    ", s.t("confirm.yes")), app.theme.base),
            key_span(app, s.t("key.esc")),
            styled(format!(" {}", s.t("confirm.no")), app.theme.base),
        ]),
    ];
    chrome::text_box(
        app,
        frame,
        areas.body,
        s.t("confirm.box"),
        lines,
        72,
        Alignment::Center,
    );
    chrome::notice(app, frame, areas.notice);
    chrome::footer(
        app,
        frame,
        areas.footer,
        &[
            (s.t("key.yes"), s.t("keys.confirm")),
            (s.t("key.esc"), s.t("keys.back_review")),
        ],
    );
}

pub fn render_receipt(app: &App, frame: &mut Frame, code: &str) {
    let s = app.strings();
    let areas = chrome::areas(frame.area());
    chrome::header(app, frame, areas.header, &app.bundle.bundle.title, "");
    let lines = vec![
        Line::styled(format!("✔ {}", s.t("receipt.saved")), app.theme.ok),
        Line::raw(""),
        Line::raw(s.t("receipt.code_intro")),
        Line::styled(code.to_owned(), app.theme.title),
        Line::raw(s.t("receipt.code_use")),
        Line::raw(""),
        Line::styled(s.t("receipt.handback"), app.theme.heading),
    ];
    chrome::text_box(
        app,
        frame,
        areas.body,
        s.t("receipt.title"),
        lines,
        72,
        Alignment::Center,
    );
    chrome::notice(app, frame, areas.notice);
    chrome::footer(
        app,
        frame,
        areas.footer,
        &[(s.t("key.enter"), s.t("keys.finish"))],
    );
}
