//! Issue 11: random sessions of facilitator and juror actions (absences
//! and their withdrawal, conflicts, several rounds, cancellations, drafts
//! discarded, decisions), run through the kiosk's `Session`. Every tally it
//! writes verifies valid, an action the rules refuse writes nothing, and the
//! results equal a recount made here from the tally's lines alone, with the
//! rules of docs/RESULTS.md and docs/TALLY-FORMAT.md written out again.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use crate::common::Scratch;
use jury::bundle::{BundleFile, parse};
use jury::results::{GradeCounts, compute};
use jury::session::{Session, SessionError};
use jury::signing::SessionKey;
use jury::simulate::session_seed;
use jury::tally::{Entry, parse_line};
use jury::verify::{Expectations, Verdict, verify_file};
use proptest::prelude::*;

const SEATS: usize = 5;
const PROJECTS: usize = 4;
const CRITERIA: usize = 2;
const GRADES: usize = 3;
const QUORUM: usize = 3;

/// The rules' bundle, with secret ballots (the default) or open ones.
fn bundle_with(open: bool) -> BundleFile {
    let text = r#"(
    title: "Rules",
    date: "2026",
    place: "Ici",
    max_laureates: 2,
    quorum: 3,
    criteria: [
        (id: "c1", label: "Un", explanation: "Un."),
        (id: "c2", label: "Deux", explanation: "Deux.", weight: 2),
    ],
    grades: [
        (label: "Bien", meaning: "Bien."),
        (label: "Moyen", meaning: "Moyen."),
        (label: "Mal", meaning: "Mal."),
    ],
    jurors: [(seat: "J1"), (seat: "J2"), (seat: "J3"), (seat: "J4"), (seat: "J5")],
    projects: [
        (id: "p0", name: "Zéro", aim: "A", proposal: "P"),
        (id: "p1", name: "Un", aim: "A", proposal: "P"),
        (id: "p2", name: "Deux", aim: "A", proposal: "P"),
        (id: "p3", name: "Trois", aim: "A", proposal: "P"),
    ],
)
"#;
    let text = if open {
        common::open_ballots(&format!("\n{text}"))
    } else {
        text.to_owned()
    };
    parse("rules.ron", text.as_bytes()).unwrap()
}

/// One random step: what to try, on which seat, and a number that picks
/// the rest (grades, conflicts, projects).
#[derive(Debug, Clone, Copy)]
struct Step {
    kind: u8,
    seat: usize,
    pick: u32,
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (0u8..12, 0..SEATS, any::<u32>()).prop_map(|(kind, seat, pick)| Step { kind, seat, pick }),
        0..60,
    )
}

fn grades_from(pick: u32) -> Vec<Option<Vec<u8>>> {
    (0..PROJECTS)
        .map(|p| {
            Some(
                (0..CRITERIA)
                    .map(|c| ((pick >> ((p * CRITERIA + c) * 2)) % GRADES as u32) as u8)
                    .collect(),
            )
        })
        .collect()
}

/// Runs `action`; a refusal must leave the tally byte for byte as it was.
fn attempt(
    session: &mut Session,
    action: impl FnOnce(&mut Session) -> Result<(), SessionError>,
) -> bool {
    let before = std::fs::read(session.path()).unwrap();
    match action(session) {
        Ok(()) => true,
        Err(SessionError::Rule(_)) => {
            assert_eq!(
                std::fs::read(session.path()).unwrap(),
                before,
                "a refused action wrote something"
            );
            false
        }
        Err(e) => panic!("not a rule: {e}"),
    }
}

/// A ballot for `seat` in the current round: its recused projects (and
/// perhaps one new conflict) declared, every other project graded.
fn ballot(session: &mut Session, seat: usize, pick: u32) -> bool {
    let state = session.state();
    let order = state.order_for(&session.bundle.bundle, seat);
    let mut conflicts: Vec<usize> = state
        .recused_from(seat)
        .filter(|p| order.contains(p))
        .collect();
    if pick % 7 < 2 {
        let p = order[(pick as usize / 7) % order.len()];
        if !conflicts.contains(&p) {
            conflicts.push(p);
        }
    }
    attempt(session, |s| {
        s.cast_ballot(seat, &conflicts, &grades_from(pick))
            .map(|_| ())
    })
}

