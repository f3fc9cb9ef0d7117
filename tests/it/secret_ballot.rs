//! The secret ballot (docs/SECRECY.md): once a round closes, nothing in
//! the session folder links a grade vector to a seat, nor two vectors to
//! one juror, better than chance; each juror's receipt code, and only it,
//! finds their own grades; a crash loses nothing confirmed; `jury verify`
//! checks every published count against the roll.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::*;
use crossterm::event::KeyCode;
use jury::bundle::{BundleFile, parse};
use jury::i18n::Language;
use jury::session::{BallotBox, Receipt, ReceiptCode, Sealed, Session, box_paths};
use jury::signing::SessionKey;
use jury::simulate::session_seed;
use jury::tally::{Entry, GradeRow, parse_line};
use jury::tui::{Mode, TALLY_FILE};
use jury::verify::{Expectations, Outcome, Verdict, verify_bytes, verify_file};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const SEATS: usize = 6;
const PROJECTS: usize = 4;
const CRITERIA: usize = 2;
const GRADES: u8 = 5;

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

fn lines(path: &Path) -> Vec<(String, Entry)> {
    std::fs::read(path)
        .unwrap()
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            let parsed = parse_line(l).unwrap();
            (
                parsed.record.at.to_string(),
                parsed.record.entry.into_owned(),
            )
        })
        .collect()
}

/// For each round and project, which seat gave which vector: the truth
/// (which the adversary does not have), or the adversary's guess.
type Truth = BTreeMap<(u32, String), Vec<(usize, Vec<u8>)>>;

/// A session of two rounds with random ballots and conflicts, cast in a
/// random order: its tally, and the truth.
fn random_session(dir: &Path, seed: u64, open: bool) -> (std::path::PathBuf, Truth) {
    let mut rng = StdRng::seed_from_u64(seed);
    let path = dir.join(format!("t{seed}-{open}.jury"));
    let key = SessionKey::from_seed(&[9; 32], "secret");
    let b = bundle(open);
    let mut s = Session::create(&path, b.clone(), key, &session_seed(seed)).unwrap();
    let mut truth = Truth::new();
    let mut conflicts: Vec<Vec<usize>> = vec![Vec::new(); SEATS];
    for round in 1..=2u32 {
        let projects: Vec<usize> = if round == 1 {
            (0..PROJECTS).collect()
        } else {
            s.open_round(&[1, 3]).unwrap();
            vec![1, 3]
        };
        let mut seats: Vec<usize> = (0..SEATS).collect();
        for i in (1..SEATS).rev() {
            seats.swap(i, rng.random_range(0..=i));
        }
        for seat in seats {
            if round == 1 && rng.random_bool(0.2) {
                conflicts[seat].push(rng.random_range(0..PROJECTS));
                conflicts[seat].dedup();
            }
            let mine: Vec<usize> = conflicts[seat]
                .iter()
                .copied()
                .filter(|p| projects.contains(p))
                .collect();
            let grades: Vec<Option<Vec<u8>>> = (0..PROJECTS)
                .map(|_| Some((0..CRITERIA).map(|_| rng.random_range(0..GRADES)).collect()))
                .collect();
            let receipt = s.cast_ballot(seat, &mine, &grades).unwrap();
            for &p in projects.iter().filter(|p| !mine.contains(p)) {
                let id = b.bundle.projects[p].id.clone();
                truth
                    .entry((round, id))
                    .or_default()
                    .push((seat, grades[p].clone().unwrap()));
            }
            if let Receipt::Code(code) = receipt {
                assert!(!code.display().is_empty());
            }
        }
        s.close_round(None).unwrap();
    }
    let default = s.results().default_selection();
    s.record_decision(&default, None).unwrap();
    s.seal().unwrap();
    (path, truth)
}

/// The adversary: every link the files offer, to attribute each published
/// vector to a seat. A seat field if there is one; otherwise the order in
/// which seats voted against the order of the vectors.
fn attribute(entries: &[(String, Entry)], b: &BundleFile) -> Truth {
    let seat = |id: &str| b.bundle.jurors.iter().position(|j| j.seat == id).unwrap();
    let mut out = Truth::new();
    let mut cast: BTreeMap<u32, Vec<(usize, Vec<String>)>> = BTreeMap::new();
    for (_, entry) in entries {
        match entry {
            Entry::BallotCast {
                seat: s,
                round,
                grades,
                ..
            } => {
                for (project, g) in grades {
                    out.entry((*round, project.clone()))
                        .or_default()
                        .push((seat(s), g.to_vec()));
                }
            }
            Entry::SecretBallotCast {
                seat: s,
                round,
                conflicts,
            } => cast
                .entry(*round)
                .or_default()
                .push((seat(s), conflicts.clone())),
            Entry::GradesPublished {
                round,
                project,
                vectors,
            } => {
                // The i-th vector to the i-th seat that voted on it.
                let voters: Vec<usize> = cast[round]
                    .iter()
                    .filter(|(_, c)| !c.contains(project))
                    .map(|(s, _)| *s)
                    .collect();
                for ((_, g), s) in vectors.iter().zip(voters) {
                    out.entry((*round, project.clone()))
                        .or_default()
                        .push((s, g.to_vec()));
                }
            }
            _ => {}
        }
    }
    out
}

