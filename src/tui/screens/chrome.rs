//! What every screen shares: the title bar, the notice line, the key footer,
//! boxes and centring.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Padding, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::tui::App;
use crate::tui::app::Notice;

pub struct Areas {
    pub header: Rect,
    pub body: Rect,
    pub notice: Rect,
    pub footer: Rect,
}

/// Title bar, body, two lines for notices, one line of keys.
pub fn areas(area: Rect) -> Areas {
    let [header, body, notice, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas {
        header,
        body,
        notice,
        footer,
    }
}

/// The bar on top: `left` (where we are) and `right` (progress).
pub fn header(app: &App, frame: &mut Frame, area: Rect, left: &str, right: &str) {
    let width = area.width as usize;
    let left = truncate(left, width.saturating_sub(right.width() + 2));
    let gap = width.saturating_sub(left.width() + right.width() + 2);
    let line = Line::from(vec![
        Span::raw(" "),
        Span::raw(left),
        Span::raw(" ".repeat(gap)),
        Span::raw(right.to_owned()),
        Span::raw(" "),
    ]);
    frame.render_widget(Paragraph::new(line).style(app.theme.title_bar), area);
}

/// The footer: the few keys that matter now. Help is always last: `?`, or
/// F1 where `?` would be typed into a text field.
pub fn footer(app: &App, frame: &mut Frame, area: Rect, keys: &[(&str, &str)]) {
    let s = app.strings();
    let help_key = if app.typing_text() { "F1" } else { "?" };
    let mut spans = Vec::new();
    for (key, what) in keys.iter().copied().chain([(help_key, s.t("keys.help"))]) {
        spans.push(Span::styled(format!(" {key} "), app.theme.key));
        spans.push(Span::styled(format!(" {what} "), app.theme.base));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(app.theme.base),
        area,
    );
}

/// The current notice, with a symbol so colour is not the only signal.
pub fn notice(app: &App, frame: &mut Frame, area: Rect) {
    let line = match app.notice() {
        Some(Notice::Info(text)) => Line::styled(format!(" ✔ {text}"), app.theme.ok),
        Some(Notice::Error(text)) => Line::styled(format!(" ⚠ {text}"), app.theme.warning),
        None => Line::raw(""),
    };
    frame.render_widget(
        Paragraph::new(line)
            .style(app.theme.base)
            .wrap(Wrap { trim: false }),
        area,
    );
}

pub fn block<'a>(app: &App, title: &str) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(app.theme.border)
        .title_top(Line::styled(format!(" {title} "), app.theme.heading))
        .padding(Padding::horizontal(1))
        .style(app.theme.base)
}

/// A `width`×`height` rectangle in the middle of `area` (clipped to it).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// A box of text centred in `area`, as tall as its wrapped text needs.
pub fn text_box(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line>,
    max_width: u16,
    alignment: Alignment,
) {
    let width = area.width.min(max_width);
    let paragraph = Paragraph::new(lines)
        .alignment(alignment)
        .wrap(Wrap { trim: false });
    let height = paragraph.line_count(width.saturating_sub(4)) as u16 + 2;
    let rect = centered(area, width, height);
    frame.render_widget(paragraph.block(block(app, title)), rect);
}

/// What a one-box screen shows around its text.
pub struct BoxedScreen<'a> {
    /// Title bar: where we are, and a status on the right.
    pub header: &'a str,
    pub status: &'a str,
    /// The box's own title.
    pub title: &'a str,
    pub width: u16,
    pub alignment: Alignment,
}

/// A screen that is one centred box of text: title bar, box, notice, keys.
pub fn boxed_screen(
    app: &App,
    frame: &mut Frame,
    screen: BoxedScreen,
    lines: Vec<Line>,
    keys: &[(&str, &str)],
) {
    let areas = areas(frame.area());
    header(app, frame, areas.header, screen.header, screen.status);
    text_box(
        app,
        frame,
        areas.body,
        screen.title,
        lines,
        screen.width,
        screen.alignment,
    );
    notice(app, frame, areas.notice);
    footer(app, frame, areas.footer, keys);
}

/// A box drawn over the screen: cleared first so nothing shows through.
pub fn dialog(app: &App, frame: &mut Frame, title: &str, lines: Vec<Line>, width: u16) {
    let width = frame.area().width.min(width);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let height = paragraph.line_count(width.saturating_sub(4)) as u16 + 2;
    let area = centered(frame.area(), width, height);
    frame.render_widget(Clear, area);
    let block = block(app, title).border_style(app.theme.heading);
    frame.render_widget(paragraph.block(block), area);
}

/// Columns taken by the widest grade label in the current language.
pub fn grade_label_width(app: &App) -> usize {
    app.bundle
        .bundle
        .grades
        .iter()
        .map(|g| g.text(app.lang()).0.width())
        .max()
        .unwrap_or(0)
}

/// Cuts `text` to `width` terminal columns, marking the cut with `…`.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Pads `text` with spaces to exactly `width` columns (truncating if longer).
pub fn pad(text: &str, width: usize) -> String {
    let cut = truncate(text, width);
    let fill = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(fill))
}

/// A styled key hint inside text: `[Entrée]`.
pub fn key_span(app: &App, key: &str) -> Span<'static> {
    Span::styled(format!(" {key} "), app.theme.key)
}

pub fn styled(text: impl Into<String>, style: Style) -> Span<'static> {
    Span::styled(text.into(), style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_columns_not_bytes() {
        assert_eq!(truncate("Réparer", 10), "Réparer");
        assert_eq!(truncate("Réparer plutôt", 8), "Réparer…");
        // CJK characters are two columns wide.
        assert_eq!(truncate("市民陪審団", 6), "市民…");
        assert_eq!(pad("市民", 6), "市民  ");
    }
}
