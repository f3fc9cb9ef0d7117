//! "This is final", then the receipt once the ballot is on disk.

use ratatui::Frame;
use ratatui::text::Line;

use super::chrome::{self, key_span, styled};
use crate::tui::App;
use crate::turn::JurorTurn;

pub fn render(app: &App, frame: &mut Frame, turn: &JurorTurn) {
    let s = app.strings();
    let conflicts = turn.conflicts().iter().filter(|c| **c).count();
    let graded = turn.order().len() - conflicts;
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
    chrome::boxed_screen(
        app,
        frame,
        chrome::BoxedScreen::centred(s.t("confirm.title"), s.t("confirm.box"), 72),
        lines,
    );
}

/// Open ballots show the ballot line's code; a secret ballot has none, and
/// its screen is the same, word for word, whatever the ballot said.
pub fn render_receipt(app: &App, frame: &mut Frame, code: Option<&str>) {
    let s = app.strings();
    let mut lines = vec![
        Line::styled(format!("✔ {}", s.t("receipt.saved")), app.theme.ok),
        Line::raw(""),
    ];
    match code {
        Some(code) => lines.extend([
            Line::raw(s.t("receipt.code_intro")),
            Line::styled(code.to_owned(), app.theme.title),
            Line::raw(s.t("receipt.code_use")),
        ]),
        None => lines.push(Line::raw(s.t("receipt.none_secret"))),
    }
    lines.extend([
        Line::raw(""),
        Line::styled(s.t("receipt.handback"), app.theme.heading),
    ]);
    chrome::boxed_screen(
        app,
        frame,
        chrome::BoxedScreen::centred(&app.bundle.bundle.title, s.t("receipt.title"), 72),
        lines,
    );
}
