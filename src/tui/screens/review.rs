//! The review grid: every project × every criterion with the grade given,
//! missing ones marked, any cell reachable and changeable before confirming.

use ratatui::Frame;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Hit;
use super::chrome::{self, pad};
use crate::tui::App;
use crate::turn::JurorTurn;

/// Width of the row-number column.
const NUMBER: u16 = 4;

struct Grid {
    inner: Rect,
    name_width: u16,
    cell_width: u16,
    /// First row shown (rows scroll to keep the cursor visible).
    offset: usize,
    visible: usize,
}

fn grid(app: &App, turn: &JurorTurn, body: Rect) -> Grid {
    let b = &app.bundle.bundle;
    let inner = body.inner(Margin::new(2, 1));
    let criteria = b.criteria.len() as u16;
    let widest = chrome::grade_label_width(app) as u16 + 3;
    // Names get at least 12 columns; grade cells share the rest.
    let cell_width = widest.min(inner.width.saturating_sub(NUMBER + 12) / criteria.max(1));
    let name_width = inner.width.saturating_sub(NUMBER + cell_width * criteria);
    let visible = inner.height.saturating_sub(1) as usize;
    let offset = (turn.position + 1).saturating_sub(visible);
    Grid {
        inner,
        name_width,
        cell_width,
        offset,
        visible,
    }
}

pub fn hit(app: &App, turn: &JurorTurn, column: u16, row: u16) -> Option<Hit> {
    let g = grid(app, turn, chrome::areas(app.area).body);
    if !g.inner.contains(Position::new(column, row)) || row <= g.inner.y {
        return None;
    }
    let r = g.offset + usize::from(row - g.inner.y - 1);
    let x = column.checked_sub(g.inner.x + NUMBER + g.name_width)?;
    let c = usize::from(x / g.cell_width.max(1));
    (r < turn.order.len() && c < turn.criteria()).then_some(Hit::Cell(r, c))
}

pub fn render(app: &App, frame: &mut Frame, turn: &JurorTurn) {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let lang = app.lang();
    let areas = chrome::areas(frame.area());
    let missing = turn.missing().len();
    let right = if missing == 0 {
        s.t("review.complete").to_owned()
    } else {
        s.fill("review.missing_count", &[("count", &missing)])
    };
    chrome::header(app, frame, areas.header, s.t("review.title"), &right);
    frame.render_widget(chrome::block(app, s.t("review.box")), areas.body);
    let g = grid(app, turn, areas.body);
    let cell = g.cell_width as usize;

    let mut header = vec![Span::raw(pad("", (NUMBER + g.name_width) as usize))];
    for (c, criterion) in b.criteria.iter().enumerate() {
        header.push(Span::styled(
            pad(&format!("{}.{}", c + 1, criterion.text(lang).0), cell),
            app.theme.heading,
        ));
    }
    let mut lines = vec![Line::from(header)];
    for (row, &p) in turn.order.iter().enumerate().skip(g.offset).take(g.visible) {
        let mut spans = vec![
            Span::styled(
                pad(&format!("{:>2}.", row + 1), NUMBER as usize),
                app.theme.dim,
            ),
            Span::raw(pad(&b.projects[p].name, g.name_width as usize - 1)),
            Span::raw(" "),
        ];
        if turn.conflicts[row] {
            let text = format!("⊘ {}", s.t("review.conflict"));
            let style = if row == turn.position {
                app.theme.focus
            } else {
                app.theme.dim
            };
            spans.push(Span::styled(pad(&text, cell * turn.criteria()), style));
        } else {
            for c in 0..turn.criteria() {
                let focused = row == turn.position && c == turn.criterion;
                let (text, style) = match turn.grades[row][c] {
                    Some(grade) => (
                        b.grades[usize::from(grade)].text(lang).0.to_owned(),
                        app.theme.base,
                    ),
                    None => (format!("⚠ {}", s.t("review.none")), app.theme.missing),
                };
                let marker = if focused { "▶" } else { " " };
                let style = if focused { app.theme.focus } else { style };
                spans.push(Span::styled(pad(&format!("{marker}{text}"), cell), style));
            }
        }
        lines.push(Line::from(spans));
    }
    let rows = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines), g.inner);
    // The column headers are cut short: spell the criteria out below when there is room.
    let legend: Vec<String> = b
        .criteria
        .iter()
        .enumerate()
        .map(|(c, criterion)| format!("{}. {}", c + 1, criterion.text(lang).0))
        .collect();
    let below = Rect {
        y: g.inner.y + rows + 1,
        height: g.inner.height.saturating_sub(rows + 1),
        ..g.inner
    };
    let legend = Paragraph::new(Line::styled(legend.join(" · "), app.theme.dim))
        .wrap(ratatui::widgets::Wrap { trim: true });
    if legend.line_count(below.width) as u16 <= below.height {
        frame.render_widget(legend, below);
    }
    chrome::notice(app, frame, areas.notice);
    chrome::footer(
        app,
        frame,
        areas.footer,
        &[
            ("↑↓←→", s.t("keys.move")),
            (s.t("key.enter"), s.t("keys.change")),
            ("V", s.t("keys.validate")),
        ],
    );
}
