//! Which grades count (docs/RESULTS.md, *Which grades count*): the one
//! place the quorum rule of the results lives, read by the kiosk, the
//! verifier, `jury simulate` and the minutes.

use super::SessionState;
use crate::bundle::Bundle;
use crate::results::{GradeCounts, Results};

/// Where a project's grades in the results come from (docs/RESULTS.md,
/// *Which grades count*).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// No closed round yet.
    Ungraded,
    /// The grades of `round`, given by `graders` jurors (at least the quorum).
    Counted { round: u32, graders: u64 },
    /// Its grades would come from fewer jurors than the quorum: they are
    /// withheld (no profile, ranked last with ungraded projects).
    TooFewGraders { round: u32, graders: u64 },
}

/// Why a further round did not replace a project's earlier grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeptBecause {
    /// The round was cancelled below the quorum.
    Cancelled,
    /// Fewer than the quorum graded the project in that round.
    TooFewGraders { graders: u64 },
}

/// A project of a further round that kept its earlier grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    pub project: usize,
    pub round: u32,
    pub because: KeptBecause,
}

/// Which grades count, per project: the one place the quorum rule of the
/// results lives (kiosk, verifier, `simulate`, minutes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standings {
    pub quorum: usize,
    /// The counted grades; zero for a project whose grades are withheld.
    pub counts: GradeCounts,
    /// Per bundle project.
    pub standing: Vec<Standing>,
    /// In round order, then the round's project order.
    pub kept: Vec<Kept>,
}

impl SessionState {
    /// Which grades count (docs/RESULTS.md, *Which grades count*): round 1
    /// grades every project; a later closed round replaces a project's
    /// grades only when at least `quorum` jurors graded it there; a
    /// cancelled round replaces nothing. A project whose counted grades
    /// come from fewer than `quorum` jurors is withheld (counts zeroed).
    pub fn standings(&self, bundle: &Bundle) -> Standings {
        let quorum = bundle.quorum();
        let mut counts = GradeCounts::zeroed(
            bundle.projects.len(),
            bundle.criteria.len(),
            bundle.grades.len(),
        );
        let mut standing = vec![Standing::Ungraded; bundle.projects.len()];
        let mut kept = Vec::new();
        for round in self.rounds.iter().filter(|r| !r.is_open()) {
            for &p in &round.projects {
                let graders = round.graders(p);
                let first = standing[p] == Standing::Ungraded;
                let because = if round.is_cancelled() {
                    Some(KeptBecause::Cancelled)
                } else if graders < quorum as u64 && !first {
                    Some(KeptBecause::TooFewGraders { graders })
                } else {
                    None
                };
                match because {
                    Some(because) if !first => kept.push(Kept {
                        project: p,
                        round: round.number,
                        because,
                    }),
                    Some(_) => {}
                    None => {
                        counts.copy_project(&round.counts, p);
                        standing[p] = Standing::Counted {
                            round: round.number,
                            graders,
                        };
                    }
                }
            }
        }
        let empty = GradeCounts::zeroed(
            bundle.projects.len(),
            bundle.criteria.len(),
            bundle.grades.len(),
        );
        for (p, s) in standing.iter_mut().enumerate() {
            if let Standing::Counted { round, graders } = *s
                && graders < quorum as u64
            {
                counts.copy_project(&empty, p);
                *s = Standing::TooFewGraders { round, graders };
            }
        }
        Standings {
            quorum,
            counts,
            standing,
            kept,
        }
    }

    /// Grade counts per project, as they count (see `standings`).
    pub fn grade_counts(&self, bundle: &Bundle) -> GradeCounts {
        self.standings(bundle).counts
    }

    pub fn results(&self, bundle: &Bundle) -> Results {
        self.standings(bundle).results(bundle)
    }
}

impl Standings {
    /// The ranking of the counted grades; withheld projects are marked.
    pub fn results(&self, bundle: &Bundle) -> Results {
        let mut results = crate::results::compute(bundle, &self.counts);
        for r in &mut results.ranking {
            if let Standing::TooFewGraders { graders, .. } = self.standing[r.project] {
                r.withheld = Some(graders);
            }
        }
        results
    }
}
