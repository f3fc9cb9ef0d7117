//! The turn in lines (accessible), end to end in a pseudo-terminal: a
//! whole ballot typed from the line prompts alone, the voice given each
//! line in order with its speed, the screen curtain, and a smoke test of the
//! real `espeak-ng` with the arguments the kiosk gives it.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::pty::PtyApp;
use crate::common::{PASSPHRASE, Scratch};
use jury::tally::{Entry, parse_line};

/// `jury run BUNDLE` on a new session, the passphrase set, on the console.
fn console(bundle: &Path, state: &Path, env: &[(&str, &str)]) -> PtyApp {
    let line = [
        env!("CARGO_BIN_EXE_jury"),
        "run",
        bundle.to_str().unwrap(),
        "--state",
        state.to_str().unwrap(),
    ];
    let mut app = PtyApp::spawn_line_with_env(&line, common::manifest(), env);
    app.wait_for("Phrase secrète");
    for _ in 0..2 {
        app.type_keys(PASSPHRASE);
        app.enter();
    }
    app.wait_for("Console de l'animateur");
    app
}

/// The grade typed for (position, criterion): every digit of the scale used.
fn typed(position: usize, criterion: usize) -> u8 {
    ((position + criterion) % 7) as u8 + 1
}

const CONFLICT_AT: usize = 4;
/// Changed at the review: project 3, criterion 4, to 7.
const CHANGED: (usize, usize, u8) = (2, 3, 7);

#[test]
fn a_whole_ballot_in_lines_reaches_the_tally_exactly_as_typed() {
    let dir = Scratch::new("spoken-ballot");
    let state = dir.path().join("state");
    // No voice: the console says so, then V again starts the turn in lines.
    // Open ballots: the tally line shows what was typed.
    let bundle = dir.path().join("aic-open.ron");
    let source = std::fs::read_to_string(common::manifest().join("sessions/aic-2022.ron")).unwrap();
    std::fs::write(&bundle, common::open_ballots(&source)).unwrap();
    let mut app = console(&bundle, &state, &[("JURY_SPEECH_COMMAND", "")]);
    app.type_keys("v");
    app.wait_for("pas de voix");
    app.type_keys("v");
    app.wait_for("Appuyez sur Entrée pour commencer");
    app.enter();
    app.wait_for("Projet 1 sur 17");
    for position in 0..17 {
        if position == CONFLICT_AT {
            app.type_keys("c");
            app.wait_for("O pour oui");
            app.type_keys("o");
        } else {
            for criterion in 0..5 {
                app.type_keys(&typed(position, criterion).to_string());
            }
        }
        let next = if position < 16 {
            format!("Projet {} sur 17", position + 2)
        } else {
            "M pour changer une mention".to_owned()
        };
        app.wait_for(&next);
    }
    // One change at the review, by its numbers.
    app.type_keys("m");
    app.wait_for("Numéro du projet");
    app.type_keys(&(CHANGED.0 + 1).to_string());
    app.enter();
    app.wait_for("Numéro du critère");
    app.type_keys(&(CHANGED.1 + 1).to_string());
    app.enter();
    app.wait_for("Projet 3 sur 17");
    app.type_keys(&CHANGED.2.to_string());
    app.wait_for("V pour valider");
    app.type_keys("v");
    app.wait_for("C'est définitif");
    app.type_keys("o");
    let receipt = app.wait_for("Votre code de reçu est");
    app.enter();
    app.wait_for("Ordinateur verrouillé");

    let bytes = std::fs::read(state.join("tally.jury")).unwrap();
    let ballots: Vec<Entry> = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| parse_line(l).unwrap().record.entry.into_owned())
        .filter(|e| matches!(e, Entry::BallotCast { .. }))
        .collect();
    let [
        Entry::BallotCast {
            order,
            conflicts,
            grades,
            ..
        },
    ] = ballots.as_slice()
    else {
        panic!("expected one ballot, found {ballots:?}");
    };
    assert_eq!(conflicts, &[order[CONFLICT_AT].clone()]);
    assert_eq!(grades.len(), 16);
    for (position, id) in order.iter().enumerate() {
        if position == CONFLICT_AT {
            continue;
        }
        let (_, row) = grades.iter().find(|(g, _)| g == id).expect("graded");
        let want: Vec<u8> = (0..5)
            .map(|c| {
                if (position, c) == (CHANGED.0, CHANGED.1) {
                    CHANGED.2 - 1
                } else {
                    typed(position, c) - 1
                }
            })
            .collect();
        assert_eq!(
            row.as_slice(),
            want.as_slice(),
            "project {id} at {position}"
        );
    }
    // The receipt said is the ballot line's, as on the visual receipt.
    assert!(receipt.contains('-'));
}

