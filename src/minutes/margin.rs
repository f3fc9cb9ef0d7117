//! The margin of a selection: the fewest grades that would have to change
//! for the first project left out to catch up with a selected one (rank
//! level with it or above it), under the results' own majority judgment
//! (`crate::results::compare_profiles`).
//!
//! A change is one juror's grade on one criterion, on either project, made
//! any other grade. Among all sets of `m` changes to a project's grades on
//! criteria of one weight, none lowers it more than taking its `m` best
//! grades there to the worst grade (its sorted grades are then worse or
//! equal position by position, and majority judgment is monotone); raising
//! the other project's `m` worst to the best is the mirror. So only how
//! many changes go to each weight, on each side, is searched: exactly,
//! smallest total first. With one weight (the usual case) that is a few
//! thousand comparisons; with several, the search stops after `BUDGET`
//! comparisons and the margin is then an upper bound, said as such.

use std::cmp::Ordering;

use crate::bundle::Bundle;
use crate::results::{GradeCounts, compare_profiles};

/// Comparisons at most per margin.
const BUDGET: u64 = 2_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Margin {
    pub changes: u64,
    /// `false` when the search stopped at its budget: `changes` is then
    /// the fewest found, an upper bound.
    pub exact: bool,
}

/// One side's grades on the criteria of one weight, pooled (best first).
struct Class {
    weight: u64,
    counts: Vec<u64>,
}

fn classes(bundle: &Bundle, counts: &GradeCounts, project: usize) -> Vec<Class> {
    let mut weights: Vec<u64> = bundle
        .criteria
        .iter()
        .map(|c| u64::from(c.weight))
        .collect();
    weights.sort_unstable();
    weights.dedup();
    weights
        .into_iter()
        .map(|weight| {
            let mut pooled = vec![0; bundle.grades.len()];
            for (c, criterion) in bundle.criteria.iter().enumerate() {
                if u64::from(criterion.weight) == weight {
                    for (g, n) in counts.row(project, c).iter().enumerate() {
                        pooled[g] += n;
                    }
                }
            }
            Class {
                weight,
                counts: pooled,
            }
        })
        .collect()
}

/// `m` grades moved: the best ones to the worst grade (`lower`), or the
/// worst ones to the best grade.
fn moved(counts: &[u64], m: u64, lower: bool) -> Vec<u64> {
    let mut out = counts.to_vec();
    let last = out.len() - 1;
    let (mut left, target) = (m, if lower { last } else { 0 });
    let order: Vec<usize> = if lower {
        (0..last).collect()
    } else {
        (1..=last).rev().collect()
    };
    for g in order {
        let take = left.min(out[g]);
        out[g] -= take;
        out[target] += take;
        left -= take;
    }
    out
}

/// How many grades can still move in a class.
fn capacity(counts: &[u64], lower: bool) -> u64 {
    let total: u64 = counts.iter().sum();
    total
        - if lower {
            counts[counts.len() - 1]
        } else {
            counts[0]
        }
}

struct Search<'a> {
    a: &'a [Class],
    b: &'a [Class],
    caps: Vec<u64>,
    evaluations: u64,
    best: Option<u64>,
}

impl Search<'_> {
    /// Whether `a`, with the changes `alloc` (a's classes, then b's), no
    /// longer ranks above `b`.
    fn caught_up(&mut self, alloc: &[u64]) -> bool {
        self.evaluations += 1;
        let grades = self.a[0].counts.len();
        let pool = |classes: &[Class], moves: &[u64], lower: bool| {
            let mut p = vec![0u64; grades];
            for (class, &m) in classes.iter().zip(moves) {
                for (g, n) in moved(&class.counts, m, lower).iter().enumerate() {
                    p[g] += n * class.weight;
                }
            }
            p
        };
        let d = self.a.len();
        let pa = pool(self.a, &alloc[..d], true);
        let pb = pool(self.b, &alloc[d..], false);
        compare_profiles(&pa, &pb).order != Ordering::Less
    }

    /// Tries every value of variable `i` onwards, given `alloc[..i]`.
    fn walk(&mut self, alloc: &mut Vec<u64>, i: usize, sum: u64) {
        if self.evaluations > BUDGET || self.best.is_some_and(|b| sum >= b) {
            return;
        }
        let last = i + 1 == self.caps.len();
        if last {
            // Monotone in the last variable: the least value that catches up.
            let limit = self
                .best
                .map_or(self.caps[i], |b| self.caps[i].min(b - sum - 1));
            alloc.push(limit);
            let reachable = self.caught_up(alloc);
            alloc.pop();
            if !reachable {
                return;
            }
            let (mut lo, mut hi) = (0, limit);
            while lo < hi {
                let mid = (lo + hi) / 2;
                alloc.push(mid);
                let ok = self.caught_up(alloc);
                alloc.pop();
                if ok { hi = mid } else { lo = mid + 1 }
            }
            self.best = Some(sum + lo);
            return;
        }
        for v in 0..=self.caps[i] {
            if self.best.is_some_and(|b| sum + v >= b) {
                break;
            }
            alloc.push(v);
            self.walk(alloc, i + 1, sum + v);
            alloc.pop();
        }
    }
}

