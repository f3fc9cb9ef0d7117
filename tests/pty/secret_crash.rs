//! A power cut at the worst moment, in a secret-ballot session: the real
//! kiosk killed (SIGKILL) just before, during and just after a juror's
//! confirmation. Whatever the instant, a confirmed ballot is never lost
//! (its receipt was on screen only once it was on disk), never counted
//! twice, and once the round closes nothing is left that links it.

use std::path::Path;
use std::time::Duration;

use crate::common::pty::PtyApp;
use crate::common::{PASSPHRASE, Scratch};
use jury::tally::Entry;

fn entries(state: &Path) -> Vec<Entry> {
    crate::common::tally_entries(&state.join("tally.jury"))
}

fn ballots_of(state: &Path, seat: &str) -> usize {
    entries(state)
        .iter()
        .filter(|e| matches!(e, Entry::SecretBallotCast { seat: s, .. } if s == seat))
        .count()
}

/// The current juror grades the demo's 4 projects with `key` and reaches
/// the confirmation step.
fn grade_all(app: &mut PtyApp, key: &str) {
    app.hand_over_and_begin();
    app.wait_for("Projet 1 / 4");
    for _ in 0..4 {
        app.type_keys(&key.repeat(5));
        app.enter();
    }
    app.wait_for("Toutes vos mentions");
    app.type_keys("v");
    app.wait_for("C'est définitif");
}

/// Confirms, takes the receipt, and is back on the console.
fn confirm_and_hand_back(app: &mut PtyApp) {
    app.type_keys("o");
    app.receipt_to_console();
}

fn reopen(bundle: &Path, state: &Path) -> PtyApp {
    let mut app = PtyApp::run(bundle, state, crate::common::manifest());
    app.wait_for("Cette séance existe déjà");
    app.type_keys(PASSPHRASE);
    app.enter();
    app.wait_for("Console de l'animateur");
    app
}

#[test]
fn a_kill_around_a_confirmation_loses_nothing_confirmed_and_counts_it_once() {
    let bundle = crate::common::manifest().join("sessions/demo.ron");
    for (run, delay_ms) in [0u64, 15, 400].into_iter().enumerate() {
        let dir = Scratch::new(&format!("secret-kill-{run}"));
        let state = dir.path().join("state");
        let mut app = PtyApp::open_new_session(&bundle, &state, crate::common::manifest());
        grade_all(&mut app, "2");
        app.send("o");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let receipt_shown = app.screen().contains("Votre vote est enregistré");
        app.kill_hard();

        // Never twice; and if the receipt was on screen, it is recorded.
        let cast = ballots_of(&state, "J01");
        assert!(cast <= 1, "run {run}: J01 recorded {cast} times");
        if receipt_shown {
            assert_eq!(
                cast, 1,
                "run {run}: a receipt was shown for a ballot not recorded"
            );
        }

        // The session goes on: J01 votes if it had not, then J02 and J03.
        let mut app = reopen(&bundle, &state);
        if cast == 0 {
            app.enter(); // J01, the interrupted turn, is selected
            app.wait_for("Votre tour avait été interrompu");
            app.enter();
            app.wait_for("Toutes vos mentions");
            app.type_keys("v");
            app.wait_for("C'est définitif");
            confirm_and_hand_back(&mut app);
        }
        for _ in 0..2 {
            grade_all(&mut app, "3");
            confirm_and_hand_back(&mut app);
        }
        assert_eq!(ballots_of(&state, "J01"), 1, "run {run}");
        app.type_keys("f");
        app.wait_for("Fermer le tour ?");
        app.type_keys("o");
        app.wait_for("Tour fermé et enregistré");
        app.type_keys("q");
        app.wait_for("Quitter ?");
        app.type_keys("o");
        assert!(app.wait_exit());

        // Three ballots, counted once each, nothing left to link.
        for e in entries(&state) {
            if let Entry::CountsPublished { counts, .. } = e {
                for (_, rows) in counts {
                    assert!(rows.iter().all(|r| r.iter().sum::<u32>() == 3), "run {run}");
                }
            }
        }
        let mut left: Vec<String> = std::fs::read_dir(&state)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        left.retain(|n| {
            n != "drafts" || std::fs::read_dir(state.join(n)).unwrap().next().is_some()
        });
        assert_eq!(left, ["signing-key", "tally.jury"], "run {run}");
    }
}
