//! The review grid: every project × every criterion with the grade given,
//! missing ones marked, any cell reachable and changeable before confirming.

use ratatui::Frame;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

use super::Hit;
use super::chrome::{self, pad};
use crate::tui::App;
use crate::turn::JurorTurn;

/// Width of the row-number column.
const NUMBER: u16 = 4;
/// Project names keep at least this many columns when grades need the room.
const MIN_NAME: u16 = 6;

struct Grid {
    inner: Rect,
    name_width: u16,
    cell_width: u16,
    /// The rows shown (they scroll to keep the cursor visible).
    shown: Range<usize>,
    /// Where the focused cell is spelt out in full.
    detail: Rect,
}

/// The focused cell in words: the project's full name, the criterion's full
/// label and the grade, since names and headers are cut in the grid.
fn detail(app: &App, turn: &JurorTurn) -> Paragraph<'static> {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let lang = app.lang();
    let row = turn.position();
    let project = b.projects[turn.order()[row]].text(lang).name;
    let c = turn.criterion();
    let (label, _) = b.criteria[c].text(lang);
    let grade = if turn.conflicts()[row] {
        format!("⊘ {}", s.t("review.conflict"))
    } else {
        match turn.grades()[row][c] {
            Some(g) => b.grades[usize::from(g)].text(lang).0.to_owned(),
            None => format!("⚠ {}", s.t("review.none")),
        }
    };
    Paragraph::new(vec![
        Line::styled(format!("▶ {}. {project}", row + 1), app.theme.heading),
        Line::raw(format!("  {}. {label} — {grade}", c + 1)),
    ])
    .wrap(Wrap { trim: false })
}

fn grid(app: &App, turn: &JurorTurn, body: Rect) -> Grid {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let inner = body.inner(Margin::new(2, 1));
    let criteria = b.criteria.len().max(1) as u16;
    // A cell holds the ▶ marker and the widest grade label (or "⚠ to grade").
    let missing = format!("⚠ {}", s.t("review.none")).width();
    let widest = chrome::grade_label_width(app).max(missing) as u16 + 1;
    let room = inner.width.saturating_sub(NUMBER);
    // Grades come first: a gap and names of 12 columns when there is room,
    // else no gap and short names (the detail line spells the focused one).
    let cell_width = if room >= (widest + 2) * criteria + 12 {
        widest + 2
    } else if room >= (widest + 1) * criteria + 12 {
        widest + 1
    } else if room >= widest * criteria + MIN_NAME {
        widest
    } else {
        room.saturating_sub(MIN_NAME) / criteria
    };
    let name_width = room.saturating_sub(cell_width * criteria);
    let detail_lines = detail(app, turn).line_count(inner.width) as u16;
    let detail = Rect {
        y: (inner.y + inner.height).saturating_sub(detail_lines),
        height: detail_lines.min(inner.height),
        ..inner
    };
    // Header row above, a blank line and the detail below.
    let visible = inner.height.saturating_sub(2 + detail_lines) as usize;
    let shown = chrome::window(turn.position(), turn.order().len(), visible);
    Grid {
        inner,
        name_width,
        cell_width,
        shown,
        detail,
    }
}

pub fn hit(app: &App, turn: &JurorTurn, column: u16, row: u16) -> Option<Hit> {
    let g = grid(app, turn, chrome::areas(app, app.area).body);
    if !g.inner.contains(Position::new(column, row)) || row <= g.inner.y {
        return None;
    }
    let line = usize::from(row - g.inner.y - 1);
    if line >= g.shown.len() {
        return None;
    }
    let r = g.shown.start + line;
    let x = column.checked_sub(g.inner.x + NUMBER + g.name_width)?;
    let c = usize::from(x / g.cell_width.max(1));
    (r < turn.order().len() && c < turn.criteria()).then_some(Hit::Cell(r, c))
}

pub fn render(app: &App, frame: &mut Frame, turn: &JurorTurn) {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let lang = app.lang();
    let areas = chrome::areas(app, frame.area());
    let missing = turn.missing().len();
    let right = if missing == 0 {
        s.t("review.complete").to_owned()
    } else {
        s.fill("review.missing_count", &[("count", &missing)])
    };
    chrome::header(app, frame, areas.header, s.t("review.title"), &right);
    let g = grid(app, turn, areas.body);
    let block = chrome::block(app, s.t("review.box"));
    frame.render_widget(
        chrome::more_marks(app, block, &g.shown, turn.order().len()),
        areas.body,
    );
    let cell = g.cell_width as usize;

    // Column headers: the criterion's label when it fits, else its short label.
    let mut header = vec![Span::raw(pad("", (NUMBER + g.name_width) as usize))];
    for (c, criterion) in b.criteria.iter().enumerate() {
        let full = format!("{}.{}", c + 1, criterion.text(lang).0);
        let text = if full.width() < cell {
            full
        } else {
            format!("{}.{}", c + 1, criterion.short_text(lang))
        };
        let style = if c == turn.criterion() {
            app.theme.heading.patch(app.theme.emphasis)
        } else {
            app.theme.heading
        };
        header.push(Span::styled(pad(&text, cell), style));
    }
    let mut lines = vec![Line::from(header)];
    for (row, &p) in turn
        .order()
        .iter()
        .enumerate()
        .take(g.shown.end)
        .skip(g.shown.start)
    {
        let mut spans = vec![
            Span::styled(
                pad(&format!("{:>2}.", row + 1), NUMBER as usize),
                app.theme.dim,
            ),
            Span::raw(pad(
                b.projects[p].text(lang).name,
                (g.name_width as usize).saturating_sub(1),
            )),
            Span::raw(" "),
        ];
        if turn.conflicts()[row] {
            let text = format!("⊘ {}", s.t("review.conflict"));
            let style = if row == turn.position() {
                app.theme.focus
            } else {
                app.theme.dim
            };
            spans.push(Span::styled(pad(&text, cell * turn.criteria()), style));
        } else {
            for c in 0..turn.criteria() {
                let focused = row == turn.position() && c == turn.criterion();
                let (text, style) = match turn.grades()[row][c] {
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
    // The cursor on the focused cell (its ▶), below the header line.
    let column = if turn.conflicts()[turn.position()] {
        0
    } else {
        cell * turn.criterion()
    };
    chrome::focus_cursor(
        frame,
        g.inner,
        1 + turn.position().saturating_sub(g.shown.start),
        NUMBER + g.name_width + column as u16,
    );
    // Every criterion in full between the grid and the detail, when there is room.
    let legend: Vec<String> = b
        .criteria
        .iter()
        .enumerate()
        .map(|(c, criterion)| format!("{}. {}", c + 1, criterion.text(lang).0))
        .collect();
    let below = Rect {
        y: g.inner.y + rows + 1,
        height: g.detail.y.saturating_sub(g.inner.y + rows + 2),
        ..g.inner
    };
    let legend =
        Paragraph::new(Line::styled(legend.join(" · "), app.theme.dim)).wrap(Wrap { trim: true });
    if legend.line_count(below.width) as u16 <= below.height {
        frame.render_widget(legend, below);
    }
    frame.render_widget(detail(app, turn), g.detail);
    chrome::notice(app, frame, areas.notice);
    chrome::footer(app, frame, areas.footer);
}
