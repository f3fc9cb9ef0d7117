//! TEMPORARY placeholder with the agreed interface; replaced by the real
//! majority-judgment module (branch `results`) before anything lands.

use crate::bundle::{Bundle, Method};
use crate::digest::Digest;

pub struct GradeCounts {
    pub counts: Vec<Vec<Vec<u64>>>,
}

impl GradeCounts {
    pub fn zeroed(projects: usize, criteria: usize, grades: usize) -> Self {
        Self {
            counts: vec![vec![vec![0; grades]; criteria]; projects],
        }
    }
    pub fn add(&mut self, project: usize, criterion: usize, grade: usize) {
        self.counts[project][criterion][grade] += 1;
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub project: usize,
    pub rank: usize,
    pub grade_counts: Vec<u64>,
    pub majority_grade: Option<usize>,
    pub per_criterion: Vec<Option<usize>>,
    pub mean_milli: Option<i64>,
    pub tied: bool,
    pub to_discuss: bool,
    pub within_cutoff: bool,
}

pub struct Results {
    pub method: Method,
    pub ranking: Vec<Ranked>,
    pub max_laureates: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Separation {
    pub winner: Option<usize>,
    pub step: usize,
    pub grade_a: Option<usize>,
    pub grade_b: Option<usize>,
}

fn lower_median(best_first: &[u64]) -> Option<usize> {
    let total: u64 = best_first.iter().sum();
    if total == 0 {
        return None;
    }
    let target = total / 2 + 1; // lower median counted from the best
    let mut seen = 0;
    for (g, &n) in best_first.iter().enumerate() {
        seen += n;
        if seen >= target {
            return Some(g);
        }
    }
    None
}

pub fn compute(bundle: &Bundle, counts: &GradeCounts) -> Results {
    let grades = bundle.grades.len();
    let mut ranking: Vec<Ranked> = counts
        .counts
        .iter()
        .enumerate()
        .map(|(p, per_c)| {
            let mut pooled = vec![0; grades];
            for (c, row) in per_c.iter().enumerate() {
                for (g, n) in row.iter().enumerate() {
                    pooled[g] += n * u64::from(bundle.criteria[c].weight);
                }
            }
            let majority_grade = lower_median(&pooled);
            Ranked {
                project: p,
                rank: 0,
                grade_counts: pooled.iter().rev().copied().collect(),
                majority_grade,
                per_criterion: per_c.iter().map(|row| lower_median(row)).collect(),
                mean_milli: None,
                tied: false,
                to_discuss: false,
                within_cutoff: false,
            }
        })
        .collect();
    ranking.sort_by_key(|r| (r.majority_grade.unwrap_or(usize::MAX), r.project));
    let n = bundle.max_laureates as usize;
    for (i, r) in ranking.iter_mut().enumerate() {
        r.rank = i + 1;
        r.within_cutoff = i < n;
        r.to_discuss = i + 1 == n || i == n;
    }
    Results {
        method: bundle.method,
        ranking,
        max_laureates: n,
    }
}

pub fn explain(_bundle: &Bundle, _counts: &GradeCounts, _a: usize, _b: usize) -> Separation {
    Separation {
        winner: None,
        step: 0,
        grade_a: None,
        grade_b: None,
    }
}

impl Results {
    pub fn canonical_text(&self, bundle: &Bundle) -> String {
        self.ranking
            .iter()
            .map(|r| format!("{} {}\n", r.rank, bundle.projects[r.project].id))
            .collect()
    }
    pub fn digest(&self, bundle: &Bundle) -> Digest {
        Digest::of(self.canonical_text(bundle).as_bytes())
    }
    pub fn default_selection(&self) -> Vec<usize> {
        self.ranking
            .iter()
            .take(self.max_laureates)
            .map(|r| r.project)
            .collect()
    }
}
