//! Results: majority judgment (Balinski & Laraki) by default, a weighted
//! mean as the alternative. Exact integer arithmetic throughout; ties that
//! survive every step are reported, never broken silently. The rules, with
//! worked examples, are in docs/RESULTS.md.

mod canonical;
mod majority;
mod mean;

use std::cmp::Ordering;

pub use majority::{Comparison, compare_profiles, lower_median};

use crate::bundle::{Bundle, Method};

/// How many jurors gave grade `g` (0 = best) to project `p` on criterion
/// `c`, bundle order throughout; one flat table, as every ballot adds to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeCounts {
    counts: Vec<u64>,
    criteria: usize,
    grades: usize,
}

impl GradeCounts {
    pub fn zeroed(projects: usize, criteria: usize, grades: usize) -> Self {
        Self {
            counts: vec![0; projects * criteria * grades],
            criteria,
            grades,
        }
    }

    pub fn projects(&self) -> usize {
        self.counts.len() / (self.criteria * self.grades).max(1)
    }

    /// Counts per grade for `project` on `criterion`.
    pub fn row(&self, project: usize, criterion: usize) -> &[u64] {
        let start = (project * self.criteria + criterion) * self.grades;
        &self.counts[start..start + self.grades]
    }

    fn project_range(&self, project: usize) -> std::ops::Range<usize> {
        let size = self.criteria * self.grades;
        project * size..(project + 1) * size
    }

    pub fn add(&mut self, project: usize, criterion: usize, grade: usize) {
        debug_assert!(criterion < self.criteria && grade < self.grades);
        self.counts[(project * self.criteria + criterion) * self.grades + grade] += 1;
    }

    /// `n` more jurors gave `grade` to `project` on `criterion` (a count
    /// published at a secret round's close).
    pub fn add_many(&mut self, project: usize, criterion: usize, grade: usize, n: u64) {
        debug_assert!(criterion < self.criteria && grade < self.grades);
        self.counts[(project * self.criteria + criterion) * self.grades + grade] += n;
    }

    /// Replaces `project`'s counts with those in `other`.
    pub fn copy_project(&mut self, other: &GradeCounts, project: usize) {
        let range = self.project_range(project);
        self.counts[range.clone()].copy_from_slice(&other.counts[range]);
    }

