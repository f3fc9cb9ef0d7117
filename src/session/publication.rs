//! Format 3: what a secret round's close publishes (docs/TALLY-FORMAT.md,
//! *Secret ballots, counts only*). For each project of the round that at
//! least the quorum graded, per criterion, how many jurors gave each grade;
//! nothing else. The one place that says which projects are published and
//! what must add up: the close builds its entry here (`counts_entry`), and
//! the rules check a `CountsPublished` here (`check_counts`), so the kiosk
//! and `jury verify` cannot disagree.

use std::collections::BTreeSet;

use super::ballot_contents::{BallotContents, ContentsError};
use super::state::{Round, RuleError};
use crate::bundle::Bundle;
use crate::tally::{CountRow, Entry, EntryText};

/// How many of the round's ballots graded `project`: its ballots minus those
/// that declared a conflict of interest on it. From the roll alone.
pub fn roll_graders(round: &Round, project: usize) -> u64 {
    round
        .ballots
        .values()
        .filter(|b| !b.conflicts.contains(&project))
        .count() as u64
}

/// The round's projects whose counts are published, in the round's order:
/// those graded by at least the quorum (the others' grades never count, and
/// counts of so few jurors would all but name them).
pub fn published_projects(bundle: &Bundle, round: &Round) -> Vec<usize> {
    let quorum = bundle.quorum() as u64;
    round
        .projects
        .iter()
        .copied()
        .filter(|&p| roll_graders(round, p) >= quorum)
        .collect()
}

/// The close's `CountsPublished`, from every ballot of the round as the box
/// opened them (in any order: counting forgets it). The box must hold
/// exactly the roll's ballots: as many, with the same conflicts of interest
/// (as a multiset), each of this session and round; otherwise nothing is
/// published.
pub fn counts_entry(
    bundle: &Bundle,
    session_id: &[u8; 16],
    round: &Round,
    opened: &[BallotContents],
) -> Result<Entry, ContentsError> {
    let bad = |why: String| Err(ContentsError(why));
    if opened.len() != round.ballots.len() {
        return bad(format!(
            "the ballot box of round {} holds {} ballot(s), but the tally records {}",
            round.number,
            opened.len(),
            round.ballots.len()
        ));
    }
    let n = round.projects.len();
    let mut from_box: Vec<BTreeSet<usize>> = Vec::with_capacity(opened.len());
    for ballot in opened {
        if ballot.round != round.number
            || ballot.session_id != *session_id
            || ballot.projects.len() != n
        {
            return bad(format!(
                "a sealed ballot that is not of round {} of this session",
                round.number
            ));
        }
        from_box.push(
            (0..n)
                .filter(|&i| ballot.is_recused(i))
                .map(|i| round.projects[i])
                .collect(),
        );
    }
    let mut from_roll: Vec<BTreeSet<usize>> = round
        .ballots
        .values()
        .map(|b| b.conflicts.iter().copied().collect())
        .collect();
    from_box.sort();
    from_roll.sort();
    if from_box != from_roll {
        return bad(format!(
            "the ballot box of round {} does not hold the conflicts of interest the tally records",
            round.number
        ));
    }
    let grades = bundle.grades.len();
    let counts = published_projects(bundle, round)
        .into_iter()
        .map(|p| {
            let i = round
                .projects
                .iter()
                .position(|&q| q == p)
                .expect("a round project");
            let mut rows = vec![CountRow::from_elem(0, grades); bundle.criteria.len()];
            for g in opened.iter().filter_map(|b| b.projects[i].as_ref()) {
                for (row, &grade) in rows.iter_mut().zip(g.iter()) {
                    row[usize::from(grade)] += 1;
                }
            }
            (bundle.projects[p].id.clone(), rows)
        })
        .collect();
    Ok(Entry::CountsPublished {
        round: round.number,
        counts,
    })
}

/// The rules of a `CountsPublished` for the round just closed: exactly the
/// published projects, in order; a row per criterion, a count per grade;
/// each row adding up to the project's graders on the roll. Adds the
/// counts to the round's.
pub fn check_counts<S: EntryText>(
    bundle: &Bundle,
    round: &mut Round,
    counts: &[(S, Vec<CountRow>)],
) -> Result<(), RuleError> {
    let rule = |why: String| Err(RuleError(why));
    let expected = published_projects(bundle, round);
    let id = |p: usize| bundle.projects[p].id.as_str();
    for (i, (project, rows)) in counts.iter().enumerate() {
        let project: &str = project;
        let Some(&want) = expected.get(i) else {
            return rule(format!(
                "counts published for {project:?}, but only {} project(s) of round {} were graded by at least the quorum of {}",
                expected.len(),
                round.number,
                bundle.quorum()
            ));
        };
        if project != id(want) {
            let why = match round.projects.iter().position(|&p| id(p) == project) {
                Some(_) if !expected.iter().any(|&p| id(p) == project) => format!(
                    "counts published for {project:?}, which fewer jurors than the quorum of {} graded in round {}: its counts are never published",
                    bundle.quorum(),
                    round.number
                ),
                Some(_) => format!(
                    "counts published for {project:?} where {:?} was expected (the round's projects graded by at least the quorum, in order)",
                    id(want)
                ),
                None => format!(
                    "counts published for {project:?}, which is not a project of round {}",
                    round.number
                ),
            };
            return rule(why);
        }
        if rows.len() != bundle.criteria.len() {
            return rule(format!(
                "project {project:?}: {} rows of counts for {} criteria",
                rows.len(),
                bundle.criteria.len()
            ));
        }
        let graders = roll_graders(round, want);
        for (c, row) in rows.iter().enumerate() {
            if row.len() != bundle.grades.len() {
                return rule(format!(
                    "project {project:?}, criterion {:?}: {} counts for {} grades",
                    bundle.criteria[c].id,
                    row.len(),
                    bundle.grades.len()
                ));
            }
            let sum: u64 = row.iter().map(|&n| u64::from(n)).sum();
            if sum != graders {
                return rule(format!(
                    "project {project:?}, criterion {:?}: the counts add up to {sum}, but {graders} juror(s) graded it (ballots cast minus conflicts on it)",
                    bundle.criteria[c].id
                ));
            }
        }
    }
    if let Some(&missing) = expected.get(counts.len()) {
        return rule(format!(
            "no counts published for {:?}, which {} jurors graded in round {} (at least the quorum of {})",
            id(missing),
            roll_graders(round, missing),
            round.number,
            bundle.quorum()
        ));
    }
    for ((_, rows), &p) in counts.iter().zip(&expected) {
        for (c, row) in rows.iter().enumerate() {
            for (g, &n) in row.iter().enumerate() {
                round.counts.add_many(p, c, g, u64::from(n));
            }
        }
    }
    Ok(())
}
