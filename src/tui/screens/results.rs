//! The results, for the room and the projector: the ranking with merit
//! profiles, the laureate cut-off, ties and projects to discuss marked with
//! symbols; the detail of one project: its criteria, and why it is placed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::chrome::{self, pad, styled};
use super::merit_bar::bar;
use super::welcome::grade_key;
use crate::bundle::Method;
use crate::results::Results;
use crate::session::{KeptBecause, Standing, Standings};
use crate::tui::App;
use unicode_width::UnicodeWidthStr;

/// Merit profile counts, best grade first (the results store worst first).
pub fn best_first(counts_worst_first: &[u64]) -> Vec<u64> {
    counts_worst_first.iter().rev().copied().collect()
}

/// One row per project in `rows` (ranking positions); the cut-off line is
/// drawn before the first place below it.
pub fn ranking_lines(
    app: &App,
    results: &Results,
    width: usize,
    selected: Option<usize>,
    rows: std::ops::Range<usize>,
) -> Vec<Line<'static>> {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let lang = app.lang();
    let label_width = chrome::grade_label_width(app);
    // rank 4, name, bar, label, marks 3
    let name_width = (width / 3).clamp(10, 34);
    let bar_width = width
        .saturating_sub(4 + name_width + 1 + label_width + 1 + 3 + 2)
        .max(10);
    let decision = app.session().and_then(|s| s.state().decision.clone());
    let mut lines = Vec::new();
    for (i, r) in results
        .ranking
        .iter()
        .enumerate()
        .take(rows.end)
        .skip(rows.start)
    {
        if i == results.max_laureates && i > rows.start {
            let cut = s.fill("results.cutoff", &[("n", &results.max_laureates)]);
            let rule = "─".repeat(width.saturating_sub(cut.chars().count() + 2) / 2);
            lines.push(Line::styled(
                format!("{rule} {cut} {rule}"),
                app.theme.heading,
            ));
        }
        let focused = selected == Some(i);
        let rank = if r.tied {
            format!("{:>2}=", r.rank)
        } else {
            format!("{:>2}.", r.rank)
        };
        let label = match r.withheld {
            Some(_) => s.t("results.too_few").to_owned(),
            None => r
                .majority_grade
                .map_or("—", |g| b.grades[g].text(lang).0)
                .to_owned(),
        };
        let selected_mark = match &decision {
            Some(d) if d.selected.contains(&r.project) => "★",
            _ => " ",
        };
        let marks = format!(
            "{}{}{}",
            if r.tied { "=" } else { " " },
            if r.to_discuss { "◆" } else { " " },
            selected_mark
        );
        let name_style = if focused {
            app.theme.focus
        } else {
            app.theme.base
        };
        let marker = if focused { "▶" } else { " " };
        let mut spans = vec![
            Span::styled(format!("{marker}{rank} "), name_style),
            Span::styled(
                pad(b.projects[r.project].text(lang).name, name_width),
                name_style,
            ),
            Span::raw(" "),
        ];
        spans.extend(bar(&best_first(&r.grade_counts), bar_width, &app.theme).spans);
        spans.push(Span::raw(" "));
        spans.push(styled(pad(&label, label_width), app.theme.heading));
        spans.push(styled(format!(" {marks}"), app.theme.warning));
        lines.push(Line::from(spans));
    }
    lines
}

pub fn render(app: &App, frame: &mut Frame, selected: usize, detail: bool) {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let areas = chrome::areas(app, frame.area());
    let Some(results) = app.results() else { return };
    let method = match results.method {
        Method::MajorityJudgment => s.t("results.majority"),
        Method::WeightedMean => s.t("results.mean"),
    };
    let round = app.session().map_or(1, |x| x.state().round_number());
    chrome::header(
        app,
        frame,
        areas.header,
        &format!("{} — {}", s.t("results.title"), b.title),
        &format!(
            "{} · {method}",
            s.fill("console.round", &[("round", &round)])
        ),
    );
    let (list_area, detail_area) = if detail {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(areas.body);
        (top, Some(bottom))
    } else {
        (areas.body, None)
    };
    let legend = s.t("results.legend");
    let block = chrome::block(app, s.t("results.ranking"))
        .title_bottom(Line::styled(format!(" {legend} "), app.theme.dim));
    let inner = block.inner(list_area);
    // What the digits of the bars mean, said where they are shown.
    let grades = &b.grades;
    let profile = Paragraph::new(Line::styled(
        s.fill(
            "results.profile",
            &[
                ("best", &grades[0].text(app.lang()).0),
                ("worst_key", &grade_key(grades.len() - 1)),
                ("worst", &grades[grades.len() - 1].text(app.lang()).0),
            ],
        ),
        app.theme.dim,
    ))
    .wrap(Wrap { trim: false });
    let profile_lines = profile.line_count(inner.width) as u16;
    // The legend goes when it would leave fewer than three rows of ranking.
    let (profile_area, rows_area) = if inner.height >= profile_lines + 3 {
        let [top, rest] =
            Layout::vertical([Constraint::Length(profile_lines), Constraint::Min(1)]).areas(inner);
        (Some(top), rest)
    } else {
        (None, inner)
    };
    // Only the rows on screen are built: 187 merit bars per frame are not
    // free. The window holds the ▶ row; the cut-off line takes a row of it.
    let len = results.ranking.len();
    let rows = rows_area.height as usize;
    let mut shown = chrome::window(selected, len, rows);
    let cut = results.max_laureates;
    if cut > shown.start && cut < shown.end {
        shown = chrome::window(selected, len, rows.saturating_sub(1));
    }
    let lines = ranking_lines(
        app,
        results,
        rows_area.width as usize,
        Some(selected),
        shown.clone(),
    );
    frame.render_widget(chrome::more_marks(app, block, &shown, len), list_area);
    if let Some(area) = profile_area {
        frame.render_widget(profile, area);
    }
    frame.render_widget(Paragraph::new(lines), rows_area);
    // The cut-off line sits above the first project past it.
    let below_cut = usize::from(cut > shown.start && cut <= selected);
    chrome::focus_cursor(frame, rows_area, selected - shown.start + below_cut, 0);
    if let Some(area) = detail_area {
        render_detail(app, frame, area, results, selected);
    }
    chrome::notice(app, frame, areas.notice);
    // Up/down and the projector mode (H) are in the help: the footer keeps to five.
    chrome::footer(app, frame, areas.footer);
}

