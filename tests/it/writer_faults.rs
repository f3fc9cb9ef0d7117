//! Every command that writes files, on a full and on a read-only disk: it
//! fails with a message naming the file, and leaves no file behind (no
//! half a key pair, no half a rehearsal). The kiosk's own tally appends
//! are covered with injected storage in `tally_durability.rs`.

use crate::common;

use crate::common::Scratch;
use crate::common::small_disk::{Disk, absolute, run_jury_on};

fn demo_bundle(dir: &Scratch) -> String {
    let path = dir.path().join("demo.ron");
    std::fs::write(&path, jury::bundle::DEMO_SOURCE).unwrap();
    absolute(&path)
}

fn disks() -> Vec<(&'static str, Disk)> {
    vec![
        ("full", Disk::Full { free_pages: 0 }),
        ("nearly full", Disk::Full { free_pages: 1 }),
        ("read-only", Disk::ReadOnly),
    ]
}

#[test]
fn keygen_writes_both_halves_or_neither() {
    for (name, disk) in disks() {
        let Some(run) = run_jury_on(disk, &["keygen", "--out", "k", "--no-passphrase"], &[]) else {
            return;
        };
        assert_eq!(run.code, Some(2), "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains("nothing was written"),
            "{name}: {}",
            run.stderr
        );
        assert!(run.files.is_empty(), "{name}: left {:?}", run.files);
    }
    // With room for both, both are there.
    let Some(run) = run_jury_on(
        Disk::Full { free_pages: 4 },
        &["keygen", "--out", "k", "--no-passphrase"],
        &[],
    ) else {
        return;
    };
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.files, ["k", "k.pub"]);
}

#[test]
fn simulate_on_a_failing_disk_leaves_no_file() {
    let dir = Scratch::new("sim-disk");
    let bundle = demo_bundle(&dir);
    for (name, disk) in disks() {
        let args = [
            "simulate",
            bundle.as_str(),
            "--seed",
            "1",
            "--out",
            "t.jury",
        ];
        let Some(run) = run_jury_on(disk, &args, &[]) else {
            return;
        };
        assert_ne!(run.code, Some(0), "{name}");
        assert!(run.stderr.contains("t.jury"), "{name}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        assert!(run.files.is_empty(), "{name}: left {:?}", run.files);
    }
}

#[test]
fn results_and_synth_bundle_on_a_failing_disk_leave_no_file() {
    let dir = Scratch::new("out-disk");
    let bundle = demo_bundle(&dir);
    let tally = dir.path().join("t.jury");
    let sim = std::process::Command::new(env!("CARGO_BIN_EXE_jury"))
        .args(["simulate", &bundle, "--seed", "1", "--out"])
        .arg(&tally)
        .output()
        .unwrap();
    assert!(sim.status.success());
    let tally = absolute(&tally);
    // The demo's minutes fit in one page: only a full or read-only disk fails them.
    for (name, disk) in disks().into_iter().filter(|(n, _)| *n != "nearly full") {
        let args = [
            "results",
            tally.as_str(),
            "--bundle",
            bundle.as_str(),
            "--out",
            "minutes.txt",
        ];
        let Some(run) = run_jury_on(disk, &args, &[]) else {
            return;
        };
        assert_eq!(run.code, Some(2), "{name}: {}", run.stderr);
        assert!(run.stderr.contains("minutes.txt"), "{name}: {}", run.stderr);
        assert!(run.files.is_empty(), "{name}: left {:?}", run.files);
    }
    for (name, disk) in disks() {
        let args = [
            "synth-bundle",
            "--jurors",
            "150",
            "--projects",
            "187",
            "--out",
            "b.ron",
        ];
        let Some(run) = run_jury_on(disk, &args, &[]) else {
            return;
        };
        assert_eq!(run.code, Some(2), "{name}: {}", run.stderr);
        assert!(run.files.is_empty(), "{name}: left {:?}", run.files);
    }
}

/// The kiosk opening a new session on a full or read-only disk: the
/// facilitator reads what failed, and the folder is left empty (no key
/// without its tally, no tally without its genesis).
#[test]
fn the_kiosk_opening_on_a_failing_disk_says_so_and_leaves_nothing() {
    use crate::common::small_disk::{command_line, files_left, mount_point};
    if !common::small_disk::available() {
        return;
    }
    let dir = Scratch::new("kiosk-disk");
    let bundle = demo_bundle(&dir);
    let args = ["run", bundle.as_str(), "--state", "s"];
    for (name, disk) in disks().into_iter().filter(|(n, _)| *n != "read-only") {
        let mount = mount_point();
        let line = command_line(disk, &mount, &args);
        let line: Vec<&str> = line.iter().map(String::as_str).collect();
        let mut kiosk = common::pty::PtyApp::spawn_line(&line, dir.path());
        kiosk.wait_for("Phrase secrète");
        for _ in 0..2 {
            kiosk.type_keys(common::PASSPHRASE);
            kiosk.enter();
        }
        let screen = kiosk.wait_for("No space left");
        assert!(
            !screen.contains("Console de l'animateur"),
            "{name}: opened on a failing disk:\n{screen}"
        );
        kiosk.send("\x1b"); // Esc: leave the opening screen
        kiosk.wait_exit();
        let left = files_left(&kiosk.screen());
        let _ = std::fs::remove_dir(&mount);
        // The empty folder the kiosk made is removed when it leaves.
        assert!(left.is_empty(), "{name}: left {left:?}");
    }
    // Read-only: the folder cannot even be made; said before the terminal is taken.
    let Some(run) = run_jury_on(Disk::ReadOnly, &args, &[]) else {
        return;
    };
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("Read-only file system"),
        "{}",
        run.stderr
    );
    assert!(run.files.is_empty(), "left {:?}", run.files);
}