/// The share of published vectors the adversary attributes to their seat.
fn linked_share(open: bool, sessions: u64) -> f64 {
    let dir = Scratch::new(if open { "link-open" } else { "link-secret" });
    let b = bundle(open);
    let (mut right, mut all) = (0usize, 0usize);
    for seed in 0..sessions {
        let (path, truth) = random_session(dir.path(), seed, open);
        let guessed = attribute(&lines(&path), &b);
        for (key, vectors) in &truth {
            let guesses = &guessed[key];
            assert_eq!(guesses.len(), vectors.len(), "every vector is published");
            for (seat, grades) in vectors {
                all += 1;
                // Right when the guess gives this seat exactly these grades
                // (a vector equal to another seat's counts as right only once).
                if guesses.iter().any(|(s, g)| s == seat && g == grades) {
                    right += 1;
                }
            }
        }
    }
    right as f64 / all as f64
}

#[test]
fn nothing_links_a_published_vector_to_its_seat_better_than_chance() {
    // Open ballots: the seat is on the line, the adversary is always right
    // (so this test can fail).
    assert_eq!(linked_share(true, 20), 1.0);
    // Secret ballots: the best link left is the order of voting against the
    // order of the vectors, which says nothing: about 1 in 6 (one seat in
    // six voters; equal grade vectors make it a little more). Far from 1.
    let share = linked_share(false, 120);
    assert!(
        share < 0.3,
        "the adversary linked {share:.3} of the vectors"
    );
}

/// Two vectors of one juror, on two projects of the same round: the
/// adversary groups vectors by their rank in each project's list.
#[test]
fn nothing_groups_two_vectors_of_one_juror_better_than_chance() {
    let dir = Scratch::new("group");
    let (mut right, mut tries) = (0usize, 0usize);
    for seed in 0..120 {
        let (path, truth) = random_session(dir.path(), seed, false);
        let entries = lines(&path);
        let published: BTreeMap<(u32, String), Vec<Vec<u8>>> = entries
            .iter()
            .filter_map(|(_, e)| match e {
                Entry::GradesPublished {
                    round,
                    project,
                    vectors,
                } => Some((
                    (*round, project.clone()),
                    vectors.iter().map(|(_, g)| g.to_vec()).collect(),
                )),
                _ => None,
            })
            .collect();
        let (a, c) = ((1, "p0".to_owned()), (1, "p2".to_owned()));
        for (va, vc) in published[&a].iter().zip(&published[&c]) {
            // Who gave the i-th vector of each: the same juror?
            let owner = |key: &(u32, String), v: &Vec<u8>| {
                truth[key]
                    .iter()
                    .filter(|(_, g)| g == v)
                    .map(|(s, _)| *s)
                    .collect::<Vec<_>>()
            };
            let (oa, oc) = (owner(&a, va), owner(&c, vc));
            tries += 1;
            if oa.len() == 1 && oa == oc {
                right += 1;
            }
        }
    }
    let share = right as f64 / tries as f64;
    assert!(
        share < 0.3,
        "grouped {share:.3} of the pairs (chance: about 1/6)"
    );
}

