//! The commands as processes, and staff's standard tool: the real `ssh-keygen`
//! checks our detached signatures and reads our keys.

use std::process::{Command, Output};

use crate::common::Scratch;

fn jury(args: &[&str], env: &[(&str, &str)], dir: &std::path::Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jury"));
    command.args(args).current_dir(dir);
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

fn ssh_keygen_verify(dir: &std::path::Path, tally: &[u8]) -> Output {
    let mut child = Command::new("ssh-keygen")
        .args([
            "-Y",
            "verify",
            "-f",
            "t.jury.allowed_signers",
            "-I",
            "jury",
            "-n",
            "jury-tally@v1",
            "-s",
            "t.jury.sig",
        ])
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("ssh-keygen is installed");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(tally).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn ssh_keygen_accepts_the_sealed_tally_and_rejects_any_one_byte_change() {
    let dir = Scratch::new("sshsig");
    let bundle = format!("{}/sessions/demo.ron", env!("CARGO_MANIFEST_DIR"));
    let out = jury(
        &[
            "simulate", &bundle, "--seed", "3", "--out", "t.jury", "--absent", "1",
        ],
        &[],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tally = std::fs::read(dir.path().join("t.jury")).unwrap();
    let ok = ssh_keygen_verify(dir.path(), &tally);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(
        String::from_utf8_lossy(&ok.stdout).contains("Good \"jury-tally@v1\" signature for jury")
    );
    // One byte changed anywhere — first, middle, last — and it is refused.
    for at in [0, tally.len() / 2, tally.len() - 2] {
        let mut changed = tally.clone();
        changed[at] ^= 0x01;
        let bad = ssh_keygen_verify(dir.path(), &changed);
        assert!(
            !bad.status.success(),
            "byte {at} changed but ssh-keygen accepted"
        );
    }
}

#[test]
fn keys_from_jury_keygen_are_openssh_keys() {
    let dir = Scratch::new("keygen");
    let plain = jury(
        &["keygen", "--out", "plain", "--no-passphrase"],
        &[],
        dir.path(),
    );
    assert!(
        plain.status.success(),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
    let printed = String::from_utf8_lossy(&plain.stdout).into_owned();
    let listed = Command::new("ssh-keygen")
        .args(["-l", "-f", "plain.pub"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let fingerprint = String::from_utf8_lossy(&listed.stdout)
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_owned();
    assert!(
        printed.contains(&fingerprint),
        "jury printed {printed}, ssh-keygen says {fingerprint}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("plain"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "private keys are readable by their owner only"
        );
    }

    let secret = jury(
        &["keygen", "--out", "secret"],
        &[("JURY_PASSPHRASE", "s3cret words")],
        dir.path(),
    );
    assert!(
        secret.status.success(),
        "{}",
        String::from_utf8_lossy(&secret.stderr)
    );
    let derived = Command::new("ssh-keygen")
        .args(["-y", "-P", "s3cret words", "-f", "secret"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        derived.status.success(),
        "{}",
        String::from_utf8_lossy(&derived.stderr)
    );
    let public = std::fs::read_to_string(dir.path().join("secret.pub")).unwrap();
    let derived_key = String::from_utf8_lossy(&derived.stdout);
    assert_eq!(
        derived_key.split_whitespace().nth(1),
        public.split_whitespace().nth(1)
    );
    let wrong = Command::new("ssh-keygen")
        .args(["-y", "-P", "wrong", "-f", "secret"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!wrong.status.success(), "the key is really encrypted");

    // Refuses to overwrite.
    let again = jury(
        &["keygen", "--out", "plain", "--no-passphrase"],
        &[],
        dir.path(),
    );
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn jury_verify_as_a_command() {
    let dir = Scratch::new("cli-verify");
    let bundle = format!("{}/sessions/demo.ron", env!("CARGO_MANIFEST_DIR"));
    jury(
        &["simulate", &bundle, "--seed", "4", "--out", "t.jury"],
        &[],
        dir.path(),
    );
    let valid = jury(
        &[
            "verify",
            "t.jury",
            "--bundle",
            &bundle,
            "--signer",
            "t.jury.allowed_signers",
        ],
        &[],
        dir.path(),
    );
    assert_eq!(
        valid.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&valid.stdout)
    );

    let json = jury(
        &["verify", "t.jury", "--bundle", &bundle, "--json"],
        &[],
        dir.path(),
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["verdict"], "valid");
    let steps = report["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 9);
    assert!(
        steps
            .iter()
            .all(|s| s["id"].is_string() && s["status"] == "pass")
    );

    let mut tally = std::fs::read(dir.path().join("t.jury")).unwrap();
    let n = tally.len();
    tally[n - 10] ^= 1; // inside the seal's signature
    std::fs::write(dir.path().join("bad.jury"), &tally).unwrap();
    let bad = jury(
        &["verify", "bad.jury", "--bundle", &bundle],
        &[],
        dir.path(),
    );
    assert_eq!(bad.status.code(), Some(1));
    let text = String::from_utf8_lossy(&bad.stdout);
    assert!(
        text.contains("FAIL line") && text.contains("INVALID"),
        "{text}"
    );

    let unsealed: Vec<u8> = {
        let text = std::fs::read(dir.path().join("t.jury")).unwrap();
        let lines: Vec<&[u8]> = text
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .collect();
        lines[..lines.len() - 1]
            .iter()
            .flat_map(|l| l.iter().copied().chain([b'\n']))
            .collect()
    };
    std::fs::write(dir.path().join("open.jury"), unsealed).unwrap();
    let open = jury(
        &["verify", "open.jury", "--bundle", &bundle],
        &[],
        dir.path(),
    );
    assert_eq!(open.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&open.stdout).contains("INCOMPLETE"));

    let missing = jury(&["verify", "nope.jury"], &[], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("nope.jury") && !stderr.contains("panicked"),
        "{stderr}"
    );
    let no_bundle = jury(
        &["verify", "t.jury", "--bundle", "missing.ron"],
        &[],
        dir.path(),
    );
    assert_eq!(no_bundle.status.code(), Some(2));

    // Minutes refuse a tampered tally.
    let minutes = jury(
        &["results", "bad.jury", "--bundle", &bundle],
        &[],
        dir.path(),
    );
    assert_eq!(minutes.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&minutes.stderr).contains("does not verify"));
}

#[test]
fn simulate_refuses_to_overwrite_a_tally() {
    let dir = Scratch::new("simulate-exists");
    let out = dir.path().join("t.jury");
    std::fs::write(&out, b"precious\n").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_jury"))
        .args(["simulate", "sessions/demo.ron", "--seed", "1", "--out"])
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("already exists"));
    assert_eq!(std::fs::read(&out).unwrap(), b"precious\n");
}

/// Output into a pipe nobody reads any more (`jury check … | head`) ends
/// the command quietly, as for coreutils: no panic, no backtrace.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = Command::new(env!("CARGO_BIN_EXE_jury"))
        .args(["check", "sessions/demo.ron"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(writer)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.signal(), Some(13), "SIGPIPE: {stderr}");
}
