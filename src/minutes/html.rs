//! The procès-verbal as one printable HTML file: inline CSS (A4 pages with
//! their numbers) and SVG merit-profile bars, nothing loaded, no script; in
//! the bundle's language, French typography in French. It is built on the
//! minutes and on the counted grade counts (per project, criterion and
//! grade), never on per-juror ballots, so open and secret sessions print
//! alike. Every text from the bundle or the tally is escaped: hazardous
//! characters shown as `\u{…}` (as in the other formats), then HTML.

use std::fmt::Write as _;

use super::html_style::STYLE;
use super::html_text::{escape_html, fill, in_fours};
use super::html_words::{self, Words};
use super::margin::{Margin, margin};
use super::profile_bar::{grade_colour, profile_svg};
use super::{Minutes, ProjectResult};
use crate::bundle::{BundleFile, Method};
use crate::i18n::{Language, Strings};
use crate::results::{GradeCounts, explain};
use crate::session::SessionState;
use crate::verify::Report;

/// The files the integrity block's commands name: the tally and the bundle
/// as `jury results` was given them (their file names, to run beside them).
pub struct Files<'a> {
    pub tally: &'a str,
    pub bundle: &'a str,
}

/// The procès-verbal of a verified session, as HTML.
pub fn render(
    file: &BundleFile,
    state: &SessionState,
    report: &Report,
    files: &Files<'_>,
) -> String {
    let standings = state.standings(&file.bundle);
    let minutes = Minutes::new(file, state, report).escaped();
    Page::new(file, &minutes, &standings.counts, files).render()
}

struct Page<'a> {
    file: &'a BundleFile,
    m: &'a Minutes,
    counts: &'a GradeCounts,
    files: &'a Files<'a>,
    language: Language,
    w: &'static Words,
    s: &'static Strings,
    out: String,
}

impl<'a> Page<'a> {
    fn new(
        file: &'a BundleFile,
        m: &'a Minutes,
        counts: &'a GradeCounts,
        files: &'a Files<'a>,
    ) -> Self {
        let language = Language::from_code(&file.bundle.language);
        Self {
            file,
            m,
            counts,
            files,
            language,
            w: html_words::get(language),
            s: Strings::get(language),
            out: String::new(),
        }
    }

    fn fill(&self, text: &str, values: &[(&str, &str)]) -> String {
        fill(self.language, text, values)
    }

    /// Program words, with French spacing.
    fn word(&self, text: &str) -> String {
        self.fill(text, &[])
    }

    fn push(&mut self, html: &str) {
        self.out.push_str(html);
        self.out.push('\n');
    }

    fn index_of(&self, id: &str) -> Option<usize> {
        self.file.bundle.projects.iter().position(|p| p.id == id)
    }

