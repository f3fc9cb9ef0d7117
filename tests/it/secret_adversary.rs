//! The linking adversary against a secret tally (format 3; docs/SECRECY.md,
//! *What is published* and *Receipts*), each attack measured, its figures
//! printed (`cargo test --test it secret_adversary -- --nocapture`):
//!
//! - whatever link an adversary tries (voting order, rank pairing across
//!   projects or criteria, tag proximity, a receipt), the tally is the same
//!   bytes whoever gave which grade: exact, and so at chance;
//! - the prescribed pattern ("Italian") attack: found 99 % of the time in a
//!   format 2 list of vectors, at chance in format 3's counts;
//! - a marker (a grade nobody else gives) shows its cell, nothing else;
//! - no receipt: the confirmation is the same for every ballot, `jury
//!   receipt` finds nothing.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::*;
use jury::bundle::{BundleFile, parse};
use jury::session::{
    Ballot, BallotContents, Round, RoundStatus, Session, counts_entry, published_projects,
};
use jury::signing::SessionKey;
use jury::simulate::session_seed;
use jury::tally::{CountRow, Entry, GradeRow, parse_line};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const SEATS: usize = 6;
const PROJECTS: usize = 4;
const CRITERIA: usize = 2;
const GRADES: u8 = 5;
const AT: &str = "2026-12-01T10:00:00Z";

/// Six seats, four projects, a quorum of four: secret ballots (the
/// default), or open ones.
fn bundle(open: bool) -> BundleFile {
    let text = r#"
(
    title: "Secret",
    date: "2026",
    place: "Ici",
    quorum: 4,
    criteria: [
        (id: "c1", label: "Un", explanation: "Un."),
        (id: "c2", label: "Deux", explanation: "Deux."),
    ],
    grades: [
        (label: "A", meaning: "A."), (label: "B", meaning: "B."), (label: "C", meaning: "C."),
        (label: "D", meaning: "D."), (label: "E", meaning: "E."),
    ],
    jurors: [(seat: "J1"), (seat: "J2"), (seat: "J3"), (seat: "J4"), (seat: "J5"), (seat: "J6")],
    projects: [
        (id: "p0", name: "Zéro", aim: "A", proposal: "P"),
        (id: "p1", name: "Un", aim: "A", proposal: "P"),
        (id: "p2", name: "Deux", aim: "A", proposal: "P"),
        (id: "p3", name: "Trois", aim: "A", proposal: "P"),
    ],
)
"#;
    let text = if open {
        open_ballots(text)
    } else {
        text.to_owned()
    };
    parse("secret.ron", text.as_bytes()).unwrap()
}

/// Per round, per seat (in casting order): its conflicts and its grades
/// per bundle project (one per criterion).
type Script = Vec<Vec<(usize, Vec<usize>, Vec<Vec<u8>>)>>;

/// Two rounds (the second on p1 and p3), random casting orders, conflicts
/// and grades.
fn random_script(seed: u64) -> Script {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut conflicts: Vec<Vec<usize>> = vec![Vec::new(); SEATS];
    let mut script = Vec::new();
    for round in 1..=2 {
        let projects: Vec<usize> = if round == 1 {
            (0..PROJECTS).collect()
        } else {
            vec![1, 3]
        };
        let mut seats: Vec<usize> = (0..SEATS).collect();
        for i in (1..SEATS).rev() {
            seats.swap(i, rng.random_range(0..=i));
        }
        let mut cast = Vec::new();
        for seat in seats {
            if round == 1 && rng.random_bool(0.2) {
                conflicts[seat].push(rng.random_range(0..PROJECTS));
            }
            let mine: Vec<usize> = conflicts[seat]
                .iter()
                .copied()
                .filter(|p| projects.contains(p))
                .collect();
            let grades = (0..PROJECTS)
                .map(|_| (0..CRITERIA).map(|_| rng.random_range(0..GRADES)).collect())
                .collect();
            cast.push((seat, mine, grades));
        }
        script.push(cast);
    }
    script
}

