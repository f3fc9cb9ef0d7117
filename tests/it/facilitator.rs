//! The facilitator's console as a state machine: absences, closing a round,
//! results only once it is closed, a second round, the decision, the seal.

use crate::common;

use crate::common::*;
use crossterm::event::KeyCode;
use jury::i18n::Language;
use jury::tally::Entry;
use jury::tui::{App, Mode, Notice, Overlay, TALLY_FILE};

/// A ballot for the selected seat, every grade `key`, back on the console.
fn vote(app: &mut App, key: char) {
    cast_uniform(app, key);
}

/// The last entry the facilitator's action wrote: in a secret-ballot
/// session, closing a round also writes its published grades after it.
fn last_action(app: &App) -> Option<Entry> {
    entries(app)
        .into_iter()
        .rev()
        .find(|e| !matches!(e, Entry::CountsPublished { .. }))
}

fn entries(app: &App) -> Vec<Entry> {
    tally_entries(app.session().unwrap().path())
}

#[test]
fn absence_needs_confirmation_can_be_withdrawn_and_closing_needs_the_quorum() {
    let dir = Scratch::new("close");
    let mut app = app(dir.path(), Language::En);
    open_session(&mut app);
    vote(&mut app, '2');
    // The console now points at the next seat still waiting.
    assert_eq!(app.mode(), &Mode::Console { selected: 1 });
    press(&mut app, KeyCode::Char('a'));
    assert_eq!(app.overlay(), Some(&Overlay::ConfirmAbsent { seat: 1 }));
    press(&mut app, KeyCode::Esc); // changed their mind: nothing recorded
    assert_eq!(entries(&app).len(), 2);
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Char('y'));
    assert!(
        matches!(last_action(&app).as_ref(), Some(Entry::JurorAbsent { seat, round: 1 }) if seat == "J02")
    );

    // Results are not shown while the round is open.
    press(&mut app, KeyCode::Char('r'));
    assert!(matches!(app.mode(), Mode::Console { .. }));
    assert!(matches!(app.notice(), Some(Notice::Error(_))));

    // One ballot, and the demo's quorum is 2 (more than half of 3 seats):
    // the round cannot close, and the console says why.
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.overlay(), None);
    assert!(
        matches!(app.notice(), Some(Notice::Error(m)) if m.contains("quorum")),
        "{:?}",
        app.notice()
    );
    assert_eq!(entries(&app).len(), 3, "nothing written");

    // J02 was marked absent by mistake: the same key withdraws it, with confirmation.
    press(&mut app, KeyCode::Char('a'));
    assert_eq!(app.overlay(), Some(&Overlay::ConfirmPresent { seat: 1 }));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Mark present again?"), "{shown}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(entries(&app).len(), 3, "Esc changes nothing");
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Char('y'));
    assert!(
        matches!(last_action(&app).as_ref(), Some(Entry::AbsenceWithdrawn { seat, round: 1 }) if seat == "J02")
    );
    assert!(app.seat_is_waiting(1));
    vote(&mut app, '3');

    // J03 has not voted: closing asks for a reason, and an empty one is refused.
    press(&mut app, KeyCode::Char('f'));
    assert!(matches!(app.overlay(), Some(Overlay::Reason { .. })));
    enter(&mut app);
    assert!(matches!(app.overlay(), Some(Overlay::Reason { .. })));
    type_text(&mut app, "J03 had to leave");
    enter(&mut app);
    assert!(matches!(
        last_action(&app).as_ref(),
        Some(Entry::RoundClosed { round: 1, reason: Some(r) }) if r == "J03 had to leave"
    ));
    assert!(app.round_closed());
    // An absence cannot be withdrawn once the round is closed.
    assert!(!app.session().unwrap().state().is_absent_now(1));
    press(&mut app, KeyCode::Char('r'));
    assert!(matches!(app.mode(), Mode::Results { .. }));
}

