//! The canonical majority ranking, computed exactly from run lengths.
//!
//! Removing the lower median one grade at a time visits a sorted profile
//! (best first, positions 0..N) outward from the middle m = ⌊N/2⌋: for even
//! N the order is m, m−1, m+1, m−2, m+2, …; for odd N it is m, m+1, m−1,
//! m+2, m−2, … Two profiles of the same size are therefore compared at the
//! first position, in that order, where their grades differ; those
//! positions come from the merged run boundaries, so a comparison costs
//! O(grades), not O(jurors). Profiles of different sizes (conflicts,
//! absences) are compared scaled to their least common size.

use std::cmp::Ordering;

/// The outcome of comparing two merit profiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison {
    /// `Less` when the first profile ranks above the second.
    pub order: Ordering,
    /// Median grades removed before they differ (0: majority grades differ).
    pub step: u128,
    /// The grades at that step (`None` for a profile with no grades).
    pub grade_a: Option<usize>,
    pub grade_b: Option<usize>,
}

/// The lower median of a profile given best grade first: for an even count,
/// the worse of the two middle grades. `None` when there are no grades.
pub fn lower_median(best_first: &[u64]) -> Option<usize> {
    let total: u64 = best_first.iter().sum();
    if total == 0 {
        return None;
    }
    let position = total / 2;
    let mut seen = 0;
    best_first.iter().position(|&n| {
        seen += n;
        seen > position
    })
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Order in which position `i` is visited when medians are removed one by
/// one from a sorted list of `n` grades.
fn visit_rank(i: u128, n: u128) -> u128 {
    let m = n / 2;
    let even = n.is_multiple_of(2);
    match i.cmp(&m) {
        Ordering::Equal => 0,
        Ordering::Less if even => 2 * (m - i) - 1,
        Ordering::Less => 2 * (m - i),
        Ordering::Greater if even => 2 * (i - m),
        Ordering::Greater => 2 * (i - m) - 1,
    }
}

/// Compares two profiles (best grade first, same scale of grades).
pub fn compare_profiles(a: &[u64], b: &[u64]) -> Comparison {
    let na: u128 = a.iter().map(|&x| u128::from(x)).sum();
    let nb: u128 = b.iter().map(|&x| u128::from(x)).sum();
    let empty = |order| Comparison {
        order,
        step: 0,
        grade_a: lower_median(a),
        grade_b: lower_median(b),
    };
    match (na, nb) {
        (0, 0) => return empty(Ordering::Equal),
        (0, _) => return empty(Ordering::Greater),
        (_, 0) => return empty(Ordering::Less),
        _ => {}
    }
    let g = gcd(na, nb);
    let (scale_a, scale_b) = (nb / g, na / g);
    let n = na * scale_a;
    let m = n / 2;
    // Walk both profiles' runs together; each segment has one grade in each.
    let (mut ia, mut ib) = (0, 0);
    let (mut end_a, mut end_b) = (u128::from(a[0]) * scale_a, u128::from(b[0]) * scale_b);
    let mut start = 0;
    let mut best: Option<(u128, usize, usize)> = None;
    while start < n {
        while end_a <= start {
            ia += 1;
            end_a += u128::from(a[ia]) * scale_a;
        }
        while end_b <= start {
            ib += 1;
            end_b += u128::from(b[ib]) * scale_b;
        }
        let end = end_a.min(end_b);
        if ia != ib {
            // The position of [start, end) visited first.
            let i = if start <= m && m < end {
                m
            } else if end <= m {
                end - 1
            } else {
                start
            };
            let rank = visit_rank(i, n);
            if best.is_none_or(|(r, _, _)| rank < r) {
                best = Some((rank, ia, ib));
            }
        }
        start = end;
    }
    match best {
        None => Comparison {
            order: Ordering::Equal,
            step: 0,
            grade_a: lower_median(a),
            grade_b: lower_median(b),
        },
        Some((step, ga, gb)) => Comparison {
            order: ga.cmp(&gb),
            step,
            grade_a: Some(ga),
            grade_b: Some(gb),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, literally: scale, then remove lower medians one by one.
    fn brute_force(a: &[u64], b: &[u64]) -> Ordering {
        let (na, nb) = (a.iter().sum::<u64>(), b.iter().sum::<u64>());
        let sequence = |p: &[u64], k: u64| {
            let mut xs: Vec<usize> = p
                .iter()
                .enumerate()
                .flat_map(|(g, &c)| std::iter::repeat_n(g, (c * k) as usize))
                .collect();
            let mut out = Vec::new();
            while !xs.is_empty() {
                out.push(xs.remove(xs.len() / 2));
            }
            out
        };
        sequence(a, nb).cmp(&sequence(b, na))
    }

    fn worst_first(v: &[u64]) -> Vec<u64> {
        v.iter().rev().copied().collect()
    }

    /// Published vector (tallies worst grade first): ranks 3, 1, 5, 4, 2.
    #[test]
    fn published_vector() {
        let tallies = [[1, 1, 1], [1, 0, 2], [3, 0, 0], [2, 0, 1], [0, 3, 0]];
        let profiles: Vec<Vec<u64>> = tallies.iter().map(|t| worst_first(t)).collect();
        let mut order: Vec<usize> = (0..5).collect();
        order.sort_by(|&x, &y| compare_profiles(&profiles[x], &profiles[y]).order);
        let mut ranks = [0; 5];
        for (place, &p) in order.iter().enumerate() {
            ranks[p] = place + 1;
        }
        assert_eq!(ranks, [3, 1, 5, 4, 2]);
    }

    #[test]
    fn lower_median_takes_the_worse_middle_grade() {
        assert_eq!(lower_median(&[1, 1]), Some(1));
        assert_eq!(lower_median(&[2, 1]), Some(0));
        assert_eq!(lower_median(&[0, 0, 3]), Some(2));
        assert_eq!(lower_median(&[0, 0]), None);
    }

    #[test]
    fn matches_the_definition_on_every_small_pair() {
        // All profiles of up to 4 grades on a 3-grade scale, pairwise.
        let mut all = Vec::new();
        for x in 0..=4u64 {
            for y in 0..=4 - x {
                for z in 0..=4 - x - y {
                    all.push(vec![x, y, z]);
                }
            }
        }
        for a in &all {
            for b in &all {
                if a.iter().sum::<u64>() == 0 || b.iter().sum::<u64>() == 0 {
                    continue;
                }
                assert_eq!(
                    compare_profiles(a, b).order,
                    brute_force(a, b),
                    "{a:?} vs {b:?}"
                );
            }
        }
    }

    #[test]
    fn the_step_says_when_they_separate() {
        // Same majority grade (1); after one removal: 1 against 2.
        let c = compare_profiles(&[0, 3, 0], &[1, 1, 1]);
        assert_eq!(
            (c.order, c.step, c.grade_a, c.grade_b),
            (Ordering::Less, 1, Some(1), Some(2))
        );
        let c = compare_profiles(&[1, 0, 0], &[0, 1, 0]);
        assert_eq!((c.order, c.step), (Ordering::Less, 0));
        assert_eq!(compare_profiles(&[2, 2], &[1, 1]).order, Ordering::Equal);
    }

    #[test]
    fn empty_profiles_rank_last() {
        assert_eq!(
            compare_profiles(&[0, 0, 0], &[0, 0, 1]).order,
            Ordering::Greater
        );
        assert_eq!(
            compare_profiles(&[0, 0, 1], &[0, 0, 0]).order,
            Ordering::Less
        );
        assert_eq!(compare_profiles(&[0, 0], &[0, 0]).order, Ordering::Equal);
    }
}
