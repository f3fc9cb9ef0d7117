//! Format 3: what a secret round's close publishes (docs/TALLY-FORMAT.md,
//! *Secret ballots, counts only*). For each project of the round that at
//! least the quorum graded, per criterion, how many jurors gave each grade;
//! nothing else. The one place that says which projects are published and
//! what must add up: the close builds its entry here (`counts_entry`), and
//! the rules check a `CountsPublished` here (`check_counts`), so the kiosk
//! and `jury verify` cannot disagree.

use std::collections::BTreeSet;

use super::ballot_contents::{BallotContents, ContentsError};
use super::state::Round;
use super::{RuleError, RuleKind};
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
    let rule = |why: String| Err(RuleError::new(RuleKind::Publication, why));
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::digest::Digest;
    use crate::results::GradeCounts;
    use crate::session::state::{Ballot, RoundStatus};
    use crate::tally::GradeRow;

    /// The demo bundle (4 projects, 5 criteria, 7 grades, quorum 2).
    fn demo() -> Bundle {
        crate::bundle::parse("demo", crate::bundle::DEMO_SOURCE.as_bytes())
            .unwrap()
            .bundle
    }

    /// Round 1 with three ballots; the first recused from project 0.
    fn round(bundle: &Bundle) -> Round {
        let ballot = |seat, conflicts| Ballot {
            seat,
            at: String::new(),
            conflicts,
            receipt: Digest([0; 32]),
        };
        Round {
            number: 1,
            projects: (0..4).collect(),
            ballots: BTreeMap::from([
                (0, ballot(0, vec![0])),
                (1, ballot(1, vec![])),
                (2, ballot(2, vec![])),
            ]),
            absent: BTreeMap::new(),
            drafts_discarded: Vec::new(),
            status: RoundStatus::Closed { reason: None },
            counts: GradeCounts::zeroed(4, bundle.criteria.len(), bundle.grades.len()),
        }
    }

    fn opened(recused_first: bool, grade: u8) -> BallotContents {
        let row = GradeRow::from_slice(&[grade; 5]);
        BallotContents {
            session_id: [1; 16],
            round: 1,
            projects: (0..4)
                .map(|p| (!(recused_first && p == 0)).then(|| row.clone()))
                .collect(),
        }
    }

    #[test]
    fn counts_are_what_the_box_holds_and_pass_the_rules() {
        let b = demo();
        let mut r = round(&b);
        let box_ = [opened(false, 3), opened(true, 0), opened(false, 6)];
        let Entry::CountsPublished { round: 1, counts } =
            counts_entry(&b, &[1; 16], &r, &box_).unwrap()
        else {
            panic!()
        };
        // Project 0 has two graders (quorum 2): published, like the rest.
        assert_eq!(counts.len(), 4);
        assert_eq!(counts[0].1[0].as_slice(), &[0, 0, 0, 1, 0, 0, 1]);
        assert_eq!(counts[1].1[4].as_slice(), &[1, 0, 0, 1, 0, 0, 1]);
        check_counts(&b, &mut r, &counts).unwrap();
        assert_eq!(r.counts.row(1, 4), &[1, 0, 0, 1, 0, 0, 1]);
    }

    #[test]
    fn a_box_that_disagrees_with_the_roll_publishes_nothing() {
        let b = demo();
        let r = round(&b);
        let session = [1; 16];
        // One ballot missing, one too many.
        assert!(counts_entry(&b, &session, &r, &[opened(true, 0), opened(false, 1)]).is_err());
        let four = [
            opened(true, 0),
            opened(false, 1),
            opened(false, 1),
            opened(false, 1),
        ];
        assert!(counts_entry(&b, &session, &r, &four).is_err());
        // The recusal on another ballot than the roll says (none here).
        let none_recused = [opened(false, 0), opened(false, 1), opened(false, 1)];
        assert!(counts_entry(&b, &session, &r, &none_recused).is_err());
        // A ballot of another session.
        let other = [opened(true, 0), opened(false, 1), opened(false, 1)];
        assert!(counts_entry(&b, &[2; 16], &r, &other).is_err());
    }

    /// The largest round a bundle allows (2,000 projects of 64-character
    /// ids, 12 criteria, 10 grades, 500 jurors, each row with the most
    /// digits 500 jurors can write) fits in one line (docs/TALLY-FORMAT.md).
    #[test]
    fn the_largest_counts_line_is_under_the_line_limit() {
        let row = crate::tally::CountRow::from_slice(&[100, 100, 100, 100, 16, 16, 16, 16, 16, 16]);
        assert!(row.iter().sum::<u32>() <= 500);
        let counts = (0..2000)
            .map(|p| (format!("{p:0>64}"), vec![row.clone(); 12]))
            .collect();
        let entry = Entry::CountsPublished {
            round: u32::MAX,
            counts,
        };
        let key = crate::signing::SessionKey::from_seed(&[1; 32], "limit");
        let line = crate::tally::build_line(
            u64::MAX,
            &Digest([0xff; 32]),
            "2026-12-01T10:00:00Z",
            &entry,
            key.entry_signer(),
        );
        assert!(line.len() < crate::tally::MAX_LINE_BYTES, "{}", line.len());
        assert!(line.len() > 1_000_000, "{}", line.len());
    }
}
