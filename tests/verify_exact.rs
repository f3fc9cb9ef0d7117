//! Issue 10: `jury verify` gives exactly the documented verdict, step and
//! line. Every tally here is correctly chained and signed (rebuilt with
//! `rebuild`), so the only thing wrong is the thing under test.

mod common;

use std::process::Command;

use common::Scratch;
use jury::bundle::{BundleFile, DEMO_SOURCE, demo, parse};
use jury::digest::Digest;
use jury::session::Session;
use jury::signing::{SessionKey, fingerprint};
use jury::simulate::{Rehearsal, rehearse, session_seed};
use jury::tally::{Entry, build_line, line_hash, parse_line};
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

/// Writes `entries` as a tally signed by `key`, each line chained to the one
/// before; the genesis names `key`, and a seal names its true count and head
/// (unless `edit` changes them afterwards).
fn rebuild(entries: &[Entry], key: &SessionKey, mut edit: impl FnMut(usize, &mut Entry)) -> Vec<u8> {
    let mut out = Vec::new();
    let mut prev = Digest([0; 32]);
    for (i, entry) in entries.iter().enumerate() {
        let mut entry = entry.clone();
        match &mut entry {
            Entry::SessionOpened { signer, .. } => *signer = key.public_line(),
            Entry::SessionSealed { count, head, .. } => {
                *count = i as u64;
                *head = prev.hex();
            }
            _ => {}
        }
        edit(i, &mut entry);
        let line = build_line(i as u64, &prev, AT, &entry, key.entry_signer());
        prev = line_hash(line.as_bytes());
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out
}

/// The demo bundle, pinning `signer`.
fn pinned_source(signer: &SessionKey) -> String {
    let body = DEMO_SOURCE.trim_end().strip_suffix(')').unwrap();
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
    assert!(stdout.contains(&fingerprint(stranger().public())), "{stdout}");
    let out = jury(&["results", "t.jury", "--bundle", "p.ron"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}
