//! The heart of a turn: one project's card beside the criteria, one key per
//! grade. Regions are computed by one function for drawing and for clicks,
//! so what you click is what you see.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Hit;
use super::chrome::{self, pad, styled, truncate};
use super::welcome::grade_key;
use crate::tui::App;
use crate::turn::JurorTurn;
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

struct Regions {
    card: Rect,
    panel: Rect,
    /// The criteria shown: all of them when they fit, else a window that
    /// holds the focused one (`chrome::window`).
    shown: Range<usize>,
    /// One rectangle (two lines) per criterion shown, in order.
    criteria: Vec<Rect>,
    /// The blank line under the criteria, where "▼ n more" goes.
    below: Rect,
    legend_title: Rect,
    /// One rectangle per grade (more than one line when its meaning wraps).
    legend: Vec<Rect>,
    /// Grade meanings are shown (one grade per line, or more).
    meanings: bool,
    /// Below the scale: the focused criterion in full.
    detail: Rect,
}

/// Columns before a grade's meaning: key (3), mark (1), label, two spaces.
fn meaning_indent(app: &App) -> u16 {
    4 + chrome::grade_label_width(app) as u16 + 2
}

/// Rows of the grade scale at its smallest (labels in two columns), with
/// its title and the blank line above it.
fn smallest_legend(app: &App) -> u16 {
    app.bundle.bundle.grades.len().div_ceil(2) as u16 + 2
}

/// How many criteria the panel shows: all when they fit above the smallest
/// scale, else as many as leave it room (and a line for the focused
/// criterion's full label when some labels are cut in their rows).
fn criteria_rows(app: &App, inner: Rect) -> usize {
    let b = &app.bundle.bundle;
    let lang = app.lang();
    let len = b.criteria.len();
    let legend = smallest_legend(app);
    if 2 * len as u16 + legend <= inner.height {
        return len;
    }
    let cut = b.criteria.iter().enumerate().any(|(c, criterion)| {
        format!("▶ {}. {}", c + 1, criterion.text(lang).0).width() > inner.width as usize
    });
    let room = inner.height.saturating_sub(legend + u16::from(cut));
    usize::from(room / 2).clamp(1, len)
}

fn regions(app: &App, body: Rect, focus: usize) -> Regions {
    let b = &app.bundle.bundle;
    let lang = app.lang();
    let [card, panel] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    let inner = panel.inner(ratatui::layout::Margin::new(2, 1));
    let shown = chrome::window(focus, b.criteria.len(), criteria_rows(app, inner));
    let criteria = (0..shown.len())
        .map(|i| Rect::new(inner.x, inner.y + 2 * i as u16, inner.width, 2).intersection(inner))
        .collect();
    let legend_top = inner.y + 2 * shown.len() as u16 + 1;
    let below = Rect::new(inner.x, legend_top - 1, inner.width, 1).intersection(inner);
    let legend_title = Rect::new(inner.x, legend_top, inner.width, 1).intersection(inner);
    // Each grade with its whole meaning (wrapped) when there is room, else
    // one line per grade (meaning cut), else labels only in two columns.
    let room = (inner.y + inner.height).saturating_sub(legend_top + 1);
    let meaning_width = inner.width.saturating_sub(meaning_indent(app));
    let wrapped: Vec<u16> = b
        .grades
        .iter()
        .map(|g| {
            Paragraph::new(g.text(lang).1)
                .wrap(Wrap { trim: true })
                .line_count(meaning_width)
                .max(1) as u16
        })
        .collect();
    let heights: Vec<u16> = if meaning_width >= 16 && wrapped.iter().sum::<u16>() <= room {
        wrapped
    } else {
        vec![1; b.grades.len()]
    };
    let one_column = heights.iter().sum::<u16>() <= room;
    let mut legend = Vec::new();
    let mut y = legend_top + 1;
    if one_column {
        for h in &heights {
            legend.push(Rect::new(inner.x, y, inner.width, *h).intersection(inner));
            y += h;
        }
    } else {
        let rows = b.grades.len().div_ceil(2) as u16;
        let width = inner.width / 2;
        for i in 0..b.grades.len() as u16 {
            let (col, row) = (i / rows, i % rows);
            legend.push(
                Rect::new(inner.x + col * width, legend_top + 1 + row, width, 1)
                    .intersection(inner),
            );
        }
        y = legend_top + 1 + rows;
    }
    let detail = Rect::new(
        inner.x,
        y,
        inner.width,
        (inner.y + inner.height).saturating_sub(y),
    )
    .intersection(inner);
    Regions {
        card,
        panel,
        shown,
        criteria,
        below,
        legend_title,
        legend,
        meanings: one_column,
        detail,
    }
}