/// The script played through the kiosk's own `Session` (fixed key, seed
/// and clock): the tally's bytes and its detached signature's.
fn play(dir: &Path, name: &str, script: &Script, open: bool) -> (Vec<u8>, Vec<u8>) {
    jury::tally::freeze_clock_for_tests(AT);
    let path = dir.join(format!("{name}.jury"));
    let key = SessionKey::from_seed(&[9; 32], "secret");
    let mut s = Session::create(&path, bundle(open), key, &session_seed(1)).unwrap();
    for (round, cast) in script.iter().enumerate() {
        if round > 0 {
            s.open_round(&[1, 3]).unwrap();
        }
        for (seat, conflicts, grades) in cast {
            let grades: Vec<Option<Vec<u8>>> = grades.iter().cloned().map(Some).collect();
            s.cast_ballot(*seat, conflicts, &grades).unwrap();
        }
        s.close_round(None).unwrap();
    }
    let default = s.results().default_selection();
    s.record_decision(&default, None).unwrap();
    s.seal().unwrap();
    let sig = std::fs::read(dir.join(format!("{name}.jury.sig"))).unwrap();
    (std::fs::read(&path).unwrap(), sig)
}

/// The same script, each project and criterion's grades shuffled among
/// the jurors who graded it (so every link between two grades of one
/// juror, and between a seat and a grade, is broken).
fn shuffled_per_cell(script: &Script, seed: u64) -> Script {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let mut out = script.clone();
    for cast in &mut out {
        for p in 0..PROJECTS {
            for c in 0..CRITERIA {
                let graders: Vec<usize> = (0..cast.len())
                    .filter(|&i| !cast[i].1.contains(&p))
                    .collect();
                let mut values: Vec<u8> = graders.iter().map(|&i| cast[i].2[p][c]).collect();
                for i in (1..values.len()).rev() {
                    values.swap(i, rng.random_range(0..=i));
                }
                for (&i, v) in graders.iter().zip(values) {
                    cast[i].2[p][c] = v;
                }
            }
        }
    }
    out
}

/// Whatever link an adversary looks for, the secret tally is the same
/// bytes whoever gave which grade: each project and criterion's grades
/// shuffled among its graders (casting order, seats and conflicts kept)
/// give the same tally and the same signature. So no adversary, however
/// clever, links a grade to a seat or two grades to one juror better than
/// chance: voting order, rank pairing, tag proximity and receipts have
/// nothing to work on. Open ballots (the control) change with every
/// shuffle.
#[test]
fn the_tally_is_the_same_bytes_whoever_gave_which_grade() {
    let dir = Scratch::new("adversary-same-bytes");
    let (mut same, mut moved) = (0, 0);
    for seed in 0..12 {
        let script = random_script(seed);
        let shuffled = shuffled_per_cell(&script, seed);
        let differs = script != shuffled;
        let a = play(dir.path(), &format!("a{seed}"), &script, false);
        let b = play(dir.path(), &format!("b{seed}"), &shuffled, false);
        assert_eq!(
            a, b,
            "seed {seed}: the secret tally depends on who gave which grade"
        );
        same += 1;
        let open_a = play(dir.path(), &format!("oa{seed}"), &script, true);
        let open_b = play(dir.path(), &format!("ob{seed}"), &shuffled, true);
        if differs {
            assert_ne!(
                open_a, open_b,
                "seed {seed}: the control must see the shuffle"
            );
            moved += 1;
        }
    }
    println!(
        "same bytes: {same} of {same} secret tallies identical after a shuffle per project and criterion; {moved} of {moved} open tallies changed"
    );
    assert!(moved > 8);
}

/// Results from counts only: the seal of a secret session (format 3, its
/// counts) holds the same results digest as the same ballots cast as open
/// ballots (format 1, every ballot with its seat), projects below the
/// quorum included.
#[test]
fn results_from_counts_are_those_of_the_same_ballots() {
    let dir = Scratch::new("adversary-results");
    let digest = |bytes: &[u8]| {
        let last = bytes
            .split(|&b| b == b'\n')
            .rfind(|l| !l.is_empty())
            .unwrap();
        match parse_line(last).unwrap().record.entry {
            Entry::SessionSealed { results, .. } => results.into_owned(),
            other => panic!("{other:?}"),
        }
    };
    for seed in 200..210 {
        let script = random_script(seed);
        let secret = play(dir.path(), &format!("s{seed}"), &script, false).0;
        let open = play(dir.path(), &format!("o{seed}"), &script, true).0;
        assert_eq!(digest(&secret), digest(&open), "seed {seed}");
    }
}

