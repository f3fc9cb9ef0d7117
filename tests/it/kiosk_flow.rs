//! The facilitator's flow with plain `Kiosk` calls, no key events: what
//! each step needs (`*_step`), and the drafts each call deletes.

use jury::kiosk::{
    AbsentStep, CancelStep, CloseStep, DecisionStep, Kiosk, OpenError, Opened, Seat, SessionFolder,
};

const PASSPHRASE: &str = "a passphrase for tests";

struct Scratch(std::path::PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(tag: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("jury-kiosk-flow-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    Scratch(dir)
}

/// A turn with a few grades given, saved as its seat's draft.
fn start_and_leave(kiosk: &mut Kiosk, seat: usize) {
    let mut turn = kiosk.begin_turn(seat);
    turn.start_scoring();
    turn.grade(2);
    kiosk.save(&turn).unwrap();
}

fn vote(kiosk: &mut Kiosk, seat: usize) {
    let mut turn = kiosk.begin_turn(seat);
    turn.start_scoring();
    for _ in 0..turn.order().len() {
        for _ in 0..turn.criteria() {
            turn.grade(1);
        }
        turn.advance().unwrap();
    }
    turn.to_confirm().unwrap();
    kiosk.cast(&turn).unwrap();
}

#[test]
fn the_facilitator_flow_without_keys() {
    let dir = scratch("flow");
    let bundle = jury::bundle::demo();
    let mut folder = SessionFolder::new(dir.0.clone());
    assert!(!folder.has_session());
    let mut kiosk = folder.create(&bundle, PASSPHRASE).unwrap();
    assert!(folder.has_session());

    // Round 1 below its quorum cannot be closed, nor cancelled.
    assert_eq!(
        kiosk.close_step(),
        CloseStep::BelowQuorum {
            ballots: 0,
            quorum: 2,
            cancellable: false
        }
    );

    // An absence over an unconfirmed turn: the draft is discarded first.
    start_and_leave(&mut kiosk, 0);
    assert_eq!(kiosk.seat(0), Seat::Draft);
    assert_eq!(kiosk.draft_at_risk(0), Some((0, 4)));
    assert_eq!(kiosk.absent_step(0), AbsentStep::DraftAtRisk);
    kiosk.discard_drafts(&[0]).unwrap();
    assert!(!kiosk.has_draft(0));
    assert_eq!(kiosk.absent_step(0), AbsentStep::Confirm);
    kiosk.mark_absent(0).unwrap();
    assert!(matches!(kiosk.seat(0), Seat::Absent(_)));
    assert_eq!(kiosk.absent_step(0), AbsentStep::WithdrawAbsence);
    kiosk.withdraw_absence(0).unwrap();
    assert_eq!(kiosk.seat(0), Seat::Waiting);

    vote(&mut kiosk, 0);
    vote(&mut kiosk, 1);
    assert!(matches!(kiosk.seat(0), Seat::Voted(_)));
    assert_eq!(kiosk.absent_step(0), AbsentStep::NotWaiting);
    assert_eq!(kiosk.voted_count(), (2, 3));

    // A close with drafts at risk, then with a seat still waiting.
    start_and_leave(&mut kiosk, 2);
    assert_eq!(kiosk.close_step(), CloseStep::DraftsAtRisk(vec![2]));
    kiosk.discard_drafts(&[2]).unwrap();
    assert_eq!(kiosk.close_step(), CloseStep::NeedsReason);
    // The close deletes every draft of the round it closes.
    start_and_leave(&mut kiosk, 2);
    kiosk
        .close_round(Some("Aurélie had to leave".into()))
        .unwrap();
    assert!(!kiosk.has_draft(2));
    assert!(kiosk.results().is_some());
    assert_eq!(kiosk.close_step(), CloseStep::Confirm, "closed already");

    // Round 2 on two projects, below its quorum: it may be cancelled.
    assert!(kiosk.may_open_round());
    kiosk.open_round(&[0, 1]).unwrap();
    assert!(kiosk.results().is_none());
    assert_eq!(
        kiosk.close_step(),
        CloseStep::BelowQuorum {
            ballots: 0,
            quorum: 2,
            cancellable: true
        }
    );
    start_and_leave(&mut kiosk, 1);
    assert_eq!(kiosk.cancel_step(), CancelStep::DraftsAtRisk(vec![1]));
    kiosk.discard_drafts(&[1]).unwrap();
    assert_eq!(kiosk.cancel_step(), CancelStep::NeedsReason);
    kiosk.cancel_round("No time left".into()).unwrap();

    // The decision: the ranking's choice needs no reason, another does.
    let default = kiosk.results().unwrap().default_selection();
    assert_eq!(kiosk.decision_step(&default), DecisionStep::Confirm);
    let other: Vec<usize> = (0..4).filter(|p| !default.contains(p)).take(1).collect();
    assert_eq!(kiosk.decision_step(&other), DecisionStep::NeedsReason);
    assert!(kiosk.may_add_laureate(kiosk.laureate_cap() - 1));
    assert!(!kiosk.may_add_laureate(kiosk.laureate_cap()));
    assert!(!kiosk.may_seal());
    kiosk
        .record_decision(&other, Some("The room chose so".into()))
        .unwrap();
    assert!(!kiosk.may_open_round());

    assert!(kiosk.may_seal());
    kiosk.seal().unwrap();
    assert!(!kiosk.may_seal());
    assert!(kiosk.state().is_sealed());
}

#[test]
fn a_reopened_session_knows_its_drafts_and_refuses_a_wrong_passphrase() {
    let dir = scratch("reopen");
    let bundle = jury::bundle::demo();
    let mut kiosk = SessionFolder::new(dir.0.clone())
        .create(&bundle, PASSPHRASE)
        .unwrap();
    start_and_leave(&mut kiosk, 1);
    drop(kiosk);

    let mut folder = SessionFolder::new(dir.0.clone());
    assert_eq!(
        folder.open(&bundle, "not the passphrase").err(),
        Some(OpenError::WrongPassphrase)
    );
    let (kiosk, opened) = folder.open(&bundle, PASSPHRASE).unwrap();
    assert_eq!(opened, Opened::Resumed { entries: 1 });
    assert!(kiosk.has_draft(1) && !kiosk.has_draft(0));
    assert_eq!(kiosk.first_to_resume(), 1);
    assert_eq!(kiosk.begin_turn(1).grades()[0][0], Some(2));
}

/// The layers keep to their side: no file I/O under `src/tui/` (the
/// kiosk does it), no terminal in `src/kiosk/`, and the mode changes in
/// one place (`App::handle_key` applies what a handler returns).
#[test]
fn the_terminal_layer_does_no_file_io_and_the_kiosk_no_terminal() {
    fn sources(dir: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(format!(
            "{}/src/{dir}",
            env!("CARGO_MANIFEST_DIR")
        ))];
        while let Some(path) = stack.pop() {
            for entry in std::fs::read_dir(&path).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    out.push((path.display().to_string(), text));
                }
            }
        }
        out
    }
    let file_io = [
        "std::fs",
        "fs::",
        "File::",
        "OpenOptions",
        "read_dir",
        "metadata(",
        ".exists()",
        "remove_file",
        "create_dir",
        "atomic_file",
    ];
    for (path, text) in sources("tui") {
        for word in file_io {
            assert!(!text.contains(word), "{path} does file I/O: {word}");
        }
        if !path.ends_with("tui/app.rs") {
            assert!(!text.contains("self.mode ="), "{path} assigns the mode");
        }
    }
    for (path, text) in sources("kiosk") {
        for word in ["ratatui", "crossterm", "crate::tui", "crate::cli"] {
            assert!(!text.contains(word), "{path} uses {word}");
        }
    }
}
