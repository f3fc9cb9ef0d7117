//! Opening a session: choosing the facilitator's passphrase (new session)
//! or typing it (existing one).

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout};
use ratatui::text::Line;

use super::chrome::{self, styled};
use crate::tui::App;
use crate::tui::app::{MIN_PASSPHRASE_CHARS, Mode};

pub fn render(app: &App, frame: &mut Frame) {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let areas = chrome::areas(app, frame.area());
    chrome::header(
        app,
        frame,
        areas.header,
        &b.title,
        s.t("opening.facilitator"),
    );

    let mut lines = vec![
        Line::styled(b.title.clone(), app.theme.heading),
        Line::styled(format!("{} · {}", b.date, b.place), app.theme.dim),
        Line::raw(""),
    ];
    let field = |label: &str, masked: String, active: bool| {
        let style = if active {
            app.theme.focus
        } else {
            app.theme.base
        };
        let cursor = if active { chrome::CARET } else { "" };
        Line::from(vec![
            styled(format!("{label} "), app.theme.heading),
            styled(format!("{masked}{cursor}"), style),
        ])
    };
    match app.mode() {
        Mode::Setup {
            first,
            second,
            confirming,
        } => {
            lines.push(Line::raw(s.t("setup.intro")));
            lines.push(Line::raw(
                s.fill("setup.rule", &[("min", &MIN_PASSPHRASE_CHARS)]),
            ));
            lines.push(Line::raw(""));
            lines.push(field(s.t("setup.first"), first.masked(), !confirming));
            if *confirming {
                lines.push(field(s.t("setup.second"), second.masked(), true));
            }
        }
        Mode::Unlock { input } => {
            lines.push(Line::raw(s.t("unlock.intro")));
            lines.push(Line::raw(""));
            lines.push(field(s.t("unlock.prompt"), input.masked(), true));
        }
        _ => unreachable!("opening::render is only called for Setup and Unlock"),
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        s.fill(
            "opening.folder",
            &[("folder", &app.folder.path().display())],
        ),
        app.theme.dim,
    ));
    if app.folder.is_scratch() {
        lines.push(Line::styled(s.t("opening.scratch"), app.theme.dim));
    }
    let [_, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(areas.body);
    chrome::text_box(
        app,
        frame,
        body,
        s.t("opening.title"),
        lines,
        76,
        Alignment::Left,
    );
    chrome::notice(app, frame, areas.notice);
    chrome::footer(app, frame, areas.footer);
}