fn play(session: &mut Session, step: Step) {
    let Step { kind, seat, pick } = step;
    let b = session.bundle.bundle.clone();
    let state = session.state().clone();
    let round = state.current_round();
    let open = round.is_none_or(|r| r.is_open());
    let bypass = pick % 9 == 0; // now and then, try regardless of the guard
    match kind {
        0..=2 if bypass || state.may_vote(seat) => {
            ballot(session, seat, pick);
        }
        3 => {
            // Grading a recused project is always refused.
            let recused_here = state
                .recused_from(seat)
                .any(|p| state.order_for(&b, seat).contains(&p));
            if state.may_vote(seat) && recused_here {
                let accepted = attempt(session, |s| {
                    s.cast_ballot(seat, &[], &grades_from(pick)).map(|_| ())
                });
                assert!(!accepted, "a ballot grading a recused project was accepted");
            }
        }
        4 if bypass || state.may_vote(seat) => {
            if pick % 2 == 0 {
                attempt(session, |s| s.discard_draft(seat));
            }
            attempt(session, |s| s.mark_absent(seat));
        }
        5 if bypass || state.is_absent_now(seat) => {
            attempt(session, |s| s.withdraw_absence(seat));
        }
        6 if bypass || (open && state.has_quorum(&b)) => {
            let waiting = round.is_some_and(|r| !r.waiting(SEATS).is_empty()) || round.is_none();
            let reason = (waiting || pick % 2 == 0).then(|| "time is up".to_owned());
            attempt(session, |s| s.close_round(reason));
        }
        7 if bypass || (open && state.round_number() > 1 && !state.has_quorum(&b)) => {
            attempt(session, |s| s.cancel_round("too few of us".to_owned()));
        }
        8 if bypass || (!open && state.decision.is_none()) => {
            let projects: Vec<usize> = (0..PROJECTS).filter(|p| pick >> p & 1 == 1).collect();
            attempt(session, |s| s.open_round(&projects));
        }
        9 if bypass || (!open && !state.rounds.is_empty()) => {
            let selected: Vec<usize> = (0..PROJECTS)
                .filter(|p| pick >> p & 1 == 1)
                .take(2)
                .collect();
            let reason = (pick % 3 == 0).then(|| "the jury's choice".to_owned());
            attempt(session, |s| s.record_decision(&selected, reason));
        }
        10 if bypass => {
            // A close without a reason, whatever the state.
            attempt(session, |s| s.close_round(None));
        }
        _ => {}
    }
}

/// Ends the session the way a facilitator would: every seat still waiting
/// votes (absences withdrawn if the quorum needs them), the round closes,
/// the default decision, the seal.
fn finish(session: &mut Session, pick: u32) {
    let b = session.bundle.bundle.clone();
    let open = session.state().current_round().is_none_or(|r| r.is_open());
    if open {
        for seat in 0..SEATS {
            if session.state().is_absent_now(seat) && !session.state().has_quorum(&b) {
                assert!(attempt(session, |s| s.withdraw_absence(seat)));
            }
            if session.state().may_vote(seat) && !session.state().has_quorum(&b) {
                assert!(ballot(session, seat, pick.rotate_left(seat as u32)));
            }
        }
        let waiting = !session
            .state()
            .current_round()
            .unwrap()
            .waiting(SEATS)
            .is_empty();
        let reason = waiting.then(|| "closing".to_owned());
        assert!(attempt(session, |s| s.close_round(reason)));
    }
    if session.state().decision.is_none() {
        let default = session.results().default_selection();
        assert!(attempt(session, |s| s.record_decision(&default, None)));
    }
    session.seal().unwrap();
}