/// A stand-in for `espeak-ng` that writes each call's arguments on a line.
fn recorder(dir: &Path) -> (PathBuf, PathBuf) {
    let log = dir.join("spoken.txt");
    let script = dir.join("speak.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{}'\n", log.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    (script, log)
}

/// The demo session's console, its voice recorded; and the record.
fn console_with_recorder(dir: &Scratch) -> (PtyApp, PathBuf) {
    let (script, log) = recorder(dir.path());
    let app = console(
        &common::manifest().join("sessions/demo.ron"),
        &dir.path().join("state"),
        &[("JURY_SPEECH_COMMAND", script.to_str().unwrap())],
    );
    (app, log)
}

/// Waits until the recorder holds `n` lines; returns them.
fn spoken(log: &Path, n: usize) -> Vec<String> {
    let start = Instant::now();
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        // French typography's no-break spaces read as spaces here.
        let lines: Vec<String> = text.lines().map(|l| l.replace('\u{a0}', " ")).collect();
        if lines.len() >= n {
            return lines;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "waited for {n} spoken lines, have {lines:#?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn every_line_is_spoken_in_order_with_the_chosen_speed_and_repeat() {
    let dir = Scratch::new("spoken-voice");
    let (mut app, log) = console_with_recorder(&dir);
    app.type_keys("v");
    let said = spoken(&log, 1);
    assert!(
        said[0].starts_with("-v fr -s 160 -a 100 -- Tour de Camille"),
        "{said:?}"
    );
    app.enter();
    let said = spoken(&log, 2);
    assert!(said[1].contains("Vous allez noter 4 projets"), "{said:?}");
    assert!(said[1].contains("Projet 1 sur 4"), "{said:?}");
    app.type_keys("2");
    let said = spoken(&log, 3);
    assert!(
        said[2].contains("Mention 2 : Très bien. Critère 2 sur 5"),
        "{said:?}"
    );
    app.send("\x1b[15~"); // F5: slower
    let said = spoken(&log, 4);
    assert!(said[3].starts_with("-v fr -s 140 -a 100 --"), "{said:?}");
    app.send("\x1b[19~"); // F8: louder
    spoken(&log, 5);
    app.type_keys("r");
    let said = spoken(&log, 6);
    assert!(
        said[5].starts_with("-v fr -s 140 -a 120 -- Critère 2 sur 5"),
        "{said:?}"
    );
    // The language key switches the voice too.
    app.send("\x1b[12~"); // F2
    app.type_keys("r");
    let said = spoken(&log, 7);
    assert!(said[6].starts_with("-v en -s 140 -a 120 --"), "{said:?}");
}

#[test]
fn with_the_curtain_on_the_screen_shows_nothing_of_the_ballot() {
    let dir = Scratch::new("spoken-curtain");
    let (mut app, log) = console_with_recorder(&dir);
    app.type_keys("v");
    app.enter();
    app.wait_for("Projet 1 sur 4");
    app.send("\x1b[20~"); // F9: the curtain
    spoken(&log, 3);
    for digit in "12345".chars() {
        app.type_keys(&digit.to_string());
    }
    app.type_keys("i");
    let said = spoken(&log, 9);
    assert!(said[8].contains("Projet 2 sur 4"), "{said:?}");
    let screen = app.screen();
    for secret in ["Projet", "Mention", "Excellent", "Critère", "Réparer"] {
        assert!(!screen.contains(secret), "{secret:?} on screen:\n{screen}");
    }
}

/// The real synthesiser accepts the arguments the kiosk gives it (here
/// writing to a WAV file instead of the sound card).
#[test]
fn espeak_ng_speaks_a_prompt_into_a_wav_file() {
    let Ok(out) = std::process::Command::new("espeak-ng")
        .arg("--version")
        .output()
    else {
        eprintln!("skipped: espeak-ng is not installed (.ci/run installs it with apt-get)");
        return;
    };
    assert!(out.status.success());
    let dir = Scratch::new("espeak");
    let wav = dir.path().join("prompt.wav");
    let status = std::process::Command::new("espeak-ng")
        .args(["-w", wav.to_str().unwrap()])
        .args(["-v", "fr", "-s", "160", "-a", "100", "--"])
        .arg("Projet 1 sur 17 : Le budget de ma commune. Mention, de 1 à 7 ?")
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = std::fs::read(&wav).unwrap();
    assert_eq!(&bytes[..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WAVE");
    assert!(bytes.len() > 20_000, "{} bytes of speech", bytes.len());
}
