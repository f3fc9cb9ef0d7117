//! Issue 11, end to end in a real pseudo-terminal (80×24), keystrokes only,
//! on the demo bundle (3 seats, quorum 2): J01 declares a conflict in round
//! 1; round 2 on every project shows that project recused for J01 (no grade,
//! no key to undo it); closing round 2 on J01's ballot alone is refused
//! (below the quorum); the round is cancelled and the earlier grades stand.

use crate::common::Scratch;
use crate::common::pty::{PtyApp, staff};

const REASON: &str = "Plus assez de jurés";

/// Hands the kiosk to the selected seat, reads the welcome, and returns
/// the first page's text.
fn begin(app: &mut PtyApp) -> String {
    app.enter();
    app.wait_for("appuyez sur Entrée pour commencer");
    app.enter();
    let welcome = app.wait_for("Accueil 1/3");
    for _ in 0..3 {
        app.enter();
    }
    welcome
}

#[test]
fn a_conflict_holds_in_round_two_below_the_quorum_is_refused_and_a_cancelled_round_keeps_the_grades()
 {
    let dir = Scratch::new("pty-fair");
    let bundle = dir.path().join("demo.ron");
    std::fs::write(&bundle, jury::bundle::DEMO_SOURCE).unwrap();
    let state = dir.path().join("state");
    let mut app = PtyApp::open_new_session(&bundle, &state, dir.path());

    app.vote(4, "12345", true); // J01, conflict on their first project
    app.vote(4, "23456", false); // J02
    app.vote(4, "34567", false); // J03
    app.type_keys("f");
    app.wait_for("Fermer le tour ?");
    app.type_keys("o");
    app.wait_for("Tour fermé et enregistré");

    // Round 2 on every project; the picker states the quorum rule.
    app.type_keys("r");
    app.wait_for("Classement");
    app.type_keys("t");
    let picker = app.wait_for("Choisissez les projets");
    assert!(picker.contains("au moins 2 jurés"), "{picker}");
    for _ in 0..4 {
        let screen = app.screen();
        let row = screen.lines().find(|l| l.contains('▶') && l.contains('['));
        if row.is_some_and(|l| l.contains("[ ]")) {
            app.type_keys(" ");
        }
        app.send("\x1b[B");
    }
    app.enter();
    app.wait_for("Ouvrir un nouveau tour sur 4 projets ?");
    app.type_keys("o");
    app.wait_for("Tour 2 : vote en cours");

    // J01's round 2: the welcome explains the round; the conflicted
    // project is recused — no grade, and C does not withdraw it.
    app.send("\x1b[A"); // J02 → J01
    app.send("\x1b[A");
    app.send("\x1b[A");
    app.wait_for("▶ ○ J01");
    let welcome = begin(&mut app);
    assert!(
        welcome.contains("Voici le tour 2, sur 4 projets"),
        "{welcome}"
    );
    let mut recused = 0;
    for p in 1..=4 {
        let screen = app.wait_for(&format!("Projet {p} / 4"));
        if screen.contains("tour précédent") {
            recused += 1;
            assert!(!screen.contains(" C  conflit"), "no key to undo: {screen}");
            app.type_keys("c");
            app.wait_for("ne peut pas être annulé");
            app.type_keys("1");
            app.wait_for("vous ne notez pas ce");
        } else {
            app.type_keys("11111");
        }
        app.enter();
    }
    assert_eq!(recused, 1);
    app.confirm_ballot();

    // One ballot, quorum 2: closing is refused; Esc keeps the round open.
    app.type_keys("f");
    let refused = app.wait_for("Sous le quorum");
    assert!(refused.contains("compte 1 bulletin"), "{refused}");
    app.send("\x1b");
    app.wait_for("Tour 2 : vote en cours");
    // Cancelled: its ballot is recorded and does not count.
    app.type_keys("f");
    app.wait_for("Sous le quorum");
    app.type_keys("c");
    app.wait_for("Annuler le tour ?");
    app.type_keys(REASON);
    app.enter();
    app.wait_for("Tour annulé et enregistré");
    app.type_keys("r");
    app.wait_for("Classement");
    app.enter();
    app.wait_for("Le tour 2 a été annulé");
    app.type_keys("d");
    app.wait_for("Cochez les lauréats");
    app.enter();
    app.wait_for("conforme au");
    app.type_keys("o");
    app.wait_for("Décision enregistrée");
    app.seal_and_quit();

    // Staff: valid; every project's grades are round 1's, J01's round-2
    // ballot records the recusal, and the minutes say why.
    let tally = state.join("tally.jury");
    let (tally_arg, bundle_arg) = (tally.to_str().unwrap(), bundle.to_str().unwrap());
    let verify = staff(&["verify", tally_arg, "--bundle", bundle_arg]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    let results = staff(&[
        "results", tally_arg, "--bundle", bundle_arg, "--format", "json",
    ]);
    assert!(results.status.success());
    let minutes: serde_json::Value = serde_json::from_slice(&results.stdout).unwrap();
    assert_eq!(minutes["quorum"], 2);
    assert_eq!(minutes["rounds"][1]["cancelled_reason"], REASON);
    let conflicts = minutes["conflicts"].as_array().unwrap();
    assert_eq!(
        conflicts.len(),
        2,
        "declared in round 1, recorded again in round 2"
    );
    assert_eq!(conflicts[0]["project"], conflicts[1]["project"]);
    assert_eq!(conflicts[1]["round"], 2);
    let kept = minutes["kept_earlier"].as_array().unwrap();
    assert_eq!(kept.len(), 4, "{kept:?}");
    assert!(
        kept.iter()
            .all(|k| k["because"] == "cancelled" && k["round"] == 2)
    );
    for p in minutes["projects"].as_array().unwrap() {
        assert_eq!(p["round"], 1, "{p}");
        // Round 2 was all "Excellent" from J01: none of it counts.
        let graders = if p["id"] == conflicts[0]["project"] {
            2
        } else {
            3
        };
        assert_eq!(p["graders"], graders, "{p}");
        assert_eq!(p["not_enough_graders"], false);
    }
    let text = staff(&["results", tally_arg, "--bundle", bundle_arg]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("le tour 2 a été annulé"), "{text}");
}
