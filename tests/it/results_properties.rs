//! Properties of the ranking, on random juries (proptest).

use std::collections::HashMap;

use jury::bundle::{self, Bundle, Method};
use jury::results::{GradeCounts, Results, compute, explain};
use proptest::prelude::*;

/// A bundle with `projects` projects, 3 criteria (weights 1, 2, 1) and 5 grades.
fn bundle(projects: usize, method: Method) -> Bundle {
    let mut b = bundle::demo().bundle;
    b.grades.truncate(5);
    b.criteria.truncate(3);
    b.criteria[1].weight = 2;
    let template = b.projects[0].clone();
    b.projects = (0..projects)
        .map(|i| {
            let mut p = template.clone();
            p.id = format!("p{i}");
            p
        })
        .collect();
    b.max_laureates = 2;
    b.method = method;
    b
}

/// ballots[j][p][c]: grade, or None for a conflict of interest on p.
type Ballots = Vec<Vec<Option<Vec<usize>>>>;

fn ballots(projects: usize) -> impl Strategy<Value = Ballots> {
    let ballot = prop::collection::vec(
        prop::option::weighted(0.9, prop::collection::vec(0..5usize, 3)),
        projects,
    );
    prop::collection::vec(ballot, 1..8)
}

fn counts(b: &Bundle, ballots: &Ballots) -> GradeCounts {
    let mut counts = GradeCounts::zeroed(b.projects.len(), 3, 5);
    for ballot in ballots {
        for (p, grades) in ballot.iter().enumerate() {
            for (c, &g) in grades.iter().flatten().enumerate() {
                counts.add(p, c, g);
            }
        }
    }
    counts
}

fn ranks(b: &Bundle, results: &Results) -> HashMap<String, usize> {
    results
        .ranking
        .iter()
        .map(|r| (b.projects[r.project].id.clone(), r.rank))
        .collect()
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![Just(Method::MajorityJudgment), Just(Method::WeightedMean)]
}

proptest! {
    #[test]
    fn permuting_jurors_changes_nothing(ballots in ballots(5), method in method(), seed in any::<u64>()) {
        let b = bundle(5, method);
        let mut shuffled = ballots.clone();
        let n = shuffled.len();
        shuffled.rotate_left((seed as usize) % n);
        shuffled.reverse();
        prop_assert_eq!(compute(&b, &counts(&b, &ballots)), compute(&b, &counts(&b, &shuffled)));
    }

    #[test]
    fn permuting_projects_changes_no_rank(ballots in ballots(5), method in method(), shift in 0..5usize) {
        let b = bundle(5, method);
        let before = ranks(&b, &compute(&b, &counts(&b, &ballots)));
        // Rotate the bundle's projects and every ballot with them.
        let mut b2 = b.clone();
        b2.projects.rotate_left(shift);
        let rotated: Ballots = ballots.iter().map(|ballot| {
            let mut x = ballot.clone();
            x.rotate_left(shift);
            x
        }).collect();
        let after = ranks(&b2, &compute(&b2, &counts(&b2, &rotated)));
        prop_assert_eq!(before, after);
    }

    #[test]
    fn raising_a_grade_never_lowers_that_projects_rank(
        ballots in ballots(5), method in method(), juror in any::<prop::sample::Index>(),
        project in 0..5usize, criterion in 0..3usize,
    ) {
        let b = bundle(5, method);
        let j = juror.index(ballots.len());
        let Some(grades) = &ballots[j][project] else { return Ok(()) };
        if grades[criterion] == 0 {
            return Ok(());
        }
        let mut raised = ballots.clone();
        raised[j][project].as_mut().unwrap()[criterion] -= 1; // 0 is the best grade
        let id = format!("p{project}");
        let before = ranks(&b, &compute(&b, &counts(&b, &ballots)))[&id];
        let after = ranks(&b, &compute(&b, &counts(&b, &raised)))[&id];
        prop_assert!(after <= before, "rank went from {} to {}", before, after);
    }

    #[test]
    fn the_ranking_is_a_total_preorder_that_explain_agrees_with(ballots in ballots(6), method in method()) {
        let b = bundle(6, method);
        let c = counts(&b, &ballots);
        let results = compute(&b, &c);
        let ranking = &results.ranking;
        for i in 0..ranking.len() {
            for j in i + 1..ranking.len() {
                let (a, z) = (ranking[i].project, ranking[j].project);
                let why = explain(&b, &c, a, z);
                if ranking[i].rank == ranking[j].rank {
                    prop_assert_eq!(why.winner, None);
                } else {
                    prop_assert!(ranking[i].rank < ranking[j].rank);
                    prop_assert_eq!(why.winner, Some(a));
                }
                // Antisymmetry.
                prop_assert_eq!(explain(&b, &c, z, a).winner, why.winner);
            }
        }
    }
}

#[test]
fn cut_off_flags_and_ties() {
    let b = bundle(4, Method::MajorityJudgment);
    // p0 best, p1 and p2 exactly tied across the cut-off (2 laureates), p3 last.
    let ballot = |grades: [usize; 4]| -> Vec<Option<Vec<usize>>> {
        grades.iter().map(|&g| Some(vec![g; 3])).collect()
    };
    let results = compute(
        &b,
        &counts(&b, &vec![ballot([0, 2, 2, 4]), ballot([1, 2, 2, 4])]),
    );
    let by_id = |id: &str| {
        results
            .ranking
            .iter()
            .find(|r| b.projects[r.project].id == id)
            .unwrap()
    };
    assert_eq!(by_id("p0").rank, 1);
    assert_eq!((by_id("p1").rank, by_id("p2").rank), (2, 2));
    assert!(by_id("p1").tied && by_id("p2").tied && !by_id("p0").tied);
    assert!(by_id("p1").to_discuss && by_id("p2").to_discuss);
    assert!(!by_id("p0").to_discuss && !by_id("p3").to_discuss);
    assert_eq!(results.default_selection().len(), 2);
    assert_eq!(
        by_id("p0").grade_counts,
        vec![0, 0, 0, 4, 4],
        "worst grade first, criterion 2 counted twice"
    );
}

#[test]
fn canonical_text_is_exact() {
    let b = bundle(2, Method::MajorityJudgment);
    let c = counts(&b, &vec![vec![Some(vec![0, 1, 2]), None]]);
    let text = compute(&b, &c).canonical_text(&b);
    assert_eq!(
        text,
        "jury-results@v1\nmethod majority_judgment\ncutoff 2\n1 p0 0,0,1,2,1 1\n2 p1 0,0,0,0,0 -\n"
    );
}
