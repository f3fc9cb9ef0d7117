//! The secret ballot (docs/SECRECY.md): once a round closes, the session
//! folder holds only the published files, and the tally only the roll and
//! counts; a crash loses nothing confirmed; `jury verify` checks every
//! published count against the roll. The linking adversary is in
//! `tests/it/secret_adversary.rs`.

use std::path::Path;

use crate::common::*;
use crossterm::event::KeyCode;
use jury::bundle::{BundleFile, parse};
use jury::i18n::Language;
use jury::session::{BallotBox, Sealed, Session, box_paths};
use jury::signing::SessionKey;
use jury::simulate::session_seed;
use jury::tally::{Entry, GradeRow, parse_line};
use jury::tui::{Mode, TALLY_FILE};
use jury::verify::{Expectations, Outcome, Verdict, verify_bytes, verify_file};

const SEATS: usize = 6;
const PROJECTS: usize = 4;
const CRITERIA: usize = 2;

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

/// A whole session through the kiosk, then the session folder as a thief
/// (without the passphrase) finds it: only the published files, private,
/// with no draft, ballot box or key for it in them.
#[test]
fn after_sealing_the_folder_holds_nothing_that_links_or_opens_a_ballot() {
    let dir = Scratch::new("secret-folder");
    let mut app = app(dir.path(), Language::En);
    open_session(&mut app);
    let folder = dir.path().join("session");
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
    let vote = |app: &mut jury::tui::App, seat: usize, key: char| {
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
        // Saved, and no receipt code: nothing to prove a vote with.
        assert_eq!(
            app.mode(),
            &Mode::Receipt { code: None },
            "{:?}",
            app.notice()
        );
        // The box is sealed: the grades are not in clear anywhere.
        let (box_path, _) = box_paths(&folder.join(TALLY_FILE));
        assert!(box_path.exists());
        enter(app);
        press(app, KeyCode::Enter); // the locked screen asks for the passphrase
        type_text(app, PASSPHRASE);
        enter(app);
    };
    vote(&mut app, 1, '2');
    vote(&mut app, 0, '4');
    vote(&mut app, 2, '1');
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
    // The tally: seats and conflicts on the roll, grades only as counts,
    // published in the same write as the close.
    let entries = lines(&folder.join(TALLY_FILE));
    let closed = entries
        .iter()
        .position(|(_, e)| matches!(e, Entry::RoundClosed { .. }))
        .unwrap();
    let (at, published) = &entries[closed + 1];
    assert_eq!(
        at, &entries[closed].0,
        "published in the same write as the close"
    );
    let Entry::CountsPublished { counts, .. } = published else {
        panic!("{published:?} after the close")
    };
    // The demo: three ballots, grades 2, 4 and 1 (indices 1, 3 and 0) on
    // every criterion.
    assert_eq!(counts.len(), 4);
    for (_, rows) in counts {
        for row in rows {
            assert_eq!(row.as_slice(), &[1, 1, 0, 1, 0, 0, 0]);
        }
    }
    assert!(
        entries
            .iter()
            .all(|(_, e)| !matches!(e, Entry::BallotCast { .. } | Entry::GradesPublished { .. }))
    );
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
    let ghost: Vec<Sealed> = (0..PROJECTS)
        .map(|_| Sealed::Graded {
            tag: "0".repeat(16),
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
    let counts = entries.iter().find_map(|(_, e)| match e {
        Entry::CountsPublished { counts, .. } => Some(counts.clone()),
        _ => None,
    });
    let counts = counts.expect("the round's counts");
    assert_eq!(counts.len(), PROJECTS);
    for (_, rows) in &counts {
        for row in rows {
            // Four ballots, all the best grade: the ghost is not counted.
            assert_eq!(row.as_slice(), &[4, 0, 0, 0, 0], "{counts:?}");
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

/// The program stopped in the middle of closing: the close is on disk, not
/// its counts (a torn write). Reopening publishes them from the box, then
/// destroys it.
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
    // Keep the close, as a cut write would, and put the box back as it
    // was (the crash came before its shredding).
    let after = std::fs::read(&path).unwrap();
    let new: Vec<&[u8]> = after[before.len()..]
        .split_inclusive(|&b| b == b'\n')
        .collect();
    assert_eq!(new.len(), 2, "the close and its counts");
    let published = lines(&path).pop().unwrap().1;
    let mut cut = before.clone();
    cut.extend_from_slice(new[0]);
    std::fs::write(&path, &cut).unwrap();
    let mut bx = BallotBox::open(&path, &key(), 1, PROJECTS, CRITERIA).unwrap();
    for cast in 0..4 {
        let sealed: Vec<Sealed> = (0..PROJECTS)
            .map(|_| Sealed::Graded {
                tag: "0".repeat(16),
                grades: GradeRow::from_slice(&[1, 1]),
            })
            .collect();
        bx.append(cast, &sealed).unwrap();
    }
    let (s, _) = Session::resume(&path, b.clone(), key()).unwrap();
    assert!(!s.state().counts_pending);
    let after = lines(&path);
    assert_eq!(after.len(), 7, "the counts, once");
    assert_eq!(after.last().unwrap().1, published);
    let (box_path, key_path) = box_paths(&path);
    assert!(!box_path.exists() && !key_path.exists());
}

/// `jury verify` recounts a secret tally against its roll (the
/// conformance vectors hold every rule; here, a project with a conflict of
/// interest on it): counts that add up to the ballots cast, ignoring the
/// conflict, fail at step 6 on the counts' line.
#[test]
fn verify_checks_every_published_count_against_the_roll() {
    let dir = Scratch::new("secret-verify");
    let path = dir.path().join("t.jury");
    let key = SessionKey::from_seed(&[9; 32], "secret");
    let b = bundle(false);
    let all = vec![Some(vec![2; CRITERIA]); PROJECTS];
    let mut s = Session::create(
        &path,
        b.clone(),
        SessionKey::from_seed(&[9; 32], "secret"),
        &session_seed(3),
    )
    .unwrap();
    s.cast_ballot(0, &[1], &all).unwrap();
    for seat in 1..SEATS {
        s.cast_ballot(seat, &[], &all).unwrap();
    }
    s.close_round(None).unwrap();
    drop(s);
    let entries: Vec<Entry> = lines(&path).into_iter().map(|(_, e)| e).collect();
    let counts = entries.len() - 1;
    let check = |bytes: &[u8]| {
        let expect = Expectations {
            bundle: Some(&b),
            ..Expectations::default()
        };
        verify_bytes("t.jury", bytes, &expect, None)
    };
    assert_eq!(
        check(&rebuild(&entries, &key, |_, _| {})).verdict,
        Verdict::Incomplete
    );
    // p1: five graders (J1 recused); counted as if six.
    let bytes = rebuild(&entries, &key, |i, e| {
        if i == counts
            && let Entry::CountsPublished { counts, .. } = e
        {
            counts[1].1[0][2] += 1;
        }
    });
    let report = check(&bytes);
    match report
        .first_failure()
        .map(|s| (s.id.to_string(), s.outcome.clone()))
    {
        Some((step, Outcome::Fail { line, reason })) => {
            assert_eq!(
                (step.as_str(), line),
                ("ballots", Some(counts + 1)),
                "{reason}"
            );
            assert!(
                reason.contains("\"p1\"") && reason.contains("5 juror(s)"),
                "{reason}"
            );
        }
        other => panic!("{other:?}\n{}", report.to_text()),
    }
}