pub fn hit(app: &App, turn: &JurorTurn, column: u16, row: u16) -> Option<Hit> {
    let body = chrome::areas(app, app.area).body;
    let r = regions(app, body, turn.criterion());
    let at = ratatui::layout::Position::new(column, row);
    if turn.conflicts()[turn.position()] {
        return None;
    }
    if let Some(i) = r.criteria.iter().position(|rect| rect.contains(at)) {
        return Some(Hit::Criterion(r.shown.start + i));
    }
    r.legend
        .iter()
        .position(|rect| rect.contains(at))
        .map(|g| Hit::Grade(g as u8))
}

/// `■■■□□□` for done/total, at most `width` cells.
fn progress_bar(done: usize, total: usize, width: usize) -> String {
    let cells = total.min(width).max(1);
    let filled = (done * cells).div_ceil(total.max(1)).min(cells);
    format!("{}{}", "■".repeat(filled), "□".repeat(cells - filled))
}

pub fn render(app: &App, frame: &mut Frame, turn: &JurorTurn) {
    let s = app.strings();
    let b = &app.bundle.bundle;
    let lang = app.lang();
    let areas = chrome::areas(app, frame.area());
    let project = &b.projects[turn.project()];
    let total = turn.order().len();
    let done = turn.done();
    let name = b.jurors[turn.seat()].display_name();
    chrome::header(
        app,
        frame,
        areas.header,
        &format!(
            "{} · {name}",
            s.fill(
                "scoring.position",
                &[("n", &(turn.position() + 1)), ("total", &total)]
            )
        ),
        &format!(
            "{} {}",
            progress_bar(done, total, 20),
            s.fill("scoring.done", &[("done", &done), ("total", &total)])
        ),
    );
    let r = regions(app, areas.body, turn.criterion());

    // The project card.
    let heading = |text: &str| Line::styled(text.to_owned(), app.theme.heading);
    let words = project.text(lang);
    let mut card = vec![
        Line::styled(words.name.to_owned(), app.theme.title),
        Line::styled(words.category.to_owned(), app.theme.dim),
        Line::raw(""),
        Line::styled(words.aim.to_owned(), app.theme.emphasis),
        Line::raw(""),
        heading(s.t("card.proposal")),
        Line::raw(words.proposal.to_owned()),
    ];
    if !words.complements.is_empty() {
        card.extend([
            Line::raw(""),
            heading(s.t("card.complements")),
            Line::raw(words.complements.to_owned()),
        ]);
    }
    if !project.partners.is_empty() {
        card.extend([Line::raw(""), heading(s.t("card.partners"))]);
        card.extend(project.partners.iter().map(|p| Line::raw(format!("• {p}"))));
    }
    if let Some(site) = &project.website {
        card.extend([
            Line::raw(""),
            heading(s.t("card.website")),
            Line::raw(site.clone()),
        ]);
    }
    let paragraph = Paragraph::new(card).wrap(Wrap { trim: false });
    let inner_width = r.card.width.saturating_sub(4);
    let inner_height = r.card.height.saturating_sub(2);
    let lines = paragraph.line_count(inner_width) as u16;
    let max_scroll = lines.saturating_sub(inner_height);
    let scroll = app.card_scroll.min(max_scroll);
    let mut block = chrome::block(app, s.t("card.title"));
    if max_scroll > 0 {
        let more = if scroll < max_scroll {
            s.t("card.more")
        } else {
            s.t("card.top")
        };
        block = block.title_bottom(Line::styled(format!(" {more} "), app.theme.dim));
    }
    frame.render_widget(paragraph.scroll((scroll, 0)).block(block), r.card);

    // The criteria and the grade scale.
    let graded = turn.grades()[turn.position()]
        .iter()
        .filter(|g| g.is_some())
        .count();
    let panel_title = s.fill(
        "scoring.criteria",
        &[("done", &graded), ("total", &b.criteria.len())],
    );
    let recused = turn.conflicts()[turn.position()];
    let mut panel = chrome::block(app, &panel_title);
    let len = b.criteria.len();
    if !recused {
        // "▲ n more" on the top edge, as the other lists; "▼ n more" on the
        // line under the criteria, since the scale is below them.
        panel = chrome::more_marks(app, panel, &(r.shown.start..len), len);
    }
    frame.render_widget(panel, r.panel);
    if !recused && r.shown.end < len {
        let text = s.fill("list.more_below", &[("n", &(len - r.shown.end))]);
        frame.render_widget(
            Paragraph::new(Line::styled(text, app.theme.heading).right_aligned()),
            r.below,
        );
    }
    if recused {
        let inner = r.panel.inner(ratatui::layout::Margin::new(2, 1));
        chrome::focus_cursor(frame, inner, 0, 0);
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled(
                    format!("⊘ {}", s.t("scoring.conflict_declared")),
                    app.theme.heading,
                ),
                Line::raw(""),
                Line::raw(if turn.is_recused() {
                    s.t("scoring.recused_explain")
                } else {
                    s.t("scoring.conflict_explain")
                }),
            ])
            .wrap(Wrap { trim: false }),
            inner,
        );
    } else {
        for (c, rect) in r.shown.clone().zip(&r.criteria) {
            let focused = c == turn.criterion();
            let (label, _) = b.criteria[c].text(lang);
            let marker = if focused { "▶" } else { " " };
            let width = rect.width as usize;
            let title = truncate(&format!("{marker} {}. {label}", c + 1), width);
            let grade = match turn.grades()[turn.position()][c] {
                Some(g) => Span::styled(
                    format!("    ● {}", b.grades[usize::from(g)].text(lang).0),
                    app.theme.chosen,
                ),
                None => Span::styled(
                    format!("    ? {}", s.t("scoring.to_grade")),
                    app.theme.missing,
                ),
            };
            let title_style = if focused {
                app.theme.focus
            } else {
                app.theme.base
            };
            frame.render_widget(
                Paragraph::new(vec![
                    Line::styled(pad(&title, width), title_style),
                    Line::from(grade),
                ]),
                *rect,
            );
            if focused {
                chrome::focus_cursor(frame, *rect, 0, 0);
            }
        }
        frame.render_widget(
            Paragraph::new(Line::styled(s.t("scoring.legend"), app.theme.dim)),
            r.legend_title,
        );
        let current = turn.grades()[turn.position()][turn.criterion()];
        let label_width = chrome::grade_label_width(app);
        let indent = meaning_indent(app);
        for (g, rect) in r.legend.iter().enumerate() {
            let (label, meaning) = b.grades[g].text(lang);
            let chosen = current == Some(g as u8);
            let style = if chosen {
                app.theme.chosen
            } else {
                app.theme.base
            };
            let mark = if chosen { "●" } else { " " };
            let room = (rect.width as usize).saturating_sub(4);
            let text = if r.meanings {
                pad(label, label_width)
            } else {
                truncate(label, room)
            };
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    chrome::key_span(app, &grade_key(g)),
                    styled(format!("{mark}{text}"), style),
                ])),
                *rect,
            );
            if r.meanings {
                let text = Rect {
                    x: rect.x + indent,
                    width: rect.width.saturating_sub(indent),
                    ..*rect
                };
                let paragraph = Paragraph::new(Line::styled(meaning.to_owned(), style));
                // Cut only when even one line per grade leaves no room to wrap.
                if text.height > 1 {
                    frame.render_widget(paragraph.wrap(Wrap { trim: true }), text);
                } else {
                    let cut = truncate(meaning, text.width as usize);
                    frame.render_widget(Paragraph::new(Line::styled(cut, style)), text);
                }
            }
        }
        // The focused criterion in full (its line above may be cut), and
        // what it asks when there is room.
        let (label, explanation) = b.criteria[turn.criterion()].text(lang);
        let title = Line::styled(
            format!("▶ {}. {label}", turn.criterion() + 1),
            app.theme.heading,
        );
        let cut = format!("▶ {}. {label}", turn.criterion() + 1).width() > r.detail.width as usize;
        let explained = vec![title.clone(), Line::raw(explanation.to_owned())];
        // A blank line above when there is room; the explanation only with
        // the title; the title alone only when the line above cuts it.
        let mut choices = vec![explained.clone()];
        if cut {
            choices.push(vec![title]);
        }
        let height = r.detail.height as usize;
        for lines in choices {
            let paragraph = Paragraph::new(lines).wrap(Wrap { trim: true });
            let needed = paragraph.line_count(r.detail.width);
            if needed < height {
                let area = Rect {
                    y: r.detail.y + 1,
                    height: r.detail.height - 1,
                    ..r.detail
                };
                frame.render_widget(paragraph, area);
                break;
            } else if needed == height {
                frame.render_widget(paragraph, r.detail);
                break;
            }
        }
    }
    chrome::notice(app, frame, areas.notice);
    chrome::footer(app, frame, areas.footer);
}

#[cfg(test)]
mod tests {
    use super::progress_bar;

    #[test]
    fn progress_bar_fills_in_proportion() {
        assert_eq!(progress_bar(0, 4, 20), "□□□□");
        assert_eq!(progress_bar(2, 4, 20), "■■□□");
        assert_eq!(progress_bar(187, 187, 20).chars().count(), 20);
    }
}
