//! `?`: every key of the current screen.

use ratatui::Frame;
use ratatui::text::Line;

use super::chrome;
use crate::tui::App;
use crate::tui::app::Mode;
use crate::turn::Stage;

pub fn render(app: &App, frame: &mut Frame) {
    let s = app.strings();
    let key = match app.mode() {
        Mode::Setup { .. } | Mode::Unlock { .. } => "help.opening",
        Mode::Locked | Mode::Handover { .. } | Mode::Receipt { .. } => "help.locked",
        Mode::Console { .. } => "help.console",
        Mode::Results { .. } | Mode::Sealed(_) => "help.results",
        Mode::RoundPicker { .. } | Mode::Decision { .. } => "help.selection",
        Mode::Turn(t) => match t.stage {
            Stage::Welcome { .. } => "help.welcome",
            Stage::Scoring => "help.scoring",
            Stage::Review => "help.review",
            Stage::Confirm => "help.confirm",
        },
    };
    let mut lines: Vec<Line> = s.t(key).lines().map(|l| Line::raw(l.to_owned())).collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(s.t("help.close"), app.theme.dim));
    chrome::dialog(app, frame, s.t("help.title"), lines, 70);
}
