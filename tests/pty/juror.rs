//! End to end, in a real pseudo-terminal: the real binary, keystrokes only.

use crate::common;

use crate::common::pty::PtyApp;
use crate::common::{PASSPHRASE, Scratch};
use jury::tally::{Entry, parse_line};

fn ballots(tally: &std::path::Path) -> Vec<Entry> {
    common::tally_entries(tally)
        .into_iter()
        .filter(|e| matches!(e, Entry::BallotCast { .. }))
        .collect()
}

/// Opens a new session on the demo bundle with open ballots (so the tally
/// line shows what was typed) and hands the kiosk to seat J01.
fn open_and_hand_over(state: &std::path::Path) -> PtyApp {
    let mut app = PtyApp::open_new_session(&open_demo(state), state, common::manifest());
    app.hand_over_and_begin();
    app.wait_for("Projet 1 / 4");
    app
}

/// The demo bundle with open ballots, beside the state folder.
fn open_demo(state: &std::path::Path) -> std::path::PathBuf {
    let bundle = state.with_file_name("demo-open.ron");
    std::fs::write(&bundle, common::open_ballots(jury::bundle::DEMO_SOURCE)).unwrap();
    bundle
}

/// The digits typed for each position, as grade indices (key 1 = index 0).
const TYPED: [&str; 4] = ["12345", "77777", "23232", "11112"];

fn indices(keys: &str) -> Vec<u8> {
    keys.bytes().map(|b| b - b'1').collect()
}

#[test]
fn a_whole_ballot_by_keystrokes_lands_in_a_tally_that_verifies() {
    let dir = Scratch::new("pty-ballot");
    let state = dir.path().join("state");
    let mut app = open_and_hand_over(&state);
    for (i, keys) in TYPED.iter().enumerate() {
        app.type_keys(keys);
        app.enter();
        if i + 1 < TYPED.len() {
            app.wait_for(&format!("Projet {} / 4", i + 2));
        }
    }
    app.wait_for("Relecture");
    app.type_keys("v");
    app.wait_for("C'est définitif");
    app.type_keys("o");
    let receipt = app.wait_for("Votre code de reçu");
    app.enter();
    app.wait_for("Rendez l'ordinateur à l'animateur");

    // Leaving takes the facilitator's passphrase, then a confirmation.
    app.type_keys("q");
    app.wait_for("Réservé à l'animateur");
    app.type_keys(PASSPHRASE);
    app.enter();
    app.wait_for("1/3 ont voté");
    app.type_keys("q");
    app.wait_for("Quitter ?");
    app.type_keys("o");
    assert!(app.wait_exit(), "jury exits cleanly");

    let tally = state.join("tally.jury");
    let ballots = ballots(&tally);
    let [
        Entry::BallotCast {
            seat,
            grades,
            conflicts,
            ..
        },
    ] = ballots.as_slice()
    else {
        panic!("one ballot expected, found {ballots:?}");
    };
    assert_eq!(seat, "J01");
    assert!(conflicts.is_empty());
    let typed: Vec<Vec<u8>> = TYPED.iter().map(|k| indices(k)).collect();
    let recorded: Vec<Vec<u8>> = grades.iter().map(|(_, g)| g.to_vec()).collect();
    assert_eq!(recorded, typed, "the tally holds exactly the grades typed");

    // The receipt shown on screen is the ballot line's hash prefix.
    let bytes = std::fs::read(&tally).unwrap();
    let line = bytes.split(|&b| b == b'\n').nth(1).unwrap();
    let code = jury::session::Receipt::Line(parse_line(line).unwrap().hash)
        .display()
        .unwrap();
    assert!(
        receipt.contains(&code),
        "receipt {code} on screen:\n{receipt}"
    );

    // jury verify: everything checks out; only the seal is missing (the
    // session goes on), so the verdict is "incomplete".
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_jury"))
        .args(["verify", tally.to_str().unwrap(), "--bundle"])
        .arg(open_demo(&state))
        .arg("--json")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["verdict"], "incomplete", "{report:#}");
    for step in report["steps"].as_array().unwrap() {
        let ok = matches!(step["status"].as_str(), Some("pass" | "skipped"));
        assert!(ok || step["id"] == "seal", "step failed: {step}");
    }
}

#[test]
fn a_killed_kiosk_resumes_the_draft_intact() {
    let dir = Scratch::new("pty-kill");
    let state = dir.path().join("state");
    let mut app = open_and_hand_over(&state);
    app.type_keys(TYPED[0]);
    app.enter();
    app.wait_for("Projet 2 / 4");
    app.type_keys("65");
    app.wait_for("Critères — 2/5 notés");
    app.kill_hard();
    let draft = state.join("drafts").join("J01.ron");
    assert!(draft.exists(), "the draft is on disk after SIGKILL");

    let mut app = PtyApp::run(&open_demo(&state), &state, common::manifest());
    app.wait_for("Cette séance existe déjà");
    app.type_keys(PASSPHRASE);
    app.enter();
    app.wait_for("interrompu, à reprendre");
    app.enter();
    app.wait_for("Votre tour avait été interrompu");
    app.enter();
    let screen = app.wait_for("Projet 2 / 4");
    assert!(screen.contains("Critères — 2/5 notés"), "{screen}");
    assert!(
        screen.contains("● Insuffisant") && screen.contains("● Passable"),
        "{screen}"
    );

    // Finish the ballot: the grades typed before the crash are in it.
    app.type_keys("777");
    app.enter();
    for keys in &TYPED[2..] {
        app.type_keys(keys);
        app.enter();
    }
    app.wait_for("Relecture");
    app.type_keys("v");
    app.wait_for("C'est définitif");
    app.type_keys("o");
    app.wait_for("Votre code de reçu");
    assert!(
        !draft.exists(),
        "the draft is gone once the ballot is in the tally"
    );
    let ballots = ballots(&state.join("tally.jury"));
    let [Entry::BallotCast { grades, .. }] = ballots.as_slice() else {
        panic!("one ballot expected, found {ballots:?}");
    };
    assert_eq!(grades[0].1.to_vec(), indices(TYPED[0]));
    assert_eq!(grades[1].1.to_vec(), indices("65777"));
}

