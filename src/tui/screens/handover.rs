//! "Hand the laptop to …": the only thing on screen until the juror presses Enter.

use ratatui::Frame;
use ratatui::text::Line;

use super::chrome;
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
    if app.has_draft(seat) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(s.t("handover.resume"), app.theme.heading));
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
