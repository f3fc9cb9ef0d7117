//! Below 80×24 the screens would cut text: say so instead of drawing them.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Text};
use ratatui::widgets::{Paragraph, Wrap};

use super::Theme;
use crate::i18n::Strings;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn fits(area: Rect) -> bool {
    area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT
}

pub fn render(frame: &mut Frame, strings: &Strings, theme: &Theme) {
    let area = frame.area();
    let body = strings.fill(
        "too_small.body",
        &[
            ("width", &area.width),
            ("height", &area.height),
            ("min_width", &MIN_WIDTH),
            ("min_height", &MIN_HEIGHT),
        ],
    );
    let text = Text::from(vec![
        Line::styled(strings.t("too_small.title"), theme.heading),
        Line::raw(""),
        Line::raw(body),
    ]);
    let top = area.height.saturating_sub(4) / 2;
    let area = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .style(theme.base),
        area,
    );
}
