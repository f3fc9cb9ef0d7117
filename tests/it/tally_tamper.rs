//! The tamper corpus: one change at a time to a sealed rehearsal tally, each
//! caught at the expected step and line; the untouched file passes.

use crate::common;

use crate::common::Scratch;
use jury::bundle::{BundleFile, parse};

/// The tamper corpus is of the open-ballot format (1); secret tallies
/// (format 2) have theirs in tests/it/secret_ballot.rs.
fn demo() -> BundleFile {
    common::demo_open()
}
use jury::session::{Session, SessionSeed};
use jury::signing::SessionKey;
use jury::simulate::{Rehearsal, rehearse, session_seed};
use jury::tally::{Entry, build_line, line_hash};
use jury::verify::{Expectations, Outcome, Report, StepId, Verdict, verify_bytes};

const AT: &str = "2026-11-22T09:30:00Z";

fn key() -> SessionKey {
    SessionKey::from_seed(&[3; 32], "tamper")
}

/// A sealed demo tally: genesis, J01 ballot, J02 absent… (rehearsal seed 5).
fn sealed(dir: &Scratch, at: &str) -> (Vec<u8>, String) {
    jury::tally::freeze_clock_for_tests(at);
    let path = dir.path().join("t.jury");
    let mut session = Session::create(&path, demo(), key(), &session_seed(5)).unwrap();
    let options = Rehearsal {
        seed: 5,
        absent: 1,
        conflicts: 0.0,
    };
    rehearse(&mut session, options).unwrap();
    let sig = std::fs::read_to_string(dir.path().join("t.jury.sig")).unwrap();
    (std::fs::read(&path).unwrap(), sig)
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

fn join(lines: &[Vec<u8>]) -> Vec<u8> {
    lines
        .iter()
        .flat_map(|l| l.iter().copied().chain([b'\n']))
        .collect()
}

fn check(
    bytes: &[u8],
    bundle: &BundleFile,
    signer: Option<&ssh_key::PublicKey>,
    sig: Option<&str>,
) -> Report {
    let expect = Expectations {
        bundle: Some(bundle),
        signer,
        signature: None,
    };
    verify_bytes(
        "t.jury",
        bytes,
        &expect,
        sig.map(|s| ("t.jury.sig".to_owned(), s)),
    )
}

/// The step that failed first, and its line.
fn failure(report: &Report) -> (String, Option<usize>) {
    let step = report.first_failure().expect("a failing step");
    match &step.outcome {
        Outcome::Fail { line, .. } => (step.id.to_string(), *line),
        _ => unreachable!(),
    }
}

fn flip_hex(b: u8) -> u8 {
    if b == b'0' { b'1' } else { b'0' }
}

#[test]
fn every_tampering_is_caught_at_its_step_and_line() {
    let dir = Scratch::new("tamper");
    let (bytes, sig) = sealed(&dir, AT);
    let bundle = demo();
    let untouched = check(&bytes, &bundle, None, Some(&sig));
    assert_eq!(untouched.verdict, Verdict::Valid, "{}", untouched.to_text());
    let original = lines(&bytes);
    assert_eq!(original.len(), 7, "genesis, 3 seats, close, decision, seal");
    let ballot = original
        .iter()
        .position(|l| l.windows(10).any(|w| w == b"BallotCast"))
        .unwrap();

    type Tamper = Box<dyn Fn(&mut Vec<Vec<u8>>)>;
    let cases: Vec<(&str, Tamper, &str, Option<usize>)> = vec![
        (
            "a grade",
            Box::new(move |l| {
                let g = l[ballot]
                    .windows(10)
                    .position(|w| w == b"grades:[(\"")
                    .unwrap();
                let i = l[ballot][g..].windows(2).position(|w| w == b",[").unwrap() + g + 2;
                l[ballot][i] = if l[ballot][i] == b'0' { b'1' } else { b'0' };
            }),
            "signatures",
            Some(ballot + 1),
        ),
        (
            "a hash",
            Box::new(|l| {
                let i = l[3].windows(6).position(|w| w == b"prev:\"").unwrap() + 10;
                l[3][i] = flip_hex(l[3][i]);
            }),
            "chain",
            Some(4),
        ),
        (
            "a signature",
            Box::new(|l| {
                let n = l[4].len() - 5;
                l[4][n] = flip_hex(l[4][n]);
            }),
            "signatures",
            Some(5),
        ),
        (
            "deleted line",
            Box::new(|l| {
                l.remove(2);
            }),
            "sequence",
            Some(3),
        ),
        (
            "duplicated line",
            Box::new(|l| {
                let x = l[2].clone();
                l.insert(3, x);
            }),
            "sequence",
            Some(4),
        ),
        (
            "reordered lines",
            Box::new(|l| l.swap(2, 3)),
            "sequence",
            Some(3),
        ),
        // A copy of line 2 after the seal: its `seq` (1) is the first check
        // it fails at line 8 (step 2 before step 7; this said "seal" before
        // issue 10 fixed which step a line reports).
        (
            "appended after the seal",
            Box::new(|l| {
                let x = l[1].clone();
                l.push(x);
            }),
            "sequence",
            Some(8),
        ),
        (
            "another key in genesis",
            Box::new(|l| {
                let other = SessionKey::from_seed(&[9; 32], "tamper").public_line();
                let text = String::from_utf8(l[0].clone()).unwrap();
                let start = text.find("ssh-ed25519 ").unwrap();
                let end = start + text[start..].find('"').unwrap();
                l[0] = format!("{}{}{}", &text[..start], other, &text[end..]).into_bytes();
            }),
            "signatures",
            Some(1),
        ),
    ];
    for (what, tamper, step, line) in cases {
        let mut l = original.clone();
        tamper(&mut l);
        let report = check(&join(&l), &bundle, None, None);
        assert_eq!(
            report.verdict,
            Verdict::Invalid,
            "{what}: {}",
            report.to_text()
        );
        assert_eq!(
            failure(&report),
            (step.to_owned(), line),
            "{what}: {}",
            report.to_text()
        );
    }

    // A failure before the seal leaves the seal and results "not reached"
    // (not "no seal": the seal is there, the check stopped before it).
    let mut l = original.clone();
    let n = l[4].len() - 5;
    l[4][n] = flip_hex(l[4][n]);
    let report = check(&join(&l), &bundle, None, None);
    for step in [StepId::Ballots, StepId::Seal, StepId::Results] {
        assert!(
            matches!(&report.step(step).outcome, Outcome::Skipped { reason } if reason.contains("not reached")),
            "{step}: {}",
            report.to_text()
        );
    }

    // Truncated before the seal: incomplete, not invalid; still exit 1.
    let report = check(&join(&original[..6]), &bundle, None, None);
    assert_eq!(report.verdict, Verdict::Incomplete, "{}", report.to_text());
    assert_eq!(jury::cli::Exit::from(report.verdict).code(), 1);
    assert_eq!(failure(&report), ("seal".to_owned(), None));

    // The wrong bundle.
    let other = parse(
        "other.ron",
        common::open_ballots(jury::bundle::DEMO_SOURCE)
            .replace("max_laureates: 2", "max_laureates: 3")
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(
        failure(&check(&bytes, &other, None, None)),
        ("bundle".to_owned(), Some(1))
    );

    // The wrong expected signer.
    let stranger = SessionKey::from_seed(&[8; 32], "x");
    assert_eq!(
        failure(&check(&bytes, &bundle, Some(stranger.public()), None)),
        ("signatures".to_owned(), Some(1))
    );
    assert_eq!(
        check(&bytes, &bundle, Some(key().public()), None).verdict,
        Verdict::Valid
    );

    // A detached signature from another session does not match this file.
    let dir2 = Scratch::new("tamper-other");
    let (_, other_sig) = sealed(&dir2, "2026-11-22T10:00:00Z");
    assert_eq!(
        failure(&check(&bytes, &bundle, None, Some(&other_sig))),
        ("detached".to_owned(), None)
    );
}

/// Lines that are signed by the session's key but break the rules.
#[test]
fn validly_signed_entries_that_break_the_rules_are_caught() {
    let dir = Scratch::new("rules");
    jury::tally::freeze_clock_for_tests(AT);
    let path = dir.path().join("t.jury");
    let seed = SessionSeed {
        session_id: [1; 16],
        seed: [2; 32],
    };
    let mut session = Session::create(&path, demo(), key(), &seed).unwrap();
    let grades: Vec<Option<Vec<u8>>> = vec![Some(vec![1; 5]); 4];
    session.cast_ballot(0, &[], &grades).unwrap();
    let order = session.state().order_for(&demo().bundle, 0);
    drop(session);
    let prefix = std::fs::read(&path).unwrap();
    let last = lines(&prefix).last().unwrap().clone();
    let ids: Vec<String> = order
        .iter()
        .map(|&p| demo().bundle.projects[p].id.clone())
        .collect();
    let forged = |seat: &str| {
        let entry = Entry::BallotCast {
            seat: seat.to_owned(),
            round: 1,
            order: ids.clone(),
            conflicts: vec![],
            grades: ids
                .iter()
                .map(|id| (id.clone(), [0; 5][..].into()))
                .collect(),
        };
        let line = build_line(2, &line_hash(&last), AT, &entry, key().entry_signer());
        let mut bytes = prefix.clone();
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
        bytes
    };
    let bundle = demo();
    let unknown = check(&forged("J99"), &bundle, None, None);
    assert_eq!(
        failure(&unknown),
        ("ballots".to_owned(), Some(3)),
        "{}",
        unknown.to_text()
    );
    assert!(unknown.to_text().contains("unknown seat \"J99\""));
    let twice = check(&forged("J01"), &bundle, None, None);
    assert_eq!(
        failure(&twice),
        ("ballots".to_owned(), Some(3)),
        "{}",
        twice.to_text()
    );
    assert!(twice.to_text().contains("already voted"));
}

#[test]
fn a_torn_last_line_is_reported_after_checking_the_lines_before_it() {
    let dir = Scratch::new("torn-verify");
    let (bytes, _) = sealed(&dir, AT);
    let original = lines(&bytes);
    let mut torn = join(&original[..4]);
    torn.extend_from_slice(&original[4][..40]);
    let report = check(&torn, &demo(), None, None);
    assert_eq!(
        failure(&report),
        ("syntax".to_owned(), Some(5)),
        "{}",
        report.to_text()
    );
    assert_eq!(report.entries, 4, "the four complete lines were checked");
    // A damaged earlier line is still what is reported first.
    let mut damaged = torn.clone();
    damaged[10] ^= 1;
    assert_eq!(failure(&check(&damaged, &demo(), None, None)).1, Some(1));
    // Empty file.
    assert_eq!(
        failure(&check(b"", &demo(), None, None)),
        ("syntax".to_owned(), None)
    );
}