/// On the scoring screen, only a plain digit grades: Ctrl-\ and Ctrl-]
/// (sent as Ctrl-4 and Ctrl-5), Alt-1, Ctrl-digits and a bracketed paste of
/// "1q2L…" record nothing, switch nothing, open nothing.
#[test]
fn stray_keys_and_a_paste_record_no_grade() {
    let dir = Scratch::new("pty-stray");
    let state = dir.path().join("state");
    let mut app = open_and_hand_over(&state);
    for stray in ["\x1c", "\x1d", "\x1b1", "\x1b2", "\x1e", "\x1f"] {
        app.send(stray);
    }
    app.send("\x1b[200~1q2L3\r4\r5\r\x1b[201~");
    app.wait_for("Collage ignoré");
    let screen = app.screen();
    assert!(!screen.contains("Réservé à l'animateur"), "{screen}");
    assert!(screen.contains("Projet 1 / 4"), "{screen}");
    // One plain digit: the draft then holds exactly that grade.
    app.type_keys("3");
    let draft = state.join("drafts").join("J01.ron");
    let start = std::time::Instant::now();
    while !draft.exists() && start.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Drafts are sealed at rest: the session key (the passphrase opens it) reads them.
    let key =
        jury::signing::SessionKey::read_file(&state.join("signing-key"), Some(PASSPHRASE)).unwrap();
    let turn = jury::kiosk::read_draft(&state, "J01", &jury::kiosk::DraftKey::of(&key))
        .expect("a readable draft");
    let given: Vec<(usize, usize, u8)> = turn
        .grades()
        .iter()
        .enumerate()
        .flat_map(|(p, row)| {
            row.iter()
                .enumerate()
                .filter_map(move |(c, g)| g.map(|g| (p, c, g)))
        })
        .collect();
    assert_eq!(given, [(0, 0, 2)], "only the plain 3 was recorded");
}

/// Screen readers and braille displays follow the terminal's cursor, not
/// reverse video: after each key the cursor is on the focused item (the
/// passphrase field, the console's seat, the criterion being graded).
#[test]
fn the_terminal_cursor_follows_the_focus() {
    let dir = Scratch::new("pty-cursor");
    let state = dir.path().join("state");
    let mut app = PtyApp::run(&open_demo(&state), &state, common::manifest());
    app.wait_for("Phrase secrète");
    app.type_keys("abc");
    let wait_cursor = |app: &PtyApp, what: &str, starts: &str| {
        let start = std::time::Instant::now();
        loop {
            let cursor = app.cursor();
            if let Some((_, _, rest)) = &cursor
                && rest.starts_with(starts)
            {
                return;
            }
            assert!(
                start.elapsed() < std::time::Duration::from_secs(30),
                "{what}: cursor at {cursor:?}, screen:\n{}",
                app.screen()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };
    wait_cursor(&app, "passphrase", "▏");
    for _ in 0..3 {
        app.send("\x7f");
    }
    for _ in 0..2 {
        app.type_keys(PASSPHRASE);
        app.enter();
    }
    app.wait_for("Console de l'animateur");
    wait_cursor(&app, "console, first seat", "▶ ○ J01");
    app.send("\x1b[B"); // Down
    wait_cursor(&app, "console, second seat", "▶ ○ J02");
    app.send("\x1b[A"); // Up
    wait_cursor(&app, "console, first seat again", "▶ ○ J01");
    app.hand_over_and_begin();
    for (key, focused) in [
        ("", 1),
        ("3", 2),
        ("4", 3),
        ("\x1b[A", 2),
        ("\t", 3),
        ("5", 4),
    ] {
        if !key.is_empty() {
            app.send(key);
        }
        wait_cursor(&app, &format!("after {key:?}"), &format!("▶ {focused}."));
    }
}

/// Guessing the passphrase at the kiosk's opening: after three wrong tries
/// the next one waits, said on screen, and a restart does not reset it.
#[test]
fn wrong_passphrases_make_the_next_try_wait_even_after_a_restart() {
    let dir = Scratch::new("pty-guess");
    let state = dir.path().join("state");
    let bundle = open_demo(&state);
    let app = PtyApp::open_new_session(&bundle, &state, common::manifest());
    drop(app);
    let mut app = PtyApp::run(&bundle, &state, common::manifest());
    app.wait_for("Cette séance existe déjà");
    for _ in 0..3 {
        app.type_keys("not the passphrase");
        app.enter();
        app.wait_for("Phrase secrète incorrecte");
    }
    app.type_keys(PASSPHRASE);
    app.enter();
    app.wait_for("réessayez dans");
    drop(app);
    let mut app = PtyApp::run(&bundle, &state, common::manifest());
    app.wait_for("Cette séance existe déjà");
    app.type_keys(PASSPHRASE);
    app.enter();
    let screen = app.wait_for("réessayez dans");
    assert!(!screen.contains("Console de l'animateur"), "{screen}");
}
