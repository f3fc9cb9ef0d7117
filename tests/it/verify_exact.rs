//! Issue 10: `jury verify` gives exactly the documented verdict, step and
//! line. Every tally here is correctly chained and signed (rebuilt with
//! `rebuild`), so the only thing wrong is the thing under test.

use crate::common;

use std::process::Command;

use crate::common::Scratch;
use jury::bundle::{BundleFile, parse};

/// These checks are of the open-ballot format (1), whose ballot lines carry
/// their grades; the secret format (2) has its own, tests/it/secret_ballot.rs.
fn demo() -> BundleFile {
    common::demo_open()
}

fn demo_source() -> String {
    common::open_ballots(jury::bundle::DEMO_SOURCE)
}
use jury::digest::Digest;
use jury::session::Session;
use jury::signing::{SessionKey, fingerprint};
use jury::simulate::{Rehearsal, rehearse, session_seed};
use jury::tally::{Entry, line_hash, parse_line};
use jury::verify::{Expectations, Outcome, Report, Verdict, verify_bytes};

const AT: &str = "2026-11-22T09:30:00Z";

fn key() -> SessionKey {
    SessionKey::from_seed(&[3; 32], "exact")
}

fn stranger() -> SessionKey {
    SessionKey::from_seed(&[8; 32], "stranger")
}

/// The entries of a sealed demo rehearsal (seed 5, one seat absent).
fn rehearsal_entries() -> Vec<Entry> {
    jury::tally::freeze_clock_for_tests(AT);
    let dir = Scratch::new("exact");
    let path = dir.path().join("t.jury");
    let mut session = Session::create(&path, demo(), key(), &session_seed(5)).unwrap();
    let options = Rehearsal {
        seed: 5,
        absent: 1,
        conflicts: 0.0,
    };
    rehearse(&mut session, options).unwrap();
    drop(session);
    let bytes = std::fs::read(&path).unwrap();
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| parse_line(l).unwrap().record.entry.into_owned())
        .collect()
}

use crate::common::rebuild;

