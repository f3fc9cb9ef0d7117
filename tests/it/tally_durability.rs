//! Power cuts, failing disks and a second program: nothing confirmed is
//! lost, nothing damaged is "repaired", one writer at a time.
//!
//! No test here spawns a process: a child shares open files between fork
//! and exec, which can keep a just-released lock alive for an instant.

use crate::common;

use std::fs::{File, OpenOptions};
use std::io::Write;

use crate::common::Scratch;
use jury::bundle::demo;
use jury::session::{Session, SessionError, SessionSeed};
use jury::signing::SessionKey;
use jury::tally::{Storage, TallyError};
use jury::verify::{Expectations, Verdict, verify_file};

fn key() -> SessionKey {
    SessionKey::from_seed(&[4; 32], "durability")
}

fn seed() -> SessionSeed {
    SessionSeed {
        session_id: [5; 16],
        seed: [6; 32],
    }
}

fn grades() -> Vec<Option<Vec<u8>>> {
    vec![Some(vec![2; 5]); 4]
}

/// A session with its genesis and one absence, closed again.
fn started(dir: &Scratch) -> std::path::PathBuf {
    let path = dir.path().join("t.jury");
    let mut session = Session::create(&path, demo(), key(), &seed()).unwrap();
    session.mark_absent(2).unwrap();
    path
}

fn append_raw(path: &std::path::Path, bytes: &[u8]) {
    OpenOptions::new()
        .append(true)
        .open(path)
        .unwrap()
        .write_all(bytes)
        .unwrap();
}

