//! Faults around the session's files: a second kiosk on the same folder,
//! a rehearsal or a key pair that fails half-way. A loser of any race, and
//! any failed command, leaves every file it did not create as it was.

use crate::common;

use std::path::Path;
use std::process::Command;

use crate::common::*;
use jury::i18n::Language;
use jury::signing::SessionKey;
use jury::tui::{App, KEY_FILE, Mode, Notice, TALLY_FILE, Theme};

fn jury(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jury"))
        .args(args)
        .current_dir(cwd)
        .env("JURY_PASSPHRASE", PASSPHRASE)
        .output()
        .expect("jury runs")
}

/// The demo bundle as a file in `dir`.
fn demo_file(dir: &Scratch) -> std::path::PathBuf {
    let bundle = dir.path().join("demo.ron");
    std::fs::write(&bundle, jury::bundle::DEMO_SOURCE).unwrap();
    bundle
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Two kiosks on one new folder: each has a different key, as two
/// `jury run B --state D` would.
fn kiosk(folder: &Path, key_seed: u8) -> App {
    App::new(demo(), folder.to_owned(), Theme::monochrome())
        .with_pinned_key(SessionKey::from_seed(&[key_seed; 32], "kiosk"))
        .with_language(Language::En)
}

#[test]
fn a_second_kiosk_on_the_same_folder_changes_nothing() {
    let dir = Scratch::new("two-kiosks");
    let folder = dir.path().join("session");
    let mut a = kiosk(&folder, 1);
    let mut b = kiosk(&folder, 2);
    // Both start on a new folder: both ask for a new passphrase.
    assert!(matches!(a.mode(), Mode::Setup { .. }));
    assert!(matches!(b.mode(), Mode::Setup { .. }));
    open_session(&mut a);
    assert!(matches!(a.mode(), Mode::Console { .. }));
    let key_before = std::fs::read(folder.join(KEY_FILE)).unwrap();
    let tally_before = std::fs::read(folder.join(TALLY_FILE)).unwrap();

    // B is given its passphrase seconds later: it must refuse, writing nothing.
    type_text(&mut b, "another passphrase");
    enter(&mut b);
    type_text(&mut b, "another passphrase");
    enter(&mut b);
    assert!(
        !matches!(b.mode(), Mode::Console { .. }),
        "the second kiosk opened the session"
    );
    match b.notice() {
        Some(Notice::Error(m)) => assert!(m.contains("another"), "{m}"),
        other => panic!("no error for the second kiosk: {other:?}"),
    }
    assert_eq!(std::fs::read(folder.join(KEY_FILE)).unwrap(), key_before);
    assert_eq!(
        std::fs::read(folder.join(TALLY_FILE)).unwrap(),
        tally_before
    );
    let mut names: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, [KEY_FILE, TALLY_FILE]);

    // A closes; the session resumes with A's passphrase and A's key.
    drop(a);
    drop(b);
    let mut again = kiosk(&folder, 1);
    assert!(matches!(again.mode(), Mode::Unlock { .. }));
    type_text(&mut again, PASSPHRASE);
    enter(&mut again);
    assert!(
        matches!(again.mode(), Mode::Console { .. }),
        "{:?}",
        again.notice()
    );
}