#[test]
fn second_round_decision_with_reason_and_seal() {
    let dir = Scratch::new("decide");
    let mut app = app(dir.path(), Language::Fr);
    open_session(&mut app);
    vote(&mut app, '1');
    press(&mut app, KeyCode::Char('a')); // J02, the next waiting seat
    press(&mut app, KeyCode::Char('o'));
    press(&mut app, KeyCode::Down);
    vote(&mut app, '3');
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.overlay(), Some(&Overlay::ConfirmClose));
    press(&mut app, KeyCode::Char('o'));

    // A second round on the projects flagged "to discuss", chosen by default.
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Char('t'));
    let Mode::RoundPicker { chosen, .. } = app.mode() else {
        panic!("expected the round picker, found {:?}", app.mode());
    };
    let flagged: Vec<usize> = (0..4).filter(|&p| chosen[p]).collect();
    assert!(!flagged.is_empty());
    enter(&mut app);
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(app.session().unwrap().state().round_number(), 2);
    // J02, absent from round 1, is recorded absent from round 2 too.
    assert!(
        matches!(last_action(&app).as_ref(), Some(Entry::JurorAbsent { seat, round: 2 }) if seat == "J02")
    );
    assert!(!app.seat_is_waiting(1));
    assert_eq!(app.mode(), &Mode::Console { selected: 0 });
    vote(&mut app, '2');
    assert_eq!(
        app.mode(),
        &Mode::Console { selected: 2 },
        "J02 is absent: J03 is next"
    );
    vote(&mut app, '2');
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Char('o'));

    // The decision departs from the ranking: a reason is required and recorded.
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char(' ')); // untick the first
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char(' ')); // tick the last
    enter(&mut app);
    assert!(matches!(app.overlay(), Some(Overlay::Reason { .. })));
    type_text(&mut app, "local impact");
    enter(&mut app);
    let ranked = app.ranked_projects();
    let ids: Vec<String> = [ranked[1], ranked[3]]
        .iter()
        .map(|&p| demo().bundle.projects[p].id.clone())
        .collect();
    assert!(matches!(
        last_action(&app).as_ref(),
        Some(Entry::DecisionRecorded { selected, reason: Some(r) }) if *selected == ids && r == "local impact"
    ));

    // Seal: the session becomes read-only.
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.overlay(), Some(&Overlay::ConfirmSeal));
    press(&mut app, KeyCode::Char('o'));
    assert!(matches!(app.mode(), Mode::Sealed(_)));
    assert!(app.is_sealed());
    let folder = dir.path().join("session");
    assert!(folder.join(format!("{TALLY_FILE}.sig")).exists());
    assert!(
        folder
            .join(format!("{TALLY_FILE}.allowed_signers"))
            .exists()
    );
    drop(app);

    // Reopened, a sealed session shows results only: no seat can be handed the kiosk.
    let mut again = common::app(dir.path(), Language::Fr);
    type_text(&mut again, PASSPHRASE);
    enter(&mut again);
    assert!(again.is_sealed());
    assert!((0..3).all(|s| !again.seat_is_waiting(s)));
    enter(&mut again);
    assert!(matches!(again.mode(), Mode::Results { .. }));
    press(&mut again, KeyCode::Char('d'));
    assert!(
        matches!(again.mode(), Mode::Results { .. }),
        "no decision after the seal"
    );
}

/// Leaves the selected seat's turn interrupted after one grade.
fn interrupt(app: &mut App) {
    start_turn(app);
    press(app, KeyCode::Char('3'));
    press(app, KeyCode::Char('q'));
    type_text(app, PASSPHRASE);
    enter(app);
}

