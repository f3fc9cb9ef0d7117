//! "Hand the laptop to …": the only thing on screen until the juror presses Enter.

use ratatui::Frame;
use ratatui::text::Line;

use super::chrome;
use crate::kiosk::DraftState;
use crate::tui::App;

pub fn render(app: &App, frame: &mut Frame, seat: usize) {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let juror = &b.jurors[seat];
    let mut lines = vec![
        Line::raw(s.t("handover.give")),
        Line::raw(""),
        Line::styled(juror.display_name().to_owned(), app.theme.title),
    ];
    if juror.name.is_some() {
        lines.push(Line::styled(
            s.fill("handover.seat", &[("seat", &juror.seat)]),
            app.theme.dim,
        ));
    }
    // Said as it is: a draft that does not open is not resumed.
    match app.draft_state(seat) {
        DraftState::Resumable => {
            lines.push(Line::raw(""));
            lines.push(Line::styled(s.t("handover.resume"), app.theme.heading));
        }
        DraftState::Unreadable => {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                s.t("handover.draft_unreadable"),
                app.theme.heading,
            ));
        }
        DraftState::None => {}
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(
        s.fill("handover.begin", &[("name", &juror.display_name())]),
    ));
    chrome::boxed_screen(
        app,
        frame,
        chrome::BoxedScreen::centred(&b.title, s.t("handover.title"), 70),
        lines,
    );
}
