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

pub struct Ranked {
    pub project: usize,
    pub rank: usize,
}

pub struct Results {
    pub method: Method,
    pub ranking: Vec<Ranked>,
    pub max_laureates: usize,
}

pub fn compute(bundle: &Bundle, counts: &GradeCounts) -> Results {
    let ranking = (0..counts.counts.len())
        .map(|p| Ranked {
            project: p,
            rank: p + 1,
        })
        .collect();
    Results {
        method: bundle.method,
        ranking,
        max_laureates: bundle.max_laureates as usize,
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