/// The adversary of format 2, on format 3: give the i-th seat that voted
/// the i-th grade of each count (voting order), and the same rank on every
/// project (rank pairing). Right as often as a random assignment of the
/// counts' grades to the graders (the chance figure, computed from the
/// counts); on open ballots the seat field makes it always right.
#[test]
fn the_linking_adversary_does_no_better_than_chance() {
    let dir = Scratch::new("adversary-links");
    let (mut right, mut chance, mut cells) = (0.0, 0.0, 0usize);
    for seed in 100..130 {
        let script = random_script(seed);
        let (bytes, _) = play(dir.path(), &format!("t{seed}"), &script, false);
        let entries: Vec<Entry> = bytes
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| parse_line(l).unwrap().record.entry.into_owned())
            .collect();
        let mut voters: BTreeMap<u32, Vec<(usize, Vec<String>)>> = BTreeMap::new();
        for e in &entries {
            match e {
                Entry::SecretBallotCast {
                    seat,
                    round,
                    conflicts,
                } => {
                    let s = seat[1..].parse::<usize>().unwrap() - 1;
                    voters
                        .entry(*round)
                        .or_default()
                        .push((s, conflicts.clone()));
                }
                Entry::CountsPublished { round, counts } => {
                    let cast = &script[*round as usize - 1];
                    for (project, rows) in counts {
                        let p: usize = project[1..].parse().unwrap();
                        let graders: Vec<usize> = voters[round]
                            .iter()
                            .filter(|(_, c)| !c.contains(project))
                            .map(|(s, _)| *s)
                            .collect();
                        for (c, row) in rows.iter().enumerate() {
                            // The counts expanded in their order, best grade first.
                            let expanded: Vec<u8> = row
                                .iter()
                                .enumerate()
                                .flat_map(|(g, &n)| std::iter::repeat_n(g as u8, n as usize))
                                .collect();
                            let n = expanded.len() as f64;
                            for (&seat, &guess) in graders.iter().zip(&expanded) {
                                let truth = cast.iter().find(|(s, ..)| *s == seat).unwrap().2[p][c];
                                right += f64::from(u8::from(guess == truth));
                                chance += f64::from(row[usize::from(truth)]) / n;
                                cells += 1;
                            }
                        }
                    }
                }
                Entry::BallotCast { .. } | Entry::GradesPublished { .. } => {
                    panic!("a secret tally names a seat's grades or a vector")
                }
                _ => {}
            }
        }
    }
    let (rate, expected) = (right / cells as f64, chance / cells as f64);
    println!(
        "voting order / rank pairing: {:.1} % of {cells} grades attributed right, chance {:.1} % (tag proximity: no tags; open ballots: 100 %)",
        100.0 * rate,
        100.0 * expected
    );
    assert!(
        (rate - expected).abs() < 0.05,
        "{rate} against chance {expected}"
    );
}

/// A simulated aic-2022 room for the pattern attack: 15 jurors, 17
/// projects, 5 criteria, 7 grades; each project has a quality, each juror
/// gives it that grade give or take one on each criterion (the model of
/// `jury simulate`).
struct Room {
    quality: Vec<u8>,
    ballots: Vec<Vec<GradeRow>>,
}

const ROOM_SEATS: usize = 15;
const ROOM_PROJECTS: usize = 17;
const ROOM_CRITERIA: usize = 5;
const ROOM_GRADES: u8 = 7;

fn free_vote(rng: &mut StdRng, quality: &[u8]) -> Vec<GradeRow> {
    quality
        .iter()
        .map(|&q| {
            (0..ROOM_CRITERIA)
                .map(|_| (i16::from(q) + rng.random_range(-1i16..=1)) as u8)
                .collect()
        })
        .collect()
}

impl Room {
    fn new(rng: &mut StdRng) -> Self {
        let quality: Vec<u8> = (0..ROOM_PROJECTS)
            .map(|_| rng.random_range(1..ROOM_GRADES - 1))
            .collect();
        let ballots = (0..ROOM_SEATS).map(|_| free_vote(rng, &quality)).collect();
        Self { quality, ballots }
    }

    /// What format 3 publishes of the room: the kiosk's own `counts_entry`.
    fn counts(&self, bundle: &jury::bundle::Bundle) -> Vec<(String, Vec<CountRow>)> {
        let round = Round {
            number: 1,
            projects: (0..ROOM_PROJECTS).collect(),
            ballots: (0..ROOM_SEATS)
                .map(|s| {
                    let ballot = Ballot {
                        seat: s,
                        at: AT.into(),
                        conflicts: vec![],
                        receipt: jury::digest::Digest([0; 32]),
                    };
                    (s, ballot)
                })
                .collect(),
            absent: BTreeMap::new(),
            drafts_discarded: vec![],
            status: RoundStatus::Closed { reason: None },
            counts: jury::results::GradeCounts::zeroed(ROOM_PROJECTS, ROOM_CRITERIA, 7),
        };
        assert_eq!(published_projects(bundle, &round).len(), ROOM_PROJECTS);
        let opened: Vec<BallotContents> = self
            .ballots
            .iter()
            .map(|b| BallotContents {
                session_id: [1; 16],
                round: 1,
                projects: b.iter().cloned().map(Some).collect(),
            })
            .collect();
        match counts_entry(bundle, &[1; 16], &round, &opened).unwrap() {
            Entry::CountsPublished { counts, .. } => counts,
            other => panic!("{other:?}"),
        }
    }
}

