//! A whole small session in a real pseudo-terminal, keystrokes only: four
//! seats (one declares a conflict, one is absent), a second round on one
//! project, a decision that departs from the ranking with a reason, the
//! seal; then the staff checks: `jury verify`, `ssh-keygen`, `jury results`.

use std::path::Path;
use std::process::Command;

use crate::common::Scratch;
use crate::common::pty::{PtyApp, staff};

const REASON: &str = "Le jury retient l'impact local";

/// The demo bundle with a fourth seat.
fn bundle(dir: &Path) -> std::path::PathBuf {
    let demo = jury::bundle::DEMO_SOURCE.replace(
        "(seat: \"J03\", name: \"Aurélie\"),",
        "(seat: \"J03\", name: \"Aurélie\"),\n        (seat: \"J04\", name: \"Rose\"),",
    );
    assert!(demo.contains("J04"));
    let path = dir.join("four.ron");
    std::fs::write(&path, demo).unwrap();
    path
}

/// In a list of `[x]`/`[ ]` rows, makes exactly rows `want` ticked.
fn tick_exactly(app: &mut PtyApp, rows: usize, want: &[usize]) {
    let screen = app.screen();
    let ticked: Vec<bool> = screen
        .lines()
        .filter(|l| l.contains("[x]") || l.contains("[ ]"))
        .map(|l| l.contains("[x]"))
        .collect();
    assert_eq!(ticked.len(), rows, "{screen}");
    for (row, &is) in ticked.iter().enumerate() {
        if is != want.contains(&row) {
            app.type_keys(" ");
        }
        app.send("\x1b[B"); // down
    }
}

#[test]
fn a_whole_session_from_opening_to_seal_then_the_staff_checks() {
    let dir = Scratch::new("pty-session");
    let bundle = bundle(dir.path());
    let state = dir.path().join("state");
    let mut app = PtyApp::open_new_session(&bundle, &state, dir.path());

    // After each turn the console points at the next seat still waiting.
    app.vote(4, "12345", false); // J01
    app.vote(4, "23456", true); // J02, conflict on their first project
    app.vote(4, "34567", false); // J03
    app.type_keys("a"); // J04 absent
    app.wait_for("Marquer absent ?");
    app.type_keys("o");
    app.wait_for("3/4 ont voté");
    app.type_keys("f");
    app.wait_for("Fermer le tour ?");
    app.type_keys("o");
    app.wait_for("Tour fermé et enregistré");

    // Results, then a second round on one project.
    app.type_keys("r");
    app.wait_for("Classement");
    app.type_keys("t");
    app.wait_for("Choisissez les projets");
    tick_exactly(&mut app, 4, &[0]);
    app.enter();
    app.wait_for("Ouvrir un nouveau tour sur 1 projet ?");
    app.type_keys("o");
    app.wait_for("Tour 2 : vote en cours");
    app.vote(1, "11111", false);
    app.vote(1, "22222", false);
    app.vote(1, "33333", false);
    app.type_keys("f");
    app.wait_for("Fermer le tour ?");
    app.type_keys("o");
    app.wait_for("Tour 2 fermé");

    // The decision departs from the ranking: the first is out, the fourth in.
    app.type_keys("r");
    app.wait_for("Classement");
    app.type_keys("d");
    app.wait_for("Cochez les lauréats");
    tick_exactly(&mut app, 4, &[1, 3]);
    app.enter();
    app.wait_for("s'écarte du classement");
    app.type_keys(REASON);
    app.enter();
    app.wait_for("Décision enregistrée");
    app.seal_and_quit();

    // Staff, afterwards.
    let tally = state.join("tally.jury");
    let tally_arg = tally.to_str().unwrap();
    let bundle_arg = bundle.to_str().unwrap();
    let verify = staff(&["verify", tally_arg, "--bundle", bundle_arg]);
    let report = String::from_utf8_lossy(&verify.stdout);
    assert!(verify.status.success(), "{report}");
    assert!(report.contains("VALID"), "{report}");

    let ssh = Command::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(state.join("tally.jury.allowed_signers"))
        .args(["-I", "jury", "-n", "jury-tally@v1", "-s"])
        .arg(state.join("tally.jury.sig"))
        .stdin(std::fs::File::open(&tally).unwrap())
        .output()
        .unwrap();
    assert!(
        ssh.status.success(),
        "{}",
        String::from_utf8_lossy(&ssh.stderr)
    );

    let results = staff(&[
        "results", tally_arg, "--bundle", bundle_arg, "--format", "json",
    ]);
    assert!(
        results.status.success(),
        "{}",
        String::from_utf8_lossy(&results.stderr)
    );
    let minutes: serde_json::Value = serde_json::from_slice(&results.stdout).unwrap();
    let projects = minutes["projects"].as_array().unwrap();
    let ids: Vec<&str> = [1, 3]
        .iter()
        .map(|&i| projects[i]["id"].as_str().unwrap())
        .collect();
    let decision = &minutes["decision"];
    assert_eq!(decision["selected"], serde_json::json!(ids));
    assert_eq!(decision["departs_from_ranking"], true);
    assert_eq!(decision["reason"], REASON);
    assert_eq!(minutes["rounds"].as_array().unwrap().len(), 2);
    assert_eq!(minutes["rounds"][0]["absent"], serde_json::json!(["J04"]));
    assert_eq!(minutes["conflicts"].as_array().unwrap().len(), 1);
    for p in projects {
        let selected = ids.contains(&p["id"].as_str().unwrap());
        assert_eq!(p["selected"], selected);
        assert_eq!(p["grade_counts"].as_array().unwrap().len(), 7);
    }
}