/// The recount: from the tally's lines only, with the rules written out again.
fn recount(bundle: &BundleFile, entries: &[Entry]) -> GradeCounts {
    let b = &bundle.bundle;
    let project = |id: &str| b.projects.iter().position(|p| p.id == id).unwrap();
    let seat = |id: &str| b.jurors.iter().position(|j| j.seat == id).unwrap();
    struct R {
        projects: Vec<usize>,
        ballots: Vec<(usize, BTreeMap<usize, Vec<u8>>)>,
        /// Secret ballots: the round's ballots (their conflicts) and their
        /// grades, published per project without seats: vectors (format 2)
        /// or counts (format 3).
        secret_ballots: Vec<BTreeSet<usize>>,
        published: BTreeMap<usize, Vec<Vec<u8>>>,
        counts: BTreeMap<usize, Vec<Vec<u64>>>,
        counted: bool,
        number: u32,
    }
    let mut rounds = vec![R {
        projects: (0..PROJECTS).collect(),
        ballots: Vec::new(),
        secret_ballots: Vec::new(),
        published: BTreeMap::new(),
        counts: BTreeMap::new(),
        counted: false,
        number: 1,
    }];
    let mut declared: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for entry in entries {
        match entry {
            Entry::BallotCast {
                seat: s,
                conflicts,
                grades,
                ..
            } => {
                let s = seat(s);
                let graded: BTreeMap<usize, Vec<u8>> = grades
                    .iter()
                    .map(|(id, g)| (project(id), g.to_vec()))
                    .collect();
                for p in graded.keys() {
                    assert!(
                        !declared.get(&s).is_some_and(|d| d.contains(p)),
                        "seat {s} graded project {p} after declaring a conflict on it"
                    );
                }
                declared
                    .entry(s)
                    .or_default()
                    .extend(conflicts.iter().map(|c| project(c)));
                rounds.last_mut().unwrap().ballots.push((s, graded));
            }
            Entry::SecretBallotCast {
                seat: s, conflicts, ..
            } => {
                let s = seat(s);
                let now: BTreeSet<usize> = conflicts.iter().map(|c| project(c)).collect();
                let r = rounds.last_mut().unwrap();
                for p in declared.get(&s).into_iter().flatten() {
                    assert!(
                        !r.projects.contains(p) || now.contains(p),
                        "seat {s} did not keep its conflict on project {p}"
                    );
                }
                declared.entry(s).or_default().extend(now.iter().copied());
                r.secret_ballots.push(now);
            }
            Entry::GradesPublished {
                project: p,
                vectors,
                ..
            } => {
                let r = rounds.last_mut().unwrap();
                let mut tags: Vec<&str> = vectors.iter().map(|(t, _)| t.as_str()).collect();
                tags.dedup();
                assert_eq!(tags.len(), vectors.len(), "a tag twice");
                r.published.insert(
                    project(p),
                    vectors.iter().map(|(_, g)| g.to_vec()).collect(),
                );
            }
            Entry::CountsPublished { counts, .. } => {
                let r = rounds.last_mut().unwrap();
                for (p, rows) in counts {
                    let rows: Vec<Vec<u64>> = rows
                        .iter()
                        .map(|row| row.iter().map(|&n| u64::from(n)).collect())
                        .collect();
                    r.counts.insert(project(p), rows);
                }
            }
            Entry::RoundClosed { .. } => {
                let r = rounds.last_mut().unwrap();
                let cast = r.ballots.len() + r.secret_ballots.len();
                assert!(cast >= QUORUM, "round closed below the quorum");
                r.counted = true;
            }
            Entry::RoundCancelled { .. } => {
                let r = rounds.last().unwrap();
                let cast = r.ballots.len() + r.secret_ballots.len();
                assert!(r.number > 1 && cast < QUORUM);
            }
            Entry::RoundOpened { round, projects } => rounds.push(R {
                projects: projects.iter().map(|p| project(p)).collect(),
                ballots: Vec::new(),
                secret_ballots: Vec::new(),
                published: BTreeMap::new(),
                counts: BTreeMap::new(),
                counted: false,
                number: *round,
            }),
            _ => {}
        }
    }
    // Per project: the grades of the latest counted round where at least
    // the quorum graded it (round 1 always stands), then withheld if fewer
    // than the quorum gave them.
    // A project's grades in a round: how many graded it (from the roll),
    // and its counts per criterion and grade.
    let mut chosen: Vec<Option<(usize, Vec<Vec<u64>>)>> = vec![None; PROJECTS];
    for r in rounds.iter().filter(|r| r.counted) {
        for &p in &r.projects {
            let mut grades: Vec<Vec<u8>> = r
                .ballots
                .iter()
                .filter_map(|(_, g)| g.get(&p).cloned())
                .collect();
            grades.extend(r.published.get(&p).cloned().unwrap_or_default());
            let mut rows = vec![vec![0u64; GRADES]; CRITERIA];
            for g in &grades {
                for (c, &v) in g.iter().enumerate() {
                    rows[c][usize::from(v)] += 1;
                }
            }
            let mut graders = grades.len();
            if !r.secret_ballots.is_empty() {
                graders = r.secret_ballots.iter().filter(|c| !c.contains(&p)).count();
                if let Some(published) = r.counts.get(&p) {
                    rows = published.clone();
                }
                // Format 3 publishes counts only from the quorum up.
                assert_eq!(r.counts.contains_key(&p), graders >= QUORUM, "project {p}");
            }
            if r.number == 1 || graders >= QUORUM {
                chosen[p] = Some((graders, rows));
            }
        }
    }
    let mut counts = GradeCounts::zeroed(PROJECTS, CRITERIA, GRADES);
    for (p, grades) in chosen.iter().enumerate() {
        let Some((_, rows)) = grades.as_ref().filter(|(graders, _)| *graders >= QUORUM) else {
            continue;
        };
        for (c, row) in rows.iter().enumerate() {
            for (g, &n) in row.iter().enumerate() {
                for _ in 0..n {
                    counts.add(p, c, g);
                }
            }
        }
    }
    counts
}