/// The fewest grade changes for `b` to catch up with `a`; `None` when `a`
/// does not rank above `b`, or nothing can change it (no grades).
pub fn margin(bundle: &Bundle, counts: &GradeCounts, a: usize, b: usize) -> Option<Margin> {
    let (ca, cb) = (classes(bundle, counts, a), classes(bundle, counts, b));
    let mut caps: Vec<u64> = ca.iter().map(|c| capacity(&c.counts, true)).collect();
    caps.extend(cb.iter().map(|c| capacity(&c.counts, false)));
    let mut search = Search {
        a: &ca,
        b: &cb,
        caps,
        evaluations: 0,
        best: None,
    };
    let zero = vec![0; search.caps.len()];
    if ca.is_empty() || search.caught_up(&zero) {
        return None;
    }
    search.walk(&mut Vec::new(), 0, 0);
    let exact = search.evaluations <= BUDGET;
    search.best.map(|changes| Margin { changes, exact })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashSet, VecDeque};

    fn bundle(weights: &[u32], grades: usize) -> Bundle {
        let mut b = crate::bundle::demo().bundle;
        let template = b.criteria[0].clone();
        b.criteria = weights
            .iter()
            .enumerate()
            .map(|(i, &w)| {
                let mut c = template.clone();
                c.id = format!("c{i}");
                c.weight = w;
                c
            })
            .collect();
        b.grades.truncate(grades);
        b.projects.truncate(2);
        b
    }

    fn counts(b: &Bundle, rows: &[Vec<Vec<u64>>]) -> GradeCounts {
        let mut counts = GradeCounts::zeroed(2, b.criteria.len(), b.grades.len());
        for (p, criteria) in rows.iter().enumerate() {
            for (c, row) in criteria.iter().enumerate() {
                for (g, &n) in row.iter().enumerate() {
                    for _ in 0..n {
                        counts.add(p, c, g);
                    }
                }
            }
        }
        counts
    }

    /// The definition: breadth-first over single changes, any grade to
    /// any other, on any criterion of either project.
    fn brute_force(b: &Bundle, rows: &[Vec<Vec<u64>>]) -> Option<u64> {
        let behind = |rows: &[Vec<Vec<u64>>]| {
            let c = counts(b, rows);
            compare_profiles(&c.profile(b, 0), &c.profile(b, 1)).order != Ordering::Less
        };
        if behind(rows) {
            return None;
        }
        let mut seen = HashSet::new();
        let mut queue = VecDeque::from([(rows.to_vec(), 0u64)]);
        seen.insert(rows.to_vec());
        while let Some((state, depth)) = queue.pop_front() {
            for p in 0..2 {
                for c in 0..b.criteria.len() {
                    for from in 0..b.grades.len() {
                        if state[p][c][from] == 0 {
                            continue;
                        }
                        for to in 0..b.grades.len() {
                            if to == from {
                                continue;
                            }
                            let mut next = state.clone();
                            next[p][c][from] -= 1;
                            next[p][c][to] += 1;
                            if behind(&next) {
                                return Some(depth + 1);
                            }
                            if seen.insert(next.clone()) {
                                queue.push_back((next, depth + 1));
                            }
                        }
                    }
                }
            }
        }
        None
    }

    /// A small deterministic generator, so the cases are the same each run.
    fn cases(
        seed: u64,
        n: usize,
        jurors: u64,
        criteria: usize,
        grades: usize,
    ) -> Vec<Vec<Vec<Vec<u64>>>> {
        let mut x = seed;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..n)
            .map(|_| {
                (0..2)
                    .map(|_| {
                        (0..criteria)
                            .map(|_| {
                                let mut row = vec![0; grades];
                                for _ in 0..jurors {
                                    row[(next() % grades as u64) as usize] += 1;
                                }
                                row
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn matches_the_definition_with_one_weight() {
        let b = bundle(&[1, 1], 3);
        for rows in cases(7, 60, 3, 2, 3) {
            let c = counts(&b, &rows);
            let got = margin(&b, &c, 0, 1).map(|m| m.changes);
            assert_eq!(got, brute_force(&b, &rows), "{rows:?}");
        }
    }

    #[test]
    fn matches_the_definition_with_two_weights() {
        let b = bundle(&[1, 2], 3);
        for rows in cases(11, 60, 3, 2, 3) {
            let c = counts(&b, &rows);
            let m = margin(&b, &c, 0, 1);
            assert!(m.is_none_or(|m| m.exact));
            assert_eq!(m.map(|m| m.changes), brute_force(&b, &rows), "{rows:?}");
        }
    }

    #[test]
    fn a_worked_example() {
        // One criterion, grades Très bien / Bien / Passable, 5 jurors.
        // A: 3 TB, 2 B (majority TB); B: 2 TB, 3 B (majority B). One grade
        // of A from TB to Passable gives A 2 TB 2 B 1 P: majority B, and
        // then A (TB·B·B·P… ) is still compared: brute force says how many.
        let b = bundle(&[1], 3);
        let rows = vec![vec![vec![3, 2, 0]], vec![vec![2, 3, 0]]];
        let c = counts(&b, &rows);
        assert_eq!(
            margin(&b, &c, 0, 1),
            brute_force(&b, &rows).map(|n| Margin {
                changes: n,
                exact: true
            })
        );
        assert_eq!(margin(&b, &c, 0, 1).unwrap().changes, 1);
        // Level already: no margin.
        assert_eq!(margin(&b, &c, 0, 0), None);
    }
}
