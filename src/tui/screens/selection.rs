//! Choosing projects from the ranking: those of a further round, or the
//! laureates. Space ticks, Enter confirms.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::chrome::{self, pad, styled};
use crate::tui::App;

pub enum Purpose {
    Round,
    Decision,
}

pub fn render(app: &App, frame: &mut Frame, purpose: Purpose, chosen: &[bool], cursor: usize) {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let lang = app.lang();
    let areas = chrome::areas(app, frame.area());
    let Some(results) = app.results() else { return };
    let count = chosen.iter().filter(|c| **c).count();
    let (title, intro, right) = match purpose {
        Purpose::Round => (
            s.t("round.title"),
            s.fill("round.intro", &[("quorum", &app.bundle.bundle.quorum())]),
            s.fill("round.count", &[("n", &count)]),
        ),
        Purpose::Decision => (
            s.t("decision.title"),
            s.fill("decision.intro", &[("max", &results.max_laureates)]),
            s.fill(
                "decision.count",
                &[("n", &count), ("max", &results.max_laureates)],
            ),
        ),
    };
    chrome::header(app, frame, areas.header, title, &right);
    let block = chrome::block(app, title);
    let inner = block.inner(areas.body);
    let width = inner.width as usize;
    let name_width = width.saturating_sub(32).max(10);
    // The intro on top, the focused project in full at the bottom (names are
    // cut in the rows), and between them as many rows as fit, scrolled so
    // the ▶ row, the one Space ticks, is always among them.
    let intro = Paragraph::new(intro).wrap(Wrap { trim: false });
    let focused = results.ranking.get(cursor);
    let detail = Paragraph::new(Line::styled(
        focused.map_or(String::new(), |r| {
            format!("▶ {}. {}", r.rank, b.projects[r.project].text(lang).name)
        }),
        app.theme.heading,
    ))
    .wrap(Wrap { trim: false });
    let [intro_area, _, list_area, _, detail_area] = Layout::vertical([
        Constraint::Length(intro.line_count(inner.width) as u16),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(detail.line_count(inner.width) as u16),
    ])
    .areas(inner);
    let len = results.ranking.len();
    let rank_width = len.to_string().len().max(2);
    let shown = chrome::window(cursor, len, list_area.height as usize);
    let mut lines = Vec::new();
    for (i, r) in results
        .ranking
        .iter()
        .enumerate()
        .take(shown.end)
        .skip(shown.start)
    {
        let focused = i == cursor;
        let mark = if chosen[r.project] { "[x]" } else { "[ ]" };
        let label = r.majority_grade.map_or("—", |g| b.grades[g].text(lang).0);
        let flags = format!(
            "{}{}",
            if r.tied { " =" } else { "" },
            if r.to_discuss { " ◆" } else { "" }
        );
        let style = if focused {
            app.theme.focus
        } else {
            app.theme.base
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{}{mark} {:>rank_width$}. ",
                    if focused { "▶" } else { " " },
                    r.rank
                ),
                style,
            ),
            Span::styled(
                pad(b.projects[r.project].text(lang).name, name_width),
                style,
            ),
            styled(format!(" {label}"), app.theme.heading),
            styled(flags, app.theme.warning),
        ]));
    }
    frame.render_widget(chrome::more_marks(app, block, &shown, len), areas.body);
    frame.render_widget(intro, intro_area);
    frame.render_widget(Paragraph::new(lines), list_area);
    // On the box Space ticks, after the ▶.
    chrome::focus_cursor(frame, list_area, cursor.saturating_sub(shown.start), 2);
    frame.render_widget(detail, detail_area);
    chrome::notice(app, frame, areas.notice);
    chrome::footer(app, frame, areas.footer);
}
