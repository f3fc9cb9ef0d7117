//! `?` (or F1): every key of the current screen, from its table in
//! `keymap`, the same table that handles the keys and fills the footer.

use ratatui::Frame;
use ratatui::text::Line;

use super::chrome;
use crate::tui::App;

pub fn render(app: &App, frame: &mut Frame) {
    let s = app.strings();
    let mut lines: Vec<Line> = app.help_lines().into_iter().map(Line::raw).collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(s.t("help.close"), app.theme.dim));
    chrome::dialog(app, frame, s.t("help.title"), lines, 70);
}