#[test]
fn a_torn_last_line_is_set_aside_and_the_session_goes_on() {
    let dir = Scratch::new("torn");
    let path = started(&dir);
    let good = std::fs::read(&path).unwrap();
    // Half of a real line, as a power cut mid-write leaves it.
    let line = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_owned();
    append_raw(&path, &line.as_bytes()[..line.len() / 2]);

    let (mut session, torn) = Session::resume(&path, demo(), key()).unwrap();
    let torn = torn.expect("the torn line is reported");
    assert_eq!(torn.line, 3);
    assert_eq!(torn.saved_to, dir.path().join("t.jury.torn-1"));
    assert_eq!(
        std::fs::read(&torn.saved_to).unwrap(),
        &line.as_bytes()[..line.len() / 2]
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        good,
        "the tally is back to its last good line"
    );
    session.cast_ballot(0, &[], &grades()).unwrap();
    drop(session);
    let report = verify_file(
        &path,
        &Expectations {
            bundle: Some(&demo()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(report.verdict, Verdict::Incomplete, "{}", report.to_text());
}

#[test]
fn an_unreadable_complete_last_line_is_set_aside_too() {
    let dir = Scratch::new("garbage");
    let path = started(&dir);
    append_raw(&path, b"(seq:2,prev:\"garbage\n");
    let (_, torn) = Session::resume(&path, demo(), key()).unwrap();
    assert!(torn.unwrap().reason.contains("unreadable"));
    // A second torn line later goes to the next side file.
    append_raw(&path, b"half a li");
    let (_, torn) = Session::resume(&path, demo(), key()).unwrap();
    assert_eq!(torn.unwrap().saved_to, dir.path().join("t.jury.torn-2"));
}

#[test]
fn damage_before_the_last_line_is_never_repaired() {
    let dir = Scratch::new("damage");
    let path = started(&dir);
    {
        let mut session = Session::resume(&path, demo(), key()).unwrap().0;
        session.cast_ballot(0, &[], &grades()).unwrap();
    }
    let mut bytes = std::fs::read(&path).unwrap();
    let second_line = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    bytes[second_line + 10] ^= 1; // inside line 2 of 3
    std::fs::write(&path, &bytes).unwrap();
    let error = Session::resume(&path, demo(), key())
        .err()
        .expect("refused");
    let SessionError::Tally(TallyError::Damaged { line, .. }) = &error else {
        panic!("expected damage, got {error:?}");
    };
    assert_eq!(*line, 2);
    assert!(error.to_string().contains("jury verify"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "nothing was changed");
    assert!(!dir.path().join("t.jury.torn-1").exists());
}

/// Storage that writes only part of an entry, then fails, on the N-th append.
struct FailingDisk {
    file: File,
    appends: usize,
    fail_at: usize,
}

impl Storage for FailingDisk {
    fn append(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.appends += 1;
        if self.appends == self.fail_at {
            self.file.write_all(&bytes[..bytes.len() / 3])?;
            return Err(std::io::Error::other("No space left on device"));
        }
        self.file.write_all(bytes)
    }
    fn sync(&mut self) -> std::io::Result<()> {
        self.file.sync_data()
    }
    fn truncate(&mut self, len: u64) -> std::io::Result<()> {
        self.file.set_len(len)
    }
}

#[test]
fn a_failed_write_leaves_the_file_as_it_was_and_loses_nothing() {
    let dir = Scratch::new("disk-full");
    let path = dir.path().join("t.jury");
    let file = OpenOptions::new()
        .create_new(true)
        .read(true)
        .append(true)
        .open(&path)
        .unwrap();
    let disk = FailingDisk {
        file,
        appends: 0,
        fail_at: 3,
    };
    let mut session = Session::with_storage(disk, &path, demo(), key(), &seed()).unwrap();
    session.mark_absent(1).unwrap();
    let before = std::fs::read(&path).unwrap();
    let entries = session.state().entries;

    let error = session.cast_ballot(0, &[], &grades()).unwrap_err();
    assert!(
        error.to_string().contains("No space left on device"),
        "{error}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "cut back to what it was"
    );
    assert_eq!(session.state().entries, entries, "the state did not move");
    assert!(session.state().current_round().unwrap().ballots.is_empty());

    // The next attempt (space freed) goes through, and the file verifies.
    session.cast_ballot(0, &[], &grades()).unwrap();
    drop(session);
    let report = verify_file(
        &path,
        &Expectations {
            bundle: Some(&demo()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(report.verdict, Verdict::Incomplete, "{}", report.to_text());
    assert_eq!(report.entries, 3);
}

#[test]
fn a_second_writer_is_refused_at_once() {
    let dir = Scratch::new("two-writers");
    let path = started(&dir);
    let first = Session::resume(&path, demo(), key()).unwrap();
    let error = Session::resume(&path, demo(), key())
        .err()
        .expect("refused");
    assert!(matches!(
        error,
        SessionError::Tally(TallyError::Locked { .. })
    ));
    assert!(
        error
            .to_string()
            .contains("another jury instance holds this session"),
        "{error}"
    );
    drop(first);
    assert!(
        Session::resume(&path, demo(), key()).is_ok(),
        "free again once the first has gone"
    );
}

#[test]
fn a_pinned_signer_refuses_any_other_key() {
    let dir = Scratch::new("pinned");
    let pinned = SessionKey::from_seed(&[7; 32], "staff");
    let source = jury::bundle::DEMO_SOURCE.replacen(
        "    max_laureates: 2,",
        &format!(
            "    max_laureates: 2,\n    signer: \"{}\",",
            pinned.public_line()
        ),
        1,
    );
    let bundle = jury::bundle::parse("pinned.ron", source.as_bytes()).unwrap();
    let path = dir.path().join("t.jury");
    let error = Session::create(&path, bundle.clone(), key(), &seed())
        .err()
        .expect("refused");
    assert!(matches!(error, SessionError::Mismatch(_)));
    assert!(error.to_string().contains("pins the signer"), "{error}");
    assert!(!path.exists(), "nothing written with the wrong key");
    let session = Session::create(&path, bundle, pinned, &seed()).unwrap();
    assert_eq!(session.state().entries, 1);
}

/// The seal is durable but its detached signature cannot be written (a
/// full disk; here a folder in the way): the error names the file, and
/// sealing again, once the fault is gone, writes the signature only.
#[test]
fn a_signature_that_could_not_be_written_is_written_by_sealing_again() {
    let dir = Scratch::new("sig-fault");
    let path = dir.path().join("t.jury");
    let mut session = Session::create(&path, demo(), key(), &seed()).unwrap();
    let blocker = dir.path().join("t.jury.sig");
    std::fs::create_dir_all(blocker.join("in-the-way")).unwrap();
    let options = jury::simulate::Rehearsal {
        seed: 1,
        absent: 0,
        conflicts: 0.0,
    };
    let err = jury::simulate::rehearse(&mut session, options).unwrap_err();
    assert!(err.to_string().contains("t.jury.sig"), "{err}");
    assert!(session.state().is_sealed());
    assert!(!session.is_signed());
    let sealed = std::fs::read(&path).unwrap();

    std::fs::remove_dir_all(&blocker).unwrap();
    let report = session.seal().unwrap();
    assert!(session.is_signed());
    assert_eq!(std::fs::read(&path).unwrap(), sealed, "no second seal");
    assert_eq!(
        report.entries as usize,
        sealed.split(|&b| b == b'\n').count() - 1
    );
    let verified = verify_file(&path, &Expectations::default()).unwrap();
    assert_eq!(verified.verdict, Verdict::Valid, "{}", verified.to_text());
}

/// A draft that cannot be saved is said on screen, and the turn goes on.
#[test]
fn a_draft_that_cannot_be_saved_is_reported() {
    use crossterm::event::KeyCode;
    use jury::i18n::Language;
    use jury::tui::Notice;
    let dir = Scratch::new("draft-fault");
    let mut app = common::app(dir.path(), Language::En);
    common::open_session(&mut app);
    // A folder where the draft file goes: every save fails.
    let draft = jury::kiosk::draft_path(&dir.path().join("session"), "J01");
    std::fs::create_dir_all(draft.join("in-the-way")).unwrap();
    common::start_turn(&mut app);
    common::press(&mut app, KeyCode::Char('2'));
    match app.notice() {
        Some(Notice::Error(m)) => assert!(m.contains("draft"), "{m}"),
        other => panic!("a failed draft save was not reported: {other:?}"),
    }
}