fn entries(path: &std::path::Path) -> Vec<Entry> {
    std::fs::read(path)
        .unwrap()
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| parse_line(l).unwrap().record.entry.into_owned())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_tally_the_kiosk_writes_verifies_and_recounts(steps in steps(), pick in any::<u32>(), open in any::<bool>()) {
        let dir = Scratch::new("rules-prop");
        let path = dir.path().join("t.jury");
        let key = SessionKey::from_seed(&[11; 32], "rules");
        let bundle = || bundle_with(open);
        let mut session = Session::create(&path, bundle(), key, &session_seed(u64::from(pick))).unwrap();
        for step in steps {
            play(&mut session, step);
        }
        finish(&mut session, pick);
        let file = bundle();
        let expect = Expectations { bundle: Some(&file), signer: None, signature: None };
        let report = verify_file(&path, &expect).unwrap();
        prop_assert_eq!(report.verdict, Verdict::Valid, "{}", report.to_text());
        if std::env::var_os("RULES_STATS").is_some() {
            let kinds: Vec<&str> = entries(&path).iter().map(|e| e.kind()).collect();
            let w = session.results().ranking.iter().filter(|r| r.withheld.is_some()).count();
            eprintln!("STATS {} withheld={w} kept={}", kinds.join(","), session.standings().kept.len());
        }
        let recounted = compute(&file.bundle, &recount(&file, &entries(&path)));
        let results = session.results();
        let strip = |r: &jury::results::Results| {
            r.ranking.iter().map(|x| (x.project, x.rank, x.grade_counts.clone())).collect::<Vec<_>>()
        };
        prop_assert_eq!(strip(results), strip(&recounted));
        // No result shows grades from fewer than the quorum.
        for r in &results.ranking {
            if r.withheld.is_some() {
                prop_assert!(r.grade_counts.iter().all(|&n| n == 0));
                prop_assert_eq!(r.majority_grade, None);
            }
        }
    }
}

/// docs/RESULTS.md, *Which grades count*: the worked example, on the demo
/// (3 seats, quorum 2), projects A, B, C = bundle projects 0, 1, 2.
#[test]
fn the_worked_example_of_results_md() {
    use jury::session::{Kept, KeptBecause, Standing};
    let dir = Scratch::new("rules-worked");
    let bundle = jury::bundle::demo();
    let (projects, criteria) = (bundle.bundle.projects.len(), bundle.bundle.criteria.len());
    let all = vec![Some(vec![1; criteria]); projects];
    let key = SessionKey::from_seed(&[12; 32], "worked");
    let mut s = Session::create(&dir.path().join("t.jury"), bundle, key, &session_seed(3)).unwrap();
    s.cast_ballot(0, &[0], &all).unwrap(); // J01: a conflict on A
    s.cast_ballot(1, &[], &all).unwrap();
    s.cast_ballot(2, &[], &all).unwrap();
    s.close_round(None).unwrap();
    s.open_round(&[0, 1]).unwrap();
    s.mark_absent(1).unwrap(); // J02
    // J01 may not grade A again.
    assert!(s.cast_ballot(0, &[], &all).is_err());
    s.cast_ballot(0, &[0], &all).unwrap();
    s.cast_ballot(2, &[], &all).unwrap();
    s.close_round(None).unwrap();
    let st = s.standings();
    assert_eq!(st.quorum, 2);
    assert_eq!(
        st.standing[0],
        Standing::Counted {
            round: 1,
            graders: 2
        }
    );
    assert_eq!(
        st.standing[1],
        Standing::Counted {
            round: 2,
            graders: 2
        }
    );
    assert_eq!(
        st.standing[2],
        Standing::Counted {
            round: 1,
            graders: 3
        }
    );
    assert_eq!(
        st.kept,
        vec![Kept {
            project: 0,
            round: 2,
            because: KeptBecause::TooFewGraders { graders: 1 }
        }]
    );
}
