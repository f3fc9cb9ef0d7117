//! The minutes as plain text or Markdown, in the bundle's language.

use super::{Minutes, ProjectResult};
use crate::i18n::{Language, Strings};

impl Minutes {
    /// Plain text or Markdown, in the bundle's language.
    pub fn to_document(&self, language: Language, markdown: bool) -> String {
        self.escaped().document(language, markdown)
    }

    fn document(&self, language: Language, markdown: bool) -> String {
        let s = Strings::get(language);
        let mut out = String::new();
        let h = |level: usize, text: &str| {
            if markdown {
                format!("{} {text}\n\n", "#".repeat(level))
            } else {
                let rule = if level == 1 { '=' } else { '-' };
                format!(
                    "{text}\n{}\n\n",
                    rule.to_string().repeat(text.chars().count())
                )
            }
        };
        let item = |text: String| {
            if markdown {
                format!("- {text}\n")
            } else {
                format!("  {text}\n")
            }
        };
        out.push_str(&h(1, &format!("{} — {}", s.t("minutes.title"), self.title)));
        out.push_str(&item(s.fill(
            "minutes.when",
            &[("date", &self.date), ("place", &self.place)],
        )));
        out.push_str(&item(s.fill(
            "minutes.session",
            &[("id", &self.session_id), ("opened", &self.opened_at)],
        )));
        if let Some(at) = &self.sealed_at {
            out.push_str(&item(s.fill("minutes.sealed", &[("at", at)])));
        }
        let method = if self.method == "majority_judgment" {
            s.t("results.majority")
        } else {
            s.t("results.mean")
        };
        out.push_str(&item(s.fill(
            "minutes.method",
            &[("method", &method), ("max", &self.max_laureates)],
        )));
        out.push('\n');

        out.push_str(&h(2, s.t("minutes.jurors")));
        for r in &self.rounds {
            let absent = if r.absent.is_empty() {
                "—".to_owned()
            } else {
                r.absent.join(", ")
            };
            out.push_str(&item(s.fill(
                "minutes.round",
                &[
                    ("round", &r.number),
                    ("projects", &r.projects.len()),
                    ("voted", &r.voted.len()),
                    ("seats", &self.seats),
                    ("absent", &absent),
                ],
            )));
            if let Some(reason) = &r.closed_early_reason {
                out.push_str(&item(s.fill("minutes.closed_early", &[("reason", reason)])));
            }
            if let Some(reason) = &r.cancelled_reason {
                out.push_str(&item(s.fill("minutes.cancelled", &[("reason", reason)])));
            }
            if !r.drafts_discarded.is_empty() {
                out.push_str(&item(s.fill(
                    "minutes.drafts_discarded",
                    &[("seats", &r.drafts_discarded.join(", "))],
                )));
            }
        }
        if self.conflicts.is_empty() {
            out.push_str(&item(s.t("minutes.no_conflicts").to_owned()));
        }
        for c in &self.conflicts {
            out.push_str(&item(s.fill(
                "minutes.conflict",
                &[
                    ("seat", &c.seat),
                    ("project", &c.project),
                    ("round", &c.round),
                ],
            )));
        }
        out.push('\n');

        out.push_str(&h(2, s.t("minutes.ranking")));
        out.push_str(&item(s.fill("minutes.quorum", &[("quorum", &self.quorum)])));
        for k in &self.kept_earlier {
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
                        ("quorum", &self.quorum),
                    ],
                ),
            };
            out.push_str(&item(text));
        }
        out.push('\n');
        let profile = |p: &ProjectResult| {
            p.grade_counts
                .iter()
                .rev()
                .zip(&self.grades)
                .filter(|(n, _)| **n > 0)
                .map(|(n, g)| format!("{g} {n}"))
                .collect::<Vec<_>>()
                .join(" · ")
        };
        if markdown {
            out.push_str(&format!(
                "| # | {} | {} | {} | |\n|---|---|---|---|---|\n",
                s.t("minutes.project"),
                s.t("minutes.majority"),
                s.t("minutes.profile")
            ));
        }
        for p in &self.projects {
            let flags = format!(
                "{}{}{}",
                if p.selected { "★ " } else { "" },
                if p.tied { "= " } else { "" },
                if p.to_discuss { "◆" } else { "" }
            );
            let withheld;
            let grade = if p.not_enough_graders {
                withheld = s.fill(
                    "results.not_enough",
                    &[
                        ("graders", &p.graders.unwrap_or(0)),
                        ("quorum", &self.quorum),
                    ],
                );
                withheld.as_str()
            } else {
                p.majority_grade.as_deref().unwrap_or("—")
            };
            if markdown {
                out.push_str(&format!(
                    "| {} | {} (`{}`) | {grade} | {} | {flags} |\n",
                    p.rank,
                    p.name,
                    p.id,
                    profile(p)
                ));
            } else {
                out.push_str(&format!(
                    "  {:>3}. {} ({}) — {grade} — {} {flags}\n",
                    p.rank,
                    p.name,
                    p.id,
                    profile(p)
                ));
            }
        }
        out.push('\n');
        out.push_str(&item(s.t("minutes.legend").to_owned()));
        out.push('\n');

        out.push_str(&h(2, s.t("minutes.per_criterion")));
        for p in &self.projects {
            let grades: Vec<String> = p
                .per_criterion
                .iter()
                .zip(&self.criteria)
                .map(|(g, c)| format!("{c}: {}", g.as_deref().unwrap_or("—")))
                .collect();
            out.push_str(&item(format!("{} — {}", p.name, grades.join(" ; "))));
        }
        out.push('\n');

        out.push_str(&h(2, s.t("minutes.decision")));
        match &self.decision {
            None => out.push_str(&item(s.t("minutes.no_decision").to_owned())),
            Some(d) => {
                let names: Vec<&str> = d
                    .selected
                    .iter()
                    .filter_map(|id| {
                        self.projects
                            .iter()
                            .find(|p| &p.id == id)
                            .map(|p| p.name.as_str())
                    })
                    .collect();
                out.push_str(&item(s.fill(
                    "minutes.selected",
                    &[("n", &d.selected.len()), ("names", &names.join(", "))],
                )));
                let ties: Vec<&str> = self
                    .projects
                    .iter()
                    .filter(|p| p.tied)
                    .map(|p| p.name.as_str())
                    .collect();
                if !ties.is_empty() {
                    out.push_str(&item(
                        s.fill("minutes.ties", &[("names", &ties.join(", "))]),
                    ));
                }
                if d.departs_from_ranking {
                    let reason = d.reason.as_deref().unwrap_or("—");
                    out.push_str(&item(s.fill("minutes.departs", &[("reason", &reason)])));
                } else {
                    out.push_str(&item(s.t("minutes.as_ranked").to_owned()));
                }
            }
        }
        out.push('\n');

        out.push_str(&h(2, s.t("minutes.integrity")));
        out.push_str(&item(s.fill(
            "minutes.head",
            &[
                ("hash", &self.head.as_deref().unwrap_or("—")),
                ("entries", &self.entries),
            ],
        )));
        out.push_str(&item(s.fill(
            "minutes.signer",
            &[("fingerprint", &self.signer.as_deref().unwrap_or("—"))],
        )));
        out.push_str(&item(
            s.fill("minutes.bundle", &[("hash", &self.bundle_sha256)]),
        ));
        out
    }
}