/// A whole session through the kiosk, then the session folder as a thief
/// (without the passphrase) finds it: only the published files, private,
/// with no receipt code, draft, ballot box or key for it in them.
#[test]
fn after_sealing_the_folder_holds_nothing_that_links_or_opens_a_ballot() {
    let dir = Scratch::new("secret-folder");
    let mut app = app(dir.path(), Language::En);
    open_session(&mut app);
    let folder = dir.path().join("session");
    let mut codes = Vec::new();
    // J01 starts, is interrupted (the draft is sealed on disk), J02 votes,
    // J01 resumes and votes, J03 votes.
    start_turn(&mut app);
    // The same grade J01 gives on resuming (its turn resumes where it was).
    for _ in 0..5 {
        press(&mut app, KeyCode::Char('4'));
    }
    let drafts = folder.join("drafts");
    let draft = std::fs::read(drafts.join("J01.ron")).unwrap();
    assert!(
        !String::from_utf8_lossy(&draft).contains("grades"),
        "a draft in clear"
    );
    press(&mut app, KeyCode::Char('q'));
    type_text(&mut app, PASSPHRASE);
    enter(&mut app);
    let vote = |app: &mut jury::tui::App, seat: usize, key: char, codes: &mut Vec<String>| {
        press(app, KeyCode::Down);
        while !matches!(app.mode(), Mode::Console { selected } if *selected == seat) {
            press(app, KeyCode::Down);
        }
        enter(app); // hand over
        // Begin, and the welcome pages (a resumed turn skips them).
        for _ in 0..6 {
            if matches!(app.mode(), Mode::Turn(t) if t.stage() == jury::turn::Stage::Scoring) {
                break;
            }
            enter(app);
        }
        grade_all_and_confirm(app, key);
        match app.mode() {
            Mode::Receipt { code } => codes.push(code.clone()),
            other => panic!("no receipt: {other:?} {:?}", app.notice()),
        }
        // The box is sealed: the grades are not in clear anywhere.
        let (box_path, _) = box_paths(&folder.join(TALLY_FILE));
        assert!(box_path.exists());
        enter(app);
        press(app, KeyCode::Enter); // the locked screen asks for the passphrase
        type_text(app, PASSPHRASE);
        enter(app);
    };
    vote(&mut app, 1, '2', &mut codes);
    vote(&mut app, 0, '4', &mut codes);
    vote(&mut app, 2, '1', &mut codes);
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.round_closed(), "{:?}", app.notice());
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Char('d'));
    enter(&mut app);
    press(&mut app, KeyCode::Char('y'));
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.is_sealed(), "{:?}", app.notice());
    drop(app);

    // What is left, and only that, each file its owner's alone.
    let mut left = Vec::new();
    let mut stack = vec![folder.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                left.push(p);
            }
        }
    }
    let mut names: Vec<String> = left
        .iter()
        .map(|p| p.strip_prefix(&folder).unwrap().display().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "signing-key",
            "tally.jury",
            "tally.jury.allowed_signers",
            "tally.jury.sig"
        ]
    );
    #[cfg(unix)]
    for p in &left {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(p).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", p.display());
    }
    // No receipt code, in any spelling, in any file.
    assert_eq!(codes.len(), 3);
    for p in &left {
        let text = String::from_utf8_lossy(&std::fs::read(p).unwrap()).to_lowercase();
        for code in &codes {
            for spelling in [code.to_lowercase(), code.replace('-', "").to_lowercase()] {
                assert!(!text.contains(&spelling), "{code} in {}", p.display());
            }
        }
    }
    // The tally: seats and conflicts on the roll, grades only per project,
    // all published together, sorted by tag, in no other order.
    let entries = lines(&folder.join(TALLY_FILE));
    let closed = entries
        .iter()
        .position(|(_, e)| matches!(e, Entry::RoundClosed { .. }))
        .unwrap();
    let published: Vec<&(String, Entry)> = entries[closed + 1..]
        .iter()
        .take_while(|(_, e)| matches!(e, Entry::GradesPublished { .. }))
        .collect();
    assert_eq!(published.len(), 4);
    for (at, e) in &published {
        assert_eq!(
            at, &entries[closed].0,
            "published in the same write as the close"
        );
        let Entry::GradesPublished { vectors, .. } = e else {
            unreachable!()
        };
        let tags: Vec<&String> = vectors.iter().map(|(t, _)| t).collect();
        let mut sorted = tags.clone();
        sorted.sort();
        assert_eq!(tags, sorted);
    }
    assert!(
        entries
            .iter()
            .all(|(_, e)| !matches!(e, Entry::BallotCast { .. }))
    );

    // Each juror's code finds exactly their grades; another finds nothing.
    let tally = folder.join(TALLY_FILE);
    for (code, key) in codes.iter().zip(['2', '4', '1']) {
        let out = Command::new(env!("CARGO_BIN_EXE_jury"))
            .args(["receipt", tally.to_str().unwrap(), code, "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let graded = found["graded"].as_array().unwrap();
        assert_eq!(graded.len(), 4, "{found}");
        let want = u64::from(key as u8 - b'1');
        for g in graded {
            assert!(
                g["grades"].as_array().unwrap().iter().all(|v| v == want),
                "{code}: {g}"
            );
        }
        assert_eq!(found["seat"], serde_json::Value::Null);
    }
    let wrong = ReceiptCode::random().display();
    let out = Command::new(env!("CARGO_BIN_EXE_jury"))
        .args(["receipt", tally.to_str().unwrap(), &wrong])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

/// The program stopped after a ballot was sealed into the box but before
/// the tally recorded it: that ballot was never confirmed (no receipt was
/// shown), so it is not published; the next ballots are, once each.
#[test]
fn a_ballot_sealed_but_not_recorded_is_never_published() {
    let dir = Scratch::new("secret-crash");
    let path = dir.path().join("t.jury");
    let key = || SessionKey::from_seed(&[9; 32], "secret");
    let b = bundle(false);
    let all = vec![Some(vec![0; CRITERIA]); PROJECTS];
    let mut s = Session::create(&path, b.clone(), key(), &session_seed(1)).unwrap();
    s.cast_ballot(0, &[], &all).unwrap();
    drop(s);
    // As the crash left it: a second ballot in the box, not in the tally.
    let code = ReceiptCode::random();
    let ghost: Vec<Sealed> = (0..PROJECTS)
        .map(|p| Sealed::Graded {
            tag: code.tag("x", 1, &format!("p{p}")),
            grades: GradeRow::from_slice(&[4, 4]),
        })
        .collect();
    BallotBox::open(&path, &key(), 1, PROJECTS, CRITERIA)
        .unwrap()
        .append(1, &ghost)
        .unwrap();
    let (mut s, _) = Session::resume(&path, b.clone(), key()).unwrap();
    for seat in 1..4 {
        s.cast_ballot(seat, &[], &all).unwrap();
    }
    s.close_round(Some("two seats left".into())).unwrap();
    let entries = lines(&path);
    for (_, e) in &entries {
        if let Entry::GradesPublished { vectors, .. } = e {
            assert_eq!(vectors.len(), 4);
            assert!(
                vectors.iter().all(|(_, g)| g.as_slice() == [0, 0]),
                "{vectors:?}"
            );
        }
    }
    let (box_path, key_path) = box_paths(&path);
    assert!(
        !box_path.exists() && !key_path.exists(),
        "the box outlived its round"
    );
    let report = verify_file(
        &path,
        &Expectations {
            bundle: Some(&b),
            ..Expectations::default()
        },
    )
    .unwrap();
    assert_eq!(report.verdict, Verdict::Incomplete, "{}", report.to_text());
}

/// The program stopped in the middle of closing: the close and some of
/// the published lines are on disk (a torn write). Reopening publishes the
/// rest from the box, then destroys it.
#[test]
fn a_close_cut_short_is_finished_when_the_session_reopens() {
    let dir = Scratch::new("secret-close-cut");
    let path = dir.path().join("t.jury");
    let key = || SessionKey::from_seed(&[9; 32], "secret");
    let b = bundle(false);
    let all = vec![Some(vec![1; CRITERIA]); PROJECTS];
    let mut s = Session::create(&path, b.clone(), key(), &session_seed(2)).unwrap();
    for seat in 0..4 {
        s.cast_ballot(seat, &[], &all).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    s.close_round(Some("two seats left".into())).unwrap();
    drop(s);
    // Keep the close and the first two publications, as a cut write would,
    // and put the box back as it was (the crash came before its shredding).
    let after = std::fs::read(&path).unwrap();
    let new: Vec<&[u8]> = after[before.len()..]
        .split_inclusive(|&b| b == b'\n')
        .collect();
    assert_eq!(new.len(), 5);
    let mut cut = before.clone();
    for line in &new[..3] {
        cut.extend_from_slice(line);
    }
    std::fs::write(&path, &cut).unwrap();
    // Rebuild the round's box: the four ballots again (the codes are lost
    // with the crash; the grades are what the tally must publish).
    let code = ReceiptCode::random();
    let mut bx = BallotBox::open(&path, &key(), 1, PROJECTS, CRITERIA).unwrap();
    for cast in 0..4 {
        let sealed: Vec<Sealed> = (0..PROJECTS)
            .map(|p| Sealed::Graded {
                tag: code.tag("s", cast as u32, &format!("p{p}")),
                grades: GradeRow::from_slice(&[1, 1]),
            })
            .collect();
        bx.append(cast, &sealed).unwrap();
    }
    let (s, _) = Session::resume(&path, b.clone(), key()).unwrap();
    assert!(s.state().to_publish.is_empty());
    let published = lines(&path)
        .iter()
        .filter(|(_, e)| matches!(e, Entry::GradesPublished { .. }))
        .count();
    assert_eq!(published, PROJECTS);
    let (box_path, key_path) = box_paths(&path);
    assert!(!box_path.exists() && !key_path.exists());
}

/// `jury verify` recounts a secret tally against its roll: each of these
/// correctly signed tallies breaks one count or rule, and fails at step 6
/// (ballots) on that line.
#[test]
fn verify_checks_every_published_count_against_the_roll() {
    let dir = Scratch::new("secret-verify");
    let (path, _) = random_session(dir.path(), 7, false);
    let entries: Vec<Entry> = lines(&path).into_iter().map(|(_, e)| e).collect();
    let key = SessionKey::from_seed(&[9; 32], "secret");
    let b = bundle(false);
    let check = |bytes: &[u8]| {
        let expect = Expectations {
            bundle: Some(&b),
            ..Expectations::default()
        };
        verify_bytes("t.jury", bytes, &expect, None)
    };
    let first_step = |bytes: &[u8]| {
        let report = check(bytes);
        let step = report
            .first_failure()
            .map(|s| (s.id.to_string(), s.outcome.clone()));
        match step {
            Some((id, Outcome::Fail { line, reason })) => (id, line, reason),
            other => panic!("no failure: {other:?}\n{}", report.to_text()),
        }
    };
    assert_eq!(
        check(&rebuild(&entries, &key, |_, _| {})).verdict,
        Verdict::Valid
    );
    let publication = entries
        .iter()
        .position(|e| matches!(e, Entry::GradesPublished { .. }))
        .unwrap();
    let line = publication + 1;
    type Edit = Box<dyn Fn(usize, &mut Entry)>;
    let at = move |f: fn(&mut Vec<(String, GradeRow)>)| -> Edit {
        Box::new(move |i, e| {
            if i == publication
                && let Entry::GradesPublished { vectors, .. } = e
            {
                f(vectors);
            }
        })
    };
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "one vector too many",
            at(|v| v.push(("ffffffffffffffff".into(), GradeRow::from_slice(&[0, 0])))),
            "grade vectors published",
        ),
        (
            "one vector missing",
            at(|v| drop(v.pop())),
            "grade vectors published",
        ),
        (
            "tags out of order",
            at(|v| v.reverse()),
            "strictly increasing",
        ),
        (
            "a tag that is not 16 hex digits",
            at(|v| v[0].0 = "XYZ".into()),
            "lowercase hex",
        ),
        (
            "a grade off the scale",
            at(|v| v[0].1 = GradeRow::from_slice(&[9, 0])),
            "not on the scale",
        ),
        (
            "the projects out of the round's order",
            Box::new(move |i, e| {
                if i == publication
                    && let Entry::GradesPublished { project, .. } = e
                {
                    *project = "p3".into();
                }
            }),
            "was expected",
        ),
    ];
    for (name, edit, words) in cases {
        let (step, at_line, reason) = first_step(&rebuild(&entries, &key, edit));
        assert_eq!(
            (step.as_str(), at_line),
            ("ballots", Some(line)),
            "{name}: {reason}"
        );
        assert!(reason.contains(words), "{name}: {reason}");
    }
    // A seat's grades in clear, in a secret tally.
    let cast = entries
        .iter()
        .position(|e| matches!(e, Entry::SecretBallotCast { .. }))
        .unwrap();
    let bytes = rebuild(&entries, &key, move |i, e| {
        if i == cast
            && let Entry::SecretBallotCast { seat, round, .. } = e
        {
            *e = Entry::BallotCast {
                seat: seat.clone(),
                round: *round,
                order: vec![],
                conflicts: vec![],
                grades: vec![],
            };
        }
    });
    let (step, at_line, reason) = first_step(&bytes);
    assert_eq!(
        (step.as_str(), at_line),
        ("ballots", Some(cast + 1)),
        "{reason}"
    );
    assert!(reason.contains("secret"), "{reason}");

    // A conflict project graded: its vectors count one more than its graders.
    let conflicted = entries.iter().find_map(|e| match e {
        Entry::SecretBallotCast {
            conflicts,
            round: 1,
            ..
        } => conflicts.first().cloned(),
        _ => None,
    });
    if let Some(project) = conflicted {
        let i = entries
            .iter()
            .position(|e| matches!(e, Entry::GradesPublished { project: p, round: 1, .. } if *p == project))
            .unwrap();
        let bytes = rebuild(&entries, &key, move |j, e| {
            if j == i
                && let Entry::GradesPublished { vectors, .. } = e
            {
                vectors.push(("ffffffffffffffff".into(), GradeRow::from_slice(&[0, 0])));
            }
        });
        let (step, at_line, _) = first_step(&bytes);
        assert_eq!((step.as_str(), at_line), ("ballots", Some(i + 1)));
    }
}