    /// A project's merit profile, best grade first: every criterion's
    /// grades pooled, each counted `weight` times.
    pub fn profile(&self, bundle: &Bundle, project: usize) -> Vec<u64> {
        let mut pooled = vec![0; bundle.grades.len()];
        for c in 0..self.criteria {
            let row = self.row(project, c);
            let weight = u64::from(bundle.criteria[c].weight);
            for (g, n) in row.iter().enumerate() {
                pooled[g] += n * weight;
            }
        }
        pooled
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// Index into `bundle.projects`.
    pub project: usize,
    /// 1-based; tied projects share a rank (1, 2, 2, 4).
    pub rank: usize,
    /// The pooled merit profile after weights, WORST grade first.
    pub grade_counts: Vec<u64>,
    /// Grade index (0 = best); `None` when nobody graded the project.
    pub majority_grade: Option<usize>,
    /// Majority grade per criterion (unweighted), bundle order.
    pub per_criterion: Vec<Option<usize>>,
    /// Weighted mean in thousandths, best grade = highest (display only).
    pub mean_milli: Option<i64>,
    /// Exactly level with a neighbour after every step.
    pub tied: bool,
    /// Just above or below the cut-off, or in a tie straddling it.
    pub to_discuss: bool,
    /// Among the first `max_laureates` places.
    pub within_cutoff: bool,
    /// `Some(graders)` when the project's grades came from fewer jurors
    /// than the quorum: they are withheld (its counts here are zero, and
    /// no screen or export shows them; docs/RESULTS.md).
    pub withheld: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Results {
    pub method: Method,
    /// Best first.
    pub ranking: Vec<Ranked>,
    pub max_laureates: usize,
}

/// Why one project is placed above another, for "why is this one above that one?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Separation {
    /// The project placed higher; `None` for an exact tie.
    pub winner: Option<usize>,
    /// Majority judgment: median grades removed before the two differ
    /// (0: their majority grades differ), counted on the common size.
    pub step: u128,
    /// The values compared at that step: grade indices (majority
    /// judgment) or means in thousandths (weighted mean).
    pub value_a: Option<i64>,
    pub value_b: Option<i64>,
}

/// `Less` when project `a` ranks above `b`.
fn compare(bundle: &Bundle, profiles: &[Vec<u64>], a: usize, b: usize) -> Ordering {
    match bundle.method {
        Method::MajorityJudgment => compare_profiles(&profiles[a], &profiles[b]).order,
        Method::WeightedMean => mean::compare(&profiles[a], &profiles[b]),
    }
}

pub fn compute(bundle: &Bundle, counts: &GradeCounts) -> Results {
    let n = counts.projects();
    let profiles: Vec<Vec<u64>> = (0..n).map(|p| counts.profile(bundle, p)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    // Stable: exact ties keep bundle order, for display only.
    order.sort_by(|&a, &b| compare(bundle, &profiles, a, b));
    let max = bundle.max_laureates as usize;
    let mut ranking: Vec<Ranked> = Vec::with_capacity(n);
    for (i, &p) in order.iter().enumerate() {
        let level_with_previous =
            i > 0 && compare(bundle, &profiles, order[i - 1], p) == Ordering::Equal;
        let rank = if level_with_previous {
            ranking[i - 1].rank
        } else {
            i + 1
        };
        ranking.push(Ranked {
            project: p,
            rank,
            grade_counts: profiles[p].iter().rev().copied().collect(),
            majority_grade: lower_median(&profiles[p]),
            per_criterion: (0..bundle.criteria.len())
                .map(|c| lower_median(counts.row(p, c)))
                .collect(),
            mean_milli: mean::milli(&profiles[p]),
            tied: false,
            to_discuss: false,
            within_cutoff: i < max,
            withheld: None,
        });
    }
    for i in 0..n {
        let tied_before = i > 0 && ranking[i - 1].rank == ranking[i].rank;
        let tied_after = i + 1 < n && ranking[i + 1].rank == ranking[i].rank;
        ranking[i].tied = tied_before || tied_after;
    }
    if max > 0 && max < n {
        // The last place in and the first out, and every member of a tie
        // group that straddles the cut-off.
        ranking[max - 1].to_discuss = true;
        ranking[max].to_discuss = true;
        let straddling = ranking[max - 1].rank == ranking[max].rank;
        if straddling {
            let rank = ranking[max].rank;
            for r in ranking.iter_mut().filter(|r| r.rank == rank) {
                r.to_discuss = true;
            }
        }
    }
    Results {
        method: bundle.method,
        ranking,
        max_laureates: max,
    }
}

/// Why `a` and `b` are in the order they are.
pub fn explain(bundle: &Bundle, counts: &GradeCounts, a: usize, b: usize) -> Separation {
    let pa = counts.profile(bundle, a);
    let pb = counts.profile(bundle, b);
    let (order, step, value_a, value_b) = match bundle.method {
        Method::MajorityJudgment => {
            let c = compare_profiles(&pa, &pb);
            let as_i64 = |g: Option<usize>| g.map(|g| g as i64);
            (c.order, c.step, as_i64(c.grade_a), as_i64(c.grade_b))
        }
        Method::WeightedMean => (
            mean::compare(&pa, &pb),
            0,
            mean::milli(&pa),
            mean::milli(&pb),
        ),
    };
    Separation {
        winner: match order {
            Ordering::Less => Some(a),
            Ordering::Greater => Some(b),
            Ordering::Equal => None,
        },
        step,
        value_a,
        value_b,
    }
}

impl Results {
    /// The first `max_laureates` projects of the ranking (ties in bundle
    /// order), leaving out projects without a result (no grade counted, or
    /// grades withheld below the quorum), which rank last.
    pub fn default_selection(&self) -> Vec<usize> {
        self.ranking
            .iter()
            .take(self.max_laureates)
            .filter(|r| r.majority_grade.is_some())
            .map(|r| r.project)
            .collect()
    }

    /// Whether a selection departs from the ranking: as a set, it differs
    /// from `default_selection`. The one rule used by the rules (a reason
    /// is then required), the kiosk (it asks for one) and the minutes.
    pub fn departs_from_ranking(&self, selected: &[usize]) -> bool {
        let default: std::collections::BTreeSet<usize> =
            self.default_selection().into_iter().collect();
        let chosen: std::collections::BTreeSet<usize> = selected.iter().copied().collect();
        chosen != default
    }
}