#[test]
fn an_unfinished_turn_is_never_discarded_silently() {
    let dir = Scratch::new("drafts");
    let mut app = app(dir.path(), Language::En);
    open_session(&mut app);
    // J01 starts, is interrupted; marking J01 absent asks first, naming
    // the seat and what would be lost.
    interrupt(&mut app);
    assert!(app.has_draft(0));
    press(&mut app, KeyCode::Char('a'));
    assert!(matches!(
        app.overlay(),
        Some(Overlay::DraftAtRisk { seats, .. }) if seats == &[0]
    ));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("J01"), "{shown}");
    assert!(shown.contains("0 of 4 projects done"), "{shown}");
    assert!(shown.contains("let the juror finish"), "{shown}");
    // Esc lets the juror finish: nothing written, nothing deleted.
    press(&mut app, KeyCode::Esc);
    assert!(app.has_draft(0));
    assert_eq!(entries(&app).len(), 1);
    // D discards it: the discard is recorded (never the grades), then the absence.
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Char('d'));
    assert!(!app.has_draft(0));
    let written = entries(&app);
    assert!(matches!(
        &written[1..],
        [Entry::DraftDiscarded { seat: a, round: 1 }, Entry::JurorAbsent { seat: b, round: 1 }]
            if a == "J01" && b == "J01"
    ));

    // The absence is withdrawn; J01 starts afresh and votes, J03 votes.
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Char('y'));
    vote(&mut app, '2');
    assert_eq!(app.mode(), &Mode::Console { selected: 1 });
    press(&mut app, KeyCode::Down);
    vote(&mut app, '4');
    // J02 (the console's next seat) is interrupted; closing the round asks first too.
    assert_eq!(app.mode(), &Mode::Console { selected: 1 });
    interrupt(&mut app);
    assert!(app.has_draft(1));
    press(&mut app, KeyCode::Char('f'));
    assert!(matches!(
        app.overlay(),
        Some(Overlay::DraftAtRisk { seats, .. }) if seats == &[1]
    ));
    press(&mut app, KeyCode::Esc);
    assert!(app.has_draft(1));
    assert!(app.round_open());
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Char('d'));
    assert!(
        matches!(last_action(&app).as_ref(), Some(Entry::DraftDiscarded { seat, round: 1 }) if seat == "J02")
    );
    assert!(!app.has_draft(1));
    // Then the close goes on as before: J02 has not voted, so a reason.
    assert!(matches!(app.overlay(), Some(Overlay::Reason { .. })));
    type_text(&mut app, "time is up");
    enter(&mut app);
    assert!(app.round_closed());
}

#[test]
fn keys_do_nothing_while_the_window_is_too_small() {
    let dir = Scratch::new("small");
    let mut app = app(dir.path(), Language::En);
    open_session(&mut app);
    start_turn(&mut app);
    app.set_area(ratatui::layout::Rect::new(0, 0, 60, 20));
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('q'));
    let Mode::Turn(turn) = app.mode() else {
        panic!()
    };
    assert_eq!(turn.grades()[0][0], None, "no grade given blind");
    assert!(app.overlay().is_none());
    app.set_area(ratatui::layout::Rect::new(0, 0, 80, 24));
    press(&mut app, KeyCode::Char('1'));
    let Mode::Turn(turn) = app.mode() else {
        panic!()
    };
    assert_eq!(turn.grades()[0][0], Some(0));
}

/// A seal whose signature cannot be written (a full disk; here a folder in
/// the way) says so and what to do; S again, once the fault is gone, signs.
#[test]
fn a_seal_without_its_signature_can_be_signed_again_with_s() {
    let dir = Scratch::new("unsigned");
    let mut app = app(dir.path(), Language::En);
    open_session(&mut app);
    for _ in 0..3 {
        vote(&mut app, '2');
    }
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Char('y'));
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Char('d'));
    enter(&mut app);
    assert!(matches!(app.overlay(), Some(Overlay::ConfirmDecision(_))));
    press(&mut app, KeyCode::Char('y'));
    let sig = dir.path().join("session").join(format!("{TALLY_FILE}.sig"));
    std::fs::create_dir_all(sig.join("in-the-way")).unwrap();
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.is_sealed());
    match app.notice() {
        Some(Notice::Error(m)) => assert!(m.contains("press S again"), "{m}"),
        other => panic!("no word of the missing signature: {other:?}"),
    }
    assert!(app.can_seal());
    std::fs::remove_dir_all(&sig).unwrap();
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('y'));
    assert!(matches!(app.mode(), Mode::Sealed(_)), "{:?}", app.mode());
    assert!(sig.is_file());
    assert!(!app.can_seal());
    // Quitting now speaks of the sealed session, not of a round in progress.
    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.overlay(), Some(&Overlay::ConfirmQuit));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("The session is sealed"), "{shown}");
    assert!(!shown.contains("in progress"), "{shown}");
}

/// Reopened after a juror voted, the console's cursor is on the first seat
/// still waiting, not on the one who voted.
#[test]
fn a_resumed_console_points_at_the_first_seat_still_waiting() {
    let dir = Scratch::new("resume-cursor");
    let mut app = app(dir.path(), Language::En);
    open_session(&mut app);
    vote(&mut app, '2');
    drop(app);
    let mut again = common::app(dir.path(), Language::En);
    type_text(&mut again, PASSPHRASE);
    enter(&mut again);
    assert_eq!(again.mode(), &Mode::Console { selected: 1 });
}
