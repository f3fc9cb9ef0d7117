//! The weighted mean: grade values from 0 (worst) to grades−1 (best),
//! compared exactly by cross-multiplication.

use std::cmp::Ordering;

fn sum_and_count(best_first: &[u64]) -> (u128, u128) {
    let top = best_first.len() as u128 - 1;
    best_first
        .iter()
        .enumerate()
        .fold((0, 0), |(sum, count), (g, &n)| {
            (
                sum + (top - g as u128) * u128::from(n),
                count + u128::from(n),
            )
        })
}

/// `Less` when `a`'s mean is higher (ranks above). No grades ranks last.
pub fn compare(a: &[u64], b: &[u64]) -> Ordering {
    let (sa, na) = sum_and_count(a);
    let (sb, nb) = sum_and_count(b);
    match (na, nb) {
        (0, 0) => Ordering::Equal,
        (0, _) => Ordering::Greater,
        (_, 0) => Ordering::Less,
        _ => (sb * na).cmp(&(sa * nb)),
    }
}

/// The mean in thousandths, rounded down, for display.
pub fn milli(best_first: &[u64]) -> Option<i64> {
    let (sum, count) = sum_and_count(best_first);
    (count > 0).then(|| i64::try_from(sum * 1000 / count).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn higher_mean_ranks_first_and_equal_means_tie() {
        // 3 grades: values 2, 1, 0.
        assert_eq!(compare(&[1, 0, 0], &[0, 1, 0]), Ordering::Less);
        assert_eq!(compare(&[1, 0, 1], &[0, 2, 0]), Ordering::Equal);
        assert_eq!(milli(&[1, 0, 1]), Some(1000));
        assert_eq!(milli(&[1, 1, 1]), Some(1000));
        assert_eq!(milli(&[2, 1, 0]), Some(1666));
        assert_eq!(compare(&[0, 0, 0], &[0, 0, 1]), Ordering::Greater);
    }
}