    fn name_of(&self, id: &str) -> String {
        self.m
            .projects
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| escape_html(id), |p| escape_html(&p.name))
    }

    fn render(mut self) -> String {
        let m = self.m;
        let w = self.w;
        let style = STYLE.replace("PAGE_WORD", w.page).replace("OF_WORD", w.of);
        self.push(&format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>{} — {}</title>\n<style>{style}</style>\n</head>\n<body>",
            w.lang,
            escape_html(w.heading),
            escape_html(&m.title)
        ));
        self.header();
        self.who_sat();
        self.method();
        self.ranking();
        self.close_calls();
        self.margins();
        self.decision();
        self.rounds();
        self.integrity();
        self.signatures();
        self.push("</body>\n</html>");
        self.out
    }

    fn header(&mut self) {
        let (m, w) = (self.m, self.w);
        let sealed = match &m.sealed_at {
            Some(at) => format!("{} {}", w.sealed, escape_html(at)),
            None => w.not_sealed.to_owned(),
        };
        let facts = [
            (w.date, escape_html(&m.date)),
            (w.place, escape_html(&m.place)),
            (
                w.session,
                format!(
                    "<span class=\"hash\">{}</span>, {} {}, {sealed}",
                    escape_html(&m.session_id),
                    w.opened,
                    escape_html(&m.opened_at)
                ),
            ),
        ];
        let mut html = format!(
            "<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n<dl class=\"facts\">",
            escape_html(w.heading),
            escape_html(&m.title)
        );
        for (term, value) in facts {
            let _ = write!(html, "<dt>{}</dt><dd>{value}</dd>", escape_html(term));
        }
        html.push_str("</dl>\n</header>");
        self.push(&html);
    }

    fn who_sat(&mut self) {
        let (m, w) = (self.m, self.w);
        let mut html = format!("<section>\n<h2>{}</h2>", escape_html(w.who_sat));
        let _ = write!(
            html,
            "<p>{}</p>",
            escape_html(&self.fill(
                w.quorum_line,
                &[
                    ("q", &m.quorum.to_string()),
                    ("seats", &m.seats.to_string())
                ]
            ))
        );
        let _ = write!(
            html,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            w.seat, w.name, w.voted_in, w.absent_in, w.recused_on
        );
        for juror in &self.file.bundle.jurors {
            let seat = crate::terminal_text::escape(&juror.seat).into_owned();
            let rounds = |pick: fn(&super::RoundMinutes) -> &Vec<String>| {
                let list: Vec<String> = m
                    .rounds
                    .iter()
                    .filter(|r| pick(r).contains(&seat))
                    .map(|r| r.number.to_string())
                    .collect();
                if list.is_empty() {
                    "—".to_owned()
                } else {
                    list.join(", ")
                }
            };
            let recused: Vec<String> = m
                .conflicts
                .iter()
                .filter(|c| c.seat == seat)
                .map(|c| self.name_of(&c.project))
                .collect();
            let name = juror
                .name
                .as_deref()
                .map(|n| crate::terminal_text::escape(n).into_owned());
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape_html(&seat),
                escape_html(name.as_deref().unwrap_or("—")),
                rounds(|r| &r.voted),
                rounds(|r| &r.absent),
                if recused.is_empty() {
                    "—".to_owned()
                } else {
                    recused.join(", ")
                }
            );
        }
        html.push_str("</tbody></table>\n</section>");
        self.push(&html);
    }

    fn method(&mut self) {
        let (m, w) = (self.m, self.w);
        let best = m.grades.first().map(String::as_str).unwrap_or("");
        let worst = m.grades.last().map(String::as_str).unwrap_or("");
        let sentences = match self.file.bundle.method {
            Method::MajorityJudgment => w.method_mj,
            Method::WeightedMean => w.method_mean,
        };
        let mut html = format!("<section>\n<h2>{}</h2>", escape_html(w.method));
        for sentence in sentences {
            let text = self.fill(
                sentence,
                &[
                    ("best", best),
                    ("worst", worst),
                    ("top", &(m.grades.len().saturating_sub(1)).to_string()),
                ],
            );
            let _ = write!(html, "<p>{}</p>", escape_html(&text));
        }
        html.push_str("</section>");
        self.push(&html);
    }

    fn ranking(&mut self) {
        let (m, w, s) = (self.m, self.w, self.s);
        let mut html = format!(
            "<section>\n<h2>{}</h2>",
            escape_html(s.t("minutes.ranking"))
        );
        html.push_str("<p class=\"legend\">");
        for (g, label) in m.grades.iter().enumerate() {
            let _ = write!(
                html,
                "<span><i style=\"background:{}\"></i>{}</span>",
                grade_colour(g, m.grades.len()),
                escape_html(label)
            );
        }
        html.push_str("</p>");
        for k in &m.kept_earlier {
            let text = match k.graders {
                None => s.fill(
                    "minutes.kept_cancelled",
                    &[("project", &k.project), ("round", &k.round)],
                ),
                Some(graders) => s.fill(
                    "minutes.kept_few",
                    &[
                        ("project", &k.project),
                        ("round", &k.round),
                        ("graders", &graders),
                        ("quorum", &m.quorum),
                    ],
                ),
            };
            let _ = write!(html, "<p>{}</p>", escape_html(&text));
        }
        let _ = write!(
            html,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr></thead><tbody>",
            w.rank,
            escape_html(s.t("minutes.project")),
            escape_html(s.t("minutes.majority")),
            escape_html(s.t("minutes.profile"))
        );
        for p in &m.projects {
            let best_first: Vec<u64> = p.grade_counts.iter().rev().copied().collect();
            let grade = if p.not_enough_graders {
                s.fill(
                    "results.not_enough",
                    &[("graders", &p.graders.unwrap_or(0)), ("quorum", &m.quorum)],
                )
            } else {
                p.majority_grade.clone().unwrap_or_else(|| "—".into())
            };
            let flags = format!(
                "{}{}{}",
                if p.selected { "★ " } else { "" },
                if p.tied { "= " } else { "" },
                if p.to_discuss { "◆" } else { "" }
            );
            let counts: Vec<String> = best_first
                .iter()
                .zip(&m.grades)
                .filter(|(n, _)| **n > 0)
                .map(|(n, g)| format!("{} {n}", escape_html(g)))
                .collect();
            let _ = write!(
                html,
                "<tr{}><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"bar\">{}<small>{}</small></td><td>{flags}</td></tr>",
                if p.selected {
                    " class=\"selected\""
                } else {
                    ""
                },
                p.rank,
                escape_html(&p.name),
                escape_html(&grade),
                profile_svg(&best_first, &m.grades),
                counts.join(" · ")
            );
        }
        let _ = write!(
            html,
            "</tbody></table><p>{}</p>\n</section>",
            escape_html(&self.fill(w.legend, &[("max", &m.max_laureates.to_string())]))
        );
        self.push(&html);
    }

    /// Neighbours with the same majority grade down to two places past the
    /// limit: why one is above the other, in words.
    fn close_calls(&mut self) {
        let (m, w) = (self.m, self.w);
        let depth = (m.max_laureates + 2).min(m.projects.len());
        let mut lines = Vec::new();
        for pair in m.projects[..depth].windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.majority_grade.is_none() || a.majority_grade != b.majority_grade {
                continue;
            }
            let (Some(ia), Some(ib)) = (self.index_of(&a.id), self.index_of(&b.id)) else {
                continue;
            };
            lines.push(self.tie_break(a, b, ia, ib));
        }
        let mut html = format!("<section>\n<h2>{}</h2>", escape_html(w.close_calls));
        let _ = write!(
            html,
            "<p>{}</p>",
            escape_html(&self.fill(w.close_calls_intro, &[("n", &depth.to_string())]))
        );
        if lines.is_empty() {
            let _ = write!(html, "<p>{}</p>", escape_html(&self.word(w.no_close_calls)));
        } else {
            html.push_str("<ul>");
            for line in lines {
                let _ = write!(html, "<li>{line}</li>");
            }
            html.push_str("</ul>");
        }
        html.push_str("</section>");
        self.push(&html);
    }

    fn tie_break(&self, a: &ProjectResult, b: &ProjectResult, ia: usize, ib: usize) -> String {
        let bundle = &self.file.bundle;
        let sep = explain(bundle, self.counts, ia, ib);
        let (na, nb) = (escape_html(&a.name), escape_html(&b.name));
        let label = |g: Option<i64>| {
            g.and_then(|g| self.m.grades.get(g as usize))
                .map_or("—".to_owned(), |l| escape_html(l))
        };
        if sep.winner.is_none() {
            return self.fill(self.w.exact_tie, &[("a", &na), ("b", &nb)]);
        }
        // The ranking puts the winner first; name them in that order.
        let (first, second, va, vb) = if sep.winner == Some(ia) {
            (&na, &nb, sep.value_a, sep.value_b)
        } else {
            (&nb, &na, sep.value_b, sep.value_a)
        };
        match bundle.method {
            Method::MajorityJudgment => {
                let mut text = self.fill(
                    self.w.tie_break,
                    &[
                        ("a", first),
                        ("b", second),
                        (
                            "g",
                            &escape_html(a.majority_grade.as_deref().unwrap_or("—")),
                        ),
                        ("k", &sep.step.to_string()),
                        ("ga", &label(va)),
                        ("gb", &label(vb)),
                    ],
                );
                let total = |p: &ProjectResult| p.grade_counts.iter().sum::<u64>();
                if total(a) != total(b) {
                    text += &self.word(self.w.tie_break_scaled);
                }
                text
            }
            Method::WeightedMean => {
                let mean = |v: Option<i64>| {
                    v.map_or("—".to_owned(), |v| {
                        format!("{}.{:03}", v / 1000, v % 1000)
                    })
                };
                self.fill(
                    self.w.mean_break,
                    &[
                        ("a", first),
                        ("b", second),
                        ("ma", &mean(va)),
                        ("mb", &mean(vb)),
                    ],
                )
            }
        }
    }

    /// The selected projects nearest the cut-off (the last three), each
    /// against the best project not selected.
    fn margins(&mut self) {
        let (m, w) = (self.m, self.w);
        let mut html = format!("<section>\n<h2>{}</h2>", escape_html(w.margins));
        if self.file.bundle.method != Method::MajorityJudgment {
            let _ = write!(
                html,
                "<p>{}</p></section>",
                escape_html(&self.word(w.margins_mean))
            );
            self.push(&html);
            return;
        }
        let selected: Vec<&ProjectResult> = m.projects.iter().filter(|p| p.selected).collect();
        let first_out = m
            .projects
            .iter()
            .find(|p| !p.selected && p.majority_grade.is_some());
        let _ = write!(html, "<p>{}</p>", escape_html(&self.word(w.margins_intro)));
        let Some(out) = first_out.filter(|_| !selected.is_empty()) else {
            let _ = write!(
                html,
                "<p>{}</p></section>",
                escape_html(&self.word(w.no_margin))
            );
            self.push(&html);
            return;
        };
        let _ = write!(
            html,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th></th></tr></thead><tbody>",
            w.rank,
            escape_html(self.s.t("minutes.project")),
            escape_html(w.first_out)
        );
        let start = selected.len().saturating_sub(3);
        for p in &selected[start..] {
            let value = match (self.index_of(&p.id), self.index_of(&out.id)) {
                (Some(a), Some(b)) => match margin(&self.file.bundle, self.counts, a, b) {
                    Some(Margin {
                        changes,
                        exact: true,
                    }) => self.fill(w.changes, &[("n", &changes.to_string())]),
                    Some(Margin {
                        changes,
                        exact: false,
                    }) => self.fill(w.at_most, &[("n", &changes.to_string())]),
                    None => self.fill(w.already_behind, &[("b", &escape_html(&out.name))]),
                },
                _ => "—".to_owned(),
            };
            let _ = write!(
                html,
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{value}</td></tr>",
                p.rank,
                escape_html(&p.name),
                escape_html(&out.name)
            );
        }
        html.push_str("</tbody></table>\n</section>");
        self.push(&html);
    }

    fn decision(&mut self) {
        let (m, s) = (self.m, self.s);
        let mut html = format!(
            "<section>\n<h2>{}</h2>",
            escape_html(s.t("minutes.decision"))
        );
        match &m.decision {
            None => {
                let _ = write!(html, "<p>{}</p>", escape_html(s.t("minutes.no_decision")));
            }
            Some(d) => {
                let names: Vec<String> = d.selected.iter().map(|id| self.name_of(id)).collect();
                let _ = write!(
                    html,
                    "<p>{}</p>",
                    s.fill(
                        "minutes.selected",
                        &[("n", &d.selected.len()), ("names", &names.join(", "))]
                    )
                );
                let text = if d.departs_from_ranking {
                    s.fill(
                        "minutes.departs",
                        &[("reason", &d.reason.as_deref().unwrap_or("—"))],
                    )
                } else {
                    s.t("minutes.as_ranked").to_owned()
                };
                let _ = write!(
                    html,
                    "<p>{}</p><p>{} {}</p>",
                    escape_html(&text),
                    escape_html(self.w.recorded),
                    escape_html(&d.at)
                );
            }
        }
        html.push_str("</section>");
        self.push(&html);
    }

    fn rounds(&mut self) {
        let (m, w, s) = (self.m, self.w, self.s);
        let mut html = format!("<section>\n<h2>{}</h2><ul>", escape_html(w.rounds));
        for r in &m.rounds {
            let absent = if r.absent.is_empty() {
                "—".to_owned()
            } else {
                r.absent.join(", ")
            };
            let line = s.fill(
                "minutes.round",
                &[
                    ("round", &r.number),
                    ("projects", &r.projects.len()),
                    ("voted", &r.voted.len()),
                    ("seats", &m.seats),
                    ("absent", &absent),
                ],
            );
            let _ = write!(html, "<li>{}", escape_html(&line));
            if let Some(reason) = &r.closed_early_reason {
                let _ = write!(
                    html,
                    "<br>{}",
                    escape_html(&s.fill("minutes.closed_early", &[("reason", reason)]))
                );
            }
            if let Some(reason) = &r.cancelled_reason {
                let _ = write!(
                    html,
                    "<br>{}",
                    escape_html(&s.fill("minutes.cancelled", &[("reason", reason)]))
                );
            }
            if !r.drafts_discarded.is_empty() {
                let _ = write!(
                    html,
                    "<br>{}",
                    escape_html(&s.fill(
                        "minutes.drafts_discarded",
                        &[("seats", &r.drafts_discarded.join(", "))]
                    ))
                );
            }
            html.push_str("</li>");
        }
        html.push_str("</ul>\n</section>");
        self.push(&html);
    }

    fn integrity(&mut self) {
        let (m, w) = (self.m, self.w);
        let head = m.head.as_deref().map_or("—".to_owned(), in_fours);
        let signer = m.signer.as_deref().map_or(w.unsigned.to_owned(), |f| {
            // `SHA256:base64`: the prefix, then the digest in fours.
            match f.split_once(':') {
                Some((alg, digest)) => format!("{alg}: {}", in_fours(digest)),
                None => in_fours(f),
            }
        });
        let bundle = format!("sha256: {}", in_fours(&m.bundle_sha256));
        // Quoted for a POSIX shell when they hold anything but plain characters.
        let quote = |name: &str| {
            let name = crate::terminal_text::escape(name).into_owned();
            if name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c))
            {
                escape_html(&name)
            } else {
                escape_html(&format!("'{}'", name.replace('\'', "'\\''")))
            }
        };
        let tally = quote(self.files.tally);
        let bundle_file = quote(self.files.bundle);
        let commands = format!(
            "jury verify {tally} --bundle {bundle_file}\nssh-keygen -Y verify -f {} -I {} -n {} -s {} &lt; {tally}",
            quote(&format!("{}.allowed_signers", self.files.tally)),
            crate::signing::SSHSIG_PRINCIPAL,
            crate::signing::SSHSIG_NAMESPACE,
            quote(&format!("{}.sig", self.files.tally)),
        );
        let mut html = format!("<section>\n<h2>{}</h2>", escape_html(w.integrity));
        let _ = write!(
            html,
            "<dl class=\"facts\"><dt>{}</dt><dd class=\"hash\">{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd class=\"hash\">{}</dd><dt>{}</dt><dd class=\"hash\">{}</dd></dl>",
            w.head,
            escape_html(&head),
            w.entries,
            m.entries,
            w.signer,
            escape_html(&signer),
            w.bundle,
            escape_html(&bundle)
        );
        let _ = write!(
            html,
            "<p>{}</p><pre>{commands}</pre>\n</section>",
            escape_html(&self.word(w.integrity_intro))
        );
        self.push(&html);
    }

    fn signatures(&mut self) {
        let (m, w) = (self.m, self.w);
        let mut html = format!(
            "<section class=\"signing\">\n<h2>{}</h2><p>{}</p><div class=\"signatures\">",
            escape_html(w.signatures),
            escape_html(&self.word(w.signatures_intro))
        );
        let _ = write!(
            html,
            "<div class=\"signature\">{}</div>",
            escape_html(w.facilitator)
        );
        for juror in &self.file.bundle.jurors {
            let seat = crate::terminal_text::escape(&juror.seat).into_owned();
            if !m.rounds.iter().any(|r| r.voted.contains(&seat)) {
                continue;
            }
            let who = match &juror.name {
                Some(name) => format!("{} ({seat})", crate::terminal_text::escape(name)),
                None => format!("{} {seat}", w.juror),
            };
            let _ = write!(html, "<div class=\"signature\">{}</div>", escape_html(&who));
        }
        html.push_str("</div>\n</section>");
        self.push(&html);
    }
}
