//! `jury check` as a process: summary and digest on stdout with exit 0, the
//! message on stderr with exit 1 (invalid) or 2 (unreadable), never a panic.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::bundle_text::*;
use sha2::{Digest as _, Sha256};

fn check(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jury"))
        .arg("check")
        .arg(path)
        // Even when asked for backtraces, a user mistake gets one plain message.
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("run jury")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// Runs `jury check` on a valid bundle; returns stdout.
fn check_valid(path: &Path) -> String {
    let out = check(path);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let expected = format!("{:x}", Sha256::digest(std::fs::read(path).unwrap()));
    let last = stdout.lines().last().unwrap();
    assert_eq!(last, format!("sha256:{expected}"));
    assert_eq!(expected.len(), 64);
    stdout
}

/// Runs `jury check` on a bad path; returns the one stderr line.
fn check_fails(path: &Path, code: i32) -> String {
    let out = check(path);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    for word in ["panicked", "backtrace", "Backtrace", "RUST_"] {
        assert!(!stderr.contains(word), "{stderr}");
    }
    assert!(
        stderr.starts_with(&format!("jury check: {}", path.display())),
        "{stderr}"
    );
    stderr
}

/// The summary's `name value` rows, spaces collapsed.
fn rows(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn the_demo_is_valid() {
    let stdout = check_valid(&repo_file("sessions/demo.ron"));
    assert!(rows(&stdout).contains(&"jurors 3".to_owned()));
}

#[test]
fn aic_2022_is_valid_and_summarised() {
    let path = repo_file("sessions/aic-2022.ron");
    let projects = jury::bundle::load(&path).unwrap().bundle.projects.len();
    let rows = rows(&check_valid(&path));
    for row in [
        "jurors 15".to_owned(),
        format!("projects {projects}"),
        "criteria 5".to_owned(),
        "grades 7".to_owned(),
        "language fr".to_owned(),
        "method majority judgment".to_owned(),
        "laureates at most 10".to_owned(),
    ] {
        assert!(rows.contains(&row), "{row:?} not in {rows:#?}");
    }
    assert!(rows[0].ends_with("aic-2022.ron: valid bundle"));
}

#[test]
fn a_bundle_breaking_rules_exits_1_with_every_problem() {
    let path = scratch("cli-rules.ron");
    let bad = edit(r#"title: "Base""#, r#"title: """#);
    std::fs::write(&path, edit_text(&bad, r#"id: "p1""#, r#"id: "p0""#)).unwrap();
    let stderr = check_fails(&path, 1);
    assert!(stderr.contains(": 2 problems\n"), "{stderr}");
    assert!(
        stderr.contains("\n  title: must not be empty\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\n  projects[1].id: duplicate id \"p0\""),
        "{stderr}"
    );
}

#[test]
fn a_syntax_error_exits_1_with_line_and_column() {
    let path = scratch("cli-syntax.ron");
    std::fs::write(&path, edit(r#""Base","#, r#""Base" oops,"#)).unwrap();
    let stderr = check_fails(&path, 1);
    assert_eq!(
        stderr,
        format!("jury check: {}:2:19: Expected comma\n", path.display())
    );
}

#[test]
fn invalid_utf8_exits_1_with_line_and_column() {
    let path = scratch("cli-latin1.ron");
    let (latin1, line, column) = with_raw_byte(BASE, 'é', 0xe9);
    std::fs::write(&path, latin1).unwrap();
    let stderr = check_fails(&path, 1);
    assert!(
        stderr.contains(&format!(":{line}:{column}: not valid UTF-8")),
        "{stderr}"
    );
}

#[test]
fn a_missing_file_exits_2() {
    let path = scratch("cli-missing.ron");
    let stderr = check_fails(&path, 2);
    assert_eq!(stderr.lines().count(), 1);
    assert!(stderr.contains("cannot read: no such file"), "{stderr}");
}

#[test]
fn a_directory_exits_2() {
    let path = scratch("cli-folder.ron");
    std::fs::create_dir(&path).unwrap();
    let stderr = check_fails(&path, 2);
    assert_eq!(stderr.lines().count(), 1);
    assert!(stderr.contains("cannot read: this is a folder"), "{stderr}");
}
