//! Three short pages before scoring: what will happen, the criteria in plain
//! words, and the grade scale with what each grade means.

use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::chrome::{self, key_span, styled};
use crate::tui::App;
use crate::turn::{JurorTurn, WELCOME_PAGES};

pub fn render(app: &App, frame: &mut Frame, turn: &JurorTurn, page: usize) {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let lang = app.lang();
    let areas = chrome::areas(app, frame.area());
    let name = b.jurors[turn.seat()].display_name();
    chrome::header(
        app,
        frame,
        areas.header,
        &b.title,
        &s.fill(
            "welcome.page",
            &[("page", &(page + 1)), ("pages", &WELCOME_PAGES)],
        ),
    );
    let projects = turn.order().len();
    let minutes = (projects * 3 / 2).max(5);
    let (title, lines): (String, Vec<Line>) = match page {
        0 => (
            s.fill("welcome.hello", &[("name", &name)]),
            vec![
                Line::raw(if turn.round() > 1 {
                    further_round(app, turn)
                } else {
                    s.fill(
                        "welcome.what",
                        &[("projects", &projects), ("criteria", &b.criteria.len())],
                    )
                }),
                Line::raw(""),
                Line::raw(s.fill("welcome.time", &[("minutes", &minutes)])),
                Line::raw(""),
                Line::raw(s.t(match b.ballots {
                    crate::bundle::Ballots::Secret => "welcome.secret",
                    crate::bundle::Ballots::Open => "welcome.open",
                })),
                Line::raw(""),
                Line::styled(s.t("welcome.how"), app.theme.heading),
                Line::from(vec![
                    key_span(app, &format!("1…{}", grade_key(b.grades.len() - 1))),
                    styled(format!(" {}", s.t("welcome.how_grade")), app.theme.base),
                ]),
                Line::from(vec![
                    key_span(app, "↑ ↓"),
                    styled(format!(" {}", s.t("welcome.how_move")), app.theme.base),
                ]),
                Line::from(vec![
                    key_span(app, s.t("key.enter")),
                    styled(format!(" {}", s.t("welcome.how_next")), app.theme.base),
                ]),
                Line::from(vec![
                    key_span(app, "←"),
                    styled(format!(" {}", s.t("welcome.how_back")), app.theme.base),
                ]),
                Line::from(vec![
                    key_span(app, "U"),
                    styled(format!(" {}", s.t("welcome.how_undo")), app.theme.base),
                ]),
                Line::from(vec![
                    key_span(app, "?"),
                    styled(format!(" {}", s.t("welcome.how_help")), app.theme.base),
                ]),
            ],
        ),
        1 => {
            let mut lines = Vec::new();
            for (i, c) in b.criteria.iter().enumerate() {
                let (label, explanation) = c.text(lang);
                lines.push(Line::styled(
                    format!("{}. {label}", i + 1),
                    app.theme.heading,
                ));
                lines.push(Line::raw(explanation.to_owned()));
            }
            (s.t("welcome.criteria").to_owned(), lines)
        }
        _ => {
            let mut lines = vec![Line::raw(s.t("welcome.scale_intro")), Line::raw("")];
            let width = chrome::grade_label_width(app);
            for (i, g) in b.grades.iter().enumerate() {
                let (label, meaning) = g.text(lang);
                lines.push(Line::from(vec![
                    key_span(app, &grade_key(i)),
                    styled(
                        format!(" {} ", chrome::pad(label, width)),
                        app.theme.heading,
                    ),
                    styled(meaning.to_owned(), app.theme.base),
                ]));
            }
            lines.push(Line::raw(""));
            lines.push(Line::raw(s.t("welcome.conflict")));
            (s.t("welcome.scale").to_owned(), lines)
        }
    };
    let width = areas.body.width.min(100);
    let [area] = ratatui::layout::Layout::horizontal([Constraint::Length(width)])
        .flex(ratatui::layout::Flex::Center)
        .areas(areas.body);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(chrome::block(app, &title)),
        area,
    );
    chrome::notice(app, frame, areas.notice);
    chrome::footer(app, frame, areas.footer);
}

/// The key for grade `i` (0 = best): `1`…`9`, then `0` for a tenth grade.
pub fn grade_key(i: usize) -> String {
    if i == 9 {
        "0".into()
    } else {
        (i + 1).to_string()
    }
}

/// What a further round is, in one sentence: its number, its projects, and
/// that its grades replace the earlier ones only where the quorum grades.
pub fn further_round(app: &App, turn: &JurorTurn) -> String {
    app.strings().fill(
        "welcome.further_round",
        &[
            ("round", &turn.round()),
            ("projects", &turn.order().len()),
            ("quorum", &app.bundle.bundle.quorum()),
        ],
    )
}