/// The prescribed pattern ("Italian") attack. A coercer prescribes an
/// unusual vector on one project (each grade a plausible one, the
/// combination rare: one of 243); half the jurors obey, half grade
/// freely. Format 2 published each juror's vector: "obeyed" when the
/// vector is in the list is right about 99 % of the time. Format 3
/// publishes counts: "obeyed" when each of its grades is in the counts is
/// right half the time, chance. (A coercer who also knows the room's habits
/// exactly and weighs how each count moved learns what one vote does to a
/// count of 15, which any published total carries; the figure is printed
/// beside, for one project prescribed and for all seventeen.)
#[test]
fn a_prescribed_pattern_is_found_at_chance() {
    let source = jury::synth::synth_bundle(ROOM_SEATS, ROOM_PROJECTS, 1);
    let bundle = parse("room.ron", source.as_bytes()).unwrap().bundle;
    assert_eq!(
        (bundle.criteria.len(), bundle.grades.len()),
        (ROOM_CRITERIA, usize::from(ROOM_GRADES))
    );
    let mut rng = StdRng::seed_from_u64(2022);
    let trials = 3000;
    let (mut vectors_right, mut counts_right, mut weighed_one, mut weighed_all) = (0, 0, 0, 0);
    let mut pooled_all = 0;
    for _ in 0..trials {
        let mut room = Room::new(&mut rng);
        let target = rng.random_range(0..ROOM_PROJECTS);
        let q = room.quality[target];
        // Alternating low and high: plausible grades, a rare combination.
        let unusual: GradeRow = (0..ROOM_CRITERIA)
            .map(|c| if c % 2 == 0 { q - 1 } else { q + 1 })
            .collect();
        let mut prescribed = free_vote(&mut rng, &room.quality);
        prescribed[target] = unusual.clone();
        let obeys = rng.random_bool(0.5);
        if obeys {
            room.ballots[0] = prescribed.clone();
        }
        // Format 2: the project's vectors, whoever gave them.
        let listed = room.ballots.iter().any(|b| b[target] == unusual);
        vectors_right += usize::from(listed == obeys);
        // Format 3: every grade of the pattern in the counts.
        let counts = room.counts(&bundle);
        let rows = &counts[target].1;
        let present = unusual
            .iter()
            .enumerate()
            .all(|(c, &g)| rows[c][usize::from(g)] > 0);
        counts_right += usize::from(present == obeys);
        // The weighing coercer: the likelihood ratio of each cell, obeyed
        // against free, under the room's model (free grades uniform on
        // quality ± 1): 3 n / N for the prescribed grade's count n.
        let weigh = |projects: &mut dyn Iterator<Item = usize>| {
            let log_ratio: f64 = projects
                .flat_map(|p| (0..ROOM_CRITERIA).map(move |c| (p, c)))
                .map(|(p, c)| {
                    let n = f64::from(counts[p].1[c][usize::from(prescribed[p][c])]);
                    (3.0 * n / ROOM_SEATS as f64).ln()
                })
                .sum();
            log_ratio > 0.0
        };
        weighed_one += usize::from(weigh(&mut std::iter::once(target)) == obeys);
        weighed_all += usize::from(weigh(&mut (0..ROOM_PROJECTS)) == obeys);
        // The same coercer if only each project's profile (every criterion's
        // counts pooled, what the seal's digest covers) were published: the
        // exact likelihood ratio of the pooled 75 grades, obeyed (5 fixed,
        // 70 free) against free (75 free).
        let pooled_log_ratio: f64 = (0..ROOM_PROJECTS)
            .map(|p| {
                let mut want = [0u32; 7];
                for &g in &prescribed[p] {
                    want[usize::from(g)] += 1;
                }
                let total = (ROOM_SEATS * ROOM_CRITERIA) as f64;
                let mut log = ROOM_CRITERIA as f64 * 3f64.ln();
                log -= (0..ROOM_CRITERIA)
                    .map(|i| (total - i as f64).ln())
                    .sum::<f64>();
                for (g, &k) in want.iter().enumerate() {
                    let h: u32 = counts[p].1.iter().map(|row| row[g]).sum();
                    for i in 0..k {
                        log += f64::from(h.saturating_sub(i)).max(1e-9).ln();
                    }
                }
                log
            })
            .sum();
        pooled_all += usize::from((pooled_log_ratio > 0.0) == obeys);
    }
    let share = |n: usize| n as f64 / trials as f64;
    println!(
        "prescribed pattern, {trials} trials (chance 50 %): format 2 vectors {:.1} %; format 3 counts {:.1} %; a coercer weighing how the counts moved, knowing the room's habits: {:.1} % on one project, {:.1} % on all 17 ({:.1} % if only each project's pooled profile were published)",
        100.0 * share(vectors_right),
        100.0 * share(counts_right),
        100.0 * share(weighed_one),
        100.0 * share(weighed_all),
        100.0 * share(pooled_all)
    );
    assert!(
        share(vectors_right) > 0.95,
        "the control must find the pattern"
    );
    assert!(
        (share(counts_right) - 0.5).abs() < 0.04,
        "{}",
        share(counts_right)
    );
}

