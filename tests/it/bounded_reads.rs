//! Every file the staff commands read is bounded: only regular files (a
//! FIFO or a device is refused before it is opened, so nothing hangs or
//! streams forever), at most a documented size, and a tally is read line by
//! line, stopping at the first line no tally can have.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::Scratch;
use jury::bounded_read::size_text;
use jury::tally::{MAX_TALLY_BYTES, MAX_TALLY_LINES};

/// Runs `jury ARGS` in `dir`, killing it (and failing) if it has not ended
/// after 20 seconds: a command that blocks must fail the test, not hang it.
fn jury(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jury"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("`jury {}` still running after 20 s: killed", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn demo_bundle() -> String {
    format!("{}/sessions/demo.ron", env!("CARGO_MANIFEST_DIR"))
}

/// A sealed demo tally `t.jury` (with `t.jury.sig`) in `dir`.
fn sealed_tally(dir: &Path) -> Vec<u8> {
    let out = jury(
        dir,
        &["simulate", &demo_bundle(), "--seed", "5", "--out", "t.jury"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::read(dir.join("t.jury")).unwrap()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// A file of `len` bytes that takes no room on disk (all zeros).
fn sparse(path: &Path, len: u64) {
    std::fs::File::create(path).unwrap().set_len(len).unwrap();
}

#[test]
fn a_fifo_is_refused_before_it_is_opened_by_every_command() {
    let dir = Scratch::new("fifo");
    sealed_tally(dir.path());
    mkfifo(&dir.path().join("pipe"));
    let bundle = demo_bundle();
    let cases: [(&[&str], &str); 6] = [
        (
            &["verify", "pipe"],
            "not a tally file; give the path of a tally file",
        ),
        (
            &["verify", "t.jury", "--bundle", "pipe"],
            "not a bundle file; give the path of a bundle file (.ron)",
        ),
        (
            &["verify", "t.jury", "--signature", "pipe"],
            "not a signature file",
        ),
        (&["verify", "t.jury", "--signer", "pipe"], "not a key file"),
        (
            &["results", "pipe", "--bundle", &bundle],
            "not a tally file; give the path of a tally file",
        ),
        (
            &["check", "pipe"],
            "not a bundle file; give the path of a bundle file (.ron)",
        ),
    ];
    for (args, says) in cases {
        let out = jury(dir.path(), args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "jury {args:?}: {}",
            stderr(&out)
        );
        let message = stderr(&out);
        assert!(
            message.contains("pipe: ")
                && message.contains("this is a FIFO (named pipe), ")
                && message.contains(says),
            "jury {args:?}: {message}"
        );
        assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    }
}

#[test]
fn a_fifo_beside_the_tally_as_its_signature_is_refused_too() {
    let dir = Scratch::new("fifo-sig");
    sealed_tally(dir.path());
    std::fs::remove_file(dir.path().join("t.jury.sig")).unwrap();
    mkfifo(&dir.path().join("t.jury.sig"));
    let out = jury(dir.path(), &["verify", "t.jury"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("t.jury.sig: this is a FIFO"));
}

#[cfg(target_os = "linux")]
#[test]
fn a_device_and_a_folder_are_refused_with_what_they_are() {
    let dir = Scratch::new("device");
    let out = jury(dir.path(), &["verify", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "/dev/zero: this is a character device, not a tally file; give the path of a tally file"
        ),
        "{}",
        stderr(&out)
    );
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    let out = jury(dir.path(), &["verify", "folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("folder: this is a folder; give the path of a tally file"),
        "{}",
        stderr(&out)
    );
    // A symbolic link is followed: what counts is what it points to.
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("link.jury")).unwrap();
    let out = jury(
        dir.path(),
        &["results", "link.jury", "--bundle", &demo_bundle()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("this is a character device"));
}

#[test]
fn a_tally_larger_than_the_limit_is_refused_unread_naming_the_limit() {
    let dir = Scratch::new("huge");
    sparse(&dir.path().join("huge.jury"), MAX_TALLY_BYTES + 1);
    let limit = size_text(MAX_TALLY_BYTES);
    assert_eq!(limit, "256 MiB");
    for args in [
        &["verify", "huge.jury"][..],
        &["results", "huge.jury", "--bundle", &demo_bundle()][..],
    ] {
        let out = jury(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!(
                "huge.jury: file is larger than the limit of {limit}"
            )),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn a_signature_or_key_file_larger_than_64_kib_is_refused() {
    let dir = Scratch::new("big-sig");
    sealed_tally(dir.path());
    sparse(&dir.path().join("big.sig"), 64 * 1024 + 1);
    sparse(&dir.path().join("big.pub"), 64 * 1024 + 1);
    for (args, name) in [
        (
            &["verify", "t.jury", "--signature", "big.sig"][..],
            "big.sig",
        ),
        (&["verify", "t.jury", "--signer", "big.pub"][..], "big.pub"),
    ] {
        let out = jury(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("{name}: file is larger than the limit of 64 KiB")),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn reading_stops_at_the_first_empty_line_after_a_sealed_tally() {
    let dir = Scratch::new("newlines");
    let mut tally = sealed_tally(dir.path());
    let lines = tally.iter().filter(|&&b| b == b'\n').count();
    tally.extend(std::iter::repeat_n(b'\n', 4 << 20));
    std::fs::write(dir.path().join("t.jury"), &tally).unwrap();
    let out = jury(
        dir.path(),
        &["verify", "t.jury", "--bundle", &demo_bundle()],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let first_empty = lines + 1;
    assert!(
        text.contains(&format!(
            " 1. syntax ....... FAIL line {first_empty}: empty line; a tally has none (reading stopped here)"
        )),
        "{text}"
    );
    // The lines before it were checked, the seal among them; but a step
    // after the failing one is "not reached", never "ok" (issue 10: this
    // said "ok (line 7)" before).
    assert!(
        text.contains(&format!(
            "seal ......... skipped (not reached: step 1 failed at line {first_empty} (lines 1 to {lines} passed this step))"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("INVALID: line {first_empty} (syntax): empty line")),
        "{text}"
    );
}

/// Peak memory is what was read, not what the file holds: a sealed tally,
/// an empty line, then 200 MiB (sparse: no disk) is read up to the empty
/// line only. Measured as the largest resident size of this test's children.
#[cfg(target_os = "linux")]
#[test]
fn what_follows_a_refused_line_is_not_read() {
    let dir = Scratch::new("sparse-tail");
    let mut tally = sealed_tally(dir.path());
    tally.push(b'\n');
    let path = dir.path().join("t.jury");
    std::fs::write(&path, &tally).unwrap();
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(tally.len() as u64 + (200 << 20)).unwrap();
    let out = jury(dir.path(), &["verify", "t.jury"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("empty line"), "{}", stdout(&out));
    // SAFETY: getrusage fills the struct it is given.
    let peak_kib = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage.ru_maxrss
    };
    assert!(
        peak_kib < 100 * 1024,
        "a child of this test used {peak_kib} KiB: the 200 MiB tail was read"
    );
}

#[test]
fn a_line_too_long_stops_the_reading_at_that_line() {
    let dir = Scratch::new("long-line");
    let mut tally = sealed_tally(dir.path());
    let lines = tally.iter().filter(|&&b| b == b'\n').count();
    tally.extend(std::iter::repeat_n(b'x', (1 << 20) + 1));
    tally.push(b'\n');
    std::fs::write(dir.path().join("t.jury"), &tally).unwrap();
    let out = jury(dir.path(), &["verify", "t.jury"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("FAIL line {}: line longer than 1 MiB", lines + 1)),
        "{}",
        stdout(&out)
    );
}

#[test]
fn more_lines_than_a_session_writes_are_not_read() {
    use jury::bounded_read::{LineLimits, LineStop, read_lines};
    use jury::tally::TALLY_KIND as TALLY;
    let dir = Scratch::new("many-lines");
    let path = dir.path().join("t.jury");
    std::fs::write(&path, "x\n".repeat(MAX_TALLY_LINES + 10)).unwrap();
    let limits = LineLimits {
        max_line_bytes: jury::tally::MAX_LINE_BYTES,
        max_lines: MAX_TALLY_LINES,
    };
    let lines = read_lines(&path, &TALLY, limits).unwrap();
    assert_eq!(
        lines.stop,
        Some((MAX_TALLY_LINES + 1, LineStop::TooMany(MAX_TALLY_LINES)))
    );
    assert_eq!(lines.ends.len(), MAX_TALLY_LINES);
    assert_eq!(lines.bytes.len(), 2 * MAX_TALLY_LINES);
}

#[test]
fn verify_json_on_unreadable_input_still_prints_a_json_object() {
    let dir = Scratch::new("json-unreadable");
    mkfifo(&dir.path().join("pipe"));
    for (args, about) in [
        (
            &["verify", "missing.jury", "--json"][..],
            "missing.jury: no such file",
        ),
        (&["verify", "pipe", "--json"][..], "pipe: this is a FIFO"),
    ] {
        let out = jury(dir.path(), args);
        assert_eq!(out.status.code(), Some(2));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: stdout is not JSON ({e}): {}", stdout(&out)));
        assert_eq!(report["verdict"], "unreadable");
        assert_eq!(report["exit_code"], 2);
        assert!(
            report["reason"].as_str().unwrap().contains(about),
            "{report}"
        );
        // The one-line message stays on stderr.
        assert!(
            stderr(&out).starts_with("jury verify: "),
            "{}",
            stderr(&out)
        );
        assert!(stderr(&out).contains(about));
        assert_eq!(stderr(&out).trim_end().lines().count(), 1);
    }
}

#[test]
fn an_empty_signer_says_what_to_give() {
    let dir = Scratch::new("empty-signer");
    sealed_tally(dir.path());
    for json in [false, true] {
        let mut args = vec!["verify", "t.jury", "--signer", ""];
        if json {
            args.push("--json");
        }
        let out = jury(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains(
                "--signer: empty; give a .pub file, an allowed_signers file or an `ssh-ed25519 …` line"
            ),
            "{}",
            stderr(&out)
        );
        if json {
            let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(report["verdict"], "unreadable");
        }
    }
}

#[test]
fn the_kiosk_refuses_a_fifo_or_an_oversized_tally_without_blocking() {
    let dir = Scratch::new("kiosk-open");
    let fifo = dir.path().join("tally.jury");
    mkfifo(&fifo);
    let (done, outcome) = std::sync::mpsc::channel();
    let path = fifo.clone();
    std::thread::spawn(move || {
        let _ = done.send(jury::tally::open_file(&path).map(|_| ()));
    });
    let refused = outcome
        .recv_timeout(Duration::from_secs(20))
        .expect("open_file on a FIFO still blocked after 20 s");
    let message = refused.unwrap_err().to_string();
    assert!(message.contains("this is a FIFO"), "{message}");

    let big = dir.path().join("big.jury");
    sparse(&big, MAX_TALLY_BYTES + 1);
    let message = jury::tally::open_file(&big).unwrap_err().to_string();
    assert!(
        message.contains("larger than the limit of 256 MiB"),
        "{message}"
    );
}

/// The limits leave room for the largest session a bundle allows: a ballot
/// on 2,000 projects with 12 criteria and 64-character ids, by 500 seats.
#[test]
fn the_largest_honest_session_fits_the_limits() {
    use jury::digest::Digest;
    use jury::signing::SessionKey;
    use jury::tally::{Entry, MAX_LINE_BYTES, build_line};
    let id = |i: usize| format!("{i:0>64}");
    let order: Vec<String> = (0..2000).map(id).collect();
    let grades = order
        .iter()
        .map(|p| (p.clone(), [9u8; 12].into_iter().collect()))
        .collect();
    let ballot = Entry::BallotCast {
        seat: id(499),
        round: 1,
        order: order.clone(),
        conflicts: Vec::new(),
        grades,
    };
    let key = SessionKey::from_seed(&[1; 32], "t");
    let line = build_line(
        999,
        &Digest([0; 32]),
        "2026-11-22T09:30:00Z",
        &ballot,
        key.entry_signer(),
    );
    assert!(line.len() < MAX_LINE_BYTES / 2, "{} bytes", line.len());
    let one_round = 500 * (line.len() as u64 + 1);
    assert!(one_round < MAX_TALLY_BYTES, "{one_round} bytes");
    // One line per seat and round, and a few more: 200 rounds of 500 seats.
    const { assert!(MAX_TALLY_LINES >= 200 * 500) };
}
