//! The minutes (procès-verbal) of a verified session: who sat, who was
//! absent, conflicts declared, the ranking with merit profiles, ties, the
//! decision and its reason, and what the signature is checked against.
//! One data structure, five renderings, one file each: text and Markdown
//! (`document`), CSV, JSON, and the printable HTML (`html`).

mod csv;
mod document;
pub mod html;
mod html_style;
mod html_text;
mod html_words;
mod json;
mod margin;
mod profile_bar;

use serde::Serialize;

use crate::bundle::{BundleFile, Method};
use crate::session::{KeptBecause, RoundStatus, SessionState, Standing};
use crate::terminal_text::escape;
use crate::verify::Report;

#[derive(Debug, Clone, Serialize)]
pub struct Minutes {
    pub title: String,
    pub date: String,
    pub place: String,
    pub method: &'static str,
    pub max_laureates: usize,
    /// Ballots a round needs to close; graders a project needs for its
    /// grades to count (docs/RESULTS.md).
    pub quorum: usize,
    pub session_id: String,
    pub opened_at: String,
    pub sealed_at: Option<String>,
    pub bundle_sha256: String,
    pub head: Option<String>,
    pub entries: usize,
    pub signer: Option<String>,
    pub seats: usize,
    /// Grade labels, best first.
    pub grades: Vec<String>,
    pub criteria: Vec<String>,
    pub rounds: Vec<RoundMinutes>,
    pub conflicts: Vec<Conflict>,
    /// Projects of a further round that kept their earlier grades, and why.
    pub kept_earlier: Vec<KeptEarlier>,
    /// In ranking order.
    pub projects: Vec<ProjectResult>,
    pub decision: Option<DecisionMinutes>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoundMinutes {
    pub number: u32,
    pub projects: Vec<String>,
    pub voted: Vec<String>,
    pub absent: Vec<String>,
    /// Why the round was closed before every seat had voted, if it was.
    pub closed_early_reason: Option<String>,
    /// Why the round was cancelled (below the quorum), if it was: its
    /// ballots are recorded and do not count.
    pub cancelled_reason: Option<String>,
    /// Seats whose unconfirmed turn the facilitator discarded.
    pub drafts_discarded: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeptEarlier {
    pub project: String,
    /// The further round whose grades did not replace the earlier ones.
    pub round: u32,
    /// `cancelled` or `too_few_graders`.
    pub because: &'static str,
    /// Jurors who graded it in that round (`too_few_graders`).
    pub graders: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub seat: String,
    pub round: u32,
    pub project: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectResult {
    pub id: String,
    pub name: String,
    pub rank: usize,
    /// Counts per grade, WORST grade first, after criterion weights.
    pub grade_counts: Vec<u64>,
    pub majority_grade: Option<String>,
    /// Majority grade per criterion (bundle order).
    pub per_criterion: Vec<Option<String>>,
    pub tied: bool,
    pub to_discuss: bool,
    pub selected: bool,
    /// The round its counted grades come from, and how many jurors gave them.
    pub round: Option<u32>,
    pub graders: Option<u64>,
    /// Its grades came from fewer jurors than the quorum: none is shown.
    pub not_enough_graders: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionMinutes {
    pub selected: Vec<String>,
    pub departs_from_ranking: bool,
    pub reason: Option<String>,
    pub at: String,
}

impl Minutes {
    pub fn new(file: &BundleFile, state: &SessionState, report: &Report) -> Self {
        let b = &file.bundle;
        let lang = b.language.as_str();
        let seat = |i: usize| b.jurors[i].seat.clone();
        let project = |i: usize| b.projects[i].id.clone();
        let grade = |g: usize| b.grades[g].text(lang).0.to_owned();
        let standings = state.standings(b);
        let results = standings.results(b);
        let selected = state
            .decision
            .as_ref()
            .map(|d| d.selected.clone())
            .unwrap_or_default();
        let rounds = state
            .rounds
            .iter()
            .map(|r| RoundMinutes {
                number: r.number,
                projects: r.projects.iter().map(|&p| project(p)).collect(),
                voted: r.ballots.keys().map(|&s| seat(s)).collect(),
                absent: r.absent.keys().map(|&s| seat(s)).collect(),
                closed_early_reason: match &r.status {
                    RoundStatus::Closed { reason } => reason.clone(),
                    _ => None,
                },
                cancelled_reason: match &r.status {
                    RoundStatus::Cancelled { reason } => Some(reason.clone()),
                    _ => None,
                },
                drafts_discarded: r.drafts_discarded.iter().map(|&s| seat(s)).collect(),
            })
            .collect();
        let kept_earlier = standings
            .kept
            .iter()
            .map(|k| KeptEarlier {
                project: project(k.project),
                round: k.round,
                because: match k.because {
                    KeptBecause::Cancelled => "cancelled",
                    KeptBecause::TooFewGraders { .. } => "too_few_graders",
                },
                graders: match k.because {
                    KeptBecause::Cancelled => None,
                    KeptBecause::TooFewGraders { graders } => Some(graders),
                },
            })
            .collect();
        let conflicts = state
            .rounds
            .iter()
            .flat_map(|r| {
                r.ballots.values().flat_map(move |ballot| {
                    ballot.conflicts.iter().map(move |&p| Conflict {
                        seat: seat(ballot.seat),
                        round: r.number,
                        project: project(p),
                    })
                })
            })
            .collect();
        let projects = results
            .ranking
            .iter()
            .map(|r| ProjectResult {
                id: project(r.project),
                name: b.projects[r.project].name.clone(),
                rank: r.rank,
                grade_counts: r.grade_counts.clone(),
                majority_grade: r.majority_grade.map(grade),
                per_criterion: r.per_criterion.iter().map(|g| g.map(grade)).collect(),
                tied: r.tied,
                to_discuss: r.to_discuss,
                selected: selected.contains(&r.project),
                round: match standings.standing[r.project] {
                    Standing::Counted { round, .. } | Standing::TooFewGraders { round, .. } => {
                        Some(round)
                    }
                    Standing::Ungraded => None,
                },
                graders: match standings.standing[r.project] {
                    Standing::Counted { graders, .. } | Standing::TooFewGraders { graders, .. } => {
                        Some(graders)
                    }
                    Standing::Ungraded => None,
                },
                not_enough_graders: r.withheld.is_some(),
            })
            .collect();
        let decision = state.decision.as_ref().map(|d| DecisionMinutes {
            selected: d.selected.iter().map(|&p| project(p)).collect(),
            departs_from_ranking: results.departs_from_ranking(&d.selected),
            reason: d.reason.clone(),
            at: d.at.clone(),
        });
        Self {
            title: b.title.clone(),
            date: b.date.clone(),
            place: b.place.clone(),
            method: match b.method {
                Method::MajorityJudgment => "majority_judgment",
                Method::WeightedMean => "weighted_mean",
            },
            max_laureates: b.max_laureates as usize,
            quorum: standings.quorum,
            session_id: state.genesis.session_id.clone(),
            opened_at: state.genesis.opened_at.clone(),
            sealed_at: state.seal.as_ref().map(|s| s.at.clone()),
            bundle_sha256: file.sha256.hex(),
            head: report.head.clone(),
            entries: report.entries,
            signer: report.signer.clone(),
            seats: b.jurors.len(),
            grades: b.grades.iter().map(|g| g.text(lang).0.to_owned()).collect(),
            criteria: b
                .criteria
                .iter()
                .map(|c| c.text(lang).0.to_owned())
                .collect(),
            rounds,
            conflicts,
            kept_earlier,
            projects,
            decision,
        }
    }

    /// A copy whose every text (from the bundle or the tally: names,
    /// labels, seats, reasons…) has its control, bidi and invisible
    /// characters escaped (`crate::terminal_text`), for the text formats.
    /// The bundle refuses them at load, but reasons come from the tally.
    fn escaped(&self) -> Self {
        let e = |t: &String| escape(t).into_owned();
        let opt = |t: &Option<String>| t.as_ref().map(e);
        let all = |v: &Vec<String>| v.iter().map(e).collect::<Vec<_>>();
        Self {
            title: e(&self.title),
            date: e(&self.date),
            place: e(&self.place),
            method: self.method,
            max_laureates: self.max_laureates,
            quorum: self.quorum,
            session_id: e(&self.session_id),
            opened_at: e(&self.opened_at),
            sealed_at: opt(&self.sealed_at),
            bundle_sha256: e(&self.bundle_sha256),
            head: opt(&self.head),
            entries: self.entries,
            signer: opt(&self.signer),
            seats: self.seats,
            grades: all(&self.grades),
            criteria: all(&self.criteria),
            rounds: self
                .rounds
                .iter()
                .map(|r| RoundMinutes {
                    number: r.number,
                    projects: all(&r.projects),
                    voted: all(&r.voted),
                    absent: all(&r.absent),
                    closed_early_reason: opt(&r.closed_early_reason),
                    cancelled_reason: opt(&r.cancelled_reason),
                    drafts_discarded: all(&r.drafts_discarded),
                })
                .collect(),
            conflicts: self
                .conflicts
                .iter()
                .map(|c| Conflict {
                    seat: e(&c.seat),
                    round: c.round,
                    project: e(&c.project),
                })
                .collect(),
            kept_earlier: self
                .kept_earlier
                .iter()
                .map(|k| KeptEarlier {
                    project: e(&k.project),
                    ..*k
                })
                .collect(),
            projects: self
                .projects
                .iter()
                .map(|p| ProjectResult {
                    id: e(&p.id),
                    name: e(&p.name),
                    majority_grade: opt(&p.majority_grade),
                    per_criterion: p.per_criterion.iter().map(opt).collect(),
                    grade_counts: p.grade_counts.clone(),
                    ..*p
                })
                .collect(),
            decision: self.decision.as_ref().map(|d| DecisionMinutes {
                selected: all(&d.selected),
                departs_from_ranking: d.departs_from_ranking,
                reason: opt(&d.reason),
                at: e(&d.at),
            }),
        }
    }
}