#[test]
fn a_second_jury_run_on_an_open_session_says_so_at_once() {
    let dir = Scratch::new("two-runs");
    let bundle = demo_file(&dir);
    let state = dir.path().join("state");
    let _a = common::pty::PtyApp::open_new_session(&bundle, &state, dir.path());
    let key_before = std::fs::read(state.join(KEY_FILE)).unwrap();
    let out = jury(
        &[
            "run",
            bundle.to_str().unwrap(),
            "--state",
            state.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("another jury program"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(state.join(KEY_FILE)).unwrap(), key_before);
}

#[test]
fn an_existing_key_file_is_never_replaced() {
    // A key left by an earlier attempt (a crash before the tally was
    // created): the kiosk asks for its passphrase, it never writes a new key.
    let dir = Scratch::new("key-left");
    let folder = dir.path().join("session");
    std::fs::create_dir_all(&folder).unwrap();
    let key = SessionKey::from_seed(&[1; 32], "earlier");
    let pem = key.to_encrypted_openssh(PASSPHRASE).unwrap();
    std::fs::write(folder.join(KEY_FILE), &pem).unwrap();
    let mut app = kiosk(&folder, 2);
    assert!(matches!(app.mode(), Mode::Unlock { .. }));
    type_text(&mut app, PASSPHRASE);
    enter(&mut app);
    assert_eq!(std::fs::read_to_string(folder.join(KEY_FILE)).unwrap(), pem);
    // The pinned key given to this kiosk is not the one on disk: refused.
    assert!(!matches!(app.mode(), Mode::Console { .. }));
}

#[test]
fn simulate_never_removes_a_file_it_did_not_create() {
    let dir = Scratch::new("sim-link");
    let bundle = demo_file(&dir);
    let out_path = dir.path().join("T.jury");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/nonexistent/jury-target", &out_path).unwrap();
    let out = jury(
        &[
            "simulate",
            bundle.to_str().unwrap(),
            "--seed",
            "1",
            "--out",
            out_path.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&out_path).is_ok(),
        "simulate removed a link it did not create"
    );
}

#[test]
fn two_simulations_to_one_path_leave_exactly_one_tally() {
    let dir = Scratch::new("sim-race");
    let bundle = demo_file(&dir);
    for round in 0..4 {
        let out_path = dir.path().join(format!("T{round}.jury"));
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_jury"))
                .args([
                    "simulate",
                    bundle.to_str().unwrap(),
                    "--seed",
                    "1",
                    "--out",
                    out_path.to_str().unwrap(),
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        let (mut one, mut two) = (spawn(), spawn());
        let codes = [one.wait().unwrap().code(), two.wait().unwrap().code()];
        assert!(codes.contains(&Some(0)), "{codes:?}");
        let verify = jury(&["verify", out_path.to_str().unwrap()], dir.path());
        assert_eq!(verify.status.code(), Some(0), "{}", stderr(&verify));
    }
}

#[test]
fn simulate_can_rehearse_a_bundle_that_pins_its_signer() {
    let dir = Scratch::new("sim-key");
    let key_path = dir.path().join("signer");
    let out = Command::new(env!("CARGO_BIN_EXE_jury"))
        .args([
            "keygen",
            "--out",
            key_path.to_str().unwrap(),
            "--no-passphrase",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let public = std::fs::read_to_string(dir.path().join("signer.pub")).unwrap();
    let text = jury::bundle::DEMO_SOURCE.replacen(
        "(\n",
        &format!("(\n    signer: \"{}\",\n", public.trim()),
        1,
    );
    let bundle = dir.path().join("pinned.ron");
    std::fs::write(&bundle, text).unwrap();
    let check = jury(&["check", bundle.to_str().unwrap()], dir.path());
    assert!(check.status.success(), "{}", stderr(&check));
    let tally = dir.path().join("T.jury");
    let args = |with_key: bool| {
        let mut a = vec![
            "simulate".to_owned(),
            bundle.display().to_string(),
            "--seed".into(),
            "3".into(),
            "--out".into(),
            tally.display().to_string(),
        ];
        if with_key {
            a.extend(["--key".into(), key_path.display().to_string()]);
        }
        a
    };
    let without = jury(
        &args(false).iter().map(String::as_str).collect::<Vec<_>>(),
        dir.path(),
    );
    assert_eq!(without.status.code(), Some(1), "{}", stderr(&without));
    assert!(!tally.exists());
    let with = jury(
        &args(true).iter().map(String::as_str).collect::<Vec<_>>(),
        dir.path(),
    );
    assert!(with.status.success(), "{}", stderr(&with));
    let verify = jury(
        &[
            "verify",
            tally.to_str().unwrap(),
            "--bundle",
            bundle.to_str().unwrap(),
            "--signer",
            dir.path().join("signer.pub").to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(verify.status.code(), Some(0), "{}", stderr(&verify));
}
