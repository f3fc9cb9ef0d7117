//! Choosing projects from the ranking: those of a further round, or the
//! laureates. Space ticks, Enter confirms.

use ratatui::Frame;
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
    let areas = chrome::areas(frame.area());
    let Some(results) = app.results() else { return };
    let count = chosen.iter().filter(|c| **c).count();
    let (title, intro, right) = match purpose {
        Purpose::Round => (
            s.t("round.title"),
            s.t("round.intro").to_owned(),
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
    let width = areas.body.width.saturating_sub(4) as usize;
    let mut lines = vec![Line::raw(intro), Line::raw("")];
    let visible = areas.body.height.saturating_sub(4) as usize;
    let skip = (cursor + 1).saturating_sub(visible);
    for (i, r) in results.ranking.iter().enumerate().skip(skip).take(visible) {
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
                format!("{}{mark} {:>2}. ", if focused { "▶" } else { " " }, r.rank),
                style,
            ),
            Span::styled(
                pad(
                    &b.projects[r.project].name,
                    width.saturating_sub(32).max(10),
                ),
                style,
            ),
            styled(format!(" {label}"), app.theme.heading),
            styled(flags, app.theme.warning),
        ]));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(chrome::block(app, title)),
        areas.body,
    );
    chrome::notice(app, frame, areas.notice);
    chrome::footer(
        app,
        frame,
        areas.footer,
        &[
            ("↑↓", s.t("keys.choose")),
            (s.t("key.space"), s.t("keys.tick")),
            (s.t("key.enter"), s.t("keys.validate")),
            (s.t("key.esc"), s.t("keys.back")),
        ],
    );
}
