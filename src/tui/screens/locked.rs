//! Between jurors: the title, how many have voted (never how), and who to
//! hand the laptop to. Nothing of any ballot is on this screen.

use ratatui::Frame;
use ratatui::text::Line;

use super::chrome;
use crate::tui::App;

pub fn render(app: &App, frame: &mut Frame) {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let (voted, total) = app.voted_count();
    let lines = vec![
        Line::styled(b.title.clone(), app.theme.heading),
        Line::raw(""),
        Line::raw(s.fill("locked.voted", &[("voted", &voted), ("total", &total)])),
        Line::raw(""),
        Line::styled(s.t("locked.handover"), app.theme.title),
        Line::raw(""),
        Line::styled(s.t("locked.wait"), app.theme.dim),
    ];
    chrome::boxed_screen(
        app,
        frame,
        chrome::BoxedScreen::centred(&b.title, s.t("locked.title"), 70),
        lines,
    );
}