fn render_detail(app: &App, frame: &mut Frame, area: Rect, results: &Results, selected: usize) {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let lang = app.lang();
    let Some(r) = results.ranking.get(selected) else {
        return;
    };
    let Some(session) = app.session() else { return };
    let counts = session.grade_counts();
    let width = area.width.saturating_sub(4) as usize;
    let label_width = (width / 3).min(40);
    let bar_width = width.saturating_sub(label_width + 16).max(8);
    let full_labels_fit = b
        .criteria
        .iter()
        .enumerate()
        .all(|(c, x)| format!("{}. {}", c + 1, x.text(lang).0).width() <= label_width);
    let mut lines = Vec::new();
    for (c, criterion) in b.criteria.iter().enumerate() {
        let majority = r
            .per_criterion
            .get(c)
            .copied()
            .flatten()
            .map_or("—", |g| b.grades[g].text(lang).0);
        // Labels when they all fit, else every criterion's short label.
        let label = if full_labels_fit {
            format!("{}. {}", c + 1, criterion.text(lang).0)
        } else {
            format!("{}. {}", c + 1, criterion.short_text(lang))
        };
        let mut spans = vec![Span::raw(pad(&label, label_width)), Span::raw(" ")];
        spans.extend(bar(counts.row(r.project, c), bar_width, &app.theme).spans);
        spans.push(styled(format!(" {majority}"), app.theme.heading));
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    for line in standing_lines(app, session.standings(), r.project) {
        lines.push(Line::raw(line));
    }
    if selected > 0 && r.withheld.is_none() {
        let above = &results.ranking[selected - 1];
        let why = crate::results::explain(b, counts, above.project, r.project);
        lines.push(Line::raw(explanation(app, &why, above.project, r.project)));
    }
    let title = s.fill(
        "results.detail",
        &[("name", &b.projects[r.project].text(lang).name)],
    );
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(chrome::block(app, &title)),
        area,
    );
}

/// Where a project's grades come from, and which further rounds did not
/// replace them and why (docs/RESULTS.md, *Which grades count*).
fn standing_lines(app: &App, standings: &Standings, project: usize) -> Vec<String> {
    let s = app.strings();
    let quorum = standings.quorum;
    let rounds = app.session().map_or(1, |x| x.state().rounds.len());
    let mut lines = vec![match standings.standing[project] {
        Standing::Ungraded => return Vec::new(),
        // With one round, where the grades come from goes without saying.
        Standing::Counted { .. } if rounds < 2 => return Vec::new(),
        Standing::Counted { round, graders } => s.fill(
            "results.from_round",
            &[("round", &round), ("graders", &graders)],
        ),
        Standing::TooFewGraders { graders, .. } => s.fill(
            "results.not_enough",
            &[("graders", &graders), ("quorum", &quorum)],
        ),
    }];
    for k in standings.kept.iter().filter(|k| k.project == project) {
        lines.push(match k.because {
            KeptBecause::Cancelled => s.fill("results.kept_cancelled", &[("round", &k.round)]),
            KeptBecause::TooFewGraders { graders } => s.fill(
                "results.kept_few",
                &[
                    ("round", &k.round),
                    ("graders", &graders),
                    ("quorum", &quorum),
                ],
            ),
        });
    }
    lines
}

/// "Why is A above B?", in words: the step at which they separate.
fn explanation(app: &App, why: &crate::results::Separation, above: usize, below: usize) -> String {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let lang = app.lang();
    let name = |p: usize| b.projects[p].text(lang).name.to_owned();
    let (a, z) = (name(above), name(below));
    if why.winner.is_none() {
        return s.fill("results.why_tie", &[("a", &a), ("b", &z)]);
    }
    if b.method == Method::WeightedMean {
        let mean = |v: Option<i64>| {
            v.map_or("—".to_owned(), |m| {
                format!("{}.{:03}", m / 1000, m % 1000)
            })
        };
        return s.fill(
            "results.why_mean",
            &[
                ("a", &a),
                ("b", &z),
                ("ma", &mean(why.value_a)),
                ("mb", &mean(why.value_b)),
            ],
        );
    }
    let grade = |v: Option<i64>| {
        v.and_then(|g| b.grades.get(g as usize))
            .map_or("—".to_owned(), |g| g.text(lang).0.to_owned())
    };
    let (ga, gb) = (grade(why.value_a), grade(why.value_b));
    if why.step == 0 {
        s.fill(
            "results.why_majority",
            &[("a", &a), ("b", &z), ("ga", &ga), ("gb", &gb)],
        )
    } else {
        s.fill(
            "results.why_step",
            &[
                ("a", &a),
                ("b", &z),
                ("step", &why.step),
                ("ga", &ga),
                ("gb", &gb),
            ],
        )
    }
}