/// A marker: the coercer has a juror give a grade nobody else would (the
/// worst grade on a project no one finds bad). Its count shows someone gave
/// it; a juror who gives the marker and grades freely everywhere else is
/// seen exactly as one who obeyed on every grade.
#[test]
fn a_marker_shows_its_cell_and_nothing_else() {
    let source = jury::synth::synth_bundle(ROOM_SEATS, ROOM_PROJECTS, 1);
    let bundle = parse("room.ron", source.as_bytes()).unwrap().bundle;
    let mut rng = StdRng::seed_from_u64(7);
    let trials = 1000;
    let (mut seen_obeying, mut seen_marker_only, mut told_apart) = (0, 0, 0);
    for _ in 0..trials {
        let room = Room::new(&mut rng);
        let Some(marked) = (0..ROOM_PROJECTS).find(|&p| room.quality[p] <= 3) else {
            continue;
        };
        let mut prescribed = free_vote(&mut rng, &room.quality);
        prescribed[marked][0] = ROOM_GRADES - 1;
        let mut marker_only = free_vote(&mut rng, &room.quality);
        marker_only[marked][0] = ROOM_GRADES - 1;
        let mut obeying = Room {
            quality: room.quality.clone(),
            ballots: room.ballots.clone(),
        };
        obeying.ballots[0] = prescribed;
        let mut partial = Room {
            quality: room.quality.clone(),
            ballots: room.ballots.clone(),
        };
        partial.ballots[0] = marker_only;
        let marked_in = |r: &Room| r.counts(&bundle)[marked].1[0][usize::from(ROOM_GRADES - 1)] > 0;
        seen_obeying += usize::from(marked_in(&obeying));
        seen_marker_only += usize::from(marked_in(&partial));
        told_apart += usize::from(marked_in(&obeying) != marked_in(&partial));
    }
    println!(
        "marker, {trials} rooms: seen when the juror obeyed {seen_obeying}, when the juror gave only the marker {seen_marker_only}; the marker told them apart {told_apart} times"
    );
    assert_eq!(seen_obeying, seen_marker_only);
    assert_eq!(told_apart, 0);
}

/// No receipt: the screen after confirming is the same, word for word,
/// whatever the ballot said, and holds no code; `jury receipt` and `jury
/// verify --receipt` on a format 3 tally find nothing and say why.
#[test]
fn a_secret_ballot_has_no_receipt_to_show() {
    use jury::i18n::Language;
    use jury::tui::{Mode, TALLY_FILE};
    let dir = Scratch::new("adversary-receipt");
    let mut app = app(dir.path(), Language::Fr);
    open_session(&mut app);
    let mut screens = Vec::new();
    // J01, then the next waiting seat, J02 (the console selects it).
    for key in ['1', '6'] {
        start_turn(&mut app);
        grade_all_and_confirm(&mut app, key);
        assert_eq!(
            app.mode(),
            &Mode::Receipt { code: None },
            "{:?}",
            app.notice()
        );
        screens.push(screen(&app, 80, 24));
        enter(&mut app);
        enter(&mut app);
        type_text(&mut app, PASSPHRASE);
        enter(&mut app);
    }
    assert_eq!(
        screens[0], screens[1],
        "the confirmation depends on the ballot"
    );
    assert!(screens[0].contains("Aucun code"), "{}", screens[0]);
    let tally = dir.path().join("session").join(TALLY_FILE);
    for args in [
        vec!["receipt", tally.to_str().unwrap(), "AAAA-AAAA-AAAA-AAAA"],
        vec![
            "verify",
            tally.to_str().unwrap(),
            "--receipt",
            "AAAA-AAAA-AAAA-AAAA",
        ],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_jury"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("has no receipts"), "{said}");
    }
}
