//! What every screen shares: the title bar, the notice line, the key footer,
//! boxes and centring.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Padding, Paragraph, Wrap};
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

use crate::tui::App;
use crate::tui::app::Notice;

pub struct Areas {
    pub header: Rect,
    pub body: Rect,
    pub notice: Rect,
    pub footer: Rect,
}

/// Title bar, body, the notice (two lines, more when a long one wraps:
/// a message is never cut), one line of keys. Drawing and mouse hit tests
/// both call this, so they agree on where the body is.
pub fn areas(app: &App, area: Rect) -> Areas {
    let notice_lines = notice_paragraph(app)
        .line_count(area.width)
        .clamp(2, usize::from(area.height / 4).max(2)) as u16;
    let [header, body, notice, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(notice_lines),
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

/// Columns always kept blank between the title and the status on the right.
const HEADER_GAP: usize = 3;

/// The bar on top: `left` (where we are) and `right` (progress). A long
/// title is cut with `…` before a gap, so it never runs into the status.
pub fn header(app: &App, frame: &mut Frame, area: Rect, left: &str, right: &str) {
    let width = area.width as usize;
    let left = truncate(left, width.saturating_sub(right.width() + 2 + HEADER_GAP));
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

/// The footer: the keys of the current mode's table marked for it that
/// apply now (`keymap`). Help is always last: `?`, or F1 where `?` would be
/// typed into a text field.
pub fn footer(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for (key, what) in app.footer_items(area.width) {
        spans.push(Span::styled(format!(" {key} "), app.theme.key));
        spans.push(Span::styled(format!(" {what} "), app.theme.base));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(app.theme.base),
        area,
    );
}

/// The current notice, with a symbol so colour is not the only signal.
fn notice_paragraph(app: &App) -> Paragraph<'static> {
    let line = match app.notice() {
        Some(Notice::Info(text)) => Line::styled(format!(" ✔ {text}"), app.theme.ok),
        Some(Notice::Error(text)) => Line::styled(format!(" ⚠ {text}"), app.theme.warning),
        None => Line::raw(""),
    };
    Paragraph::new(line)
        .style(app.theme.base)
        .wrap(Wrap { trim: false })
}

/// The current notice, wrapped (`areas` gives it the lines it needs).
pub fn notice(app: &App, frame: &mut Frame, area: Rect) {
    frame.render_widget(notice_paragraph(app), area);
}

/// Puts the terminal's cursor on the focused item: screen readers and
/// braille displays follow the cursor, not colours or reverse video.
/// `row` counts from the top of `area`, `column` from its left edge.
pub fn focus_cursor(frame: &mut Frame, area: Rect, row: usize, column: u16) {
    let (Ok(row), true) = (u16::try_from(row), area.height > 0) else {
        return;
    };
    let y = area
        .y
        .saturating_add(row)
        .min(area.bottom().saturating_sub(1));
    let x = area
        .x
        .saturating_add(column)
        .min(area.right().saturating_sub(1));
    frame.set_cursor_position((x, y));
}

/// The cursor at the text field's caret (`▏`, drawn after what is typed):
/// dialogs place their field themselves, so the drawn frame is searched.
pub fn cursor_at_caret(frame: &mut Frame) {
    let area = frame.area();
    let buffer = frame.buffer_mut();
    let caret = area
        .rows()
        .flat_map(|row| row.columns())
        .find(|p| buffer[(p.x, p.y)].symbol() == CARET);
    if let Some(position) = caret {
        frame.set_cursor_position(position);
    }
}

/// Drawn after the text of a field being typed.
pub const CARET: &str = "▏";

/// The items of a list of `len` shown on `rows` lines: all of them when they
/// fit, else a window that holds `cursor`, centred once the list scrolls.
/// Derived from the cursor alone, so drawing changes no state and the row
/// under the ▶ is always the one the keys act on.
pub fn window(cursor: usize, len: usize, rows: usize) -> Range<usize> {
    if len <= rows {
        return 0..len;
    }
    let first = cursor.saturating_sub(rows / 2).min(len - rows);
    first..first + rows
}

/// Marks on the box's right-hand corners when items are out of sight:
/// `▲ 3 more` on top, `▼ 5 more` at the bottom.
pub fn more_marks<'a>(app: &App, block: Block<'a>, shown: &Range<usize>, len: usize) -> Block<'a> {
    let s = app.strings();
    let mut block = block;
    if shown.start > 0 {
        let text = s.fill("list.more_above", &[("n", &shown.start)]);
        block =
            block.title_top(Line::styled(format!(" {text} "), app.theme.heading).right_aligned());
    }
    if shown.end < len {
        let text = s.fill("list.more_below", &[("n", &(len - shown.end))]);
        block = block
            .title_bottom(Line::styled(format!(" {text} "), app.theme.heading).right_aligned());
    }
    block
}

/// `f0099bc1cb47…` → `f009 9bc1 cb47 …`: a hash or fingerprint to copy by
/// hand and read aloud, in groups of four that a line wraps between, never
/// inside. `SHA256:` stays in front of a fingerprint's groups.
pub fn groups_of_four(text: &str) -> String {
    let (prefix, rest) = match text.split_once(':') {
        Some((prefix, rest)) => (format!("{prefix}: "), rest),
        None => (String::new(), text),
    };
    let chars: Vec<char> = rest.chars().collect();
    let groups: Vec<String> = chars.chunks(4).map(|c| c.iter().collect()).collect();
    format!("{prefix}{}", groups.join(" "))
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

impl<'a> BoxedScreen<'a> {
    /// A centred box `width` wide, under a title bar without a status.
    pub fn centred(header: &'a str, title: &'a str, width: u16) -> Self {
        Self {
            header,
            status: "",
            title,
            width,
            alignment: Alignment::Center,
        }
    }
}

/// A screen that is one centred box of text: title bar, box, notice, keys.
pub fn boxed_screen(app: &App, frame: &mut Frame, screen: BoxedScreen, lines: Vec<Line>) {
    let areas = areas(app, frame.area());
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
    footer(app, frame, areas.footer);
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

    #[test]
    fn the_window_always_holds_the_cursor() {
        assert_eq!(window(3, 5, 10), 0..5);
        assert_eq!(window(0, 17, 10), 0..10);
        assert_eq!(window(8, 17, 10), 3..13);
        assert_eq!(window(16, 17, 10), 7..17);
        for len in 1..40 {
            for rows in 1..12 {
                for cursor in 0..len {
                    let w = window(cursor, len, rows);
                    assert!(w.contains(&cursor) && w.len() == rows.min(len));
                }
            }
        }
    }

    #[test]
    fn hashes_read_in_groups_of_four() {
        assert_eq!(groups_of_four("f0099bc1cb"), "f009 9bc1 cb");
        assert_eq!(
            groups_of_four("SHA256:z/fSv0Z0RZS+"),
            "SHA256: z/fS v0Z0 RZS+"
        );
    }
}
