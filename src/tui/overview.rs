//! The session at a glance: title, criteria, grade scale, projects.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, Paragraph, Wrap};

use super::App;

pub fn render(app: &App, frame: &mut Frame) {
    let b = &app.bundle.bundle;
    let s = app.strings();
    let theme = &app.theme;
    let lang = app.language.code();

    let [header, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(10),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    let [criteria_area, grades_area] = Layout::vertical([
        Constraint::Min(7),
        Constraint::Length(b.grades.len() as u16 + 2),
    ])
    .areas(left);

    let jurors = s.fill("overview.jurors", &[("count", &b.jurors.len())]);
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(b.title.as_str(), theme.title),
            Line::styled(format!("{} · {} · {jurors}", b.date, b.place), theme.dim),
        ])
        .style(theme.base),
        header,
    );

    let block = |title: String| {
        Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border)
            .title_top(Line::styled(format!(" {title} "), theme.heading))
            .style(theme.base)
    };

    let criteria: Vec<Line> = b
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| Line::raw(format!("{}. {}", i + 1, c.text(lang).0)))
        .collect();
    frame.render_widget(
        Paragraph::new(criteria)
            .wrap(Wrap { trim: true })
            .block(block(s.t("overview.criteria").to_owned())),
        criteria_area,
    );

    let grades: Vec<Line> = b
        .grades
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let (label, meaning) = g.text(lang);
            Line::from(vec![
                Span::styled(format!("{} {label}", i + 1), theme.heading),
                Span::styled(format!("  {meaning}"), theme.dim),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(grades).block(block(s.t("overview.grades").to_owned())),
        grades_area,
    );

    let projects: Vec<ListItem> = b
        .projects
        .iter()
        .skip(app.scroll)
        .map(|p| {
            ListItem::new(vec![
                Line::styled(format!("• {}", p.name), theme.heading),
                Line::styled(format!("  {}", p.aim), theme.base),
            ])
        })
        .collect();
    let title = s.fill("overview.projects", &[("count", &b.projects.len())]);
    frame.render_widget(List::new(projects).block(block(title)), right);

    let keys = [("q", s.t("common.quit")), ("↑↓", s.t("common.scroll"))];
    let mut spans = Vec::new();
    for (key, what) in keys {
        spans.push(Span::styled(format!(" {key} "), theme.key));
        spans.push(Span::styled(format!(" {what}   "), theme.base));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), footer);
}