/// As `rebuild`, with the unsigned part of line `index` (everything before
/// `,sig:"`) respelled by `respell`, then signed: a line whose only fault is
/// its spelling.
fn respelled(
    entries: &[Entry],
    key: &SessionKey,
    index: usize,
    respell: impl Fn(&str) -> String,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut prev = Digest([0; 32]);
    let good = rebuild(entries, key, |_, _| {});
    for (i, line) in String::from_utf8(good).unwrap().lines().enumerate() {
        let mut line = line.to_owned();
        // Re-chained: a respelled line changes every hash after it.
        let body = &line[..line.len() - 136];
        let body = match i {
            0 => body.to_owned(),
            _ => {
                let at = body.find(",prev:\"").unwrap() + 7;
                format!("{}{}{}", &body[..at], prev.hex(), &body[at + 64..])
            }
        };
        let body = if i == index { respell(&body) } else { body };
        let signature = key
            .entry_signer()
            .sign(&[jury::tally::SIGNATURE_DOMAIN, body.as_bytes()].concat());
        line = format!("{body},sig:\"{}\")", jury::digest::to_hex(&signature));
        prev = line_hash(line.as_bytes());
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out
}

/// The demo bundle, pinning `signer`.
fn pinned_source(signer: &SessionKey) -> String {
    let source = demo_source();
    let body = source.trim_end().strip_suffix(')').unwrap();
    format!("{body}    signer: {:?},\n)\n", signer.public_line())
}

fn check(bytes: &[u8], bundle: &BundleFile) -> Report {
    let expect = Expectations {
        bundle: Some(bundle),
        signer: None,
        signature: None,
    };
    verify_bytes("t.jury", bytes, &expect, None)
}

/// The step that failed first, and its line.
fn failure(report: &Report) -> (String, Option<usize>) {
    let step = report.first_failure().expect("a failing step");
    match &step.outcome {
        Outcome::Fail { line, .. } => (step.id.to_string(), *line),
        _ => unreachable!(),
    }
}

fn jury(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jury"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn rebuilt_rehearsal_is_valid() {
    let bytes = rebuild(&rehearsal_entries(), &key(), |_, _| {});
    let report = check(&bytes, &demo());
    assert_eq!(report.verdict, Verdict::Valid, "{}", report.to_text());
}

/// Item 1: a bundle that pins S, a tally correctly made and signed by K.
#[test]
fn the_bundles_pinned_signer_is_enforced() {
    let source = pinned_source(&stranger());
    let pinned = parse("pinned.ron", source.as_bytes()).unwrap();
    let digest = pinned.sha256.hex();
    let with_digest = |i: usize, e: &mut Entry| {
        if let (0, Entry::SessionOpened { bundle_sha256, .. }) = (i, e) {
            *bundle_sha256 = digest.clone();
        }
    };
    let entries = rehearsal_entries();
    let by_other = rebuild(&entries, &key(), with_digest);
    let report = check(&by_other, &pinned);
    assert_eq!(report.verdict, Verdict::Invalid, "{}", report.to_text());
    assert_eq!(failure(&report), ("signatures".to_owned(), Some(1)));
    let text = report.to_text();
    assert!(text.contains(&fingerprint(key().public())), "{text}");
    assert!(text.contains(&fingerprint(stranger().public())), "{text}");
    // Signed by the pinned key: valid.
    let by_pinned = rebuild(&entries, &stranger(), with_digest);
    let report = check(&by_pinned, &pinned);
    assert_eq!(report.verdict, Verdict::Valid, "{}", report.to_text());

    // The commands, exit 1; `results` prints no minutes.
    let dir = Scratch::new("pinned");
    std::fs::write(dir.path().join("p.ron"), &source).unwrap();
    std::fs::write(dir.path().join("t.jury"), &by_other).unwrap();
    let out = jury(&["verify", "t.jury", "--bundle", "p.ron"], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(&fingerprint(stranger().public())),
        "{stdout}"
    );
    let out = jury(&["results", "t.jury", "--bundle", "p.ron"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

/// Item 2: one byte form per entry. Each spelling is signed and chained,
/// and read by `ron` as an entry; step 1 refuses it at its line and column,
/// and so does the kiosk when it reopens the session.
#[test]
fn only_the_writers_spelling_is_read() {
    let entries = rehearsal_entries();
    let closed = entries
        .iter()
        .position(|e| matches!(e, Entry::RoundClosed { .. }))
        .unwrap();
    // Respelled on the RoundClosed line (its reason is None).
    type Respell = Box<dyn Fn(&str) -> String>;
    let cases: Vec<(&str, Respell)> = vec![
        (
            "a space",
            Box::new(|b| b.replacen("(round:1,", "(round:1, ", 1)),
        ),
        (
            "round:01",
            Box::new(|b| b.replacen("(round:1,", "(round:01,", 1)),
        ),
        (
            "trailing comma",
            Box::new(|b| b.replacen("reason:None)", "reason:None,)", 1)),
        ),
        (
            "raw string",
            Box::new(|b| {
                b.replacen(
                    "at:\"2026-11-22T09:30:00Z\"",
                    "at:r#\"2026-11-22T09:30:00Z\"#",
                    1,
                )
            }),
        ),
        (
            "omitted reason",
            Box::new(|b| b.replacen(",reason:None)", ")", 1)),
        ),
        (
            "unknown field",
            Box::new(|b| b.replacen("reason:None)", "reason:None,extra:1)", 1)),
        ),
        (
            "another order",
            Box::new(|b| {
                let seq_end = b.find(",prev:").unwrap();
                let prev_end = b.find(",at:").unwrap();
                format!(
                    "({},{}{}",
                    &b[seq_end + 1..prev_end],
                    &b[1..seq_end],
                    &b[prev_end..]
                )
            }),
        ),
        (
            "escaped character",
            Box::new(|b| b.replacen("T09:30", "T\\u{30}9:30", 1)),
        ),
    ];
    let bundle = demo();
    for (what, respell) in cases {
        let bytes = respelled(&entries, &key(), closed, respell);
        let line = String::from_utf8_lossy(&bytes)
            .lines()
            .nth(closed)
            .unwrap()
            .to_owned();
        assert!(
            ron::from_str::<jury::tally::Record>(&line).is_ok() || what == "unknown field",
            "{what}: ron reads {line}"
        );
        let report = check(&bytes, &bundle);
        assert_eq!(
            failure(&report),
            ("syntax".to_owned(), Some(closed + 1)),
            "{what}: {}",
            report.to_text()
        );
        let text = report.to_text();
        assert!(
            text.contains(&format!("FAIL line {}: column ", closed + 1)),
            "{what}: {text}"
        );

        // The kiosk reopens a tally through the same reader: refused.
        let dir = Scratch::new("respelled");
        let path = dir.path().join("t.jury");
        std::fs::write(&path, &bytes).unwrap(); // the respelled line is not the last
        let resumed = Session::resume(&path, demo(), key());
        let err = resumed.err().expect(what).to_string();
        assert!(
            err.contains(&format!(":{}:", closed + 1)) && err.contains("column"),
            "{what}: {err}"
        );
    }
}

/// Item 3: a seal that is present but wrong is INVALID at its step and line,
/// never "incomplete"; every step after the failure reads "not reached".
#[test]
fn a_wrong_seal_is_invalid_at_its_step_and_line() {
    let entries = rehearsal_entries();
    let position = |kind: &str| entries.iter().position(|e| e.kind() == kind).unwrap();
    let (closed, decided, sealed) = (
        position("RoundClosed"),
        position("DecisionRecorded"),
        position("SessionSealed"),
    );
    let without = |drop: &[usize]| -> Vec<Entry> {
        entries
            .iter()
            .enumerate()
            .filter(|(i, _)| !drop.contains(i))
            .map(|(_, e)| e.clone())
            .collect()
    };
    type Edit = Box<dyn Fn(usize, &mut Entry)>;
    let seal_edit = |f: fn(&mut u64, &mut String, &mut String)| -> Edit {
        Box::new(move |_, e| {
            if let Entry::SessionSealed {
                count,
                head,
                results,
            } = e
            {
                f(count, head, results);
            }
        })
    };
    let cases: Vec<(&str, Vec<Entry>, Edit, &str, usize)> = vec![
        (
            "wrong count",
            entries.clone(),
            seal_edit(|c, _, _| *c += 1),
            "seal",
            sealed + 1,
        ),
        (
            "wrong head",
            entries.clone(),
            seal_edit(|_, h, _| *h = "ab".repeat(32)),
            "seal",
            sealed + 1,
        ),
        (
            "head in uppercase hex",
            entries.clone(),
            seal_edit(|_, h, _| *h = h.to_uppercase()),
            "seal",
            sealed + 1,
        ),
        (
            "wrong count and wrong results: the lower step",
            entries.clone(),
            seal_edit(|c, _, r| {
                *c += 1;
                *r = "00".repeat(32);
            }),
            "seal",
            sealed + 1,
        ),
        (
            "wrong results",
            entries.clone(),
            seal_edit(|_, _, r| *r = "00".repeat(32)),
            "results",
            sealed + 1,
        ),
        (
            "no decision before it",
            without(&[decided]),
            Box::new(|_, _| {}),
            "seal",
            sealed,
        ),
        (
            "a round still open",
            without(&[closed, decided]),
            Box::new(|_, _| {}),
            "seal",
            sealed - 1,
        ),
    ];
    for (what, entries, edit, step, line) in cases {
        let bytes = rebuild(&entries, &key(), edit);
        let report = check(&bytes, &demo());
        let text = report.to_text();
        assert_eq!(report.verdict, Verdict::Invalid, "{what}: {text}");
        assert_eq!(jury::cli::Exit::from(report.verdict).code(), 1);
        assert_eq!(
            failure(&report),
            (step.to_owned(), Some(line)),
            "{what}: {text}"
        );
        assert!(
            !text.contains("INCOMPLETE") && !text.contains("not sealed"),
            "{what}: {text}"
        );
        // No step after the failing one says "ok".
        let failed_at = report.first_failure().unwrap().number;
        for s in &report.steps[failed_at..] {
            assert!(
                matches!(&s.outcome, Outcome::Skipped { reason } if reason.starts_with("not reached")),
                "{what}: step {}: {text}",
                s.number
            );
        }
    }

    // Incomplete: no seal line at all, and everything present checks.
    let bytes = rebuild(&without(&[sealed]), &key(), |_, _| {});
    let report = check(&bytes, &demo());
    assert_eq!(report.verdict, Verdict::Incomplete, "{}", report.to_text());
    assert_eq!(jury::cli::Exit::from(report.verdict).code(), 1);
    assert_eq!(failure(&report), ("seal".to_owned(), None));
    for s in &report.steps[7..] {
        assert!(
            matches!(&s.outcome, Outcome::Skipped { reason } if reason.starts_with("not reached")),
            "{}",
            report.to_text()
        );
    }
    // A line that breaks a rule before the seal: invalid, not incomplete.
    let bytes = rebuild(&without(&[closed, sealed]), &key(), |_, _| {});
    let report = check(&bytes, &demo());
    assert_eq!(report.verdict, Verdict::Invalid, "{}", report.to_text());
    assert_eq!(failure(&report), ("ballots".to_owned(), Some(closed + 1)));
}

/// Item 4: "non-blank" means at least one character that is not Unicode
/// White_Space, in the rules (so `jury verify`) and in the kiosk alike.
#[test]
fn a_reason_of_unicode_spaces_is_blank_everywhere() {
    use jury::session::is_blank;
    for blank in [
        "",
        " ",
        "\t\n",
        "\u{a0}\u{3000}",
        "\u{2002}\u{202f}\u{205f}",
    ] {
        assert!(is_blank(blank), "{blank:?}");
    }
    for text in ["x", "\u{a0}x\u{3000}", "\u{200b}", "-"] {
        assert!(!is_blank(text), "{text:?}");
    }
    // The verifier: a round closed early with such a reason breaks a rule.
    let entries = rehearsal_entries();
    let absent = entries
        .iter()
        .position(|e| matches!(e, Entry::JurorAbsent { .. }))
        .unwrap();
    let closed = entries
        .iter()
        .position(|e| matches!(e, Entry::RoundClosed { .. }))
        .unwrap();
    let early: Vec<Entry> = entries[..=closed]
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != absent)
        .map(|(_, e)| e.clone())
        .collect();
    let with_reason = |reason: &'static str| {
        rebuild(&early, &key(), move |_, e| {
            if let Entry::RoundClosed { reason: r, .. } = e {
                *r = Some(reason.to_owned());
            }
        })
    };
    let report = check(&with_reason("\u{a0}\u{3000}"), &demo());
    assert_eq!(
        failure(&report),
        ("ballots".to_owned(), Some(closed)),
        "{}",
        report.to_text()
    );
    let report = check(&with_reason("\u{a0}malade\u{3000}"), &demo());
    assert_eq!(report.verdict, Verdict::Incomplete, "{}", report.to_text());
}

/// Item 5: whatever cannot be read, the message names the kind of file the
/// command expected there.
#[test]
fn every_unreadable_input_names_the_kind_of_file_expected() {
    let dir = Scratch::new("kinds");
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    std::fs::write(dir.path().join("b.ron"), demo_source()).unwrap();
    std::fs::write(
        dir.path().join("t.jury"),
        rebuild(&rehearsal_entries(), &key(), |_, _| {}),
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.pub"), "# nothing\n").unwrap();
    let tally = "a tally file";
    let bundle = "a bundle file (.ron)";
    let key_file = "a .pub file, an allowed_signers file";
    let signature = "a detached signature file (.sig)";
    let cases: &[(&[&str], &str)] = &[
        (&["verify", "folder"], tally),
        (&["verify", "missing"], tally),
        (&["verify", "t.jury", "--bundle", "folder"], bundle),
        (&["verify", "t.jury", "--bundle", "missing"], bundle),
        (&["verify", "t.jury", "--bundle", "t.jury"], bundle),
        (&["verify", "t.jury", "--signer", "folder"], key_file),
        (&["verify", "t.jury", "--signer", "missing"], key_file),
        (&["verify", "t.jury", "--signer", "empty.pub"], key_file),
        (&["verify", "t.jury", "--signature", "folder"], signature),
        (&["verify", "t.jury", "--signature", "missing"], signature),
        (&["results", "folder", "--bundle", "b.ron"], tally),
        (&["results", "missing", "--bundle", "b.ron"], tally),
        (&["results", "t.jury", "--bundle", "missing"], bundle),
        (&["results", "t.jury", "--bundle", "t.jury"], bundle),
    ];
    for (args, expected) in cases {
        let out = jury(args, dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

/// Item 10: `results --bundle` is required by the command line parser (a
/// usage error, exit 2), and exit codes come from one place.
#[test]
fn results_requires_its_bundle_and_exit_codes_come_from_one_place() {
    let dir = Scratch::new("usage");
    let out = jury(&["results", "t.jury"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("required") && stderr.contains("--bundle"),
        "{stderr}"
    );
    use jury::cli::Exit;
    assert_eq!(Exit::from(Verdict::Valid).code(), 0);
    assert_eq!(Exit::from(Verdict::Incomplete).code(), 1);
    assert_eq!(Exit::from(Verdict::Invalid).code(), 1);
    assert_eq!(Exit::Unreadable.code(), 2);
}

/// Issue 11: a session that uses every fair-deliberation entry, made by the
/// kiosk's `Session` on the demo (3 seats, quorum 2). Round 1: J02 marked
/// absent by mistake and withdrawn, J03's unfinished turn discarded, J01
/// declares a conflict on project 0, J01 and J02 vote, J03 absent. Round 2
/// on projects 0 and 1: J01 is recused from 0; J01 and J02 vote. Round 3
/// on project 1: only J01 votes, and the round is cancelled. A decision, the seal.
fn fair_session_entries() -> Vec<Entry> {
    jury::tally::freeze_clock_for_tests(AT);
    let dir = Scratch::new("fair");
    let path = dir.path().join("t.jury");
    let bundle = demo();
    let (projects, criteria) = (bundle.bundle.projects.len(), bundle.bundle.criteria.len());
    let grades = |g: u8| vec![Some(vec![g; criteria]); projects];
    let mut s = Session::create(&path, bundle, key(), &session_seed(9)).unwrap();
    s.mark_absent(1).unwrap();
    s.withdraw_absence(1).unwrap();
    s.discard_draft(2).unwrap();
    s.cast_ballot(0, &[0], &grades(1)).unwrap();
    s.cast_ballot(1, &[], &grades(2)).unwrap();
    s.mark_absent(2).unwrap();
    s.close_round(None).unwrap();
    s.open_round(&[0, 1]).unwrap();
    s.cast_ballot(0, &[0], &grades(0)).unwrap();
    s.cast_ballot(1, &[], &grades(3)).unwrap();
    s.close_round(None).unwrap();
    s.open_round(&[1]).unwrap();
    s.cast_ballot(0, &[], &grades(6)).unwrap();
    s.cancel_round("J02 had to leave".into()).unwrap();
    let default = s.results().default_selection();
    s.record_decision(&default, None).unwrap();
    s.seal().unwrap();
    drop(s);
    let bytes = std::fs::read(&path).unwrap();
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| parse_line(l).unwrap().record.entry.into_owned())
        .collect()
}

/// The index of the `n`-th entry (from 0) that `pick` matches.
fn nth(entries: &[Entry], n: usize, pick: impl Fn(&Entry) -> bool) -> usize {
    entries
        .iter()
        .enumerate()
        .filter(|(_, e)| pick(e))
        .nth(n)
        .map(|(i, _)| i)
        .expect("such an entry")
}

/// `entries` rebuilt (chained, signed) must fail at the rules step (6),
/// at line `index + 1`, with `words` in the reason.
fn assert_rule_broken(entries: &[Entry], index: usize, words: &[&str]) {
    let report = check(&rebuild(entries, &key(), |_, _| {}), &demo());
    assert_eq!(report.verdict, Verdict::Invalid, "{}", report.to_text());
    assert_eq!(
        failure(&report),
        ("ballots".to_owned(), Some(index + 1)),
        "{}",
        report.to_text()
    );
    let text = report.to_text();
    for word in words {
        assert!(text.contains(word), "{word:?} in {text}");
    }
}

#[test]
fn a_fair_session_with_every_new_entry_is_valid() {
    let entries = fair_session_entries();
    for kind in ["AbsenceWithdrawn", "DraftDiscarded", "RoundCancelled"] {
        assert!(entries.iter().any(|e| e.kind() == kind), "{kind}");
    }
    let report = check(&rebuild(&entries, &key(), |_, _| {}), &demo());
    assert_eq!(report.verdict, Verdict::Valid, "{}", report.to_text());
}

#[test]
fn a_ballot_grading_a_project_its_seat_is_recused_from_fails_at_its_line() {
    let mut entries = fair_session_entries();
    let b = demo().bundle;
    let recused = b.projects[0].id.clone();
    // J01's round-2 ballot, respelled to grade project 0 after all.
    let i = nth(&entries, 2, |e| matches!(e, Entry::BallotCast { .. }));
    let Entry::BallotCast {
        seat,
        order,
        conflicts,
        grades,
        ..
    } = &mut entries[i]
    else {
        unreachable!()
    };
    assert_eq!(seat, "J01");
    assert_eq!(conflicts, std::slice::from_ref(&recused));
    conflicts.clear();
    let row = grades[0].1.clone();
    *grades = order.iter().map(|id| (id.clone(), row.clone())).collect();
    assert_rule_broken(&entries, i, &["J01", &recused, "whole session"]);
}

#[test]
fn closing_a_round_below_the_quorum_fails_at_its_line() {
    let mut entries = fair_session_entries();
    // Without J02's round-1 ballot, round 1 closes with one ballot.
    let j02 = nth(&entries, 1, |e| matches!(e, Entry::BallotCast { .. }));
    entries.remove(j02);
    let closed = nth(&entries, 0, |e| matches!(e, Entry::RoundClosed { .. }));
    if let Entry::RoundClosed { reason, .. } = &mut entries[closed] {
        *reason = Some("J02 left".into()); // the only fault: the quorum
    }
    assert_rule_broken(&entries, closed, &["below the quorum of 2"]);
}

#[test]
fn a_cancelled_round_must_be_a_further_round_below_the_quorum_with_a_reason() {
    let entries = fair_session_entries();
    // Round 2 reached the quorum: it cannot be cancelled.
    let mut reached = entries.clone();
    let close2 = nth(&reached, 1, |e| matches!(e, Entry::RoundClosed { .. }));
    reached[close2] = Entry::RoundCancelled {
        round: 2,
        reason: "we changed our minds".into(),
    };
    assert_rule_broken(&reached, close2, &["quorum", "closed, not cancelled"]);
    // Round 1 cannot be cancelled (with J02's ballot gone, it is below the quorum).
    let mut first = entries.clone();
    let j02 = nth(&first, 1, |e| matches!(e, Entry::BallotCast { .. }));
    first.remove(j02);
    let close1 = nth(&first, 0, |e| matches!(e, Entry::RoundClosed { .. }));
    first[close1] = Entry::RoundCancelled {
        round: 1,
        reason: "too few".into(),
    };
    assert_rule_broken(&first, close1, &["round 1 cannot be cancelled"]);
    // A blank reason.
    let mut blank = entries.clone();
    let cancel = nth(&blank, 0, |e| matches!(e, Entry::RoundCancelled { .. }));
    blank[cancel] = Entry::RoundCancelled {
        round: 3,
        reason: "\u{a0} ".into(),
    };
    assert_rule_broken(&blank, cancel, &["blank"]);
    // No ballot after the cancellation.
    let mut late = entries.clone();
    let ballot = late[cancel - 1].clone();
    late.insert(cancel + 1, ballot);
    assert_rule_broken(&late, cancel + 1, &["round 3 is closed"]);
}

#[test]
fn an_absence_is_withdrawn_only_while_marked_and_the_round_open() {
    let entries = fair_session_entries();
    // J01 was never absent.
    let mut never = entries.clone();
    let w = nth(&never, 0, |e| matches!(e, Entry::AbsenceWithdrawn { .. }));
    never[w] = Entry::AbsenceWithdrawn {
        seat: "J01".into(),
        round: 1,
    };
    assert_rule_broken(&never, w, &["J01 is not marked absent"]);
    // J03's round-1 absence, withdrawn after the round closed.
    let mut closed = entries.clone();
    let close1 = nth(&closed, 0, |e| matches!(e, Entry::RoundClosed { .. }));
    closed.insert(
        close1 + 1,
        Entry::AbsenceWithdrawn {
            seat: "J03".into(),
            round: 1,
        },
    );
    assert_rule_broken(&closed, close1 + 1, &["round 1 is closed"]);
}

#[test]
fn a_draft_is_discarded_only_for_a_seat_that_may_still_vote() {
    let mut entries = fair_session_entries();
    // After J01's round-1 ballot, J01 has no turn to discard.
    let j01 = nth(&entries, 0, |e| matches!(e, Entry::BallotCast { .. }));
    entries.insert(
        j01 + 1,
        Entry::DraftDiscarded {
            seat: "J01".into(),
            round: 1,
        },
    );
    assert_rule_broken(&entries, j01 + 1, &["J01 has voted or is absent"]);
}
