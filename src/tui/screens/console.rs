//! The facilitator's console: every seat's status (never how anyone voted),
//! the counts, and what the session's signature will be checked against.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use unicode_width::UnicodeWidthStr;

use super::chrome::{self, pad};
use crate::tui::App;

/// `2026-11-22T10:31:05Z` → `10:31`.
fn clock(at: &str) -> &str {
    at.get(11..16).unwrap_or(at)
}

pub fn render(app: &App, frame: &mut Frame, selected: usize) {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let areas = chrome::areas(app, frame.area());
    let Some(session) = app.session() else { return };
    let state = session.state();
    let round = state.current_round();
    let (voted, total) = app.voted_count();
    let absent = round.map_or(0, |r| r.absent.len());
    chrome::header(
        app,
        frame,
        areas.header,
        &format!("{} — {}", s.t("console.title"), b.title),
        &s.fill("console.round", &[("round", &state.round_number())]),
    );
    let [list_area, info_area] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(areas.body);
    let statuses: Vec<(&str, String)> = (0..b.jurors.len())
        .map(|i| {
            if let Some(ballot) = round.and_then(|r| r.ballots.get(&i)) {
                (
                    "✔",
                    s.fill("console.voted", &[("time", &clock(&ballot.at))]),
                )
            } else if let Some(at) = round.and_then(|r| r.absent.get(&i)) {
                ("✗", s.fill("console.absent", &[("time", &clock(at))]))
            } else if app.has_draft(i) {
                ("…", s.t("console.draft").to_owned())
            } else {
                ("○", s.t("console.waiting").to_owned())
            }
        })
        .collect();
    // The status is what the facilitator needs: names get what is left after
    // borders and padding (4), highlight (1), symbol (3), seat (5), a gap (1).
    let longest = statuses.iter().map(|(_, t)| t.width()).max().unwrap_or(0);
    let name_width = (list_area.width as usize)
        .saturating_sub(14 + longest)
        .min(24);
    // A 150-seat roster scrolls: the window holds the ▶ seat, and the box
    // says how many seats are above and below it.
    let shown = chrome::window(
        selected,
        b.jurors.len(),
        list_area.height.saturating_sub(2) as usize,
    );
    let lines: Vec<Line> = b
        .jurors
        .iter()
        .zip(&statuses)
        .enumerate()
        .take(shown.end)
        .skip(shown.start)
        .map(|(i, (juror, (symbol, status)))| {
            let name = juror.name.as_deref().unwrap_or("");
            let focused = i == selected;
            let style = if focused {
                app.theme.focus
            } else {
                app.theme.base
            };
            Line::from(vec![
                Span::styled(
                    format!("{} {symbol} ", if focused { "▶" } else { " " }),
                    style,
                ),
                Span::styled(pad(&juror.seat, 5), style.patch(app.theme.heading)),
                Span::styled(pad(name, name_width), style),
                Span::styled(format!(" {status}"), style),
            ])
        })
        .collect();
    let block = chrome::block(
        app,
        &s.fill("console.seats", &[("voted", &voted), ("total", &total)]),
    );
    let block = chrome::more_marks(app, block, &shown, b.jurors.len());
    chrome::focus_cursor(frame, block.inner(list_area), selected - shown.start, 0);
    frame.render_widget(Paragraph::new(lines).block(block), list_area);

    let fingerprint = crate::signing::fingerprint(session.key().public());
    let genesis = &state.genesis;
    let info = vec![
        Line::styled(phase(app), app.theme.heading),
        Line::raw(s.fill(
            "console.progress",
            &[("voted", &voted), ("absent", &absent), ("total", &total)],
        )),
        Line::raw(""),
        Line::styled(s.t("console.minutes"), app.theme.heading),
        Line::raw(s.fill(
            "console.signer",
            &[("fingerprint", &chrome::groups_of_four(&fingerprint))],
        )),
        Line::raw(s.fill(
            "console.genesis",
            &[("hash", &chrome::groups_of_four(&genesis.hash.to_string()))],
        )),
        Line::raw(""),
        Line::styled(s.t("console.folder"), app.theme.heading),
        Line::raw(app.folder.path().display().to_string()),
        // Least needed in the room: last, where a small screen cuts.
        Line::raw(""),
        Line::raw(s.fill("console.opened", &[("at", &genesis.opened_at)])),
        Line::raw(s.fill("console.session", &[("id", &genesis.session_id)])),
    ];
    frame.render_widget(
        Paragraph::new(info)
            .wrap(Wrap { trim: false })
            .block(chrome::block(app, s.t("console.session_box"))),
        info_area,
    );
    chrome::notice(app, frame, areas.notice);
    chrome::footer(app, frame, areas.footer);
}

/// Where the session stands, and the next step.
fn phase(app: &App) -> String {
    let s = app.strings();
    let Some(session) = app.session() else {
        return String::new();
    };
    let state = session.state();
    let round = state.round_number();
    if state.is_sealed() {
        s.t("phase.sealed").to_owned()
    } else if let Some(d) = &state.decision {
        s.fill("phase.decided", &[("n", &d.selected.len())])
    } else if app.round_closed() {
        s.fill("phase.closed", &[("round", &round)])
    } else {
        s.fill("phase.voting", &[("round", &round)])
    }
}
